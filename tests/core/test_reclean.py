"""Cleaning stored articles again: the new text replaces the old and every highlight moves with
it — exact, moved, fuzzy or orphan — and nothing is deleted."""

import json

from click.testing import CliRunner
from sqlalchemy import text

from marginalia.cli import cli
from marginalia.core import db
from tests.helpers.pages import write

PAGE = """ date 2026-05-02 Місто отримало нові автобуси
Міська рада отримала двадцять нових автобусів для маршрутів до віддалених районів.
Перші машини вийдуть на лінію вже наступного тижня, повідомили в департаменті транспорту.
Водіїв навчатимуть працювати з новими системами оплати проїзду.
Раніше мешканці скаржилися на довгі інтервали руху ввечері.
"""


def _age_the_article(library, article_id):
    """Make the stored text look like an older, worse cleaning: junk before and after, a
    paragraph the old cleaner split differently."""
    with library.write_lock, db.write_session(library.engine) as s:
        old = s.exec(text("SELECT text FROM article WHERE id=:i").bindparams(i=article_id)).scalar()
        aged = "Головна | Новини | Контакти\n\n" + old.replace(" вже наступного", "  вже  наступного") + \
            "\n\nПідписуйтесь на наш канал\n\n25.11"
        s.exec(text("UPDATE article SET text=:t WHERE id=:i").bindparams(t=aged, i=article_id))


def test_reclean_moves_highlights_and_reports(library, tmp_path):
    path = write(tmp_path, "bus.txt", PAGE)
    aid = library.import_paths([path]).results[0].article_id
    _age_the_article(library, aid)
    aged_text = library.get_article(aid).text
    a = library.add_highlight(aid, quote="двадцять нових автобусів", note="перевірити кількість")
    b = library.add_highlight(aid, quote="Перші машини вийдуть на лінію  вже  наступного тижня")
    c = library.add_highlight(aid, quote="Підписуйтесь на наш канал")  # junk the better cleaner drops
    assert library.get_article(aid).text == aged_text

    report = library.reclean([aid])
    assert report.articles == 1 and report.changed == 1
    assert report.exact + report.moved + report.fuzzy == 2 and report.orphaned == 1
    new_text = library.get_article(aid).text
    assert "Підписуйтесь" not in new_text
    ha, hb, hc = (library.get_highlight(h.id) for h in (a, b, c))
    assert new_text[ha.start:ha.end] == "двадцять нових автобусів" and ha.note == "перевірити кількість"
    assert new_text[hb.start:hb.end] == "Перші машини вийдуть на лінію вже наступного тижня"
    assert hc.orphan and hc.quote == "Підписуйтесь на наш канал"  # kept, to re-attach by hand
    start = new_text.index("довгі інтервали")
    reattached = library.reattach_highlight(hc.id, start=start, end=start + len("довгі інтервали"))
    assert not reattached.orphan and reattached.quote == "довгі інтервали"


def test_reclean_cli_json(library, tmp_path):
    path = write(tmp_path, "bus.txt", PAGE)
    aid = library.import_paths([path]).results[0].article_id
    library.add_highlight(aid, quote="системами оплати проїзду")
    root = str(library.root)
    library.close()
    out = CliRunner().invoke(cli, ["--library", root, "reclean", "--all", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["articles"] == 1 and data["exact"] == 1 and data["orphaned"] == 0
    assert CliRunner().invoke(cli, ["--library", root, "reclean"]).exit_code == 2
