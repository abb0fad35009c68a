"""Search benchmark: build the Whoosh index of N generated news articles, time query classes,
and compare with an SQLite FTS5 table of the same texts. Prints a Markdown table.

    .venv/bin/python tests/bench/bench_search.py --n 20000 --workdir /tmp/bench20k
    .venv/bin/python tests/bench/bench_search.py --n 20000 --workdir /tmp/bench20k --reuse   # queries only

Targets (the issue, 20,000 articles of ~300-900 words, 2 cores): indexing >= 150 articles/s;
one- and two-word queries p95 <= 50 ms; phrase and prefix p95 <= 150 ms. Query times include
parsing, searching and building the snippets of every hit (limit 50), as the app does.

The FTS5 baseline uses the ``unicode61`` tokenizer: it matches exact word forms only (no
lemmas), so it finds fewer documents for an inflected query and does less work.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from marginalia.core.search.index import ArticleDoc, HighlightDoc, SearchIndex  # noqa: E402
from tests.bench import corpus  # noqa: E402

TARGETS_MS = {"one word": 50, "two words": 50, "phrase": 150, "prefix": 150}


@dataclass
class Query:
    """One benchmark query: the user text for Whoosh and its FTS5 translation."""

    text: str
    fts: str
    where: str = ""
    kind: str | None = None
    sort: str = "relevance"


@dataclass
class Timing:
    name: str
    whoosh_ms: list[float] = field(default_factory=list)
    whoosh_cpu: list[float] = field(default_factory=list)
    fts_ms: list[float] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)
    fts_hits: list[int] = field(default_factory=list)


def build_docs(n: int, seed: int) -> tuple[list[ArticleDoc], list[HighlightDoc], list[corpus.NewsArticle]]:
    rng = random.Random(seed)
    articles, highlights, raw = [], [], []
    next_hid = 1
    for art in corpus.generate_articles(n, seed=seed):
        raw.append(art)
        hl = []
        if rng.random() < 0.3:
            hl = corpus.make_highlights(art, rng, next_hid, rng.randint(1, 4))
            next_hid += len(hl)
        articles.append(ArticleDoc(
            id=art.id, title=art.title, body=art.body, author=art.author, site=art.site, url=art.url,
            tags=art.tags, language="uk", published=art.published, imported=art.imported,
            is_read=rng.random() < 0.4, has_highlights=bool(hl), has_notes=any(h.note for h in hl),
            version="1"))
        highlights += [HighlightDoc(
            id=h.id, article_id=h.article_id, article_title=h.article_title, quote=h.quote, note=h.note,
            tags=h.tags, color=h.color, color_name=h.color_name, created=h.created, published=h.published,
            version="1") for h in hl]
    return articles, highlights, raw


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def make_queries(raw: list[corpus.NewsArticle], count: int, seed: int) -> dict[str, list[Query]]:
    rng = random.Random(seed + 99)
    vocab = corpus.vocabulary()

    def word(band: tuple[int, int] = (30, 3000)) -> str:
        return corpus.query_words(vocab, rng, band=band)

    def bigram() -> str:
        art = rng.choice(raw)
        words = [w.strip(".,!?«»—") for w in rng.choice(art.paragraphs).split()]
        i = rng.randrange(max(1, len(words) - 1))
        return " ".join(words[i:i + 2])

    def prefix() -> str:
        lemma = rng.choice(vocab.content_lemmas()[:250])
        return lemma[:rng.randint(4, 6)].lower()

    queries: dict[str, list[Query]] = {k: [] for k in (
        "one word", "two words", "phrase", "prefix", "field filter", "highlights", "one word, by date",
        "one word: frequent (rank < 100)", "one word: middle (100-1000)", "one word: rare (> 1000)")}
    for _ in range(count):
        w = word()
        queries["one word"].append(Query(w, _fts_word(w)))
        for name, band in (("one word: frequent (rank < 100)", (0, 100)), ("one word: middle (100-1000)", (100, 1000)),
                           ("one word: rare (> 1000)", (1000, 6000))):
            w = word(band)
            queries[name].append(Query(w, _fts_word(w)))
        a, b = word(), word()
        queries["two words"].append(Query(f"{a} {b}", f"{_fts_word(a)} {_fts_word(b)}"))
        p = rng.choice(corpus.COLLOCATIONS) if rng.random() < 0.5 else bigram()
        queries["phrase"].append(Query(f'"{p}"', _fts_word(p)))
        pre = prefix()
        queries["prefix"].append(Query(f"{pre}*", f'"{pre}"*'))
        w = word()
        choice = rng.randrange(5)
        if choice == 0:
            tag = rng.choice(corpus.TAGS)
            queries["field filter"].append(Query(f'tag:"{tag}" {w}', f'tags:{_fts_word(tag)} AND {_fts_word(w)}'))
        elif choice == 1:
            site, domain = rng.choice(corpus.SITES)
            queries["field filter"].append(Query(f"site:{domain} {w}", f'site:{_fts_word(site)} AND {_fts_word(w)}'))
        elif choice == 2:
            year = rng.randint(2022, 2025)
            queries["field filter"].append(Query(
                f"date:{year}-01..{year}-06 {w}", _fts_word(w), where=f"date BETWEEN '{year}-01-01' AND '{year}-06-30'"))
        elif choice == 3:
            queries["field filter"].append(Query(f"is:unread {w}", _fts_word(w), where="is_read = 0"))
        else:
            author = rng.choice([a for a in corpus.AUTHORS if a])
            surname = author.split()[-1]
            queries["field filter"].append(Query(f"author:{surname} {w}", f'author:{_fts_word(surname)} AND {_fts_word(w)}'))
        w = word()
        queries["highlights"].append(Query(w, _fts_word(w), kind="highlight"))
        w = word()
        queries["one word, by date"].append(Query(w, _fts_word(w), sort="date"))
    return queries


def build_fts(path: Path, articles: list[ArticleDoc], highlights: list[HighlightDoc]) -> float:
    """Create the FTS5 baseline; returns seconds spent."""
    start = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, note, author, site, tags, kind UNINDEXED, "
        "date UNINDEXED, is_read UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    with con:
        con.executemany(
            "INSERT INTO docs(rowid, title, body, note, author, site, tags, kind, date, is_read) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(a.id, a.title, a.body, "", a.author or "", a.site or "", " ".join(a.tags), "article",
              (a.published or a.imported.date()).isoformat(), int(a.is_read)) for a in articles])
        offset = 10_000_000
        con.executemany(
            "INSERT INTO docs(rowid, title, body, note, author, site, tags, kind, date, is_read) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(offset + h.id, h.article_title, h.quote, h.note, "", "", " ".join(h.tags), "highlight",
              (h.published or h.created.date()).isoformat(), 0) for h in highlights])
    con.close()
    return time.perf_counter() - start


def run_fts(con: sqlite3.Connection, q: Query, limit: int) -> int:
    where = ["docs MATCH ?"]
    if q.where:
        where.append(q.where)
    if q.kind:
        where.append(f"kind = '{q.kind}'")
    order = "date DESC" if q.sort == "date" else "bm25(docs, 3.0, 1.0, 1.0, 0.8, 0.8, 0.8)"
    sql = (f"SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 30) FROM docs "
           f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT {limit}")
    return len(con.execute(sql, (q.fts,)).fetchall())


def _ms(fn: Callable[[], int]) -> tuple[float, float, int]:
    """(wall ms, CPU ms of this thread, result) of one call."""
    wall, cpu = time.perf_counter(), time.thread_time()
    n = fn()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, n


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the rebuild workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run(n: int = 20000, *, seed: int = 1, queries: int = 40, limit: int = 50, workdir: Path | None = None,
        out: Callable[[str], None] = print, reuse: bool = False) -> str:
    """Run the benchmark and return its Markdown report (also printed line by line to ``out``).

    ``reuse``: query an index and FTS5 table left in ``workdir`` by an earlier run (no build).
    """
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="marginalia-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []

    def emit(line: str = "") -> None:
        lines.append(line)
        out(line)

    t0 = time.perf_counter()
    articles, highlights, raw = build_docs(n + 500, seed)  # 500 more to time an import
    articles, new_docs, raw = articles[:n], articles[n:], raw[:n]
    highlights = [h for h in highlights if h.article_id <= n]
    gen_s = time.perf_counter() - t0
    texts = {a.id: a.body for a in articles}
    words = sum(len(a.body.split()) for a in articles)
    emit(f"## Search benchmark: {n} articles ({words / max(1, n):.0f} words on average), "
         f"{len(highlights)} highlights, {os.cpu_count()} CPUs")
    emit()
    emit(f"Corpus generated in {gen_s:.1f} s.")
    emit()

    index_dir = tmp / "index"
    fts_path = tmp / "fts.sqlite3"
    if reuse and index_dir.exists() and fts_path.exists():
        emit(f"Index and FTS5 table reused from {tmp} (built by an earlier run with the same --n and "
             "--seed; it holds the 500 articles of its import test too): query times only.")
        emit()
    else:
        _build(n, articles, highlights, new_docs, index_dir, fts_path, emit)
    index = SearchIndex.open(index_dir)
    _query_report(index, raw, texts, fts_path, queries, limit, seed, emit)
    if not workdir:
        shutil.rmtree(tmp, ignore_errors=True)
    return "\n".join(lines)


def _build(n: int, articles: list[ArticleDoc], highlights: list[HighlightDoc], new_docs: list[ArticleDoc],
           index_dir: Path, fts_path: Path, emit: Callable[[str], None]) -> None:
    """Build the index and the FTS5 table; time an import; emit the build table."""
    if index_dir.exists():
        shutil.rmtree(index_dir)
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), _cpu_s()
    index = SearchIndex.open(index_dir)
    index.rebuild([*articles, *highlights])
    build_s, build_cpu = time.perf_counter() - t0, _cpu_s() - c0
    if fts_path.exists():
        fts_path.unlink()
    fts_s = build_fts(fts_path, articles, highlights)

    t0 = time.perf_counter()
    index.apply(upsert=articles[:50])
    apply_ms = (time.perf_counter() - t0) * 1000
    t0, c0 = time.perf_counter(), _cpu_s()
    for i in range(0, len(new_docs), 100):
        index.apply(upsert=new_docs[i:i + 100])
    import_s, import_cpu = time.perf_counter() - t0, _cpu_s() - c0
    t0 = time.perf_counter()
    keys = index.stored_keys()
    keys_ms = (time.perf_counter() - t0) * 1000
    index.close()
    t0 = time.perf_counter()
    index = SearchIndex.open(index_dir)
    open_ms = (time.perf_counter() - t0) * 1000

    emit("| build | Whoosh | FTS5 | target |")
    emit("|---|---:|---:|---:|")
    emit(f"| index all ({n} articles + {len(highlights)} highlights), s | {build_s:.1f} | {fts_s:.1f} | |")
    emit(f"| articles/s (highlights included in the time) | {n / build_s:.0f} | {n / fts_s:.0f} | ≥ 150 |")
    emit(f"| articles per CPU-second (all processes; {index.rebuild_procs} worker processes) | {n / build_cpu:.0f} | | |")
    emit(f"| load average when the build started | {load:.1f} | | |")
    emit(f"| size on disk, MB | {_dir_mb(index_dir):.0f} | {fts_path.stat().st_size / 1e6:.0f} | |")
    emit(f"| apply() of 50 changed articles, ms | {apply_ms:.0f} | | |")
    emit(f"| apply() of 500 new articles in batches of 100 (an import): articles/s, per CPU-second "
         f"| {len(new_docs) / import_s:.0f}, {len(new_docs) / import_cpu:.0f} | | ≥ 150 |")
    emit(f"| stored_keys() of {len(keys)} docs, ms | {keys_ms:.0f} | | |")
    emit(f"| open() with checks, ms | {open_ms:.0f} | | |")
    emit()
    index.close()


def _query_report(index: SearchIndex, raw: list[corpus.NewsArticle], texts: dict[int, str], fts_path: Path,
                  queries: int, limit: int, seed: int, emit: Callable[[str], None]) -> None:
    """Time every query class on both engines; emit the query table."""
    qsets = make_queries(raw, queries, seed)
    con = sqlite3.connect(fts_path)
    text_for = lambda kind, ident: texts.get(ident)  # noqa: E731
    # Warm up both engines (file cache, analyzer cache) with a separate query set.
    for qs in make_queries(raw, 5, seed + 1).values():
        for q in qs:
            index.search(q.text, limit=limit, kind=q.kind, sort=q.sort, text_for=text_for)
            run_fts(con, q, limit)
    timings = []
    for name, qs in qsets.items():
        timing = Timing(name)
        for q in qs:
            ms, cpu, hits = _ms(lambda: len(index.search(q.text, limit=limit, kind=q.kind, sort=q.sort, text_for=text_for)))
            timing.whoosh_ms.append(ms)
            timing.whoosh_cpu.append(cpu)
            timing.hits.append(hits)
            ms, cpu, hits = _ms(lambda: run_fts(con, q, limit))
            timing.fts_ms.append(ms)
            timing.fts_hits.append(hits)
        timings.append(timing)
    con.close()
    index.close()

    emit(f"| query class ({queries} queries each, limit {limit}, with snippets) | Whoosh median ms | Whoosh p95 ms "
         "| Whoosh CPU p95 ms | FTS5 median ms | FTS5 p95 ms | p95 ratio Whoosh/FTS5 | target p95 ms "
         "| hits/query Whoosh / FTS5 |")
    emit("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in timings:
        w50, w95, c95 = statistics.median(t.whoosh_ms), _p95(t.whoosh_ms), _p95(t.whoosh_cpu)
        f50, f95 = statistics.median(t.fts_ms), _p95(t.fts_ms)
        target = TARGETS_MS.get(t.name)
        emit(f"| {t.name} | {w50:.1f} | {w95:.1f} | {c95:.1f} | {f50:.1f} | {f95:.1f} | {w95 / max(f95, 0.01):.1f}× "
             f"| {'≤ ' + str(target) if target else ''} | {statistics.mean(t.hits):.0f} / {statistics.mean(t.fts_hits):.0f} |")
    emit()
    emit(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
         "(wall times include waiting for a CPU on a shared machine; CPU times do not).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="articles to generate (default 20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=40, help="queries per class (default 40)")
    parser.add_argument("--limit", type=int, default=50, help="hits per query (default 50)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the index and FTS5 file here")
    parser.add_argument("--reuse", action="store_true",
                        help="query the index left in --workdir by an earlier run instead of building one")
    args = parser.parse_args(argv)
    if args.reuse and not args.workdir:
        parser.error("--reuse needs --workdir")
    run(args.n, seed=args.seed, queries=args.queries, limit=args.limit, workdir=args.workdir, reuse=args.reuse)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
