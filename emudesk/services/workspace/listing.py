"""Plain lists of records for the CLI (`emudesk list …`) and small GUI pickers.

Each row is a dict whose first two keys are ``id`` and ``name`` (the display name).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import (
    AwardForm,
    Campaign,
    Household,
    Individual,
    Nomination,
    Unit,
    UnitKind,
)
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.i18n import _
from emudesk.services.core.common import household_title, nomination_subject_name, nominations_with_names

KINDS = ("units", "individuals", "households", "campaigns", "award-forms", "nominations")


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def units(session: Session) -> list[dict[str, Any]]:
    parent = aliased(Unit)
    rows = session.execute(
        select(Unit, UnitKind.code, parent.name)
        .join(UnitKind, UnitKind.id == Unit.kind_id)
        .outerjoin(parent, parent.id == Unit.parent_id)
        .where(Unit.deleted_at.is_(None))
        .order_by(Unit.sort_key, Unit.id)
    )
    return [
        {
            "id": u.id,
            "name": u.name,
            "short_name": u.short_name,
            "kind": code,
            "parent": pname,
            "valid_from": _iso(u.valid_from),
            "valid_to": _iso(u.valid_to),
        }
        for u, code, pname in rows
    ]


def individuals(session: Session, *, campaign_id: int | None = None) -> list[dict[str, Any]]:
    stmt = (
        select(Individual, Unit.name)
        .outerjoin(Unit, Unit.id == Individual.unit_id)
        .where(Individual.deleted_at.is_(None))
        .order_by(Individual.sort_key, Individual.id)
    )
    if campaign_id is not None:
        stmt = stmt.where(
            Individual.id.in_(select(Nomination.individual_id).where(Nomination.campaign_id == campaign_id))
        )
    return [
        {
            "id": p.id,
            "name": p.full_name,
            "gender": p.gender.label,
            "birth_year": p.birth_year,
            "birth_date": _iso(p.birth_date),
            "position": p.position,
            "unit": uname,
        }
        for p, uname in session.execute(stmt)
    ]


def households(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Household).where(Household.deleted_at.is_(None)).order_by(Household.sort_key, Household.id)
    )
    return [
        {"id": h.id, "name": household_title(h.head_name), "head": h.head_name, "address": h.address}
        for h in rows
    ]


def campaigns(session: Session) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(
            select(Nomination.campaign_id, func.count())
            .where(Nomination.deleted_at.is_(None))
            .group_by(Nomination.campaign_id)
        ).all()
    )
    rows = session.scalars(
        select(Campaign)
        .where(Campaign.deleted_at.is_(None))
        .order_by(Campaign.issue_date.desc(), Campaign.id)
    )
    return [
        {
            "id": c.id,
            "name": c.short_title or c.title,
            "plan": c.plan_ref,
            "issuing_body": c.issuing_body,
            "issue_date": _iso(c.issue_date),
            "kind": c.kind.label,
            "status": c.status.label,
            "period": c.period_label,
            "nominations": counts.get(c.id, 0),
        }
        for c in rows
    ]


def award_forms(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(AwardForm).order_by(AwardForm.sort_order, AwardForm.id))
    out = []
    for f in rows:
        subjects = [
            k.label.lower()
            for k, ok in (
                (SubjectKind.UNIT, f.for_units),
                (SubjectKind.INDIVIDUAL, f.for_individuals),
                (SubjectKind.HOUSEHOLD, f.for_households),
            )
            if ok
        ]
        out.append(
            {
                "id": f.id,
                "name": f.name,
                "code": f.code,
                "category": f.category.label,
                "level": f.level.label,
                "authority": f.authority,
                "subjects": ", ".join(subjects),
                "active": f.active,
            }
        )
    return out


def nominations(
    session: Session, *, campaign_id: int | None = None, status: NominationStatus | None = None
) -> list[dict[str, Any]]:
    stmt = (
        nominations_with_names(Nomination, AwardForm.code, AwardForm.name)
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .where(Nomination.deleted_at.is_(None))
        .order_by(Nomination.campaign_id, Nomination.id)
    )
    if campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == campaign_id)
    if status is not None:
        stmt = stmt.where(Nomination.status == status)
    out = []
    for subject, _p_short, pname, n, code, form in session.execute(stmt):
        name = nomination_subject_name(n.subject_kind, subject)
        out.append(
            {
                "id": n.id,
                "name": name,
                "subject": f"{n.subject_kind.value}:{n.subject_id}",
                "award_form": code,
                "award_form_name": form,
                "campaign_id": n.campaign_id,
                "proposing_unit": pname,
                "status": n.status.value,
                "status_label": n.status.label,
                "year": n.year,
            }
        )
    return out


def list_kind(session: Session, kind: str, *, campaign_id: int | None = None) -> list[dict[str, Any]]:
    if kind == "units":
        return units(session)
    if kind == "individuals":
        return individuals(session, campaign_id=campaign_id)
    if kind == "households":
        return households(session)
    if kind == "campaigns":
        return campaigns(session)
    if kind == "award-forms":
        return award_forms(session)
    if kind == "nominations":
        return nominations(session, campaign_id=campaign_id)
    raise ValueError(_("Unknown list “{kind}”.").format(kind=kind))
