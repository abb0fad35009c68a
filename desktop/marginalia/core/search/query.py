"""The search query grammar: Whoosh's QueryParser with our plugins, and clear errors.

Grammar (all words must match unless ``OR`` is used)::

    переговори Україна        words, each analysed like the documents (any of its lemmas)
    "гарантії безпеки"        a phrase (also «…» and “…”)
    a OR b   a АБО b          either
    -word   NOT word          exclude
    перегов*                  prefix (3+ letters)
    title: tag: site: author: lang: color: note:   fields (``tag:"cold war"`` for a multi-word tag)
    has:highlights has:notes is:read is:unread is:article is:highlight
    date:2024  date:2024-03  date:2024-01..2024-06  date:>2025-03-01  date:<2025  date:2025-03-01..
    https://site/path         a pasted link finds the article saved from it

Anything the parser cannot make sense of raises :class:`QueryError` with a one-line reason;
:func:`parse_query` never lets a traceback out.
"""

from __future__ import annotations

import calendar
import re
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from whoosh import query as wq
from whoosh.query import spans
from whoosh.qparser import QueryParser, plugins, syntax
from whoosh.qparser.common import attach
from whoosh.qparser.taggers import RegexTagger

from marginalia.core.errors import QueryError
from marginalia.core.search import analysis
from marginalia.core.search.schema import (
    DEFAULT_FIELD,
    build_schema,
    date_number,
    fold_language,
    fold_tag,
    fold_url,
    fold_value,
    host_of,
)

#: Field names users type -> schema field.
FIELD_ALIASES = {
    "title": "title", "назва": "title", "заголовок": "title",
    "tag": "tag", "tags": "tag", "тег": "tag", "теги": "tag", "мітка": "tag",
    "site": "site", "source": "site", "domain": "site", "сайт": "site", "джерело": "site",
    "author": "author", "by": "author", "автор": "author",
    "lang": "lang", "language": "lang", "мова": "lang",
    "color": "color", "colour": "color", "колір": "color",
    "note": "note", "notes": "note", "нотатка": "note", "примітка": "note",
    "text": "body", "body": "body", "quote": "body", "текст": "body", "цитата": "body",
    "url": "url", "link": "url",
    "has": "has", "is": "state",
}
USER_FIELDS = "title, tag, site, author, lang, color, note, has, is, date"
ANALYSED_FIELDS = frozenset({"title", "body", "note", "author", "color"})

_HAS_VALUES = {"highlights": "highlights", "highlight": "highlights", "notes": "notes", "note": "notes"}
_IS_VALUES = {
    "read": "read", "unread": "unread", "article": "article", "articles": "article",
    "highlight": "highlight", "highlights": "highlight",
}
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"'})
MIN_PREFIX = 3


def _flag_query(fieldname: str, text: str) -> wq.Query:
    values, name = (_HAS_VALUES, "has") if fieldname == "has" else (_IS_VALUES, "is")
    value = values.get(fold_value(text))
    if value is None:
        choices = ", ".join(sorted(set(values.values())))
        raise QueryError(f'"{name}:{text}" is not understood: use {name}: with {choices}.')
    return wq.Term(fieldname, value)


def _site_value(text: str) -> str:
    text = text.strip()
    if "/" in text or ("." in text and " " not in text):
        return host_of(text) or fold_value(text)
    return fold_value(text)


def exact_query(fieldname: str, text: str, boost: float = 1.0) -> wq.Query | None:
    """The query for a value of an exact (not analysed) field, typed whole."""
    if fieldname in ("has", "state"):
        return _flag_query(fieldname, text)
    value = {
        "tag": fold_tag, "site": _site_value, "lang": fold_language, "url": fold_url,
    }.get(fieldname, fold_value)(text)
    if not value:
        return None
    return wq.Term(fieldname, value, boost=boost)


