"""Exchange between offices: this office's identity, the offices it trusts, what was exchanged.

Each database is one office (a province, a commune, a department's unit). Packages between
offices are signed with the sender's Ed25519 key; the receiver checks them with the public key
it was given once (``emudesk office trust``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from emudesk.db.base import Base, LongNFCText, Record, utcnow


class Office(Record, Base):
    """An office: this database's own (``is_self``, with its private key) or one it trusts.

    Attributes:
        uuid: the office's identity in packages (Record's column).
        public_key: the raw 32-byte Ed25519 public key.
        fingerprint: SHA-256 of the public key, grouped for reading out over the phone.
        private_key: only on this office's own row, raw 32 bytes; never shown, never exported
            (the audit log writes bytes as null).
    """

    __tablename__ = "offices"

    name: Mapped[str]
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(80))
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    # Deferred: only the administrator may read this column on a server (``db/roles.py``), so
    # loading an office must not ask for it; ``office.sign`` reads it alone.
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    trusted_at: Mapped[datetime | None] = mapped_column(default=None)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)


class ExchangePackage(Base):
    """A package sent or received, kept so that one imported twice is known, and "since last" works.

    Attributes:
        direction: "sent" or "received".
        kind: "records" (dossiers, plans, decisions) or "receipt".
        office_uuid: the other office.
        state: "sent", "imported", "dry-run" is never stored; receipts: "imported".
        summary: counts as the preview showed them ({"new": 3, ...}).
    """

    __tablename__ = "exchange_packages"
    __table_args__ = (Index("ix_exchange_packages_office", "office_uuid", "direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    office_uuid: Mapped[str] = mapped_column(String(36))
    created: Mapped[datetime]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(20))
    records: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ExchangeRecord(Base):
    """A record as last exchanged with another office: the base of conflict detection.

    Attributes:
        section: the package section ("individuals", "nominations"...).
        data: the record's fields as they travelled (the base both offices started from).
        digest: SHA-256 of ``data`` in canonical JSON ("since last" sends the records whose
            digest changed).
        origin: "sent" (we sent it last) or "received".
        receipt_state/receipt_reason: what the other office's receipt said of it: "accepted" or
            "refused" with the reason.
    """

    __tablename__ = "exchange_records"
    __table_args__ = (
        UniqueConstraint("office_uuid", "section", "record_uuid", name="uq_exchange_records_key"),
        Index("ix_exchange_records_record", "record_uuid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_uuid: Mapped[str] = mapped_column(String(36))
    section: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36))
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(10))
    package_uuid: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    receipt_state: Mapped[str | None] = mapped_column(String(20), default=None)
    receipt_reason: Mapped[str | None] = mapped_column(LongNFCText, default=None)
