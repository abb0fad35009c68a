"""How the search index is written in segments: the merge policy of small writes, and a full
rebuild written as segments by worker processes, then listed in the index's table of contents.

Writer settings were measured with tests/bench/bench_search.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

from whoosh import index as windex

from marginalia.core.search.schema import MarginaliaCodec, build_schema

REBUILD_LIMITMB = 256
#: Segments with fewer documents than this are merged by small writes; bigger ones never are.
SMALL_SEGMENT_DOCS = 1000
#: How many small segments of one size tier make a merge worth it.
MERGE_AT = 6
#: Size tiers of small segments: a tier spans document counts within this factor.
TIER_FACTOR = 4


def size_tier(docs: int) -> int:
    """The size tier of a segment of ``docs`` documents (0 for 1-3 with :data:`TIER_FACTOR` 4)."""
    tier = 0
    while docs >= TIER_FACTOR:
        docs //= TIER_FACTOR
        tier += 1
    return tier


class Cancelled(Exception):
    """Internal: the user cancelled a rebuild."""


def merge_policy(max_docs: int = 2 * SMALL_SEGMENT_DOCS, at: int = MERGE_AT) -> Callable[[Any, list], list]:
    """A merge policy for :meth:`SearchIndex.apply`: merge small segments of a similar size,
    never the big ones.

    Whoosh's default policy (MERGE_SMALL) merges *every* segment once there are about twenty,
    which after a rebuild in segments meant a four-minute merge inside one small write. Here
    only segments under :data:`SMALL_SEGMENT_DOCS` documents are merged, ``at`` or more of one
    size tier at a time (:func:`size_tier`, as a log-structured merge does), smallest first and
    at most ``max_docs`` documents in all. Merging runs at about the speed of indexing, so
    merging like sizes keeps each document's merges few (about one per tier it climbs); merging
    the smallest with whatever else was small rewrote a 500-document segment to absorb a
    30-document one, inside an import. The desktop app gives its own writes a low ``max_docs``
    and leaves bigger merges to an import's index process (see ``IndexKeeper``).
    """

    def merge(writer: Any, segments: list) -> list:
        from whoosh.reading import SegmentReader

        tiers: dict[int, list] = {}
        for segment in segments:
            if segment.doc_count_all() < SMALL_SEGMENT_DOCS:
                tiers.setdefault(size_tier(segment.doc_count_all()), []).append(segment)
        full = [tier for tier, members in sorted(tiers.items()) if len(members) >= at]
        if not full:
            return segments
        merged = []
        for segment in sorted(tiers[full[0]], key=lambda s: s.doc_count_all()):
            if merged and sum(s.doc_count_all() for s in merged) + segment.doc_count_all() > max_docs:
                break
            merged.append(segment)
        if len(merged) < 2:
            return segments
        for segment in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return [s for s in segments if s not in merged]

    return merge



def write_segment(folder: str, docs: list[dict]) -> Any:
    """Write ``docs`` as one new segment of the index in ``folder`` and return the segment.

    Runs in a worker process (or in-process). The segment is listed in the table of contents
    only by :meth:`SegmentBuilder.finish`; this is how Whoosh's own multi-process writer works.
    """
    from whoosh.writing import SegmentWriter

    ix = windex.open_dir(folder, schema=build_schema())
    writer = SegmentWriter(ix, _lk=False, limitmb=REBUILD_LIMITMB, codec=MarginaliaCodec())
    # No writer.commit()/cancel()/_finish(): they would delete the temporary folder that all
    # workers share; finish() removes it once every worker is done.
    for fields in docs:
        writer.add_document(**fields)
    return writer._finalize_segment()


class SegmentBuilder:
    """Turns chunks of documents into segments, in worker processes (spawned, so no fork of a
    threaded GUI process) when ``procs`` > 1 and there is more than one chunk."""

    def __init__(self, folder: Path, procs: int) -> None:
        self.folder = str(folder)
        self.procs = max(1, procs)
        self.read = 0  # documents handed to add()
        self.done = 0  # documents in finished segments
        self._segments: list[Any] = []
        self._waiting: list[list[dict]] = []  # the first chunk, until a second one shows up
        self._pending: dict[Any, int] = {}  # future -> its document count
        self._pool: Any = None

    def add(self, chunk: list[dict]) -> None:
        if not chunk:
            return
        self.read += len(chunk)
        if self.procs == 1:
            self._segments.append(write_segment(self.folder, chunk))
            self.done += len(chunk)
            return
        self._waiting.append(chunk)
        if len(self._waiting) == 1 and self._pool is None:
            return  # maybe the only chunk: no processes for it
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.procs, mp_context=multiprocessing.get_context("spawn"))
        while self._waiting:
            batch = self._waiting.pop(0)
            self._pending[self._pool.submit(write_segment, self.folder, batch)] = len(batch)
        # Keep at most two chunks per process in flight (memory).
        while len(self._pending) > 2 * self.procs:
            self._collect(block=True)

    def _collect(self, block: bool, timeout: float | None = None) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait

        finished, _ = wait(list(self._pending), timeout=timeout if block else 0, return_when=FIRST_COMPLETED)
        for future in finished:
            self._segments.append(future.result())
            self.done += self._pending.pop(future)

    def wait(self, stop: Callable[[], bool]) -> None:
        """Write what is left and wait for the workers; ``stop()`` is asked between waits."""
        for chunk in self._waiting:
            self._segments.append(write_segment(self.folder, chunk))
            self.done += len(chunk)
        self._waiting = []
        while self._pending:
            self._collect(block=True, timeout=0.5)
            if stop():
                raise Cancelled

    def finish(self) -> int:
        """List the written segments in the index's table of contents; the document count."""
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import TOC

        self._shutdown()
        TOC(build_schema(), self._segments, 1).write(FileStorage(self.folder), "MAIN")
        shutil.rmtree(Path(self.folder) / "MAIN.tmp", ignore_errors=True)
        return self.done

    def abort(self) -> None:
        self._shutdown(cancel=True)

    def _shutdown(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None
