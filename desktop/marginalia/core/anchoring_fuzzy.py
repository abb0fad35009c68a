"""Helpers of :mod:`marginalia.core.anchoring`: how well stored context and quote agree with a
place in a folded text, and where a quote probably is after the text was edited.

Context agreement: similarities of the stored prefix/suffix with the text next to a candidate,
exact runs right next to it, and the quote's words kept in order. Fuzzy search: cheap exact
seeds (pieces of the quote, the tail of its prefix, the head of its suffix) point at a few
windows, each window is aligned with rapidfuzz and its boundaries refined word by word. Scoring
and accepting a candidate is :mod:`marginalia.core.anchoring_rules`' business. All texts here
are folded (see :func:`marginalia.core.anchoring.fold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

_WORD_CHAR_RE = re.compile(r"\w")
# Inside a word: between two word characters, or next to a hyphen or an apostrophe joining two
# ("well-known", "обов'язково", "don't" after folding): a boundary there cuts the word.
_INSIDE_WORD_RE = re.compile(r"(?<=\w)(?=\w)|(?<=\w[-'])(?=\w)|(?<=\w)(?=[-']\w)")
_SENTENCE_BREAK_RE = re.compile(r"[.?!…]+[\"')]* +\S")
WORD_RE = re.compile(r"\w+(?:'\w+)*")  # folded apostrophes stay inside words
TOKEN_RE = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=256)
def token_tuple(text: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(text))



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
    before = run_before(stored_prefix, text, start) / min(16, len(stored_prefix)) if stored_prefix else None
    after = run_after(stored_suffix, text, end) / min(16, len(stored_suffix)) if stored_suffix else None
    return before, after


def quote_similarity(quote: str, found: str) -> float:
    """Normalised Levenshtein similarity of the folded quote and a folded candidate."""
    return Levenshtein.normalized_similarity(quote, found)


def word_similarity(quote: str, found: str) -> float:
    """Normalised Levenshtein similarity of their word (and punctuation) sequences."""
    return Levenshtein.normalized_similarity(token_tuple(quote), TOKEN_RE.findall(found))


@lru_cache(maxsize=256)
def _words(text: str) -> tuple[str, ...]:
    return tuple(WORD_RE.findall(text))


def word_overlap(quote: str, found: str, prefix: str = "", suffix: str = "") -> tuple[int, int, bool, bool, bool]:
    """Words of the folded quote kept in order in a folded candidate: ``(kept, words in the
    quote, the first word is the same, the last word is the same, padded)``. Padded: a word
    was added before the quote's first word or after its last one, or the candidate took in
    the stored context's word next to it."""
    want = _words(quote)
    got = WORD_RE.findall(found)
    if not want or not got:
        return 0, len(want), False, False, False
    kept = LCSseq.similarity(want, got)
    # (The context's word must be long enough not to be a replaced word by chance: "і", "the".)
    before = tuple(w for w in _words(prefix)[-1:] if len(w) >= 4)
    after = tuple(w for w in _words(suffix)[:1] if len(w) >= 4)
    # More words added than the quote lost (beyond one per ten): words taken in, not replaced.
    padded = (
        len(got) - kept > len(want) - kept + len(want) // 10
        or (len(got) > 1 and got[0] != want[0] and (got[1] == want[0] or (got[0],) == before))
        or (len(got) > 1 and got[-1] != want[-1] and (got[-2] == want[-1] or (got[-1],) == after))
    )
    return kept, len(want), want[0] == got[0], want[-1] == got[-1], padded


def word_before(text: str, start: int) -> str:
    """The word right before ``start`` when only a space separates them, else ``""``."""
    if start < 2 or text[start - 1] != " ":
        return ""
    found = WORD_RE.findall(text, max(0, start - 40), start - 1)
    return found[-1] if found and text[start - 1 - len(found[-1]) : start - 1] == found[-1] else ""


