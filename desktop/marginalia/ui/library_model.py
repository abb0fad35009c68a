"""The library table: a model over the articles that pages rows in lazily.

:class:`LibraryModel` knows only how many rows the current filter has; rows are fetched a page at
a time (``Library.list_articles(offset, limit, ...)``) in the read pool when the view first asks
for them, so 100,000 articles scroll smoothly. Answers for an older sort or filter are dropped
(a generation counter). While a refresh is on its way the previous rows stay visible, so the
table never flickers empty. Unread articles are bold with a dot.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from marginalia.ui.i18n import format_date
from marginalia.ui.tasks import TaskRunner, user_message

PAGE_SIZE = 200
COLUMNS = ("title", "site", "published", "imported", "highlights", "tags")
HEADERS = {"title": QT_TRANSLATE_NOOP("LibraryModel", "Title"), "site": QT_TRANSLATE_NOOP("LibraryModel", "Site"),
           "published": QT_TRANSLATE_NOOP("LibraryModel", "Published"),
           "imported": QT_TRANSLATE_NOOP("LibraryModel", "Imported"),
           "highlights": QT_TRANSLATE_NOOP("LibraryModel", "Highlights"),
           "tags": QT_TRANSLATE_NOOP("LibraryModel", "Tags")}
ArticleIdRole = Qt.ItemDataRole.UserRole + 1
UnreadRole = Qt.ItemDataRole.UserRole + 2

# Roles as plain ints: ``data()`` runs thousands of times per repaint, and comparing with Qt's
# enum members costs more than the rest of the call.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ID_ROLE = int(ArticleIdRole)
_UNREAD_ROLE = int(UnreadRole)
_ANSWERED = frozenset((_DISPLAY, _DECORATION, _TOOLTIP, _FONT, _ALIGNMENT, _ID_ROLE, _UNREAD_ROLE))
_TITLE, _HIGHLIGHTS = COLUMNS.index("title"), COLUMNS.index("highlights")
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


def _dot(color: str, size: int = 10) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    if color:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawEllipse(2, 2, size - 4, size - 4)
        painter.end()
    return QIcon(pixmap)


class LibraryModel(QAbstractTableModel):
    """Articles of the library, paged in lazily (see module doc)."""

    count_changed = Signal(int)       # rows matching the current filter
    page_loaded = Signal(int)         # a page number arrived
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.sort_key = "imported"
        self.descending = True
        self.filter_text = ""
        self.tag: str | None = None
        self.unread_only = False
        self._count = 0
        self._pages: dict[int, list] = {}
        self._stale: dict[int, list] = {}
        self._requested: set[int] = set()
        self._generation = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._unread_icon = _dot("#2563eb")
        self._read_icon = _dot("")
        self._overrides: dict[int, dict] = {}
        self._cells: dict[int, tuple] = {}  # article id -> what its row shows (see _make_cells)
        self._loading = self.tr("Loading…")

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            key = COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(HEADERS[key])
            if role == Qt.ItemDataRole.TextAlignmentRole and key == "highlights":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Sort by %1").replace("%1", self.tr(HEADERS[key]).lower())
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = role if type(role) is int else int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self.summary(index.row())
        column = index.column()
        if row is None:
            return self._loading if role == _DISPLAY and column == _TITLE else None
        cells = self._cells.get(row.id)
        if cells is None:
            cells = self._cells[row.id] = self._make_cells(row)
        if role == _DISPLAY:
            return cells[column]
        unread = cells[-2]
        if column == _TITLE:
            if role == _DECORATION:
                return self._unread_icon if unread else self._read_icon
            if role == _FONT:
                return self._bold if unread else None
            if role == _TOOLTIP:
                return cells[-1]
        if role == _ALIGNMENT:
            return _RIGHT if column == _HIGHLIGHTS else None
        if role == _ID_ROLE:
            return row.id
        if role == _UNREAD_ROLE:
            return unread
        return None

    def _make_cells(self, row) -> tuple:
        """What a row shows, computed once per row: the display text of each column, then
        whether it is unread and the title's tooltip."""
        tooltip = "\n".join(p for p in (row.title, row.author or "", row.site or "") if p)
        return (*(self._display(row, key) for key in COLUMNS), not self._field(row, "is_read"), tooltip)

    def _field(self, row, name: str):
        override = self._overrides.get(row.id)
        if override and name in override:
            return override[name]
        return getattr(row, name)

    def _display(self, row, key: str) -> str:
        if key == "title":
            return row.title or self.tr("(untitled)")
        if key == "site":
            return row.site or ""
        if key == "published":
            return format_date(row.published, short=True)
        if key == "imported":
            return format_date(row.imported, short=True)
        if key == "highlights":
            count = self._field(row, "highlight_count")
            return str(count) if count else ""
        if key == "tags":
            return ", ".join(row.tags)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = COLUMNS[column], order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload(keep_rows=False)

    # -- queries -------------------------------------------------------------------------------

    def set_filter(self, *, text: str | None = None, tag: str | None | bool = False,
                   unread_only: bool | None = None) -> None:
        """Change the filter; ``tag=False`` leaves the tag as it is, ``None`` clears it."""
        changed = False
        if text is not None and text.strip() != self.filter_text:
            self.filter_text, changed = text.strip(), True
        if tag is not False and tag != self.tag:
            self.tag, changed = tag, True
        if unread_only is not None and unread_only != self.unread_only:
            self.unread_only, changed = unread_only, True
        if changed:
            self.reload(keep_rows=False)

    def _query(self) -> dict:
        return dict(filter_text=self.filter_text or None, tag=self.tag, unread_only=self.unread_only)

    def reload(self, keep_rows: bool = True) -> None:
        """Count again and refetch rows. With ``keep_rows`` the old rows stay on screen until
        the new ones arrive (after an import, a highlight, a tag change)."""
        lib = self.tasks.library
        if lib is None:
            return
        self._generation += 1
        generation = self._generation
        self._stale = dict(self._pages) if keep_rows else {}
        self._requested = set()
        query, sort = self._query(), (self.sort_key, self.descending)
        if not keep_rows:
            self.beginResetModel()
            self._pages, self._count = {}, 0
            self._overrides = {}
            self._cells = {}
            self.endResetModel()

        def job():
            count = lib.count_articles(**query)
            first = lib.list_articles(offset=0, limit=PAGE_SIZE, sort=sort[0], descending=sort[1], **query)
            return count, first

        self.tasks.run_read(job, lambda result: self._counted(generation, *result), self._failed)

    def show_preview(self, count: int, first: list) -> None:
        """Show a first page read before the library is open (see core.peek); the full open
        replaces it with ``reload``. Ignored once real rows have arrived."""
        if self._pages or self.tasks.library is not None:
            return
        self._counted(self._generation, count, first)

    def _counted(self, generation: int, count: int, first: list) -> None:
        if generation != self._generation:
            return
        self._cells = {}
        if count == self._count and count:
            self._pages = {0: first}
            self._requested = {0}
            self._overrides = {}
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._count = count
            self._pages = {0: first}
            self._requested = {0}
            self._overrides = {}
            self.endResetModel()
        self.count_changed.emit(count)
        self.page_loaded.emit(0)

    def _failed(self, exc) -> None:
        from marginalia.core.errors import UsageError

        if isinstance(exc, UsageError) and self.sort_key not in ("imported", "title"):
            self.failed.emit(self.tr("Cannot sort by this column yet: %1").replace("%1", user_message(exc)))
            self.sort_key, self.descending = "imported", True
            self.reload(keep_rows=False)
            return
        self.failed.emit(user_message(exc))

    def summary(self, row: int):
        """The ``ArticleSummary`` at ``row``, or None while its page is on the way (and asked for)."""
        if not 0 <= row < self._count:
            return None
        page, within = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            rows = self._stale.get(page)
        return rows[within] if rows is not None and within < len(rows) else None

    def _request(self, page: int) -> None:
        lib = self.tasks.library
        if page in self._requested or lib is None:
            return
        self._requested.add(page)
        generation, query = self._generation, self._query()
        sort, descending = self.sort_key, self.descending

        def job():
            return lib.list_articles(offset=page * PAGE_SIZE, limit=PAGE_SIZE, sort=sort, descending=descending,
                                     **query)

        self.tasks.run_read(job, lambda rows: self._page_arrived(generation, page, rows), self._failed)

    def _page_arrived(self, generation: int, page: int, rows: list) -> None:
        if generation != self._generation:
            return
        self._pages[page] = rows
        for summary in rows:
            self._cells.pop(summary.id, None)
        first = page * PAGE_SIZE
        last = min(self._count, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.page_loaded.emit(page)

    def article_id(self, row: int) -> int | None:
        summary = self.summary(row)
        return summary.id if summary is not None else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an article among the pages loaded so far, or None."""
        for page, rows in self._pages.items():
            for i, summary in enumerate(rows):
                if summary.id == article_id:
                    return page * PAGE_SIZE + i
        return None

    def set_local(self, article_id: int, **fields) -> None:
        """Show a change (``is_read``, ``highlight_count``) at once, before the next reload."""
        self._overrides.setdefault(article_id, {}).update(fields)
        self._cells.pop(article_id, None)
        row = self.row_of(article_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @property
    def loaded_pages(self) -> set[int]:
        return set(self._pages)
