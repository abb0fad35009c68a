"""Which files an import covers: files given by name, and documents found in folders (recursive)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from marginalia.core.importing.sniff import DOCUMENT_EXTENSIONS

MAX_FILE_BYTES = 100 * 1024 * 1024
# Assets of saved pages and other things a folder of articles holds that are not articles.
_ASSET_EXTENSIONS = {
    ".css", ".js", ".mjs", ".json", ".map", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico",
    ".bmp", ".tif", ".tiff", ".avif", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".webm",
    ".ogg", ".wav", ".zip", ".gz", ".pdf", ".exe", ".dll", ".so", ".pyc", ".db", ".sqlite3", ".xml",
}


@dataclass(frozen=True)
class Candidate:
    """A file to import, or a path that could not be used (``reason`` set)."""

    path: Path
    reason: str | None = None


def collect(paths: list[str | os.PathLike]) -> list[Candidate]:
    """Expand folders recursively (symlink loops are not followed twice; hidden entries and the
    ``*_files`` folders of saved pages are skipped); keep explicitly named files whatever their
    extension, so that content decides."""
    out: list[Candidate] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            out.append(Candidate(path, "no such file or folder"))
        elif path.is_dir():
            out.extend(_walk(path, seen))
        elif path.is_file():
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                out.append(Candidate(path))
        else:
            out.append(Candidate(path, "not a regular file"))
    return out


def _walk(root: Path, seen: set[Path]) -> list[Candidate]:
    found: list[Candidate] = []
    visited_dirs: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real_dir = Path(dirpath).resolve()
        if real_dir in visited_dirs:
            dirnames[:] = []
            continue
        visited_dirs.add(real_dir)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not d.endswith("_files"))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            suffix = path.suffix.lower()
            if suffix in _ASSET_EXTENSIONS or (suffix not in DOCUMENT_EXTENSIONS and not _looks_textual(path)):
                continue
            try:
                real = path.resolve()
            except OSError:
                continue
            if real in seen or not path.is_file():
                continue
            seen.add(real)
            found.append(Candidate(path))
    return found


def _looks_textual(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return bool(head) and b"\x00" not in head


def read_limited(path: Path) -> bytes:
    """Read a file, refusing (BadInput) one larger than :data:`MAX_FILE_BYTES`."""
    from marginalia.core.errors import BadInput

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInput(f"too large: {size / 1024**2:.0f} MB (the limit is {MAX_FILE_BYTES // 1024**2} MB)")
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise BadInput("permission denied") from None
    except IsADirectoryError:
        raise BadInput("is a folder") from None
    except OSError as exc:
        raise BadInput(f"cannot read the file ({exc.strerror or exc})") from None
