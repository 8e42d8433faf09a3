"""The order of a decision's danh sách kèm theo, and sổ vàng numbers that follow it.

The printed list groups by award form (catalogue order), then tập thể / cá nhân / hộ gia đình,
then Vietnamese name order. The sổ vàng number is the recipient's serial in that same list, so a
reader finds 1, 2, 3… down the page; approvals, issuing and the demo all number through here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import AwardForm, AwardRecord, Household, Individual, Unit
from emudesk.domain.enums import SubjectKind

# Print order of the kinds of subject inside an award form.
KIND_ORDER: tuple[SubjectKind, ...] = (SubjectKind.UNIT, SubjectKind.INDIVIDUAL, SubjectKind.HOUSEHOLD)


def kind_order_sql(column: Any) -> Any:
    """SQL expression ordering a subject-kind column tập thể, cá nhân, hộ gia đình."""
    return case({k: i for i, k in enumerate(KIND_ORDER)}, value=column, else_=len(KIND_ORDER))


def print_order(subject_unit: Any = Unit) -> tuple[Any, ...]:
    """ORDER BY of award records in a decision's printed list.

    The statement must outer-join AwardForm, Individual, Household and ``subject_unit`` (an alias
    of Unit joined on ``AwardRecord.unit_id``) to the records.
    """
    return (
        func.coalesce(AwardForm.sort_order, 1_000_000),
        AwardRecord.award_name,
        kind_order_sql(AwardRecord.subject_kind),
        func.coalesce(Individual.sort_key, subject_unit.sort_key, Household.sort_key),
        AwardRecord.id,
    )


def _in_print_order(session: Session, decision_id: int) -> list[AwardRecord]:
    subject_unit = aliased(Unit)
    return list(
        session.scalars(
            select(AwardRecord)
            .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
            .outerjoin(Individual, Individual.id == AwardRecord.individual_id)
            .outerjoin(subject_unit, subject_unit.id == AwardRecord.unit_id)
            .outerjoin(Household, Household.id == AwardRecord.household_id)
            .where(AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None))
            .order_by(*print_order(subject_unit))
        )
    )


def renumber(session: Session, decision_id: int) -> None:
    """Give a draft's recipients sổ vàng numbers 1, 2, 3… in the order the list prints them.

    Only while nothing is given yet: an issued decision's numbers are the book's (a correction
    decision may have changed one), so lines added to it go through ``number_new``.
    """
    for serial, record in enumerate(_in_print_order(session, decision_id), start=1):
        if record.golden_book_no != str(serial):
            record.golden_book_no = str(serial)
    session.flush()


def number_new(session: Session, decision_id: int) -> None:
    """Number the decision's lines that have no sổ vàng number yet, after the highest it holds
    (revoked lines and numbers changed by a correction count), in the order the list prints them.
    Numbers already given keep theirs."""
    records = _in_print_order(session, decision_id)
    given = [int(r.golden_book_no) for r in records if r.golden_book_no and r.golden_book_no.isdigit()]
    serial = max(given, default=0)
    for record in records:
        if not record.golden_book_no:
            serial += 1
            record.golden_book_no = str(serial)
    session.flush()
