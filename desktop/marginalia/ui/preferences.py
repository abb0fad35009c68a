"""Edit → Preferences: reading (font size, theme), interface language, colour meanings, library folder.

:class:`PreferencesDialog` only collects values: after ``accepted``, :meth:`result_values`
returns what the user changed, keyed by the setting names below, and the window applies them
(``store_settings`` for QSettings, the serial writer for colour names). The library folder and
the interface language take effect after a restart, and the dialog says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout,
                               QWidget)

from marginalia.core.records import ColorMeaning
from marginalia.ui.settings import DEFAULT_FONT_SIZE, LANGUAGES, MAX_FONT_SIZE, MIN_FONT_SIZE, THEMES

FONT_SIZE = "reader/font_size"
THEME = "reader/theme"
LIBRARY_FOLDER = "library/folder"
LANGUAGE = "ui/language"
COLOR_NAMES = "color_names"

THEME_LABELS = {"light": QT_TRANSLATE_NOOP("PreferencesDialog", "Light"),
                "sepia": QT_TRANSLATE_NOOP("PreferencesDialog", "Sepia"),
                "dark": QT_TRANSLATE_NOOP("PreferencesDialog", "Dark")}
MAX_COLOR_NAME = 40

#: Page and text colours of the small preview (the reader's own themes may differ slightly).
PREVIEW_COLORS = {"light": ("#fbfaf7", "#23221f"), "dark": ("#1f2023", "#d9d7d2"), "sepia": ("#f4ecd8", "#4a3b28")}
READER_FONT_FAMILIES = ["Literata", "Noto Serif", "PT Serif", "Charis SIL", "Georgia", "DejaVu Serif", "serif"]


def reader_font_family() -> str:
    """The first installed serif family of :data:`READER_FONT_FAMILIES` (for the preview)."""
    installed = set(QFontDatabase.families())
    return next((f for f in READER_FONT_FAMILIES if f in installed), "serif")


def _setting(settings: Any, key: str, default: Any) -> Any:
    """Read ``key`` from a QSettings-like object (``value``) or a mapping."""
    if settings is None:
        return default
    if hasattr(settings, "value"):
        value = settings.value(key, default)
    else:
        value = settings.get(key, default)
    return default if value is None else value


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def store_settings(settings: Any, values: Mapping[str, Any]) -> None:
    """Write the plain settings of ``values`` (not the colour names) to a QSettings object."""
    for key, value in values.items():
        if key != COLOR_NAMES:
            settings.setValue(key, value)


class PreferencesDialog(QDialog):
    """Preferences over current ``settings`` (QSettings or a mapping) and the colour ``palette``."""

    def __init__(self, settings: Any, palette: Sequence[ColorMeaning], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._palette = sorted(palette, key=lambda c: c.position)
        theme = str(_setting(settings, THEME, "light"))
        language = str(_setting(settings, LANGUAGE, "system"))
        self._initial: dict[str, Any] = {
            FONT_SIZE: min(max(_as_int(_setting(settings, FONT_SIZE, DEFAULT_FONT_SIZE), DEFAULT_FONT_SIZE),
                               MIN_FONT_SIZE), MAX_FONT_SIZE),
            THEME: theme if theme in THEMES else "light",
            LIBRARY_FOLDER: str(_setting(settings, LIBRARY_FOLDER, "")),
            LANGUAGE: language if language in LANGUAGES else "system",
        }

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._reading_page(), self.tr("Reading"))
        self.tabs.addTab(self._colors_page(), self.tr("Colours"))
        self.tabs.addTab(self._library_page(), self.tr("Library"))
        layout.addWidget(self.tabs)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_preview()
        self.resize(560, 460)

    # -- pages -------------------------------------------------------------------------------

    def _reading_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(16, 16, 16, 16)
        form.setVerticalSpacing(12)

        self.font_size = QSpinBox()
        self.font_size.setRange(MIN_FONT_SIZE, MAX_FONT_SIZE)
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setValue(self._initial[FONT_SIZE])
        self.font_size.setMaximumWidth(120)
        self.font_size.valueChanged.connect(self._update_preview)
        form.addRow(self.tr("Text size:"), self.font_size)

        self.theme = QComboBox()
        for key in THEMES:
            self.theme.addItem(self.tr(THEME_LABELS.get(key, key)), key)
        self.theme.setCurrentIndex(THEMES.index(self._initial[THEME]))
        self.theme.setMaximumWidth(220)
        self.theme.currentIndexChanged.connect(self._update_preview)
        form.addRow(self.tr("Theme:"), self.theme)

        self.preview = QLabel(self.tr("Громада відбудувала міст за чотири місяці. "
                                      "Readers have always talked back to what they read."))
        self.preview.setObjectName("preferences_preview")
        self.preview.setWordWrap(True)
        self.preview.setMinimumHeight(96)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Preview:"), self.preview)

        self.language = QComboBox()
        labels = {"system": self.tr("System default"), "en": "English", "uk": "Українська"}
        for key in LANGUAGES:
            self.language.addItem(labels.get(key, key), key)
        self.language.setCurrentIndex(LANGUAGES.index(self._initial[LANGUAGE]))
        self.language.setMaximumWidth(220)
        form.addRow(self.tr("Interface language:"), self.language)
        note = QLabel(self.tr("The interface language changes the next time Marginalia starts."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", note)
        return page

    def _colors_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 16)
        intro = QLabel(self.tr("Give each highlight colour a meaning. Keys 1–6 in the reader use these colours."))
        intro.setWordWrap(True)
        column.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.color_edits: dict[str, QLineEdit] = {}
        for row, color in enumerate(self._palette):
            number = QLabel(str(row + 1))
            number.setStyleSheet("color: palette(placeholder-text);")
            swatch = QLabel()
            swatch.setObjectName(f"swatch_{color.key}")
            swatch.setFixedSize(28, 20)
            swatch.setStyleSheet(
                f"background-color: {QColor(color.hex).name()}; border: 1px solid rgba(0,0,0,60); border-radius: 4px;")
            swatch.setToolTip(color.key)
            edit = QLineEdit(color.name)
            edit.setMaxLength(MAX_COLOR_NAME)
            edit.setPlaceholderText(color.key)
            edit.setObjectName(f"color_name_{color.key}")
            self.color_edits[color.key] = edit
            grid.addWidget(number, row, 0)
            grid.addWidget(swatch, row, 1)
            grid.addWidget(edit, row, 2)
        grid.setColumnStretch(2, 1)
        column.addLayout(grid)
        column.addStretch(1)
        return page

    def _library_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(10)
        column.addWidget(QLabel(self.tr("Library folder (articles, highlights and the search index):")))
        row = QHBoxLayout()
        self.library_folder = QLineEdit(self._initial[LIBRARY_FOLDER])
        self.library_folder.setPlaceholderText(self.tr("Default folder"))
        self.library_folder.textChanged.connect(self._check_folder)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_folder)
        row.addWidget(self.library_folder, 1)
        row.addWidget(browse)
        column.addLayout(row)
        self.folder_note = QLabel()
        self.folder_note.setWordWrap(True)
        column.addWidget(self.folder_note)
        column.addStretch(1)
        self._check_folder()
        return page

    # -- behaviour ---------------------------------------------------------------------------

    def _update_preview(self) -> None:
        background, text = PREVIEW_COLORS.get(self.theme.currentData() or "light", PREVIEW_COLORS["light"])
        family = reader_font_family()
        self.preview.setStyleSheet(
            f"QLabel#preferences_preview {{ background: {background}; color: {text}; padding: 12px 16px; "
            f"border-radius: 6px; font-family: '{family}'; font-size: {self.font_size.value()}pt; }}")

    def _browse_folder(self) -> None:
        start = self.library_folder.text().strip() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the library folder"), start)
        if folder:
            self.library_folder.setText(folder)

    def folder_problem(self) -> str | None:
        """Why the typed library folder cannot be used, or None."""
        text = self.library_folder.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if path.exists() and not path.is_dir():
            return self.tr("This is a file, not a folder.")
        return None

    def _check_folder(self) -> None:
        problem = self.folder_problem()
        ok = self.buttons if hasattr(self, "buttons") else None
        if problem:
            self.folder_note.setText(problem)
            self.folder_note.setStyleSheet("color: #b3261e;")
        else:
            self.folder_note.setText(self.tr("A new library folder takes effect the next time Marginalia starts. "
                                             "Articles are not moved; an empty folder starts a new library."))
            self.folder_note.setStyleSheet("color: palette(placeholder-text);")
        if ok is not None:
            ok.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._check_folder()
        super().showEvent(event)

    def current_values(self) -> dict[str, Any]:
        """Every value as now shown in the dialog (colour names keyed by palette key)."""
        folder = self.library_folder.text().strip()
        return {
            FONT_SIZE: self.font_size.value(),
            THEME: self.theme.currentData(),
            LIBRARY_FOLDER: str(Path(folder).expanduser()) if folder else "",
            LANGUAGE: self.language.currentData(),
            COLOR_NAMES: {key: " ".join(edit.text().split()) for key, edit in self.color_edits.items()},
        }

    def result_values(self) -> dict[str, Any]:
        """Only what the user changed. ``COLOR_NAMES`` maps palette keys to new names (blank names are
        ignored); the other keys are setting names with their new values."""
        now = self.current_values()
        changed = {key: value for key, value in now.items() if key != COLOR_NAMES and value != self._initial[key]}
        names = {color.key: now[COLOR_NAMES][color.key] for color in self._palette
                 if now[COLOR_NAMES][color.key] and now[COLOR_NAMES][color.key] != color.name}
        if names:
            changed[COLOR_NAMES] = names
        return changed

    def restart_needed(self) -> bool:
        """Whether a changed value only takes effect after a restart."""
        changed = self.result_values()
        return LIBRARY_FOLDER in changed or LANGUAGE in changed
