"""The Whoosh search index beside the database: writes in batches, searches, snippets.

The database is the truth; this index can always be rebuilt from it. The library gives plain
documents (:class:`ArticleDoc`, :class:`HighlightDoc`) to :meth:`SearchIndex.apply` (one writer
commit per batch) or :meth:`SearchIndex.rebuild`, and compares :meth:`SearchIndex.stored_keys`
(key -> version stamp) with its rows to find drift.

Searching keeps one cached searcher, refreshed after each write, behind a lock (Whoosh readers
are not safe to share between threads). Queries are scored whole posting lists at a time by
:mod:`.scoring` (numpy); Whoosh's own collector is the fallback for anything it cannot do.
Article bodies are not stored in the index: snippets get their text from
``text_for(kind, id)``, given by the library.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass
from datetime import date
from heapq import heappush, heapreplace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from whoosh import collectors
from whoosh import index as windex
from whoosh import query as wq
from whoosh import sorting
from whoosh.index import LockError

from marginalia.core.errors import LibraryLocked, MarginaliaError, UsageError
from marginalia.core.search import scoring, snippets, zerocopy
from marginalia.core.search.query import parse_query
from marginalia.core.search.segments import SMALL_SEGMENT_DOCS, Cancelled, SegmentBuilder, merge_policy
from marginalia.core.search.schema import (
    ARTICLE,
    HIGHLIGHT,
    KINDS,
    SCHEMA_VERSION,
    ArticleDoc,
    HighlightDoc,
    FastBM25F,
    MarginaliaCodec,
    build_schema,
    doc_fields,
    key_text,
    parse_key,
)

zerocopy.install()  # segments are read through their memory map, not copied into memory

__all__ = ["ArticleDoc", "HighlightDoc", "IndexDamaged", "SearchHit", "SearchIndex"]

STAMP_FILE = "marginalia-index.json"
SORTS = ("relevance", "date")
TextFor = Callable[[str, int], "str | None"]

# Writer settings, measured with tests/bench/bench_search.py (see the report there).
_BATCH_LIMITMB = 128
_REBUILD_SEGMENT_DOCS = 2500
_WRITE_TIMEOUT = 10.0


class IndexDamaged(MarginaliaError):
    """The index folder exists but cannot be opened or read; it must be rebuilt."""


@dataclass(frozen=True)
class SearchHit:
    """One search result: an article or a highlight, with a marked-up snippet (HTML)."""

    kind: str
    article_id: int
    highlight_id: int | None
    title: str
    score: float
    snippet: str
    published: date | None

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "article_id": self.article_id,
            "highlight_id": self.highlight_id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
        }


def _read_stamp(directory: Path) -> dict:
    try:
        return json.loads((directory / STAMP_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_stamp(directory: Path) -> None:
    (directory / STAMP_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), "utf-8")


def _report(progress: Any, done: int, total: int, message: str) -> bool:
    """Report progress; True when the work should stop (cancelled)."""
    if progress is None:
        return False
    if hasattr(progress, "update"):
        progress.update(done, total, message)
        return bool(getattr(progress, "cancelled", False))
    return bool(progress(done, total))


class _TopCollector(collectors.TopCollector):
    """Whoosh's top-N collector in a tight loop, without block-quality checks: skipping blocks
    by their best possible score almost never fires on news text (14,185 of 14,261 postings
    scored for a frequent word). Compound matchers are still swapped for cheaper ones."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False)

    def collect_matches(self) -> None:
        items, limit, offset = self.items, self.limit, self.offset
        matcher = self.matcher
        leaf = matcher.is_leaf()
        count = countdown = 0
        while matcher.is_active():
            if not leaf and countdown == 0:
                matcher = self.matcher = matcher.replace(items[0][0] if len(items) == limit else 0)
                if not matcher.is_active():
                    break
                countdown = 64
            countdown -= 1
            score = matcher.score()
            count += 1
            if len(items) < limit:
                heappush(items, (score, -(offset + matcher.id())))
            elif score > items[0][0]:
                heapreplace(items, (score, -(offset + matcher.id())))
            matcher.next()
        self.total += count
        if len(items) == limit:
            self.minscore = items[0][0]


