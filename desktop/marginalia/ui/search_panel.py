"""The search panel: a query field over a list of matching articles and highlights.

:class:`SearchPanel` searches as you type: each change restarts a short timer (~250 ms), then
the query runs through ``run_read`` (off the UI thread) with ``search_fn(query, kind, sort)``.
Every request carries a generation number; a result that arrives after a newer request was made
is dropped, so a slow old search never overwrites a newer one. A malformed query shows its
one-line reason under the field (never a dialog). Results show the title, a snippet with the hit
words marked and the kind and date; Enter or a double-click emits ``open_result`` with the
article id, the highlight id (or None) and the marked words, so the reader can mark them too.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any, Callable, Sequence

from PySide6.QtCore import (QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize,
                            Qt, QTimer, Signal)
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from marginalia.core.errors import QueryError
from marginalia.ui.i18n import format_date
from marginalia.ui.tags_dialog import weak_callback

DEBOUNCE_MS = 250
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Any], None]], Any]
SearchFn = Callable[[str, Any, str], Sequence[Any]]


def hit_words(snippet: str) -> list[str]:
    """The words marked ``<mark>…</mark>`` in a snippet, unescaped, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for raw in _MARK_RE.findall(snippet or ""):
        word = html.unescape(_TAG_RE.sub("", raw)).strip()
        if word and word.casefold() not in {w.casefold() for w in seen}:
            seen[word] = None
    return list(seen)


