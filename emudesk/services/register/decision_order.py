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


def renumber(session: Session, decision_id: int) -> None:
    """Give the decision's recipients sổ vàng numbers 1, 2, 3… in the order the list prints them."""
    subject_unit = aliased(Unit)
    records = session.scalars(
        select(AwardRecord)
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .outerjoin(Individual, Individual.id == AwardRecord.individual_id)
        .outerjoin(subject_unit, subject_unit.id == AwardRecord.unit_id)
        .outerjoin(Household, Household.id == AwardRecord.household_id)
        .where(AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None))
        .order_by(*print_order(subject_unit))
    ).all()
    for serial, record in enumerate(records, start=1):
        if record.golden_book_no != str(serial):
            record.golden_book_no = str(serial)
    session.flush()
