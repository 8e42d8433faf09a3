"""Small lists for pickers and the catalogue screen: units, kinds of unit, award forms, campaigns.

Each returns frozen dataclasses built inside the session, never ORM objects.
A province has a few thousand units at most, so the unit list is loaded whole;
people and households are searched in SQL (``search_subjects``) instead.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AwardForm,
    Campaign,
    CampaignPhase,
    Criterion,
    Household,
    Individual,
    OfferedForm,
    Unit,
    UnitKind,
)
from emudesk.domain.enums import AwardCategory, AwardLevel, AwardType, CampaignStatus, SubjectKind
from emudesk.services.core.common import SubjectRef, display_name, household_title, load_subject
from emudesk.services.core.paging import fold_words


@dataclass(frozen=True)
class UnitChoice:
    id: int
    name: str
    short_name: str
    fold: str
    kind_id: int
    parent_id: int | None
    dissolved: bool


def units(session: Session) -> list[UnitChoice]:
    """Every live unit in Vietnamese order, dissolved ones flagged."""
    today = date.today()
    rows = session.execute(
        select(
            Unit.id, Unit.name, Unit.short_name, Unit.name_fold, Unit.kind_id, Unit.parent_id, Unit.valid_to
        )
        .where(Unit.deleted_at.is_(None))
        .order_by(Unit.sort_key, Unit.id)
    )
    return [
        UnitChoice(uid, name, short or "", fold.lstrip(), kind, parent, end is not None and end < today)
        for uid, name, short, fold, kind, parent, end in rows
    ]


@dataclass(frozen=True)
class UnitKindRow:
    id: int
    code: str
    name: str
    tier: str
    historical: bool
    note: str


def unit_kinds(session: Session) -> list[UnitKindRow]:
    rows = session.scalars(select(UnitKind).order_by(UnitKind.sort_order, UnitKind.id))
    return [UnitKindRow(k.id, k.code, k.name, k.tier, k.historical, k.note or "") for k in rows]


@dataclass(frozen=True)
class AwardFormRow:
    id: int
    code: str
    name: str
    short_name: str
    category: AwardCategory
    level: AwardLevel
    authority: str
    for_units: bool
    for_individuals: bool
    for_households: bool
    yearly: bool
    requires_vote: bool
    default_award_type: AwardType
    coefficient_individual: Decimal | None
    coefficient_collective: Decimal | None
    active: bool
    source: str
    # A form of a named authority: the id of the legal kind it is (AwardForm.kind_of_id).
    kind_of_id: int | None = None

    def allows(self, kind: SubjectKind) -> bool:
        return {
            SubjectKind.UNIT: self.for_units,
            SubjectKind.INDIVIDUAL: self.for_individuals,
            SubjectKind.HOUSEHOLD: self.for_households,
        }[kind]

    @property
    def subjects_text(self) -> str:
        return ", ".join(k.label.lower() for k in SubjectKind if self.allows(k))


def award_form_row(f: AwardForm) -> AwardFormRow:
    return AwardFormRow(
        f.id,
        f.code,
        f.name,
        f.short_name,
        f.category,
        f.level,
        f.authority,
        f.for_units,
        f.for_individuals,
        f.for_households,
        f.yearly,
        f.requires_vote,
        f.default_award_type,
        f.coefficient_individual,
        f.coefficient_collective,
        f.active,
        f.source,
        f.kind_of_id,
    )


def award_forms(session: Session, *, active_only: bool = False) -> list[AwardFormRow]:
    stmt = select(AwardForm).order_by(AwardForm.sort_order, AwardForm.id)
    if active_only:
        stmt = stmt.where(AwardForm.active.is_(True))
    return [award_form_row(f) for f in session.scalars(stmt)]


@dataclass(frozen=True)
class CampaignChoice:
    id: int
    label: str
    status: CampaignStatus


def campaigns(session: Session) -> list[CampaignChoice]:
    """Live campaigns, active ones first, newest plan first."""
    rows = session.execute(
        select(Campaign.id, Campaign.short_title, Campaign.title, Campaign.status)
        .where(Campaign.deleted_at.is_(None))
        .order_by(Campaign.issue_date.desc().nulls_last(), Campaign.id.desc())
    ).all()
    out = [CampaignChoice(cid, short or title, status) for cid, short, title, status in rows]
    return sorted(out, key=lambda c: c.status is not CampaignStatus.ACTIVE)


@dataclass(frozen=True)
class OfferedFormRow:
    award_form_id: int
    name: str
    for_units: bool
    for_individuals: bool
    for_households: bool

    def allows(self, kind: SubjectKind) -> bool:
        return {
            SubjectKind.UNIT: self.for_units,
            SubjectKind.INDIVIDUAL: self.for_individuals,
            SubjectKind.HOUSEHOLD: self.for_households,
        }[kind]


def offered_forms(session: Session, campaign_id: int) -> list[OfferedFormRow]:
    """The forms a campaign's plan offers; a plan offering none allows every active form."""
    rows = session.execute(
        select(OfferedForm, AwardForm.name)
        .join(AwardForm, AwardForm.id == OfferedForm.award_form_id)
        .where(OfferedForm.campaign_id == campaign_id)
        .order_by(OfferedForm.position)
    ).all()
    if rows:
        return [
            OfferedFormRow(o.award_form_id, name, o.for_units, o.for_individuals, o.for_households)
            for o, name in rows
        ]
    return [
        OfferedFormRow(f.id, f.name, f.for_units, f.for_individuals, f.for_households)
        for f in award_forms(session, active_only=True)
    ]


