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
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from whoosh import columns, fields
from whoosh.analysis import Analyzer, RegexTokenizer
from whoosh.scoring import BM25F, BM25FScorer

# The codec lives in .codec; its classes are also importable from here (older segments name them so).
from marginalia.core.search.codec import (  # noqa: F401
    CompactPositions,
    InliningPostingsWriter,
    LengthCachingPerDocReader,
    MarginaliaCodec,
    SplitBlockMatcher,
)

#: Bump when fields or analysis change so that an old index is rebuilt instead of misread.
SCHEMA_VERSION = 6  # 4: the postings format of codec.py; 5: blocks of raw arrays; 6: raw position deltas

ARTICLE = "article"
HIGHLIGHT = "highlight"
KINDS = (ARTICLE, HIGHLIGHT)

#: Separator of multi-valued exact fields (tags, site names): never typed by users.
VALUE_SEP = "\x1f"

#: The field an unfielded query word searches. It holds, for an article, its title (each title
#: word weighing TITLE_WEIGHT: the title boost), body, author, site and tags; for a highlight,
#: its quote, note, tags and its article's title (weighing HIGHLIGHT_TITLE_WEIGHT). One field,
#: not an OR over title and body: each lemma of a query word is then one posting list, not two
#: (two-word queries: p95 155 -> 113 ms at 6,000 articles, same top results).
DEFAULT_FIELD = "body"
TITLE_WEIGHT = 3.0
#: Low, so that a title match does not lift every highlight of an article above the article.
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


class FastBM25F(BM25F):
    """Whoosh's BM25F with a quicker per-document score (same values).

    Whoosh scores a document through several calls (field length lookup, a lambda, the formula);
    this scorer precomputes, once per segment and field, every document's length norm
    ``K1 * ((1 - B) + B * length / average)`` and scores with one list lookup. Scoring was
    about 45 % of a frequent word's query; this cut one-word query times by about a fifth.
    """

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        perdoc = getattr(searcher.reader(), "_perdoc", None)
        if isinstance(scorer, BM25FScorer) and isinstance(perdoc, LengthCachingPerDocReader):
            norms = perdoc.length_norms(fieldname, scorer.B, scorer.K1, scorer.avgfl)
            factor = scorer.idf * (scorer.K1 + 1)

            def score(matcher, norms=norms, factor=factor) -> float:
                weight = matcher.weight()
                return factor * weight / (weight + norms[matcher.id()])

            scorer.score = score
        return scorer


def _values_analyzer() -> RegexTokenizer:
    """Splits pre-folded values on :data:`VALUE_SEP` (a value may contain spaces)."""
    return RegexTokenizer(r"[^\x1f]+")


class WeightedText(str):
    """Text made of parts of different weights, e.g. a title weighing 3 then a body weighing 1.

    A ``str`` (the parts joined), since Whoosh indexes strings and takes tuples for
    pre-tokenised values; :class:`WeightedPartsAnalyzer` reads ``parts``.
    """

    parts: tuple[tuple[str, float], ...]

    def __new__(cls, parts) -> "WeightedText":
        parts = tuple((text, float(weight)) for text, weight in parts if text)
        self = super().__new__(cls, "\n\n".join(text for text, _ in parts))
        self.parts = parts
        return self

    def __reduce__(self):
        return (WeightedText, (self.parts,))


class WeightedPartsAnalyzer(Analyzer):
    """The shared analyzer over a :class:`WeightedText` (any other string: one part, weight 1).

    Each token's boost is its part's weight (Whoosh sums boosts into the term's weight, BM25's
    term frequency); positions run on from one part to the next, with a gap so that no phrase
    spans two parts.
    """

    def __call__(self, value, positions: bool = False, start_pos: int = 0, **kwargs):
        analyzer = SharedAnalyzer.target()
        if not isinstance(value, WeightedText):
            yield from analyzer(value, positions=positions, start_pos=start_pos, **kwargs)
            return
        pos = start_pos
        for text, weight in value.parts:
            last = pos - 1
            for token in analyzer(text, positions=True, start_pos=pos, **kwargs):
                token.boost = weight
                last = token.pos
                yield token
            pos = last + 2

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        pass

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WeightedPartsAnalyzer)

    def __hash__(self) -> int:
        return hash(WeightedPartsAnalyzer)


def build_schema() -> fields.Schema:
    """The schema of the index (see the module docstring)."""
    text = SharedAnalyzer()
    body = fields.TEXT(analyzer=WeightedPartsAnalyzer(), phrase=True)
    body.format = CompactPositions(field_boost=body.format.field_boost)
    return fields.Schema(
        key=fields.ID(unique=True, stored=True, sortable=True),
        kind=fields.ID(),
        aid=fields.STORED(),
        title=fields.TEXT(analyzer=text, phrase=True, stored=True),
        body=body,
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
        version=fields.COLUMN(columns.VarBytesColumn()),  # read without unpickling stored fields
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
        "body": WeightedText([(doc.title or "", TITLE_WEIGHT), (doc.body or "", 1.0), *((m, 1.0) for m in meta)]),
        "author": doc.author or "",
        "tag": _join(tags),
        "site": _join(site_values(doc.site, doc.url)),
        "url": fold_url(doc.url) if doc.url else "",
        "lang": fold_language(doc.language) if doc.language else "",
        "has": " ".join(flags),
        "state": "read article" if doc.is_read else "unread article",
        "date": date_number(effective),
        "pub": doc.published.isoformat() if doc.published else None,
        "version": doc.version.encode("utf-8"),
    }


def highlight_fields(doc: HighlightDoc) -> dict:
    tags = [fold_tag(t) for t in doc.tags]
    effective = doc.published or doc.created.date()
    return {
        "key": key_text(HIGHLIGHT, doc.id),
        "kind": HIGHLIGHT,
        "aid": int(doc.article_id),
        "title": doc.article_title or "",
        "body": WeightedText([(doc.quote or "", 1.0), (doc.note or "", 1.0), *((t, 1.0) for t in doc.tags),
                              (doc.article_title or "", HIGHLIGHT_TITLE_WEIGHT)]),
        "note": doc.note or "",
        "color": f"{doc.color or ''} \n {doc.color_name or ''}",
        "tag": _join(tags),
        "has": "notes" if (doc.note or "").strip() else "",
        "state": "highlight",
        "date": date_number(effective),
        "pub": doc.published.isoformat() if doc.published else None,
        "version": doc.version.encode("utf-8"),
        "quote": doc.quote or "",
        "snote": doc.note or "",
    }


def doc_fields(doc: ArticleDoc | HighlightDoc) -> dict:
    """The Whoosh fields of one document (empty fields are dropped)."""
    data = article_fields(doc) if isinstance(doc, ArticleDoc) else highlight_fields(doc)
    return {k: v for k, v in data.items() if v not in ("", None) or k in ("version",)}
