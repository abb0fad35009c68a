"""The interface language: which translation the app loads, the locale of its dates.

- :func:`resolve_language` turns the Preferences choice (``system``, ``en``, ``uk``) into the
  language actually used: ``system`` follows the system's preferred UI languages.
- :func:`install_translators` loads our compiled translation (``marginalia_<lang>.qm``, shipped
  as package data of ``marginalia.resources`` and found through ``importlib.resources``) and Qt's
  own ``qtbase_<lang>.qm`` (standard buttons, file dialogs), and makes the chosen locale the
  default ``QLocale`` so that dates and numbers follow it. Call it before building widgets.
- :func:`format_date` shows a date in that locale (``22 листопада 2026``, ``22 November 2026``).
- :func:`color_label` translates the palette's default colour meanings (``key point``…) while
  leaving names the user gave untouched.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("marginalia")

SOURCE_LANGUAGE = "en"
#: Interface languages with a translation (English is the source language).
TRANSLATED = ("uk",)
LOCALES = {"en": "en_US", "uk": "uk_UA"}
LONG_DATE = "d MMMM yyyy"
SHORT_DATE = "d MMM yyyy"
QM_PREFIX = "marginalia_"

#: The palette's default colour meanings (core/models.py DEFAULT_COLORS), translated when shown.
DEFAULT_COLOR_NAMES = {
    "yellow": QT_TRANSLATE_NOOP("Palette", "key point"),
    "red": QT_TRANSLATE_NOOP("Palette", "contested claim"),
    "green": QT_TRANSLATE_NOOP("Palette", "evidence"),
    "blue": QT_TRANSLATE_NOOP("Palette", "definition"),
    "purple": QT_TRANSLATE_NOOP("Palette", "question"),
    "orange": QT_TRANSLATE_NOOP("Palette", "to follow up"),
}


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """``en`` or ``uk``: the explicit choice, or for ``system`` the first of the system's preferred
    interface languages that Marginalia speaks (English when none is)."""
    if choice in TRANSLATED or choice == SOURCE_LANGUAGE:
        return choice
    system = system or QLocale.system()
    for tag in system.uiLanguages():
        code = tag.replace("_", "-").split("-")[0].lower()
        if code in TRANSLATED or code == SOURCE_LANGUAGE:
            return code
    return SOURCE_LANGUAGE


def translations_dir() -> Path:
    """The folder holding the compiled ``*.qm`` files (inside the installed package)."""
    return Path(str(resources.files("marginalia.resources") / "translations"))


def qt_translations_dir() -> str:
    """Where Qt keeps its own translations (``qtbase_uk.qm``…)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def _load(translator: QTranslator, path: Path) -> bool:
    return path.is_file() and translator.load(str(path))


def install_translators(app: QCoreApplication, choice: str, folder: Path | None = None) -> str:
    """Load the translations for the Preferences ``choice`` into ``app``; return the language used.

    ``folder`` overrides where ``marginalia_<lang>.qm`` is looked for (tests compile their own).
    Translators installed by an earlier call are removed first. A missing ``.qm`` is logged and
    the interface stays English; dates still follow the chosen locale."""
    for old in getattr(app, "_marginalia_translators", []):
        app.removeTranslator(old)
    app._marginalia_translators = []
    language = resolve_language(choice)
    QLocale.setDefault(QLocale(LOCALES.get(language, "en_US")))
    if language == SOURCE_LANGUAGE:
        return language
    ours = QTranslator(app)
    if _load(ours, (folder or translations_dir()) / f"{QM_PREFIX}{language}.qm"):
        app.installTranslator(ours)
        app._marginalia_translators.append(ours)
    else:
        log.warning("no %s translation found; the interface stays in English", language)
        return SOURCE_LANGUAGE
    qt_own = QTranslator(app)
    if _load(qt_own, Path(qt_translations_dir()) / f"qtbase_{language}.qm"):
        app.installTranslator(qt_own)
        app._marginalia_translators.append(qt_own)
    return language


def format_date(value: date | datetime | None, *, short: bool = False) -> str:
    """A date in the default locale: ``22 листопада 2026`` (``short``: ``22 лист. 2026``).

    An aware ``datetime`` is shown in local time; None gives an empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone().date() if value.tzinfo is not None else value.date()
    return QLocale().toString(QDate(value.year, value.month, value.day), SHORT_DATE if short else LONG_DATE)


def format_number(value: int) -> str:
    """An integer with the locale's digit grouping (``12 345`` in Ukrainian)."""
    return QLocale().toString(int(value))


def color_label(key: str, name: str) -> str:
    """The colour meaning as shown: a default name translated, a name the user gave as it is."""
    default = DEFAULT_COLOR_NAMES.get(key)
    if default is not None and name == default:
        return QCoreApplication.translate("Palette", default)
    return name

