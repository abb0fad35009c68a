"""Importing from the window: progress in the status bar, Cancel, a summary, a list of failed
files with reasons, drag-and-drop, batches that wait their turn, the sample articles."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QMainWindow

from marginalia.samples import sample_paths
from marginalia.ui.import_flow import ImportController
from marginalia.ui.tasks import TaskRunner

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

PAGE = """<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8">
<title>На Житомирщині висадили дубовий гай — Новини Полісся</title>
<meta property="og:site_name" content="Новини Полісся">
<meta property="article:published_time" content="2025-04-18T10:00:00+03:00">
</head><body>
<nav><a href="/">Головна</a> <a href="/news">Новини</a></nav>
<article>
<h1>На Житомирщині висадили дубовий гай</h1>
<p>Учні двох сільських ліцеїв разом із лісівниками висадили понад дві тисячі саджанців дуба на місці
старої вирубки неподалік Коростеня.</p>
<p>Саджанці виростили в шкільному розсаднику: діти три роки доглядали жолуді, поливали їх улітку й
вкривали на зиму.</p>
<p>Лісівники обіцяють, що за десять років тут буде молодий ліс, а ліцеїсти вже домовилися щовесни
приходити доглядати гай.</p>
</article>
<footer>© Новини Полісся</footer>
</body></html>
"""

NOTE = """ date 2025-05-02 Бібліотека в Ніжині подовжила години роботи
Міська бібліотека Ніжина відтепер працює до дев'ятої вечора в будні дні.
Адміністрація пояснює рішення тим, що студенти просили місця для навчання після пар.
У читальній залі додали розетки та столи, а по суботах проводитимуть розмовні клуби англійською.
"""


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    win.resize(900, 600)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def tasks(qtbot, library_dir):
    runner = TaskRunner()
    with qtbot.waitSignal(runner.library_changed, timeout=30000):
        runner.open_library(str(library_dir))
    yield runner
    runner.shutdown()


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "incoming"
    folder.mkdir()
    paths = {
        "page": folder / "dubovyi-hai.html",
        "note": folder / "biblioteka.txt",
        "binary": folder / "scan.txt",
        "empty": folder / "empty.md",
    }
    paths["page"].write_text(PAGE, encoding="utf-8")
    paths["note"].write_text(NOTE, encoding="utf-8")
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    paths["empty"].write_bytes(b"")
    return paths


def run_import(qtbot, controller: ImportController, paths) -> object:
    with qtbot.waitSignal(controller.finished, timeout=120000) as finished:
        controller.start(paths)
    return finished.args[0]


def test_import_shows_progress_then_a_summary_and_each_failed_file(qtbot, window, tasks, files):
    controller = ImportController(window, tasks)
    seen_progress: list[bool] = []
    controller.started.connect(lambda: seen_progress.append(
        controller.progress_bar.isVisible() and controller.cancel_button.isVisible()))

    report = run_import(qtbot, controller, list(files.values()))

    assert seen_progress == [True]
    assert not controller.progress_bar.isVisible() and not controller.cancel_button.isVisible()
    assert report.count("imported") == 2 and report.count("failed") == 2
    message = window.statusBar().currentMessage()
    assert "Imported 2 articles" in message and "2 failed" in message
    titles = {a.title for a in tasks.library.list_articles()}
    assert titles == {"На Житомирщині висадили дубовий гай", "Бібліотека в Ніжині подовжила години роботи"}

    dialog = controller.failures_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dict(dialog.rows())
    assert set(rows) == {"scan.txt", "empty.md"}
    assert all(reason and "Traceback" not in reason and "\n" not in reason for reason in rows.values())


def test_no_failure_dialog_when_everything_imports(qtbot, window, tasks, files):
    controller = ImportController(window, tasks)
    report = run_import(qtbot, controller, [files["page"]])
    assert report.count("imported") == 1
    assert controller.failures_dialog is None
    assert window.statusBar().currentMessage() == "Imported 1 article"

    again = run_import(qtbot, controller, [files["page"]])
    assert again.count("duplicate") == 1
    assert window.statusBar().currentMessage() == "Imported 0 articles · 1 already in the library"


def test_cancel_stops_the_import(qtbot, window, tasks, files, tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for n in range(12):
        (many / f"note-{n}.txt").write_text(NOTE.replace("дев'ятої", f"{n + 1}-ї години"), encoding="utf-8")
    controller = ImportController(window, tasks)
    gate = threading.Event()
    tasks.run_write(lambda: gate.wait(60))  # hold the writer so that Cancel comes before the import runs

    with qtbot.waitSignal(controller.finished, timeout=120000) as finished:
        controller.start([many])
        controller.cancel_button.click()
        assert controller.status_label.text() == "Cancelling…"
        gate.set()
    report = finished.args[0]
    assert report.cancelled
    assert report.count("imported") < 12
    assert window.statusBar().currentMessage().startswith("Import cancelled.")


def test_drag_and_drop_accepts_local_files_only(qtbot, window, tasks, files):
    controller = ImportController(window, tasks)
    text_only = QMimeData()
    text_only.setText("just some words")
    assert not controller.accepts(text_only)
    remote = QMimeData()
    remote.setUrls([QUrl("https://example.org/article.html")])
    assert not controller.accepts(remote)

    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(files["note"]))])
    assert controller.accepts(dropped)
    with qtbot.waitSignal(controller.finished, timeout=120000) as finished:
        assert controller.drop(dropped)
    assert finished.args[0].count("imported") == 1


def test_a_second_batch_waits_for_the_first(qtbot, window, tasks, files):
    controller = ImportController(window, tasks)
    reports = []
    controller.finished.connect(reports.append)
    controller.start([files["page"]])
    controller.start([files["note"]])
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=120000)
    assert [r.count("imported") for r in reports] == [1, 1]
    assert not controller.busy


def test_files_dropped_before_the_library_opens_are_imported_after(qtbot, window, library_dir, files):
    runner = TaskRunner()
    try:
        controller = ImportController(window, runner)
        controller.start([files["note"]])
        assert controller.busy and controller.status_label.text() == "Opening the library…"
        with qtbot.waitSignal(controller.finished, timeout=120000) as finished:
            runner.open_library(str(library_dir))
        assert finished.args[0].count("imported") == 1
    finally:
        runner.shutdown()


def test_sample_articles_import_cleanly_and_speak_two_languages(qtbot, window, tasks):
    samples = sample_paths()
    assert len(samples) >= 3
    assert {p.suffix for p in samples} >= {".html", ".txt", ".md"}
    controller = ImportController(window, tasks)
    with qtbot.waitSignal(controller.finished, timeout=120000) as finished:
        controller.import_samples()
    report = finished.args[0]
    assert report.count("imported") == len(samples), [r.reason for r in report.results]
    languages = {a.language for a in tasks.library.list_articles()}
    assert {"uk", "en"} <= languages
