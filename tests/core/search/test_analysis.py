"""The search analyzer: folding, lemmas, hyphens, positions and offsets, and its use in Whoosh."""

from __future__ import annotations

import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, qparser
from whoosh.filedb.filestore import RamStorage
from whoosh.index import create_in, open_dir

from marginalia.core.search import analysis
from marginalia.core.search.analysis import (
    analyze,
    analyzer,
    fold,
    is_stop_word,
    phrase_query,
    position_groups,
    word_variants,
)

# Our own text, in the style of the saved news pages.
PARAGRAPH = (
    "Прем'єр-міністерка зустрілася з делегацією Європейської комісії в Києві. "
    "Сторони обговорили переговори щодо енергетичної підтримки України взимку; "
    "ще́ одне засідання заплановане на 14.03, повідомляє пресслужба. "
    "Йдеться про 2 млрд євро та ремонт підстанцій після ударів «шахедів»."
)


def tokens(text: str, **kwargs: object) -> list[tuple[str, int, int, int]]:
    """(term, position, startchar, endchar) of every token the analyzer yields."""
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer()(text, positions=True, chars=True, **kwargs)
    ]


# --- folding ----------------------------------------------------------------------------


def test_nfd_and_nfc_text_give_the_same_terms() -> None:
    nfd = unicodedata.normalize("NFD", PARAGRAPH)
    assert nfd != PARAGRAPH  # й, ї, є really decomposed
    assert analyze(nfd) == analyze(PARAGRAPH)


