"""CSV export: one row per quote, for spreadsheets and data tools.

Columns, in this order (:data:`COLUMNS`):

=============== ===================================================================
article_title   the article's title
site            the site or outlet it came from (may be empty)
author          byline as imported (may be empty)
published       publication date, ``YYYY-MM-DD`` (empty when unknown)
url             the article's address (empty for local files and notes)
quote           the highlighted text, exactly (newlines kept inside the quoted cell)
note            the user's note, Markdown source
tags            the highlight's tags, separated by ``", "``
color           the colour key (``yellow``)
color_meaning   what the user said the colour means (``contested claim``)
position        start offset of the quote in the article's text (empty for orphans)
created         when the highlight was made, ISO 8601
updated         when it last changed, ISO 8601
article_id      Marginalia's id of the article
highlight_id    Marginalia's id of the highlight
=============== ===================================================================

Quoting follows RFC 4180 (fields with commas, quotes or line breaks are quoted, ``"`` is
doubled, lines end with CRLF). The text is UTF-8; ``bom=True`` puts a byte-order mark first,
which Excel needs to read non-Latin text such as Cyrillic correctly.

Formula injection: a spreadsheet runs a cell as a formula when it starts with ``=``, ``+``,
``-`` or ``@`` (and some also after a tab or carriage return, or after leading spaces, or with
the full-width forms ``＝ ＋ － ＠``). Following the OWASP advice, any cell whose first
character -- or first character after leading whitespace -- is one of these gets a single
quote ``'`` put in front, so it shows as text. The ``'`` is part of the cell's value in the
file: a quote that starts with a dash (common in Ukrainian reported speech) reads ``'- said
he`` in the CSV. Use the JSON export when exact round-tripping matters.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from marginalia.core.export.model import ExportArticle, exportable
from marginalia.core.records import ArticleDetail, HighlightRecord

COLUMNS: tuple[str, ...] = (
    "article_title",
    "site",
    "author",
    "published",
    "url",
    "quote",
    "note",
    "tags",
    "color",
    "color_meaning",
    "position",
    "created",
    "updated",
    "article_id",
    "highlight_id",
)

FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠")
TAG_SEPARATOR = ", "


def to_csv(items: Iterable[ExportArticle], *, bom: bool = False) -> str:
    """All quotes of ``items`` as CSV text with a header row (prefixed with U+FEFF if ``bom``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for item in items:
        for highlight in exportable(item.highlights):
            writer.writerow([neutralise_formula(cell) for cell in _row(item.article, highlight)])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def neutralise_formula(value: object) -> str:
    """``value`` as cell text that no spreadsheet will evaluate as a formula."""
    text = "" if value is None else str(value)
    first = text.lstrip()
    if text and (text[0] in FORMULA_TRIGGERS or (first and first[0] in FORMULA_TRIGGERS)):
        return "'" + text
    return text


def _row(article: ArticleDetail, highlight: HighlightRecord) -> list[object]:
    return [
        article.title,
        article.site or "",
        article.author or "",
        article.published.isoformat() if article.published else "",
        article.url or "",
        highlight.quote,
        highlight.note,
        TAG_SEPARATOR.join(highlight.tags),
        highlight.color,
        highlight.color_name,
        "" if highlight.orphan else highlight.start,
        highlight.created.isoformat(timespec="seconds"),
        highlight.updated.isoformat(timespec="seconds"),
        article.id,
        highlight.id,
    ]
