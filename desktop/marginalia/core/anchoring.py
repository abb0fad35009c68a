"""Selectors of highlights and re-anchoring them after an article's text changed.

A highlight stores a :class:`TextSelector`: code-point offsets into the canonical text plus the
exact quote and up to :data:`CONTEXT` characters of prefix and suffix (the W3C Web Annotation
position and quote selectors). When an article is cleaned again, :func:`reanchor` places each
highlight in the new text: the same position if it still holds the quote in the same context
(``"exact"``), else the occurrence of the quote whose context agrees best (``"moved"``), else an
approximate match of quote and context (``"fuzzy"``), else nowhere (``"orphan"``, the caller keeps
the highlight). A wrong place is worse than none, so every match but a long, unique, verbatim
quote needs its stored context to agree, and short quotes need it on both sides to be fuzzy.

The evidence for a place: context that agrees exactly right next to it and is found nowhere
else in the text ("pinned"), context that agrees further out (a replaced word next to the quote),
and the quote's own words kept in order. A fuzzy match may miss the more words the longer the
quote is (:func:`_tolerated`), and never takes in words beyond the quote's first or last one.
A candidate that another place matches about as well is refused (:func:`_unambiguous`).

All functions are pure: strings in, plain values out, no I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable

from marginalia.core import anchoring_fuzzy as fz
from marginalia.core.errors import BadInput, UsageError

CONTEXT = 32

EXACT = "exact"
MOVED = "moved"
FUZZY = "fuzzy"
ORPHAN = "orphan"

# Acceptance thresholds (context similarities are ~0.3 for unrelated text, 1.0 for identical).
SHORT_QUOTE = 12  # folded characters; shorter quotes need context on both sides to be fuzzy
UNIQUE_QUOTE = 32  # a unique verbatim quote this long is accepted whatever its context
LONG_QUOTE = 48  # a fuzzy match of a quote this long needs less context
_STRONG_SIDE = 0.75
_FAIR_SIDE = 0.6
_MANY_OCCURRENCES = 64
_WEAK_SIDE = 0.45  # above what unrelated text reaches in ~99% of cases
_AMBIGUITY_MARGIN = 0.05
_RARE = 3  # a short quote found at most this often is a rare word,
_RARE_SHARE = 0.005  # ... as is one that is at most this share of the words (~7 characters each)
_EDGE_CHARS = 6  # a candidate that begins (ends) with this much of the quote vouches for that end


@dataclass(frozen=True)
class TextSelector:
    """Where a highlight is: ``text[start:end] == exact``, with the text around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Anchor:
    """Result of :func:`reanchor`: a ``status`` and the new range (``None`` for an orphan)."""

    status: str
    start: int | None
    end: int | None


