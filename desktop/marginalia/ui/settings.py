"""What the desktop app remembers between runs, over ``QSettings``.

:class:`Settings` is a thin typed wrapper: window geometry and state, splitter states, the
library table's header, reader theme and font size, the library folder and the interface
language. It reads and writes through one ``QSettings`` (by default the application's, named
"Marginalia"/"Marginalia" by ``ui.app``; tests pass their own INI-backed one).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

THEMES = ("light", "sepia", "dark")
LANGUAGES = ("system", "en", "uk")
DEFAULT_FONT_SIZE = 13
MIN_FONT_SIZE = 9
MAX_FONT_SIZE = 32


class Settings:
    """Typed access to the app's ``QSettings``. Values are validated on read."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings()

    # -- generic -----------------------------------------------------------------------------

    def value(self, key: str, default=None):
        return self.store.value(key, default)

    def set_value(self, key: str, value) -> None:
        self.store.setValue(key, value)

    def _bytes(self, key: str) -> QByteArray | None:
        data = self.store.value(key)
        return data if isinstance(data, QByteArray) and not data.isEmpty() else None

    def sync(self) -> None:
        self.store.sync()

    # -- window ------------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, data: QByteArray) -> None:
        self.store.setValue("window/geometry", data)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, data: QByteArray) -> None:
        self.store.setValue("window/state", data)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, data: QByteArray) -> None:
        self.store.setValue(f"splitters/{name}", data)

    def header_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"headers/{name}")

    def set_header_state(self, name: str, data: QByteArray) -> None:
        self.store.setValue(f"headers/{name}", data)

    # -- reader ------------------------------------------------------------------------------

    @property
    def theme(self) -> str:
        value = str(self.store.value("reader/theme", "light"))
        return value if value in THEMES else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self.store.setValue("reader/theme", value if value in THEMES else "light")

    @property
    def font_size(self) -> int:
        try:
            size = int(self.store.value("reader/font_size", DEFAULT_FONT_SIZE))
        except (TypeError, ValueError):
            size = DEFAULT_FONT_SIZE
        return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.store.setValue("reader/font_size", max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, int(value))))

    # -- library and language ----------------------------------------------------------------

    @property
    def library_dir(self) -> str | None:
        value = self.store.value("library/folder", "")
        return str(value) if value else None

    @library_dir.setter
    def library_dir(self, value: str | None) -> None:
        self.store.setValue("library/folder", value or "")

    @property
    def language(self) -> str:
        value = str(self.store.value("ui/language", "system"))
        return value if value in LANGUAGES else "system"

    @language.setter
    def language(self, value: str) -> None:
        self.store.setValue("ui/language", value if value in LANGUAGES else "system")

    @property
    def last_article(self) -> int | None:
        try:
            value = int(self.store.value("library/last_article", 0))
        except (TypeError, ValueError):
            return None
        return value or None

    @last_article.setter
    def last_article(self, value: int | None) -> None:
        self.store.setValue("library/last_article", int(value or 0))
