"""This database as an office: its name, UUID and Ed25519 key pair; the offices it trusts.

The private key stays in the database (a backup or a transfer carries it with the rest of the
office) and is never returned by anything here: ``OfficeInfo`` has no field for it, and the
audit log writes bytes as null. The public key travels once, as a small JSON file
(``export_key``/``trust``); the fingerprint is read out over the phone to check it arrived intact.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid as uuid_module
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import Office
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.text import NAME_MAX, nfc
from emudesk.i18n import _
from emudesk.services.core.common import required
from emudesk.services.core.rights import requires

KEY_FORMAT = "emudesk-office-key"
KEY_VERSION = 1
MAX_KEY_FILE = 16 * 1024
DEFAULT_NAME = "Văn phòng thi đua, khen thưởng"


@dataclass(frozen=True)
class OfficeInfo:
    """An office as shown and exchanged; never its private key."""

    uuid: str
    name: str
    fingerprint: str
    public_key: str  # base64 of the raw 32 bytes
    is_self: bool
    trusted_at: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "uuid": self.uuid,
            "name": self.name,
            "fingerprint": self.fingerprint,
            "public_key": self.public_key,
            "is_self": self.is_self,
            "trusted_at": self.trusted_at.isoformat(timespec="seconds") if self.trusted_at else None,
        }


def fingerprint(public_key: bytes) -> str:
    """The first 20 bytes of the key's SHA-256 as ten groups of four hex digits ("3F2A 91C0 …")."""
    digest = hashlib.sha256(public_key).hexdigest().upper()[:40]
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4))


def _info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        uuid=row.uuid,
        name=row.name,
        fingerprint=row.fingerprint,
        public_key=base64.b64encode(row.public_key).decode("ascii"),
        is_self=row.is_self,
        trusted_at=row.trusted_at,
    )


def _self_row(session: Session) -> Office | None:
    return session.scalar(select(Office).where(Office.is_self.is_(True)).limit(1))


def has_office(session: Session) -> bool:
    return _self_row(session) is not None


def this_office(session: Session) -> OfficeInfo:
    """This database's office.

    Raises:
        NotFoundError: the database is not an office yet (``emudesk office init``).
    """
    row = _self_row(session)
    if row is None:
        raise NotFoundError(
            _("This database is not an office yet; create its identity first (emudesk office init).")
        )
    return _info(row)


