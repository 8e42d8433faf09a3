"""The council's review sessions, from opening to signed minutes.

A session records who attended and the written opinions of absent members,
takes appraised nominations on its agenda (flagging the members who must
recuse themselves), and closes once every item is decided, keeping the quorum
and its rule's version. Signed minutes are read-only. The tallies and outcomes
of its items are in ``tallies``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import (
    AgendaItem,
    AwardForm,
    Council,
    CouncilMember,
    Household,
    HouseholdMember,
    Nomination,
    ReviewSession,
    SessionAttendance,
    Unit,
)
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.rules import AgendaOutcome, CouncilRole, RuleKind, SessionStatus, fmt
from emudesk.domain.rules.council import MemberTies, judge_quorum, recusal_reason
from emudesk.domain.rules.verdict import Reason
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, display_name, load_subject, required
from emudesk.services.core.rights import requires
from emudesk.services.council.members import get_council, members_on
from emudesk.services.nominations import workflow as nominations
from emudesk.services.register import units
from emudesk.services.rules import rulebook

S = NominationStatus
A = AgendaOutcome


@dataclass
class SessionInput:
    title: str
    held_on: date
    place: str = ""
    campaign_id: int | None = None
    chair_name: str = ""
    secretary_name: str = ""
    note: str | None = None


@requires("council.edit")
def open_session(session: Session, council_id: int, data: SessionInput) -> int:
    """Open a session; every member serving that day is listed as present until told otherwise."""
    council = get_council(session, council_id)
    if (council.term_end and data.held_on > council.term_end) or (
        council.term_start and data.held_on < council.term_start
    ):
        raise ValidationError(
            _("{day} is outside the council's term.").format(day=fmt.day(data.held_on)),
            fields={"held_on": "?"},
        )
    members = members_on(session, council_id, data.held_on)
    if not any(m.voting for m in members):
        raise ValidationError(
            _("The council has no voting members on {day}.").format(day=fmt.day(data.held_on))
        )
    chair = next((m.full_name for m in members if m.role is CouncilRole.CHAIR), "")
    secretary = next((m.full_name for m in members if m.role is CouncilRole.SECRETARY), "")
    row = ReviewSession(
        council_id=council_id,
        title=required(data.title, "title", _("The session's title")),
        held_on=data.held_on,
        place=data.place,
        campaign_id=data.campaign_id,
        status=SessionStatus.OPEN,
        member_count=sum(1 for m in members if m.voting),
        chair_name=nfc(data.chair_name) or chair,
        secretary_name=nfc(data.secretary_name) or secretary,
        opened_at=_clock_if_today(data.held_on),
        note=data.note,
    )
    session.add(row)
    session.flush()
    for m in members:
        session.add(SessionAttendance(session_id=row.id, member_id=m.id, present=True))
    session.flush()
    return row.id


def get_review_session(session: Session, session_id: int, *, editable: bool = True) -> ReviewSession:
    """A council session; ``editable``: it must still be open."""
    row = session.get(ReviewSession, session_id)
    if row is None:
        raise NotFoundError(_("Council session #{id} does not exist.").format(id=session_id))
    if editable and row.status is not SessionStatus.OPEN:
        raise ConflictError(
            _("The session “{title}” is {status}; it can no longer change.").format(
                title=row.title, status=row.status.label.lower()
            )
        )
    return row


@requires("council.edit")
def set_attendance(
    session: Session,
    session_id: int,
    member_id: int,
    *,
    present: bool,
    written_opinion: str | None = None,
    received_on: date | None = None,
) -> None:
    """Mark a member present, or absent with the written opinion they sent (it goes into the minutes)."""
    get_review_session(session, session_id)
    row = session.scalar(
        select(SessionAttendance).where(
            SessionAttendance.session_id == session_id, SessionAttendance.member_id == member_id
        )
    )
    if row is None:
        raise NotFoundError(_("Member #{id} is not on this session's list.").format(id=member_id))
    if present and written_opinion:
        raise ValidationError(_("Only absent members send a written opinion."))
    row.present = present
    row.written_opinion = nfc(written_opinion) if written_opinion else None
    row.opinion_received_on = received_on if written_opinion else None
    session.flush()


@dataclass(frozen=True)
class Attendance:
    members: int
    present: int
    written: int
    quorum_met: bool | None
    quorum: Reason
    rule_id: int | None
    rule_version: int | None


def attendance(session: Session, session_id: int) -> Attendance:
    """Voting members, those present, written opinions of the absent, and the quorum rule's verdict."""
    row = get_review_session(session, session_id, editable=False)
    voting = present = written = 0
    for a, m in session.execute(
        select(SessionAttendance, CouncilMember)
        .join(CouncilMember, CouncilMember.id == SessionAttendance.member_id)
        .where(SessionAttendance.session_id == session_id)
    ):
        if not m.voting:
            continue
        voting += 1
        if a.present:
            present += 1
        elif a.written_opinion:
            written += 1
    rule = rulebook.rule_by_kind(session, RuleKind.QUORUM, row.held_on)
    met, reason = judge_quorum(voting, present, written, rule)
    return Attendance(
        voting, present, written, met, reason, rule.id if rule else None, rule.version if rule else None
    )


