"""The tags dialog: counts, rename in place, merge, delete with confirmation, refresh after each
change, errors as one line; changes run on the serial writer."""

from __future__ import annotations

import threading

import pytest

from marginalia.ui.tags_dialog import TagsDialog
from marginalia.ui.tasks import TaskRunner
from tests.helpers.articles import add_article

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def tasks(qtbot):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def tagged(library):
    first = add_article(library, ["Польові записи говірок Полтавщини зберігають у міському архіві."], title="Архів")
    second = add_article(library, ["Діалектологи провели експедицію в села над Ворсклою."], title="Експедиція")
    library.add_tags(first, ["діалекти", "архіви"])
    library.add_tags(second, ["Діалектологія"])
    library.add_highlight(second, quote="провели експедицію", tags=["діалекти"])
    return library


def counts(dialog: TagsDialog) -> dict[str, tuple[int, int]]:
    table = dialog.table
    return {table.item(r, 0).text(): (int(table.item(r, 1).text()), int(table.item(r, 2).text()))
            for r in range(table.rowCount())}


def make_dialog(qtbot, library, tasks=None) -> TagsDialog:
    kwargs = {"run_read": tasks.run_read, "run_write": tasks.run_write} if tasks else {}
    dialog = TagsDialog(library.list_tags, library.rename_tag, library.merge_tags, library.delete_tag, None, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_lists_tags_with_counts_in_order(qtbot, tagged):
    dialog = make_dialog(qtbot, tagged)
    assert counts(dialog) == {"архіви": (1, 0), "діалекти": (1, 1), "Діалектологія": (1, 0)}
    assert dialog.tag_names() == ["архіви", "діалекти", "Діалектологія"]


def test_rename_in_place_runs_on_the_writer_and_refreshes(qtbot, tasks, tagged):
    writer_threads: list[threading.Thread] = []
    rename = tagged.rename_tag

    def recording_rename(old, new):
        writer_threads.append(threading.current_thread())
        rename(old, new)

    dialog = TagsDialog(tagged.list_tags, recording_rename, tagged.merge_tags, tagged.delete_tag, None,
                        run_read=tasks.run_read, run_write=tasks.run_write)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=20000)
    row = dialog.tag_names().index("архіви")
    with qtbot.waitSignal(dialog.refreshed, timeout=20000):
        dialog.table.item(row, 0).setText("архівні фонди")  # what an inline edit does
    qtbot.waitUntil(lambda: "архівні фонди" in dialog.tag_names(), timeout=20000)
    assert writer_threads and writer_threads[0] is not threading.main_thread()
    assert {t.name for t in tagged.list_tags()} == {"архівні фонди", "діалекти", "Діалектологія"}


def test_renaming_onto_an_existing_tag_offers_a_merge(qtbot, tagged, monkeypatch):
    dialog = make_dialog(qtbot, tagged)
    monkeypatch.setattr(dialog, "confirm", lambda title, text: True)
    dialog.rename_tag("Діалектологія", "ДІАЛЕКТИ")
    assert counts(dialog) == {"архіви": (1, 0), "діалекти": (2, 1)}


def test_merge_two_selected_tags(qtbot, tagged, monkeypatch):
    dialog = make_dialog(qtbot, tagged)
    dialog.select_names(["діалекти", "Діалектологія"])
    assert dialog.selected_names() == ["діалекти", "Діалектологія"]
    assert dialog.merge_button.isEnabled() and not dialog.rename_button.isEnabled()
    offered: list[list[str]] = []
    monkeypatch.setattr(dialog, "choose_merge_target", lambda names: offered.append(list(names)) or "діалекти")
    dialog.merge_button.click()
    assert offered == [["діалекти", "Діалектологія"]]
    assert counts(dialog) == {"архіви": (1, 0), "діалекти": (2, 1)}


def test_delete_asks_first(qtbot, tagged, monkeypatch):
    dialog = make_dialog(qtbot, tagged)
    dialog.select_names(["архіви"])
    answers = iter([False, True])
    monkeypatch.setattr(dialog, "confirm", lambda title, text: next(answers))
    dialog.delete_button.click()
    assert "архіви" in dialog.tag_names()
    dialog.delete_button.click()
    assert "архіви" not in dialog.tag_names()
    assert "архіви" not in {t.name for t in tagged.list_tags()}


def test_a_refused_change_shows_one_line_and_keeps_the_table(qtbot, tagged):
    def refuse(old, new):
        raise ValueError("the library is read-only\nTraceback: ...")

    dialog = TagsDialog(tagged.list_tags, refuse, tagged.merge_tags, tagged.delete_tag)
    qtbot.addWidget(dialog)
    dialog.rename_tag("архіви", "фонди")
    assert dialog.error_label.text() == "the library is read-only"
    assert "архіви" in dialog.tag_names()


def test_filter_hides_other_tags(qtbot, tagged):
    dialog = make_dialog(qtbot, tagged)
    dialog.filter_edit.setText("діалект")
    visible = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert visible == ["діалекти", "Діалектологія"]
