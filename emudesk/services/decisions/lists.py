"""Decisions as lists and details: the lazy list of the Khen thưởng view, a decision's chain, its
recipients and cash, what a correction changed, and approved nominations still waiting for one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AgendaItem,
    AwardForm,
    AwardRecord,
    Decision,
    DecisionCorrection,
    Nomination,
    ReviewSession,
    Unit,
)
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ValidationError
from emudesk.domain.rules import AgendaOutcome, DecisionKind
from emudesk.services.core import column_filters as cf
from emudesk.services.core.common import SubjectRef, display_name, load_subject
from emudesk.services.core.formats import day
from emudesk.services.core.paging import fold_contains, ordered_ids, searching
from emudesk.services.decisions import cash as rewards
from emudesk.services.decisions.cash import DecisionCash
from emudesk.services.decisions.issuing import Recipient, get_decision, recipients

S = NominationStatus


@dataclass(frozen=True)
class DecisionFilter:
    """What the decisions list filters on."""

    search: str = ""  # in the number, issuer or summary (case and diacritics ignored)
    year: int | None = None
    columns: cf.ColumnFilters = ()  # (key of DECISION_COLUMN_KEYS, text typed under that column)


DECISION_SORTS = ("number", "date", "issuer", None, None, None)
# The filterable columns of the Khen thưởng ▸ decisions list, in its column order.
DECISION_COLUMN_KEYS = ("number", "date", None, None, "issuer", "signer", "summary", None)
_DECISION_COLUMN_FILTERS: dict[str, cf.Condition] = {
    "number": cf.text_has(Decision.number),
    "date": cf.date_in(Decision.signed_on),
    "issuer": cf.text_has(Decision.issuer),
    "signer": cf.text_has(Decision.signer_name, Decision.signer_title),
    "summary": cf.text_has(Decision.summary),
}


def decision_ids(
    session: Session,
    flt: DecisionFilter,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = None,
) -> list[int]:
    stmt = select(Decision.id)
    if searching(flt.search):
        stmt = stmt.where(fold_contains([Decision.number, Decision.issuer, Decision.summary], flt.search))
    if flt.year is not None:
        stmt = stmt.where(
            Decision.signed_on >= date(flt.year, 1, 1), Decision.signed_on <= date(flt.year, 12, 31)
        )
    stmt = cf.apply(stmt, flt.columns, _DECISION_COLUMN_FILTERS)
    keys: list[Any] = {"number": [Decision.number], "issuer": [Decision.issuer]}.get(
        sort, [Decision.signed_on]
    )
    return ordered_ids(session, stmt, [*keys, Decision.id], descending, limit)


class DecisionListRow(NamedTuple):
    """One line of the decisions list."""

    number: str
    signed_on: str
    issuer: str
    signer: str
    summary: str
    awards: int


def decision_rows(session: Session, ids: Sequence[int]) -> dict[int, DecisionListRow]:
    """Number, date, issuer, signer, summary, number of awards."""
    if not ids:
        return {}
    counts = dict(
        session.execute(
            select(AwardRecord.decision_id, func.count())
            .where(AwardRecord.decision_id.in_(list(ids)), AwardRecord.deleted_at.is_(None))
            .group_by(AwardRecord.decision_id)
        ).all()
    )
    out: dict[int, DecisionListRow] = {}
    for d in session.scalars(select(Decision).where(Decision.id.in_(list(ids)))):
        signer = " ".join(p for p in (d.signer_title, d.signer_name) if p)
        out[d.id] = DecisionListRow(
            d.number, day(d.signed_on), d.issuer, signer, d.summary, counts.get(d.id, 0)
        )
    return out


@dataclass(frozen=True)
class DecisionRow:
    id: int
    number: str
    signed_on: date
    kind: DecisionKind
    issuer: str
    signer: str
    summary: str
    issued: bool
    refers_to: str
    recipients: int
    # The tờ trình it answers, as recorded ("" / None: not recorded).
    submission_number: str = ""
    submission_date: date | None = None
    submission_by: str = ""


def related(session: Session, decision_id: int) -> list[DecisionRow]:
    """The decision and every correction or revocation referring to it, oldest first."""
    original = get_decision(session, decision_id)
    rows = [original, *session.scalars(select(Decision).where(Decision.refers_to_id == original.id))]
    return [_row(session, d) for d in sorted(rows, key=lambda d: (d.signed_on, d.id))]


def _counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(AwardRecord.decision_id, func.count())
        .where(AwardRecord.decision_id.is_not(None))
        .group_by(AwardRecord.decision_id)
    )
    return {did: int(n) for did, n in rows if did is not None}


def _row(session: Session, d: Decision, counts: dict[int, int] | None = None) -> DecisionRow:
    count = (counts if counts is not None else _counts(session)).get(d.id, 0)
    refers = session.get(Decision, d.refers_to_id) if d.refers_to_id else None
    return DecisionRow(
        d.id,
        d.number,
        d.signed_on,
        DecisionKind(d.kind) if d.kind in {k.value for k in DecisionKind} else DecisionKind.AWARD,
        d.issuer,
        " ".join(x for x in (d.signer_title, d.signer_name) if x),
        d.summary,
        d.issued,
        refers.number if refers else "",
        count,
        d.submission_number or "",
        d.submission_date,
        d.submission_by or "",
    )


def list_rows(session: Session) -> list[dict[str, object]]:
    """Rows for ``emudesk list decisions``."""
    out: list[dict[str, object]] = []
    counts = _counts(session)
    for d in session.scalars(select(Decision).order_by(Decision.signed_on.desc(), Decision.id.desc())):
        r = _row(session, d, counts)
        out.append(
            {
                "id": r.id,
                "name": r.number,
                "signed_on": r.signed_on.isoformat(),
                "kind": r.kind.label,
                "issuer": r.issuer,
                "signer": r.signer,
                "issued": r.issued,
                "refers_to": r.refers_to,
                "recipients": r.recipients,
                "summary": r.summary,
            }
        )
    return out


# --- reads for the window (Quyết định tab) ------------------------------------------------------


class DecisionState(NamedTuple):
    """What a line of the decisions list says beside the decision's own columns."""

    kind: DecisionKind
    issued: bool  # False: still a draft
    refers_to: str  # the number of the decision it corrects or revokes ("" for an award decision)


