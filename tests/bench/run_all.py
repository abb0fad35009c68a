"""``make bench``: every benchmark, one after another, with the machine noted."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000, help="articles for the search benchmark")
    ap.add_argument("--import-n", type=int, default=1000, help="pages for the import benchmark")
    args = ap.parse_args()
    steps = [
        [sys.executable, str(HERE / "bench_import.py"), "--n", str(args.import_n), "--runs", "3"],
        [sys.executable, str(HERE / "bench_search.py"), "--n", str(args.n)],
        [sys.executable, str(HERE / "bench_lemmatizers.py")],
    ]
    if (HERE / "bench_ui.py").exists():
        steps.append([sys.executable, str(HERE / "bench_ui.py")])
    code = 0
    for cmd in steps:
        print(f"\n$ {' '.join(Path(c).name if i < 2 else c for i, c in enumerate(cmd))}", flush=True)
        code |= subprocess.call(cmd, cwd=HERE.parents[1])
    return code


if __name__ == "__main__":
    raise SystemExit(main())
