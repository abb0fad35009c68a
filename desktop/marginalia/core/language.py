"""Language of an article: uk, ru, en and others (ISO 639-1), Ukrainian and Russian told apart.

Cyrillic text is decided by letters only one of the two languages has (і ї є ґ against
ы э ъ ё), which is exact for any real paragraph; py3langid decides everything else.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CYR_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_UK_RE = re.compile(r"[іїєґІЇЄҐ]")
_RU_RE = re.compile(r"[ыэъёЫЭЪЁ]")
_BE_RE = re.compile(r"[ўЎ]")


@lru_cache(maxsize=1)
def _classify():
    import py3langid

    return py3langid.classify


def detect_language(text: str) -> str | None:
    """Best guess of the language code of ``text``, or None when there is too little text."""
    sample = text[:8000]
    cyr = len(_CYR_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    if cyr + latin < 20:
        return None
    if cyr > latin:
        uk, ru, be = len(_UK_RE.findall(sample)), len(_RU_RE.findall(sample)), len(_BE_RE.findall(sample))
        if be > 2 and be > uk:
            return "be"
        if uk > ru:
            return "uk"
        if ru > uk:
            return "ru"
    lang, _score = _classify()(sample)
    return lang
