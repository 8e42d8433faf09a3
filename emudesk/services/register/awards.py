"""Award history: awards entered by hand or imported (approvals write theirs in nominations.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardForm, AwardRecord, Campaign
from emudesk.domain.enums import AwardStatus, AwardType, RecordSource
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.domain.statistics import RecipientCategory, categories_for
from emudesk.domain.text import LINE_MAX, LONG_MAX, NAME_MAX, nfc
from emudesk.i18n import _
from emudesk.services.core.common import (
    SubjectRef,
    check_text,
    display_name,
    get_live,
    load_subject,
    mark_deleted,
    subject_columns,
)
from emudesk.services.core.rights import requires


@dataclass
class AwardInput:
    """An award as written on its decision."""

    subject: SubjectRef
    year: int
    award_form_code: str | None = None
    award_name: str = ""
    recipient_name: str | None = None
    decision_number: str = ""
    decision_date: date | None = None
    issuer: str = ""
    award_type: AwardType | None = None
    campaign_id: int | None = None
    golden_book_no: str | None = None
    note: str | None = None
    # The TT 02/2023 statistics row; None: as the register suggests (position, kind of unit).
    recipient_category: RecipientCategory | None = None


def _check_category(data: AwardInput) -> None:
    category = data.recipient_category
    if category is not None and category not in categories_for(data.subject.kind):
        raise ValidationError(
            _("“{category}” is not a category for a recipient of this kind ({kind}).").format(
                category=category.label, kind=data.subject.kind.label
            ),
            fields={"recipient_category": _("Not for this kind of recipient")},
        )


def form_by_code(session: Session, code: str) -> AwardForm:
    form = session.scalar(select(AwardForm).where(AwardForm.code == code.strip().upper()))
    if form is None:
        raise ValidationError(
            _("Unknown award form code “{code}” (see: emudesk list award-forms).").format(code=code),
            fields={"award_form": _("Unknown code")},
        )
    return form


def _apply(session: Session, record: AwardRecord, data: AwardInput) -> None:
    subject = load_subject(session, data.subject)
    form = form_by_code(session, data.award_form_code) if data.award_form_code else None
    name = nfc(data.award_name or "") or (form.name if form else "")
    if not name:
        raise ValidationError(_("Give the award form or its name."), fields={"award_name": _("Required")})
    if not 1945 <= data.year <= date.today().year + 1:
        raise ValidationError(
            _("The year {year} is out of range.").format(year=data.year), fields={"year": "?"}
        )
    if data.decision_date and data.decision_date > date.today():
        raise ValidationError(_("The decision date is in the future."), fields={"decision_date": "?"})
    if data.campaign_id is not None:
        get_live(session, Campaign, data.campaign_id, _("Campaign"))
    _check_category(data)
    for key, value in subject_columns(data.subject).items():
        setattr(record, key, value)
    record.award_form_id = form.id if form else None
    record.award_name = name
    for key, label, limit in (
        ("award_name", _("Award"), LINE_MAX),
        ("recipient_name", _("Recipient"), NAME_MAX),
        ("decision_number", _("Decision number"), NAME_MAX),
        ("issuer", _("Issued by"), LINE_MAX),
        ("golden_book_no", _("Golden book no."), NAME_MAX),
    ):
        check_text(getattr(data, key), key, label, max_length=limit)
    check_text(data.note, "note", _("Note"), max_length=LONG_MAX)
    record.recipient_name = nfc(data.recipient_name or "") or display_name(subject)
    record.year = data.year
    record.decision_number = nfc(data.decision_number or "")
    record.decision_date = data.decision_date
    record.issuer = nfc(data.issuer or "")
    record.award_type = data.award_type or (form.default_award_type if form else AwardType.MERIT)
    record.campaign_id = data.campaign_id
    record.golden_book_no = nfc(data.golden_book_no or "") or None
    record.note = data.note
    record.recipient_category = data.recipient_category


def validate_award(session: Session, data: AwardInput) -> None:
    """Every check saving ``data`` runs, writing nothing."""
    with session.no_autoflush:  # a transient record, never added to the session
        _apply(session, AwardRecord(), data)


def find_same(session: Session, data: AwardInput) -> AwardRecord | None:
    """The same award already recorded: same subject, award, year and decision number (re-imports)."""
    cols = subject_columns(data.subject)
    stmt = select(AwardRecord).where(
        AwardRecord.subject_kind == data.subject.kind,
        AwardRecord.year == data.year,
        AwardRecord.decision_number == nfc(data.decision_number or ""),
        AwardRecord.deleted_at.is_(None),
    )
    for key in ("unit_id", "individual_id", "household_id"):
        value = cols[key]
        column = getattr(AwardRecord, key)
        stmt = stmt.where(column.is_(None) if value is None else column == value)
    if data.award_form_code:
        stmt = stmt.where(AwardRecord.award_form_id == form_by_code(session, data.award_form_code).id)
    else:
        stmt = stmt.where(AwardRecord.award_name == nfc(data.award_name))
    return session.scalars(stmt.limit(1)).first()


@requires("register.edit")
def create_award(session: Session, data: AwardInput, *, source: RecordSource = RecordSource.ENTERED) -> int:
    record = AwardRecord(source=source)
    _apply(session, record, data)
    session.add(record)
    session.flush()
    return record.id


# What an issued decision says about an award; the recipient's name only when one is given.
_DECISION_WORDING = (
    "subject_kind",
    "unit_id",
    "individual_id",
    "household_id",
    "award_form_id",
    "award_name",
    "year",
    "decision_number",
    "decision_date",
    "issuer",
    "award_type",
    "campaign_id",
    "golden_book_no",
    "note",
)


def _decision_wording_changed(session: Session, record: AwardRecord, data: AwardInput) -> bool:
    """Whether saving ``data`` would change more than the record's statistics category."""
    with session.no_autoflush:  # a transient record, never added to the session
        proposed = AwardRecord()
        _apply(session, proposed, data)
    keys = _DECISION_WORDING + (("recipient_name",) if data.recipient_name else ())
    return any(getattr(proposed, k) != getattr(record, k) for k in keys)


