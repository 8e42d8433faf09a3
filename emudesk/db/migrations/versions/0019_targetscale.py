"""A target's figures keep the precision the plan writes them with (issue 17): "15,0" stays
"15,0", "14,5–15,0 tiêu chí/xã" stays a range to one decimal.

The Numeric(18, 4) columns pad every figure to four places, so the written number of decimals
is kept beside each: ``value_scale`` and ``value_max_scale``. Existing rows have none (NULL) and
print as before, without trailing zeros.

Revision ID: 0019_targetscale
Revises: 0018_planmodel
Create Date: 2026-12-06 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_targetscale"
down_revision: str | None = "0018_planmodel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaign_targets", sa.Column("value_scale", sa.SmallInteger(), nullable=True))
    op.add_column("campaign_targets", sa.Column("value_max_scale", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("campaign_targets", "value_max_scale")
    op.drop_column("campaign_targets", "value_scale")
