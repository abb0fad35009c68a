"""Plain-text citations for the clipboard: ``“quote” — Author, Title, Site, 2025-11-25, URL``.

The quote is put on one line (runs of whitespace, line breaks included, become one space).
Ukrainian, Russian and Belarusian articles get the guillemets of their typography
(``«quote»``, with quotes inside it turned into „…“); other languages get “…” (inner ‘…’).
Missing parts (no author, no site, no date, no URL) are left out with their commas; a site
equal to the author or title is not repeated. Dates are ISO (``2025-11-25``) so they read
the same in every language.
"""

from __future__ import annotations

from typing import Iterable

from marginalia.core.export.model import ExportArticle, exportable
from marginalia.core.records import ArticleDetail, HighlightRecord

_GUILLEMET_LANGUAGES = ("uk", "ru", "be")


def citation_text(article: ArticleDetail, highlight: HighlightRecord) -> str:
    """One highlight as a quotation with its source, on a single line."""
    quoted = quote_marks(" ".join(highlight.quote.split()), article.language)
    parts: list[str] = []
    for value in (article.author, article.title, article.site):
        text = " ".join((value or "").split())
        if text and text.casefold() not in (p.casefold() for p in parts):
            parts.append(text)
    if article.published:
        parts.append(article.published.isoformat())
    if article.url and article.url.strip():
        parts.append(article.url.strip())
    return f"{quoted} — {', '.join(parts)}" if parts else quoted


def quote_marks(text: str, language: str | None) -> str:
    """``text`` between the quotation marks of ``language`` (inner marks adjusted)."""
    if (language or "").lower().split("-")[0].split("_")[0] in _GUILLEMET_LANGUAGES:
        return "«" + text.replace("«", "„").replace("»", "“") + "»"
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def to_clipboard(items: Iterable[ExportArticle]) -> str:
    """Every highlight of ``items`` as a citation, separated by blank lines."""
    return "\n\n".join(
        citation_text(item.article, highlight) for item in items for highlight in exportable(item.highlights)
    )
