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
