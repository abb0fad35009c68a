"""First run: the welcome page and its signals, the shipped sample articles, About and the
keyboard shortcuts list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from marginalia import __version__
from marginalia.samples import sample_paths
from marginalia.ui import shortcuts
from marginalia.ui.about import show_about, show_shortcuts
from marginalia.ui.welcome import WelcomeWidget

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_buttons_ask_for_import_and_samples(qtbot):
    welcome = WelcomeWidget()
    qtbot.addWidget(welcome)
    with qtbot.waitSignal(welcome.import_requested, timeout=2000):
        qtbot.mouseClick(welcome.import_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(welcome.samples_requested, timeout=2000):
        qtbot.mouseClick(welcome.samples_button, Qt.MouseButton.LeftButton)
    assert "drag" in welcome.drop_label.text()
    welcome.set_busy(True)
    assert not welcome.import_button.isEnabled() and not welcome.samples_button.isEnabled()


def test_samples_are_original_articles_in_ukrainian_and_english():
    paths = sample_paths()
    assert 3 <= len(paths) <= 5
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert all(len(t) > 800 for t in texts)
    cyrillic = [t for t in texts if sum("а" <= ch.lower() <= "я" or ch in "іїєґІЇЄҐ" for ch in t) > 300]
    assert len(cyrillic) >= 2 and len(cyrillic) < len(texts)
    assert any(t.lstrip().startswith("date ") for t in texts)  # the "date YYYY-MM-DD <title>" style


def test_about_shows_name_version_and_license(qtbot):
    dialog = show_about(None)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert __version__ in dialog.version_label.text()
    assert "MIT" in dialog.license_label.text()


def test_shortcuts_dialog_lists_every_shortcut(qtbot):
    dialog = show_shortcuts(None)
    qtbot.addWidget(dialog)
    text = dialog.as_text()
    for item in shortcuts.SHORTCUTS:
        assert shortcuts.translated(item.description) in text
    assert "Ctrl+K" in text and "Ctrl+F" in text and "1–6" in text


def test_shortcut_keys_are_unique_and_parse():
    seen: dict[str, str] = {}
    for item in shortcuts.SHORTCUTS:
        for sequence in shortcuts.key_sequences(item.action):
            assert not sequence.isEmpty()
            text = sequence.toString()
            assert text not in seen, f"{text} is bound to {seen.get(text)} and {item.action}"
            seen[text] = item.action
    assert [s.toString() for s in shortcuts.key_sequences("search")] == ["Ctrl+K", "/"]
