"""Exports through the facade and CLI: scopes, safe writing, and a JSON round trip between libraries."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from marginalia.cli import cli
from marginalia.core.errors import UsageError
from marginalia.core.library import Library
from tests.helpers.pages import EN_PLAIN, UK_DATED, write


@pytest.fixture
def sources(tmp_path):
    return [write(tmp_path / "src", "uk.txt", UK_DATED), write(tmp_path / "src", "en.txt", EN_PLAIN)]


@pytest.fixture
def annotated(library, sources):
    results = library.import_paths(sources).results
    uk, en = (r.article_id for r in results)
    library.add_tags(uk, ["інфраструктура"])
    h1 = library.add_highlight(uk, quote="відновлення дванадцяти мостів", color="green", note="Порахувати мости", tags=["мости"])
    h2 = library.add_highlight(uk, quote="Перші чотири мости", color="red")
    h3 = library.add_highlight(en, quote="more than forty thousand pages", note="=SUM(A1)", tags=["archives"])
    return library, uk, en, (h1, h2, h3)


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_scopes(annotated):
    lib, uk, en, (h1, h2, h3) = annotated
    assert {r["highlight_id"] for r in _csv_rows(lib.export_text("csv"))} == {str(h1.id), str(h2.id), str(h3.id)}
    assert {r["highlight_id"] for r in _csv_rows(lib.export_text("csv", article_ids=[en]))} == {str(h3.id)}
    assert {r["highlight_id"] for r in _csv_rows(lib.export_text("csv", tag="мости"))} == {str(h1.id)}
    assert {r["highlight_id"] for r in _csv_rows(lib.export_text("csv", tag="інфраструктура"))} == {str(h1.id), str(h2.id)}
    # a query finds highlights in other word forms, or all highlights of the articles it finds
    assert {r["highlight_id"] for r in _csv_rows(lib.export_text("csv", query="міст"))} == {str(h1.id), str(h2.id)}
    found = _csv_rows(lib.export_text("csv", query="volunteers", query_scope="articles"))
    assert {r["highlight_id"] for r in found} == {str(h3.id)}
    rows = _csv_rows(lib.export_text("csv", article_ids=[uk]))
    assert [r["highlight_id"] for r in rows] == [str(h1.id), str(h2.id)]  # text order
    assert rows[0]["color_meaning"] == "evidence"
    formula = _csv_rows(lib.export_text("csv", article_ids=[en]))[0]["note"]
    assert formula == "'=SUM(A1)"


def test_markdown_and_citation(annotated):
    lib, uk, en, (h1, h2, h3) = annotated
    md = lib.export_text("markdown", article_ids=[uk])
    assert "> відновлення дванадцяти мостів" in md
    assert f"marginalia://article/{uk}#highlight={h1.id}" in md
    cite = lib.citation_text(h3.id)
    assert "more than forty thousand pages" in cite and "Maria Kowalska" in cite


def test_file_is_not_overwritten_without_force(annotated, tmp_path):
    lib = annotated[0]
    out = tmp_path / "out" / "quotes.md"
    out.parent.mkdir()
    lib.export_to_file(out, "markdown")
    before = out.read_text()
    with pytest.raises(UsageError, match="exists"):
        lib.export_to_file(out, "csv")
    assert out.read_text() == before
    lib.export_to_file(out, "csv", force=True, bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in out.parent.iterdir()] == ["quotes.md"]  # no temporary file left


def test_json_round_trip_into_a_fresh_library(annotated, sources, tmp_path):
    lib, uk, en, _ = annotated
    exported = lib.export_text("json")
    before = {(h.quote, h.start, h.end, h.color, h.note, h.tags) for h in lib.list_highlights()}
    other = Library.open(tmp_path / "other")
    try:
        other.import_paths(list(reversed(sources)))  # other ids
        report = other.import_annotations(exported)
        assert report.added == 3 and report.orphaned == 0 and not report.unmatched_articles
        after = {(h.quote, h.start, h.end, h.color, h.note, h.tags) for h in other.list_highlights()}
        assert after == before
        again = other.import_annotations(exported)
        assert again.added == 0 and again.skipped_existing == 3
        assert [h.highlight_id for h in other.search("мостів", kind="highlight")]
    finally:
        other.close()


def test_export_cli(annotated, tmp_path):
    lib = annotated[0]
    runner = CliRunner()
    out = tmp_path / "w3c.jsonld"
    args = ["--library", str(lib.root), "export", "--format", "w3c", "--out", str(out)]
    lib.close()
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    data = json.loads(out.read_text())
    assert data["type"] == "AnnotationCollection"
    second = runner.invoke(cli, args)
    assert second.exit_code != 0 and "exists" in second.output
    assert runner.invoke(cli, [*args, "--force"]).exit_code == 0
    bad = runner.invoke(cli, ["--library", str(lib.root), "import-annotations", str(tmp_path / "w3c.jsonld")])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
