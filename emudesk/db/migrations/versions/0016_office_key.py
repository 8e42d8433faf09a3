"""PostgreSQL: only the administrators' group reads the office's private key (``offices.private_key``);
SQLite: nothing.

The column privileges are set by ``apply_grants`` (``db/roles.py``, ``_SECRET_COLUMNS``), which
every upgrade runs; this revision makes a server already at 0015_status_events take them on its next
opening instead of at some later upgrade.

Revision ID: 0016_office_key
Revises: 0015_status_events
Create Date: 2026-12-06 14:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from emudesk.db.roles import apply_grants, groups

revision: str = "0016_office_key"
down_revision: str | None = "0015_status_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        apply_grants(bind)


def downgrade() -> None:
    # Back to 0014's rights: every group reads the whole table.
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    names = list(groups(bind).values())
    existing = set(
        bind.exec_driver_sql(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%(n)s)", {"n": names}
        ).scalars()
    )
    for name in names:
        if name in existing:
            bind.exec_driver_sql(f'GRANT SELECT ON offices TO "{name}"')
