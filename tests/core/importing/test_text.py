"""Plain texts and page dumps: title, byline metadata, paragraphs, and only the article's body.

Each fixture under ``fixtures/text/`` is a page in the style of a real site (our own text), with a
``.expected.txt`` beside it holding the exact body paragraphs, one per blank-line separated block.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marginalia.core.blocks import HEADING, LIST_ITEM, PARAGRAPH, QUOTE
from marginalia.core.errors import BadInput
from marginalia.core.importing.text import clean_text, split_blocks

FIXTURES = Path(__file__).parent / "fixtures" / "text"

# fixture -> (title, published, author, url, junk lines that must be gone)
CASES = {
    "uk_portal_feed": (
        "У Полтаві відкрили відновлений міст через Ворсклу, — міськрада",
        None,
        None,
        None,
        ["Фото: poltava.example.ua", "Підписуйтесь на наш Telegram", "25.11", "Новини", "Економіка",
         "Вчора, 18:40", "показати більше", "У Кременчуці завершили", "Ціни на овочі", "Колаж:"],
    ),
    "ru_site_counters": (
        "В Одессе запустили новую линию водоснабжения для южных районов",
        date(2026, 11, 18),
        "Мария Соколова",
        None,
        ["Главная", "Поиск", "1 523", "Комментарии", "Читайте также", "В Николаеве начали ремонт",
         "Поделиться", "Теги:", "Просмотров", "Оставить комментарий", "Все права защищены", "Тарифы на воду"],
    ),
    "en_news_related": (
        "Harbour cranes return to Mykolaiv as grain shipments resume",
        date(2026, 11, 20),
        "Jane Doe and Peter Novak",
        None,
        ["World | Europe", "Share this article", "Getty Images", "Read more", "Related stories",
         "Danube ports", "2 hours ago", "Yesterday", "Subscribe", "morning briefing", "All rights reserved",
         "Facebook", "Twitter"],
    ),
    "blog_cookie_nav": (
        "Три дні на велосипеді вздовж Дніпра: що я взяв із собою",
        date(2026, 9, 3),
        "Андрій Мельничук",
        None,
        ["cookie", "Прийняти", "Головна", "Про мене", "Контакти", "Опубліковано", "Теги:", "Поділитися",
         "Попередній запис", "Наступний запис", "Залишити коментар", "Увійдіть", "Усі права захищено"],
    ),
    "uk_tags_partners": (
        "Львівські бібліотеки продовжать роботу до дев'ятої вечора",
        date(2026, 11, 18),
        "Соломія Гнатишин",
        "https://lviv.example.ua/news/biblioteky-hrafik",
        ["Новини Львова", "Ілюстративне фото", "Джерело:", "Теги:", "Коментарі", "Новини партнерів",
         "зимові шини", "Реклама", "кав'ярень", "Вас може зацікавити", "Тернополі", "19:20",
         "Завантажити ще", "права захищені"],
    ),
    "ru_feed_views": (
        "В Днепре спасатели достали из реки школьника, провалившегося под лед",
        None,
        None,
        None,
        ["Новости", "Вчера", "👁", "Подписывайтесь", "Каменском", "Синоптики", "Никополе", "часа назад",
         "Показать еще"],
    ),
    "en_paper_menu": (
        "Power cuts return to Kyiv as temperatures fall below freezing",
        date(2026, 11, 20),
        "Anna Whitfield",
        None,
        ["Skip to main content", "Sign in", "International edition", "Photograph:",
         "GMT", "Explore more", "Reuse this content", "Most viewed", "Scientists warn"],
    ),
    "clean_date": (
        "Харківський метрополітен повертає нічні рейси у вихідні",
        date(2026, 3, 14),
        None,
        None,
        ["date 2026-03-14"],
    ),
}


def _expected(name: str) -> list[str]:
    text = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
    return [part.strip() for part in text.split("\n\n") if part.strip()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_dump_keeps_exactly_the_article(name: str) -> None:
    article = clean_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    assert [b.text for b in article.blocks] == _expected(name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_dump_metadata(name: str) -> None:
    title, published, author, url, _ = CASES[name]
    article = clean_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    assert article.kind == "text"
    assert article.title == title
    assert article.published == published
    assert article.author == author
    assert article.url == url
    assert article.language is None


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_dump_junk_is_gone(name: str) -> None:
    article = clean_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    body = article.text
    for junk in CASES[name][4]:
        assert junk not in body, junk


def test_every_fixture_has_its_case() -> None:
    inputs = {p.stem for p in FIXTURES.glob("*.txt") if not p.stem.endswith(".expected")}
    assert inputs == set(CASES)


def test_subheadings_between_paragraphs_become_headings() -> None:
    article = clean_text((FIXTURES / "uk_portal_feed.txt").read_text(encoding="utf-8"))
    headings = [b.text for b in article.blocks if b.kind == HEADING]
    assert headings == ["Вантажівкам заїзд поки заборонений", "Скільки коштував ремонт"]
    assert all(b.level == 2 for b in article.blocks if b.kind == HEADING)


def test_list_items_keep_their_kind_and_numbers() -> None:
    article = clean_text((FIXTURES / "blog_cookie_nav.txt").read_text(encoding="utf-8"))
    items = [b.text for b in article.blocks if b.kind == LIST_ITEM]
    assert items[0] == "легкий намет на одну людину"
    assert items[-1].startswith("3. Ржищів")
    assert len(items) == 7


def test_date_header_with_bom_and_leading_space() -> None:
    text = "\ufeff date 2026-02-01 Заголовок нотатки\nПерший абзац нотатки.\nДругий абзац нотатки."
    article = clean_text(text)
    assert article.title == "Заголовок нотатки"
    assert article.published == date(2026, 2, 1)
    assert [b.text for b in article.blocks] == ["Перший абзац нотатки.", "Другий абзац нотатки."]


def test_date_header_with_an_impossible_date_keeps_the_title() -> None:
    article = clean_text("date 2026-02-30 Заголовок\nАбзац тексту тут.")
    assert article.title == "Заголовок"
    assert article.published is None


def test_text_without_blank_lines_gives_a_paragraph_per_line() -> None:
    text = "Заголовок статті про погоду\nПерший рядок тексту.\nДругий рядок тексту.\nТретій рядок."
    article = clean_text(text)
    assert [b.text for b in article.blocks] == ["Перший рядок тексту.", "Другий рядок тексту.", "Третій рядок."]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "A note on river ports\n"
        "\n"
        "The old river port was built in the nineteenth century, when barges\n"
        "carried timber and grain down to the sea. Most of its warehouses\n"
        "stood empty for decades before the city bought them back.\n"
        "\n"
        "Today the quay is a park. Fishermen still come at dawn, and on\n"
        "weekends the market fills the square next to the customs house,\n"
        "where traders once weighed every sack.\n"
        "\n"
        "- first item of a list\n"
        "- second item of a list\n"
    )
    article = clean_text(text)
    assert article.title == "A note on river ports"
    assert [b.text for b in article.blocks] == [
        "The old river port was built in the nineteenth century, when barges carried timber and grain "
        "down to the sea. Most of its warehouses stood empty for decades before the city bought them back.",
        "Today the quay is a park. Fishermen still come at dawn, and on weekends the market fills the "
        "square next to the customs house, where traders once weighed every sack.",
        "first item of a list",
        "second item of a list",
    ]
    assert [b.kind for b in article.blocks][-2:] == [LIST_ITEM, LIST_ITEM]


def test_a_line_broken_mid_sentence_is_joined() -> None:
    blocks = split_blocks("Перше речення, яке\nпродовжується тут.\nДруге речення.")
    assert [b.text for b in blocks] == ["Перше речення, яке продовжується тут.", "Друге речення."]


def test_quoted_lines_become_a_quote_block() -> None:
    blocks = split_blocks("Він написав:\n\n> Перший рядок цитати\n> другий рядок цитати.\n\nКінець.")
    assert [(b.kind, b.text) for b in blocks] == [
        (PARAGRAPH, "Він написав:"),
        (QUOTE, "Перший рядок цитати другий рядок цитати."),
        (PARAGRAPH, "Кінець."),
    ]


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Автор: Олена Ткаченко", "Олена Ткаченко"),
        ("Автор Олена Ткаченко", "Олена Ткаченко"),
        ("Author: John Smith", "John Smith"),
        ("By Jane Doe, BBC News", "Jane Doe"),
        ("Автор материала: Игорь Петров", "Игорь Петров"),
    ],
)
def test_author_lines_give_the_author_and_leave_the_body(byline: str, author: str) -> None:
    text = f"Заголовок новини про ремонт дороги\n\n{byline}\n\nДорогу відремонтували за два тижні.\n\nРух відкрито."
    article = clean_text(text)
    assert article.author == author
    assert [b.text for b in article.blocks] == ["Дорогу відремонтували за два тижні.", "Рух відкрито."]


@pytest.mark.parametrize(
    ("byline", "published"),
    [
        ("18 листопада 2026, 09:12", date(2026, 11, 18)),
        ("November 20, 2026", date(2026, 11, 20)),
        ("03.09.2026", date(2026, 9, 3)),
        ("Опубліковано 18.11.2026", date(2026, 11, 18)),
        ("Олена Ткаченко, 18 листопада 2026", date(2026, 11, 18)),
    ],
)
def test_dated_byline_gives_the_date_and_leaves_the_body(byline: str, published: date) -> None:
    text = f"Заголовок новини про ремонт дороги\n{byline}\nДорогу відремонтували за два тижні.\nРух відкрито."
    article = clean_text(text)
    assert article.published == published
    assert [b.text for b in article.blocks] == ["Дорогу відремонтували за два тижні.", "Рух відкрито."]


def test_a_date_inside_a_sentence_is_not_a_byline() -> None:
    text = "Заголовок\n\nУгоду підписали 18 листопада 2026 року в Києві.\n\nВона набуде чинності навесні."
    article = clean_text(text)
    assert article.published is None
    assert article.blocks[0].text == "Угоду підписали 18 листопада 2026 року в Києві."


def test_source_line_gives_url_and_site() -> None:
    text = "Title of a saved page\n\nSource: https://www.example.com/a/b?x=1\n\nOne paragraph of the text."
    article = clean_text(text)
    assert article.url == "https://www.example.com/a/b?x=1"
    assert article.site == "example.com"
    assert [b.text for b in article.blocks] == ["One paragraph of the text."]


def test_text_starting_with_prose_has_no_guessed_title() -> None:
    text = (
        "Ця нотатка починається одразу з довгого речення без жодного заголовка, тому заголовок "
        "має обрати програма за назвою файлу або першим рядком.\n\nДругий абзац."
    )
    article = clean_text(text)
    assert article.title == ""
    assert len(article.blocks) == 2


@pytest.mark.parametrize("text", ["", "   \n\n\t ", "\ufeff\n\u00a0\n"])
def test_empty_text_is_bad_input(text: str) -> None:
    with pytest.raises(BadInput):
        clean_text(text)


def test_a_single_line_is_title_and_body() -> None:
    article = clean_text("Купити хліб і молоко")
    assert article.title == "Купити хліб і молоко"
    assert [b.text for b in article.blocks] == ["Купити хліб і молоко"]


def test_windows_line_endings_give_the_same_article() -> None:
    text = (FIXTURES / "uk_portal_feed.txt").read_text(encoding="utf-8")
    unix, windows = clean_text(text), clean_text(text.replace("\n", "\r\n"))
    assert (windows.title, windows.text) == (unix.title, unix.text)
