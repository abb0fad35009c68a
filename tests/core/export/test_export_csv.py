"""CSV export: read back with the csv module; quoting, BOM and formula neutralisation."""

from __future__ import annotations

import codecs
import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from marginalia.core.export.csv_format import COLUMNS, FORMULA_TRIGGERS, neutralise_formula, to_csv
from marginalia.core.export.model import ExportArticle, order_articles

from .samples import DASH_QUOTE, FORMULA_QUOTE, MULTILINE_QUOTE, QUOTED_SPEECH, make_article, make_highlight, sample_items


def read_rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[0] == list(COLUMNS)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def test_columns_are_in_the_documented_order():
    assert COLUMNS == ("article_title", "site", "author", "published", "url", "quote", "note", "tags", "color",
                       "color_meaning", "position", "created", "updated", "article_id", "highlight_id")


def test_one_row_per_quote_with_its_article_details():
    items = order_articles(sample_items())
    rows = read_rows(to_csv(items))
    assert [int(r["highlight_id"]) for r in rows] == [h.id for item in items for h in item.highlights]
    first_uk = next(r for r in rows if r["quote"] == MULTILINE_QUOTE)
    assert first_uk["article_title"] == "Міська рада Черкас ухвалила програму ремонту укриттів у школах"
    assert first_uk["published"] == "2025-11-25"
    assert first_uk["url"] == "https://vistnyk.example.ua/news/2025/11/25/ukryttya-shkoly"
    assert first_uk["tags"] == "cold war, Україна, бюджет/2025, 1984"
    assert (first_uk["color"], first_uk["color_meaning"]) == ("red", "contested claim")
    assert (first_uk["position"], first_uk["article_id"]) == ("900", "1")
    assert first_uk["created"] == "2025-11-26T09:00:00"
    assert first_uk["note"].startswith("Порівняти з **торішнім** рішенням.\n\n- перевірити суму")


def test_quotes_with_double_quotes_and_newlines_round_trip_exactly():
    items = [ExportArticle(make_article(), [make_highlight(quote=QUOTED_SPEECH), make_highlight(quote=MULTILINE_QUOTE)])]
    rows = read_rows(to_csv(items))
    assert [r["quote"] for r in rows] == [QUOTED_SPEECH, MULTILINE_QUOTE]


def test_rfc4180_line_endings_and_quoting():
    text = to_csv([ExportArticle(make_article(), [make_highlight(quote=QUOTED_SPEECH)])])
    assert text.endswith("\r\n") and text.count("\r\n") == 2
    assert '"""Ми не можемо чекати до весни"", — наголосила директорка ліцею №7."' in text


def test_missing_author_date_url_and_orphan_position_are_empty_cells():
    article = make_article(author=None, site=None, url=None, published=None)
    rows = read_rows(to_csv([ExportArticle(article, [make_highlight(orphan=True)])]))
    assert (rows[0]["author"], rows[0]["site"], rows[0]["url"], rows[0]["published"], rows[0]["position"]) == ("",) * 5


def test_formula_cells_are_neutralised():
    rows = {r["quote"]: r for r in read_rows(to_csv(sample_items()))}
    assert "'" + FORMULA_QUOTE in rows
    assert "'" + DASH_QUOTE in rows
    assert rows["'" + FORMULA_QUOTE]["tags"] == "'=cmd|' /C calc'!A0"
    notes = {r["note"] for r in rows.values()}
    assert {"'+ перевірити у протоколі", "'@директорка: уточнити"} <= notes
    assert rows[QUOTED_SPEECH]["quote"] == QUOTED_SPEECH  # ordinary text is untouched


def test_formula_after_leading_whitespace_and_fullwidth_forms_are_neutralised():
    for cell in (" =1+1", "\n@SUM(A1)", "\t-2", "\r+3", "＝1+1", "\u00a0 -cmd"):
        assert neutralise_formula(cell) == "'" + cell
    for cell in ("1+1", "Київ = столиця", "", "'quoted", "—тире", "42"):
        assert neutralise_formula(cell) == cell


def test_bom_is_written_only_when_asked_and_excel_style_reading_works():
    items = sample_items()
    plain, with_bom = to_csv(items), to_csv(items, bom=True)
    assert not plain.startswith("\ufeff")
    assert with_bom.encode("utf-8").startswith(codecs.BOM_UTF8)
    assert with_bom.encode("utf-8").decode("utf-8-sig") == plain


def test_empty_export_is_just_the_header():
    assert to_csv([]) == ",".join(COLUMNS) + "\r\n"


CELL = st.text(alphabet=st.sampled_from(sorted(FORMULA_TRIGGERS) + list(" \n\"',;|Київa1\u00a0🇺🇦")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(quote=CELL.filter(lambda q: q != ""), note=CELL, tags=st.lists(CELL.filter(lambda t: "," not in t), max_size=3))
def test_no_cell_can_start_a_formula_and_the_original_is_recoverable(quote, note, tags):
    highlight = make_highlight(quote=quote, note=note, tags=tuple(tags))
    row = read_rows(to_csv([ExportArticle(make_article(), [highlight])]))[0]
    for cell, original in ((row["quote"], quote), (row["note"], note), (row["tags"], ", ".join(tags))):
        if cell != original:
            assert cell == "'" + original
        stripped = cell.lstrip()
        assert not stripped or stripped[0] not in FORMULA_TRIGGERS
        assert not cell or cell[0] not in FORMULA_TRIGGERS
