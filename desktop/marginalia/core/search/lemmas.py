"""Lemmas of one already-folded word, for the search analyzer.

Cyrillic words go through pymorphy3 with the Ukrainian and Russian dictionaries; Latin words
through the Snowball English stemmer; numbers stay as they are. The morphology is loaded lazily,
once per process, on the first Cyrillic word (about 0.15 s and 20 MB per language), so
importing this module costs nothing.

Choice of language per word: a word with ``і ї є ґ`` is Ukrainian, one with ``ы э ъ ё`` is
Russian. Any other Cyrillic word is looked up in both dictionaries; the lemmas of every
dictionary that knows it are merged (a direct dictionary lookup, no guessing). Only when no
dictionary knows it (names, new words) are the few best predictions of its language used
(Ukrainian unless it has Russian letters), plus the word itself and a crude stem without its
case ending, so a wrong guess never loses the word (``Стармера`` -> ``стармер``).

Speed: install ``DAWG2`` (``pymorphy3[fast]``) and lookups are ~3.5x faster than with the
pure-Python ``dawg2-python`` reader that pymorphy3 falls back to.

Input words must already be folded by ``analysis.fold_word`` (NFC, lower case, no stress,
apostrophe ``'``). Output terms are folded once more: ``ґ`` -> ``г`` and ``ё`` -> ``е``,
because writers and readers use these letters inconsistently.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pymorphy3

UK_LETTERS = frozenset("іїєґ")
RU_LETTERS = frozenset("ыэъё")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")

# Predictions for unknown words: the scores of a lemma's parses are added up; keep the lemmas
# scoring at least this share of the best one, and at most this many.
_PREDICTION_SHARE = 0.1
_PREDICTION_MAX = 4
# An unknown word also gets a crude stem (the word minus one common case ending), so that two
# forms of one name still meet when the predictions disagree (Сибіга / Сибіги -> сибіг).
# Surname endings -ов/-ев/-ів/-ин are deliberately not endings here (Умєров / Умєрова).
_CASE_ENDINGS = tuple(sorted(
    set("а я и і ї у ю е є о ы".split())
    | set("ою ею єю ом ем єм ах ях ам ям ам ові еві єві ой ей".split())
    | set("ами ями ого его ому ему ими ыми".split()),
    key=len, reverse=True,
))
_MIN_STEM = 3



def term_fold(term: str) -> str:
    """``ґ`` -> ``г``, ``ё`` -> ``е`` (str.translate is slow on non-ASCII text)."""
    if "ґ" in term or "ё" in term:
        return term.replace("ґ", "г").replace("ё", "е")
    return term


_lock = threading.Lock()
_analyzers: dict[str, Any] = {}
_stemmer: Any = None
_stem_lock = threading.Lock()


def morphology(lang: str) -> "pymorphy3.MorphAnalyzer":
    """The pymorphy3 analyzer for ``lang`` ('uk' or 'ru'), loaded once per process."""
    analyzer = _analyzers.get(lang)
    if analyzer is None:
        with _lock:
            analyzer = _analyzers.get(lang)
            if analyzer is None:
                import pymorphy3

                analyzer = pymorphy3.MorphAnalyzer(lang=lang)
                _analyzers[lang] = analyzer
    return analyzer


def preload() -> None:
    """Load both dictionaries now (e.g. in a worker thread before a big index run)."""
    morphology("uk")
    morphology("ru")
    _english_stem("load")


def is_cyrillic(word: str) -> bool:
    """True if the word has at least one Cyrillic letter."""
    return _CYRILLIC_RE.search(word) is not None


def known_lemmas(lang: str, word: str) -> set[str]:
    """Lemmas the ``lang`` dictionary itself gives for the word (empty if it does not know it).

    A direct dictionary lookup, several times cheaper than a full ``parse()``.
    """
    morph = morphology(lang)
    dictionary = morph.dictionary
    lemmas: set[str] = set()
    for fixed_word, parses in dictionary.words.similar_items(word, morph.char_substitutes):
        paradigms: set[int] = set()
        for para_id, idx in parses:
            if para_id not in paradigms:  # one paradigm, one normal form
                paradigms.add(para_id)
                lemmas.add(dictionary.build_normal_form(para_id, idx, fixed_word))
    return lemmas


def predicted_lemmas(lang: str, word: str) -> list[tuple[float, str]]:
    """Scored lemma guesses for a word the ``lang`` dictionary does not know."""
    return [(parse.score, parse.normal_form) for parse in morphology(lang).parse(word)]


def _best_guesses(guessed: list[tuple[float, str]]) -> list[str]:
    """The few most likely predicted lemmas, best first."""
    totals: dict[str, float] = {}
    for score, lemma in guessed:
        totals[lemma] = totals.get(lemma, 0.0) + score
    if not totals:
        return []
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    top = ranked[0][1]
    return [lemma for lemma, score in ranked[:_PREDICTION_MAX] if score >= top * _PREDICTION_SHARE]


def unknown_stem(word: str) -> str:
    """The word without its longest common case ending (for words no dictionary knows)."""
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def cyrillic_lemmas(word: str) -> tuple[str, ...]:
    """Every lemma of a folded Cyrillic word (see the module docstring for the rules)."""
    letters = set(word)
    if letters & UK_LETTERS:
        langs: tuple[str, ...] = ("uk",)
    elif letters & RU_LETTERS:
        langs = ("ru",)
    else:
        langs = ("uk", "ru")
    known: set[str] = set()
    for lang in langs:
        known |= known_lemmas(lang, word)
    if known:
        lemmas = sorted(known)
    else:
        lemmas = _best_guesses(predicted_lemmas(langs[0], word))
        lemmas.extend((word, unknown_stem(word)))
    return _dedup(term_fold(lemma) for lemma in lemmas)


def _english_stem(word: str) -> str:
    global _stemmer
    with _stem_lock:  # Snowball stemmers keep state between calls: not thread-safe
        if _stemmer is None:
            import snowballstemmer

            _stemmer = snowballstemmer.stemmer("english")
        return _stemmer.stemWord(word)


def latin_lemmas(word: str) -> tuple[str, ...]:
    """The English stem of a folded Latin-script word (one term)."""
    return (_english_stem(word),)


def word_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas of one folded word without hyphens: Cyrillic, Latin, digits or a mix."""
    if not word:
        return ()
    letters_only = word.replace("'", "").isalpha()
    if is_cyrillic(word):
        return cyrillic_lemmas(word) if letters_only else (term_fold(word),)
    if letters_only and word.isascii():
        return latin_lemmas(word)
    return (word,)  # digits, letter-digit mixes, other scripts: as they are


def compound_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas of a whole hyphenated word (``прем'єр-міністра`` -> ``прем'єр-міністр``)."""
    parts = word.split("-")
    if all(is_cyrillic(part) and part.replace("'", "").isalpha() for part in parts):
        return cyrillic_lemmas(word)
    firsts = [word_lemmas(part) for part in parts]
    return ("-".join(lemmas[0] if lemmas else part for lemmas, part in zip(firsts, parts)),)


def _dedup(items: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)
