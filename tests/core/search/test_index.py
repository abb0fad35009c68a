"""The search index: writes (apply, delete, rebuild), ranking, sorting, kinds, snippets, damage."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest

from marginalia.core.errors import LibraryLocked
from marginalia.core.search.index import ArticleDoc, HighlightDoc, IndexDamaged, SearchHit, SearchIndex


def article(ident: int, title: str, body: str, **kw) -> ArticleDoc:
    data = dict(
        id=ident, title=title, body=body, author=None, site=None, url=None, tags=[], language="uk",
        published=None, imported=datetime(2025, 5, 1, 10, 0), is_read=False, has_highlights=False,
        has_notes=False, version="v1",
    )
    data.update(kw)
    return ArticleDoc(**data)


def highlight(ident: int, article_id: int, quote: str, note: str = "", **kw) -> HighlightDoc:
    data = dict(
        id=ident, article_id=article_id, article_title=f"Стаття {article_id}", quote=quote, note=note,
        tags=[], color="yellow", color_name="key point", created=datetime(2025, 5, 2, 9, 0),
        published=None, version="h1",
    )
    data.update(kw)
    return HighlightDoc(**data)


FILLER = (
    "Мешканці прибережних сіл щоранку перевіряють прогноз погоди, бо вітер змінюється швидко. "
    "Рибалки лагодять сіті, а школярі поспішають на автобус до районного центру. "
)

LIBRARY = [
    article(1, "Повінь на Дністрі", FILLER * 3 + "Рятувальники евакуювали три села після повені.",
            published=date(2024, 5, 3)),
    article(2, "Новий міст у Вінниці", FILLER + "Будівельники завершили міст; про повінь тут не згадують. "
            "Лише одна згадка: повінь.", published=date(2025, 2, 1)),
    article(3, "Зимові ціни на овочі", FILLER + "Ціни на моркву та буряк зросли на 5 % & більше <за прогнозом>.",
            published=None, imported=datetime(2025, 3, 9, 8, 0)),
]
TEXTS = {doc.id: doc.body for doc in LIBRARY}


def text_for(kind: str, ident: int) -> str | None:
    return TEXTS.get(ident)


@pytest.fixture
def index(tmp_path):
    ix = SearchIndex.open(tmp_path / "index")
    ix.apply(upsert=LIBRARY)
    yield ix
    ix.close()


def ids(hits: list[SearchHit]) -> list[int]:
    return [h.highlight_id or h.article_id for h in hits]


# --- ranking, sorting, kinds ----------------------------------------------------------------


def test_title_match_ranks_above_body_match(index):
    hits = index.search("повінь")
    assert ids(hits)[:2] == [1, 2]  # «повінь» in the title of 1, twice in the body of 2
    assert hits[0].score > hits[1].score > 0


def test_sort_by_date_newest_first_falling_back_to_import_date(index):
    hits = index.search("мешканці", sort="date")
    # 2 published 2025-02-01, 3 imported 2025-03-09 (no published date), 1 published 2024-05-03
    assert ids(hits) == [3, 2, 1]
    assert hits[1].published == date(2025, 2, 1)
    assert hits[0].published is None


def test_kind_filter(index):
    index.apply(upsert=[highlight(50, 1, "евакуювали три села після повені", note="порівняти з 2020")])
    both = index.search("повінь")
    assert {h.kind for h in both} == {"article", "highlight"}
    only = index.search("повінь", kind="highlight")
    assert [(h.kind, h.article_id, h.highlight_id, h.title) for h in only] == [("highlight", 1, 50, "Стаття 1")]
    assert all(h.kind == "article" for h in index.search("повінь", kind="article"))


def test_limit(index):
    assert len(index.search("мешканці", limit=2)) == 2


# --- snippets -------------------------------------------------------------------------------


def test_snippet_marks_the_inflected_hit_words_in_the_best_fragment(index):
    hit = index.search("повінь евакуювати", text_for=text_for)[0]
    assert hit.article_id == 1
    assert "<mark>евакуювали</mark> три села після <mark>повені</mark>" in hit.snippet
    assert hit.snippet.startswith("…")  # the fragment near the end of the body, not its start
    assert len(hit.snippet) <= 260


def test_snippet_escapes_html_and_collapses_whitespace(index):
    hit = index.search("моркву", text_for=text_for)[0]
    assert "&amp; більше &lt;за прогнозом&gt;" in hit.snippet
    assert "<mark>моркву</mark>" in hit.snippet
    assert "<за" not in hit.snippet


def test_snippet_for_a_title_only_match_is_the_start_of_the_body(index):
    hit = index.search("title:Вінниці", text_for=text_for)[0]
    assert hit.snippet.startswith("Мешканці прибережних сіл")
    assert "<mark>" not in hit.snippet


def test_text_for_can_be_set_once_on_the_index(index):
    assert index.search("моркву")[0].snippet == ""  # no text source: no body snippet
    index.text_for = text_for
    assert "<mark>моркву</mark>" in index.search("моркву")[0].snippet


def test_texts_for_fetches_all_snippet_texts_in_one_call(index):
    calls = []

    def texts_for(article_ids):
        calls.append(sorted(article_ids))
        return {i: TEXTS[i] for i in article_ids}

    index.texts_for = texts_for
    hits = index.search("мешканці")
    assert calls == [[1, 2, 3]]
    assert all("<mark>Мешканці</mark>" in h.snippet for h in hits)


def test_highlight_snippet_shows_quote_and_note_only_when_it_matched(index):
    index.apply(upsert=[
        highlight(60, 3, "Ціни на моркву та буряк зросли", note="перевірити дані статистики"),
    ])
    by_quote = index.search("буряк", kind="highlight")[0]
    assert by_quote.snippet == "Ціни на моркву та <mark>буряк</mark> зросли"
    by_note = index.search("статистика", kind="highlight")[0]
    assert by_note.snippet == "Ціни на моркву та буряк зросли — перевірити дані <mark>статистики</mark>"


def test_snippet_marks_prefix_and_phrase_words(index):
    index.apply(upsert=[article(9, "Оборона", "Кажуть, що збройні сили та переговорники готові до зими.")])
    hit = index.search('"збройні сили" перегов*', text_for=lambda kind, ident: index_text(ident))[0]
    assert hit.snippet == ("Кажуть, що <mark>збройні</mark> <mark>сили</mark> та "
                           "<mark>переговорники</mark> готові до зими.")


def index_text(ident: int) -> str:
    return {9: "Кажуть, що збройні сили та переговорники готові до зими."}.get(ident) or TEXTS[ident]


def test_fast_scorer_gives_whoosh_bm25f_scores(tmp_path):
    from whoosh import index as windex
    from whoosh import query as wq
    from whoosh.scoring import BM25F

    from marginalia.core.search.schema import FastBM25F, MarginaliaCodec, build_schema, doc_fields

    ix = windex.create_in(str(tmp_path), build_schema())
    writer = ix.writer(codec=MarginaliaCodec())
    for doc in [*LIBRARY, *many(30)]:
        writer.add_document(**doc_fields(doc))
    writer.commit()
    q = wq.Or([wq.Term("body", "громада"), wq.Term("body", "повінь"), wq.Term("body", "мешканець")])
    with ix.searcher(weighting=BM25F()) as plain, ix.searcher(weighting=FastBM25F()) as fast:
        expected = [(h.docnum, round(h.score, 9)) for h in plain.search(q, limit=None)]
        got = [(h.docnum, round(h.score, 9)) for h in fast.search(q, limit=None)]
    assert got == expected and len(got) == 33


def test_to_json(index):
    data = index.search("моркву", text_for=text_for)[0].to_json()
    assert set(data) == {"kind", "article_id", "highlight_id", "title", "score", "snippet"}
    assert data["kind"] == "article" and data["article_id"] == 3 and data["highlight_id"] is None


# --- writes ---------------------------------------------------------------------------------


def test_apply_replaces_and_deletes_in_one_batch(index):
    changed = article(2, "Новий міст у Житомирі", "Міст відкрили для руху.", version="v2")
    index.apply(upsert=[changed, highlight(70, 2, "міст відкрили")], delete=[("article", 1)])
    assert ids(index.search("Вінниці")) == []
    assert ids(index.search("Житомирі")) == [2]
    assert ids(index.search("рятувальники")) == []
    assert index.stored_keys() == {("article", 2): "v2", ("article", 3): "v1", ("highlight", 70): "h1"}
    assert index.doc_count() == 3


def test_many_small_writes_are_merged_and_stay_searchable(index):
    for i in range(12):  # Whoosh merges small segments every few commits
        index.apply(upsert=[highlight(400 + i, 3, f"Буряк подорожчав, запис {i}", note="порівняти ціни")])
    index.apply(upsert=[highlight(405, 3, "Замінена цитата")], delete=[("highlight", 406)])
    assert len(index.search("буряк", kind="highlight")) == 10
    assert ids(index.search("замінена")) == [405]
    assert len(index.stored_keys()) == 3 + 11


def test_small_writes_never_merge_the_big_segments_of_a_rebuild(index, monkeypatch):
    import marginalia.core.search.index as index_module
    import marginalia.core.search.segments as segments_module

    monkeypatch.setattr(index_module, "_REBUILD_SEGMENT_DOCS", 100)
    monkeypatch.setattr(segments_module, "SMALL_SEGMENT_DOCS", 50)
    index.rebuild_procs = 1
    index.rebuild(many(500))
    big = {p.name for p in index.directory.glob("*.seg")}
    assert len(big) == 5
    for i in range(20):
        index.apply(upsert=[highlight(500 + i, 100, f"запис {i}")])
    after = {p.name for p in index.directory.glob("*.seg")}
    assert big <= after  # untouched
    # The small ones were merged as they came: no size tier holds more than MERGE_AT of them.
    from collections import Counter

    from whoosh import index as windex

    from marginalia.core.search.schema import build_schema

    small = [s.doc_count_all() for s in windex.open_dir(str(index.directory), schema=build_schema())._segments()
             if s.doc_count_all() < 50]
    assert len(small) < 20
    assert max(Counter(segments_module.size_tier(n) for n in small).values()) <= segments_module.MERGE_AT
    assert len(index.search("запис", limit=100)) == 20


def test_a_write_merges_no_more_than_its_budget(index):
    """The desktop app's writes may merge only a few documents (a merge costs about as much as
    indexing them again); an import's index process merges with a bigger budget."""
    before = len(list(index.directory.glob("*.seg")))
    index.merge_docs = 10
    for i in range(8):  # eight segments of 20 documents: any two of them are over the budget
        index.apply(upsert=[highlight(600 + 20 * i + k, 3, f"бюджет громади {i}-{k}") for k in range(20)])
    assert len(list(index.directory.glob("*.seg"))) == before + 8
    index.merge_docs = 2000
    index.apply(upsert=[highlight(800, 3, "бюджет громади ще раз")])
    assert len(list(index.directory.glob("*.seg"))) <= 3
    assert len(index.search("бюджет", kind="highlight", limit=500)) == 161
    assert len(index.stored_keys()) == 3 + 161


