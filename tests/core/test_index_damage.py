"""Index damage: a truncated file, a deleted folder, a scrambled segment and a stale Whoosh writer
lock (left by a writer killed with SIGKILL) are each found and repaired from the database; with
``background_index=True`` the rebuild runs in a thread while searches say the index is being rebuilt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

from marginalia.core import indexing
from marginalia.core.index_keeper import IndexRebuilding
from marginalia.core.library import Library
from tests.helpers.articles import add_article

ARTICLES = [
    ("Міська рада ухвалила бюджет", ["Депутати міської ради ухвалили бюджет на наступний рік після довгих "
                                     "суперечок про ремонт мостів і шкіл.",
                                     "Голова фінансової комісії пообіцяв звітувати щокварталу."]),
    ("Весняна повінь на Дністрі", ["Рятувальники попередили мешканців прибережних сіл про підйом води в "
                                   "Дністрі через танення снігу в Карпатах."]),
    ("Library opens a reading room", ["The regional library opened a quiet reading room with archives of "
                                      "local newspapers from the last century."]),
]


def _make_library(library_dir) -> dict[str, int]:
    lib = Library.open(library_dir)
    try:
        ids = {title: add_article(lib, paras, title=title) for title, paras in ARTICLES}
        lib.add_highlight(ids["Міська рада ухвалила бюджет"], quote="ремонт мостів", note="перевірити кошторис")
        lib.settle_index()
        assert lib.check().ok
    finally:
        lib.close()
    return ids


def _assert_search_works(lib, ids) -> None:
    assert [h.article_id for h in lib.search("бюджету", kind="article")] == [ids["Міська рада ухвалила бюджет"]]
    assert [h.article_id for h in lib.search("повені", kind="article")] == [ids["Весняна повінь на Дністрі"]]
    assert [h.article_id for h in lib.search("newspaper", kind="article")] == [ids["Library opens a reading room"]]
    assert len(lib.search("кошторис", kind="highlight")) == 1
    assert lib.check().ok


def _truncate(index_dir) -> None:
    """Cut every data file of the index in half (a disk that filled up, a copy that stopped)."""
    files = [p for p in index_dir.iterdir() if p.is_file() and not p.name.endswith(".json")
             and p.name != "MAIN_WRITELOCK"]
    assert files
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])


def _scramble(index_dir) -> None:
    """Overwrite the middle of the largest segment file with other bytes (bit rot, a bad sync)."""
    files = [p for p in index_dir.iterdir() if p.is_file() and p.suffix == ".seg"] or \
        [p for p in index_dir.iterdir() if p.is_file() and not p.name.endswith(".json")]
    target = max(files, key=lambda p: p.stat().st_size)
    data = bytearray(target.read_bytes())
    for i in range(len(data) // 8, len(data)):
        data[i] = (data[i] * 31 + 7 + i) % 256
    target.write_bytes(bytes(data))


def _delete(index_dir) -> None:
    shutil.rmtree(index_dir)



@pytest.mark.parametrize("damage", [_truncate, _scramble, _delete], ids=["truncated", "scrambled", "deleted"])
def test_damaged_index_is_detected_and_rebuilt_from_the_database(library_dir, damage):
    ids = _make_library(library_dir)
    damage(library_dir / "index")
    lib = Library.open(library_dir)
    try:
        _assert_search_works(lib, ids)
        assert lib.index_notice and "rebuilt from the database" in lib.index_notice
        assert "\n" not in lib.index_notice
    finally:
        lib.close()
    # The repair is durable: the next start needs no rebuild.
    lib = Library.open(library_dir)
    try:
        _assert_search_works(lib, ids)
        assert lib.index_notice is None
    finally:
        lib.close()


@pytest.mark.parametrize("damage", [_truncate, _scramble, _delete], ids=["truncated", "scrambled", "deleted"])
def test_background_rebuild_says_so_and_search_works_afterwards(library_dir, damage, monkeypatch):
    ids = _make_library(library_dir)
    damage(library_dir / "index")
    # Hold the rebuild at its start until the test has seen what a user sees meanwhile.
    release, rebuilt = threading.Event(), threading.Event()
    real_all_docs = indexing.all_docs

    def gated_all_docs(sessions):
        assert release.wait(120), "the test never released the rebuild"
        return real_all_docs(sessions)

    monkeypatch.setattr(indexing, "all_docs", gated_all_docs)
    lib = Library.open(library_dir, background_index=True)
    lib.indexes.on_rebuilt = rebuilt.set
    try:
        with pytest.raises(IndexRebuilding) as info:
            lib.search("бюджету")
        message = str(info.value)
        assert "being rebuilt" in message and "\n" not in message
        assert lib.indexes.rebuilding
        # Reads of the database and writes go on while the index is rebuilt.
        assert {a.id for a in lib.list_articles()} == set(ids.values())
        new_id = add_article(lib, ["Новий міст через річку відкрили для пішоходів і велосипедистів."],
                             title="Відкрили міст")
        with pytest.raises(IndexRebuilding):
            lib.search("мосту")
        release.set()
        assert rebuilt.wait(120), "the background rebuild did not finish"
        assert lib.index_notice and "rebuilt" in lib.index_notice
        _assert_search_works(lib, ids)
        assert [h.article_id for h in lib.search("пішоходів", kind="article")] == [new_id]
    finally:
        release.set()
        lib.close()


KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from whoosh import index as windex
    from marginalia.core.search.schema import build_schema
    ix = windex.open_dir(sys.argv[1], schema=build_schema())
    writer = ix.writer(timeout=0)
    writer.delete_by_term("kind", "article")  # half-way through a write...
    print("writing", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)      # ...the process is killed
""")


def test_stale_writer_lock_from_a_killed_process_does_not_block(library_dir):
    ids = _make_library(library_dir)
    index_dir = library_dir / "index"
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(index_dir)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == -9, done.stderr
    assert done.stdout.strip() == "writing"
    stale = [p.name for p in index_dir.iterdir() if "WRITELOCK" in p.name]
    assert stale, "the killed writer left no lock file behind (the test did not make the fault)"
    lib = Library.open(library_dir)
    try:
        lib.indexes.index.write_timeout = 2.0  # a real block would fail in seconds, not hang
        _assert_search_works(lib, ids)  # the killed writer's half-write never reached the index
        new_id = add_article(lib, ["Ярмарок меду зібрав пасічників з усієї області."], title="Медовий ярмарок")
        assert lib.settle_index() >= 1
        assert [h.article_id for h in lib.search("пасічники", kind="article")] == [new_id]
        assert lib.reindex() >= len(ids) + 1
        assert lib.check().ok
    finally:
        lib.close()
    assert not any("rebuild" in p.name for p in library_dir.iterdir() if p.name != "index")
    assert os.listdir(index_dir)


def test_postings_found_unreadable_by_a_search_are_rebuilt(library_dir, monkeypatch):
    """Damage that only a search can find (the files open, a posting list cannot be decoded):
    the search that meets it rebuilds the index from the database and answers."""
    import pickle

    from marginalia.core.search import scoring

    ids = _make_library(library_dir)
    real, calls = scoring.top_docs, []

    def unreadable_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise pickle.UnpicklingError("invalid load key, '\\x02'.")
        return real(*args, **kwargs)

    monkeypatch.setattr(scoring, "top_docs", unreadable_once)
    lib = Library.open(library_dir)
    try:
        _assert_search_works(lib, ids)
        assert lib.index_notice and "rebuilt from the database" in lib.index_notice
    finally:
        lib.close()
