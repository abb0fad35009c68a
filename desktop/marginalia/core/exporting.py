"""Export use cases: choose what goes out (scope), render a format, write it safely; and put
exported annotations back onto the matching articles of a library.

Scopes combine as a union: articles by id, a tag (articles with the tag and highlights with it),
a search query (the highlights it finds, or every highlight of the articles it finds), explicit
highlight ids; no scope at all means the whole library (articles that have highlights).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from marginalia.core.errors import UsageError
from marginalia.core.export import clipboard, csl, csv_format, json_format, markdown, w3c
from marginalia.core.export.model import ExportArticle, exportable, order_articles

FORMATS = ("markdown", "csv", "json", "w3c", "csl", "clipboard")
EXTENSIONS = {"markdown": ".md", "csv": ".csv", "json": ".json", "w3c": ".jsonld", "csl": ".json", "clipboard": ".txt"}


@dataclass(frozen=True)
class Scope:
    """What to export. Empty means the whole library."""

    article_ids: tuple[int, ...] = ()
    tag: str | None = None
    query: str | None = None
    query_scope: str = "highlights"  # or "articles"
    highlight_ids: tuple[int, ...] = ()
    order: str = "date"

    @property
    def is_library(self) -> bool:
        return not (self.article_ids or self.tag or self.query or self.highlight_ids)


def gather(lib, scope: Scope) -> list[ExportArticle]:
    """The articles and highlights a scope selects, in export order."""
    if scope.query_scope not in ("highlights", "articles"):
        raise UsageError("query scope must be 'highlights' or 'articles'")
    whole: set[int] = set()            # articles exported with all their highlights
    chosen: dict[int, set[int]] = {}   # article id -> chosen highlight ids
    whole.update(scope.article_ids)
    if scope.tag:
        whole.update(a.id for a in lib.list_articles(tag=scope.tag))
        wanted = scope.tag.casefold()
        for h in lib.list_highlights():
            if any(t.casefold() == wanted for t in h.tags):
                chosen.setdefault(h.article_id, set()).add(h.id)
    if scope.query:
        kind = "highlight" if scope.query_scope == "highlights" else "article"
        for hit in lib.search(scope.query, limit=10_000, kind=kind):
            if kind == "article":
                whole.add(hit.article_id)
            else:
                chosen.setdefault(hit.article_id, set()).add(hit.highlight_id)
    for hid in scope.highlight_ids:
        h = lib.get_highlight(hid)
        chosen.setdefault(h.article_id, set()).add(h.id)
    if scope.is_library:
        whole.update(a.id for a in lib.list_articles() if a.highlight_count)
    items = []
    for aid in sorted(whole | set(chosen)):
        highlights = exportable(lib.list_highlights(aid))
        if aid not in whole:
            highlights = [h for h in highlights if h.id in chosen[aid]]
        items.append(ExportArticle(lib.get_article(aid), highlights))
    return order_articles(items, by=scope.order)


def render(items: Sequence[ExportArticle], fmt: str, *, bom: bool = False) -> str:
    if fmt == "markdown":
        return markdown.to_markdown(items)
    if fmt == "csv":
        return csv_format.to_csv(items, bom=bom)
    if fmt == "json":
        return json_format.to_json(items)
    if fmt == "w3c":
        return w3c.to_w3c(items)
    if fmt == "csl":
        return csl.to_csl(items)
    if fmt == "clipboard":
        return clipboard.to_clipboard(items)
    raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


@dataclass
class AnnotationImportReport:
    """What ``import-annotations`` did."""

    added: int = 0
    skipped_existing: int = 0
    orphaned: int = 0
    unmatched_articles: list[str] = field(default_factory=list)
    matched_articles: int = 0

    def to_json(self) -> dict:
        return {"added": self.added, "skipped_existing": self.skipped_existing, "orphaned": self.orphaned,
                "matched_articles": self.matched_articles, "unmatched_articles": self.unmatched_articles}
