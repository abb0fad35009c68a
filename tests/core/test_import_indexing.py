"""A large import stores in batches and pays its index debt in a separate process while it goes
on storing: every article ends up searchable, nothing written meanwhile is lost from the index,
and a failing index process only leaves debt that the library pays itself."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from marginalia.core import articles, db, importer, indexing
from tests.helpers.articles import add_article

TOWNS = ["Ніжин", "Прилуки", "Бахмач", "Мена", "Козелець", "Остер", "Семенівка", "Борзна", "Носівка", "Ічня",
         "Батурин", "Сосниця", "Корюківка", "Сновськ"]


def _folder(tmp_path, n: int):
    folder = tmp_path / "news"
    folder.mkdir()
    for k in range(n):
        town = TOWNS[k % len(TOWNS)]
        (folder / f"{k:03d}.txt").write_text(
            f" date 2025-0{k % 9 + 1}-1{k % 10} У місті {town} відкрили оновлену бібліотеку номер {k}\n\n"
            f"Міська рада міста {town} передала бібліотеці нові стелажі, а волонтери зібрали {k * 13 + 40} книжок.\n\n"
            f"Читальна зала тепер працює до дев'ятої вечора, а для школярів щосуботи проводять гурток номер {k}.\n",
            encoding="utf-8")
    return folder


def _debt(lib) -> int:
    with db.read_session(lib.engine) as s:
        return s.exec(text("SELECT count(*) FROM index_debt")).scalar()


@pytest.fixture
def index_process(monkeypatch):
    """Every import uses the index process, in small store batches (several rounds)."""
    monkeypatch.setattr(importer, "INDEX_PROCESS_MIN_FILES", 0)
    monkeypatch.setattr(importer, "STORE_BATCH", 4)
    monkeypatch.setattr(importer, "INDEX_ROUND_DOCS", 4)


def test_large_import_is_indexed_by_the_index_process(library, tmp_path, index_process):
    folder = _folder(tmp_path, len(TOWNS))
    stats: dict = {}
    report = importer.import_paths(library, [folder], stats=stats)
    assert report.count("imported") == len(TOWNS)
    assert stats["index_rounds"] >= 1 and stats["index_child_cpu_s"] > 0
    assert _debt(library) == 0
    for town in TOWNS:
        hits = library.search(f'"{town}" бібліотеку', kind="article")
        assert len(hits) == 1, town
    assert library.search("бібліотек", kind="article", limit=100)  # another word form
    assert library.check().ok


def test_import_again_reports_duplicates_with_the_index_process(library, tmp_path, index_process):
    folder = _folder(tmp_path, 9)
    first = importer.import_paths(library, [folder])
    again = importer.import_paths(library, [folder])
    assert first.count("imported") == 9
    assert again.count("duplicate") == 9 and again.count("imported") == 0
    assert {r.article_id for r in again.results} == {r.article_id for r in first.results}
    assert library.count_articles() == 9


def test_cancelled_import_leaves_every_stored_article_indexed(library, tmp_path, index_process):
    folder = _folder(tmp_path, len(TOWNS))

    class CancelAfterFive:
        done = 0

        def update(self, done, total, message=""):
            self.done = done

        @property
        def cancelled(self):
            return self.done >= 5

    report = importer.import_paths(library, [folder], progress=CancelAfterFive(), workers=1)
    assert report.cancelled
    stored = library.count_articles()
    assert 1 <= stored < len(TOWNS)
    assert _debt(library) == 0
    assert len(library.search("бібліотеку", kind="article", limit=100)) == stored
    assert library.check().ok


def test_a_write_to_an_owed_document_moves_its_debt_to_a_new_id(library):
    aid = add_article(library, ["Ремонт мосту через Десну завершать восени."], title="Міст")
    with db.read_session(library.engine) as s:
        (before,) = s.exec(text("SELECT id FROM index_debt WHERE target_id=:a").bindparams(a=aid)).one()
    library.add_tags(aid, ["мости"])  # settles; owe again by hand to see the id move
    add_article(library, ["Друга новина про дороги області."], title="Дороги")
    with library.write_lock, db.write_session(library.engine) as s:
        articles.owe_index(s, "article", aid)
        articles.owe_index(s, "article", aid)
    with db.read_session(library.engine) as s:
        rows = s.exec(text("SELECT id, kind, target_id FROM index_debt ORDER BY id")).all()
    assert [r[2] for r in rows if r[1] == "article"].count(aid) == 1
    newest = max(r[0] for r in rows)
    assert [r[0] for r in rows if r[2] == aid] == [newest] and newest > before


def test_change_made_while_the_index_process_writes_stays_owed(library):
    """The index process runs without the write lock: a tag added after it read the article
    (and before it cleared the debt) must still reach the index."""
    aid = add_article(library, ["Фермери Полісся зібрали рекордний урожай льону."], title="Льон")
    real = library.search_index

    class TagsMidway:
        """Adds a tag (a write with its own debt) while the batch is being written."""

        def __init__(self):
            self.first = True

        def apply(self, **kwargs):
            if self.first:
                self.first = False
                with library.writing(), db.write_session(library.engine) as s:
                    from marginalia.core import tags

                    tags.add_to_article(s, aid, ["урожай"])
            real.apply(**kwargs)

    done = indexing.settle_unlocked(library.engine, TagsMidway())
    assert done == 2  # the article, then its newer debt again (not dropped with the old row)
    assert _debt(library) == 0
    library.indexes.refresh_searcher()
    assert [h.article_id for h in library.search("tag:урожай", kind="article")] == [aid]
    assert library.check().ok


def test_index_process_that_dies_leaves_the_debt_to_the_library(library):
    for k in range(3):
        add_article(library, [f"Новина {k}: у громаді відкрили пункт незламності."], title=f"Пункт {k}")
    with library.indexes.index_process() as proc:
        assert proc is not None
        proc._proc.kill()
        proc._proc.join()
        proc.kick()
        proc.wait()
        assert proc.failed
        assert library.settle_index() == 0  # delegated: the library does not write the index now
    assert _debt(library) == 3
    assert library.settle_index() == 3
    assert len(library.search("незламності", kind="article")) == 3
    assert library.check().ok

