"""Opened articles are marked read a moment later, in one write, and at the latest on close."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from marginalia.ui import read_marks  # noqa: E402
from marginalia.ui.read_marks import ReadMarker  # noqa: E402


class FakeLibrary:
    def __init__(self) -> None:
        self.read: list[int] = []

    def set_read(self, article_id: int, read: bool = True) -> None:
        self.read.append(article_id)


def _writer(calls: list):
    def run_write(fn, on_done, on_error) -> None:
        calls.append(fn)
        fn()
    return run_write


def test_marks_are_written_after_a_moment_in_one_write(qtbot, monkeypatch):
    monkeypatch.setattr(read_marks, "DELAY_MS", 50)
    lib, calls = FakeLibrary(), []
    marker = ReadMarker(_writer(calls), lambda: lib)
    marker._timer.setInterval(read_marks.DELAY_MS)
    marker.mark(3)
    marker.mark(5)
    marker.mark(3)
    assert lib.read == []  # not while the article is being shown
    qtbot.waitUntil(lambda: lib.read == [3, 5], timeout=2000)
    assert len(calls) == 1


def test_pending_marks_are_written_on_flush(qtbot):
    lib, calls = FakeLibrary(), []
    marker = ReadMarker(_writer(calls), lambda: lib)
    marker.mark(7)
    marker.flush()  # the window closes before the delay is over
    assert lib.read == [7]
    marker.flush()
    assert len(calls) == 1  # nothing left to write
