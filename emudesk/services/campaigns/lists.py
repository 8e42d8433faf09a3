"""The campaigns and achievements lists: ids filtered and sorted in SQL, then named rows a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    Achievement,
    Campaign,
    EvidenceFile,
    Household,
    Individual,
    Nomination,
    achievement_criteria,
)
from emudesk.domain.enums import CampaignKind, CampaignStatus, SubjectKind
from emudesk.services.campaigns.achievements import figures_text
from emudesk.services.core import column_filters as cf
from emudesk.services.core.common import household_title, join_subjects
from emudesk.services.core.formats import day
from emudesk.services.core.paging import fold_words, ordered_ids, searching

# --- Campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFilter:
    """What the campaigns list filters on."""

    search: str = ""
    in_bin: bool = False
    columns: cf.ColumnFilters = ()  # (key of CAMPAIGN_COLUMN_KEYS, text typed under that column)


CAMPAIGN_COLUMN_KEYS = ("title", "plan", "issue_date", "kind", "status", "period", None)
_CAMPAIGN_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "title": cf.text_has(Campaign.short_title, Campaign.title),
    "plan": cf.text_has(Campaign.plan_number, Campaign.plan_symbol),
    "issue_date": cf.date_in(Campaign.issue_date),
    "kind": cf.label_has(Campaign.kind, CampaignKind),
    "status": cf.label_has(Campaign.status, CampaignStatus),
    "period": cf.text_has(Campaign.period_label),
}


def campaign_ids(
    session: Session,
    flt: CampaignFilter,
    *,
    sort: str = "issue_date",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    stmt = select(Campaign.id).where(
        Campaign.deleted_at.is_not(None) if flt.in_bin else Campaign.deleted_at.is_(None)
    )
    if searching(flt.search):
        stmt = stmt.where(fold_words(Campaign.name_fold, flt.search))
    stmt = cf.apply(stmt, flt.columns, _CAMPAIGN_COLUMN_FILTERS)
    orderings: dict[str, list[Any]] = {
        "title": [Campaign.title],
        "plan": [Campaign.plan_symbol, Campaign.plan_number],
        "status": [Campaign.status],
        "kind": [Campaign.kind],
    }
    keys = orderings.get(sort, [Campaign.issue_date])
    return ordered_ids(session, stmt, [*keys, Campaign.id], descending, limit)


class CampaignRow(NamedTuple):
    """One line of the campaigns list; ``status`` (the value behind ``status_label``) is not shown."""

    title: str
    plan_ref: str
    issue_date: str
    kind: str
    status_label: str
    period: str
    nominations: int
    status: CampaignStatus


def campaign_rows(session: Session, ids: Sequence[int]) -> dict[int, CampaignRow]:
    """Short title, plan number, issue date, kind, status, period, nominations; hidden: status value."""
    if not ids:
        return {}
    counts = dict(
        session.execute(
            select(Nomination.campaign_id, func.count())
            .where(Nomination.campaign_id.in_(list(ids)), Nomination.deleted_at.is_(None))
            .group_by(Nomination.campaign_id)
        ).all()
    )
    out: dict[int, CampaignRow] = {}
    for c in session.scalars(select(Campaign).where(Campaign.id.in_(list(ids)))):
        out[c.id] = CampaignRow(
            c.short_title or c.title,
            c.plan_ref,
            day(c.issue_date),
            c.kind.label,
            c.status.label,
            c.period_label,
            counts.get(c.id, 0),
            c.status,
        )
    return out


# --- Achievements -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AchievementFilter:
    """What the achievements list filters on."""

    campaign_id: int | None = None
    search: str = ""  # the subject's name
    in_bin: bool = False
    columns: cf.ColumnFilters = ()  # (key of ACHIEVEMENT_COLUMN_KEYS, text typed under that column)


ACHIEVEMENT_COLUMN_KEYS = ("name", "kind", "title", "year", None, None, None)
_ACHIEVEMENT_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "kind": cf.label_has(Achievement.subject_kind, SubjectKind),
    "title": cf.text_has(Achievement.title, Achievement.summary),
    "year": cf.number_is(Achievement.year),
}


def achievement_ids(
    session: Session,
    flt: AchievementFilter,
    *,
    sort: str = "id",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    stmt, subject = join_subjects(select(Achievement.id), Achievement)
    stmt = stmt.where(Achievement.deleted_at.is_not(None) if flt.in_bin else Achievement.deleted_at.is_(None))
    if flt.campaign_id is not None:
        stmt = stmt.where(Achievement.campaign_id == flt.campaign_id)
    if searching(flt.search):
        stmt = stmt.where(subject.name_matches(flt.search))
    stmt = cf.apply(stmt, flt.columns, {**_ACHIEVEMENT_COLUMN_FILTERS, "name": subject.name_matches})
    if sort == "name":
        keys: list[Any] = [subject.name_key]
    elif sort == "year":
        keys = [Achievement.year]
    elif sort == "title":
        keys = [Achievement.title]
    else:
        keys = []
    keys.append(Achievement.id)
    return ordered_ids(session, stmt, keys, descending, limit)


class AchievementRow(NamedTuple):
    """One line of the achievements list; the last two values (who it is) are not shown."""

    subject: str
    kind: str
    title: str
    year: int | str  # "" when the achievement has no year
    criteria: int  # how many of the plan's criteria it meets
    figures: str
    evidence_files: int
    subject_kind: SubjectKind
    subject_id: int | None


def achievement_rows(session: Session, ids: Sequence[int]) -> dict[int, AchievementRow]:
    """Subject, kind, title, year, criteria met, figures, evidence files."""
    if not ids:
        return {}
    id_list = list(ids)
    crit: dict[int, int] = dict(
        session.execute(
            select(achievement_criteria.c.achievement_id, func.count())
            .where(achievement_criteria.c.achievement_id.in_(id_list))
            .group_by(achievement_criteria.c.achievement_id)
        ).all()
    )
    files = dict(
        session.execute(
            select(EvidenceFile.achievement_id, func.count())
            .where(EvidenceFile.achievement_id.in_(id_list))
            .group_by(EvidenceFile.achievement_id)
        ).all()
    )
    stmt, subject = join_subjects(select(Achievement, Individual.full_name, Household.head_name), Achievement)
    rows = session.execute(stmt.add_columns(subject.unit.name).where(Achievement.id.in_(id_list)))
    out: dict[int, AchievementRow] = {}
    for ach, person, head, uname in rows:
        name = {
            SubjectKind.INDIVIDUAL: person,
            SubjectKind.UNIT: uname,
            SubjectKind.HOUSEHOLD: household_title(head or ""),
        }[ach.subject_kind]
        out[ach.id] = AchievementRow(
            name or "",
            ach.subject_kind.label,
            ach.title or ach.summary[:80],
            ach.year or "",
            crit.get(ach.id, 0),
            figures_text(ach.figures),
            files.get(ach.id, 0),
            ach.subject_kind,
            ach.subject_id,
        )
    return out
