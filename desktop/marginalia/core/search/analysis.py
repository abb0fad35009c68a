"""Ukrainian-aware text analysis for the search index: words -> folded, lemmatised terms.

One analyzer serves every natural-language field (title, body, quote, note, author...), the
same at index and at query time:

1. words are found in the original text (so character offsets stay valid for highlighting);
   a word may contain apostrophes and hyphens between letters;
2. each word is folded: Unicode NFC, case folding, stress marks (U+0301, U+0300) and invisible
   characters (soft hyphen, zero-width) removed, apostrophes ``' ’ ʼ ‘ ` ′`` -> ``'``, Latin
   look-alike letters inside a Cyrillic word (and the reverse) replaced;
3. each word becomes its lemmas (``lemmas.py``): every lemma the dictionaries give for a
   Cyrillic word, a prediction for an unknown one, the English stem of a Latin word, digits as
   they are. All terms of one word share one position, so phrases keep working;
4. a hyphenated word is indexed whole and in parts at the same position
   (``прем'єр-міністра`` -> ``прем'єр-міністр``, ``прем'єр``, ``прем'єра``, ``міністр``);
5. stop words (a short list in Ukrainian, Russian and English) are indexed as they are,
   without lemmas (so ``мені`` never meets ``мена``), and dropped from a query that is just
   that one word.

At query time (``mode="query"``) a hyphenated word yields only the lemmas of the whole word:
the parts are in the index, but asking for ``прем'єр-міністр`` should not find every
``міністр``. Analysis is cached per word form, so a warm cache costs a dict lookup per word.

Public API: ``analyzer()`` (the Whoosh analyzer), ``analyze(text, mode)`` (terms),
``word_terms(word)`` (index terms of one ``WORD_RE`` match), ``position_groups(text)`` and
``word_variants(word)`` (query terms per word), ``phrase_query(field, text, slop)``,
``fold(text)`` (for prefix and wildcard queries, which Whoosh does not analyse),
``is_stop_word(word)``. Several terms at one position are alternatives: a query must OR the
terms of one word (``multitoken_query="or"`` or ``position_groups``) and build phrases with
``phrase_query`` (a span query with alternatives per position), not Whoosh's ``Phrase``
(which would want every lemma of a word in a row).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from whoosh.analysis import Analyzer, Token

from marginalia.core.search.lemmas import compound_lemmas, is_cyrillic, term_fold, word_lemmas

__all__ = [
    "MarginaliaAnalyzer",
    "STOP_WORDS",
    "WORD_RE",
    "analyze",
    "analyzer",
    "fold",
    "is_stop_word",
    "phrase_query",
    "position_groups",
    "word_terms",
    "word_variants",
]

APOSTROPHE = "'"
_APOSTROPHES = "'\u2019\u02bc\u2018`\u2032"
_HYPHENS = "-\u2010\u2011"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_STRESS = "\u0300\u0301"

# A word: letters/digits (plus combining marks and invisible characters, which folding removes),
# optionally joined by single apostrophes or hyphens.
_WORD_CHAR = r"[\w\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff]"
WORD_RE = re.compile(rf"{_WORD_CHAR}+(?:[{re.escape(_APOSTROPHES + _HYPHENS)}]{_WORD_CHAR}+)*")
_WORD_RE = WORD_RE  # older name, kept for callers that used it

_FOLD_TABLE = str.maketrans(
    {**{ch: APOSTROPHE for ch in _APOSTROPHES}, **{ch: "-" for ch in _HYPHENS},
     **{ch: None for ch in _INVISIBLE + _STRESS}}
)
# Lower-case Cyrillic letters that are already NFC with nothing to fold (й ї ё are fine as they are).
_PLAIN_CYRILLIC_RE = re.compile("[а-яёіїєґ']+")

# Latin letters that look like Cyrillic ones (after lower-casing), and the reverse.
_LATIN_TO_CYRILLIC = str.maketrans("abcehikmoptxy", "авсенікмортху")
_CYRILLIC_TO_LATIN = str.maketrans("авсеікмортху", "abceikmoptxy")

# Function words, and the frequent forms of pronouns that are also forms of content words
# (коли ~ кіл, тому ~ том, того ~ тога, тих ~ тихий, тем ~ тема).
_UK_STOP = """
а але б би бо в все від для до же ж з за зі із і й на над не ні о об під по при про та те то
у це ця цей ці чи що щоб як я ти він вона воно ми ви вони мене мені мною тебе тобі тобою
його йому нього ним неї нею її їй нас нам нами вас вам вами їх їм ними них себе собі вже ще
так тут там лише теж коли тоді потім де куди якщо хоча хоч адже ані ось саме хай нехай доки
той тому того тим тих тій ту ті цього цьому цим цих цій цю
який яка яке які якого якої яких якому якій яким якими яку
весь всі усі усе всього усього всіх усіх всім
"""
_RU_STOP = """
а без бы в во все всё вы да для до его ее её же за и из или им их к как ли меня мне мы на
над не нее неё ни но о об он она они оно от по под при с со так то ты у уже что чтобы это
этот эта эти я вас нас нам вам ему ей когда того тому тем чем кто потом только хотя надо
который которая которое которые которого которой котором которых весь вся всех всем всего
"""
_EN_STOP = """
a an and are as at be been but by for from had has have he her his i if in into is its me
my no not of on or our she so than that the their them then there these they this those to
was we were which who will with you your
"""
STOP_WORDS: frozenset[str] = frozenset(
    term_fold(word) for word in (_UK_STOP + _RU_STOP + _EN_STOP).split()
)

_WordTerms = tuple[tuple[str, ...], tuple[str, ...], bool]  # index terms, query terms, stop?
_NO_TERMS: _WordTerms = ((), (), False)
_CACHE_SIZE = 1 << 17  # word forms; about 300 bytes each when full
_MAX_LEMMATISED = 48  # longer "words" (codes, hashes, glued text) are indexed as they are
_MAX_TERM = 120  # and past this, not at all


def fold(text: str) -> str:
    """Fold text the way words are folded before lemmas (for prefix and wildcard queries).

    NFC, case folding, no stress marks or invisible characters, one apostrophe, and the term
    letters ``ґ`` -> ``г``, ``ё`` -> ``е`` (as in index terms). Wildcards are left alone.
    """
    return term_fold(fold_word(text))


def fold_word(raw: str) -> str:
    """Fold one word as found in the text (keeps ``ґ`` and ``ё`` for the dictionaries)."""
    word = raw.casefold()
    if word.isascii():
        return word.replace("`", APOSTROPHE)
    if _PLAIN_CYRILLIC_RE.fullmatch(word):  # the common case: nothing to fold
        return word
    word = unicodedata.normalize("NFD", word).translate(_FOLD_TABLE)
    return unicodedata.normalize("NFC", word)


def _fix_script(word: str) -> str:
    """Replace look-alike letters of the other script in a word that mixes Latin and Cyrillic."""
    if word.isascii() or _PLAIN_CYRILLIC_RE.fullmatch(word) or not is_cyrillic(word):
        return word
    latin = sum(1 for ch in word if "a" <= ch <= "z")
    if not latin:
        return word
    cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
    if cyrillic >= latin:
        return word.translate(_LATIN_TO_CYRILLIC)
    return word.translate(_CYRILLIC_TO_LATIN)


def is_stop_word(word: str) -> bool:
    """True if the (raw or folded) word is one of the short stop-word list."""
    return fold(word).strip(APOSTROPHE) in STOP_WORDS


def _part_terms(part: str) -> tuple[tuple[str, ...], bool]:
    """Terms of one folded word without hyphens, and whether it is a stop word."""
    part = _fix_script(part.strip(APOSTROPHE))
    if not part:
        return (), False
    surface = term_fold(part)
    if surface in STOP_WORDS:
        return (surface,), True
    return word_lemmas(part), False


@lru_cache(maxsize=_CACHE_SIZE)
def _word_terms(raw: str) -> _WordTerms:
    """Index terms, query terms and the stop flag of one word as it appears in the text."""
    index_terms, query_terms, stop = _analyse_word(raw)
    intern = sys.intern  # many forms share a lemma: keep one copy of it
    index_terms = tuple(intern(term) for term in index_terms)
    if query_terms != index_terms:
        return index_terms, tuple(intern(term) for term in query_terms), stop
    return index_terms, index_terms, stop


def _analyse_word(raw: str) -> _WordTerms:
    word = fold_word(raw).strip(APOSTROPHE + "-")
    if not word or len(word) > _MAX_TERM:
        return _NO_TERMS
    if len(word) > _MAX_LEMMATISED:
        terms = (term_fold(word),)
        return terms, terms, False
    if "-" not in word:
        terms, stop = _part_terms(word)
        return terms, terms, stop
    parts = [_fix_script(p.strip(APOSTROPHE)) for p in word.split("-")]
    parts = [p for p in parts if p]
    if len(parts) == 1:
        terms, stop = _part_terms(parts[0])
        return terms, terms, stop
    whole = compound_lemmas("-".join(parts))
    seen: dict[str, None] = dict.fromkeys(whole)
    for part in parts:
        seen.update(dict.fromkeys(_part_terms(part)[0]))
    return tuple(seen), whole, False


class MarginaliaAnalyzer(Analyzer):
    """The Whoosh analyzer of every natural-language field (see the module docstring).

    It holds no state, so the pickled schema in an index stays valid across versions.
    """

    is_morph = True

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        no_morph = bool(kwargs.pop("nomorph", False) or kwargs.pop("no_morph", False))
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        if "_" in value:
            value = value.replace("_", " ")  # same length: offsets stay valid
        if mode == "query" or no_morph or keeporiginal:
            return self._careful(token, value, start_pos, start_char, no_morph)
        return self._fast(token, value, start_pos, start_char)

    @staticmethod
    def _fast(token: Token, value: str, pos: int, start_char: int) -> Iterator[Token]:
        """Index mode, the hot path: one cached lookup per word."""
        positions, chars = token.positions, token.chars
        lookup = _word_terms
        for match in WORD_RE.finditer(value):
            terms = lookup(match.group())[0]
            if not terms:
                continue
            if positions:
                token.pos = pos
            if chars:
                start, end = match.span()
                token.startchar = start_char + start
                token.endchar = start_char + end
            for term in terms:
                token.text = term
                yield token
            pos += 1

    @staticmethod
    def _careful(
        token: Token, value: str, pos: int, start_char: int, no_morph: bool
    ) -> Iterator[Token]:
        """Query mode, unlemmatised (``nomorph``) terms, or tokens keeping the original."""
        query = token.mode == "query"
        matches = list(WORD_RE.finditer(value))
        drop_stops = query and token.removestops and len(matches) == 1
        for match in matches:
            raw = match.group()
            if no_morph:
                folded = fold(raw).strip(APOSTROPHE + "-")
                terms: tuple[str, ...] = (folded,) if folded else ()
                stop = False
            else:
                index_terms, query_terms, stop = _word_terms(raw)
                terms = query_terms if query else index_terms
            if not terms:
                continue
            if stop and drop_stops:
                return
            token.original = raw
            if token.positions:
                token.pos = pos
            if token.chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            for term in terms:
                token.text = term
                yield token
            pos += 1


def analyzer() -> MarginaliaAnalyzer:
    """The analyzer for all natural-language text fields, at index and at query time."""
    return MarginaliaAnalyzer()


_ANALYZER = MarginaliaAnalyzer()


def analyze(text: str, mode: str = "index") -> list[str]:
    """The terms of a text, in order (several per word when a word has several lemmas)."""
    return [token.text for token in _ANALYZER(text, mode=mode, removestops=False)]


def word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one word form as found in a text (one ``WORD_RE`` match), cached."""
    return _word_terms(word)[0]


