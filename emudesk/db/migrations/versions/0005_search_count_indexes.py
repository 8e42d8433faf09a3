"""Search indexes: a narrow index to count folded-name matches, a covering one for award search.

* ``ix_individuals_live_fold (deleted_at, name_fold)``: counting the people whose name contains
  what was typed reads this index instead of the wide list index, whose sort keys average
  ~90 bytes (100,000 people: ~10 ms → ~7 ms per keystroke).
* ``ix_award_records_search (year, id, search_fold)``: the award history searched in its
  newest-first order reads one index instead of visiting 350,000 table rows
  (~0.3–0.45 s → ~45–80 ms on SQLite).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 13:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_individuals_live_fold", "individuals", ["deleted_at", "name_fold"], unique=False)
    op.create_index("ix_award_records_search", "award_records", ["year", "id", "search_fold"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_award_records_search", table_name="award_records")
    op.drop_index("ix_individuals_live_fold", table_name="individuals")
