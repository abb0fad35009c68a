"""CSL-JSON export: entries a reference manager can import, with sensible types and names."""

from __future__ import annotations

import json
from datetime import date

import pytest

from marginalia.core.export.csl import csl_names, to_csl
from marginalia.core.export.model import ExportArticle, order_articles

from .samples import make_article, sample_items


def entries(items) -> list[dict]:
    return json.loads(to_csl(items))


def test_one_entry_per_article_with_the_citation_fields():
    items = order_articles(sample_items())
    data = entries(items)
    assert [e["id"] for e in data] == [f"marginalia-{item.article.id}" for item in items]
    uk = data[-1]
    assert uk == {
        "id": "marginalia-1",
        "type": "article-newspaper",
        "title": "Міська рада Черкас ухвалила програму ремонту укриттів у школах",
        "container-title": "Черкаський вісник",
        "author": [{"family": "Дмитрук", "given": "Олена"}],
        "issued": {"date-parts": [[2025, 11, 25]]},
        "URL": "https://vistnyk.example.ua/news/2025/11/25/ukryttya-shkoly",
        "accessed": {"date-parts": [[2025, 11, 26]]},
        "language": "uk",
    }


def test_local_note_without_url_site_author_or_date():
    blog = next(e for e in entries(sample_items()) if e["id"] == "marginalia-3")
    assert blog["type"] == "document"
    assert not {"author", "issued", "URL", "container-title"} & set(blog)
    assert blog["accessed"] == {"date-parts": [[2025, 9, 1]]}


@pytest.mark.parametrize(
    "site, url, published, expected",
    [
        ("Черкаський вісник", "https://vistnyk.example.ua/a", date(2025, 1, 2), "article-newspaper"),
        ("Kyiv Daily News", "https://example.org/x", None, "article-newspaper"),
        (None, "https://www.pravda.example/news/2025/12/01/1", None, "article-newspaper"),
        ("Personal blog", "https://blog.example.net/post", None, "webpage"),
        (None, "https://docs.example.org/guide", None, "webpage"),
        (None, None, None, "document"),
    ],
)
def test_type_follows_what_the_source_looks_like(site, url, published, expected):
    [entry] = entries([ExportArticle(make_article(site=site, url=url, published=published), [])])
    assert entry["type"] == expected


@pytest.mark.parametrize(
    "byline, names",
    [
        ("Олена Дмитрук", [{"family": "Дмитрук", "given": "Олена"}]),
        ("Дмитрук, Олена", [{"family": "Дмитрук", "given": "Олена"}]),
        ("By Maria Kowalska", [{"family": "Kowalska", "given": "Maria"}]),
        ("Автор: Тарас Гнатюк", [{"family": "Гнатюк", "given": "Тарас"}]),
        ("Сидоренко Пётр Ильич", [{"family": "Сидоренко", "given": "Пётр Ильич"}]),
        ("Пётр Ильич Сидоренко", [{"family": "Сидоренко", "given": "Пётр Ильич"}]),
        ("Ірина Ткач та Андрій Мельник", [{"family": "Ткач", "given": "Ірина"}, {"family": "Мельник", "given": "Андрій"}]),
        ("Ірина Ткач, Андрій Мельник", [{"family": "Ткач", "given": "Ірина"}, {"family": "Мельник", "given": "Андрій"}]),
        ("Jean-Luc O'Connor", [{"family": "O'Connor", "given": "Jean-Luc"}]),
        ("Вечірні новини", [{"literal": "Вечірні новини"}]),
        ("Reuters", [{"literal": "Reuters"}]),
        ("Редакція", [{"literal": "Редакція"}]),
        ("ТСН", [{"literal": "ТСН"}]),
        ("Staff and agencies", [{"literal": "Staff and agencies"}]),
        ("Прес-служба міської ради", [{"literal": "Прес-служба міської ради"}]),
        ("Ірина Ткач, Reuters", [{"literal": "Ірина Ткач, Reuters"}]),
        ("   ", []),
    ],
)
def test_bylines_become_people_or_organisations(byline, names):
    assert csl_names(byline) == names


def test_output_is_utf8_json_array():
    text = to_csl(sample_items())
    assert text.startswith("[") and "Дмитрук" in text
    assert to_csl([]) == "[]\n"