def _ties(session: Session, council: Council, members: list[CouncilMember]) -> dict[int, MemberTies]:
    """What each member is tied to; the council's own agency does not tie anyone to everything."""
    out = {}
    for m in members:
        own = m.unit_id if m.unit_id is not None and m.unit_id != council.unit_id else None
        tied_units = units.subtree_ids(session, own) if own is not None else set()
        households: set[int] = set()
        if m.individual_id is not None:
            households |= set(
                session.scalars(select(Household.id).where(Household.head_individual_id == m.individual_id))
            )
            households |= set(
                session.scalars(
                    select(HouseholdMember.household_id).where(
                        HouseholdMember.individual_id == m.individual_id
                    )
                )
            )
        out[m.id] = MemberTies(tied_units, m.individual_id, households)
    return out


def _subject_units(n: Nomination) -> set[int]:
    if n.subject_kind is not SubjectKind.UNIT or n.unit_id is None:
        return set()
    return {n.unit_id}


@requires("council.edit")
def add_to_agenda(session: Session, session_id: int, nomination_ids: list[int]) -> tuple[int, ...]:
    """Put appraised nominations on the agenda, flagging members whose unit or household is the subject."""
    row = get_review_session(session, session_id)
    council = get_council(session, row.council_id)
    members = members_on(session, council.id, row.held_on)
    ties = _ties(session, council, members)
    position = max((i.position for i in row.items), default=0)
    created = []
    for nid in nomination_ids:
        n = session.get(Nomination, nid)
        if n is None or n.deleted_at is not None:
            raise NotFoundError(_("Nomination #{id} does not exist.").format(id=nid))
        if n.status is not S.APPRAISED:
            raise ConflictError(
                _("{label} is “{status}”; only appraised nominations go before the council.").format(
                    label=nominations.label(session, n), status=n.status.label
                )
            )
        if any(i.nomination_id == nid for i in row.items):
            raise ConflictError(_("Nomination #{id} is already on this agenda.").format(id=nid))
        pending_elsewhere = session.scalar(
            select(AgendaItem.id)
            .join(ReviewSession, ReviewSession.id == AgendaItem.session_id)
            .where(
                AgendaItem.nomination_id == nid,
                AgendaItem.outcome == A.PENDING,
                ReviewSession.status == SessionStatus.OPEN,
                ReviewSession.id != session_id,
            )
        )
        if pending_elsewhere is not None:
            raise ConflictError(
                _("Nomination #{id} is on the agenda of another open session.").format(id=nid)
            )
        subject_units = _subject_units(n)
        reasons = {
            m.id: reason
            for m in members
            if (reason := recusal_reason(ties[m.id], n.subject_kind, n.subject_id, subject_units))
        }
        position += 1
        item = AgendaItem(
            session_id=session_id,
            nomination_id=nid,
            position=position,
            subject_kind=n.subject_kind,
            award_form_id=n.award_form_id,
            recused=list(reasons),
            recusal_reasons={str(mid): reason for mid, reason in reasons.items()},
        )
        session.add(item)
        session.flush()
        created.append(item.id)
    return tuple(created)


