"""Decisions (quyết định): drafting, recipients with their sổ vàng numbers, issue, correction, revocation.

A draft decision collects approved nominations as recipients. Issuing it
numbers the recipients in the golden book (sổ vàng), fixes the cash amounts
and freezes it: an issued decision is never edited. A correction (đính chính)
or a revocation (thu hồi, hủy bỏ: Luật TĐKT 2022 Điều 93) is a decision of its
own referring to the original; award history carries the corrected values and
the revoked status with the decision that changed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AgendaItem,
    AwardRecord,
    Decision,
    DecisionCorrection,
    Nomination,
    ReviewSession,
)
from emudesk.domain.enums import AwardStatus, NominationStatus, SubjectKind
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.rules import AgendaOutcome, DecisionKind, fmt
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.core.common import check_text
from emudesk.services.core.rights import requires
from emudesk.services.decisions import cash as rewards
from emudesk.services.decisions import signing
from emudesk.services.decisions.cash import DecisionCash
from emudesk.services.nominations import workflow as nominations
from emudesk.services.register import decision_order

S = NominationStatus


@dataclass
class DecisionDraft:
    """A decision as printed: "Quyết định số 150/QĐ-UBND ngày 26/01/2026 của Chủ tịch UBND tỉnh"."""

    number: str
    signed_on: date
    issuer: str = ""
    signer_title: str = ""
    signer_name: str = ""
    summary: str = ""
    campaign_id: int | None = None
    note: str | None = None
    # The tờ trình the decision answers: "Tờ trình số 15/TTr-SNV ngày 10/01/2026 của Sở Nội vụ".
    submission_number: str = ""
    submission_date: date | None = None
    submission_by: str = ""


def get_decision(session: Session, decision_id: int) -> Decision:
    row = session.get(Decision, decision_id)
    if row is None:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    return row


def _draft(session: Session, decision_id: int) -> Decision:
    row = get_decision(session, decision_id)
    if row.issued:
        raise ConflictError(
            _("Decision {number} is issued and cannot be edited; issue a correction instead.").format(
                number=row.number
            )
        )
    return row


def _check(session: Session, data: DecisionDraft, current_id: int | None) -> str:
    number = nfc(data.number or "")
    if not number:
        raise ValidationError(_("A decision needs its number."), fields={"number": _("Required")})
    # Before the number is looked up: PostgreSQL refuses a NUL in a query's parameter.
    check_text(number, "number", _("Decision number"), max_length=60)
    if data.signed_on > date.today():
        raise ValidationError(_("The decision date is in the future."), fields={"signed_on": "?"})
    same = session.scalar(
        select(Decision.id).where(
            Decision.number == number, Decision.signed_on == data.signed_on, Decision.id != (current_id or 0)
        )
    )
    if same is not None:
        raise ConflictError(
            _("Decision {number} of {day} is already recorded.").format(
                number=number, day=fmt.day(data.signed_on)
            )
        )
    return number


def _set_submission(row: Decision, number: str, day: date | None, by: str) -> None:
    row.submission_number, row.submission_date, row.submission_by = number or None, day, by or None


@requires("decisions.edit")
def record_submission(
    session: Session, decision_id: int, number: str, day: date | None, by: str = ""
) -> None:
    """Record the tờ trình a decision answers. A draft's may change; an issued decision's only
    while none is recorded (its Căn cứ then printed a blank): the paper it prints is signed."""
    row = get_decision(session, decision_id)
    if row.kind != DecisionKind.AWARD.value:
        raise ConflictError(_("Only a decision granting awards answers a submission."))
    if row.issued and row.submission_number and row.submission_number != nfc(number).strip():
        raise ConflictError(
            _(
                "Decision {number} was issued citing submission {submission}; issue a correction instead."
            ).format(number=row.number, submission=row.submission_number)
        )
    _set_submission(row, *nominations.check_submission(number, day, by, row.signed_on))
    session.flush()


@requires("decisions.edit")
def create_decision(session: Session, data: DecisionDraft) -> int:
    """A draft decision granting awards; recipients are added before it is issued."""
    number = _check(session, data, None)
    row = Decision(
        number=number,
        signed_on=data.signed_on,
        kind=DecisionKind.AWARD.value,
        issuer=data.issuer,
        signer_title=data.signer_title,
        signer_name=data.signer_name,
        summary=data.summary,
        campaign_id=data.campaign_id,
        issued=False,
        note=data.note,
    )
    _set_submission(
        row,
        *nominations.check_submission(
            data.submission_number, data.submission_date, data.submission_by, data.signed_on
        ),
    )
    session.add(row)
    session.flush()
    return row.id


@requires("decisions.edit")
def update_decision(session: Session, decision_id: int, data: DecisionDraft) -> None:
    row = _draft(session, decision_id)
    row.number = _check(session, data, decision_id)
    row.signed_on = data.signed_on
    row.issuer, row.signer_title, row.signer_name = data.issuer, data.signer_title, data.signer_name
    row.summary, row.campaign_id, row.note = data.summary, data.campaign_id, data.note
    _set_submission(
        row,
        *nominations.check_submission(
            data.submission_number, data.submission_date, data.submission_by, data.signed_on
        ),
    )
    # Recipients copy the decision's number and date: keep them in step while it is a draft.
    for record in session.scalars(select(AwardRecord).where(AwardRecord.decision_id == decision_id)):
        record.decision_number, record.decision_date = row.number, row.signed_on
        record.issuer = row.issuer or record.issuer
    session.flush()


@requires("decisions.edit")
def add_recipients(session: Session, decision_id: int, nomination_ids: list[int]) -> tuple[int, ...]:
    """Approve nominations into the draft decision; each becomes a recipient (an award in history).

    A draft given no issuer and no signer gets the default of the forms it grants (the CLI, an
    import or a script that leaves them out): the authority of the award form, not the office.
    """
    row = _draft(session, decision_id)
    unsigned = not (row.issuer or row.signer_title or row.signer_name)
    if unsigned and nomination_ids:
        block = signing.signing_for_nominations(session, nomination_ids).default
        row.issuer, row.signer_title, row.signer_name = block.issuer, block.title, block.name
        session.flush()
    result = nominations.transition(session, nomination_ids, S.APPROVED, decision_id=decision_id)
    return result.award_record_ids


@requires("decisions.edit")
def draft_from_nominations(session: Session, nomination_ids: list[int], data: DecisionDraft) -> int:
    """A draft decision granting these approved nominations (the window's "Draft a decision")."""
    decision_id = create_decision(session, data)
    add_recipients(session, decision_id, nomination_ids)
    return decision_id


@requires("decisions.edit")
def from_session(session: Session, session_id: int, data: DecisionDraft) -> int:
    """Draft the decision for everything a council session approved."""
    review = session.get(ReviewSession, session_id)
    if review is None:
        raise NotFoundError(_("Council session #{id} does not exist.").format(id=session_id))
    ids = list(
        session.scalars(
            select(AgendaItem.nomination_id)
            .join(Nomination, Nomination.id == AgendaItem.nomination_id)
            .where(
                AgendaItem.session_id == session_id,
                AgendaItem.outcome.in_([AgendaOutcome.APPROVED, AgendaOutcome.APPROVED_OTHER_LEVEL]),
                Nomination.status.in_([S.VOTED, S.APPRAISED]),
            )
            .order_by(AgendaItem.position)
        )
    )
    if not ids:
        raise ConflictError(_("The session approved nothing that still awaits a decision."))
    if data.campaign_id is None:
        data.campaign_id = review.campaign_id
    decision_id = create_decision(session, data)
    add_recipients(session, decision_id, ids)
    return decision_id


@requires("decisions.edit")
def issue(session: Session, decision_id: int) -> DecisionCash:
    """Issue a draft: number the recipients in the sổ vàng in the order the list prints them,
    fix the cash amounts, and freeze the decision."""
    row = _draft(session, decision_id)
    records = list(
        session.scalars(
            select(AwardRecord).where(
                AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None)
            )
        )
    )
    if not records:
        raise ConflictError(_("Decision {number} has no recipients yet.").format(number=row.number))
    decision_order.renumber(session, decision_id)
    cash = rewards.apply(session, decision_id)
    row.issued = True
    session.flush()
    return cash


