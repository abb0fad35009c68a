"""Undoable highlight edits for the ``QUndoStack`` (Ctrl+Z / Ctrl+Shift+Z): add, delete, recolour.

Each command goes through the :class:`~marginalia.ui.highlighting.HighlightStore`, so the write
runs on the serial writer thread; an added highlight's id arrives later from that thread, so
undo and redo look it up when they run, never when they are queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from marginalia.ui.highlighting import HighlightStore


class _IdSlot:
    """Where the writer thread puts the id of a highlight it just created."""

    def __init__(self) -> None:
        self.hid: int | None = None
        self.requested = False


class AddHighlightCommand(QUndoCommand):
    """Add a highlight; undo moves it to the trash, redo restores it."""

    def __init__(self, store: HighlightStore, start: int, end: int, color: str | None,
                 on_added: Callable | None = None) -> None:
        super().__init__(QApplication.translate("HighlightController", "Highlight", "undo command"))
        self.store, self.start, self.end, self.color, self.on_added = store, start, end, color, on_added
        self.slot = _IdSlot()  # plain object: the writer thread fills it, queued jobs read it

    @property
    def hid(self) -> int | None:
        return self.slot.hid

    def redo(self) -> None:
        slot = self.slot
        if not slot.requested:
            slot.requested = True
            self.store.add(self.start, self.end, self.color, holder=slot, on_done=self.on_added)
        else:
            self.store.restore(lambda: slot.hid)

    def undo(self) -> None:
        slot = self.slot
        self.store.delete(lambda: slot.hid)


class DeleteHighlightCommand(QUndoCommand):
    def __init__(self, store: HighlightStore, highlight_id: int) -> None:
        super().__init__(QApplication.translate("HighlightController", "Delete highlight", "undo command"))
        self.store, self.hid = store, highlight_id

    def redo(self) -> None:
        self.store.delete(lambda: self.hid)

    def undo(self) -> None:
        self.store.restore(lambda: self.hid)


class ColorCommand(QUndoCommand):
    def __init__(self, store: HighlightStore, highlight_id: int, old: str, new: str) -> None:
        super().__init__(QApplication.translate("HighlightController", "Change colour", "undo command"))
        self.store, self.hid, self.old, self.new = store, highlight_id, old, new

    def redo(self) -> None:
        self.store.set_color(self.hid, self.new)

    def undo(self) -> None:
        self.store.set_color(self.hid, self.old)
