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


def run_once(corpus: Path, workers: int | None) -> dict:
    from marginalia.core import importer
    from marginalia.core.library import Library

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib")
        stats: dict = {}
        t0, c0 = time.perf_counter(), time.process_time()
        report = importer.import_paths(lib, [corpus], workers=workers, stats=stats)
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        lib.close()
        db_size = (Path(tmp) / "lib" / "library.sqlite3").stat().st_size
        index_size = sum(p.stat().st_size for p in (Path(tmp) / "lib" / "index").iterdir())
    return {"total": total, "cpu": cpu, "imported": report.count("imported"), "failed": report.count("failed"),
            "db_size": db_size, "index_size": index_size, **stats}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--corpus", type=Path, default=None,
                    help="keep the generated pages in this folder and reuse them on the next run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        if len(list(corpus.iterdir())) != args.n:
            t = time.perf_counter()
            write_corpus(corpus, args.n)
            print(f"generated {args.n} pages in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        runs = [run_once(corpus, args.workers) for _ in range(args.runs)]
    rates = [r["imported"] / r["total"] for r in runs]
    med = statistics.median(rates)
    mid = sorted(runs, key=lambda r: r["imported"] / r["total"])[len(runs) // 2]
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
    total = mid["total"]
    print("where the importing thread's wall time went in the median run (the stages overlap: cleaning")
    print("runs in worker processes, indexing in the index process, both while the thread stores):")
    print(f"- reading files + duplicate checks: {mid['read_s'] / total:.0%}")
    print(f"- waiting on the cleaning workers: {mid['clean_wait_s'] / total:.0%}")
    print(f"- storing (one transaction per batch): {mid['store_s'] / total:.0%}")
    print(f"- waiting for the index to catch up at the end: {(mid['index_wait_s'] + mid['index_s']) / total:.0%}")
    if "index_child_cpu_s" in mid:
        print(f"- index process CPU: {mid['index_child_cpu_s']:.1f} s in {mid['index_rounds']} rounds "
              f"({mid['index_child_cpu_s'] / total:.0%} of the wall time, in parallel)")
    print(f"- importing process CPU: {mid['cpu']:.1f} s ({mid['cpu'] / total:.0%} of the wall time)")
    print(f"peak RSS: main process {peak:.0f} MB, largest worker {peak_children:.0f} MB")
    print(f"size per article: database {mid['db_size'] / args.n / 1024:.1f} KB, index {mid['index_size'] / args.n / 1024:.1f} KB")


if __name__ == "__main__":
    main()
