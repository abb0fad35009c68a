"""Result snippets: the best ~200-character fragment of a text with the hit words marked.

Marking works on word forms, not on the index: every word of the text is analysed once (cached
per word form) and marked when one of its terms is a query term (``переговорів`` is marked for
``переговори``) or starts with a query prefix. The snippet is HTML: hit words are wrapped in
``<mark>…</mark>`` and everything else is escaped, so the UI can render it and the CLI can strip
the tags. Whitespace (paragraph breaks included) is collapsed to single spaces.
"""

from __future__ import annotations

import html
import re
import threading

from marginalia.core.search import analysis

SNIPPET_WIDTH = 200
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"

_WORD_RE: re.Pattern[str] = getattr(analysis, "_WORD_RE", None) or re.compile(r"\w+(?:['’ʼ-]\w+)*")
_SPACE_RE = re.compile(r"\s+")
_CACHE_LIMIT = 200_000

_cache: dict[str, tuple[str, ...]] = {}
_cache_lock = threading.Lock()

Mark = tuple[int, int, str]  # start, end, which query term it stands for


def word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one word form, cached (the analyzer has its own cache too)."""
    terms = _cache.get(word)
    if terms is None:
        terms = tuple(analysis.analyze(word))
        if len(terms) > 1 or (terms and terms[0] != word):
            terms = terms + (analysis.fold(word),)
        with _cache_lock:
            if len(_cache) >= _CACHE_LIMIT:
                _cache.clear()
            _cache[word] = terms
    return terms


_TOKEN_CHARS = r"[\w'’ʼ‘`′\-]"
_TOKEN_CHAR_RE = re.compile(_TOKEN_CHARS)
_FOLD_CLASSES = {"'": "['’ʼ‘`′]", "г": "[гґ]", "е": "[её]"}
_FIRST_CHARS = {"'": "'’ʼ‘`′", "г": "гґ", "е": "её"}
_MISSING = object()


def _stem(term: str) -> str:
    """A short start of a term that its inflected forms share (``київ`` -> ``ки`` for ``києві``)."""
    if len(term) <= 3:
        return term
    return term[: max(2, len(term) - 3)]


def _pattern_text(stem: str) -> str:
    return "".join(_FOLD_CLASSES.get(ch, re.escape(ch)) for ch in stem)


class Marker:
    """Finds the words of a text that stand for some query terms or prefixes.

    Built once per search. Candidates are found at C speed by a regex of term stems; each
    distinct candidate word is then analysed once (cached) and kept if one of its terms is a
    query term or starts with a query prefix. So a 5,000-word article costs a regex scan, not
    an analyzer call per word.
    """

    def __init__(self, terms: frozenset[str], prefixes: tuple[str, ...] = ()) -> None:
        self.terms = terms
        self.prefixes = tuple(p for p in prefixes if p)
        stems = {_stem(t) for t in terms if t} | set(self.prefixes)
        self._memo: dict[str, str | None] = {}
        self._regex = None
        if stems:
            # No look-behind for the word start: it makes the scan 2-3x slower; candidates that
            # begin inside a word are dropped in marks() instead.
            # One character class first, each stem's first letter then checked looking back:
            # Python's regex engine skips ahead on a leading class, not on an alternation of
            # stems (the scan ran twice as fast).
            ordered = sorted(stems, key=len, reverse=True)
            firsts = "".join(sorted({ch for stem in ordered for ch in _FIRST_CHARS.get(stem[0], stem[0])}))
            alternatives = "|".join(f"(?<={_pattern_text(s[0])}){_pattern_text(s[1:])}" for s in ordered)
            self._regex = re.compile(rf"[{re.escape(firsts)}](?:{alternatives}){_TOKEN_CHARS}*")
            self._regex_i = re.compile(self._regex.pattern, re.IGNORECASE)

    def _key(self, word: str) -> str | None:
        key = self._memo.get(word, _MISSING)
        if key is _MISSING:
            key = None
            for term in word_terms(word):
                if term in self.terms:
                    key = term
                    break
                prefix = next((p for p in self.prefixes if term.startswith(p)), None)
                if prefix:
                    key = prefix + "*"
                    break
            self._memo[word] = key
        return key  # type: ignore[return-value]

    def marks(self, text: str) -> list[Mark]:
        if self._regex is None or not text:
            return []
        lowered = text.lower()
        regex, scanned = (self._regex, lowered) if len(lowered) == len(text) else (self._regex_i, text)
        out: list[Mark] = []
        for match in regex.finditer(scanned):
            start = match.start()
            if start and _TOKEN_CHAR_RE.match(text, start - 1):
                continue  # the stem starts inside a longer word
            word = text[start:match.end()].rstrip("'’ʼ‘`′-")
            key = self._key(word)
            if key:
                out.append((start, start + len(word), key))
        return out


def find_marks(text: str, terms: frozenset[str], prefixes: tuple[str, ...] = ()) -> list[Mark]:
    """Spans of the words of ``text`` that stand for a query term or start with a prefix."""
    return Marker(terms, prefixes).marks(text)


def _best_window(marks: list[Mark], width: int) -> int:
    """Index of the mark that starts the window with the most distinct (then most) hits."""
    best, best_score, right = 0, (-1, -1), 0
    for left, (start, _, _) in enumerate(marks):
        right = max(right, left)
        while right + 1 < len(marks) and marks[right + 1][1] - start <= width:
            right += 1
        window = marks[left:right + 1]
        score = (len({m[2] for m in window}), len(window))
        if score > best_score:
            best, best_score = left, score
    return best


def _render(text: str, start: int, end: int, marks: list[Mark]) -> str:
    out: list[str] = []
    pos = start
    for m_start, m_end, _ in marks:
        if m_start < start or m_end > end:
            continue
        out.append(html.escape(text[pos:m_start], quote=False))
        out.append(MARK_OPEN + html.escape(text[m_start:m_end], quote=False) + MARK_CLOSE)
        pos = m_end
    out.append(html.escape(text[pos:end], quote=False))
    return _SPACE_RE.sub(" ", "".join(out))


def fragment(text: str, marks: list[Mark], width: int = SNIPPET_WIDTH, lead: int = 40) -> str:
    """The best fragment of ``text`` (about ``width`` characters) around ``marks``, rendered."""
    if not text:
        return ""
    if len(text) <= width + width // 4:
        return _render(text, 0, len(text), marks).strip()
    if marks:
        first = marks[_best_window(marks, width)][0]
        start = max(0, first - lead)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else first
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        if space != -1:
            end = space
        # Never cut a marked word in two.
        for m_start, m_end, _ in marks:
            if m_start < end < m_end:
                end = m_end
    body = _render(text, start, end, marks).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def snippet(text: str, marker: Marker, width: int = SNIPPET_WIDTH) -> str:
    """The best fragment of an article body for a query (its start if no word matches)."""
    return fragment(text, marker.marks(text), width)


def highlight_snippet(quote: str, note: str, quote_marker: Marker, note_marker: Marker,
                      width: int = SNIPPET_WIDTH) -> str:
    """A highlight's quote (best fragment when long), then `` — note`` when the note matched."""
    out = fragment(quote, quote_marker.marks(quote), width)
    note_marks = note_marker.marks(note) if note else []
    if note_marks:
        out += " — " + fragment(note, note_marks, max(80, width // 2))
    return out
