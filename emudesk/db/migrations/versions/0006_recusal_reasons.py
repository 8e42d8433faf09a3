"""Why each council member steps aside on an agenda item (their own file, household or unit).

``council_agenda_items.recusal_reasons`` maps a member id (as text: JSON keys are strings) to the
reason the minutes print. Items put on an agenda before this revision have none; the minutes then
name the member without a reason.

Revision ID: 0006_recusal_reasons
Revises: 0005
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_recusal_reasons"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "council_agenda_items",
        sa.Column("recusal_reasons", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )


def downgrade() -> None:
    with op.batch_alter_table("council_agenda_items") as batch_op:
        batch_op.drop_column("recusal_reasons")
