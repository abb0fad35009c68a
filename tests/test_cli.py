"""The command line as scripts use it: JSON shapes and exit codes (0 ok, 1 some failed, 2 usage)."""

import json
import subprocess
import sys

from click.testing import CliRunner

from marginalia import __version__
from marginalia.cli import cli
from tests.helpers.pages import EN_PLAIN, UK_DATED, write


def run(*args, env=None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_version():
    code, out = run("--version")
    assert code == 0 and __version__ in out


def test_import_list_show_json(tmp_path):
    lib = str(tmp_path / "lib")
    good = write(tmp_path, "uk.txt", UK_DATED)
    en = write(tmp_path, "en.txt", EN_PLAIN)
    code, out = run("--library", lib, "import", str(good), str(en), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["imported"] == 2 and data["duplicates"] == 0 and data["failed"] == 0
    assert set(data["results"][0]) == {"path", "status", "article_id", "reason"}

    code, out = run("--library", lib, "import", str(good), "--json")
    data = json.loads(out)
    assert code == 0 and data["duplicates"] == 1 and data["results"][0]["status"] == "duplicate"

    code, out = run("--library", lib, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    assert set(rows[0]) == {"id", "title", "site", "author", "url", "published", "language", "word_count", "tags",
                            "highlight_count"}
    uk = next(r for r in rows if r["language"] == "uk")
    assert uk["published"] == "2026-03-14" and uk["word_count"] > 20

    code, out = run("--library", lib, "show", str(uk["id"]), "--json")
    art = json.loads(out)
    assert code == 0 and art["text"].startswith("Кабінет") and art["blocks"][0]["kind"] == "paragraph"


def test_some_failed_gives_exit_1(tmp_path):
    lib = str(tmp_path / "lib")
    good = write(tmp_path, "ok.txt", UK_DATED)
    empty = write(tmp_path, "empty.html", b"")
    code, out = run("--library", lib, "import", str(good), str(empty), "--json")
    data = json.loads(out)
    assert code == 1 and data["imported"] == 1 and data["failed"] == 1
    failed = next(r for r in data["results"] if r["status"] == "failed")
    assert failed["reason"] == "empty file"


def test_usage_errors_give_exit_2(tmp_path):
    assert run("--library", str(tmp_path), "show", "not-a-number")[0] == 2
    assert run("--library", str(tmp_path), "import")[0] == 2
    assert run("--library", str(tmp_path), "no-such-command")[0] == 2


def test_unknown_article_is_a_clear_error(tmp_path):
    code, out = run("--library", str(tmp_path / "lib"), "show", "999")
    assert code == 1 and "no article with id 999" in out


def test_environment_variable_chooses_the_library(tmp_path):
    lib = tmp_path / "from-env"
    write(tmp_path, "uk.txt", UK_DATED)
    code, _ = run("import", str(tmp_path / "uk.txt"), env={"MARGINALIA_LIBRARY": str(lib)})
    assert code == 0 and (lib / "library.sqlite3").exists()


def test_console_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "marginalia", "--help"], capture_output=True, text=True, check=True)
    assert "import" in out.stdout and "Traceback" not in out.stderr


def test_import_samples_and_nothing_to_import(tmp_path):
    from marginalia.samples import sample_paths

    lib = str(tmp_path / "lib")
    code, out = run("--library", lib, "import", "--samples", "--json")
    data = json.loads(out)
    assert code == 0 and data["imported"] == len(sample_paths()) >= 4
    code, out = run("--library", lib, "search", "відбудову", "--json")
    assert code == 0 and json.loads(out)  # the Ukrainian samples are searchable at once
    code, out = run("--library", lib, "import")
    assert code == 2 and "--samples" in out
