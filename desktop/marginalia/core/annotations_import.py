"""Putting highlights from a Marginalia annotations file (our JSON export) onto a library.

Articles are matched by content hash, then URL, then title. Each highlight is re-anchored on the
local text (exact position, quote, fuzzy — as when an article is cleaned again); one that cannot
be placed is kept as an orphan. A highlight already there (same quote at the same place, or the
same orphan quote) is skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from marginalia.core import anchoring
from marginalia.core.articles import owe_index
from marginalia.core.db import utcnow
from marginalia.core.export.json_format import AnnotationSet, ImportedHighlight
from marginalia.core.exporting import AnnotationImportReport
from marginalia.core.highlights import _recount, _set_tags, palette
from marginalia.core.models import Article, Highlight


def match_article(session: Session, entry: AnnotationSet) -> Article | None:
    if entry.content_hash:
        row = session.exec(select(Article).where(Article.content_hash == entry.content_hash)).first()
        if row is not None:
            return row
    if entry.url:
        row = session.exec(select(Article).where(Article.url == entry.url)).first()
        if row is not None:
            return row
    if entry.title:
        rows = session.exec(select(Article).where(Article.title == entry.title)).all()
        if len(rows) == 1:
            return rows[0]
    return None


def _color_key(session: Session, h: ImportedHighlight) -> str:
    colors = palette(session)
    for c in colors:
        if h.color and h.color == c.key:
            return c.key
    for c in colors:
        if h.color_name and h.color_name.casefold() == c.name.casefold():
            return c.key
    return colors[0].key


def apply_set(session: Session, entry: AnnotationSet, report: AnnotationImportReport) -> None:
    article = match_article(session, entry)
    if article is None:
        report.unmatched_articles.append(entry.title or entry.url or entry.content_hash or "?")
        return
    report.matched_articles += 1
    existing = session.exec(select(Highlight).where(Highlight.article_id == article.id,
                                                    col(Highlight.deleted).is_(None))).all()
    seen = {(h.exact, h.start, h.end, h.orphan) for h in existing}
    for item in entry.highlights:
        sel = anchoring.TextSelector(start=item.start, end=item.end, exact=item.exact, prefix=item.prefix,
                                     suffix=item.suffix)
        anchor = anchoring.reanchor(article.text, sel)
        if anchor.status == anchoring.ORPHAN:
            key = (item.exact, item.start, item.end, True)
            placed = sel
        else:
            placed = anchoring.selector_for_range(article.text, anchor.start, anchor.end)
            key = (placed.exact, placed.start, placed.end, False)
        if key in seen or (anchor.status == anchoring.ORPHAN and any(k[0] == item.exact for k in seen)):
            report.skipped_existing += 1
            continue
        seen.add(key)
        now = utcnow()
        h = Highlight(article_id=article.id, start=placed.start, end=placed.end, exact=placed.exact,
                      prefix=placed.prefix, suffix=placed.suffix, color=_color_key(session, item), note=item.note,
                      orphan=anchor.status == anchoring.ORPHAN, created=item.created or now,
                      updated=item.updated or now)
        session.add(h)
        session.flush()
        _set_tags(session, h, item.tags)
        owe_index(session, "highlight", h.id)
        report.added += 1
        report.orphaned += int(h.orphan)
    _recount(session, article.id)
