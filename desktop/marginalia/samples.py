"""The sample articles shipped with Marginalia, offered on first run ("Add sample articles").

They are original short texts in Ukrainian and English (a saved news page, a ``date YYYY-MM-DD``
plain-text article, an English long read, a Markdown note), enough to try highlighting and
Ukrainian-aware search on a fresh library.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLE_SUFFIXES = (".html", ".htm", ".txt", ".md")


def samples_dir() -> Path:
    """The folder holding the sample articles (inside the installed package)."""
    return Path(str(resources.files("marginalia.resources") / "samples"))


def sample_paths() -> list[Path]:
    """The sample article files, in a stable order (empty when the folder is missing)."""
    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SAMPLE_SUFFIXES)
