"""The Ukrainian interface: every visible string of ui/ has a finished Ukrainian translation in the
committed .ts, translations keep their placeholders and accelerators, the compiled translation
turns the main window Ukrainian (menus, headers, dates, Qt's own buttons), and the language
chosen in Preferences (or the system's) is the one the app starts in."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from marginalia.ui import i18n
from marginalia.ui.i18n import format_date, install_translators, resolve_language
from marginalia.ui.library_model import ArticleIdRole
from marginalia.ui.preferences import LANGUAGE, PreferencesDialog, store_settings
from marginalia.ui.settings import Settings
from tests.helpers.articles import add_article
from tests.ui.conftest import open_and_wait

ROOT = Path(__file__).resolve().parents[2]
UI_SOURCES = sorted(p for p in (ROOT / "desktop" / "marginalia" / "ui").glob("*.py"))
COMMITTED_TS = ROOT / "resources" / "translations" / "marginalia_uk.ts"
PLACEHOLDER_RE = re.compile(r"%L?n|%L?\d+|\{\w*\}")
CYRILLIC_RE = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
UNTRANSLATED_TYPES = {"unfinished", "vanished", "obsolete"}
KEYS_ONLY = {"A−", "A+"}  # toolbar labels that are symbols, the same in every language


def qt_tool(name: str) -> str:
    """PySide6's lupdate/lrelease from this environment (the build uses the same)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is missing: install PySide6 in this environment"
    return found


def read_ts(path: Path) -> dict[tuple[str, str, str], ET.Element]:
    """Messages of a .ts file keyed by (context, source, disambiguation comment)."""
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            messages[key] = message
    return messages


