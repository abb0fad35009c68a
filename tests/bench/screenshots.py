"""Screenshots of the main views for the README: ``make screenshots``.

Starts the desktop app (under Xvfb when there is no display: a private server is started and
stopped again), with the sample articles imported into a temporary library and a few
highlights and notes on them, and saves PNGs of the main views into ``resources/screenshots/``:

- ``welcome.png``      the first run, empty library
- ``reader.png``       library, reader with highlights, annotations (light theme)
- ``search.png``       a Ukrainian search in another word form, the hit opened in the reader
- ``reader-sepia.png`` / ``reader-dark.png``  the other themes
- ``export.png``       the export dialog with its preview
- ``preferences.png``  colour meanings in Preferences
- ``tags.png``         the tags dialog

Nothing is written to the user's settings or library. Run: ``python tests/bench/screenshots.py
[--out DIR]``. Waiting is done with event loops that quit on a signal or a timeout, never by
sleeping on the UI thread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "resources" / "screenshots"
WAIT_MS = 60000
SIZE = (1440, 900)

# Highlights put on the sample articles: (title start, quote, colour, note, tags).
HIGHLIGHTS = (
    ("Громада на Полтавщині", "Переговори з обласною службою доріг тривали кілька тижнів, але ремонт пішохідних "
     "переправ у бюджеті цього року не передбачили.", "red",
     "Типовий мотив: держава **відмовляє**, громада робить сама.", ["відбудова", "громади"]),
    ("Громада на Полтавщині", "Загалом зібрали 612 тисяч гривень.", "green", "Порівняти з іншими зборами.",
     ["цифри"]),
    ("Громада на Полтавщині", "конструкція розрахована на повінь, удвічі більшу за весняну", "blue", "", []),
    ("Громада на Полтавщині", "якщо люди бачать результат, вони охоче долучаються вдруге", "yellow",
     "Ключова думка для розділу 3.", ["громади"]),
    ("Notes in the Margin", "A margin is a promise that the reader's mind matters as much as the author's.",
     "yellow", "Epigraph for the introduction?", ["marginalia"]),
    ("Notes in the Margin", "Annotation forces a different kind of attention.", "purple",
     "Find the study behind this.", ["reading"]),
    ("У Харкові відкрили", "кожного року стрічки стають крихкішими", "orange", "Написати кафедрі.", ["архіви"]),
)


def start_display() -> subprocess.Popen | None:
    """Start a private Xvfb when no display is set; returns the process to stop later."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        print("Xvfb not found: rendering offscreen (fonts may differ).", file=sys.stderr)
        return None
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    else:
        raise SystemExit("no free X display number")
    proc = subprocess.Popen([xvfb, f":{number}", "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("Xvfb did not start")
        time.sleep(0.05)  # not the UI thread: Qt is not started yet
    os.environ["DISPLAY"] = f":{number}"
    return proc


def prepare_library(folder: Path) -> None:
    """Import the sample articles and annotate them (headless, through the facade)."""
    from marginalia.core.library import Library
    from marginalia.samples import sample_paths

    with Library.open(folder) as lib:
        report = lib.import_paths(sample_paths())
        failed = [r for r in report.results if r.status == "failed"]
        if failed:
            raise SystemExit(f"sample import failed: {failed}")
        by_title = {a.title: a.id for a in lib.list_articles()}
        for title_start, quote, color, note, tags in HIGHLIGHTS:
            article_id = next(i for t, i in by_title.items() if t.startswith(title_start))
            lib.add_highlight(article_id, quote=quote, color=color, note=note, tags=tags)
        ua = next(i for t, i in by_title.items() if t.startswith("Громада"))
        lib.add_tags(ua, ["Полтавщина", "відбудова"])
        lib.set_read(ua, True)
        if hasattr(lib, "settle_index"):
            lib.settle_index()


class Shooter:
    """Drives the window through the views and saves each one as a PNG."""

    def __init__(self, app: Any, out: Path) -> None:
        self.app = app
        self.out = out
        self.saved: list[Path] = []

    def wait_signal(self, signal: Any, timeout: int = WAIT_MS) -> list:
        from PySide6.QtCore import QEventLoop, QTimer

        loop, got = QEventLoop(), []

        def received(*args) -> None:
            got.append(args)
            loop.quit()

        signal.connect(received)
        QTimer.singleShot(timeout, loop.quit)
        loop.exec()
        signal.disconnect(received)
        if not got:
            raise SystemExit(f"timed out waiting for {signal}")
        return list(got[0])

    def wait_until(self, predicate: Callable[[], bool], timeout: int = WAIT_MS) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(lambda: loop.quit() if predicate() else None)
        poll.start()
        QTimer.singleShot(timeout, loop.quit)
        if not predicate():
            loop.exec()
        poll.stop()
        if not predicate():
            raise SystemExit("timed out waiting for the window")

    def settle(self, ms: int = 300) -> None:
        """Let pending paints and layouts finish (an event loop for a moment)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shoot(self, widget: Any, name: str) -> None:
        self.settle()
        path = self.out / name
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not save {path}")
        self.saved.append(path)
        print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def find_dialog(app: Any, cls: type) -> Any:
    for widget in app.topLevelWidgets():
        if isinstance(widget, cls) and widget.isVisible():
            return widget
    raise SystemExit(f"no {cls.__name__} on screen")


def run(out: Path) -> list[Path]:
    from PySide6.QtCore import QSettings

    from marginalia.ui.app import build_window, create_application
    from marginalia.ui.export_dialog import ExportDialog
    from marginalia.ui.main_window import MainWindow
    from marginalia.ui.preferences import PreferencesDialog
    from marginalia.ui.settings import Settings
    from marginalia.ui.tags_dialog import TagsDialog

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="marginalia-shots-") as temp:
        temp_dir = Path(temp)
        app = create_application(["marginalia"])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(temp_dir / "settings"))
        shooter = Shooter(app, out)

        def window_over(folder: Path) -> MainWindow:
            settings = Settings(QSettings(str(temp_dir / f"{folder.name}.ini"), QSettings.Format.IniFormat))
            window = build_window(app, settings)
            window.resize(*SIZE)
            window.show()
            window.open_library(str(folder))
            shooter.wait_signal(window.library_ready)
            shooter.wait_until(lambda: window.tasks.idle)
            return window

        empty = window_over(temp_dir / "empty")
        shooter.shoot(empty, "welcome.png")
        empty.close()
        empty.tasks.shutdown()

        full_dir = temp_dir / "samples"
        prepare_library(full_dir)
        window = window_over(full_dir)
        lib = window.library
        ua = next(a.id for a in lib.list_articles() if a.title.startswith("Громада"))
        first = next(h for h in lib.list_highlights(ua))
        window.open_article(ua)  # from the top: title, citation line, the first highlights
        shooter.wait_signal(window.article_shown)
        shooter.wait_until(lambda: window.tasks.idle)
        shooter.shoot(window, "reader.png")

        window.focus_search()
        window.search_panel.set_query("переговори")
        shooter.wait_signal(window.search_panel.results_changed)
        window.search_panel.open_current()
        shooter.wait_signal(window.article_shown)
        shooter.wait_until(lambda: window.tasks.idle)
        shooter.shoot(window, "search.png")

        window.focus_library()
        window.open_article(ua, first.id)
        shooter.wait_signal(window.article_shown)
        for theme in ("sepia", "dark"):
            window.set_theme(theme)
            shooter.shoot(window, f"reader-{theme}.png")
        window.set_theme("light")

        window.export()
        dialog = find_dialog(app, ExportDialog)
        dialog.set_scope("library")
        shooter.wait_until(lambda: dialog.full_text() is not None)
        shooter.shoot(dialog, "export.png")
        dialog.close()

        window.preferences()
        prefs = find_dialog(app, PreferencesDialog)
        prefs.tabs.setCurrentIndex(1)
        shooter.shoot(prefs, "preferences.png")
        prefs.reject()

        window.manage_tags()
        tags = find_dialog(app, TagsDialog)
        shooter.wait_until(lambda: tags.table.rowCount() > 0)
        shooter.shoot(tags, "tags.png")
        tags.close()

        window.close()
        window.tasks.shutdown()
        return shooter.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNGs")
    args = parser.parse_args(argv)
    display = start_display()
    try:
        saved = run(args.out)
    finally:
        if display is not None:
            display.terminate()
            display.wait(10)
    print(f"{len(saved)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
