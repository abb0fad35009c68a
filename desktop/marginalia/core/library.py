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
from pathlib import Path
from typing import Sequence

from sqlmodel import select

from marginalia.core import articles, db
from marginalia.core.errors import BadInput
from marginalia.core.importing import files
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.models import DEFAULT_COLORS, ColorMeaning
from marginalia.core.paths import BACKUP_DIR, DB_NAME, INDEX_DIR, resolve_library_dir
from marginalia.core.progress import NullProgress, Progress
from marginalia.core.records import ArticleDetail, ArticleSummary, ImportReport, ImportResult


class Library:
    """A Marginalia library folder. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, root: Path, engine) -> None:
        self.root = root
        self.engine = engine
        self.write_lock = threading.RLock()
        self.migration_backup: Path | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Library":
        """Open the library at ``path`` (default: ``MARGINALIA_LIBRARY`` or the user data dir),
        creating it if needed and upgrading an older schema (after a backup)."""
        root = resolve_library_dir(path)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BadInput(f"cannot create the library folder {root}: {exc.strerror or exc}") from None
        engine = db.make_engine(root / DB_NAME)
        lib = cls(root, engine)
        lib.migration_backup = db.upgrade(engine, backup_dir=root / BACKUP_DIR)
        lib._seed_palette()
        return lib

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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
        with self.write_lock, db.write_session(self.engine) as s:
            if s.exec(select(ColorMeaning.key)).first() is None:
                for pos, (key, name, hex_) in enumerate(DEFAULT_COLORS):
                    s.add(ColorMeaning(key=key, name=name, hex=hex_, position=pos))

    # -- import ------------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[str | os.PathLike], *, progress: Progress | None = None,
                     workers: int | None = None) -> ImportReport:
        """Import files and folders (recursively). Each file is cleaned in a worker process with
        time and memory limits and stored in its own transaction; a bad file gets a one-line
        reason and the rest goes on. Files already in the library are reported as duplicates."""
        from marginalia.core.importing.pipeline import prepare
        from marginalia.core.importing.workers import CleaningPool

        progress = progress or NullProgress()
        candidates = files.collect(list(paths))
        total = len(candidates)
        results: dict[int, ImportResult] = {}
        first_of_hash: dict[str, int] = {}
        waiting_on: dict[int, int] = {}  # index of a same-bytes copy -> index of the first one
        payload: dict[int, tuple[bytes, str]] = {}
        jobs = []
        for i, cand in enumerate(candidates):
            if cand.reason:
                results[i] = ImportResult(str(cand.path), "failed", reason=cand.reason)
                continue
            try:
                data = files.read_limited(cand.path)
            except BadInput as exc:
                results[i] = ImportResult(str(cand.path), "failed", reason=str(exc))
                continue
            digest = articles.raw_hash(data)
            with db.read_session(self.engine) as s:
                existing = articles.find_by_raw_hash(s, digest)
            if existing is not None:
                results[i] = ImportResult(str(cand.path), "duplicate", existing, "already in the library (same file)")
            elif digest in first_of_hash:
                waiting_on[i] = first_of_hash[digest]
            else:
                first_of_hash[digest] = i
                payload[i] = (data, digest)
                jobs.append((i, (data, cand.path.name)))
        done = len(results)
        progress.update(done, total, "")
        report = ImportReport()
        if jobs:
            with CleaningPool(workers) as pool:
                for i, outcome in pool.run(prepare, jobs, cancelled=lambda: progress.cancelled):
                    cand = candidates[i]
                    data, digest = payload.pop(i)
                    if isinstance(outcome, BadInput):
                        results[i] = ImportResult(str(cand.path), "failed", reason=str(outcome))
                    else:
                        results[i] = self._store(cand.path, data, digest, outcome)
                    done += 1
                    progress.update(done, total, cand.path.name)
                    if progress.cancelled:
                        report.cancelled = True
                        break
        for i, first in waiting_on.items():
            src = results.get(first)
            if src is not None and src.article_id is not None:
                results[i] = ImportResult(str(candidates[i].path), "duplicate", src.article_id,
                                          f"same file as {candidates[first].path.name}")
            elif src is not None:
                results[i] = ImportResult(str(candidates[i].path), "failed", reason=src.reason)
        report.results = [results[i] for i in sorted(results)]
        return report

    def _store(self, path: Path, data: bytes, digest: str, cleaned: CleanedArticle) -> ImportResult:
        with self.write_lock, db.write_session(self.engine) as s:
            existing = articles.find_by_content_hash(s, cleaned.content_hash)
            if existing is not None:
                return ImportResult(str(path), "duplicate", existing, "already in the library (same text)", cleaned.title)
            article_id = articles.insert_article(s, cleaned, data=data, digest=digest, filename=path.name,
                                                 source_path=str(path.absolute()))
        return ImportResult(str(path), "imported", article_id, None, cleaned.title)

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
        with self.write_lock, db.write_session(self.engine) as s:
            articles.delete(s, article_id)
