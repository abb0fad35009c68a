"""A plain progress protocol shared by the CLI (progress bar) and the UI (status bar + Cancel)."""

from __future__ import annotations

import threading
from typing import Protocol


class Progress(Protocol):
    """Receives progress of long work and tells it whether to stop."""

    def update(self, done: int, total: int, message: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled."""

    cancelled = False

    def update(self, done: int, total: int, message: str = "") -> None:
        pass


class CancelFlag:
    """A thread-safe cancel flag usable as the ``cancelled`` side of a Progress."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
