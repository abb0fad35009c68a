"""Widening an approximate place of a quote to its unchanged edge words.

A fuzzy or word-aligned place (see :mod:`marginalia.core.anchoring`) is bounded by the words
that agree. When the words right after a quote's first word were replaced, the place begins
after them and leaves out that first word (often a short one, "І", "На", "The"), though it still
stands in the new text. :func:`widen` puts it back: the quote's edge word is found exactly as
many tokens before (after) the place as the quote had before (after) its first (last) token
that agrees, no sentence ends between differently than stored, and the token next to it agrees
with the stored context (the same token, both sentence ends, or both the text's edge). Replaced
words are assumed replaced one for one, as in :mod:`marginalia.core.anchoring_words`.
Everything works on folded strings and folded offsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from rapidfuzz.distance import LCSseq

from marginalia.core import anchoring_fuzzy as fz
from marginalia.core.anchoring_words import tokens_of

_SENTENCE_END = frozenset(".?!…")
_REACH = 4  # at most this many quote tokens may stand between the edge word and the place


def widen(text: str, quote: str, prefix: str, suffix: str, start: int, end: int) -> tuple[int, int]:
    """Folded ``(start, end)`` widened to the quote's unchanged edge words next to it."""
    q = fz.TOKEN_RE.findall(quote)
    if len(q) < 2:
        return start, end
    toks = tokens_of(text)
    i0 = bisect_left(toks.starts, start)
    i1 = bisect_right(toks.ends, end) - 1
    if i0 > i1:
        return start, end
    placed = list(toks.words[i0 : i1 + 1])
    pairs = [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in LCSseq.opcodes(q, placed)
        if op.tag == "equal"
    ]
    if not pairs:
        return start, end
    qi, pj, _ = pairs[0]
    new_start = _edge_before(toks.words, q, fz.TOKEN_RE.findall(prefix), i0, qi - pj)
    qe, pe, n = pairs[-1]
    qi_last, pj_last = qe + n - 1, pe + n - 1
    new_end = _edge_after(toks.words, q, fz.TOKEN_RE.findall(suffix), i1, (len(q) - 1 - qi_last) - (len(placed) - 1 - pj_last))
    return (toks.starts[new_start] if new_start is not None else start), (toks.ends[new_end] if new_end is not None else end)


def _edge_before(words: tuple[str, ...], q: list[str], prefix: list[str], i0: int, missing: int) -> int | None:
    """Index of the quote's first word ``missing`` tokens before token ``i0``, if it is there."""
    if not 0 < missing <= _REACH or not fz.is_word_char(q[0][0]):
        return None
    k = i0 - missing
    if k < 0 or words[k] != q[0]:
        return None
    if _ends(words[k:i0]) != _ends(q[:missing]):
        return None
    before = words[k - 1] if k > 0 else None
    stored = prefix[-1] if prefix else None
    return k if _agree(before, stored) else None


def _edge_after(words: tuple[str, ...], q: list[str], suffix: list[str], i1: int, missing: int) -> int | None:
    """Mirror of :func:`_edge_before` for the quote's last word after token ``i1``."""
    if not 0 < missing <= _REACH or not fz.is_word_char(q[-1][0]):
        return None
    k = i1 + missing
    if k >= len(words) or words[k] != q[-1]:
        return None
    if _ends(words[i1 + 1 : k + 1]) != _ends(q[len(q) - missing :]):
        return None
    after = words[k + 1] if k + 1 < len(words) else None
    stored = suffix[0] if suffix else None
    return k if _agree(after, stored) else None


def _agree(found: str | None, stored: str | None) -> bool:
    """Whether the token next to an edge word agrees with the stored one (``None``: text edge)."""
    if found is None or stored is None:
        return found is None and stored is None
    return found == stored or (found in _SENTENCE_END and stored in _SENTENCE_END)


def _ends(tokens: tuple[str, ...] | list[str]) -> int:
    return sum(1 for t in tokens if t in _SENTENCE_END)
