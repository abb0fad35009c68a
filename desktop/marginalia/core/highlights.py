"""Highlights on an article's canonical text: create, edit, soft-delete, restore, re-attach.

Session-level functions behind the Library's highlight methods. A highlight is stored with a
position selector and a quote selector (see :mod:`marginalia.core.anchoring`); every change
records index debt for the highlight and its article in the same transaction.
"""

from __future__ import annotations

from datetime import timezone
from typing import Iterable, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from marginalia.core import anchoring
from marginalia.core.articles import get as get_article, owe_index
from marginalia.core.db import utcnow
from marginalia.core.errors import BadInput, NotFound, UsageError
from marginalia.core.models import Article, ColorMeaning, Highlight, HighlightTag, Tag
from marginalia.core.records import ColorMeaning as ColorRecord, HighlightRecord
from marginalia.core.tags import ensure_tags, normalize_tag


def palette(session: Session) -> list[ColorRecord]:
    rows = session.exec(select(ColorMeaning).order_by(ColorMeaning.position)).all()
    return [ColorRecord(key=r.key, name=r.name, hex=r.hex, position=r.position) for r in rows]


def resolve_color(session: Session, color: str | None) -> str:
    """A colour key from a key (``red``), a meaning (``contested claim``) or its first word."""
    colors = palette(session)
    if not color:
        return colors[0].key
    wanted = color.strip().casefold()
    for c in colors:
        if wanted in (c.key.casefold(), c.name.casefold()):
            return c.key
    starts = [c for c in colors if c.name.casefold().startswith(wanted)]
    if len(starts) == 1:
        return starts[0].key
    names = ", ".join(f"{c.key} ({c.name})" for c in colors)
    raise UsageError(f"unknown colour {color!r}; choose one of: {names}")


def set_color_name(session: Session, key: str, name: str) -> list[int]:
    """Rename a colour's meaning; returns the ids of highlights to reindex."""
    row = session.get(ColorMeaning, key)
    if row is None:
        raise NotFound(f"no colour {key!r}")
    if not name.strip():
        raise UsageError("a colour's meaning cannot be empty")
    row.name = name.strip()
    ids = session.exec(select(Highlight.id).where(Highlight.color == key)).all()
    for hid in ids:
        owe_index(session, "highlight", hid)
    return list(ids)


