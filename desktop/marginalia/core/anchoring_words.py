"""Last resort of :mod:`marginalia.core.anchoring`: place a quote by aligning words.

When neither an occurrence of the quote nor a fuzzy span is trusted (typically a short quote
whose neighbour words were replaced, or a quote that lost a word and whose context changed right
next to it), the stored prefix, quote and suffix are cut into tokens (words and punctuation
marks) and aligned, as one sequence, with windows of the new text's tokens where several of
their rarer words occur. The stored context has ~32 characters a side, a few words beyond the
immediate neighbours: when those words are still there on both sides, in order and at the same
distance, the quote is between them, even if the words next to it (or in it) were replaced.

Replaced words are assumed to be replaced one for one: when the tokens between the last context
word that agrees and the first quote word that agrees are as many in the new text as stored,
the boundary is put where the stored one was; otherwise changed words at an edge are left out.
A place is accepted (:func:`_accepted`) with context agreeing on both sides, or with one side
agreeing wholly and the other not contradicting; context that agrees must include a rare word
or a phrase found once (a stock phrase's words agree next to each of its copies), some word of
the quote must be kept, and no other window may score about as well. Everything works on
folded strings and folded offsets (see :func:`marginalia.core.anchoring.fold`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import LCSseq

from marginalia.core import anchoring_fuzzy as fz

_CONTEXT_FULL = 32  # stored context of this length may begin (end) with a cut word
_SEED_LIMIT = 30  # a word found more often than this does not point at a place
_MAX_WINDOWS = 8
_SLACK = 6  # tokens of new text added around a window
_NEAR = 3  # the context word that agrees must be this close to the quote (tokens)
_SHIFT = 2  # ... and further context words at about the same distance as stored
_SIDE = 1.5  # evidence a side needs (a long word counts 1, a short one less, a mark 0.25)
_PAIR = 3.25  # evidence of two sides that each have a long word agreeing
_SENTENCE_END = frozenset(".?!…")
_RARE = 3  # a word found at most this often in the text is rare
_MARGIN = 1.0  # a rival window scoring within this of the best makes the place ambiguous


@dataclass(frozen=True)
class Tokens:
    """Tokens of a folded text: strings, their folded spans, and where each word occurs."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    index: dict[str, list[int]]


