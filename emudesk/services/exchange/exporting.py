"""What a package to another office holds, and writing it.

The direction follows from what the two offices exchanged before: an office this one received
campaigns from is above it, so a package to it goes up (nominations filed for those campaigns,
with their subjects, achievements, evidence, this office's council vote, and the covering list);
to any other office a package goes down (campaign plans with their quotas, the catalogue entries
and rule sets they use, and the decisions on the nominations that office sent, with the award
history they create). Records received from the office are never sent back to it as its own.
"""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from emudesk.db.base import utcnow
from emudesk.db.models import (
    Achievement,
    AwardForm,
    AwardRecord,
    Campaign,
    Decision,
    DecisionCorrection,
    ExchangePackage,
    ExchangeRecord,
    Household,
    Individual,
    Nomination,
    RuleSet,
    Unit,
    UnitKind,
)
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import NotFoundError, RightsError, ValidationError
from emudesk.domain.rights import Role
from emudesk.domain.rules.enums import Jurisdiction
from emudesk.i18n import N_, _
from emudesk.services.campaigns.achievements import blob_chunks
from emudesk.services.core.outputs import atomic_output
from emudesk.services.core.rights import may, role_of
from emudesk.services.exchange import office
from emudesk.services.exchange.office import OfficeInfo
from emudesk.services.exchange.package import KIND_RECEIPT, KIND_RECORDS, Outgoing, digest, write_package
from emudesk.services.exchange.records import HANDLERS, NOT_AWARDED, SENT_UP, UUID_CACHE, holding

Since = date | Literal["last"] | None
# What makes a package worth sending (the catalogue alone travels only with what uses it).
_SENDABLE = (
    "nominations",
    "campaigns",
    "rule_sets",
    "decisions",
    "awards",
    "verdicts",
    "individuals",
    "households",
    "units",
)
UP, DOWN = "up", "down"


@dataclass(frozen=True)
class ExportResult:
    """A package written: where, to whom, which way, how many records per section."""

    path: Path
    package_uuid: str
    receiver: OfficeInfo
    direction: str
    counts: dict[str, int]
    evidence_files: int
    skipped: tuple[str, ...] = ()

    @property
    def records(self) -> int:
        return sum(n for s, n in self.counts.items() if s != "covering")

    def summary(self) -> str:
        return _("Package {path} for “{office}” written: {records} records, {files} evidence files.").format(
            path=self.path, office=self.receiver.name, records=self.records, files=self.evidence_files
        )


def receiver_of(session: Session, to: str | None) -> OfficeInfo:
    """The office ``to`` names, or the only trusted one.

    Raises:
        NotFoundError: none is trusted, or ``to`` names none; ValidationError: several, ``to`` not given.
    """
    if to:
        return office.find_office(session, to)
    others = [o for o in office.offices(session) if not o.is_self]
    if not others:
        raise NotFoundError(_("No other office is trusted yet (emudesk office trust FILE)."))
    if len(others) > 1:
        raise ValidationError(
            _("Several offices are trusted; name the receiving one with --to ({names}).").format(
                names=", ".join(o.name for o in others)
            )
        )
    return others[0]


def received_from(session: Session, office_uuid: str, section: str) -> set[str]:
    return set(
        session.scalars(
            select(ExchangeRecord.record_uuid).where(
                ExchangeRecord.office_uuid == office_uuid,
                ExchangeRecord.section == section,
                ExchangeRecord.origin == "received",
            )
        )
    )


def direction_to(session: Session, office_uuid: str) -> str:
    """UP when campaigns came from that office (it is the one above), else DOWN."""
    return UP if received_from(session, office_uuid, "campaigns") else DOWN