def test_only_small_segments_of_a_similar_size_are_merged(index):
    """A merge rewrites every document it takes: like sizes are merged together (a
    log-structured policy), so a 70-document segment is not rewritten to absorb single edits."""
    segments = lambda: {p.name for p in index.directory.glob("*.seg")}  # noqa: E731
    ident = iter(range(700, 2000))
    before = segments()
    for n in (5, 20, 70):  # three size tiers
        index.apply(upsert=[highlight(next(ident), 3, f"сесія ради {n}") for _ in range(n)])
    sized = segments() - before
    assert len(sized) == 3
    for _ in range(12):  # single edits: merged among themselves as they come
        index.apply(upsert=[highlight(next(ident), 3, "правка")])
    after = segments()
    assert sized <= after  # the bigger ones untouched
    assert len(after - sized) < 12
    assert len(index.search("правка", kind="highlight", limit=100)) == 12
    assert len(index.search("сесія", kind="highlight", limit=200)) == 95


def test_delete_of_a_missing_key_is_harmless(index):
    index.apply(delete=[("highlight", 999)])
    assert index.doc_count() == 3


def test_index_survives_reopening(tmp_path):
    ix = SearchIndex.open(tmp_path / "index")
    ix.apply(upsert=LIBRARY)
    ix.close()
    again = SearchIndex.open(tmp_path / "index")
    assert ids(again.search("моркву")) == [3]
    assert again.stored_keys()[("article", 1)] == "v1"
    again.close()


