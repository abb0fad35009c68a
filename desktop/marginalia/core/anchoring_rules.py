"""Evidence for a candidate place of a highlight, and the rules that accept or refuse it.

:mod:`marginalia.core.anchoring` finds candidate places of a stored quote in a changed text
(exact occurrences, then fuzzy spans from :mod:`marginalia.core.anchoring_fuzzy`); this module
scores each one (:func:`score`, a :class:`Candidate`) and judges it: :func:`unique_ok` and
:func:`exact_ok` for verbatim occurrences, :func:`fuzzy_ok` for approximate ones, :func:`rank`
to compare rivals. Everything works on folded strings and folded offsets.

The evidence: context that agrees exactly right next to a candidate and is found nowhere else
in the text ("pinned"), context that agrees further out (a replaced word next to the quote),
and the quote's own words kept in order. A fuzzy match may miss the more words the longer the
quote is (:func:`tolerated_missing`). A wrong place is worse than none, so every rule errs on refusing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marginalia.core import anchoring_fuzzy as fz

# Acceptance thresholds (context similarities are ~0.3 for unrelated text, 1.0 for identical).
SHORT_QUOTE = 12  # folded characters; shorter quotes need context on both sides to be fuzzy
UNIQUE_QUOTE = 32  # a unique verbatim quote this long is accepted whatever its context
LONG_QUOTE = 48  # a fuzzy match of a quote this long needs less context
_STRONG_SIDE = 0.75
_FAIR_SIDE = 0.6
_WEAK_SIDE = 0.45  # above what unrelated text reaches in ~99% of cases
_EDGE_CHARS = 6  # a candidate that begins (ends) with this much of the quote vouches for that end


@dataclass(frozen=True)
class Candidate:
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
    framed: bool  # the candidate with the exact context runs on both sides is found nowhere else
    flanked: bool  # the context past one replaced word on each side agrees exactly (see _flanked)
    foreign_before: bool  # the stored prefix's words of the quote's sentence are all gone there
    foreign_after: bool  # ... and the same for the suffix (see _foreign)
    ends_sentence: bool  # the quote ends with a sentence end (its suffix is another sentence)
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
    firm_touch: bool = True  # a run next to it holds a mark or a whole word of 3+ letters

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
            grade(sim, near or 0.0, self.size, self.quote == 1.0)
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
            return near >= 0.5 or grade(sim, near, self.size, self.quote == 1.0) >= 1 or sim >= 0.8

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

    def contradicted(self) -> bool:
        """A stored side whose words of the quote's own sentence are all gone next to the
        candidate, while the exact context agreeing on the other side stays in the sentence:
        another copy of a phrase that goes on alike, not the quote's place. (Exact context
        across a sentence end is no phrase's continuation; edited neighbours are expected.)"""
        across_after = self.ends_sentence or not self.inner_after
        return (self.foreign_before and not across_after) or (self.foreign_after and self.inner_before)

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


def grade(sim: float, near: float, size: int, verbatim: bool) -> int:
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



def score(text: str, quote: str, prefix: str, suffix: str, start: int, end: int) -> Candidate:
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
    grade_before = grade(before, near_prefix or 0.0, m, verbatim) if before is not None else 0
    grade_after = grade(after, near_suffix or 0.0, m, verbatim) if after is not None else 0
    # A run short of 16 characters was ended by a mismatch: a word it cut is left out. A run
    # ended by the stored sentence's end where the new one goes on tells nothing of the place.
    piece_before = _whole_words(prefix, len(prefix) - run_before, len(prefix), run_before < min(16, len(prefix)))
    piece_after = _whole_words(suffix, 0, run_after, run_after < min(16, len(suffix)))
    ended_before = _ended_by_stop(prefix, len(prefix) - run_before - 1, text, start - run_before - 1)
    distinct_before = not ended_before and _distinctive(text, piece_before)
    distinct_after = not _ended_by_stop(suffix, run_after, text, end + run_after) and _distinctive(text, piece_after)
    kept, total, head_word, tail_word, padded = fz.word_overlap(quote, found, prefix, suffix)
    # The quote's first (last) word repeated right outside the candidate: which one begins
    # (ends) the quote is a guess, so the candidate is not trusted.
    padded = padded or (head_word and fz.word_before(text, start) == found.split(" ", 1)[0])
    padded = padded or (tail_word and fz.word_after(text, end) == found.rsplit(" ", 1)[-1])
    return Candidate(
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
        framed=_framed(text, prefix[len(prefix) - run_before :], found, suffix[:run_after]),
        flanked=_flanked(text, prefix, suffix, start, end),
        foreign_before=_foreign(_sentence_tail(prefix), text[max(0, start - len(prefix) - 8) : start], True),
        ends_sentence=bool(_SENTENCE_END_RE.search(quote[-1:])),
        foreign_after=_foreign(_sentence_head(quote, suffix), text[end : end + len(suffix) + 8], False),
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
        firm_touch=not prefix or not suffix or _firm(piece_before) or _firm(piece_after),
    )


