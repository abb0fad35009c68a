"""Article storage and queries on a session: the SQL behind the Library's article methods."""

from __future__ import annotations

import hashlib
from datetime import timezone
from typing import Sequence

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from marginalia.core.blocks import blocks_from_json, blocks_to_json, word_count
from marginalia.core.db import utcnow
from marginalia.core.errors import NotFound, UsageError
from marginalia.core.importing.article import CleanedArticle, content_hash
from marginalia.core.importing.pipeline import CLEANER_VERSION, PreparedArticle
from marginalia.core.models import Article, ArticleTag, IndexDebt, RawInput, Tag
from marginalia.core.records import ArticleDetail, ArticleSummary

SORT_COLUMNS = {
    "title": Article.title,
    "site": Article.site,
    "published": Article.published,
    "imported": Article.imported,
    "highlights": Article.highlight_count,
    "words": Article.word_count,
    "id": Article.id,
}


def raw_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_raw_hashes(session: Session, digests: Sequence[str]) -> dict[str, int]:
    """Which of these raw-input hashes the library already holds: hash -> article id."""
    out: dict[str, int] = {}
    digests = list(digests)
    for i in range(0, len(digests), 900):
        rows = session.exec(select(RawInput.raw_hash, RawInput.article_id)
                            .where(col(RawInput.raw_hash).in_(digests[i:i + 900]))).all()
        out.update({h: aid for h, aid in rows})
    return out


def find_by_raw_hash(session: Session, digest: str) -> int | None:
    return session.exec(select(RawInput.article_id).where(RawInput.raw_hash == digest)).first()


def find_by_content_hash(session: Session, digest: str) -> int | None:
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        row = cursor.execute("SELECT id FROM article WHERE content_hash = ? LIMIT 1", (digest,)).fetchone()
    finally:
        cursor.close()
    return row[0] if row else None


# A write to a document that already owes an index update moves its debt row to a new, higher
# id. An index writer that read the old row (and the old document) deletes only the ids it read,
# so the newer change stays owed even when that writer runs without the library's write lock
# (the import's index process, see index_keeper.IndexProcess).
OWE_INDEX_SQL = ("INSERT INTO index_debt (kind, target_id) VALUES (?, ?) ON CONFLICT(kind, target_id) "
                 "DO UPDATE SET id = (SELECT max(id) + 1 FROM index_debt)")


def owe_index(session: Session, kind: str, target_id: int) -> None:
    """Record, in the caller's transaction, that the index must refresh this document."""
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(OWE_INDEX_SQL, (kind, target_id))
    finally:
        cursor.close()


