"""Dates and bylines as they appear in articles and metadata, in Ukrainian, Russian and English.

:func:`parse_date` reads a string that *is* a date (maybe with a time, a weekday, a prefix such as
"Опубліковано"); :func:`find_date` finds the first complete date inside a longer text. Both return a
:class:`datetime.date` or ``None``; impossible dates (31.02.2026) and dates without a year are
``None``. Numeric dates with dots are day.month.year (the European order used by our sources);
with slashes they are day/month/year unless only month/day/year is possible.
"""

from __future__ import annotations

import re
from datetime import date

from marginalia.core.blocks import word_count

MIN_YEAR = 1800
MAX_YEAR = 2200

_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("січень", "січня", "січ", "январь", "января", "янв", "january", "jan"),
    2: ("лютий", "лютого", "лют", "февраль", "февраля", "фев", "февр", "february", "feb"),
    3: ("березень", "березня", "бер", "берез", "март", "марта", "мар", "march", "mar"),
    4: ("квітень", "квітня", "квіт", "кві", "апрель", "апреля", "апр", "april", "apr"),
    5: ("травень", "травня", "трав", "тра", "май", "мая", "may"),
    6: ("червень", "червня", "черв", "чер", "июнь", "июня", "июн", "june", "jun"),
    7: ("липень", "липня", "лип", "июль", "июля", "июл", "july", "jul"),
    8: ("серпень", "серпня", "серп", "сер", "август", "августа", "авг", "august", "aug"),
    9: ("вересень", "вересня", "верес", "вер", "сентябрь", "сентября", "сен", "сент",
        "september", "sep", "sept"),
    10: ("жовтень", "жовтня", "жовт", "жов", "октябрь", "октября", "окт", "october", "oct"),
    11: ("листопад", "листопада", "листоп", "лис", "лист", "ноябрь", "ноября", "ноя", "нояб",
         "november", "nov"),
    12: ("грудень", "грудня", "груд", "гру", "декабрь", "декабря", "дек", "december", "dec"),
}
MONTHS: dict[str, int] = {form: num for num, forms in _MONTH_FORMS.items() for form in forms}

_LETTERS = "A-Za-zА-Яа-яЁёІіЇїЄєҐґ"
_MONTH_WORD = rf"(?P<{{name}}>[{_LETTERS}]{{{{3,10}}}})\.?"


def _month_group(name: str) -> str:
    return _MONTH_WORD.format(name=name)


