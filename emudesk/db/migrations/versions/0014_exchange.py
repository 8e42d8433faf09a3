"""Exchange between offices: this office's identity and the offices it trusts (``offices``), the
packages sent and received (``exchange_packages``) and each record as last exchanged with each
office (``exchange_records``: the base of conflict detection, and the receipts' verdicts).

Revision ID: 0014_exchange
Revises: 0013_statistics
Create Date: 2026-12-06 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_exchange"
down_revision: str | None = "0013_statistics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=80), nullable=False),
        sa.Column("is_self", sa.Boolean(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=True),
        sa.Column("trusted_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("uuid", name=op.f("uq_offices_uuid")),
    )
    op.create_table(
        "exchange_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_uuid", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("office_uuid", sa.String(length=36), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_packages")),
        sa.UniqueConstraint("package_uuid", name=op.f("uq_exchange_packages_package_uuid")),
    )
    op.create_index(
        "ix_exchange_packages_office", "exchange_packages", ["office_uuid", "direction"], unique=False
    )
    op.create_table(
        "exchange_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_uuid", sa.String(length=36), nullable=False),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("package_uuid", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("receipt_state", sa.String(length=20), nullable=True),
        sa.Column("receipt_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_records")),
        sa.UniqueConstraint("office_uuid", "section", "record_uuid", name="uq_exchange_records_key"),
    )
    op.create_index("ix_exchange_records_record", "exchange_records", ["record_uuid"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_exchange_records_record", table_name="exchange_records")
    op.drop_table("exchange_records")
    op.drop_index("ix_exchange_packages_office", table_name="exchange_packages")
    op.drop_table("exchange_packages")
    op.drop_table("offices")
