"""kill -9 in the middle of work: nothing half-written, nothing returned is lost, the index is
repaired at the next start, and importing again completes without duplicates."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from marginalia.core.library import Library

ROUNDS = 20
PARAGRAPH = ("Депутати міської ради обговорили план відновлення {n} шкіл і лікарень у громаді. "
             "Роботи планують завершити до кінця року, якщо вистачить коштів і підрядників.")


def _corpus(folder, n):
    folder.mkdir()
    for i in range(n):
        body = "\n".join(PARAGRAPH.format(n=f"{i}-{j}") for j in range(6))
        (folder / f"{i:04d}.txt").write_text(f" date 2026-0{1 + i % 9}-1{i % 10} Новина номер {i}\n{body}\n", "utf-8")


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _assert_consistent(db_path):
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "article" not in tables:  # killed while the library was being created (a slow machine)
            assert not tables & {"highlight", "raw_input", "tag"}, tables  # the schema is made in one transaction
            return
        half = con.execute("SELECT count(*) FROM article a LEFT JOIN raw_input r ON r.article_id = a.id "
                           "WHERE r.id IS NULL").fetchone()[0]
        assert half == 0, "an article was stored without its raw input"
        dup = con.execute("SELECT count(*) - count(DISTINCT content_hash) FROM article").fetchone()[0]
        assert dup == 0, "the same text was stored twice"
    finally:
        con.close()


def test_kill_during_import(tmp_path):
    corpus, lib_dir = tmp_path / "corpus", tmp_path / "lib"
    _corpus(corpus, 300)
    rng = random.Random(3)
    cmd = [sys.executable, "-m", "marginalia", "--library", str(lib_dir), "import", str(corpus), "--json"]
    for _ in range(ROUNDS):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.8, 3.5))
        _kill_group(proc)
        if (lib_dir / "library.sqlite3").exists():
            _assert_consistent(lib_dir / "library.sqlite3")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    report = json.loads(done.stdout)
    assert report["failed"] == 0
    assert report["imported"] + report["duplicates"] == 300
    _assert_consistent(lib_dir / "library.sqlite3")
    lib = Library.open(lib_dir)
    try:
        assert lib.count_articles() == 300
        lib.settle_index()
        assert lib.check().ok
        assert len(lib.search("Новина номер 17", limit=5)) >= 1
    finally:
        lib.close()


EDITOR = textwrap.dedent("""
    import sys
    from marginalia.core.library import Library
    lib = Library.open(sys.argv[1])
    words = lib.get_article(1).text.split()
    i = 0
    while True:
        start = lib.get_article(1).text.index(words[i % len(words)])
        h = lib.add_highlight(1, start=start, end=start + len(words[i % len(words)]), note=f"note {i}")
        lib.edit_highlight(h.id, note=f"edited {i}")
        print(h.id, flush=True)
        i += 1
""")


def test_kill_during_highlight_edits(tmp_path):
    lib_dir = tmp_path / "lib"
    lib = Library.open(lib_dir)
    from tests.helpers.articles import add_article

    add_article(lib, [PARAGRAPH.format(n=n) for n in range(5)])
    lib.close()
    rng = random.Random(5)
    returned: set[int] = set()
    for _ in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(lib_dir)], stdout=subprocess.PIPE, text=True,
                                start_new_session=True)
        first = proc.stdout.readline()  # the editor is warm: now kill it at a random moment
        assert first, "the editing process died on its own"
        returned.add(int(first))
        time.sleep(rng.uniform(0.1, 1.5))
        _kill_group(proc)
        returned.update(int(x) for x in proc.stdout.read().split())
        _assert_consistent(lib_dir / "library.sqlite3")
    assert len(returned) > ROUNDS
    lib = Library.open(lib_dir)
    try:
        stored = {h.id: h for h in lib.list_highlights(1)}
        missing = returned - set(stored)
        assert not missing, f"highlights whose call returned were lost: {sorted(missing)[:10]}"
        assert all(stored[i].note.startswith(("edited", "note")) for i in returned)
        lib.settle_index()
        assert lib.check().ok
    finally:
        lib.close()