def _ended_by_stop(stored: str, at: int, text: str, new_at: int) -> bool:
    """Whether the stored context's character at ``at`` (the mismatch that ended a run) is a
    sentence end and the new text's character at ``new_at`` is not."""
    stop = 0 <= at < len(stored) and _SENTENCE_END_RE.match(stored[at])
    return bool(stop) and not (0 <= new_at < len(text) and _SENTENCE_END_RE.match(text[new_at]))


def _firm(run: str) -> bool:
    """Whether an exact run of context holds a punctuation mark or a whole word of three
    letters or more (a run of "as", "в" agrees next to any phrase)."""
    marks = any(not ch.isspace() and not fz.is_word_char(ch) for ch in run)
    return marks or any(len(w) >= 3 for w in fz.WORD_RE.findall(run))


def _whole_words(stored: str, lo: int, hi: int, cut: bool) -> str:
    """``stored[lo:hi]``, an exact run of context next to a candidate, without a word that the
    mismatch ending the run (``cut``) split: the new word only begins or ends alike ("tra|ffic",
    "tra|pping"); a piece is distinctive by the words it holds, not by a few shared letters."""
    if cut and 0 < lo < hi and fz.is_word_char(stored[lo - 1]) and fz.is_word_char(stored[lo]):
        while lo < hi and fz.is_word_char(stored[lo]):
            lo += 1
    if cut and lo < hi < len(stored) and fz.is_word_char(stored[hi]) and fz.is_word_char(stored[hi - 1]):
        while hi > lo and fz.is_word_char(stored[hi - 1]):
            hi -= 1
    return stored[lo:hi]


_SENTENCE_END_RE = re.compile(r"[.?!…]")


def _framed(text: str, before: str, found: str, after: str) -> bool:
    """Whether a candidate with the context that agrees exactly on both sides of it is found
    once: both sides touch (see :func:`_touches`), together with ten characters or more. Either
    run alone may be common; the quote between them makes the whole a phrase of its own."""
    if len(before) + len(after) < 10 or not (_touches(before) and _touches(after)):
        return False
    return fz.occurs_once(text, before + found + after)


_FLANK = 12  # characters of context past a replaced neighbour word that must agree exactly


def _flanked(text: str, prefix: str, suffix: str, start: int, end: int) -> bool:
    """Whether, past the one word right before and the one right after a candidate (replaced
    in the new text), the stored context agrees exactly for :data:`_FLANK` characters on both
    sides: a word whose both neighbours were edited is still between the same phrases."""
    if not (prefix.endswith(" ") and suffix.startswith(" ")):
        return False
    if text[start - 1 : start] != " " or text[end : end + 1] != " ":
        return False
    stored_before = _LAST_WORD_RE.sub("", prefix[:-1])
    stored_after = _FIRST_WORD_RE.sub("", suffix[1:])
    if len(stored_before) < _FLANK or len(stored_after) < _FLANK:
        return False
    at = text.rfind(" ", 0, start - 1) + 1
    to = text.find(" ", end + 1)
    if at <= 0 or to < 0 or start - at > 40 or to - end > 40:
        return False
    return fz.run_before(stored_before, text, at) >= _FLANK and fz.run_after(stored_after, text, to) >= _FLANK


_LAST_WORD_RE = re.compile(r"\S+$")
_FIRST_WORD_RE = re.compile(r"^\S+")


def _sentence_tail(prefix: str) -> str:
    """The stored prefix's part in the quote's sentence, without a word cut at its start."""
    ends = list(_SENTENCE_END_RE.finditer(prefix))
    if ends:
        return prefix[ends[-1].end() :]
    return prefix.split(" ", 1)[1] if " " in prefix else ""


def _sentence_head(quote: str, suffix: str) -> str:
    """The stored suffix's part in the quote's sentence, without a word cut at its end."""
    if _SENTENCE_END_RE.search(quote[-1:]):
        return ""
    end = _SENTENCE_END_RE.search(suffix)
    if end:
        return suffix[: end.start()]
    return suffix.rsplit(" ", 1)[0] if " " in suffix else ""


