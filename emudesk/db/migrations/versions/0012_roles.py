"""PostgreSQL: the group roles of this database and their GRANTs (db/roles.py); SQLite: nothing.

A login that may not create roles (no CREATEROLE) upgrades anyway: the groups are then created
by the first ``emudesk users add``, run by a login that may. Every later upgrade grants again
(``db/migrate.py``), so tables added by later migrations get their duty's rights.

Revision ID: 0012_roles
Revises: 0011_evidence_blobs
Create Date: 2026-12-06 11:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from emudesk.db.roles import apply_grants

revision: str = "0012_roles"
down_revision: str | None = "0011_evidence_blobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        apply_grants(bind)


def downgrade() -> None:
    # The groups stay (other databases' copies may use them); the trigger goes with the schema.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS emudesk_nomination_status ON nominations")
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS emudesk_nomination_status_guard()")
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS emudesk_audit_actor ON audit_log")
        bind.exec_driver_sql("DROP FUNCTION IF EXISTS emudesk_audit_actor_guard()")