def _key_lookup(writer: Any) -> Callable[[str], bool]:
    """Whether a key is in any segment the writer started from: one hash lookup per segment.
    (Whoosh's ``update_document`` looks for the old copy through a searcher in every segment,
    a tenth of indexing a new article at 100,000 articles.)"""
    searcher = writer.searcher()
    leaves = [sub.reader() for sub, _ in searcher.subsearchers] if not searcher.is_atomic() else [searcher.reader()]
    field = writer.schema["key"]

    def indexed(key: str) -> bool:
        term = ("key", field.to_bytes(key))
        return any(term in getattr(leaf, "_terms", leaf) for leaf in leaves)

    return indexed


class SearchIndex:
    """The full-text index of one library (see the module docstring)."""

    def __init__(self, directory: Path, ix: Any) -> None:
        self.directory = directory
        self._ix = ix
        self._lock = threading.RLock()  # the searcher and the Whoosh index object
        self._write_lock = threading.Lock()  # one writer at a time (apply, rebuild)
        self._searcher: Any = None
        #: Default source of snippet text (``text_for(kind, id)``); ``search`` may override it.
        self.text_for: TextFor | None = None
        #: Faster alternative: ``texts_for(article_ids) -> {id: text}``, one call per search
        #: (one database query instead of one per hit). Used when set and no ``text_for`` is
        #: passed to :meth:`search`.
        self.texts_for: Callable[[list[int]], dict[int, str]] | None = None
        #: Seconds to wait for another writer's lock before :class:`LibraryLocked`.
        self.write_timeout = _WRITE_TIMEOUT
        #: Worker processes for :meth:`rebuild` (1: write in this process).
        self.rebuild_procs = min(2, os.cpu_count() or 1)
        #: At most this many documents are merged by one :meth:`apply` (see ``merge_policy``).
        self.merge_docs = 2 * SMALL_SEGMENT_DOCS

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, *, reset: bool = False) -> "SearchIndex":
        """Open the index in ``directory``, creating it when missing (or when ``reset``).

        Raises :class:`IndexDamaged` when the folder holds an index that cannot be read (or one
        written by an incompatible version); call again with ``reset=True`` and rebuild.
        """
        directory = Path(directory)
        if reset and directory.exists():
            shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)
        for leftover in (".rebuild", ".old"):  # an interrupted rebuild
            shutil.rmtree(directory.with_name(directory.name + leftover), ignore_errors=True)
        schema = build_schema()
        if not any(directory.glob("_MAIN_*.toc")):
            if any(p.suffix in (".seg", ".pst", ".trm") for p in directory.iterdir()):
                raise IndexDamaged(f"The search index in {directory} is damaged (its table of contents is missing).")
            ix = windex.create_in(str(directory), schema)
            _write_stamp(directory)
            return cls(directory, ix)
        stamp = _read_stamp(directory)
        if stamp.get("schema") != SCHEMA_VERSION:
            raise IndexDamaged(f"The search index in {directory} was built by another version and must be rebuilt.")
        try:
            ix = windex.open_dir(str(directory), schema=schema)
            self = cls(directory, ix)
            self._check_readable()
        except IndexDamaged:
            raise
        except Exception as exc:
            raise IndexDamaged(f"The search index in {directory} is damaged ({type(exc).__name__}: {exc}).") from None
        return self

    def _check_readable(self) -> None:
        """Touch every segment: its doc count, a term list and the stored fields of one doc."""
        searcher = self._current_searcher()
        reader = searcher.reader()
        if reader.doc_count_all():
            next(iter(reader.all_stored_fields()), None)
            for fieldname in ("key", "kind"):
                list(reader.lexicon(fieldname))
            searcher.search(wq.Every(), limit=1)

    def _current_searcher(self) -> Any:
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=FastBM25F())
        return self._searcher

    def _refresh(self) -> None:
        """Drop the cached searcher after a write; the next read opens a fresh one.

        (Whoosh's ``Searcher.refresh()`` reuses segment readers and misses deletions made in an
        existing segment, so it is not used.)
        """
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def refresh(self) -> None:
        """Let the next search see what another process wrote into the index."""
        with self._lock:
            self._refresh()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()

    # --- writing ---------------------------------------------------------------------------

    def _writer(self, limitmb: int, **kwargs: Any) -> Any:
        try:
            return self._ix.writer(limitmb=limitmb, timeout=self.write_timeout, codec=MarginaliaCodec(), **kwargs)
        except LockError:
            raise LibraryLocked("The search index is being written by another process; try again.") from None

    def apply(self, *, upsert: Sequence[ArticleDoc | HighlightDoc] = (),
              delete: Sequence[tuple[str, int]] = ()) -> None:
        """Add or replace ``upsert`` and remove the ``delete`` keys, in one commit."""
        if not upsert and not delete:
            return
        with self._write_lock:
            writer = self._writer(_BATCH_LIMITMB)
            try:
                for kind, ident in delete:
                    writer.delete_by_term("key", key_text(kind, ident))
                if upsert:
                    indexed = _key_lookup(writer)
                    for doc in upsert:
                        fields = doc_fields(doc)
                        if indexed(fields["key"]):
                            writer.update_document(**fields)
                        else:  # new (an imported article): no search for an old copy to delete
                            writer.add_document(**fields)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=merge_policy(self.merge_docs))
            with self._lock:
                self._refresh()

    def rebuild(self, docs: Iterable[ArticleDoc | HighlightDoc], *, progress: Any = None) -> int:
        """Replace the whole index with ``docs``; returns how many were indexed.

        Built beside the old index (searches go on meanwhile) and swapped in at the end, in
        segments of :data:`_REBUILD_SEGMENT_DOCS` (one big Whoosh writer slows down as it grows:
        100 articles/s at 10,000, against 178 in segments), by ``rebuild_procs`` processes.
        ``progress``: a Progress (or ``(done, total) -> stop``); when cancelled, the old index
        stays as it was and the number indexed so far is returned.
        """
        total = len(docs) if hasattr(docs, "__len__") else 0  # type: ignore[arg-type]
        built = self.directory.with_name(self.directory.name + ".rebuild")
        with self._write_lock:
            shutil.rmtree(built, ignore_errors=True)
            built.mkdir(parents=True)
            windex.create_in(str(built), build_schema()).close()
            builder = SegmentBuilder(built, self.rebuild_procs)
            try:
                chunk: list[dict] = []
                for seen, doc in enumerate(docs, start=1):
                    chunk.append(doc_fields(doc))
                    if len(chunk) == _REBUILD_SEGMENT_DOCS:
                        builder.add(chunk)
                        chunk = []
                    if seen % 100 == 0 and _report(progress, seen, total, "Indexing"):
                        raise Cancelled
                builder.add(chunk)
                builder.wait(lambda: _report(progress, builder.done, total or builder.read, "Indexing"))
            except BaseException as exc:
                builder.abort()
                shutil.rmtree(built, ignore_errors=True)
                if isinstance(exc, Cancelled):
                    return builder.done
                raise
            count = builder.finish()
            _report(progress, count, total or count, "Indexed")
            _write_stamp(built)
            self._swap_in(built)
        return count

    def _swap_in(self, built: Path) -> None:
        """Put the freshly built index folder in place of the current one."""
        old = self.directory.with_name(self.directory.name + ".old")
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.directory, old)
            os.replace(built, self.directory)
            shutil.rmtree(old, ignore_errors=True)
            self._ix = windex.open_dir(str(self.directory), schema=build_schema())

    # --- reading ---------------------------------------------------------------------------

    def doc_count(self) -> int:
        with self._lock:
            return self._current_searcher().doc_count()

    def stored_keys(self) -> dict[tuple[str, int], str]:
        """Every document's key -> its version stamp (for drift checks against the database)."""
        out: dict[tuple[str, int], str] = {}
        with self._lock:
            for leaf, _ in self._current_searcher().reader().leaf_readers():
                if not leaf.doc_count_all():
                    continue  # an empty index's reader has no columns
                keys = leaf.column_reader("key")
                versions = leaf.column_reader("version", translate=False) if leaf.has_column("version") else None
                for docnum in range(leaf.doc_count_all()):
                    if not leaf.is_deleted(docnum):
                        version = versions[docnum].decode("utf-8") if versions is not None else ""
                        out[parse_key(keys[docnum])] = version
        return out

    def search(self, query: str, *, limit: int = 50, kind: str | None = None, sort: str = "relevance",
               text_for: TextFor | None = None) -> list[SearchHit]:
        """Hits for a user query (see :mod:`.query` for the grammar), best or newest first.

        ``kind`` keeps one kind (``"article"`` / ``"highlight"``); ``sort`` is ``"relevance"``
        or ``"date"`` (published, else imported, newest first). Raises ``QueryError`` for a
        malformed query and :class:`IndexDamaged` if the index cannot be read.
        """
        if kind is not None and kind not in KINDS:
            raise UsageError(f"Unknown kind {kind!r}: use article or highlight.")
        if sort not in SORTS:
            raise UsageError(f"Unknown sort {sort!r}: use relevance or date.")
        parsed = parse_query(query)
        if parsed is None or limit < 1:
            return []
        try:
            q = parsed.query
            if kind is not None:
                # Intersect with the kind's posting list (skipping), scores from the query only:
                # faster than a filter set, which would still score every other-kind match.
                q = wq.Require(q, wq.Term("kind", kind))
            with self._lock:
                searcher = self._current_searcher()
                top = scoring.top_docs(searcher, q, limit, by_date=sort == "date")
                if top is not None:
                    found = [(score, searcher.stored_fields(doc)) for score, doc in top]
                elif sort == "date":
                    results = searcher.search(q, limit=limit, terms=False,
                                              sortedby=sorting.FieldFacet("date", reverse=True))
                else:
                    collector = _TopCollector(limit)
                    searcher.search_with_collector(q, collector)
                    results = collector.results()
                if top is None:
                    scored = sort == "relevance"
                    found = [(hit.score if scored else 0.0, hit.fields()) for hit in results]
        except (MarginaliaError, TypeError, AttributeError, NameError, NotImplementedError, AssertionError):
            raise  # ours, or a bug: not a damaged index
        except Exception as exc:
            raise IndexDamaged(f"The search index cannot be read ({type(exc).__name__}: {exc}); rebuild it.") from None
        source = text_for or self.text_for
        if text_for is None and self.texts_for is not None:
            keys = (parse_key(fields["key"]) for _, fields in found)
            wanted = [ident for kind, ident in keys if kind == ARTICLE]
            texts = self.texts_for(wanted) if wanted else {}
            source = lambda kind, ident: texts.get(ident)  # noqa: E731
        body_marker = snippets.Marker(*parsed.marks_for("body"))
        note_marker = snippets.Marker(*parsed.marks_for("body", "note"))
        return [self._hit(score, fields, source, body_marker, note_marker) for score, fields in found]

    @staticmethod
    def _hit(score: float, fields: dict, text_for: TextFor | None,
             body_marker: snippets.Marker, note_marker: snippets.Marker) -> SearchHit:
        kind, ident = parse_key(fields["key"])
        pub = fields.get("pub")
        if kind == HIGHLIGHT:
            text = snippets.highlight_snippet(fields.get("quote", ""), fields.get("snote", ""),
                                              body_marker, note_marker)
            article_id, highlight_id = int(fields["aid"]), ident
        else:
            body = (text_for(ARTICLE, ident) if text_for else None) or ""
            text = snippets.snippet(body, body_marker)
            article_id, highlight_id = ident, None
        return SearchHit(
            kind=kind,
            article_id=article_id,
            highlight_id=highlight_id,
            title=fields.get("title", ""),
            score=float(score),
            snippet=text,
            published=date.fromisoformat(pub) if pub else None,
        )
