"""Builds the reader's ``QTextDocument`` from an article's blocks, with an exact position map.

The canonical text (``core.blocks``: block texts joined by ``"\\n\\n"``, offsets in code points)
is what highlights and search use; the document is what the reader shows (a title and a
citation line on top, one text block per article block, list items in lists, UTF-16 positions).
:class:`PositionMap` converts between the two exactly — it is computed while the document is
built, never recovered from ``toPlainText()``. The document never loads a resource (images,
files, remote URLs): :class:`ArticleDocument` answers every request with nothing.

Themes (light, sepia, dark) and the reading font (a serif covering Cyrillic) are defined here
because the builder needs their colours and metrics.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextListFormat)

from marginalia.core.blocks import HEADING, LIST_ITEM, PREFORMATTED, QUOTE, SEPARATOR, Block

SERIF_FAMILIES = ["Noto Serif", "DejaVu Serif", "Liberation Serif", "PT Serif", "Georgia", "Times New Roman",
                  "Serif"]
SANS_FAMILIES = ["Noto Sans", "DejaVu Sans", "Liberation Sans", "Segoe UI", "Helvetica", "Sans Serif"]
MEASURE_CHARS = 70  # the longest line, in average characters

_LINE_BREAK = "\u2028"  # stays one position inside a text block
_ASTRAL_RE = re.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class Theme:
    """The reader's colours."""

    name: str
    background: str
    text: str
    muted: str
    link: str
    code_background: str
    selection: str
    selection_text: str
    find_match: str
    find_current: str
    hit_underline: str


THEMES: dict[str, Theme] = {
    "light": Theme("light", "#fdfdfb", "#1f2328", "#6b7280", "#1d4ed8", "#f3f4f6", "#bfdbfe", "#111827",
                   "#fde68a", "#f59e0b", "#dc2626"),
    "sepia": Theme("sepia", "#f6efe0", "#3b2f23", "#7c6a55", "#8a3b12", "#ece2cc", "#e2cfa4", "#2b2118",
                   "#f5d27a", "#d9982b", "#b42318"),
    "dark": Theme("dark", "#1c1e22", "#d8dadf", "#9aa0aa", "#8ab4f8", "#272a30", "#3b4a63", "#f3f4f6",
                  "#6b5a1e", "#b7791f", "#f87171"),
}


def theme_for(name: str) -> Theme:
    return THEMES.get(name, THEMES["light"])


def reading_font(point_size: float) -> QFont:
    """The body font: the first installed serif that covers Cyrillic, at ``point_size``."""
    font = QFont()
    installed = set(QFontDatabase.families())
    families = [f for f in SERIF_FAMILIES if f in installed] or SERIF_FAMILIES
    font.setFamilies(families)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(point_size)
    return font


