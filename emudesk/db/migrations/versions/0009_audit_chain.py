"""Audit log entries carry a hash chained to the previous entry's (db/audit_chain.py).

The entries already written are chained here, in id order, in batches: reading a batch, hashing
it in Python and writing its hashes back is the same on SQLite and PostgreSQL, and a province's
log of a few hundred thousand entries takes seconds, not minutes.

Revision ID: 0009_audit_chain
Revises: 0008_name_fold_words
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from emudesk.db.audit_chain import FIELDS, GENESIS, audit_table, chain

revision: str = "0009_audit_chain"
down_revision: str | None = "0008_name_fold_words"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    columns = [audit_table.c[name] for name in FIELDS]
    update = (
        sa.update(audit_table)
        .where(audit_table.c.id == sa.bindparam("row_id"))
        .values(prev_hash=sa.bindparam("prev"), entry_hash=sa.bindparam("digest"))
    )
    prev, last = GENESIS, None
    while True:
        query = sa.select(*columns).order_by(audit_table.c.id).limit(_BATCH)
        if last is not None:
            query = query.where(audit_table.c.id > last)
        entries = conn.execute(query).all()
        if not entries:
            break
        links = list(chain(entries, prev))
        conn.execute(update, [{"row_id": i, "prev": p, "digest": d} for i, p, d in links])
        last, prev = links[-1][0], links[-1][2]


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
