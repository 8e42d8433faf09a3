"""Writing a campaign's plan into the database and reading it back as a ``CampaignDef``.

Child rows (phases, criteria, targets, quotas…) are written from the definition; the
definition itself, its JSON form and its database-free checks live in ``definition``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from textwrap import shorten
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from emudesk.db.models import (
    Achievement,
    AwardForm,
    Campaign,
    CampaignPhase,
    CampaignTarget,
    CampaignTheme,
    Criterion,
    Milestone,
    Nomination,
    OfferedForm,
    Participant,
    Quota,
    UnitKind,
    achievement_criteria,
)
from emudesk.domain.enums import (
    QuotaKind,
)
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.campaigns import quotas as quota_service
from emudesk.services.campaigns.definition import (
    AwardFormDef,
    CampaignDef,
    CriterionDef,
    MilestoneDef,
    OfferedFormDef,
    ParticipantDef,
    PhaseDef,
    QuotaDef,
    TargetDef,
    ThemeDef,
    validate_definition,
    walk_criteria,
)
from emudesk.services.core.common import get_live, mark_deleted
from emudesk.services.core.rights import requires

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


def _add_authority_forms(session: Session, defs: list[AwardFormDef]) -> None:
    """Put a plan's forms of a named authority in the catalogue, each under its legal kind.

    A form already catalogued keeps its row; it must be of the same kind (a plan cannot make a
    Giấy khen count as a Bằng khen).
    """
    if not defs:
        return
    kinds = _form_ids(session, [d.kind_of for d in defs])
    existing = {
        f.code: f
        for f in session.scalars(select(AwardForm).where(AwardForm.code.in_([d.code for d in defs])))
    }
    for d in defs:
        kind = kinds[d.kind_of].legal_kind
        row = existing.get(d.code)
        if row is not None:
            if row.legal_kind.id != kind.id:
                raise ValidationError(
                    _("Award form {code} is already in the catalogue as a kind of {kind}.").format(
                        code=d.code, kind=row.legal_kind.name
                    )
                )
            continue
        session.add(
            AwardForm(
                code=d.code,
                name=nfc(d.name),
                short_name=nfc(d.short_name or d.name),
                category=kind.category,
                level=kind.level,
                authority=nfc(d.authority),
                for_units=kind.for_units,
                for_individuals=kind.for_individuals,
                for_households=kind.for_households,
                yearly=kind.yearly,
                requires_vote=kind.requires_vote,
                default_award_type=kind.default_award_type,
                coefficient_individual=kind.coefficient_individual,
                coefficient_collective=kind.coefficient_collective,
                sort_order=kind.sort_order,
                source=kind.source,
                kind_of=kind,
            )
        )
    session.flush()


def _write(session: Session, campaign: Campaign, defn: CampaignDef) -> None:
    validate_definition(defn)
    _add_authority_forms(session, defn.award_forms)
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
        "issue_date_precision",
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
        "requirements",
        "organisation",
        "recipients",
    ):
        setattr(campaign, attr, getattr(defn, attr))
    campaign.plan_number = nfc(defn.plan_number or "")
    campaign.plan_symbol = nfc(defn.plan_symbol or "").upper()
    campaign.organizer_level = defn.organizer_level
    campaign.scope = defn.organizing_scope

    _sync_phases(session, campaign, defn.phases)
    phase_ids = {p.name: p.id for p in campaign.phases}
    campaign.themes = _sync_rows(
        campaign.themes,
        [{"name": t.name, "content": t.content} for t in defn.themes],
        ("name",),
        CampaignTheme,
    )
    # Targets point at the theme objects: the flush inserts new themes before the targets and
    # deletes dropped ones after.
    themes = {t.name: t for t in campaign.themes}
    # Kept in date order (ties as the plan lists them), the order they are read back in.
    campaign.milestones = _sync_rows(
        campaign.milestones,
        [
            {
                "kind": m.kind,
                "title": m.title,
                "due_date": m.due_date,
                "due_precision": m.due_precision,
                "when_text": m.when_text,
                "recurrence": m.recurrence,
                "actor": m.actor,
                "phase_id": phase_ids.get(m.phase) if m.phase else None,
                "done": m.done,
            }
            for m in sorted(defn.milestones, key=lambda m: m.due_date or date.max)
        ],
        ("kind", "title"),
        Milestone,
        ordered=False,
    )
    campaign.targets = _sync_rows(
        campaign.targets,
        [
            {
                "description": t.description,
                "comparator": t.comparator,
                "value": t.value,
                "unit": t.unit,
                "target_year": t.target_year,
                "result_value": t.result_value,
                "value_max": t.value_max,
                "value_scale": scale_of(t.value),
                "value_max_scale": scale_of(t.value_max),
                "multiplier": t.multiplier,
                "theme": themes[t.theme] if t.theme else None,
            }
            for t in defn.targets
        ],
        ("description",),
        CampaignTarget,
    )
    campaign.participants = _sync_rows(
        campaign.participants,
        [
            {
                "subject_kind": p.subject_kind,
                "description": p.description,
                "unit_kind_id": kinds[p.unit_kind] if p.unit_kind else None,
            }
            for p in defn.participants
        ],
        ("subject_kind", "unit_kind_id"),
        Participant,
    )
    campaign.offered_forms = _sync_rows(
        campaign.offered_forms,
        [
            {
                "award_form_id": forms[o.award_form].id,
                "for_units": o.for_units,
                "for_individuals": o.for_individuals,
                "for_households": o.for_households,
                "within_authority": o.within_authority,
                "note": o.note,
            }
            for o in defn.offered_forms
        ],
        ("award_form_id",),
        OfferedForm,
    )
    session.flush()
    _sync_criteria(session, campaign, defn.criteria, forms, kinds)
    _write_quotas(session, campaign, defn.quotas, forms, kinds, phase_ids)


# --- Syncing child rows ----------------------------------------------------------------------
#
# A plan is saved whole (editor, workbook import, exchange), but its child rows are not rebuilt:
# achievements hang on criteria, nominations on phases, and every row's id and uuid are what
# exchange files and the audit log refer to. Each wanted row reuses an existing row: first one
# equal in every field, then one with the same natural key (in order, since plans repeat keys:
# two criteria "a" for the same kind of unit), then one that differs in a single field (the key
# itself was edited). Only rows left over are deleted.

_Row = TypeVar("_Row")


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, list):  # a collection of catalogue rows: order is the relationship's own
        return {id(x) for x in old} == {id(x) for x in new}
    return bool(old == new)


def _differences(row: Any, values: dict[str, Any]) -> int:
    return sum(not _same(getattr(row, k), v) for k, v in values.items())


def _one_field_edited(row: Any, values: dict[str, Any]) -> bool:
    # Something besides the edited field must be filled in and equal: two phases that have only
    # a name differ in one field too, yet renaming one into the other is not an edit.
    kept = [v for k, v in values.items() if _same(getattr(row, k), v)]
    return len(kept) == len(values) - 1 and any(v not in (None, "", False, []) for v in kept)


def _pair(
    pool: Sequence[_Row],
    wanted: Sequence[dict[str, Any]],
    natural_key: tuple[str, ...] | None,
) -> list[_Row | None]:
    """For each wanted row the existing row it keeps, or None; each existing row is used once.

    Without a natural key only a row equal in every field is kept.
    """
    found: list[_Row | None] = [None] * len(wanted)
    free = list(pool)
    tests: list[Callable[[Any, dict[str, Any]], bool]] = [lambda r, v: _differences(r, v) == 0]
    if natural_key:
        tests.append(lambda r, v: all(_same(getattr(r, k), v[k]) for k in natural_key))
        tests.append(_one_field_edited)
    for test in tests:
        for i, values in enumerate(wanted):
            if found[i] is None:
                row = next((r for r in free if test(r, values)), None)
                if row is not None:
                    found[i] = row
                    free.remove(row)
    return found


def _assign(row: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if not _same(getattr(row, name), value):
            setattr(row, name, value)


def _sync_rows(
    old: Sequence[_Row],
    wanted: list[dict[str, Any]],
    natural_key: tuple[str, ...],
    make: Callable[[], _Row],
    *,
    ordered: bool = True,
) -> list[_Row]:
    """The rows for ``wanted``, in its order; the caller assigns them so leftovers are deleted."""
    rows = []
    for i, (values, row) in enumerate(zip(wanted, _pair(old, wanted, natural_key), strict=True)):
        if row is None:
            row = make()
        _assign(row, {**values, "position": i} if ordered else values)
        rows.append(row)
    return rows


def _sync_criteria(
    session: Session,
    campaign: Campaign,
    roots: list[CriterionDef],
    forms: dict[str, AwardForm],
    kinds: dict[str, int],
) -> None:
    """Criteria by code per kind of subject, under the same heading; refuse removing used ones."""

    def values(c: CriterionDef) -> dict[str, Any]:
        return {
            "code": c.code,
            "subject_kind": c.subject_kind,
            "group": c.group,
            "text": c.text,
            "unit_kind_id": kinds[c.unit_kind] if c.unit_kind else None,
            "award_form_id": forms[c.award_form].id if c.award_form else None,
        }

    old = list(campaign.criteria)
    under: dict[int | None, list[Criterion]] = {}
    for row in old:
        under.setdefault(row.parent_id, []).append(row)
    kept: dict[int, Criterion] = {}  # id() of a CriterionDef -> its row
    taken: set[int] = set()

    def pair_level(items: list[CriterionDef], pool: list[Criterion]) -> None:
        free = [r for r in pool if r.id not in taken]
        for c, row in zip(
            items, _pair(free, [values(c) for c in items], ("code", "subject_kind")), strict=True
        ):
            if row is not None:
                kept[id(c)] = row
                taken.add(row.id)
        for c in items:
            row = kept.get(id(c))
            pair_level(c.children, under.get(row.id, []) if row is not None else [])

    pair_level(roots, under.get(None, []))
    # A criterion moved under another heading, word for word, keeps its row too.
    for c in walk_criteria(roots):
        if id(c) not in kept:
            moved = _pair([r for r in old if r.id not in taken], [values(c)], None)[0]
            if moved is not None:
                kept[id(c)] = moved
                taken.add(moved.id)

    removed = [r for r in old if r.id not in taken]
    _refuse_removing_used_criteria(session, removed)

    position = 0

    def write(items: list[CriterionDef], parent: Criterion | None) -> None:
        nonlocal position
        for c in items:
            row = kept.get(id(c))
            if row is None:
                row = Criterion()
                campaign.criteria.append(row)
            _assign(row, {**values(c), "position": position, "parent_id": parent.id if parent else None})
            position += 1
            if c.children and row.id is None:
                session.flush()  # its children need its id
            write(c.children, row)

    write(roots, None)
    session.flush()
    # Deepest first: the database's own cascade on parent_id must not delete a row the session
    # still means to delete (SQLAlchemy then warns that fewer rows were deleted than expected).
    depth: dict[int, int] = {}
    parent_of = {r.id: r.parent_id for r in old}

    def depth_of(row_id: int) -> int:
        if row_id not in depth:
            parent = parent_of.get(row_id)
            depth[row_id] = 0 if parent is None else depth_of(parent) + 1
        return depth[row_id]

    for level in sorted({depth_of(r.id) for r in removed}, reverse=True):
        for row in removed:
            if depth_of(row.id) == level:
                campaign.criteria.remove(row)
                session.delete(row)
        session.flush()


def _refuse_removing_used_criteria(session: Session, removed: list[Criterion]) -> None:
    if not removed:
        return
    link = achievement_criteria.c
    used: dict[int, int] = dict(
        session.execute(
            select(link.criterion_id, func.count())
            .where(link.criterion_id.in_([r.id for r in removed]))
            .group_by(link.criterion_id)
        ).all()
    )
    if not used:
        return
    items = [
        _("“{criterion}” ({n} achievements)").format(criterion=_criterion_label(r), n=used[r.id])
        for r in removed
        if r.id in used
    ]
    raise ConflictError(
        _(
            "Achievements are recorded against criteria this change removes: {items}. "
            "Take these criteria off those achievements first, or keep them in the plan."
        ).format(items="; ".join(items))
    )


def _criterion_label(row: Criterion) -> str:
    text = shorten(row.text, 80, placeholder="…")
    return f"{row.code}) {text}" if row.code else text


def _write_quotas(
    session: Session,
    campaign: Campaign,
    defs: list[QuotaDef],
    forms: dict[str, AwardForm],
    kinds: dict[str, int],
    phase_ids: dict[str, int],
) -> None:
    campaign.quotas = _sync_rows(
        campaign.quotas,
        [
            {
                "label": q.label,
                "kind": q.kind,
                "scope": q.scope,
                "subject_kind": q.subject_kind,
                "unit_kind_id": kinds[q.unit_kind] if q.unit_kind else None,
                "phase_id": phase_ids.get(q.phase) if q.phase else None,
                "year": q.year,
                "limit_count": q.limit if q.kind is QuotaKind.COUNT else None,
                "ratio_percent": q.ratio_percent if q.kind is QuotaKind.RATIO else None,
                "note": q.note,
                "source": q.source,
                "priority": q.priority,
                "forms": [forms[c] for c in q.forms],
                "base_forms": [forms[c] for c in q.base_forms],
            }
            for q in defs
        ],
        ("label",),
        Quota,
    )
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


@requires("campaigns.edit")
def create_campaign(session: Session, defn: CampaignDef) -> int:
    campaign = Campaign(title=defn.title, kind=defn.kind)
    session.add(campaign)
    session.flush()
    _write(session, campaign, defn)
    session.flush()
    return campaign.id


def _sync_phases(session: Session, campaign: Campaign, defs: list[PhaseDef]) -> None:
    """Phases by name, so nominations and achievements keep pointing at them; refuse removing used ones."""
    rows = _sync_rows(
        campaign.phases,
        [
            {"name": p.name, "start_date": p.start_date, "end_date": p.end_date, "description": p.description}
            for p in defs
        ],
        ("name",),
        CampaignPhase,
    )
    removed = [p for p in campaign.phases if p not in rows and p.id is not None]
    if removed:
        used = session.scalar(
            select(func.count())
            .select_from(Nomination)
            .where(Nomination.phase_id.in_([p.id for p in removed]))
        )
        if used:
            raise ConflictError(_("A phase that nominations refer to cannot be removed."))
        # Achievements point at their phase too (SET NULL in the database would drop it silently).
        for phase in removed:
            n = session.scalar(
                select(func.count()).select_from(Achievement).where(Achievement.phase_id == phase.id)
            )
            if n:
                raise ConflictError(
                    _("Phase “{name}” has {n} achievements recorded in it; it cannot be removed.").format(
                        name=phase.name, n=n
                    )
                )
    campaign.phases = rows
    session.flush()


@requires("campaigns.edit")
def update_campaign(session: Session, campaign_id: int, defn: CampaignDef) -> None:
    """Save a campaign's whole definition; child rows are synced, not rebuilt (see ``_sync_rows``)."""
    _write(session, _load(session, campaign_id), defn)
    session.flush()


