"""Campaigns (phong trào thi đua): the whole plan as one portable definition, and its quotas.

A definition names award forms and kinds of unit by their stable codes, not by
database ids, so a province can send it to its districts (campaign workbook,
exchange files) and the seed plans can ship as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from emudesk.db.models import (
    AwardForm,
    Campaign,
    CampaignPhase,
    CampaignTarget,
    Criterion,
    Milestone,
    Nomination,
    OfferedForm,
    Participant,
    Quota,
    UnitKind,
)
from emudesk.domain.enums import (
    CampaignKind,
    CampaignStatus,
    MilestoneKind,
    QuotaKind,
    QuotaScope,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.campaigns import quotas as quota_service
from emudesk.services.core.common import check_period, get_live, mark_deleted, required


@dataclass
class PhaseDef:
    name: str
    start_date: date | None = None
    end_date: date | None = None
    description: str | None = None


@dataclass
class MilestoneDef:
    kind: MilestoneKind
    title: str
    due_date: date
    when_text: str = ""
    recurrence: Recurrence = Recurrence.NONE
    actor: str = ""
    phase: str | None = None  # a PhaseDef name
    done: bool = False


@dataclass
class TargetDef:
    description: str
    value: Decimal | None = None
    unit: str = ""
    comparator: str = ">="
    target_year: int | None = None
    result_value: Decimal | None = None


@dataclass
class ParticipantDef:
    subject_kind: SubjectKind
    description: str
    unit_kind: str | None = None  # UnitKind code


@dataclass
class CriterionDef:
    text: str
    group: str = ""
    code: str = ""
    subject_kind: SubjectKind | None = None
    unit_kind: str | None = None
    award_form: str | None = None  # AwardForm code
    children: list[CriterionDef] = field(default_factory=list)


@dataclass
class OfferedFormDef:
    award_form: str  # AwardForm code
    for_units: bool = True
    for_individuals: bool = True
    for_households: bool = False
    within_authority: bool = False
    note: str | None = None


@dataclass
class QuotaDef:
    label: str
    forms: list[str]  # AwardForm codes counted together
    kind: QuotaKind = QuotaKind.COUNT
    scope: QuotaScope = QuotaScope.CAMPAIGN
    subject_kind: SubjectKind | None = None
    unit_kind: str | None = None
    limit: int | None = None
    ratio_percent: Decimal | None = None
    base_forms: list[str] = field(default_factory=list)
    phase: str | None = None
    year: int | None = None
    note: str | None = None
    source: str = ""


@dataclass
class CampaignDef:
    """Everything a plan defines, in plain values."""

    title: str
    kind: CampaignKind
    short_title: str = ""
    plan_number: str = ""
    plan_symbol: str = ""
    issuing_body: str = ""
    place: str = ""
    issue_date: date | None = None
    status: CampaignStatus = CampaignStatus.ACTIVE
    start_date: date | None = None
    end_date: date | None = None
    period_label: str = ""
    legal_basis: str | None = None
    purpose: str | None = None
    content: str | None = None
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    note: str | None = None
    phases: list[PhaseDef] = field(default_factory=list)
    milestones: list[MilestoneDef] = field(default_factory=list)
    targets: list[TargetDef] = field(default_factory=list)
    participants: list[ParticipantDef] = field(default_factory=list)
    criteria: list[CriterionDef] = field(default_factory=list)
    offered_forms: list[OfferedFormDef] = field(default_factory=list)
    quotas: list[QuotaDef] = field(default_factory=list)

    @property
    def plan_ref(self) -> str:
        if not self.plan_symbol:
            return self.plan_number
        return f"{self.plan_number}/{self.plan_symbol}"


# --- JSON (seed plans, exchange) -------------------------------------------------------------

_NESTED: dict[str, type] = {
    "phases": PhaseDef,
    "milestones": MilestoneDef,
    "targets": TargetDef,
    "participants": ParticipantDef,
    "criteria": CriterionDef,
    "children": CriterionDef,
    "offered_forms": OfferedFormDef,
    "quotas": QuotaDef,
}
_ENUMS: dict[str, type] = {
    "kind": object,  # resolved per class below
    "status": CampaignStatus,
    "recurrence": Recurrence,
    "subject_kind": SubjectKind,
    "scope": QuotaScope,
}
_KIND_ENUM = {CampaignDef: CampaignKind, MilestoneDef: MilestoneKind, QuotaDef: QuotaKind}
_DATES = {"issue_date", "start_date", "end_date", "due_date"}
_DECIMALS = {"value", "result_value", "ratio_percent"}


def _build(cls: type, data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValidationError(
            _("Unknown fields in campaign definition: {names}").format(names=", ".join(sorted(unknown)))
        )
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key in _NESTED and isinstance(value, list):
            kwargs[key] = [_build(_NESTED[key], item) for item in value]
        elif value is None:
            kwargs[key] = None
        elif key == "kind":
            kwargs[key] = _KIND_ENUM[cls](value)
        elif key in _ENUMS:
            kwargs[key] = _ENUMS[key](value)
        elif key in _DATES:
            kwargs[key] = date.fromisoformat(value)
        elif key in _DECIMALS:
            kwargs[key] = Decimal(str(value))
        else:
            kwargs[key] = value
    return cls(**kwargs)


def definition_from_dict(data: dict[str, Any]) -> CampaignDef:
    try:
        result: CampaignDef = _build(CampaignDef, data)
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise ValidationError(_("The campaign definition is not valid: {reason}").format(reason=exc)) from exc
    return result


def definition_to_dict(defn: CampaignDef) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v not in (None, [], "")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if hasattr(value, "value") and isinstance(value.value, str):
            return value.value
        return value

    out: dict[str, Any] = clean(asdict(defn))
    out.setdefault("title", defn.title)
    out.setdefault("kind", defn.kind.value)
    return out


def load_definition(path: Path) -> CampaignDef:
    return definition_from_dict(json.loads(path.read_text(encoding="utf-8")))


# --- Writing ---------------------------------------------------------------------------------


def _form_ids(session: Session, codes: list[str]) -> dict[str, AwardForm]:
    wanted = {c for c in codes if c}
    found = {f.code: f for f in session.scalars(select(AwardForm).where(AwardForm.code.in_(wanted)))}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(_("Unknown award form code(s): {codes}").format(codes=", ".join(missing)))
    return found


def _kind_ids(session: Session, codes: list[str]) -> dict[str, int]:
    wanted = {c for c in codes if c}
    found = dict(session.execute(select(UnitKind.code, UnitKind.id).where(UnitKind.code.in_(wanted))).all())
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(_("Unknown kind(s) of unit: {codes}").format(codes=", ".join(missing)))
    return found


def _walk(criteria: list[CriterionDef]) -> list[CriterionDef]:
    out: list[CriterionDef] = []
    for c in criteria:
        out.append(c)
        out.extend(_walk(c.children))
    return out


def _validate(defn: CampaignDef) -> None:
    required(defn.title, "title", _("Title"))
    check_period(defn.start_date, defn.end_date)
    names = [p.name for p in defn.phases]
    if len(set(names)) != len(names):
        raise ValidationError(_("Two phases have the same name."), fields={"phases": _("Duplicate name")})
    for p in defn.phases:
        required(p.name, "phases", _("Phase name"))
        check_period(p.start_date, p.end_date, "phases")
    for m in defn.milestones:
        required(m.title, "milestones", _("Milestone"))
        if m.phase is not None and m.phase not in names:
            raise ValidationError(_("Milestone “{title}” refers to an unknown phase.").format(title=m.title))
    for q in defn.quotas:
        required(q.label, "quotas", _("Quota label"))
        if q.kind is not QuotaKind.PRIORITY and not q.forms:
            raise ValidationError(
                _("Quota “{label}” must count at least one award form.").format(label=q.label)
            )
        if q.kind is QuotaKind.COUNT and (q.limit is None or q.limit < 0):
            raise ValidationError(_("Quota “{label}” needs a limit of 0 or more.").format(label=q.label))
        if q.kind is QuotaKind.RATIO and (
            q.ratio_percent is None or not 0 < q.ratio_percent <= 100 or not q.base_forms
        ):
            raise ValidationError(
                _("Ratio quota “{label}” needs a percentage (0–100) and the forms it is a share of.").format(
                    label=q.label
                )
            )
        if q.unit_kind and q.subject_kind not in (None, SubjectKind.UNIT):
            raise ValidationError(
                _("Quota “{label}”: a kind of unit only applies to collectives.").format(label=q.label)
            )
        if q.phase is not None and q.phase not in names:
            raise ValidationError(_("Quota “{label}” refers to an unknown phase.").format(label=q.label))
    for t in defn.targets:
        required(t.description, "targets", _("Target"))
        if t.comparator not in {">=", ">", "<=", "<", "="}:
            raise ValidationError(_("Unknown comparison “{c}”.").format(c=t.comparator))


def _write(session: Session, campaign: Campaign, defn: CampaignDef) -> None:
    _validate(defn)
    criteria = _walk(defn.criteria)
    form_codes = [o.award_form for o in defn.offered_forms] + [c.award_form or "" for c in criteria]
    for q in defn.quotas:
        form_codes += q.forms + q.base_forms
    forms = _form_ids(session, form_codes)
    kind_codes = [p.unit_kind or "" for p in defn.participants] + [c.unit_kind or "" for c in criteria]
    kind_codes += [q.unit_kind or "" for q in defn.quotas]
    kinds = _kind_ids(session, kind_codes)

    for attr in (
        "title",
        "short_title",
        "plan_number",
        "plan_symbol",
        "issuing_body",
        "place",
        "issue_date",
        "kind",
        "status",
        "start_date",
        "end_date",
        "period_label",
        "legal_basis",
        "purpose",
        "content",
        "signer_authority",
        "signer_title",
        "signer_name",
        "note",
    ):
        setattr(campaign, attr, getattr(defn, attr))
    campaign.plan_number = nfc(defn.plan_number or "")
    campaign.plan_symbol = nfc(defn.plan_symbol or "").upper()

    _sync_phases(session, campaign, defn.phases)
    phase_ids = {p.name: p.id for p in campaign.phases}
    campaign.milestones = [
        Milestone(
            kind=m.kind,
            title=m.title,
            due_date=m.due_date,
            when_text=m.when_text,
            recurrence=m.recurrence,
            actor=m.actor,
            phase_id=phase_ids.get(m.phase) if m.phase else None,
            done=m.done,
        )
        # Kept in date order (ties as the plan lists them), the order they are read back in.
        for m in sorted(defn.milestones, key=lambda m: m.due_date)
    ]
    campaign.targets = [
        CampaignTarget(
            position=i,
            description=t.description,
            comparator=t.comparator,
            value=t.value,
            unit=t.unit,
            target_year=t.target_year,
            result_value=t.result_value,
        )
        for i, t in enumerate(defn.targets)
    ]
    campaign.participants = [
        Participant(
            position=i,
            subject_kind=p.subject_kind,
            description=p.description,
            unit_kind_id=kinds[p.unit_kind] if p.unit_kind else None,
        )
        for i, p in enumerate(defn.participants)
    ]
    campaign.offered_forms = [
        OfferedForm(
            position=i,
            award_form_id=forms[o.award_form].id,
            for_units=o.for_units,
            for_individuals=o.for_individuals,
            for_households=o.for_households,
            within_authority=o.within_authority,
            note=o.note,
        )
        for i, o in enumerate(defn.offered_forms)
    ]
    campaign.criteria = []
    session.flush()
    position = 0

    def add_criteria(items: list[CriterionDef], parent: Criterion | None) -> None:
        nonlocal position
        for c in items:
            row = Criterion(
                campaign_id=campaign.id,
                parent_id=parent.id if parent else None,
                position=position,
                code=c.code,
                group=c.group,
                subject_kind=c.subject_kind,
                text=c.text,
                unit_kind_id=kinds[c.unit_kind] if c.unit_kind else None,
                award_form_id=forms[c.award_form].id if c.award_form else None,
            )
            position += 1
            campaign.criteria.append(row)
            session.flush()
            add_criteria(c.children, row)

    add_criteria(defn.criteria, None)
    _write_quotas(session, campaign, defn.quotas, forms, kinds, phase_ids)


def _write_quotas(
    session: Session,
    campaign: Campaign,
    defs: list[QuotaDef],
    forms: dict[str, AwardForm],
    kinds: dict[str, int],
    phase_ids: dict[str, int],
) -> None:
    campaign.quotas = [
        Quota(
            position=i,
            label=q.label,
            kind=q.kind,
            scope=q.scope,
            subject_kind=q.subject_kind,
            unit_kind_id=kinds[q.unit_kind] if q.unit_kind else None,
            phase_id=phase_ids.get(q.phase) if q.phase else None,
            year=q.year,
            limit_count=q.limit if q.kind is QuotaKind.COUNT else None,
            ratio_percent=q.ratio_percent if q.kind is QuotaKind.RATIO else None,
            note=q.note,
            source=q.source,
            forms=[forms[c] for c in q.forms],
            base_forms=[forms[c] for c in q.base_forms],
        )
        for i, q in enumerate(defs)
    ]
    session.flush()
    # A quota may never stand exceeded: refuse an edit that lowers a cap below the places taken.
    for use in quota_service.usage(session, campaign.id):
        if use.limit is not None and use.used > use.limit:
            raise ConflictError(
                _(
                    "Quota “{label}” would allow {limit} but {used} places are already taken; "
                    "withdraw or return nominations first."
                ).format(label=use.label, limit=use.limit, used=use.used)
            )


def create_campaign(session: Session, defn: CampaignDef) -> int:
    campaign = Campaign(title=defn.title, kind=defn.kind)
    session.add(campaign)
    session.flush()
    _write(session, campaign, defn)
    session.flush()
    return campaign.id


def _sync_phases(session: Session, campaign: Campaign, defs: list[PhaseDef]) -> None:
    """Update phases in place by name, so nominations keep pointing at them; refuse removing used ones."""
    old = {p.name: p for p in campaign.phases}
    wanted = {p.name for p in defs}
    removed = [p.id for name, p in old.items() if name not in wanted and p.id is not None]
    if removed:
        used = session.scalar(
            select(func.count()).select_from(Nomination).where(Nomination.phase_id.in_(removed))
        )
        if used:
            raise ConflictError(_("A phase that nominations refer to cannot be removed."))
    rows = []
    for i, p in enumerate(defs):
        row = old.get(p.name) or CampaignPhase(name=p.name)
        row.position, row.start_date, row.end_date, row.description = (
            i,
            p.start_date,
            p.end_date,
            p.description,
        )
        rows.append(row)
    campaign.phases = rows
    session.flush()


def update_campaign(session: Session, campaign_id: int, defn: CampaignDef) -> None:
    """Replace a campaign's whole definition (phases are matched by name)."""
    _write(session, _load(session, campaign_id), defn)
    session.flush()