def states(session: Session, ids: list[int]) -> dict[int, DecisionState]:
    """Kind, issued or draft, and the number of the decision referred to, for rows of a list."""
    if not ids:
        return {}
    rows = list(session.scalars(select(Decision).where(Decision.id.in_(ids))))
    referred = {d.refers_to_id for d in rows if d.refers_to_id}
    numbers = dict(
        session.execute(select(Decision.id, Decision.number).where(Decision.id.in_(referred))).all()
    )
    kinds = {k.value for k in DecisionKind}
    return {
        d.id: DecisionState(
            DecisionKind(d.kind) if d.kind in kinds else DecisionKind.AWARD,
            bool(d.issued),
            numbers.get(d.refers_to_id, "") if d.refers_to_id else "",
        )
        for d in rows
    }


@dataclass(frozen=True)
class ChangeRow:
    """One value a correcting decision changed."""

    award_record_id: int | None
    field: str
    old_value: str
    new_value: str


@dataclass(frozen=True)
class DecisionDetail:
    """A decision as the window shows it.

    Attributes:
        chain: the original award decision and every decision referring to it, oldest first.
        recipients: who it granted awards to (empty for a correction or a revocation).
        cash: its cash rewards; None when no base salary is recorded for its date (``cash_problem`` says so).
        changes: what a correction changed.
        affected: the awards a revocation or annulment took back.
    """

    row: DecisionRow
    signer_title: str
    signer_name: str
    campaign_id: int | None
    note: str
    chain: tuple[DecisionRow, ...]
    recipients: tuple[Recipient, ...]
    cash: DecisionCash | None
    cash_problem: str
    changes: tuple[ChangeRow, ...]
    affected: tuple[Recipient, ...]


def detail(session: Session, decision_id: int) -> DecisionDetail:
    d = get_decision(session, decision_id)
    original = get_decision(session, d.refers_to_id) if d.refers_to_id else d
    people = tuple(recipients(session, decision_id))
    cash: DecisionCash | None = None
    problem = ""
    if people:
        try:
            cash = rewards.compute(session, decision_id)
        except ValidationError as exc:  # no base salary for that day: the list still shows
            problem = exc.message
    changes = tuple(
        ChangeRow(c.award_record_id, c.field, c.old_value, c.new_value)
        for c in session.scalars(
            select(DecisionCorrection)
            .where(DecisionCorrection.decision_id == decision_id)
            .order_by(DecisionCorrection.id)
        )
    )
    affected: tuple[Recipient, ...] = ()
    if d.refers_to_id and d.kind in (DecisionKind.REVOCATION.value, DecisionKind.ANNULMENT.value):
        affected = tuple(r for r in recipients(session, original.id) if r.status_decision == d.number)
    return DecisionDetail(
        _row(session, d),
        d.signer_title,
        d.signer_name,
        d.campaign_id,
        d.note or "",
        tuple(related(session, original.id)),
        people,
        cash,
        problem,
        changes,
        affected,
    )


@dataclass(frozen=True)
class Awaiting:
    """A nomination the council approved that no decision grants yet."""

    nomination_id: int
    subject_name: str
    award_name: str
    proposing_unit: str
    session_title: str
    held_on: date
    campaign_id: int


def awaiting(session: Session, campaign_id: int | None = None) -> list[Awaiting]:
    """Nominations a council session approved that still wait for their decision, oldest session first."""
    stmt = (
        select(Nomination, ReviewSession)
        .join(AgendaItem, AgendaItem.nomination_id == Nomination.id)
        .join(ReviewSession, ReviewSession.id == AgendaItem.session_id)
        .where(
            AgendaItem.outcome.in_([AgendaOutcome.APPROVED, AgendaOutcome.APPROVED_OTHER_LEVEL]),
            Nomination.status.in_([S.VOTED, S.APPRAISED]),
            Nomination.deleted_at.is_(None),
        )
        .order_by(ReviewSession.held_on, AgendaItem.position)
    )
    if campaign_id is not None:
        stmt = stmt.where(Nomination.campaign_id == campaign_id)
    forms = dict(session.execute(select(AwardForm.id, AwardForm.name)).all())
    out = []
    for n, review in session.execute(stmt):
        unit = session.get(Unit, n.proposing_unit_id) if n.proposing_unit_id else None
        out.append(
            Awaiting(
                n.id,
                display_name(load_subject(session, SubjectRef(n.subject_kind, n.subject_id))),
                forms.get(n.award_form_id, ""),
                unit.name if unit else "",
                review.title,
                review.held_on,
                n.campaign_id,
            )
        )
    return out
