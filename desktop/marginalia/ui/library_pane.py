"""The left pane: filter box, the article table and the tag list (and the dialogs about them).

:class:`LibraryPane` shows a :class:`~marginalia.ui.library_model.LibraryModel` in a table
(sortable columns, uniform rows so 100,000 of them scroll smoothly, columns shown or hidden from
the header's menu), a filter box (title, site, author), an "Unread" toggle and a list of tags
with their counts that filters the table. It reports what the user picks by signals, writes read
state, tags and deletions through the task runner, and opens the tags and export dialogs.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMenu, QMessageBox, QSplitter, QTableView, QToolButton, QVBoxLayout,
                               QWidget)

from marginalia.ui.annotations import ask_tags
from marginalia.ui.i18n import format_date, format_number
from marginalia.ui.library_model import COLUMNS, LibraryModel
from marginalia.ui.tasks import TaskRunner

TagRole = Qt.ItemDataRole.UserRole + 10


class LibraryPane(QWidget):
    """Filter, table and tags (see module doc)."""

    article_selected = Signal(int)
    articles_deleted = Signal(list)          # article ids, after the deletion was written
    export_requested = Signal(list)          # article ids
    tags_loaded = Signal(list)               # every tag name, after each refresh
    tags_changed = Signal()                  # tags were renamed, merged or deleted
    message = Signal(str)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.tasks = tasks
        self.model = LibraryModel(tasks, self)
        self._wanted: int | None = None
        self._current: int | None = None
        self.known_tags: list[str] = []

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText(self.tr("Filter by title, site or author"))
        self.filter_edit.setClearButtonEnabled(True)
        self.unread_button = QToolButton(self, text=self.tr("Unread"), checkable=True)
        self.unread_button.setToolTip(self.tr("Show only unread articles"))
        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 4)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.unread_button)

        self.table = QTableView(self)
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setSortIndicator(COLUMNS.index("imported"), Qt.SortOrder.DescendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        metrics = header.fontMetrics()
        date_width = max(metrics.horizontalAdvance(format_date(date(2000, month, 28), short=True))
                         for month in range(1, 13))
        for key in ("site", "published", "imported", "highlights", "tags"):
            column = COLUMNS.index(key)
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(label) + 28, {"site": 110, "tags": 110}.get(key, 0),
                        date_width + 18 if key in ("published", "imported") else 0)
            header.resizeSection(column, width)
        for key in ("imported", "tags"):
            self.table.setColumnHidden(COLUMNS.index(key), True)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setContentsMargins(10, 2, 10, 4)
        self.tag_list = QListWidget(self)
        self.tag_list.setObjectName("tagList")
        tags_title = QLabel(self.tr("Tags"), self)
        tags_title.setObjectName("sectionTitle")
        tags_title.setContentsMargins(10, 6, 10, 2)
        tags_box = QWidget(self)
        tags_layout = QVBoxLayout(tags_box)
        tags_layout.setContentsMargins(0, 0, 0, 0)
        tags_layout.setSpacing(0)
        tags_layout.addWidget(tags_title)
        tags_layout.addWidget(self.tag_list)
        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(tags_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(lambda: self.model.set_filter(text=self.filter_edit.text()))
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._filter_timer.timeout.emit)
        self.unread_button.toggled.connect(lambda on: self.model.set_filter(unread_only=on))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.tag_list.currentItemChanged.connect(self._tag_changed)
        self.model.count_changed.connect(self._count_changed)
        self.model.page_loaded.connect(lambda _p: self._restore_selection())
        self.model.modelReset.connect(self._restore_selection)

    # -- state ---------------------------------------------------------------------------------

    @property
    def current_article_id(self) -> int | None:
        return self._current

    def selected_article_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [aid for aid in (self.model.article_id(r) for r in rows) if aid is not None]

    def select_article(self, article_id: int | None) -> None:
        """Select the article's row (now if its page is loaded, else when it arrives)."""
        self._wanted = article_id
        self._current = article_id
        self._restore_selection()

    def _restore_selection(self) -> None:
        if self._wanted is None:
            return
        row = self.model.row_of(self._wanted)
        if row is None:
            return
        index = self.model.index(row, 0)
        selection = self.table.selectionModel()
        if selection.currentIndex().row() != row:
            selection.blockSignals(True)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            selection.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._open_row(current.row())

    def _open_row(self, row: int) -> None:
        article_id = self.model.article_id(row)
        if article_id is not None and article_id != self._current:
            self._current = article_id
            self._wanted = article_id
            self.article_selected.emit(article_id)

    def _count_changed(self, count: int) -> None:
        if self.model.filter_text or self.model.tag or self.model.unread_only:
            text = self.tr("%1 matching").replace("%1", format_number(count))
        else:
            text = self.tr("%Ln article", "", count) if count == 1 else self.tr("%Ln articles", "", count)
        self.count_label.setText(text)

    # -- tags ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rows (keeping the old ones on screen meanwhile) and the tag list."""
        self.model.reload()
        self.refresh_tags()

    def refresh_tags(self) -> None:
        lib = self.tasks.library
        if lib is not None:
            self.tasks.run_read(lib.list_tags, self.set_tags)

    def set_tags(self, tag_counts: list) -> None:
        """Fill the tag list with ``TagCount`` records, keeping the chosen tag selected."""
        chosen = self.model.tag
        self.tag_list.blockSignals(True)
        self.tag_list.clear()
        everything = QListWidgetItem(self.tr("All articles"))
        everything.setData(TagRole, None)
        self.tag_list.addItem(everything)
        current = everything
        for tag in tag_counts:
            total = tag.articles + tag.highlights
            item = QListWidgetItem(f"#{tag.name}   {total}")
            item.setData(TagRole, tag.name)
            item.setToolTip(self.tr("Articles: %1 · highlights: %2").replace("%1", str(tag.articles))
                            .replace("%2", str(tag.highlights)))
            self.tag_list.addItem(item)
            if chosen and tag.name.casefold() == chosen.casefold():
                current = item
        self.tag_list.setCurrentItem(current)
        self.tag_list.blockSignals(False)
        if chosen and current is everything:
            self.model.set_filter(tag=None)
        self.known_tags = [t.name for t in tag_counts]
        self.tags_loaded.emit(self.known_tags)

    def _tag_changed(self, item: QListWidgetItem | None, _previous) -> None:
        self.model.set_filter(tag=item.data(TagRole) if item is not None else None)

    # -- menus ---------------------------------------------------------------------------------

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for column, key in enumerate(COLUMNS):
            if key == "title":
                continue
            act = menu.addAction(self.model.headerData(column, Qt.Orientation.Horizontal))
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(column))
            act.toggled.connect(lambda on, c=column: self.table.setColumnHidden(c, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))
        menu.deleteLater()

    def _row_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        ids = self.selected_article_ids() or [self.model.article_id(index.row())]
        ids = [i for i in ids if i is not None]
        if not ids:
            return
        unread = bool(self.model.data(index, Qt.ItemDataRole.UserRole + 2))
        menu = QMenu(self)
        if len(ids) == 1:
            menu.addAction(self.tr("Open"), lambda: self._open_row(index.row()))
            menu.addAction(self.tr("Mark as read") if unread else self.tr("Mark as unread"),
                           lambda: self.set_read(ids[0], unread))
            menu.addAction(self.tr("Tags…"), lambda: self.edit_tags(ids[0]))
        menu.addAction(self.tr("Export…"), lambda: self.export_requested.emit(ids))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete_articles(ids))
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Delete and self.table.hasFocus():
            ids = self.selected_article_ids()
            if ids:
                self.delete_articles(ids)
                return
        super().keyPressEvent(event)

    # -- writes --------------------------------------------------------------------------------

    def set_read(self, article_id: int, read: bool) -> None:
        lib = self.tasks.library
        if lib is not None:
            self.tasks.run_write(lambda: lib.set_read(article_id, read))
            self.model.set_local(article_id, is_read=read)

    def delete_articles(self, ids: list, *, confirm: bool = True) -> None:
        """Delete articles (with their highlights) after asking."""
        lib = self.tasks.library
        if lib is None or not ids:
            return
        text = (self.tr("Delete this article with its highlights and notes?") if len(ids) == 1 else
                self.tr("Delete %n articles with their highlights and notes?", "", len(ids)))
        if confirm and QMessageBox.question(self, self.tr("Delete"), text) != QMessageBox.StandardButton.Yes:
            return

        def job():
            for aid in ids:
                lib.delete_article(aid)

        def done(_result) -> None:
            self.refresh()
            self.articles_deleted.emit(list(ids))

        self.tasks.run_write(job, done)

    def edit_tags(self, article_id: int) -> None:
        """Ask for an article's tags and write what changed."""
        lib = self.tasks.library
        if lib is None:
            return

        def ask(detail) -> None:
            tags = ask_tags(self.window(), list(detail.tags), self.known_tags, self.tr("Tags for this article:"))
            if tags is None:
                return
            old = {t.casefold(): t for t in detail.tags}
            new = {t.casefold(): t for t in tags}

            def job():
                removed = [t for k, t in old.items() if k not in new]
                added = [t for k, t in new.items() if k not in old]
                if removed:
                    lib.remove_tags(article_id, removed)
                if added:
                    lib.add_tags(article_id, added)

            self.tasks.run_write(job, lambda _r: self.refresh())

        self.tasks.run_read(lambda: lib.get_article(article_id), ask)

    # -- dialogs -------------------------------------------------------------------------------

    def _library_with(self, method: str, what: str):
        lib = self.tasks.library
        if lib is None or not hasattr(lib, method):
            self.message.emit(self.tr("%1 is not available yet.").replace("%1", what))
            return None
        return lib

    def open_export(self, article=None, query: str | None = None, article_ids: list | None = None) -> None:
        """The export dialog: the open ``article``, the chosen (or selected) rows, the tag shown,
        the current search ``query`` or the whole library."""
        lib = self._library_with("export_text", self.tr("Export"))
        if lib is None:
            return
        from marginalia.ui.export_dialog import ExportDialog, ExportScope

        scope = ExportScope(current_article_id=article.id if article is not None else None,
                            current_article_title=article.title if article is not None else None,
                            article_ids=tuple(article_ids or self.selected_article_ids()), tag=self.model.tag,
                            query=query, available_tags=tuple(self.known_tags),
                            initial="selection" if article_ids else None)

        def save(path, fmt, *, force=False, bom=False, **args):
            return lib.export_to_file(path, fmt, force=force, bom=bom, **args)

        dialog = ExportDialog(lambda fmt, **args: lib.export_text(fmt, **args), scope, self.window(), save_fn=save,
                              run_read=self.tasks.run_read)
        dialog.saved.connect(lambda path: self.message.emit(self.tr("Exported to %1").replace("%1", path)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def manage_tags(self) -> None:
        """The tags dialog: rename, merge, delete; the list and table follow."""
        lib = self._library_with("list_tags", self.tr("Tags"))
        if lib is None:
            return
        from marginalia.ui.tags_dialog import TagsDialog

        dialog = TagsDialog(lib.list_tags, lib.rename_tag, lib.merge_tags, lib.delete_tag, self.window(),
                            run_read=self.tasks.run_read, run_write=self.tasks.run_write)
        dialog.changed.connect(self.refresh)
        dialog.changed.connect(self.tags_changed.emit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