@requires("settings.edit")
def init_office(session: Session, name: str) -> OfficeInfo:
    """Make this database the office ``name``: a new UUID and key pair, or, when it already is an
    office, a new name only (its UUID and key stay: other offices trust them).

    Raises:
        ValidationError: the name is empty or too long.
    """
    clean = required(name, "name", _("Office name"), max_length=NAME_MAX)
    existing = _self_row(session)
    if existing is not None:
        existing.name = clean
        session.flush()
        return _info(existing)
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    row = Office(
        uuid=str(uuid_module.uuid4()),
        name=clean,
        public_key=public,
        fingerprint=fingerprint(public),
        is_self=True,
        private_key=key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
        trusted_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return _info(row)


def ensure_office(session: Session, name: str = DEFAULT_NAME) -> OfficeInfo:
    """This database's office, made under ``name`` if it is not one yet (``init`` and ``demo``)."""
    row = _self_row(session)
    return _info(row) if row is not None else init_office(session, name)


def offices(session: Session) -> list[OfficeInfo]:
    """This office first, then the trusted ones by name."""
    rows = session.scalars(select(Office).order_by(Office.is_self.desc(), Office.name, Office.id))
    return [_info(r) for r in rows]


def export_key(session: Session) -> bytes:
    """This office's public key as the small JSON file another office trusts."""
    me = this_office(session)
    doc = {
        "format": KEY_FORMAT,
        "version": KEY_VERSION,
        "uuid": me.uuid,
        "name": me.name,
        "public_key": me.public_key,
        "fingerprint": me.fingerprint,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bad_key(reason: str) -> ValidationError:
    return ValidationError(_("This is not an office key file: {reason}.").format(reason=reason))


def read_key(data: bytes) -> OfficeInfo:
    """The office a key file names, checked (format, UUID, a 32-byte key) but not yet trusted."""
    if len(data) > MAX_KEY_FILE:
        raise _bad_key(_("it is too large"))
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad_key(_("it is not JSON")) from None
    if not isinstance(doc, dict) or doc.get("format") != KEY_FORMAT:
        raise _bad_key(_("it has no emudesk office key"))
    version = doc.get("version")
    if not isinstance(version, int) or version > KEY_VERSION:
        raise _bad_key(_("it was made by a newer version of emudesk"))
    try:
        office_uuid = str(uuid_module.UUID(str(doc.get("uuid"))))
        public = base64.b64decode(str(doc.get("public_key")), validate=True)
        Ed25519PublicKey.from_public_bytes(public)
    except (ValueError, binascii.Error):
        raise _bad_key(_("its UUID or key is damaged")) from None
    name = doc.get("name")
    if not isinstance(name, str) or not nfc(name) or len(name) > NAME_MAX:
        raise _bad_key(_("it has no office name"))
    return OfficeInfo(
        uuid=office_uuid,
        name=nfc(name),
        fingerprint=fingerprint(public),
        public_key=base64.b64encode(public).decode("ascii"),
        is_self=False,
    )


@requires("settings.edit")
def trust(session: Session, data: bytes) -> OfficeInfo:
    """Trust the office whose key file is ``data``: its packages will be accepted, signed by it.

    The same key again changes nothing (its name is updated). Another key under a known UUID is
    refused: a changed key is how a forged package would look; remove the office first.

    Raises:
        ValidationError: not a key file; ConflictError: our own key, or another key for a known office.
    """
    info = read_key(data)
    public = base64.b64decode(info.public_key)
    me = _self_row(session)
    if me is not None and (me.uuid == info.uuid or me.public_key == public):
        raise ConflictError(_("This is this office's own key; trust the key of the other office."))
    row = session.scalar(select(Office).where(Office.uuid == info.uuid))
    if row is not None:
        if row.public_key != public:
            raise ConflictError(
                _(
                    "The office “{name}” is already trusted with another key (fingerprint {old}); "
                    "this file's key has fingerprint {new}. Check with the office by phone."
                ).format(name=row.name, old=row.fingerprint, new=info.fingerprint)
            )
        row.name = info.name
    else:
        row = Office(
            uuid=info.uuid,
            name=info.name,
            public_key=public,
            fingerprint=info.fingerprint,
            is_self=False,
            trusted_at=utcnow(),
        )
        session.add(row)
    session.flush()
    return _info(row)


def trusted(session: Session, office_uuid: str) -> OfficeInfo | None:
    row = session.scalar(select(Office).where(Office.uuid == office_uuid, Office.is_self.is_(False)))
    return _info(row) if row is not None else None


def find_office(session: Session, text: str) -> OfficeInfo:
    """A trusted office by UUID, or by name when exactly one has it (``--to``).

    Raises:
        NotFoundError: no trusted office has it.
    """
    rows = list(session.scalars(select(Office).where(Office.is_self.is_(False))))
    key = nfc(text).casefold()
    hits = [r for r in rows if r.uuid == text.strip() or r.name.casefold() == key]
    if len(hits) != 1:
        raise NotFoundError(_("No trusted office is “{text}” (see: emudesk office show).").format(text=text))
    return _info(hits[0])


def sign(session: Session, data: bytes) -> bytes:
    """This office's signature of ``data``."""
    row = _self_row(session)
    if row is None or row.private_key is None:
        this_office(session)  # raises the "not an office yet" message
        raise NotFoundError(_("This office has no private key."))
    return Ed25519PrivateKey.from_private_bytes(row.private_key).sign(data)


def verify(info: OfficeInfo, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``info``'s signature of ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(info.public_key)).verify(signature, data)
    except InvalidSignature:
        return False
    return True