@pytest.mark.parametrize("mark", ["\u0301", "\u0300"])
def test_stress_marks_are_ignored(mark: str) -> None:
    assert analyze(f"перегово{mark}ри Украї{mark}ни") == analyze("переговори України")
    stressed_nfd = unicodedata.normalize("NFD", f"зу{mark}стріч ї{mark}жак")
    assert analyze(stressed_nfd) == analyze("зустріч їжак")


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc", "\u2018", "`", "\u2032"])
def test_every_apostrophe_folds_to_one(apostrophe: str) -> None:
    assert analyze(f"прем{apostrophe}єр сім{apostrophe}ї") == analyze("прем'єр сім'ї")
    assert fold(f"М{apostrophe}ЯСО") == "м'ясо"


def test_case_invisible_characters_and_look_alike_letters_are_folded() -> None:
    assert analyze("ПЕРЕГОВОРИ") == analyze("переговори")
    assert analyze("пере\u00adговори") == analyze("переговори")  # soft hyphen
    assert analyze("пере\u200bговори") == analyze("переговори")  # zero-width space
    assert analyze("Kиїв") == analyze("Київ")  # Latin K in a Cyrillic word
    assert analyze("Ukrаine") == analyze("Ukraine")  # Cyrillic а in a Latin word


def test_fold_is_what_prefix_queries_need() -> None:
    assert fold("Ґрунт") == "грунт"
    assert fold("ЕЩЁ") == "еще"
    assert fold("пере\u0301гово*") == "перегово*"


# --- lemmas ---------------------------------------------------------------------------


def test_cyrillic_words_become_lemmas() -> None:
    assert analyze("переговорів") == ["переговори"]
    assert analyze("Україну") == analyze("України") == ["україна"]


def test_every_lemma_of_an_ambiguous_word_is_kept() -> None:
    assert {"рада", "радий"} <= set(analyze("рада"))


def test_unknown_names_are_predicted() -> None:
    assert "стармер" in analyze("Стармера")
    assert "ландсбергіс" in analyze("Ландсбергіса")
    assert set(analyze("Сибіги")) & set(analyze("Сибігою"))


def test_language_is_chosen_by_letters() -> None:
    assert analyze("переговоры") == ["переговоры"]  # ы: Russian
    assert analyze("переговорів") == ["переговори"]  # і: Ukrainian
    assert "переговоры" in analyze("переговорах")  # neither: both dictionaries merged
    assert "переговори" in analyze("переговорах")


def test_latin_words_are_stemmed_and_digits_kept() -> None:
    assert analyze("Grain exports") == analyze("grain export") == ["grain", "export"]
    assert analyze("2024 25.11 1,5") == ["2024", "25", "11", "1", "5"]
    assert analyze("snake_case") == ["snake", "case"]


def test_overlong_words_are_kept_short_or_skipped() -> None:
    code = "Ab3" * 20  # 60 characters: indexed as it is, no lemmas
    assert analyze(f"{code} тут") == [code.lower(), "тут"]
    assert analyze("ж" * 500 + " переговорів") == ["переговори"]


# --- hyphens, positions, offsets -------------------------------------------------------


def test_hyphenated_word_is_indexed_whole_and_in_parts_at_one_position() -> None:
    toks = tokens("Прем'єр-міністра немає")
    terms_at_0 = {text for text, pos, _, _ in toks if pos == 0}
    assert {"прем'єр-міністр", "прем'єр", "міністр"} <= terms_at_0
    assert {pos for _, pos, _, _ in toks} == {0, 1}


def test_hyphenated_query_asks_for_the_whole_word() -> None:
    assert position_groups("прем’єр-міністр") == [("прем'єр-міністр",)]
    assert word_variants("прем'єр") >= {"прем'єр"}


def test_lemmas_of_one_word_share_its_position_and_offsets() -> None:
    text = "Верховна рада засідала"
    toks = tokens(text)
    rada = [t for t in toks if t[1] == 1]
    assert {t[0] for t in rada} >= {"рада", "радий"}
    assert {(t[2], t[3]) for t in rada} == {(9, 13)}
    assert [t[1] for t in toks] == sorted(t[1] for t in toks)


def test_offsets_point_at_the_original_words() -> None:
    text = unicodedata.normalize("NFD", "  Прем’є́р-міністра, сім'ї — «шахедів»")
    words = {text[start:end] for _, _, start, end in tokens(text)}
    assert words == {
        unicodedata.normalize("NFD", "Прем’є́р-міністра"),
        unicodedata.normalize("NFD", "сім'ї"),
        unicodedata.normalize("NFD", "шахедів"),
    }


def test_start_pos_and_start_char_are_honoured() -> None:
    toks = tokens("мир", start_pos=5, start_char=100)
    assert {(pos, start, end) for _, pos, start, end in toks} == {(5, 100, 103)}


# --- stop words --------------------------------------------------------------------------


def test_stop_words_are_indexed_as_they_are_without_lemmas() -> None:
    assert analyze("мені") == ["мені"]  # not the noun 'мена'
    assert analyze("його") == ["його"]  # not 'йога'
    assert is_stop_word("І") and is_stop_word("the") and is_stop_word("и")
    assert not is_stop_word("рада")


def test_a_lone_stop_word_is_dropped_from_a_query_but_kept_in_a_phrase() -> None:
    single = [t.text for t in analyzer()("не", mode="query")]
    assert single == []
    phrase = [t.text for t in analyzer()("ще не вечір", mode="query")]
    assert "не" in phrase
    assert [t.text for t in analyzer()("не", mode="query", removestops=False)] == ["не"]
    assert position_groups("рада і уряд")[1] == ("і",)


# --- properties --------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(
        list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъёАБВҐЄІЇЙ")
        + list("abcdefxyzABCÉéü0123456789")
        + list(" \n.,;:!?«»\"()-–—'’ʼ`_")
        + ["\u0301", "\u0300", "\u00ad"]
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_any_text_analyses_the_same_in_nfd_and_nfc(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert analyze(unicodedata.normalize("NFD", text)) == analyze(nfc)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_tokens_are_ordered_and_inside_the_text(text: str) -> None:
    toks = tokens(text)
    assert [pos for _, pos, _, _ in toks] == sorted(pos for _, pos, _, _ in toks)
    for term, _, start, end in toks:
        assert term and 0 <= start < end <= len(text)


# --- cache, threads, import cost --------------------------------------------------------


def test_cache_is_bounded_and_used() -> None:
    info = analysis._word_terms.cache_info()
    assert info.maxsize is not None and info.maxsize >= 100_000
    analyze("переговори переговори")
    assert analysis._word_terms.cache_info().hits > info.hits


def test_analysis_gives_the_same_terms_from_many_threads() -> None:
    words = PARAGRAPH.split()
    expected = [analyze(w) for w in words]
    analysis._word_terms.cache_clear()
    results: list[list[list[str]]] = []

    def work() -> None:
        results.append([analyze(w) for w in words])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_importing_the_analyzer_does_not_load_the_dictionaries() -> None:
    code = (
        "import sys; import marginalia.core.search.analysis as a; a.analyzer(); "
        "assert 'pymorphy3' not in sys.modules, 'pymorphy3 loaded at import'; "
        "assert 'whoosh.query' not in sys.modules, 'whoosh.query loaded at import'; "
        "a.analyze('переговорів'); assert 'pymorphy3' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- in a Whoosh index -----------------------------------------------------------------

DOCS = {
    "1": "Прем'єр-міністра Великої Британії запросили на переговори щодо України.",
    "2": "Міністр оборони заявив, що Верховна Рада ухвалила закон про військо.",
    "3": "Я радий, що grain exports зросли. Мирноград під обстрілом.",
    "4": "Рада ухвалила закон, а міністр промовчав.",
}


def _schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        body=fields.TEXT(analyzer=analyzer(), stored=True, chars=True, multitoken_query="or"),
    )


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    ix = RamStorage().create_index(_schema())
    with ix.writer() as writer:
        for doc_id, body in DOCS.items():
            writer.add_document(id=doc_id, body=body)
    return ix


def _search(ix, q) -> list[str]:  # type: ignore[no-untyped-def]
    with ix.searcher() as searcher:
        return sorted(hit["id"] for hit in searcher.search(q, limit=None))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("переговорів", ["1"]),
        ("Україну", ["1"]),
        ("прем’єр-міністр", ["1"]),
        ("міністр", ["1", "2", "4"]),
        ("прем'єр", ["1"]),
        ("військ", ["2"]),
        ("grain export", ["3"]),
        ("Ради", ["2", "4"]),
        ("мир", []),
        ("ухвалила закон", ["2", "4"]),
    ],
)
def test_queries_parsed_by_whoosh_find_inflected_words(index, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    parser = qparser.QueryParser("body", index.schema)
    assert _search(index, parser.parse(text)) == expected


def test_phrase_query_matches_any_lemma_in_order(index) -> None:  # type: ignore[no-untyped-def]
    assert _search(index, phrase_query("body", "Верховної Ради ухвалили")) == ["2"]
    assert _search(index, phrase_query("body", "Рада ухвалювала закону")) == []  # other verb
    assert _search(index, phrase_query("body", "ради ухвалила")) == ["2", "4"]
    assert _search(index, phrase_query("body", "закон ухвалила рада")) == []  # order matters
    assert _search(index, phrase_query("body", "на переговорах щодо")) == ["1"]  # stop word kept
    assert _search(index, phrase_query("body", "переговорів", slop=1)) == ["1"]


def test_highlights_mark_the_original_word(index) -> None:  # type: ignore[no-untyped-def]
    parser = qparser.QueryParser("body", index.schema)
    with index.searcher() as searcher:
        hits = searcher.search(parser.parse("міністр"), limit=None)
        snippet = next(h for h in hits if h["id"] == "1").highlights("body")
    assert "Прем'єр-міністра</b>" in snippet
    with index.searcher() as searcher:
        hits = searcher.search(phrase_query("body", "Верховної Ради"), limit=None)
        snippet = hits[0].highlights("body")
    assert ">Верховна</b>" in snippet and ">Рада</b>" in snippet


def test_schema_with_the_analyzer_survives_a_saved_index(tmp_path: Path) -> None:
    ix = create_in(str(tmp_path), _schema())
    with ix.writer() as writer:
        writer.add_document(id="a", body="Переговори у Женеві тривали до ночі.")
    reopened = open_dir(str(tmp_path))
    parser = qparser.QueryParser("body", reopened.schema)
    assert _search(reopened, parser.parse("переговорів ніч")) == ["a"]
