"""Reminders: the milestones and deadlines of campaigns under way, with the days left, and a calendar.

Each milestone not done of an active campaign is a reminder: sơ kết, tổng kết, báo cáo (yearly ones
such as "trước ngày 01/12 hằng năm" roll over to their next date), hạn nộp hồ sơ đề nghị. One that
has passed without being marked done stays on the list as overdue until someone ticks it.

"Today" is a value the caller passes (the window and the CLI pass the local date; tests pass a
fixed day), never read here. The calendar file (.ics, RFC 5545) is written with ``icalendar``:
Outlook, Thunderbird and phone calendars import it; a yearly milestone becomes a yearly event.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, Milestone
from emudesk.domain.enums import CampaignStatus, MilestoneKind, Recurrence
from emudesk.services.campaigns.milestones import roll_yearly
from emudesk.services.core.outputs import atomic_output

# Marks a calendar file as emudesk's, so exporting again may replace it (core.outputs).
PRODID = "-//emudesk//Nhắc việc thi đua, khen thưởng//VI"
# A calendar alarm this many days before each deadline (a file takes days to gather).
ALARM_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    """One milestone as a reminder.

    Attributes:
        days_left: 0 today, negative when overdue.
        recurring: a yearly milestone (``due_date`` is its next date).
        uid: stable across exports (the milestone's UUID), so a re-import updates the event.
    """

    milestone_id: int
    campaign_id: int
    campaign_title: str
    kind: MilestoneKind
    title: str
    due_date: date
    when_text: str
    actor: str
    recurring: bool
    days_left: int
    uid: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def as_dict(self) -> dict[str, object]:
        return {
            "milestone_id": self.milestone_id,
            "campaign_id": self.campaign_id,
            "campaign": self.campaign_title,
            "kind": self.kind.value,
            "kind_label": self.kind.label,
            "title": self.title,
            "due_date": self.due_date.isoformat(),
            "days_left": self.days_left,
            "when": self.when_text,
            "actor": self.actor,
            "recurring": self.recurring,
        }


def reminders(session: Session, today: date, within: int | None = None) -> list[Reminder]:
    """Milestones not done of active campaigns due by ``today + within`` days (all ahead if None),
    overdue ones first, then by date.

    Raises:
        ValueError: ``within`` is negative (the CLI checks it first).
    """
    if within is not None and within < 0:
        raise ValueError("within must not be negative")
    horizon = today + timedelta(days=within) if within is not None else None
    rows = session.execute(
        select(Campaign.id, Campaign.short_title, Campaign.title, Milestone)
        .join(Milestone, Milestone.campaign_id == Campaign.id)
        .where(
            Campaign.deleted_at.is_(None),
            Campaign.status == CampaignStatus.ACTIVE,
            Milestone.done.is_(False),
            Milestone.due_date.is_not(None),  # an undated step reminds of nothing
        )
        .order_by(Milestone.due_date, Milestone.id)
    )
    out = []
    for cid, short, title, m in rows:
        recurring = m.recurrence is Recurrence.YEARLY
        assert m.due_date is not None
        due = roll_yearly(m.due_date, today) if recurring else m.due_date
        if horizon is not None and due > horizon:
            continue
        out.append(
            Reminder(
                m.id,
                cid,
                short or title,
                m.kind,
                m.title,
                due,
                m.when_text,
                m.actor,
                recurring,
                (due - today).days,
                f"milestone-{m.uuid}@emudesk",
            )
        )
    out.sort(key=lambda r: (r.due_date, r.campaign_id, r.milestone_id))
    return out


def calendar(items: Sequence[Reminder], stamp: datetime) -> bytes:
    """The reminders as an iCalendar file: one all-day event each, an alarm before it.

    ``stamp`` (aware) is the DTSTAMP of every event: when the file was made.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "emudesk – thi đua, khen thưởng")
    for r in items:
        event = icalendar.Event()
        event.add("uid", r.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", r.due_date)
        event.add("dtend", r.due_date + timedelta(days=1))
        event.add("summary", f"{r.kind.label}: {r.title}")
        details = [r.campaign_title, r.when_text, r.actor]
        event.add("description", "\n".join(d for d in details if d))
        event.add("categories", [r.kind.label])
        event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        if r.recurring:
            event.add("rrule", {"freq": "yearly"})
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{r.kind.label}: {r.title}")
        alarm.add("trigger", timedelta(days=-ALARM_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(items: Sequence[Reminder], target: str | os.PathLike[str], stamp: datetime) -> Path:
    """Write :func:`calendar` to ``target``: complete or not at all.

    Raises:
        StorageError: the file cannot be written.
    """
    path = Path(target)
    data = calendar(items, stamp)
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)
    return path
