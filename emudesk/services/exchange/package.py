"""The ``.emx`` file: a zip holding a manifest, its Ed25519 signature, records and evidence files.

    manifest.json        format, version, package UUID, kind, sender, receiver, created,
                         contents (records per section), entries (SHA-256 of every other entry)
    signature.sig        the sender's signature of manifest.json's bytes
    records/<section>.json   {record UUID: fields}, references to other records by UUID
    blobs/<sha256>       evidence files, named by their checksum

Signing the manifest signs everything: it holds every other entry's SHA-256. A package is read
in an order that trusts nothing unchecked: the zip's directory (bombs, names outside the
package, passwords: the importer's guard), the manifest's format and version, the sender (a
trusted office), the signature, the receiver (this office), every entry's hash, then the JSON.
Any failure refuses the whole package with the reason, before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid as uuid_module
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.importer.safety import Limits, ZipProblem, zip_directory_problem
from emudesk.services.exchange import office
from emudesk.services.exchange.office import OfficeInfo

FORMAT = "emudesk-exchange"
VERSION = 1
SUFFIX = ".emx"
MANIFEST = "manifest.json"
SIGNATURE = "signature.sig"
RECORDS = "records/"
BLOBS = "blobs/"
KIND_RECORDS = "records"
KIND_RECEIPT = "receipt"

# The sections a package may hold, in the order an import applies them (references first).
SECTIONS = (
    "unit_kinds",
    "award_forms",
    "rule_sets",
    "campaigns",
    "units",
    "individuals",
    "households",
    "achievements",
    "nominations",
    "decisions",
    "awards",
    "verdicts",
    "covering",
    "receipts",
)

# A package carries a whole office's dossiers with their scans: far more than a spreadsheet, but
# every member still may not inflate past the importer's ratio (a bomb is refused from the directory).
LIMITS = Limits(
    max_file_bytes=8 * 1024**3,
    max_members=500_000,
    max_uncompressed_bytes=16 * 1024**3,
    max_ratio=200,
    ratio_floor=1024 * 1024,
)
MAX_MANIFEST = 64 * 1024 * 1024
MAX_SECTION = 1024 * 1024 * 1024
_CHUNK = 1 << 20
_BLOB_NAME = re.compile(r"blobs/[0-9a-f]{64}")
_RECORD_NAME = re.compile(r"records/([a-z_]{1,40})\.json")


class PackageRefusedError(EmudeskError):
    """A package refused whole before anything was written: the message says why."""


def refused(path: Path, reason: str) -> PackageRefusedError:
    return PackageRefusedError(
        _("The package {name} was refused; nothing was written: {reason}.").format(
            name=path.name, reason=reason
        )
    )


def canonical(data: Any) -> bytes:
    """The one JSON spelling of ``data`` whose hash is compared (keys sorted, no spaces)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


@dataclass(frozen=True)
class Manifest:
    package_uuid: str
    kind: str
    sender: OfficeInfo
    receiver_uuid: str
    created: datetime
    contents: dict[str, int]
    entries: dict[str, str]
    refers_to: str | None = None  # a receipt: the package it answers


@dataclass
class Package:
    """A checked package: its manifest, its records by section, and where its evidence is."""

    path: Path
    manifest: Manifest
    sections: dict[str, dict[str, dict[str, Any]]]
    blob_sizes: dict[str, int]
    sha256: str
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __del__(self) -> None:
        self.close()

    @property
    def uuid(self) -> str:
        return self.manifest.package_uuid

    def read_blob(self, sha: str) -> bytes:
        """An evidence file's content, checked again against its name."""
        try:
            if self._zip is None:  # opened once: reading the directory of a large package is not free
                self._zip = zipfile.ZipFile(self.path)
            data = self._zip.read(BLOBS + sha)
        except (OSError, zipfile.BadZipFile, zlib.error, KeyError):
            data = b""
        if hashlib.sha256(data).hexdigest() != sha:
            raise refused(
                self.path, _("evidence file {sha} does not match its checksum").format(sha=sha[:12])
            )
        return data


@dataclass
class Outgoing:
    """What to write: records by section and the evidence files (checksum → size, and a reader)."""

    kind: str
    sections: dict[str, dict[str, dict[str, Any]]]
    blobs: dict[str, int] = field(default_factory=dict)
    read_blob: Callable[[str, int], Iterable[bytes]] | None = None
    refers_to: str | None = None


