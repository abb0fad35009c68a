"""The word list search relies on: query/target pairs that must meet, and traps that must not.

A query "finds" a target when every word of the query (analysed as a query) shares a term with
the target (analysed as an indexed document), which is how the index ANDs query words and ORs
the lemmas of one word. The same lists feed ``tests/bench/bench_lemmatizers.py``.
"""

from __future__ import annotations

import pytest

from marginalia.core.search.analysis import analyze, position_groups

# (query, target, what it exercises)
MATCH_PAIRS: list[tuple[str, str, str]] = [
    # noun cases and plurals
    ("Україну", "України", "noun case"),
    ("переговори", "переговорів", "plural genitive"),
    ("військо", "військ", "zero-ending genitive"),
    ("Харкова", "Харків", "o/i alternation"),
    ("ніч", "ночі", "i/o alternation"),
    ("людей", "люди", "suppletive plural"),
    ("санкцій", "санкціями", "plural cases"),
    ("енергосистему", "енергосистемі", "noun case"),
    ("дронами", "дронів", "plural cases"),
    ("Дніпрі", "Дніпро", "locative"),
    ("Одещини", "Одещиною", "region name"),
    ("Гуляйполі", "Гуляйполе", "town name"),
    ("коаліцію", "коаліції", "noun case"),
    ("угода", "угодою", "noun case"),
    ("обстріли", "обстрілу", "noun number"),
    # verbs
    ("заявив", "заявила", "past tense gender"),
    ("допоможе", "допомогти", "future vs infinitive"),
    ("знищили", "знищено", "impersonal form"),
    ("зустрівся", "зустрітися", "reflexive verb"),
    ("підписав", "підписали", "past tense number"),
    ("атакувати", "атакують", "infinitive vs present"),
    # adjectives
    ("військовий", "військових", "adjective case"),
    ("європейських", "європейська", "adjective gender"),
    ("енергетичної", "енергетичний", "adjective case"),
    # names, including ones no dictionary knows
    ("Стармер", "Стармера", "name genitive"),
    ("Стармеру", "Стармер", "name dative"),
    ("Ландсбергіс", "Ландсбергіса", "name genitive"),
    ("Сибіги", "Сибіга", "unknown name"),
    ("Сибігою", "Сибіга", "unknown name instrumental"),
    ("Умєрова", "Умєров", "unknown surname"),
    ("Зеленському", "Зеленський", "adjectival surname"),
    ("Макроном", "Макрон", "foreign name"),
    ("Рютте", "Рютте", "indeclinable name"),
    ("Олені", "Олена", "first name"),
    # apostrophes (' ’ ʼ ` ‘)
    ("прем’єр-міністр", "прем'єр-міністра", "apostrophe ’ vs ', hyphenated whole"),
    ("прем'єр", "прем'єр-міністра", "first part of a hyphenated word"),
    ("міністр", "прем'єр-міністра", "second part of a hyphenated word"),
    ("премʼєр-міністрові", "прем’єр-міністр", "apostrophe U+02BC"),
    ("з’явилися", "з'явився", "apostrophe ’ in a verb"),
    ("м`яса", "м’ясо", "backtick as apostrophe"),
    ("обʼєднання", "об'єднанні", "apostrophe U+02BC"),
    ("сім'ї", "сім’я", "apostrophe ' vs ’"),
    ("пам‘ять", "пам'яті", "apostrophe U+2018"),
    # hyphens
    ("північно-західний", "північно-західного", "hyphenated adjective"),
    ("Івано-Франківськ", "Івано-Франківська", "hyphenated city"),
    ("Франківськ", "Івано-Франківська", "part of a hyphenated city"),
    ("президент", "віце-президента", "part of a hyphenated title"),
    ("F-16", "винищувачі F-16", "letter-digit compound"),
    # Russian
    ("переговоров", "переговоры", "Russian plural"),
    ("Украины", "Украину", "Russian case"),
    ("войска", "войск", "Russian genitive plural"),
    ("заявил", "заявила", "Russian past tense"),
    ("Навального", "Навальный", "Russian surname"),
    ("ещё", "еще", "ё written as е"),
    # English
    ("grain export", "grain exports", "English plural"),
    ("sanctions", "sanction", "English plural"),
    ("negotiating", "negotiations", "English stem"),
    ("Ukraine's", "Ukraine", "English possessive"),
    ("attacked", "attacks", "English verb forms"),
    ("countries", "country", "English y/ies"),
    # folding
    ("Kиїв", "Київ", "Latin K inside a Cyrillic word"),
    ("ґрунту", "грунт", "ґ written as г"),
    ("при\u0301клад", "приклад", "stress mark"),
    ("ПЕРЕГОВОРИ", "переговорів", "case folding"),
    ("2024", "у 2024 році", "digits"),
]

