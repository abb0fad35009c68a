"""Importing files into a library: read, deduplicate, clean in worker processes, store, index.

The stages overlap. Files are read lazily and cleaned in worker processes with time and memory
limits (``importing.workers``), which also compute everything the database row needs
(``pipeline.prepare_for_store``). The calling thread — the one writer — stores the cleaned
articles in batches, one transaction per batch (an article is never half-stored; a crash loses
at most the batch not yet committed, whose files are simply imported again). Every stored
article owes the index an update; a large import pays that debt in a separate index process
(``index_keeper.IndexProcess``) while it goes on storing, a small one in this process. The same
bytes or the same text already in the library are reported as duplicates.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterator, Sequence

from marginalia.core import articles, db
from marginalia.core.errors import BadInput
from marginalia.core.importing import files
from marginalia.core.importing.pipeline import PreparedArticle
from marginalia.core.progress import NullProgress, Progress
from marginalia.core.records import ImportReport, ImportResult

#: Articles per store transaction (synchronous=FULL costs an fsync per commit) ...
STORE_BATCH = 64
#: ... or fewer when they have waited this long (progress and the library list stay live).
STORE_EVERY_S = 0.5
#: Files read and checked for duplicates together (one query per chunk).
READ_CHUNK = 64
#: Imports of at least this many files index in a separate process; smaller ones in this one.
INDEX_PROCESS_MIN_FILES = 100
#: Small imports settle the index after this many stored articles.
SETTLE_EVERY = 200
#: A large import's index process gets a round when this many articles are stored since the
#: last one (fewer near the end), or when the oldest of them has waited INDEX_ROUND_S. Each
#: round commits a segment; rounds of one store batch (64) made many small segments whose
#: repeated merging cost more than indexing them (merging runs at about indexing speed).
INDEX_ROUND_DOCS = 250
INDEX_ROUND_S = 5.0


def import_paths(lib, paths: Sequence[str | os.PathLike], *, progress: Progress | None = None,
                 workers: int | None = None, stats: dict | None = None) -> ImportReport:
    """Import files and folders (recursively); see the module docstring. A bad file gets a
    one-line reason and the rest goes on; files already in the library are duplicates.
    ``stats``, when given, receives the seconds spent per stage (for the benchmark)."""
    run = _ImportRun(lib, progress or NullProgress(), stats if stats is not None else {})
    return run.execute(files.collect(list(paths)), workers)


class _ImportRun:
    """One call of :func:`import_paths`: its candidates, results and stage timings."""

    def __init__(self, lib, progress: Progress, stats: dict) -> None:
        self.lib = lib
        self.progress = progress
        self.stats = stats
        for key in ("read_s", "clean_wait_s", "store_s", "index_s", "index_wait_s"):
            stats.setdefault(key, 0.0)
        self.results: dict[int, ImportResult] = {}
        self.first_of_hash: dict[str, int] = {}
        self.waiting_on: dict[int, int] = {}  # index of a same-bytes copy -> index of the first one
        self.payload: dict[int, tuple[bytes, str]] = {}
        self.buffer: list[tuple[int, PreparedArticle]] = []
        self.buffered_since = 0.0
        self.stored_since_settle = 0
        self.unkicked_since = 0.0  # when the oldest article not yet handed to the index process was stored
        self.done = 0
        self.total = 0
        self.index_proc = None

    # -- the run -------------------------------------------------------------------------------

    def execute(self, candidates: list, workers: int | None) -> ImportReport:
        from marginalia.core.importing.pipeline import prepare_for_store
        from marginalia.core.importing.workers import CleaningPool

        self.candidates = candidates
        self.total = len(candidates)
        report = ImportReport()
        self.progress.update(0, self.total, "")
        use_process = self.total >= INDEX_PROCESS_MIN_FILES
        with self._maybe_index_process(use_process) as index_proc:
            self.index_proc = index_proc
            with CleaningPool(workers) as pool:
                outcomes = pool.run(prepare_for_store, self._jobs(), cancelled=lambda: self.progress.cancelled,
                                    window=max(pool.workers * 3, 2 * STORE_BATCH))
                waited = time.perf_counter()
                for i, outcome in outcomes:
                    self.stats["clean_wait_s"] += time.perf_counter() - waited
                    self._take(i, outcome)
                    if self.progress.cancelled:
                        report.cancelled = True
                        break
                    waited = time.perf_counter()
                self._flush()
                report.cancelled = report.cancelled or bool(self.progress.cancelled)
            t = time.perf_counter()
        if index_proc is not None:
            self.stats["index_wait_s"] += time.perf_counter() - t
            self.stats["index_child_cpu_s"] = index_proc.child_cpu_s
            self.stats["index_rounds"] = index_proc.rounds
        self._settle()  # what concurrent writes added meanwhile, or a small import's debt
        for i, first in self.waiting_on.items():
            src = self.results.get(first)
            if src is not None and src.article_id is not None:
                self.results[i] = ImportResult(str(self.candidates[i].path), "duplicate", src.article_id,
                                               f"same file as {self.candidates[first].path.name}")
            elif src is not None:
                self.results[i] = ImportResult(str(self.candidates[i].path), "failed", reason=src.reason)
        report.results = [self.results[i] for i in sorted(self.results)]
        return report

    def _maybe_index_process(self, wanted: bool):
        from contextlib import nullcontext

        return self.lib.indexes.index_process() if wanted else nullcontext(None)

    # -- reading -------------------------------------------------------------------------------

    def _jobs(self) -> Iterator[tuple[int, tuple[bytes, str]]]:
        """Read the files lazily (the pool's window bounds memory), a chunk at a time, and drop
        those whose bytes the library or this import already has."""
        for start in range(0, len(self.candidates), READ_CHUNK):
            if self.progress.cancelled:
                return
            t = time.perf_counter()
            chunk: list[tuple[int, bytes, str]] = []
            for i in range(start, min(start + READ_CHUNK, len(self.candidates))):
                cand = self.candidates[i]
                if cand.reason:
                    self._resolve(i, ImportResult(str(cand.path), "failed", reason=cand.reason))
                    continue
                try:
                    data = files.read_limited(cand.path)
                except BadInput as exc:
                    self._resolve(i, ImportResult(str(cand.path), "failed", reason=str(exc)))
                    continue
                chunk.append((i, data, articles.raw_hash(data)))
            with db.read_session(self.lib.engine) as s:
                known = articles.find_raw_hashes(s, [digest for _, _, digest in chunk])
            ready = []
            for i, data, digest in chunk:
                path = self.candidates[i].path
                if digest in known:
                    self._resolve(i, ImportResult(str(path), "duplicate", known[digest],
                                                  "already in the library (same file)"))
                elif digest in self.first_of_hash:
                    self.waiting_on[i] = self.first_of_hash[digest]
                    self._resolve(i, None)
                else:
                    self.first_of_hash[digest] = i
                    self.payload[i] = (data, digest)
                    ready.append((i, (data, path.name)))
            self.stats["read_s"] += time.perf_counter() - t
            yield from ready

    # -- storing -------------------------------------------------------------------------------

    def _resolve(self, i: int, result: ImportResult | None) -> None:
        if result is not None:
            self.results[i] = result
        self.done += 1
        self.progress.update(self.done, self.total, self.candidates[i].path.name)

    def _take(self, i: int, outcome: object) -> None:
        if isinstance(outcome, BadInput):
            self.payload.pop(i, None)
            self._resolve(i, ImportResult(str(self.candidates[i].path), "failed", reason=str(outcome)))
            return
        if not self.buffer:
            self.buffered_since = time.perf_counter()
        self.buffer.append((i, outcome))
        self._resolve(i, None)  # progress counts it now; its result comes when the batch is stored
        if len(self.buffer) >= STORE_BATCH or time.perf_counter() - self.buffered_since >= STORE_EVERY_S:
            self._flush()
        elif self.index_proc is not None:
            self.index_proc.poll()

    def _flush(self) -> None:
        """Store the buffered articles in one transaction, then let the index catch up."""
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        t = time.perf_counter()
        stored: list[tuple[int, ImportResult]] = []
        with self.lib.writing(), db.write_session(self.lib.engine) as s:
            for i, prepared in batch:
                stored.append((i, self._store_one(s, i, prepared)))
        self.stats["store_s"] += time.perf_counter() - t
        self.results.update(stored)
        self.stored_since_settle += len(batch)
        if self.index_proc is not None and not self.index_proc.failed:
            now = time.perf_counter()
            if self.stored_since_settle == len(batch):
                self.unkicked_since = now
            waiting = self.stored_since_settle
            # Near the end, rounds halve (no more than what is left to store), so that the
            # round the import waits for at its end is small.
            if waiting >= min(INDEX_ROUND_DOCS, self.total - self.done) or now - self.unkicked_since >= INDEX_ROUND_S:
                self.index_proc.kick()
                if self.index_proc.busy:  # a round started: it takes everything stored so far
                    self.stored_since_settle = 0
        elif self.stored_since_settle >= SETTLE_EVERY:
            self._settle()

    def _store_one(self, s, i: int, prepared: PreparedArticle) -> ImportResult:
        path: Path = self.candidates[i].path
        data, digest = self.payload.pop(i)
        cleaned = prepared.cleaned
        existing = articles.find_by_content_hash(s, prepared.content_hash)
        if existing is not None:
            return ImportResult(str(path), "duplicate", existing, "already in the library (same text)", cleaned.title)
        article_id = articles.insert_article(s, cleaned, data=data, digest=digest, filename=path.name,
                                             source_path=str(path.absolute()), prepared=prepared)
        return ImportResult(str(path), "imported", article_id, None, cleaned.title)

    def _settle(self) -> None:
        t = time.perf_counter()
        self.lib.settle_index()
        self.stats["index_s"] += time.perf_counter() - t
        self.stored_since_settle = 0
