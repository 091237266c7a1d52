"""One copy at a time: starting Homeguard while it runs brings the running window forward instead of a second copy.

Two copies over one history would each keep their own picture of it, and a person who starts Homeguard again
(from the app menu, or by clicking a notification) wants the window they already have. So before any window is
built, ``claim`` tries to reach a running copy through a local socket (never the network). When one answers, it is
sent a short message, "show" or ``{"show": "device#disk-encryption"}``, and this copy ends at once. Otherwise this
copy listens on that socket itself, and ``InstanceServer.attach`` later gives it the window to bring forward.

The socket's name is per user and per data folder: "homeguard-" and a hash of the user's name and the resolved
folder, so two data folders (``--data-dir``) are two apps, and two people on one computer never reach each other's
copy. On Linux it lives in the user's runtime folder (``$XDG_RUNTIME_DIR``, private to them); the socket is also
made accessible to its owner only. A socket left behind by a copy that crashed (connecting to it is refused) is
removed and made again; one that a copy started at the same moment has just made is handed the message instead.

Any program of the same user can connect, so a message is untrusted: at most ``MAX_MESSAGE_BYTES``, read within
``READ_MS`` (``ui.single_instance_reader``), parsed strictly (anything else is ignored), and only a page the window
knows is ever opened.
Not being able to listen (permissions, an odd runtime folder) never stops the app: it runs without this feature.

Claiming the name is cheap, so it stays before the window and a double-click never opens two: on Linux and macOS
the socket is a plain Unix socket (Python's ``socket``), bound and listening at once, in the same place Qt's
``QLocalServer`` would put it. Reading the requests needs Qt's network module, which costs time at start, so
``InstanceServer.serve`` hands the listening socket to a ``QLocalServer`` only once the window has painted; a
copy started meanwhile is queued by the system and heard then. Windows has no such sockets for Python: there Qt's
named pipes are used from the start.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCryptographicHash, QDir, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    import socket

    from PySide6.QtNetwork import QLocalServer

    from ui.main_window import MainWindow

# Windows has no Unix sockets for Python: Qt's named pipes there (QLocalSocket, QLocalServer) from the start.
QT_SOCKETS_ONLY = sys.platform == "win32"

MAX_MESSAGE_BYTES = 1024
MAX_READERS = 8  # connections being read at once; more are dropped (a running copy needs only one)
CONNECT_MS = 500
WRITE_MS = 1000
READ_MS = 2000  # a connection that has not finished its message by then is dropped
UNIX_PATH_LIMIT = 100  # a Unix socket's path must fit in 108 bytes, with room to spare
SHOW = "show"
# A page id, optionally "#" and an item on that page ("device#screen-lock", "people#Maya"), as
# AppContext.navigate takes it. The item is only ever looked up by the page, never run or shown as markup.
TARGET = re.compile(r"[a-z][a-z0-9_-]{0,39}(#[^\x00-\x1f\x7f-\x9f]{1,100})?")


# -- the socket's name and the message -----------------------------------------------------------------------------

def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no name in the environment nor the password database: the home folder is per person too
        return str(Path.home())


def socket_name(data_dir: str | Path | None) -> str:
    """The local socket's name for this user and this data folder (the usual one when ``data_dir`` is None)."""
    from auditor.store import default_data_dir

    folder = Path(data_dir).expanduser() if data_dir else default_data_dir()
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the folder as written still names it
        folder = folder.absolute()
    key = QByteArray(f"{_user_name()}\0{folder}".encode("utf-8", "surrogateescape"))
    digest = QCryptographicHash.hash(key, QCryptographicHash.Algorithm.Sha256)  # QtCore's: hashlib loads OpenSSL
    name = "homeguard-" + bytes(digest.toHex().data()).decode("ascii")[:24]
    if QT_SOCKETS_ONLY:
        return name  # a named pipe
    if sys.platform.startswith("linux"):
        runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
        if runtime and len(runtime) + len(name) + 1 <= UNIX_PATH_LIMIT:
            return str(Path(runtime) / name)
    return str(Path(QDir.tempPath()) / name)  # where QLocalServer puts a bare name: the per-user folder on macOS


def message_for(show: str | None = None) -> bytes:
    """What a second copy sends: "show", or which item to show as well (a target that is no page id is left out:
    the window still comes forward)."""
    return json.dumps({SHOW: show}).encode("utf-8") if show and TARGET.fullmatch(show) else SHOW.encode("ascii")


