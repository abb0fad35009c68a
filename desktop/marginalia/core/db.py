"""Engine, PRAGMAs, sessions, schema migrations (Alembic) and SQLite backups.

Every connection gets WAL, foreign keys, a busy timeout and ``synchronous=FULL``: in WAL mode
FULL syncs the log at each commit, so a highlight whose call returned survives a power cut, not
only a crash of the app (NORMAL would be enough for an app crash but may lose the last commits
on power loss; a commit costs well under a millisecond more, which a reader's edits never feel).
Write transactions start with ``BEGIN IMMEDIATE`` so two writers never deadlock on upgrade.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterator

from sqlalchemy import event, inspect
from sqlalchemy.engine import URL, Engine
from sqlmodel import Session, create_engine

BUSY_TIMEOUT_MS = 15_000
SYNCHRONOUS = "FULL"


def utcnow() -> datetime:
    """Current time in UTC, aware, to the second (how datetimes are stored and returned)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def make_engine(db_path: Path) -> Engine:
    # URL.create, not an f-string: a '?' or '#' in a folder name must stay part of the path.
    engine = create_engine(
        URL.create("sqlite", database=str(db_path)),
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - SQLAlchemy hook
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
        cur.close()
        # SQLite's lower() and LIKE fold only ASCII; filters on Cyrillic need Unicode folding.
        dbapi_conn.create_function("casefold", 1, _casefold, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001 - SQLAlchemy hook
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reads; objects are expunged on exit, so never return ORM objects from it."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction (BEGIN IMMEDIATE): commits on success, rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={"sqlite_immediate": True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# --- migrations -----------------------------------------------------------------------------

def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("marginalia.core") / "migrations"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()


def has_user_tables(engine: Engine) -> bool:
    return bool(set(inspect(engine).get_table_names()) - {"alembic_version"})


def upgrade(engine: Engine, *, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to the newest revision. Before changing an existing database, a backup
    is taken into ``backup_dir``; its path is returned (None when nothing had to run)."""
    from alembic import command

    current = current_revision(engine)
    head = head_revision(engine)
    if current == head:
        return None
    backup = None
    if backup_dir is not None and has_user_tables(engine):
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        from marginalia.core.backup import copy_verified

        backup = copy_verified(Path(engine.url.database), backup_dir / f"pre-migration-{current or 'none'}-{stamp}.sqlite3")
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup
