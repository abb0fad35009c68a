"""Page metadata: title, author, date, site, address and language hint from what pages declare."""

from __future__ import annotations

import json
from datetime import date

import pytest

from marginalia.core.importing.metadata import (
    PageMeta, extract_metadata, parse_iso_date, strip_site_from_title,
)


def page(head: str = "", body: str = "<p>Текст.</p>", html_attrs: str = "") -> str:
    return f"<!DOCTYPE html><html{html_attrs}><head>{head}</head><body>{body}</body></html>"


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def test_json_ld_news_article_inside_a_graph() -> None:
    head = "<title>Підсумки сесії міськради | Міські вісті</title>" + ld({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://misto.example.ua/#site", "name": "Міські вісті"},
            {"@type": "BreadcrumbList", "itemListElement": []},
            {"@type": "NewsArticle", "headline": "Підсумки сесії міськради", "datePublished": "2024-02-07T16:05:00+02:00",
             "author": [{"@type": "Person", "name": "Ірина Гук"}, {"@type": "Person", "name": "Тарас Бець"}],
             "publisher": {"@id": "https://misto.example.ua/#site"}},
        ],
    })
    meta = extract_metadata(page(head))
    assert meta.title == "Підсумки сесії міськради"
    assert meta.author == "Ірина Гук, Тарас Бець"
    assert meta.published == date(2024, 2, 7)
    assert meta.site == "Міські вісті"


@pytest.mark.parametrize("author, expected", [
    ("Олег Марченко", "Олег Марченко"),
    ({"@type": "Person", "name": "Олег Марченко", "url": "https://x.example/o"}, "Олег Марченко"),
    (["Олег Марченко", {"name": "Лідія Сич"}, "Олег Марченко"], "Олег Марченко, Лідія Сич"),
    ("https://x.example/authors/olek", None),
])
def test_json_ld_author_as_string_object_or_list(author, expected) -> None:
    head = ld({"@context": "https://schema.org", "@type": ["Article", "NewsArticle"], "headline": "Заголовок",
               "author": author})
    assert extract_metadata(page(head)).author == expected


def test_json_ld_types_given_as_urls_and_blog_postings_count_as_articles() -> None:
    head = ld({"@type": "http://schema.org/BlogPosting", "headline": "Нотатки з дороги",
               "datePublished": "2021-07-30", "publisher": {"@type": "Organization", "name": "Блог мандрівника"}})
    meta = extract_metadata(page(head))
    assert (meta.title, meta.published, meta.site) == ("Нотатки з дороги", date(2021, 7, 30), "Блог мандрівника")


def test_broken_or_hostile_json_ld_is_skipped_without_failing() -> None:
    trailing_comma = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Кома в кінці",}</script>'
    garbage = '<script type="application/ld+json">{not json at all</script>'
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    meta = extract_metadata(page(garbage + deep + trailing_comma + "<title>Запасний заголовок</title>"))
    assert meta.title == "Кома в кінці"
    assert extract_metadata(page(garbage + deep + "<title>Запасний заголовок</title>")).title == "Запасний заголовок"


def test_open_graph_and_article_meta_tags() -> None:
    head = """<title>Storm closes the coast road - Northern Echo Daily</title>
      <meta property="og:title" content="Storm closes the coast road">
      <meta property="og:site_name" content="Northern Echo Daily">
      <meta property="og:url" content="https://www.northern-echo.example.com/news/storm-road">
      <meta property="og:description" content="The A-road will stay shut until Monday.">
      <meta name="description" content="Other description">
      <meta property="article:published_time" content="2023-12-02T21:40:00Z">
      <meta property="article:author" content="https://www.facebook.com/northernecho">
      <meta name="author" content="Tom Ashworth">"""
    meta = extract_metadata(page(head))
    assert meta == PageMeta(
        title="Storm closes the coast road", author="Tom Ashworth", published=date(2023, 12, 2),
        site="Northern Echo Daily", url="https://www.northern-echo.example.com/news/storm-road", lang_hint=None,
        description="The A-road will stay shut until Monday.")


