"""Keeping the search index in step with the database (the truth).

Every write records *index debt* (``index_debt`` rows) in its own transaction; :func:`settle`
turns debt into index updates and clears it, under the library's write lock so no newer debt for
the same document is lost. A missing or unreadable index is rebuilt from the database;
:func:`check` compares both sides through a version stamp per document.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import timezone
from typing import Callable, Iterator, Sequence

from sqlalchemy import text as sql_text
from sqlmodel import Session, col, select

from marginalia.core.highlights import palette
from marginalia.core.models import Article, ArticleTag, Highlight, HighlightTag, IndexDebt, Tag
from marginalia.core.search.schema import ArticleDoc, HighlightDoc

BATCH = 400
#: Documents per index commit in the import's index process (fewer, bigger Whoosh commits).
PROCESS_BATCH = 500


def _aware(dt):
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def _stamp(*parts) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:16]


def _article_tags(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for i in range(0, len(ids), 900):
        rows = session.exec(select(ArticleTag.article_id, Tag.name).join(Tag, Tag.id == ArticleTag.tag_id)
                            .where(col(ArticleTag.article_id).in_(ids[i:i + 900]))).all()
        for aid, name in rows:
            out.setdefault(aid, []).append(name)
    return out


def _highlight_tags(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for i in range(0, len(ids), 900):
        rows = session.exec(select(HighlightTag.highlight_id, Tag.name).join(Tag, Tag.id == HighlightTag.tag_id)
                            .where(col(HighlightTag.highlight_id).in_(ids[i:i + 900]))).all()
        for hid, name in rows:
            out.setdefault(hid, []).append(name)
    return out


def _notes_by_article(session: Session, ids: Sequence[int]) -> set[int]:
    out: set[int] = set()
    for i in range(0, len(ids), 900):
        rows = session.exec(select(Highlight.article_id).where(
            col(Highlight.article_id).in_(ids[i:i + 900]), col(Highlight.deleted).is_(None), Highlight.note != "")
        ).all()
        out.update(rows)
    return out


def article_docs(session: Session, ids: Sequence[int], *, with_body: bool = True) -> list[ArticleDoc]:
    ids = list(ids)
    rows: list[Article] = []
    for i in range(0, len(ids), 900):
        rows.extend(session.exec(select(Article).where(col(Article.id).in_(ids[i:i + 900]))).all())
    tags = _article_tags(session, ids)
    noted = _notes_by_article(session, ids)
    docs = []
    for a in rows:
        t = sorted(tags.get(a.id, []))
        has_notes = bool(a.note.strip()) or a.id in noted
        version = _stamp(a.title, a.content_hash, a.author, a.site, a.url, t, a.language, a.published, a.is_read,
                         a.highlight_count > 0, has_notes)
        docs.append(ArticleDoc(id=a.id, title=a.title, body=a.text if with_body else "", author=a.author,
                               site=a.site, url=a.url, tags=t, language=a.language, published=a.published,
                               imported=_aware(a.imported), is_read=a.is_read, has_highlights=a.highlight_count > 0,
                               has_notes=has_notes, version=version))
    return docs


def highlight_docs(session: Session, ids: Sequence[int]) -> list[HighlightDoc]:
    ids = list(ids)
    rows = []
    for i in range(0, len(ids), 900):
        rows.extend(session.exec(
            select(Highlight, Article.title, Article.published).join(Article, Article.id == Highlight.article_id)
            .where(col(Highlight.id).in_(ids[i:i + 900]), col(Highlight.deleted).is_(None))).all())
    tags = _highlight_tags(session, ids)
    names = {c.key: c.name for c in palette(session)}
    docs = []
    for h, title, published in rows:
        t = sorted(tags.get(h.id, []))
        cname = names.get(h.color, h.color)
        version = _stamp(h.exact, h.note, t, h.color, cname, title, published)
        docs.append(HighlightDoc(id=h.id, article_id=h.article_id, article_title=title, quote=h.exact, note=h.note,
                                 tags=t, color=h.color, color_name=cname, created=_aware(h.created),
                                 published=published, version=version))
    return docs


def settle(session_factory, index, *, limit: int | None = None) -> int:
    """Apply pending index debt in batches; returns how many documents were refreshed.

    The caller holds the library's write lock (no write may add debt while a batch is applied).
    """
    done = 0
    while limit is None or done < limit:
        with session_factory() as s:
            debts = s.exec(select(IndexDebt).order_by(IndexDebt.id).limit(BATCH)).all()
            if not debts:
                break
            art_ids = [d.target_id for d in debts if d.kind == "article"]
            hl_ids = [d.target_id for d in debts if d.kind == "highlight"]
            upsert = [*article_docs(s, art_ids), *highlight_docs(s, hl_ids)]
            present = {d.key for d in upsert}
            delete = [(d.kind, d.target_id) for d in debts if (d.kind, d.target_id) not in present]
            index.apply(upsert=upsert, delete=delete)
            s.exec(sql_text(f"DELETE FROM index_debt WHERE id IN ({','.join(str(d.id) for d in debts)})"))
            s.commit()
            done += len(debts)
    return done


def all_docs(session_factory) -> Iterator[ArticleDoc | HighlightDoc]:
    """Every document of the library, streamed in batches (for a rebuild)."""
    with session_factory() as s:
        art_ids = list(s.exec(select(Article.id).order_by(Article.id)).all())
        hl_ids = list(s.exec(select(Highlight.id).where(col(Highlight.deleted).is_(None)).order_by(Highlight.id)).all())
    for i in range(0, len(art_ids), BATCH):
        with session_factory() as s:
            yield from article_docs(s, art_ids[i:i + BATCH])
    for i in range(0, len(hl_ids), BATCH):
        with session_factory() as s:
            yield from highlight_docs(s, hl_ids[i:i + BATCH])


@dataclass
class CheckReport:
    """What ``marginalia check`` found."""

    integrity: str = "ok"
    foreign_key_errors: int = 0
    articles: int = 0
    highlights: int = 0
    index_documents: int = 0
    pending_debt: int = 0
    missing_from_index: list[str] = field(default_factory=list)
    extra_in_index: list[str] = field(default_factory=list)
    stale_in_index: list[str] = field(default_factory=list)
    index_error: str | None = None

    @property
    def ok(self) -> bool:
        return (self.integrity == "ok" and not self.foreign_key_errors and not self.missing_from_index
                and not self.extra_in_index and not self.stale_in_index and not self.index_error)

    def to_json(self) -> dict:
        return {"ok": self.ok, "integrity": self.integrity, "foreign_key_errors": self.foreign_key_errors,
                "articles": self.articles, "highlights": self.highlights, "index_documents": self.index_documents,
                "pending_debt": self.pending_debt, "missing_from_index": self.missing_from_index[:100],
                "extra_in_index": self.extra_in_index[:100], "stale_in_index": self.stale_in_index[:100],
                "index_error": self.index_error}


def check(session_factory, index_keys: dict | None, index_error: str | None) -> CheckReport:
    report = CheckReport(index_error=index_error)
    with session_factory() as s:
        report.integrity = "; ".join(r[0] for r in s.exec(sql_text("PRAGMA integrity_check")).all())
        report.foreign_key_errors = len(s.exec(sql_text("PRAGMA foreign_key_check")).all())
        report.pending_debt = s.exec(sql_text("SELECT count(*) FROM index_debt")).scalar()
    expected: dict[tuple[str, int], str] = {}
    for doc in all_docs(session_factory):
        expected[doc.key] = doc.version
    report.articles = sum(1 for k in expected if k[0] == "article")
    report.highlights = len(expected) - report.articles
    if index_keys is None:
        return report
    report.index_documents = len(index_keys)
    for key, version in expected.items():
        if key not in index_keys:
            report.missing_from_index.append(f"{key[0]} {key[1]}")
        elif index_keys[key] != version:
            report.stale_in_index.append(f"{key[0]} {key[1]}")
    report.extra_in_index = [f"{k[0]} {k[1]}" for k in index_keys if k not in expected]
    return report


# -- the import's index process -----------------------------------------------------------------

def settle_unlocked(engine, index, *, keep_going: Callable[[], bool] = lambda: True,
                    batch: int = PROCESS_BATCH) -> int:
    """Pay index debt without holding the library's write lock (the index process of a large
    import, while the importer goes on storing). Documents are read in one read transaction,
    the index is written, then exactly the debt rows read are deleted in a short write
    transaction: a document changed meanwhile has had its debt row moved to a new id
    (``articles.OWE_INDEX_SQL``), so that change stays owed. Returns documents refreshed."""
    from marginalia.core import db

    done = 0
    while keep_going():
        with db.read_session(engine) as s:
            debts = s.exec(select(IndexDebt.id, IndexDebt.kind, IndexDebt.target_id)
                           .order_by(IndexDebt.id).limit(batch)).all()
            if not debts:
                break
            upsert = [*article_docs(s, [t for _, k, t in debts if k == "article"]),
                      *highlight_docs(s, [t for _, k, t in debts if k == "highlight"])]
        present = {d.key for d in upsert}
        delete = [(k, t) for _, k, t in debts if (k, t) not in present]
        index.apply(upsert=upsert, delete=delete)
        with db.write_session(engine) as s:
            s.exec(sql_text(f"DELETE FROM index_debt WHERE id IN ({','.join(str(d[0]) for d in debts)})"))
        done += len(debts)
    return done


def _parent_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, not ours to signal
        return True
    return True


def index_process_main(conn, db_path: str, index_dir: str, parent_pid: int) -> None:
    """Entry point of the index process: each ``"settle"`` (or the last round's ``"finish"``)
    received pays all debt present and answers ``("ok", documents, busy_seconds)`` or
    ``("error", kind, message)``; ``None`` or a closed pipe ends it. Stops between batches when
    the parent process is gone (kill -9)."""
    import time
    from pathlib import Path

    from marginalia.core import db
    from marginalia.core.search.index import IndexDamaged, SearchIndex

    engine = db.make_engine(Path(db_path))
    index = None
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            started = time.process_time()
            try:
                if index is None:
                    index = SearchIndex.open(Path(index_dir))
                    default_merge = index.merge_docs
                # The import waits for its last round: no merge in it (a merge costs about as
                # much as indexing again); the next import's rounds merge what is left.
                index.merge_docs = 0 if message == "finish" else default_merge
                count = settle_unlocked(engine, index, keep_going=lambda: _parent_alive(parent_pid))
                conn.send(("ok", count, time.process_time() - started))
            except IndexDamaged as exc:
                conn.send(("damaged", type(exc).__name__, str(exc)))
            except Exception as exc:  # the parent pays the debt itself; say why
                conn.send(("error", type(exc).__name__, str(exc)[:300]))
    finally:
        if index is not None:
            index.close()
        engine.dispose()