class RecordingProgress:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def update(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, total))

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and bool(self.calls) and self.calls[-1][0] >= self.cancel_after


def many(n: int) -> list[ArticleDoc]:
    return [article(100 + i, f"Звіт громади номер {i}", f"Громада ухвалила бюджет {i}.") for i in range(n)]


def test_rebuild_replaces_everything(index):
    progress = RecordingProgress()
    docs = many(450)
    assert index.rebuild(docs, progress=progress) == 450
    assert index.doc_count() == 450
    assert ids(index.search("моркву")) == []
    assert len(index.search("бюджет", limit=1000)) == 450
    assert progress.calls[-1] == (450, 450)


def test_cancelled_rebuild_keeps_the_old_index(index):
    progress = RecordingProgress(cancel_after=200)
    assert index.rebuild(iter(many(450)), progress=progress) < 450
    assert index.doc_count() == 3
    assert ids(index.search("моркву")) == [3]


@pytest.mark.parametrize("procs", [1, 2])
def test_rebuild_in_segments_and_worker_processes(index, monkeypatch, procs):
    import marginalia.core.search.index as index_module

    monkeypatch.setattr(index_module, "_REBUILD_SEGMENT_DOCS", 100)
    index.rebuild_procs = procs
    progress = RecordingProgress()
    assert index.rebuild(many(450) + LIBRARY, progress=progress) == 453
    assert index.doc_count() == 453
    assert len(index.search("бюджет", limit=1000)) == 450
    assert ids(index.search("моркву")) == [3]
    assert progress.calls[-1] == (453, 453)
    index.apply(upsert=[article(100, "Звіт громади змінено", "Нічого.")])  # writes still work
    assert len(index.search("бюджет", limit=1000)) == 449


