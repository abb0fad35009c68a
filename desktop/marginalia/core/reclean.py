"""Cleaning stored articles again (after the cleaner improves) and moving their highlights.

Each article's kept raw input goes through the same worker pipeline as an import; the new text
replaces the old in one transaction together with every highlight's new place: exact, moved,
fuzzy — or orphan, which keeps its quote and note to be re-attached by hand. Nothing is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from marginalia.core import anchoring
from marginalia.core.articles import owe_index
from marginalia.core.blocks import blocks_to_json
from marginalia.core.db import utcnow
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.importing.pipeline import CLEANER_VERSION
from marginalia.core.models import Article, Highlight


_COUNTERS = {anchoring.EXACT: "exact", anchoring.MOVED: "moved", anchoring.FUZZY: "fuzzy", anchoring.ORPHAN: "orphaned"}


@dataclass
class RecleanReport:
    articles: int = 0
    changed: int = 0
    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    failed: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"articles": self.articles, "changed": self.changed, "exact": self.exact, "moved": self.moved,
                "fuzzy": self.fuzzy, "orphaned": self.orphaned, "failed": self.failed}


def apply_cleaned(session: Session, article_id: int, cleaned: CleanedArticle, report: RecleanReport) -> None:
    """Store a new cleaning of an article and re-anchor all its highlights (deleted ones too)."""
    article = session.get(Article, article_id)
    report.articles += 1
    new_text = cleaned.text
    changed = new_text != article.text
    article.title = cleaned.title or article.title
    article.author = cleaned.author or article.author
    article.site = cleaned.site or article.site
    article.url = cleaned.url or article.url
    article.published = cleaned.published or article.published
    article.language = cleaned.language or article.language
    article.word_count = cleaned.word_count
    article.kind = cleaned.kind
    article.content_hash = cleaned.content_hash
    article.text = new_text
    article.blocks_json = blocks_to_json(cleaned.blocks)
    article.cleaner_version = CLEANER_VERSION
    article.updated = utcnow()
    owe_index(session, "article", article_id)
    if changed:
        report.changed += 1
    for h in session.exec(select(Highlight).where(Highlight.article_id == article_id)).all():
        counter = _COUNTERS[move_highlight(h, new_text)]
        setattr(report, counter, getattr(report, counter) + 1)
        owe_index(session, "highlight", h.id)


def move_highlight(h: Highlight, new_text: str) -> str:
    """Re-anchor one highlight on ``new_text``; returns its status. Orphans keep their selector."""
    old = anchoring.TextSelector(start=h.start, end=h.end, exact=h.exact, prefix=h.prefix, suffix=h.suffix)
    anchor = anchoring.reanchor(new_text, old)
    if anchor.status == anchoring.ORPHAN:
        h.orphan = True
        return anchor.status
    sel = anchoring.selector_for_range(new_text, anchor.start, anchor.end)
    h.start, h.end, h.exact, h.prefix, h.suffix = sel.start, sel.end, sel.exact, sel.prefix, sel.suffix
    h.orphan = False
    return anchor.status