def translations_of(message: ET.Element) -> list[str]:
    """The translated text(s) of a message: one, or one per plural form."""
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def is_finished(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in UNTRANSLATED_TYPES:
        return False
    texts = translations_of(message)
    expected_forms = 3 if message.get("numerus") == "yes" else 1  # Ukrainian: one, few, many
    return len(texts) == expected_forms and all(t.strip() for t in texts)


def accelerators(text: str) -> int:
    """How many keyboard accelerators (``&x``) a text marks; ``&&`` is a literal ampersand."""
    return len(re.findall(r"&(?=\w)", text.replace("&&", "")))


def compile_translation(folder: Path) -> Path:
    """Compile the committed .ts into ``folder`` as the app would load it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "marginalia_uk.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(COMMITTED_TS), "-qm", str(target)], check=True,
                   capture_output=True, timeout=120)
    assert target.stat().st_size > 0
    return folder


@pytest.fixture
def ukrainian(qapp, tmp_path):
    """The app speaking Ukrainian from a freshly compiled translation; English again afterwards."""
    folder = compile_translation(tmp_path / "qm")
    assert install_translators(qapp, "uk", folder=folder) == "uk"
    yield folder
    install_translators(qapp, "en")


# -- (a) nothing visible is left untranslated ------------------------------------------------------

def test_every_source_string_of_the_ui_has_a_finished_ukrainian_translation(tmp_path):
    fresh = tmp_path / "fresh_uk.ts"
    subprocess.run([qt_tool("pyside6-lupdate"), *map(str, UI_SOURCES), "-target-language", "uk_UA",
                    "-ts", str(fresh)], check=True, capture_output=True, timeout=300)
    extracted = read_ts(fresh)
    assert len(extracted) > 250  # the whole interface, not an empty extraction
    committed = read_ts(COMMITTED_TS)
    missing = [f"{ctx}: {src!r}" + (f" ({comment})" if comment else "")
               for (ctx, src, comment) in extracted
               if (ctx, src, comment) not in committed or not is_finished(committed[(ctx, src, comment)])]
    assert not missing, ("strings without a Ukrainian translation (run pyside6-lupdate on ui/*.py into "
                         "resources/translations/marginalia_uk.ts and translate them):\n" + "\n".join(missing))
    unfinished = [key for key, message in committed.items()
                  if message.find("translation").get("type") == "unfinished"]
    assert not unfinished


def test_no_translated_string_hides_where_lupdate_cannot_see_it():
    """lupdate skips tr() inside f-strings: such a string would stay English without any test noticing."""
    hidden = []
    for path in UI_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.name}:{call.lineno}" for call in ast.walk(node) if isinstance(call, ast.Call)
                           and getattr(call.func, "attr", getattr(call.func, "id", "")) in ("tr", "translate")]
    assert not hidden, f"tr() inside an f-string (lupdate misses it): {hidden}"


def test_plural_messages_have_the_three_ukrainian_forms():
    committed = read_ts(COMMITTED_TS)
    plurals = {key: m for key, m in committed.items() if m.get("numerus") == "yes"}
    assert ("ImportSummary", "Imported %n articles", "") in plurals
    assert translations_of(plurals[("ImportSummary", "Imported %n articles", "")]) == [
        "Імпортовано %n статтю", "Імпортовано %n статті", "Імпортовано %n статей"]


# -- (b) placeholders and accelerators survive translation -----------------------------------------

def test_translations_keep_placeholders_and_accelerators():
    problems = []
    for (ctx, src, _comment), message in read_ts(COMMITTED_TS).items():
        for text in translations_of(message):
            if sorted(PLACEHOLDER_RE.findall(src)) != sorted(PLACEHOLDER_RE.findall(text)):
                problems.append(f"{ctx}: {src!r} -> {text!r}: placeholders differ")
            if accelerators(src) != accelerators(text):
                problems.append(f"{ctx}: {src!r} -> {text!r}: accelerator differs")
    assert not problems, "\n".join(problems)


def test_accelerators_are_unique_within_each_ukrainian_menu(ukrainian, make_window):
    window = make_window()
    menus = [window.menuBar()] + [a.menu() for a in window.menuBar().actions()]
    menus += [a.menu() for m in menus[1:] for a in m.actions() if a.menu() is not None]
    for menu in menus:
        keys = [m.group(1).casefold() for a in menu.actions()
                if (m := re.search(r"&(\w)", a.text().replace("&&", "")))]
        assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]


# -- (c) the window in Ukrainian -------------------------------------------------------------------

def test_the_main_window_speaks_ukrainian(ukrainian, make_window, qtbot):
    published = date(2026, 11, 22)

    def prepare(lib):
        add_article(lib, ["Громада відбудувала міст через річку за чотири місяці."], title="Новий міст",
                    site="Вісті громади", author="Олена Коваль", published=published)

    window = make_window(prepare)
    menu_titles = [a.text() for a in window.menuBar().actions()]
    assert menu_titles == ["&Файл", "&Редагування", "&Вигляд", "П&ерехід", "&Довідка"]
    english = []
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            items = action.menu().actions() if action.menu() is not None else [action]
            english += [a.text() for a in items if not a.isSeparator() and not CYRILLIC_RE.search(a.text())]
    assert not english, f"menu items left in English: {english}"
    toolbar = [a.iconText() for a in window.toolbar.actions() if a.iconText() and a.iconText() not in KEYS_ONLY]
    assert toolbar and all(CYRILLIC_RE.search(t) for t in toolbar), toolbar
    assert [window.left_tabs.tabText(i) for i in range(2)] == ["Бібліотека", "Пошук"]

    model = window.library_pane.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[:3] == ["Назва", "Сайт", "Дата"]
    assert window.library_pane.count_label.text() == "1 стаття"
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "Новий міст", timeout=30000)
    shown = model.data(model.index(0, 2))
    assert shown == QLocale("uk_UA").toString(QDate(2026, 11, 22), "d MMM yyyy") and CYRILLIC_RE.search(shown)

    open_and_wait(qtbot, window, model.data(model.index(0, 0), ArticleIdRole))
    assert "22 листопада 2026" in window.reader.document().toPlainText()  # the reader's citation line


def test_qt_own_buttons_and_the_palette_defaults_are_ukrainian(ukrainian, qtbot, library):
    dialog = PreferencesDialog({}, library.palette())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Налаштування"
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Скасувати"  # from Qt's own qtbase_uk translation
    assert i18n.color_label("yellow", "key point") == "ключова думка"
    assert i18n.color_label("yellow", "моя назва") == "моя назва"  # a name the user gave stays


def test_dates_follow_the_chosen_locale(qapp, ukrainian):
    assert format_date(date(2026, 11, 22)) == "22 листопада 2026"
    install_translators(qapp, "en")
    assert format_date(date(2026, 11, 22)) == "22 November 2026"
    assert format_date(None) == ""


# -- (d) the language preference is honoured -------------------------------------------------------

def test_system_language_is_followed_unless_one_is_chosen():
    assert resolve_language("system", QLocale("uk_UA")) == "uk"
    assert resolve_language("system", QLocale("de_DE")) == "en"
    assert resolve_language("en", QLocale("uk_UA")) == "en"
    assert resolve_language("uk", QLocale("en_US")) == "uk"


def test_the_language_chosen_in_preferences_is_the_one_the_app_starts_in(qapp, qtbot, tmp_path, library,
                                                                            monkeypatch):
    from marginalia.ui.app import build_window

    folder = compile_translation(tmp_path / "qm")
    monkeypatch.setattr(i18n, "translations_dir", lambda: folder)
    store = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(store, library.palette())
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("uk"))
    assert dialog.restart_needed()
    store_settings(store, dialog.result_values())
    assert store.value(LANGUAGE) == "uk"

    palette = QApplication.palette()
    try:
        for choice, file_menu in (("uk", "&Файл"), ("en", "&File")):
            settings = Settings(store)
            settings.language = choice
            window = build_window(qapp, settings)
            qtbot.addWidget(window)
            assert window.menuBar().actions()[0].text() == file_menu
            window.close()
    finally:
        install_translators(qapp, "en")
        QApplication.setPalette(palette)


def test_a_missing_translation_leaves_the_interface_in_english(qapp, tmp_path):
    try:
        assert install_translators(qapp, "uk", folder=tmp_path) == "en"
        assert QApplication.translate("MainWindow", "&File") == "&File"
    finally:
        install_translators(qapp, "en")