def test_cancelled_parallel_rebuild_keeps_the_old_index(index, monkeypatch):
    import marginalia.core.search.index as index_module

    monkeypatch.setattr(index_module, "_REBUILD_SEGMENT_DOCS", 100)
    index.rebuild_procs = 2
    assert index.rebuild(many(900), progress=RecordingProgress(cancel_after=500)) < 900
    assert index.doc_count() == 3
    assert not (index.directory.parent / "index.rebuild").exists()


def test_concurrent_searches_while_writing(index):
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(30):
                assert 3 in ids(index.search("моркву"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(5):
        index.apply(upsert=[highlight(200 + i, 1, f"цитата {i}")])
    for t in threads:
        t.join()
    assert errors == []


def test_second_writer_gets_library_locked(index):
    lock = index._ix.lock("WRITELOCK")
    assert lock.acquire()
    try:
        index.write_timeout = 0.1
        with pytest.raises(LibraryLocked):
            index.apply(upsert=[highlight(300, 1, "ще одна")])
    finally:
        lock.release()


# --- damage ---------------------------------------------------------------------------------


def test_scrambled_index_folder_raises_index_damaged_and_reset_recovers(tmp_path):
    folder = tmp_path / "index"
    ix = SearchIndex.open(folder)
    ix.apply(upsert=LIBRARY)
    ix.close()
    for path in folder.iterdir():
        if path.is_file() and path.name != "marginalia-index.json":
            path.write_bytes(b"\x00garbage\xff" * 7)
    with pytest.raises(IndexDamaged) as err:
        SearchIndex.open(folder)
    assert "\n" not in str(err.value)
    fresh = SearchIndex.open(folder, reset=True)
    assert fresh.doc_count() == 0
    fresh.apply(upsert=LIBRARY)
    assert ids(fresh.search("моркву")) == [3]
    fresh.close()


def test_truncated_segment_raises_index_damaged(tmp_path):
    folder = tmp_path / "index"
    ix = SearchIndex.open(folder)
    ix.apply(upsert=LIBRARY)
    ix.close()
    for path in folder.iterdir():
        if path.suffix == ".seg":
            path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(IndexDamaged):
        SearchIndex.open(folder)


def test_index_from_another_schema_version_must_be_rebuilt(tmp_path):
    folder = tmp_path / "index"
    SearchIndex.open(folder).close()
    (folder / "marginalia-index.json").write_text('{"schema": -1}', "utf-8")
    with pytest.raises(IndexDamaged):
        SearchIndex.open(folder)


def test_missing_folder_is_created(tmp_path):
    ix = SearchIndex.open(tmp_path / "a" / "b" / "index")
    assert ix.doc_count() == 0
    assert ix.stored_keys() == {}
    assert ix.search("будь-що") == []
    ix.close()