def snippet_html(snippet: str, background: str, foreground: str) -> str:
    """A snippet (escaped text with ``<mark>`` around hits) as Qt rich text with the hits coloured."""
    opening = f'<span style="background-color:{background}; color:{foreground};">'
    return (snippet or "").replace("<mark>", opening).replace("</mark>", "</span>").replace("\n", " ")


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class SearchResultsModel(QAbstractListModel):
    """The hits of the last search, one row each; ``HIT_ROLE`` gives the SearchHit itself."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return html.unescape(_TAG_RE.sub("", hit.snippet or ""))
        return None

    def set_hits(self, hits: Sequence[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[Any]:
        return list(self._hits)


class SearchHitDelegate(QStyledItemDelegate):
    """Draws a hit as rich text: the title, the marked snippet, then kind and date in a muted line."""

    PADDING_X = 12
    PADDING_Y = 8

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._cache: dict[tuple[int, int], QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _html(self, hit: Any) -> str:
        palette = self._view.palette()
        dark = _is_dark(palette)
        mark_bg, mark_fg = ("#7a5d12", "#fff6da") if dark else ("#fde68a", "#2b2000")
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        kind = (QApplication.translate("SearchPanel", "Highlight") if hit.kind == "highlight"
                else QApplication.translate("SearchPanel", "Article"))
        published = getattr(hit, "published", None)
        meta = kind if not isinstance(published, date) else f"{kind} · {format_date(published)}"
        snippet = snippet_html(hit.snippet, mark_bg, mark_fg)
        if hit.kind == "highlight" and snippet:
            snippet = f"“{snippet}”"
        return (f'<div style="font-weight:600;">{html.escape(hit.title or "")}</div>'
                f'<div style="margin-top:3px;">{snippet}</div>'
                f'<div style="margin-top:3px; color:{muted}; font-size:small;">{html.escape(meta)}</div>')

    def _document(self, index: QModelIndex, width: int) -> QTextDocument:
        key = (index.row(), width)
        doc = self._cache.get(key)
        if doc is None:
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(self._view.font())
            doc.setHtml(self._html(index.data(HIT_ROLE)))
            doc.setTextWidth(max(80, width - 2 * self.PADDING_X))
            if len(self._cache) > 400:
                self._cache.clear()
            self._cache[key] = doc
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        width = self._view.viewport().width()
        doc = self._document(index, width)
        return QSize(width, int(doc.size().height()) + 2 * self.PADDING_Y + 1)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = option.rect
        palette = option.palette
        painter.save()
        accent = palette.color(QPalette.ColorRole.Highlight)
        if option.state & QStyle.StateFlag.State_Selected:
            tint = QColor(accent)
            tint.setAlpha(40 if self._view.hasFocus() else 24)
            painter.fillRect(rect, tint)
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), accent)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            tint = QColor(accent)
            tint.setAlpha(12)
            painter.fillRect(rect, tint)
        doc = self._document(index, rect.width())
        painter.translate(rect.left() + self.PADDING_X, rect.top() + self.PADDING_Y)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.Text))
        context.clip = QRectF(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.save()
        line = QColor(palette.color(QPalette.ColorRole.Text))
        line.setAlpha(28)
        painter.setPen(line)
        painter.drawLine(rect.left() + self.PADDING_X, rect.bottom(), rect.right() - self.PADDING_X, rect.bottom())
        painter.restore()


class SearchPanel(QWidget):
    """Search as you type over the whole library; emits ``open_result(article_id, highlight_id, words)``."""

    open_result = Signal(int, object, list)
    results_changed = Signal(int)
    search_failed = Signal(str)

    def __init__(self, run_read: Runner, search_fn: SearchFn | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_panel")
        self._run_read = run_read
        self._search_fn = search_fn
        self._generation = 0
        self._shown_query: tuple[str, Any, str] | None = None
        self._open_first_when_ready = False
        self._pending = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)

        self.field = QLineEdit(self)
        self.field.setObjectName("search_field")
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(self.tr('Search: words, "a phrase", tag:…, date:2024-01..2024-06, -word'))
        self.field.setToolTip(self.grammar_help())
        self.field.textChanged.connect(self._on_text_changed)
        self.field.installEventFilter(self)
        layout.addWidget(self.field)

        options = QHBoxLayout()
        options.setSpacing(6)
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(self.tr("Articles and highlights"), None)
        self.kind_box.addItem(self.tr("Articles"), "article")
        self.kind_box.addItem(self.tr("Highlights"), "highlight")
        self.kind_box.currentIndexChanged.connect(self._search_now)
        self.sort_box = QComboBox(self)
        self.sort_box.addItem(self.tr("Best match"), "relevance")
        self.sort_box.addItem(self.tr("Newest first"), "date")
        self.sort_box.currentIndexChanged.connect(self._search_now)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        options.addWidget(self.kind_box)
        options.addWidget(self.sort_box)
        options.addStretch(1)
        options.addWidget(self.count_label)
        layout.addLayout(options)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("search_message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message_label)

        self.model = SearchResultsModel(self)
        self.view = QListView(self)
        self.view.setObjectName("search_results")
        self.view.setModel(self.model)
        self.delegate = SearchHitDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.doubleClicked.connect(self._open_index)
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search_now)
        self._show_idle()

    # -- public API --------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the field with its text selected (Ctrl+K, /)."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str) -> None:
        """Replace the query; the search runs after the usual short delay."""
        self.field.setText(text)

    def query(self) -> str:
        return self.field.text().strip()

    def current_query(self) -> str | None:
        """The query whose results are shown (for "export the current search"), or None."""
        return self._shown_query[0] if self._shown_query and self.model.rowCount() else None

    def hits(self) -> list[Any]:
        return self.model.hits()

    def set_search_fn(self, search_fn: SearchFn | None) -> None:
        """Give the search function later (e.g. once the library has opened in the background)."""
        self._search_fn = search_fn
        if self.query():
            self._search_now()
        else:
            self._show_idle()

    @staticmethod
    def grammar_help() -> str:
        return "\n".join([
            QApplication.translate("SearchPanel", "Words find every form: переговори also finds переговорів."),
            QApplication.translate("SearchPanel", '"exact phrase"   a OR b   -exclude   prefix*'),
            QApplication.translate("SearchPanel", "title:  tag:  site:  author:  lang:  color:  note:"),
            QApplication.translate("SearchPanel", "date:2024-03   date:2024-01..2024-06   has:notes   is:unread"),
        ])

    # -- searching ---------------------------------------------------------------------------

    def _on_text_changed(self, _text: str) -> None:
        if not self.query():
            self.timer.stop()
            self._generation += 1
            self._pending = False
            self._shown_query = None
            self.model.set_hits([])
            self._show_idle()
            return
        self.timer.start()

    def _search_now(self) -> None:
        self.timer.stop()
        query = self.query()
        if not query:
            return
        if self._search_fn is None:
            self._show_message(self.tr("Search is not available yet: the library is still opening."), error=True)
            return
        self._generation += 1
        generation = self._generation
        kind, sort = self.kind_box.currentData(), self.sort_box.currentData()
        search_fn = self._search_fn
        self._pending = True
        self.count_label.setText(self.tr("Searching…"))
        self._run_read(lambda: search_fn(query, kind, sort),
                       weak_callback(self._on_results, generation, (query, kind, sort)),
                       weak_callback(self._on_error, generation))

    def _on_results(self, generation: int, request: tuple[str, Any, str], hits: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        self._pending = False
        self._shown_query = request
        self.delegate.clear_cache()
        self.model.set_hits(hits)
        count = len(hits)
        self.count_label.setText(self.tr("%n result", "", count) if count == 1 else self.tr("%n results", "", count))
        if count:
            self.message_label.hide()
            self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self._show_message(self.tr("Nothing found. Try fewer words, a shorter prefix* or another form."))
        self.results_changed.emit(count)
        if self._open_first_when_ready:
            self._open_first_when_ready = False
            if count:
                self._open_index(self.view.currentIndex())

    def _on_error(self, generation: int, error: Any) -> None:
        if generation != self._generation:
            return
        self._pending = False
        self._open_first_when_ready = False
        self.delegate.clear_cache()
        self.model.set_hits([])
        self.count_label.setText("")
        if isinstance(error, QueryError):
            text = str(error).strip() or self.tr("This query cannot be understood.")
        else:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            text = self.tr("Search failed: {reason}").format(reason=first)
        self._show_message(text, error=True)
        self.search_failed.emit(text)

    # -- messages ----------------------------------------------------------------------------

    def _show_idle(self) -> None:
        self.count_label.setText("")
        self._show_message(self.grammar_help())

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("error", error)
        if error:
            color = "#ff8a80" if _is_dark(self.palette()) else "#b3261e"
            self.message_label.setStyleSheet(f"QLabel#search_message {{ color: {color}; }}")
        else:
            self.message_label.setStyleSheet("QLabel#search_message { color: palette(placeholder-text); }")
        self.message_label.show()

    # -- opening -----------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = index.data(HIT_ROLE)
        self.open_result.emit(int(hit.article_id), hit.highlight_id, hit_words(hit.snippet))

    def open_current(self) -> None:
        """Open the selected result (the first when none is selected); search first if still typing."""
        if self.timer.isActive() or self._pending:
            self._open_first_when_ready = True
            if self.timer.isActive():
                self._search_now()
            return
        index = self.view.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self._open_index(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.field:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_current()
                    return True
                if key == Qt.Key.Key_Down and self.model.rowCount():
                    self.view.setFocus(Qt.FocusReason.TabFocusReason)
                    if not self.view.currentIndex().isValid():
                        self.view.setCurrentIndex(self.model.index(0, 0))
                    return True
                if key == Qt.Key.Key_Escape and self.field.text():
                    self.field.clear()
                    return True
            elif watched is self.view:
                if key == Qt.Key.Key_Up and self.view.currentIndex().row() <= 0:
                    self.field.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._open_index(self.view.currentIndex())
                    return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.delegate.clear_cache()
        super().resizeEvent(event)
