"""The register as it stood on a past day: where people worked and what units were called.

A paper dated before the 2025 mergers names the units of its day. Units that merged or were
renamed keep their own rows (``valid_to`` set) linked to their successors, and a person's
memberships are dated, so a list of 2024 reads them as of its date rather than today's names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Individual, Membership, Unit, UnitLink


@dataclass(frozen=True)
class Post:
    """A person's position and unit on a day."""

    position: str
    unit_id: int | None


def posts_on(session: Session, individual_ids: Iterable[int], day: date) -> dict[int, Post]:
    """Each person's membership in force on ``day``; people with none keep their current post."""
    ids = sorted(set(individual_ids))
    if not ids:
        return {}
    out: dict[int, Post] = {}
    for pid, unit_id, position in session.execute(
        select(Individual.id, Individual.unit_id, Individual.position).where(Individual.id.in_(ids))
    ):
        out[pid] = Post(position or "", unit_id)
    found: dict[int, tuple[date, Post]] = {}
    for m in session.scalars(
        select(Membership).where(
            Membership.individual_id.in_(ids),
            (Membership.start_date.is_(None)) | (Membership.start_date <= day),
            (Membership.end_date.is_(None)) | (Membership.end_date >= day),
        )
    ):
        start = m.start_date or date.min
        # Overlapping memberships: the one begun last is the post of the day.
        if m.individual_id not in found or start >= found[m.individual_id][0]:
            found[m.individual_id] = (start, Post(m.position or "", m.unit_id))
    out.update({pid: post for pid, (_start, post) in found.items()})
    return out


class UnitNames:
    """Unit names and parents as on one day, following renames and mergers backwards."""

    def __init__(self, session: Session, day: date) -> None:
        self.session = session
        self.day = day
        self._names: dict[int, str] = {}

    def _unit(self, unit_id: int) -> Unit | None:
        unit = self.session.get(Unit, unit_id)
        seen: set[int] = set()
        # A unit that did not exist yet on the day: its predecessor did (a rename has one).
        while unit is not None and unit.valid_from is not None and unit.valid_from > self.day:
            seen.add(unit.id)
            earlier = self.session.scalars(
                select(UnitLink.predecessor_id)
                .where(UnitLink.successor_id == unit.id)
                .order_by(UnitLink.effective_on.desc(), UnitLink.id)
            ).all()
            if len(earlier) != 1 or earlier[0] in seen:
                break  # a merger of several: no single name stood for it
            unit = self.session.get(Unit, earlier[0])
        return unit

    def name(self, unit_id: int | None) -> str:
        if unit_id is None:
            return ""
        if unit_id not in self._names:
            unit = self._unit(unit_id)
            self._names[unit_id] = unit.name if unit is not None else ""
        return self._names[unit_id]

    def parent_name(self, unit_id: int | None) -> str:
        if unit_id is None:
            return ""
        unit = self._unit(unit_id)
        return self.name(unit.parent_id) if unit is not None else ""
