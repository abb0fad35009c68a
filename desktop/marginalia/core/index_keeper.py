"""The library's side of the search index: open it, pay index debt, rebuild it when it is
missing or damaged (in the background when asked), and compare it with the database.

The database is the truth. While a background rebuild runs, searches raise
:class:`IndexRebuilding` (a clear message with the progress) and debt simply waits; when the
rebuild is done, the debt written meanwhile is paid.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import text as sql_text
from sqlmodel import select

from marginalia.core import db, indexing
from marginalia.core.errors import MarginaliaError
from marginalia.core.models import Article

STAMP_FILE = "marginalia-index.json"


class IndexRebuilding(MarginaliaError):
    """The index is being rebuilt from the database; searching works again when it is done."""


#: Documents one write of the desktop app may merge (see :meth:`IndexKeeper._prepare`).
APP_MERGE_DOCS = 64


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
        #: While an import's index process pays the debt, :meth:`settle` leaves it to that process.
        self._delegated = False
        #: Damage found while reading (a search), not at opening: the next open rebuilds.
        self._damage_found: str | None = None

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
                if self._damage_found:
                    raise IndexDamaged(self._damage_found)
                index = SearchIndex.open(self.index_dir)
                needs_rebuild = not existed and self._unindexed_rows()
                if needs_rebuild:
                    self.notice = "the search index was missing; it is rebuilt from the database"
            except IndexDamaged as exc:
                self._damage_found = None
                self.notice = f"the search index was damaged ({exc}); it is rebuilt from the database"
                index = SearchIndex.open(self.index_dir, reset=True)
                needs_rebuild = True
            self._prepare(index)
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

    def _prepare(self, index) -> None:
        index.text_for = self._text_for
        index.texts_for = self._texts_for
        if self.background:
            # The desktop app's own writes (an edit, a few imported files) merge only tiny
            # segments: a merge runs at about indexing speed, in Python, on the writer thread
            # (after a large import, marking the first article read merged the import's
            # segments). Bigger merges happen in the next large import's index process.
            index.merge_docs = APP_MERGE_DOCS

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
            self._prepare(index)
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
        if self._delegated:
            return 0  # an import's index process pays it (see index_process)
        with self.write_lock:
            if self._delegated:
                return 0
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

    @contextmanager
    def index_process(self) -> Iterator["IndexProcess | None"]:
        """For a large import: an :class:`IndexProcess` that pays index debt in another process
        (None when it cannot run: no writer, a rebuild under way; then settle as usual). While
        it runs, :meth:`settle` in this process does nothing; on leaving, the process pays what
        is still owed, stops, and the searcher sees its writes."""
        proc = None
        with self.write_lock:
            if self.can_write() and not self.rebuilding:
                try:
                    self.index  # open it here: a missing or damaged index is rebuilt first
                except (IndexRebuilding, MarginaliaError):
                    pass
                else:
                    try:
                        proc = IndexProcess(self.engine.url.database, self.index_dir, on_round=self.refresh_searcher)
                    except OSError:  # no process to be had: the import settles in this one
                        proc = None
                    self._delegated = proc is not None
        try:
            yield proc
        finally:
            if proc is not None:
                try:
                    proc.finish()
                finally:
                    self._delegated = False
                    if proc.damaged:
                        self._drop_index(proc.damaged)
                    self.refresh_searcher()

    def refresh_searcher(self) -> None:
        """Let the next search see what another process wrote into the index."""
        index = self._index
        if index is not None:
            index.refresh()

    def _drop_index(self, reason: str) -> None:
        with self._lock:
            if self._index is not None:
                self._index.close()
            self._index = None
        self.notice = f"the search index was damaged ({reason}); it will be rebuilt"

    def search(self, query: str, **kwargs) -> list:
        from marginalia.core.search.index import IndexDamaged

        self.settle()
        try:
            return self.index.search(query, **kwargs)
        except IndexDamaged as exc:
            with self._lock:
                if self._index is not None:
                    self._index.close()
                self._index = None
                # The files open but cannot be read: reopening alone would not notice, so the
                # next open rebuilds from the database (in the background, when asked).
                self._damage_found = str(exc)
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


class IndexProcess:
    """Pays index debt in a child process while an import goes on storing (the Whoosh work then
    holds the child's GIL, not the app's: the UI thread never waits on it, and storing overlaps
    indexing). Rounds are asked for with :meth:`kick` and never queue up: a round pays all debt
    present when it starts. A child that fails or dies only stops the delegation; the debt stays
    in the database and is paid by the library afterwards."""

    def __init__(self, db_path: str, index_dir: Path, *, on_round: Callable[[], None] = lambda: None) -> None:
        from marginalia.core.importing.workers import process_context
        from marginalia.core.indexing import index_process_main

        ctx = process_context()
        self._conn, child_conn = ctx.Pipe()
        self._proc = ctx.Process(target=index_process_main, name="marginalia-index",
                                 args=(child_conn, str(db_path), str(index_dir), os.getpid()), daemon=True)
        self._proc.start()
        child_conn.close()
        self._on_round = on_round
        self.busy = False
        self.failed: str | None = None
        #: Set when the child found the index damaged (the keeper then rebuilds it).
        self.damaged: str | None = None
        self.rounds = 0
        self.documents = 0
        self.child_cpu_s = 0.0

    def kick(self, message: str = "settle") -> None:
        """Start a round unless one is running (then the next kick starts one)."""
        self.poll()
        if self.busy or self.failed:
            return
        try:
            self._conn.send(message)
            self.busy = True
        except OSError as exc:
            self.failed = f"the index process stopped ({exc})"

    def poll(self, timeout: float = 0.0) -> bool:
        """Take the answer of a finished round, if any (waiting up to ``timeout`` seconds)."""
        if not self.busy:
            return False
        try:
            if not self._conn.poll(timeout):
                return False
            answer = self._conn.recv()
        except (EOFError, OSError):
            self.busy = False
            self.failed = "the index process stopped"
            return True
        self.busy = False
        if answer[0] == "ok":
            self.rounds += 1
            self.documents += answer[1]
            self.child_cpu_s += answer[2]
            self._on_round()
        else:
            self.failed = answer[2]
            if answer[0] == "damaged":
                self.damaged = answer[2]
        return True

    def wait(self) -> None:
        while self.busy:
            self.poll(timeout=0.5)
            if self.busy and not self._proc.is_alive():
                self.poll()
                self.busy, self.failed = False, self.failed or "the index process stopped"

    def finish(self) -> None:
        """Wait for the running round, run a last one (all debt left, no merging), stop the
        process."""
        try:
            self.wait()
            self.kick("finish")
            self.wait()
        finally:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._proc.join(30)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._conn.close()
