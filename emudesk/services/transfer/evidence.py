"""Evidence files kept in a folder beside the database (``Store.files_dir``).

The one place a transfer handles files: once evidence lives in a database table (no
``evidence_files.stored_name`` naming a file any more), that table goes over like any other
and this step finds no files to copy.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, select

from emudesk import paths
from emudesk.db.base import Base
from emudesk.domain.errors import StorageError
from emudesk.i18n import _
from emudesk.services.core.store import Store, get_setting


def evidence_names(store: Store, src: Connection) -> list[Path]:
    """The files the source's evidence rows name and its folder holds, relative to the folder."""
    model = Base.metadata.tables.get("evidence_files")
    if model is None or "stored_name" not in model.c:
        return []
    on_disk = set(evidence_files(store.files_dir()))
    stored = {Path(n) for (n,) in src.execute(select(model.c.stored_name)) if n}
    # A file the table names but the folder lacks was already missing in the source.
    return sorted(stored & on_disk)


def server_files_dir(store: Store) -> Path:
    """As ``Store.files_dir`` names it on a server: the copy carries the source's database.uuid."""
    with store.read() as session:
        db_id = get_setting(session, "database.uuid") or "server"
    return paths.data_dir() / "files" / str(db_id)


def evidence_files(files_dir: Path) -> list[Path]:
    """The evidence files under ``files_dir``, relative to it (half-written ``.part`` files left out)."""
    if not files_dir.is_dir():
        return []
    return sorted(
        p.relative_to(files_dir) for p in files_dir.rglob("*") if p.is_file() and not p.name.startswith(".")
    )


def copy_evidence_files(
    source_dir: Path, names: list[Path], target_dir: Path, step: Callable[[], None]
) -> list[Path]:
    """Copy ``names`` from ``source_dir`` into ``target_dir``; the files it added, to undo them.

    Names are content hashes, so a file already there with that name is the same file and is
    kept. Each file is written under a hidden name and renamed, so none appears half-written.
    ``step`` is called after each file (progress, and where a cancel stops the copy).
    """
    added: list[Path] = []
    try:
        for name in names:
            target = target_dir / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{uuid.uuid4().hex}.part")
                try:
                    shutil.copyfile(source_dir / name, tmp)
                    tmp.replace(target)
                finally:
                    tmp.unlink(missing_ok=True)
                added.append(target)
            step()
    except OSError as exc:
        remove_files(added)
        raise StorageError(
            _("Cannot copy the evidence file {name}: {reason}").format(name=name, reason=exc.strerror or exc)
        ) from exc
    except BaseException:
        remove_files(added)
        raise
    return added


def remove_files(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
