"""Marginalia's own annotation file: a versioned JSON export that can be imported again.

Shape (version 1)::

    {"format": "marginalia-annotations", "version": 1, "exported": "2025-11-26T10:00:00Z",
     "articles": [{"content_hash": "…", "url": "…" | null, "title": "…", "site": … | null,
                   "author": … | null, "published": "YYYY-MM-DD" | null,
                   "highlights": [{"id": 17, "start": 120, "end": 164, "exact": "…",
                                   "prefix": "…", "suffix": "…", "color": "yellow",
                                   "color_name": "contested claim", "note": "…",
                                   "tags": ["…"], "created": "…", "updated": "…",
                                   "orphan": false}]}]}

:func:`read_annotations` is the strict reader used by ``import-annotations``: it accepts what
:func:`to_json` writes (and ignores keys it does not know, so later minor additions stay
readable) and raises :class:`BadInput` with a one-line reason for anything else. An article is
matched on import by ``content_hash``, else ``url``; one of the two must be present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Iterable

from marginalia.core.errors import BadInput
from marginalia.core.export.model import ExportArticle, exportable, utc_timestamp

FORMAT_NAME = "marginalia-annotations"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ImportedHighlight:
    """One highlight read from an annotations file (ids are those of the exporting library)."""

    id: int | None
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    color: str = ""
    color_name: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    created: datetime | None = None
    updated: datetime | None = None
    orphan: bool = False


@dataclass(frozen=True)
class AnnotationSet:
    """The highlights of one article as read from an annotations file."""

    content_hash: str | None
    url: str | None
    title: str
    site: str | None = None
    author: str | None = None
    published: date | None = None
    highlights: tuple[ImportedHighlight, ...] = field(default_factory=tuple)


def to_json(items: Iterable[ExportArticle], *, exported: datetime | None = None) -> str:
    """The export as pretty-printed UTF-8 JSON text (non-ASCII kept as is)."""
    moment = exported or datetime.now(timezone.utc)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": utc_timestamp(moment),
        "articles": [_article_json(item) for item in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _article_json(item: ExportArticle) -> dict:
    article = item.article
    return {
        "content_hash": article.content_hash,
        "url": article.url,
        "title": article.title,
        "site": article.site,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "highlights": [
            {
                "id": h.id,
                "start": h.start,
                "end": h.end,
                "exact": h.quote,
                "prefix": h.prefix,
                "suffix": h.suffix,
                "color": h.color,
                "color_name": h.color_name,
                "note": h.note,
                "tags": list(h.tags),
                "created": h.created.isoformat(timespec="seconds"),
                "updated": h.updated.isoformat(timespec="seconds"),
                "orphan": h.orphan,
            }
            for h in exportable(item.highlights)
        ],
    }


def read_annotations(data: str | bytes) -> list[AnnotationSet]:
    """Parse and validate an annotations file; raise :class:`BadInput` if it is not one."""
    document = _load(data)
    if isinstance(document, list):
        raise BadInput("Not a Marginalia annotations file: it is a JSON list (a CSL bibliography?), expected an object.")
    if not isinstance(document, dict):
        raise BadInput("Not a Marginalia annotations file: expected a JSON object.")
    kind = document.get("format")
    if kind != FORMAT_NAME:
        if document.get("type") == "AnnotationCollection" or "@context" in document:
            raise BadInput("This is a W3C Web Annotation file; import reads Marginalia's own JSON export (--format json).")
        raise BadInput(f'Not a Marginalia annotations file: "format" should be "{FORMAT_NAME}".')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BadInput('Not a valid Marginalia annotations file: "version" must be a positive whole number.')
    if version > FORMAT_VERSION:
        raise BadInput(f"This annotations file is version {version}, made by a newer Marginalia; this one reads version {FORMAT_VERSION}.")
    articles = document.get("articles")
    if not isinstance(articles, list):
        raise BadInput('Not a valid Marginalia annotations file: "articles" must be a list.')
    return [_read_article(entry, f"articles[{i}]") for i, entry in enumerate(articles)]


def _load(data: str | bytes) -> Any:
    try:
        if isinstance(data, str):
            return json.loads(data.lstrip("\ufeff"))
        return json.loads(data)
    except UnicodeDecodeError:
        raise BadInput("The annotations file is not UTF-8 text.") from None
    except json.JSONDecodeError as err:
        raise BadInput(f"The annotations file is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}).") from None


def _read_article(entry: Any, where: str) -> AnnotationSet:
    _expect(isinstance(entry, dict), where, "must be an object")
    content_hash = _optional_str(entry, "content_hash", where)
    url = _optional_str(entry, "url", where)
    _expect(bool(content_hash or url), where, 'needs a "content_hash" or a "url" to find its article')
    highlights = entry.get("highlights")
    _expect(isinstance(highlights, list), f"{where}.highlights", "must be a list")
    return AnnotationSet(
        content_hash=content_hash or None,
        url=url or None,
        title=_optional_str(entry, "title", where) or "",
        site=_optional_str(entry, "site", where),
        author=_optional_str(entry, "author", where),
        published=_parse(entry, "published", where, date.fromisoformat, "a date like 2025-11-25"),
        highlights=tuple(_read_highlight(h, f"{where}.highlights[{i}]") for i, h in enumerate(highlights)),
    )


def _read_highlight(entry: Any, where: str) -> ImportedHighlight:
    _expect(isinstance(entry, dict), where, "must be an object")
    exact = entry.get("exact")
    _expect(isinstance(exact, str) and exact != "", f"{where}.exact", "must be the quoted text")
    start, end = _offset(entry, "start", where), _offset(entry, "end", where)
    _expect(start <= end, where, '"start" must not be after "end"')
    tags = entry.get("tags", [])
    _expect(isinstance(tags, list) and all(isinstance(t, str) for t in tags), f"{where}.tags", "must be a list of text")
    orphan = entry.get("orphan", False)
    _expect(isinstance(orphan, bool), f"{where}.orphan", "must be true or false")
    ident = entry.get("id")
    _expect(ident is None or (isinstance(ident, int) and not isinstance(ident, bool)), f"{where}.id", "must be a whole number")
    return ImportedHighlight(
        id=ident,
        start=start,
        end=end,
        exact=exact,
        prefix=_optional_str(entry, "prefix", where) or "",
        suffix=_optional_str(entry, "suffix", where) or "",
        color=_optional_str(entry, "color", where) or "",
        color_name=_optional_str(entry, "color_name", where) or "",
        note=_optional_str(entry, "note", where) or "",
        tags=tuple(tags),
        created=_parse(entry, "created", where, datetime.fromisoformat, "a date and time in ISO 8601"),
        updated=_parse(entry, "updated", where, datetime.fromisoformat, "a date and time in ISO 8601"),
        orphan=orphan,
    )


def _expect(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise BadInput(f"Not a valid Marginalia annotations file: {where} {what}.")


def _optional_str(entry: dict, key: str, where: str) -> str | None:
    value = entry.get(key)
    _expect(value is None or isinstance(value, str), f"{where}.{key}", "must be text or null")
    return value


def _offset(entry: dict, key: str, where: str) -> int:
    value = entry.get(key)
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    _expect(ok, f"{where}.{key}", "must be a whole number, 0 or more")
    return value


def _parse(entry: dict, key: str, where: str, parser, what: str):
    value = _optional_str(entry, key, where)
    if not value:
        return None
    try:
        return parser(value)
    except ValueError:
        raise BadInput(f"Not a valid Marginalia annotations file: {where}.{key} must be {what}, not {value[:40]!r}.") from None
