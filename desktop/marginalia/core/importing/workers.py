"""A pool of cleaning processes with per-file time and memory limits.

A hostile file (entity bomb, 60,000 nested tags, a 50 MB page) can only cost one worker its
time budget or its memory cap; the pool replaces a worker that dies or overruns and the batch
goes on. Built on pebble, whose ProcessPool handles per-task timeouts and crashed workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Iterable, Iterator

from pebble import ProcessExpired, ProcessPool

from marginalia.core.errors import BadInput

TASK_TIMEOUT_S = 90
MEMORY_LIMIT_BYTES = 3 * 1024**3
#: Input bytes handed to workers and not yet answered (the window's memory bound).
MAX_BYTES_IN_FLIGHT = 64 * 1024**2


#: How much lower the cleaning workers' scheduling priority is (``os.nice``).
WORKER_NICENESS = 5


def _limit_worker() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    except (ImportError, ValueError, OSError):  # not on this platform: timeouts still apply
        pass
    sys.setrecursionlimit(5000)
    try:
        # Below the app and the import's index process: on two cores the cleaning workers
        # took two thirds of the CPU, the index fell behind and finished alone on one core
        # (a third of a large import's time); the UI thread competes with them too.
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass
    # warm the heavy imports once per worker instead of once per file
    from marginalia.core.importing import pipeline  # noqa: F401


def process_context():
    """Where our worker processes come from: a forkserver on Linux (never a fork of a threaded
    GUI process), spawn elsewhere."""
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["marginalia.core.importing.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class CleaningPool:
    """Runs ``func(*args)`` for each job in worker processes, yielding ``(key, result|BadInput)``
    in completion order, at most ``window`` jobs in flight (so memory stays bounded)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._pool: ProcessPool | None = None

    def __enter__(self) -> "CleaningPool":
        self._pool = ProcessPool(max_workers=self.workers, initializer=_limit_worker, context=process_context())
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def run(self, func: Callable, jobs: Iterable[tuple[object, tuple]], cancelled: Callable[[], bool] = lambda: False,
            *, window: int | None = None, max_bytes: int = MAX_BYTES_IN_FLIGHT) -> Iterator[tuple[object, object]]:
        """Yield ``(key, result|BadInput)`` as jobs finish. At most ``window`` jobs (default three
        per worker) and ``max_bytes`` of ``bytes`` arguments are in flight (at least one job)."""
        assert self._pool is not None, "use CleaningPool as a context manager"
        window = window or self.workers * 3
        pending: dict = {}
        sizes: dict = {}
        in_flight = 0
        jobs = iter(jobs)
        exhausted = False
        while True:
            while (not exhausted and len(pending) < window and (not pending or in_flight < max_bytes)
                   and not cancelled()):
                try:
                    key, args = next(jobs)
                except StopIteration:
                    exhausted = True
                    break
                future = self._pool.schedule(func, args=args, timeout=TASK_TIMEOUT_S)
                pending[future] = key
                sizes[future] = sum(len(a) for a in args if isinstance(a, (bytes, bytearray)))
                in_flight += sizes[future]
            if not pending:
                return
            for done in _as_completed(pending):
                key = pending.pop(done)
                in_flight -= sizes.pop(done)
                yield key, _outcome(done)


def _as_completed(pending: dict):
    from concurrent.futures import FIRST_COMPLETED, wait

    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    return done


def _outcome(future) -> object:
    try:
        return future.result()
    except BadInput as exc:
        return exc
    except FutureTimeout:
        return BadInput(f"cleaning took longer than {TASK_TIMEOUT_S} s; the file was skipped")
    except ProcessExpired as exc:
        if exc.exitcode in (-9, 137):
            return BadInput("the cleaner ran out of memory on this file")
        return BadInput(f"the cleaner crashed on this file (exit code {exc.exitcode})")
    except MemoryError:
        return BadInput("the cleaner ran out of memory on this file")
    except Exception as exc:  # pragma: no cover - defensive: a worker error must not end the batch
        return BadInput(f"could not clean this file ({type(exc).__name__}: {exc})"[:300])