def position_groups(text: str) -> list[tuple[str, ...]]:
    """For each word of a query text, the alternative terms at its position (stop words kept)."""
    groups: list[tuple[str, ...]] = []
    last = -1
    for token in _ANALYZER(text, positions=True, mode="query", removestops=False):
        if token.pos != last:
            groups.append(())
            last = token.pos
        groups[-1] += (token.text,)
    return groups


def word_variants(word: str) -> set[str]:
    """Every term a query word stands for (its lemmas), e.g. to OR them in a query."""
    return {term for group in position_groups(word) for term in group}


@lru_cache(maxsize=1)
def _any_term_class() -> type:
    """A span query matching any term of one word, exposing them for highlighting.

    Built on first use: ``whoosh.query`` is slow to import and only searching needs it.
    """
    from whoosh.query import spans

    class AnyTerm(spans.SpanOr):
        def children(self) -> Iterator[Any]:
            return iter(self.subqs)

    return AnyTerm


def phrase_query(fieldname: str, text: str, slop: int = 1, boost: float = 1.0) -> Any:
    """A Whoosh query for a phrase: its words in order, each word as any of its lemmas.

    ``slop`` is as in Whoosh's ``Phrase`` (1: the words stand next to each other).
    Use it instead of ``whoosh.query.Phrase``, which would want every lemma in a row.
    """
    from whoosh import query
    from whoosh.query import spans

    any_term = _any_term_class()
    alternatives: list[Any] = []
    for group in position_groups(text):
        terms = [query.Term(fieldname, term) for term in group]
        alternatives.append(terms[0] if len(terms) == 1 else any_term(terms))
    if not alternatives:
        return query.NullQuery
    if len(alternatives) == 1:
        only = alternatives[0]
        result = query.Or(only.subqs) if isinstance(only, any_term) else only
    else:
        result = spans.SpanNear2(alternatives, slop=slop, ordered=True)
    return result.with_boost(boost) if boost != 1.0 else result
