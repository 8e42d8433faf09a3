"""The nominations list: ids filtered and sorted in SQL, named rows a page at a time, status counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import (
    AwardForm,
    AwardRecord,
    Decision,
    ExchangeRecord,
    Household,
    Individual,
    Nomination,
    Unit,
)
from emudesk.domain.enums import NominationStatus, RecordSource, SubjectKind
from emudesk.i18n import _
from emudesk.services.campaigns.quotas import priority_text
from emudesk.services.core import column_filters as cf
from emudesk.services.core.common import household_title, join_subjects
from emudesk.services.core.formats import day
from emudesk.services.core.paging import ordered_ids, searching


@dataclass(frozen=True)
class NominationFilter:
    """What the nominations list filters on; every field is optional."""

    campaign_id: int | None = None
    status: NominationStatus | None = None
    search: str = ""  # the subject's name, diacritics ignored
    award_form_id: int | None = None
    proposing_unit_id: int | None = None
    subject_kind: SubjectKind | None = None
    in_bin: bool = False
    columns: cf.ColumnFilters = ()  # (key of NOMINATION_COLUMN_KEYS, text typed under that column)


NOMINATION_SORTS = ("id", "name", "form", "proposer", "year", "status")
# The filterable columns of the list, in its column order (None: not filterable).
NOMINATION_COLUMN_KEYS = (
    "id",
    "name",
    "kind",
    "form",
    "proposer",
    "year",
    "status",
    "filed",
    "decision",
    None,
    "priority",
)
_NOMINATION_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "id": cf.number_is(Nomination.id),
    "kind": cf.label_has(Nomination.subject_kind, SubjectKind),
    "form": cf.refers_to(Nomination.award_form_id, AwardForm.id, AwardForm.name),
    "proposer": cf.refers_to(
        Nomination.proposing_unit_id, Unit.id, cf.shown_name(Unit.short_name, Unit.name)
    ),
    "year": cf.number_is(Nomination.year),
    "status": cf.label_has(Nomination.status, NominationStatus),
    "filed": cf.date_in(Nomination.filed_on),
    "decision": cf.refers_to(Nomination.decision_id, Decision.id, Decision.number),
    # The plan's priority notes of the quotas that concern the file ("ưu tiên các tập thể nhỏ").
    "priority": lambda text: cf.text_has(priority_text())(text),
}


def nomination_ids(
    session: Session,
    flt: NominationFilter,
    *,
    sort: str = "id",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    stmt, subject = join_subjects(select(Nomination.id), Nomination)
    stmt = stmt.where(Nomination.deleted_at.is_not(None) if flt.in_bin else Nomination.deleted_at.is_(None))
    if flt.campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == flt.campaign_id)
    if flt.status is not None:
        stmt = stmt.where(Nomination.status == flt.status)
    if flt.award_form_id is not None:
        stmt = stmt.where(Nomination.award_form_id == flt.award_form_id)
    if flt.proposing_unit_id is not None:
        stmt = stmt.where(Nomination.proposing_unit_id == flt.proposing_unit_id)
    if flt.subject_kind is not None:
        stmt = stmt.where(Nomination.subject_kind == flt.subject_kind)
    if searching(flt.search):
        stmt = stmt.where(subject.name_matches(flt.search))
    stmt = cf.apply(stmt, flt.columns, {**_NOMINATION_COLUMN_FILTERS, "name": subject.name_matches})
    if sort == "name":
        keys: list[Any] = [subject.name_key]
    elif sort == "form":
        stmt = stmt.join(AwardForm, AwardForm.id == Nomination.award_form_id)
        keys = [AwardForm.sort_order]
    elif sort == "proposer":
        proposer = aliased(Unit)
        stmt = stmt.outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
        keys = [proposer.sort_key]
    elif sort == "year":
        keys = [Nomination.year]
    elif sort == "status":
        keys = [Nomination.status]
    else:
        keys = []
    keys.append(Nomination.id)
    return ordered_ids(session, stmt, keys, descending, limit)


class NominationRow(NamedTuple):
    """One line of the nominations list; the last three values are not shown."""

    id: int
    subject: str
    kind_label: str
    award_form: str
    proposer: str
    year: int | str  # "" when the nomination has no year
    status_label: str
    filed_on: str
    decision: str
    status: NominationStatus
    kind: SubjectKind
    subject_id: int | None
    # The office above's receipt of the file sent to it: "Đã tiếp nhận", or "Bị trả lại: why".
    exchange: str = ""
    # The plan's priority notes of the quotas that concern it (quotas.priority_text).
    priority: str = ""


def _exchange_columns() -> list[Any]:
    """What the office the file was sent to said of it: its receipt (services/exchange/receipts.py),
    and the decision its package brought down; columns of the list's one query."""
    receipt = (
        select(ExchangeRecord.receipt_state, ExchangeRecord.receipt_reason)
        .where(
            ExchangeRecord.record_uuid == Nomination.uuid,
            ExchangeRecord.section == "nominations",
            ExchangeRecord.receipt_state.is_not(None),
        )
        .order_by(ExchangeRecord.at.desc())
        .limit(1)
    )
    decided = (
        select(AwardRecord.decision_number)
        .where(
            AwardRecord.nomination_id == Nomination.id,
            AwardRecord.source == RecordSource.IMPORTED,
            AwardRecord.deleted_at.is_(None),
        )
        .limit(1)
    )
    return [
        receipt.with_only_columns(ExchangeRecord.receipt_state).scalar_subquery(),
        receipt.with_only_columns(ExchangeRecord.receipt_reason).scalar_subquery(),
        decided.scalar_subquery(),
    ]