@requires("campaigns.edit")
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


@requires("campaigns.edit")
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
            selectinload(Campaign.themes),
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


def scale_of(value: Decimal | None) -> int | None:
    """The decimals a figure is written with ("15.0": 1, "3.5": 1, "580": 0)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else None


def as_written(value: Decimal | None, scale: int | None) -> Decimal | None:
    """A stored figure with the decimals it was written with ("15.0000", 1 → "15.0"); without a
    known scale (a campaign saved before 0019), as ``plain``."""
    if value is None or scale is None:
        return plain(value)
    return value.quantize(Decimal(1).scaleb(-scale))


def plain(value: Decimal | None) -> Decimal | None:
    """A stored figure without the column's padding ("3.5000" → "3.5", "580.0000" → "580")."""
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def _authority_forms(session: Session, c: Campaign) -> list[AwardFormDef]:
    """The forms of a named authority the plan names anywhere, so its definition carries them."""
    ids = {o.award_form_id for o in c.offered_forms} | {
        r.award_form_id for r in c.criteria if r.award_form_id
    }
    for q in c.quotas:
        ids |= {f.id for f in q.forms} | {f.id for f in q.base_forms}
    if not ids:
        return []
    rows = session.scalars(
        select(AwardForm)
        .where(AwardForm.id.in_(ids), AwardForm.kind_of_id.is_not(None))
        .order_by(AwardForm.id)
    )
    return [
        AwardFormDef(
            f.code, f.name, f.legal_kind.code, f.authority, "" if f.short_name == f.name else f.short_name
        )
        for f in rows
    ]


