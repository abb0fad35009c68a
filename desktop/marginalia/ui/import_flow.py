"""Importing files: File → Import files…/Import folder…, drag-and-drop, sample articles.

:class:`ImportController` runs ``Library.import_paths`` on the serial writer through
``TaskRunner.run_long``, shows a progress bar with Cancel in the window's status bar, then a
one-line summary (imported, already in the library, failed). When some files failed, a dialog
lists each of them with its reason. Batches dropped while an import runs wait their turn.
"""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path
from typing import Any, Iterable, Sequence

from PySide6.QtCore import QMimeData, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QMainWindow, QMessageBox, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from marginalia.samples import sample_paths
from marginalia.ui.tags_dialog import weak_callback

FILE_FILTER_EXTENSIONS = "*.html *.htm *.xhtml *.mht *.txt *.text *.md *.markdown"
LAST_DIR_KEY = "import/last_folder"
SUMMARY_MS = 20000


class ImportSummary(QObject):
    """Words of the import summary (a QObject so that its plurals are translated with ``%n``)."""

    def text(self, report: Any, cancelled: bool = False) -> str:
        imported, duplicates, failed = report.count("imported"), report.count("duplicate"), report.count("failed")
        # Two source forms so that English reads well without a translation; Ukrainian has its own three.
        parts = [self.tr("Imported %n article", "", imported) if imported == 1
                 else self.tr("Imported %n articles", "", imported)]
        if duplicates:
            parts.append(self.tr("%n already in the library", "", duplicates))
        if failed:
            parts.append(self.tr("%n failed", "", failed))
        text = " · ".join(parts)
        if cancelled or getattr(report, "cancelled", False):
            text = self.tr("Import cancelled. {summary}").format(summary=text)
        return text


def summary_text(report: Any, cancelled: bool = False) -> str:
    """One line for the status bar: how many files were imported, were duplicates, failed."""
    return ImportSummary().text(report, cancelled)


def failed_results(report: Any) -> Sequence[Any]:
    """The failed results of an import report, in the order given."""
    return [r for r in report.results if r.status == "failed"]


class ImportFailuresDialog(QDialog):
    """Lists each file that could not be imported, with its one-line reason."""

    def __init__(self, report: Any, parent: QWidget | None = None, cancelled: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("import_failures")
        self.setWindowTitle(self.tr("Import finished"))
        failures = failed_results(report)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        self.summary_label = QLabel(summary_text(report, cancelled))
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setWeight(font.Weight.DemiBold)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)
        explanation = QLabel(self.tr("These files were not imported:") if len(failures) > 1
                             else self.tr("This file was not imported:"))
        layout.addWidget(explanation)

        self.table = QTableWidget(len(failures), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Reason")])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, result in enumerate(failures):
            name = QTableWidgetItem(Path(result.path).name or result.path)
            name.setToolTip(result.path)
            reason = QTableWidgetItem(result.reason or self.tr("unknown reason"))
            reason.setToolTip(result.reason or "")
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, reason)
        self.table.resizeColumnToContents(0)
        header.resizeSection(0, min(max(header.sectionSize(0), 160), 300))
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy list"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_list)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._failures = failures
        self.resize(720, 360)

    def rows(self) -> list[tuple[str, str]]:
        """(file name, reason) of each row, as shown."""
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]

    def copy_list(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(f"{r.path}\t{r.reason or ''}" for r in self._failures))


