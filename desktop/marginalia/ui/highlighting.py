"""Highlighting in the reader: the open article's highlights, the toolbar, the keys, undo.

- :class:`HighlightStore` holds the open article and its highlights and performs every edit to
  them through the serial writer (``ui.tasks``); it tells the reader and the annotations panel
  what changed.
- :class:`SelectionToolbar` is the small floating bar shown near a selection (colours, note,
  tags) or near a clicked highlight (colours, note, tags, copy with citation, delete).
- :class:`HighlightController` wires the keys (``H`` default colour, ``1``–``6`` a colour, ``N``
  highlight and write a note, ``T`` tags, ``Delete``) and the toolbar to undoable commands on a
  ``QUndoStack`` (add, delete, change colour; ``Ctrl+Z`` / ``Ctrl+Shift+Z``).
"""

from __future__ import annotations

from dataclasses import is_dataclass, replace
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QToolButton, QWidget

from marginalia.ui.highlight_commands import AddHighlightCommand, ColorCommand, DeleteHighlightCommand
from marginalia.ui.i18n import color_label
from marginalia.ui.reader import ReaderView, snap_to_words
from marginalia.ui.tasks import TaskRunner

COLOR_KEYS = ("1", "2", "3", "4", "5", "6")


class HighlightStore(QObject):
    """The open article and its highlights; every edit goes through the writer thread."""

    article_changed = Signal(object)   # ArticleDetail or None
    changed = Signal()                 # highlights added, removed, moved or recoloured
    record_updated = Signal(object)    # one record's note/tags/colour changed
    palette_changed = Signal(list)     # [ColorMeaning]
    written = Signal(int)              # an article whose highlights were written
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.article = None
        self.records: dict[int, object] = {}
        self.palette: list = []
        self.known_tags: list[str] = []

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article is not None else None

    def ordered(self) -> list:
        """Highlights in text order; orphans last."""
        return sorted(self.records.values(), key=lambda h: (h.orphan, h.start if not h.orphan else 0, h.end, h.id))

    def get(self, highlight_id: int):
        return self.records.get(highlight_id)

    def set_article(self, detail, records) -> None:
        self.article = detail
        self.records = {r.id: r for r in records if r.deleted is None}
        self.article_changed.emit(detail)
        self.changed.emit()

    def clear(self) -> None:
        self.set_article(None, [])

    def set_palette(self, colors: list) -> None:
        """Default colour meanings are shown in the interface language; names users gave stay."""
        self.palette = [replace(c, name=color_label(c.key, c.name)) if is_dataclass(c) else c for c in colors]
        self.palette_changed.emit(self.palette)

    def rename_colors(self, names: dict[str, str]) -> None:
        """Give palette colours new meanings (key -> name); the palette follows."""
        def job(lib):
            for key, name in names.items():
                lib.set_color_name(key, name)
            return lib.palette()

        self._write(job, self.set_palette)

    def color_key(self, index: int) -> str | None:
        """The palette key at ``index`` (0-based), or None."""
        return self.palette[index].key if 0 <= index < len(self.palette) else None

    def color_hex(self, key: str) -> str:
        return next((c.hex for c in self.palette if c.key == key), "#fde68a")

    def color_name(self, key: str) -> str:
        return next((c.name for c in self.palette if c.key == key), key)

    # -- writes (all on the serial writer) -----------------------------------------------------

    def _write(self, job: Callable, on_done: Callable | None = None) -> None:
        lib = self.tasks.library
        if lib is None:
            self.failed.emit(self.tr("The library is still opening; try again in a moment."))
            return

        def failed(exc) -> None:
            from marginalia.ui.tasks import user_message

            self.failed.emit(user_message(exc))

        self.tasks.run_write(lambda: job(lib), on_done, failed)

    def add(self, start: int, end: int, color: str | None, *, holder=None,
            on_done: Callable | None = None) -> None:
        """Highlight ``text[start:end]`` of the open article. ``holder.hid`` is set on the writer
        thread as soon as the highlight exists, so an undo queued right after can find it."""
        article_id = self.article_id
        if article_id is None:
            return

        def job(lib):
            record = lib.add_highlight(article_id, start=start, end=end, color=color)
            if holder is not None:
                holder.hid = record.id
            return record

        def done(record) -> None:
            self._apply(record)
            if on_done:
                on_done(record)

        self._write(job, done)

    def delete(self, hid: Callable[[], int | None]) -> None:
        def job(lib):
            target = hid()
            if target is not None:
                lib.delete_highlight(target)
            return target

        self._write(job, self._removed)

    def restore(self, hid: Callable[[], int | None]) -> None:
        def job(lib):
            target = hid()
            return lib.restore_highlight(target) if target is not None else None

        self._write(job, lambda record: record is not None and self._apply(record))

    def set_color(self, highlight_id: int, key: str) -> None:
        self._write(lambda lib: lib.edit_highlight(highlight_id, color=key), self._apply)

    def set_note(self, highlight_id: int, text: str, on_done: Callable | None = None) -> None:
        def done(record) -> None:
            self._apply(record)
            if on_done:
                on_done(record)

        self._write(lambda lib: lib.edit_highlight(highlight_id, note=text), done)

    def set_tags(self, highlight_id: int, tags: list[str]) -> None:
        self._write(lambda lib: lib.edit_highlight(highlight_id, tags=tags), self._apply)

    def reattach(self, highlight_id: int, start: int, end: int) -> None:
        self._write(lambda lib: lib.reattach_highlight(highlight_id, start=start, end=end), self._apply)

    def _apply(self, record) -> None:
        self.written.emit(record.article_id)
        if record.article_id != self.article_id:
            return
        old = self.records.get(record.id)
        if record.deleted is not None:
            self._removed(record.id)
            return
        self.records[record.id] = record
        placed = old is not None and (old.start, old.end, old.orphan, old.color) == (
            record.start, record.end, record.orphan, record.color)
        if placed:
            self.record_updated.emit(record)
        else:
            self.changed.emit()

    def _removed(self, highlight_id: int | None) -> None:
        if self.article_id is not None:
            self.written.emit(self.article_id)
        if highlight_id is not None and self.records.pop(highlight_id, None) is not None:
            self.changed.emit()