def word_query(fieldname: str, text: str, boost: float = 1.0, removestops: bool = True) -> wq.Query | None:
    """A query word in an analysed field: any lemma of each word (OR), every word (AND)."""
    groups: list[list[str]] = []
    last = None
    for token in analysis.analyzer()(text, positions=True, mode="query", removestops=removestops):
        if token.pos != last:
            groups.append([])
            last = token.pos
        if token.text not in groups[-1]:
            groups[-1].append(token.text)
    parts = [
        wq.Term(fieldname, g[0], boost=boost) if len(g) == 1
        else wq.Or([wq.Term(fieldname, t) for t in g], boost=boost)
        for g in groups
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def prefix_query(fieldname: str, text: str, boost: float = 1.0) -> wq.Query:
    if fieldname in ("has", "state", "lang", "url"):
        raise QueryError(f"A prefix* cannot be used with this field: {text}*")
    if fieldname == "tag":
        value = fold_tag(text)
    else:
        value = analysis.fold(text) if fieldname in ANALYSED_FIELDS else fold_value(text)
    if sum(ch.isalnum() for ch in value) < MIN_PREFIX:
        raise QueryError(f'"{text}*" is too short: a prefix needs at least {MIN_PREFIX} letters before the *.')
    return wq.Prefix(fieldname, value, boost=boost)


# --- plugins ---------------------------------------------------------------------------------


class _PrefixNode(syntax.TextNode):
    def r(self) -> str:
        return f"{self.text!r}*"

    def query(self, parser):
        q = prefix_query(self.fieldname or parser.fieldname, self.text, self.boost)
        return attach(q, self)


class PrefixPlugin(plugins.TaggingPlugin):
    """``word*`` -> a prefix query (3+ letters); a ``*`` anywhere else is an error."""

    expr = r"(?P<text>[^\s\"()*:]*)\*(?=[\s)]|$)"
    priority = -2

    def create(self, parser, match):
        text = match.group("text")
        if not text.strip("-"):
            raise QueryError(f"A * needs at least {MIN_PREFIX} letters before it, like перегов*.")
        return _PrefixNode(text)


class StrayStarPlugin(plugins.TaggingPlugin):
    expr = r"\*"
    priority = -1

    def create(self, parser, match):
        raise QueryError("A * can only end a word, like перегов* (no wildcards inside or before a word).")


class _PhraseNode(plugins.PhrasePlugin.PhraseNode):
    def query(self, parser):
        fieldname = self.fieldname or parser.fieldname
        if fieldname in ANALYSED_FIELDS:
            q = analysis.phrase_query(fieldname, self.text, slop=self.slop, boost=self.boost)
            return None if q is wq.NullQuery else q
        return exact_query(fieldname, self.text, self.boost)


class PhrasePlugin(plugins.PhrasePlugin):
    """``"words in a row"`` (each word any of its lemmas); a whole value for exact fields."""

    class PhraseTagger(RegexTagger):
        def create(self, parser, match):
            return _PhraseNode(match.group("text"), match.start("text"), 1)

    def __init__(self) -> None:
        super().__init__(expr=r'"(?P<text>[^"]*)"')


class StrictGroupPlugin(plugins.GroupPlugin):
    """Parentheses, with an error for an unbalanced one (Whoosh would guess)."""

    def do_groups(self, parser, group):
        depth = 0
        for node in group:
            if isinstance(node, self.OpenBracket):
                depth += 1
            elif isinstance(node, self.CloseBracket):
                depth -= 1
                if depth < 0:
                    raise QueryError('There is a ")" without a matching "(".')
        if depth > 0:
            raise QueryError('A "(" is not closed: add the missing ")".')
        return super().do_groups(parser, group)


class StrictFieldsPlugin(plugins.FieldsPlugin):
    """``field:value`` with our field names (and aliases); an unknown ``name:value`` is an error,
    while ``Увага: текст`` (a colon and a space) stays plain text."""

    def __init__(self) -> None:
        super().__init__(expr=r"(?P<text>[^\W\d_][\w]*):", remove_unknown=False)

    def do_fieldnames(self, parser, group):
        fixed = group.empty_copy()
        nodes = list(group)
        for i, node in enumerate(nodes):
            if isinstance(node, syntax.FieldnameNode):
                after = nodes[i + 1] if i + 1 < len(nodes) else None
                bare = after is None or after.is_ws()
                name = FIELD_ALIASES.get(node.fieldname.casefold())
                if name is None:
                    if bare:
                        fixed.append(syntax.to_word(node))
                        continue
                    raise QueryError(f'Unknown field "{node.fieldname}:" — use one of: {USER_FIELDS}.')
                if bare:
                    raise QueryError(f'"{node.fieldname}:" needs a value right after the colon, like {node.fieldname}:word.')
                node = syntax.FieldnameNode(name, node.original)
            fixed.append(node)
        return super().do_fieldnames(parser, fixed)


class _DateNode(syntax.SyntaxNode):
    has_fieldname = False
    has_boost = False

    def __init__(self, low: int | None, high: int | None, original: str) -> None:
        self.low, self.high, self.original = low, high, original

    def r(self) -> str:
        return f"date {self.low}..{self.high}"

    def query(self, parser):
        return wq.NumericRange("date", self.low, self.high)


_DATE_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DATE_DOTS = re.compile(r"^(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$")


def date_bounds(text: str) -> tuple[date, date]:
    """First and last day of ``2024``, ``2024-03``, ``2024-03-15``, ``15.03.2024`` or ``03.2024``."""
    m = _DATE_ISO.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _DATE_DOTS.match(text)
        if not m:
            raise QueryError(f'"{text}" is not a date: write 2024, 2024-03 or 2024-03-15.')
        day, month, year = m.group(1), m.group(2), m.group(3)
    try:
        y = int(year)
        if month is None:
            return date(y, 1, 1), date(y, 12, 31)
        mo = int(month)
        if day is None:
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        d = date(y, mo, int(day))
        return d, d
    except ValueError:
        raise QueryError(f'"{text}" is not a valid date.') from None


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def parse_date_filter(value: str) -> tuple[date | None, date | None]:
    """Inclusive (first, last) day of a ``date:`` value; None for an open end."""
    if not value:
        raise QueryError("date: needs a value, like date:2024, date:2024-01..2024-06 or date:>2025-03-01.")
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            first, last = date_bounds(value[len(op):])
            return {
                ">=": (first, None), ">": (_shift(last, 1), None),
                "<=": (None, last), "<": (None, _shift(first, -1)),
            }[op]
    if ".." in value:
        start, _, end = value.partition("..")
        if not start and not end:
            raise QueryError("date:.. needs a date on at least one side, like date:2024-01..2024-06.")
        low = date_bounds(start)[0] if start else None
        high = date_bounds(end)[1] if end else None
        if low and high and low > high:
            raise QueryError(f"date:{value} ends before it starts.")
        return low, high
    return date_bounds(value)


class DatePlugin(plugins.TaggingPlugin):
    """``date:`` ranges over the published date (or the import date when unknown)."""

    expr = r"(?i)date:(?P<value>[^\s()]*)"
    priority = -5

    def create(self, parser, match):
        low, high = parse_date_filter(match.group("value"))
        return _DateNode(date_number(low) if low else None, date_number(high) if high else None, match.group(0))


class _UrlNode(syntax.TextNode):
    """A pasted link: the ``url`` field unless written as ``site:https://…``."""

    def set_fieldname(self, name, override=False):
        if name in ("site", "url"):
            self.fieldname = name
        return self

    def query(self, parser):
        return attach(exact_query(self.fieldname or "url", self.text), self)


class UrlPlugin(plugins.TaggingPlugin):
    """A pasted ``http(s)://`` link finds the article saved from it."""

    expr = r"(?i)https?://[^\s()\"]+"
    priority = -6

    def create(self, parser, match):
        node = _UrlNode(match.group(0))
        node.fieldname = "url"
        return node


class MarginaliaParser(QueryParser):
    """QueryParser whose words are analysed per field (see :func:`word_query`)."""

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in ANALYSED_FIELDS:
            return word_query(fieldname, text, boost, removestops)
        return exact_query(fieldname, text, boost)


def build_parser() -> MarginaliaParser:
    """A parser for the index schema with the grammar of this module."""
    not_op = plugins.OperatorsPlugin.OpTagger(
        r"(^|(?<=[\s(]))-(?=[^\s\-])", syntax.NotGroup, syntax.PrefixOperator, memo="minus")
    pins = [
        plugins.WhitespacePlugin(),
        UrlPlugin(),
        DatePlugin(),
        StrictFieldsPlugin(),
        PrefixPlugin(),
        StrayStarPlugin(),
        PhrasePlugin(),
        StrictGroupPlugin(),
        plugins.OperatorsPlugin(ops=[(not_op, -10)], Or=r"(?<=\s)(OR|АБО)(?=\s)",
                                AndNot=None, AndMaybe=None, Require=None),
    ]
    return MarginaliaParser(DEFAULT_FIELD, build_schema(), plugins=pins, group=syntax.AndGroup)


_local = threading.local()


def _parser() -> MarginaliaParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = build_parser()
    return parser


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query and what snippets need: the terms and prefixes per field it looks for."""

    query: wq.Query
    terms: dict[str, frozenset[str]]
    prefixes: dict[str, tuple[str, ...]]

    def marks_for(self, *fieldnames: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """Terms and prefixes wanted in any of the given fields (for marking a snippet)."""
        terms: set[str] = set()
        prefixes: list[str] = []
        for name in fieldnames:
            terms |= self.terms.get(name, frozenset())
            prefixes += self.prefixes.get(name, ())
        return frozenset(terms), tuple(prefixes)


def _positive_terms(q: wq.Query, terms: dict[str, set[str]], prefixes: dict[str, list[str]]) -> None:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.Prefix):
        prefixes.setdefault(q.fieldname, []).append(q.text)
        return
    if isinstance(q, wq.Term):
        terms.setdefault(q.fieldname, set()).add(q.text)
        return
    if isinstance(q, wq.AndNot):
        _positive_terms(q.a, terms, prefixes)
        return
    for child in q.children():
        _positive_terms(child, terms, prefixes)


class _SpanAlternatives(spans.SpanOr):
    """A span OR (a phrase word's lemmas) that can estimate its size: Whoosh's ``SpanOr``
    cannot, and an AND around a phrase asks its parts for their size to order them."""

    def children(self):
        return iter(self.subqs)

    def estimate_size(self, ixreader) -> int:
        return self.q.estimate_size(ixreader)

    def estimate_min_size(self, ixreader) -> int:
        return self.q.estimate_min_size(ixreader)


def _tune(q: wq.Query) -> None:
    """Make every OR a binary tree of union matchers.

    Whoosh picks a "preloaded" OR for segments under 5,000 documents, which scores every
    matching document; the tree supports block-quality skipping, so the top-N collector can
    pass over blocks that cannot make the top results (measured in bench_search.py).
    """
    if isinstance(q, spans.SpanNear2):
        q.qs = [_SpanAlternatives(c.subqs) if isinstance(c, spans.SpanOr) else c for c in q.qs]
    if isinstance(q, spans.SpanQuery):
        return  # span ORs need the matcher Whoosh builds for them
    if isinstance(q, wq.Or) and not any(isinstance(c, spans.SpanQuery) for c in q.children()):
        q.matcher_type = wq.Or.DEFAULT_MATCHER
    for child in q.children():
        _tune(child)


def _check_errors(q: wq.Query) -> None:
    error = getattr(q, "error", None)
    if error:
        raise QueryError(f"The query cannot be understood: {error}")
    for child in q.children():
        _check_errors(child)


def parse_query(text: str) -> ParsedQuery | None:
    """Parse a user query; None when it has nothing to search for (empty, only stop words).

    Raises :class:`QueryError` with a one-line reason when the query is malformed.
    """
    text = (text or "").translate(_QUOTES).strip()
    if not text:
        return None
    if text.count('"') % 2:
        raise QueryError('A quote is not closed: add the missing " (or remove the stray one).')
    try:
        q = _parser().parse(text)
    except QueryError:
        raise
    except RecursionError:
        raise QueryError("The query is nested too deeply.") from None
    except Exception as exc:  # whoosh internals: never show a traceback to the user
        raise QueryError(f"The query cannot be understood ({type(exc).__name__}).") from None
    _check_errors(q)
    _tune(q)
    if q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
        return None
    terms: dict[str, set[str]] = {}
    prefixes: dict[str, list[str]] = {}
    _positive_terms(q, terms, prefixes)
    return ParsedQuery(
        query=q,
        terms={k: frozenset(v) for k, v in terms.items()},
        prefixes={k: tuple(v) for k, v in prefixes.items()},
    )