def get_agenda_item(session: Session, item_id: int) -> tuple[AgendaItem, ReviewSession, Nomination]:
    """An agenda item of an open session, with that session and the nomination it puts to the vote."""
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError(_("Agenda item #{id} does not exist.").format(id=item_id))
    row = get_review_session(session, item.session_id)
    n = session.get(Nomination, item.nomination_id)
    assert n is not None
    return item, row, n


@requires("council.edit")
def close_session(session: Session, session_id: int) -> Attendance:
    """Close the session once every item is decided; the quorum and its rule version are stored."""
    row = get_review_session(session, session_id)
    pending = [i for i in row.items if i.outcome is A.PENDING]
    if pending:
        raise ConflictError(
            _("{n} agenda items are not decided yet (first: nomination #{id}).").format(
                n=len(pending), id=pending[0].nomination_id
            )
        )
    att = attendance(session, session_id)
    row.member_count = att.members
    row.quorum_rule_id = att.rule_id
    row.quorum_rule_version = att.rule_version
    row.quorum_met = att.quorum_met
    row.quorum_text = att.quorum.text + (f" — {att.quorum.citation}" if att.quorum.citation else "")
    if row.closed_at is None:
        row.closed_at = _clock_if_today(row.held_on)
    row.status = SessionStatus.CLOSED
    session.flush()
    return att


def _clock_if_today(held_on: date) -> datetime | None:
    """Now, when the session is being held today; a session keyed in afterwards gets no clock time
    (the moment of typing is not the meeting's) and the secretary enters the real one."""
    now = utcnow()
    return now if now.replace(tzinfo=UTC).astimezone().date() == held_on else None


def local_time(stamp: datetime | None) -> datetime | None:
    """A stored (UTC) time as the office's wall clock."""
    return stamp.replace(tzinfo=UTC).astimezone() if stamp is not None else None


def _stored(moment: datetime | None) -> datetime | None:
    """Wall-clock or aware time to the stored UTC; naive means the office's local time."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None, second=0, microsecond=0)


@requires("council.edit")
def set_session_times(
    session: Session, session_id: int, opened_at: datetime | None, closed_at: datetime | None
) -> None:
    """Correct when the meeting opened and closed (None: not recorded). Signed minutes do not change.

    Raises:
        ConflictError: the minutes are signed.
        ValidationError: a time on another day than the session's, or a close before the opening.
    """
    row = get_review_session(session, session_id, editable=False)
    if row.status is SessionStatus.SIGNED:
        raise ConflictError(_("The minutes of this session are signed; its times can no longer change."))
    opened, closed = _stored(opened_at), _stored(closed_at)
    opened_local = local_time(opened)
    if opened_local is not None and opened_local.date() != row.held_on:
        raise ValidationError(
            _("The opening time must fall on {day}, the day the session was held.").format(
                day=fmt.day(row.held_on)
            ),
            fields={"opened_at": "?"},
        )
    if opened is not None and closed is not None and closed < opened:
        raise ValidationError(_("The session cannot close before it opened."), fields={"closed_at": "?"})
    closed_local = local_time(closed)
    if closed_local is not None and closed_local.date() < row.held_on:
        raise ValidationError(
            _("The closing time cannot fall before {day}, the day the session was held.").format(
                day=fmt.day(row.held_on)
            ),
            fields={"closed_at": "?"},
        )
    row.opened_at, row.closed_at = opened, closed
    session.flush()


@requires("council.edit")
def sign_minutes(session: Session, session_id: int, number: str, signed_on: date) -> None:
    """Record the signed minutes (biên bản); from now on the session is read-only."""
    row = get_review_session(session, session_id, editable=False)
    if row.status is SessionStatus.OPEN:
        close_session(session, session_id)
    elif row.status is SessionStatus.SIGNED:
        raise ConflictError(_("The minutes of this session are already signed."))
    if signed_on < row.held_on:
        raise ValidationError(
            _("The minutes cannot be signed before the session."), fields={"signed_on": "?"}
        )
    row.minutes_number = required(number, "minutes_number", _("The minutes' number"))
    row.signed_on = signed_on
    row.status = SessionStatus.SIGNED
    session.flush()


# --- reading ------------------------------------------------------------------------------------


def sessions(session: Session) -> list[dict[str, object]]:
    """Rows for lists: every session, newest first."""
    rows = session.execute(
        select(ReviewSession, Council.name)
        .join(Council, Council.id == ReviewSession.council_id)
        .order_by(ReviewSession.held_on.desc(), ReviewSession.id.desc())
    )
    return [
        {
            "id": r.id,
            "name": r.title,
            "council": council_name,
            "held_on": r.held_on.isoformat(),
            "status": r.status.label,
            "items": len(r.items),
            "minutes": r.minutes_number,
        }
        for r, council_name in rows
    ]


@dataclass(frozen=True)
class AttendanceRow:
    """One member at a session: present, absent with a written opinion, or absent."""

    member_id: int
    full_name: str
    office: str
    role: CouncilRole
    voting: bool
    present: bool
    written_opinion: str
    received_on: date | None


def attendance_rows(session: Session, session_id: int) -> list[AttendanceRow]:
    get_review_session(session, session_id, editable=False)
    return [
        AttendanceRow(
            m.id,
            m.full_name,
            m.office,
            m.role,
            m.voting,
            a.present,
            a.written_opinion or "",
            a.opinion_received_on,
        )
        for a, m in session.execute(
            select(SessionAttendance, CouncilMember)
            .join(CouncilMember, CouncilMember.id == SessionAttendance.member_id)
            .where(SessionAttendance.session_id == session_id)
            .order_by(CouncilMember.position, CouncilMember.id)
        )
    ]


@dataclass(frozen=True)
class Candidate:
    """A nomination that may go on a session's agenda (submitted ones are appraised first)."""

    nomination_id: int
    subject_name: str
    subject_kind: SubjectKind
    award_name: str
    proposing_unit: str
    status: NominationStatus


