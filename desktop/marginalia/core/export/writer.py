"""Atomic file writing for exports: a reader never sees a half-written file.

The data goes to a temporary file in the destination folder, is flushed to disk (fsync), and
is then moved into place in one step. Without ``force`` an existing file is never replaced,
even one created by another program while we were writing (the final step is a hard link,
which fails if the name is taken, where the file system allows it). Whatever goes wrong, the
temporary file is removed; one left by a writer that was killed (its name carries the writer's
process id) is removed by the next export to the same name. Text is written as UTF-8 exactly as
given (no newline translation).
"""

from __future__ import annotations

import errno
import os
import secrets
import time
from pathlib import Path

from marginalia.core.errors import UsageError


def write_atomic(path: Path | str, data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written.

    Raises :class:`UsageError` when ``path`` exists and ``force`` is false, when its folder
    does not exist, when it is a folder, or when the file system refuses the write.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"Cannot write {target}: the folder {folder} does not exist.")
    if target.is_dir():
        raise UsageError(f"Cannot write {target}: it is a folder; give a file name.")
    if not force and (target.exists() or target.is_symlink()):
        raise UsageError(f"{target} already exists; choose another name or use --force to overwrite it.")

    _sweep_leftovers(folder, target.name)
    temp_name: str | None = None
    try:
        fd, temp_name = _create_temp(folder, target.name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temp_name, target)
        else:
            _move_no_clobber(temp_name, target)
        temp_name = None
        _fsync_folder(folder)
    except FileExistsError:
        raise UsageError(f"{target} already exists; choose another name or use --force to overwrite it.") from None
    except OSError as err:
        raise UsageError(f"Cannot write {target}: {err.strerror or err}.") from None
    finally:
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass
    return target


def _move_no_clobber(source: str, target: Path) -> None:
    """Move ``source`` to ``target`` unless ``target`` exists (atomically where possible)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # No hard links here (FAT, some network shares): best effort check, then rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.replace(source, target)
        return
    os.unlink(source)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new, empty, exclusively created file beside the target. It is created with mode 0666
    so the user's umask applies, as for any file they save (mkstemp would make it 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(100):
        candidate = folder / f".{name[:80]}.{os.getpid()}-{secrets.token_hex(6)}.part"
        try:
            return os.open(candidate, flags, 0o666), str(candidate)
        except FileExistsError:
            continue
    raise OSError(errno.EIO, "could not create a temporary file", str(folder))


def _sweep_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files of earlier exports to ``name`` whose writer is gone (killed)."""
    for leftover in folder.glob(f".{glob_escape(name[:80])}.*-*.part"):
        pid_text = leftover.name[len(name[:80]) + 2:].split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text), leftover):
            continue
        try:
            leftover.unlink()
        except OSError:
            pass


def glob_escape(text: str) -> str:
    """``text`` with glob wildcards made literal."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _alive(pid: int, leftover: Path) -> bool:
    """Whether the writer that owns ``leftover`` may still be writing it."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no cheap liveness check: leave fresh files alone
        try:
            return time.time() - leftover.stat().st_mtime < 24 * 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
