"""The keyboard shortcuts of Marginalia: one list that the window binds and Help shows.

Each :class:`Shortcut` has a stable ``action`` id, one or more key sequences in Qt's portable
text form (``"Ctrl+K"``), the section it belongs to and a one-line description. Descriptions
and sections are marked with ``QT_TRANSLATE_NOOP`` and translated when shown, so the list stays
plain data. :func:`key_sequences` gives the ``QKeySequence`` objects for an action, so the
window and the Help dialog never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence

CONTEXT = "Shortcuts"


@dataclass(frozen=True)
class Shortcut:
    """One shortcut: ``keys`` are portable key texts; ``section`` and ``description`` are untranslated."""

    action: str
    keys: tuple[str, ...]
    section: str
    description: str


_GENERAL = QT_TRANSLATE_NOOP("Shortcuts", "General")
_READING = QT_TRANSLATE_NOOP("Shortcuts", "Reading")
_HIGHLIGHTING = QT_TRANSLATE_NOOP("Shortcuts", "Highlighting")
_SEARCH = QT_TRANSLATE_NOOP("Shortcuts", "Search")

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("import_files", ("Ctrl+O",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Import files…")),
    Shortcut("import_folder", ("Ctrl+Shift+O",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Import a folder…")),
    Shortcut("export", ("Ctrl+E",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Export highlights…")),
    Shortcut("preferences", ("Ctrl+,",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Preferences")),
    Shortcut("undo", ("Ctrl+Z",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Undo")),
    Shortcut("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Redo")),
    Shortcut("shortcuts", ("F1",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Show this list of shortcuts")),
    Shortcut("quit", ("Ctrl+Q",), _GENERAL, QT_TRANSLATE_NOOP("Shortcuts", "Quit")),
    Shortcut("find_in_article", ("Ctrl+F",), _READING, QT_TRANSLATE_NOOP("Shortcuts", "Find in the open article")),
    Shortcut("find_next", ("F3",), _READING, QT_TRANSLATE_NOOP("Shortcuts", "Find the next match")),
    Shortcut("find_previous", ("Shift+F3",), _READING, QT_TRANSLATE_NOOP("Shortcuts", "Find the previous match")),
    Shortcut("zoom_in", ("Ctrl++", "Ctrl+="), _READING, QT_TRANSLATE_NOOP("Shortcuts", "Larger text")),
    Shortcut("zoom_out", ("Ctrl+-",), _READING, QT_TRANSLATE_NOOP("Shortcuts", "Smaller text")),
    Shortcut("zoom_reset", ("Ctrl+0",), _READING, QT_TRANSLATE_NOOP("Shortcuts", "Default text size")),
    Shortcut("highlight", ("H",), _HIGHLIGHTING,
             QT_TRANSLATE_NOOP("Shortcuts", "Highlight the selection in the default colour")),
    Shortcut("highlight_color", ("1", "2", "3", "4", "5", "6"), _HIGHLIGHTING,
             QT_TRANSLATE_NOOP("Shortcuts", "Highlight the selection in colour 1–6")),
    Shortcut("highlight_note", ("N",), _HIGHLIGHTING,
             QT_TRANSLATE_NOOP("Shortcuts", "Highlight the selection and write a note")),
    Shortcut("highlight_tags", ("T",), _HIGHLIGHTING,
             QT_TRANSLATE_NOOP("Shortcuts", "Highlight the selection and add tags")),
    Shortcut("delete_highlight", ("Del",), _HIGHLIGHTING,
             QT_TRANSLATE_NOOP("Shortcuts", "Delete the selected highlight (Undo brings it back)")),
    Shortcut("search", ("Ctrl+K", "/"), _SEARCH, QT_TRANSLATE_NOOP("Shortcuts", "Search the library")),
    Shortcut("open_result", ("Return",), _SEARCH, QT_TRANSLATE_NOOP("Shortcuts", "Open the selected result")),
    Shortcut("clear_search", ("Esc",), _SEARCH, QT_TRANSLATE_NOOP("Shortcuts", "Clear the search field")),
)

SECTIONS: tuple[str, ...] = (_GENERAL, _READING, _HIGHLIGHTING, _SEARCH)


def shortcut(action: str) -> Shortcut:
    """The shortcut of ``action``; raises KeyError for an unknown action id."""
    for item in SHORTCUTS:
        if item.action == action:
            return item
    raise KeyError(action)


def key_sequences(action: str) -> list[QKeySequence]:
    """The key sequences bound to ``action``, ready for ``QAction.setShortcuts``."""
    return [QKeySequence(keys) for keys in shortcut(action).keys]


def translated(text: str) -> str:
    """A section name or description in the interface language."""
    return QCoreApplication.translate("Shortcuts", text)


def key_texts(item: Shortcut) -> list[str]:
    """Each key sequence of a shortcut as the platform shows it; the colour keys 1…6 as one range."""
    if item.keys == tuple(str(n) for n in range(1, 7)):
        return ["1–6"]
    return [QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) for keys in item.keys]


def display_keys(item: Shortcut) -> str:
    """The keys of a shortcut on one line, e.g. ``Ctrl+K or /``."""
    return QCoreApplication.translate("Shortcuts", " or ").join(key_texts(item))


def by_section() -> list[tuple[str, list[Shortcut]]]:
    """Shortcuts grouped by section, in display order (section names untranslated)."""
    return [(section, [s for s in SHORTCUTS if s.section == section]) for section in SECTIONS]
