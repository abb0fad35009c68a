"""The boilerplate filter on block lists: as readability hands them over, and as text dumps give them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marginalia.core.blocks import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, Block
from marginalia.core.importing.boilerplate import junk_kind, strip_boilerplate
from marginalia.core.importing.text import clean_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def p(text: str) -> Block:
    return Block(PARAGRAPH, text)


def h(text: str, level: int = 2) -> Block:
    return Block(HEADING, text, level=level)


def li(text: str) -> Block:
    return Block(LIST_ITEM, text)


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


SHORT_ARTICLE = [
    p("У Житомирі відкрили першу в області публічну майстерню з ремонту велосипедів."),
    p("Інструменти можна брати безкоштовно, а волонтери в суботу підказують, як замінити ланцюг."),
    p("Майстерня працює у дворі бібліотеки на вулиці Київській щодня, крім понеділка."),
]


def test_a_short_clean_article_is_left_untouched() -> None:
    assert strip_boilerplate(list(SHORT_ARTICLE), title="Велосипедна майстерня") == SHORT_ARTICLE


def test_an_article_of_short_paragraphs_is_not_eaten() -> None:
    blocks = [
        p("Потяг запізнився."),
        p("На пероні стояли люди."),
        p("Хтось пив каву."),
        p("Диктор мовчав."),
        p("Нарешті вогні."),
        p("Ми поїхали."),
        p("Що взяти в дорогу"),
        p("Воду"),
        p("Хліб"),
        p("Ліхтарик"),
    ]
    assert strip_boilerplate(list(blocks)) == blocks


def test_repeated_speaker_names_in_a_transcript_stay() -> None:
    blocks = [
        p("Розмова записана в студії в четвер, напередодні відкриття фестивалю."),
        p("Ведуча:"),
        p("Чому фестиваль цього року проходить у бібліотеці?"),
        p("Гість:"),
        p("Бо це єдина зала в місті з генератором і теплом."),
        p("Ведуча:"),
        p("Скільки людей ви чекаєте?"),
        p("Гість:"),
        p("Близько трьохсот, якщо не буде тривог."),
        p("Ведуча:"),
        p("Дякую за розмову."),
    ]
    assert strip_boilerplate(list(blocks)) == blocks


def test_short_english_paragraphs_and_quotes_survive() -> None:
    blocks = [
        p("The vote was close."),
        Block(QUOTE, "“We did not expect this,” one deputy said."),
        p("Then the hall went quiet."),
        h("What comes next"),
        p("A second reading is due in March."),
    ]
    assert strip_boilerplate(list(blocks)) == blocks


def test_readability_output_loses_credits_links_and_the_related_list() -> None:
    blocks = [
        h("Херсонські фермери повертаються на розміновані поля", level=1),
        p("Цієї осені на Херсонщині засіяли озимими майже вдвічі більше землі, ніж торік, після того як "
          "сапери перевірили ще сорок тисяч гектарів."),
        p("Фото: Олексій Бондар / Херсонська ОВА"),
        p("Фермер Віктор Левченко каже, що частину техніки довелося купувати заново: старі трактори згоріли "
          "під час окупації."),
        Block(QUOTE, "«Поле тепер чисте, але я щоразу виходжу на нього з тривогою», — каже він."),
        p("Читайте також"),
        li("Як отримати компенсацію за знищену техніку"),
        li("Сапери розмінували ще три громади"),
        h("Гроші на посівну"),
        p("Держава компенсує частину витрат на розмінування для малих господарств."),
        p("Поділитися"),
        p("Теги: агро, Херсонщина, розмінування"),
        h("Інші новини"),
        li("На Миколаївщині відкрили новий елеватор"),
        li("Ціни на зерно в портах зросли"),
        li("Аграрії Півдня скаржаться на брак пального"),
        p("© 2026 Південні вісті"),
    ]
    kept = strip_boilerplate(blocks, title="Херсонські фермери повертаються на розміновані поля")
    assert texts(kept) == [
        "Цієї осені на Херсонщині засіяли озимими майже вдвічі більше землі, ніж торік, після того як "
        "сапери перевірили ще сорок тисяч гектарів.",
        "Фермер Віктор Левченко каже, що частину техніки довелося купувати заново: старі трактори згоріли "
        "під час окупації.",
        "«Поле тепер чисте, але я щоразу виходжу на нього з тривогою», — каже він.",
        "Гроші на посівну",
        "Держава компенсує частину витрат на розмінування для малих господарств.",
    ]
    assert [b.kind for b in kept] == [PARAGRAPH, PARAGRAPH, QUOTE, HEADING, PARAGRAPH]


def test_a_feed_of_dated_teasers_is_cut_even_without_labels() -> None:
    article = [
        p("Муніципальна варта Черкас отримала три нові електромобілі для патрулювання набережної."),
        p("Автомобілі придбали коштом міського бюджету, кожен проїжджає до трьохсот кілометрів без підзарядки."),
        p("Патрулі працюватимуть цілодобово."),
    ]
    feed = [
        p("Вчора, 21:05"),
        p("У Смілі відремонтували дах лікарні."),
        p("Вчора, 19:40"),
        p("Черкаські лучники виграли чемпіонат країни."),
        p("2 години тому"),
        p("На Дніпрі тимчасово закрили переправу через туман."),
        p("5 годин тому"),
        p("У Каневі висадили алею каштанів."),
    ]
    assert strip_boilerplate(article + feed) == article


def test_the_article_lead_repeated_in_the_feed_is_dropped() -> None:
    lead = "Обласна лікарня отримала новий томограф від міжнародних партнерів."
    blocks = [
        p(lead),
        p("Апарат уже встановили у відділенні діагностики, перші пацієнти пройдуть обстеження наступного тижня."),
        p("Новини"),
        p("Фото: пресслужба"),
        p(lead),
        p("25.11"),
        p("Новини"),
        p("У селі відкрили амбулаторію."),
        p("24.11"),
        p("Новини"),
    ]
    assert texts(strip_boilerplate(blocks)) == texts(blocks[:2])


def test_a_read_also_insert_inside_the_article_goes_but_the_rest_stays() -> None:
    blocks = [
        p("Перший абзац статті про нову лінію трамвая, яку будують між двома районами міста вже третій рік."),
        p("Читайте також: Трамвай до аеропорту запустять наступного року"),
        p("Другий абзац пояснює, що рейки вже поклали на половині маршруту, а депо добудують навесні."),
        p("Читайте також"),
        p("Як зміниться маршрут тролейбуса №5"),
        p("Третій абзац розповідає про вартість проєкту та джерела фінансування будівництва."),
        p("Четвертий абзац завершує статтю."),
    ]
    assert texts(strip_boilerplate(blocks)) == [blocks[0].text, blocks[2].text, blocks[5].text, blocks[6].text]


def test_a_photo_credit_between_paragraphs_does_not_cut_the_article() -> None:
    blocks = [
        p("Перший абзац про відкриття виставки сучасного мистецтва в колишньому заводському цеху."),
        p("Фото: Марія Лисенко"),
        p("Останній абзац, короткий."),
        p("Теги: виставка, мистецтво"),
        p("Новини"),
        p("25.11"),
        p("Новини"),
        p("У театрі прем'єра."),
        p("24.11"),
    ]
    assert texts(strip_boilerplate(blocks)) == [blocks[0].text, blocks[2].text]


def test_title_line_and_consecutive_duplicates_are_dropped() -> None:
    blocks = [
        p("Міст через Ворсклу відкрили"),
        p("Текст статті про міст, який відкрили після ремонту."),
        p("Фото: архів"),
        p("Фото: архів"),
        p("Ще один абзац про міст і про те, хто ним їздитиме."),
        p("Ще один абзац про міст і про те, хто ним їздитиме."),
    ]
    kept = strip_boilerplate(blocks, title="Міст через Ворсклу відкрили")
    assert texts(kept) == [blocks[1].text, blocks[4].text]


def test_byline_blocks_left_by_the_html_cleaner_go() -> None:
    blocks = [
        p("12 жовтня 2026, 10:00 Автор: Тарас Гнатюк"),
        p("У суботу волонтери висадили в парку тисячу молодих дубів, кленів і лип."),
        p("By Jane Doe | Updated November 20, 2026"),
        p("Акцію організували після бурі минулого літа."),
    ]
    assert texts(strip_boilerplate(blocks)) == [blocks[1].text, blocks[3].text]


def test_menus_and_cookie_notice_at_the_top_go() -> None:
    blocks = [
        p("We use cookies to give you the best experience. By using this site you agree to our cookie policy."),
        p("Accept all"),
        p("Home | News | Opinion | Culture"),
        p("Skip to content"),
        p("The night train from Kyiv to Vienna now runs daily, the railway company said on Monday."),
        p("Tickets went on sale this morning."),
    ]
    assert texts(strip_boilerplate(blocks)) == texts(blocks[4:])


@pytest.mark.parametrize(
    "name",
    sorted(p.stem for p in FIXTURES.glob("*.txt") if not p.stem.endswith(".expected")),
)
def test_filter_is_idempotent_on_cleaned_articles(name: str) -> None:
    article = clean_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    plain = [Block(b.kind if b.kind != HEADING else PARAGRAPH, b.text) for b in article.blocks]
    assert texts(strip_boilerplate(plain, title=article.title)) == texts(plain)


def test_empty_input_gives_empty_output() -> None:
    assert strip_boilerplate([]) == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Фото: Reuters", "credit"),
        ("Фото ілюстративне: pixabay.com", "credit"),
        ("Фото Генштабу ЗСУ.", "credit"),
        ("Скрін з відео", "credit"),
        ("Колаж: Економічна правда", "credit"),
        ("Photo: AP", "credit"),
        ("Photo by Anna Kowalska/Reuters", "credit"),
        ("Фото: РИА Новости", "credit"),
        ("Наслідки удару по депо. Фото: ДСНС", "credit"),
        ("Підписуйтесь на нас у Facebook", "cta"),
        ("Подписывайтесь на наш Telegram-канал", "cta"),
        ("Subscribe to our newsletter", "cta"),
        ("Читайте також", "header"),
        ("Читайте также:", "header"),
        ("Related stories", "header"),
        ("Новини партнерів", "header"),
        ("Читайте також: Уряд змінив правила бронювання", "read_also"),
        ("Read also: How the grain corridor works", "read_also"),
        ("Теги: політика, вибори", "tags"),
        ("Tags: energy, Ukraine", "tags"),
        ("Поділитися", "share"),
        ("Share this article", "share"),
        ("Комментарии (12)", "counter"),
        ("Коментарі", "comments"),
        ("Leave a comment", "comments"),
        ("👁 1 204", "counter"),
        ("Просмотров: 2 311", "counter"),
        ("1.2K views", "counter"),
        ("25.11", "counter"),
        ("23:15", "symbols"),
        ("Вчора, 18:40", "stamp"),
        ("2 hours ago", "stamp"),
        ("3 часа назад", "stamp"),
        ("5 хвилин тому", "stamp"),
        ("показати більше", "more"),
        ("Показать еще", "more"),
        ("Load more", "more"),
        ("© 2026 Видавництво. Усі права захищено.", "copyright"),
        ("Все права защищены", "copyright"),
        ("All rights reserved.", "copyright"),
        ("Ми використовуємо файли cookie для роботи сайту", "cookie"),
        ("Головна | Новини | Спорт", "nav"),
        ("Home > World > Europe", "nav"),
        ("Реклама", "nav"),
    ],
)
def test_junk_families_in_three_languages(line: str, kind: str) -> None:
    assert junk_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Фото, які оприлюднив штаб, показують наслідки удару.",
        "Президент підписав закон про бюджет на наступний рік.",
        "Він написав у Facebook, що не погоджується з рішенням.",
        "The photo shows the bridge after the strike.",
        "Share prices fell by three percent on Monday.",
        "Більше ста людей прийшли на мітинг.",
        "Зберегти мир",
        "Назад у майбутнє",
        "«Ми не здамося», — сказав він.",
        "Гроші на посівну",
        "Угоду підписали 18 листопада 2026 року в Києві.",
        "Related to this, the ministry published a report.",
    ],
)
def test_article_lines_are_not_junk(line: str) -> None:
    assert junk_kind(line) is None


POOL = [
    "Фото: Reuters", "25.11", "Подробиці", "Вчора, 18:40", "Поділитися", "Теги: мости, ремонт",
    "Перший абзац статті про ремонт мосту, який тривав цілий рік і коштував чимало.",
    "Короткий абзац.", "Що далі", "«Ми впораємося», — сказав він.", "Читайте також",
    "На Волині відкрили новий міст через річку Стир", "© 2026 Сайт", "Показати більше",
    "Другий абзац пояснює подробиці фінансування та строки робіт на об'єкті.", "Новини", "👁 120",
    "Third paragraph: residents say the new bridge saves them twenty minutes a day.",
]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(POOL), max_size=25))
def test_output_is_an_ordered_subset_and_a_second_pass_changes_nothing(lines: list[str]) -> None:
    blocks = [p(t) for t in lines]
    once = strip_boilerplate(blocks)
    remaining = iter(blocks)
    assert all(any(b is x for x in remaining) for b in once)
    assert texts(strip_boilerplate(once)) == texts(once)