def delete_campaign(session: Session, campaign_id: int) -> None:
    campaign = get_live(session, Campaign, campaign_id, _("Campaign"))
    held = session.scalar(
        select(func.count())
        .select_from(Nomination)
        .where(Nomination.campaign_id == campaign_id, Nomination.deleted_at.is_(None))
    )
    if held:
        raise ConflictError(
            _("“{title}” has {n} nominations; it can be closed but not deleted.").format(
                title=campaign.title, n=held
            )
        )
    mark_deleted(campaign)


def restore_campaign(session: Session, campaign_id: int) -> None:
    """Take a campaign out of the bin (the GUI's undo and bin call this)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFoundError(_("Campaign #{id} does not exist.").format(id=campaign_id))
    campaign.deleted_at = None


def _load(session: Session, campaign_id: int) -> Campaign:
    campaign = session.scalar(
        select(Campaign)
        .where(Campaign.id == campaign_id, Campaign.deleted_at.is_(None))
        .options(
            selectinload(Campaign.phases),
            selectinload(Campaign.milestones),
            selectinload(Campaign.targets),
            selectinload(Campaign.participants),
            selectinload(Campaign.criteria),
            selectinload(Campaign.offered_forms),
            selectinload(Campaign.quotas).selectinload(Quota.forms),
            selectinload(Campaign.quotas).selectinload(Quota.base_forms),
        )
    )
    if campaign is None:
        raise NotFoundError(_("Campaign #{id} does not exist.").format(id=campaign_id))
    return campaign


# --- Reading ---------------------------------------------------------------------------------


def get_definition(session: Session, campaign_id: int) -> CampaignDef:
    """The campaign as a portable definition (codes, not ids): for the editor, export and exchange."""
    c = _load(session, campaign_id)
    kind_codes = dict(session.execute(select(UnitKind.id, UnitKind.code)).all())
    form_codes = dict(session.execute(select(AwardForm.id, AwardForm.code)).all())
    phase_names = {p.id: p.name for p in c.phases}
    by_parent: dict[int | None, list[Criterion]] = {}
    for row in c.criteria:
        by_parent.setdefault(row.parent_id, []).append(row)

    def crit(parent: int | None) -> list[CriterionDef]:
        return [
            CriterionDef(
                text=r.text,
                group=r.group,
                code=r.code,
                subject_kind=r.subject_kind,
                unit_kind=kind_codes.get(r.unit_kind_id) if r.unit_kind_id else None,
                award_form=form_codes.get(r.award_form_id) if r.award_form_id else None,
                children=crit(r.id),
            )
            for r in sorted(by_parent.get(parent, []), key=lambda r: r.position)
        ]

    return CampaignDef(
        title=c.title,
        kind=c.kind,
        short_title=c.short_title,
        plan_number=c.plan_number,
        plan_symbol=c.plan_symbol,
        issuing_body=c.issuing_body,
        place=c.place,
        issue_date=c.issue_date,
        status=c.status,
        start_date=c.start_date,
        end_date=c.end_date,
        period_label=c.period_label,
        legal_basis=c.legal_basis,
        purpose=c.purpose,
        content=c.content,
        signer_authority=c.signer_authority,
        signer_title=c.signer_title,
        signer_name=c.signer_name,
        note=c.note,
        phases=[PhaseDef(p.name, p.start_date, p.end_date, p.description) for p in c.phases],
        milestones=[
            MilestoneDef(
                m.kind,
                m.title,
                m.due_date,
                m.when_text,
                m.recurrence,
                m.actor,
                phase_names.get(m.phase_id) if m.phase_id else None,
                m.done,
            )
            for m in c.milestones
        ],
        targets=[
            TargetDef(t.description, t.value, t.unit, t.comparator, t.target_year, t.result_value)
            for t in c.targets
        ],
        participants=[
            ParticipantDef(
                p.subject_kind, p.description, kind_codes.get(p.unit_kind_id) if p.unit_kind_id else None
            )
            for p in c.participants
        ],
        criteria=crit(None),
        offered_forms=[
            OfferedFormDef(
                form_codes[o.award_form_id],
                o.for_units,
                o.for_individuals,
                o.for_households,
                o.within_authority,
                o.note,
            )
            for o in c.offered_forms
        ],
        quotas=[
            QuotaDef(
                label=q.label,
                forms=[f.code for f in q.forms],
                kind=q.kind,
                scope=q.scope,
                subject_kind=q.subject_kind,
                unit_kind=kind_codes.get(q.unit_kind_id) if q.unit_kind_id else None,
                limit=q.limit_count,
                ratio_percent=q.ratio_percent,
                base_forms=[f.code for f in q.base_forms],
                phase=phase_names.get(q.phase_id) if q.phase_id else None,
                year=q.year,
                note=q.note,
                source=q.source,
            )
            for q in c.quotas
        ],
    )


@dataclass(frozen=True)
class NextMilestone:
    campaign_id: int
    campaign_title: str
    kind: MilestoneKind
    title: str
    due_date: date
    when_text: str


def next_milestones(session: Session, today: date) -> list[NextMilestone]:
    """For each open campaign, the next milestone not done (yearly ones roll over to this year)."""
    out = []
    rows = session.execute(
        select(Campaign.id, Campaign.title, Milestone)
        .join(Milestone, Milestone.campaign_id == Campaign.id)
        .where(
            Campaign.deleted_at.is_(None), Campaign.status == CampaignStatus.ACTIVE, Milestone.done.is_(False)
        )
        .order_by(Campaign.id, Milestone.due_date)
    )
    best: dict[int, NextMilestone] = {}
    for cid, title, m in rows:
        due = m.due_date
        if m.recurrence is Recurrence.YEARLY:
            due = _roll(due, today)
        if due < today:
            continue
        current = best.get(cid)
        if current is None or due < current.due_date:
            best[cid] = NextMilestone(cid, title, m.kind, m.title, due, m.when_text)
    out = sorted(best.values(), key=lambda n: n.due_date)
    return out


def _roll(due: date, today: date) -> date:
    try:
        rolled = due.replace(year=today.year)
    except ValueError:  # 29/02
        rolled = due.replace(year=today.year, day=28)
    if rolled < today:
        rolled = rolled.replace(year=today.year + 1)
    return max(rolled, due)