@dataclass
class _Collector:
    session: Session
    sections: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    blobs: dict[str, int] = field(default_factory=dict)
    seen: set[tuple[str, int]] = field(default_factory=set)

    def put(self, section: str, obj: Any) -> None:
        if (section, obj.id) in self.seen:
            return
        self.seen.add((section, obj.id))
        self.sections.setdefault(section, {})[obj.uuid] = HANDLERS[section].dump(self.session, obj)

    def unit(self, unit_id: int | None) -> None:
        # The chain up to the top, so that the tree arrives whole; parents first.
        chain: list[Unit] = []
        while unit_id is not None and ("units", unit_id) not in self.seen:
            unit = self.session.get(Unit, unit_id)
            if unit is None:
                break
            chain.append(unit)
            unit_id = unit.parent_id
        for unit in reversed(chain):
            self.kind(unit.kind_id)
            self.put("units", unit)

    def kind(self, kind_id: int | None) -> None:
        row = self.session.get(UnitKind, kind_id) if kind_id is not None else None
        if row is not None:
            self.put("unit_kinds", row)

    def form(self, form_id: int | None) -> None:
        row = self.session.get(AwardForm, form_id) if form_id is not None else None
        if row is not None:
            self.put("award_forms", row)

    def individual(self, person_id: int | None) -> None:
        person = self.session.get(Individual, person_id) if person_id is not None else None
        if person is not None:
            self.unit(person.unit_id)
            self.put("individuals", person)

    def household(self, household_id: int | None) -> None:
        row = self.session.get(Household, household_id) if household_id is not None else None
        if row is not None:
            self.unit(row.village_id)
            self.unit(row.commune_id)
            self.put("households", row)

    def subject(self, obj: Any) -> None:
        if obj.subject_kind is SubjectKind.UNIT:
            self.unit(obj.unit_id)
        elif obj.subject_kind is SubjectKind.HOUSEHOLD:
            self.household(obj.household_id)
        else:
            self.individual(obj.individual_id)

    def achievement(self, ach_id: int | None) -> None:
        ach = self.session.get(Achievement, ach_id) if ach_id is not None else None
        if ach is None or ach.deleted_at is not None:
            return
        self.subject(ach)
        for ev in ach.evidence:
            self.blobs[ev.sha256] = ev.size
        self.put("achievements", ach)

    def campaign_codes(self, data: dict[str, Any]) -> None:
        forms: set[str] = set()
        kinds: set[str] = set()
        for offered in data.get("offered_forms", []):
            forms.add(offered["award_form"])
        for quota in data.get("quotas", []):
            forms.update(quota.get("forms", []))
            forms.update(quota.get("base_forms", []))
            if quota.get("unit_kind"):
                kinds.add(quota["unit_kind"])
        for participant in data.get("participants", []):
            if participant.get("unit_kind"):
                kinds.add(participant["unit_kind"])
        stack = list(data.get("criteria", []))
        while stack:
            crit = stack.pop()
            stack.extend(crit.get("children", []))
            if crit.get("award_form"):
                forms.add(crit["award_form"])
            if crit.get("unit_kind"):
                kinds.add(crit["unit_kind"])
        for form in self.session.scalars(select(AwardForm).where(AwardForm.code.in_(sorted(forms)))):
            self.put("award_forms", form)
        for kind in self.session.scalars(select(UnitKind).where(UnitKind.code.in_(sorted(kinds)))):
            self.put("unit_kinds", kind)


def _fresh(session: Session, receiver: str, section: str, obj: Any, since: Since) -> bool:
    """Whether a top-level record goes into a package limited by ``since``."""
    if since is None:
        return True
    if since == "last":
        stored = session.scalar(
            select(ExchangeRecord.digest).where(
                ExchangeRecord.office_uuid == receiver,
                ExchangeRecord.section == section,
                ExchangeRecord.record_uuid == obj.uuid,
            )
        )
        return stored is None or stored != digest(HANDLERS[section].dump(session, obj))
    assert isinstance(since, date)
    return obj.updated_at.date() >= since


