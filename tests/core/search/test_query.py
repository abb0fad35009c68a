"""The query grammar, end to end: what a typed query finds in a small library, and the one-line
errors for queries that cannot be parsed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marginalia.core.errors import QueryError
from marginalia.core.search.index import ArticleDoc, HighlightDoc, SearchIndex
from marginalia.core.search.query import parse_date_filter, parse_query


def _article(ident: int, title: str, body: str, **kw) -> ArticleDoc:
    data = dict(
        id=ident, title=title, body=body, author=None, site=None, url=None, tags=[], language="uk",
        published=None, imported=datetime(2025, 6, 1, 12, 0), is_read=False, has_highlights=False,
        has_notes=False, version="1",
    )
    data.update(kw)
    return ArticleDoc(**data)


ARTICLES = [
    _article(
        1, "Делегації зібралися у Женеві",
        "Після довгої перерви відновилися переговори про гарантії безпеки для України. "
        "Дипломати обговорили обмін полоненими та розмінування полів.",
        author="Олена Коваленко", site="Вісник Полісся", url="https://www.visnyk.example.ua/world/geneva-talks/",
        tags=["Дипломатія", "Cold War"], published=date(2024, 3, 15), is_read=True,
        has_highlights=True, has_notes=True,
    ),
    _article(
        2, "Зерновий коридор працює",
        "Порти Одещини відвантажили рекордні обсяги пшениці. Безпеки суднам додали нові "
        "патрулі, а гарантії страхувальників подешевшали.",
        author="Тарас Мельник", site="Агро Щоденник", url="https://news.agro-daily.example.com/grain/77",
        tags=["зерно", "економіка"], published=date(2025, 4, 2),
    ),
    _article(
        3, "Grain exports keep rising",
        "Farmers shipped more wheat this season as grain exports recovered after the winter storms.",
        author="Mary Ellis", site="Field Notes", url="https://fieldnotes.example.org/exports",
        tags=["economy"], language="en", published=date(2024, 11, 20), is_read=True,
    ),
    _article(
        4, "Енергетики відновили живлення",
        "У Житомирі ремонтні бригади повернули світло у більшість будинків. Україну чекає "
        "складна зима, кажуть енергетики.",
        site="Вісник Полісся", url="https://visnyk.example.ua/energy/7", tags=["енергетика"],
        published=None, imported=datetime(2025, 1, 10, 9, 30),
    ),
    _article(
        5, "Переговорний процес",
        "Аналітики пишуть про стомлення від війни. Жодних гарантій, лише розмови.",
        tags=["Cold War Era"], language="uk", published=date(2023, 12, 31),
    ),
]

HIGHLIGHTS = [
    HighlightDoc(
        id=101, article_id=1, article_title=ARTICLES[0].title,
        quote="відновилися переговори про гарантії безпеки", note="Перевірити, хто саме присутній",
        tags=["важливе"], color="red", color_name="contested claim",
        created=datetime(2025, 6, 2, 8, 0), published=date(2024, 3, 15), version="1",
    ),
    HighlightDoc(
        id=102, article_id=2, article_title=ARTICLES[1].title,
        quote="Порти Одещини відвантажили рекордні обсяги пшениці", note="",
        tags=[], color="green", color_name="evidence",
        created=datetime(2025, 6, 3, 8, 0), published=date(2025, 4, 2), version="1",
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = SearchIndex.open(tmp_path_factory.mktemp("query") / "index")
    ix.apply(upsert=[*ARTICLES, *HIGHLIGHTS])
    yield ix
    ix.close()


def found(index: SearchIndex, text: str, kind: str | None = None) -> set[int]:
    """Ids found: article ids for articles, highlight ids for highlights."""
    return {h.highlight_id or h.article_id for h in index.search(text, kind=kind)}


def articles(index: SearchIndex, text: str) -> set[int]:
    return found(index, text, kind="article")


# --- words, inflection, operators -------------------------------------------------------------


def test_inflected_query_word_finds_other_forms(index):
    assert articles(index, "переговорів") == {1}  # the text has «переговори»
    assert articles(index, "Україну") == {1, 4}  # «України» and «Україну»
    assert articles(index, "grain export") == {3}  # «grain exports»


def test_all_words_must_match(index):
    assert articles(index, "гарантії безпеки") == {1, 2}
    assert articles(index, "гарантії безпеки Женева") == {1}
    assert articles(index, "гарантії енергетики") == set()


def test_or_and_not(index):
    assert articles(index, "пшениці OR wheat") == {2, 3}
    assert articles(index, "пшениці АБО wheat") == {2, 3}
    assert articles(index, "гарантії -Женева") == {2, 5}
    assert articles(index, "гарантії NOT Женева") == {2, 5}
    assert articles(index, "(пшениця OR світло) -Житомир") == {2}


def test_phrase_needs_words_in_order_next_to_each_other(index):
    # Both 1 and 2 have the two words; only 1 has them side by side (in other forms).
    assert articles(index, '"гарантія безпеки"') == {1}
    assert articles(index, "«гарантії безпеки»") == {1}
    assert articles(index, '"безпеки гарантії"') == set()


def test_prefix(index):
    assert articles(index, "енергет*") == {4}
    assert articles(index, "Перегов*") == {1, 5}


def test_hit_on_highlight_and_kind(index):
    assert found(index, "пшениці", kind="highlight") == {102}
    assert found(index, "пшениці") == {2, 102}


# --- fields ---------------------------------------------------------------------------------


def test_title_field(index):
    assert articles(index, "title:Женева") == {1}
    assert articles(index, "title:переговори") == set()  # in body only
    assert articles(index, 'title:"зерновий коридор"') == {2}


def test_tag_is_exact_and_case_insensitive(index):
    assert articles(index, "tag:дипломатія") == {1}
    assert articles(index, 'tag:"cold war"') == {1}
    assert articles(index, 'tag:"COLD WAR ERA"') == {5}
    assert articles(index, "tag:cold") == set()
    assert found(index, "tag:ВАЖЛИВЕ") == {101}


def test_site_by_name_or_domain(index):
    assert articles(index, 'site:"Вісник Полісся"') == {1, 4}
    assert articles(index, "site:полісся") == {1, 4}
    assert articles(index, "site:visnyk.example.ua") == {1, 4}
    assert articles(index, "site:www.visnyk.example.ua") == {1, 4}
    assert articles(index, "site:agro-daily.example.com") == {2}
    assert articles(index, "site:https://fieldnotes.example.org/some/page") == {3}


def test_author_lang_note_color(index):
    assert articles(index, "author:Коваленко") == {1}
    assert articles(index, "author:Коваленку") == {1}
    assert articles(index, "lang:en") == {3}
    assert articles(index, "lang:English") == {3}
    assert found(index, "note:перевірити") == {101}
    assert found(index, "color:contested") == {101}
    assert found(index, 'color:"contested claim"') == {101}
    assert found(index, "color:green") == {102}


def test_flags(index):
    assert articles(index, "has:highlights") == {1}
    assert articles(index, "has:notes") == {1}
    assert articles(index, "is:read") == {1, 3}
    assert articles(index, "is:unread") == {2, 4, 5}
    assert found(index, "is:highlight") == {101, 102}
    assert articles(index, "is:unread -has:highlights гарантії") == {2, 5}


def test_pasted_link_finds_its_article(index):
    assert articles(index, "https://visnyk.example.ua/world/geneva-talks") == {1}
    assert articles(index, "http://www.visnyk.example.ua/world/geneva-talks/") == {1}


def test_field_aliases_and_case(index):
    assert articles(index, "Title:Женева") == {1}
    assert articles(index, "тег:зерно") == {2}
    assert articles(index, "tags:зерно") == {2}


def test_colon_followed_by_space_is_plain_text(index):
    assert articles(index, "Увага: Житомир") == set()  # «увага» is in no article, no error
    assert articles(index, "о 10:30 Житомир") == set()


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("date:2024", {1, 3, 101}),  # a highlight has its article's date
        ("date:2024-03", {1, 101}),
        ("date:2024-01..2024-06", {1, 101}),
        ("date:2024-03-15", {1, 101}),
        ("date:15.03.2024", {1, 101}),
        ("date:>2025-03-01", {2, 102}),
        ("date:>=2025-04-02", {2, 102}),
        ("date:<2025", {1, 3, 5, 101}),
        ("date:<=2024-03-15", {1, 5, 101}),
        ("date:2025-01-01..", {2, 4, 102}),
        ("date:..2023", {5}),
        ("date:2025-01", {4}),  # no published date: the import date counts
    ],
)
def test_date_forms(index, query, expected):
    assert {h.highlight_id or h.article_id for h in index.search(query, kind="article")} | {
        h.highlight_id for h in index.search(query, kind="highlight")
    } == expected


def test_partial_dates_cover_the_whole_month_or_year():
    assert parse_date_filter("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_date_filter(">2024") == (date(2025, 1, 1), None)
    assert parse_date_filter("<2024-03") == (None, date(2024, 2, 29))


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, words",
    [
        ('"гарантії безпеки', "quote"),
        ('переговори "мир', "quote"),
        ("(мир OR війна", '"("'),
        ("мир OR війна)", '")"'),
        ("foo:bar", "Unknown field"),
        ("date:2024-13", "not a valid date"),
        ("date:2024-02-30", "not a valid date"),
        ("date:вчора", "not a date"),
        ("date:2025..2024", "ends before it starts"),
        ("date:", "needs a value"),
        ("*", "at least 3"),
        ("ми*", "too short"),
        ("*ціна", "only end a word"),
        ("ці*на", "only end a word"),
        ("has:photos", "has:"),
        ("is:maybe", "is:"),
        ("title:", "needs a value"),
        ("title: мир", "needs a value"),
    ],
)
def test_malformed_queries_give_one_line_errors(index, query, words):
    with pytest.raises(QueryError) as err:
        index.search(query)
    message = str(err.value)
    assert words in message
    assert "\n" not in message and "Traceback" not in message


def test_empty_or_stop_word_only_query_finds_nothing_without_error(index):
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("і") == []


def test_parse_collects_positive_terms_for_snippets():
    parsed = parse_query("переговори -війна перегов*")
    terms, prefixes = parsed.marks_for("body")
    assert "переговори" in terms
    assert "війна" not in terms
    assert prefixes == ("перегов",)


_QUERY_ALPHABET = st.sampled_from(list('абвгґдеєжзиіїйклмнопрстуфхцчшщьюяABCxyz019 "():*-<>.?!\'’«»_^~[]{}/\\'))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_QUERY_ALPHABET, st.sampled_from(
    ["title:", "tag:", "date:", "has:", "is:", " OR ", " NOT ", "date:2024..", "site:", "-", "2024-"]
)), max_size=12).map("".join))
def test_any_typed_text_parses_or_raises_query_error(text):
    try:
        parse_query(text)
    except QueryError as err:
        assert str(err) and "\n" not in str(err)


_WORDS = ["переговори", "гарантії", "безпеки", "збройні", "сили", "Україну", "grain", "exports", "мир",
          "енерг*", '"', "(", ")", " OR ", " NOT ", "-", "title:", "tag:", "note:", "color:", "site:",
          "date:2024", "date:>2025-01", "has:notes", "is:unread", " ", " ", "«", "»"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map("".join),
       st.sampled_from([None, "article", "highlight"]), st.sampled_from(["relevance", "date"]))
def test_any_combination_searches_or_raises_query_error(index, text, kind, sort):
    try:
        hits = index.search(text, kind=kind, sort=sort)
    except QueryError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert all(kind in (None, h.kind) for h in hits)
