"""The use cases of Marginalia: the one API that the desktop UI, the CLI and scripts call.

``Library.open(path)`` opens (creating and migrating as needed) a library folder holding
``library.sqlite3``, ``index/`` and ``backups/``. Methods take plain arguments and return
plain read models (``core.records``), never live ORM objects, so results may be held by widgets
and passed between threads. All writes go through one lock (one writer at a time for SQLite and
the index); reads use their own sessions and may run in parallel.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator, Sequence

import sqlalchemy.exc
from sqlmodel import Session, select

from marginalia.core import articles, db, highlights, indexing, tags
from marginalia.core import reclean as reclean_mod
from marginalia.core import backup as backup_mod

from marginalia.core.errors import BadInput, LibraryLocked, MarginaliaError, UsageError
from marginalia.core.lock import LibraryLock
from marginalia.core.index_keeper import IndexKeeper
from marginalia.core.models import DEFAULT_COLORS, Article, ColorMeaning as ColorRow, RawInput
from marginalia.core.paths import BACKUP_DIR, DB_NAME, INDEX_DIR, resolve_library_dir
from marginalia.core.progress import NullProgress, Progress
from marginalia.core.reclean import RecleanReport
from marginalia.core.records import ArticleDetail, ArticleSummary, ColorMeaning, HighlightRecord, ImportReport


WRITER_WAIT_S = 5
AUTO_BACKUP_EVERY = 6 * 3600


def has_backups(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


class Library:
    """A Marginalia library folder. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, root: Path, engine, lock: LibraryLock) -> None:
        self.root = root
        self.engine = engine
        self.lock = lock
        self.write_lock = threading.RLock()
        self.migration_backup: Path | None = None
        self.recovery_notice: str | None = None
        self.indexes = IndexKeeper(engine, root / INDEX_DIR, self.write_lock, can_write=self._try_writer)

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, hold_writer: bool = False,
             background_index: bool = False) -> "Library":
        """Open the library at ``path`` (default: ``MARGINALIA_LIBRARY`` or the user data dir),
        creating it if needed and upgrading an older schema (after a backup).

        ``hold_writer`` takes the writer lock now and keeps it (the desktop app: a second copy
        is refused with LibraryLocked); otherwise it is taken at the first write. With
        ``background_index`` a missing or damaged index is rebuilt in a background thread.
        A database SQLite cannot read is moved aside and the newest good backup restored;
        ``recovery_notice`` then says what happened.
        """
        root = resolve_library_dir(path)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInput(f"cannot create the library folder {root}: {exc.strerror or exc}") from None
        lock = LibraryLock(root)
        if hold_writer:
            lock.acquire(timeout=0, purpose="Marginalia (desktop)")
        notice = None
        engine = db.make_engine(root / DB_NAME)
        try:
            pending = db.current_revision(engine) != db.head_revision(engine)
        except sqlalchemy.exc.DatabaseError as exc:
            engine.dispose()
            lock.acquire(timeout=WRITER_WAIT_S, purpose="recovery")
            notice = backup_mod.recover(root / DB_NAME, root / BACKUP_DIR, str(exc.orig or exc).split("\n")[0])
            engine = db.make_engine(root / DB_NAME)
            pending = True
        lib = cls(root, engine, lock)
        lib.recovery_notice = notice
        lib.indexes.background = background_index
        if pending:
            lock.acquire(timeout=WRITER_WAIT_S)
            try:
                lib.migration_backup = db.upgrade(engine, backup_dir=root / BACKUP_DIR)
            except Exception as exc:
                engine.dispose()
                lock.release()
                kept = f"; a backup is in {root / BACKUP_DIR}" if has_backups(root / BACKUP_DIR) else ""
                raise MarginaliaError(f"the library could not be upgraded ({type(exc).__name__}: {exc}); "
                                      f"it was left unchanged{kept}") from None
            lib._seed_palette()
        return lib

    def close(self) -> None:
        """Close the library; a library that was written to gets an automatic backup when the
        newest one is older than :data:`AUTO_BACKUP_EVERY` (skipped when nothing changed)."""
        self.indexes.close()
        if self.lock.held:
            try:
                self.backup(automatic=True)
            except Exception:  # a failed backup must not turn a good close into an error
                pass
        self.engine.dispose()
        self.lock.release()

    # -- writing and backups -----------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writer: the process lock (taken once, kept until close) and the thread lock."""
        self.lock.acquire(timeout=WRITER_WAIT_S)
        with self.write_lock:
            yield

    def _try_writer(self) -> bool:
        try:
            self.lock.acquire(timeout=0)
        except LibraryLocked:
            return False
        return True

    def backup(self, *, automatic: bool = False, force: bool = False):
        """Take a verified backup into ``backups/`` (None when nothing changed since the last).
        ``automatic`` skips it when the newest backup is recent."""
        newest = backup_mod.list_backups(self.backup_dir)
        if automatic and newest and (datetime.now(timezone.utc) - newest[0].created).total_seconds() < AUTO_BACKUP_EVERY:
            return None
        with self.write_lock:
            return backup_mod.make_backup(self.db_path, self.backup_dir, force=force)

    def list_backups(self):
        return backup_mod.list_backups(self.backup_dir)

    def restore(self, backup_file: str | os.PathLike) -> Path | None:
        """Replace the database with a backup (the current file is moved aside, never
        overwritten; its new path is returned) and rebuild the index from it."""
        with self.writing():
            self.indexes.close()
            self.engine.dispose()
            try:
                aside = backup_mod.restore_file(Path(backup_file), self.db_path)
            except ValueError as exc:
                raise BadInput(str(exc)) from None
            finally:
                self.engine = db.make_engine(self.db_path)
                self.indexes.engine = self.engine
            db.upgrade(self.engine, backup_dir=self.backup_dir)
            self.indexes.reindex()
            return aside


    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction under the writer lock; the index is brought up to date after."""
        with self.writing():
            with db.write_session(self.engine) as session:
                yield session
            self.settle_index()

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIR

    @property
    def backup_dir(self) -> Path:
        return self.root / BACKUP_DIR

    def _seed_palette(self) -> None:
        with self.writing(), db.write_session(self.engine) as s:
            if s.exec(select(ColorRow.key)).first() is None:
                for pos, (key, name, hex_) in enumerate(DEFAULT_COLORS):
                    s.add(ColorRow(key=key, name=name, hex=hex_, position=pos))

    # -- import ------------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[str | os.PathLike], *, progress: Progress | None = None,
                     workers: int | None = None) -> ImportReport:
        """Import files and folders (recursively). Each file is cleaned in a worker process with
        time and memory limits; articles are stored in batches, one transaction each (never half
        an article); a large import is indexed by a separate process meanwhile. A bad file gets
        a one-line reason and the rest goes on. Files already in the library are duplicates."""
        from marginalia.core import importer

        return importer.import_paths(self, paths, progress=progress, workers=workers)

    # -- articles ----------------------------------------------------------------------------

    def list_articles(self, *, offset: int = 0, limit: int | None = None, sort: str = "imported",
                      descending: bool = True, filter_text: str | None = None, tag: str | None = None,
                      unread_only: bool = False) -> list[ArticleSummary]:
        with db.read_session(self.engine) as s:
            return articles.list_summaries(s, offset=offset, limit=limit, sort=sort, descending=descending,
                                           filter_text=filter_text, tag=tag, unread_only=unread_only)

    def count_articles(self, *, filter_text: str | None = None, tag: str | None = None, unread_only: bool = False) -> int:
        with db.read_session(self.engine) as s:
            return articles.count(s, filter_text=filter_text, tag=tag, unread_only=unread_only)

    def get_article(self, article_id: int) -> ArticleDetail:
        with db.read_session(self.engine) as s:
            return articles.detail(s, article_id)

    def delete_article(self, article_id: int) -> None:
        with self._write() as s:
            articles.delete(s, article_id)

    # -- article state -----------------------------------------------------------------------

    def set_article_note(self, article_id: int, note: str) -> None:
        self._update_article(article_id, note=note)

    def set_read(self, article_id: int, read: bool = True) -> None:
        self._update_article(article_id, is_read=read)

    def set_reading_position(self, article_id: int, position: int) -> None:
        """Remember where the reader was (a canonical-text offset); no index work needed."""
        with self._write() as s:
            articles.get(s, article_id).read_position = max(0, int(position))

    def _update_article(self, article_id: int, **fields) -> None:
        with self._write() as s:
            article = articles.get(s, article_id)
            for key, value in fields.items():
                setattr(article, key, value)
            articles.touch(article)
            articles.owe_index(s, "article", article_id)

    # -- highlights --------------------------------------------------------------------------

    def add_highlight(self, article_id: int, *, start: int | None = None, end: int | None = None,
                      quote: str | None = None, occurrence: int | None = None, color: str | None = None,
                      note: str = "", tags: Sequence[str] = ()) -> HighlightRecord:
        """Highlight ``text[start:end]`` of an article, or a quote (``occurrence`` picks one of
        several). ``color`` is a palette key or its meaning; the default is the first colour."""
        with self._write() as s:
            hid = highlights.add(s, article_id, start=start, end=end, quote=quote, occurrence=occurrence,
                                 color=color, note=note, tags=tags)
        return self.get_highlight(hid)

    def get_highlight(self, highlight_id: int) -> HighlightRecord:
        with db.read_session(self.engine) as s:
            return highlights.records(s, [highlights.get(s, highlight_id)])[0]

    def list_highlights(self, article_id: int | None = None, *, deleted: bool = False) -> list[HighlightRecord]:
        """Highlights in text order (orphans last), of one article or all; ``deleted`` lists the trash."""
        with db.read_session(self.engine) as s:
            return highlights.records(s, highlights.listing(s, article_id, deleted=deleted))

    def edit_highlight(self, highlight_id: int, *, color: str | None = None, note: str | None = None,
                       tags: Sequence[str] | None = None, add_tags: Sequence[str] = (),
                       remove_tags: Sequence[str] = ()) -> HighlightRecord:
        with self._write() as s:
            highlights.edit(s, highlight_id, color=color, note=note, tags=tags, add_tags=add_tags,
                            remove_tags=remove_tags)
        return self.get_highlight(highlight_id)

    def reattach_highlight(self, highlight_id: int, *, start: int, end: int) -> HighlightRecord:
        with self._write() as s:
            highlights.reattach(s, highlight_id, start, end)
        return self.get_highlight(highlight_id)

    def delete_highlight(self, highlight_id: int) -> None:
        """Soft delete: the highlight goes to the trash and can be restored until it is emptied."""
        with self._write() as s:
            highlights.delete(s, highlight_id)

    def restore_highlight(self, highlight_id: int) -> HighlightRecord:
        with self._write() as s:
            highlights.restore(s, highlight_id)
        return self.get_highlight(highlight_id)

    def empty_trash(self) -> int:
        with self._write() as s:
            return highlights.empty_trash(s)

    def palette(self) -> list[ColorMeaning]:
        with db.read_session(self.engine) as s:
            return highlights.palette(s)

    def set_color_name(self, key: str, name: str) -> None:
        with self._write() as s:
            highlights.set_color_name(s, key, name)

    # -- tags --------------------------------------------------------------------------------

    def add_tags(self, article_id: int, names: Sequence[str]) -> None:
        with self._write() as s:
            tags.add_to_article(s, article_id, names)

    def remove_tags(self, article_id: int, names: Sequence[str]) -> None:
        with self._write() as s:
            tags.remove_from_article(s, article_id, names)

    def rename_tag(self, old: str, new: str) -> None:
        with self._write() as s:
            tags.rename(s, old, new)

    def merge_tags(self, source: str, into: str) -> None:
        with self._write() as s:
            tags.merge(s, source, into)

    def delete_tag(self, name: str) -> None:
        with self._write() as s:
            tags.delete(s, name)

    def list_tags(self) -> list[tags.TagCount]:
        with db.read_session(self.engine) as s:
            return tags.counts(s)

    # -- re-cleaning -------------------------------------------------------------------------

    def reclean(self, article_ids: Sequence[int] | None = None, *, progress: Progress | None = None,
                workers: int | None = None) -> RecleanReport:
        """Clean stored raw input again and re-anchor highlights; ``None`` means every article."""
        from marginalia.core.importing.pipeline import prepare
        from marginalia.core.importing.workers import CleaningPool

        progress = progress or NullProgress()
        with db.read_session(self.engine) as s:
            ids = list(article_ids) if article_ids is not None else list(s.exec(select(Article.id).order_by(Article.id)).all())
            for aid in ids:
                articles.get(s, aid)
        report = RecleanReport()

        def jobs():
            for aid in ids:
                with db.read_session(self.engine) as s:
                    raw = s.exec(select(RawInput).where(RawInput.article_id == aid)).first()
                if raw is None:
                    report.failed.append({"article_id": aid, "reason": "no raw input kept for this article"})
                    continue
                yield aid, (raw.data, raw.filename)

        done = 0
        with CleaningPool(workers) as pool:
            for aid, outcome in pool.run(prepare, jobs(), cancelled=lambda: progress.cancelled):
                if isinstance(outcome, BadInput):
                    report.failed.append({"article_id": aid, "reason": str(outcome)})
                else:
                    with self.writing(), db.write_session(self.engine) as s:
                        reclean_mod.apply_cleaned(s, aid, outcome, report)
                    self.settle_index()
                done += 1
                progress.update(done, len(ids), "")
        return report

    # -- search index ------------------------------------------------------------------------

    @property
    def index_notice(self) -> str | None:
        """Why the search index was rebuilt on its own (missing, damaged), if it was."""
        return self.indexes.notice

    @property
    def search_index(self):
        return self.indexes.index

    def settle_index(self) -> int:
        """Apply what the index still owes (done after every write; start-up repairs drift)."""
        return self.indexes.settle()

    def reindex(self, *, progress: Progress | None = None) -> int:
        """Rebuild the whole index from the database; returns the number of documents."""
        with self.writing():
            return self.indexes.reindex(progress)

    def check(self) -> "indexing.CheckReport":
        """Database integrity and drift between the database and the index."""
        return self.indexes.check()

    def search(self, query: str, *, limit: int = 50, kind: str | None = None,
               sort: str = "relevance") -> list:
        """Search articles and highlights (grammar in the README). Raises QueryError for a
        malformed query, IndexRebuilding while the index is rebuilt in the background.
        Returns ``SearchHit`` records with ``<mark>``-ed snippets."""
        return self.indexes.search(query, limit=limit, kind=kind, sort=sort)

    # -- export ------------------------------------------------------------------------------

    def export_text(self, fmt: str, *, article_ids: Sequence[int] = (), tag: str | None = None,
                    query: str | None = None, query_scope: str = "highlights", highlight_ids: Sequence[int] = (),
                    order: str = "date", bom: bool = False) -> str:
        """Render an export (markdown, csv, json, w3c, csl, clipboard) of a scope as text."""
        from marginalia.core import exporting

        scope = exporting.Scope(tuple(article_ids), tag, query, query_scope, tuple(highlight_ids), order)
        return exporting.render(exporting.gather(self, scope), fmt, bom=bom)

    def export_to_file(self, path: str | os.PathLike, fmt: str, *, force: bool = False, bom: bool = False,
                       **scope) -> Path:
        """Write an export through a temporary file and a rename; an existing file is kept
        unless ``force``. Returns the path written."""
        from marginalia.core.export.writer import write_atomic

        target = Path(path)
        if target.exists() and not force:
            raise UsageError(f"{target} exists; use --force to overwrite it")
        return write_atomic(target, self.export_text(fmt, bom=bom, **scope), force=force)

    def citation_text(self, highlight_id: int) -> str:
        """“quote” — Author, Title, Site, date, URL: for the clipboard."""
        from marginalia.core.export.clipboard import citation_text

        h = self.get_highlight(highlight_id)
        return citation_text(self.get_article(h.article_id), h)

    def import_annotations(self, data: str | bytes) -> "AnnotationImportReport":
        """Put highlights from a Marginalia JSON export onto the matching articles."""
        from marginalia.core import annotations_import
        from marginalia.core.export.json_format import read_annotations

        sets = read_annotations(data)
        from marginalia.core.exporting import AnnotationImportReport

        report = AnnotationImportReport()
        for entry in sets:
            with self._write() as s:
                annotations_import.apply_set(s, entry, report)
        return report
