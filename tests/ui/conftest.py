"""UI test set-up: offscreen Qt, isolated settings, Qt warnings fail a test, a ready main window.

- Every test under ``tests/ui`` fails on a Qt warning (pytest-qt ``qt_log_level_fail``), except
  the offscreen platform's own note about size hints.
- ``QSettings`` write to a temporary INI folder, never to the user's configuration.
- ``make_window`` opens a :class:`MainWindow` on a library folder and waits (no sleeps) until the
  library is open and listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from marginalia.core import articles, db
from marginalia.core.blocks import PARAGRAPH, Block, make_block
from marginalia.core.importing.article import CleanedArticle

UI_DIR = Path(__file__).parent
OFFSCREEN_NOISE = ("propagateSizeHints",)
WAIT_MS = 30000


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if UI_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(qapp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("qsettings")
    qapp.setApplicationName("Marginalia")
    qapp.setOrganizationName("Marginalia")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    # The app always sets a default locale (ui.i18n.install_translators); English unless a test asks.
    QLocale.setDefault(QLocale("en_US"))
    return folder


@pytest.fixture
def settings(tmp_path):
    from marginalia.ui.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def add_blocks_article(library, blocks: list[Block], *, title: str = "Article", site: str | None = None,
                       author: str | None = None, url: str | None = None, published=None,
                       language: str | None = "uk") -> int:
    """Store an article made of the given blocks (no cleaning), like an import would."""
    cleaned = CleanedArticle(title=title, blocks=blocks, kind="html", author=author, site=site, url=url,
                             published=published, language=language)
    data = ("\n\n".join([title] + [b.text for b in blocks])).encode()
    with library.write_lock, db.write_session(library.engine) as s:
        return articles.insert_article(s, cleaned, data=data, digest=articles.raw_hash(data), filename="a.html",
                                       source_path=None)


def paragraphs(*texts: str) -> list[Block]:
    return [make_block(PARAGRAPH, t) for t in texts]


@pytest.fixture
def make_window(qtbot, settings, library_dir):
    """``make_window(prepare=None)``: a shown main window over ``library_dir`` with the library
    open and its first page listed. ``prepare(library)`` may add articles first."""
    from marginalia.core.library import Library
    from marginalia.ui.main_window import MainWindow

    made = []

    def make(prepare=None, window_settings=None):
        if prepare is not None:
            lib = Library.open(library_dir)
            try:
                prepare(lib)
            finally:
                lib.close()
        window = MainWindow(window_settings or settings)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        with qtbot.waitSignal(window.library_pane.model.count_changed, timeout=WAIT_MS):
            window.open_library(str(library_dir))
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def open_and_wait(qtbot, window, article_id: int, highlight_id: int | None = None, words=None) -> None:
    with qtbot.waitSignal(window.article_shown, timeout=WAIT_MS):
        window.open_article(article_id, highlight_id, words)


def wait_idle(qtbot, window) -> None:
    """Wait until every queued read and write has delivered its result."""
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=WAIT_MS)
