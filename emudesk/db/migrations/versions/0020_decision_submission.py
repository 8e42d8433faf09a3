"""Decisions record the tờ trình they answer (number, date, who sent it), for the Căn cứ they print;
existing decisions keep NULL (their Căn cứ prints the blank a clerk fills in, as before).

Revision ID: 0020_decision_submission
Revises: 0019_targetscale
Create Date: 2026-12-06 15:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_decision_submission"
down_revision: str | None = "0019_targetscale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_number", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("submission_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("submission_by", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("submission_by")
        batch_op.drop_column("submission_date")
        batch_op.drop_column("submission_number")
