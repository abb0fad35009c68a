"""What every exporter takes as input, and the order quotes are exported in.

An export is a list of :class:`ExportArticle`: one article's read model with the highlights
chosen for export. :func:`order_articles` puts articles in date or title order and each
article's highlights in reading order (orphans, whose positions are meaningless, last).
Exporters keep the order they are given and skip highlights that are in the trash.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Iterable, Literal

from marginalia.core.errors import UsageError
from marginalia.core.records import ArticleDetail, HighlightRecord

SortKey = Literal["date", "title"]

# Cyrillic letters in the order of the Ukrainian and Russian alphabets (merged), so that
# "Ґ", "Є", "І", "Ї" sort where a Ukrainian reader expects them, not after "Я".
_CYRILLIC_ORDER = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя"
_CYRILLIC_RANK = {ch: i for i, ch in enumerate(_CYRILLIC_ORDER)}
_IGNORED_IN_TITLES = re.compile(r"[^\w\s]|_", re.UNICODE)


@dataclass
class ExportArticle:
    """One article and the highlights of it that go into an export."""

    article: ArticleDetail
    highlights: list[HighlightRecord] = field(default_factory=list)


def exportable(highlights: Iterable[HighlightRecord]) -> list[HighlightRecord]:
    """The highlights that are not in the trash, in the order given."""
    return [h for h in highlights if h.deleted is None]


def article_date(article: ArticleDetail) -> date:
    """The date an article is filed under: its publication date, else the day it was imported."""
    if article.published is not None:
        return article.published
    return article.imported.date()


def title_sort_key(title: str) -> tuple:
    """A case-insensitive key that ignores punctuation (``«Title»`` files under T) and ranks
    Cyrillic letters in alphabet order; Latin and other scripts keep code-point order."""
    folded = unicodedata.normalize("NFC", (title or "").casefold())
    folded = _IGNORED_IN_TITLES.sub("", folded).replace("\u0301", "")
    folded = " ".join(folded.split())
    base = 0x10000  # after the Basic Multilingual Plane code points used below
    return tuple(base + _CYRILLIC_RANK[ch] if ch in _CYRILLIC_RANK else ord(ch) for ch in folded)


def _highlight_key(highlight: HighlightRecord) -> tuple:
    if highlight.orphan:
        return (1, 0, 0, _as_utc(highlight.created), highlight.id)
    return (0, highlight.start, highlight.end, _as_utc(highlight.created), highlight.id)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def order_articles(items: Iterable[ExportArticle], by: SortKey = "date", *, newest_first: bool = False) -> list[ExportArticle]:
    """Articles sorted ``by`` date (published, else imported; oldest first unless
    ``newest_first``) or title, each with its highlights by position and orphans last.

    Returns new :class:`ExportArticle` objects; the input is not changed.
    """
    if by not in ("date", "title"):
        raise UsageError(f"Cannot sort an export by {by!r}: use 'date' or 'title'.")
    ordered = [ExportArticle(item.article, sorted(item.highlights, key=_highlight_key)) for item in items]
    if by == "date":
        ordered.sort(key=lambda item: (title_sort_key(item.article.title), item.article.id))
        ordered.sort(key=lambda item: (article_date(item.article), _as_utc(item.article.imported)), reverse=newest_first)
    else:
        ordered.sort(key=lambda item: (title_sort_key(item.article.title), article_date(item.article), item.article.id))
    return ordered


def utc_timestamp(moment: datetime) -> str:
    """``moment`` as an xsd:dateTime in UTC (``2025-11-25T09:30:00Z``). A naive datetime is
    taken to be UTC already, which is how the library stores times."""
    return _as_utc(moment).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
