"""Stored name folds start with a space: " nguyen van duc", so each word follows a space.

Search matches every typed word against the start of a word of the name ("nguyen duc" finds
"Nguyễn Văn Minh Đức"). With a leading space that is one substring test per word (" duc") that
scans as fast as the old whole-text LIKE; without it the name's first word needed a second test,
a third slower on 100,000 people. Folds are ASCII and computed in Python (``db/derived.py``); this
only prefixes the ones already stored, the same on SQLite and PostgreSQL.

Revision ID: 0008_name_fold_words
Revises: 0007_gate
Create Date: 2026-12-06 08:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008_name_fold_words"
down_revision: str | None = "0007_gate"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("individuals", "households", "units", "campaigns")


def upgrade() -> None:
    for table in _TABLES:
        op.execute(
            f"UPDATE {table} SET name_fold = ' ' || name_fold "
            "WHERE name_fold <> '' AND substr(name_fold, 1, 1) <> ' '"
        )


def downgrade() -> None:
    for table in _TABLES:
        op.execute(f"UPDATE {table} SET name_fold = ltrim(name_fold, ' ')")
