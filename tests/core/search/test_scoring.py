"""Whole-list scoring (scoring.top_docs) finds the same hits, in the same order and with the same
scores, as Whoosh's own document-by-document search, over an index of several segments with
replaced and deleted documents; phrases still need their words in a row."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from whoosh import query as wq
from whoosh import sorting

from marginalia.core.search import codec, scoring
from marginalia.core.search.index import ArticleDoc, HighlightDoc, SearchIndex, _TopCollector
from marginalia.core.search.query import parse_query

SENTENCES = [
    "Уряд ухвалив нові гарантії безпеки для прикордонних громад.",
    "Гарантії для фермерів обговорили, а безпеки доріг ніхто не згадав.",
    "Міністр оборони провів нараду з командирами бригад.",
    "Енергетики відновили живлення після нічної атаки на підстанцію.",
    "Ціни на пальне зросли вдруге за місяць, пишуть аналітики.",
    "Переговори про обмін полоненими тривали до пізньої ночі.",
    "Волонтери передали бригаді два генератори та старлінк.",
    "Безпеки гарантії не буває без сильної армії, наголосив генерал.",
    "Громада села Зелений Гай збирає кошти на укриття для школи.",
    "Grain exports rose again as the sea corridor stayed open.",
]


def _article(ident: int, **kw) -> ArticleDoc:
    body = " ".join(SENTENCES[(ident * k) % len(SENTENCES)] for k in (1, 3, 7))
    data = dict(
        id=ident, title=SENTENCES[ident % len(SENTENCES)].split(",")[0], body=body, author=None,
        site="Вісник Полісся" if ident % 2 else "Нова Доба", url=None, tags=["фронт"] if ident % 3 == 0 else [],
        language="uk", published=date(2024, 1 + ident % 12, 1 + ident % 27), imported=datetime(2025, 1, 1),
        is_read=ident % 4 == 0, has_highlights=False, has_notes=False, version="1",
    )
    data.update(kw)
    return ArticleDoc(**data)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = SearchIndex.open(tmp_path_factory.mktemp("scoring") / "index")
    for start in (1, 15, 29):  # three commits: three segments
        ix.apply(upsert=[_article(i) for i in range(start, start + 14)])
    ix.apply(upsert=[HighlightDoc(
        id=1, article_id=3, article_title="Нарада", quote="Міністр оборони провів нараду.", note="гарантії безпеки",
        tags=[], color="yellow", color_name="key", created=datetime(2025, 2, 1), published=None, version="1")])
    ix.apply(upsert=[_article(5, body="Тепер тут лише про погоду й туман.")], delete=[("article", 20)])
    yield ix
    ix.close()


QUERIES = [
    "гарантії", "безпеки", "міністр оборона", "переговори OR генератор", "гарантії -армії",
    '"гарантії безпеки"', '"безпеки гарантії"', '"міністр оборони провів"', "енерг*", "site:Полісся громада",
    "tag:фронт бригада", "is:unread гарантії", "date:2024-01..2024-06 ціни", "grain exports", "title:уряд",
    'title:"ціни на пальне"', "NOT гарантії", "погода", '"гарантії безпеки" OR генератори',
    "(гарантії енергетики) OR бригада", "(бригада -генератори) OR погода",
]


def _whoosh(searcher, q, limit: int, by_date: bool = False) -> list[tuple[float, int]]:
    if by_date:
        results = searcher.search(q, limit=limit, sortedby=sorting.FieldFacet("date", reverse=True))
        return [(0.0, hit.docnum) for hit in results]
    collector = _TopCollector(limit)
    searcher.search_with_collector(q, collector)
    return [(hit.score, hit.docnum) for hit in collector.results()]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("kind", [None, "highlight"])
def test_same_hits_and_scores_as_whoosh(index, text: str, kind: str | None) -> None:
    q = parse_query(text).query
    if kind:
        q = wq.Require(q, wq.Term("kind", kind))
    searcher = index._current_searcher()
    for limit in (3, 50):
        fast = scoring.top_docs(searcher, q, limit)
        slow = _whoosh(searcher, q, limit)
        assert fast is not None
        assert [doc for _, doc in fast] == [doc for _, doc in slow]
        assert [round(score, 6) for score, _ in fast] == [round(score, 6) for score, _ in slow]


@pytest.mark.parametrize("text", ["гарантії", '"гарантії безпеки"', "бригада"])
def test_same_order_by_date_as_whoosh(index, text: str) -> None:
    q = parse_query(text).query
    searcher = index._current_searcher()
    fast = scoring.top_docs(searcher, q, 50, by_date=True)
    assert fast == _whoosh(searcher, q, 50, by_date=True)


def test_phrase_needs_the_words_in_a_row(index) -> None:
    def ids(text: str) -> set[int]:
        return {hit.article_id for hit in index.search(text, kind="article", limit=100)}

    live = [i for i in range(1, 43) if i not in (5, 20)]  # 5 was replaced, 20 deleted
    with_phrase = {i for i in live if "гарантії безпеки" in (_article(i).title + " " + _article(i).body)}
    assert with_phrase and ids('"гарантія безпеки"') == with_phrase
    assert ids('"гарантії безпеки"') < ids("гарантії безпеки")  # other sentences have both words apart
    assert ids('"безпеки гарантії"') == {i for i in live if "Безпеки гарантії" in _article(i).body}
    assert 5 not in ids("гарантії") and 5 in ids("туман")  # replaced
    assert 20 not in ids("гарантії") | ids("громада")  # deleted


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """One segment whose frequent words have posting lists of several blocks (blocks of 64
    postings here, so that 400 documents make six or seven of them)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codec, "BLOCK_LIMIT", 64)
        ix = SearchIndex.open(tmp_path_factory.mktemp("scoring-big") / "index")
        ix.apply(upsert=[_article(i, body=" ".join(SENTENCES[(i * k + i // 7) % len(SENTENCES)] for k in (1, 2, 5)))
                         for i in range(1, 400)])
    searcher = ix._current_searcher()
    matcher = searcher.reader().postings("body", "гарантія".encode())
    blocks = 1
    while not matcher._lastblock:
        matcher._goto(matcher._nextoffset)
        blocks += 1
    assert blocks >= 5
    yield ix
    ix.close()


@pytest.mark.parametrize("text", ['"гарантії безпеки"', '"безпеки гарантії"', '"міністр оборони провів"',
                                  "гарантії безпеки", "гарантії -безпеки", "громад*"])
def test_long_posting_lists_match_whoosh(big_index, text: str) -> None:
    q = parse_query(text).query
    searcher = big_index._current_searcher()
    for limit in (1, 7, 50, 500):
        fast = scoring.top_docs(searcher, q, limit)
        slow = _whoosh(searcher, q, limit)
        assert [doc for _, doc in fast] == [doc for _, doc in slow]
        assert [round(score, 6) for score, _ in fast] == [round(score, 6) for score, _ in slow]
    expected = {d for d in range(searcher.doc_count_all())
                if '"' in text and text.strip('"').capitalize() in searcher.stored_fields(d).get("title", "")}
    assert expected <= {doc for _, doc in scoring.top_docs(searcher, q, 500)}


def test_phrases_survive_merged_segments(tmp_path) -> None:
    """Many small commits get merged (positions copied from segment to segment)."""
    ix = SearchIndex.open(tmp_path / "index")
    try:
        for start in range(1, 90, 10):
            ix.apply(upsert=[_article(i) for i in range(start, start + 10)])
        searcher = ix._current_searcher()
        assert len(searcher.reader().leaf_readers()) < 9  # some were merged
        for text in ('"гарантії безпеки"', '"безпеки гарантії"', '"міністр оборони"'):
            q = parse_query(text).query
            fast = scoring.top_docs(searcher, q, 100)
            assert fast and [doc for _, doc in fast] == [doc for _, doc in _whoosh(searcher, q, 100)]
    finally:
        ix.close()


def test_positions_are_stored_as_deltas_narrow_or_wide_and_read_back_exactly() -> None:
    from array import array

    narrow = (array("I", [0, 5, 9]).tobytes(), array("I", [3]).tobytes(), array("I", [65535, 65536 + 7]).tobytes())
    packed = codec._pack_positions(narrow)
    assert packed[:1] == codec._DELTAS16
    counts, positions = codec._unpack_positions(packed)
    assert counts.tolist() == [3, 1, 2] and positions.tolist() == [0, 5, 9, 3, 65535, 65543]
    wide = narrow + (array("I", [12, 90_000, 250_000]).tobytes(),)
    packed = codec._pack_positions(wide)
    assert packed[:1] == codec._DELTAS32
    counts, positions = codec._unpack_positions(packed)
    assert counts.tolist() == [3, 1, 2, 3]
    assert positions.tolist() == [0, 5, 9, 3, 65535, 65543, 12, 90_000, 250_000]
    counts, positions = codec._unpack_positions(packed, np.array([1, 3]))  # only some postings
    assert counts.tolist() == [1, 3] and positions.tolist() == [3, 12, 90_000, 250_000]
    for far in (0, 70_000):  # a big block (packed with numpy), narrow then wide
        many = tuple(array("I", [k, k + 1 + far * (k % 2)]).tobytes() for k in range(100))
        packed = codec._pack_positions(many)
        assert packed[:1] == (codec._DELTAS32 if far else codec._DELTAS16)
        assert codec._unpack_positions(packed)[1].tolist() == [x for v in many for x in array("I", v)]


def test_a_phrase_far_into_a_very_long_article_is_found(tmp_path) -> None:
    """Positions beyond 65,535 words (a book-length page) are stored wide and still match."""
    filler = " ".join(["слово"] * 70_000)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codec, "BLOCK_LIMIT", 2)  # postings in blocks, not inlined in the term info
        ix = SearchIndex.open(tmp_path / "index")
        ix.apply(upsert=[_article(i) for i in range(1, 41)]
                 + [_article(99, body=f"{filler} Наприкінці книги гарантії безпеки нарешті згадали.")])
    try:
        reader = ix._current_searcher().reader()
        assert reader.doc_frequency("body", "гарантія".encode()) > 16  # in blocks, not inlined
        assert {hit.article_id for hit in ix.search('"нарешті згадали"', kind="article")} == {99}
        with_phrase = {i for i in range(1, 41) if "гарантії безпеки" in _article(i).body.lower()} | {99}
        assert {hit.article_id for hit in ix.search('"гарантії безпеки"', kind="article", limit=100)} == with_phrase
    finally:
        ix.close()


def test_a_rare_phrase_among_many_candidates_is_found_best_first(tmp_path) -> None:
    """Both words are in every article but in a row in only a few, ranked low: the candidates
    are checked in several growing batches and the hits are Whoosh's, in Whoosh's order."""
    ix = SearchIndex.open(tmp_path / "index")
    try:
        docs = []
        for i in range(1, 301):
            together = i % 97 == 0  # 3 articles
            body = ("Бюджет громади ухвалили " + "депутати " * (1 + i % 5) + "і сесія тривала. ") * 3
            body += "Депутати бюджет обговорили." if together else "Бюджет довго обговорювали депутати."
            docs.append(_article(i, title="Сесія", body=body))
        ix.apply(upsert=docs)
        q = parse_query('"депутати бюджет"').query
        searcher = ix._current_searcher()
        for limit in (1, 2, 3, 50):
            fast = scoring.top_docs(searcher, q, limit)
            assert [doc for _, doc in fast] == [doc for _, doc in _whoosh(searcher, q, limit)]
        assert {hit.article_id for hit in ix.search('"депутати бюджет"', kind="article")} == {97, 194, 291}
    finally:
        ix.close()
