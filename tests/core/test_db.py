"""Storage: the migration creates exactly the models' schema; PRAGMAs hold on every connection."""

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from marginalia.core import db
from marginalia.core.library import Library


def test_migrated_schema_matches_models(library):
    with library.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == []


def test_every_connection_has_wal_foreign_keys_and_busy_timeout(library):
    for _ in range(3):
        with library.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == db.BUSY_TIMEOUT_MS
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_reopening_keeps_data_and_runs_no_migration(library_dir):
    lib = Library.open(library_dir)
    with db.write_session(lib.engine) as s:
        s.exec(text("INSERT INTO setting (key, value) VALUES ('k', 'v')"))
    lib.close()
    again = Library.open(library_dir)
    try:
        assert again.migration_backup is None
        with db.read_session(again.engine) as s:
            assert s.exec(text("SELECT value FROM setting WHERE key='k'")).scalar() == "v"
    finally:
        again.close()


def test_old_database_is_upgraded_after_a_backup(library_dir):
    lib = Library.open(library_dir)
    lib.close()
    # Pretend the database is from before the first revision: an unversioned file holding
    # some other data. Opening it must back it up first, then create the schema.
    con = sqlite3.connect(library_dir / "library.sqlite3")
    con.execute("DROP TABLE alembic_version")
    for table in ("highlight_tag", "article_tag", "raw_input", "highlight", "index_debt", "color_meaning", "tag",
                  "article", "setting"):
        con.execute(f"DROP TABLE {table}")
    con.execute("CREATE TABLE legacy_notes (body TEXT)")
    con.execute("INSERT INTO legacy_notes VALUES ('keep me')")
    con.commit()
    con.close()
    lib = Library.open(library_dir)
    try:
        assert lib.migration_backup is not None and lib.migration_backup.exists()
        assert db.current_revision(lib.engine) == db.head_revision(lib.engine)
        backup = sqlite3.connect(lib.migration_backup)
        assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert backup.execute("SELECT body FROM legacy_notes").fetchone()[0] == "keep me"
        backup.close()
    finally:
        lib.close()


def test_write_session_rolls_back_on_error(library):
    try:
        with db.write_session(library.engine) as s:
            s.exec(text("INSERT INTO setting (key, value) VALUES ('x', '1')"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.read_session(library.engine) as s:
        assert s.exec(text("SELECT count(*) FROM setting WHERE key='x'")).scalar() == 0


def test_default_palette_has_six_named_colours(library):
    with db.read_session(library.engine) as s:
        rows = s.exec(text("SELECT key, name FROM color_meaning ORDER BY position")).all()
    assert len(rows) >= 6
    assert ("red", "contested claim") in [tuple(r) for r in rows]


def test_library_at_the_first_revision_is_upgraded_with_its_data(library_dir):
    from alembic import command

    lib = Library.open(library_dir)
    from tests.helpers.articles import add_article

    add_article(lib, ["Текст, що переживе оновлення схеми."], title="Стара")
    cfg = db._alembic_config(lib.engine)
    with lib.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    lib.close()
    lib = Library.open(library_dir)
    try:
        assert lib.migration_backup is not None and lib.migration_backup.exists()
        assert db.current_revision(lib.engine) == db.head_revision(lib.engine)
        assert [a.title for a in lib.list_articles(sort="title")] == ["Стара"]
    finally:
        lib.close()


def test_filter_folds_cyrillic_case(library):
    from tests.helpers.articles import add_article

    add_article(library, ["Текст."], title="Вибори до Верховної Ради")
    add_article(library, ["Text."], title="ELECTIONS in 100% of districts")
    assert [a.title for a in library.list_articles(filter_text="вибори")] == ["Вибори до Верховної Ради"]
    assert library.count_articles(filter_text="ВЕРХОВНОЇ") == 1
    assert [a.title for a in library.list_articles(filter_text="100%")] == ["ELECTIONS in 100% of districts"]
    assert library.list_articles(filter_text="_") == []


def test_folder_names_with_uri_characters(tmp_path):
    from marginalia.core.peek import peek
    from tests.helpers.articles import add_article

    folder = tmp_path / "мої статті ?#% (2026)"
    lib = Library.open(folder)
    add_article(lib, ["Текст."], title="Тут")
    assert lib.backup(force=True).path.parent == folder / "backups"
    lib.close()
    assert (folder / "library.sqlite3").exists() and not (tmp_path / "мої статті ").exists()
    assert peek(folder / "library.sqlite3")[0] == 1
    again = Library.open(folder)
    try:
        assert [a.title for a in again.list_articles()] == ["Тут"]
    finally:
        again.close()
