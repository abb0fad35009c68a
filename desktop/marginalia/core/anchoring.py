"""Selectors of highlights and re-anchoring them after an article's text changed.

A highlight stores a :class:`TextSelector`: code-point offsets into the canonical text plus the
exact quote and up to :data:`CONTEXT` characters of prefix and suffix (the W3C Web Annotation
position and quote selectors). When an article is cleaned again, :func:`reanchor` places each
highlight in the new text: the same position if it still holds the quote in the same context
(``"exact"``), else the occurrence of the quote whose context agrees best (``"moved"``), else an
approximate match of quote and context (``"fuzzy"``), else nowhere (``"orphan"``, the caller keeps
the highlight). A wrong place is worse than none, so every match but a long, unique, verbatim
quote needs its stored context to agree, and short quotes need it on both sides to be fuzzy.

Candidates are found here (exact occurrences of the folded quote, then fuzzy spans from
:mod:`marginalia.core.anchoring_fuzzy`), scored and accepted or refused by the rules in
:mod:`marginalia.core.anchoring_rules`. A candidate that another place matches about as well is
refused (:func:`_unambiguous`).

Folding turns a text into a comparison form in which a quote a user types from a real article
matches the stored text: case, whitespace runs (line breaks, NBSP, paragraph separators),
apostrophes (``' ’ ʼ``), quotation marks (``« » “ ” „``), dashes (``- – —``), ``ё``/``е``,
stress marks, soft hyphens and zero-width characters and ``…``/``...`` stop mattering. A
:class:`Folded` text keeps, for every folded character, the span of the original text it came
from, so a match found in folded form maps back to exact code-point offsets.

All functions are pure: strings in, plain values out, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from marginalia.core import anchoring_edges as edges
from marginalia.core import anchoring_fuzzy as fz
from marginalia.core import anchoring_rules as rules
from marginalia.core import anchoring_words as aw
from marginalia.core.errors import BadInput, UsageError

CONTEXT = 32

EXACT = "exact"
MOVED = "moved"
FUZZY = "fuzzy"
ORPHAN = "orphan"

_MANY_OCCURRENCES = 64
_AMBIGUITY_MARGIN = 0.05
_RARE = 3  # a short quote found at most this often is a rare word,
_RARE_SHARE = 0.005  # ... as is one that is at most this share of the words (~7 characters each)


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
    apostrophes, quotation marks, dashes, ``ё``, stress marks and ``…`` (see :func:`fold`).
    """
    stripped = quote.strip()
    if not stripped:
        return []
    exact = fz.find_all(text, stripped)
    if exact:
        return [(s, s + len(stripped)) for s in exact]
    needle = fold_plain(stripped).strip(" ")
    if not needle:
        return []
    folded = fold_cached(text)
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


# --- folding ------------------------------------------------------------------------------------


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



# --- re-anchoring -------------------------------------------------------------------------------



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
    quote = fold_plain(exact).strip(" ")
    if not quote or not text:
        return Anchor(ORPHAN, None, None)
    folded = fold_cached(text)
    prefix = fold_plain(selector.prefix)
    suffix = fold_plain(selector.suffix)
    hint = _folded_offset(folded, start)

    chosen = _choose(folded.text, quote, prefix, suffix, hint)
    if chosen is not None:
        span, verbatim = (chosen.start, chosen.end), chosen.quote == 1.0
    else:
        span = aw.place(
            folded.text,
            quote,
            prefix,
            len(selector.prefix) >= CONTEXT,
            suffix,
            len(selector.suffix) >= CONTEXT,
        )
        if span is None:
            return Anchor(ORPHAN, None, None)
        verbatim = folded.text[span[0] : span[1]] == quote
    if not verbatim:
        span = edges.widen(folded.text, quote, prefix, suffix, *span)
    new_start, new_end = folded.to_original(*span)
    while new_start < new_end and text[new_start].isspace():
        new_start += 1
    while new_end > new_start and text[new_end - 1].isspace():
        new_end -= 1
    if (new_start, new_end) == (start, end) and text[new_start:new_end] == exact:
        return Anchor(EXACT, new_start, new_end)
    return Anchor(MOVED if verbatim else FUZZY, new_start, new_end)


