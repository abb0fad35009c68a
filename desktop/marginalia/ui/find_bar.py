"""Ctrl+F: find text in the open article.

:class:`FindBar` sits under the reader. It searches the article's canonical text
(case-insensitive, the apostrophes ' ’ ʼ treated as one), marks every match in the reader,
shows "3 of 12", and steps with Enter / Shift+Enter or the arrows; Escape closes it and clears
the marks.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from marginalia.ui.reader import ReaderView

APOSTROPHES = "'’ʼ`"


def find_pattern(needle: str) -> re.Pattern | None:
    """A case-insensitive pattern for ``needle``; apostrophe variants and runs of spaces match."""
    needle = needle.strip()
    if not needle:
        return None
    parts = []
    for ch in needle:
        if ch in APOSTROPHES:
            parts.append(f"[{re.escape(APOSTROPHES)}]")
        elif ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.IGNORECASE)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    pattern = find_pattern(needle)
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


class FindBar(QWidget):
    """A find-in-article bar bound to one :class:`ReaderView`."""

    closed = Signal()

    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.reader = reader
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Find in article"))
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.prev_button = QToolButton(self, text="↑", autoRaise=True)
        self.prev_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.next_button = QToolButton(self, text="↓", autoRaise=True)
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.close_button = QToolButton(self, text="✕", autoRaise=True)
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.search)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.next)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with the reader's selection (if short) as the needle, and focus it."""
        cursor = self.reader.textCursor()
        picked = cursor.selectedText().strip() if cursor.hasSelection() else ""
        if picked and len(picked) <= 80 and "\u2029" not in picked:
            self.edit.setText(picked)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.search()

    def close_bar(self) -> None:
        self._timer.stop()
        self.matches, self.current = [], -1
        self.reader.set_find_matches([])
        self.hide()
        self.reader.setFocus()
        self.closed.emit()

    def search(self) -> None:
        """Find every match; the current one is the first at or after the top of the view."""
        self._timer.stop()
        self.matches = find_all(self.reader.text, self.edit.text())
        if self.matches:
            top = self.reader.top_offset()
            self.current = next((i for i, (a, _b) in enumerate(self.matches) if a >= top), 0)
        else:
            self.current = -1
        self._show()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self._timer.isActive():
            self.search()
            return
        if self.matches:
            self.current = (self.current + delta) % len(self.matches)
            self._show()

    def _show(self) -> None:
        self.reader.set_find_matches(self.matches, self.current)
        if not self.edit.text().strip():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText(self.tr("No matches"))
        else:
            self.count_label.setText(self.tr("%1 of %2").replace("%1", str(self.current + 1))
                                     .replace("%2", str(len(self.matches))))

    def refresh(self) -> None:
        """Search again (after the article changed) if the bar is open."""
        if self.isVisible():
            self.search()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
                self.previous()
                return True
        return super().eventFilter(watched, event)
