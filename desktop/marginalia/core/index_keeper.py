"""The library's side of the search index: open it, pay index debt, rebuild it when it is
missing or damaged (in the background when asked), and compare it with the database.

The database is the truth. While a background rebuild runs, searches raise
:class:`IndexRebuilding` (a clear message with the progress) and debt simply waits; when the
rebuild is done, the debt written meanwhile is paid.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from sqlalchemy import text as sql_text
from sqlmodel import select

from marginalia.core import db, indexing
from marginalia.core.errors import MarginaliaError
from marginalia.core.models import Article

STAMP_FILE = "marginalia-index.json"


class IndexRebuilding(MarginaliaError):
    """The index is being rebuilt from the database; searching works again when it is done."""


class IndexKeeper:
    """Owns one library's :class:`SearchIndex` (see the module docstring)."""

    def __init__(self, engine, index_dir: Path, write_lock: threading.RLock, *, background: bool = False,
                 can_write: Callable[[], bool] = lambda: True) -> None:
        self.engine = engine
        #: Whether this process may write now (holds or can take the library's writer lock).
        self.can_write = can_write
        self.index_dir = index_dir
        self.write_lock = write_lock
        self.background = background
        self._index = None
        self._lock = threading.RLock()
        self._rebuild_thread: threading.Thread | None = None
        self._progress = (0, 0)
        #: Why the index was rebuilt on its own (missing, damaged): for the UI or CLI to tell.
        self.notice: str | None = None
        #: Called (from the rebuild thread) when a background rebuild has finished.
        self.on_rebuilt: Callable[[], None] | None = None

    def _sessions(self):
        return db.read_session(self.engine)

    # -- opening -----------------------------------------------------------------------------

    @property
    def index(self):
        """The open index. Raises IndexRebuilding while a background rebuild runs."""
        from marginalia.core.search.index import IndexDamaged, SearchIndex

        with self._lock:
            if self.rebuilding:
                done, total = self._progress
                pct = f" ({100 * done // total}%)" if total else ""
                raise IndexRebuilding(f"the search index is being rebuilt{pct}; search again in a moment")
            if self._index is not None:
                return self._index
            existed = (self.index_dir / STAMP_FILE).exists()
            try:
                index = SearchIndex.open(self.index_dir)
                needs_rebuild = not existed and self._unindexed_rows()
                if needs_rebuild:
                    self.notice = "the search index was missing; it is rebuilt from the database"
            except IndexDamaged as exc:
                self.notice = f"the search index was damaged ({exc}); it is rebuilt from the database"
                index = SearchIndex.open(self.index_dir, reset=True)
                needs_rebuild = True
            index.text_for = self._text_for
            index.texts_for = self._texts_for
            if not needs_rebuild:
                self._index = index
                return index
            if not self.can_write():
                index.close()
                raise IndexRebuilding("the search index is missing and another Marginalia is writing to this "
                                      "library; search there, or again when it is closed")
            if self.background:
                self._start_rebuild(index)
                return self.index  # raises IndexRebuilding
            self._rebuild(index)
            self._index = index
            return index

    @property
    def rebuilding(self) -> bool:
        return self._rebuild_thread is not None and self._rebuild_thread.is_alive()

    def close(self) -> None:
        if self._rebuild_thread is not None:
            self._rebuild_thread.join()
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None

    def _unindexed_rows(self) -> bool:
        """Whether an empty index lacks rows that no debt will bring (then only a rebuild can):
        a new library's first articles are all still owed and need no rebuild."""
        with self._sessions() as s:
            return bool(s.exec(sql_text(
                "SELECT EXISTS(SELECT 1 FROM article WHERE id NOT IN "
                "(SELECT target_id FROM index_debt WHERE kind='article')) OR EXISTS(SELECT 1 FROM highlight "
                "WHERE deleted IS NULL AND id NOT IN (SELECT target_id FROM index_debt WHERE kind='highlight'))"
            )).scalar())

    def _text_for(self, kind: str, ident: int) -> str | None:
        if kind != "article":
            return None
        with self._sessions() as s:
            return s.exec(select(Article.text).where(Article.id == ident)).first()

    def _texts_for(self, ids: list[int]) -> dict[int, str]:
        """Canonical texts of many articles in one query (snippets for one page of hits)."""
        with self._sessions() as s:
            return dict(s.exec(select(Article.id, Article.text).where(Article.id.in_(ids))).all())

    # -- rebuilding --------------------------------------------------------------------------

    def _rebuild(self, index, progress=None) -> int:
        """Fill ``index`` from the database. Debt is cleared first, so a write made during the
        rebuild leaves debt that is paid afterwards (at worst a document is written twice)."""
        with self.write_lock, db.write_session(self.engine) as s:
            s.exec(sql_text("DELETE FROM index_debt"))
        return index.rebuild(indexing.all_docs(self._sessions), progress=progress)

    def _start_rebuild(self, index) -> None:
        keeper = self

        class _Progress:
            cancelled = False

            def update(self, done, total, message=""):
                keeper._progress = (done, total)

        def work():
            try:
                self._rebuild(index, _Progress())
                with self._lock:
                    self._index = index
            except Exception as exc:  # never leave the app without a message
                self.notice = f"rebuilding the search index failed ({type(exc).__name__}: {exc})"
                index.close()
                return
            self.settle()
            if self.on_rebuilt:
                self.on_rebuilt()

        self._rebuild_thread = threading.Thread(target=work, name="marginalia-index-rebuild", daemon=True)
        self._rebuild_thread.start()

    def reindex(self, progress=None) -> int:
        """Rebuild the whole index from the database now; returns the number of documents."""
        from marginalia.core.search.index import SearchIndex

        if self._rebuild_thread is not None:
            self._rebuild_thread.join()
        with self.write_lock, self._lock:
            if self._index is not None:
                self._index.close()
            self._index = None
            index = SearchIndex.open(self.index_dir, reset=True)
            index.text_for = self._text_for
            index.texts_for = self._texts_for
            count = self._rebuild(index, progress)
            self._index = index
            return count

    # -- keeping up --------------------------------------------------------------------------

    def settle(self) -> int:
        """Pay index debt. Never fails a user's write: on an index error the debt stays in the
        database and is paid later (after a rebuild)."""
        from marginalia.core.search.index import IndexDamaged

        if not self.can_write():
            return 0  # another process writes; it pays the debt, we search what is there
        with self.write_lock:
            try:
                return indexing.settle(self._sessions, self.index)
            except IndexRebuilding:
                return 0
            except IndexDamaged as exc:
                with self._lock:
                    if self._index is not None:
                        self._index.close()
                    self._index = None
                self.notice = f"the search index was damaged ({exc}); it will be rebuilt"
                return 0

    def search(self, query: str, **kwargs) -> list:
        from marginalia.core.search.index import IndexDamaged

        self.settle()
        try:
            return self.index.search(query, **kwargs)
        except IndexDamaged:
            with self._lock:
                if self._index is not None:
                    self._index.close()
                self._index = None
            # reopening finds the damage and rebuilds (in the background, when asked)
            return self.index.search(query, **kwargs)

    def check(self) -> indexing.CheckReport:
        """Database integrity and drift between the database and the index."""
        from marginalia.core.search.index import IndexDamaged, SearchIndex

        keys, error = None, None
        if self.rebuilding:
            error = "the search index is being rebuilt"
        else:
            try:
                idx = self._index or SearchIndex.open(self.index_dir)
                keys = idx.stored_keys()
                if idx is not self._index:
                    idx.close()
            except IndexDamaged as exc:
                error = str(exc)
        return indexing.check(self._sessions, keys, error)