def parse_message(data: bytes) -> str | None:
    """The target a message asks for ("" to just come forward), or None for anything that is not exactly a
    message ``message_for`` writes: too long, not UTF-8, not that JSON shape, or a target that is no page id."""
    if len(data) > MAX_MESSAGE_BYTES:
        return None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if text == SHOW:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or list(value) != [SHOW] or not isinstance(value[SHOW], str):
        return None
    target = value[SHOW]
    return target if target == "" or TARGET.fullmatch(target) else None


# -- bringing the window forward -------------------------------------------------------------------------------------

def bring_forward(window: QWidget) -> None:
    """Show the window (again, after a quick exit hid it), un-minimised, raised and given the keyboard focus."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()  # a maximised window stays maximised
    window.raise_()
    window.activateWindow()


def known_target(window: MainWindow, target: str) -> bool:
    """Whether ``target`` names one of the window's pages (the item on it is the page's to find, or not)."""
    page_id, _, _anchor = target.partition("#")
    return bool(TARGET.fullmatch(target)) and page_id in window.pages


# -- the running copy's side ----------------------------------------------------------------------------------------

class InstanceServer(QObject):
    """The running copy's end of the socket. Each valid request brings the window forward and, when it names a
    page the window has, opens it; a request that comes before the window exists waits for ``attach``.

    ``reserve`` claims the name (cheap: no Qt network module on Linux and macOS), ``serve`` starts reading what
    arrives on it; ``listen`` does both."""

    requested = Signal(str)  # a well-formed request arrived: its target, "" for just coming forward
    ignored = Signal()  # a message that was too long, too slow or not understood was dropped

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.error = ""  # why the name could not be claimed, in the system's words
        self.server: QLocalServer | None = None  # reading requests, from ``serve`` on
        self._reserved: socket.socket | None = None  # the claimed Unix socket until a QLocalServer takes it over
        self._identity: tuple[int, int] | None = None  # the socket file's device and inode: ours to remove
        self.window: MainWindow | None = None
        self._pending: str | None = None
        self._readers = 0
        self.requested.connect(self._act)

    @property
    def listening(self) -> bool:
        return self._reserved is not None or (self.server is not None and self.server.isListening())

    def listen(self) -> bool:
        """Claim the name and read requests from now on; False when it cannot (the app runs on without this)."""
        return self.reserve() and self.serve()

    def reserve(self) -> bool:
        """Claim the name: later copies reach this one from now on (the system queues them until ``serve``).
        Call it only when connecting to the name has just failed: a socket file in the way is then one left by a
        copy that crashed, and is removed. On Windows this is ``serve`` at once. False when it cannot."""
        if self.listening:
            return True
        if QT_SOCKETS_ONLY:
            return self.serve()
        import socket

        reserved = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                reserved.bind(self.name)
            except OSError as exc:
                if not (exc.errno == errno.EADDRINUSE and Path(self.name).is_socket() and _left_behind(self.name)):
                    raise  # a file that is no socket, or a copy that has just claimed the name: left alone
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.name)
                reserved.bind(self.name)
            os.chmod(self.name, 0o600)  # its owner only, before anyone can connect
            reserved.listen(MAX_READERS)
            info = os.stat(self.name)
        except OSError as exc:
            reserved.close()
            self.error = exc.strerror or str(exc)
            return False
        self._reserved, self._identity = reserved, (info.st_dev, info.st_ino)
        return True

    def serve(self) -> bool:
        """Start reading requests (Qt's network module is loaded here): on Linux and macOS, the socket ``reserve``
        claimed is handed to a QLocalServer, with whatever copies queued meanwhile. False when it cannot."""
        if self.server is not None and self.server.isListening():
            return True
        from PySide6.QtNetwork import QAbstractSocket, QLocalServer

        self.server = server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.setMaxPendingConnections(MAX_READERS)
        server.newConnection.connect(self._accept)
        if self._reserved is not None:
            reserved, self._reserved = self._reserved, None
            if not server.listen(reserved.fileno()):
                self.error = server.errorString()
                reserved.close()
                self._remove_file()
                return False
            reserved.detach()  # the server owns the descriptor now and closes it
            return True
        if QT_SOCKETS_ONLY:
            if server.listen(self.name):
                return True
            if server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
                QLocalServer.removeServer(self.name)
                if server.listen(self.name):
                    return True
        self.error = server.errorString() if QT_SOCKETS_ONLY else "the name was not claimed first"
        return False

    def attach(self, window: MainWindow) -> None:
        """From now on requests act on ``window``; one that arrived while it was being built is acted on now."""
        self.window = window
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._act(pending)

    def close(self) -> None:
        """Stop listening and remove the socket file (when it is still this copy's). Called when the app quits."""
        if self._reserved is not None:
            self._reserved.close()
            self._reserved = None
        if self.server is not None:
            self.server.close()
        self._remove_file()

    def _remove_file(self) -> None:
        if self._identity is None:
            return
        with contextlib.suppress(OSError):
            info = os.stat(self.name)
            if (info.st_dev, info.st_ino) == self._identity:  # not a later copy's socket of the same name
                os.unlink(self.name)
        self._identity = None

    def _accept(self) -> None:
        from ui.single_instance_reader import MessageReader  # heard only after the first paint: off the start path

        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                return
            if self._readers >= MAX_READERS:
                socket.abort()
                socket.deleteLater()
                continue
            self._readers += 1
            MessageReader(socket, self, self._received)

    def _received(self, message: bytes | None) -> None:
        self._readers -= 1
        target = parse_message(message) if message is not None else None
        if target is None:
            self.ignored.emit()
        else:
            self.requested.emit(target)

    def _act(self, target: str) -> None:
        if self.window is None:
            self._pending = target if target or self._pending is None else self._pending
            return
        bring_forward(self.window)
        if target and known_target(self.window, target):
            self.window.navigate_to(target)


def _left_behind(name: str) -> bool:
    """Whether the Unix socket file ``name`` is one nobody listens on (its copy crashed): connecting is refused."""
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(CONNECT_MS / 1000)
        try:
            probe.connect(name)
        except (ConnectionRefusedError, FileNotFoundError):
            return True
        except OSError:
            return False  # cannot tell: never remove what may be a running copy's
    return False  # a copy answers (it started a moment after this one looked)


# -- the starting copy's side ------------------------------------------------------------------------------------------

def send_to_running(name: str, message: bytes) -> bool:
    """Hand ``message`` to the copy listening on ``name``; True when one answered (this copy should then end)."""
    if QT_SOCKETS_ONLY:
        return _send_through_qt(name, message)
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(CONNECT_MS / 1000)
        try:
            connection.connect(name)
        except OSError:  # no file, or a file nobody listens on (a copy that crashed): this copy is the first
            return False
        connection.settimeout(WRITE_MS / 1000)
        with contextlib.suppress(OSError):  # a running copy that is busy reads it from the socket's buffer later
            connection.sendall(message)
            connection.shutdown(socket.SHUT_WR)
    return True


def _send_through_qt(name: str, message: bytes) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    connection = QLocalSocket()
    connection.connectToServer(name)
    if not connection.waitForConnected(CONNECT_MS):
        return False
    connection.write(message)
    connection.flush()
    connection.waitForBytesWritten(WRITE_MS)
    connection.disconnectFromServer()
    if connection.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        connection.waitForDisconnected(WRITE_MS)
    return True


def claim(data_dir: str | Path | None, show: str | None = None) -> InstanceServer | None:
    """Called before any window is built. None when another copy over this data folder is running and has been
    asked to come forward (and show ``show``): this copy should exit. Otherwise this copy's server, holding the
    name if it could (a failure is said on standard error, and the app runs without the single-copy feature);
    call its ``serve`` once the window has painted to start hearing later copies."""
    name = socket_name(data_dir)
    if send_to_running(name, message_for(show)):
        return None
    server = InstanceServer(name)
    if server.reserve():  # a socket file still there, which nobody answered on, was left by a copy that crashed
        return server
    if send_to_running(name, message_for(show)):  # two copies started together, and the other claimed the name
        server.close()
        return None
    print(f"Homeguard could not make its local socket ({server.error}); starting it again will open a second "
          "window.", file=sys.stderr)
    return server


__all__ = ["InstanceServer", "bring_forward", "claim", "message_for", "parse_message", "send_to_running",
           "socket_name"]
