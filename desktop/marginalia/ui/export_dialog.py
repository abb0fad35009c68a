"""File → Export…: choose what to export and in which format, preview it, save or copy it.

:class:`ExportDialog` gets an ``export_fn(fmt, **scope_args) -> str`` (usually
``Library.export_text``) and optionally a ``save_fn(path, fmt, *, force, bom, **scope_args)``
(usually ``Library.export_to_file``), plus an :class:`ExportScope` describing what the window
has to offer (the open article, the selected articles, tags, the current search). The preview
and the save run through ``run_read`` when given (off the UI thread); stale previews are dropped.
Saving never replaces a file without asking; after the user agrees it is written with ``force``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QStandardPaths, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from marginalia.ui.tags_dialog import Runner, call_with, error_text, weak_callback

PREVIEW_LINES = 200
SCOPES = ("article", "selection", "tag", "search", "library")


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("markdown", QT_TRANSLATE_NOOP("ExportDialog", "Markdown"), ".md"),
    ExportFormat("csv", QT_TRANSLATE_NOOP("ExportDialog", "CSV (spreadsheet)"), ".csv"),
    ExportFormat("json", QT_TRANSLATE_NOOP("ExportDialog", "JSON"), ".json"),
    ExportFormat("w3c", QT_TRANSLATE_NOOP("ExportDialog", "W3C Web Annotation (JSON-LD)"), ".jsonld"),
    ExportFormat("csl", QT_TRANSLATE_NOOP("ExportDialog", "CSL-JSON (for reference managers)"), ".json"),
)


@dataclass(frozen=True)
class ExportScope:
    """What the window can offer for export right now."""

    current_article_id: int | None = None
    current_article_title: str | None = None
    article_ids: tuple[int, ...] = ()
    tag: str | None = None
    query: str | None = None
    available_tags: tuple[str, ...] = ()
    initial: str | None = None  # one of SCOPES to preselect; default: the narrowest available


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-")
    return slug[:limit].strip("-") or "export"


def default_save(export_fn: Callable[..., str]) -> Callable[..., Any]:
    """A ``save_fn`` built on ``export_fn``: the text (with a BOM for CSV when asked) written atomically."""
    from marginalia.core.export.writer import write_atomic

    def save(path: str, fmt: str, *, force: bool = False, bom: bool = False, **scope_args: Any) -> Path:
        text = export_fn(fmt, **scope_args)
        if bom and fmt == "csv" and not text.startswith("\ufeff"):
            text = "\ufeff" + text
        return write_atomic(path, text, force=force)

    return save


class ExportDialog(QDialog):
    """Scope, format, preview, Save… and Copy for an export of highlights."""

    saved = Signal(str)
    preview_ready = Signal()

    def __init__(self, export_fn: Callable[..., str], scope: ExportScope, parent: QWidget | None = None,
                 save_fn: Callable[..., Any] | None = None, run_read: Runner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export highlights"))
        self._export_fn = export_fn
        self._save_fn = save_fn or default_save(export_fn)
        self._run_read = run_read
        self._scope = scope
        self._generation = 0
        self._full_text: str | None = None
        self._saving = False

        outer = QHBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(16)
        outer.addLayout(self._options_column(), 0)
        outer.addLayout(self._preview_column(), 1)
        self._select_initial_scope()
        self._update_visibility()
        self.resize(980, 620)
        self.refresh_preview()

    # -- layout ------------------------------------------------------------------------------

    def _options_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        scope_box = QGroupBox(self.tr("What to export"))
        scope_layout = QVBoxLayout(scope_box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        scope = self._scope
        title = scope.current_article_title or ""
        labels = {
            "article": self.tr("This article") + (f" — {self._short(title)}" if title else ""),
            "selection": self.tr("Selected articles ({count})").format(count=len(scope.article_ids)),
            "tag": self.tr("Articles and highlights tagged"),
            "search": self.tr("The current search") + (f": {self._short(scope.query)}" if scope.query else ""),
            "library": self.tr("The whole library"),
        }
        available = {
            "article": scope.current_article_id is not None,
            "selection": len(scope.article_ids) > 0,
            "tag": len(scope.available_tags) > 0,
            "search": bool(scope.query),
            "library": True,
        }
        for key in SCOPES:
            button = QRadioButton(labels[key])
            button.setObjectName(f"scope_{key}")
            button.setEnabled(available[key])
            self.scope_buttons[key] = button
            self.scope_group.addButton(button)
            scope_layout.addWidget(button)
            if key == "tag":
                self.tag_box = QComboBox()
                self.tag_box.addItems(list(scope.available_tags))
                if scope.tag and scope.tag in scope.available_tags:
                    self.tag_box.setCurrentText(scope.tag)
                self.tag_box.currentIndexChanged.connect(self.refresh_preview)
                scope_layout.addWidget(self._indented(self.tag_box))
            if key == "search":
                self.search_scope_box = QComboBox()
                self.search_scope_box.addItem(self.tr("Highlights that match"), "highlights")
                self.search_scope_box.addItem(self.tr("All highlights of matching articles"), "articles")
                self.search_scope_box.currentIndexChanged.connect(self.refresh_preview)
                scope_layout.addWidget(self._indented(self.search_scope_box))
        self.scope_group.buttonToggled.connect(self._on_scope_toggled)
        column.addWidget(scope_box)

        format_box = QGroupBox(self.tr("Format"))
        form = QFormLayout(format_box)
        self.format_box = QComboBox()
        for fmt in FORMATS:
            self.format_box.addItem(self.tr(fmt.label), fmt.key)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        form.addRow(self.format_box)
        self.bom_check = QCheckBox(self.tr("Start with a byte-order mark (for Excel)"))
        self.bom_check.setToolTip(self.tr("Excel on Windows needs it to read Cyrillic text in a CSV file correctly."))
        form.addRow(self.bom_check)
        column.addWidget(format_box)
        column.addStretch(1)
        return column

    def _preview_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(8)
        header = QLabel(self.tr("Preview"))
        font = header.font()
        font.setWeight(font.Weight.DemiBold)
        header.setFont(font)
        column.addWidget(header)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("export_preview")
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        column.addWidget(self.preview, 1)
        self.info_label = QLabel()
        self.info_label.setObjectName("export_info")
        self.info_label.setWordWrap(True)
        self.info_label.setStyleSheet("color: palette(placeholder-text);")
        column.addWidget(self.info_label)
        self.error_label = QLabel()
        self.error_label.setObjectName("export_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        column.addWidget(self.error_label)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("export_copy")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setObjectName("export_save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)
        return column

    @staticmethod
    def _indented(widget: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(24, 0, 0, 4)
        row.addWidget(widget)
        return holder

    @staticmethod
    def _short(text: str | None, limit: int = 36) -> str:
        text = " ".join((text or "").split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def _select_initial_scope(self) -> None:
        wanted = self._scope.initial
        order = ([wanted] if wanted in SCOPES else []) + ["search", "selection", "article", "tag", "library"]
        if wanted is None:
            order = ["selection" if len(self._scope.article_ids) > 1 else "article", "search", "tag", "library"]
        for key in order:
            if self.scope_buttons[key].isEnabled():
                self.scope_buttons[key].setChecked(True)
                return

    # -- state -------------------------------------------------------------------------------

    def scope_key(self) -> str:
        for key, button in self.scope_buttons.items():
            if button.isChecked():
                return key
        return "library"

    def set_scope(self, key: str) -> None:
        self.scope_buttons[key].setChecked(True)

    def format_key(self) -> str:
        return self.format_box.currentData()

    def set_format(self, key: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(key))

    def scope_args(self) -> dict[str, Any]:
        """The scope as keyword arguments of ``export_fn``/``save_fn``."""
        key = self.scope_key()
        if key == "article" and self._scope.current_article_id is not None:
            return {"article_ids": [self._scope.current_article_id]}
        if key == "selection":
            return {"article_ids": list(self._scope.article_ids)}
        if key == "tag":
            return {"tag": self.tag_box.currentText()}
        if key == "search":
            return {"query": self._scope.query, "query_scope": self.search_scope_box.currentData()}
        return {}

    def suggested_name(self) -> str:
        fmt = next(f for f in FORMATS if f.key == self.format_key())
        key = self.scope_key()
        if key == "article" and self._scope.current_article_title:
            stem = _slug(self._scope.current_article_title)
        elif key == "tag":
            stem = "tag-" + _slug(self.tag_box.currentText())
        elif key == "search" and self._scope.query:
            stem = "search-" + _slug(self._scope.query)
        else:
            stem = "marginalia-highlights"
        return stem + fmt.extension

    def _on_scope_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._update_visibility()
            self.refresh_preview()

    def _on_format_changed(self) -> None:
        self._update_visibility()
        self.refresh_preview()

    def _update_visibility(self) -> None:
        key = self.scope_key()
        self.tag_box.setEnabled(key == "tag")
        self.search_scope_box.setEnabled(key == "search")
        self.bom_check.setVisible(self.format_key() == "csv")
        wrap = QPlainTextEdit.LineWrapMode.WidgetWidth if self.format_key() == "markdown" \
            else QPlainTextEdit.LineWrapMode.NoWrap
        self.preview.setLineWrapMode(wrap)

    # -- preview -----------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Build the export for the chosen scope and format; only the latest request is shown."""
        self._generation += 1
        generation = self._generation
        self._full_text = None
        fmt, args = self.format_key(), self.scope_args()
        self.error_label.hide()
        self.info_label.setText(self.tr("Preparing the preview…"))
        self.copy_button.setEnabled(False)
        export_fn = self._export_fn
        call_with(self._run_read, lambda: export_fn(fmt, **args),
                  weak_callback(self._show_preview, generation), weak_callback(self._show_failure, generation))

    def _show_preview(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self._full_text = text
        lines = text.splitlines()
        self.preview.setPlainText("\n".join(lines[:PREVIEW_LINES]))
        if not text.strip():
            self.info_label.setText(self.tr("Nothing to export here yet: highlight some text first."))
        elif len(lines) > PREVIEW_LINES:
            self.info_label.setText(self.tr("Showing the first {shown} of {total} lines; Save and Copy take all of it.")
                                    .format(shown=PREVIEW_LINES, total=len(lines)))
        else:
            self.info_label.setText(self.tr("%n line", "", len(lines)) if len(lines) == 1
                                    else self.tr("%n lines", "", len(lines)))
        self.copy_button.setEnabled(bool(text.strip()))
        self.preview_ready.emit()

    def _show_failure(self, generation: int, error: Any) -> None:
        if generation != self._generation:
            return
        self.preview.clear()
        self.info_label.setText("")
        self.error_label.setText(error_text(error))
        self.error_label.show()
        self.preview_ready.emit()

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    def full_text(self) -> str | None:
        """The whole export behind the preview (None while it is being built)."""
        return self._full_text

    # -- copy and save -----------------------------------------------------------------------

    def copy_to_clipboard(self) -> None:
        if self._full_text:
            QGuiApplication.clipboard().setText(self._full_text)
            self.info_label.setText(self.tr("Copied to the clipboard."))

    def save(self) -> None:
        """Ask for a file name, confirm replacing an existing file, then write the export."""
        if self._saving:
            return
        path = self.choose_save_path(self.suggested_name())
        if not path:
            return
        force = False
        if Path(path).exists():
            if not self.confirm_overwrite(path):
                return
            force = True
        self._write(path, force)

    def _write(self, path: str, force: bool) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self.error_label.hide()
        self.info_label.setText(self.tr("Saving…"))
        fmt, args, bom = self.format_key(), self.scope_args(), self.bom_check.isChecked() and self.format_key() == "csv"
        save_fn = self._save_fn
        call_with(self._run_read, lambda: save_fn(path, fmt, force=force, bom=bom, **args),
                  weak_callback(self._saved, path), weak_callback(self._save_failed))

    def _saved(self, path: str, _result: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.info_label.setText(self.tr("Saved to {path}").format(path=path))
        self.saved.emit(path)

    def _save_failed(self, error: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.info_label.setText("")
        self.error_label.setText(error_text(error))
        self.error_label.show()

    # -- small dialogs (methods so that tests can answer them) -------------------------------

    def choose_save_path(self, suggested: str) -> str | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        fmt = next(f for f in FORMATS if f.key == self.format_key())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save export"), str(Path(folder) / suggested),
            self.tr("{format} (*{extension});;All files (*)").format(format=self.tr(fmt.label),
                                                                     extension=fmt.extension),
            options=QFileDialog.Option.DontConfirmOverwrite)
        return path or None

    def confirm_overwrite(self, path: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Replace file?"),
            self.tr("{name} already exists. Replace it?").format(name=Path(path).name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
