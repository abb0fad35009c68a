"""One window per library: a second start hands its link to the running app instead of failing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from PySide6.QtNetwork import QLocalSocket

from marginalia.ui.single_instance import InstanceServer, hand_over, server_name


def _env(tmp_path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("MARGINALIA_LIBRARY", None)
    return env


def test_server_name_is_per_library_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    same = server_name(tmp_path / "a")
    assert same == server_name(str(tmp_path / "a") + "/")
    assert same != server_name(tmp_path / "b")
    assert len(same) < 60  # fits a Unix socket path


def test_nobody_listening_means_start_the_app(qapp, tmp_path):
    assert hand_over(server_name(tmp_path), {"url": None}, timeout_ms=500) is False


def test_a_second_start_hands_its_link_to_the_running_app(qapp, qtbot, tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    server = InstanceServer(server_name(library), qapp)
    assert server.listen()
    received = []
    server.requested.connect(received.append)
    second = None
    try:
        second = subprocess.Popen(
            [sys.executable, "-m", "marginalia", "--library", str(library), "marginalia://article/7#highlight=3"],
            env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        qtbot.waitUntil(lambda: bool(received), timeout=60000)
        out, err = second.communicate(timeout=60)
    finally:
        server.close()
        if second is not None and second.poll() is None:  # it did not hand over: never leave an app running
            second.kill()
            second.wait()
    assert received == [{"url": "marginalia://article/7#highlight=3"}]
    assert second.returncode == 0, err
    assert "already open" in out
    assert not (library / "library.sqlite3").exists()  # the second start touched nothing


def test_garbage_from_a_stranger_is_refused(qapp, qtbot, tmp_path):
    server = InstanceServer(server_name(tmp_path), qapp)
    assert server.listen()
    received = []
    server.requested.connect(received.append)
    socket = QLocalSocket()
    socket.connectToServer(server.name)
    assert socket.waitForConnected(2000)
    socket.write(b"[1, 2]\n")
    socket.flush()
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5000)
    server.close()
    assert received == []


def test_a_crashed_app_leaves_no_obstacle(qapp, tmp_path):
    name = server_name(tmp_path)
    script = textwrap.dedent(f"""
        import sys, time
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtNetwork import QLocalServer
        app = QCoreApplication([])
        server = QLocalServer()
        assert server.listen({name!r})
        print("listening", flush=True)
        time.sleep(120)
    """)
    crashed = subprocess.Popen([sys.executable, "-c", script], env=_env(tmp_path), stdout=subprocess.PIPE, text=True)
    assert crashed.stdout.readline().strip() == "listening"
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(30)
    assert hand_over(name, {"url": None}, timeout_ms=1000) is False  # nobody answers the stale socket
    server = InstanceServer(name)
    assert server.listen()  # the stale socket is replaced
    server.close()