def _changed_subject(session: Session, c: _Collector, receiver: str, obj: Any, since: Since) -> None:
    """The subject of a file or award sent before goes again alone when it changed since."""
    if obj.subject_kind is SubjectKind.INDIVIDUAL:
        person = session.get(Individual, obj.individual_id)
        if person is not None and _fresh(session, receiver, "individuals", person, since):
            c.individual(person.id)
    elif obj.subject_kind is SubjectKind.UNIT:
        unit = session.get(Unit, obj.unit_id)
        if unit is not None and _fresh(session, receiver, "units", unit, since):
            c.unit(unit.id)
    else:
        household = session.get(Household, obj.household_id)
        if household is not None and _fresh(session, receiver, "households", household, since):
            c.household(household.id)


def _collect_up(
    session: Session, c: _Collector, receiver: OfficeInfo, campaign_id: int | None, since: Since
) -> list[str]:
    skipped: list[str] = []
    theirs = received_from(session, receiver.uuid, "campaigns")
    came = received_from(session, receiver.uuid, "nominations")
    stmt = (
        select(Nomination)
        .join(Campaign, Campaign.id == Nomination.campaign_id)
        .where(
            Nomination.deleted_at.is_(None),
            Nomination.status.in_([s.value for s in SENT_UP]),
            Campaign.uuid.in_(sorted(theirs)),
        )
        .order_by(Nomination.id)
    )
    if campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == campaign_id)
    order: list[str] = []
    files = list(session.scalars(stmt))
    _load_dossiers(session, files)
    for n in files:
        if n.uuid in came:
            continue
        if not _fresh(session, receiver.uuid, "nominations", n, since):
            _changed_subject(session, c, receiver.uuid, n, since)
            continue
        c.subject(n)
        c.unit(n.proposing_unit_id)
        c.form(n.award_form_id)
        c.achievement(n.achievement_id)
        c.put("nominations", n)
        order.append(n.uuid)
    if order:
        me = office.this_office(session)
        # The covering list (tờ trình + danh sách): the files in the order the letter lists them.
        c.sections["covering"] = {
            str(uuid_module.uuid4()): {
                "title": _("Proposal for awards (tờ trình) with the list of nominations"),
                "office": me.name,
                "date": date.today().isoformat(),
                "nominations": order,
            }
        }
    return skipped


def _load_dossiers(session: Session, files: list[Nomination]) -> None:
    """Read the files' people and achievements with their evidence in a few statements, not one
    each (the export holds what it loads, so the collector then finds them in the session)."""
    people = sorted({n.individual_id for n in files if n.individual_id is not None})
    achievements = sorted({n.achievement_id for n in files if n.achievement_id is not None})
    for start in range(0, max(len(people), len(achievements)), 500):
        session.scalars(select(Individual).where(Individual.id.in_(people[start : start + 500]))).all()
        session.scalars(
            select(Achievement)
            .where(Achievement.id.in_(achievements[start : start + 500]))
            .options(selectinload(Achievement.evidence))
        ).all()