class ImportController(QObject):
    """Runs imports for the main window and shows their progress, summary and failures."""

    started = Signal()
    finished = Signal(object)  # the ImportReport
    busy_changed = Signal(bool)

    def __init__(self, window: QMainWindow, tasks: Any) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._queue: deque[list[str]] = deque()
        self._bridge: Any = None
        self._last_bridge: Any = None
        self._waiting_for_library = False
        self.last_report: Any = None
        self.failures_dialog: ImportFailuresDialog | None = None
        self.error_box: QMessageBox | None = None
        self._build_status_widgets()

    # -- entry points ------------------------------------------------------------------------

    def import_files(self) -> None:
        """File → Import files…"""
        paths, _ = QFileDialog.getOpenFileNames(
            self._window, self.tr("Import files"), self._last_folder(),
            self.tr("Articles and notes ({patterns});;All files (*)").format(patterns=FILE_FILTER_EXTENSIONS))
        if paths:
            self._remember_folder(str(Path(paths[0]).parent))
            self.start(paths)

    def import_folder(self) -> None:
        """File → Import folder… (every supported file inside, recursively)."""
        folder = QFileDialog.getExistingDirectory(self._window, self.tr("Import a folder"), self._last_folder())
        if folder:
            self._remember_folder(folder)
            self.start([folder])

    def import_samples(self) -> None:
        """Add the sample articles shipped with the app."""
        paths = sample_paths()
        if not paths:
            self._show_status(self.tr("The sample articles are missing from this installation."))
            return
        self.start(paths)

    def accepts(self, mime: QMimeData) -> bool:
        """Whether a drag carries local files or folders (for the window's dragEnterEvent)."""
        return bool(self.local_paths(mime))

    def drop(self, mime: QMimeData) -> bool:
        """Import what was dropped (for the window's dropEvent); False when nothing usable."""
        paths = self.local_paths(mime)
        if paths:
            self.start(paths)
        return bool(paths)

    @staticmethod
    def local_paths(mime: QMimeData | None) -> list[str]:
        if mime is None or not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]

    def start(self, paths: Iterable[str | os.PathLike]) -> None:
        """Import ``paths`` (files and folders); waits for a running import to finish first."""
        batch = [os.fspath(p) for p in paths]
        if not batch:
            return
        self._queue.append(batch)
        if self.busy:
            self._show_status(self.tr("Another import is running; these files will follow."))
            return
        self._run_next()

    @property
    def busy(self) -> bool:
        return self._bridge is not None or self._waiting_for_library

    def cancel(self) -> None:
        """Stop the running import after the file in progress (and drop waiting batches)."""
        self._queue.clear()
        if self._bridge is not None:
            self._bridge.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling…"))

    # -- running -----------------------------------------------------------------------------

    def _run_next(self) -> None:
        if not self._queue or self._bridge is not None:
            return
        library = getattr(self._tasks, "library", None)
        if library is None:
            if not self._waiting_for_library:
                self._waiting_for_library = True
                self._tasks.library_changed.connect(self._on_library_ready)
                self._show_progress(self.tr("Opening the library…"))
                self.busy_changed.emit(True)
            return
        paths = self._queue.popleft()

        def job(progress: Any) -> Any:
            return library.import_paths(paths, progress=progress)

        self._show_progress(self.tr("Preparing the import…"))
        self._bridge = self._tasks.run_long(job, weak_callback(self._on_done), weak_callback(self._on_error),
                                            writes=True)
        self._last_bridge = self._bridge  # kept after the import so that no worker drops the last reference
        self._bridge.changed.connect(self._on_progress)
        self.started.emit()
        self.busy_changed.emit(True)

    def _on_library_ready(self, library: Any) -> None:
        if library is None:
            return
        self._tasks.library_changed.disconnect(self._on_library_ready)
        self._waiting_for_library = False
        self._run_next()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self._bridge is not None and self._bridge.cancelled:
            return
        if total <= 0:
            self.progress_bar.setRange(0, 0)
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(min(done, total))
        text = self.tr("Importing {done} of {total}").format(done=done, total=total)
        if message:
            text = f"{text} · {self._elide(message)}"
        self.status_label.setText(text)

    def _on_done(self, report: Any) -> None:
        cancelled = bool(self._bridge is not None and self._bridge.cancelled)
        if cancelled:
            report.cancelled = True
        self._bridge = None
        self.last_report = report
        self._hide_progress()
        self._show_status(summary_text(report, cancelled))
        if report.count("failed"):
            self.failures_dialog = ImportFailuresDialog(report, self._window, cancelled)
            self.failures_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.failures_dialog.destroyed.connect(self._forget_dialog)
            self.failures_dialog.open()
        self.finished.emit(report)
        self._after_batch()

    def _on_error(self, error: Any) -> None:
        from marginalia.ui.tasks import user_message

        self._bridge = None
        self._hide_progress()
        text = user_message(error) if isinstance(error, BaseException) else str(error)
        self._show_status(self.tr("Import failed: {reason}").format(reason=text))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import failed"),
                          self.tr("The files could not be imported."), QMessageBox.StandardButton.Ok, self._window)
        box.setInformativeText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_box = box
        self._after_batch()

    def _after_batch(self) -> None:
        if self._queue:
            self._run_next()
        else:
            self.busy_changed.emit(False)

    def _forget_dialog(self) -> None:
        self.failures_dialog = None

    # -- status bar --------------------------------------------------------------------------

    def _build_status_widgets(self) -> None:
        bar = self._window.statusBar()
        self.status_label = QLabel()
        self.status_label.setObjectName("import_status")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("import_progress")
        self.progress_bar.setFixedWidth(200)
        self.progress_bar.setMaximumHeight(16)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.status_label, self.progress_bar, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    def _show_progress(self, text: str) -> None:
        self._window.statusBar().show()
        self.status_label.setText(text)
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        for widget in (self.status_label, self.progress_bar, self.cancel_button):
            widget.show()

    def _hide_progress(self) -> None:
        for widget in (self.status_label, self.progress_bar, self.cancel_button):
            widget.hide()

    def _show_status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, SUMMARY_MS)

    @staticmethod
    def _elide(name: str, limit: int = 48) -> str:
        return name if len(name) <= limit else name[: limit - 1] + "…"

    # -- remembered folder -------------------------------------------------------------------

    @staticmethod
    def _last_folder() -> str:
        value = QSettings().value(LAST_DIR_KEY, "")
        return str(value) if value and Path(str(value)).is_dir() else str(Path.home())

    @staticmethod
    def _remember_folder(folder: str) -> None:
        QSettings().setValue(LAST_DIR_KEY, folder)

