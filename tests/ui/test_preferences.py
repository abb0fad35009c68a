"""Preferences: text size, theme, interface language, library folder and colour meanings; the
dialog reports only what changed, and says what needs a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox

from marginalia.ui.preferences import (COLOR_NAMES, FONT_SIZE, LANGUAGE, LIBRARY_FOLDER, THEME, PreferencesDialog,
                                       store_settings)
from marginalia.ui.settings import Settings

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def settings(tmp_path):
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    store.setValue(FONT_SIZE, 15)
    store.setValue(THEME, "sepia")
    return store


def test_nothing_changed_means_no_values(qtbot, settings, library):
    dialog = PreferencesDialog(settings, library.palette())
    qtbot.addWidget(dialog)
    assert dialog.font_size.value() == 15
    assert dialog.theme.currentData() == "sepia"
    assert dialog.result_values() == {}
    assert not dialog.restart_needed()


def test_changed_values_are_reported_and_stored(qtbot, settings, library, tmp_path):
    dialog = PreferencesDialog(settings, library.palette())
    qtbot.addWidget(dialog)
    dialog.font_size.setValue(19)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.language.setCurrentIndex(dialog.language.findData("uk"))
    values = dialog.result_values()
    assert values == {FONT_SIZE: 19, THEME: "dark", LANGUAGE: "uk"}
    assert dialog.restart_needed()  # the interface language

    store_settings(settings, values)
    typed = Settings(settings)
    assert (typed.font_size, typed.theme, typed.language) == (19, "dark", "uk")


def test_colour_meanings_are_edited_by_name(qtbot, settings, library):
    palette = library.palette()
    assert len(palette) == 6
    dialog = PreferencesDialog(settings, palette)
    qtbot.addWidget(dialog)
    first, second = palette[0], palette[1]
    assert set(dialog.color_edits) == {c.key for c in palette}
    dialog.color_edits[first.key].setText("  Ключова   думка ")
    dialog.color_edits[second.key].setText("")  # a blank name keeps the old one
    assert dialog.result_values() == {COLOR_NAMES: {first.key: "Ключова думка"}}

    library.set_color_name(first.key, dialog.result_values()[COLOR_NAMES][first.key])
    assert library.palette()[0].name == "Ключова думка"


def test_library_folder_takes_effect_after_restart(qtbot, settings, library, tmp_path):
    dialog = PreferencesDialog(settings, library.palette())
    qtbot.addWidget(dialog)
    dialog.show()
    new_folder = tmp_path / "Дослідження"
    dialog.library_folder.setText(str(new_folder))
    assert dialog.result_values() == {LIBRARY_FOLDER: str(new_folder)}
    assert dialog.restart_needed()
    assert "next time" in dialog.folder_note.text()

    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    dialog.library_folder.setText(str(a_file))
    assert dialog.folder_problem()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_plain_mapping_and_bad_values_fall_back_to_defaults(qtbot, library):
    dialog = PreferencesDialog({FONT_SIZE: "huge", THEME: "neon", LANGUAGE: "tlh"}, library.palette())
    qtbot.addWidget(dialog)
    assert dialog.theme.currentData() == "light"
    assert dialog.language.currentData() == "system"
    assert dialog.font_size.minimum() <= dialog.font_size.value() <= dialog.font_size.maximum()
