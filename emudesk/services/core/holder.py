"""Who has a database file open in an emudesk window: a small record beside it, held with an OS lock.

``<db>.emudesk-lock`` says who (user, computer, process, since when). The record counts only while
its OS lock is held: a window that crashed leaves the record behind, but the operating system has
released its lock, so the next window takes the file over. The command line never takes the lock
(SQLite lets it read and write while a window is open); only a second window is kept out.

Hand-written rather than ``filelock``: that library truncates the lock file on every attempt, which
would wipe the record the second window must read to say who holds the file.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from emudesk.db.location import file_identity, network_share, real_path
from emudesk.i18n import _

SUFFIX = ".emudesk-lock"
_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; the lock sits past the record so others can read it
_RECORD_MAX = 4096


@dataclass(frozen=True)
class Holder:
    """Who holds a file: the window's user, computer and process, and since when."""

    user: str
    host: str
    pid: int
    started: datetime

    @classmethod
    def me(cls) -> Holder:
        return cls(_user(), socket.gethostname(), os.getpid(), datetime.now().astimezone())

    @property
    def here(self) -> bool:
        """This user on this computer: the window can be reached and brought to the front."""
        return self.user == _user() and self.host.lower() == socket.gethostname().lower()

    @property
    def is_this_process(self) -> bool:
        """Held by a window of this very process (File > Restore replacing the window's own file)."""
        return self.here and self.pid == os.getpid()

    def describe(self) -> str:
        return _("{user} on the computer {host}, since {since}").format(
            user=self.user, host=self.host, since=self.started.strftime("%d/%m/%Y %H:%M")
        )


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no name is set
        return "?"


def lock_path(database: Path) -> Path:
    database = real_path(database)
    return database.with_name(database.name + SUFFIX)


def file_key(database: Path) -> str:
    """The same text for every name of one file (links resolved; case-folded on Windows)."""
    return file_identity(database)


def on_share(database: Path) -> bool:
    """True for a file on a network share: it opens read-only, and no window holds it."""
    return network_share(database) is not None


class Hold:
    """This process's hold on a database file; ``release`` (or exit, or a crash) ends it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Removed while still locked, so a window that opens it now finds it gone (take() checks).
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def take(database: Path, holder: Holder | None = None) -> Hold | Holder | None:
    """Hold ``database`` for this window, or say who holds it.

    Returns:
        a Hold; else the live Holder (None when its record cannot be read yet: it is being written).

    Raises:
        OSError: the lock file cannot be made (a read-only folder); the caller goes on without it.
    """
    path = lock_path(database)
    for _attempt in range(10):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_lock(fd):
                os.close(fd)
                return _read(path)
            if not _same_file(fd, path):
                # The holder released (and removed) it between our open and our lock: start again.
                _unlock(fd)
                os.close(fd)
                continue
            _write(fd, holder or Holder.me())
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        return Hold(path, fd)
    return _read(path)


def holder_of(database: Path) -> Holder | None:
    """Who holds ``database`` now (None: no window has it, or its record cannot be read)."""
    path = lock_path(database)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None  # a record left by a window that crashed
    finally:
        os.close(fd)
    return _read(path)


def _read(path: Path) -> Holder | None:
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read(_RECORD_MAX).decode("utf-8"))
        return Holder(
            str(data["user"]), str(data["host"]), int(data["pid"]), datetime.fromisoformat(data["started"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(fd: int, holder: Holder) -> None:
    record = {
        "app": "emudesk",
        "user": holder.user,
        "host": holder.host,
        "pid": holder.pid,
        "started": holder.started.isoformat(timespec="seconds"),
    }
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")[:_RECORD_MAX]
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock: held per open file, so a second window in the same process is kept out too.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
