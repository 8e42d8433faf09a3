"""Eligibility at every move: a nomination keeps the override of a failed check; Anh hùng Lao động
is a state honorary title.

* ``nominations.override_reason/_by/_at/_step``: a file judged "Không đủ điều kiện" that was
  appraised, voted or approved anyway carries why, who, when and into which status.
* ``award_forms.category`` of AHLD: "honorary" (danh hiệu vinh dự Nhà nước), not an emulation
  title (danh hiệu thi đua); rows an office re-categorised itself are left alone.

Revision ID: 0007_gate
Revises: 0006_recusal_reasons
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_gate"
down_revision: str | None = "0006_recusal_reasons"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = ("draft", "submitted", "appraised", "voted", "approved", "rejected", "returned", "withdrawn")


def upgrade() -> None:
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("override_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("override_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "override_step",
                sa.Enum(*_STATUSES, name="nominationstatus", native_enum=False, length=32),
                nullable=True,
            )
        )
    op.execute("UPDATE award_forms SET category = 'honorary' WHERE code = 'AHLD' AND category = 'title'")


def downgrade() -> None:
    op.execute("UPDATE award_forms SET category = 'title' WHERE code = 'AHLD' AND category = 'honorary'")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_column("override_step")
        batch_op.drop_column("override_at")
        batch_op.drop_column("override_by")
        batch_op.drop_column("override_reason")
