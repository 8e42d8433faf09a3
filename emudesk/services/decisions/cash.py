"""Cash rewards (tiền thưởng): coefficient × lương cơ sở on the decision date, rounded up, per decision.

The coefficients are the award forms' (NĐ 152/2025 Điều 49–54), the base
salary is the dated setting in force on the day the decision is signed, and
the rounding step and household factor come from the cash rule in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardRecord, BaseSalary, Decision
from emudesk.domain.amounts import amount_in_words
from emudesk.domain.enums import AwardStatus, SubjectKind
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.domain.rules import RuleKind, fmt
from emudesk.domain.rules.council import cash_amount
from emudesk.domain.rules.kinds import CashReward
from emudesk.i18n import _
from emudesk.services.rules import rulebook
from emudesk.services.rules.rulebook import FormInfo


@dataclass(frozen=True)
class BaseSalaryInForce:
    amount: int
    effective_from: date
    source: str


def base_salary_on(session: Session, day: date) -> BaseSalaryInForce:
    row = session.scalar(
        select(BaseSalary)
        .where(BaseSalary.effective_from <= day)
        .order_by(BaseSalary.effective_from.desc())
        .limit(1)
    )
    if row is None:
        raise ValidationError(
            _("No base salary (lương cơ sở) is recorded for {day}; add it to the catalogue.").format(
                day=fmt.day(day)
            )
        )
    return BaseSalaryInForce(row.amount, row.effective_from, row.source)


def coefficient(form: FormInfo, kind: SubjectKind) -> Decimal | None:
    """Collectives use the collective coefficient; households are paid on the individual one (× factor)."""
    if kind is SubjectKind.UNIT:
        return form.coefficient_collective
    return form.coefficient_individual


def amount_for(form: FormInfo, kind: SubjectKind, base_salary: int, rule: CashReward | None) -> int | None:
    """The reward for one recipient, or None where the sources give no coefficient."""
    factor = coefficient(form, kind)
    if factor is None:
        return None
    return cash_amount(factor, base_salary, household=kind is SubjectKind.HOUSEHOLD, rule=rule)


@dataclass(frozen=True)
class CashLine:
    award_record_id: int
    golden_book_no: str | None
    recipient_name: str
    subject_kind: SubjectKind
    award_name: str
    coefficient: Decimal | None
    amount: int | None
    status: AwardStatus


@dataclass(frozen=True)
class DecisionCash:
    """The cash of one decision.

    Attributes:
        total: the sum paid to recipients whose award stands.
        recovered: the sum of awards revoked or annulled since (to be paid back, Luật Điều 93).
        without_amount: recipients whose form has no coefficient in the sources.
    """

    decision_id: int
    number: str
    signed_on: date
    base_salary: BaseSalaryInForce
    citation: str
    lines: tuple[CashLine, ...]
    total: int
    recovered: int
    without_amount: int


def compute(session: Session, decision_id: int) -> DecisionCash:
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    book = rulebook.load(session)
    base = base_salary_on(session, decision.signed_on)
    rule = rulebook.rule_by_kind(session, RuleKind.CASH_REWARD, decision.signed_on)
    params = rule.params if rule is not None and isinstance(rule.params, CashReward) else None
    lines = []
    for record in session.scalars(
        select(AwardRecord)
        .where(AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None))
        .order_by(AwardRecord.id)
    ):
        form = book.forms_by_id.get(record.award_form_id) if record.award_form_id else None
        if record.cash_amount is not None:
            amount: int | None = int(record.cash_amount)  # fixed when the decision was issued
        else:
            amount = amount_for(form, record.subject_kind, base.amount, params) if form else None
        lines.append(
            CashLine(
                record.id,
                record.golden_book_no,
                record.recipient_name,
                record.subject_kind,
                record.award_name,
                coefficient(form, record.subject_kind) if form else None,
                amount,
                record.status,
            )
        )
    lines.sort(key=lambda line: (_serial(line.golden_book_no), line.award_record_id))
    total = sum(line.amount or 0 for line in lines if line.status is AwardStatus.VALID)
    recovered = sum(line.amount or 0 for line in lines if line.status is not AwardStatus.VALID)
    return DecisionCash(
        decision.id,
        decision.number,
        decision.signed_on,
        base,
        rule.citation if rule else "",
        tuple(lines),
        total,
        recovered,
        sum(1 for line in lines if line.amount is None),
    )


def line_amounts(session: Session, decision_id: int) -> dict[int, int | None]:
    """Each recipient's cash by award record: fixed on issue, else coefficient × lương cơ sở of the
    decision's day. The one source of the amounts a list, a document and ``emudesk decision`` print.

    A decision entered from an old paper may have neither; with no base salary on record for its
    date, only the amounts written on the records are given.
    """
    try:
        return {line.award_record_id: line.amount for line in compute(session, decision_id).lines}
    except ValidationError:
        return {
            record_id: int(amount) if amount is not None else None
            for record_id, amount in session.execute(
                select(AwardRecord.id, AwardRecord.cash_amount).where(
                    AwardRecord.decision_id == decision_id, AwardRecord.deleted_at.is_(None)
                )
            )
        }


def apply(session: Session, decision_id: int) -> DecisionCash:
    """Write each recipient's amount onto its award record (done when the decision is issued)."""
    cash = compute(session, decision_id)
    amounts = {line.award_record_id: line.amount for line in cash.lines}
    for record in session.scalars(select(AwardRecord).where(AwardRecord.id.in_(list(amounts)))):
        value = amounts[record.id]
        record.cash_amount = Decimal(value) if value is not None else None
    session.flush()
    return cash


def in_words(amount: int) -> str:
    """ "Mười bốn triệu không trăm bốn mươi nghìn đồng": a total as the decision's Điều 2 reads it."""
    return amount_in_words(amount)


def money(amount: int | None) -> str:
    """ "7.020.000 đ" (Vietnamese thousands separator)."""
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " đ"


def _serial(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1_000_000