def nomination_year(session: Session, campaign_id: int, today: date) -> int:
    """The year a new file of the campaign is for, unless typed: this year, kept within its period.

    An office reviews a year's work in the first weeks of the next, when the plan of that year has
    ended: its files are for the plan's last year, not the calendar's.
    """
    start, end = session.execute(
        select(Campaign.start_date, Campaign.end_date).where(Campaign.id == campaign_id)
    ).one()
    year = today.year
    if end is not None:
        year = min(year, end.year)
    if start is not None:
        year = max(year, start.year)
    return year


def phases(session: Session, campaign_id: int) -> list[tuple[int, str]]:
    rows = session.execute(
        select(CampaignPhase.id, CampaignPhase.name)
        .where(CampaignPhase.campaign_id == campaign_id)
        .order_by(CampaignPhase.position)
    )
    return [(pid, name) for pid, name in rows]


@dataclass(frozen=True)
class CriterionRow:
    id: int
    parent_id: int | None
    code: str
    group: str
    text: str
    subject_kind: SubjectKind | None


def criteria(session: Session, campaign_id: int) -> list[CriterionRow]:
    """A campaign's criteria in plan order; children follow their parent."""
    rows = session.scalars(
        select(Criterion).where(Criterion.campaign_id == campaign_id).order_by(Criterion.position)
    )
    return [CriterionRow(c.id, c.parent_id, c.code, c.group, c.text, c.subject_kind) for c in rows]


def search_subjects(session: Session, kind: SubjectKind, text: str, limit: int = 30) -> list[tuple[int, str]]:
    """Live subjects of ``kind`` whose name matches ``text`` (diacritics ignored), for a picker."""
    if kind is SubjectKind.INDIVIDUAL:
        rows = session.execute(
            select(Individual.id, Individual.full_name, Individual.birth_year, Unit.short_name, Unit.name)
            .outerjoin(Unit, Unit.id == Individual.unit_id)
            .where(Individual.deleted_at.is_(None), fold_words(Individual.name_fold, text))
            .order_by(Individual.sort_key, Individual.id)
            .limit(limit)
        )
        out = []
        for iid, name, year, short, uname in rows:
            extra = ", ".join(str(p) for p in (year, short or uname) if p)
            out.append((iid, f"{name} ({extra})" if extra else name))
        return out
    if kind is SubjectKind.UNIT:
        unit_rows = session.execute(
            select(Unit.id, Unit.name)
            .where(Unit.deleted_at.is_(None), fold_words(Unit.name_fold, text))
            .order_by(Unit.sort_key, Unit.id)
            .limit(limit)
        )
        return [(uid, name) for uid, name in unit_rows]
    hh_rows = session.execute(
        select(Household.id, Household.head_name, Household.address)
        .where(Household.deleted_at.is_(None), fold_words(Household.name_fold, text))
        .order_by(Household.sort_key, Household.id)
        .limit(limit)
    )
    return [
        (hid, household_title(head) + (f" – {address}" if address else "")) for hid, head, address in hh_rows
    ]


def subject_name(session: Session, ref: SubjectRef) -> str:
    return display_name(load_subject(session, ref))


def template_choices(session: Session) -> dict[str, list[str]]:
    """The drop-down lists only the database knows: kinds of unit, units, award forms (by name)."""
    kinds = list(session.scalars(select(UnitKind.name).order_by(UnitKind.sort_order, UnitKind.id)))
    rows = session.execute(
        select(Unit.id, Unit.name, Unit.parent_id)
        .where(Unit.deleted_at.is_(None))
        .order_by(Unit.sort_key, Unit.id)
    ).all()
    names = {uid: name for uid, name, _p in rows}
    shared = {n for n, count in Counter(names.values()).items() if count > 1}
    # A name several units share is offered with its parent, a form the import resolves ("A - B").
    units = list(
        dict.fromkeys(
            f"{name} - {names[parent]}" if name in shared and parent in names else name
            for _i, name, parent in rows
        )
    )
    forms = list(
        session.scalars(
            select(AwardForm.name)
            .where(AwardForm.active.is_(True))
            .order_by(AwardForm.sort_order, AwardForm.id)
        )
    )
    return {"unit_kinds": kinds, "units": units, "award_forms": forms}