@lru_cache(maxsize=4)
def tokens_of(text: str) -> Tokens:
    """Tokens of a folded article text (cached: one article serves many highlights)."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index: dict[str, list[int]] = {}
    for i, match in enumerate(fz.TOKEN_RE.finditer(text)):
        word = match.group()
        words.append(word)
        starts.append(match.start())
        ends.append(match.end())
        index.setdefault(word, []).append(i)
    return Tokens(tuple(words), tuple(starts), tuple(ends), index)


def _weight(token: str) -> float:
    if not fz.is_word_char(token[0]):
        return 0.25
    return min(1.0, len(token) / 4)


@dataclass(frozen=True)
class Placement:
    """A place found by word alignment: folded offsets, and how much agreed."""

    start: int
    end: int
    before: float  # evidence of the context words before the quote
    after: float  # ... and after it
    kept: float  # weight of the quote's words found in place
    missing: int  # the quote's words not found
    rare_before: bool  # a word of the context before that agrees is rare in the text
    rare_after: bool  # ... after it
    whole_before: bool  # all the context before agrees, but perhaps its word next to the quote
    whole_after: bool  # ... and after it
    sure_start: bool  # the token before the quote, or the quote's first one, agrees in place
    sure_end: bool  # ... the token after it, or the quote's last one
    tokens: bool  # the new place has as many tokens as the quote
    touch_before: bool  # the context before does not contradict (see _touch)
    touch_after: bool  # ... after it
    past_before: int = 0  # tokens of the quote's sentence stored beyond the farthest context
    past_after: int = 0  # token that agrees, before (after) the quote

    @property
    def score(self) -> float:
        return self.before + self.after + self.kept


def place(text: str, quote: str, prefix: str, prefix_full: bool, suffix: str, suffix_full: bool) -> tuple[int, int] | None:
    """Folded ``(start, end)`` of the quote in ``text`` by word alignment, or ``None``.

    ``prefix_full`` / ``suffix_full``: the stored context had its full length, so its outer
    word may be cut (it is dropped)."""
    keep_start, keep_end = fz.keeps_words(quote, prefix, suffix)
    if not (keep_start and keep_end):
        return None  # a quote that cut a word is left to the character-wise rules
    p, cut_p = _context_tokens(prefix, prefix_full, True)
    q = list(fz.TOKEN_RE.findall(quote))
    s, cut_s = _context_tokens(suffix, suffix_full, False)
    if not q or not (p or s):
        return None
    toks = tokens_of(text)
    found: list[Placement] = []
    for lo, hi in _windows(toks, p + q + s):
        placement = _align(text, toks, (p, q, s), (cut_p, cut_s), lo, hi)
        if placement is not None:
            found.append(placement)
    if not found:
        return None
    best = max(found, key=lambda c: c.score)
    for rival in found:
        elsewhere = rival.end <= best.start or rival.start >= best.end
        if elsewhere and rival.score >= best.score - _MARGIN:
            return None
    if not _accepted(best, q) or fz.cuts_word(text, best.start) or fz.cuts_word(text, best.end):
        return None
    return best.start, best.end


def _context_tokens(context: str, full: bool, is_prefix: bool) -> tuple[list[str], str]:
    """Tokens of a stored side, and its outer word when it may be cut (dropped from them)."""
    tokens = list(fz.TOKEN_RE.findall(context))
    if full and tokens:
        edge = context[0] if is_prefix else context[-1]
        if fz.is_word_char(edge):
            return (tokens[1:], tokens[0]) if is_prefix else (tokens[:-1], tokens[-1])
    return tokens, ""


def _windows(toks: Tokens, stored: list[str]) -> list[tuple[int, int]]:
    """Token windows where several of the stored words occur at about their stored distance."""
    estimates: list[tuple[int, int]] = []
    for k, word in enumerate(stored):
        if len(word) < 3 or not fz.is_word_char(word[0]):
            continue
        hits = toks.index.get(word, ())
        if len(hits) > _SEED_LIMIT:
            continue
        estimates.extend((hit - k, k) for hit in hits)
    kept = [c for c, votes in fz.vote_clusters(estimates, _SLACK) if votes >= 2][:_MAX_WINDOWS]
    n = len(stored)
    return [(max(0, c[0][0] - _SLACK), min(len(toks.words), c[-1][0] + n + _SLACK)) for c in kept]


def _align(
    text: str, toks: Tokens, pqs: tuple[list[str], list[str], list[str]], cuts: tuple[str, str], lo: int, hi: int
) -> Placement | None:
    """The quote's place in the window ``[lo, hi)`` of tokens, by aligning prefix, quote and
    suffix tokens (``pqs``) as one sequence; ``cuts``: the sides' outer words that may be cut."""
    p, q, s = pqs
    stored = p + q + s
    a, b = len(p), len(q)
    pairs: dict[int, int] = {}
    for op in LCSseq.opcodes(stored, list(toks.words[lo:hi])):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                pairs[op.src_start + k] = lo + op.dest_start + k
    left = [k for k in range(a) if k in pairs]
    inner = [k for k in range(a, a + b) if k in pairs]
    right = [k for k in range(a + b, a + b + len(s)) if k in pairs]
    _hug(toks.words, stored, pairs, left[::-1], -1, min((pairs[k] for k in inner + right), default=hi))
    _hug(toks.words, stored, pairs, right, 1, max((pairs[k] for k in inner + left), default=lo - 1))
    first, sure_start = _start(pairs, left, inner, a)
    last, sure_end = _end(pairs, right, inner, a + b)
    if first is None or last is None or last < first:
        return None
    # A sentence end between the context and the quote that was not there: the quote's words
    # found belong to the next (previous) sentence.
    if left and _ends(toks.words[pairs[left[-1]] + 1 : first]) > _ends(stored[left[-1] + 1 : a]):
        return None
    if right and _ends(toks.words[last + 1 : pairs[right[0]]]) > _ends(stored[a + b : right[0]]):
        return None
    if left and ((a - 1 - left[-1]) >= _NEAR or first - pairs[left[-1]] > _NEAR):
        left = []
    if right and ((right[0] - a - b) >= _NEAR or pairs[right[0]] - last > _NEAR):
        right = []
    if not left and not right:
        return None
    # Context agrees at about its stored distance; past a sentence end only at exactly it (a
    # deleted sentence brings its neighbours together, a word or two off).
    cut_before = max((k for k in range(a) if p[k] in _SENTENCE_END), default=-1)
    cut_after = min((k for k in range(a + b - 1, a + b + len(s)) if stored[k] in _SENTENCE_END), default=len(stored))
    # A punctuation mark agrees only at its stored distance (marks are everywhere).
    before = [
        k
        for k in left
        if abs((first - pairs[k]) - (a - k)) <= (_SHIFT if k >= cut_before and fz.is_word_char(stored[k][0]) else 0)
    ]
    after = [
        k
        for k in right
        if abs((pairs[k] - last) - (k - a - b + 1)) <= (_SHIFT if k <= cut_after and fz.is_word_char(stored[k][0]) else 0)
    ]
    # The outer word of a full stored side, perhaps cut, agrees if a word begins (ends) with it.
    outer_before = bool(cuts[0] and 0 in before and pairs[0] > 0 and toks.words[pairs[0] - 1].endswith(cuts[0]))
    last_stored = len(stored) - 1
    outer_after = bool(cuts[1] and last_stored in after and _begins(toks.words, pairs[last_stored] + 1, cuts[1]))
    words = [k for k in range(a, a + b) if fz.is_word_char(stored[k][0])]
    kept_words = [k for k in words if k in pairs and first <= pairs[k] <= last]
    return Placement(
        start=toks.starts[first],
        end=toks.ends[last],
        before=sum(_weight(stored[k]) for k in before) + (_weight(cuts[0]) if outer_before else 0.0),
        after=sum(_weight(stored[k]) for k in after) + (_weight(cuts[1]) if outer_after else 0.0),
        kept=sum(_weight(stored[k]) for k in kept_words),
        missing=len(words) - len(kept_words),
        rare_before=_distinct(text, toks, stored, before, pairs),
        rare_after=_distinct(text, toks, stored, after, pairs),
        whole_before=_whole(p[max(0, cut_before) :], [k - max(0, cut_before) for k in before])
        or _all_agree(p, before),
        whole_after=_whole(
            stored[a + b : cut_after + 1][::-1], [min(cut_after, len(stored) - 1) - k for k in after if k <= cut_after]
        )
        or _all_agree(s, [k - a - b for k in after]),
        sure_start=sure_start and (bool(before) or pairs.get(a) == first),
        sure_end=sure_end and (bool(after) or pairs.get(a + b - 1) == last),
        tokens=last - first + 1 == b,
        touch_before=_touch(p[::-1], [a - 1 - k for k in before], False),
        touch_after=_touch(s, [k - a - b for k in after], q[-1] in _SENTENCE_END),
        past_before=min(before, default=a) - (cut_before + 1),
        past_after=min(cut_after, len(stored)) - 1 - max(after, default=len(stored) - 1),
    )


