"""Trigram indexes on the server, so a search keystroke reads an index instead of every name.

A search word is ``LIKE '% word%'`` on a stored fold (``db/search.py``); a B-tree cannot answer
a pattern that does not start the text, so PostgreSQL scanned 100,000 names per keystroke. A GIN
index with pg_trgm's operator class answers LIKE with a wildcard in front. pg_trgm is a contrib
module of every PostgreSQL build, but creating it needs the CREATE privilege on the database (it
is a trusted extension); where the server lacks it or refuses, the upgrade says so once in the
log and the search keeps scanning. SQLite: nothing (its search is a byte scan, ``instr``).

Revision ID: 0009_pg_search
Revises: 0008_name_fold_words
Create Date: 2026-12-06 10:20:00.000000
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from emudesk.db.search import TRIGRAM_INDEXES

revision: str = "0009_pg_search"
down_revision: str | None = "0008_name_fold_words"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("emudesk")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():  # a refusal must not abort the upgrade's transaction
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        log.warning(
            "pg_trgm is not available on this server (%s): searches scan the names without an index",
            str(exc.orig).strip().splitlines()[0],
        )
        return
    for name, (table, column) in TRIGRAM_INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