_INSERT_ARTICLE = (
    "INSERT INTO article (title, author, site, url, published, imported, updated, language, word_count, kind, "
    "content_hash, text, blocks_json, note, is_read, read_position, highlight_count, cleaner_version, source_path) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, 0, 0, ?, ?)"
)
_INSERT_RAW = ("INSERT INTO raw_input (article_id, data, raw_hash, filename, source_path, encoding, size, imported) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def sql_datetime(moment) -> str:
    """A datetime as SQLAlchemy stores DateTime in SQLite (UTC, no offset), for raw inserts."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_article(session: Session, cleaned: CleanedArticle, *, data: bytes, digest: str, filename: str | None,
                   source_path: str | None, prepared: "PreparedArticle | None" = None) -> int:
    """Insert an article, its raw input and its index debt. Plain DB-API statements: this is the
    hot path of a large import, where building SQLAlchemy statements cost more than SQLite.
    ``prepared`` carries the text, hashes, word count and blocks JSON computed in the worker."""
    now = sql_datetime(utcnow())
    if prepared is None:
        text = cleaned.text
        words, text_hash, blocks_json = word_count(text), content_hash(cleaned.title, text), blocks_to_json(cleaned.blocks)
    else:
        text, words, text_hash, blocks_json = prepared.text, prepared.word_count, prepared.content_hash, prepared.blocks_json
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(_INSERT_ARTICLE, (
            cleaned.title.strip()[:1000], cleaned.author, cleaned.site, cleaned.url,
            cleaned.published.isoformat() if cleaned.published else None, now, now, cleaned.language,
            words, cleaned.kind, text_hash, text, blocks_json, CLEANER_VERSION, source_path))
        article_id = cursor.lastrowid
        cursor.execute(_INSERT_RAW, (article_id, data, digest, filename, source_path, cleaned.encoding, len(data), now))
        cursor.execute(OWE_INDEX_SQL, ("article", article_id))
    finally:
        cursor.close()
    return article_id


def _aware(dt):
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def tags_for(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    rows = session.exec(
        select(ArticleTag.article_id, Tag.name).join(Tag, Tag.id == ArticleTag.tag_id)
        .where(col(ArticleTag.article_id).in_(list(ids))).order_by(Tag.name)
    ).all()
    out: dict[int, list[str]] = {}
    for aid, name in rows:
        out.setdefault(aid, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _summary_fields(a: Article, tags: tuple[str, ...]) -> dict:
    return dict(id=a.id, title=a.title, site=a.site, author=a.author, url=a.url, published=a.published,
                imported=_aware(a.imported), language=a.language, word_count=a.word_count, tags=tags,
                highlight_count=a.highlight_count, is_read=a.is_read)


_SUMMARY_COLUMNS = (Article.id, Article.title, Article.site, Article.author, Article.url, Article.published,
                    Article.imported, Article.language, Article.word_count, Article.highlight_count, Article.is_read)


def _filtered(stmt, *, filter_text: str | None, tag: str | None, unread_only: bool):
    if filter_text:
        like = "%" + filter_text.strip().casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(*(func.casefold(c).like(like, escape="\\")
                                for c in (Article.title, Article.site, Article.author))))
    if tag:
        from marginalia.core.tags import tag_key

        stmt = stmt.where(col(Article.id).in_(
            select(ArticleTag.article_id).join(Tag, Tag.id == ArticleTag.tag_id).where(Tag.key == tag_key(tag))))
    if unread_only:
        stmt = stmt.where(Article.is_read == False)  # noqa: E712 - SQL expression
    return stmt


def list_summaries(session: Session, *, offset: int = 0, limit: int | None = None, sort: str = "imported",
                   descending: bool = True, filter_text: str | None = None, tag: str | None = None,
                   unread_only: bool = False, ids: Sequence[int] | None = None) -> list[ArticleSummary]:
    if sort not in SORT_COLUMNS:
        raise UsageError(f"cannot sort by {sort!r}; choose one of {', '.join(SORT_COLUMNS)}")
    column = SORT_COLUMNS[sort]
    order = [column.desc() if descending else column.asc(), Article.id.desc() if descending else Article.id.asc()]
    stmt = _filtered(select(*_SUMMARY_COLUMNS), filter_text=filter_text, tag=tag, unread_only=unread_only)
    if ids is not None:
        stmt = stmt.where(col(Article.id).in_(list(ids)))
    stmt = stmt.order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.exec(stmt).all()
    tags = tags_for(session, [r[0] for r in rows])
    return [
        ArticleSummary(id=r[0], title=r[1], site=r[2], author=r[3], url=r[4], published=r[5], imported=_aware(r[6]),
                       language=r[7], word_count=r[8], tags=tags.get(r[0], ()), highlight_count=r[9], is_read=r[10])
        for r in rows
    ]


def count(session: Session, *, filter_text: str | None = None, tag: str | None = None, unread_only: bool = False) -> int:
    stmt = _filtered(select(func.count()).select_from(Article), filter_text=filter_text, tag=tag, unread_only=unread_only)
    return session.exec(stmt).one()


def get(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id}")
    return article


def detail(session: Session, article_id: int) -> ArticleDetail:
    a = get(session, article_id)
    tags = tags_for(session, [a.id]).get(a.id, ())
    return ArticleDetail(**_summary_fields(a, tags), text=a.text, blocks=tuple(blocks_from_json(a.blocks_json)),
                         note=a.note, content_hash=a.content_hash, kind=a.kind, source_path=a.source_path,
                         read_position=a.read_position)


def delete(session: Session, article_id: int) -> None:
    """Delete an article with its raw input, tags links and highlights (index debt for all)."""
    from marginalia.core.models import Highlight

    article = get(session, article_id)
    for hid in session.exec(select(Highlight.id).where(Highlight.article_id == article_id)).all():
        owe_index(session, "highlight", hid)
    session.delete(article)
    owe_index(session, "article", article_id)


def touch(article: Article) -> None:
    article.updated = utcnow()


def mark_debt_done(session: Session, debts: Sequence[IndexDebt]) -> None:
    for d in debts:
        session.delete(d)
