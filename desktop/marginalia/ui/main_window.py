"""The main window: library (and search) on the left, the reader in the centre, annotations on
the right, in one resizable splitter.

:class:`MainWindow` owns the :class:`~marginalia.ui.tasks.TaskRunner` and wires the panes, the
menus (File, Edit, View, Go, Help), the toolbar and the status bar to the ``Library`` facade. The
library opens in the background after the window is shown (:meth:`open_library`); until then
everything that needs it waits or says so. Window geometry, splitters, the table header, theme
and font size are remembered through :class:`~marginalia.ui.settings.Settings`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QLabel, QMainWindow, QMessageBox, QSizePolicy, QSplitter, QStackedWidget, QTabWidget,
                               QVBoxLayout, QWidget)

from marginalia.ui import about, window_state
from marginalia.ui.annotations import AnnotationsPanel
from marginalia.ui.find_bar import FindBar
from marginalia.ui.highlighting import HighlightController, HighlightStore
from marginalia.ui.import_flow import ImportController
from marginalia.ui.library_pane import LibraryPane
from marginalia.ui.read_marks import ReadMarker
from marginalia.ui.reader import ReaderView
from marginalia.ui.search_panel import SearchPanel
from marginalia.ui.settings import THEMES, Settings
from marginalia.ui.shortcuts import key_sequences
from marginalia.ui.tasks import TaskRunner, user_message
from marginalia.ui.library_model import PAGE_SIZE
from marginalia.ui.welcome import WelcomeWidget

STATUS_MS = 8000


class MainWindow(QMainWindow):
    """The application window (see module doc)."""

    theme_changed = Signal(str)
    library_ready = Signal(object)
    article_shown = Signal(int)

    def __init__(self, settings: Settings, tasks: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Marginalia")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.settings = settings
        self.tasks = tasks or TaskRunner(self)
        self._open_generation = 0
        self._pending_open: tuple[int, int | None, list] | None = None
        self._library_count: int | None = None

        self.store = HighlightStore(self.tasks, self)
        self.library_pane = LibraryPane(self.tasks, self)
        self._make_side_widgets()
        self.left_tabs = QTabWidget(self)
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.library_pane, self.tr("Library"))
        self.left_tabs.addTab(self.search_panel, self.tr("Search"))

        self.reader = ReaderView(self, theme=settings.theme, font_size=settings.font_size)
        self.find_bar = FindBar(self.reader, self)
        reader_box = QWidget(self)
        box_layout = QVBoxLayout(reader_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(0)
        box_layout.addWidget(self.reader, 1)
        box_layout.addWidget(self.find_bar)
        self.placeholder = QLabel(self.tr("Opening the library…"), self)
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.center = QStackedWidget(self)
        self.center.setObjectName("center")
        self.center.addWidget(self.placeholder)
        self.center.addWidget(reader_box)
        self.center.addWidget(self.welcome)
        self._reader_box = reader_box

        self.highlighter = HighlightController(self.reader, self.store, self)
        self.annotations = AnnotationsPanel(self.store, self.highlighter, self.reader.selected_range, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left_tabs)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.annotations)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([440, 700, 330])
        self.splitter.setChildrenCollapsible(True)
        self.setCentralWidget(self.splitter)

        self.imports = ImportController(self, self.tasks)
        self.imports.finished.connect(self._import_finished)
        self.read_marks = ReadMarker(self.tasks.run_write, lambda: self.library, self)
        self.imports.busy_changed.connect(self.welcome.set_busy)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect()
        window_state.restore(self)
        self.statusBar().setSizeGripEnabled(True)

    # -- construction --------------------------------------------------------------------------

    def _make_side_widgets(self) -> None:
        self.search_panel = SearchPanel(self.tasks.run_read, None, self)
        self.search_panel.open_result.connect(self.open_article)
        self.welcome = WelcomeWidget(self)
        self.welcome.import_requested.connect(self.import_files)
        self.welcome.samples_requested.connect(self.import_samples)

    def _action(self, text: str, slot, keys: list[QKeySequence] | None = None, *, checkable: bool = False,
                checked: bool = False) -> QAction:
        act = QAction(text, self, checkable=checkable, checked=checked)
        if keys:
            act.setShortcuts(keys)
        (act.toggled if checkable else act.triggered).connect(slot if checkable else lambda _c=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        a, stack = self._action, self.highlighter.undo_stack
        self.act_import_files = a(self.tr("&Import Files…"), self.import_files, key_sequences("import_files"))
        self.act_import_folder = a(self.tr("Import &Folder…"), lambda: self.imports.import_folder(),
                                   key_sequences("import_folder"))
        self.act_samples = a(self.tr("Add &Sample Articles"), self.import_samples)
        self.act_export = a(self.tr("&Export…"), self.export, key_sequences("export"))
        self.act_quit = a(self.tr("&Quit"), self.close, key_sequences("quit"))
        self.act_undo = stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcuts(key_sequences("undo"))
        self.act_redo = stack.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcuts(key_sequences("redo"))
        self.act_find = a(self.tr("&Find in Article…"), self.find_bar.open_bar, key_sequences("find_in_article"))
        self.act_find_next = a(self.tr("Find &Next"), lambda: self._find_step(1), key_sequences("find_next"))
        self.act_find_previous = a(self.tr("Find Pre&vious"), lambda: self._find_step(-1),
                                   key_sequences("find_previous"))
        self.act_tags = a(self.tr("&Tags…"), self.manage_tags)
        self.act_preferences = a(self.tr("&Preferences…"), self.preferences, key_sequences("preferences"))
        self.act_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_zoom_in = a(self.tr("&Larger Text"), self.reader.zoom_in, key_sequences("zoom_in"))
        self.act_zoom_out = a(self.tr("&Smaller Text"), self.reader.zoom_out, key_sequences("zoom_out"))
        self.act_zoom_reset = a(self.tr("&Default Text Size"), self.reader.zoom_reset, key_sequences("zoom_reset"))
        self.theme_group = QActionGroup(self)
        labels = {"light": self.tr("&Light"), "sepia": self.tr("S&epia"), "dark": self.tr("&Dark")}
        self.theme_actions = {name: a(labels[name], lambda on, n=name: on and self.set_theme(n), checkable=True,
                                      checked=name == self.settings.theme) for name in THEMES}
        for act in self.theme_actions.values():
            self.theme_group.addAction(act)
        self.act_show_library = a(self.tr("Show &Library Pane"), self.left_tabs.setVisible,
                                  [QKeySequence("Ctrl+Shift+L")], checkable=True, checked=True)
        self.act_show_notes = a(self.tr("Show &Annotations Pane"), self.annotations.setVisible,
                                [QKeySequence("Ctrl+Shift+A")], checkable=True, checked=True)
        self.act_full_screen = a(self.tr("&Full Screen"), self._toggle_full_screen,
                                 [QKeySequence(QKeySequence.StandardKey.FullScreen)])
        self.act_search = a(self.tr("&Search Library…"), self.focus_search, key_sequences("search"))
        self.act_library = a(self.tr("&Library"), self.focus_library, [QKeySequence("Ctrl+L")])
        self.act_next_article = a(self.tr("&Next Article"), lambda: self._step_article(1), [QKeySequence("Alt+Down")])
        self.act_prev_article = a(self.tr("&Previous Article"), lambda: self._step_article(-1),
                                  [QKeySequence("Alt+Up")])
        self.act_unread = a(self.tr("Mark as &Unread"), self._mark_unread, [QKeySequence("Ctrl+U")])
        self.act_shortcuts = a(self.tr("&Keyboard Shortcuts"), self.show_shortcuts, key_sequences("shortcuts"))
        self.act_about = a(self.tr("&About Marginalia"), self.show_about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

    def _menu(self, title: str, items: list):
        menu = self.menuBar().addMenu(title) if isinstance(title, str) else title
        for item in items:
            if item is None:
                menu.addSeparator()
            elif isinstance(item, tuple):
                self._menu(menu.addMenu(item[0]), item[1])
            else:
                menu.addAction(item)
        return menu

    def _build_menus(self) -> None:
        hl = self.highlighter.actions
        self._menu(self.tr("&File"), [self.act_import_files, self.act_import_folder, self.act_samples, None,
                                 self.act_export, None, self.act_quit])
        self._menu(self.tr("&Edit"), [self.act_undo, self.act_redo, None, hl["highlight"],
                                 (self.tr("Highlight in &Colour"), [hl[f"color{i}"] for i in range(1, 7)]),
                                 hl["note"], hl["tags"], hl["cite"], hl["delete"], None,
                                 self.act_find, self.act_find_next, self.act_find_previous, None,
                                 self.act_tags, self.act_preferences])
        self._menu(self.tr("&View"), [(self.tr("&Theme"), list(self.theme_actions.values())), self.act_zoom_in,
                                 self.act_zoom_out, self.act_zoom_reset, None, self.act_show_library,
                                 self.act_show_notes, None, self.act_full_screen])
        self._menu(self.tr("&Go"), [self.act_search, self.act_library, None, self.act_next_article,
                               self.act_prev_article, None, self.act_unread])
        self._menu(self.tr("&Help"), [self.act_shortcuts, self.act_about])

    def _build_toolbar(self) -> None:
        self.toolbar = bar = self.addToolBar(self.tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        for item in ((self.act_import_files, self.tr("Import")), (self.act_export, self.tr("Export")), None,
                          (self.act_search, self.tr("Search")), (self.act_tags, self.tr("Tags")), None,
                          (self.act_undo, self.tr("Undo")), (self.act_redo, self.tr("Redo")), spacer, (self.act_zoom_out, "A−"),
                          (self.act_zoom_in, "A+"), (self.act_preferences, self.tr("Preferences"))):
            if item is None:
                bar.addSeparator()
            elif item is spacer:
                bar.addWidget(spacer)
            else:
                bar.addAction(item[0])
                if item[1]:
                    item[0].setIconText(item[1])

    def _connect(self) -> None:
        self.tasks.failed.connect(self.show_message)
        self.store.failed.connect(self.show_message)
        self.reader.message.connect(self.show_message)
        self.highlighter.message.connect(self.show_message)
        self.annotations.message.connect(self.show_message)
        self.library_pane.model.failed.connect(self.show_message)
        self.annotations.activated.connect(self.reader.scroll_to_highlight)
        self.library_pane.article_selected.connect(lambda aid: self.open_article(aid))
        self.library_pane.articles_deleted.connect(self._articles_deleted)
        self.library_pane.tags_loaded.connect(self._known_tags)
        self.library_pane.export_requested.connect(lambda ids: self.export(article_ids=ids))
        self.library_pane.tags_changed.connect(self._tags_changed)
        self.library_pane.message.connect(self.show_message)
        self.library_pane.model.count_changed.connect(self._count_changed)
        self.reader.position_changed.connect(self._save_position)
        self.reader.font_size_changed.connect(self._font_size_changed)
        self.store.written.connect(self._highlights_written)
        self.search_panel.search_failed.connect(self.show_message)

    # -- library lifecycle ---------------------------------------------------------------------

    @property
    def library(self):
        return self.tasks.library

    def open_library(self, path: str | None) -> None:
        """Open the library in the background; the window stays usable meanwhile."""
        self.placeholder.setText(self.tr("Opening the library…"))
        self._peek(path)
        self.tasks.open_library(path, self._library_opened, self._library_failed)

    def _peek(self, path: str | None) -> None:
        """List the newest articles at once, read with plain sqlite3 while the library opens."""
        from marginalia.core.paths import DB_NAME, resolve_library_dir

        db_path = resolve_library_dir(path) / DB_NAME

        def job():
            from marginalia.core.peek import peek

            return peek(db_path, limit=PAGE_SIZE)

        def shown(result) -> None:
            if result is not None and result[0]:
                self.library_pane.model.show_preview(*result)

        self.tasks.run_read(job, shown, lambda exc: None)

    def _library_opened(self, lib) -> None:
        self.tasks.run_read(lib.palette, self.store.set_palette)
        self.library_pane.model.reload(keep_rows=False)
        self.library_pane.refresh_tags()
        if hasattr(lib, "search"):
            self.search_panel.set_search_fn(lambda q, kind, sort: lib.search(q, limit=50, kind=kind, sort=sort))
        notices = [getattr(lib, "recovery_notice", None), getattr(lib, "index_notice", None)]
        if getattr(lib, "migration_backup", None):
            notices.append(self.tr("The library was upgraded; a backup was saved in %1")
                           .replace("%1", str(lib.migration_backup)))
        if any(notices):
            self.show_message(" · ".join(str(n) for n in notices if n))
        self.library_ready.emit(lib)
        if self._pending_open is not None:
            pending, self._pending_open = self._pending_open, None
            self.open_article(*pending)
        elif self.settings.last_article:
            self.open_article(self.settings.last_article, quiet=True)
        else:
            QTimer.singleShot(0, self.reader.warm_up)

    def _library_failed(self, exc) -> None:
        text = user_message(exc)
        self.placeholder.setText(self.tr("The library could not be opened:\n%1").replace("%1", text))
        self.center.setCurrentWidget(self.placeholder)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Marginalia"),
                          self.tr("The library could not be opened: %1").replace("%1", text),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_box = box

    def _known_tags(self, names: list) -> None:
        self.store.known_tags = names

    def _count_changed(self, count: int) -> None:
        model = self.library_pane.model
        if model.filter_text or model.tag or model.unread_only:
            return
        self._library_count = count
        self._update_center()

    def _update_center(self) -> None:
        if self.reader.article is not None:
            self.center.setCurrentWidget(self._reader_box)
        elif self._library_count == 0:
            self.center.setCurrentWidget(self.welcome)
        else:
            if self._library_count:
                self.placeholder.setText(self.tr("Choose an article from the library."))
            self.center.setCurrentWidget(self.placeholder)

    # -- articles ------------------------------------------------------------------------------

    def open_article(self, article_id: int, highlight_id: int | None = None, hit_words: list | None = None,
                     *, quiet: bool = False) -> None:
        """Show an article (scrolled to a highlight, with search words marked) — off the UI thread."""
        lib = self.library
        if lib is None:
            self._pending_open = (article_id, highlight_id, list(hit_words or []))
            return
        self.annotations.flush_notes()
        self._open_generation += 1
        generation = self._open_generation

        def job():
            return lib.get_article(article_id), lib.list_highlights(article_id)

        def done(result) -> None:
            if generation == self._open_generation:
                self._show_article(*result, highlight_id=highlight_id, hit_words=hit_words or [])

        def failed(exc) -> None:
            if not quiet:
                self.show_message(user_message(exc))

        self.tasks.run_read(job, done, failed)

    def _show_article(self, detail, highlights, *, highlight_id: int | None, hit_words: list) -> None:
        target = next((h for h in highlights if h.id == highlight_id and not h.orphan), None)
        offset = target.start if target is not None else 0 if hit_words else None
        # The reader first: the article is then laid out once, at the reader's real width.
        self.center.setCurrentWidget(self._reader_box)
        self.reader.show_article(detail, highlights, offset=offset, hit_words=hit_words)
        self.store.set_article(detail, highlights)
        self.find_bar.refresh()
        if target is not None:
            self.reader.scroll_to_highlight(target.id)
            self.annotations.show_card(target.id)
        elif hit_words and self.reader.hit_ranges:
            self.reader.scroll_to_offset(self.reader.hit_ranges[0][0])
        self.library_pane.select_article(detail.id)
        self.settings.last_article = detail.id
        if not detail.is_read:
            self.read_marks.mark(detail.id)
            self.library_pane.model.set_local(detail.id, is_read=True)
        self.article_shown.emit(detail.id)

    def _save_position(self, article_id: int, offset: int) -> None:
        lib = self.library
        if lib is not None:
            self.tasks.run_write(lambda: lib.set_reading_position(article_id, offset), lambda _r: None,
                                 lambda _e: None)

    def _highlights_written(self, article_id: int) -> None:
        if article_id == self.store.article_id:
            self.library_pane.model.set_local(article_id, highlight_count=len(self.store.records))

    def _articles_deleted(self, ids: list) -> None:
        if self.reader.article_id in ids:
            self.reader.clear_article()
            self.store.clear()
            self.settings.last_article = None
        self._update_center()

    def _mark_unread(self) -> None:
        if self.reader.article_id is not None:
            self.library_pane.set_read(self.reader.article_id, False)

    def _step_article(self, delta: int) -> None:
        table = self.library_pane.table
        row = table.currentIndex().row() + delta
        if 0 <= row < self.library_pane.model.rowCount():
            table.setCurrentIndex(self.library_pane.model.index(row, 0))

    # -- commands ------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def import_files(self) -> None:
        self.imports.import_files()

    def import_samples(self) -> None:
        self.imports.import_samples()

    def _import_finished(self, report) -> None:
        self.library_pane.refresh()
        first = next((r.article_id for r in report.results if r.status == "imported"), None)
        if first is not None and self.reader.article is None:
            self.open_article(first)

    def focus_search(self) -> None:
        self.act_show_library.setChecked(True)
        self.left_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_search()

    def focus_library(self) -> None:
        self.act_show_library.setChecked(True)
        self.left_tabs.setCurrentWidget(self.library_pane)
        self.library_pane.filter_edit.setFocus()

    def _find_step(self, delta: int) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        else:
            self.find_bar.next() if delta > 0 else self.find_bar.previous()

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        self.reader.set_theme(name)
        if name in self.theme_actions:
            self.theme_actions[name].setChecked(True)
        self.theme_changed.emit(name)

    def _font_size_changed(self, size: int) -> None:
        self.settings.font_size = size

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def export(self, article_ids: list | None = None) -> None:
        """The export dialog, scoped to the open article, the selected rows, the tag, the search."""
        self.library_pane.open_export(self.reader.article, self.search_panel.current_query(), article_ids)

    def manage_tags(self) -> None:
        self.library_pane.manage_tags()

    def _tags_changed(self) -> None:
        if self.reader.article_id is not None:
            self.open_article(self.reader.article_id, quiet=True)

    def preferences(self) -> None:
        from marginalia.ui.preferences import COLOR_NAMES, PreferencesDialog, store_settings

        dialog = PreferencesDialog(self.settings.store, self.store.palette, self)

        def accepted() -> None:
            values = dialog.result_values()
            restart = dialog.restart_needed()
            store_settings(self.settings.store, values)
            self.set_theme(self.settings.theme)
            self.reader.set_font_size(self.settings.font_size)
            names = values.get(COLOR_NAMES) or {}
            if names and self.library is not None:
                self.store.rename_colors(names)
            if restart:
                self.show_message(self.tr("The new library folder or language takes effect after a restart."))

        dialog.accepted.connect(accepted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_shortcuts(self) -> None:
        about.show_shortcuts(self)

    def show_about(self) -> None:
        about.show_about(self)

    # -- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.imports.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.imports.drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.annotations.flush_notes()
        self.reader.flush_position()
        if self.imports.busy:
            self.imports.cancel()
        window_state.save(self)
        self.read_marks.flush()
        self.tasks.shutdown()
        super().closeEvent(event)
