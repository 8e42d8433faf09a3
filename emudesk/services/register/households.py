"""Households (hộ gia đình): head, address, members."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from emudesk.db.models import Household, HouseholdMember, Individual, Unit
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.domain.text import LONG_MAX, NAME_MAX, nfc
from emudesk.i18n import _
from emudesk.services.core.common import check_text, get_live, mark_deleted, required
from emudesk.services.core.rights import requires


@dataclass
class MemberInput:
    full_name: str
    relation: str = ""
    birth_year: int | None = None
    individual_id: int | None = None


@dataclass
class HouseholdInput:
    head_name: str
    address: str = ""
    village_id: int | None = None
    commune_id: int | None = None
    head_individual_id: int | None = None
    note: str | None = None
    members: list[MemberInput] = field(default_factory=list)


def _apply(session: Session, hh: Household, data: HouseholdInput) -> None:
    hh.head_name = required(data.head_name, "head_name", _("Head of household"), max_length=NAME_MAX)
    check_text(data.address, "address", _("Address"))
    check_text(data.note, "note", _("Note"), max_length=LONG_MAX)
    hh.address = nfc(data.address or "")
    for attr, value in (("village_id", data.village_id), ("commune_id", data.commune_id)):
        if value is not None:
            get_live(session, Unit, value, _("Unit"))
        setattr(hh, attr, value)
    if data.head_individual_id is not None:
        get_live(session, Individual, data.head_individual_id, _("Individual"))
    hh.head_individual_id = data.head_individual_id
    hh.note = data.note
    hh.members.clear()
    for m in data.members:
        if not nfc(m.full_name or ""):
            raise ValidationError(_("Every member needs a name."), fields={"members": _("Name missing")})
        check_text(m.full_name, "members", _("Member's name"), max_length=NAME_MAX)
        check_text(m.relation, "members", _("Relation"), max_length=NAME_MAX)
        if m.individual_id is not None:
            get_live(session, Individual, m.individual_id, _("Individual"))
        hh.members.append(
            HouseholdMember(
                full_name=m.full_name,
                relation=nfc(m.relation or ""),
                birth_year=m.birth_year,
                individual_id=m.individual_id,
            )
        )


def validate_household(session: Session, data: HouseholdInput) -> None:
    """Every check saving ``data`` runs, writing nothing."""
    with session.no_autoflush:  # a transient record, never added to the session
        _apply(session, Household(), data)


@requires("register.edit")
def create_household(session: Session, data: HouseholdInput) -> int:
    hh = Household()
    _apply(session, hh, data)
    session.add(hh)
    session.flush()
    return hh.id


@requires("register.edit")
def update_household(session: Session, household_id: int, data: HouseholdInput) -> None:
    hh = get_live(session, Household, household_id, _("Household"))
    _apply(session, hh, data)
    session.flush()


@requires("register.edit")
def delete_household(session: Session, household_id: int) -> None:
    mark_deleted(get_live(session, Household, household_id, _("Household")))


@requires("register.edit")
def restore_household(session: Session, household_id: int) -> None:
    hh = session.get(Household, household_id)
    if hh is None:
        raise NotFoundError(_("Household #{id} does not exist.").format(id=household_id))
    hh.deleted_at = None


def household_input(session: Session, household_id: int) -> HouseholdInput:
    hh = get_live(session, Household, household_id, _("Household"))
    return HouseholdInput(
        head_name=hh.head_name,
        address=hh.address,
        village_id=hh.village_id,
        commune_id=hh.commune_id,
        head_individual_id=hh.head_individual_id,
        note=hh.note,
        members=[MemberInput(m.full_name, m.relation, m.birth_year, m.individual_id) for m in hh.members],
    )