class SelectionToolbar(QFrame):
    """The small bar floating over the reader near the selection or the clicked highlight."""

    color_chosen = Signal(str)
    note_requested = Signal()
    tags_requested = Signal()
    cite_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionToolbar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#selectionToolbar { background: palette(window); border: 1px solid palette(mid); border-radius: 8px; }"
            "#selectionToolbar QToolButton { border: none; padding: 3px 6px; border-radius: 5px; }"
            "#selectionToolbar QToolButton:hover { background: palette(midlight); }")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(3)
        self._swatches: list[QToolButton] = []
        self.note_button = self._button(self.tr("Note"), self.tr("Highlight and write a note (N)"), self.note_requested)
        self.tags_button = self._button(self.tr("Tags"), self.tr("Tags (T)"), self.tags_requested)
        self.cite_button = self._button(self.tr("Cite"), self.tr("Copy with citation (Ctrl+Shift+C)"),
                                        self.cite_requested)
        self.delete_button = self._button(self.tr("Delete"), self.tr("Delete highlight (Del)"), self.delete_requested)
        self.hide()

    def _button(self, text: str, tip: str, signal) -> QToolButton:
        button = QToolButton(self, text=text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(signal.emit)
        self._layout.addWidget(button)
        return button

    def set_palette(self, colors: list) -> None:
        for button in self._swatches:
            button.deleteLater()
        self._swatches = []
        for i, color in enumerate(colors[:6]):
            button = QToolButton(self)
            button.setFixedSize(22, 22)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"{color.name} ({i + 1})")
            button.setAccessibleName(color.name)
            button.setStyleSheet(f"QToolButton {{ background: {color.hex}; border: 1px solid rgba(0,0,0,60);"
                                 f" border-radius: 11px; }}")
            button.clicked.connect(lambda _checked=False, key=color.key: self.color_chosen.emit(key))
            self._layout.insertWidget(i, button)
            self._swatches.append(button)

    def show_near(self, rect: QRect, *, editing: bool) -> None:
        """Show above ``rect`` (viewport coordinates), or below it when there is no room."""
        self.cite_button.setVisible(editing)
        self.delete_button.setVisible(editing)
        self.note_button.setToolTip(self.tr("Edit the note (N)") if editing else
                                    self.tr("Highlight and write a note (N)"))
        self.adjustSize()
        area = self.parentWidget().rect()
        x = rect.left() + rect.width() // 2 - self.width() // 2 if rect.height() < 40 else rect.left()
        y = rect.top() - self.height() - 8
        if y < 4:
            y = rect.bottom() + 8
        x = max(4, min(x, area.width() - self.width() - 4))
        y = max(4, min(y, area.height() - self.height() - 4))
        self.move(QPoint(x, y))
        self.show()
        self.raise_()


