"""Concurrent reads while writing: several threads list, open and search the library while one
thread imports a folder and another adds, edits and deletes highlights. No read fails, every row a
read returns is whole (an article's text is its blocks, a highlight's quote is the text it points
to, its note belongs to it), counts never go backwards, and nothing written is lost."""

from __future__ import annotations

import re
import threading
import traceback

import pytest

from marginalia.core.library import Library
from tests.helpers.articles import add_article

SEED_PARAS = [
    "Громада села вирішила відновити стару водяну млинарню над ставом і зробити там музей ремесел.",
    "Кошти збирали два роки: продавали вишиванки, мед і саджанці, а частину дав обласний фонд.",
    "Майстри з сусіднього району перебрали колесо, замінили лопаті та відновили жорна.",
    "Тепер щонеділі у млині мелють зерно для гостей, а діти вчаться пекти хліб у печі.",
]
N_FILES = 30
N_HIGHLIGHTS = 30
READERS = 4


def _write_folder(folder) -> None:
    folder.mkdir()
    for n in range(N_FILES):
        (folder / f"{n:03d}.txt").write_text(
            f" date 2024-03-{n % 28 + 1:02d} Вечірня новина {n}: ярмарок у місті\n\n"
            f"На центральній площі відбувся ярмарок номер {n}, де фермери продавали сир і хліб.\n\n"
            f"Організатори порахували {n * 37 + 100} відвідувачів і пообіцяли повторити свято влітку.\n",
            encoding="utf-8")


@pytest.mark.parametrize("index_process", [False, True], ids=["index-in-process", "index-process"])
def test_reads_from_several_threads_while_importing_and_editing(library_dir, tmp_path, monkeypatch, index_process):
    from marginalia.core import importer

    # a large import pays its index debt in another process, without the write lock: the
    # highlight edits made meanwhile must still reach the index
    monkeypatch.setattr(importer, "INDEX_PROCESS_MIN_FILES", 0 if index_process else 10**9)
    monkeypatch.setattr(importer, "STORE_BATCH", 4)
    folder = tmp_path / "incoming"
    _write_folder(folder)
    lib = Library.open(library_dir)
    seed = add_article(lib, SEED_PARAS, title="Млин над ставом")
    lib.settle_index()
    text = lib.get_article(seed).text
    words = [(m.start(), m.group()) for m in re.finditer(r"\w{5,}", text)]
    spots = {start: k for k, (start, _) in enumerate(words)}
    assert len(words) >= N_HIGHLIGHTS

    errors: list[str] = []
    writers_done = threading.Event()
    readers_ready = threading.Barrier(READERS + 2)
    reads = [0] * READERS
    seen_counts: list[set[int]] = [set() for _ in range(READERS)]

    def guard(fn):
        def run(*args):
            try:
                fn(*args)
            except BaseException:
                errors.append(traceback.format_exc())
                writers_done.set()
                readers_ready.abort()
        return run

    @guard
    def importer():
        readers_ready.wait(60)
        report = lib.import_paths([folder])
        assert report.count("failed") == 0, [r.reason for r in report.results if r.reason]
        assert report.count("imported") == N_FILES

    @guard
    def highlighter():
        readers_ready.wait(60)
        for k in range(N_HIGHLIGHTS):
            start, word = words[k]
            h = lib.add_highlight(seed, start=start, end=start + len(word), note=f"note-{k}", tags=["млин"])
            lib.edit_highlight(h.id, note=f"edited-{k}")
            if k % 5 == 4:
                lib.delete_highlight(h.id)

    @guard
    def reader(slot: int):
        readers_ready.wait(60)
        last_count = 0
        while True:
            finished = writers_done.is_set()
            summaries = lib.list_articles()
            count = lib.count_articles()
            assert count >= last_count, "the article count went backwards"
            assert count >= len(summaries) or len(summaries) >= last_count
            last_count = count
            seen_counts[slot].add(count)
            for summary in summaries[:5]:
                detail = lib.get_article(summary.id)
                assert detail.text == "\n\n".join(b.text for b in detail.blocks)
                assert detail.title and detail.word_count > 0
            live = lib.list_highlights(seed)
            for h in live:
                assert text[h.start:h.end] == h.quote
                k = spots[h.start]
                assert h.note in (f"note-{k}", f"edited-{k}"), (h.note, k)
                assert h.tags == ("млин",)
            for hit in lib.search("ярмарок", kind="article", limit=100):
                assert lib.get_article(hit.article_id).id == hit.article_id
            reads[slot] += 1
            if finished:
                return

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
    writers = [threading.Thread(target=importer), threading.Thread(target=highlighter)]
    for t in threads + writers:
        t.start()
    for t in writers:
        t.join(600)
    writers_done.set()
    for t in threads:
        t.join(600)
    try:
        assert not errors, "\n".join(errors)
        assert all(not t.is_alive() for t in threads + writers)
        assert all(n >= 2 for n in reads), reads  # each reader read during the writes and after them
        assert all(max(c) == N_FILES + 1 for c in seen_counts)
        assert lib.count_articles() == N_FILES + 1
        live = lib.list_highlights(seed)
        assert len(live) == N_HIGHLIGHTS - N_HIGHLIGHTS // 5
        assert all(h.note == f"edited-{spots[h.start]}" for h in live)
        assert len(lib.list_highlights(seed, deleted=True)) >= N_HIGHLIGHTS // 5
        lib.settle_index()
        assert len(lib.search("ярмарок", kind="article", limit=100)) == N_FILES
        assert len(lib.search("tag:млин", kind="highlight", limit=100)) == len(live)
        assert lib.check().ok
    finally:
        lib.close()
