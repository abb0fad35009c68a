"""The Whoosh schema of the search index and the plain documents the library gives it.

One index holds both kinds of document, told apart by the ``kind`` field: articles and
highlights. The library hands over :class:`ArticleDoc` / :class:`HighlightDoc`;
:func:`doc_fields` turns them into Whoosh fields. Natural-language fields go through the shared
analyzer of :mod:`marginalia.core.search.analysis` (through :class:`SharedAnalyzer`, so the
schema pickled into the index never depends on how that analyzer is built). Exact fields (tags,
site, language, flags, url) are folded here, and the query side (:mod:`.query`) folds its values
with the same functions.

Only what hits and snippets need is stored (title, date, version stamp, a highlight's quote and
note); article bodies are not stored, snippets get their text from the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from whoosh import fields
from whoosh.analysis import Analyzer, RegexTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length

#: Bump when fields or analysis change so that an old index is rebuilt instead of misread.
SCHEMA_VERSION = 1

ARTICLE = "article"
HIGHLIGHT = "highlight"
KINDS = (ARTICLE, HIGHLIGHT)

#: Separator of multi-valued exact fields (tags, site names): never typed by users.
VALUE_SEP = "\x1f"

#: Fields an unfielded query word searches, with their query-time boosts (BM25F title boost).
#: Only two: every field here multiplies the terms each query word ORs over. So ``body`` also
#: holds an article's author, site and tags, and a highlight's note and tags.
DEFAULT_FIELD_BOOSTS = {"title": 3.0, "body": 1.0}
#: A highlight's article title is indexed in ``title`` at this per-document weight, so that a
#: title match does not lift every highlight of an article above the article itself.
HIGHLIGHT_TITLE_WEIGHT = 0.25

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "′": "'", "‘": "'"})
_SPACE_RE = re.compile(r"\s+")
_NAME_WORD_RE = re.compile(r"\w+(?:['’ʼ]\w+)*")


class SharedAnalyzer(Analyzer):
    """Delegates to ``analysis.analyzer()``, built lazily once per process.

    Whoosh pickles the schema (with its analyzers) into the index; this proxy pickles to nothing,
    so the index stays readable whatever the shared analyzer is made of.
    """

    _instance: Analyzer | None = None

    @classmethod
    def target(cls) -> Analyzer:
        if cls._instance is None:
            from marginalia.core.search import analysis

            SharedAnalyzer._instance = analysis.analyzer()
        return cls._instance  # type: ignore[return-value]

    def __call__(self, value, **kwargs):
        return self.target()(value, **kwargs)

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        pass

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SharedAnalyzer)

    def __hash__(self) -> int:
        return hash(SharedAnalyzer)


_BYTE_LENGTHS = [byte_to_length(i) for i in range(256)]


class LengthCachingPerDocReader(W3PerDocReader):
    """Whoosh's per-document reader, with each field's length column read once into memory.

    Whoosh looks a document's field length up (seek + read in the column file) for every
    posting it writes and every document BM25F scores; one byte per document per field is
    cheap to keep, and this made commits about a third faster (see bench_search.py).
    """

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        cache: dict[str, bytes] = self.__dict__.setdefault("_length_bytes", {})
        lengths = cache.get(fieldname)
        if lengths is None:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = b"" if reader is None else reader._dbfile.get(reader._basepos, reader._count)
            cache[fieldname] = lengths
        if docnum < len(lengths):
            code = lengths[docnum]
            if code:
                return _BYTE_LENGTHS[code]
        return default


class MarginaliaCodec(W3Codec):
    """Whoosh's default codec with :class:`LengthCachingPerDocReader` (same files on disk)."""

    def per_document_reader(self, storage, segment):
        return LengthCachingPerDocReader(storage, segment)


def _values_analyzer() -> RegexTokenizer:
    """Splits pre-folded values on :data:`VALUE_SEP` (a value may contain spaces)."""
    return RegexTokenizer(r"[^\x1f]+")


def build_schema() -> fields.Schema:
    """The schema of the index (see the module docstring)."""
    text = SharedAnalyzer()
    return fields.Schema(
        key=fields.ID(unique=True, stored=True, sortable=True),
        kind=fields.ID(),
        aid=fields.STORED(),
        title=fields.TEXT(analyzer=text, phrase=True, stored=True),
        body=fields.TEXT(analyzer=text, phrase=True),
        note=fields.TEXT(analyzer=text, phrase=True),
        author=fields.TEXT(analyzer=text, phrase=True),
        color=fields.TEXT(analyzer=text, phrase=True),
        tag=fields.KEYWORD(analyzer=_values_analyzer()),
        site=fields.KEYWORD(analyzer=_values_analyzer()),
        url=fields.ID(),
        lang=fields.ID(),
        has=fields.KEYWORD(),
        state=fields.KEYWORD(),
        # signed: Whoosh 2.7 computes wrong range tiers for unsigned numeric fields.
        date=fields.NUMERIC(int, bits=32, sortable=True),
        pub=fields.STORED(),
        version=fields.STORED(),
        quote=fields.STORED(),
        snote=fields.STORED(),
    )


@dataclass
class ArticleDoc:
    """What the index needs of an article. ``version`` is a stamp (e.g. the row's update time)
    that :meth:`SearchIndex.stored_keys` gives back, to find drift against the database."""

    id: int
    title: str
    body: str
    author: str | None
    site: str | None
    url: str | None
    tags: list[str]
    language: str | None
    published: date | None
    imported: datetime
    is_read: bool
    has_highlights: bool
    has_notes: bool
    version: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (ARTICLE, self.id)


