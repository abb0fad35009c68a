"""Backups, restore, recovery from a damaged database, and one writer per library."""

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from marginalia.core.errors import LibraryLocked
from marginalia.core.library import Library
from tests.helpers.articles import add_article


def test_backups_are_verified_rotated_and_skipped_when_unchanged(library):
    add_article(library, ["Перший абзац статті про резервні копії."])
    first = library.backup()
    assert first is not None and first.path.exists()
    assert sqlite3.connect(first.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert library.backup() is None  # nothing changed
    library.add_tags(1, ["нове"])
    assert library.backup() is not None
    for i in range(12):  # many in the same second: -1 … -11, ordered by number, not by name
        library.set_article_note(1, f"нотатка {i}")
        last = library.backup(force=True)
    assert len(library.list_backups()) == 10
    assert last.path.exists() and library.list_backups()[0].path == last.path


def test_restore_moves_the_current_database_aside(library):
    add_article(library, ["Стаття до резервної копії."], title="До")
    b = library.backup()
    add_article(library, ["Стаття після резервної копії."], title="Після")
    aside = library.restore(b.path)
    assert aside is not None and aside.exists()
    assert [a.title for a in library.list_articles()] == ["До"]
    assert [h.title for h in library.search("стаття")] == ["До"]


def test_damaged_database_is_moved_aside_and_newest_backup_restored(library_dir):
    lib = Library.open(library_dir)
    add_article(lib, ["Збережений текст."], title="Збережена")
    lib.backup()
    lib.close()
    db_file = library_dir / "library.sqlite3"
    for suffix in ("-wal", "-shm"):
        (library_dir / f"library.sqlite3{suffix}").unlink(missing_ok=True)
    db_file.write_bytes(b"this is not a database at all" * 100)
    lib = Library.open(library_dir)
    try:
        assert lib.recovery_notice and "restored" in lib.recovery_notice
        assert [a.title for a in lib.list_articles()] == ["Збережена"]
        damaged = [p for p in library_dir.iterdir() if ".damaged-" in p.name]
        assert damaged and damaged[0].read_bytes().startswith(b"this is not")
    finally:
        lib.close()


def test_second_desktop_copy_is_refused_and_lock_is_released_on_crash(library_dir, tmp_path):
    first = Library.open(library_dir, hold_writer=True)
    with pytest.raises(LibraryLocked, match="pid"):
        Library.open(library_dir, hold_writer=True)
    other = Library.open(library_dir)  # reads still work
    assert other.list_articles() == []
    other.close()
    first.close()
    # a process killed while holding the lock leaves no stale lock behind
    script = textwrap.dedent(f"""
        import os, signal
        from marginalia.core.library import Library
        lib = Library.open({str(library_dir)!r}, hold_writer=True)
        print("locked", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "locked" in out.stdout
    again = Library.open(library_dir, hold_writer=True)
    again.close()


def test_cli_backup_and_restore(tmp_path):
    from click.testing import CliRunner

    from marginalia.cli import cli

    lib = Library.open(tmp_path / "lib")
    add_article(lib, ["Текст."], title="Одна")
    lib.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "backup", "--json"])
    assert out.exit_code == 0, out.output
    import json

    path = json.loads(out.output)["path"]
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "restore", path])
    assert out.exit_code == 0 and "moved to" in out.output
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 50)
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "restore", str(bad)])
    assert out.exit_code == 1 and "not a readable" in out.output


def test_failed_migration_rolls_back_and_keeps_a_backup(library_dir, monkeypatch):
    from alembic import command
    from sqlalchemy import text

    from marginalia.core.errors import MarginaliaError

    lib = Library.open(library_dir)
    add_article(lib, ["Текст, який має пережити невдалу міграцію."], title="Вціліла")
    lib.close()
    con = sqlite3.connect(library_dir / "library.sqlite3")
    con.execute("UPDATE alembic_version SET version_num='0000'")  # pretend an older revision
    con.commit()
    con.close()

    def failing_upgrade(cfg, revision):
        cfg.attributes["connection"].execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("simulated failure in the middle of a migration")

    monkeypatch.setattr(command, "upgrade", failing_upgrade)
    monkeypatch.setattr("marginalia.core.db.current_revision", lambda engine: "0000")
    with pytest.raises(MarginaliaError, match="left unchanged"):
        Library.open(library_dir)
    con = sqlite3.connect(library_dir / "library.sqlite3")
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    assert con.execute("SELECT title FROM article").fetchone()[0] == "Вціліла"
    con.close()
    backups = list((library_dir / "backups").glob("pre-migration-*.sqlite3"))
    assert backups and sqlite3.connect(backups[0]).execute("SELECT count(*) FROM article").fetchone()[0] == 1