class HighlightController(QObject):
    """Keys, toolbar and undo for highlighting in one reader."""

    note_requested = Signal(int)   # focus the note of this highlight (annotations panel)
    tags_requested = Signal(int)   # edit the tags of this highlight
    activated = Signal(int)        # a highlight was clicked in the reader
    message = Signal(str)

    def __init__(self, reader: ReaderView, store: HighlightStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader, self.store = reader, store
        self.undo_stack = QUndoStack(self)
        self.toolbar = SelectionToolbar(reader.viewport())
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._show_toolbar)
        self.actions = self._make_actions()
        reader.installEventFilter(self)
        reader.viewport().installEventFilter(self)
        reader.selection_range_changed.connect(self._selection_changed)
        reader.highlight_clicked.connect(self._highlight_clicked)
        reader.verticalScrollBar().valueChanged.connect(lambda _v: self.toolbar.hide())
        reader.menu_extender = self.extend_menu
        store.palette_changed.connect(self._palette_changed)
        store.changed.connect(lambda: reader.set_highlights(store.ordered()))
        store.record_updated.connect(lambda _r: reader.set_highlights(store.ordered()))
        store.article_changed.connect(self._article_changed)
        self.toolbar.color_chosen.connect(self.apply_color)
        self.toolbar.note_requested.connect(self.note)
        self.toolbar.tags_requested.connect(self.tags)
        self.toolbar.cite_requested.connect(lambda: self.copy_citation(self.reader.active_highlight))
        self.toolbar.delete_requested.connect(self.delete)

    def _make_actions(self) -> dict[str, QAction]:
        made: dict[str, QAction] = {}

        def action(name: str, text: str, key: str, slot) -> None:
            act = QAction(text, self.reader)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _checked=False: slot())
            self.reader.addAction(act)
            made[name] = act

        action("highlight", self.tr("Highlight"), "H", lambda: self.apply_color(None))
        for i, key in enumerate(COLOR_KEYS):
            action(f"color{i + 1}", self.tr("Colour %1").replace("%1", key), key,
                   lambda i=i: self.apply_color(self.store.color_key(i)))
        action("note", self.tr("Highlight with note"), "N", self.note)
        action("tags", self.tr("Tags of highlight…"), "T", self.tags)
        action("delete", self.tr("Delete highlight"), "Del", self.delete)
        action("cite", self.tr("Copy with citation"), "Ctrl+Shift+C",
               lambda: self.copy_citation(self.reader.active_highlight))
        return made

    # -- keys and mouse -----------------------------------------------------------------------

    _KEYS = {Qt.Key.Key_H: "highlight", Qt.Key.Key_N: "note", Qt.Key.Key_T: "tags", Qt.Key.Key_Delete: "delete",
             **{getattr(Qt.Key, f"Key_{k}"): f"color{k}" for k in COLOR_KEYS}}

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if watched is self.reader and kind == QEvent.Type.KeyPress:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            name = self._KEYS.get(event.key())
            if name and mods == Qt.KeyboardModifier.NoModifier:
                self.actions[name].trigger()
                return True
        elif watched is self.reader.viewport() and kind == QEvent.Type.MouseButtonRelease:
            if self.reader.selected_range():
                self._timer.start(0)
        elif watched is self.reader.viewport() and kind == QEvent.Type.MouseButtonPress:
            self.toolbar.hide()
        return False

    def _selection_changed(self, selected) -> None:
        if selected is None:
            self._timer.stop()
            if self.reader.active_highlight is None:
                self.toolbar.hide()
        else:
            self.reader.set_active_highlight(None)
            self._timer.start(250)

    def _show_toolbar(self) -> None:
        selected = self.reader.selected_range()
        if selected is None or QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            return
        self.toolbar.show_near(self.reader.range_rect(*selected), editing=False)

    def _highlight_clicked(self, highlight_id: int) -> None:
        record = self.store.get(highlight_id)
        if record is None:
            return
        self.toolbar.show_near(self.reader.range_rect(record.start, record.end), editing=True)
        self.activated.emit(highlight_id)

    def _palette_changed(self, colors: list) -> None:
        self.reader.set_palette(colors)
        self.toolbar.set_palette(colors)
        for i, color in enumerate(colors[:6]):
            self.actions[f"color{i + 1}"].setText(self.tr("Colour: %1").replace("%1", color.name))

    def _article_changed(self, _detail) -> None:
        self.undo_stack.clear()
        self.toolbar.hide()

    # -- operations ----------------------------------------------------------------------------

    def highlight_selection(self, color: str | None = None, on_added: Callable | None = None) -> bool:
        """Highlight the reader's selection, widened to whole words (undoable). False when nothing
        is selected."""
        selected = self.reader.selected_range()
        if selected is None or self.store.article_id is None:
            return False
        selected = snap_to_words(self.reader.text, *selected)
        if selected[1] <= selected[0]:
            return False
        same = next((h for h in self.store.records.values()
                     if not h.orphan and (h.start, h.end) == selected), None)
        self.reader.clear_selection()
        self.toolbar.hide()
        if same is not None:
            if color and color != same.color:
                self.undo_stack.push(ColorCommand(self.store, same.id, same.color, color))
            if on_added:
                on_added(same)
            return True
        self.undo_stack.push(AddHighlightCommand(self.store, *selected, color, on_added))
        return True

    def apply_color(self, color: str | None) -> None:
        """Highlight the selection, or recolour the active highlight."""
        if self.highlight_selection(color):
            return
        record = self.store.get(self.reader.active_highlight or -1)
        if record is not None and color and color != record.color:
            self.undo_stack.push(ColorCommand(self.store, record.id, record.color, color))
        elif record is None:
            self.message.emit(self.tr("Select some text to highlight first."))

    def note(self) -> None:
        if not self.highlight_selection(None, lambda rec: self.note_requested.emit(rec.id)):
            active = self.reader.active_highlight
            if active is not None:
                self.note_requested.emit(active)
            else:
                self.message.emit(self.tr("Select some text to highlight first."))

    def tags(self) -> None:
        if not self.highlight_selection(None, lambda rec: self.tags_requested.emit(rec.id)):
            active = self.reader.active_highlight
            if active is not None:
                self.tags_requested.emit(active)
            else:
                self.message.emit(self.tr("Select some text to highlight first."))

    def delete(self, highlight_id: int | None = None) -> None:
        target = highlight_id if highlight_id is not None else self.reader.active_highlight
        if target is None or self.store.get(target) is None:
            return
        self.toolbar.hide()
        self.reader.set_active_highlight(None)
        self.undo_stack.push(DeleteHighlightCommand(self.store, target))

    def recolor(self, highlight_id: int, color: str) -> None:
        record = self.store.get(highlight_id)
        if record is not None and color != record.color:
            self.undo_stack.push(ColorCommand(self.store, highlight_id, record.color, color))

    def copy_citation(self, highlight_id: int | None) -> None:
        """Put '"quote" — Author, Title, Site, date, URL' on the clipboard."""
        record = self.store.get(highlight_id) if highlight_id is not None else None
        lib, article = self.store.tasks.library, self.store.article
        if record is None or lib is None or article is None:
            return

        def job():
            if hasattr(lib, "citation_text"):
                return lib.citation_text(record.id)
            return fallback_citation(record.quote, article)

        def done(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(self.tr("Copied the quote with its citation."))

        self.store.tasks.run_read(job, done)

    def extend_menu(self, menu, offset: int | None) -> None:
        """Add highlight actions to the reader's context menu."""
        record = self.reader.highlight_at(offset)
        menu.addSeparator()
        if self.reader.selected_range():
            menu.addAction(self.actions["highlight"])
            menu.addAction(self.actions["note"])
        elif record is not None:
            self.reader.set_active_highlight(record.id)
            menu.addAction(self.actions["note"])
            menu.addAction(self.actions["tags"])
            menu.addAction(self.actions["cite"])
            menu.addAction(self.actions["delete"])


def fallback_citation(quote: str, article) -> str:
    """A citation built from the article's metadata (used when the library has none to offer)."""
    parts = [p for p in (article.author, article.title, article.site) if p]
    if article.published:
        parts.append(article.published.isoformat())
    if article.url:
        parts.append(article.url)
    return f"“{quote}” — {', '.join(parts)}"
