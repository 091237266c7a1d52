"""Reading one message a later copy of Homeguard sent to the running one, within a size cap and a time limit.

Any program of the same user can connect to the running copy's socket, so what arrives is untrusted: a connection
may send too much, or open and never finish. This reader takes at most ``MAX_MESSAGE_BYTES`` (one byte more proves
a message too long) and waits at most ``READ_MS``, then reports once and lets the connection go; making sense of
the bytes is ``ui.single_instance.parse_message``'s. It lives apart from ``ui.single_instance`` because it is
needed only once the window has painted and the running copy starts hearing later ones (``InstanceServer.serve``,
where Qt's network module is loaded): importing it then keeps it off the window's start.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalSocket

from ui.single_instance import MAX_MESSAGE_BYTES, READ_MS


class MessageReader(QObject):
    """Reads one connection's message, up to the size cap and within the time limit, then reports it once."""

    done = Signal(object)  # the message's bytes, or None when it was too long or too slow

    def __init__(self, socket: QLocalSocket, parent: QObject, on_done: Callable[[bytes | None], None]) -> None:
        super().__init__(parent)
        self.done.connect(on_done)  # before anything is read: a message that is all there already ends it at once
        self.socket = socket
        socket.setParent(self)
        self.data = bytearray()
        self._finished = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._finish(None))
        self._timer.start(READ_MS)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._end)
        self._read()  # what arrived before the signals were connected
        if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            self._end()

    def _read(self) -> None:
        if self._finished:
            return
        chunk = bytes(self.socket.read(MAX_MESSAGE_BYTES + 1 - len(self.data)).data())
        self.data.extend(chunk)
        if len(self.data) > MAX_MESSAGE_BYTES:
            self._finish(None)

    def _end(self) -> None:
        self._read()
        self._finish(bytes(self.data))

    def _finish(self, message: bytes | None) -> None:
        if self._finished:
            return
        self._finished = True
        self._timer.stop()
        self.socket.abort()
        self.done.emit(message)
        self.deleteLater()