_ISO_RE = re.compile(r"(?<![\d.])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d])")
_COMPACT_ISO_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)T\d{4}")
_DMY_RE = re.compile(r"(?<![\d.,/])(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d]|\.\d)")
_DMY_SHORT_RE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2})$")
_D_MONTH_Y_RE = re.compile(
    rf"(?<![\d])(?P<d>\d{{1,2}})(?:-?(?:го|е|th|st|nd|rd))?\s+(?:of\s+)?{_month_group('mon')}\s*,?\s+(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_D_Y_RE = re.compile(
    rf"(?<![{_LETTERS}]){_month_group('mon')}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_PATTERNS = (_ISO_RE, _COMPACT_ISO_RE, _DMY_RE, _D_MONTH_Y_RE, _MONTH_D_Y_RE)

_PREFIX_RE = re.compile(
    r"^\s*(?:опубліковано|оновлено|опубликовано|обновлено|дата( публікації| публикации)?|"
    r"published( on)?|updated( on)?|posted( on)?|last updated|date|створено|создано|created)\s*[:\-—–]?\s*",
    re.IGNORECASE,
)
# What may surround a date in a string that *is* a date: times, weekdays, "р.", "року", "г.".
_TIME_RE = re.compile(
    r"(?<![\w.])(?:о|в|at|um)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?![\d.])", re.IGNORECASE
)
_ISO_TAIL_RE = re.compile(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_FILLER_RE = re.compile(
    r"\b(?:р|року|рік|г|года|год|year|utc|gmt|est|edt|pst|pdt|cet|cest|eet|eest|msk|bst|time|"
    r"понеділок|вівторок|середа|четвер|п'ятниця|п’ятниця|субота|неділя|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"пн|вт|ср|чт|пт|сб|нд|вс|mon|tue|wed|thu|fri|sat|sun)\b\.?",
    re.IGNORECASE,
)


def month_number(word: str) -> int | None:
    """The month (1-12) named by ``word`` in Ukrainian, Russian or English, or None."""
    return MONTHS.get(word.strip(".").casefold().replace("ё", "е"))


def _make(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        y, m, d = int(year), int(month), int(day)
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        return date(y, m, d)
    except (TypeError, ValueError):
        return None


def _from_match(pattern: re.Pattern[str], match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    if "mon" in groups:
        month = month_number(groups["mon"])
        if month is None:
            return None
        return _make(groups["y"], month, groups["d"])
    if pattern is _DMY_RE:
        day, month = int(groups["d"]), int(groups["m"])
        if groups["sep"] == "/" and month > 12 >= day:
            day, month = month, day  # only month/day/year is possible
        return _make(groups["y"], month, day)
    return _make(groups["y"], groups["m"], groups["d"])


def _matches(text: str):
    """All (position, end, date) of valid dates in ``text``, in order of position."""
    found: list[tuple[int, int, date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _from_match(pattern, match)
            if value is not None:
                found.append((match.start(), match.end(), value))
    found.sort(key=lambda item: (item[0], -item[1]))
    return found


def find_date(text: str) -> date | None:
    """The first complete, possible date written anywhere in ``text`` (None when there is none)."""
    if not text:
        return None
    found = _matches(text)
    return found[0][2] if found else None


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date of ``text`` is written (start, end), or None."""
    found = _matches(text) if text else []
    return (found[0][0], found[0][1]) if found else None


def parse_date(s: str) -> date | None:
    """Read a string that is a date (with maybe a time, weekday or "Published"-like prefix)."""
    if not s:
        return None
    text = _PREFIX_RE.sub("", s.strip().replace("\u00a0", " "))
    short = _DMY_SHORT_RE.match(text.strip())
    if short:
        return _make(2000 + int(short["y"]), short["m"], short["d"])
    found = _matches(text)
    if not found:
        return None
    start, end, value = found[0]
    rest = text[:start] + " " + text[end:]
    rest = _ISO_TAIL_RE.sub(" ", rest)
    rest = _TIME_RE.sub(" ", rest)
    rest = _FILLER_RE.sub(" ", rest)
    if re.search(rf"[{_LETTERS}\d]", rest):
        return None  # more than a date: not a date string
    return value


_READING_TIME_RE = re.compile(
    r"(?i)\b\d+\s*(?:хв|хвилин\w*|мин\w*|min|mins|minutes?)\.?\s*(?:читання|чтения|read|reading)\b"
)


def strip_dates(text: str) -> str:
    """``text`` without its dates, times, weekdays and "published"/"updated" words (for bylines)."""
    for start, end, _ in reversed(_matches(text)):
        text = text[:start] + " " + text[end:]
    text = _ISO_TAIL_RE.sub(" ", text)
    text = _TIME_RE.sub(" ", text)
    text = _FILLER_RE.sub(" ", text)
    text = _READING_TIME_RE.sub(" ", text)
    text = re.sub(
        r"(?i)\b(?:опубліковано|оновлено|опубликовано|обновлено|published|updated|posted|last modified|"
        r"modified|змінено|изменено|дата|date|on)\b\s*:?",
        " ",
        text,
    )
    return " ".join(text.split())


# -- bylines ------------------------------------------------------------------------------------

AUTHOR_RE = re.compile(
    r"^(?:автор(?:ка)?(?: статті| матеріалу| материала| тексту| публікації| публикации)?|author|"
    r"written by|posted by|текст|text|by)(?:\s*[:：\-—–]\s*|\s+)(?P<name>.+)$",
    re.IGNORECASE,
)
AUTHOR_ALONE_RE = re.compile(r"^(?:автор(?:ка)?|author|authors|автори|авторы)\s*[:：]?$", re.IGNORECASE)
_NAME_WORD = r"(?:[A-ZА-ЯІЇЄҐЁ][\w'’ʼ.\-]*|[A-ZА-ЯІЇЄҐ]\.|de|da|di|van|von|der|den|bin|ibn|la|le|al-\w+)"
_NAME_RE = re.compile(
    rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}(?:\s*(?:,|and|&|і|та|и)\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}){{0,3}}$"
)
_UPDATED_RE = re.compile(r"^\s*(?:оновлено|обновлено|updated|last updated)\b", re.IGNORECASE)
_EXPLICIT_SPLIT_RE = re.compile(r"\s*[|•·]\s*|\s+[—–/-]\s+")
_PLACE_BYLINE_RE = re.compile(
    r"^(?:by\s+)?(?P<name>\S+\s+\S+(?:\s+\S+)?)\s+(?:in|at|у|в)\s+[A-ZА-ЯІЇЄҐ][\w'’\-]+(?:\s+[A-ZА-ЯІЇЄҐ][\w'’\-]+)?$",
    re.IGNORECASE,
)
_TERMINAL_RE = re.compile(r"[.!?…][\"'»”’)\]]*$")


def person_name(text: str) -> str | None:
    """The name(s) in ``text`` when it is only a person's name or a list of names, else None."""
    text = text.strip().strip(".,;:").strip()
    text = re.split(r"\s*[|•·(]\s*|\s+[—–-]\s+", text)[0].strip()
    if "," in text and not re.search(r"\s(?:and|і|та|и|&)\s", text):
        text = text.split(",")[0].strip()  # "Jane Doe, BBC News": the name, not the outlet
    if 2 <= len(text) <= 80 and _NAME_RE.match(text):
        return text
    return None


def read_byline(text: str) -> dict | None:
    """Read a byline: a line that is only a date, an author, or both ("Ірина Коваль — 18.11.2026, 09:12").

    Returns ``{"date"|"updated": date, "author": str}`` (keys present when found), or None when the
    line says anything else.
    """
    line = text.strip()
    if len(line) > 200 or len(re.findall(r"[^\W\d_]+", line)) > 14:
        return None
    author = AUTHOR_RE.match(line)
    if author and date_span(line) is None:
        name = person_name(author["name"])
        return {"author": name} if name else None
    place = _PLACE_BYLINE_RE.match(line)
    if place and person_name(place["name"]) and word_count(line) <= 6:
        return {"author": person_name(place["name"])}  # "Anna Smith in Kyiv"
    span = date_span(line)
    if span is None:
        return None
    found = parse_date(line[span[0]:span[1]])
    updated = bool(_UPDATED_RE.match(line))
    result: dict = {"updated" if updated else "date": found}
    parts = _EXPLICIT_SPLIT_RE.split(line)
    for part in parts:
        dated = date_span(part) is not None
        rest = strip_dates(part).strip(" ,.;:")
        if not rest:
            continue
        who = AUTHOR_RE.match(rest)
        name = person_name(who["name"]) if who else person_name(rest)
        if name and "author" not in result and word_count(name) >= 2:
            result["author"] = name
        elif not dated and len(parts) > 1 and word_count(rest) <= 2 and not _TERMINAL_RE.search(part):
            continue  # a category label next to the date: "18.11.2026 | Політика"
        else:
            return None
    return result
