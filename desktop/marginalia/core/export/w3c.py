"""W3C Web Annotation export: a JSON-LD ``AnnotationCollection`` (Web Annotation Data Model).

One collection whose ``first`` page embeds every annotation (omitted when there are none, as a
page must hold at least one item). Each highlight becomes::

    {"id": "urn:marginalia:highlight:17", "type": "Annotation",
     "motivation": "highlighting" | "commenting",          # commenting when it has a note
     "created": "…Z", "modified": "…Z",
     "body": [{"type": "TextualBody", "value": <note>, "format": "text/markdown",
               "language": "uk", "purpose": "commenting"},
              {"type": "TextualBody", "value": <tag>, "purpose": "tagging"}, …,
              {"type": "TextualBody", "value": <colour meaning>, "purpose": "classifying"}],
     "target": {"source": <article URL, or urn:sha256:<content hash>>,
                "selector": [{"type": "TextQuoteSelector", "exact", "prefix", "suffix"},
                             {"type": "TextPositionSelector", "start", "end"}]}}

The two selectors are alternatives (as the model defines a list of selectors); offsets count
code points in Marginalia's canonical text of the article, so the quote selector is the one to
trust against the live page. Orphaned highlights carry only the quote selector. Times are UTC
(``Z``); naive datetimes are taken as UTC. Ids are derived from the content, so the same
export gives the same document.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Iterable

from marginalia.core.export.model import ExportArticle, exportable, utc_timestamp
from marginalia.core.records import ArticleDetail, HighlightRecord

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_ID_NAMESPACE = uuid.UUID("6f1c1a52-3b0e-4c8e-9a57-6d2f0b8c4e11")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_IRI_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f<>\"{}|\\^`]|\s")


def to_w3c(items: Iterable[ExportArticle], *, label: str = "Marginalia highlights") -> str:
    """The export as a JSON-LD Web Annotation collection (pretty-printed, non-ASCII kept)."""
    annotations = [
        annotation(item.article, highlight)
        for item in items
        for highlight in exportable(item.highlights)
    ]
    key = ",".join(a["id"] + "@" + a["modified"] for a in annotations)
    collection_id = f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'collection:' + key)}"
    collection: dict = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "generator": {"type": "Software", "name": "Marginalia"},
    }
    if annotations:
        collection["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'page:' + key)}",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": annotations,
        }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def annotation(article: ArticleDetail, highlight: HighlightRecord) -> dict:
    """One highlight as a Web Annotation (without ``@context``: it sits inside a collection)."""
    note = (highlight.note or "").strip()
    bodies: list[dict] = []
    if note:
        body = {"type": "TextualBody", "value": highlight.note, "format": "text/markdown", "purpose": "commenting"}
        language = (article.language or "").strip().replace("_", "-")
        if _LANGUAGE_TAG.match(language):
            body["language"] = language
        bodies.append(body)
    for tag in dict.fromkeys(t.strip() for t in highlight.tags):
        if tag:
            bodies.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    meaning = (highlight.color_name or highlight.color or "").strip()
    if meaning:
        bodies.append({"type": "TextualBody", "value": meaning, "purpose": "classifying"})

    selectors: list[dict] = [
        {"type": "TextQuoteSelector", "exact": highlight.quote, "prefix": highlight.prefix, "suffix": highlight.suffix}
    ]
    if not highlight.orphan:
        selectors.append({"type": "TextPositionSelector", "start": highlight.start, "end": highlight.end})

    result: dict = {
        "id": f"urn:marginalia:highlight:{highlight.id}",
        "type": "Annotation",
        "motivation": "commenting" if note else "highlighting",
        "created": utc_timestamp(highlight.created),
        "modified": utc_timestamp(highlight.updated),
    }
    if bodies:
        result["body"] = bodies
    result["target"] = {"source": target_source(article), "selector": selectors}
    return result


def target_source(article: ArticleDetail) -> str:
    """The IRI of the annotated article: its absolute URL, else a URN of its content hash."""
    url = (article.url or "").strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S", url) and not url.lower().startswith(("javascript:", "data:")):
        return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
    if article.content_hash:
        return f"urn:sha256:{article.content_hash}"
    return f"urn:marginalia:article:{article.id}"