def _tags_of(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    rows = session.exec(select(HighlightTag.highlight_id, Tag.name).join(Tag, Tag.id == HighlightTag.tag_id)
                        .where(col(HighlightTag.highlight_id).in_(list(ids))).order_by(Tag.name)).all()
    out: dict[int, list[str]] = {}
    for hid, name in rows:
        out.setdefault(hid, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _aware(dt):
    return dt.replace(tzinfo=timezone.utc) if dt is not None and dt.tzinfo is None else dt


def records(session: Session, rows: Sequence[Highlight]) -> list[HighlightRecord]:
    tags = _tags_of(session, [h.id for h in rows])
    names = {c.key: c.name for c in palette(session)}
    return [
        HighlightRecord(id=h.id, article_id=h.article_id, start=h.start, end=h.end, quote=h.exact, prefix=h.prefix,
                        suffix=h.suffix, color=h.color, color_name=names.get(h.color, h.color), note=h.note,
                        tags=tags.get(h.id, ()), orphan=h.orphan, created=_aware(h.created),
                        updated=_aware(h.updated), deleted=_aware(h.deleted))
        for h in rows
    ]


def get(session: Session, highlight_id: int) -> Highlight:
    h = session.get(Highlight, highlight_id)
    if h is None:
        raise NotFound(f"no highlight with id {highlight_id}")
    return h


def _recount(session: Session, article_id: int) -> None:
    n = session.exec(select(func.count()).select_from(Highlight)
                     .where(Highlight.article_id == article_id, col(Highlight.deleted).is_(None))).one()
    article = session.get(Article, article_id)
    article.highlight_count = n
    owe_index(session, "article", article_id)


def _owe(session: Session, h: Highlight) -> None:
    owe_index(session, "highlight", h.id)
    _recount(session, h.article_id)


def _set_tags(session: Session, h: Highlight, tags: Iterable[str]) -> None:
    wanted = ensure_tags(session, tags)
    current = {t.tag_id for t in session.exec(select(HighlightTag).where(HighlightTag.highlight_id == h.id)).all()}
    target = {t.id for t in wanted}
    for tid in current - target:
        session.delete(session.get(HighlightTag, (h.id, tid)))
    for tid in target - current:
        session.add(HighlightTag(highlight_id=h.id, tag_id=tid))


def add(session: Session, article_id: int, *, start: int | None = None, end: int | None = None,
        quote: str | None = None, occurrence: int | None = None, color: str | None = None, note: str = "",
        tags: Iterable[str] = ()) -> int:
    article = get_article(session, article_id)
    text = article.text
    if quote is not None:
        if start is not None or end is not None:
            raise UsageError("give either a quote or a start and end, not both")
        found = anchoring.find_quote_all(text, quote)
        if not found:
            anchoring.find_quote(text, quote)  # raises the clear "not found" message
        if occurrence is None:
            if len(found) > 1:
                raise BadInput(f"the quote occurs {len(found)} times; say which with --occurrence 1..{len(found)}")
            occurrence = 1
        start, end = anchoring.find_quote(text, quote, occurrence)
    elif start is None or end is None:
        raise UsageError("a highlight needs a quote, or both start and end offsets")
    sel = anchoring.selector_for_range(text, start, end)
    now = utcnow()
    h = Highlight(article_id=article_id, start=sel.start, end=sel.end, exact=sel.exact, prefix=sel.prefix,
                  suffix=sel.suffix, color=resolve_color(session, color), note=note or "", created=now, updated=now)
    session.add(h)
    session.flush()
    _set_tags(session, h, tags)
    _owe(session, h)
    return h.id


def edit(session: Session, highlight_id: int, *, color: str | None = None, note: str | None = None,
         tags: Iterable[str] | None = None, add_tags: Iterable[str] = (), remove_tags: Iterable[str] = ()) -> None:
    h = get(session, highlight_id)
    if color is not None:
        h.color = resolve_color(session, color)
    if note is not None:
        h.note = note
    if tags is not None:
        _set_tags(session, h, tags)
    if add_tags or remove_tags:
        current = set(_tags_of(session, [h.id]).get(h.id, ()))
        drop = {normalize_tag(t).casefold() for t in remove_tags}
        keep = [t for t in current if t.casefold() not in drop]
        _set_tags(session, h, [*keep, *add_tags])
    h.updated = utcnow()
    _owe(session, h)


def reattach(session: Session, highlight_id: int, start: int, end: int) -> None:
    """Place a highlight (typically an orphan) on a new range of its article's text."""
    h = get(session, highlight_id)
    sel = anchoring.selector_for_range(get_article(session, h.article_id).text, start, end)
    h.start, h.end, h.exact, h.prefix, h.suffix = sel.start, sel.end, sel.exact, sel.prefix, sel.suffix
    h.orphan = False
    h.updated = utcnow()
    _owe(session, h)


def delete(session: Session, highlight_id: int) -> None:
    h = get(session, highlight_id)
    if h.deleted is None:
        h.deleted = utcnow()
        _owe(session, h)


def restore(session: Session, highlight_id: int) -> None:
    h = get(session, highlight_id)
    if h.deleted is not None:
        h.deleted = None
        h.updated = utcnow()
        _owe(session, h)


def empty_trash(session: Session) -> int:
    """Delete for good the highlights that were soft-deleted; returns how many."""
    rows = session.exec(select(Highlight).where(col(Highlight.deleted).is_not(None))).all()
    for h in rows:
        owe_index(session, "highlight", h.id)
        session.delete(h)
    return len(rows)


def listing(session: Session, article_id: int | None = None, *, deleted: bool = False) -> list[Highlight]:
    stmt = select(Highlight)
    if article_id is not None:
        get_article(session, article_id)
        stmt = stmt.where(Highlight.article_id == article_id)
    stmt = stmt.where(col(Highlight.deleted).is_not(None) if deleted else col(Highlight.deleted).is_(None))
    return list(session.exec(stmt.order_by(Highlight.article_id, Highlight.orphan, Highlight.start, Highlight.id)).all())
