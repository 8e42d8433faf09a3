"""One window per database file: the first window holds it; a second brings the first to the front.

The holder record (``services.core.holder``) decides who owns a file; a local socket named after the
file (and the user) lets a second window of the same user on the same computer reach the first.
When the first cannot be reached (another user, another computer), the second says who holds it.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from emudesk.domain.errors import DatabaseHeldError
from emudesk.i18n import _
from emudesk.services.core import holder as holders

log = logging.getLogger("emudesk.single_instance")

RAISE = b"raise\n"
RAISED = b"raised\n"
_STARTING_MS = 20_000  # how long a second window waits for a first that is still opening the file
_REPLY_MS = 10_000
_RETRY_MS = 100

_live: dict[str, Claim] = {}  # the claims of this process, by file key (its own socket can't answer it)


def server_name(database: Path) -> str:
    """The local socket of the window holding ``database`` for this user (other users' are apart)."""
    try:
        user = getpass.getuser()
    except Exception:  # getuser raises various errors when no name is set
        user = "?"
    digest = hashlib.sha256(f"{user}\0{holders.file_key(database)}".encode()).hexdigest()
    return f"emudesk-{digest[:32]}"


# Linux: an abstract socket, which vanishes with its process (a crashed window leaves no file);
# elsewhere a socket file or pipe only this user may open.
_ABSTRACT = sys.platform.startswith("linux")


class Claim(QObject):
    """A window's hold on its database file, and the socket a second window reaches it by.

    Signals:
        activate: a second window asked for this one to come to the front.
    """

    activate = Signal()

    def __init__(self, database: Path, hold: holders.Hold | None) -> None:
        super().__init__()
        self.database = database
        self._hold = hold
        self.key = holders.file_key(database)
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        if hold is None:
            return  # nothing held (a file on a share, a read-only folder): nobody to answer for
        _live[self.key] = self
        self.server.setSocketOptions(
            QLocalServer.SocketOption.AbstractNamespaceOption
            if _ABSTRACT
            else QLocalServer.SocketOption.UserAccessOption
        )
        name = server_name(database)
        if not self.server.listen(name):
            # A socket file left by a window that crashed: the hold says nobody else has the file.
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("cannot listen on %s: %s", name, self.server.errorString())

    def _on_connection(self) -> None:
        while (sock := self.server.nextPendingConnection()) is not None:
            sock.readyRead.connect(lambda s=sock: self._on_message(s))
            sock.disconnected.connect(sock.deleteLater)
            if sock.bytesAvailable():
                self._on_message(sock)

    def _on_message(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            return
        if bytes(sock.readLine().data()) == RAISE:
            log.info("brought to the front for a second window on %s", self.database)
            self.activate.emit()
            sock.write(RAISED)
            sock.flush()

    def release(self) -> None:
        if _live.get(self.key) is self:
            del _live[self.key]
        self.server.close()
        if self._hold is not None:
            self._hold.release()
            self._hold = None


@dataclass(frozen=True)
class BroughtToFront:
    """The file was open in another window of this user, which came to the front."""

    database: Path


def claim(database: Path) -> Claim | BroughtToFront:
    """Hold ``database`` for a new window, or bring the window holding it to the front.

    Raises:
        DatabaseHeldError: another user or computer holds it (the message says who and since when).
    """
    if holders.on_share(database):
        # Opened read-only there; holding it would keep out the computer whose disk it is on.
        return Claim(database, None)
    mine = _live.get(holders.file_key(database))
    if mine is not None:
        mine.activate.emit()
        return BroughtToFront(database)
    deadline = QDeadlineTimer(_STARTING_MS)
    while True:
        try:
            taken = holders.take(database)
        except OSError as exc:
            # A folder we may not write (a read-only copy): nothing to hold; writes will say why.
            log.info("no holder record beside %s: %s", database, exc)
            return Claim(database, None)
        if isinstance(taken, holders.Hold):
            return Claim(database, taken)
        if taken is not None and not taken.here:
            raise DatabaseHeldError(held_message(database, taken))
        if _ask_to_raise(database, deadline):
            return BroughtToFront(database)
        if deadline.hasExpired():
            raise DatabaseHeldError(held_message(database, taken))
        QThread.msleep(_RETRY_MS)  # the first window is still opening the file: its socket comes next


def _ask_to_raise(database: Path, deadline: QDeadlineTimer) -> bool:
    """Ask the first window to come to the front; False when it does not answer (yet)."""
    holder = holders.holder_of(database)
    if sys.platform == "win32" and holder is not None:
        # Windows lets only the foreground process hand the foreground on.
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(holder.pid)  # type: ignore[attr-defined]
    sock = QLocalSocket()
    if _ABSTRACT:
        sock.setSocketOptions(QLocalSocket.SocketOption.AbstractNamespaceOption)
    sock.connectToServer(server_name(database))
    if not sock.waitForConnected(min(1000, max(deadline.remainingTime(), 0))):
        return False
    sock.write(RAISE)
    sock.flush()
    answered = b""
    while RAISED not in answered and sock.waitForReadyRead(_REPLY_MS):
        answered += bytes(sock.readAll().data())
    sock.disconnectFromServer()
    return RAISED in answered


def held_message(database: Path, holder: holders.Holder | None) -> str:
    if holder is None:
        return _(
            "{path} is open in another emudesk window that does not answer. Close that window, or "
            "wait until it has finished opening the file."
        ).format(path=database)
    if holder.here:
        return _(
            "{path} is open in another emudesk window on this computer (process {pid}) that does "
            "not answer. Close that window and try again."
        ).format(path=database, pid=holder.pid)
    return _(
        "{path} is open in emudesk by {holder}. One file is written from one window at a time: ask "
        "them to close it, or use a PostgreSQL server to work on it together."
    ).format(path=database, holder=holder.describe())


def is_file_location(location: str) -> bool:
    """True for an SQLite file path (a server URL has no file to hold)."""
    return "://" not in location
