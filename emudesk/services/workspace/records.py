"""One record at a time, for detail panels and edit forms: plain snapshots, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from emudesk.db.models import (
    AwardForm,
    Campaign,
    CampaignPhase,
    Decision,
    DisciplineRecord,
    Household,
    Individual,
    Nomination,
    NominationEvent,
    Unit,
    UnitKind,
)
from emudesk.domain.enums import NominationStatus, Rating, SubjectKind
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, display_name, get_live, load_subject
from emudesk.services.core.formats import day, local_time
from emudesk.services.nominations.gate import override_text
from emudesk.services.register import awards, individuals, units
from emudesk.services.register.households import MemberInput

# --- Units ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRow:
    unit_id: int
    name: str
    kind: str  # LinkKind label
    effective_on: date
    legal_basis: str


@dataclass(frozen=True)
class UnitDetail:
    id: int
    name: str
    short_name: str
    kind: str
    kind_code: str
    parent_id: int | None
    parent_name: str
    code: str
    admin_code: str
    address: str
    valid_from: date | None
    valid_to: date | None
    member_count: int | None
    note: str
    direct_members: int
    sub_units: int
    predecessors: tuple[LinkRow, ...]
    successors: tuple[LinkRow, ...]


def unit_detail(session: Session, unit_id: int) -> UnitDetail:
    unit = get_live(session, Unit, unit_id, _("Unit"))
    kind = session.get(UnitKind, unit.kind_id)
    parent = session.get(Unit, unit.parent_id) if unit.parent_id else None
    members = session.scalar(
        select(func.count())
        .select_from(Individual)
        .where(Individual.unit_id == unit_id, Individual.deleted_at.is_(None))
    )
    children = session.scalar(
        select(func.count()).select_from(Unit).where(Unit.parent_id == unit_id, Unit.deleted_at.is_(None))
    )

    def links(rows: list[tuple[Unit, object]]) -> tuple[LinkRow, ...]:
        return tuple(
            LinkRow(u.id, u.name, link.kind.label, link.effective_on, link.legal_basis)  # type: ignore[attr-defined]
            for u, link in rows
        )

    return UnitDetail(
        id=unit.id,
        name=unit.name,
        short_name=unit.short_name,
        kind=kind.name if kind else "",
        kind_code=kind.code if kind else "",
        parent_id=unit.parent_id,
        parent_name=parent.name if parent else "",
        code=unit.code or "",
        admin_code=unit.admin_code or "",
        address=unit.address or "",
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        member_count=unit.member_count,
        note=unit.note or "",
        direct_members=int(members or 0),
        sub_units=int(children or 0),
        predecessors=links(units.predecessors(session, unit_id)),  # type: ignore[arg-type]
        successors=links(units.successors(session, unit_id)),  # type: ignore[arg-type]
    )


# --- Individuals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipRow:
    unit_name: str
    position: str
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class DisciplineRow:
    kind: str
    form: str
    start_date: date
    end_date: date | None
    decision_ref: str


@dataclass(frozen=True)
class IndividualDetail:
    id: int
    full_name: str
    gender: str
    birth_date: date | None
    birth_year: int | None
    id_number: str
    ethnicity: str
    unit_name: str
    position: str
    hometown: str
    residence: str
    phone: str
    staff_category: str
    note: str
    ratings: tuple[tuple[int, Rating], ...]  # newest year first
    memberships: tuple[MembershipRow, ...]
    discipline: tuple[DisciplineRow, ...]
    awards: tuple[awards.HistoryRow, ...]


def individual_detail(session: Session, individual_id: int) -> IndividualDetail:
    # The person with their unit in one statement (on a server each statement is a round trip);
    # get_live then finds the person in the session, held here so it is not collected before.
    held = session.get(Individual, individual_id, options=[joinedload(Individual.unit)])
    p = get_live(session, Individual, individual_id, _("Individual"))
    assert held is p
    unit = p.unit
    rated = individuals.ratings(session, individual_id)
    discipline = session.scalars(
        select(DisciplineRecord)
        .where(DisciplineRecord.individual_id == individual_id)
        .order_by(DisciplineRecord.start_date.desc())
    )
    return IndividualDetail(
        id=p.id,
        full_name=p.full_name,
        gender=p.gender.label,
        birth_date=p.birth_date,
        birth_year=p.birth_year,
        id_number=p.id_number or "",
        ethnicity=p.ethnicity,
        unit_name=unit.name if unit else "",
        position=p.position or "",
        hometown=p.hometown or "",
        residence=p.residence or "",
        phone=p.phone or "",
        staff_category=p.staff_category or "",
        note=p.note or "",
        ratings=tuple(sorted(rated.items(), reverse=True)),
        memberships=tuple(
            MembershipRow(name, m.position or "", m.start_date, m.end_date)
            for m, name in individuals.memberships(session, individual_id)
        ),
        discipline=tuple(
            DisciplineRow(
                d.kind.label, d.form.label if d.form else "", d.start_date, d.end_date, d.decision_ref or ""
            )
            for d in discipline
        ),
        awards=tuple(awards.history(session, SubjectRef(SubjectKind.INDIVIDUAL, individual_id))),
    )


# --- Households -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdDetail:
    id: int
    head_name: str
    address: str
    village: str
    commune: str
    note: str
    members: tuple[MemberInput, ...]
    awards: tuple[awards.HistoryRow, ...]


def household_detail(session: Session, household_id: int) -> HouseholdDetail:
    hh = get_live(session, Household, household_id, _("Household"))
    village = session.get(Unit, hh.village_id) if hh.village_id else None
    commune = session.get(Unit, hh.commune_id) if hh.commune_id else None
    return HouseholdDetail(
        id=hh.id,
        head_name=hh.head_name,
        address=hh.address,
        village=village.name if village else "",
        commune=commune.name if commune else "",
        note=hh.note or "",
        members=tuple(
            MemberInput(m.full_name, m.relation, m.birth_year, m.individual_id) for m in hh.members
        ),
        awards=tuple(awards.history(session, SubjectRef(SubjectKind.HOUSEHOLD, household_id))),
    )


def unit_awards(session: Session, unit_id: int) -> list[awards.HistoryRow]:
    return awards.history(session, SubjectRef(SubjectKind.UNIT, unit_id))


# --- Nominations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    at: str
    actor: str
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class NominationDetail:
    id: int
    subject: SubjectRef
    subject_name: str
    campaign_id: int
    campaign: str
    award_form: str
    requires_vote: bool
    proposing_unit: str
    phase: str
    year: int | None
    filed_on: date | None
    summary: str
    note: str
    status: NominationStatus
    status_note: str
    votes: str
    decision: str
    events: tuple[EventRow, ...]
    override: str = ""  # why a file judged not eligible moved on anyway (gate.override_text)


def nomination_detail(session: Session, nomination_id: int) -> NominationDetail:
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    ref = SubjectRef(n.subject_kind, n.subject_id)
    form = session.get(AwardForm, n.award_form_id)
    campaign = session.get(Campaign, n.campaign_id)
    proposer = session.get(Unit, n.proposing_unit_id) if n.proposing_unit_id else None
    phase = session.get(CampaignPhase, n.phase_id) if n.phase_id else None
    decision = session.get(Decision, n.decision_id) if n.decision_id else None
    votes = ""
    if n.council_size:
        votes = f"{n.votes_for or 0}/{n.council_size}"
    events = session.scalars(
        select(NominationEvent).where(NominationEvent.nomination_id == n.id).order_by(NominationEvent.id)
    )
    return NominationDetail(
        id=n.id,
        subject=ref,
        subject_name=display_name(load_subject(session, ref)),
        campaign_id=n.campaign_id,
        campaign=(campaign.short_title or campaign.title) if campaign else "",
        award_form=form.name if form else "",
        requires_vote=bool(form and form.requires_vote),
        proposing_unit=proposer.name if proposer else "",
        phase=phase.name if phase else "",
        year=n.year,
        filed_on=n.filed_on,
        summary=n.summary,
        note=n.note or "",
        status=n.status,
        status_note=n.status_note or "",
        votes=votes,
        decision=f"{decision.number} ({day(decision.signed_on)})" if decision else "",
        events=tuple(
            EventRow(
                local_time(e.at),
                e.actor,
                e.from_status.label if e.from_status else "",
                e.to_status.label,
                e.note or "",
            )
            for e in events
        ),
        override=override_text(n),
    )


# --- Achievements -----------------------------------------------------------------------------


# --- Awards -----------------------------------------------------------------------------------
