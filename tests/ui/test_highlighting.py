"""Highlighting in the window: keys and toolbar make highlights with the exact quote, drawn in the
palette colour; notes save as you type; tags; undo/redo of add, delete and colour; orphans can be
re-attached; the annotations panel follows the text order and scrolls the reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from marginalia.core import db
from marginalia.core.models import Highlight
from marginalia.ui.reader import snap_to_words
from tests.ui.conftest import WAIT_MS, add_blocks_article, open_and_wait, paragraphs, wait_idle

TEXT = [
    "Бібліотека в селі Озерне працювала у двох кімнатах колишньої школи.",
    "Минулої зими читачі самі перенесли книжки до нового приміщення, бо дах старого протікав.",
    "Тепер тут є читальна зала, куток для дітей і комп'ютер із доступом до електронних каталогів.",
    "Бібліотекарка каже, що відвідувачів стало втричі більше, ніж торік.",
]


@pytest.fixture
def reading(make_window, qtbot):
    ids = {}

    def prepare(lib):
        ids["a"] = add_blocks_article(lib, paragraphs(*TEXT), title="Нова бібліотека в Озерному",
                                      site="Громадські новини", author="Марта Левчук")

    window = make_window(prepare)
    open_and_wait(qtbot, window, ids["a"])
    qtbot.waitUntil(lambda: len(window.store.palette) == 6, timeout=WAIT_MS)
    window.reader.setFocus()
    return window, ids["a"]


def select(window, phrase: str) -> tuple[int, int]:
    start = window.reader.text.index(phrase)
    window.reader.select_range(start, start + len(phrase))
    return start, start + len(phrase)


def stored(window, article_id: int) -> list:
    return window.library.list_highlights(article_id)


def wait_count(qtbot, window, n: int) -> None:
    qtbot.waitUntil(lambda: len(window.store.records) == n, timeout=WAIT_MS)
    wait_idle(qtbot, window)


def test_h_highlights_the_selection_with_its_exact_quote_in_the_default_colour(qtbot, reading):
    window, aid = reading
    start, end = select(window, "читачі самі перенесли книжки")
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    wait_count(qtbot, window, 1)
    [h] = stored(window, aid)
    assert (h.start, h.end, h.quote) == (start, end, "читачі самі перенесли книжки")
    assert h.color == window.store.palette[0].key
    drawn = [s for s in window.reader.extraSelections()
             if s.format.background().color().name() == window.store.palette[0].hex]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in drawn] == \
        [window.reader.position_map.doc_range(start, end)]
    assert not window.reader.textCursor().hasSelection()
    assert window.library_pane.model.summary(0).id == aid


def test_number_keys_pick_a_colour_and_the_cards_follow_text_order(qtbot, reading):
    window, aid = reading
    select(window, "втричі більше")
    qtbot.keyClick(window.reader, Qt.Key.Key_3)
    wait_count(qtbot, window, 1)
    select(window, "двох кімнатах")
    qtbot.keyClick(window.reader, Qt.Key.Key_5)
    wait_count(qtbot, window, 2)
    colors = {h.quote: h.color for h in stored(window, aid)}
    assert colors == {"втричі більше": window.store.palette[2].key, "двох кімнатах": window.store.palette[4].key}
    layout = window.annotations.list_layout
    order = [layout.itemAt(i).widget().record.quote for i in range(layout.count())
             if getattr(layout.itemAt(i).widget(), "record", None) is not None]
    assert order == ["двох кімнатах", "втричі більше"]
    assert window.annotations.title.text() == "Highlights (2)"


def test_n_highlights_and_the_note_saves_as_you_type(qtbot, reading):
    window, aid = reading
    select(window, "читальна зала")
    qtbot.keyClick(window.reader, Qt.Key.Key_N)
    wait_count(qtbot, window, 1)
    [hid] = window.store.records
    card = window.annotations.cards[hid]
    qtbot.waitUntil(lambda: card.editor is not None and card.editor.hasFocus(), timeout=WAIT_MS)
    qtbot.keyClicks(card.editor, "Compare with **last year**")  # QTest types ASCII only
    card.editor.insertPlainText(": торік читачів було 40")    # as an input method would
    note = "Compare with **last year**: торік читачів було 40"
    qtbot.waitUntil(lambda: window.library.get_highlight(hid).note == note, timeout=WAIT_MS)
    window.reader.setFocus()
    qtbot.waitUntil(lambda: card.editor is None, timeout=WAIT_MS)
    assert "торік" in card.note_view.text() and card.note_view.textFormat() == Qt.TextFormat.MarkdownText


def test_undo_and_redo_of_add_delete_and_colour(qtbot, reading):
    window, aid = reading
    stack = window.highlighter.undo_stack
    select(window, "дах старого протікав")
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    wait_count(qtbot, window, 1)
    [hid] = window.store.records
    stack.undo()
    wait_count(qtbot, window, 0)
    assert stored(window, aid) == []
    assert [h.id for h in window.library.list_highlights(aid, deleted=True)] == [hid]
    stack.redo()
    wait_count(qtbot, window, 1)
    assert [h.id for h in stored(window, aid)] == [hid]

    window.reader.set_active_highlight(hid)
    qtbot.keyClick(window.reader, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: window.store.get(hid).color == window.store.palette[1].key, timeout=WAIT_MS)
    stack.undo()
    qtbot.waitUntil(lambda: window.store.get(hid).color == window.store.palette[0].key, timeout=WAIT_MS)

    window.reader.set_active_highlight(hid)
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    wait_count(qtbot, window, 0)
    window.act_undo.trigger()
    wait_count(qtbot, window, 1)
    assert stored(window, aid)[0].color == window.store.palette[0].key


def test_undo_right_after_adding_finds_the_new_highlight(qtbot, reading):
    window, aid = reading
    select(window, "колишньої школи")
    window.highlighter.apply_color(None)
    window.highlighter.undo_stack.undo()  # queued before the add has reported back
    wait_idle(qtbot, window)
    assert stored(window, aid) == [] and window.store.records == {}


def test_toolbar_appears_near_the_selection_and_recolours_a_clicked_highlight(qtbot, reading):
    window, aid = reading
    start, end = select(window, "куток для дітей")
    toolbar = window.highlighter.toolbar
    qtbot.waitUntil(toolbar.isVisible, timeout=WAIT_MS)
    rect = window.reader.range_rect(start, end)
    assert abs(toolbar.geometry().bottom() - rect.top()) < 40 or abs(toolbar.geometry().top() - rect.bottom()) < 40
    assert not toolbar.delete_button.isVisible()
    qtbot.mouseClick(toolbar._swatches[3], Qt.MouseButton.LeftButton)
    wait_count(qtbot, window, 1)
    [hid] = window.store.records
    assert window.store.get(hid).color == window.store.palette[3].key
    window.reader.highlight_clicked.emit(hid)
    window.reader.set_active_highlight(hid)
    assert toolbar.isVisible() and toolbar.delete_button.isVisible()
    qtbot.mouseClick(toolbar._swatches[5], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store.get(hid).color == window.store.palette[5].key, timeout=WAIT_MS)
    qtbot.mouseClick(toolbar.cite_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "куток для дітей" in QGuiApplication.clipboard().text(), timeout=WAIT_MS)
    assert "Нова бібліотека в Озерному" in QGuiApplication.clipboard().text()


def test_tags_key_asks_and_stores_tags(qtbot, reading, monkeypatch):
    window, aid = reading
    monkeypatch.setattr("marginalia.ui.annotations.ask_tags", lambda parent, current, known, label=None:
                        ["бібліотеки", "громада"])
    select(window, "електронних каталогів")
    qtbot.keyClick(window.reader, Qt.Key.Key_T)
    wait_count(qtbot, window, 1)
    qtbot.waitUntil(lambda: stored(window, aid)[0].tags == ("бібліотеки", "громада"), timeout=WAIT_MS)
    [card] = window.annotations.cards.values()
    qtbot.waitUntil(lambda: "#громада" in card.tags_label.text(), timeout=WAIT_MS)


def test_clicking_a_card_scrolls_the_reader_to_its_highlight(qtbot, reading):
    window, aid = reading
    window.reader.resize(600, 120)
    select(window, "Бібліотекарка каже")
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    wait_count(qtbot, window, 1)
    [hid] = window.store.records
    window.reader.verticalScrollBar().setValue(0)
    card = window.annotations.cards[hid]
    qtbot.mouseClick(card.quote, Qt.MouseButton.LeftButton)
    assert window.reader.active_highlight == hid
    rect = window.reader.range_rect(window.store.get(hid).start, window.store.get(hid).end)
    assert window.reader.viewport().rect().intersects(rect)


def test_an_orphan_is_listed_apart_and_can_be_reattached(qtbot, reading):
    window, aid = reading
    select(window, "двох кімнатах")
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    wait_count(qtbot, window, 1)
    [hid] = window.store.records
    with window.library.write_lock, db.write_session(window.library.engine) as s:
        s.get(Highlight, hid).orphan = True
    window.reader.clear_article()
    open_and_wait(qtbot, window, aid)
    card = window.annotations.cards[hid]
    assert card.reattach_button.isVisible() and window.annotations.orphans_title.isVisible()
    assert not [s for s in window.reader.extraSelections()]
    start, end = select(window, "колишньої школи")
    qtbot.mouseClick(card.reattach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.store.get(hid).orphan, timeout=WAIT_MS)
    h = window.library.get_highlight(hid)
    assert (h.start, h.end, h.orphan) == (start, end, False)
    assert not card.reattach_button.isVisible()


def test_a_selection_that_cuts_words_takes_them_whole(qtbot, reading):
    window, aid = reading
    text = window.reader.text
    start = text.index("читальна зала") + 3
    window.reader.select_range(start, start + len("альна за"))
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    wait_count(qtbot, window, 1)
    assert stored(window, aid)[0].quote == "читальна зала"
    assert snap_to_words("комп'ютер із доступом", 2, 6) == (0, 9)
    assert snap_to_words("  два слова  ", 0, 13) == (2, 11)


def test_many_highlights_build_their_cards_as_the_list_scrolls(make_window, qtbot):
    words = [f"Речення номер {i} про громадський транспорт і ремонт доріг." for i in range(60)]
    ids = {}

    def prepare(lib):
        ids["a"] = add_blocks_article(lib, paragraphs(*words), title="Багато виділень")
        for i in range(60):
            lib.add_highlight(ids["a"], quote=f"номер {i} про", note=f"примітка {i}")

    window = make_window(prepare)
    window.annotations.resize(320, 400)
    open_and_wait(qtbot, window, ids["a"])
    panel = window.annotations
    assert panel.title.text() == "Highlights (60)"
    first = len(panel.cards)
    assert 0 < first < 60
    bar = panel.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)
    for _ in range(20):
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda: not panel._sync_scheduled, timeout=WAIT_MS)
        if len(panel.cards) == 60:
            break
    assert len(panel.cards) == 60
    last = max(window.store.records.values(), key=lambda h: h.start)
    window.reader.clear_article()
    open_and_wait(qtbot, window, ids["a"], last.id)
    assert last.id in panel.cards and panel.cards[last.id].property("active") is True
