"""Helpers of :mod:`marginalia.core.anchoring`: typographic folding and fuzzy quote matching.

Folding turns a text into a comparison form in which a quote a user types from a real article
matches the stored text: case, whitespace runs (line breaks, NBSP, paragraph separators),
apostrophes (``' ’ ʼ``), quotation marks (``« » “ ” „``), dashes (``- – —``), ``ё``/``е``,
stress marks, soft hyphens and zero-width characters and ``…``/``...`` stop mattering. A
:class:`Folded` text keeps, for every folded character, the span of the original text it came
from, so a match found in folded form maps back to exact code-point offsets.

The fuzzy part finds where a quote *probably* is after the text was edited: cheap exact seeds
(pieces of the quote, the tail of its prefix, the head of its suffix) point at a few windows,
each window is aligned with rapidfuzz, and every candidate is scored by quote similarity and by
how well the stored context agrees. Accepting a candidate is the caller's decision.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

_APOSTROPHES = "'’ʼ‘`´′ʹ"
_QUOTE_MARKS = "\"«»“”„‟‹›″〝〞＂"
_DASHES = "‐‑‒–—―−﹘﹣－"
_FOLD_TABLE = str.maketrans(
    {
        **{c: "'" for c in _APOSTROPHES},
        **{c: '"' for c in _QUOTE_MARKS},
        **{c: "-" for c in _DASHES},
        "ё": "е",
    }
)
# Whitespace runs become one space, invisible characters vanish, combining marks are composed
# with their base letter (stress marks dropped), and "…" is spelled as three dots.
_SPECIAL_RE = re.compile(r"\s{2,}|[^\S ]|[\u00ad\u200b\u200c\u200d\u2060\ufeff]+|[\u0300-\u036f]+|…")
_STRESS_MARKS = "\u0301\u0300"
_WORD_CHAR_RE = re.compile(r"\w")
_INSIDE_WORD_RE = re.compile(r"(?<=\w)(?=\w)")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN_RE.findall(text))


@dataclass(frozen=True)
class Folded:
    """A folded text. ``starts[i]``/``ends[i]`` give the original span of folded character ``i``."""

    text: str
    starts: array
    ends: array

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the folded range ``[start, end)`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def fold(text: str) -> Folded:
    """Fold ``text`` for comparison, keeping the map back to the original offsets."""
    base = _lower(text).translate(_FOLD_TABLE)
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    pos = 0
    for match in _SPECIAL_RE.finditer(base):
        a, b = match.span()
        if a > pos:
            out.append(base[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        pos = b
        piece = match.group()
        first = piece[0]
        if first.isspace():
            out.append(" ")
            starts.append(a)
            ends.append(b)
        elif first == "…":
            out.append("...")
            starts.extend((a, a, a))
            ends.extend((b, b, b))
        elif "\u0300" <= first <= "\u036f":
            _compose_marks(piece, a, out, starts, ends)
        # invisible characters: dropped; the neighbours' spans do not cover them
    if pos < len(base):
        out.append(base[pos:])
        starts.extend(range(pos, len(base)))
        ends.extend(range(pos + 1, len(base) + 1))
    return Folded("".join(out), starts, ends)


def _compose_marks(marks: str, at: int, out: list[str], starts: array, ends: array) -> None:
    """Attach combining ``marks`` (original offset ``at``) to the last folded character."""
    kept = "".join(m for m in marks if m not in _STRESS_MARKS)
    if not out or not out[-1] or out[-1][-1] == " ":
        for i, mark in enumerate(kept):
            out.append(mark)
            starts.append(at + i)
            ends.append(at + i + 1)
        return
    last = out[-1]
    composed = unicodedata.normalize("NFC", last[-1] + kept) if kept else last[-1]
    if len(composed) == 1:
        out[-1] = last[:-1] + composed
        ends[-1] = at + len(marks)
        return
    for i, mark in enumerate(kept):
        out.append(mark)
        starts.append(at + i)
        ends.append(at + i + 1)


def fold_plain(text: str) -> str:
    """Only the folded string of ``text`` (for quotes and context)."""
    return fold(text).text


@lru_cache(maxsize=8)
def fold_cached(text: str) -> Folded:
    """:func:`fold` for article texts, which are folded once for many highlights."""
    return fold(text)


def find_all(haystack: str, needle: str, limit: int = 100_000) -> list[int]:
    """Start offsets of the non-overlapping occurrences of ``needle`` (at most ``limit``)."""
    found: list[int] = []
    if not needle:
        return found
    pos = haystack.find(needle)
    while pos >= 0 and len(found) < limit:
        found.append(pos)
        pos = haystack.find(needle, pos + len(needle))
    return found


def occurs_once(haystack: str, needle: str) -> bool:
    first = haystack.find(needle)
    return first >= 0 and haystack.find(needle, first + 1) < 0


def is_word_char(ch: str) -> bool:
    return bool(_WORD_CHAR_RE.match(ch))


# --- context agreement -------------------------------------------------------------------------


def prefix_similarity(stored: str, text: str, start: int) -> float | None:
    """How well ``stored`` (the folded prefix) agrees with the text just before ``start``.

    1.0 is identical, about 0.3 is unrelated text; ``None`` when nothing was stored. The
    comparison lets the new context be a little longer or shorter (a changed word)."""
    n = len(stored)
    if n == 0:
        return None
    return _best_side(stored, [text[max(0, start - length) : start] for length in _lengths(n, start)])


def suffix_similarity(stored: str, text: str, end: int) -> float | None:
    """Mirror of :func:`prefix_similarity` for the folded suffix after ``end``."""
    n = len(stored)
    if n == 0:
        return None
    return _best_side(stored, [text[end : end + length] for length in _lengths(n, len(text) - end)])


def _lengths(n: int, available: int) -> list[int]:
    """Lengths of new context to compare with a stored one of ``n`` characters: a word more or
    less far from the quote should not count as a difference there."""
    slack = max(2, n // 4)
    lo, hi = max(0, n - slack), min(available, n + slack)
    return list(range(min(lo, hi), hi + 1))


def _best_side(stored: str, options: list[str]) -> float:
    n = len(stored)
    best = n
    for option in options:
        best = min(best, Levenshtein.distance(stored, option, score_cutoff=best))
    return 1.0 - best / n


def adjacent_runs(
    stored_prefix: str, stored_suffix: str, text: str, start: int, end: int
) -> tuple[float | None, float | None]:
    """How much of the context right next to a candidate agrees exactly, per side (0..1).

    A run of 16 equal characters (or the whole stored side, if shorter) scores 1. Edits far
    from a quote matter little; a changed character next to it means its boundary moved."""
    before = _run_before(stored_prefix, text, start) / min(16, len(stored_prefix)) if stored_prefix else None
    after = _run_after(stored_suffix, text, end) / min(16, len(stored_suffix)) if stored_suffix else None
    return before, after


def quote_similarity(quote: str, found: str) -> float:
    """Normalised Levenshtein similarity of the folded quote and a folded candidate."""
    return Levenshtein.normalized_similarity(quote, found)


def word_similarity(quote: str, found: str) -> float:
    """Normalised Levenshtein similarity of their word (and punctuation) sequences."""
    return Levenshtein.normalized_similarity(_tokens(quote), _TOKEN_RE.findall(found))


# --- fuzzy candidates ---------------------------------------------------------------------------

_SEED_LIMIT = 40  # a piece found more often than this says nothing about where the quote is
_MAX_WINDOWS = 12
_MAX_PIECES = 24


def _quote_seeds(text: str, quote: str) -> list[tuple[int, int]]:
    """Windows where pieces of the quote occur exactly, best supported first."""
    m = len(quote)
    if m < 12:
        return []
    size = max(5, min(12, m // 4))
    offsets = list(range(0, m - size + 1, max(2, size // 2)))
    if len(offsets) > _MAX_PIECES:
        step = len(offsets) / _MAX_PIECES
        offsets = [offsets[int(i * step)] for i in range(_MAX_PIECES)]
    estimates: list[tuple[int, int]] = []
    for offset in offsets:
        piece = quote[offset : offset + size]
        hits = find_all(text, piece, _SEED_LIMIT + 1)
        if len(hits) > _SEED_LIMIT:
            continue
        estimates.extend((hit - offset, offset) for hit in hits)
    if not estimates:
        return []
    estimates.sort()
    spread = m // 5 + 4
    clusters: list[list[tuple[int, int]]] = [[estimates[0]]]
    for est in estimates[1:]:
        if est[0] - clusters[-1][-1][0] <= spread:
            clusters[-1].append(est)
        else:
            clusters.append([est])
    votes = [len({o for _, o in c}) for c in clusters]
    ranked = sorted(range(len(clusters)), key=lambda i: -votes[i])
    keep = [i for i in ranked if votes[i] >= 2][:_MAX_WINDOWS] or ranked[:3]
    slack = m // 4 + 8
    return [(clusters[i][0][0] - slack, clusters[i][-1][0] + m + slack) for i in keep]


def _context_seeds(text: str, prefix: str, suffix: str, limit: int) -> tuple[list[int], list[int]]:
    """Likely quote starts (after exact pieces of the prefix) and ends (before pieces of the
    suffix), from pieces found at most ``limit`` times."""
    starts: list[int] = []
    ends: list[int] = []
    size = 10
    for back in (0, size):
        piece = prefix[max(0, len(prefix) - back - size) : len(prefix) - back]
        if len(piece) >= 6:
            hits = find_all(text, piece, limit + 1)
            if len(hits) <= limit:
                starts.extend(hit + len(piece) + back for hit in hits)
    for ahead in (0, size):
        piece = suffix[ahead : ahead + size]
        if len(piece) >= 6:
            hits = find_all(text, piece, limit + 1)
            if len(hits) <= limit:
                ends.extend(hit - ahead for hit in hits)
    return sorted(set(starts)), sorted(set(ends))


def keeps_words(quote: str, prefix: str, suffix: str) -> tuple[bool, bool]:
    """Whether the stored quote's start / end fell between words (then it must again)."""
    return (
        not (prefix and is_word_char(prefix[-1]) and is_word_char(quote[0])),
        not (suffix and is_word_char(quote[-1]) and is_word_char(suffix[0])),
    )


