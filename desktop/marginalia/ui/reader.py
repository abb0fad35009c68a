"""The reader: shows one article with its highlights, search hits and find matches.

:class:`ReaderView` is a read-only ``QTextBrowser`` over a document built by
``ui.reader_document`` from the article's blocks. Everything it says to the rest of the app is
in canonical-text offsets (what highlights store), converted exactly by the document's
:class:`~marginalia.ui.reader_document.PositionMap`. Highlights, search hits and find matches are
drawn as extra selections, so the document itself never changes when they do. The text column is
limited to about 70 characters and centred; font size and theme (light, sepia, dark) can change
at any time without losing the place. Links open only on click, only http(s), in the system
browser; the document loads no resource at all.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QWidget

from marginalia.ui.reader_document import (ArticleDocument, DocumentSpec, PositionMap, Theme, build_document,
                                           column_width, theme_for)
from marginalia.ui.settings import DEFAULT_FONT_SIZE, MAX_FONT_SIZE, MIN_FONT_SIZE

SAFE_SCHEMES = ("http", "https")
POSITION_SAVE_DELAY_MS = 1200


class ReaderView(QTextBrowser):
    """A read-only view of one article; offsets in and out are canonical-text offsets."""

    selection_range_changed = Signal(object)   # (start, end) or None
    highlight_clicked = Signal(int)            # a click (no selection) on a highlight
    position_changed = Signal(int, int)        # article id, canonical offset at the top (debounced)
    font_size_changed = Signal(int)
    message = Signal(str)                      # a one-line notice for the status bar

    def __init__(self, parent: QWidget | None = None, *, theme: str = "light",
                 font_size: int = DEFAULT_FONT_SIZE) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setReadOnly(True)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._theme: Theme = theme_for(theme)
        self._font_size = max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, int(font_size)))
        self._detail = None
        self._map = PositionMap([], [])
        self._highlights: list = []
        self._active_highlight: int | None = None
        self._hit_ranges: list[tuple[int, int]] = []
        self._find_ranges: list[tuple[int, int]] = []
        self._find_current = -1
        self._last_range: tuple[int, int] | None = None
        self._restoring = False
        self._palette_hex: dict[str, str] = {}
        self.menu_extender: Callable[[QMenu, int | None], None] | None = None
        self._position_timer = QTimer(self, singleShot=True, interval=POSITION_SAVE_DELAY_MS)
        self._position_timer.timeout.connect(self._emit_position)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.anchorClicked.connect(self._open_link)
        self.selectionChanged.connect(self._on_selection_changed)
        self._apply_palette()

    # -- loading -------------------------------------------------------------------------------

    @property
    def article(self):
        """The ``ArticleDetail`` shown, or None."""
        return self._detail

    @property
    def article_id(self) -> int | None:
        return self._detail.id if self._detail is not None else None

    @property
    def position_map(self) -> PositionMap:
        return self._map

    @property
    def text(self) -> str:
        return self._detail.text if self._detail is not None else ""

    def show_article(self, detail, highlights: Sequence = (), *, offset: int | None = None,
                     hit_words: Iterable[str] = ()) -> None:
        """Show ``detail`` (an ``ArticleDetail``) scrolled to canonical ``offset`` (default: its
        remembered reading position), with ``highlights`` drawn and ``hit_words`` marked."""
        self.flush_position()
        self._detail = detail
        self._highlights = list(highlights)
        self._active_highlight = None
        self._find_ranges, self._find_current = [], -1
        self._hit_ranges = self.word_ranges(hit_words)
        self._rebuild(offset if offset is not None else getattr(detail, "read_position", 0) or 0)

    def clear_article(self) -> None:
        self.flush_position()
        self._detail = None
        self._highlights, self._hit_ranges, self._find_ranges = [], [], []
        self._map = PositionMap([], [])
        self._set_document(ArticleDocument(self))
        self.setExtraSelections([])

    def _set_document(self, doc: ArticleDocument) -> None:
        old = self.document()
        self.setDocument(doc)
        if isinstance(old, ArticleDocument) and old is not doc:
            old.deleteLater()

    def _rebuild(self, top_offset: int) -> None:
        if self._detail is None:
            return
        self._restoring = True
        doc, self._map = build_document(DocumentSpec.from_detail(self._detail), theme=self._theme,
                                        font_size=self._font_size, parent=self)
        self._set_document(doc)
        self._update_margins()
        self._refresh_selections()
        self.scroll_to_offset(top_offset, align_top=True)
        self._restoring = False

    def warm_up(self) -> None:
        """Lay out and paint a short article off screen, once: the first article shown paid
        for loading the body fonts' Cyrillic and Latin glyphs and Qt's text machinery (about
        twice the time of every later one), which made it a UI stall right after an import."""
        from PySide6.QtGui import QImage, QPainter

        from marginalia.core.blocks import HEADING, QUOTE, Block, Run

        text = "Пам’ятка: «Гарантії безпеки» — key points, ґрунт і їжак, 2025 року."
        blocks = [Block(HEADING, "Заголовок · Heading", level=2),
                  Block("paragraph", text, runs=(Run(0, 8, "bold"), Run(11, 29, "italic"), Run(33, 43, "link", "https://x"))),
                  Block(QUOTE, text)]
        doc, _ = build_document(DocumentSpec(title="Marginalia", blocks=blocks, site="Marginalia"),
                                theme=self._theme, font_size=self._font_size)
        doc.setTextWidth(max(200, self.viewport().width()))
        image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        doc.drawContents(painter)
        painter.end()
        doc.deleteLater()

    # -- appearance ----------------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_theme(self, name: str) -> None:
        self._theme = theme_for(name)
        self._apply_palette()
        self._rebuild(self.top_offset())

    @property
    def font_size(self) -> int:
        return self._font_size

    def set_font_size(self, size: int) -> None:
        size = max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, int(size)))
        if size == self._font_size:
            return
        top = self.top_offset()
        self._font_size = size
        self._rebuild(top)
        self.font_size_changed.emit(size)

    def zoom_in(self) -> None:
        self.set_font_size(self._font_size + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self._font_size - 1)

    def zoom_reset(self) -> None:
        self.set_font_size(DEFAULT_FONT_SIZE)

    def _apply_palette(self) -> None:
        pal = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Base, QColor(self._theme.background))
            pal.setColor(group, QPalette.ColorRole.Window, QColor(self._theme.background))
            pal.setColor(group, QPalette.ColorRole.Text, QColor(self._theme.text))
            pal.setColor(group, QPalette.ColorRole.Highlight, QColor(self._theme.selection))
            pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor(self._theme.selection_text))
        self.setPalette(pal)
        self.viewport().setAutoFillBackground(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._detail is not None:
            self._update_margins()

    def _update_margins(self) -> None:
        doc = self.document()
        if doc is None:
            return
        width = self.viewport().width()
        column = column_width(self._font_size)
        side = max(doc.documentMargin(), (width - column) / 2)
        frame = doc.rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) > 0.5:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            frame.setFrameFormat(fmt)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps:
                self.set_font_size(self._font_size + (1 if steps > 0 else -1))
            event.accept()
            return
        super().wheelEvent(event)

    # -- offsets and geometry ------------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The canonical range selected in the body, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self._detail is None:
            return None
        return self._map.canon_range(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select canonical ``text[start:end]`` (used by find and by tests) and show it."""
        a, b = self._map.doc_range(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def offset_at(self, point: QPoint) -> int | None:
        """Canonical offset under a viewport point, or None above the body."""
        if self._detail is None:
            return None
        position = self.cursorForPosition(point).position()
        if position < self._map.body_start:
            return None
        return self._map.to_canon(position)

    def range_rect(self, start: int, end: int) -> QRect:
        """Viewport rectangle from the start of ``start`` to the end of ``end`` lines."""
        a, b = self._map.doc_range(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        first = self.cursorRect(cursor)
        cursor.setPosition(b)
        last = self.cursorRect(cursor)
        return first.united(last)

    def top_offset(self) -> int:
        """Canonical offset of the first text visible at the top of the view."""
        if self._detail is None:
            return 0
        point = QPoint(self.viewport().width() // 2, 4)
        position = self.cursorForPosition(point).position()
        return self._map.to_canon(position) if position >= self._map.body_start else 0

    def scroll_to_offset(self, offset: int, *, align_top: bool = False) -> None:
        """Bring canonical ``offset`` into view: at the top, or about a third down."""
        bar = self.verticalScrollBar()
        if offset <= 0:
            bar.setValue(0)
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_doc(offset))
        block = cursor.block()
        layout = self.document().documentLayout()
        rect = layout.blockBoundingRect(block)
        line = block.layout().lineForTextPosition(cursor.positionInBlock()) if block.layout() else None
        y = rect.top() + (line.y() if line is not None and line.isValid() else 0)
        target = y if align_top else y - self.viewport().height() / 3
        bar.setValue(int(max(0, target)))

    def scroll_to_highlight(self, highlight_id: int) -> bool:
        record = self.highlight(highlight_id)
        if record is None or record.orphan:
            return False
        self.set_active_highlight(highlight_id)
        self.scroll_to_offset(record.start)
        return True

    # -- highlights, hits, find ----------------------------------------------------------------

    def set_highlights(self, records: Sequence) -> None:
        records = list(records)
        if records == self._highlights:
            return
        self._highlights = records
        if self._active_highlight is not None and self.highlight(self._active_highlight) is None:
            self._active_highlight = None
        self._refresh_selections()

    def set_palette(self, colors: Iterable) -> None:
        """Which hex each palette key has (``ColorMeaning`` records from the library)."""
        self._palette_hex = {c.key: c.hex for c in colors}
        self._refresh_selections()

    def highlights(self) -> list:
        return list(self._highlights)

    def highlight(self, highlight_id: int):
        return next((h for h in self._highlights if h.id == highlight_id), None)

    def highlight_at(self, offset: int | None):
        """The (innermost, latest) highlight covering canonical ``offset``, or None."""
        if offset is None:
            return None
        hits = [h for h in self._highlights if not h.orphan and h.start <= offset < h.end]
        return min(hits, key=lambda h: (h.end - h.start, -h.id)) if hits else None

    @property
    def active_highlight(self) -> int | None:
        return self._active_highlight

    def set_active_highlight(self, highlight_id: int | None) -> None:
        if highlight_id != self._active_highlight:
            self._active_highlight = highlight_id
            self._refresh_selections()

    def word_ranges(self, words: Iterable[str]) -> list[tuple[int, int]]:
        """Where whole ``words`` occur in the text (case-insensitive), as canonical ranges."""
        clean = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
        if not clean or self._detail is None:
            return []
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in clean) + r")(?!\w)", re.IGNORECASE)
        return [(m.start(), m.end()) for m in pattern.finditer(self._detail.text)]

    def set_hit_words(self, words: Iterable[str]) -> None:
        self._hit_ranges = self.word_ranges(words)
        self._refresh_selections()

    @property
    def hit_ranges(self) -> list[tuple[int, int]]:
        return list(self._hit_ranges)

    def set_find_matches(self, ranges: Sequence[tuple[int, int]], current: int = -1) -> None:
        self._find_ranges, self._find_current = list(ranges), current
        self._refresh_selections()
        if 0 <= current < len(ranges):
            self.scroll_to_offset(ranges[current][0])

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        a, b = self._map.doc_range(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def _refresh_selections(self) -> None:
        if self._detail is None:
            self.setExtraSelections([])
            return
        selections = []
        for h in sorted((h for h in self._highlights if not h.orphan), key=lambda h: (h.start, -h.end)):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(self._palette_hex.get(h.color, "#fde68a")))
            fmt.setForeground(QColor("#1b1b1b"))
            if h.id == self._active_highlight:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor("#374151"))
            fmt.setProperty(QTextFormat.Property.UserProperty, h.id)
            selections.append(self._selection(h.start, h.end, fmt))
        hit = QTextCharFormat()
        hit.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        hit.setUnderlineColor(QColor(self._theme.hit_underline))
        tint = QColor(self._theme.find_match)
        tint.setAlpha(110)
        hit.setBackground(tint)
        hit.setFontWeight(700)
        selections.extend(self._selection(a, b, hit) for a, b in self._hit_ranges)
        for i, (a, b) in enumerate(self._find_ranges):
            fmt = QTextCharFormat()
            current = i == self._find_current
            fmt.setBackground(QColor(self._theme.find_current if current else self._theme.find_match))
            fmt.setForeground(QColor("#111111"))
            selections.append(self._selection(a, b, fmt))
        self.setExtraSelections(selections)

    # -- events --------------------------------------------------------------------------------

    def loadResource(self, type_: int, name: QUrl) -> object:  # noqa: N802 - Qt API
        return None

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)
        else:
            self.message.emit(self.tr("Only web links (http, https) are opened: %1").replace("%1", url.toString()))

    def _on_selection_changed(self) -> None:
        current = self.selected_range()
        if current != self._last_range:
            self._last_range = current
            self.selection_range_changed.emit(current)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            if self.anchorAt(event.position().toPoint()):
                return
            record = self.highlight_at(self.offset_at(event.position().toPoint()))
            self.set_active_highlight(record.id if record else None)
            if record is not None:
                event.accept()
                self.highlight_clicked.emit(record.id)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        menu = self.createStandardContextMenu(event.pos())
        if self.menu_extender is not None:
            self.menu_extender(menu, self.offset_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- reading position ----------------------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
        if not self._restoring and self._detail is not None:
            self._position_timer.start()

    def _emit_position(self) -> None:
        if self._detail is not None:
            self.position_changed.emit(self._detail.id, self.top_offset())

    def flush_position(self) -> None:
        """Report the reading position now if a report is pending (before switching articles)."""
        if self._position_timer.isActive():
            self._position_timer.stop()
            self._emit_position()


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'’ʼ"


def snap_to_words(text: str, start: int, end: int, reach: int = 40) -> tuple[int, int]:
    """Widen ``text[start:end]`` to whole words (a selection that cut a word in two takes all of
    it) and trim surrounding white space."""
    limit = max(0, start - reach)
    while limit < start < len(text) and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    limit = min(len(text), end + reach)
    while 0 < end < limit and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