def reanchor_all(text: str, selectors: Iterable[TextSelector]) -> list[Anchor]:
    """:func:`reanchor` for many highlights of one article (the text is folded once)."""
    return [reanchor(text, s) for s in selectors]


def _folded_offset(folded: Folded, original: int) -> int:
    return min(bisect_left(folded.starts, original), len(folded.text))


def _choose(text: str, quote: str, prefix: str, suffix: str, hint: int) -> rules.Candidate | None:
    """The candidate to trust, or None. Exact occurrences of the quote are tried first, fuzzy
    ones only when none is accepted; a winner that another place nearly equals is refused."""
    m = len(quote)
    keep_start, keep_end = fz.keeps_words(quote, prefix, suffix)
    starts = fz.find_all(text, quote)
    occurrences = len(starts)
    if occurrences > _MANY_OCCURRENCES:
        starts = _prefilter(text, quote, prefix, suffix, starts, hint)
    exact = [
        rules.score(text, quote, prefix, suffix, s, s + m)
        for s in starts
        if fz.boundaries_ok(text, s, s + m, keep_start, keep_end)
    ]
    if len(exact) == 1 and (m >= rules.UNIQUE_QUOTE or _unique_vouched(exact[0], m) or rules.unique_ok(exact[0], m)):
        return exact[0]
    rare = occurrences <= max(_RARE, _RARE_SHARE * len(text) / 7)
    accepted = [c for c in exact if rules.exact_ok(c, m, rare)]
    if accepted:
        return _unambiguous(accepted, exact, m, hint)
    search = fz.FuzzySearch(text, quote, prefix, suffix)
    fuzzy = [rules.score(text, quote, prefix, suffix, s, e) for s, e in search.spans(hint)]
    # Verbatim occurrences were judged above, by the rules for them.
    # (A span reaching over a sentence end the quote did not hold took in the next sentence.)
    breaks = fz.sentence_breaks(quote)
    accepted = [
        c
        for c in fuzzy
        if c.quote < 1.0 and not c.padded and fz.sentence_breaks(text[c.start : c.end]) <= breaks and rules.fuzzy_ok(c, m)
    ]
    if exact:
        # The quote is found verbatim elsewhere (all refused): it is a stock phrase, and a near
        # copy of it is no evidence by its likeness; its context must tell the place.
        accepted = [c for c in accepted if _context_vouches(c)]
    best = _unambiguous(accepted, exact + fuzzy, m, hint)
    if best is None:
        return None
    # Overlapping candidates are the same place with other boundaries: the best fit decides.
    same_place = [c for c in accepted if c.start < best.end and c.end > best.start]
    return max(same_place, key=lambda c: search.fit(c.start, c.end))


def _unique_vouched(c: rules.Candidate, m: int) -> bool:
    """A quote of :data:`rules.SHORT_QUOTE` characters or more found once, verbatim, with
    distinctive context agreeing, or framed: the words right next to it agree on both sides
    (see :func:`rules._framed`), so its own sentence is still around it."""
    if m < rules.SHORT_QUOTE or c.contradicted():
        return False
    return c.anchored or (c.framed and not c.padded)


def _unambiguous(accepted: list[rules.Candidate], rivals: list[rules.Candidate], m: int, hint: int) -> rules.Candidate | None:
    """The best accepted candidate, unless a rival elsewhere ranks about as high or higher."""
    if not accepted:
        return None
    best = max(accepted, key=lambda c: rules.rank(c, m, hint))
    level = rules.rank(best, m, hint)[0] - _AMBIGUITY_MARGIN
    for rival in rivals:
        elsewhere = rival.end <= best.start or rival.start >= best.end
        if elsewhere and rules.rank(rival, m, hint)[0] >= level:
            return None
    return best



def _context_vouches(c: rules.Candidate) -> bool:
    """Whether the context, not the quote's likeness, tells the place: one strong side, two
    fair ones, or exact context found nowhere else (see :meth:`rules.Candidate.pinned`)."""
    return c.strong_side() or c.both_sides_fair() or c.pinned() or c.flanked or c.bracketed()


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