def get_definition(session: Session, campaign_id: int) -> CampaignDef:
    """The campaign as a portable definition (codes, not ids): for the editor, export and exchange."""
    c = _load(session, campaign_id)
    kind_codes = dict(session.execute(select(UnitKind.id, UnitKind.code)).all())
    form_codes = dict(session.execute(select(AwardForm.id, AwardForm.code)).all())
    phase_names = {p.id: p.name for p in c.phases}
    theme_names = {t.id: t.name for t in c.themes}
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
        issue_date_precision=c.issue_date_precision,
        status=c.status,
        start_date=c.start_date,
        end_date=c.end_date,
        period_label=c.period_label,
        organizer_level=c.organizer_level,
        organizing_scope=c.scope,
        legal_basis=c.legal_basis,
        purpose=c.purpose,
        content=c.content,
        signer_authority=c.signer_authority,
        signer_title=c.signer_title,
        signer_name=c.signer_name,
        note=c.note,
        requirements=c.requirements,
        organisation=c.organisation,
        recipients=c.recipients,
        themes=[ThemeDef(t.name, t.content) for t in c.themes],
        award_forms=_authority_forms(session, c),
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
                m.due_precision,
            )
            for m in c.milestones
        ],
        targets=[
            TargetDef(
                t.description,
                as_written(t.value, t.value_scale),
                t.unit,
                t.comparator,
                t.target_year,
                plain(t.result_value),
                as_written(t.value_max, t.value_max_scale),
                t.multiplier,
                theme_names.get(t.theme_id) if t.theme_id else None,
            )
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
                priority=q.priority,
            )
            for q in c.quotas
        ],
    )
