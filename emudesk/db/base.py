"""Declarative base with named constraints, UUIDs and NFC text."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Enum, LargeBinary, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from emudesk.domain.text import nfc

# Named constraints let SQLite batch migrations address them (Alembic docs, "batch mode").
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    # Naive UTC: SQLite has no time zones and both engines then agree.
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class NFCText(TypeDecorator[str]):
    """Text stored in NFC with whitespace collapsed, whatever the input's form."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return nfc(value)


class LongNFCText(TypeDecorator[str]):
    """Long text (summaries, notes) in NFC; inner line breaks are kept."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        import unicodedata

        return unicodedata.normalize("NFC", value).strip()


def enum_column(enum: type[StrEnum]) -> Enum:
    """A VARCHAR column holding the enum's values (portable, no native PG enum)."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        str: NFCText(),
        date: Date(),
        datetime: DateTime(),
        bytes: LargeBinary(),
        dict[str, Any]: JSON(),
    }


class Record:
    """Columns every register record has: key, UUID for exchange, timestamps, bin."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_uuid, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Binnable:
    """Records that go to a restorable bin instead of being deleted."""

    deleted_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
