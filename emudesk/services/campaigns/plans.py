"""Writing a campaign's plan into the database and reading it back as a ``CampaignDef``.

Child rows (phases, criteria, targets, quotas…) are written from the definition; the
definition itself, its JSON form and its database-free checks live in ``definition``.
"""

from __future__ import annotations

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
    QuotaKind,
)
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.campaigns import quotas as quota_service
from emudesk.services.campaigns.definition import (
    CampaignDef,
    CriterionDef,
    MilestoneDef,
    OfferedFormDef,
    ParticipantDef,
    PhaseDef,
    QuotaDef,
    TargetDef,
    validate_definition,
    walk_criteria,
)
from emudesk.services.core.common import get_live, mark_deleted

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


def _write(session: Session, campaign: Campaign, defn: CampaignDef) -> None:
    validate_definition(defn)
    criteria = walk_criteria(defn.criteria)
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