def _collect_down(
    session: Session, c: _Collector, receiver: OfficeInfo, campaign_id: int | None, since: Since
) -> list[str]:
    theirs = received_from(session, receiver.uuid, "campaigns")
    stmt = select(Campaign).where(Campaign.deleted_at.is_(None)).order_by(Campaign.id)
    if campaign_id is not None:
        stmt = stmt.where(Campaign.id == campaign_id)
    for campaign in session.scalars(stmt):
        if campaign.uuid in theirs or not _fresh(session, receiver.uuid, "campaigns", campaign, since):
            continue
        c.put("campaigns", campaign)
        c.campaign_codes(c.sections["campaigns"][campaign.uuid])
    # The province's own rules travel with its plans (the national ones every office has), and
    # an amended regulation goes alone to an office that works against them already.
    province_rules = select(RuleSet).where(RuleSet.jurisdiction == Jurisdiction.PROVINCE).order_by(RuleSet.id)
    works_by_them = "campaigns" in c.sections or _sent_before(session, receiver.uuid, "rule_sets")
    for rule_set in session.scalars(province_rules) if works_by_them else ():
        if _fresh(session, receiver.uuid, "rule_sets", rule_set, since):
            c.put("rule_sets", rule_set)
    # Decisions on the files that office sent, with the award history they create there.
    came = received_from(session, receiver.uuid, "nominations")
    if came:
        awards = select(AwardRecord).join(Nomination, Nomination.id == AwardRecord.nomination_id)
        awards = awards.join(Decision, Decision.id == AwardRecord.decision_id).where(
            Nomination.uuid.in_(sorted(came)),
            Decision.issued.is_(True),
            AwardRecord.deleted_at.is_(None),
        )
        if campaign_id is not None:
            awards = awards.where(AwardRecord.campaign_id == campaign_id)
        for award in session.scalars(awards.order_by(AwardRecord.id)):
            decision = session.get(Decision, award.decision_id)
            assert decision is not None
            if not _fresh(session, receiver.uuid, "awards", award, since):
                _changed_subject(session, c, receiver.uuid, award, since)
                continue
            c.put("decisions", decision)
            # The decisions that corrected or revoked it since go with it: the award's new values
            # arrive as what they decided.
            for follow_up in _follow_ups(session, award):
                c.put("decisions", follow_up)
            c.subject(award)
            c.form(award.award_form_id)
            c.put("awards", award)
        # The files it sent that were not awarded: rejected, or returned to be completed.
        verdicts = select(Nomination).where(
            Nomination.uuid.in_(sorted(came)),
            Nomination.status.in_([s.value for s in NOT_AWARDED]),
            Nomination.deleted_at.is_(None),
        )
        if campaign_id is not None:
            verdicts = verdicts.where(Nomination.campaign_id == campaign_id)
        for n in session.scalars(verdicts.order_by(Nomination.id)):
            if _fresh(session, receiver.uuid, "verdicts", n, since):
                c.put("verdicts", n)
    return []


def _follow_ups(session: Session, award: AwardRecord) -> list[Decision]:
    ids = set(
        session.scalars(
            select(DecisionCorrection.decision_id).where(DecisionCorrection.award_record_id == award.id)
        )
    )
    if award.status_decision_id is not None:
        ids.add(award.status_decision_id)
    if not ids:
        return []
    stmt = select(Decision).where(Decision.id.in_(sorted(ids)), Decision.issued.is_(True))
    return list(session.scalars(stmt.order_by(Decision.signed_on, Decision.id)))


def _sent_before(session: Session, office_uuid: str, section: str) -> bool:
    return (
        session.scalar(
            select(ExchangeRecord.id)
            .where(
                ExchangeRecord.office_uuid == office_uuid,
                ExchangeRecord.section == section,
                ExchangeRecord.origin == "sent",
            )
            .limit(1)
        )
        is not None
    )


SIGNING_SPLIT = N_(
    "A package is signed with the office's key, which on a server only {admin} holds, as the head "
    "of an office keeps its seal: staff prepare what goes in it (the files filed, and voted where "
    "the office has a council), and an administrator sends it."
)


def _may_sign(session: Session) -> None:
    """Sending is the administrator's: say why, and what the others do instead."""
    if may(session, "exchange.send"):
        return
    role = role_of(session)
    raise RightsError(
        _("{split} Your login “{login}” has the role {role}. Nothing was written.").format(
            split=_(SIGNING_SPLIT).format(admin=Role.ADMIN.label),
            login=session.info.get("actor", ""),
            role=role.label if role else "?",
        )
    )


