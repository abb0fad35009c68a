"""Import benchmark: N generated news pages (saved HTML in several encodings, page dumps,
clean dated texts) imported end to end — decode, clean, store, index — into a fresh library.

Prints articles per second as the median of several runs, each stage's share and peak RSS.
Run: ``.venv/bin/python tests/bench/bench_import.py --n 1000 --runs 3``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.corpus import generate_articles, render_clean_text, render_html, render_page_text  # noqa: E402


def write_corpus(folder: Path, n: int) -> None:
    encodings = ["utf-8", "utf-8", "cp1251", "koi8_u"]
    for art in generate_articles(n, seed=11):
        kind = art.id % 3
        if kind == 0:
            (folder / f"{art.id:06d}.html").write_bytes(render_html(art, encoding=encodings[art.id % 4]))
        elif kind == 1:
            (folder / f"{art.id:06d}.txt").write_text(render_page_text(art), "utf-8")
        else:
            (folder / f"{art.id:06d}.txt").write_text(render_clean_text(art), "utf-8")


class Timers:
    """Wraps the store and index steps to split the wall time into stages."""

    def __init__(self) -> None:
        self.store = 0.0
        self.index = 0.0

    def install(self, lib) -> None:
        from marginalia.core import importer

        original_store = importer._store
        original_settle = lib.settle_index

        def store(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original_store(*args, **kwargs)
            finally:
                self.store += time.perf_counter() - t

        def settle():
            t = time.perf_counter()
            try:
                return original_settle()
            finally:
                self.index += time.perf_counter() - t

        importer._store = store
        lib.settle_index = settle


def run_once(corpus: Path, workers: int | None) -> dict:
    from marginalia.core.library import Library

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib")
        timers = Timers()
        timers.install(lib)
        t0 = time.perf_counter()
        report = lib.import_paths([corpus], workers=workers)
        total = time.perf_counter() - t0
        lib.close()
        from marginalia.core import importer
        import importlib

        importlib.reload(importer)
        db_size = (Path(tmp) / "lib" / "library.sqlite3").stat().st_size
        index_size = sum(p.stat().st_size for p in (Path(tmp) / "lib" / "index").iterdir())
    imported = report.count("imported")
    return {"total": total, "imported": imported, "failed": report.count("failed"), "store": timers.store,
            "index": timers.index, "db_size": db_size, "index_size": index_size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        t = time.perf_counter()
        write_corpus(corpus, args.n)
        print(f"generated {args.n} pages in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        runs = [run_once(corpus, args.workers) for _ in range(args.runs)]
    rates = [r["imported"] / r["total"] for r in runs]
    med = statistics.median(rates)
    mid = sorted(runs, key=lambda r: r["imported"] / r["total"])[len(runs) // 2]
    clean = mid["total"] - mid["store"] - mid["index"]
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    except ImportError:  # pragma: no cover
        peak = peak_children = float("nan")
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"| articles | runs | articles/s (median) | runs (articles/s) | failed |")
    print(f"|---:|---:|---:|---|---:|")
    print(f"| {args.n} | {args.runs} | {med:.1f} | {', '.join(f'{r:.1f}' for r in rates)} | {mid['failed']} |")
    print()
    print("stage shares of the median run (cleaning runs in worker processes, in parallel):")
    print(f"- reading + decoding + cleaning (wall, waiting on workers): {clean / mid['total']:.0%}")
    print(f"- storing (one transaction per article): {mid['store'] / mid['total']:.0%}")
    print(f"- indexing (Whoosh, batches of 200): {mid['index'] / mid['total']:.0%}")
    print(f"peak RSS: main process {peak:.0f} MB, largest worker {peak_children:.0f} MB")
    print(f"size per article: database {mid['db_size'] / args.n / 1024:.1f} KB, index {mid['index_size'] / args.n / 1024:.1f} KB")


if __name__ == "__main__":
    main()
