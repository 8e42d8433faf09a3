"""Indexes of the server's own, so a list's first page and a search keystroke read a few entries.

* ``ix_<table>_live_sorted`` (individuals, households): the live records in list order, a partial
  index. PostgreSQL does not take ``deleted_at IS NULL`` as pinning the first column of the
  models' (deleted_at, sort_key, id, name_fold) index, so it sorted every person for each first
  page; with this one it reads the first 200 in order and stops (0.1 ms instead of ~60 ms).
* ``ix_<table>_<column>_trgm``: trigram indexes on the folded names. A search word is
  ``LIKE '% word%'`` on a stored fold (``db/search.py``); a B-tree cannot answer a pattern that
  does not start the text, so a rare name scanned 100,000 names per keystroke. A GIN index with
  pg_trgm's operator class answers LIKE with a wildcard in front. pg_trgm is a contrib module of
  every PostgreSQL build, but creating it needs the CREATE privilege on the database (it is a
  trusted extension); where the server lacks it or refuses, the upgrade says so once in the log
  and the search keeps scanning.

SQLite: nothing (its list index already gives the order; its search is a byte scan, ``instr``).

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

from emudesk.db.search import LIVE_ORDER_INDEXES, TRIGRAM_INDEXES

revision: str = "0010_pg_search"
down_revision: str | None = "0009_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("emudesk")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for name, table in LIVE_ORDER_INDEXES.items():
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (sort_key, id) INCLUDE (name_fold) "
            "WHERE deleted_at IS NULL"
        )
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
    for name in (*TRIGRAM_INDEXES, *LIVE_ORDER_INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {name}")
