"""Helpers shared by the use cases: fetching live records, naming subjects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.base import Binnable, utcnow
from emudesk.db.models import Household, Individual, Nomination, Unit
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import EmudeskError, NotFoundError, ValidationError
from emudesk.domain.text import LINE_MAX, text_problem
from emudesk.i18n import _
from emudesk.services.core.paging import fold_words

T = TypeVar("T")
# Any select, whatever its columns (an id list selects one, a page of rows a dozen).
AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")

_KIND_NAMES = {
    Unit: "unit",
    Individual: "individual",
    Household: "household",
}


def get_live(session: Session, model: type[T], record_id: int, what: str) -> T:
    """Fetch a record that exists and is not in the bin, or raise NotFoundError naming it."""
    obj = session.get(model, record_id)
    if obj is None or (isinstance(obj, Binnable) and obj.deleted_at is not None):
        raise NotFoundError(_("{what} #{id} does not exist.").format(what=what, id=record_id))
    return obj


def mark_deleted(obj: Binnable) -> None:
    obj.deleted_at = utcnow()


# The largest id a record can have: PostgreSQL's ``integer`` (the narrower of the two databases);
# a larger one overflows the driver instead of finding nothing.
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class SubjectRef:
    """A unit, individual or household by kind and id ("individual:12")."""

    kind: SubjectKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> SubjectRef:
        kind_text, _sep, id_text = text.partition(":")
        kind = SubjectKind.parse(kind_text.strip()) if kind_text else None
        digits = id_text.strip()
        # Length first: int() refuses over 4,300 digits with a ValueError of its own.
        number = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 10 else 0
        if kind is None or not 0 < number <= MAX_ID:
            raise ValidationError(
                _("“{text}” is not a subject; write unit:ID, individual:ID or household:ID.").format(
                    text=text
                )
            )
        return cls(SubjectKind(kind), number)


SUBJECT_MODELS: dict[SubjectKind, type[Unit] | type[Individual] | type[Household]] = {
    SubjectKind.UNIT: Unit,
    SubjectKind.INDIVIDUAL: Individual,
    SubjectKind.HOUSEHOLD: Household,
}


def subject_label(kind: SubjectKind) -> str:
    return {
        SubjectKind.UNIT: _("Unit"),
        SubjectKind.INDIVIDUAL: _("Individual"),
        SubjectKind.HOUSEHOLD: _("Household"),
    }[kind]


def load_subject(session: Session, ref: SubjectRef) -> Unit | Individual | Household:
    return get_live(session, SUBJECT_MODELS[ref.kind], ref.id, subject_label(ref.kind))


def display_name(obj: Unit | Individual | Household) -> str:
    if isinstance(obj, Individual):
        return obj.full_name
    if isinstance(obj, Unit):
        return obj.name
    return household_title(obj.head_name)


def household_title(head_name: str) -> str:
    return _("Household of {name}").format(name=head_name)


def nominations_with_names(*columns: object) -> Select[Any]:
    """SELECT over nominations joined to their subject and proposing unit.

    The first three result columns are the subject's name as lists print it, the proposing
    unit's short name and its full name; ``columns`` follow.
    """
    proposer = aliased(Unit)
    subject_unit = aliased(Unit)
    subject_name = case(
        (Nomination.subject_kind == SubjectKind.INDIVIDUAL, Individual.full_name),
        (Nomination.subject_kind == SubjectKind.UNIT, subject_unit.name),
        else_=Household.head_name,
    )
    return (
        select(subject_name, proposer.short_name, proposer.name, *columns)  # type: ignore[return-value]
        .select_from(Nomination)
        .outerjoin(Individual, Individual.id == Nomination.individual_id)
        .outerjoin(subject_unit, subject_unit.id == Nomination.unit_id)
        .outerjoin(Household, Household.id == Nomination.household_id)
        .outerjoin(proposer, proposer.id == Nomination.proposing_unit_id)
    )


@dataclass(frozen=True)
class SubjectJoin:
    """The subject's tables joined to a record about a subject (a nomination, an achievement, an award).

    Attributes:
        unit: the alias the subject unit is joined as (a record may join other units, e.g. its proposer).
        name_key: the subject's Vietnamese sort key, whatever its kind.
    """

    unit: Any
    name_key: ColumnElement[Any]

    def name_matches(self, text: str) -> ColumnElement[bool]:
        """Every word of ``text`` opens a word of the subject's folded name (diacritics ignored)."""
        return or_(
            fold_words(Individual.name_fold, text),
            fold_words(self.unit.name_fold, text),
            fold_words(Household.name_fold, text),
        )


def join_subjects(stmt: AnySelect, owner: Any) -> tuple[AnySelect, SubjectJoin]:
    """``stmt`` with the individual, unit and household ``owner`` may be about outer-joined."""
    subject_unit = aliased(Unit)
    stmt = (
        stmt.outerjoin(Individual, Individual.id == owner.individual_id)
        .outerjoin(subject_unit, subject_unit.id == owner.unit_id)
        .outerjoin(Household, Household.id == owner.household_id)
    )
    name_key = func.coalesce(Individual.sort_key, subject_unit.sort_key, Household.sort_key)
    return stmt, SubjectJoin(subject_unit, name_key)


def nomination_subject_name(kind: SubjectKind, name: str | None) -> str:
    """The subject as lists print it: households as "Hộ ông (bà) …"."""
    return household_title(name or "") if kind is SubjectKind.HOUSEHOLD else name or ""


def subject_columns(ref: SubjectRef) -> dict[str, object]:
    """Keyword arguments that set a Subject mixin to ``ref``."""
    return {
        "subject_kind": ref.kind,
        "unit_id": ref.id if ref.kind is SubjectKind.UNIT else None,
        "individual_id": ref.id if ref.kind is SubjectKind.INDIVIDUAL else None,
        "household_id": ref.id if ref.kind is SubjectKind.HOUSEHOLD else None,
    }


def check_period(start: date | None, end: date | None, field: str = "end") -> None:
    if start and end and end < start:
        raise ValidationError(
            _("The end date {end} is before the start date {start}.").format(
                end=end.strftime("%d/%m/%Y"), start=start.strftime("%d/%m/%Y")
            ),
            fields={field: _("Before the start date")},
        )


def required(value: str | None, field: str, label: str, *, max_length: int = LINE_MAX) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("{label} is required.").format(label=label), fields={field: _("Required")})
    return check_text(text, field, label, max_length=max_length)


def check_text(value: str | None, field: str, label: str, *, max_length: int = LINE_MAX) -> str:
    """``value`` unchanged, or a refusal naming the field when it holds control characters or
    bidi overrides or is longer than ``max_length`` (see :func:`emudesk.domain.text.text_problem`)."""
    problem = text_problem(value or "", max_length=max_length)
    if problem:
        raise ValidationError(f"{label}: {problem}", fields={field: problem})
    return value or ""


def field_problems(check: Callable[[], object]) -> dict[str, str]:
    """Run a service's check; what it refuses, by field ({} when it passes, "" for no field).

    Forms validate as you type and imports report a row with this, so the rules stay in the
    service that enforces them on save.
    """
    try:
        check()
    except ValidationError as exc:
        if exc.fields:
            return {name: exc.message for name in exc.fields}
        return {"": exc.message}
    except EmudeskError as exc:
        return {"": exc.message}
    return {}
