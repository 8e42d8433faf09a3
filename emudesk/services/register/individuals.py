"""Individuals (cá nhân): validation, duplicates, memberships, ratings and discipline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from emudesk.db.models import AnnualRating, DisciplineRecord, Individual, Membership, Unit
from emudesk.domain.enums import DisciplineForm, DisciplineKind, Gender, Rating
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.people import check_id_number, normalise_ethnicity
from emudesk.domain.text import (
    LINE_MAX,
    LONG_MAX,
    NAME_MAX,
    full_name,
    name_fold,
    nfc,
    nfc_or_none,
    text_problem,
)
from emudesk.i18n import N_, _
from emudesk.services.core.common import check_period, get_live, mark_deleted
from emudesk.services.core.rights import requires


@dataclass
class IndividualInput:
    """What a user enters for a person; names exactly as on the ID document."""

    family_name: str
    middle_name: str
    given_name: str
    gender: Gender
    birth_date: date | None = None
    birth_year: int | None = None
    id_number: str | None = None
    ethnicity: str = "Kinh"
    unit_id: int | None = None
    position: str | None = None
    hometown: str | None = None
    residence: str | None = None
    phone: str | None = None
    staff_category: str | None = None
    note: str | None = None
    allow_duplicate: bool = False


_TEXT_FIELDS = (
    ("family_name", N_("Family name"), NAME_MAX),
    ("middle_name", N_("Middle name"), NAME_MAX),
    ("given_name", N_("Given name"), NAME_MAX),
    ("ethnicity", N_("Ethnicity"), NAME_MAX),
    ("id_number", N_("ID number"), NAME_MAX),
    ("position", N_("Position"), LINE_MAX),
    ("hometown", N_("Hometown"), LINE_MAX),
    ("residence", N_("Residence"), LINE_MAX),
    ("phone", N_("Phone"), NAME_MAX),
    ("staff_category", N_("Staff category"), LINE_MAX),
    ("note", N_("Note"), LONG_MAX),
)


def _static_problems(data: IndividualInput) -> tuple[dict[str, str], str, int | None]:
    """The checks that need no database: (problems, the ID number as stored, the birth year)."""
    problems: dict[str, str] = {}
    for key, label, limit in _TEXT_FIELDS:
        problem = text_problem(getattr(data, key) or "", max_length=limit)
        if problem:
            problems[key] = f"{_(label)}: {problem}"
    if not nfc(data.given_name or ""):
        problems["given_name"] = _("The given name is required.")
    if not nfc(data.family_name or ""):
        problems["family_name"] = _("The family name is required.")
    year = data.birth_date.year if data.birth_date else data.birth_year
    this_year = date.today().year
    if data.birth_date and data.birth_year and data.birth_date.year != data.birth_year:
        problems["birth_year"] = _("The birth year differs from the birth date.")
    if data.birth_date and data.birth_date > date.today():
        problems["birth_date"] = _("The birth date is in the future.")
    if year is not None and not 1900 <= year <= this_year:
        problems["birth_year"] = _("The birth year must be between 1900 and {year}.").format(year=this_year)
    number = (data.id_number or "").strip().replace(" ", "")
    if number:
        wrong = check_id_number(number, gender=data.gender, birth_year=year)
        if wrong:
            problems["id_number"] = wrong
    if normalise_ethnicity(data.ethnicity or "Kinh") is None:
        problems["ethnicity"] = _("Unknown ethnic group “{value}”.").format(value=data.ethnicity)
    return problems, number, year


def validate(session: Session, data: IndividualInput, *, current_id: int | None = None) -> dict[str, str]:
    """Every problem with ``data`` by field, empty when it may be saved (the GUI calls this as you type)."""
    problems, number, _year = _static_problems(data)
    if number and "id_number" not in problems:
        other = session.scalar(select(Individual).where(Individual.id_number == number))
        if other is not None and other.id != current_id:
            problems["id_number"] = _("This ID number already belongs to {name} (#{id}).").format(
                name=other.full_name, id=other.id
            )
    if data.unit_id is not None:
        unit = session.get(Unit, data.unit_id)
        if unit is None or unit.deleted_at is not None:
            problems["unit_id"] = _("The unit does not exist.")
    if not problems and not data.allow_duplicate:
        dup = find_duplicate(session, data, current_id=current_id)
        if dup is not None:
            problems["full_name"] = _(
                "{name}, born {born}, is already recorded in this unit (#{id})."
            ).format(name=dup.full_name, born=_born(dup), id=dup.id)
    return problems


def _born(person: Individual) -> str:
    if person.birth_date:
        return person.birth_date.strftime("%d/%m/%Y")
    return str(person.birth_year or "?")


def find_duplicate(
    session: Session, data: IndividualInput, *, current_id: int | None = None
) -> Individual | None:
    """Same name and birth date (or year) in the same unit: most likely the same person."""
    folded = name_fold(full_name(data.family_name, data.middle_name, data.given_name))
    stmt = select(Individual).where(
        Individual.name_fold == folded,
        Individual.deleted_at.is_(None),
        Individual.unit_id.is_(None) if data.unit_id is None else Individual.unit_id == data.unit_id,
    )
    if data.birth_date is not None:
        stmt = stmt.where(Individual.birth_date == data.birth_date)
    elif data.birth_year is not None:
        stmt = stmt.where(Individual.birth_year == data.birth_year)
    else:
        return None
    if current_id is not None:
        stmt = stmt.where(Individual.id != current_id)
    return session.scalars(stmt.limit(1)).first()


def _apply(person: Individual, data: IndividualInput) -> None:
    person.family_name = nfc(data.family_name)
    person.middle_name = nfc(data.middle_name or "")
    person.given_name = nfc(data.given_name)
    person.gender = data.gender
    person.birth_date = data.birth_date
    person.birth_year = data.birth_date.year if data.birth_date else data.birth_year
    person.id_number = (data.id_number or "").replace(" ", "").strip() or None
    person.ethnicity = normalise_ethnicity(data.ethnicity or "Kinh") or "Kinh"
    person.hometown = nfc_or_none(data.hometown)
    person.residence = nfc_or_none(data.residence)
    person.phone = nfc_or_none(data.phone)
    person.staff_category = nfc_or_none(data.staff_category)
    person.note = data.note


def _raise(problems: dict[str, str]) -> None:
    if not problems:
        return
    messages = tuple(problems.values())
    if set(problems) == {"full_name"}:  # only the likely duplicate: the data itself is fine
        raise ConflictError(messages[0] + " " + _("Save anyway only if this is a different person."))
    raise ValidationError(messages[0], fields=problems, details=messages[1:])


@requires("register.edit")
def create_individual(session: Session, data: IndividualInput, *, start_date: date | None = None) -> int:
    _raise(validate(session, data))
    person = Individual(unit_id=data.unit_id, position=nfc_or_none(data.position))
    _apply(person, data)
    session.add(person)
    if data.unit_id is not None:
        session.add(
            Membership(
                individual=person, unit_id=data.unit_id, position=person.position, start_date=start_date
            )
        )
    session.flush()  # one flush for the person and the membership: bulk imports call this per row
    return person.id


def _duplicate_key(data: IndividualInput, unit_id: int | None) -> tuple[object, ...] | None:
    """What ``find_duplicate`` compares: name, unit and the birth date, else the birth year."""
    folded = name_fold(full_name(data.family_name, data.middle_name, data.given_name))
    if data.birth_date is not None:
        return (folded, unit_id, "date", data.birth_date)
    if data.birth_year is not None:
        return (folded, unit_id, "year", data.birth_year)
    return None


@requires("register.edit")
def create_individuals(
    session: Session, items: Sequence[tuple[IndividualInput, date | None]]
) -> list[int] | None:
    """Create many people (with their first membership) in one flush, for imports.

    The same rules as ``create_individual``, checked in a few set-based queries. Returns None,
    writing nothing, when any of them would be refused: the caller then creates them one by one
    to learn which and why.
    """
    numbers: list[str] = []
    for data, _start in items:
        problems, number, _year = _static_problems(data)
        if problems:
            return None
        if number:
            numbers.append(number)
    if len(set(numbers)) != len(numbers):
        return None
    if numbers and session.scalar(select(Individual.id).where(Individual.id_number.in_(numbers)).limit(1)):
        return None
    unit_ids = {data.unit_id for data, _start in items if data.unit_id is not None}
    if unit_ids:
        live = set(session.scalars(select(Unit.id).where(Unit.id.in_(unit_ids), Unit.deleted_at.is_(None))))
        if live != unit_ids:
            return None
    keys = [None if data.allow_duplicate else _duplicate_key(data, data.unit_id) for data, _start in items]
    wanted = [k for k in keys if k is not None]
    if len(set(wanted)) != len(wanted):
        return None
    if wanted:
        existing: set[tuple[object, ...]] = set()
        rows = session.execute(
            select(
                Individual.name_fold, Individual.unit_id, Individual.birth_date, Individual.birth_year
            ).where(Individual.name_fold.in_({k[0] for k in wanted}), Individual.deleted_at.is_(None))
        )
        for folded, unit_id, born, year in rows:
            if born is not None:
                existing.add((folded, unit_id, "date", born))
            if year is not None:
                existing.add((folded, unit_id, "year", year))
        if any(k in existing for k in wanted):
            return None
    people = []
    for data, start in items:
        person = Individual(unit_id=data.unit_id, position=nfc_or_none(data.position))
        _apply(person, data)
        people.append(person)
        session.add(person)
        if data.unit_id is not None:
            session.add(
                Membership(
                    individual=person, unit_id=data.unit_id, position=person.position, start_date=start
                )
            )
    session.flush()
    return [p.id for p in people]


@requires("register.edit")
def update_individual(session: Session, individual_id: int, data: IndividualInput) -> None:
    person = get_live(session, Individual, individual_id, _("Individual"))
    _raise(validate(session, data, current_id=individual_id))
    _apply(person, data)
    if data.unit_id != person.unit_id or data.position != person.position:
        _start_membership(session, person, data.unit_id, data.position, date.today())
    session.flush()


def _start_membership(
    session: Session, person: Individual, unit_id: int | None, position: str | None, start: date | None
) -> None:
    """Close the open membership and open the new one, keeping the current columns in step."""
    for open_row in session.scalars(
        select(Membership).where(Membership.individual_id == person.id, Membership.end_date.is_(None))
    ):
        if start is not None and open_row.start_date is not None and start < open_row.start_date:
            raise ValidationError(_("The new position starts before the current one."))
        open_row.end_date = start or date.today()
    if unit_id is not None:
        session.add(
            Membership(
                individual_id=person.id, unit_id=unit_id, position=nfc_or_none(position), start_date=start
            )
        )
    person.unit_id = unit_id
    person.position = nfc_or_none(position)


@requires("register.edit")
def transfer(
    session: Session, individual_id: int, unit_id: int | None, position: str | None, on: date
) -> None:
    """Move a person to another unit or position from a date; the history keeps the old one."""
    person = get_live(session, Individual, individual_id, _("Individual"))
    if unit_id is not None:
        get_live(session, Unit, unit_id, _("Unit"))
    _start_membership(session, person, unit_id, position, on)
    session.flush()


@requires("register.edit")
def delete_individual(session: Session, individual_id: int) -> None:
    mark_deleted(get_live(session, Individual, individual_id, _("Individual")))


@requires("register.edit")
def restore_individual(session: Session, individual_id: int) -> None:
    person = session.get(Individual, individual_id)
    if person is None:
        raise NotFoundError(_("Individual #{id} does not exist.").format(id=individual_id))
    person.deleted_at = None


@requires("register.edit")
def set_rating(
    session: Session,
    *,
    year: int,
    rating: Rating | None,
    individual_id: int | None = None,
    unit_id: int | None = None,
) -> None:
    """Record (or clear, with ``rating=None``) the yearly assessment of a person or a unit."""
    if (individual_id is None) == (unit_id is None):
        raise ValidationError(_("A rating belongs to one individual or one unit."))
    if not 1945 <= year <= date.today().year + 1:
        raise ValidationError(_("The year {year} is out of range.").format(year=year), fields={"year": "?"})
    if individual_id is not None:
        get_live(session, Individual, individual_id, _("Individual"))
        cond = and_(AnnualRating.individual_id == individual_id, AnnualRating.year == year)
    else:
        assert unit_id is not None
        get_live(session, Unit, unit_id, _("Unit"))
        cond = and_(AnnualRating.unit_id == unit_id, AnnualRating.year == year)
    row = session.scalar(select(AnnualRating).where(cond))
    if rating is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(AnnualRating(individual_id=individual_id, unit_id=unit_id, year=year, rating=rating))
    else:
        row.rating = rating
    session.flush()


def ratings(session: Session, individual_id: int) -> dict[int, Rating]:
    rows = session.execute(
        select(AnnualRating.year, AnnualRating.rating).where(AnnualRating.individual_id == individual_id)
    )
    return {year: rating for year, rating in rows}


@requires("register.edit")
def add_discipline(
    session: Session,
    individual_id: int,
    *,
    kind: DisciplineKind,
    start_date: date,
    end_date: date | None = None,
    form: DisciplineForm | None = None,
    decision_ref: str | None = None,
    note: str | None = None,
) -> int:
    get_live(session, Individual, individual_id, _("Individual"))
    check_period(start_date, end_date)
    if kind is DisciplineKind.DISCIPLINE and form is None:
        raise ValidationError(_("Choose the form of discipline."), fields={"form": _("Required")})
    row = DisciplineRecord(
        individual_id=individual_id,
        kind=kind,
        form=form,
        start_date=start_date,
        end_date=end_date,
        decision_ref=nfc_or_none(decision_ref),
        note=note,
    )
    session.add(row)
    session.flush()
    return row.id


def memberships(session: Session, individual_id: int) -> list[tuple[Membership, str]]:
    rows = session.execute(
        select(Membership, Unit.name)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(Membership.individual_id == individual_id)
        .order_by(Membership.start_date.desc().nulls_last(), Membership.id.desc())
    )
    return [(m, name) for m, name in rows]


def individual_input(session: Session, individual_id: int) -> IndividualInput:
    p = get_live(session, Individual, individual_id, _("Individual"))
    return IndividualInput(
        family_name=p.family_name,
        middle_name=p.middle_name,
        given_name=p.given_name,
        gender=p.gender,
        birth_date=p.birth_date,
        birth_year=None if p.birth_date else p.birth_year,
        id_number=p.id_number,
        ethnicity=p.ethnicity,
        unit_id=p.unit_id,
        position=p.position,
        hometown=p.hometown,
        residence=p.residence,
        phone=p.phone,
        staff_category=p.staff_category,
        note=p.note,
    )
