"""The application shell: icon and desktop-entry name for the task bar, links from the system."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent, QGuiApplication

from marginalia.ui.app import APP_ID, _LinkOpener, app_icon, create_application


def test_the_app_has_its_icon_and_desktop_entry_name(qapp):
    app = create_application()
    assert QGuiApplication.desktopFileName() == APP_ID
    sizes = {s.width() for s in app_icon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes
    assert not app.windowIcon().isNull()


class FakeWindow:
    def __init__(self):
        self.opened = []
        self.messages = []

    def isMinimized(self):  # noqa: N802 - Qt API shape
        return False

    def raise_(self):
        pass

    def activateWindow(self):  # noqa: N802
        pass

    def open_article(self, article_id, highlight_id=None):
        self.opened.append((article_id, highlight_id))

    def show_message(self, text):
        self.messages.append(text)


def test_a_link_handed_over_by_the_system_opens_the_article(qapp):
    window = FakeWindow()
    opener = _LinkOpener(qapp, lambda: window)
    assert opener.eventFilter(qapp, QFileOpenEvent(QUrl("marginalia://article/12#highlight=3")))
    assert window.opened == [(12, 3)]
    assert not opener.eventFilter(qapp, QFileOpenEvent(QUrl.fromLocalFile("/tmp/page.html")))
    assert window.opened == [(12, 3)]
