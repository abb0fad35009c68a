"""``make bench``: Marginalia at a lifetime's corpus (N generated news articles, default 20,000).

What it does, in order, with the machine noted:

1. **Library.** N generated Ukrainian news articles (Zipf vocabulary of inflected forms, 300-900
   words) are stored as an import stores them (the same insert, in batches), with tags and
   highlights on about 30% of them (quote, note, colour); then the index is built by
   ``Library.reindex()``. Reports the store and index rates. Building 100,000 articles through
   the full cleaner would take most of an hour, so the cleaner is measured in step 2 instead.
2. **Import.** M generated pages (saved HTML in utf-8/cp1251/koi8-u, raw page dumps with a news
   feed after the article, clean dated texts) imported end to end (decode, clean, store, index)
   into a copy of the big library, ``--runs`` times: articles per second (median), each stage's
   share, peak RSS of the importing process and of the workers.
3. **Search** through ``Library.search`` on the big library: median and p95 per query class
   (one word, two words, phrase, prefix, field filter, highlight search), beside SQLite FTS5 on
   the same texts, with the ratio.
4. **App** (children of ``bench_ui.py``): start to window shown and to library listed (median of
   3), opening an article with 100 highlights, scrolling the library list through all rows
   (frames slower than 16 ms counted), RSS with the library open.
5. **Sizes**: database and index per article.

Run: ``make bench`` (N=20000) or ``make bench N=100000``; ``--skip-import`` and friends skip a
step. The library is kept in ``--work`` and reused by the next run with the same N.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import bench_search, corpus  # noqa: E402

TARGETS = {"import": 60.0, "one word": 50, "two words": 50, "phrase": 150, "prefix": 150,
           "window_s": 1.0, "listed_s": 1.5, "open_ms": 100.0, "rss_open_mb": 400.0}
SEED = 1


def _p95(values: list[float]) -> float:
    return bench_search._p95(values)


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- 1. the library ------------------------------------------------------------------------------

def build_library(folder: Path, n: int) -> dict:
    """Store N generated articles with tags and highlights, then build the index. Reused when
    ``folder`` already holds a finished library of this size."""
    from marginalia.core import articles, db, highlights, tags
    from marginalia.core.blocks import PARAGRAPH, make_block
    from marginalia.core.importing.article import CleanedArticle
    from marginalia.core.library import Library

    marker = folder / "bench-scale.json"
    if marker.exists():
        info = json.loads(marker.read_text())
        if info.get("n") == n:
            return info
    stored_marker = folder / "bench-stored.json"
    if stored_marker.exists() and json.loads(stored_marker.read_text()).get("n") == n:
        return _index_library(folder, n, json.loads(stored_marker.read_text()))  # stored before: index it
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    docs, hdocs, _raw = bench_search.build_docs(n, SEED)
    by_article: dict[int, list] = {}
    for h in hdocs:
        by_article.setdefault(h.article_id, []).append(h)
    lib = Library.open(folder)
    started = time.perf_counter()
    stored = highlighted = 0
    batch: list = []

    def flush() -> None:
        nonlocal highlighted
        with lib.write_lock, db.write_session(lib.engine) as s:
            for doc in batch:
                cleaned = CleanedArticle(
                    title=doc.title, blocks=[make_block(PARAGRAPH, p) for p in doc.body.split("\n\n")], kind="text",
                    author=doc.author, site=doc.site, url=doc.url, published=doc.published, language="uk")
                data = f"date {doc.published.isoformat()} {doc.title}\n{doc.body}".encode()
                article_id = articles.insert_article(s, cleaned, data=data, digest=articles.raw_hash(data),
                                                     filename=f"{doc.id}.txt", source_path=None)
                if doc.tags:
                    tags.add_to_article(s, article_id, doc.tags)
                if doc.is_read:
                    articles.get(s, article_id).is_read = True
                for h in by_article.get(doc.id, []):
                    try:
                        highlights.add(s, article_id, quote=h.quote, occurrence=1, color=h.color, note=h.note or "",
                                       tags=h.tags)
                        highlighted += 1
                    except Exception:  # noqa: BLE001 - a quote the generator repeated: skip it
                        pass
        batch.clear()

    for doc in docs:
        batch.append(doc)
        stored += 1
        if len(batch) == 1000:
            flush()
            print(f"  stored {stored}/{n}", end="\r", flush=True)
    flush()
    store_s = time.perf_counter() - started
    lib.close()
    stored = {"n": n, "highlights": highlighted, "store_per_s": n / store_s, "last_id": docs[-1].id}
    stored_marker.write_text(json.dumps(stored))
    print(f"  stored {n} articles and {highlighted} highlights in {store_s:.0f} s; building the index …", flush=True)
    return _index_library(folder, n, stored)


def _index_library(folder: Path, n: int, stored: dict) -> dict:
    """Build the index of a stored library (``Library.reindex``), give one article 100
    highlights, and leave the marker that says the library is ready."""
    from marginalia.core.library import Library

    lib = Library.open(folder)
    started = time.perf_counter()
    indexed = lib.reindex()
    index_s = time.perf_counter() - started
    heavy = _article_with_highlights(lib, stored["last_id"], 100)
    lib.close()
    info = {**stored, "index_per_s": indexed / index_s, "indexed": indexed, "index_s": index_s,
            "heavy_article": heavy}
    (folder / "bench-scale.json").write_text(json.dumps(info))
    return info


def _article_with_highlights(lib, article_id: int, count: int) -> int:
    """Give one article ``count`` highlights (as a reader would make them) for the open test."""
    text = lib.get_article(article_id).text
    rng = random.Random(5)
    have = len(lib.list_highlights(article_id))
    while have < count:
        start = rng.randrange(0, max(1, len(text) - 40))
        end = start + rng.randint(12, 40)
        try:
            lib.add_highlight(article_id, start=start, end=end, note="нотатка" if have % 3 == 0 else "")
            have += 1
        except Exception:  # noqa: BLE001 - a range of blanks only: pick another
            continue
    return article_id


# -- 2. import -----------------------------------------------------------------------------------

def measure_import(library: Path, pages: int, runs: int, work: Path) -> dict:
    corpus_dir = work / f"pages-{pages}"
    if not corpus_dir.exists() or len(list(corpus_dir.iterdir())) != pages:
        shutil.rmtree(corpus_dir, ignore_errors=True)
        corpus_dir.mkdir(parents=True)
        from tests.bench.bench_import import write_corpus

        write_corpus(corpus_dir, pages)
    results = []
    for run in range(runs):
        copy = work / "import-copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(library, copy, ignore=shutil.ignore_patterns("backups", "*.lock*"))
        os.sync()  # the copy's gigabytes are written back now, not during the import's commits
        out = subprocess.run([sys.executable, __file__, "--child", "import", str(copy), str(corpus_dir)],
                             capture_output=True, text=True, cwd=ROOT, timeout=7200)
        result = _result(out)
        results.append(result)
        print(f"  import run {run + 1}: {result['rate']:.1f} articles/s", flush=True)
        shutil.rmtree(copy, ignore_errors=True)
    rates = [r["rate"] for r in results]
    mid = sorted(results, key=lambda r: r["rate"])[len(results) // 2]
    return {"rates": rates, "median": statistics.median(rates), "mid": mid}


def child_import(library: str, pages: str) -> dict:
    import threading

    import psutil

    from marginalia.core import importer
    from marginalia.core.library import Library

    peaks = {"children": 0.0, "all": 0.0}
    done = threading.Event()

    def sample() -> None:  # the cleaning workers and the index process: sampled every 0.2 s
        me = psutil.Process()
        while not done.wait(0.2):
            try:
                kids = [c.memory_info().rss for c in me.children(recursive=True)]
                mine = me.memory_info().rss
            except psutil.Error:
                continue
            peaks["children"] = max(peaks["children"], max(kids, default=0) / 2**20)
            peaks["all"] = max(peaks["all"], (mine + sum(kids)) / 2**20)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    lib = Library.open(library)
    stats: dict = {}
    t0, c0 = time.perf_counter(), time.process_time()
    report = importer.import_paths(lib, [Path(pages)], stats=stats)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    lib.close()
    done.set()
    imported = report.count("imported")
    return {"rate": imported / total, "total": total, "cpu": cpu, "imported": imported,
            "failed": report.count("failed"), "stats": stats, "peak_rss_mb": _peak_rss_mb(),
            "peak_child_rss_mb": peaks["children"], "peak_total_rss_mb": peaks["all"]}


# -- 3. search -----------------------------------------------------------------------------------

def measure_search(library: Path, n: int, count: int, work: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", "search", str(library), str(n), str(count), str(work)],
                         capture_output=True, text=True, cwd=ROOT, timeout=7200)
    return _result(out)


def build_fts_from_library(db_path: Path, fts_path: Path) -> float:
    """The FTS5 baseline over exactly the texts the library holds (articles and highlights, with
    their titles, authors, sites, tags and dates), in the table layout bench_search queries."""
    started = time.perf_counter()
    fts_path.unlink(missing_ok=True)
    con = sqlite3.connect(fts_path)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, note, author, site, tags, kind UNINDEXED, "
        "date UNINDEXED, is_read UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    tags_sql = ("SELECT group_concat(t.name, ' ') FROM {link} x JOIN tag t ON t.id = x.tag_id "
                "WHERE x.{col} = {outer}.id")
    articles = src.execute(
        "SELECT a.id, a.title, a.text, '', coalesce(a.author, ''), coalesce(a.site, ''), "
        f"coalesce(({tags_sql.format(link='article_tag', col='article_id', outer='a')}), ''), 'article', "
        "coalesce(a.published, date(a.imported)), a.is_read FROM article a")
    with con:
        con.executemany("INSERT INTO docs(rowid, title, body, note, author, site, tags, kind, date, is_read) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?)", articles)
    highlights = src.execute(
        "SELECT 10000000 + h.id, a.title, h.exact, h.note, '', '', "
        f"coalesce(({tags_sql.format(link='highlight_tag', col='highlight_id', outer='h')}), ''), 'highlight', "
        "coalesce(a.published, date(h.created)), 0 FROM highlight h JOIN article a ON a.id = h.article_id "
        "WHERE h.deleted IS NULL")
    with con:
        con.executemany("INSERT INTO docs(rowid, title, body, note, author, site, tags, kind, date, is_read) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?)", highlights)
    src.close()
    con.close()
    return time.perf_counter() - started


def child_search(library: str, n: int, count: int, work: str) -> dict:
    from marginalia.core.library import Library

    # The queries come from the generator (its vocabulary and the first articles' phrases); the
    # library holds the same generated articles, so phrases and tags are really there.
    raw = list(corpus.generate_articles(min(n, 3000), seed=SEED))
    queries = bench_search.make_queries(raw, count, SEED)
    fts_path = Path(work) / f"fts-{n}.sqlite3"
    if not fts_path.exists():
        build_fts_from_library(Path(library) / "library.sqlite3", fts_path)
    lib = Library.open(library)
    lib.search("україна", limit=50)  # open the index and warm the caches, as the app does
    fts = sqlite3.connect(fts_path)
    table = {}
    for name, items in queries.items():
        ours, theirs, hits = [], [], []
        for q in items:
            t = time.perf_counter()
            found = lib.search(q.text, limit=50, kind=q.kind, sort=q.sort)
            ours.append((time.perf_counter() - t) * 1000)
            hits.append(len(found))
            t = time.perf_counter()
            bench_search.run_fts(fts, q, 50)
            theirs.append((time.perf_counter() - t) * 1000)
        table[name] = {"median": statistics.median(ours), "p95": _p95(ours), "fts_median": statistics.median(theirs),
                       "fts_p95": _p95(theirs), "hits": statistics.median(hits), "queries": len(items)}
    lib.close()
    return {"classes": table, "rss_mb": _rss_mb()}


# -- 4. the app ----------------------------------------------------------------------------------

def child_scroll(library: str) -> dict:
    """Scroll the library list from the first row to the last, a page at a time as a user
    dragging the scroll bar would, and count frames slower than 16 ms."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from tests.bench.bench_ui import _window

    app, window = _window()
    window.show()
    table = window.library_pane.table
    frames: list[float] = []
    state = {"ready": False, "started": False, "rows": 0}
    clock = QElapsedTimer()
    model = window.library_pane.model

    def step() -> None:
        bar = table.verticalScrollBar()
        if bar.value() >= bar.maximum():
            app.quit()
            return
        clock.restart()
        bar.setValue(min(bar.maximum(), bar.value() + max(1, bar.pageStep())))
        table.viewport().repaint()  # the frame the user sees, painted now
        frames.append(clock.nsecsElapsed() / 1e6)
        QTimer.singleShot(0, step)

    def wait_until_listed() -> None:
        # the real library (not the quick first-page preview) is open and its first page shown
        if state["ready"] and model.rowCount() > 0 and 0 in model.loaded_pages and window.tasks.idle:
            state["started"], state["rows"] = True, model.rowCount()
            QTimer.singleShot(2000, step)  # after the start-up warm-up
        else:
            QTimer.singleShot(100, wait_until_listed)

    window.library_ready.connect(lambda _lib: state.update(ready=True))
    QTimer.singleShot(0, lambda: window.open_library(library))
    QTimer.singleShot(100, wait_until_listed)
    QTimer.singleShot(1_800_000, app.quit)
    app.exec()
    rows = state["rows"]
    rss = _rss_mb()
    window.close()
    return {"rows": rows, "frames": len(frames), "slow_frames": sum(f > 16 for f in frames),
            "median_ms": statistics.median(frames) if frames else None, "max_ms": max(frames) if frames else None,
            "rss_mb": rss}


