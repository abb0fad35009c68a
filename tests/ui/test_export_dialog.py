"""The export dialog: scopes, formats, a live preview, Save… that never replaces a file unasked,
and Copy."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from PySide6.QtGui import QGuiApplication

from marginalia.ui.export_dialog import PREVIEW_LINES, ExportDialog, ExportScope
from marginalia.ui.tasks import TaskRunner
from tests.helpers.articles import add_article

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]

RIVER = [
    "Волонтери очистили береги річки Рось від сміття, зібравши понад дві тонни пластику.",
    "Наступного року вони планують встановити на пляжах контейнери для сортування.",
]
FAIR = [
    "На ярмарку в Умані гончарі показували, як працює старий ручний круг.",
    "Найбільше покупців зібрали глечики з традиційним зеленим поливом.",
]


@pytest.fixture
def tasks(qtbot):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def annotated(library):
    river = add_article(library, RIVER, title="Волонтери очистили береги Росі", published=date(2025, 6, 1),
                        site="Новини Черкащини")
    fair = add_article(library, FAIR, title="Гончарний ярмарок в Умані", published=date(2025, 8, 20))
    library.add_highlight(river, quote="понад дві тонни пластику", note="цифра для звіту", tags=["екологія"])
    library.add_highlight(fair, quote="старий ручний круг", tags=["ремесла"])
    return library, river, fair


def make_dialog(qtbot, library, scope, tasks=None, **kwargs):
    dialog = ExportDialog(library.export_text, scope, None, save_fn=library.export_to_file,
                          run_read=tasks.run_read if tasks else None, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_follows_scope_and_format(qtbot, tasks, annotated):
    library, river, fair = annotated
    scope = ExportScope(current_article_id=river, current_article_title="Волонтери очистили береги Росі",
                        article_ids=(river, fair), available_tags=("екологія", "ремесла"))
    dialog = make_dialog(qtbot, library, scope, tasks)
    qtbot.waitUntil(lambda: dialog.full_text() is not None, timeout=20000)
    assert dialog.scope_key() == "selection"  # two articles selected: the selection is offered first
    assert "понад дві тонни пластику" in dialog.preview_text()
    assert "старий ручний круг" in dialog.preview_text()

    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.set_scope("article")
    assert dialog.scope_args() == {"article_ids": [river]}
    assert "понад дві тонни пластику" in dialog.preview_text()
    assert "старий ручний круг" not in dialog.preview_text()

    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.set_format("csv")
    rows = list(csv.reader(io.StringIO(dialog.full_text())))
    assert any("понад дві тонни пластику" in row for row in rows)
    assert dialog.bom_check.isVisibleTo(dialog)

    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.set_scope("tag")
    assert dialog.scope_args() == {"tag": "екологія"}

    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.set_format("w3c")
    data = json.loads(dialog.full_text())
    assert "понад дві тонни пластику" in json.dumps(data, ensure_ascii=False)
    assert not dialog.bom_check.isVisibleTo(dialog)


def test_scopes_that_do_not_apply_are_disabled(qtbot, annotated):
    library, river, _ = annotated
    dialog = make_dialog(qtbot, library, ExportScope(current_article_id=river))
    assert dialog.scope_key() == "article"
    assert not dialog.scope_buttons["selection"].isEnabled()
    assert not dialog.scope_buttons["tag"].isEnabled()
    assert not dialog.scope_buttons["search"].isEnabled()
    assert dialog.scope_buttons["library"].isEnabled()


def test_current_search_scope_passes_the_query(qtbot, tasks, annotated):
    library, _, _ = annotated
    dialog = make_dialog(qtbot, library, ExportScope(query="пластик"), tasks)
    assert dialog.scope_key() == "search"
    assert dialog.scope_args() == {"query": "пластик", "query_scope": "highlights"}
    qtbot.waitUntil(lambda: dialog.full_text() is not None, timeout=20000)
    assert "понад дві тонни пластику" in dialog.full_text()
    assert "старий ручний круг" not in dialog.full_text()


def test_long_exports_preview_the_first_lines_only(qtbot):
    text = "\n".join(f"рядок {n}" for n in range(PREVIEW_LINES * 3))
    dialog = ExportDialog(lambda fmt, **scope: text, ExportScope(), None)
    qtbot.addWidget(dialog)
    assert dialog.preview_text().splitlines() == text.splitlines()[:PREVIEW_LINES]
    assert str(PREVIEW_LINES * 3) in dialog.info_label.text()
    dialog.copy_to_clipboard()
    assert QGuiApplication.clipboard().text() == text


def test_save_writes_the_file_and_asks_before_replacing(qtbot, tasks, annotated, tmp_path, monkeypatch):
    library, river, _ = annotated
    dialog = make_dialog(qtbot, library, ExportScope(current_article_id=river), tasks)
    dialog.set_format("markdown")
    target = tmp_path / "rosi.md"
    monkeypatch.setattr(dialog, "choose_save_path", lambda suggested: str(target))
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda path: asked.append(path) or next(answers))

    with qtbot.waitSignal(dialog.saved, timeout=20000):
        dialog.save()
    first = target.read_text(encoding="utf-8")
    assert "понад дві тонни пластику" in first and asked == []

    target.write_text("мої власні нотатки", encoding="utf-8")
    dialog.save()  # the user says No: nothing is written
    assert asked == [str(target)]
    assert target.read_text(encoding="utf-8") == "мої власні нотатки"

    with qtbot.waitSignal(dialog.saved, timeout=20000):
        dialog.save()  # the user says Yes: replaced
    assert target.read_text(encoding="utf-8") == first


def test_csv_with_byte_order_mark_for_excel(qtbot, annotated, tmp_path, monkeypatch):
    library, river, _ = annotated
    dialog = make_dialog(qtbot, library, ExportScope(current_article_id=river))
    dialog.set_format("csv")
    dialog.bom_check.setChecked(True)
    target = tmp_path / "rosi.csv"
    monkeypatch.setattr(dialog, "choose_save_path", lambda suggested: str(target))
    dialog.save()
    assert target.read_bytes().startswith("\ufeff".encode("utf-8"))
    assert "понад дві тонни пластику" in target.read_text(encoding="utf-8-sig")


def test_a_failed_save_is_one_line_in_the_dialog(qtbot, annotated, tmp_path, monkeypatch):
    library, river, _ = annotated
    dialog = make_dialog(qtbot, library, ExportScope(current_article_id=river))
    monkeypatch.setattr(dialog, "choose_save_path", lambda suggested: str(tmp_path / "missing" / "out.md"))
    dialog.save()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "does not exist" in dialog.error_label.text() and "\n" not in dialog.error_label.text()


def test_suggested_file_name_follows_scope_and_format(qtbot, annotated):
    library, river, _ = annotated
    dialog = make_dialog(qtbot, library, ExportScope(current_article_id=river, current_article_title="Береги Росі"))
    dialog.set_format("csl")
    assert dialog.suggested_name() == "береги-росі.json"