def selector_for_range(text: str, start: int, end: int) -> TextSelector:
    """The selector of ``text[start:end]``.

    Whitespace at either end of the range is trimmed inward (a selection dragged over a line
    break or a space still highlights only the words). Raises :class:`UsageError` when the range
    is outside the text, empty or only whitespace.
    """
    if not (0 <= start <= end <= len(text)):
        raise UsageError(f"range {start}..{end} is outside the article text (0..{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise UsageError("the selected range holds no text")
    return TextSelector(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def find_quote_all(text: str, quote: str) -> list[tuple[int, int]]:
    """Every occurrence of ``quote`` in ``text`` as original ``(start, end)`` offsets.

    Exact occurrences if there are any; otherwise occurrences after folding case, whitespace,
    apostrophes, quotation marks, dashes, ``ё``, stress marks and ``…`` (see
    :mod:`marginalia.core.anchoring_fuzzy`).
    """
    stripped = quote.strip()
    if not stripped:
        return []
    exact = fz.find_all(text, stripped)
    if exact:
        return [(s, s + len(stripped)) for s in exact]
    needle = fz.fold_plain(stripped).strip(" ")
    if not needle:
        return []
    folded = fz.fold_cached(text)
    return [folded.to_original(s, s + len(needle)) for s in fz.find_all(folded.text, needle)]


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th (1-based) match of a quote a user typed or pasted.

    Raises :class:`BadInput` with a one-line reason when the quote is empty, not in the text, or
    ``occurrence`` is out of range.
    """
    if not quote.strip():
        raise BadInput("the quote is empty")
    found = find_quote_all(text, quote)
    if not found:
        raise BadInput(f"quote not found in the article: {_short(quote)}")
    if not 1 <= occurrence <= len(found):
        if len(found) == 1:
            raise BadInput(f"quote occurs once; occurrence {occurrence} does not exist")
        raise BadInput(f"quote occurs {len(found)} times; use --occurrence 1..{len(found)}")
    return found[occurrence - 1]


def _short(quote: str, limit: int = 60) -> str:
    flat = " ".join(quote.split())
    return f"“{flat}”" if len(flat) <= limit else f"“{flat[: limit - 1]}…”"


# --- re-anchoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int  # folded offsets
    end: int
    quote: float  # similarity of quote and candidate, 1.0 when equal after folding
    words: float  # the same, counting words (a long word replaced by another is one change)
    prefix: float | None  # similarity of the stored context and the new one, None if none stored
    suffix: float | None
    near_prefix: float | None  # exact agreement of the few characters next to the candidate
    near_suffix: float | None
    head: bool  # the candidate begins with the quote's first characters
    tail: bool  # ... and ends with its last ones
    solid: bool  # a strong side whose exact part next to the candidate is found nowhere else
    anchored: bool  # the same for a fair side
    distinct_before: bool  # the exact context right before the candidate is found nowhere else
    distinct_after: bool  # ... and right after it
    size: int  # length of the folded quote
    inner_before: bool  # the exact context right before holds no sentence end (the same sentence)
    inner_after: bool  # ... right after it
    touch_before: bool  # the context right before agrees a little: 4 characters, or 2 with punctuation
    touch_after: bool  # ... right after it (True when no context was stored on that side)
    run_before: int  # characters of stored context that agree exactly right before the candidate
    run_after: int  # ... and right after it
    words_total: int  # words in the quote
    words_kept: int  # of them found in the candidate, in order
    head_word: bool  # the candidate's first word is the quote's first word
    tail_word: bool  # ... and its last word the quote's last word
    padded: bool  # it has a word more before the quote's first word or after its last one

    @property
    def words_missing(self) -> int:
        return self.words_total - self.words_kept

    @property
    def likeness(self) -> float:
        return max(self.quote, self.words)

    def _sides(self) -> list[float]:
        return [s for s in (self.prefix, self.suffix) if s is not None]

    @property
    def best_side(self) -> float:
        return max(self._sides(), default=0.0)

    @property
    def context(self) -> float:
        sides = self._sides()
        return sum(sides) / len(sides) if sides else 0.0

    @property
    def adjacency(self) -> float:
        sides = [s for s in (self.near_prefix, self.near_suffix) if s is not None]
        return sum(sides) / len(sides) if sides else 0.0

    def _grades(self) -> list[int]:
        """Per stored side: 2 strong, 1 fair, 0 weak. Strong and fair need the characters right
        next to the candidate to agree too, not just the context further out (which agrees
        as well when the quote shifted by a word or its sentence was deleted)."""
        return [
            _grade(sim, near or 0.0, self.size, self.quote == 1.0)
            for sim, near in ((self.prefix, self.near_prefix), (self.suffix, self.near_suffix))
            if sim is not None
        ]

    def both_sides_fair(self) -> bool:
        grades = self._grades()
        return len(grades) == 2 and min(grades) >= 1

    def strong_side(self) -> bool:
        return max(self._grades(), default=0) == 2

    def fair_side(self) -> bool:
        return max(self._grades(), default=0) >= 1

    def other_side_floor(self) -> float:
        """The weaker side's similarity (1.0 when only one side was stored)."""
        sides = self._sides()
        return min(sides) if len(sides) == 2 else 1.0

    def one_edge_supported(self) -> bool:
        return self.head or self.tail or self.strong_side()

    def edges_supported(self) -> bool:
        """Each end is vouched for by the quote's own first/last characters, or by its context:
        exactly for several characters next to it, or fairly with a few, or closely overall."""

        def side_ok(sim: float | None, near: float | None) -> bool:
            sim, near = sim or 0.0, near or 0.0
            return near >= 0.5 or _grade(sim, near, self.size, self.quote == 1.0) >= 1 or sim >= 0.8

        return (self.head or side_ok(self.prefix, self.near_prefix)) and (
            self.tail or side_ok(self.suffix, self.near_suffix)
        )

    def hemmed(self) -> bool:
        """Several characters on both sides right next to the candidate agree exactly."""
        return (
            (self.near_prefix or 0.0) >= 0.5
            and (self.near_suffix or 0.0) >= 0.5
            and min(self._sides(), default=0.0) >= _WEAK_SIDE
            and (self.distinct_before or self.distinct_after)
        )

    def sealed(self) -> bool:
        """Both stored sides agree exactly right next to the candidate, for 16 characters (or all
        that was stored), and each of those runs is found nowhere else in the text."""
        return (
            self.near_prefix == 1.0
            and self.near_suffix == 1.0
            and self.distinct_before
            and self.distinct_after
        )

    def pinned_before(self) -> bool:
        """The stored prefix agrees exactly for 12 characters or more right before the candidate,
        and those characters are found nowhere else."""
        return self.run_before >= 12 and self.distinct_before

    def pinned_after(self) -> bool:
        """The same for the suffix right after the candidate."""
        return self.run_after >= 12 and self.distinct_after

    def pinned(self) -> bool:
        """One side is pinned, and the other side does not contradict: a few characters agree
        right next to the candidate, or punctuation does, or the context further out does (the
        word next to the quote was replaced)."""
        after = self.touch_after or (self.suffix or 0.0) >= _FAIR_SIDE
        before = self.touch_before or (self.prefix or 0.0) >= _FAIR_SIDE
        return (self.pinned_before() and after) or (self.pinned_after() and before)

    def pinned_within(self) -> bool:
        """A side is pinned by context of the quote's own sentence. (Pinned across a sentence end,
        a deleted sentence's quote would land on a neighbour's first or last word if it is the
        same word; within the sentence, the quote's sentence is still there.) The whole stored
        side must agree closely too: next to a phrase repeated in the text, 16 characters found
        once may just be the last copy left."""
        return (self.pinned_before() and self.inner_before and (self.prefix or 0.0) >= 0.8) or (
            self.pinned_after() and self.inner_after and (self.suffix or 0.0) >= 0.8
        )

    def ends_vouched(self) -> bool:
        """Each end is vouched for, by exact context found nowhere else on one side and by the
        quote's own word at the other end."""
        return (self.pinned_before() and self.tail_word) or (self.pinned_after() and self.head_word)

    def bracketed(self) -> bool:
        """Both stored sides still agree, exactly for several characters next to the edges."""
        return (
            self.both_sides_fair()
            and self.distinct_before
            and self.distinct_after
            and self.best_side >= 0.8
            and (self.near_prefix or 0.0) >= 0.5
            and (self.near_suffix or 0.0) >= 0.5
        )


def _grade(sim: float, near: float, size: int, verbatim: bool) -> int:
    """2 strong, 1 fair, 0 weak. Similar context further out is not enough unless the quote is
    verbatim and not short: shifted by a word (a candidate with other boundaries, another
    occurrence close by), its context is still largely the same."""
    if sim >= _STRONG_SIDE and near >= 0.5:
        return 2
    if sim >= _FAIR_SIDE and near >= 0.25:
        return 1
    if size < SHORT_QUOTE:
        return 0
    lenient = verbatim
    if lenient and sim >= 0.9:
        return 2
    return 1 if (lenient and sim >= _STRONG_SIDE) or (near >= 0.5 and sim >= _WEAK_SIDE) else 0


def reanchor(text: str, selector: TextSelector) -> Anchor:
    """Place a stored highlight in (a possibly changed) ``text``; see the module docstring.

    ``"exact"``: same offsets, same text, context agrees. ``"moved"``: the same quote (up to
    folding) elsewhere, chosen by context. ``"fuzzy"``: an approximate match whose context agrees.
    ``"orphan"``: no trustworthy place; ``start``/``end`` are ``None``.
    """
    start, end, exact = selector.start, selector.end, selector.exact
    if (
        0 <= start < end <= len(text)
        and text[start:end] == exact
        and text[max(0, start - len(selector.prefix)) : start] == selector.prefix
        and text[end : end + len(selector.suffix)] == selector.suffix
    ):
        return Anchor(EXACT, start, end)
    quote = fz.fold_plain(exact).strip(" ")
    if not quote or not text:
        return Anchor(ORPHAN, None, None)
    folded = fz.fold_cached(text)
    prefix = fz.fold_plain(selector.prefix)
    suffix = fz.fold_plain(selector.suffix)
    hint = _folded_offset(folded, start)

    chosen = _choose(folded.text, quote, prefix, suffix, hint)
    if chosen is None:
        return Anchor(ORPHAN, None, None)
    new_start, new_end = folded.to_original(chosen.start, chosen.end)
    while new_start < new_end and text[new_start].isspace():
        new_start += 1
    while new_end > new_start and text[new_end - 1].isspace():
        new_end -= 1
    if (new_start, new_end) == (start, end) and text[new_start:new_end] == exact:
        return Anchor(EXACT, new_start, new_end)
    return Anchor(MOVED if chosen.quote == 1.0 else FUZZY, new_start, new_end)


def reanchor_all(text: str, selectors: Iterable[TextSelector]) -> list[Anchor]:
    """:func:`reanchor` for many highlights of one article (the text is folded once)."""
    return [reanchor(text, s) for s in selectors]


def _folded_offset(folded: fz.Folded, original: int) -> int:
    return min(bisect_left(folded.starts, original), len(folded.text))


def _choose(text: str, quote: str, prefix: str, suffix: str, hint: int) -> _Candidate | None:
    """The candidate to trust, or None. Exact occurrences of the quote are tried first, fuzzy
    ones only when none is accepted; a winner that another place nearly equals is refused."""
    m = len(quote)
    keep_start, keep_end = fz.keeps_words(quote, prefix, suffix)
    starts = fz.find_all(text, quote)
    occurrences = len(starts)
    if occurrences > _MANY_OCCURRENCES:
        starts = _prefilter(text, quote, prefix, suffix, starts, hint)
    exact = [
        _score(text, quote, prefix, suffix, s, s + m)
        for s in starts
        if fz.boundaries_ok(text, s, s + m, keep_start, keep_end)
    ]
    if len(exact) == 1 and (m >= UNIQUE_QUOTE or (m >= SHORT_QUOTE and exact[0].anchored) or _unique_ok(exact[0], m)):
        return exact[0]
    rare = occurrences <= max(_RARE, _RARE_SHARE * len(text) / 7)
    accepted = [c for c in exact if _exact_ok(c, m, rare)]
    if accepted:
        return _unambiguous(accepted, exact, m, hint)
    search = fz.FuzzySearch(text, quote, prefix, suffix)
    fuzzy = [_score(text, quote, prefix, suffix, s, e) for s, e in search.spans(hint)]
    # Verbatim occurrences were judged above, by the rules for them.
    accepted = [c for c in fuzzy if c.quote < 1.0 and not c.padded and _fuzzy_ok(c, m)]
    best = _unambiguous(accepted, exact + fuzzy, m, hint)
    if best is None:
        return None
    # Overlapping candidates are the same place with other boundaries: the best fit decides.
    same_place = [c for c in accepted if c.start < best.end and c.end > best.start]
    return max(same_place, key=lambda c: search.fit(c.start, c.end))


def _unambiguous(accepted: list[_Candidate], rivals: list[_Candidate], m: int, hint: int) -> _Candidate | None:
    """The best accepted candidate, unless a rival elsewhere ranks about as high or higher."""
    if not accepted:
        return None
    best = max(accepted, key=lambda c: _rank(c, m, hint))
    level = _rank(best, m, hint)[0] - _AMBIGUITY_MARGIN
    for rival in rivals:
        elsewhere = rival.end <= best.start or rival.start >= best.end
        if elsewhere and _rank(rival, m, hint)[0] >= level:
            return None
    return best


def _score(text: str, quote: str, prefix: str, suffix: str, start: int, end: int) -> _Candidate:
    found = text[start:end]
    k = min(_EDGE_CHARS, len(quote))
    near_prefix, near_suffix = fz.adjacent_runs(prefix, suffix, text, start, end)
    before = fz.prefix_similarity(prefix, text, start)
    after = fz.suffix_similarity(suffix, text, end)
    m = len(quote)
    run_before = round((near_prefix or 0.0) * min(16, len(prefix)))
    run_after = round((near_suffix or 0.0) * min(16, len(suffix)))
    similarity = 1.0 if found == quote else fz.quote_similarity(quote, found)
    verbatim = similarity == 1.0
    grade_before = _grade(before, near_prefix or 0.0, m, verbatim) if before is not None else 0
    grade_after = _grade(after, near_suffix or 0.0, m, verbatim) if after is not None else 0
    distinct_before = _distinctive(text, prefix[len(prefix) - run_before :])
    distinct_after = _distinctive(text, suffix[:run_after])
    kept, total, head_word, tail_word, padded = fz.word_overlap(quote, found, prefix, suffix)
    # The quote's first (last) word repeated right outside the candidate: which one begins
    # (ends) the quote is a guess, so the candidate is not trusted.
    padded = padded or (head_word and fz.word_before(text, start) == found.split(" ", 1)[0])
    padded = padded or (tail_word and fz.word_after(text, end) == found.rsplit(" ", 1)[-1])
    return _Candidate(
        start=start,
        end=end,
        quote=similarity,
        words=1.0 if found == quote else fz.word_similarity(quote, found),
        prefix=before,
        suffix=after,
        near_prefix=near_prefix,
        near_suffix=near_suffix,
        head=found[:k] == quote[:k],
        tail=found[-k:] == quote[-k:],
        solid=(distinct_before and grade_before == 2) or (distinct_after and grade_after == 2),
        anchored=(distinct_before and grade_before > 0) or (distinct_after and grade_after > 0),
        distinct_before=distinct_before,
        distinct_after=distinct_after,
        size=m,
        inner_before=not _SENTENCE_END_RE.search(prefix[len(prefix) - run_before :]),
        inner_after=not _SENTENCE_END_RE.search(suffix[:run_after]),
        touch_before=not prefix or _touches(prefix[len(prefix) - run_before :]),
        touch_after=not suffix or _touches(suffix[:run_after]),
        run_before=run_before,
        run_after=run_after,
        words_total=total,
        words_kept=kept,
        head_word=head_word,
        tail_word=tail_word,
        padded=padded,
    )


_SENTENCE_END_RE = re.compile(r"[.?!…]")


def _touches(run: str) -> bool:
    """Whether an exact run of context next to a candidate is more than a chance space: four
    characters, or two with a punctuation mark (the same sentence end, the same comma)."""
    return len(run) >= 4 or (len(run) >= 2 and any(not ch.isspace() and not fz.is_word_char(ch) for ch in run))


def _distinctive(text: str, piece: str) -> bool:
    """Whether the exact context ``piece`` next to a candidate is long and found once: a
    repeated phrase next to a quote says nothing about which occurrence it is."""
    return len(piece.strip()) >= 8 and fz.occurs_once(text, piece)


def _rank(c: _Candidate, m: int, hint: int) -> tuple[float, float]:
    """Evidence for a candidate. The quote's own similarity weighs more the longer it is (a
    short word occurs everywhere); context, and exact context next to the edges, weigh the rest."""
    weight = min(0.6, m / 80)
    evidence = weight * c.likeness + (1 - weight) * (0.7 * c.context + 0.3 * c.adjacency)
    return (evidence, -abs(c.start - hint))


def _unique_ok(c: _Candidate, m: int) -> bool:
    """A verbatim quote found once whose stored context largely agrees on one side, though the
    word right next to it may have been replaced (unrelated context scores about 0.3)."""
    return m >= 6 and c.best_side >= (0.7 if m >= SHORT_QUOTE else 0.75)


def _exact_ok(c: _Candidate, m: int, rare: bool) -> bool:
    """Context a verbatim occurrence needs (a long quote found once needs none, see
    :func:`_choose`): two fair sides, or one strong side. A short quote that is a common word
    needs the other side not to contradict, or an intact distinctive side: its sentence may
    be gone and the next one begin with the same word."""
    if c.both_sides_fair() or (m >= SHORT_QUOTE and c.strong_side()) or c.hemmed():
        return True
    if (c.solid and rare) or c.pinned() or c.pinned_within():
        return True
    return c.strong_side() and c.other_side_floor() >= _WEAK_SIDE


def _tolerated(words: int) -> int:
    """Words of a quote that may be missing from a candidate vouched for at both ends: a third
    of a short quote, half of four to eight words, then a quarter more (up to 2 + words / 4)."""
    return words // 3 if words < 4 else min(words // 2, 2 + words // 4)


def _prefilter(text: str, quote: str, prefix: str, suffix: str, starts: list[int], hint: int) -> list[int]:
    """Of very many occurrences keep those whose next few context characters match on either
    side (a strong side needs that anyway), and a few near ``hint``."""
    near = sorted(starts, key=lambda s: abs(s - hint))[:16]
    p, q = prefix[-3:], suffix[:3]
    m = len(quote)
    agree = [
        s
        for s in starts
        if (p and text[max(0, s - len(p)) : s] == p) or (q and text[s + m : s + m + len(q)] == q)
    ]
    return sorted(set(near) | set(agree))


def _fuzzy_ok(c: _Candidate, m: int) -> bool:
    """An approximate match needs both ends vouched for, and quote similarity that may be the
    lower the more context agrees (the tolerance is relative, so it grows with the quote)."""
    if c.bracketed() and m // 2 - 8 <= (c.end - c.start) <= max(2 * m, m + 16):
        # Between a prefix and a suffix that still agree right up to it: the same place, even if
        # words of the quote (or the whole of a short one) were replaced; but a longer quote
        # must keep some of its words (a paragraph put where a deleted one was keeps none).
        if m < SHORT_QUOTE or (c.sealed() and c.words_missing <= 1 + c.words_total // 2):
            return True
        if c.words_missing > 1 + c.words_total // 2:
            return False
        return c.likeness >= (0.5 if m >= LONG_QUOTE else 0.3)
    # Rules by the words kept: how many of the quote's words may be missing grows with its
    # length (see _tolerated); more missing than that is a different passage.
    tolerated = _tolerated(c.words_total)
    touched = c.touch_before or c.touch_after
    if m >= SHORT_QUOTE and c.ends_vouched() and c.words_missing <= c.words_total // 3:
        # Context found nowhere else at one end, the quote's own word at the other: words
        # inside (or at the pinned end) were replaced.
        return True
    if m >= SHORT_QUOTE and c.pinned() and c.words_missing <= tolerated and c.likeness >= 0.5:
        # Context found nowhere else at one end and agreeing at the other.
        return True
    if (c.pinned_before() and (c.suffix or 0.0) >= _STRONG_SIDE) or (
        c.pinned_after() and (c.prefix or 0.0) >= _STRONG_SIDE
    ):
        # Exact context found nowhere else on one side, close context on the other: the place
        # is known, and a replaced word in between is the quote's.
        if c.likeness >= 0.4 and c.words_missing <= max(1, tolerated):
            return True
    if c.words_missing > tolerated:
        return _fuzzy_ok_by_likeness(c, m)
    if m >= SHORT_QUOTE and c.other_side_floor() >= _STRONG_SIDE and c.likeness >= 0.6:
        return True  # both stored sides closely agree further out
    if m >= 24 and c.likeness >= 0.85 and (touched or c.best_side >= _STRONG_SIDE):
        return True
    if m >= 24 and c.head_word and c.tail_word and touched and c.likeness >= 0.7:
        # A phrase that still begins and ends with the same words and keeps most in between; a
        # rival of the same likeness elsewhere makes it ambiguous (see _unambiguous).
        return True
    if m >= LONG_QUOTE and (c.anchored or touched) and c.likeness >= 0.75:
        # A long passage this similar, its context agreeing a little, is the same passage (a
        # near-duplicate elsewhere would make it ambiguous).
        return True
    return _fuzzy_ok_by_likeness(c, m)


def _fuzzy_ok_by_likeness(c: _Candidate, m: int) -> bool:
    """The older rules, by character likeness and context grades."""
    if m >= LONG_QUOTE and (c.likeness >= 0.9 or (c.likeness >= 0.85 and c.one_edge_supported())):
        # A long passage this similar is the same passage wherever it is (a duplicate would be
        # refused as ambiguous); word-wise boundaries keep changed edge words out.
        return True
    if m < SHORT_QUOTE:
        return False
    if m >= 24 and c.likeness >= 0.7 and c.strong_side():
        # A phrase of several words next to an intact context; its other end may be a changed
        # word next to changed context: word-wise boundaries leave such a word in or out.
        return True
    if not c.edges_supported():
        return False
    if c.both_sides_fair():
        return c.likeness >= 0.6
    if c.solid or c.strong_side() and (m >= 24 or c.other_side_floor() >= _WEAK_SIDE):
        return c.likeness >= 0.7
    if c.head and c.tail and c.fair_side() and m >= 24:
        return c.likeness >= 0.75
    return m >= LONG_QUOTE and c.likeness >= 0.8
