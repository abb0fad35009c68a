"""Marking opened articles read, a moment after they are shown.

The write itself is small, but it brings the search index up to date on the writer thread;
right after a large import that ran while the first article was being laid out, and the two
together stalled the UI. The list shows the article as read at once; the library is told
:data:`DELAY_MS` later (several opened meanwhile go in one go), and on close at the latest.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

#: How long after an article is shown its read mark is written.
DELAY_MS = 800


class ReadMarker(QObject):
    """Collects opened articles' ids and writes their read marks through ``run_write``."""

    def __init__(self, run_write: Callable, library: Callable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run_write = run_write
        self._library = library
        self._pending: list[int] = []
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def mark(self, article_id: int) -> None:
        if article_id not in self._pending:
            self._pending.append(article_id)
        self._timer.start()

    def flush(self) -> None:
        """Write the pending marks now (queued on the writer thread)."""
        self._timer.stop()
        lib, pending, self._pending = self._library(), self._pending, []
        if lib is None or not pending:
            return

        def write() -> None:
            for article_id in pending:
                lib.set_read(article_id, True)

        self._run_write(write, lambda _r: None, lambda _e: None)
