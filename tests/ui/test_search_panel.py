"""The search panel: search as you type off the UI thread, stale results dropped, errors inline,
Enter opens a result with the words to mark in the reader."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from marginalia.core.errors import QueryError
from marginalia.core.search.index import SearchHit
from marginalia.ui.search_panel import SearchPanel, hit_words
from marginalia.ui.tasks import TaskRunner
from tests.helpers.articles import add_article

# Qt warnings fail a test; the offscreen platform's note about size hints is not ours.
pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

TALKS = [
    "Делегації двох міст провели кілька раундів переговорів про спільний автобусний маршрут.",
    "Після переговорів мери погодили розклад, а перші рейси запустять навесні.",
]
BRIDGE = [
    "Мешканці села самі відремонтували пішохідний міст через річку.",
    "Кошти збирали три місяці, а метал надав місцевий фермер.",
]


@pytest.fixture
def tasks(qtbot):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def filled_library(library):
    talks = add_article(library, TALKS, title="Міста домовилися про спільний маршрут", published=date(2025, 4, 2))
    bridge = add_article(library, BRIDGE, title="Село відремонтувало міст", published=date(2025, 6, 9))
    library.add_highlight(bridge, quote="самі відремонтували пішохідний міст", note="приклад самоорганізації")
    return library, talks, bridge


class ManualRunner:
    """A runner that keeps jobs until the test finishes them, in any order."""

    def __init__(self) -> None:
        self.jobs: list[tuple] = []

    def __call__(self, fn, on_done, on_error) -> None:
        self.jobs.append((fn, on_done, on_error))

    def finish(self, number: int) -> None:
        fn, on_done, on_error = self.jobs[number]
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001
            on_error(exc)
        else:
            on_done(result)


def make_hit(title: str, snippet: str, article_id: int = 1, highlight_id: int | None = None) -> SearchHit:
    kind = "highlight" if highlight_id else "article"
    return SearchHit(kind, article_id, highlight_id, title, 1.0, snippet, date(2025, 1, 1))


def no_message_boxes() -> bool:
    return not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_finds_another_word_form_off_the_ui_thread_with_marked_snippet(qtbot, tasks, filled_library):
    library, talks, _ = filled_library
    threads: list[threading.Thread] = []

    def search(query, kind, sort):
        threads.append(threading.current_thread())
        return library.search(query, kind=kind, sort=sort)

    panel = SearchPanel(tasks.run_read, search)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.results_changed, timeout=20000):
        for letter in "переговори":  # typed one letter at a time (QTest cannot type Cyrillic keys)
            panel.field.insert(letter)

    assert threads and all(t is not threading.main_thread() for t in threads)
    hits = panel.hits()
    assert [h.article_id for h in hits if h.kind == "article"] == [talks]
    assert "переговорів" in hit_words(hits[0].snippet)
    assert panel.count_label.text() == "1 result"
    assert panel.current_query() == "переговори"


def test_typing_quickly_runs_one_search_for_the_final_text(qtbot):
    calls: list[str] = []
    runner = ManualRunner()
    panel = SearchPanel(runner, lambda q, kind, sort: calls.append(q) or [])
    qtbot.addWidget(panel)
    for letter in "міст":
        panel.field.insert(letter)
    qtbot.waitUntil(lambda: len(runner.jobs) == 1, timeout=5000)
    runner.finish(0)
    assert calls == ["міст"]


def test_a_slow_old_search_never_replaces_newer_results(qtbot):
    runner = ManualRunner()
    answers = {"міст": [make_hit("Про міст", "<mark>міст</mark>")],
               "мости": [make_hit("Про мости", "нові <mark>мости</mark>", article_id=2)]}
    panel = SearchPanel(runner, lambda q, kind, sort: answers[q])
    qtbot.addWidget(panel)
    panel.set_query("міст")
    qtbot.waitUntil(lambda: len(runner.jobs) == 1, timeout=5000)
    panel.set_query("мости")
    qtbot.waitUntil(lambda: len(runner.jobs) == 2, timeout=5000)

    runner.finish(1)
    runner.finish(0)  # the old answer arrives last and must be ignored
    assert [h.title for h in panel.hits()] == ["Про мости"]
    assert panel.current_query() == "мости"


def test_a_malformed_query_shows_its_reason_inline(qtbot, tasks, filled_library):
    library, _, _ = filled_library
    panel = SearchPanel(tasks.run_read, lambda q, kind, sort: library.search(q, kind=kind, sort=sort))
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.search_failed, timeout=20000) as failed:
        panel.set_query('"міст')  # an unclosed phrase
    with pytest.raises(QueryError) as expected:
        library.search('"міст')
    assert failed.args == [str(expected.value)]
    assert panel.message_label.isVisible() and panel.message_label.text() == str(expected.value)
    assert panel.hits() == []
    assert no_message_boxes()


def test_an_unexpected_failure_is_one_line_not_a_traceback(qtbot):
    def broken(query, kind, sort):
        raise RuntimeError("index file is locked\nTraceback (most recent call last): ...")

    runner = ManualRunner()
    panel = SearchPanel(runner, broken)
    qtbot.addWidget(panel)
    panel.set_query("міст")
    qtbot.waitUntil(lambda: len(runner.jobs) == 1, timeout=5000)
    runner.finish(0)
    assert panel.message_label.text() == "Search failed: index file is locked"
    assert no_message_boxes()


def test_enter_opens_the_result_with_its_hit_words(qtbot, tasks, filled_library):
    library, _, bridge = filled_library
    panel = SearchPanel(tasks.run_read, lambda q, kind, sort: library.search(q, kind=kind, sort=sort))
    qtbot.addWidget(panel)
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("highlight"))
    with qtbot.waitSignal(panel.results_changed, timeout=20000):
        panel.set_query("відремонтувати")
    (hit,) = panel.hits()
    with qtbot.waitSignal(panel.open_result, timeout=5000) as opened:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert opened.args[0] == bridge
    assert opened.args[1] == hit.highlight_id is not None
    assert [w.casefold() for w in opened.args[2]] == ["відремонтували"]


def test_enter_while_typing_opens_the_first_result_when_it_arrives(qtbot):
    runner = ManualRunner()
    panel = SearchPanel(runner, lambda q, kind, sort: [make_hit("Село", "наш <mark>міст</mark>", article_id=7)])
    qtbot.addWidget(panel)
    panel.set_query("міст")
    opened: list[tuple] = []
    panel.open_result.connect(lambda *args: opened.append(args))
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # before the debounce timer fired
    assert len(runner.jobs) == 1 and opened == []
    runner.finish(0)
    assert opened == [(7, None, ["міст"])]


def test_kind_and_sort_reach_the_search(qtbot):
    calls: list[tuple] = []
    runner = ManualRunner()
    panel = SearchPanel(runner, lambda q, kind, sort: calls.append((q, kind, sort)) or [])
    qtbot.addWidget(panel)
    panel.set_query("міст")
    qtbot.waitUntil(lambda: len(runner.jobs) == 1, timeout=5000)
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("article"))
    panel.sort_box.setCurrentIndex(panel.sort_box.findData("date"))
    for number in range(len(runner.jobs)):
        runner.finish(number)
    assert calls[-1] == ("міст", "article", "date")


def test_clearing_the_field_clears_results_and_shows_the_grammar(qtbot):
    runner = ManualRunner()
    panel = SearchPanel(runner, lambda q, kind, sort: [make_hit("Село", "<mark>міст</mark>")])
    qtbot.addWidget(panel)
    panel.set_query("міст")
    qtbot.waitUntil(lambda: len(runner.jobs) == 1, timeout=5000)
    runner.finish(0)
    assert len(panel.hits()) == 1
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    assert panel.query() == "" and panel.hits() == []
    assert "date:" in panel.message_label.text()
    assert panel.current_query() is None


def test_focus_search_selects_the_whole_query(qtbot):
    panel = SearchPanel(ManualRunner(), lambda q, kind, sort: [])
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.field.setText("tag:мова")
    panel.focus_search()
    assert panel.field.selectedText() == "tag:мова"


def test_search_not_ready_yet_says_so(qtbot):
    panel = SearchPanel(ManualRunner(), None)
    qtbot.addWidget(panel)
    panel.set_query("міст")
    qtbot.waitUntil(lambda: "not available" in panel.message_label.text(), timeout=5000)


def test_hit_words_are_unescaped_and_unique():
    snippet = "…<mark>O&#x27;Neill</mark> and <mark>o&#x27;neill</mark> met <mark>Ткаченко</mark> &lt;b&gt;…"
    assert hit_words(snippet) == ["O'Neill", "Ткаченко"]
