"""The open database as the GUI and the CLI see it: sessions, data folder, settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk import paths
from emudesk.db.changes_capture import Capture
from emudesk.db.engine import Database
from emudesk.db.migrate import backup_sqlite, open_database
from emudesk.db.models import Setting
from emudesk.domain.errors import StorageError
from emudesk.i18n import _
from emudesk.services.core import rights
from emudesk.services.core.history import UndoEntry, UndoHistory, describe
from emudesk.services.core.outputs import check_output, temporary_beside

DEFAULT_SETTINGS: dict[str, Any] = {
    "office.parent_agency": "UBND TỈNH",
    "office.issuing_agency": "SỞ NỘI VỤ",
    "office.place": "",
    "office.symbol": "SNV",
    "signer.authority": "KT. GIÁM ĐỐC",
    "signer.title": "PHÓ GIÁM ĐỐC",
    "signer.name": "",
    # The largest evidence file accepted, in MB (services/campaigns/achievements.py).
    "evidence.max_mb": 20,
}


class Store:
    """An open emudesk database.

    Attributes:
        db: the engine and session factories (opaque outside services).
        notices: messages for the user from opening it (e.g. where the pre-upgrade backup went).
        history: the undo/redo stacks every write fills, when someone keeps them (the window).
    """

    def __init__(self, db: Database, notices: list[str] | None = None) -> None:
        self.db = db
        self.notices = notices or []
        self.history: UndoHistory | None = None

    @classmethod
    def open(
        cls,
        target: str | Path | None = None,
        *,
        create: bool = False,
        verify: bool = False,
        evidence_folder: Path | None = None,
    ) -> Store:
        """Open ``target`` (path or URL; default: the configured database), upgrading it if older.

        A damaged SQLite file raises DamagedDatabaseError (a StorageError) and is left unchanged;
        ``verify`` reads all of it first, not only its header, log and list of tables.
        ``evidence_folder``: where an older database's evidence files are, when not beside it
        (the upgrade moves them into the database).
        """
        notices: list[str] = []
        location = target if target is not None else paths.configured_database()
        db = open_database(
            location,
            create=create,
            verify=verify,
            on_backup=lambda p: notices.append(
                _("The database was upgraded; a copy of the old version is in {path}.").format(path=p)
            ),
            on_notice=notices.append,
            evidence_folder=evidence_folder,
        )
        return cls(db, notices)

    @property
    def display_name(self) -> str:
        return self.db.display_name

    @property
    def path(self) -> Path | None:
        return self.db.path

    @property
    def is_sqlite(self) -> bool:
        return self.db.is_sqlite

    @property
    def read_only_reason(self) -> str | None:
        """Why writes are refused (an SQLite file on a network share), or None when they are not."""
        return self.db.read_only

    @property
    def actor(self) -> str:
        return self.db.actor

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.db.read() as session:
            yield session

    @contextmanager
    def write(self, actor: str | None = None, *, label: str | None = None) -> Iterator[Session]:
        """One write transaction; with a history kept, its rows go on the undo stack as ``label``
        (a description of the rows when None)."""
        history = self.history
        if history is None:
            with self.db.write(actor) as session:
                yield session
            return
        capture = Capture()
        with self.db.write(actor, capture=capture) as session:
            yield session
        change_set = capture.result
        if change_set:
            history.record(UndoEntry(label or describe(change_set), change_set))

    @contextmanager
    def write_captured(self, capture: Capture, actor: str | None = None) -> Iterator[Session]:
        """A write whose rows go to ``capture`` instead of the undo stack (undo and redo themselves)."""
        with self.db.write(actor, capture=capture) as session:
            yield session

    def check_pages(self) -> None:
        """Read every page of an SQLite file (read-only, its own connection: any thread may call it).

        Raises:
            DamagedDatabaseError: a page is damaged; the message says how to restore a backup.
        """
        self.db.check_pages()

    def backup(self, destination: Path) -> Path:
        """Write a consistent copy of an SQLite database to ``destination``."""
        if self.path is None:
            raise StorageError(_("Backups of a server database are made on the server (pg_dump)."))
        # The window's save dialog has asked about an existing file; the database itself is never one.
        check_output(destination, database=self.path, force=True, make_folder=True)
        # A fresh hidden name beside the target: never someone's file, never across file systems.
        tmp = temporary_beside(destination)
        try:
            backup_sqlite(self.path, tmp)
            tmp.replace(destination)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(
                _("Cannot write the backup {path}: {reason}").format(
                    path=destination, reason=exc.strerror or exc
                )
            ) from exc
        return destination

    def close(self) -> None:
        self.db.dispose()


def get_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULT_SETTINGS.get(key)


def all_settings(session: Session) -> dict[str, Any]:
    out = dict(DEFAULT_SETTINGS)
    out.update({row.key: row.value for row in session.scalars(select(Setting))})
    return out


def set_setting(session: Session, key: str, value: Any) -> None:
    """Raises RightsError for a login whose role is not Quản trị (settings are the administrator's)."""
    rights.require(session, "settings.edit")
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def delete_setting(session: Session, key: str) -> None:
    """Remove ``key`` (back to its default): the same right as ``set_setting``."""
    rights.require(session, "settings.edit")
    row = session.get(Setting, key)
    if row is not None:
        session.delete(row)
