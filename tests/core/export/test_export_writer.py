"""Atomic writing of export files: all or nothing, no silent overwrite, no temp files left."""

from __future__ import annotations

import os
import stat

import pytest

from marginalia.core.errors import UsageError
from marginalia.core.export import writer
from marginalia.core.export.writer import write_atomic


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_text_as_utf8_exactly(tmp_path):
    target = tmp_path / "цитати.csv"
    data = "\ufeffquote\r\n\"Київ\"\r\n🇺🇦\n"
    assert write_atomic(target, data) == target
    assert target.read_bytes() == data.encode("utf-8")
    assert leftovers(tmp_path) == ["цитати.csv"]


def test_writes_bytes_as_given(tmp_path):
    target = tmp_path / "out.json"
    write_atomic(str(target), b"\x00\x01{}")
    assert target.read_bytes() == b"\x00\x01{}"


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "export.md"
    target.write_text("old notes", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists.*--force"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old notes"
    assert leftovers(tmp_path) == ["export.md"]


def test_overwrites_with_force(tmp_path):
    target = tmp_path / "export.md"
    target.write_text("old notes", encoding="utf-8")
    write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert leftovers(tmp_path) == ["export.md"]


def test_file_created_by_someone_else_meanwhile_is_not_clobbered(tmp_path, monkeypatch):
    target = tmp_path / "race.csv"
    real_fsync = os.fsync

    def fsync_then_competitor_writes(fd):
        real_fsync(fd)
        if not target.exists():
            target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(writer.os, "fsync", fsync_then_competitor_writes)
    with pytest.raises(UsageError, match="already exists"):
        write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert leftovers(tmp_path) == ["race.csv"]


def test_failure_midway_leaves_no_temp_file_and_no_target(tmp_path, monkeypatch):
    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", broken_fsync)
    with pytest.raises(UsageError, match="No space left on device"):
        write_atomic(tmp_path / "big.json", "x" * 1000)
    assert leftovers(tmp_path) == []


def test_interrupted_write_leaves_no_temp_file(tmp_path, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.md", "text", force=True)
    assert leftovers(tmp_path) == []


def test_missing_folder_and_folder_as_target_are_clear_errors(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.csv", "x")
    with pytest.raises(UsageError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)


def test_new_file_gets_normal_permissions_not_private_temp_ones(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "shared.md", "x")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "shared.md").stat().st_mode)
    assert mode == (0o644 if os.name == "posix" else 0o666)


def test_permission_denied_gives_a_clear_error_and_no_leftovers(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer.os, "open", denied)
    with pytest.raises(UsageError, match="Cannot write .*out.csv: Permission denied"):
        write_atomic(tmp_path / "out.csv", "x")
    assert leftovers(tmp_path) == []


def test_killed_writer_never_leaves_a_half_written_file(tmp_path):
    """kill -9 a process in the middle of exporting, twenty times: the export file is either
    absent or complete, and the next export removes the dead writer's temporary file."""
    import random
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    target = tmp_path / "notes.json"
    size = 24 * 1024 * 1024
    script = textwrap.dedent(f"""
        import sys
        from marginalia.core.export.writer import write_atomic
        payload = bytes([65 + int(sys.argv[1]) % 26]) * {size}
        print("ready", flush=True)
        write_atomic({str(target)!r}, payload, force=True)
        print("written", flush=True)
    """)
    rng = random.Random(7)
    killed_mid_write = 0
    round_ = 0
    while round_ < 20 or (killed_mid_write == 0 and round_ < 60):  # at least one kill mid-write
        round_ += 1
        proc = subprocess.Popen([sys.executable, "-c", script, str(round_)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        leftovers = list(tmp_path.glob(".notes.json.*.part"))
        killed_mid_write += bool(leftovers)
        if target.exists():
            data = target.read_bytes()
            assert len(data) == size and data == data[:1] * size, "a half-written export is visible"
    write_atomic(target, b"final", force=True)
    assert target.read_bytes() == b"final"
    assert list(tmp_path.glob(".notes.json.*")) == []
    assert killed_mid_write >= 1
    print(f"\n{killed_mid_write} of {round_} kills hit the middle of a write")