@dataclass(frozen=True)
class Recipient:
    award_record_id: int
    golden_book_no: str | None
    subject_kind: SubjectKind
    recipient_name: str
    award_name: str
    cash_amount: int | None
    status: AwardStatus
    status_decision: str


def _book_order(r: Recipient) -> tuple[int, int]:
    """Sổ vàng order: numbered recipients by their number, the rest after them as recorded."""
    book = r.golden_book_no or ""
    return (int(book) if book.isdigit() else 10**6, r.award_record_id)


def recipients(session: Session, decision_id: int) -> list[Recipient]:
    """The decision's list (danh sách kèm theo), in sổ vàng order, with later revocations shown."""
    get_decision(session, decision_id)
    rows = list(
        session.scalars(
            select(AwardRecord).where(
                AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None)
            )
        )
    )
    later = {r.status_decision_id for r in rows if r.status_decision_id}
    numbers = dict(session.execute(select(Decision.id, Decision.number).where(Decision.id.in_(later))).all())
    out = [
        Recipient(
            r.id,
            r.golden_book_no,
            r.subject_kind,
            r.recipient_name,
            r.award_name,
            int(r.cash_amount) if r.cash_amount is not None else None,
            r.status,
            numbers.get(r.status_decision_id, "") if r.status_decision_id else "",
        )
        for r in rows
    ]
    out.sort(key=_book_order)
    return out


