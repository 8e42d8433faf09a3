"""Evidence files live in the database: one blob per SHA-256 (``evidence_blobs``).

The files an older version copied into the folder beside an SQLite file (``<stem>-files``), or
on a server into this computer's data folder, are read into the new table here, one at a time,
each checked against the checksum its row records. A file that is missing (or no longer matches)
is named in a notice the caller shows, and its row stays: ``emudesk check`` reports it until a
backup brings it back. The folder itself is left as it was: the copy made before the upgrade
still refers to it, and nothing in it is lost if the upgrade is undone.

Revision ID: 0011_evidence_blobs
Revises: 0010_pg_search
Create Date: 2026-12-06 11:00:00.000000
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

from emudesk import paths
from emudesk.i18n import _

revision: str = "0011_evidence_blobs"
down_revision: str | None = "0010_pg_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Where to look instead of the folder beside the database (a restore of an old bare copy, whose
# files are beside the database it replaces): ``config.attributes["evidence_folder"]``.
FOLDER_KEY = "evidence_folder"
NOTICES_KEY = "notices"

_files = sa.table(
    "evidence_files",
    sa.column("id", sa.Integer),
    sa.column("original_name", sa.String),
    sa.column("stored_name", sa.String),
    sa.column("sha256", sa.String),
)
_blobs = sa.table(
    "evidence_blobs",
    sa.column("sha256", sa.String),
    sa.column("size", sa.BigInteger),
    sa.column("data", sa.LargeBinary),
    sa.column("added_at", sa.DateTime),
)
_settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))


def _folder(conn: sa.Connection) -> Path | None:
    given = context.config.attributes.get(FOLDER_KEY)
    if given is not None:
        return Path(given)
    url = conn.engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        database = Path(url.database)
        return database.with_name(database.stem + "-files")
    db_id = conn.execute(sa.select(_settings.c.value).where(_settings.c.key == "database.uuid")).scalar()
    return paths.data_dir() / "files" / str(db_id or "server")


def _read(root: Path, stored: str) -> bytes | None:
    """The stored copy's bytes, only from a regular file inside ``root`` (issue 19: a name leading
    out of the folder, a link out of it, a folder or a device is never read)."""
    try:
        real_root = root.resolve()
        path = (real_root / stored).resolve()
        if path == real_root or not path.is_relative_to(real_root):
            return None
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def _notice(names: list[str], folder: Path | None) -> str:
    shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
    return _(
        "{n} evidence files could not be moved into the database (missing from {folder} or changed "
        "since they were attached): {names}. Their rows are kept; `emudesk check` lists them until "
        "they are restored from a backup."
    ).format(n=len(names), folder=folder or "?", names=shown)


def upgrade() -> None:
    op.create_table(
        "evidence_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_blobs")),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_files.c.stored_name, _files.c.sha256, sa.func.min(_files.c.original_name))
        .group_by(_files.c.stored_name, _files.c.sha256)
        .order_by(_files.c.sha256)
    ).all()
    folder = _folder(conn) if rows else None
    stored: set[str] = set()
    not_moved: list[str] = []
    now = sa.func.current_timestamp()
    for stored_name, sha, original in rows:
        if sha in stored:
            continue
        # One file in memory at a time: the largest an older version accepted is 200 MB.
        data = _read(folder, stored_name) if folder is not None else None
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            not_moved.append(str(original))
            continue
        conn.execute(sa.insert(_blobs).values(sha256=sha, size=len(data), data=data, added_at=now))
        stored.add(sha)
        del data
    if not_moved:
        context.config.attributes.setdefault(NOTICES_KEY, []).append(_notice(not_moved, folder))
    # SQLite (3.35+) drops an unindexed column in place. A batch copy would rebuild the table from
    # reflected constraints whose order follows Python's hash seed, so two upgrades of one file
    # could write different CREATE TABLE texts.
    with op.batch_alter_table("evidence_files", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("stored_name")
        batch_op.create_index(batch_op.f("ix_evidence_files_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    # The older version reads files from the folder: write each blob back there (SQLite only; a
    # server's folder is per computer), named as that version named them.
    conn = op.get_bind()
    with op.batch_alter_table("evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_files_sha256"))
        batch_op.add_column(
            sa.Column("stored_name", sa.String(length=120), nullable=False, server_default="")
        )
    conn.execute(
        sa.update(_files).values(
            stored_name=sa.func.substr(_files.c.sha256, 1, 2) + "/" + _files.c.sha256 + ".bin"
        )
    )
    folder = _folder(conn) if conn.engine.url.get_backend_name() == "sqlite" else None
    if folder is not None:
        for (sha,) in conn.execute(sa.select(_blobs.c.sha256)).all():
            target = folder / sha[:2] / f"{sha}.bin"
            if not target.exists():
                data = conn.execute(sa.select(_blobs.c.data).where(_blobs.c.sha256 == sha)).scalar_one()
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    op.drop_table("evidence_blobs")
