"""Test-wide set-up: Qt runs offscreen; every test gets its own library folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def library_dir(tmp_path):
    return tmp_path / "library"


@pytest.fixture
def library(library_dir):
    from marginalia.core.library import Library

    lib = Library.open(library_dir)
    yield lib
    lib.close()