@pytest.mark.parametrize("title, sites, expected", [
    ("Нова школа відкрилася | Вечірнє місто", ["Вечірнє місто"], "Нова школа відкрилася"),
    ("Нова школа відкрилася - Вечірнє місто", ["Вечірнє місто"], "Нова школа відкрилася"),
    ("Нова школа відкрилася — Вечірнє місто", ["вечірнє місто"], "Нова школа відкрилася"),
    ("Вечірнє місто: Нова школа відкрилася", ["Вечірнє місто"], "Нова школа відкрилася"),
    ("Нова школа відкрилася - Новини - Вечірнє місто", ["Вечірнє місто", "Новини"], "Нова школа відкрилася"),
    ("Нова школа відкрилася - Gorod.example.ua", ["gorod.example.ua", "gorod"], "Нова школа відкрилася"),
    ("Нова школа відкрилася | GOROD", ["gorod.example.ua", "gorod"], "Нова школа відкрилася"),
    # An attribution that is part of the headline is not the site.
    ("Переговори тривають, — Le Monde | Експрес", ["Експрес"], "Переговори тривають, — Le Monde"),
    ("Україна - НАТО: що далі", ["Вечірнє місто"], "Україна - НАТО: що далі"),
])
def test_site_names_are_stripped_from_titles(title: str, sites: list[str], expected: str) -> None:
    assert strip_site_from_title(title, sites) == expected


def test_a_decorated_title_is_cut_where_the_h1_shows_the_headline() -> None:
    head = "<title>Губернатор відкрив міст через Десну :: Чернігівський вісник</title>"
    meta = extract_metadata(page(head, "<h1>Губернатор відкрив міст через Десну</h1><p>Текст.</p>"))
    assert meta.title == "Губернатор відкрив міст через Десну"
    assert meta.site == "Чернігівський вісник"


def test_a_logo_in_an_h1_is_not_taken_for_the_headline_or_its_date() -> None:
    head = "<title>Депутати підтримали зміни до бюджету громади | Вісті Полісся</title>"
    body = ("<header><h1>Вісті Полісся</h1><span>Сьогодні 03.03.2025</span></header>"
            "<article><h2>Депутати підтримали зміни до бюджету громади</h2><p>Текст новини.</p></article>")
    meta = extract_metadata(page(head, body))
    assert (meta.title, meta.site, meta.published) == ("Депутати підтримали зміни до бюджету громади", "Вісті Полісся", None)


def test_open_graph_titles_that_only_name_the_site_or_are_shortened_give_way() -> None:
    head = ('<title>Рада ухвалила закон про місцеві референдуми</title>'
            '<meta property="og:title" content="Голос Громади"><meta property="og:site_name" content="Голос Громади">')
    assert extract_metadata(page(head)).title == "Рада ухвалила закон про місцеві референдуми"
    head = ld({"@type": "NewsArticle", "headline": "Рада ухвалила закон про місцеві референдуми та…"})
    body = "<h1>Рада ухвалила закон про місцеві референдуми та виборчі дільниці</h1><p>Текст.</p>"
    assert extract_metadata(page(head, body)).title == "Рада ухвалила закон про місцеві референдуми та виборчі дільниці"


def test_a_short_unknown_part_after_a_pipe_is_taken_for_the_site() -> None:
    meta = extract_metadata(page("<title>Вчені знайшли нову печеру в Карпатах | Наука UA</title>"))
    assert (meta.title, meta.site) == ("Вчені знайшли нову печеру в Карпатах", "Наука UA")


def test_a_title_without_decoration_is_kept_whole() -> None:
    meta = extract_metadata(page("<title>Путін погрожує Європі новими ракетами - ISW</title>"))
    assert meta.title == "Путін погрожує Європі новими ракетами - ISW"
    assert meta.site is None


def test_site_falls_back_to_the_domain_without_www() -> None:
    head = '<title>Заголовок статті</title><link rel="canonical" href="https://www.kraj.example.com.ua/a/1">'
    meta = extract_metadata(page(head))
    assert (meta.site, meta.url) == ("kraj.example.com.ua", "https://www.kraj.example.com.ua/a/1")


