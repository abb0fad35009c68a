"""Entry point of the desktop app: ``marginalia gui`` (or ``marginalia`` alone) calls :func:`run`.

:func:`run` creates the ``QApplication`` (named "Marginalia" so ``QSettings`` find their place),
applies the calm look (Fusion style, a palette and a small style sheet per theme), shows the main
window at once and only then opens the library in the background — the heavy imports
(SQLModel, readability, Whoosh) happen on the writer thread after the first paint. A
``marginalia://article/<id>[#highlight=<id>]`` argument opens that article, scrolled to that
highlight. Unexpected errors become a message box, never a traceback on screen.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
import traceback

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

log = logging.getLogger("marginalia")

APP_ID = "io.github.marginalia.Marginalia"
_URL_RE = re.compile(r"^marginalia://article/(\d+)/?(?:#highlight=(\d+))?$", re.IGNORECASE)

# window, base, alt base, text, muted, button, mid line, accent (the last two: card, active card border)
_CHROME = {
    "light": ("#f4f4f1", "#ffffff", "#f7f7f5", "#1f2328", "#6b7280", "#ffffff", "#d9d9d4", "#2563eb",
              "#ffffff", "#93a3b8"),
    "sepia": ("#efe7d6", "#faf5ea", "#f3ecdd", "#3b2f23", "#7c6a55", "#faf5ea", "#d8ccb4", "#8a5a2b",
              "#fbf7ee", "#b49a76"),
    "dark": ("#232529", "#1c1e22", "#212327", "#d8dadf", "#9aa0aa", "#2b2e33", "#3a3d43", "#8ab4f8",
             "#2a2d32", "#6b7280"),
}


def parse_article_url(url: str) -> tuple[int, int | None] | None:
    """``marginalia://article/12#highlight=34`` -> ``(12, 34)``; None if it is not such a link."""
    match = _URL_RE.match(url.strip())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def style_sheets(theme: str) -> dict[str, str]:
    """Style sheets for parts of the main window, keyed by the part's attribute name.

    They are set on those parts only, never on the application: an application-wide style sheet
    makes every widget (a hundred highlight cards) slow to create. The rest follows the palette."""
    window, base, alt, text, muted, button, line, accent, _card, _active = _CHROME.get(theme, _CHROME["light"])
    on_accent = "#0f1724" if theme == "dark" else "#ffffff"
    line_edit = (f"QLineEdit {{ padding: 4px 6px; border: 1px solid {line}; border-radius: 6px; background: {base}; }}"
                 f"QLineEdit:focus {{ border: 1px solid {accent}; }}")
    return {
        "toolbar": f"""
            QToolBar {{ background: {window}; border: none; border-bottom: 1px solid {line}; spacing: 4px;
                        padding: 3px 6px; }}
            QToolBar QToolButton {{ padding: 4px 10px; border-radius: 6px; color: {text}; }}
            QToolBar QToolButton:hover {{ background: {line}; }}
            QToolBar QToolButton:disabled {{ color: {muted}; }}""",
        "left_tabs": f"""
            QTabWidget::pane {{ border: none; }}
            QTabBar::tab {{ padding: 6px 14px; border: none; color: {muted}; background: transparent; }}
            QTabBar::tab:selected {{ color: {text}; border-bottom: 2px solid {accent}; }}
            QTableView#libraryTable {{ border: none; background: {base}; alternate-background-color: {alt};
                selection-background-color: {accent}; selection-color: {on_accent}; }}
            QHeaderView::section {{ background: {window}; color: {muted}; border: none;
                border-bottom: 1px solid {line}; padding: 4px 6px; }}
            QListWidget#tagList {{ border: none; background: {base}; }}
            QListWidget#tagList::item {{ padding: 3px 8px; }}
            QListWidget#tagList::item:selected {{ background: {alt}; color: {accent}; font-weight: 600; }}
            QLabel#sectionTitle, QLabel#countLabel {{ color: {muted}; }}
            {line_edit}""",
        "find_bar": f"QWidget#findBar {{ background: {window}; border-top: 1px solid {line}; }} {line_edit}",
        "placeholder": f"QLabel#placeholder {{ color: {muted}; font-size: 15px; background: {base}; }}",
    }


