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
    extension, so that content decides.

    Inside a folder, a symbolic link is followed only when it leads to somewhere inside that
    folder: a link out of it (to a secret, to ``/``) or a link that loops or leads nowhere gets a
    reason instead. A sub-folder that cannot be opened gets a reason too. Only regular files are
    ever opened (never a pipe or a device, which could block).
    """
    out: list[Candidate] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_symlink() and _real(path) is None:
            out.append(Candidate(path, _LOOP_REASON))
        elif not path.exists():
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


_LOOP_REASON = "a symbolic link that loops or leads nowhere"
_OUTSIDE_REASON = "a symbolic link to outside the imported folder (not followed; import its target by name)"


def _real(path: Path) -> Path | None:
    """Where ``path`` really is, or None for a link loop or a link to nothing."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        return None


def _inside(real: Path, root: Path) -> bool:
    return real == root or root in real.parents


def _walk(root: Path, seen: set[Path]) -> list[Candidate]:
    found: list[Candidate] = []
    visited_dirs: set[Path] = set()
    root_real = _real(root) or root

    def unreadable(exc: OSError) -> None:
        found.append(Candidate(Path(exc.filename or root), f"cannot open the folder ({exc.strerror or exc})"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable):
        real_dir = _real(Path(dirpath))
        if real_dir is None or real_dir in visited_dirs:
            dirnames[:] = []
            continue
        visited_dirs.add(real_dir)
        keep = []
        for name in sorted(dirnames):
            if name.startswith(".") or name.endswith("_files"):
                continue
            sub = Path(dirpath) / name
            if sub.is_symlink():
                target = _real(sub)
                if target is None or not _inside(target, root_real):
                    found.append(Candidate(sub, _LOOP_REASON if target is None else _OUTSIDE_REASON))
                    continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            suffix = path.suffix.lower()
            if suffix in _ASSET_EXTENSIONS:
                continue
            real = _real(path)
            if path.is_symlink() and (real is None or not _inside(real, root_real)):
                found.append(Candidate(path, _LOOP_REASON if real is None else _OUTSIDE_REASON))
                continue
            if real is None or real in seen or not path.is_file():
                continue  # gone meanwhile, already listed, or a pipe, socket or device
            if suffix not in DOCUMENT_EXTENSIONS and not _looks_textual(path):
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