def _issued_original(session: Session, decision_id: int) -> Decision:
    row = get_decision(session, decision_id)
    if not row.issued:
        raise ConflictError(
            _("Decision {number} is still a draft: edit it instead of correcting it.").format(
                number=row.number
            )
        )
    if row.kind != DecisionKind.AWARD.value:
        raise ConflictError(_("Only a decision granting awards can be corrected or revoked."))
    return row


def _follow_up(session: Session, original: Decision, data: DecisionDraft, kind: DecisionKind) -> Decision:
    number = _check(session, data, None)
    if data.signed_on < original.signed_on:
        raise ValidationError(
            _("A decision about {number} cannot be dated before it ({day}).").format(
                number=original.number, day=fmt.day(original.signed_on)
            ),
            fields={"signed_on": "?"},
        )
    row = Decision(
        number=number,
        signed_on=data.signed_on,
        kind=kind.value,
        issuer=data.issuer or original.issuer,
        signer_title=data.signer_title,
        signer_name=data.signer_name,
        summary=data.summary,
        campaign_id=original.campaign_id,
        refers_to_id=original.id,
        issued=True,
        note=data.note,
    )
    session.add(row)
    session.flush()
    return row


CORRECTABLE = ("recipient_name", "award_name", "golden_book_no")


@dataclass(frozen=True)
class Correction:
    """One value a correction changes: the recipient's name, the award's name or the sổ vàng number."""

    award_record_id: int
    field: str
    new_value: str


@requires("decisions.edit")
def correct(session: Session, decision_id: int, data: DecisionDraft, changes: list[Correction]) -> int:
    """Record a correcting decision (đính chính) and apply its changes to the awards it concerns."""
    original = _issued_original(session, decision_id)
    if not changes:
        raise ValidationError(_("A correction must change at least one value."))
    row = _follow_up(session, original, data, DecisionKind.CORRECTION)
    for change in changes:
        if change.field not in CORRECTABLE:
            raise ValidationError(_("“{field}” cannot be corrected.").format(field=change.field))
        record = session.get(AwardRecord, change.award_record_id)
        if record is None or record.decision_id != original.id:
            raise ValidationError(
                _("Award #{id} is not granted by decision {number}.").format(
                    id=change.award_record_id, number=original.number
                )
            )
        old = str(getattr(record, change.field) or "")
        new = nfc(change.new_value)
        setattr(record, change.field, new)
        record.note = _append(
            record.note,
            _("Corrected by decision {number} of {day}: “{old}” → “{new}”.").format(
                number=row.number, day=fmt.day(row.signed_on), old=old, new=new
            ),
        )
        session.add(
            DecisionCorrection(
                decision_id=row.id,
                award_record_id=record.id,
                field=change.field,
                old_value=old,
                new_value=new,
            )
        )
    session.flush()
    return row.id


@requires("decisions.edit")
def revoke(
    session: Session,
    decision_id: int,
    data: DecisionDraft,
    *,
    reason: str,
    award_record_ids: list[int] | None = None,
    annul: bool = False,
) -> int:
    """Record a decision revoking (thu hồi) or annulling (hủy bỏ) awards of an issued decision.

    The awards stay in history with their new status and the decision that changed it; the
    cash paid is listed as to be recovered (Luật TĐKT 2022, Điều 93).
    """
    original = _issued_original(session, decision_id)
    why = nfc(reason or "")
    if not why:
        raise ValidationError(_("Give the reason for the revocation."), fields={"reason": _("Required")})
    records = list(
        session.scalars(
            select(AwardRecord).where(
                AwardRecord.decision_id == original.id, AwardRecord.deleted_at.is_(None)
            )
        )
    )
    if award_record_ids is not None:
        wanted = set(award_record_ids)
        records = [r for r in records if r.id in wanted]
        if len(records) != len(wanted):
            raise ValidationError(
                _("Some of the awards are not granted by decision {number}.").format(number=original.number)
            )
    records = [r for r in records if r.status is AwardStatus.VALID]
    if not records:
        raise ConflictError(_("Nothing left to revoke in decision {number}.").format(number=original.number))
    kind = DecisionKind.ANNULMENT if annul else DecisionKind.REVOCATION
    row = _follow_up(session, original, data, kind)
    status = AwardStatus.ANNULLED if annul else AwardStatus.REVOKED
    for record in records:
        record.status = status
        record.status_decision_id = row.id
        record.note = _append(
            record.note,
            _("{status} by decision {number} of {day}: {reason}").format(
                status=status.label, number=row.number, day=fmt.day(row.signed_on), reason=why
            ),
        )
    session.flush()
    return row.id


def _append(note: str | None, line: str) -> str:
    return f"{note}\n{line}" if note else line