def agenda_candidates(session: Session, session_id: int, campaign_id: int) -> list[Candidate]:
    """Submitted and appraised nominations of a campaign not yet on this agenda nor pending elsewhere."""
    get_review_session(session, session_id, editable=False)
    busy = set(
        session.scalars(
            select(AgendaItem.nomination_id)
            .join(ReviewSession, ReviewSession.id == AgendaItem.session_id)
            .where(
                or_(
                    AgendaItem.session_id == session_id,
                    (AgendaItem.outcome == A.PENDING) & (ReviewSession.status == SessionStatus.OPEN),
                )
            )
        )
    )
    forms = {f.id: f.name for f in session.scalars(select(AwardForm))}
    unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
    out = []
    for n in session.scalars(
        select(Nomination)
        .where(
            Nomination.campaign_id == campaign_id,
            Nomination.deleted_at.is_(None),
            Nomination.status.in_([S.SUBMITTED, S.APPRAISED]),
        )
        .order_by(Nomination.id)
    ):
        if n.id in busy:
            continue
        out.append(
            Candidate(
                n.id,
                display_name(load_subject(session, SubjectRef(n.subject_kind, n.subject_id))),
                n.subject_kind,
                forms.get(n.award_form_id, ""),
                unit_names.get(n.proposing_unit_id, "") if n.proposing_unit_id else "",
                n.status,
            )
        )
    return out


@dataclass(frozen=True)
class SessionRow:
    id: int
    council_id: int
    title: str
    held_on: date
    place: str
    status: SessionStatus
    items: int
    undecided: int
    minutes_number: str
    campaign_id: int | None
    opened_at: datetime | None = None  # the office's wall clock (local_time), None: not recorded
    closed_at: datetime | None = None


def session_rows(session: Session, council_id: int | None = None) -> list[SessionRow]:
    """A council's sessions (every council's when None), newest first, with their state."""
    stmt = select(ReviewSession).order_by(ReviewSession.held_on.desc(), ReviewSession.id.desc())
    if council_id is not None:
        stmt = stmt.where(ReviewSession.council_id == council_id)
    return [
        SessionRow(
            r.id,
            r.council_id,
            r.title,
            r.held_on,
            r.place,
            r.status,
            len(r.items),
            sum(1 for i in r.items if i.outcome is A.PENDING),
            r.minutes_number,
            r.campaign_id,
            local_time(r.opened_at),
            local_time(r.closed_at),
        )
        for r in session.scalars(stmt)
    ]
