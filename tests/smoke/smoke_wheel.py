"""Smoke test of the built wheel, as a new user installs it (``make smoke``, called by ``make test``).

Usage: ``python3 tests/smoke/smoke_wheel.py dist/marginalia-<version>-py3-none-any.whl [--keep]``

In a temporary folder: a fresh virtual environment made by the Python running this script,
``pip install`` of the wheel (no ``-e``, no source tree on ``sys.path``: every command runs from
the temporary folder with ``python -I``), then headless, against a new library and a private
HOME:

1. ``marginalia --version`` names the wheel's version;
2. the sample articles packaged in the wheel (found through ``marginalia.samples``, inside the
   venv's site-packages) are imported with the CLI, none failing;
3. a search with a Ukrainian word in a form the samples do not contain finds the article: the
   lemmas come from the pymorphy3 dictionaries installed as packages;
4. a highlight with a note is added and exported as Markdown and CSV, both holding the quote;
5. the desktop window starts offscreen through ``marginalia.ui.app.run``, opens the library,
   lists its articles, paints something other than a blank rectangle, loads every packaged translation, and quits.

Only the standard library is used. Prints one line per step with its wall time; exits 1 with the
failing step's output, keeping the temporary folder for a look.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

# A form that none of the samples contains; the sample about the dialect archive has "котушок".
LEMMA_QUERY = "котушка"
LEMMA_FORMS_ABSENT = ("котушка", "котушк")

GUI_SCRIPT = r'''
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from marginalia.ui import app as ui_app

qt = QApplication(sys.argv[:1])
qm_files = sorted(Path(str(resources.files("marginalia.resources") / "translations")).glob("*.qm"))
bad = [p.name for p in qm_files if not QTranslator().load(str(p))]
if bad:
    print("translations that Qt cannot load:", bad)
    sys.exit(4)
ticks = {"n": 0}


def check() -> None:
    ticks["n"] += 1
    windows = [w for w in qt.topLevelWidgets() if w.isVisible() and type(w).__name__ == "MainWindow"]
    if windows and windows[0].library is not None and windows[0].library_pane.model.rowCount() > 0:
        window = windows[0]
        image = window.grab().toImage()
        image.save(sys.argv[2])
        step = max(1, image.width() // 40)
        colours = {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
        print(f"window {window.width()}x{window.height()} title={window.windowTitle()!r} "
              f"colours={len(colours)} translations={len(qm_files)}")
        if len(colours) < 4:
            print("the window painted a blank rectangle")
            qt.exit(5)
            return
        window.close()
        QTimer.singleShot(0, qt.quit)
    elif ticks["n"] > 1200:  # a hang guard (two minutes), not a timing check
        print("the window never showed the articles of the library")
        qt.exit(3)


timer = QTimer()
timer.timeout.connect(check)
timer.start(100)
sys.exit(ui_app.run(library_dir=sys.argv[1]))
'''


class SmokeFailure(Exception):
    """A step failed; the message says which and shows its output."""


class Smoke:
    """The temporary install and the commands run against it."""

    def __init__(self, wheel: Path, work: Path) -> None:
        self.wheel = wheel
        self.work = work
        self.venv = work / "venv"
        self.library = work / "library"
        home = work / "home"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "MARGINALIA"))}
        self.env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
                        XDG_CACHE_HOME=str(home / ".cache"), MARGINALIA_LIBRARY=str(self.library),
                        QT_QPA_PLATFORM="offscreen", PIP_DISABLE_PIP_VERSION_CHECK="1")
        self.env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{self.env.get('PATH', '')}"
        self.env.pop("XDG_RUNTIME_DIR", None)
        self.timings: list[tuple[str, float]] = []
        self.sample_texts: list[str] = []
        self.hit_article = 0

    def run(self, *args: str, timeout: float = 600) -> str:
        """Run a command from the temporary folder; its stdout, or SmokeFailure with its output."""
        proc = subprocess.run(list(args), cwd=self.work, env=self.env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise SmokeFailure(f"`{' '.join(args)}` exited with {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def marginalia(self, *args: str) -> str:
        return self.run(str(self.venv / "bin" / "marginalia"), *args)

    def python(self, code: str, *args: str) -> str:
        return self.run(str(self.venv / "bin" / "python"), "-I", "-c", code, *args)

    def step(self, name: str, fn) -> None:
        start = time.perf_counter()
        detail = fn()
        took = time.perf_counter() - start
        self.timings.append((name, took))
        print(f"smoke: {name:<34} {took:6.1f} s  {detail or ''}", flush=True)

    # -- the steps ---------------------------------------------------------------------------

    def install(self) -> str:
        self.run(sys.executable, "-m", "venv", str(self.venv))
        # --no-compile: byte-compiling every dependency at install time takes two thirds of the
        # install; the modules the steps import are compiled when first imported instead.
        self.run(str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile",
                 str(self.wheel), timeout=1800)
        site = self.python("import marginalia, sys; print(marginalia.__file__)").strip()
        if not site.startswith(str(self.venv)):
            raise SmokeFailure(f"marginalia was imported from {site}, not from the fresh venv")
        return f"python {sys.version.split()[0]}"

    def version(self) -> str:
        expected = self.wheel.name.split("-")[1]
        out = self.marginalia("--version").strip()
        if not out.endswith(expected):
            raise SmokeFailure(f"`marginalia --version` says {out!r}, the wheel is {expected}")
        return out

    def import_samples(self) -> str:
        folder = self.python("from marginalia.samples import samples_dir; print(samples_dir())").strip()
        if not folder.startswith(str(self.venv)):
            raise SmokeFailure(f"the samples were found at {folder}, not inside the installed package")
        self.sample_texts = json.loads(self.python(
            "import json; from marginalia.samples import sample_paths; "
            "print(json.dumps([p.read_text('utf-8', 'replace').lower() for p in sample_paths()]))"))
        count = len(self.sample_texts)
        report = json.loads(self.marginalia("import", folder, "--json"))
        if report["failed"] or report["imported"] != count or count < 3:
            raise SmokeFailure(f"importing the {count} samples gave {report}")
        return f"{report['imported']} samples imported"

    def lemma_search(self) -> str:
        present = [form for form in LEMMA_FORMS_ABSENT if any(form in t for t in self.sample_texts)]
        if present:
            raise SmokeFailure(f"the samples contain {present}: pick another LEMMA_QUERY to prove lemma search")
        hits = json.loads(self.marginalia("search", LEMMA_QUERY, "--json"))
        if not hits or "<mark>" not in hits[0]["snippet"]:
            raise SmokeFailure(f"searching {LEMMA_QUERY!r} found {hits}")
        self.hit_article = hits[0]["article_id"]
        marked = hits[0]["snippet"].split("<mark>")[1].split("</mark>")[0]
        return f"{LEMMA_QUERY!r} found {marked!r} in #{self.hit_article}"

    def export(self) -> str:
        text = json.loads(self.marginalia("show", str(self.hit_article), "--json"))["text"]
        quote = " ".join(text.split()[:8])
        note = "Перевірка: нотатка до цитати"
        self.marginalia("highlight", "add", str(self.hit_article), "--quote", quote, "--note", note,
                        "--tag", "smoke", "--json")
        md_path, csv_path = self.work / "quotes.md", self.work / "quotes.csv"
        self.marginalia("export", "--format", "markdown", "--out", str(md_path))
        self.marginalia("export", "--format", "csv", "--out", str(csv_path), "--bom")
        markdown = md_path.read_text("utf-8")
        if quote not in markdown or note not in markdown or "marginalia://article/" not in markdown:
            raise SmokeFailure(f"the Markdown export lacks the quote, the note or the link:\n{markdown}")
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
        if len(rows) != 1 or rows[0]["quote"] != quote or rows[0]["note"] != note:
            raise SmokeFailure(f"the CSV export is not the one highlight:\n{rows}")
        return f"markdown {md_path.stat().st_size} B, csv {csv_path.stat().st_size} B"

    def gui(self) -> str:
        return self.python(GUI_SCRIPT, str(self.library), str(self.work / "window.png")).strip().splitlines()[-1]


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    args = [a for a in argv if a != "--keep"]
    if len(args) != 1 or not zipfile.is_zipfile(args[0]):
        print("usage: smoke_wheel.py WHEEL [--keep]", file=sys.stderr)
        return 2
    wheel = Path(args[0]).resolve()
    work = Path(tempfile.mkdtemp(prefix="marginalia-smoke-"))
    smoke = Smoke(wheel, work)
    start = time.perf_counter()
    try:
        smoke.step("fresh venv + pip install wheel", smoke.install)
        smoke.step("marginalia --version", smoke.version)
        smoke.step("import the packaged samples", smoke.import_samples)
        smoke.step("search with a lemma", smoke.lemma_search)
        smoke.step("highlight, export markdown + csv", smoke.export)
        smoke.step("window offscreen", smoke.gui)
    except (SmokeFailure, subprocess.TimeoutExpired) as exc:
        print(f"smoke: FAILED: {exc}\nsmoke: the temporary install is kept in {work}", file=sys.stderr)
        return 1
    print(f"smoke: all good in {time.perf_counter() - start:.1f} s")
    if keep:
        print(f"smoke: kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
