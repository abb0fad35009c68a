"""``make bench``: the scale benchmark (import, search beside FTS5, the app, memory, sizes) and
the lemmatizer comparison, with the machine noted. The focused scripts (bench_import.py,
bench_search.py, bench_ui.py) can be run on their own while working on one part."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="articles in the benchmark library")
    ap.add_argument("--import-n", type=int, default=1000, help="pages for the import benchmark")
    args = ap.parse_args()
    steps = [
        # everything issue #8 asks for, on one library of N articles
        [sys.executable, str(HERE / "bench_scale.py"), "--n", str(args.n), "--import-n", str(args.import_n),
         "--runs", "3"],
        # the measurement behind the choice of lemmatizer (recall and speed on our word list)
        [sys.executable, str(HERE / "bench_lemmatizers.py")],
    ]
    code = 0
    for cmd in steps:
        print(f"\n$ {' '.join(Path(c).name if i < 2 else c for i, c in enumerate(cmd))}", flush=True)
        code |= subprocess.call(cmd, cwd=HERE.parents[1])
    return code


if __name__ == "__main__":
    raise SystemExit(main())
