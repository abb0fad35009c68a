"""Search through the facade: what a user writes is findable at once, in other word forms; the
index follows the database after crashes and damage."""

import json
import shutil

import pytest
from sqlalchemy import text

from marginalia.core import db
from marginalia.core.errors import QueryError
from marginalia.core.library import Library
from tests.helpers.articles import add_article

PARAS = [
    "Прем'єр-міністр Великобританії провів переговори з президентом Франції про гарантії безпеки.",
    "Сторони домовилися відправити військових інструкторів до України навесні.",
]


@pytest.fixture
def article_id(library):
    aid = add_article(library, PARAS, title="Лондон і Париж обговорили безпеку")
    library.settle_index()
    return aid


def _ids(hits, kind="article"):
    return [h.article_id if kind == "article" else h.highlight_id for h in hits if h.kind == kind]


def test_articles_found_by_other_word_forms(library, article_id):
    assert _ids(library.search("переговорів")) == [article_id]
    assert _ids(library.search("Україну")) == [article_id]
    assert _ids(library.search("прем’єр-міністра")) == [article_id]
    assert library.search("переговори Бразилія") == []


def test_highlight_quote_note_and_tag_are_searchable_at_once(library, article_id):
    h = library.add_highlight(article_id, quote="відправити військових інструкторів", note="Перевірити джерела навчань",
                              tags=["оборона"], color="contested claim")
    hits = library.search("інструктори", kind="highlight")
    assert _ids(hits, "highlight") == [h.id]
    assert "<mark>" in hits[0].snippet
    assert _ids(library.search("note:джерело", kind="highlight"), "highlight") == [h.id]
    assert _ids(library.search("tag:оборона", kind="highlight"), "highlight") == [h.id]
    assert _ids(library.search("color:contested", kind="highlight"), "highlight") == [h.id]
    assert _ids(library.search("has:highlights")) == [article_id]
    library.edit_highlight(h.id, note="Зовсім інша думка")
    assert library.search("note:джерело", kind="highlight") == []
    library.delete_highlight(h.id)
    assert library.search("інструктори", kind="highlight") == []
    library.restore_highlight(h.id)
    assert _ids(library.search("інструктори", kind="highlight"), "highlight") == [h.id]


def test_tags_and_notes_on_articles(library, article_id):
    library.add_tags(article_id, ["Холодна війна"])
    assert _ids(library.search('tag:"холодна війна"')) == [article_id]
    library.rename_tag("Холодна війна", "безпека")
    assert library.search('tag:"холодна війна"') == []
    assert _ids(library.search("tag:безпека")) == [article_id]


def test_malformed_query_is_a_clear_error(library, article_id):
    with pytest.raises(QueryError):
        library.search('"unbalanced')


def test_drift_after_crash_between_database_and_index_is_repaired(library_dir):
    lib = Library.open(library_dir)
    aid = add_article(lib, PARAS, title="Перша")
    lib.settle_index()
    # Simulate a crash after the database commit and before the index commit: the debt is in
    # the database, the index never saw the change.
    add_article(lib, ["Зовсім нова стаття про врожай пшениці на Полтавщині."], title="Друга")
    lib.close()
    reopened = Library.open(library_dir)
    try:
        report = reopened.check()
        assert report.pending_debt == 1 and not report.ok
        assert [h.title for h in reopened.search("пшениця")] == ["Друга"]  # start-up settles the debt
        assert reopened.check().ok
        assert _ids(reopened.search("переговори")) == [aid]
    finally:
        reopened.close()


def test_missing_or_scrambled_index_is_rebuilt(library_dir):
    lib = Library.open(library_dir)
    aid = add_article(lib, PARAS)
    lib.settle_index()
    lib.close()
    shutil.rmtree(library_dir / "index")
    lib = Library.open(library_dir)
    assert _ids(lib.search("переговори")) == [aid]
    assert lib.index_notice
    lib.close()
    for f in (library_dir / "index").iterdir():
        if f.suffix in (".seg", ".toc"):
            f.write_bytes(b"\x00garbage" * 100)
    lib = Library.open(library_dir)
    try:
        assert _ids(lib.search("переговори")) == [aid]
        assert lib.check().ok
    finally:
        lib.close()


def test_reindex_and_check_cli(tmp_path):
    from click.testing import CliRunner

    from marginalia.cli import cli

    lib = Library.open(tmp_path / "lib")
    add_article(lib, PARAS)
    lib.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "check", "--json"])
    assert out.exit_code == 1 and json.loads(out.output)["pending_debt"] == 1
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "reindex"])
    assert out.exit_code == 0 and "1 documents" in out.output
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "check", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["ok"] is True
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "search", "переговорах", "--json"])
    hits = json.loads(out.output)
    assert out.exit_code == 0 and set(hits[0]) == {"kind", "article_id", "highlight_id", "title", "score", "snippet"}
    out = runner.invoke(cli, ["--library", str(tmp_path / "lib"), "search", '"broken'])
    assert out.exit_code == 2 and "Traceback" not in out.output
