"""Where a library lives: ``--library DIR``, else ``MARGINALIA_LIBRARY``, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "MARGINALIA_LIBRARY"
DB_NAME = "library.sqlite3"
INDEX_DIR = "index"
BACKUP_DIR = "backups"


def default_library_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("Marginalia", appauthor=False))


def resolve_library_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().absolute()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().absolute()
    return default_library_dir()


def read_only_uri(path: str | os.PathLike) -> str:
    """An SQLite URI opening ``path`` read-only; percent-encoded, so '?', '#' or '%' in a folder
    name cannot be taken for URI syntax."""
    return Path(path).absolute().as_uri() + "?mode=ro"
