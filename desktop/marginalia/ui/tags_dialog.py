"""Tools → Tags: rename, merge and delete tags, with how many articles and highlights use each.

:class:`TagsDialog` is given plain callables (usually ``Library.list_tags``, ``rename_tag``,
``merge_tags``, ``delete_tag``). When the task runners are given (``run_read``/``run_write``,
each ``runner(fn, on_done, on_error)``), the calls run off the UI thread — reads in the pool,
changes on the serial writer; without them (tests, scripts) they are called directly. The
table refreshes after every change; failures show as one line in the dialog.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from marginalia.core.export.model import title_sort_key

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Any], None]], Any]
NAME_ROLE = Qt.ItemDataRole.UserRole


def error_text(error: Any) -> str:
    """One line for the user from an exception (or message) a runner reports."""
    text = str(error).strip() if error is not None else ""
    if isinstance(error, BaseException) and not text:
        text = type(error).__name__
    return text.splitlines()[0] if text else QCoreApplication.translate("TagsDialog", "unknown error")


def weak_callback(method: Callable[..., Any], *args: Any) -> Callable[[Any], None]:
    """A runner callback calling ``method(*args, value)`` while its object lives.

    It holds no strong reference to the object, so a worker thread dropping the callback never
    destroys a widget off the UI thread, and a result for a closed widget is simply ignored.
    """
    ref = weakref.WeakMethod(method)

    def call(value: Any) -> None:
        bound = ref()
        if bound is not None:
            bound(*args, value)

    return call


def call_with(runner: Runner | None, fn: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[Any], None]) -> None:
    """Run ``fn`` through ``runner`` when given, else right here; results go to the callbacks."""
    if runner is not None:
        runner(fn, on_done, on_error)
        return
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - shown to the user as one line
        on_error(exc)
    else:
        on_done(result)


class _NameItem(QTableWidgetItem):
    """An editable tag name cell sorting case-insensitively, Cyrillic in alphabet order."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.setData(NAME_ROLE, name)
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(NAME_ROLE) or self.text(), other.data(NAME_ROLE) or other.text()
        return (title_sort_key(mine), mine) < (title_sort_key(theirs), theirs)


class _CountItem(QTableWidgetItem):
    """A read-only number cell that sorts numerically."""

    def __init__(self, value: int) -> None:
        super().__init__(str(value))
        self.setData(Qt.ItemDataRole.EditRole, value)
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return int(self.data(Qt.ItemDataRole.EditRole)) < int(other.data(Qt.ItemDataRole.EditRole))


