"""Nominations carry who moved them last and why, and a trigger writes each move's history row
with the UPDATE that moves it (db/status_events.py).

Revision ID: 0015_status_events
Revises: 0014_exchange
Create Date: 2026-12-06 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from emudesk.db.status_events import create_trigger, drop_trigger

revision: str = "0015_status_events"
down_revision: str | None = "0014_exchange"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_changed_by", sa.String(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("status_event_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("status_moves", sa.Integer(), server_default="0", nullable=False))
    create_trigger(op.get_bind())


def downgrade() -> None:
    drop_trigger(op.get_bind())
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_column("status_moves")
        batch_op.drop_column("status_event_note")
        batch_op.drop_column("status_changed_by")
