"""Alembic environment: configured in code, batch mode for SQLite, no pooling."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection

from emudesk.db import models  # noqa: F401 - register every table on Base.metadata
from emudesk.db.base import Base, LongNFCText, NFCText
from emudesk.db.engine import create_migration_engine
from emudesk.db.search import outside_models

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_migration_engine(config.attributes["url"])
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    # Migrations stay plain SQLAlchemy: NFC normalisation is the models' job, not the schema's.
    if type_ == "type" and isinstance(obj, NFCText):
        return "sa.String()"
    if type_ == "type" and isinstance(obj, LongNFCText):
        return "sa.Text()"
    return False


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        include_object=outside_models,
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("emudesk migrations run online only")
run_migrations_online()