# (query, target, why they must not meet)
NO_MATCH_PAIRS: list[tuple[str, str, str]] = [
    ("мир", "міра", "peace vs measure"),
    ("Ради", "радий", "council (genitive) vs glad"),
    ("мена", "мені", "stop word must not lemmatise to 'exchange'"),
    ("мена", "мене", "stop word must not lemmatise to 'exchange'"),
    ("йога", "його", "'його' is not yoga"),
    ("їсти", "їм", "'їм' (to them) is not 'to eat'"),
    ("перти", "при", "preposition is not a verb"),
    ("алло", "але", "conjunction is not 'hello'"),
    ("прем'єр-міністр", "міністр оборони", "hyphenated query wants the whole word"),
    ("віце-президент", "президент", "hyphenated query wants the whole word"),
    ("годину", "года", "Ukrainian hour vs Russian year"),
    ("неділю", "неделю", "Ukrainian Sunday vs Russian week"),
    ("Литви", "лити", "Lithuania vs to pour"),
    ("кит", "Китаю", "whale vs China"),
    ("лист", "листопада", "letter vs November"),
    ("світ", "світло", "world vs light"),
    ("війна", "вина", "war vs guilt"),
    ("Мирноград", "мир", "town name vs peace"),
    ("Польща", "поле", "Poland vs field"),
    ("газу", "газон", "gas vs lawn"),
    ("Захід", "захист", "West vs defence"),
    ("кінець", "кінь", "end vs horse"),
    ("Рютте", "рюк", "unknown name vs a common word"),
    ("university", "universe", "English over-stemming"),
    ("organization", "organ", "English over-stemming"),
    ("policy", "police", "English over-stemming"),
    ("Trump", "trumpet", "name vs noun"),
    ("news", "new", "English plural-looking noun"),
    ("і", "іти", "one-letter conjunction vs verb"),
    ("том", "тому", "volume vs 'therefore'"),
    ("кіл", "коли", "stakes vs 'when'"),
    ("тога", "того", "toga vs 'of that'"),
    ("тихий", "тих", "quiet vs 'of those'"),
    ("тема", "тем", "Russian theme vs 'the more'"),
]


def finds(query: str, target: str) -> bool:
    """True if every word of ``query`` shares a term with ``target``."""
    target_terms = set(analyze(target))
    groups = position_groups(query)
    return bool(groups) and all(set(group) & target_terms for group in groups)


def test_word_list_is_big_enough() -> None:
    assert len(MATCH_PAIRS) >= 40
    assert len(NO_MATCH_PAIRS) >= 15


@pytest.mark.parametrize(("query", "target", "kind"), MATCH_PAIRS)
def test_query_finds_target(query: str, target: str, kind: str) -> None:
    assert finds(query, target), (
        f"{kind}: {query!r} -> {position_groups(query)} vs {target!r} -> {analyze(target)}"
    )


@pytest.mark.parametrize(("query", "target", "why"), NO_MATCH_PAIRS)
def test_query_does_not_find_trap(query: str, target: str, why: str) -> None:
    groups = position_groups(query)
    target_terms = set(analyze(target))
    shared = [set(group) & target_terms for group in groups]
    assert not any(shared), f"{why}: {query!r} and {target!r} share {shared}"


@pytest.mark.parametrize(
    ("query", "target"),
    [("Україну", "України"), ("переговори", "переговорів"), ("Стармера", "Стармер")],
)
def test_pairs_meet_both_ways(query: str, target: str) -> None:
    assert finds(query, target) and finds(target, query)
