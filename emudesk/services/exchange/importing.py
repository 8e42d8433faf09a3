"""Importing a package: preview, the conflicts decided field by field, one transaction, a receipt.

A wizard (or ``emudesk exchange import``) drives it in steps:

1. ``open_package`` (package.py): the file checked whole; a refusal writes nothing.
2. ``preview``: each record new, changed, unchanged or in conflict. A field is in conflict when
   both offices changed it since they last exchanged the record (or, for a record never
   exchanged, whenever the two values differ); a field only the other office changed is taken,
   one only this office changed is kept.
3. A ``Resolution`` for every conflicting field: keep ours, take theirs, or an edited value.
4. ``apply``: one transaction through the services typed input goes through (register, campaigns,
   nominations with this office's quotas and terms), so every rule holds. A record a rule
   refuses is refused alone, with the reason, and the receipt says so; a full quota refuses the
   whole package. ``dry_run`` runs everything and keeps nothing.
5. ``write_receipt``: the signed answer the sender imports (receipts.py).

A package imported once is known by its UUID: a second import changes nothing.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session

from emudesk.db import audit_chain
from emudesk.db.audit import log_summary
from emudesk.db.base import Base, utcnow
from emudesk.db.models import ExchangePackage, ExchangeRecord, Nomination
from emudesk.db.roles import importing_as
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ConflictError, EmudeskError, QuotaExceededError, RightsError
from emudesk.i18n import _
from emudesk.services.core.outputs import atomic_output
from emudesk.services.core.rights import acting_under, requires
from emudesk.services.exchange.exporting import note_exchanged
from emudesk.services.exchange.package import (
    KIND_RECEIPT,
    KIND_RECORDS,
    SECTIONS,
    Outgoing,
    Package,
    PackageRefusedError,
    refused,
    write_package,
)
from emudesk.services.exchange.records import HANDLERS, Context, Data, holding
from emudesk.services.nominations import workflow

NEW, CHANGED, UNCHANGED, CONFLICT = "new", "changed", "unchanged", "conflict"
ACCEPTED, REFUSED = "accepted", "refused"
# Sections matched by code, not UUID: the catalogue is the same everywhere by its codes.
_BY_CODE = frozenset({"unit_kinds", "award_forms", "rule_sets"})
# Keys per statement looking for UUID claims: times the ~45 tables, well under the engines' limits
# on bound parameters (SQLite 32,766; PostgreSQL 65,535).
_CLAIM_SLICE = 200


@dataclass(frozen=True)
class FieldConflict:
    """One field both offices changed: this office's value, the package's, and what they started from."""

    field: str
    ours: Any
    theirs: Any
    base: Any = None
    has_base: bool = False


@dataclass(frozen=True)
class RecordPreview:
    """What importing a record would do.

    Attributes:
        state: NEW, CHANGED (fields taken from the package), UNCHANGED or CONFLICT.
        taken: the fields the package changes here without a conflict.
        changes: those fields with the value here and the package's (what changes).
    """

    section: str
    uuid: str
    label: str
    state: str
    taken: tuple[str, ...] = ()
    conflicts: tuple[FieldConflict, ...] = ()
    changes: tuple[FieldConflict, ...] = ()


@dataclass(frozen=True)
class Preview:
    package_uuid: str
    sender: str
    kind: str
    records: tuple[RecordPreview, ...]
    already_imported: bool = False

    def counts(self) -> dict[str, int]:
        out = {NEW: 0, CHANGED: 0, UNCHANGED: 0, CONFLICT: 0}
        for r in self.records:
            out[r.state] += 1
        return out

    @property
    def conflicts(self) -> list[RecordPreview]:
        return [r for r in self.records if r.state == CONFLICT]


@dataclass(frozen=True)
class Edit:
    """A conflict resolved by a value typed by the user."""

    value: Any


Choice = Literal["ours", "theirs"] | Edit
# (section, record UUID, field) → the choice.
Resolution = Mapping[tuple[str, str, str], Choice]


class UnresolvedConflictsError(ConflictError):
    """Fields both offices changed and no choice was made for them."""


class PreviewOutdatedError(ConflictError):
    """The records changed here between the preview and the import: preview again."""


@dataclass(frozen=True)
class RecordOutcome:
    section: str
    uuid: str
    label: str
    state: str
    outcome: str  # ACCEPTED or REFUSED
    reason: str = ""


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    package_uuid: str
    sender_uuid: str
    sender: str
    outcomes: list[RecordOutcome] = field(default_factory=list)
    dry_run: bool = False
    already_imported: bool = False
    kind: str = KIND_RECORDS

    def counts(self) -> dict[str, int]:
        """NEW, CHANGED (conflicts resolved included), UNCHANGED, REFUSED; a receipt: ACCEPTED, REFUSED."""
        if self.kind == KIND_RECEIPT:
            return {
                ACCEPTED: sum(o.outcome == ACCEPTED for o in self.outcomes),
                REFUSED: sum(o.outcome == REFUSED for o in self.outcomes),
            }
        out: dict[str, int] = {NEW: 0, CHANGED: 0, UNCHANGED: 0, REFUSED: 0}
        for o in self.outcomes:
            out[REFUSED if o.outcome == REFUSED else CHANGED if o.state == CONFLICT else o.state] += 1
        return out

    @property
    def refused(self) -> list[RecordOutcome]:
        return [o for o in self.outcomes if o.outcome == REFUSED]

    def summary(self) -> str:
        if self.already_imported:
            return _("The package {uuid} from “{office}” was imported before; nothing changed.").format(
                uuid=self.package_uuid, office=self.sender
            )
        c = self.counts()
        if self.kind == KIND_RECEIPT:
            text = _("{accepted} received, {refused} returned.").format(**c)
            if self.dry_run:
                return _("Trial run, nothing was written: {counts}").format(counts=text)
            return _("Receipt from “{office}” imported: {counts}").format(office=self.sender, counts=text)
        text = _("{new} new, {changed} changed, {unchanged} unchanged, {refused} refused.").format(**c)
        if self.dry_run:
            return _("Trial run, nothing was written: {counts}").format(counts=text)
        return _("Package from “{office}” imported: {counts}").format(office=self.sender, counts=text)


def _label(section: str, data: Data) -> str:
    return HANDLERS[section].label(data) if section in HANDLERS else ""


# The field naming the record of the same section a record needs written first.
_BEFORE = {"units": "parent", "decisions": "refers_to"}


def _ordered(section: str, records: dict[str, Data]) -> list[tuple[str, Data]]:
    """Records in the order they can be written: a unit after its parent, a correcting decision
    after the one it corrects."""
    items = sorted(records.items())
    if section not in _BEFORE:
        return items
    link = _BEFORE[section]
    placed: set[str] = set()
    out: list[tuple[str, Data]] = []
    pending = items
    while pending:
        rest = []
        for key, data in pending:
            parent = data.get(link)
            if parent is None or parent not in records or parent in placed:
                out.append((key, data))
                placed.add(key)
            else:
                rest.append((key, data))
        if len(rest) == len(pending):  # a loop: leave it to the service to refuse
            out.extend(rest)
            break
        pending = rest
    return out


def _uuid_tables() -> list[Any]:
    return [t for t in Base.metadata.sorted_tables if "uuid" in t.c]


def _check_claims(session: Session, package: Package) -> None:
    """A record may not take the UUID of a record of another kind here."""
    tables = _uuid_tables()
    for section, records in package.sections.items():
        handler = HANDLERS.get(section)
        if handler is None or section in _BY_CODE or not records:
            continue
        own = handler.model.__table__.name
        others = [t for t in tables if t.name != own]
        keys = sorted(records)
        # Every other table at once per slice of keys (one statement, not one per table).
        for start in range(0, len(keys), _CLAIM_SLICE):
            part = keys[start : start + _CLAIM_SLICE]
            each = [select(t.c.uuid, literal(t.name)).where(t.c.uuid.in_(part)) for t in others]
            hit = session.execute(union_all(*each).limit(1)).first()
            if hit is not None:
                raise refused(
                    package.path,
                    _("record {uuid} of {section} claims the UUID of a record of {table} here").format(
                        uuid=hit[0], section=section, table=hit[1]
                    ),
                )


def _bases(session: Session, office_uuid: str) -> dict[tuple[str, str], Data]:
    return {
        (r.section, r.record_uuid): r.data
        for r in session.scalars(select(ExchangeRecord).where(ExchangeRecord.office_uuid == office_uuid))
    }


def _already(session: Session, package_uuid: str) -> bool:
    return (
        session.scalar(select(ExchangePackage.id).where(ExchangePackage.package_uuid == package_uuid))
        is not None
    )


def preview(session: Session, package: Package) -> Preview:
    """Each record of ``package`` as new, changed, unchanged or in conflict; nothing is written.

    Raises:
        PackageRefusedError: a record claims the UUID of a record of another kind here.
    """
    m = package.manifest
    if _already(session, m.package_uuid):
        return Preview(m.package_uuid, m.sender.name, m.kind, (), already_imported=True)
    if m.kind == KIND_RECEIPT:
        return Preview(m.package_uuid, m.sender.name, m.kind, ())
    _check_claims(session, package)
    bases = _bases(session, m.sender.uuid)
    ctx = Context(session, package.read_blob)
    ctx.prefetch(package.sections)
    out: list[RecordPreview] = []
    for section in SECTIONS:
        handler = HANDLERS.get(section)
        records = package.sections.get(section)
        if handler is None or not records:
            continue
        for key, theirs in _ordered(section, records):
            local = handler.find(ctx, key, theirs)
            label = _label(section, theirs)
            if local is None:
                out.append(RecordPreview(section, key, label, NEW))
                continue
            ours = handler.fields(handler.dump(session, local))
            theirs = handler.fields(theirs)
            base = bases.get((section, key))
            if base is not None:
                base = handler.fields(base)
            taken: list[str] = []
            conflicts: list[FieldConflict] = []
            for name in sorted(set(ours) | set(theirs)):
                if name in handler.informational:
                    continue
                mine, other = ours.get(name), theirs.get(name)
                if mine == other:
                    continue
                if handler.reviewed and (base is None or base.get(name) != other):
                    # Law or a signed document: whatever changed it, a person chooses.
                    conflicts.append(
                        FieldConflict(name, mine, other, base.get(name) if base else None, base is not None)
                    )
                elif base is not None and base.get(name) == mine:
                    taken.append(name)  # only they changed it
                elif base is not None and base.get(name) == other:
                    continue  # only we changed it: ours stays
                else:
                    conflicts.append(
                        FieldConflict(name, mine, other, base.get(name) if base else None, base is not None)
                    )
            state = CONFLICT if conflicts else CHANGED if taken else UNCHANGED
            changes = tuple(
                FieldConflict(name, ours.get(name), theirs.get(name), base.get(name) if base else None, True)
                for name in taken
            )
            out.append(RecordPreview(section, key, label, state, tuple(taken), tuple(conflicts), changes))
    return Preview(m.package_uuid, m.sender.name, m.kind, tuple(out))


def resolve_all(preview_: Preview, choice: Literal["ours", "theirs"]) -> dict[tuple[str, str, str], Choice]:
    """The same choice for every conflicting field (``--prefer``)."""
    return {(r.section, r.uuid, c.field): choice for r in preview_.conflicts for c in r.conflicts}


def resolution_from_json(doc: object) -> dict[tuple[str, str, str], Choice]:
    """``{"individuals/UUID": {"position": "ours" | "theirs" | {"value": …}}}`` (``--resolve FILE``).

    Raises:
        ValidationError: the document has another shape.
    """
    from emudesk.domain.errors import ValidationError

    bad = ValidationError(
        _('A resolution file maps "section/UUID" to fields, each "ours", "theirs" or {"value": …}.')
    )
    if not isinstance(doc, dict):
        raise bad
    out: dict[tuple[str, str, str], Choice] = {}
    for record, fields in doc.items():
        section, _sep, key = str(record).partition("/")
        if not key or not isinstance(fields, dict):
            raise bad
        for name, choice in fields.items():
            if choice in ("ours", "theirs"):
                out[(section, key, str(name))] = choice
            elif isinstance(choice, dict) and set(choice) == {"value"}:
                out[(section, key, str(name))] = Edit(choice["value"])
            else:
                raise bad
    return out


def _merged(record: RecordPreview, ours: Data, theirs: Data, resolution: Resolution) -> Data:
    merged = dict(ours)
    for name in record.taken:
        merged[name] = theirs.get(name)
    for conflict in record.conflicts:
        choice = resolution[(record.section, record.uuid, conflict.field)]
        if isinstance(choice, Edit):
            merged[conflict.field] = choice.value
        elif choice == "theirs":
            merged[conflict.field] = conflict.theirs
    return merged


def _shape(preview_: Preview) -> list[tuple[object, ...]]:
    return [
        (r.section, r.uuid, r.state, r.taken, tuple((c.field, repr(c.ours)) for c in r.conflicts))
        for r in preview_.records
    ]


def readable(value: Any) -> str:
    """A field's value as a person reads it: a list joined, a rule as its wording and values."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, dict):
        if "kind" in value and isinstance(value.get("params"), dict):
            # A rule of a rule set: its wording, then the values the engine applies.
            params = ", ".join(f"{k} = {readable(v)}" for k, v in sorted(value["params"].items()))
            return f"{value.get('text') or value.get('kind')} [{params}]"
        return "; ".join(f"{k}: {readable(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    return str(value)


def unresolved(preview_: Preview, resolution: Resolution) -> list[str]:
    """The conflicting fields ``resolution`` has no choice for, one line each."""
    return [
        f"{r.section}/{r.uuid} {c.field}: {readable(c.ours)!r} ≠ {readable(c.theirs)!r} ({r.label})"
        for r in preview_.conflicts
        for c in r.conflicts
        if (r.section, r.uuid, c.field) not in resolution
    ]


@requires("exchange.receive")
def apply(
    session: Session,
    package: Package,
    preview_: Preview,
    resolution: Resolution | None = None,
    *,
    dry_run: bool = False,
) -> ImportResult:
    """Write ``package`` as previewed, in the caller's transaction; a record a rule refuses is left out.

    Raises:
        UnresolvedConflictsError: a conflicting field has no choice in ``resolution``.
        QuotaExceededError: the package would overfill one of this office's quotas (nothing is kept).
    """
    m = package.manifest
    result = ImportResult(m.package_uuid, m.sender.uuid, m.sender.name, dry_run=dry_run, kind=m.kind)
    if preview_.already_imported:
        result.already_imported = True
        return result
    # The package's records are written as it says, under the exchange right, whatever duty each
    # would need when typed here; every service still checks its rules (core/rights.py, db/roles.py).
    with acting_under(session, "exchange.receive"), _as_exchange(session):
        return _apply(session, package, preview_, resolution, result, dry_run=dry_run)


@contextmanager
def _as_exchange(session: Session) -> Iterator[None]:
    try:
        with importing_as(session.connection()):
            yield
    except PermissionError:
        raise RightsError(
            _(
                "The server does not give your login “{login}” the right “exchange.receive” yet. Nothing "
                "was written. The login that owns the database should set your role again (emudesk users "
                "set-role), which gives it."
            ).format(login=session.info.get("actor", ""))
        ) from None


def _apply(
    session: Session,
    package: Package,
    preview_: Preview,
    resolution: Resolution | None,
    result: ImportResult,
    *,
    dry_run: bool,
) -> ImportResult:
    m = package.manifest
    if m.kind == KIND_RECEIPT:
        from emudesk.services.exchange.receipts import apply_receipt

        apply_receipt(session, package, result, dry_run=dry_run)
        return result
    if preview_.package_uuid != m.package_uuid:
        raise ValueError("the preview is of another package")
    # The wizard previews in one transaction and applies in another: what it showed must still hold.
    current = preview(session, package)
    if _shape(current) != _shape(preview_):
        raise PreviewOutdatedError(
            _("The database changed since the preview of this package; review it again before importing.")
        )
    resolution = resolution or {}
    missing = unresolved(preview_, resolution)
    if missing:
        raise UnresolvedConflictsError(
            _(
                "{n} fields need a choice (changed in both offices, or rules and issued decisions, "
                "which a package never changes unasked): for each keep ours, take theirs or edit."
            ).format(n=len(missing)),
            details=tuple(missing[:20]),
        )
    outer = session.begin_nested()
    try:
        accepted = _write(session, package, preview_, resolution, result)
        if not dry_run:
            _note(session, package, result, accepted)
    except BaseException:
        outer.rollback()
        raise
    if dry_run:
        outer.rollback()
    else:
        outer.commit()
    return result


def _write(
    session: Session, package: Package, preview_: Preview, resolution: Resolution, result: ImportResult
) -> set[tuple[str, str]]:
    ctx = Context(
        session,
        package.read_blob,
        origin=_("package from “{office}”").format(office=result.sender),
        sender=result.sender_uuid,
    )
    ctx.prefetch(package.sections)
    accepted: set[tuple[str, str]] = set()
    with audit_chain.keeping_head(session.connection()), holding(session):
        for record in preview_.records:
            _write_one(ctx, package, record, resolution, result, accepted)
        _file_received(ctx, result, accepted)
    return accepted


def _write_one(
    ctx: Context,
    package: Package,
    record: RecordPreview,
    resolution: Resolution,
    result: ImportResult,
    accepted: set[tuple[str, str]],
) -> None:
    session = ctx.session
    handler = HANDLERS[record.section]
    theirs = package.sections[record.section][record.uuid]
    if record.state == UNCHANGED:
        accepted.add((record.section, record.uuid))
        result.outcomes.append(
            RecordOutcome(record.section, record.uuid, record.label, record.state, ACCEPTED)
        )
        return
    try:
        with session.begin_nested():
            if record.state == NEW:
                local = handler.create(ctx, record.uuid, theirs)
            else:
                local = handler.find(ctx, record.uuid, theirs)
                ours = handler.fields(handler.dump(session, local))
                merged = _merged(record, ours, handler.fields(theirs), resolution)
                handler.update(ctx, local, merged)
            session.flush()
    except (QuotaExceededError, PackageRefusedError):
        raise
    except (EmudeskError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = exc.message if isinstance(exc, EmudeskError) else _("the record is not readable")
        ctx.refused[record.uuid] = reason
        result.outcomes.append(
            RecordOutcome(record.section, record.uuid, record.label, record.state, REFUSED, reason)
        )
        return
    if record.section not in _BY_CODE:
        ctx.written(handler.model, record.uuid, local)
    accepted.add((record.section, record.uuid))
    result.outcomes.append(RecordOutcome(record.section, record.uuid, record.label, record.state, ACCEPTED))


def _file_received(ctx: Context, result: ImportResult, accepted: set[tuple[str, str]]) -> None:
    """File the received nominations together, as received here: this office's quotas count them
    all at once (a full quota refuses the package) and its campaign terms judge each."""
    session, ids = ctx.session, ctx.received
    if not ids:
        return
    try:
        with session.begin_nested():
            workflow.transition(session, ids, NominationStatus.SUBMITTED)
        return
    except QuotaExceededError:
        raise
    except EmudeskError:
        pass  # one of them cannot be filed: find which, one by one
    for nid in ids:
        try:
            with session.begin_nested():
                workflow.transition(session, [nid], NominationStatus.SUBMITTED)
        except QuotaExceededError:
            raise
        except EmudeskError as exc:
            n = session.get(Nomination, nid)
            assert n is not None
            key = n.uuid
            session.delete(n)  # not kept as a draft: the receipt returns it
            session.flush()
            ctx.forget(Nomination, key)
            accepted.discard(("nominations", key))
            for i, o in enumerate(result.outcomes):
                if (o.section, o.uuid) == ("nominations", key):
                    result.outcomes[i] = RecordOutcome(
                        o.section, o.uuid, o.label, o.state, REFUSED, exc.message
                    )


def _note(session: Session, package: Package, result: ImportResult, accepted: set[tuple[str, str]]) -> None:
    m = package.manifest
    counts = result.counts()
    session.add(
        ExchangePackage(
            package_uuid=m.package_uuid,
            direction="received",
            kind=KIND_RECORDS,
            office_uuid=m.sender.uuid,
            created=m.created,
            state="imported",
            records=len(result.outcomes),
            sha256=package.sha256,
            summary={"counts": counts, "contents": m.contents},
        )
    )
    # The audit names the login (each entry's actor) and, here, the package its records came in.
    log_summary(session, "create", "exchange_packages", f"{m.package_uuid}: {result.summary()}")
    # What they sent is the base both offices now start from (fields we kept differ from it).
    note_exchanged(session, m.sender.uuid, package.sections, m.package_uuid, origin="received", only=accepted)


@requires("exchange.receive")
def write_receipt(session: Session, result: ImportResult, target: Path) -> Path:
    """Write the signed receipt of an import for its sender: each record accepted or refused, and why."""
    from emudesk.services.exchange import office

    sender = office.trusted(session, result.sender_uuid)
    assert sender is not None
    receipts = {
        o.uuid: {"section": o.section, "state": o.outcome, "reason": o.reason, "label": o.label}
        for o in result.outcomes
    }
    package_uuid = str(uuid_module.uuid4())
    created = utcnow()
    outgoing = Outgoing(KIND_RECEIPT, {"receipts": receipts}, refers_to=result.package_uuid)
    with atomic_output(target) as tmp:
        sha = write_package(
            session, tmp, outgoing, receiver=sender, package_uuid=package_uuid, created=created
        )
    session.add(
        ExchangePackage(
            package_uuid=package_uuid,
            direction="sent",
            kind=KIND_RECEIPT,
            office_uuid=sender.uuid,
            created=created,
            state="sent",
            records=len(receipts),
            sha256=sha,
            summary={"refers_to": result.package_uuid, "counts": result.counts()},
        )
    )
    session.flush()
    return target
