"""The main window: three panes, menus, a fast start with the library opened in the background,
remembered layout, marginalia:// links, clear messages instead of tracebacks, and the whole path
a user takes: import, select, highlight, note, search another word form, export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from marginalia.ui.app import parse_article_url
from marginalia.ui.export_dialog import ExportDialog
from marginalia.ui.main_window import MainWindow
from tests.helpers.articles import add_article
from tests.ui.conftest import WAIT_MS, open_and_wait, wait_idle

FIXTURE = Path(__file__).parent / "fixtures" / "peremovyny_most.html"
ROOT = Path(__file__).resolve().parents[2]


def test_window_has_title_three_panes_and_the_menus(make_window):
    window = make_window()
    assert window.windowTitle() == "Marginalia"
    assert [window.splitter.widget(i) for i in range(3)] == [window.left_tabs, window.center, window.annotations]
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Go", "Help"]
    assert "Ctrl+K" in [k.toString() for k in window.act_search.shortcuts()]
    assert "/" in [k.toString() for k in window.act_search.shortcuts()]
    assert window.act_find.shortcut().toString() == "Ctrl+F"
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"


def test_an_empty_library_shows_the_welcome(make_window):
    window = make_window()
    assert window.center.currentWidget() is window.welcome
    assert window.welcome.samples_button.isEnabled()


def test_the_window_comes_up_before_any_heavy_import(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from marginalia.ui.app import create_application\n"
        "app = create_application()\n"
        "from marginalia.ui.main_window import MainWindow\n"
        "from marginalia.ui.settings import Settings\n"
        "w = MainWindow(Settings(QSettings(sys.argv[1], QSettings.Format.IniFormat)))\n"
        "w.show(); app.processEvents()\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'whoosh', 'readability', 'alembic', 'pymorphy3')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
        "w.tasks.shutdown()\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "settings.ini")], capture_output=True,
                         text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT, timeout=120)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


def test_layout_and_reading_settings_are_remembered(make_window, settings, qtbot):
    window = make_window()
    window.splitter.setSizes([300, 800, 300])
    window.set_theme("sepia")
    window.reader.zoom_in()
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(window_settings=settings)
    assert again.splitter.sizes() == sizes
    assert again.reader.theme.name == "sepia" and again.theme_actions["sepia"].isChecked()
    assert again.reader.font_size == 14


def test_marginalia_links_open_the_article_at_the_highlight(make_window, qtbot):
    ids = {}

    def prepare(lib):
        ids["a"] = add_article(lib, [f"Абзац {i}. " + "Текст для прокручування сторінки. " * 30 for i in range(30)],
                               title="Довгий текст")
        ids["h"] = lib.add_highlight(ids["a"], quote="Абзац 25.").id

    assert parse_article_url(f"marginalia://article/{12}#highlight={34}") == (12, 34)
    assert parse_article_url("marginalia://article/7") == (7, None)
    assert parse_article_url("https://example.org/article/7") is None
    window = make_window(prepare)
    window.reader.resize(700, 300)
    article_id, highlight_id = parse_article_url(f"marginalia://article/{ids['a']}#highlight={ids['h']}")
    open_and_wait(qtbot, window, article_id, highlight_id)
    h = window.store.get(ids["h"])
    assert window.reader.active_highlight == ids["h"]
    assert window.reader.viewport().rect().intersects(window.reader.range_rect(h.start, h.end))
    assert window.annotations.cards[ids["h"]].property("active") is True


def test_a_link_given_before_the_library_opens_is_opened_after(qtbot, settings, library_dir):
    from marginalia.core.library import Library

    with Library.open(library_dir) as lib:
        aid = add_article(lib, ["Текст статті для посилання."], title="За посиланням")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.open_article(aid)
    with qtbot.waitSignal(window.article_shown, timeout=WAIT_MS):
        window.open_library(str(library_dir))
    assert window.reader.article.title == "За посиланням"
    window.close()


def test_failures_become_one_line_messages(make_window, qtbot, tmp_path):
    window = make_window()
    window.open_article(987654)
    qtbot.waitUntil(lambda: "987654" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "Traceback" not in window.statusBar().currentMessage()

    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    other = MainWindow(window.settings)
    qtbot.addWidget(other)
    other.open_library(str(blocked / "library"))
    qtbot.waitUntil(lambda: getattr(other, "error_box", None) is not None, timeout=WAIT_MS)
    assert "could not be opened" in other.placeholder.text()
    assert "\n" not in other.error_box.text() and "Traceback" not in other.error_box.text()
    other.error_box.close()
    other.close()


def test_dropping_files_is_accepted(make_window, qtbot):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FIXTURE))])
    event = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(event)
    assert event.isAccepted()
    plain = QMimeData()
    plain.setText("just text")
    event = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, plain, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(event)
    assert not event.isAccepted()


def test_qt_bindings_keep_none_alive():
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call and crashed the
    app after a few thousand calls; the pinned binding must not."""
    from PySide6.QtGui import QTextCharFormat

    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(2000):
        fmt.setFontItalic(True)
    assert sys.getrefcount(None) >= before - 50


def test_import_highlight_note_search_and_export(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=WAIT_MS * 2):
        window.imports.start([str(FIXTURE)])
    reader, lib = window.reader, window.library
    assert reader.article.title == "Дві громади домовилися про спільний поромний маршрут"
    assert window.center.currentWidget() is not window.welcome
    qtbot.waitUntil(lambda: window.library_pane.model.rowCount() == 1, timeout=WAIT_MS)

    phrase = "Після трьох місяців переговорів"
    start = reader.text.index(phrase)
    reader.select_range(start, start + len(phrase))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: len(window.store.records) == 1, timeout=WAIT_MS)
    [hid] = window.store.records
    card = window.annotations.cards[hid]
    qtbot.waitUntil(lambda: card.editor is not None, timeout=WAIT_MS)
    qtbot.keyClicks(card.editor, "Three months of talks")
    qtbot.waitUntil(lambda: lib.get_highlight(hid).note == "Three months of talks", timeout=WAIT_MS)
    assert lib.get_highlight(hid).quote == phrase

    if hasattr(lib, "search"):
        window.focus_search()
        assert window.left_tabs.currentWidget() is window.search_panel
        with qtbot.waitSignal(window.search_panel.results_changed, timeout=WAIT_MS * 2):
            window.search_panel.set_query("переговори")
        hits = window.search_panel.hits()
        assert any(h.highlight_id == hid for h in hits)
        assert any(h.kind == "article" and h.article_id == reader.article_id for h in hits)
        reader.clear_article()
        with qtbot.waitSignal(window.article_shown, timeout=WAIT_MS):
            window.search_panel.open_current()
        assert any(reader.text[a:b].lower() == "переговорів" for a, b in reader.hit_ranges)

    target = tmp_path / "quotes.md"
    window.export()
    dialog = next(d for d in window.findChildren(ExportDialog) if d.isVisible())
    qtbot.waitUntil(lambda: phrase in dialog.preview_text(), timeout=WAIT_MS)
    assert "Three months of talks" in dialog.preview_text()
    monkeypatch.setattr(dialog, "choose_save_path", lambda suggested: str(target))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    assert phrase in target.read_text(encoding="utf-8")
    dialog.close()
    wait_idle(qtbot, window)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
