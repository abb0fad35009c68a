"""One window per library: a second start hands its request to the app already running.

The library's writer lock (core/lock.py) already refuses a second writer; this module makes the
refusal friendly. The first app listens on a ``QLocalServer`` whose name is derived from the
library folder. A second start on the same library connects, sends what it was asked to do (a
``marginalia://`` link, or just "show yourself"), waits for the answer and quits; the first app
raises its window and opens the link. A server left behind by a crashed app (a stale socket file
on Unix) is removed and replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_TIMEOUT_MS = 2000
_ACK = b"ok\n"


def server_name(library_dir: str | os.PathLike) -> str:
    """The local server name for a library folder: per user, per resolved folder, short enough
    for a Unix socket path."""
    folder = os.path.realpath(os.fspath(library_dir))
    digest = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    user = hashlib.sha256(os.path.expanduser("~").encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"marginalia-{user}-{digest}"


def hand_over(name: str, request: dict, *, timeout_ms: int = _TIMEOUT_MS) -> bool:
    """Send ``request`` to the app listening as ``name``; True when it answered.

    False means nobody is listening (or a stale socket answered nothing): this process should
    start the app itself."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(json.dumps(request).encode("utf-8") + b"\n")
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while not answer.endswith(b"\n"):
            if not socket.waitForReadyRead(timeout_ms):
                return False
            answer += bytes(socket.readAll().data())
        return answer == _ACK
    finally:
        socket.disconnectFromServer()


class InstanceServer(QObject):
    """Listens for later starts on the same library and emits what they ask for."""

    #: A request from a second start: ``{"url": "marginalia://…" | None}``.
    requested = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a stale server of a crashed app is removed first. False if the name
        cannot be used (the app then simply runs without hand-over)."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        """Stop listening and drop open connections (their signals first: a socket destroyed
        with its server must not call back into this half-destroyed object)."""
        for socket in list(self._buffers):
            socket.readyRead.disconnect()
            socket.disconnected.disconnect()
            socket.abort()
        self._buffers.clear()
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._buffers.pop(s, None))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > 65536:  # nobody sends that much: not one of ours
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            request = json.loads(data.decode("utf-8"))
        except ValueError:
            socket.abort()
            return
        if not isinstance(request, dict):
            socket.abort()
            return
        socket.write(_ACK)
        socket.flush()
        self.requested.emit({"url": request.get("url") if isinstance(request.get("url"), str) else None})


def claim_or_hand_over(library_dir: str | os.PathLike, url: str | None,
                       on_request: Callable[[dict], None], parent: QObject | None = None) -> InstanceServer | None:
    """Either hand ``url`` to the app already running on ``library_dir`` (returns None: quit), or
    become the running app: returns the listening server, whose requests go to ``on_request``."""
    name = server_name(library_dir)
    if hand_over(name, {"url": url}):
        return None
    server = InstanceServer(name, parent)
    server.requested.connect(on_request)
    server.listen()
    return server
