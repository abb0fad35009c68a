"""The task runner: keeps database and index work off the UI thread.

One :class:`TaskRunner` belongs to the main window and is handed to every widget that needs the
library. It offers three ways to run work, all returning at once:

``run_read(fn, on_done=None, on_error=None)``
    Runs ``fn()`` (no arguments) in a small pool of reader threads; reads may run in parallel,
    each opening its own session through the ``Library`` facade. When ``fn`` returns,
    ``on_done(result)`` is called **on the UI thread**; if it raises, ``on_error(exc)`` is called
    on the UI thread (default: the error's one-line message is emitted as :attr:`failed`, which
    the window shows in the status bar). Callers that may see stale answers (search as you type)
    keep their own generation counter and ignore old results.

``run_write(fn, on_done=None, on_error=None)``
    Same contract, but ``fn()`` runs on the single serial writer thread: every write (import,
    highlight, tag, delete, reindex) goes through it, in submission order, so SQLite and the
    index see one writer at a time.

``run_long(fn, on_done=None, on_error=None, writes=True) -> ProgressBridge``
    For long work that reports progress: ``fn(progress)`` receives a :class:`ProgressBridge`
    that implements ``core.progress.Progress`` (``update(done, total, message)`` and
    ``cancelled``). The bridge lives on the UI thread and emits ``changed(done, total, message)``
    (throttled) and ``finished()``; its ``cancel()`` (wired to a Cancel button) sets the flag
    that ``fn`` polls. ``writes=True`` (imports) runs it on the writer, ``False`` in the read pool.

Nothing here touches a widget from a worker thread and no ORM object crosses threads: the facade
returns plain dataclasses. Callbacks are delivered through a queued signal to an object living on
the UI thread.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from marginalia.core.progress import CancelFlag

log = logging.getLogger(__name__)

# GIL switch interval while a TaskRunner exists. Python's default (5 ms) lets a busy worker
# thread keep the GIL for 5 ms each time the UI thread asks for it; a table repaint calls
# Python (``data()``) hundreds of times, so a write settling the index in the background could
# stall a repaint for a quarter of a second. 1 ms keeps each hand-over short.
UI_SWITCH_INTERVAL_S = 0.001

Callback = Callable[[Any], None] | None


def _warm_up_analysis() -> None:
    import gc

    from marginalia.core.search import lemmas

    lemmas.preload()
    # Everything loaded so far (Qt bindings, the library, the dictionaries) lives as long as
    # the app: out of the collector's sight, a full collection no longer walks it. Those
    # collections held the interpreter lock for 100-300 ms, the UI thread's too. (No
    # gc.collect() first: that is one such pause; the little garbage frozen with it stays.)
    gc.freeze()


def user_message(exc: BaseException) -> str:
    """One clear line for the user describing ``exc`` (never a traceback)."""
    from marginalia.core.errors import MarginaliaError

    if isinstance(exc, MarginaliaError):
        return str(exc) or type(exc).__name__
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return f"{exc.strerror or exc}{where}"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return QCoreApplication.translate("TaskRunner", "Something went wrong: %1").replace("%1", text)


class _Dispatcher(QObject):
    """Lives on the UI thread; runs callables posted from any thread on the UI thread."""

    posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable, *args) -> None:
        self.posted.emit((fn, args))

    @Slot(object)
    def _deliver(self, item) -> None:
        fn, args = item
        fn(*args)


class ProgressBridge(QObject):
    """A ``core.progress.Progress`` for work on a worker thread, reported to the UI thread.

    ``update()`` may be called from any thread; ``changed`` is emitted on the UI thread at most
    every ``interval`` seconds (and always for the last step). ``cancel()`` sets the flag that
    the worker reads through ``cancelled``.
    """

    changed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, dispatcher: _Dispatcher, interval: float = 0.05, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dispatcher = dispatcher
        self._flag = CancelFlag()
        self._interval = interval
        self._last = 0.0
        self._lock = threading.Lock()
        self._pending: tuple[int, int, str] | None = None
        self.done = 0
        self.total = 0
        self.message = ""

    # -- the Progress protocol (worker side) --------------------------------------------------

    def update(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            self._pending = (int(done), int(total), str(message))
            due = now - self._last >= self._interval or (total and done >= total)
            if due:
                self._last = now
        if due:
            self._dispatcher.post(self._flush)

    @property
    def cancelled(self) -> bool:
        return self._flag.cancelled

    # -- UI side ------------------------------------------------------------------------------

    def cancel(self) -> None:
        self._flag.cancel()

    def _flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self.done, self.total, self.message = pending
            self.changed.emit(*pending)

    def _finish(self) -> None:
        self._flush()
        self.finished.emit()


class TaskRunner(QObject):
    """The serial writer, the read pool and the bridge back to the UI thread (see module doc)."""

    failed = Signal(str)            # a one-line message for errors nobody handled
    library_changed = Signal(object)  # the Library (or None) after open/close
    idle_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, read_threads: int = 3) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > UI_SWITCH_INTERVAL_S:
            sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
        self._dispatcher = _Dispatcher(self)
        self._library = None
        self._writes: queue.Queue = queue.Queue()
        self._writer = threading.Thread(target=self._writer_loop, name="marginalia-writer", daemon=True)
        self._writer.start()
        self._reads = ThreadPoolExecutor(max_workers=read_threads, thread_name_prefix="marginalia-read")
        self._pending = 0
        self._closed = False

    # -- the library ---------------------------------------------------------------------------

    @property
    def library(self):
        """The open ``core.library.Library`` or None (before it is opened in the background)."""
        return self._library

    def library_getter(self):
        return self._library

    def open_library(self, path: str | None, on_done: Callback = None, on_error: Callback = None) -> None:
        """Open (create, migrate) the library on the writer thread; heavy imports happen there."""

        def job():
            import inspect

            from marginalia.core.library import Library

            wanted = {"hold_writer": True, "background_index": True}  # the desktop app owns its library
            accepted = inspect.signature(Library.open).parameters
            lib = Library.open(path, **{k: v for k, v in wanted.items() if k in accepted})
            # Load the lemmatizer's dictionaries now, while the window only shows the list:
            # loading is pure Python (~0.4 s), and later (in the first edit or search, or
            # during an import) it would hold the interpreter lock while the user works.
            _warm_up_analysis()
            return lib

        def done(lib) -> None:
            old, self._library = self._library, lib
            if old is not None:
                self.run_write(old.close)
            self.library_changed.emit(lib)
            if on_done:
                on_done(lib)

        self.run_write(job, done, on_error)

    # -- running work --------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        """True when no submitted job is still waiting for its callback."""
        return self._pending == 0

    def run_read(self, fn: Callable[[], Any], on_done: Callback = None, on_error: Callback = None) -> None:
        if self._closed:
            return
        self._begin()
        self._reads.submit(self._run, fn, on_done, on_error)

    def run_write(self, fn: Callable[[], Any], on_done: Callback = None, on_error: Callback = None) -> None:
        if self._closed:
            return
        self._begin()
        self._writes.put((fn, on_done, on_error))

    def run_long(self, fn: Callable[[ProgressBridge], Any], on_done: Callback = None, on_error: Callback = None,
                 *, writes: bool = True) -> ProgressBridge:
        bridge = ProgressBridge(self._dispatcher)

        def job():
            return fn(bridge)

        def finish(callback: Callback, is_error: bool):
            def call(value) -> None:
                bridge._finish()
                if callback:
                    callback(value)
                elif is_error:
                    self.failed.emit(user_message(value))
            return call

        (self.run_write if writes else self.run_read)(job, finish(on_done, False), finish(on_error, True))
        return bridge

    def shutdown(self, timeout: float = 10.0, *, close_library: bool = True) -> None:
        """Finish queued writes (up to ``timeout`` seconds), close the library, stop threads."""
        if self._closed:
            return
        lib = self._library
        if lib is not None and close_library:
            self._writes.put((lib.close, None, None))
        self._closed = True
        self._writes.put(None)
        self._writer.join(timeout)
        self._reads.shutdown(wait=False, cancel_futures=True)
        self._library = None

    # -- internals -----------------------------------------------------------------------------

    def _begin(self) -> None:
        self._pending += 1
        if self._pending == 1:
            self.idle_changed.emit(False)

    def _end(self) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self.idle_changed.emit(True)

    def _writer_loop(self) -> None:
        while True:
            item = self._writes.get()
            if item is None:
                return
            self._run(*item)

    def _run(self, fn: Callable[[], Any], on_done: Callback, on_error: Callback) -> None:
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a message
            from marginalia.core.errors import MarginaliaError

            if not isinstance(exc, MarginaliaError):
                log.error("background task failed", exc_info=exc)
            self._dispatcher.post(self._deliver, on_error, exc, True)
        else:
            self._dispatcher.post(self._deliver, on_done, result, False)

    def _deliver(self, callback: Callback, value, is_error: bool) -> None:
        try:
            if callback is not None:
                callback(value)
            elif is_error:
                self.failed.emit(user_message(value))
        except Exception as exc:  # noqa: BLE001 - a broken callback must not kill the app
            log.error("callback failed", exc_info=exc)
            self.failed.emit(user_message(exc))
        finally:
            self._end()