def child_rss_open(library: str, article_id: int) -> dict:
    """RSS of the app with the library listed, an article (100 highlights) open and a few searches run."""
    from PySide6.QtCore import QTimer

    from tests.bench.bench_ui import _window

    app, window = _window()
    window.show()
    state = {"done": False}

    def searched(_hits) -> None:
        QTimer.singleShot(1500, app.quit)  # let the cards and the warm-up finish

    def shown(_aid: int) -> None:
        # a user searches too: the index is opened and searched as the search field does
        lib = window.tasks.library
        window.tasks.run_read(lambda: [lib.search(q, limit=50) for q in ("україна переговори", '"міністр оборони"',
                                                                          "війн*")], searched)

    def listed(page: int) -> None:
        if page == 0 and not state["done"]:
            state["done"] = True
            window.open_article(article_id)

    window.article_shown.connect(shown)
    window.library_pane.model.page_loaded.connect(listed)
    QTimer.singleShot(0, lambda: window.open_library(library))
    QTimer.singleShot(300_000, app.quit)
    app.exec()
    rss = _rss_mb()
    window.close()
    return {"rss_mb": rss}


def _rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM), in MB. (getrusage's
    ru_maxrss is no use in a child: Linux carries it over from the parent across exec.)"""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mb() -> float:
    return _rss_mb("VmHWM")


def measure_app(library: Path, article_id: int) -> dict:
    from tests.bench.bench_ui import run_child

    starts = [run_child("startup", str(library), str(time.time())) for _ in range(3)]
    opened = run_child("open", str(library), str(article_id))
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    scroll = _result(subprocess.run([sys.executable, __file__, "--child", "scroll", str(library)],
                                    capture_output=True, text=True, cwd=ROOT, env=env, timeout=3600))
    rss = _result(subprocess.run([sys.executable, __file__, "--child", "rss", str(library), str(article_id)],
                                 capture_output=True, text=True, cwd=ROOT, env=env, timeout=600))
    return {"window_s": [s["window_s"] for s in starts], "listed_s": [s["listed_s"] for s in starts],
            "rows": starts[0]["rows"], "open": opened, "scroll": scroll, "rss_open_mb": rss["rss_mb"]}


# -- driver --------------------------------------------------------------------------------------

def _result(out: subprocess.CompletedProcess) -> dict:
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"benchmark child failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}; "
            f"load average at start {os.getloadavg()[0]:.1f}")


def _verdict(value: float | None, target: float) -> str:
    return "—" if value is None else ("met" if value <= target else "missed")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="articles in the library (default 20,000)")
    ap.add_argument("--import-n", type=int, default=1000, help="pages imported end to end per run")
    ap.add_argument("--runs", type=int, default=3, help="import runs (the median is reported)")
    ap.add_argument("--queries", type=int, default=40, help="queries per class")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "marginalia-bench-scale"))
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--skip-search", action="store_true")
    ap.add_argument("--skip-app", action="store_true")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {"import": lambda: child_import(rest[0], rest[1]),
                  "search": lambda: child_search(rest[0], int(rest[1]), int(rest[2]), rest[3]),
                  "scroll": lambda: child_scroll(rest[0]),
                  "rss": lambda: child_rss_open(rest[0], int(rest[1]))}[kind]()
        print("RESULT " + json.dumps(result), flush=True)
        return 0

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    library = work / f"library-{args.n}"
    print(f"machine: {_machine()}", flush=True)
    print(f"library of {args.n} articles in {library} …", flush=True)
    info = build_library(library, args.n)
    db_bytes = (library / "library.sqlite3").stat().st_size
    index_bytes = _dir_bytes(library / "index")
    print(f"\n## {args.n:,} articles, {info['highlights']:,} highlights")
    print(f"- library build: stored {info['store_per_s']:.0f} articles/s (insert only); "
          f"index rebuilt at {info['index_per_s']:.0f} documents/s ({info['indexed']:,} documents)")
    print(f"- size per article: database {db_bytes / args.n / 1024:.1f} KB, index {index_bytes / args.n / 1024:.1f} KB")

    if not args.skip_import:
        imp = measure_import(library, args.import_n, args.runs, work)
        mid = imp["mid"]
        stats, total = mid["stats"], mid["total"]
        print(f"\n### Import of {args.import_n} pages into the {args.n:,}-article library, end to end")
        print(f"- articles/s, median of {args.runs}: **{imp['median']:.1f}** (runs {', '.join(f'{r:.1f}' for r in imp['rates'])}); "
              f"target >= {TARGETS['import']:.0f}: {'met' if imp['median'] >= TARGETS['import'] else 'missed'}")
        shares = {"reading files and duplicate checks": stats.get("read_s", 0), "waiting on the cleaning workers":
                  stats.get("clean_wait_s", 0), "storing": stats.get("store_s", 0),
                  "waiting for the index at the end": stats.get("index_wait_s", 0) + stats.get("index_s", 0)}
        print("- stage shares of the importing thread's wall time (stages overlap): "
              + "; ".join(f"{k} {v / total:.0%}" for k, v in shares.items()))
        if "index_child_cpu_s" in stats:
            print(f"- index process CPU {stats['index_child_cpu_s']:.1f} s; importing process CPU {mid['cpu']:.1f} s")
        print(f"- peak RSS while importing: importing process {mid['peak_rss_mb']:.0f} MB, largest worker or index "
              f"process {mid['peak_child_rss_mb']:.0f} MB, all processes together {mid['peak_total_rss_mb']:.0f} MB")

    if not args.skip_search:
        found = measure_search(library, args.n, args.queries, work)
        print(f"\n### Search through Library.search ({args.queries} queries per class, limit 50)")
        print("| class | median ms | p95 ms | FTS5 median | FTS5 p95 | ratio (p95) | median hits | target p95 |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for name, row in found["classes"].items():
            target = TARGETS.get(name)
            ratio = row["p95"] / row["fts_p95"] if row["fts_p95"] else float("nan")
            print(f"| {name} | {row['median']:.1f} | {row['p95']:.1f} | {row['fts_median']:.1f} | {row['fts_p95']:.1f} "
                  f"| {ratio:.1f}× | {row['hits']:.0f} | {'' if target is None else f'<= {target}: ' + _verdict(row['p95'], target)} |")
        print(f"- RSS of the searching process after the queries: {found['rss_mb']:.0f} MB")

    if not args.skip_app:
        app = measure_app(library, info["heavy_article"])
        window, listed = statistics.median(app["window_s"]), statistics.median(app["listed_s"])
        scroll, opened = app["scroll"], app["open"]
        print(f"\n### The app on {app['rows']:,} articles")
        print(f"- start to window shown: median {window:.2f} s (runs {', '.join(f'{v:.2f}' for v in app['window_s'])}); "
              f"target <= 1 s: {_verdict(window, TARGETS['window_s'])}")
        print(f"- start to library listed: median {listed:.2f} s (runs {', '.join(f'{v:.2f}' for v in app['listed_s'])}); "
              f"target <= 1.5 s: {_verdict(listed, TARGETS['listed_s'])}")
        print(f"- open an article with {opened['highlights']} highlights: median {opened['open_ms_median']} ms; "
              f"target <= 100 ms: {_verdict(opened['open_ms_median'], TARGETS['open_ms'])}")
        print(f"- scroll through all {scroll['rows']:,} rows: {scroll['frames']} frames, {scroll['slow_frames']} slower "
              f"than 16 ms (median {scroll['median_ms']:.1f} ms, max {scroll['max_ms']:.1f} ms)")
        print(f"- RSS with the library open, an article shown and three searches run: {app['rss_open_mb']:.0f} MB; target <= 400 MB: "
              f"{_verdict(app['rss_open_mb'], TARGETS['rss_open_mb'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
