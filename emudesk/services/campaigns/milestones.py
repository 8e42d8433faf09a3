"""Milestones of open campaigns: what is due next, yearly ones rolled over to this year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, Milestone
from emudesk.domain.enums import CampaignStatus, MilestoneKind, Recurrence


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
            Campaign.deleted_at.is_(None),
            Campaign.status == CampaignStatus.ACTIVE,
            Milestone.done.is_(False),
            Milestone.due_date.is_not(None),  # an undated step has no "next" date
        )
        .order_by(Campaign.id, Milestone.due_date)
    )
    best: dict[int, NextMilestone] = {}
    for cid, title, m in rows:
        due = m.due_date
        assert due is not None
        if m.recurrence is Recurrence.YEARLY:
            due = roll_yearly(due, today)
        if due < today:
            continue
        current = best.get(cid)
        if current is None or due < current.due_date:
            best[cid] = NextMilestone(cid, title, m.kind, m.title, due, m.when_text)
    out = sorted(best.values(), key=lambda n: n.due_date)
    return out


def roll_yearly(due: date, today: date) -> date:
    """A yearly milestone's next date on or after ``today`` (never before its first date)."""
    try:
        rolled = due.replace(year=today.year)
    except ValueError:  # 29/02
        rolled = due.replace(year=today.year, day=28)
    if rolled < today:
        rolled = rolled.replace(year=today.year + 1)
    return max(rolled, due)
