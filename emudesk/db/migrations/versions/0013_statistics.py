"""TT 02/2023/TT-BNV statistics: an award's recipient category, a campaign's level and scope.

All three may stay empty: the statistics then take what the register suggests (a person's
position, a unit's kind, a plan's issuing body; ``domain/statistics.py``). Awards to households
and to units, whose category the register always knows, get it written here so the forms show it.

Revision ID: 0013_statistics
Revises: 0012_roles
Create Date: 2026-12-06 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_statistics"
down_revision: str | None = "0012_roles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("award_records") as batch:
        batch.add_column(sa.Column("recipient_category", sa.String(32), nullable=True))
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("organizer_level", sa.String(32), nullable=True))
        batch.add_column(sa.Column("scope", sa.String(32), nullable=True))
    op.execute("UPDATE award_records SET recipient_category = 'household' WHERE subject_kind = 'household'")
    op.execute(
        "UPDATE award_records SET recipient_category = CASE WHEN EXISTS ("
        " SELECT 1 FROM units u JOIN unit_kinds k ON k.id = u.kind_id"
        " WHERE u.id = award_records.unit_id AND k.code IN ('doanh_nghiep', 'hop_tac_xa'))"
        " THEN 'enterprise' ELSE 'collective' END WHERE subject_kind = 'unit'"
    )


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("scope")
        batch.drop_column("organizer_level")
    with op.batch_alter_table("award_records") as batch:
        batch.drop_column("recipient_category")
