"""A campaign holds any plan (issue 17, item 1): partial dates, undated milestones, target ranges,
chuyên đề, Yêu cầu / Tổ chức thực hiện / Nơi nhận, award forms of a named authority, priority notes.

Existing rows keep their meaning: every stored date was a day (precision "day"), every target
a single value, every award form its own legal kind.

SQLite: columns are added in place (a foreign key inline, which SQLite allows on ADD COLUMN, but
reads back without its name or ON DELETE, so the new foreign keys have no ON DELETE).
Only ``milestones.due_date`` losing NOT NULL needs a copy of the table, done here from the
table's written definition rather than Alembic's batch copy, whose CREATE TABLE text follows the
hash seed (see tests/db/test_migrations.py::test_an_upgrade_writes_the_same_schema...).

Revision ID: 0018_planmodel
Revises: 0017_session_times
Create Date: 2026-12-06 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_planmodel"
down_revision: str | None = "0017_session_times"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _precision() -> sa.Enum:
    return sa.Enum("day", "month", "quarter", "year", name="dateprecision", native_enum=False, length=32)


def _milestones(name: str, due_nullable: bool) -> sa.Table:
    """``milestones`` as 0013 leaves it (``due_nullable``) or as 0012 had it."""
    meta = sa.MetaData()
    sa.Table("campaigns", meta, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table("campaign_phases", meta, sa.Column("id", sa.Integer, primary_key=True))
    columns = [
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "launch",
                "interim_review",
                "final_review",
                "report_due",
                "nomination_due",
                "other",
                name="milestonekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=due_nullable),
        sa.Column("when_text", sa.String(), nullable=False),
        sa.Column(
            "recurrence",
            sa.Enum("none", "yearly", name="recurrence", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]
    if due_nullable:
        columns.append(sa.Column("due_precision", _precision(), nullable=False, server_default="day"))
    return sa.Table(
        name,
        meta,
        *columns,
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name="fk_milestones_campaign_id_campaigns", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["campaign_phases.id"],
            name="fk_milestones_phase_id_campaign_phases",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_milestones"),
        sa.UniqueConstraint("uuid", name="uq_milestones_uuid"),
    )


def _rebuild_milestones(due_nullable: bool) -> None:
    """SQLite: copy ``milestones`` into its other definition (foreign keys are off while migrating)."""
    new = _milestones("_milestones_new", due_nullable)
    new.create(op.get_bind())
    shared = [c.name for c in _milestones("x", not due_nullable).c if c.name in new.c]
    cols = ", ".join(shared)
    where = "" if due_nullable else " WHERE due_date IS NOT NULL"
    op.execute(f"INSERT INTO _milestones_new ({cols}) SELECT {cols} FROM milestones{where}")
    op.execute("DROP TABLE milestones")
    op.execute("ALTER TABLE _milestones_new RENAME TO milestones")
    op.create_index("ix_milestones_campaign_id", "milestones", ["campaign_id"], unique=False)
    op.create_index("ix_milestones_due_date", "milestones", ["due_date"], unique=False)


def _add_fk_column(table: str, column: str, referred: str, name: str, ondelete: str | None) -> None:
    if op.get_bind().dialect.name == "sqlite":
        on_delete = f" ON DELETE {ondelete}" if ondelete else ""
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {referred} (id){on_delete}"
        )
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, table, referred, [column], ["id"], ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "campaign_themes",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_themes_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_themes")),
        sa.UniqueConstraint("uuid", name=op.f("uq_campaign_themes_uuid")),
    )
    op.create_index("ix_campaign_themes_campaign_id", "campaign_themes", ["campaign_id"], unique=False)

    # Existing rows get "day" / "" from the server default; the models keep it as theirs too.
    op.add_column(
        "campaigns", sa.Column("issue_date_precision", _precision(), nullable=False, server_default="day")
    )
    for column in ("requirements", "organisation", "recipients"):
        op.add_column("campaigns", sa.Column(column, sa.Text(), nullable=True))

    if op.get_bind().dialect.name == "sqlite":
        _rebuild_milestones(due_nullable=True)
    else:
        op.add_column(
            "milestones", sa.Column("due_precision", _precision(), nullable=False, server_default="day")
        )
        op.alter_column("milestones", "due_date", existing_type=sa.Date(), nullable=True)

    op.add_column(
        "campaign_targets", sa.Column("value_max", sa.Numeric(precision=18, scale=4), nullable=True)
    )
    op.add_column(
        "campaign_targets", sa.Column("multiplier", sa.String(length=10), nullable=False, server_default="")
    )
    _add_fk_column(
        "campaign_targets",
        "theme_id",
        "campaign_themes",
        "fk_campaign_targets_theme_id_campaign_themes",
        None,
    )
    _add_fk_column("award_forms", "kind_of_id", "award_forms", "fk_award_forms_kind_of_id_award_forms", None)
    op.add_column("quotas", sa.Column("priority", sa.Text(), nullable=True))
    # PostgreSQL: the new table gets its groups' rights from the grants every upgrade applies.


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (none of these is indexed); the foreign keys go with it.
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_column("quotas", "priority")
    if not sqlite:
        op.drop_constraint("fk_award_forms_kind_of_id_award_forms", "award_forms", type_="foreignkey")
        op.drop_constraint(
            "fk_campaign_targets_theme_id_campaign_themes", "campaign_targets", type_="foreignkey"
        )
    op.drop_column("award_forms", "kind_of_id")
    op.drop_column("campaign_targets", "theme_id")
    op.drop_column("campaign_targets", "multiplier")
    op.drop_column("campaign_targets", "value_max")
    if sqlite:
        _rebuild_milestones(due_nullable=False)
    else:
        op.execute("DELETE FROM milestones WHERE due_date IS NULL")
        op.alter_column("milestones", "due_date", existing_type=sa.Date(), nullable=False)
        op.drop_column("milestones", "due_precision")
    for column in ("recipients", "organisation", "requirements", "issue_date_precision"):
        op.drop_column("campaigns", column)
    op.drop_index("ix_campaign_themes_campaign_id", table_name="campaign_themes")
    op.drop_table("campaign_themes")