def test_address_prefers_canonical_then_og_url_then_source_url_then_saved_from_comment() -> None:
    both = '<link rel="canonical" href="/news/7"><meta property="og:url" content="https://s.example/og/7">'
    assert extract_metadata(page(both)).url == "https://s.example/news/7"
    og_only = '<meta property="og:url" content="https://s.example/og/7">'
    assert extract_metadata(page(og_only), source_url="https://other.example/x").url == "https://s.example/og/7"
    assert extract_metadata(page(""), source_url="https://other.example/x").url == "https://other.example/x"
    saved = "<!-- saved from url=(0031)https://saved.example/news/42 -->\n" + page("")
    assert extract_metadata(saved).url == "https://saved.example/news/42"
    single_file = page("").replace("<head>", "<head><!--\n Page saved with SingleFile \n url: https://sf.example/p/9 \n saved date: Mon Nov 25 2024-->")
    assert extract_metadata(single_file).url == "https://sf.example/p/9"
    assert extract_metadata(page('<link rel="canonical" href="javascript:alert(1)">')).url is None


@pytest.mark.parametrize("head, body, expected", [
    ('<meta name="date" content="2022-05-09">', "", date(2022, 5, 9)),
    ('<meta name="pubdate" content="20220509">', "", date(2022, 5, 9)),
    ('<meta name="DC.date.issued" content="2022-05-09T08:00:00+03:00">', "", date(2022, 5, 9)),
    ('<meta itemprop="datePublished" content="2022-05-09">', "", date(2022, 5, 9)),
    ("", '<p>Текст <time datetime="2022-05-09T10:00">9 травня</time>.</p>', date(2022, 5, 9)),
    ("", "<p>Текст <time>9 травня 2022</time>.</p>", date(2022, 5, 9)),
    ("", "<h1>Заголовок</h1><div>Опубліковано 09.05.2022, 10:15</div><p>Текст.</p>", date(2022, 5, 9)),
    ("", "<h1>Title</h1><div>Anna Kim · 6 min read · Mar 2, 2022</div><p>Text.</p>", date(2022, 3, 2)),
    ('<meta name="date" content="2022-13-45">', "", None),
    ("", "<p>Текст без дати.</p>", None),
])
def test_published_date_sources(head: str, body: str, expected) -> None:
    assert extract_metadata(page(head, body)).published == expected


def test_article_published_time_wins_over_page_dates() -> None:
    head = ('<meta property="article:published_time" content="2020-01-02T00:10:00+02:00">'
            '<meta name="date" content="2020-03-04">')
    assert extract_metadata(page(head, '<time datetime="2020-05-06">x</time>')).published == date(2020, 1, 2)


@pytest.mark.parametrize("attrs, head, expected", [
    (' lang="uk-UA"', "", "uk"),
    (' lang="ua"', "", "uk"),
    (' lang="RU"', "", "ru"),
    (' xml:lang="en-GB"', "", "en"),
    ("", '<meta property="og:locale" content="ru_RU">', "ru"),
    ("", '<meta http-equiv="Content-Language" content="uk">', "uk"),
    ("", "", None),
    (' lang="x"', "", None),
])
def test_language_hint(attrs: str, head: str, expected) -> None:
    assert extract_metadata(page(head, html_attrs=attrs)).lang_hint == expected


def test_an_author_that_is_only_the_site_name_is_dropped() -> None:
    head = ld({"@type": "NewsArticle", "headline": "Новина", "author": {"@type": "Organization", "name": "Вісник"},
               "publisher": {"@type": "Organization", "name": "Вісник"}})
    assert extract_metadata(page(head)).author is None


def test_byline_markup_gives_the_author_when_metas_do_not() -> None:
    body = ('<h1>Новина</h1><div itemprop="author" itemscope><span itemprop="name">Марко Вовк</span></div>'
            "<p>Текст.</p>")
    assert extract_metadata(page("", body)).author == "Марко Вовк"
    rel = '<h1>Новина</h1><p>Автор: <a rel="author" href="/a/1">Ніна Коваль</a></p>'
    assert extract_metadata(page("", rel)).author == "Ніна Коваль"


@pytest.mark.parametrize("value, expected", [
    ("2024-11-25", date(2024, 11, 25)),
    ("2024-11-25T10:30:00+02:00", date(2024, 11, 25)),
    ("2024-11-24T23:30:00.000Z", date(2024, 11, 24)),
    (" 2024-1-5 10:00", date(2024, 1, 5)),
    ("20241125", date(2024, 11, 25)),
    ("2024-02-30", None),
    ("25.11.2024", None),
    ("", None),
    (None, None),
])
def test_parse_iso_date(value, expected) -> None:
    assert parse_iso_date(value) == expected