def ui_font(point_size: float) -> QFont:
    font = QFont()
    installed = set(QFontDatabase.families())
    font.setFamilies([f for f in SANS_FAMILIES if f in installed] or SANS_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(point_size)
    return font


class ArticleDocument(QTextDocument):
    """A text document that never loads images, style sheets or any other resource."""

    def loadResource(self, type_: int, name) -> object:  # noqa: N802 - Qt API
        return None


class PositionMap:
    """Exact conversion between canonical-text offsets and document positions.

    ``doc_starts[i]`` is the document position of article block ``i``; ``canon_starts[i]`` its
    canonical offset. Inside a block, characters outside the Basic Multilingual Plane take two
    document positions (UTF-16) but one canonical offset; ``astral[i]`` lists their code-point
    indices so the conversion stays exact.
    """

    def __init__(self, blocks: Sequence[Block], doc_starts: list[int]) -> None:
        self.doc_starts = doc_starts
        self.canon_starts: list[int] = []
        self.lengths: list[int] = []
        self.lengths16: list[int] = []
        self.astral: list[list[int]] = []
        self.astral16: list[list[int]] = []
        pos = 0
        for block in blocks:
            cps = [m.start() for m in _ASTRAL_RE.finditer(block.text)]
            self.canon_starts.append(pos)
            self.lengths.append(len(block.text))
            self.lengths16.append(len(block.text) + len(cps))
            self.astral.append(cps)
            self.astral16.append([a + j for j, a in enumerate(cps)])
            pos += len(block.text) + len(SEPARATOR)
        self.text_length = max(0, pos - len(SEPARATOR)) if blocks else 0

    @property
    def body_start(self) -> int:
        return self.doc_starts[0] if self.doc_starts else 0

    def _block_of_canon(self, offset: int) -> int:
        return max(0, bisect_right(self.canon_starts, offset) - 1)

    def to_doc(self, offset: int) -> int:
        """Document position of canonical ``offset`` (a separator maps to the end of its block)."""
        if not self.doc_starts:
            return 0
        offset = max(0, min(offset, self.text_length))
        i = self._block_of_canon(offset)
        within = min(offset - self.canon_starts[i], self.lengths[i])
        return self.doc_starts[i] + within + bisect_left(self.astral[i], within)

    def to_canon(self, position: int) -> int:
        """Canonical offset of document ``position`` (title area -> 0, between blocks -> block end)."""
        if not self.doc_starts or position <= self.doc_starts[0]:
            return 0
        i = max(0, bisect_right(self.doc_starts, position) - 1)
        units = min(position - self.doc_starts[i], self.lengths16[i])
        within = units - bisect_left(self.astral16[i], units)
        return self.canon_starts[i] + within

    def canon_range(self, doc_start: int, doc_end: int) -> tuple[int, int] | None:
        """The canonical range covered by a document selection, or None if it holds no body text."""
        start, end = self.to_canon(min(doc_start, doc_end)), self.to_canon(max(doc_start, doc_end))
        if end <= start:
            return None
        return start, end

    def doc_range(self, start: int, end: int) -> tuple[int, int]:
        return self.to_doc(start), self.to_doc(end)


@dataclass(frozen=True)
class DocumentSpec:
    """What the builder needs from an article (an ``ArticleDetail`` fits)."""

    title: str
    blocks: Sequence[Block]
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: date | None = None

    @classmethod
    def from_detail(cls, detail) -> "DocumentSpec":
        return cls(title=detail.title, blocks=detail.blocks, author=detail.author, site=detail.site,
                   url=detail.url, published=detail.published)


def citation_line(spec: DocumentSpec) -> str:
    """"Author · Site · 12 March 2024" (the parts that are known)."""
    parts = [p for p in (spec.author, spec.site) if p]
    if spec.published:
        qdate = QDate(spec.published.year, spec.published.month, spec.published.day)
        parts.append(QLocale().toString(qdate, "d MMMM yyyy"))
    return "  ·  ".join(parts)


def _clean_text(text: str) -> str:
    """Line breaks become in-block line separators so one character stays one position."""
    return text.replace("\r", _LINE_BREAK).replace("\n", _LINE_BREAK).replace("\u2029", _LINE_BREAK)


class _Builder:
    def __init__(self, theme: Theme, font_size: float) -> None:
        self.theme = theme
        self.size = font_size
        self.body_font = reading_font(font_size)
        self.mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.mono.setPointSizeF(font_size * 0.85)
        self.em = font_size * 96 / 72  # pixels per em at 96 dpi; a good-enough spacing unit

    def char_format(self, **kw) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFont(self.body_font)
        fmt.setForeground(QColor(self.theme.text))
        if kw.get("size"):
            fmt.setFontPointSize(kw["size"])
        if kw.get("bold"):
            fmt.setFontWeight(QFont.Weight.Bold)
        if kw.get("italic"):
            fmt.setFontItalic(True)
        if kw.get("color"):
            fmt.setForeground(QColor(kw["color"]))
        if kw.get("mono"):
            fmt.setFontFamilies(self.mono.families() or [self.mono.family()])
            fmt.setFontFixedPitch(True)
            fmt.setFontPointSize(self.size * 0.85)
        return fmt

    def block_format(self, *, top: float = 0.0, bottom: float = 0.9, left: float = 0.0,
                     line_height: int = 150) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top * self.em)
        fmt.setBottomMargin(bottom * self.em)
        fmt.setLeftMargin(left * self.em)
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def formats_for(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        if block.kind == HEADING:
            scale = {1: 1.55, 2: 1.35, 3: 1.2}.get(block.level, 1.1)
            bf = self.block_format(top=1.1, bottom=0.5, line_height=125)
            bf.setHeadingLevel(max(1, min(6, block.level or 2)))
            return bf, self.char_format(size=self.size * scale, bold=True)
        if block.kind == QUOTE:
            bf = self.block_format(left=1.6)
            return bf, self.char_format(italic=True, color=self.theme.muted)
        if block.kind == PREFORMATTED:
            bf = self.block_format(line_height=125)
            bf.setBackground(QColor(self.theme.code_background))
            bf.setNonBreakableLines(True)
            bf.setLeftMargin(0.6 * self.em)
            return bf, self.char_format(mono=True)
        if block.kind == LIST_ITEM:
            return self.block_format(bottom=0.35), self.char_format()
        return self.block_format(), self.char_format()

    def run_format(self, base: QTextCharFormat, styles: list, href: str | None) -> QTextCharFormat:
        fmt = QTextCharFormat(base)
        for style in styles:
            if style == "bold":
                fmt.setFontWeight(QFont.Weight.Bold)
            elif style == "italic":
                fmt.setFontItalic(True)
            elif style == "code":
                fmt.setFontFamilies(self.mono.families() or [self.mono.family()])
                fmt.setFontPointSize(base.fontPointSize() * 0.9 or self.size * 0.9)
        if href:
            fmt.setAnchor(True)
            fmt.setAnchorHref(href)
            fmt.setForeground(QColor(self.theme.link))
            fmt.setFontUnderline(True)
            fmt.setToolTip(href)
        return fmt

    def insert_runs(self, cursor: QTextCursor, block: Block, base: QTextCharFormat) -> None:
        text = block.text
        if not block.runs:
            cursor.insertText(_clean_text(text), base)
            return
        cuts = {0, len(text)}
        for run in block.runs:
            cuts.update((max(0, min(run.start, len(text))), max(0, min(run.end, len(text)))))
        points = sorted(cuts)
        for a, b in zip(points, points[1:]):
            if a == b:
                continue
            active = [r for r in block.runs if r.start <= a and r.end >= b and r.end > r.start]
            href = next((r.href for r in active if r.style == "link" and r.href), None)
            fmt = self.run_format(base, [r.style for r in active], href)
            cursor.insertText(_clean_text(text[a:b]), fmt)


def build_document(spec: DocumentSpec, *, theme: Theme, font_size: float,
                   parent=None) -> tuple[ArticleDocument, PositionMap]:
    """Lay out the article: title, citation line, then every block; return it with its map."""
    b = _Builder(theme, font_size)
    doc = ArticleDocument(parent)
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(b.body_font)
    doc.setDocumentMargin(b.em * 1.5)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    title_fmt = b.block_format(bottom=0.35, line_height=120)
    title_fmt.setHeadingLevel(1)
    cursor.setBlockFormat(title_fmt)
    cursor.insertText(_clean_text(spec.title or ""), b.char_format(size=font_size * 1.75, bold=True))
    cursor.insertBlock(b.block_format(bottom=1.6, line_height=130))
    citation = b.char_format(size=font_size * 0.8, color=theme.muted)
    citation.setFontFamilies(ui_font(font_size).families())
    cursor.insertText(citation_line(spec), citation)
    if spec.url and spec.url.lower().startswith(("http://", "https://")):
        if citation_line(spec):
            cursor.insertText("  ·  ", citation)
        link = QTextCharFormat(citation)
        link.setAnchor(True)
        link.setAnchorHref(spec.url)
        link.setForeground(QColor(theme.link))
        link.setToolTip(spec.url)
        cursor.insertText(_short_url(spec.url), link)
    doc_starts: list[int] = []
    current_list = None
    for block in spec.blocks:
        block_fmt, char_fmt = b.formats_for(block)
        cursor.insertBlock(block_fmt, char_fmt)
        if block.kind == LIST_ITEM:
            if current_list is None:
                list_fmt = QTextListFormat()
                list_fmt.setStyle(QTextListFormat.Style.ListDisc)
                list_fmt.setIndent(1)
                current_list = cursor.createList(list_fmt)
            else:
                current_list.add(cursor.block())
        else:
            current_list = None
        doc_starts.append(cursor.position())
        b.insert_runs(cursor, block, char_fmt)
    cursor.endEditBlock()
    return doc, PositionMap(spec.blocks, doc_starts)


def _short_url(url: str) -> str:
    bare = url.split("://", 1)[-1].rstrip("/")
    return bare if len(bare) <= 60 else bare[:57] + "…"


def column_width(font_size: float) -> float:
    """Pixel width of a ~70-character line of body text at ``font_size``."""
    from PySide6.QtGui import QFontMetricsF

    sample = "the quick brown fox jumps over a lazy dog швидка руда лисиця перестрибує собаку"
    metrics = QFontMetricsF(reading_font(font_size))
    return metrics.horizontalAdvance(sample) / len(sample) * MEASURE_CHARS