def write_package(
    session: Session,
    target: Path,
    outgoing: Outgoing,
    *,
    receiver: OfficeInfo,
    package_uuid: str,
    created: datetime,
) -> str:
    """Write and sign ``outgoing`` to ``target`` (a temporary name the caller renames); its SHA-256."""
    me = office.this_office(session)
    entries: dict[str, str] = {}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as zf:
        for section in SECTIONS:
            records = outgoing.sections.get(section)
            if not records:
                continue
            data = canonical(records)
            name = f"{RECORDS}{section}.json"
            zf.writestr(name, data)
            entries[name] = hashlib.sha256(data).hexdigest()
        for sha, size in sorted(outgoing.blobs.items()):
            assert outgoing.read_blob is not None
            name = BLOBS + sha
            hasher = hashlib.sha256()
            # Scans and photographs are compressed already: stored, not deflated again.
            with zf.open(
                zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), "w", force_zip64=True
            ) as dst:
                for chunk in outgoing.read_blob(sha, size):
                    hasher.update(chunk)
                    dst.write(chunk)
            entries[name] = hasher.hexdigest()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "package": package_uuid,
            "kind": outgoing.kind,
            "sender": {"uuid": me.uuid, "name": me.name, "fingerprint": me.fingerprint},
            "receiver": {"uuid": receiver.uuid, "name": receiver.name},
            "created": created.isoformat(timespec="seconds"),
            "contents": {s: len(r) for s, r in outgoing.sections.items() if r},
            "entries": entries,
        }
        if outgoing.refers_to:
            manifest["refers_to"] = outgoing.refers_to
        body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        zf.writestr(MANIFEST, body)
        zf.writestr(SIGNATURE, office.sign(session, body))
    return file_sha256(target)


def file_sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


# --- reading -------------------------------------------------------------------------------------


def _is_uuid(text: object) -> bool:
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        return str(uuid_module.UUID(text)) == text
    except ValueError:
        return False


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    if info.file_size > limit:
        raise refused(path, _("its entry {name} is too large").format(name=info.filename))
    return zf.read(info)


