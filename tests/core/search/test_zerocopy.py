"""Index segments are read through their memory map: opening an index copies nothing into memory."""

import io
import os
from datetime import date, datetime, timezone

import pytest

from marginalia.core.search import zerocopy
from marginalia.core.search.index import SearchIndex
from marginalia.core.search.schema import ArticleDoc


def test_memory_reader_reads_seeks_and_reads_lines_like_a_file():
    data = b"first line\nsecond\n\nlast"
    reader, reference = zerocopy._MemoryReader(memoryview(data)), io.BytesIO(data)
    for op in [("read", 5), ("readline",), ("tell",), ("seek", 3), ("read", -1), ("seek", -4, os.SEEK_END),
               ("read", 100), ("seek", 0), ("readline",), ("readline",), ("readline",), ("readline",),
               ("readline",), ("seek", 2, os.SEEK_SET), ("seek", 3, os.SEEK_CUR), ("read", 0), ("read", 4)]:
        assert getattr(reader, op[0])(*op[1:]) == getattr(reference, op[0])(*op[1:]), op
    with pytest.raises(io.UnsupportedOperation):
        reader.write(b"x")


def test_an_open_index_reads_its_segments_through_the_map(tmp_path):
    index = SearchIndex.open(tmp_path / "index")
    docs = [ArticleDoc(id=i, title=f"Стаття {i}", body="Україна і переговори про мир " * 50, author=None, site=None,
                       url=None, tags=(), language="uk", published=date(2025, 1, i % 28 + 1),
                       imported=datetime(2025, 2, 1, tzinfo=timezone.utc), is_read=False, has_highlights=False,
                       has_notes=False, version="1") for i in range(1, 40)]
    index.apply(upsert=docs, delete=[])
    found = index.search("переговорів", limit=5, text_for=lambda kind, ident: None)
    assert len(found) == 5
    reader = index._current_searcher().reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    files = [leaf._terms._postfile for leaf in leaves if hasattr(leaf._terms, "_postfile")]
    assert files and all(isinstance(f, zerocopy.LeanBufferFile) for f in files)
    assert all(isinstance(f.file, zerocopy._MemoryReader) for f in files)
    index.close()