def _exchange_text(state: str | None, reason: str | None, decided: str | None) -> str:
    if decided:
        return _("Awarded by decision {number}").format(number=decided)
    if state == "accepted":
        return _("Received by the office above")
    if state:
        return _("Returned: {reason}").format(reason=reason or "?")
    return ""


def nomination_rows(session: Session, ids: Sequence[int]) -> dict[int, NominationRow]:
    """#, subject, kind, award form, proposing unit, year, status, filed on, decision.

    Hidden after them: the status value, the subject kind value, the subject id.
    """
    if not ids:
        return {}
    stmt, subject = join_subjects(
        select(
            Nomination.id,
            Nomination.subject_kind,
            Nomination.individual_id,
            Nomination.unit_id,
            Nomination.household_id,
            Nomination.year,
            Nomination.status,
            Nomination.filed_on,
            AwardForm.name,
            Decision.number,
            Decision.signed_on,
        ),
        Nomination,
    )
    proposer = aliased(Unit)
    stmt = (
        stmt.add_columns(Individual.full_name, Household.head_name, proposer.short_name, proposer.name)
        .add_columns(subject.unit.name, *_exchange_columns(), priority_text())
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .outerjoin(Decision, Decision.id == Nomination.decision_id)
        .outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
        .where(Nomination.id.in_(list(ids)))
    )
    out: dict[int, NominationRow] = {}
    row: Any  # twenty columns: past what SQLAlchemy's typed rows spell out
    for row in session.execute(stmt):
        (nid, kind, ind_id, unit_id, hh_id, year, status, filed, form, dnum, ddate) = row[:11]
        person, head, p_short, p_name, uname = row[11:16]
        name = {
            SubjectKind.INDIVIDUAL: person,
            SubjectKind.UNIT: uname,
            SubjectKind.HOUSEHOLD: household_title(head or ""),
        }[kind]
        decision = f"{dnum} ({day(ddate)})" if dnum else ""
        subject_id = {SubjectKind.INDIVIDUAL: ind_id, SubjectKind.UNIT: unit_id}.get(kind, hh_id)
        out[nid] = NominationRow(
            nid,
            name or "",
            kind.label,
            form,
            p_short or p_name or "",
            year or "",
            status.label,
            day(filed),
            decision,
            status,
            kind,
            subject_id,
            _exchange_text(*row[16:19]),
            row[19] or "",
        )
    return out


def nomination_status_counts(session: Session, campaign_id: int | None) -> dict[NominationStatus, int]:
    """How many live nominations of a campaign (or all) are in each status."""
    stmt = select(Nomination.status, func.count()).where(Nomination.deleted_at.is_(None))
    if campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == campaign_id)
    counts = dict(session.execute(stmt.group_by(Nomination.status)).all())
    return {s: int(counts.get(s, 0)) for s in NominationStatus}


def nomination_statuses(session: Session, ids: Sequence[int]) -> dict[int, NominationStatus]:
    """The current status of each nomination (gone ones are left out)."""
    if not ids:
        return {}
    rows = session.execute(select(Nomination.id, Nomination.status).where(Nomination.id.in_(list(ids))))
    return {nid: status for nid, status in rows}
