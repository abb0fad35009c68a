"""The package list in pyproject.toml covers every package, and resources are found through
importlib.resources (as they will be from an installed wheel)."""

import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT / "desktop").parts) for p in (ROOT / "desktop").rglob("__init__.py")}
    assert found | {"marginalia.resources"} == listed


def test_samples_are_package_resources():
    from marginalia.samples import sample_paths

    paths = sample_paths()
    assert len(paths) >= 3
    assert all(p.exists() for p in paths)
    assert (resources.files("marginalia.resources") / "samples").is_dir()


def test_core_never_imports_qt():
    offenders = []
    for path in (ROOT / "desktop" / "marginalia" / "core").rglob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                    name in stripped.split("#")[0] for name in ("PySide6", "shiboken6", "marginalia.ui")):
                offenders.append(f"{path.name}: {stripped}")
    assert offenders == []


# -- the wheel checker, the desktop entry and its installer -----------------------------------------

import configparser  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import zipfile  # noqa: E402

import pytest  # noqa: E402

APP_ID = "io.github.marginalia.Marginalia"
DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"
INSTALLER = ROOT / "packaging" / "install-desktop-entry.sh"


def _check_wheel_module():
    spec = importlib.util.spec_from_file_location("check_wheel", ROOT / "packaging" / "check_wheel.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_wheel(path, names, entry_points="[console_scripts]\nmarginalia = marginalia.cli:main\n"):
    with zipfile.ZipFile(path, "w") as zf:
        for name in names:
            zf.writestr(name, b"x")
        zf.writestr("marginalia-0.1.0.dist-info/entry_points.txt", entry_points)
    return path


def test_wheel_checker_wants_every_runtime_resource_of_the_tree():
    wanted = _check_wheel_module().expected_files()
    for sub in ("icons", "samples", "desktop"):
        for path in (ROOT / "resources" / sub).iterdir():
            assert f"marginalia/resources/{sub}/{path.name}" in wanted
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        assert f"marginalia/resources/translations/{ts.stem}.qm" in wanted
    assert "marginalia/core/migrations/env.py" in wanted
    assert {f"marginalia/resources/icons/{APP_ID}-{n}.png" for n in (16, 32, 48, 256)} <= wanted


def test_wheel_checker_names_what_is_missing_or_stray(tmp_path):
    checker = _check_wheel_module()
    wanted = sorted(checker.expected_files())
    complete = _fake_wheel(tmp_path / "complete.whl", wanted)
    assert checker.problems(complete) == []

    dropped = next(n for n in wanted if "/samples/" in n)
    broken = _fake_wheel(tmp_path / "broken.whl", [n for n in wanted if n != dropped]
                         + ["marginalia/resources/screenshots/reader.png"], entry_points="")
    found = checker.problems(broken)
    assert f"missing from the wheel: {dropped}" in found
    assert "should not be in the wheel: marginalia/resources/screenshots/reader.png" in found
    assert any("console script" in line for line in found)


def test_wheel_leaves_out_what_only_the_repository_needs():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    excluded = config["exclude-package-data"]["marginalia.resources"]
    assert "screenshots/*" in excluded and "translations/*.ts" in excluded
    assert config["package-data"]["marginalia.resources"] == ["**/*"]


def test_desktop_entry_opens_marginalia_links_with_the_packaged_icon():
    entry = configparser.ConfigParser(interpolation=None, strict=False)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert "x-scheme-handler/marginalia" in section["MimeType"].split(";")
    assert section["Exec"].startswith("marginalia ") and section["Exec"].endswith("%u")
    assert section["Icon"] == APP_ID
    assert (resources.files("marginalia.resources") / "icons" / f"{APP_ID}.svg").is_file()
    assert f"<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>" in METAINFO.read_text("utf-8")


def test_desktop_entry_and_metainfo_validate():
    assert shutil.which("desktop-file-validate") and shutil.which("appstreamcli"), \
        "install desktop-file-utils and appstream (.ci/run does)"
    desktop = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert desktop.returncode == 0 and desktop.stdout.strip() == "", desktop.stdout + desktop.stderr
    metainfo = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert metainfo.returncode == 0, metainfo.stdout + metainfo.stderr


@pytest.fixture
def user_dirs(tmp_path):
    """A private HOME and XDG folders, so the installer never touches the real ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    (tmp_path / "home").mkdir()
    return env


def _fake_app(folder):
    """An executable in a folder whose name needs quoting in a desktop entry."""
    folder.mkdir(parents=True)
    app = folder / "marginalia"
    app.write_text("#!/bin/sh\nexit 0\n")
    app.chmod(0o755)
    return app


def test_installer_registers_entry_icons_and_metainfo_then_removes_them(tmp_path, user_dirs):
    app = _fake_app(tmp_path / "Мої програми" / "Marginalia 0.1")
    data = tmp_path / "data"
    done = subprocess.run([str(INSTALLER), "--exec", str(app)], env=user_dirs, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    installed = data / "applications" / f"{APP_ID}.desktop"
    exec_line = next(line for line in installed.read_text("utf-8").splitlines() if line.startswith("Exec="))
    assert exec_line == f'Exec="{app}" gui %u'
    check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.strip() == "", check.stdout
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text("utf-8")
        assert re.search(rf"^x-scheme-handler/marginalia=.*{re.escape(APP_ID)}\.desktop", cache, re.M)

    removed = subprocess.run([str(INSTALLER), "--uninstall"], env=user_dirs, capture_output=True, text=True)
    assert removed.returncode == 0, removed.stderr
    leftovers = [p for p in data.rglob("*") if p.is_file() and APP_ID in p.name]
    assert leftovers == []


def test_installer_escapes_a_path_the_desktop_spec_reserves(tmp_path, user_dirs):
    app = _fake_app(tmp_path / "price $5 `quoted`")
    done = subprocess.run([str(INSTALLER), "--exec", str(app), "--quiet"], env=user_dirs, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    installed = tmp_path / "data" / "applications" / f"{APP_ID}.desktop"
    text = installed.read_text("utf-8")
    # The string escape (\\ for \) applies first, then the quoting of $ and ` with a backslash.
    assert f'Exec="{tmp_path}/price \\\\$5 \\\\`quoted\\\\`/marginalia" gui %u' in text
    assert subprocess.run(["desktop-file-validate", str(installed)], capture_output=True).returncode == 0


def test_installer_refuses_what_it_cannot_start(tmp_path, user_dirs):
    user_dirs["PATH"] = "/usr/bin:/bin"  # no marginalia on PATH
    done = subprocess.run([str(INSTALLER), "--exec", str(tmp_path / "nothing-here")], env=user_dirs,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "not an executable" in done.stderr or "nothing-here" in done.stderr
    assert not (tmp_path / "data" / "applications" / f"{APP_ID}.desktop").exists()


def test_readme_cli_reference_names_only_real_commands_and_options():
    """Every `marginalia …` line of the README's CLI reference uses commands and options that exist."""
    import click

    from marginalia.cli import cli

    readme = (ROOT / "README.md").read_text("utf-8")
    lines = [line.strip() for line in readme.splitlines() if line.strip().startswith("marginalia ")]
    assert len(lines) > 15
    checked = 0
    for line in lines:
        words = line.split()[1:]
        if not words or not words[0][0].isalpha():  # the synopsis line: [--library DIR] ...
            continue
        command = cli.commands.get(words[0])
        if command is None:
            assert words[0].startswith("marginalia://"), line
            continue
        if isinstance(command, click.Group) and len(words) > 1 and words[1] in command.commands:
            command = command.commands[words[1]]
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        used = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", line))
        assert used <= known | {"--help"}, f"{line}: {sorted(used - known)}"
        checked += 1
    assert checked > 15
