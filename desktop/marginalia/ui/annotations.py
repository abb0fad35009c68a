"""The annotations panel: the open article's highlights, in text order, with their notes.

Each :class:`HighlightCard` shows the colour, the quote, the note (Markdown, rendered; click to
edit, saved as you type ~600 ms after the last key through the writer) and the tags. A click on
a card scrolls the reader to its highlight. Highlights that could not be placed in the current
text (orphans) are listed apart, each with "Re-attach to selection". :func:`ask_tags` is the
small tag editor shared with the reader's ``T`` key.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from PySide6.QtCore import QRectF, QStringListModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QCursor, QDesktopServices, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QCompleter, QDialog, QDialogButtonBox, QFrame, QLabel, QLineEdit, QMenu, QPushButton,
                               QScrollArea, QTextEdit, QVBoxLayout, QWidget)

from marginalia.ui.highlighting import HighlightController, HighlightStore
from marginalia.ui.i18n import format_date

NOTE_SAVE_DELAY_MS = 600
CARD_BATCH = 8
MORE_CARDS_DELAY_MS = 40
QUOTE_PREVIEW_CHARS = 420
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def split_tags(text: str) -> list[str]:
    """``"war, #diplomacy ,  "`` -> ``["war", "diplomacy"]`` (order kept, duplicates dropped)."""
    seen, out = set(), []
    for part in text.split(","):
        name = " ".join(part.strip().lstrip("#").split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


class _LastTokenCompleter(QCompleter):
    """Completes the tag after the last comma."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt API
        return [path.split(",")[-1].strip().lstrip("#")]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt API
        head = self.widget().text().rsplit(",", 1)
        prefix = head[0] + ", " if len(head) > 1 else ""
        return prefix + str(index.data())


