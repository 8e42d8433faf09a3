"""One tree of errors, each carrying a message a user can read.

Services raise these; the GUI shows ``str(error)`` in a dialog, the CLI prints
it to stderr. Nothing else (SQL, tracebacks) reaches users.
"""

from __future__ import annotations

from collections.abc import Mapping


class EmudeskError(Exception):
    """Root of every error a user may see.

    Attributes:
        message: the user-facing sentence, already translated.
        details: optional extra lines (e.g. the nominations holding a quota).
    """

    def __init__(self, message: str, *, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"- {line}" for line in self.details)


class ValidationError(EmudeskError):
    """Input the user can fix; ``fields`` maps a field name to what is wrong with it."""

    def __init__(
        self,
        message: str,
        *,
        fields: Mapping[str, str] | None = None,
        details: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, details=details)
        self.fields: dict[str, str] = dict(fields or {})


class NotFoundError(EmudeskError):
    """A record asked for by id does not exist (or is in the bin)."""


class ConflictError(EmudeskError):
    """The request contradicts the data: a duplicate, a full quota, a forbidden transition."""


class QuotaExceededError(ConflictError):
    """A quota is full.

    Attributes:
        quota_id, limit, count: which quota, its limit and the places already taken.
        holders: display lines of the nominations holding the places.
        heading: the words that lead in to ``holders`` ("Places held by:"), said once.
    """

    def __init__(
        self,
        message: str,
        *,
        quota_id: int,
        limit: int,
        count: int,
        holders: tuple[str, ...],
        heading: str = "",
    ) -> None:
        super().__init__(message, details=holders)
        self.quota_id = quota_id
        self.limit = limit
        self.count = count
        self.holders = holders
        self.heading = heading

    def __str__(self) -> str:
        if not self.holders:
            return self.message
        lines = "\n".join(f"- {line}" for line in self.holders)
        return f"{self.message}\n{self.heading}\n{lines}" if self.heading else f"{self.message}\n{lines}"

    def one_line(self) -> str:
        """The message and its holders on one line, for a cell of an import report."""
        if not self.holders:
            return self.message
        return " ".join(p for p in (self.message, self.heading, "; ".join(self.holders) + ".") if p)


class StorageError(EmudeskError):
    """The database or a file cannot be used: locked, corrupt, foreign, newer, read-only, full."""


class ReadOnlyDatabaseError(StorageError):
    """Writes are refused: the SQLite file is on a network share (the message says what to do)."""


class NetworkShareError(StorageError):
    """An SQLite file on a network share would have to be written there (made, upgraded, replaced).

    Attributes:
        path: the file; a copy of it on this computer can be written.
    """

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class DatabaseHeldError(StorageError):
    """Another emudesk window holds the file and cannot be brought to the front (another user or computer)."""


class DamagedDatabaseError(StorageError):
    """The SQLite file or its write-ahead log is damaged; the message says how to restore a backup."""


class ServerConnectionError(StorageError):
    """The database server cannot be reached, or refuses the login (the message says which).

    Attributes:
        writing: it happened to a write (nothing of it was saved, unless ``outcome_unknown``).
        login_refused: the server turned down the login or its password (asking again may help).
    """

    def __init__(self, message: str, *, writing: bool = False, login_refused: bool = False) -> None:
        super().__init__(message)
        self.writing = writing
        self.login_refused = login_refused


class ConnectionLostError(ServerConnectionError):
    """The connection to the server broke during a read or a write.

    Attributes:
        retryable: it broke during a read, which may be run again on a fresh connection.
        outcome_unknown: it broke while a commit was under way: the change may or may not be saved.
    """

    def __init__(
        self, message: str, *, writing: bool = False, retryable: bool = False, outcome_unknown: bool = False
    ) -> None:
        super().__init__(message, writing=writing)
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown


class RightsError(EmudeskError):
    """The signed-in login's role does not allow this (on a shared server); the server would refuse too."""