def _distinct(text: str, toks: Tokens, stored: list[str], agreeing: list[int], pairs: dict[int, int]) -> bool:
    """Whether the context that agrees on a side tells this place from others: one of its
    words is found at most :data:`_RARE` times in the text, or the new text from its first to
    its last token that agree (two words or more) is found once. A stock phrase's words are
    common, and its copies go on alike only for the phrase's length."""
    if any(fz.is_word_char(stored[k][0]) and len(toks.index.get(stored[k], ())) <= _RARE for k in agreeing):
        return True
    if sum(1 for k in agreeing if fz.is_word_char(stored[k][0])) < 2:
        return False
    lo, hi = min(pairs[k] for k in agreeing), max(pairs[k] for k in agreeing)
    return fz.occurs_once(text, text[toks.starts[lo] : toks.ends[hi]])


def _hug(words: tuple[str, ...], stored: list[str], pairs: dict[int, int], side: list[int], step: int, bound: int) -> None:
    """Move the matches of a side's context tokens (``side``: from the quote outward) to the
    equal tokens nearest the quote, in order: of equally long alignments the one that puts
    the context next to the quote (a word repeated nearby is not its neighbour)."""
    for k in side:
        w = bound + step
        while w != pairs[k] and words[w] != stored[k]:
            w += step
        pairs[k] = w
        bound = w


def _begins(words: tuple[str, ...], at: int, piece: str) -> bool:
    return at < len(words) and words[at].startswith(piece)


def _ends(tokens: Iterable[str]) -> int:
    return sum(1 for t in tokens if t in _SENTENCE_END)