@dataclass
class HighlightDoc:
    """What the index needs of a highlight; ``published`` is its article's date."""

    id: int
    article_id: int
    article_title: str
    quote: str
    note: str
    tags: list[str]
    color: str
    color_name: str
    created: datetime
    published: date | None
    version: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (HIGHLIGHT, self.id)


def key_text(kind: str, ident: int) -> str:
    """The unique ``key`` field value of a document: ``article:12``, ``highlight:7``."""
    return f"{kind}:{int(ident)}"


def parse_key(text: str) -> tuple[str, int]:
    kind, _, ident = text.partition(":")
    return kind, int(ident)


# --- folding of exact values (shared with the query side) -----------------------------------


def fold_value(text: str) -> str:
    """NFC, case folded, apostrophes unified, whitespace collapsed: for tags, names, codes."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_APOSTROPHES)
    return _SPACE_RE.sub(" ", text).strip()


def fold_tag(tag: str) -> str:
    """A tag as matched by ``tag:``: exact words, any case, a leading ``#`` ignored."""
    return fold_value(tag).lstrip("#").strip()


_LANG_NAMES = {
    "ua": "uk", "ukr": "uk", "ukrainian": "uk", "українська": "uk", "укр": "uk",
    "en": "en", "eng": "en", "english": "en", "англійська": "en",
    "ru": "ru", "rus": "ru", "russian": "ru", "російська": "ru", "рос": "ru",
}


def fold_language(code: str) -> str:
    """A language code as matched by ``lang:``: ``uk-UA`` -> ``uk``, ``English`` -> ``en``."""
    value = fold_value(code).replace("_", "-").split("-")[0]
    return _LANG_NAMES.get(value, value)


def host_of(url_or_domain: str) -> str:
    """The host of a URL or a bare domain, lower case, without ``www.`` and port."""
    text = url_or_domain.strip()
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def fold_url(url: str) -> str:
    """A URL as matched by a pasted link: no scheme, ``www.``, fragment or trailing slash."""
    text = url.strip()
    try:
        parts = urlsplit(text if "//" in text else "//" + text)
    except ValueError:
        return fold_value(text)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def site_values(site: str | None, url: str | None) -> list[str]:
    """What ``site:`` matches: the site name whole and word by word, the url's host and its
    parent domains (``news.liga.net`` -> ``liga.net``) and the host's main label (``liga``)."""
    values: list[str] = []
    if site:
        name = fold_value(site)
        values.append(name)
        values += [w for w in _NAME_WORD_RE.findall(name) if w != name]
        host = host_of(site) if "." in site and " " not in site.strip() else ""
        if host:
            values.append(host)
    if url:
        host = host_of(url)
        if host:
            labels = host.split(".")
            values += [".".join(labels[i:]) for i in range(len(labels) - 1)]
            if len(labels) >= 2:
                values.append(labels[-2])
    return list(dict.fromkeys(v for v in values if v))


def date_number(day: date | None) -> int:
    """A date as the ``date`` field's integer ``YYYYMMDD`` (0 when unknown)."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


# --- documents -> fields ---------------------------------------------------------------------


def _join(values: list[str]) -> str:
    return VALUE_SEP.join(v for v in values if v)


def article_fields(doc: ArticleDoc) -> dict:
    tags = [fold_tag(t) for t in doc.tags]
    effective = doc.published or doc.imported.date()
    flags = [f for f, on in (("highlights", doc.has_highlights), ("notes", doc.has_notes)) if on]
    meta = [x for x in (doc.author or "", doc.site or "", *doc.tags) if x]
    return {
        "key": key_text(ARTICLE, doc.id),
        "kind": ARTICLE,
        "aid": int(doc.id),
        "title": doc.title or "",
        "body": "\n\n".join([doc.body or "", *meta]),
        "author": doc.author or "",
        "tag": _join(tags),
        "site": _join(site_values(doc.site, doc.url)),
        "url": fold_url(doc.url) if doc.url else "",
        "lang": fold_language(doc.language) if doc.language else "",
        "has": " ".join(flags),
        "state": "read article" if doc.is_read else "unread article",
        "date": date_number(effective),
        "pub": doc.published.isoformat() if doc.published else None,
        "version": doc.version,
    }


def highlight_fields(doc: HighlightDoc) -> dict:
    tags = [fold_tag(t) for t in doc.tags]
    effective = doc.published or doc.created.date()
    return {
        "key": key_text(HIGHLIGHT, doc.id),
        "kind": HIGHLIGHT,
        "aid": int(doc.article_id),
        "title": doc.article_title or "",
        "_title_boost": HIGHLIGHT_TITLE_WEIGHT,
        "body": "\n\n".join(x for x in (doc.quote or "", doc.note or "", *doc.tags) if x),
        "note": doc.note or "",
        "color": f"{doc.color or ''} \n {doc.color_name or ''}",
        "tag": _join(tags),
        "has": "notes" if (doc.note or "").strip() else "",
        "state": "highlight",
        "date": date_number(effective),
        "pub": doc.published.isoformat() if doc.published else None,
        "version": doc.version,
        "quote": doc.quote or "",
        "snote": doc.note or "",
    }


def doc_fields(doc: ArticleDoc | HighlightDoc) -> dict:
    """The Whoosh fields of one document (empty fields are dropped)."""
    data = article_fields(doc) if isinstance(doc, ArticleDoc) else highlight_fields(doc)
    return {k: v for k, v in data.items() if v not in ("", None) or k in ("version",)}
