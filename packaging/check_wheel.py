"""Check that a built wheel carries everything Marginalia needs at run time.

Usage: ``python packaging/check_wheel.py dist/marginalia-<version>-py3-none-any.whl``

Run by ``make wheel``. Only the standard library is used, so any Python 3.11+ can run it. The
expectations come from the source tree beside this file (every ``resources/translations/*.ts``
must arrive as a compiled ``.qm``, every sample and icon must be there), so a resource added to
the tree is checked without editing this script. Prints one line per problem and exits 1, or a
one-line summary and exits 0.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RES = "marginalia/resources"
APP_ID = "io.github.marginalia.Marginalia"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def expected_files(root: Path = ROOT) -> set[str]:
    """Paths inside the wheel that must exist, derived from the source tree."""
    res = root / "resources"
    wanted = {
        f"{RES}/__init__.py",
        f"{RES}/desktop/{APP_ID}.desktop",
        f"{RES}/desktop/{APP_ID}.metainfo.xml",
        f"{RES}/icons/{APP_ID}.svg",
        "marginalia/core/migrations/env.py",
        "marginalia/core/migrations/script.py.mako",
    }
    wanted |= {f"{RES}/icons/{APP_ID}-{size}.png" for size in PNG_SIZES}
    for sub in ("samples", "icons", "desktop"):
        wanted |= {f"{RES}/{sub}/{p.name}" for p in (res / sub).iterdir() if p.is_file()}
    wanted |= {f"{RES}/translations/{p.stem}.qm" for p in (res / "translations").glob("*.ts")}
    versions = root / "desktop" / "marginalia" / "core" / "migrations" / "versions"
    wanted |= {f"marginalia/core/migrations/versions/{p.name}" for p in versions.glob("*.py")}
    return wanted


def problems(wheel: Path, root: Path = ROOT) -> list[str]:
    """Every way the wheel falls short; an empty list when it is complete."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next((zf.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")), "")
    found = [f"missing from the wheel: {name}" for name in sorted(expected_files(root) - names)]
    if "marginalia = marginalia.cli:main" not in entry_points:
        found.append("the console script 'marginalia = marginalia.cli:main' is not declared")
    stray = sorted(n for n in names if "__pycache__" in n or n.startswith(("tests/", f"{RES}/screenshots/"))
                   or n.endswith(".ts"))
    found += [f"should not be in the wheel: {name}" for name in stray]
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_wheel.py WHEEL", file=sys.stderr)
        return 2
    wheel = Path(argv[0])
    if not wheel.is_file():
        print(f"check_wheel: no such wheel: {wheel}", file=sys.stderr)
        return 1
    found = problems(wheel)
    for line in found:
        print(f"check_wheel: {line}", file=sys.stderr)
    if found:
        return 1
    with zipfile.ZipFile(wheel) as zf:
        resources = [n for n in zf.namelist() if n.startswith(RES + "/") and not n.endswith(".py")]
        qm = [n for n in resources if n.endswith(".qm")]
    print(f"check_wheel: {wheel.name} ok ({wheel.stat().st_size / 1024:.0f} KB, {len(resources)} resource files, "
          f"{len(qm)} translations)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