def _foreign(stored: str, found: str, before: bool) -> bool:
    """Whether three words or more of the quote's sentence were stored on a side and none of
    them is in the new text next to the candidate, up to a sentence end (edits replace a word
    or two next to a quote; three gone at once is another sentence). Words of one or two letters
    ("в", "на", "of") are in any sentence: they count neither way."""
    words = {w for w in fz.WORD_RE.findall(stored) if len(w) >= 3}
    if len(words) < 3:
        return False
    ends = list(_SENTENCE_END_RE.finditer(found))
    if ends:
        found = found[ends[-1].end() :] if before else found[: ends[0].start()]
    return not words & set(fz.WORD_RE.findall(found))


def _touches(run: str) -> bool:
    """Whether an exact run of context next to a candidate is more than a chance space: four
    characters, or two with a punctuation mark (the same sentence end, the same comma)."""
    return len(run) >= 4 or (len(run) >= 2 and any(not ch.isspace() and not fz.is_word_char(ch) for ch in run))


def _distinctive(text: str, piece: str) -> bool:
    """Whether the exact context ``piece`` next to a candidate is long and found once: a
    repeated phrase next to a quote says nothing about which occurrence it is."""
    return len(piece.strip()) >= 8 and fz.occurs_once(text, piece)


def rank(c: Candidate, m: int, hint: int) -> tuple[float, float]:
    """Evidence for a candidate. The quote's own similarity weighs more the longer it is (a
    short word occurs everywhere); context, and exact context next to the edges, weigh the rest."""
    weight = min(0.6, m / 80)
    evidence = weight * c.likeness + (1 - weight) * (0.7 * c.context + 0.3 * c.adjacency)
    return (evidence, -abs(c.start - hint))


def unique_ok(c: Candidate, m: int) -> bool:
    """A verbatim quote found once whose stored context largely agrees on one side, though the
    word right next to it may have been replaced (unrelated context scores about 0.3)."""
    return m >= 6 and c.best_side >= (0.7 if m >= SHORT_QUOTE else 0.75) and not c.contradicted()


def exact_ok(c: Candidate, m: int, rare: bool) -> bool:
    """Context a verbatim occurrence needs (a long quote found once needs none, see
    :func:`marginalia.core.anchoring._choose`): two fair sides, or one strong side. A short quote that is a common word
    needs the other side not to contradict, or an intact distinctive side: its sentence may
    be gone and the next one begin with the same word."""
    if c.both_sides_fair() or (m >= SHORT_QUOTE and c.strong_side() and not c.contradicted()) or c.hemmed():
        return True
    if (c.pinned() and not c.contradicted()) or c.flanked:
        return True
    if ((c.solid and rare) or c.pinned_within()) and not c.contradicted():
        return True
    if c.framed and c.context >= _FAIR_SIDE and c.other_side_floor() >= _WEAK_SIDE:
        # (A stock phrase's other copy may be framed alike by the phrase's own next words;
        # the context further out tells them apart.)
        return True
    return c.strong_side() and c.other_side_floor() >= _WEAK_SIDE


def tolerated_missing(words: int) -> int:
    """Words of a quote that may be missing from a candidate vouched for at both ends: a third
    of a short quote, half of four to eight words, then a quarter more (up to 2 + words / 4)."""
    return words // 3 if words < 4 else min(words // 2, 2 + words // 4)



def fuzzy_ok(c: Candidate, m: int) -> bool:
    """An approximate match needs both ends vouched for, and quote similarity that may be the
    lower the more context agrees (the tolerance is relative, so it grows with the quote)."""
    if c.contradicted():
        return False  # another copy of a phrase (see Candidate.contradicted)
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
    # length (see tolerated_missing); more missing than that is a different passage.
    tolerated = tolerated_missing(c.words_total)
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
    if m >= 24 and c.head_word and c.tail_word and c.firm_touch and touched and c.likeness >= 0.7:
        # A phrase that still begins and ends with the same words and keeps most in between; a
        # rival of the same likeness elsewhere makes it ambiguous (see anchoring._unambiguous).
        # (Context agreeing only by a short word, " as ", is found next to any phrase.)
        return True
    if m >= LONG_QUOTE and (c.anchored or touched) and c.likeness >= 0.75:
        # A long passage this similar, its context agreeing a little, is the same passage (a
        # near-duplicate elsewhere would make it ambiguous).
        return True
    return _fuzzy_ok_by_likeness(c, m)


def _fuzzy_ok_by_likeness(c: Candidate, m: int) -> bool:
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