def export_package(
    session: Session,
    target: Path,
    *,
    to: str | None = None,
    campaign_id: int | None = None,
    since: Since = None,
) -> ExportResult:
    """Write the package for office ``to`` to ``target`` and note what was sent (the caller commits).

    ``since``: "last" sends only the records changed since they were last exchanged with that
    office; a date, those changed on or after it.

    Raises:
        RightsError: the signed-in login may not sign with the office's key (``SIGNING_SPLIT``).
        NotFoundError: this database is not an office, or ``to`` is not trusted; the campaign is not here.
        ValidationError: several offices are trusted and ``to`` is not given; nothing to send.
        StorageError: the file cannot be written.
    """
    _may_sign(session)
    me = office.this_office(session)
    receiver = receiver_of(session, to)
    if campaign_id is not None and session.get(Campaign, campaign_id) is None:
        raise NotFoundError(_("Campaign #{id} does not exist.").format(id=campaign_id))
    direction = direction_to(session, receiver.uuid)
    c = _Collector(session)
    session.info[UUID_CACHE] = {}
    try:
        with holding(session):
            if direction == UP:
                skipped = _collect_up(session, c, receiver, campaign_id, since)
            else:
                skipped = _collect_down(session, c, receiver, campaign_id, since)
    finally:
        session.info.pop(UUID_CACHE, None)
    if not any(s in c.sections for s in _SENDABLE):
        raise ValidationError(
            _("Nothing to send to “{office}”: no {what} that it has not received already.").format(
                office=receiver.name,
                what=_("filed nominations for its campaigns")
                if direction == UP
                else _("campaigns or decisions"),
            )
        )
    package_uuid = str(uuid_module.uuid4())
    created = utcnow()
    outgoing = Outgoing(
        KIND_RECORDS, c.sections, c.blobs, read_blob=lambda sha, size: blob_chunks(session, sha, size)
    )
    with atomic_output(target) as tmp:
        sha = write_package(
            session, tmp, outgoing, receiver=receiver, package_uuid=package_uuid, created=created
        )
    counts = {s: len(r) for s, r in c.sections.items()}
    session.add(
        ExchangePackage(
            package_uuid=package_uuid,
            direction="sent",
            kind=KIND_RECORDS,
            office_uuid=receiver.uuid,
            created=created,
            state="sent",
            records=sum(counts.values()),
            sha256=sha,
            summary={"counts": counts, "direction": direction, "sender": me.uuid},
        )
    )
    note_exchanged(session, receiver.uuid, c.sections, package_uuid, origin="sent")
    return ExportResult(target, package_uuid, receiver, direction, counts, len(c.blobs), tuple(skipped))


def note_exchanged(
    session: Session,
    office_uuid: str,
    sections: dict[str, dict[str, dict[str, Any]]],
    package_uuid: str,
    *,
    origin: str,
    only: set[tuple[str, str]] | None = None,
) -> None:
    """Record each record as it now stands between the two offices (the next conflict's base)."""
    existing = {
        (r.section, r.record_uuid): r
        for r in session.scalars(select(ExchangeRecord).where(ExchangeRecord.office_uuid == office_uuid))
    }
    now = utcnow()
    for section, records in sections.items():
        if section not in HANDLERS:
            continue
        for key, data in records.items():
            if only is not None and (section, key) not in only:
                continue
            row = existing.get((section, key))
            if row is None:
                row = ExchangeRecord(office_uuid=office_uuid, section=section, record_uuid=key)
                session.add(row)
            elif row.digest == digest(data) and row.origin == origin:
                continue
            row.data = data
            row.digest = digest(data)
            row.origin = origin
            row.package_uuid = package_uuid
            row.at = now
    session.flush()


def package_rows(session: Session) -> list[dict[str, Any]]:
    """Packages sent and received, newest first (the exchange screen's list)."""
    names = {o.uuid: o.name for o in office.offices(session)}
    rows = list(
        session.scalars(
            select(ExchangePackage).order_by(ExchangePackage.at.desc(), ExchangePackage.id.desc())
        )
    )
    # A package sent is answered when the receipt that refers to it has been imported here.
    answered = {
        str(p.summary.get("refers_to"))
        for p in rows
        if p.direction == "received" and p.kind == KIND_RECEIPT and isinstance(p.summary, dict)
    }
    return [
        {
            "package": p.package_uuid,
            "direction": p.direction,
            "kind": p.kind,
            "office": names.get(p.office_uuid, p.office_uuid),
            "created": p.created.isoformat(timespec="seconds"),
            "at": p.at.isoformat(timespec="seconds") if isinstance(p.at, datetime) else str(p.at),
            "state": p.state,
            "records": p.records,
            "receipt_received": p.package_uuid in answered,
        }
        for p in rows
    ]
