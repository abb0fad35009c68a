"""Tags on articles and highlights: add, remove, rename, merge, delete, counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import func
from sqlmodel import Session, select

from marginalia.core.articles import get as get_article, owe_index
from marginalia.core.errors import NotFound, UsageError
from marginalia.core.models import ArticleTag, HighlightTag, Tag


@dataclass(frozen=True)
class TagCount:
    name: str
    articles: int
    highlights: int

    def to_json(self) -> dict:
        return {"name": self.name, "articles": self.articles, "highlights": self.highlights}


def normalize_tag(name: str) -> str:
    clean = " ".join(name.strip().lstrip("#").split())
    if not clean:
        raise UsageError("a tag cannot be empty")
    if len(clean) > 100:
        raise UsageError("a tag can be at most 100 characters")
    return clean


def tag_key(name: str) -> str:
    return normalize_tag(name).casefold()


def find(session: Session, name: str) -> Tag | None:
    return session.exec(select(Tag).where(Tag.key == tag_key(name))).first()


def ensure_tags(session: Session, names: Iterable[str]) -> list[Tag]:
    out: list[Tag] = []
    for name in names:
        tag = find(session, name)
        if tag is None:
            tag = Tag(name=normalize_tag(name), key=tag_key(name))
            session.add(tag)
            session.flush()
        if tag not in out:
            out.append(tag)
    return out


def add_to_article(session: Session, article_id: int, names: Iterable[str]) -> None:
    get_article(session, article_id)
    for tag in ensure_tags(session, names):
        if session.get(ArticleTag, (article_id, tag.id)) is None:
            session.add(ArticleTag(article_id=article_id, tag_id=tag.id))
    owe_index(session, "article", article_id)


def remove_from_article(session: Session, article_id: int, names: Iterable[str]) -> None:
    get_article(session, article_id)
    for name in names:
        tag = find(session, name)
        link = session.get(ArticleTag, (article_id, tag.id)) if tag else None
        if link is not None:
            session.delete(link)
    owe_index(session, "article", article_id)


def _owe_users(session: Session, tag_id: int) -> None:
    for aid in session.exec(select(ArticleTag.article_id).where(ArticleTag.tag_id == tag_id)).all():
        owe_index(session, "article", aid)
    for hid in session.exec(select(HighlightTag.highlight_id).where(HighlightTag.tag_id == tag_id)).all():
        owe_index(session, "highlight", hid)


def _require(session: Session, name: str) -> Tag:
    tag = find(session, name)
    if tag is None:
        raise NotFound(f"no tag {name!r}")
    return tag


def rename(session: Session, old: str, new: str) -> None:
    tag = _require(session, old)
    target = find(session, new)
    if target is not None and target.id != tag.id:
        raise UsageError(f"a tag {target.name!r} already exists; use merge to combine the two")
    _owe_users(session, tag.id)
    tag.name, tag.key = normalize_tag(new), tag_key(new)


def merge(session: Session, source: str, into: str) -> None:
    """Move every use of ``source`` to ``into`` (created if needed), then delete ``source``."""
    src = _require(session, source)
    (dst,) = ensure_tags(session, [into])
    if src.id == dst.id:
        return
    _owe_users(session, src.id)
    for link in session.exec(select(ArticleTag).where(ArticleTag.tag_id == src.id)).all():
        if session.get(ArticleTag, (link.article_id, dst.id)) is None:
            session.add(ArticleTag(article_id=link.article_id, tag_id=dst.id))
        session.delete(link)
    for link in session.exec(select(HighlightTag).where(HighlightTag.tag_id == src.id)).all():
        if session.get(HighlightTag, (link.highlight_id, dst.id)) is None:
            session.add(HighlightTag(highlight_id=link.highlight_id, tag_id=dst.id))
        session.delete(link)
    session.flush()
    session.delete(src)


def delete(session: Session, name: str) -> None:
    tag = _require(session, name)
    _owe_users(session, tag.id)
    session.delete(tag)


def counts(session: Session) -> list[TagCount]:
    art = dict(session.exec(select(ArticleTag.tag_id, func.count()).group_by(ArticleTag.tag_id)).all())
    hl = dict(session.exec(select(HighlightTag.tag_id, func.count()).group_by(HighlightTag.tag_id)).all())
    tags = session.exec(select(Tag).order_by(Tag.key)).all()
    return [TagCount(t.name, art.get(t.id, 0), hl.get(t.id, 0)) for t in tags]