def word_after(text: str, end: int) -> str:
    """The word right after ``end`` when only a space separates them, else ``""``."""
    match = WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
    return match.group() if match else ""


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
    ranked = vote_clusters(estimates, m // 5 + 4)
    keep = [c for c, votes in ranked if votes >= 2][:_MAX_WINDOWS] or [c for c, _ in ranked[:3]]
    slack = m // 4 + 8
    return [(c[0][0] - slack, c[-1][0] + m + slack) for c in keep]


def vote_clusters(estimates: list[tuple[int, int]], spread: int) -> list[tuple[list[tuple[int, int]], int]]:
    """Estimates ``(where the quote would start, which piece says so)`` grouped where they lie
    within ``spread`` of each other, each with its votes (how many different pieces agree),
    most votes first."""
    if not estimates:
        return []
    estimates = sorted(estimates)
    clusters: list[list[tuple[int, int]]] = [[estimates[0]]]
    for est in estimates[1:]:
        if est[0] - clusters[-1][-1][0] <= spread:
            clusters[-1].append(est)
        else:
            clusters.append([est])
    return sorted(((c, len({piece for _, piece in c})) for c in clusters), key=lambda cv: -cv[1])


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
        not (prefix and cuts_word(prefix[-2:] + quote[:2], len(prefix[-2:]))),
        not (suffix and cuts_word(quote[-2:] + suffix[:2], len(quote[-2:]))),
    )