def _manifest(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise refused(path, _("its manifest is not readable")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise refused(path, _("it is not an emudesk exchange package"))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise refused(path, _("its manifest has no format version"))
    if version > VERSION:
        raise refused(
            path,
            _("it was made by a newer version of emudesk (format {version}); update emudesk first").format(
                version=version
            ),
        )
    return doc


def _parse_manifest(path: Path, doc: dict[str, Any], sender: OfficeInfo) -> Manifest:
    try:
        receiver = doc["receiver"]["uuid"]
        created = datetime.fromisoformat(str(doc["created"]))
        entries = {str(k): str(v).lower() for k, v in dict(doc["entries"]).items()}
        contents = {str(k): int(v) for k, v in dict(doc.get("contents") or {}).items()}
        package_uuid = str(doc["package"])
        kind = str(doc["kind"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise refused(path, _("its manifest is incomplete")) from None
    refers_to = doc.get("refers_to")
    if not _is_uuid(package_uuid) or not _is_uuid(receiver) or kind not in (KIND_RECORDS, KIND_RECEIPT):
        raise refused(path, _("its manifest is incomplete"))
    if refers_to is not None and not _is_uuid(refers_to):
        raise refused(path, _("its manifest is incomplete"))
    return Manifest(package_uuid, kind, sender, receiver, created, contents, entries, refers_to)


def _check_names(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    problem = zip_directory_problem(infos, LIMITS)
    if problem is ZipProblem.TOO_BIG:
        raise refused(path, _("it unpacks to far more data than it could hold (a zip bomb)"))
    if problem is ZipProblem.ENCRYPTED:
        raise refused(path, _("it is password-protected"))
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise refused(path, _("it names an entry twice"))
    for info in infos:
        name = info.filename
        known = name in (MANIFEST, SIGNATURE) or _BLOB_NAME.fullmatch(name)
        section = _RECORD_NAME.fullmatch(name)
        if info.is_dir() or not (known or (section and section.group(1) in SECTIONS)):
            raise refused(
                path, _("it holds an entry outside the package's layout: “{name}”").format(name=name[:120])
            )
    for needed in (MANIFEST, SIGNATURE):
        if needed not in names:
            raise refused(path, _("it has no {name}").format(name=needed))


def open_package(session: Session, path: Path) -> Package:
    """Check ``path`` through and through and read its records (nothing is written).

    Raises:
        PackageRefusedError: with the reason: not a package, hostile, newer, from an office not
            trusted, not signed by it, for another office, changed after it was signed.
    """
    me = office.this_office(session)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise refused(path, _("it is not a file"))
        if size > LIMITS.max_file_bytes:
            raise refused(path, _("it is too large"))
        if not zipfile.is_zipfile(path):
            raise refused(path, _("it is not an emudesk exchange package"))
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_names(path, infos)
            by_name = {i.filename: i for i in infos}
            raw = _read_limited(zf, by_name[MANIFEST], MAX_MANIFEST, path)
            signature = _read_limited(zf, by_name[SIGNATURE], 1024, path)
            doc = _manifest(path, raw)
            sender_doc: dict[str, Any] = doc["sender"] if isinstance(doc.get("sender"), dict) else {}
            sender_uuid = str(sender_doc.get("uuid", ""))
            sender_name = str(sender_doc.get("name", "?"))[:200]
            if sender_uuid == me.uuid:
                raise refused(path, _("it was made by this office itself"))
            sender = office.trusted(session, sender_uuid)
            if sender is None:
                raise refused(
                    path,
                    _("it comes from “{name}” ({uuid}), an office this one does not trust").format(
                        name=sender_name, uuid=sender_uuid[:36]
                    ),
                )
            if not office.verify(sender, raw, signature):
                raise refused(
                    path,
                    _(
                        "its signature is not “{name}”'s: it was changed after it was signed, or forged"
                    ).format(name=sender.name),
                )
            manifest = _parse_manifest(path, doc, sender)
            if manifest.receiver_uuid != me.uuid:
                name = str((doc.get("receiver") or {}).get("name", "?"))[:200]
                raise refused(path, _("it was made for another office: “{name}”").format(name=name))
            listed = set(manifest.entries)
            present = set(by_name) - {MANIFEST, SIGNATURE}
            if listed != present:
                odd = sorted(listed ^ present)[0]
                raise refused(path, _("its entry {name} is not as its manifest lists").format(name=odd[:120]))
            sections: dict[str, dict[str, dict[str, Any]]] = {}
            blob_sizes: dict[str, int] = {}
            for name in sorted(present):
                expected = manifest.entries[name]
                if name.startswith(BLOBS):
                    if _hash_entry(zf, by_name[name]) != expected or name[len(BLOBS) :] != expected:
                        raise _changed(path, name)
                    blob_sizes[expected] = by_name[name].file_size
                    continue
                data = _read_limited(zf, by_name[name], MAX_SECTION, path)
                if hashlib.sha256(data).hexdigest() != expected:
                    raise _changed(path, name)
                sections[name[len(RECORDS) : -len(".json")]] = _records(path, name, data)
    except (zipfile.BadZipFile, zlib.error):
        raise refused(path, _("it is damaged (a byte changed, or it was cut short)")) from None
    except (OSError, EOFError, zipfile.LargeZipFile, ValueError, NotImplementedError) as exc:
        if isinstance(exc, EmudeskError):
            raise
        raise refused(path, _("it cannot be read: {reason}").format(reason=str(exc)[:200])) from None
    _check_unique(path, sections)
    return Package(path, manifest, sections, blob_sizes, file_sha256(path))


def _changed(path: Path, name: str) -> PackageRefusedError:
    return refused(
        path, _("{name} does not match its checksum: the package was changed").format(name=name[:120])
    )


def _hash_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    hasher = hashlib.sha256()
    with zf.open(info) as src:
        for chunk in iter(lambda: src.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _records(path: Path, name: str, data: bytes) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise refused(path, _("{name} is not readable").format(name=name)) from None
    if not isinstance(doc, dict) or not all(_is_uuid(k) and isinstance(v, dict) for k, v in doc.items()):
        raise refused(path, _("{name} does not hold records keyed by UUID").format(name=name))
    return doc


def _check_unique(path: Path, sections: Mapping[str, Mapping[str, Any]]) -> None:
    """One UUID, one record: a record claiming another's UUID in the package is refused."""
    seen: dict[str, str] = {}
    for section, records in sections.items():
        for key in records:
            if key in seen and section not in ("covering", "receipts"):
                raise refused(
                    path,
                    _("record {uuid} of {section} claims the UUID of a record of {other}").format(
                        uuid=key, section=section, other=seen[key]
                    ),
                )
            if section not in ("covering", "receipts"):
                seen[key] = section


def iter_chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), _CHUNK):
        yield data[start : start + _CHUNK]
