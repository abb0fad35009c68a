"""Byline and metadata dates in Ukrainian, Russian and English."""

from __future__ import annotations

from datetime import date

import pytest

from marginalia.core.importing.dates import find_date, month_number, parse_date, person_name, read_byline


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-11-18", date(2026, 11, 18)),
        ("2026-11-18T09:12:00+02:00", date(2026, 11, 18)),
        ("2026-11-18T07:12:00Z", date(2026, 11, 18)),
        ("18 листопада 2026, 09:12", date(2026, 11, 18)),
        ("1 березня 2026 р.", date(2026, 3, 1)),
        ("Понеділок, 7 грудня 2026 року", date(2026, 12, 7)),
        ("18 ноября 2026", date(2026, 11, 18)),
        ("3 мая 2026 г., 12:00", date(2026, 5, 3)),
        ("November 20, 2026", date(2026, 11, 20)),
        ("20 November 2026", date(2026, 11, 20)),
        ("Nov 20, 2026", date(2026, 11, 20)),
        ("Nov. 3, 2026", date(2026, 11, 3)),
        ("Friday, November 20th, 2026 at 3:45 pm EST", date(2026, 11, 20)),
        ("03.09.2026", date(2026, 9, 3)),
        ("18.11.2026 09:12", date(2026, 11, 18)),
        ("18.11.26", date(2026, 11, 18)),
        ("Опубліковано 18.11.2026", date(2026, 11, 18)),
        ("Оновлено: 5 травня 2026 о 10:15", date(2026, 5, 5)),
        ("Published on 2 Feb 2026", date(2026, 2, 2)),
        ("25/12/2026", date(2026, 12, 25)),
        ("12/25/2026", date(2026, 12, 25)),
    ],
)
def test_parse_date_reads_byline_dates(written: str, expected: date) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "31.02.2026",  # no such day
        "2026-13-01",  # no such month
        "30 лютого 2026",
        "18 листопада",  # no year: unknown
        "Вчора, 23:15",
        "25.11",
        "Травень 2026",
        "",
        "Дискусії поновилися 18 листопада 2026 після виборів у США",  # a sentence, not a date
    ],
)
def test_parse_date_rejects_what_is_not_a_possible_date(written: str) -> None:
    assert parse_date(written) is None


def test_find_date_takes_the_first_date_in_a_byline() -> None:
    assert find_date("Іван Петренко | 18 листопада 2026, 09:12 | Політика") == date(2026, 11, 18)
    assert find_date("By Jane Doe — Updated March 2, 2026, first published 1 March 2026") == date(2026, 3, 2)
    assert find_date("Обновлено 05.01.2026 в 08:30") == date(2026, 1, 5)


def test_find_date_skips_impossible_dates_and_bare_years() -> None:
    assert find_date("голод 1932–1933 років, 25.11") is None
    assert find_date("31.02.2026 або 28.02.2026") == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("word", "number"),
    [("листопада", 11), ("листопад", 11), ("ноября", 11), ("Ноябрь", 11), ("November", 11), ("nov.", 11),
     ("січня", 1), ("лютого", 2), ("травня", 5), ("мая", 5), ("червня", 6), ("июля", 7), ("серпня", 8),
     ("вересня", 9), ("жовтня", 10), ("грудня", 12), ("Sept", 9), ("марта", 3), ("квітня", 4)],
)
def test_month_names_in_three_languages(word: str, number: int) -> None:
    assert month_number(word) == number


def test_month_number_is_none_for_other_words() -> None:
    assert month_number("подробиці") is None
    assert month_number("Monday") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ірина Балачук — 20 листопада 2026, 11:27", {"date": date(2026, 11, 20), "author": "Ірина Балачук"}),
        ("Понеділок, 20 листопада 2026, 11:27", {"date": date(2026, 11, 20)}),
        ("Олена Ткаченко, 18 листопада 2026", {"date": date(2026, 11, 18), "author": "Олена Ткаченко"}),
        ("18.11.2026 | Політика", {"date": date(2026, 11, 18)}),
        ("By Jane Doe | Updated November 20, 2026", {"date": date(2026, 11, 20), "author": "Jane Doe"}),
        ("Updated: 3 March 2026", {"updated": date(2026, 3, 3)}),
        ("Mon 20 Nov 2026 14.05 GMT", {"date": date(2026, 11, 20)}),
        ("November 20, 2026 · 5 min read", {"date": date(2026, 11, 20)}),
        ("Автор: Соломія Гнатишин", {"author": "Соломія Гнатишин"}),
        ("Anna Whitfield in Kyiv", {"author": "Anna Whitfield"}),
        ("12 жовтня 2026, 10:00 Автор: Тарас Гнатюк", {"date": date(2026, 10, 12), "author": "Тарас Гнатюк"}),
    ],
)
def test_read_byline(line: str, expected: dict) -> None:
    assert read_byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Угоду підписали 18 листопада 2026 року в Києві.",
        "У Києві 18.11.2026 відкрили новий міст через Дніпро, розповіли в мерії",
        "By the end of the year, prices rose.",
        "Київ, 18 листопада 2026",
        "Подробиці",
    ],
)
def test_read_byline_rejects_sentences(line: str) -> None:
    assert read_byline(line) is None


def test_person_name() -> None:
    assert person_name("Jane Doe, BBC News") == "Jane Doe"
    assert person_name("Олена Коваль та Ігор Савчук") == "Олена Коваль та Ігор Савчук"
    assert person_name("в Києві") is None