def cuts_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls inside a word (see :data:`_INSIDE_WORD_RE`)."""
    return 0 < i < len(text) and _INSIDE_WORD_RE.match(text, i) is not None


def sentence_breaks(text: str) -> int:
    """Sentence ends followed by more text inside ``text``."""
    return len(_SENTENCE_BREAK_RE.findall(text))


def boundaries_ok(text: str, start: int, end: int, keep_start: bool, keep_end: bool) -> bool:
    """A quote whose start (end) did not cut a word must not cut one in its new place either."""
    return not (keep_start and cuts_word(text, start)) and not (keep_end and cuts_word(text, end))


def run_before(stored: str, text: str, start: int, cap: int = 16) -> int:
    run, limit = 0, min(len(stored), start, cap)
    while run < limit and stored[-1 - run] == text[start - 1 - run]:
        run += 1
    return run


def run_after(stored: str, text: str, end: int, cap: int = 16) -> int:
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
        for span in list(spans):
            spans.update(self.to_context(*span))
        return sorted(spans)

    def to_context(self, start: int, end: int, reach: int = 48) -> list[tuple[int, int]]:
        """Variants of a span whose start (end) is moved to where the stored context's last
        (first) :data:`_PIN` characters end (begin) nearby: an aligned span leaves a replaced
        word at its edge out, though it is the exact context next to it that tells the place."""
        m = len(self.quote)
        keep_start, keep_end = keeps_words(self.quote, self.prefix, self.suffix)
        starts, ends = [start], [end]
        tail, head = self.prefix[-_PIN:], self.suffix[:_PIN]
        if len(tail) == _PIN:
            starts += [p + _PIN for p in _find_in(self.text, tail, start - reach - _PIN, start + reach)]
        if len(head) == _PIN:
            ends += _find_in(self.text, head, end - reach, end + reach + _PIN)
        # A word or two more at an edge: replaced last (first) words of the quote.
        gap = end
        for word in list(WORD_RE.finditer(self.text, end, end + 64))[:_EDGE_WORDS]:
            if self.text[gap : word.start()].strip(" "):
                break
            ends.append(word.end())
            gap = word.end()
        gap = start
        for word in list(WORD_RE.finditer(self.text, max(0, start - 64), start))[::-1][:_EDGE_WORDS]:
            if self.text[word.end() : gap].strip(" "):
                break
            starts.append(word.start())
            gap = word.start()
        found = []
        for s in starts:
            for e in ends:
                if (s, e) != (start, end) and m // 2 - 8 <= e - s <= max(2 * m, m + 16):
                    if boundaries_ok(self.text, s, e, keep_start, keep_end) and self.text[s] != " " and self.text[e - 1] != " ":
                        found.append((s, e))
        return found

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

    def fit(self, s: int, e: int) -> tuple[float, float]:
        """How well ``text[s:e]`` stands for the quote, word by word.

        Words of the quote kept count; a word added inside costs 0.4 of one (a replaced word),
        and so does a word added at an edge in place of a quote word missing there (a replaced
        edge word stays in, and the unchanged words beyond it too). Any other word added at an
        edge costs 1.5 (a caption put before the quote, the changed first word of the next
        paragraph), as does a full stop added inside. Short words and punctuation weigh less,
        as they coincide more often. Up to 3 words of stored context found right next to a
        boundary count too, by their length. Characters break ties."""
        if e <= s:
            return (float("-inf"), 0.0)
        text = self.text
        quote = token_tuple(self.quote)
        tokens = TOKEN_RE.findall(text, s, e)
        score = _weight(quote)
        added: list[int] = []
        deleted: list[int] = []
        for op in LCSseq.editops(quote, tokens):
            if op.tag == "delete":
                deleted.append(op.src_pos)
                score -= _token_weight(quote[op.src_pos])
            else:
                added.append(op.dest_pos)
        score -= _added_cost(quote, tokens, added, deleted)
        before = _common_run(token_tuple(self.prefix)[::-1][:3], TOKEN_RE.findall(text, max(0, s - 48), s)[::-1])
        after = _common_run(token_tuple(self.suffix)[:3], TOKEN_RE.findall(text, e, e + 48))
        chars = LCSseq.similarity(self.quote, text[s:e])
        near = run_before(self.prefix, text, s) + run_after(self.suffix, text, e)
        return (score + before + after, chars - 0.5 * ((e - s) - chars) + near / 8)


_SENTENCE_END = frozenset(".?!…")


def _token_weight(token: str) -> float:
    return min(1.0, max(0.5, len(token) / 3)) if is_word_char(token[0]) else 0.5


@lru_cache(maxsize=256)
def _weight(tokens: tuple[str, ...]) -> float:
    return sum(_token_weight(t) for t in tokens)


def _edge_run(positions: list[int], length: int) -> tuple[int, int]:
    """How many of ``positions`` (indexes into a sequence of ``length``) lead and trail it."""
    present = set(positions)
    lead = 0
    while lead in present:
        lead += 1
    trail = 0
    while trail < length - lead and length - 1 - trail in present:
        trail += 1
    return lead, trail


def _added_cost(quote: tuple[str, ...], tokens: list[str], added: list[int], deleted: list[int]) -> float:
    """Cost of the candidate's ``tokens`` at positions ``added`` (not in the quote); see fit."""
    if not added:
        return 0.0
    lead, trail = _edge_run(added, len(tokens))
    lead_missing, trail_missing = _edge_run(deleted, len(quote))
    cost = 0.0
    for i in added:
        weight = _token_weight(tokens[i])
        if i < lead:
            cost += weight * (0.4 if lead - i <= lead_missing else 1.5)
        elif i >= len(tokens) - trail:
            cost += weight * (0.4 if i - (len(tokens) - trail) < trail_missing else 1.5)
        else:
            cost += weight * (1.5 if tokens[i] in _SENTENCE_END else 0.4)
    return cost


def _common_run(stored: list[str], found: list[str]) -> float:
    """Words that ``stored`` and ``found`` begin with in common, each by its length (≤ 1)."""
    run = 0.0
    for a, b in zip(stored, found):
        if a != b:
            break
        run += min(1.0, len(a) / 6)
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


_EDGE_WORDS = 2  # words a span may be widened by at either edge (see FuzzySearch.to_context)
_PIN = 12  # characters of exact context that pin a boundary (see FuzzySearch.to_context)


def _find_in(text: str, piece: str, lo: int, hi: int) -> list[int]:
    """Starts of ``piece`` inside ``text[lo:hi]``."""
    lo, found = max(0, lo), []
    pos = text.find(piece, lo, hi)
    while pos >= 0:
        found.append(pos)
        pos = text.find(piece, pos + 1, hi)
    return found


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