@requires("register.edit")
def update_award(session: Session, award_id: int, data: AwardInput) -> None:
    record = get_live(session, AwardRecord, award_id, _("Award"))
    if record.source is RecordSource.APPROVAL:
        # The decision's wording is the decision's; how the statistics count it is the office's.
        if _decision_wording_changed(session, record, data):
            message = _("This award comes from an issued decision; correct the decision instead.")
            raise ValidationError(message)
        _check_category(data)
        record.recipient_category = data.recipient_category
        session.flush()
        return
    _apply(session, record, data)
    session.flush()


@requires("register.edit")
def delete_award(session: Session, award_id: int) -> None:
    record = get_live(session, AwardRecord, award_id, _("Award"))
    if record.source is RecordSource.APPROVAL:
        raise ValidationError(_("This award comes from an issued decision; revoke the decision instead."))
    mark_deleted(record)


@requires("register.edit")
def restore_award(session: Session, award_id: int) -> None:
    record = session.get(AwardRecord, award_id)
    if record is None:
        raise NotFoundError(_("Award #{id} does not exist.").format(id=award_id))
    record.deleted_at = None


@dataclass(frozen=True)
class HistoryRow:
    id: int
    year: int
    award_name: str
    award_code: str | None
    decision_number: str
    decision_date: date | None
    issuer: str
    award_type: AwardType
    status: AwardStatus
    recipient_name: str


def history(session: Session, subject: SubjectRef) -> list[HistoryRow]:
    """A subject's awards, newest first, as they were written."""
    cols = subject_columns(subject)
    key = next(k for k in ("unit_id", "individual_id", "household_id") if cols[k] is not None)
    rows = session.execute(
        select(AwardRecord, AwardForm.code)
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .where(getattr(AwardRecord, key) == subject.id, AwardRecord.deleted_at.is_(None))
        .order_by(
            AwardRecord.year.desc(), AwardRecord.decision_date.desc().nulls_last(), AwardRecord.id.desc()
        )
    )
    return [
        HistoryRow(
            r.id,
            r.year,
            r.award_name,
            code,
            r.decision_number,
            r.decision_date,
            r.issuer,
            r.award_type,
            r.status,
            r.recipient_name,
        )
        for r, code in rows
    ]


def award_input(session: Session, award_id: int) -> AwardInput:
    r = get_live(session, AwardRecord, award_id, _("Award"))
    form = session.get(AwardForm, r.award_form_id) if r.award_form_id else None
    return AwardInput(
        subject=SubjectRef(r.subject_kind, r.subject_id),
        year=r.year,
        award_form_code=form.code if form else None,
        award_name=r.award_name,
        recipient_name=r.recipient_name,
        decision_number=r.decision_number,
        decision_date=r.decision_date,
        issuer=r.issuer,
        award_type=r.award_type,
        campaign_id=r.campaign_id,
        golden_book_no=r.golden_book_no,
        note=r.note,
        recipient_category=r.recipient_category,
    )