def cuts_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls between two word characters."""
    return 0 < i < len(text) and is_word_char(text[i - 1]) and is_word_char(text[i])


def boundaries_ok(text: str, start: int, end: int, keep_start: bool, keep_end: bool) -> bool:
    """A quote whose start (end) did not cut a word must not cut one in its new place either."""
    return not (keep_start and cuts_word(text, start)) and not (keep_end and cuts_word(text, end))


def _run_before(stored: str, text: str, start: int, cap: int = 16) -> int:
    run, limit = 0, min(len(stored), start, cap)
    while run < limit and stored[-1 - run] == text[start - 1 - run]:
        run += 1
    return run


def _run_after(stored: str, text: str, end: int, cap: int = 16) -> int:
    run, limit = 0, min(len(stored), len(text) - end, cap)
    while run < limit and stored[run] == text[end + run]:
        run += 1
    return run


@dataclass(frozen=True)
class FuzzySearch:
    """Looks for places where a folded quote probably is in a folded text after edits."""

    text: str
    quote: str
    prefix: str
    suffix: str

    def spans(self, hint: int) -> list[tuple[int, int]]:
        """Candidate ``(start, end)`` spans (folded offsets); the caller scores and judges them."""
        text, m = self.text, len(self.quote)
        spans: set[tuple[int, int]] = set()
        windows = _quote_seeds(text, self.quote)
        starts, ends = _context_seeds(text, self.prefix, self.suffix, _SEED_LIMIT)
        for s in starts:
            for e in ends:
                if m // 2 - 8 <= e - s <= max(2 * m, m + 16):
                    span = self.refine(s, e)
                    if span is not None:
                        spans.add(span)
        # Windows after (before) a distinctive piece of the prefix (suffix).
        starts, ends = _context_seeds(text, self.prefix, self.suffix, 3)
        slack = m // 4 + 8
        windows += [(s - 2, s + m + slack) for s in starts]
        windows += [(e - m - slack, e + 2) for e in ends]
        windows.append((hint - m - 64, hint + 2 * m + 64))
        for lo, hi in _merge(windows):
            span = self.align(lo, hi)
            if span is not None:
                spans.add(span)
        return sorted(spans)

    def align(self, lo: int, hi: int) -> tuple[int, int] | None:
        """Best span of the quote inside ``text[lo:hi]``, boundaries refined."""
        lo, hi = max(0, lo), min(len(self.text), hi)
        if hi - lo < max(1, len(self.quote) // 2):
            return None
        if hi - lo <= len(self.quote):
            return self.refine(lo, hi)
        hit = fuzz.partial_ratio_alignment(self.quote, self.text[lo:hi])
        if hit is None:
            return None
        return self.refine(lo + hit.dest_start, lo + hit.dest_end)

    def refine(self, start: int, end: int, radius: int = 0) -> tuple[int, int] | None:
        """Move rough boundaries to where the candidate fits best (see :meth:`fit`).

        Start and end are improved in turn, twice. A quote that began (ended) between words
        gets only boundaries between words. ``None`` when no allowed boundary is nearby."""
        keep_start, keep_end = keeps_words(self.quote, self.prefix, self.suffix)
        radius = radius or max(20, len(self.quote) // 3)
        s, e = start, end
        for _ in range(3):
            starts = _boundaries(self.text, s, radius, keep_start, True)
            ends = _boundaries(self.text, e, radius, keep_end, False)
            if not starts or not ends:
                return None
            s = max(starts, key=lambda i: self.fit(i, e))
            e = max(ends, key=lambda i: self.fit(s, i))
            if abs(s - starts[0]) > 2 and abs(s - starts[-1]) > 2 and abs(e - ends[0]) > 2 and abs(e - ends[-1]) > 2:
                break  # both inside their ranges: no need to look further out
        if e <= s:
            return None
        return s, e

    def fit(self, s: int, e: int) -> tuple[float, int]:
        """How well ``text[s:e]`` stands for the quote.

        Words of the quote kept count, words added cost 0.4 as much (so a replaced word at an
        edge is kept, not cut off with the unchanged words beyond it, while a coincidental word
        next to the quote is not taken in), except that beyond the first, words added at an
        edge cost fully (a paragraph put before the quote is not a replaced word); short words
        and punctuation weigh less, as they coincide more often. Words of the stored context found right next to a boundary count
        too, by their length (a long word there is much less likely a coincidence than "і" or
        a full stop). Characters break ties."""
        if e <= s:
            return (float("-inf"), 0.0)
        text = self.text
        quote = _tokens(self.quote)
        tokens = _TOKEN_RE.findall(text, s, e)
        score = _weight(quote)
        added = []
        for op in LCSseq.editops(quote, tokens):
            if op.tag == "delete":
                score -= _token_weight(quote[op.src_pos])
            else:
                added.append(op.dest_pos)
        score -= _added_cost(tokens, added)
        before = _common_run(_tokens(self.prefix)[::-1][:3], _TOKEN_RE.findall(text, max(0, s - 48), s)[::-1])
        after = _common_run(_tokens(self.suffix)[:3], _TOKEN_RE.findall(text, e, e + 48))
        score += min(2.5, before / 6) + min(2.5, after / 6)
        chars = LCSseq.similarity(self.quote, text[s:e])
        near = _run_before(self.prefix, text, s) + _run_after(self.suffix, text, e)
        return (score, chars - 0.5 * ((e - s) - chars) + near / 8)


def _token_weight(token: str) -> float:
    return min(1.0, len(token) / 3) if is_word_char(token[0]) else 0.5


@lru_cache(maxsize=256)
def _weight(tokens: tuple[str, ...]) -> float:
    return sum(_token_weight(t) for t in tokens)


def _added_cost(tokens: list[str], added: list[int]) -> float:
    """Cost of the candidate's ``tokens`` at positions ``added`` (not in the quote)."""
    if not added:
        return 0.0
    extra = set(added)
    lead = 0
    while lead in extra:
        lead += 1
    trail = 0
    while len(tokens) - 1 - trail in extra:
        trail += 1
    cost = 0.0
    for i in added:
        edge_rank = i if i < lead else len(tokens) - 1 - i if i >= len(tokens) - trail else 0
        cost += _token_weight(tokens[i]) * (0.4 if edge_rank == 0 else 1.0)
    return cost


def _common_run(stored: list[str], found: list[str]) -> int:
    """Characters in the words that ``stored`` and ``found`` begin with in common."""
    run = 0
    for a, b in zip(stored, found):
        if a != b:
            break
        run += len(a)
    return run


def _boundaries(text: str, around: int, radius: int, keep: bool, is_start: bool) -> list[int]:
    """Candidate boundary offsets near ``around``: never next to a space inside the span, and
    cutting no word when ``keep``."""
    lo, hi = max(0, around - radius), min(len(text), around + radius)
    if is_start:
        found = [i for i in range(lo, hi + 1) if i < len(text) and text[i] != " "]
    else:
        found = [i for i in range(lo, hi + 1) if i > 0 and text[i - 1] != " "]
    if not keep:
        return found
    cuts = {m.start() for m in _INSIDE_WORD_RE.finditer(text, max(0, lo - 1), hi + 1)}
    return [i for i in found if i not in cuts]


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
