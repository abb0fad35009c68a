"""Importing files and folders through the Library facade: storage, duplicates, bad input."""

import os
import random

import pytest
from sqlalchemy import text

from marginalia.core import db
from tests.helpers.pages import EN_PLAIN, RU_HTML, UK_DATED, write


def test_import_text_html_and_folder(library, tmp_path):
    src = tmp_path / "in"
    write(src, "uk.txt", UK_DATED)
    write(src / "sub", "en.txt", EN_PLAIN)
    write(src / "sub" / "deeper", "ru.html", RU_HTML, encoding="cp1251")
    report = library.import_paths([src])
    assert [r.status for r in report.results] == ["imported"] * 3, report.to_json()
    rows = {a.language: a for a in library.list_articles()}
    assert set(rows) == {"uk", "en", "ru"}
    uk = library.get_article(rows["uk"].id)
    assert uk.title == "Уряд погодив програму відновлення мостів на Чернігівщині"
    assert uk.published.isoformat() == "2026-03-14"
    assert uk.text.startswith("Кабінет міністрів затвердив")
    ru = library.get_article(rows["ru"].id)
    assert ru.title == "Городской совет утвердил бюджет на ремонт школ"
    assert ru.site == "Вечерние вести" and ru.author == "Ольга Петренко"
    assert ru.published.isoformat() == "2026-09-03"
    assert "alert" not in ru.text and "Главная" not in ru.text and "права защищены" not in ru.text
    en = library.get_article(rows["en"].id)
    assert en.author == "Maria Kowalska" and en.published.isoformat() == "2026-11-20"


def test_raw_input_and_hash_are_kept_and_article_is_indexed(library, tmp_path):
    path = write(tmp_path, "uk.txt", UK_DATED)
    (result,) = library.import_paths([path]).results
    with db.read_session(library.engine) as s:
        raw = s.exec(text("SELECT data, filename FROM raw_input WHERE article_id=:i").bindparams(i=result.article_id)).one()
        assert raw[0] == UK_DATED.encode() and raw[1] == "uk.txt"
        debt = s.exec(text("SELECT count(*) FROM index_debt")).scalar()
    assert debt == 0
    assert [h.article_id for h in library.search("мости")] == [result.article_id]
    assert len(library.get_article(result.article_id).content_hash) == 64


def test_same_file_and_same_text_are_duplicates(library, tmp_path):
    first = write(tmp_path, "a.txt", UK_DATED)
    copy = write(tmp_path / "copy", "a-copy.txt", UK_DATED)
    reflowed = write(tmp_path, "b.txt", UK_DATED.replace("\n", "\r\n"))
    r1 = library.import_paths([first]).results[0]
    again = library.import_paths([first, copy, reflowed]).results
    assert [r.status for r in again] == ["duplicate"] * 3
    assert {r.article_id for r in again} == {r1.article_id}
    assert library.count_articles() == 1


def test_duplicates_within_one_batch(library, tmp_path):
    a = write(tmp_path, "a.txt", EN_PLAIN)
    b = write(tmp_path, "b.txt", EN_PLAIN)
    results = library.import_paths([a, b]).results
    assert [r.status for r in results] == ["imported", "duplicate"]
    assert results[0].article_id == results[1].article_id


def _bad_inputs(folder):
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    rnd = random.Random(7)
    noise = bytes(rnd.randrange(256) for _ in range(5000))
    nested = "<html><body>" + "<div>" * 60000 + "deep" + "</div>" * 60000 + "</body></html>"
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
            + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">\n' for p, c in zip("abcdefgh", "bcdefghi"))
            + ']>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&i;</p></body></html>')
    return {
        "empty.txt": b"",
        "blank.txt": b"   \n\n \t \n",
        "photo.html": png,
        "noise.bin.txt": noise,
        "nested.html": nested.encode(),
        "bomb.xhtml": bomb.encode(),
        "controls.txt": bytes(range(1, 9)) * 300,
    }


def test_bad_inputs_fail_with_one_line_and_the_batch_goes_on(library, tmp_path):
    good = write(tmp_path, "good.txt", UK_DATED)
    bad = [write(tmp_path, name, data) for name, data in _bad_inputs(tmp_path).items()]
    report = library.import_paths([*bad, good])
    by_name = {os.path.basename(r.path): r for r in report.results}
    assert by_name["good.txt"].status == "imported"
    for path in bad:
        r = by_name[path.name]
        if path.name in ("nested.html", "bomb.xhtml") and r.status == "imported":
            # Either refused with a reason or imported as the little text it holds; never expanded.
            art = library.get_article(r.article_id)
            assert len(art.text) < 1000
            continue
        assert r.status == "failed", (path.name, r)
        assert r.reason and "\n" not in r.reason and "Traceback" not in r.reason
    # nothing half-written: every article has its raw input
    with db.read_session(library.engine) as s:
        orphans = s.exec(text("SELECT count(*) FROM article a LEFT JOIN raw_input r ON r.article_id=a.id WHERE r.id IS NULL")).scalar()
    assert orphans == 0


def test_huge_page_is_bounded(library, tmp_path):
    para = "<p>" + "Довгий абзац тексту про новини регіону та події тижня. " * 20 + "</p>\n"
    filler = "<script>var x = '" + "x" * 1000 + "';</script>\n"
    body = (para + filler) * (50 * 1024 * 1024 // (len(para.encode()) + len(filler)))
    path = write(tmp_path, "huge.html", "<html><head><title>Huge</title></head><body>" + body + "</body></html>")
    assert path.stat().st_size > 45 * 1024 * 1024
    (result,) = library.import_paths([path]).results
    assert result.status in ("imported", "failed")
    if result.status == "failed":
        assert result.reason and "\n" not in result.reason


def test_missing_path_is_reported(library, tmp_path):
    report = library.import_paths([tmp_path / "nope.html"])
    assert report.results[0].status == "failed"
    assert "no such file" in report.results[0].reason


def test_cancel_stops_the_batch(library, tmp_path):
    paths = [write(tmp_path, f"{i}.txt", UK_DATED.replace("дванадцяти", f"{i} ")) for i in range(30)]

    class CancelAfterThree:
        def __init__(self):
            self.seen = 0

        def update(self, done, total, message=""):
            self.seen = done

        @property
        def cancelled(self):
            return self.seen >= 3

    report = library.import_paths(paths, progress=CancelAfterThree(), workers=1)
    assert report.cancelled
    assert library.count_articles() < 30
