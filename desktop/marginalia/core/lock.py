"""One writer per library across processes: an OS file lock beside the database.

The lock is an advisory OS lock (fcntl on Unix, msvcrt on Windows, through ``filelock``), so a
process that dies — even by ``kill -9`` — releases it: a lock file left behind is stale by
construction and the next process simply takes it. Who holds it (pid, host, program, since) is
written to a side file so a refusal can say which program to close.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path

from filelock import FileLock, Timeout

from marginalia.core.errors import LibraryLocked

LOCK_NAME = "library.lock"
HOLDER_NAME = "library.lock.json"


class LibraryLock:
    """The writer lock of one library folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = FileLock(str(root / LOCK_NAME), thread_local=False)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self, *, timeout: float = 0, purpose: str = "") -> None:
        """Take the lock, waiting up to ``timeout`` seconds; raise LibraryLocked naming the holder."""
        if self._lock.is_locked:
            return
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            raise LibraryLocked(self._refusal()) from None
        info = {"pid": os.getpid(), "host": socket.gethostname(), "program": purpose or Path(sys.argv[0]).name,
                "since": time.strftime("%Y-%m-%d %H:%M:%S")}
        try:
            (self.root / HOLDER_NAME).write_text(json.dumps(info), "utf-8")
        except OSError:
            pass

    def release(self) -> None:
        if self._lock.is_locked:
            try:
                (self.root / HOLDER_NAME).unlink(missing_ok=True)
            except OSError:
                pass
            self._lock.release(force=True)

    def holder(self) -> dict:
        try:
            return json.loads((self.root / HOLDER_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _refusal(self) -> str:
        h = self.holder()
        who = f"{h.get('program', 'another Marginalia')} (pid {h.get('pid', '?')}, since {h.get('since', '?')})" if h else "another Marginalia process"
        return f"the library {self.root} is being changed by {who}; close it or try again"
