"""Reading the audit log (Nhật ký): who changed which record, when, from what to what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import AuditEntry
from emudesk.domain.enums import AuditAction
from emudesk.domain.errors import NotFoundError
from emudesk.domain.labels import field_label
from emudesk.i18n import N_, _
from emudesk.services.core import column_filters as cf
from emudesk.services.core.formats import local_time
from emudesk.services.core.paging import fold_contains, ordered_ids, searching

TABLE_LABELS: dict[str, str] = {
    "units": N_("Unit"),
    "unit_links": N_("Unit succession"),
    "unit_kinds": N_("Kind of unit"),
    "individuals": N_("Individual"),
    "memberships": N_("Position held"),
    "annual_ratings": N_("Annual rating"),
    "discipline_records": N_("Discipline"),
    "households": N_("Household"),
    "household_members": N_("Household member"),
    "campaigns": N_("Campaign"),
    "campaign_phases": N_("Campaign phase"),
    "milestones": N_("Milestone"),
    "campaign_targets": N_("Campaign target"),
    "campaign_themes": N_("Campaign theme"),
    "campaign_participants": N_("Eligible subjects"),
    "criteria": N_("Criterion"),
    "campaign_award_forms": N_("Award form offered"),
    "quotas": N_("Quota"),
    "achievements": N_("Achievement"),
    "evidence_files": N_("Evidence file"),
    "initiatives": N_("Initiative"),
    "nominations": N_("Nomination"),
    "decisions": N_("Decision"),
    "award_records": N_("Award"),
    "award_forms": N_("Award form"),
    "base_salaries": N_("Base salary"),
    "demo": N_("Demo data"),
    "decision_corrections": N_("Decision correction"),
    "council_sessions": N_("Council session"),
    "council_members": N_("Council member"),
    "ballots": N_("Ballot"),
    "rule_sets": N_("Rule set"),
    "rules": N_("Rule"),
    "settings": N_("Setting"),
    "users": N_("User"),  # logins of a server (services/core/users.py)
    "audit_log": N_("Audit log"),
    "evidence_blobs": N_("Evidence file content"),
    "councils": N_("Council"),
    "council_attendance": N_("Council attendance"),
    "council_agenda_items": N_("Council agenda item"),
    "achievement_criteria": N_("Criterion of an achievement"),
    "quota_forms": N_("Award form of a quota"),
    "quota_base_forms": N_("Base award form of a quota"),
    "nomination_events": N_("Nomination history"),
    "offices": N_("Office exchanging packages"),  # this office and the ones it trusts (services/exchange)
    "exchange_packages": N_("Exchange package"),
    "exchange_records": N_("Record exchanged with another office"),
}


def table_label(table_name: str) -> str:
    label = TABLE_LABELS.get(table_name)
    return _(label) if label else table_name


def action_label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def actors(session: Session) -> list[str]:
    """Every user name that appears in the log, for the filter's list."""
    return [a for a in session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)) if a]


def table_names(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name)))


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditDetail:
    id: int
    at: datetime
    actor: str
    action: str
    table_name: str
    record_id: int | None
    summary: str
    changes: tuple[FieldChange, ...]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def entry(session: Session, entry_id: int) -> AuditDetail:
    """One entry with its fields side by side (before → after)."""
    row = session.get(AuditEntry, entry_id)
    if row is None:
        raise NotFoundError(_("Audit entry #{id} does not exist.").format(id=entry_id))
    before, after = row.before or {}, row.after or {}
    keys = [k for k in (*before, *(k for k in after if k not in before)) if k not in ("id", "uuid")]
    changes = tuple(
        FieldChange(field_label(k), _text(before.get(k)), _text(after.get(k)))
        for k in keys
        if _text(before.get(k)) or _text(after.get(k))
    )
    return AuditDetail(
        row.id, row.at, row.actor, row.action, row.table_name, row.record_id, row.summary, changes
    )


# --- The Nhật ký list -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the Nhật ký list filters on; every field is optional."""

    table_name: str | None = None
    record_id: int | None = None
    actor: str | None = None
    action: AuditAction | None = None
    date_from: date | None = None  # local dates, inclusive
    date_to: date | None = None
    search: str = ""  # in the record's description (case and diacritics ignored)
    columns: cf.ColumnFilters = ()  # (key of AUDIT_COLUMN_KEYS, text typed under that column)


AUDIT_COLUMN_KEYS = ("at", "actor", None, None, "record", "summary")
_AUDIT_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "at": cf.date_in(AuditEntry.at, moment=True),
    "actor": cf.text_has(AuditEntry.actor),
    "record": cf.number_is(AuditEntry.record_id),
    "summary": cf.text_has(AuditEntry.summary),
}


def audit_ids(
    session: Session,
    flt: AuditFilter,
    *,
    sort: str = "at",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    """Audit entries, newest first; every filter is a plain indexed comparison."""
    stmt = select(AuditEntry.id)
    if flt.table_name:
        stmt = stmt.where(AuditEntry.table_name == flt.table_name)
    if flt.record_id is not None:
        stmt = stmt.where(AuditEntry.record_id == flt.record_id)
    if flt.actor:
        stmt = stmt.where(AuditEntry.actor == flt.actor)
    if flt.action is not None:
        stmt = stmt.where(AuditEntry.action == flt.action.value)
    if flt.date_from is not None:
        stmt = stmt.where(AuditEntry.at >= cf.utc_bound(flt.date_from))
    if flt.date_to is not None:
        stmt = stmt.where(AuditEntry.at <= cf.utc_bound(flt.date_to, end=True))
    if searching(flt.search):
        stmt = stmt.where(fold_contains([AuditEntry.summary], flt.search))
    stmt = cf.apply(stmt, flt.columns, _AUDIT_COLUMN_FILTERS)
    orderings: dict[str, list[Any]] = {
        "actor": [AuditEntry.actor],
        "action": [AuditEntry.action],
        "table": [AuditEntry.table_name],
        "record": [AuditEntry.record_id],
    }
    keys = orderings.get(sort, [])
    # ids grow with time, so id order is time order without sorting on the timestamp.
    return ordered_ids(session, stmt, [*keys, AuditEntry.id], descending, limit)


class AuditRow(NamedTuple):
    """One line of the Nhật ký list."""

    at: str
    actor: str
    action: str
    table: str
    record_id: int | str  # "" for a change not tied to one record
    summary: str


def audit_rows(session: Session, ids: Sequence[int]) -> dict[int, AuditRow]:
    """Time, user, action, kind of record, record id, description."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.table_name,
            AuditEntry.record_id,
            AuditEntry.summary,
        ).where(AuditEntry.id.in_(list(ids)))
    )
    return {
        eid: AuditRow(local_time(at), actor, action_label(action), table_label(table), rid or "", summary)
        for eid, at, actor, action, table, rid, summary in rows
    }