def apply_style(app: QApplication, theme: str, window=None) -> None:
    """The window chrome follows the reader's theme (light, sepia, dark)."""
    window_bg, base, alt, text, muted, button, line, accent, _card, _active = _CHROME.get(theme, _CHROME["light"])
    palette = QPalette()
    for role, value in ((QPalette.ColorRole.Window, window_bg), (QPalette.ColorRole.Base, base),
                        (QPalette.ColorRole.AlternateBase, alt), (QPalette.ColorRole.Text, text),
                        (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.Button, button),
                        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.Highlight, accent),
                        (QPalette.ColorRole.HighlightedText, "#0f1724" if theme == "dark" else "#ffffff"),
                        (QPalette.ColorRole.PlaceholderText, muted),
                        (QPalette.ColorRole.Mid, line), (QPalette.ColorRole.Midlight, line),
                        (QPalette.ColorRole.ToolTipBase, base), (QPalette.ColorRole.ToolTipText, text),
                        (QPalette.ColorRole.Link, accent)):
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(muted))
    app.setPalette(palette)
    if window is not None:
        for name, sheet in style_sheets(theme).items():
            widget = getattr(window, name, None)
            if widget is not None:
                widget.setStyleSheet(sheet)


def _install_error_hook(app: QApplication) -> None:
    """Unexpected errors: logged with their traceback, shown to the user as one line."""

    def hook(kind, value, tb) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        from marginalia.ui.tasks import user_message

        window = app.activeWindow()
        QMessageBox.warning(window, "Marginalia", user_message(value))

    sys.excepthook = hook


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Marginalia")
    app.setOrganizationName("Marginalia")
    app.setApplicationDisplayName("Marginalia")
    # Wayland and the task bar match the window to the installed desktop entry by this name.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    if "fusion" in [k.lower() for k in QStyleFactory.keys()]:
        app.setStyle("Fusion")
    return app


def app_icon() -> QIcon:
    """The app's icon in every size shipped (SVG for any other size)."""
    from importlib import resources

    icon = QIcon()
    folder = resources.files("marginalia.resources") / "icons"
    try:
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return icon
    for entry in entries:
        if entry.name.startswith(APP_ID) and entry.name.endswith((".png", ".svg")):
            icon.addFile(str(entry))
    return icon


class _LinkOpener(QObject):
    """macOS hands ``marginalia://`` links to the running app as file-open events."""

    def __init__(self, app: QApplication, window_of) -> None:
        super().__init__(app)
        self._window_of = window_of

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FileOpen:
            url = event.url().toString() or event.file()
            if url.lower().startswith("marginalia:"):
                _handle_request(self._window_of(), {"url": url})
                return True
        return False


def _settle_memory(_library) -> None:
    """Once the library (and its heavy modules) is loaded, move everything alive into the
    permanent generation: later full garbage collections, which hold the interpreter lock, then
    scan only what imports and edits create, so the window does not stutter during an import."""
    gc.collect()
    gc.freeze()


def build_window(app: QApplication, settings=None):
    """The main window styled for its theme, as :func:`run` shows it (benchmarks use this too)."""
    from marginalia.ui.main_window import MainWindow
    from marginalia.ui.settings import Settings

    from marginalia.ui.i18n import install_translators

    settings = settings or Settings()
    install_translators(app, settings.language)
    apply_style(app, settings.theme)
    window = MainWindow(settings)
    apply_style(app, settings.theme, window)
    window.theme_changed.connect(lambda theme: apply_style(app, theme, window))
    window.library_ready.connect(_settle_memory)
    return window


def _handle_request(window, request: dict) -> None:
    """A later start on the same library asked this app to show itself (and open a link)."""
    if window is None:
        return
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    url = request.get("url")
    if url:
        target = parse_article_url(url)
        if target is None:
            window.show_message(QCoreApplication.translate("MainWindow", "Not a Marginalia link: %1").replace("%1", url))
        else:
            window.open_article(target[0], target[1])


def run(library_dir: str | None = None, url: str | None = None) -> int:
    """Start the desktop app; returns the exit code."""
    logging.basicConfig(level=os.environ.get("MARGINALIA_LOG", "WARNING"))
    app = create_application()
    from marginalia.core.paths import resolve_library_dir
    from marginalia.ui.settings import Settings
    from marginalia.ui.single_instance import claim_or_hand_over

    settings = Settings()
    window = None
    # One window per library: a second start hands its link to the running app and quits.
    folder = resolve_library_dir(library_dir or settings.library_dir)
    server = claim_or_hand_over(folder, url, lambda request: _handle_request(window, request), app)
    if server is None:
        print(f"Marginalia is already open on {folder}; it was asked to show {url or 'its window'}.")
        return 0
    window = build_window(app, settings)
    app.installEventFilter(_LinkOpener(app, lambda: window))
    _install_error_hook(app)
    target = parse_article_url(url) if url else None
    if url and target is None:
        window.show_message(QCoreApplication.translate("MainWindow", "Not a Marginalia link: %1").replace("%1", url))
    if target is not None:
        window.open_article(target[0], target[1])
    window.show()
    QTimer.singleShot(0, lambda: window.open_library(library_dir or settings.library_dir))
    return app.exec()
