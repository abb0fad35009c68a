"""What the main window remembers between runs: geometry, dock and toolbar state, the splitters,
the library table's columns, and the reader's theme and font size (through ``Settings``)."""

from __future__ import annotations


def restore(window) -> None:
    """Put the window back as it was (a comfortable default size on the first run)."""
    s = window.settings
    if s.geometry is not None:
        window.restoreGeometry(s.geometry)
    else:
        window.resize(1360, 860)
    if s.window_state is not None:
        window.restoreState(s.window_state)
    for name, splitter in (("main", window.splitter), ("library", window.library_pane.splitter)):
        state = s.splitter_state(name)
        if state is not None:
            splitter.restoreState(state)
    header = s.header_state("library")
    if header is not None:
        window.library_pane.table.horizontalHeader().restoreState(header)


def save(window) -> None:
    """Remember the window's layout and reading settings (called when it closes)."""
    s = window.settings
    s.geometry = window.saveGeometry()
    s.window_state = window.saveState()
    s.set_splitter_state("main", window.splitter.saveState())
    s.set_splitter_state("library", window.library_pane.splitter.saveState())
    s.set_header_state("library", window.library_pane.table.horizontalHeader().saveState())
    s.theme = window.reader.theme.name
    s.font_size = window.reader.font_size
    s.sync()
