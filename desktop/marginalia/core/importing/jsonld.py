"""JSON-LD in saved pages: the article object, named references, the site's name.

Read iteratively with bounds (depth, objects, characters), so a hostile page cannot exhaust
the stack or the memory of the cleaner.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from lxml.html import HtmlElement

from marginalia.core.blocks import normalize_inline


def first_text(*values: Any) -> str | None:
    """The first non-blank string among ``values``, with its whitespace normalised."""
    for v in values:
        if isinstance(v, str) and v.strip():
            return normalize_inline(v)
    return None


ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
    "scholarlyarticle", "techarticle", "report", "socialmediaposting", "posting",
}
PAGE_TYPES = {"webpage", "itempage", "collectionpage"}
_MAX_JSON_CHARS = 2_000_000


@dataclass
class LinkedData:
    """The page's JSON-LD: its article object, every object by ``@id``, the WebSite's name."""

    article: dict = field(default_factory=dict)
    by_id: dict[str, dict] = field(default_factory=dict)
    website_name: str | None = None

    def resolve(self, value: Any) -> Any:
        """A ``{"@id": ...}`` reference replaced by the object it names, when the page has it."""
        if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value

    def name_of(self, value: Any) -> str | None:
        for item in as_list(value):
            item = self.resolve(item)
            if isinstance(item, str) and not item.startswith(("http:", "https:", "/")):
                return first_text(item)
            if isinstance(item, dict):
                name = first_text(item.get("name"))
                if name:
                    return name
        return None

    def authors_of(self, value: Any) -> str | None:
        names: list[str] = []
        for item in as_list(value)[:10]:
            name = self.name_of(item)
            if name and name not in names:
                names.append(name)
        return ", ".join(names) or None


def linked_data(scripts: list[HtmlElement]) -> LinkedData:
    """Read every JSON-LD script; the article is the first Article-like object, else a WebPage."""
    ld = LinkedData()
    pages: list[dict] = []
    for script in scripts:
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = (script.text or "").strip()
        if not text or len(text) > _MAX_JSON_CHARS:
            continue
        for obj in _walk_ld(_loads(text)):
            if isinstance(obj.get("@id"), str) and len(obj) > 1:
                ld.by_id.setdefault(obj["@id"], obj)
            types = {t.lower().rsplit("/", 1)[-1] for t in as_list(obj.get("@type")) if isinstance(t, str)}
            if types & ARTICLE_TYPES and not ld.article:
                ld.article = obj
            elif types & PAGE_TYPES:
                pages.append(obj)
            elif "website" in types and ld.website_name is None:
                ld.website_name = first_text(obj.get("name"))
    if not ld.article and pages:
        ld.article = pages[0]
    return ld


def _loads(text: str) -> Any:
    text = re.sub(r"^\s*(?:<!\[CDATA\[|/\*<!\[CDATA\[\*/)|(?:\]\]>|/\*\]\]>\*/)\s*$", "", text)
    for candidate in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _walk_ld(data: Any) -> Iterator[dict]:
    """Objects of a JSON-LD document in document order, looking into lists, ``@graph`` and
    ``mainEntity``; iterative and bounded so hostile nesting cannot exhaust the stack."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    seen = 0
    while stack and seen < 10_000:
        item, depth = stack.pop()
        seen += 1
        if depth > 8:
            continue
        if isinstance(item, list):
            stack.extend((x, depth + 1) for x in reversed(item))
        elif isinstance(item, dict):
            yield item
            children = [item[k] for k in ("@graph", "mainEntity", "mainEntityOfPage") if isinstance(item.get(k), (list, dict))]
            stack.extend((x, depth + 1) for x in reversed(children))


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]