class TagsDialog(QDialog):
    """A table of tags with counts: rename in place, merge two or more, delete with confirmation."""

    changed = Signal()
    refreshed = Signal()

    def __init__(self, list_tags_fn: Callable[[], Sequence[Any]], rename_fn: Callable[[str, str], Any],
                 merge_fn: Callable[[str, str], Any], delete_fn: Callable[[str], Any],
                 parent: QWidget | None = None, *, run_read: Runner | None = None,
                 run_write: Runner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tags_dialog")
        self.setWindowTitle(self.tr("Tags"))
        self._list_tags = list_tags_fn
        self._rename = rename_fn
        self._merge = merge_fn
        self._delete = delete_fn
        self._run_read = run_read
        self._run_write = run_write
        self._busy = False
        self._names: list[str] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter tags"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter_edit)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Tag"), self.tr("Articles"), self.tr("Highlights")])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        self.hint = QLabel(self._hint_text())
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.hint)
        self.error_label = QLabel()
        self.error_label.setObjectName("tags_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        row = QHBoxLayout()
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.clicked.connect(self._edit_current)
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.clicked.connect(self._merge_clicked)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.clicked.connect(self._delete_clicked)
        for button in (self.rename_button, self.merge_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(520, 480)
        self._update_buttons()
        self.refresh()

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the tags again (off the UI thread when a reader is given)."""
        call_with(self._run_read, self._list_tags, weak_callback(self._show_tags), weak_callback(self._show_error))

    def _show_tags(self, tags: Sequence[Any]) -> None:
        selected = set(self.selected_names())
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        self._names = [t.name for t in tags]
        for tag in tags:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, _NameItem(tag.name))
            self.table.setItem(row, 1, _CountItem(tag.articles))
            self.table.setItem(row, 2, _CountItem(tag.highlights))
        self.table.setSortingEnabled(True)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(NAME_ROLE) in selected:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self._apply_filter()
        self._set_busy(False)
        self.hint.setText(self._hint_text() if tags else
                          self.tr("No tags yet. Add tags to articles or highlights, and they appear here."))
        self.refreshed.emit()

    def tag_names(self) -> list[str]:
        """The tags as now listed, in table order."""
        return [self.table.item(r, 0).data(NAME_ROLE) for r in range(self.table.rowCount())]

    def selected_names(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table.item(r, 0).data(NAME_ROLE) for r in rows if not self.table.isRowHidden(r)]

    def select_names(self, names: Sequence[str]) -> None:
        """Select the rows of ``names`` (for keyboard users and tests)."""
        self.table.clearSelection()
        wanted = {n.casefold() for n in names}
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(NAME_ROLE).casefold() in wanted:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    # -- actions -----------------------------------------------------------------------------

    def rename_tag(self, old: str, new: str) -> None:
        """Rename ``old`` to ``new``; if ``new`` names another tag, offer to merge into it."""
        new = " ".join(new.split()).lstrip("#")
        if not new or new == old:
            self.refresh()
            return
        existing = next((n for n in self._names if n.casefold() == new.casefold() and n != old), None)
        if existing is not None and existing.casefold() != old.casefold():
            if self.confirm(self.tr("Merge tags"),
                            self.tr("A tag “{new}” already exists. Merge “{old}” into it?").format(new=existing, old=old)):
                merge = self._merge
                self._write(lambda: merge(old, existing))
            else:
                self.refresh()
            return
        rename = self._rename
        self._write(lambda: rename(old, new))

    def merge_tags(self, sources: Sequence[str], into: str) -> None:
        """Merge every tag of ``sources`` (except ``into`` itself) into ``into``."""
        others = [s for s in sources if s != into]
        merge = self._merge

        def merge_all() -> None:
            for source in others:
                merge(source, into)

        if others:
            self._write(merge_all)

    def delete_tags(self, names: Sequence[str]) -> None:
        names = list(names)
        delete = self._delete

        def delete_all() -> None:
            for name in names:
                delete(name)

        if names:
            self._write(delete_all)

    def _write(self, fn: Callable[[], Any]) -> None:
        self._set_busy(True)
        self.error_label.hide()
        call_with(self._run_write, fn, weak_callback(self._write_done), weak_callback(self._write_failed))

    def _write_done(self, _result: Any) -> None:
        self.changed.emit()
        self.refresh()

    def _write_failed(self, error: Any) -> None:
        self._show_error(error)
        self.refresh()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        old = item.data(NAME_ROLE)
        if old is not None and item.text() != old:
            self.rename_tag(old, item.text())

    def _edit_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.editItem(self.table.item(rows[0].row(), 0))

    def _merge_clicked(self) -> None:
        names = self.selected_names()
        if len(names) < 2:
            return
        into = self.choose_merge_target(names)
        if into:
            self.merge_tags(names, into)

    def _delete_clicked(self) -> None:
        names = self.selected_names()
        if not names:
            return
        if len(names) == 1:
            text = self.tr("Delete the tag “{name}”? Articles and highlights keep everything else; "
                           "only this tag is removed from them.").format(name=names[0])
        else:
            text = self.tr("Delete %n tags? Articles and highlights keep everything else; "
                           "only these tags are removed from them.", "", len(names))
        if self.confirm(self.tr("Delete tags"), text):
            self.delete_tags(names)

    # -- small dialogs (methods so that tests can answer them) -------------------------------

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def choose_merge_target(self, names: Sequence[str]) -> str | None:
        """Ask which of ``names`` the others merge into (the one with most uses is offered first)."""
        from PySide6.QtWidgets import QInputDialog

        ordered = sorted(names, key=lambda n: -self._uses(n))
        choice, ok = QInputDialog.getItem(self, self.tr("Merge tags"),
                                          self.tr("Merge the selected tags into:"), ordered, 0, True)
        choice = " ".join(choice.split())
        return choice if ok and choice else None

    # -- view state --------------------------------------------------------------------------

    def _hint_text(self) -> str:
        return self.tr("Double-click a tag to rename it. Select two or more to merge them.")

    def _uses(self, name: str) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(NAME_ROLE) == name:
                return int(self.table.item(row, 1).data(Qt.ItemDataRole.EditRole)) + \
                    int(self.table.item(row, 2).data(Qt.ItemDataRole.EditRole))
        return 0

    def _apply_filter(self) -> None:
        needle = self.filter_edit.text().strip().casefold()
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).data(NAME_ROLE) or ""
            self.table.setRowHidden(row, bool(needle) and needle not in name.casefold())
        self._update_buttons()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.table.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.selected_names())
        self.rename_button.setEnabled(not self._busy and count == 1)
        self.merge_button.setEnabled(not self._busy and count >= 2)
        self.delete_button.setEnabled(not self._busy and count >= 1)

    def _show_error(self, error: Any) -> None:
        self.error_label.setText(error_text(error))
        self.error_label.show()
        self._set_busy(False)
