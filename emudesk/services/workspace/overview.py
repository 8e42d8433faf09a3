"""Tổng quan: open campaigns with their next deadlines, quota use and nominations waiting at each step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardRecord, Campaign, Household, Individual, Milestone, Nomination, Unit
from emudesk.domain.enums import CampaignStatus, MilestoneKind, NominationStatus, Recurrence
from emudesk.services.campaigns import quotas
from emudesk.services.campaigns.milestones import roll_yearly

# The steps a file waits at before it is decided, in workflow order.
WAITING: tuple[NominationStatus, ...] = (
    NominationStatus.DRAFT,
    NominationStatus.SUBMITTED,
    NominationStatus.APPRAISED,
    NominationStatus.VOTED,
    NominationStatus.RETURNED,
)
DEADLINE_KINDS: tuple[MilestoneKind, ...] = (
    MilestoneKind.NOMINATION_DUE,
    MilestoneKind.INTERIM_REVIEW,
    MilestoneKind.FINAL_REVIEW,
    MilestoneKind.REPORT_DUE,
)


@dataclass(frozen=True)
class Deadline:
    kind: MilestoneKind
    title: str
    due_date: date
    when_text: str
    days_left: int


@dataclass(frozen=True)
class CampaignOverview:
    """One open campaign as the overview shows it.

    Attributes:
        next_deadline: the nearest milestone not done (yearly ones roll over).
        deadlines: the next milestone of each kind in ``DEADLINE_KINDS`` that has one.
        counts: live nominations per status.
    """

    id: int
    title: str
    plan_ref: str
    issuing_body: str
    period: str
    next_deadline: Deadline | None
    deadlines: tuple[Deadline, ...]
    meters: tuple[quotas.QuotaUsage, ...]
    counts: dict[NominationStatus, int] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        return sum(self.counts.get(s, 0) for s in WAITING)


@dataclass(frozen=True)
class RegisterCounts:
    units: int
    individuals: int
    households: int
    awards: int


def register_counts(session: Session) -> RegisterCounts:
    def count(model: type[Unit] | type[Individual] | type[Household] | type[AwardRecord]) -> int:
        stmt = select(func.count()).select_from(model).where(model.deleted_at.is_(None))
        return int(session.scalar(stmt) or 0)

    return RegisterCounts(count(Unit), count(Individual), count(Household), count(AwardRecord))


def overview(session: Session, today: date) -> list[CampaignOverview]:
    """Every active campaign, newest plan first; a handful of queries per campaign."""
    campaigns = session.scalars(
        select(Campaign)
        .where(Campaign.deleted_at.is_(None), Campaign.status == CampaignStatus.ACTIVE)
        .order_by(Campaign.issue_date.desc().nulls_last(), Campaign.id)
    ).all()
    if not campaigns:
        return []
    ids = [c.id for c in campaigns]
    upcoming: dict[int, list[Deadline]] = {}
    for m in session.scalars(
        select(Milestone).where(
            Milestone.campaign_id.in_(ids), Milestone.done.is_(False), Milestone.due_date.is_not(None)
        )
    ):
        assert m.due_date is not None
        due = roll_yearly(m.due_date, today) if m.recurrence is Recurrence.YEARLY else m.due_date
        if due < today:
            continue
        upcoming.setdefault(m.campaign_id, []).append(
            Deadline(m.kind, m.title, due, m.when_text, (due - today).days)
        )
    counts: dict[int, dict[NominationStatus, int]] = {}
    for cid, status, n in session.execute(
        select(Nomination.campaign_id, Nomination.status, func.count())
        .where(Nomination.campaign_id.in_(ids), Nomination.deleted_at.is_(None))
        .group_by(Nomination.campaign_id, Nomination.status)
    ):
        counts.setdefault(cid, {})[status] = int(n)
    out = []
    for c in campaigns:
        dated = sorted(upcoming.get(c.id, []), key=lambda d: d.due_date)
        per_kind = []
        for kind in DEADLINE_KINDS:
            first = next((d for d in dated if d.kind is kind), None)
            if first is not None:
                per_kind.append(first)
        out.append(
            CampaignOverview(
                id=c.id,
                title=c.short_title or c.title,
                plan_ref=c.plan_ref,
                issuing_body=c.issuing_body,
                period=c.period_label,
                next_deadline=dated[0] if dated else None,
                deadlines=tuple(per_kind),
                meters=tuple(quotas.usage(session, c.id)),
                counts={s: counts.get(c.id, {}).get(s, 0) for s in NominationStatus},
            )
        )
    return out
