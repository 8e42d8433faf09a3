"""Units (tập thể): the tree, its changes over time (mergers, renames), members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from emudesk.db.models import Individual, Unit, UnitKind, UnitLink
from emudesk.domain.enums import LinkKind
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.text import LONG_MAX, NAME_MAX, nfc
from emudesk.i18n import _
from emudesk.services.core.common import check_period, check_text, get_live, mark_deleted, required
from emudesk.services.core.rights import requires


@dataclass
class UnitInput:
    """What a user enters for a unit."""

    name: str
    kind_code: str
    parent_id: int | None = None
    short_name: str = ""
    code: str | None = None
    admin_code: str | None = None
    address: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    member_count: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    short_name: str
    kind: str
    kind_code: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    successors: tuple[str, ...] = field(default=())


def kind_by_code(session: Session, code: str) -> UnitKind:
    kind = session.scalar(select(UnitKind).where(UnitKind.code == code))
    if kind is None:
        raise ValidationError(
            _("Unknown kind of unit “{code}”.").format(code=code), fields={"kind": _("Unknown kind")}
        )
    return kind


def _apply(session: Session, unit: Unit, data: UnitInput) -> None:
    unit.name = required(data.name, "name", _("Name"), max_length=NAME_MAX)
    check_text(data.short_name, "short_name", _("Short name"), max_length=NAME_MAX)
    check_text(data.code, "code", _("Code"))
    check_text(data.admin_code, "admin_code", _("Administrative code"))
    check_text(data.address, "address", _("Address"))
    check_text(data.note, "note", _("Note"), max_length=LONG_MAX)
    unit.kind_id = kind_by_code(session, data.kind_code).id
    unit.short_name = nfc(data.short_name or "")
    unit.code = nfc(data.code) if data.code else None
    unit.admin_code = nfc(data.admin_code) if data.admin_code else None
    unit.address = data.address
    check_period(data.valid_from, data.valid_to, "valid_to")
    unit.valid_from = data.valid_from
    unit.valid_to = data.valid_to
    if data.member_count is not None and data.member_count < 0:
        raise ValidationError(_("The number of members cannot be negative."), fields={"member_count": "< 0"})
    unit.member_count = data.member_count
    unit.note = data.note
    if data.parent_id is not None:
        parent = get_live(session, Unit, data.parent_id, _("Parent unit"))
        if unit.id is not None and unit.id in ancestor_ids(session, parent.id) | {parent.id}:
            raise ValidationError(
                _("A unit cannot be placed under itself or one of its sub-units."),
                fields={"parent_id": _("Would make a loop")},
            )
    unit.parent_id = data.parent_id


def validate_unit(session: Session, data: UnitInput, *, unit_id: int | None = None) -> None:
    """Every check saving ``data`` runs (as unit ``unit_id`` when it exists), writing nothing."""
    unit = Unit()
    if unit_id is not None:
        unit.id = unit_id  # the parent-loop check needs to know which unit moves
    with session.no_autoflush:  # a transient record, never added to the session
        _apply(session, unit, data)


@requires("register.edit")
def create_unit(session: Session, data: UnitInput) -> int:
    unit = Unit()
    _apply(session, unit, data)
    session.add(unit)
    session.flush()
    return unit.id


@requires("register.edit")
def update_unit(session: Session, unit_id: int, data: UnitInput) -> None:
    unit = get_live(session, Unit, unit_id, _("Unit"))
    _apply(session, unit, data)
    session.flush()


@requires("register.edit")
def delete_unit(session: Session, unit_id: int) -> None:
    """Move a unit to the bin; refused while it still has live sub-units or members."""
    unit = get_live(session, Unit, unit_id, _("Unit"))
    children = session.scalar(
        select(func.count()).select_from(Unit).where(Unit.parent_id == unit_id, Unit.deleted_at.is_(None))
    )
    members = session.scalar(
        select(func.count())
        .select_from(Individual)
        .where(Individual.unit_id == unit_id, Individual.deleted_at.is_(None))
    )
    if children or members:
        raise ConflictError(
            _("“{name}” still has {children} sub-units and {members} members; move them first.").format(
                name=unit.name, children=children, members=members
            )
        )
    mark_deleted(unit)


@requires("register.edit")
def restore_unit(session: Session, unit_id: int) -> None:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError(_("Unit #{id} does not exist.").format(id=unit_id))
    unit.deleted_at = None


def ancestor_ids(session: Session, unit_id: int) -> set[int]:
    up = select(Unit.id, Unit.parent_id).where(Unit.id == unit_id).cte("up", recursive=True)
    up = up.union_all(select(Unit.id, Unit.parent_id).join(up, Unit.id == up.c.parent_id))
    return set(session.scalars(select(up.c.id))) - {unit_id}


def subtree_ids_query(unit_id: int):  # type: ignore[no-untyped-def]  # a Select, typed loosely for reuse
    """A SELECT of the ids of a unit and every unit under it (recursive CTE, both engines)."""
    down = select(Unit.id).where(Unit.id == unit_id).cte("down", recursive=True)
    down = down.union_all(select(Unit.id).join(down, Unit.parent_id == down.c.id))
    return select(down.c.id)


def subtree_ids(session: Session, unit_id: int) -> set[int]:
    return set(session.scalars(subtree_ids_query(unit_id)))


@requires("register.edit")
def link_units(
    session: Session,
    predecessor_ids: list[int],
    successor_id: int,
    *,
    kind: LinkKind,
    effective_on: date,
    legal_basis: str = "",
    close_predecessors: bool = True,
) -> None:
    """Record that units became ``successor_id`` (merger, rename…) on a date.

    The predecessors keep their records and awards under their own names; they end the day before.
    """
    successor = get_live(session, Unit, successor_id, _("Unit"))
    for pid in predecessor_ids:
        if pid == successor_id:
            raise ValidationError(_("A unit cannot succeed itself."))
        pred = get_live(session, Unit, pid, _("Unit"))
        exists = session.scalar(
            select(literal(1)).where(UnitLink.predecessor_id == pid, UnitLink.successor_id == successor_id)
        )
        if exists:
            continue
        session.add(
            UnitLink(
                predecessor_id=pid,
                successor_id=successor.id,
                kind=kind,
                effective_on=effective_on,
                legal_basis=legal_basis,
            )
        )
        if close_predecessors and pred.valid_to is None:
            pred.valid_to = date.fromordinal(effective_on.toordinal() - 1)
    if successor.valid_from is None:
        successor.valid_from = effective_on
    session.flush()


def successors(session: Session, unit_id: int) -> list[tuple[Unit, UnitLink]]:
    rows = session.execute(
        select(Unit, UnitLink)
        .join(UnitLink, UnitLink.successor_id == Unit.id)
        .where(UnitLink.predecessor_id == unit_id)
        .order_by(UnitLink.effective_on)
    )
    return [(u, link) for u, link in rows]


def predecessors(session: Session, unit_id: int) -> list[tuple[Unit, UnitLink]]:
    rows = session.execute(
        select(Unit, UnitLink)
        .join(UnitLink, UnitLink.predecessor_id == Unit.id)
        .where(UnitLink.successor_id == unit_id)
        .order_by(UnitLink.effective_on)
    )
    return [(u, link) for u, link in rows]


def is_active(unit: Unit, on: date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (
        unit.valid_to is None or on <= unit.valid_to
    )


def list_children(
    session: Session, parent_id: int | None, *, include_dissolved: bool = False
) -> list[UnitRow]:
    """Direct sub-units in Vietnamese order, with where dissolved units went."""
    stmt = (
        select(Unit, UnitKind)
        .join(UnitKind, Unit.kind_id == UnitKind.id)
        .where(Unit.deleted_at.is_(None))
        .where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id)
        .order_by(Unit.sort_key)
    )
    if not include_dissolved:
        stmt = stmt.where(Unit.valid_to.is_(None) | (Unit.valid_to >= date.today()))
    out: list[UnitRow] = []
    rows = session.execute(stmt).all()
    dissolved = [u.id for u, _k in rows if u.valid_to is not None]
    succ: dict[int, list[str]] = {}
    if dissolved:
        for link, name in session.execute(
            select(UnitLink, Unit.name)
            .join(Unit, Unit.id == UnitLink.successor_id)
            .where(UnitLink.predecessor_id.in_(dissolved))
        ):
            succ.setdefault(link.predecessor_id, []).append(name)
    for unit, kind in rows:
        out.append(
            UnitRow(
                id=unit.id,
                name=unit.name,
                short_name=unit.short_name,
                kind=kind.name,
                kind_code=kind.code,
                parent_id=unit.parent_id,
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
                successors=tuple(succ.get(unit.id, ())),
            )
        )
    return out


def unit_input(session: Session, unit_id: int) -> UnitInput:
    unit = get_live(session, Unit, unit_id, _("Unit"))
    kind = session.get(UnitKind, unit.kind_id)
    return UnitInput(
        name=unit.name,
        kind_code=kind.code if kind else "",
        parent_id=unit.parent_id,
        short_name=unit.short_name,
        code=unit.code,
        admin_code=unit.admin_code,
        address=unit.address,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        member_count=unit.member_count,
        note=unit.note,
    )
