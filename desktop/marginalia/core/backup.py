"""Backups of the library database: rotating copies made with SQLite's online backup API.

A backup is verified (``PRAGMA integrity_check`` on the copy) before it counts, is skipped when
nothing changed since the last one (a fingerprint of the data version is kept beside it), and
only the newest :data:`KEEP` automatic backups are kept. A database that SQLite cannot read is
moved aside — never overwritten — and the newest good backup takes its place.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from marginalia.core.paths import read_only_uri

KEEP = 10
_NAME_RE = re.compile(r"^library-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3$")
FINGERPRINT_SUFFIX = ".fingerprint"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int

    def to_json(self) -> dict:
        return {"path": str(self.path), "created": self.created.isoformat(timespec="seconds"), "size": self.size}


def fingerprint(db_path: Path) -> str:
    """A digest that changes with any committed write: row counts and highest rowids of every
    table, the newest update times of articles and highlights, and the small tables in full."""
    con = sqlite3.connect(read_only_uri(db_path), uri=True)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for name in tables:
            row = con.execute(f'SELECT count(*), max(rowid) FROM "{name}"').fetchone()
            h.update(f"{name}:{row}".encode())
        for name, column in (("article", "updated"), ("highlight", "updated")):
            if name in tables:
                h.update(repr(con.execute(f"SELECT max({column}) FROM {name}").fetchone()).encode())
        for name in ("tag", "color_meaning", "setting"):
            if name in tables:
                h.update(repr(con.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()).encode())
        return h.hexdigest()
    finally:
        con.close()


def copy_verified(src_path: Path, target: Path) -> Path:
    """Copy a live database with the online backup API into ``target`` and verify the copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    src = sqlite3.connect(read_only_uri(src_path), uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"the backup copy failed its integrity check: {ok}")
    tmp.replace(target)
    return target


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Automatic backups, newest first."""
    out = []
    if not backup_dir.is_dir():
        return out
    for p in backup_dir.iterdir():
        m = _NAME_RE.match(p.name)
        if m:
            created = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
            out.append((created, int(m.group(2) or 0), BackupInfo(p, created, p.stat().st_size)))
    # several backups in one second carry -1, -2, … -10: order by that number, not the name
    return [b for _, _, b in sorted(out, key=lambda t: (t[0], t[1]), reverse=True)]


def make_backup(db_path: Path, backup_dir: Path, *, keep: int = KEEP, force: bool = False) -> BackupInfo | None:
    """Take a verified backup unless nothing changed since the newest one (returns None then).
    Older automatic backups beyond ``keep`` are removed."""
    current = fingerprint(db_path)
    existing = list_backups(backup_dir)
    if existing and not force:
        fp = existing[0].path.with_name(existing[0].path.name + FINGERPRINT_SUFFIX)
        if fp.exists() and fp.read_text() == current:
            return None
    now = datetime.now(timezone.utc)
    stamp = f"{now:%Y%m%d-%H%M%S}"
    # number after the highest backup of this second (never reuse a pruned name: the new backup
    # must sort as the newest)
    taken = [int(m.group(2) or 0) for p in (backup_dir.iterdir() if backup_dir.is_dir() else ())
             if (m := _NAME_RE.match(p.name)) and m.group(1) == stamp]
    n = max(taken) + 1 if taken else 0
    target = backup_dir / (f"library-{stamp}-{n}.sqlite3" if n else f"library-{stamp}.sqlite3")
    copy_verified(db_path, target)
    target.with_name(target.name + FINGERPRINT_SUFFIX).write_text(current)
    for old in list_backups(backup_dir)[keep:]:
        if old.path == target:
            continue
        old.path.unlink(missing_ok=True)
        old.path.with_name(old.path.name + FINGERPRINT_SUFFIX).unlink(missing_ok=True)
    return BackupInfo(target, now, target.stat().st_size)


def is_healthy(db_path: Path) -> tuple[bool, str]:
    """Whether SQLite can open and fully read the database (quick_check)."""
    if not db_path.exists():
        return True, "missing"
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    return result == "ok", result


def move_aside(db_path: Path) -> Path:
    """Rename a damaged database (and its WAL/SHM files) out of the way; returns the new name."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            src.replace(Path(str(target) + suffix))
    return target


def restore_file(backup: Path, db_path: Path) -> Path | None:
    """Put ``backup`` in place of the database, after checking it; the current database (if
    any) is moved aside first and its new name returned."""
    ok, why = is_healthy(backup)
    if not ok or not backup.exists():
        raise ValueError(f"{backup} is not a readable Marginalia database ({why})")
    aside = move_aside(db_path) if db_path.exists() else None
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    tmp.replace(db_path)
    return aside


def recover(db_path: Path, backup_dir: Path, reason: str) -> str:
    """Move an unreadable database aside and put the newest good backup in its place.
    Returns the sentence to tell the user (which date they got back, where the old file is)."""
    aside = move_aside(db_path)
    for b in list_backups(backup_dir):
        ok, _ = is_healthy(b.path)
        if ok:
            tmp = db_path.with_name(db_path.name + ".restoring")
            shutil.copyfile(b.path, tmp)
            tmp.replace(db_path)
            when = b.created.astimezone().strftime("%Y-%m-%d %H:%M")
            return (f"The library database could not be read ({reason}). It was moved to {aside.name} and the "
                    f"backup of {when} was restored; changes made after that backup are not in it.")
    return (f"The library database could not be read ({reason}). It was moved to {aside.name}; no good backup "
            f"was found, so an empty library was started.")