def _touch(side: list[str], agreeing: list[int], ended: bool) -> bool:
    """Whether a side of context (listed from the quote outward; ``agreeing``: indexes into it)
    does not contradict: a word of three letters or more agrees, or the quote's sentence ends
    right there (``ended``: with the quote), or a word further and a token agrees. (Another copy
    of a phrase goes on alike on one side, but the quote's own sentence around it is gone.)"""
    if ended or not side or side[0] in _SENTENCE_END:
        return True
    if any(fz.is_word_char(side[k][0]) and len(side[k]) >= 3 for k in agreeing):
        return True
    return bool(agreeing) and any(t in _SENTENCE_END for t in side[1:2])


def _start(pairs: dict[int, int], left: list[int], inner: list[int], a: int) -> tuple[int | None, bool]:
    """First new token of the quote, and whether it is known: past the replaced context tokens
    when as many tokens are between the context and the quote's first word that agrees as
    were stored (known), else that word (changed words at the edge are left out)."""
    if not inner:
        return None, False
    q0 = inner[0]
    if left:
        i = left[-1]
        gap, stored_gap = pairs[q0] - pairs[i] - 1, (a - 1 - i) + (q0 - a)
        if gap == stored_gap:
            return pairs[i] + 1 + (a - 1 - i), True
        if gap < stored_gap and a - 1 - i < _NEAR:
            return None, False  # the quote's word found takes the place of a context word
    return pairs[q0], q0 == a


def _end(pairs: dict[int, int], right: list[int], inner: list[int], after_quote: int) -> tuple[int | None, bool]:
    """Mirror of :func:`_start` for the last new token of the quote."""
    if not inner:
        return None, False
    q1 = inner[-1]
    if right:
        j = right[0]
        gap, stored_gap = pairs[j] - pairs[q1] - 1, (j - after_quote) + (after_quote - 1 - q1)
        if gap == stored_gap:
            return pairs[j] - 1 - (j - after_quote), True
        if gap < stored_gap and j - after_quote < _NEAR:
            return None, False
    return pairs[q1], q1 == after_quote - 1


def _whole(side: list[str], agreeing: list[int]) -> bool:
    """Whether every token of a context side (listed from the far end to the quote) agrees,
    except perhaps the one next to the quote, and they weigh two long words or more."""
    got = set(agreeing)
    weight = sum(_weight(t) for k, t in enumerate(side) if k in got)
    return weight >= 2.0 and all(k in got for k in range(len(side) - 1))


def _all_agree(side: list[str], agreeing: list[int]) -> bool:
    """Whether every token of a stored side (``agreeing``: indexes into it) agrees at its stored
    distance, across a sentence end too, and they weigh two long words or more: the quote's
    paragraph or sentence still begins (ends) right where it did."""
    got = set(agreeing)
    return all(k in got for k in range(len(side))) and sum(_weight(t) for t in side) >= 2.0


def _accepted(c: Placement, q: list[str]) -> bool:
    """Context on both sides and the quote's words mostly kept; or one whole (or, for an intact
    quote, well agreeing) side, the other end sure and not contradicted, and at least half the
    quote's words kept."""
    words = sum(1 for t in q if fz.is_word_char(t[0]))
    if c.kept <= 0:
        return False  # every word replaced: nothing of the quote is left to place
    # (Words of a stock phrase agree next to each of its copies: a rare one must agree too.)
    if c.before >= _SIDE and c.after >= _SIDE and (c.rare_before or c.rare_after):
        return c.missing <= max(1, (words + 1) // 2)
    if min(c.before, c.after) >= 1.0 and c.before + c.after >= _PAIR and c.sure_start and c.sure_end:
        if c.rare_before and c.rare_after:
            return c.missing <= max(1, (words + 1) // 2)
    # One side that agrees wholly (or well, if the quote is intact): the other must agree a
    # little next to the quote, unless the quote begins (ends) a sentence there; else the side
    # may be a stock phrase's continuation.
    # A side that agrees well but not wholly must agree out to its sentence's stored end, but
    # for a token: a stock phrase's other copy agrees in the middle of the context, and what
    # follows it there differs.
    strong_before = c.rare_before and (c.whole_before or (c.before >= 1.75 and c.missing == 0 and c.past_before <= 1))
    strong_after = c.rare_after and (c.whole_after or (c.after >= 1.75 and c.missing == 0 and c.past_after <= 1))
    if (strong_before and c.sure_end and c.touch_after) or (strong_after and c.sure_start and c.touch_before):
        enough = c.kept >= 1.0 or (c.kept > 0 and c.sure_start and c.sure_end)
        return c.tokens and enough and c.missing <= words // 2
    return False
