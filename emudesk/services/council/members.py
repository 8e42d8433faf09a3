"""The council (Hội đồng Thi đua - Khen thưởng): its term, its members and who serves on a day.

Members have their own dates within the council's term; one who leaves keeps
their place in the sessions already held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from emudesk.db.models import Council, CouncilMember, ReviewSession, SessionAttendance, Unit
from emudesk.domain.errors import ConflictError, NotFoundError
from emudesk.domain.rules import CouncilRole, SessionStatus, fmt
from emudesk.i18n import _
from emudesk.services.core.common import check_period, required
from emudesk.services.core.rights import requires


@dataclass
class CouncilInput:
    name: str
    unit_id: int | None = None
    term_start: date | None = None
    term_end: date | None = None
    established_by: str = ""
    note: str | None = None


@dataclass
class MemberInput:
    """A council member; ``individual_id`` and ``unit_id`` let the app flag recusals."""

    full_name: str
    role: CouncilRole = CouncilRole.MEMBER
    office: str = ""
    individual_id: int | None = None
    unit_id: int | None = None
    voting: bool = True
    start_date: date | None = None
    end_date: date | None = None


@requires("council.edit")
def create_council(session: Session, data: CouncilInput) -> int:
    name = required(data.name, "name", _("The council's name"))
    check_period(data.term_start, data.term_end, "term_end")
    row = Council(
        name=name,
        unit_id=data.unit_id,
        term_start=data.term_start,
        term_end=data.term_end,
        established_by=data.established_by,
        note=data.note,
    )
    session.add(row)
    session.flush()
    return row.id


@requires("council.edit")
def add_member(session: Session, council_id: int, data: MemberInput) -> int:
    council = get_council(session, council_id)
    name = required(data.full_name, "full_name", _("The member's name"))
    check_period(data.start_date, data.end_date)
    position = len(council.members) + 1
    row = CouncilMember(
        council_id=council.id,
        position=position,
        full_name=name,
        role=data.role,
        office=data.office,
        individual_id=data.individual_id,
        unit_id=data.unit_id,
        voting=data.voting,
        start_date=data.start_date or council.term_start,
        end_date=data.end_date,
    )
    session.add(row)
    session.flush()
    return row.id


def get_council(session: Session, council_id: int) -> Council:
    council = session.get(Council, council_id)
    if council is None:
        raise NotFoundError(_("Council #{id} does not exist.").format(id=council_id))
    return council


def members_on(session: Session, council_id: int, day: date) -> list[CouncilMember]:
    """Members serving on ``day`` (voting or not), in the council's order."""
    return list(
        session.scalars(
            select(CouncilMember)
            .where(
                CouncilMember.council_id == council_id,
                or_(CouncilMember.start_date.is_(None), CouncilMember.start_date <= day),
                or_(CouncilMember.end_date.is_(None), CouncilMember.end_date >= day),
            )
            .order_by(CouncilMember.position, CouncilMember.id)
        )
    )


@requires("council.edit")
def end_member(session: Session, member_id: int, end_date: date) -> None:
    """A member leaves the council on ``end_date``; sessions already held keep their attendance."""
    row = session.get(CouncilMember, member_id)
    if row is None:
        raise NotFoundError(_("Council member #{id} does not exist.").format(id=member_id))
    if row.end_date is not None:
        raise ConflictError(
            _("{name} already left the council on {day}.").format(
                name=row.full_name, day=fmt.day(row.end_date)
            )
        )
    check_period(row.start_date, end_date, "end_date")
    # An open session after that day counts the member in its votes: it must not lose them silently.
    later = session.scalar(
        select(ReviewSession)
        .join(SessionAttendance, SessionAttendance.session_id == ReviewSession.id)
        .where(
            SessionAttendance.member_id == member_id,
            ReviewSession.status == SessionStatus.OPEN,
            ReviewSession.held_on > end_date,
        )
    )
    if later is not None:
        raise ConflictError(
            _(
                "{name} is on the list of the open session “{title}” of {day}; end the membership after it."
            ).format(name=row.full_name, title=later.title, day=fmt.day(later.held_on))
        )
    row.end_date = end_date
    session.flush()


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """A council member as the members' list shows them."""

    id: int
    position: int
    full_name: str
    role: CouncilRole
    office: str
    voting: bool
    start_date: date | None
    end_date: date | None

    def serving_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )


@dataclass(frozen=True)
class CouncilRow:
    id: int
    name: str
    unit_name: str
    term_start: date | None
    term_end: date | None
    established_by: str
    note: str
    members: tuple[MemberRow, ...]
    sessions: int


def councils(session: Session) -> list[CouncilRow]:
    """Every council with its members (past ones too), newest term first."""
    counts: dict[int, int] = {}
    for cid in session.scalars(select(ReviewSession.council_id)):
        counts[cid] = counts.get(cid, 0) + 1
    out = []
    for c in session.scalars(
        select(Council).order_by(Council.term_start.desc().nulls_last(), Council.id.desc())
    ):
        unit = session.get(Unit, c.unit_id) if c.unit_id else None
        out.append(
            CouncilRow(
                c.id,
                c.name,
                unit.name if unit else "",
                c.term_start,
                c.term_end,
                c.established_by,
                c.note or "",
                tuple(
                    MemberRow(
                        m.id, m.position, m.full_name, m.role, m.office, m.voting, m.start_date, m.end_date
                    )
                    for m in sorted(c.members, key=lambda m: (m.position, m.id))
                ),
                counts.get(c.id, 0),
            )
        )
    return out