class TagsPrompt(QDialog):
    """A one-line tag editor: comma-separated, completing from the library's tags."""

    def __init__(self, current: list[str], known: list[str], parent: QWidget | None = None,
                 label: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tags"))
        self.edit = QLineEdit(", ".join(current), self)
        self.edit.setPlaceholderText(self.tr("tags, separated by commas"))
        self.edit.setMinimumWidth(320)
        completer = _LastTokenCompleter(QStringListModel(sorted(known, key=str.casefold), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(completer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label or self.tr("Tags for this highlight:"), self))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def tags(self) -> list[str]:
        return split_tags(self.edit.text())


def ask_tags(parent: QWidget, current: list[str], known: list[str], label: str | None = None) -> list[str] | None:
    """Ask for comma-separated tags; None when cancelled."""
    dialog = TagsPrompt(current, known, parent, label)
    try:
        return dialog.tags() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class NoteEditor(QTextEdit):
    """A plain-text (Markdown) editor that grows with its content and reports leaving."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.tr("Write a note… (Markdown)"))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        line = QFontMetrics(self.font()).lineSpacing()
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 4
        self.setFixedHeight(max(3 * line + 8, min(height, 24 * line)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.left.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.clearFocus()
            return
        super().keyPressEvent(event)


class HighlightCard(QFrame):
    """One highlight in the panel: colour bar (painted), quote, note, a footer with tags and links.

    Kept to four widgets so that a hundred cards build quickly; the menu and the re-attach
    button are made only when needed."""

    activated = Signal(int)
    note_edited = Signal(int, str)
    tags_clicked = Signal(int)
    color_chosen = Signal(int, str)
    cite_clicked = Signal(int)
    delete_clicked = Signal(int)
    reattach_clicked = Signal(int)

    def __init__(self, record, store: HighlightStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightCard")
        self.setProperty("active", False)
        self._active = False
        self.store = store
        self.record = None
        self.editor: NoteEditor | None = None
        self.reattach_button: QPushButton | None = None
        self._bar = QColor("#fde68a")
        self.quote = QLabel(self)
        self.quote.setObjectName("quote")
        self.quote.setWordWrap(True)
        self.note_view = QLabel(self)
        self.note_view.setObjectName("note")
        self.note_view.setWordWrap(True)
        self.note_view.setOpenExternalLinks(False)
        self.note_view.linkActivated.connect(_open_web_link)
        self.note_view.setCursor(Qt.CursorShape.IBeamCursor)
        self.note_view.setProperty("empty", None)
        self.tags_label = QLabel(self)
        self.tags_label.setObjectName("tags")
        self.tags_label.setWordWrap(True)
        self.tags_label.setTextFormat(Qt.TextFormat.RichText)
        self.tags_label.linkActivated.connect(self._footer_link)
        self._body = QVBoxLayout(self)
        self._body.setContentsMargins(14, 7, 8, 6)
        self._body.setSpacing(4)
        self._body.addWidget(self.quote)
        self._body.addWidget(self.note_view)
        self._body.addWidget(self.tags_label)
        self.update_record(record)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A rounded card (no style sheet: a hundred cards must build fast) with its colour bar."""
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = pal.color(QPalette.ColorRole.Highlight) if self._active else pal.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 1.5 if self._active else 1.0))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1), 7, 7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._bar)
        painter.drawRoundedRect(QRectF(4, 5, 5, self.height() - 10), 2.5, 2.5)
        painter.end()

    def _footer_link(self, link: str) -> None:
        if link == "tags":
            self.tags_clicked.emit(self.record.id)
        elif link == "more":
            self._menu().exec(QCursor.pos())

    def _menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for color in self.store.palette:
            act = menu.addAction(color.name)
            act.triggered.connect(lambda _c=False, key=color.key: self.color_chosen.emit(self.record.id, key))
        menu.addSeparator()
        menu.addAction(self.tr("Copy with citation"), lambda: self.cite_clicked.emit(self.record.id))
        menu.addAction(self.tr("Delete highlight"), lambda: self.delete_clicked.emit(self.record.id))
        return menu

    def update_record(self, record, force: bool = False) -> None:
        if record == self.record and not force:
            return
        self.record = record
        self._bar = QColor(self.store.color_hex(record.color))
        created = getattr(record, "created", None)
        self.setToolTip(self.store.color_name(record.color) + (f" · {format_date(created)}" if created else ""))
        quote = record.quote if len(record.quote) <= QUOTE_PREVIEW_CHARS else record.quote[:QUOTE_PREVIEW_CHARS] + "…"
        self.quote.setText(quote.replace("\n\n", " ¶ "))
        if self.editor is None:
            self._show_note(record.note)
        tags = "&nbsp; ".join(f"#{html.escape(t)}" for t in record.tags)
        tags_link, more_link = self.tr("Tags…"), self.tr("More…")
        links = (f'<a href="tags" style="text-decoration:none">{tags_link}</a> &nbsp;·&nbsp; '
                 f'<a href="more" style="text-decoration:none">{more_link}</a>')
        self.tags_label.setText(f"{tags}&nbsp;&nbsp;&nbsp; {links}" if tags else links)
        if record.orphan and self.reattach_button is None:
            self.reattach_button = QPushButton(self.tr("Re-attach to selection"), self)
            self.reattach_button.setToolTip(self.tr("Select the passage in the article, then click here"))
            self.reattach_button.clicked.connect(lambda: self.reattach_clicked.emit(self.record.id))
            self._body.addWidget(self.reattach_button)
        if self.reattach_button is not None:
            self.reattach_button.setVisible(record.orphan)
        self.update()

    def _show_note(self, note: str) -> None:
        empty = not note.strip()
        if empty:
            self.note_view.setTextFormat(Qt.TextFormat.PlainText)
            self.note_view.setText(self.tr("Add a note…"))
        else:
            self.note_view.setTextFormat(Qt.TextFormat.MarkdownText)
            self.note_view.setText(_IMAGE_RE.sub(r"\1", note))
        if self.note_view.property("empty") != empty:
            self.note_view.setProperty("empty", empty)
            font = self.note_view.font()
            font.setItalic(empty)
            self.note_view.setFont(font)
            self.note_view.setForegroundRole(QPalette.ColorRole.PlaceholderText if empty
                                             else QPalette.ColorRole.WindowText)
        self.note_view.show()

    def set_active(self, active: bool) -> None:
        self.setProperty("active", active)
        self._active = active
        self.update()

    def edit_note(self) -> NoteEditor:
        """Swap the rendered note for an editor, focused at the end."""
        if self.editor is None:
            self.editor = NoteEditor(self)
            self.editor.setPlainText(self.record.note)
            self.editor.textChanged.connect(lambda: self.note_edited.emit(self.record.id, self.editor.toPlainText()))
            self.editor.left.connect(self._editor_left)
            self._body.insertWidget(self._body.indexOf(self.note_view), self.editor)
            self.note_view.hide()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)
        return self.editor

    def _editor_left(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        text = editor.toPlainText()
        editor.hide()
        editor.deleteLater()
        self._show_note(text)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            if self.note_view.isVisible() and self.note_view.geometry().contains(event.position().toPoint()):
                self.edit_note()
            self.activated.emit(self.record.id)
        super().mousePressEvent(event)


class AnnotationsPanel(QWidget):
    """The right pane: highlight cards of the open article (see module doc)."""

    activated = Signal(int)   # scroll the reader to this highlight
    message = Signal(str)

    def __init__(self, store: HighlightStore, controller: HighlightController,
                 selection_getter: Callable[[], tuple[int, int] | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotations")
        self.store, self.controller, self.selection_getter = store, controller, selection_getter
        self.cards: dict[int, HighlightCard] = {}
        self._order: list[QWidget] = []
        self._sync_scheduled = False
        self._more_waiting = False
        self._pending_notes: dict[int, str] = {}
        self._active: int | None = None
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.flush_notes)
        self.title = QLabel(self.tr("Highlights"), self)
        self.title.setObjectName("paneTitle")
        self.hint = QLabel(self.tr("Select text in the article, then press H to highlight it, 1–6 for a colour, "
                                   "N to add a note, T for tags."), self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.container = QWidget(self)
        self.container.setObjectName("cards")
        self.list_layout = QVBoxLayout(self.container)
        self.list_layout.setContentsMargins(10, 4, 10, 10)
        self.list_layout.setSpacing(8)
        self.orphans_title = QLabel(self.tr("Not found in the current text"), self.container)
        self.orphans_title.setObjectName("sectionTitle")
        self.orphans_title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.orphans_title.setToolTip(self.tr("These highlights could not be placed after the article was "
                                              "cleaned again. Select the passage and re-attach them."))
        self.orphans_title.hide()
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.container)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.scroll, 1)
        self.scroll.verticalScrollBar().valueChanged.connect(self._schedule_more)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._schedule_more)
        self.title.setContentsMargins(12, 0, 12, 0)
        self.hint.setContentsMargins(12, 0, 12, 0)
        store.changed.connect(self.sync)
        store.record_updated.connect(self._record_updated)
        store.article_changed.connect(self._article_changed)
        store.palette_changed.connect(self._palette_changed)
        controller.note_requested.connect(self.focus_note)
        controller.tags_requested.connect(self.edit_tags)
        controller.activated.connect(self.show_card)
        self.sync()

    # -- building ------------------------------------------------------------------------------

    def _article_changed(self, _detail) -> None:
        self.flush_notes()
        for card in self.cards.values():
            self.list_layout.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        self._order = [w for w in self._order if w is self.orphans_title]
        self._active = None

    def _palette_changed(self, _colors) -> None:
        for card in self.cards.values():
            card.update_record(card.record, force=True)

    def _make_card(self, record) -> HighlightCard:
        card = HighlightCard(record, self.store, self.container)
        card.activated.connect(self._card_activated)
        card.note_edited.connect(self._note_edited)
        card.tags_clicked.connect(self.edit_tags)
        card.color_chosen.connect(self.controller.recolor)
        card.cite_clicked.connect(self.controller.copy_citation)
        card.delete_clicked.connect(self.controller.delete)
        card.reattach_clicked.connect(self.reattach)
        return card

    def sync(self, complete: bool = False) -> None:
        """Bring the cards in line with the store without disturbing a note being edited.

        Cards are made in text order, ``CARD_BATCH`` at a time: the next batch when the list is
        scrolled near its end (all of them with ``complete``), so opening an article with
        hundreds of highlights never freezes the window."""
        records = self.store.ordered()
        wanted = {r.id for r in records}
        for hid in [h for h in self.cards if h not in wanted]:
            card = self.cards.pop(hid)
            self.list_layout.removeWidget(card)
            card.deleteLater()
        attached = [r for r in records if not r.orphan]
        orphans = [r for r in records if r.orphan]
        order, made, waiting = [], 0, False
        for record in attached + [None] + orphans:
            if record is None:
                order.append(self.orphans_title)
                continue
            card = self.cards.get(record.id)
            if card is None:
                if made >= CARD_BATCH and not complete:
                    waiting = True
                    continue
                card = self.cards[record.id] = self._make_card(record)
                made += 1
            else:
                card.update_record(record)
            order.append(card)
        if len(order) != len(self._order) or any(a is not b for a, b in zip(order, self._order)):
            for widget in self._order:
                self.list_layout.removeWidget(widget)
            for index, widget in enumerate(order):
                self.list_layout.insertWidget(index, widget)
            self._order = order
        for widget in order:
            if widget is not self.orphans_title and widget.isHidden():
                widget.show()
        self.orphans_title.setVisible(bool(orphans))
        count = len(records)
        self.title.setText(self.tr("Highlights") if not count else self.tr("Highlights (%1)").replace("%1", str(count)))
        self.hint.setVisible(self.store.article is not None and not count)
        self._more_waiting = waiting
        self._schedule_more()

    def _schedule_more(self, *_args) -> None:
        """Look for room for more cards a little later: never in the turn that built the last
        batch (or painted the article), so each turn of the event loop stays short."""
        if self._more_waiting and not self._sync_scheduled:
            self._sync_scheduled = True
            QTimer.singleShot(MORE_CARDS_DELAY_MS, self._more_if_near_end)

    def _more_if_near_end(self) -> None:
        """Make the next batch of cards once the list is scrolled (or fits) close to its end."""
        self._sync_scheduled = False
        bar = self.scroll.verticalScrollBar()
        if self._more_waiting and bar.maximum() - bar.value() < self.scroll.viewport().height():
            self.sync()

    def _record_updated(self, record) -> None:
        card = self.cards.get(record.id)
        if card is not None:
            card.update_record(record)

    # -- interaction ---------------------------------------------------------------------------

    def _card_activated(self, highlight_id: int) -> None:
        self.show_card(highlight_id, scroll=False)
        self.activated.emit(highlight_id)

    def show_card(self, highlight_id: int, scroll: bool = True) -> None:
        """Mark a card as the active one and bring it into view."""
        if self._active in self.cards:
            self.cards[self._active].set_active(False)
        self._active = highlight_id
        if highlight_id not in self.cards and self.store.get(highlight_id) is not None:
            self.sync(complete=True)
        card = self.cards.get(highlight_id)
        if card is not None:
            card.set_active(True)
            if scroll:
                self.scroll.ensureWidgetVisible(card, 0, 40)

    def focus_note(self, highlight_id: int) -> NoteEditor | None:
        if highlight_id not in self.cards and self.store.get(highlight_id) is not None:
            self.sync(complete=True)
        card = self.cards.get(highlight_id)
        if card is None:
            return None
        self.show_card(highlight_id)
        editor = card.edit_note()
        self.scroll.ensureWidgetVisible(editor, 0, 40)
        return editor

    def _note_edited(self, highlight_id: int, text: str) -> None:
        self._pending_notes[highlight_id] = text
        self._note_timer.start()

    def flush_notes(self) -> None:
        """Save every note typed since the last save (called by the timer and before leaving)."""
        self._note_timer.stop()
        pending, self._pending_notes = self._pending_notes, {}
        for hid, text in pending.items():
            record = self.store.get(hid)
            if record is None or record.note != text:
                self.store.set_note(hid, text)

    def edit_tags(self, highlight_id: int) -> None:
        record = self.store.get(highlight_id)
        if record is None:
            return
        self.show_card(highlight_id)
        tags = ask_tags(self.window(), list(record.tags), self.store.known_tags)
        if tags is not None and tags != list(record.tags):
            self.store.set_tags(highlight_id, tags)
            self.store.known_tags = sorted(set(self.store.known_tags) | set(tags), key=str.casefold)

    def reattach(self, highlight_id: int) -> None:
        selected = self.selection_getter()
        if selected is None:
            self.message.emit(self.tr("Select the passage in the article first, then re-attach."))
            return
        self.store.reattach(highlight_id, *selected)


def _open_web_link(link: str) -> None:
    url = QUrl(link)
    if url.scheme().lower() in ("http", "https"):
        QDesktopServices.openUrl(url)
