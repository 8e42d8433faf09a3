"""The council (Hội đồng Thi đua - Khen thưởng) and its review sessions, from agenda to signed minutes.

A session records who attended and the written opinions of absent members,
takes nominations on its agenda, records each paper-ballot tally, judges it
against the vote threshold in force on the day the file was received (counted
over all council members, with the rule's version kept), and moves the
nomination in the workflow by the council's outcome. Quotas are recounted
after each outcome. Signed minutes are read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import (
    Achievement,
    AgendaItem,
    AwardForm,
    Council,
    CouncilMember,
    Household,
    HouseholdMember,
    Individual,
    Nomination,
    ReviewSession,
    SessionAttendance,
    Unit,
)
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.rules import (
    AgendaOutcome,
    CouncilRole,
    Outcome,
    RuleKind,
    SessionStatus,
    Verdict,
    VoteFacts,
    fmt,
)
from emudesk.domain.rules.council import MemberTies, check_tally, judge_quorum, judge_tally, must_recuse
from emudesk.domain.rules.verdict import Reason
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.campaigns import quotas
from emudesk.services.core.common import SubjectRef, check_period, display_name, load_subject, required
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.services.nominations import workflow as nominations
from emudesk.services.nominations.workflow import Votes
from emudesk.services.register import awards as award_service
from emudesk.services.register import units
from emudesk.services.rules import rulebook

S = NominationStatus
A = AgendaOutcome


# --- councils -----------------------------------------------------------------------------------


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


def add_member(session: Session, council_id: int, data: MemberInput) -> int:
    council = _council(session, council_id)
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


def _council(session: Session, council_id: int) -> Council:
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


# --- sessions -----------------------------------------------------------------------------------


@dataclass
class SessionInput:
    title: str
    held_on: date
    place: str = ""
    campaign_id: int | None = None
    chair_name: str = ""
    secretary_name: str = ""
    note: str | None = None


def open_session(session: Session, council_id: int, data: SessionInput) -> int:
    """Open a session; every member serving that day is listed as present until told otherwise."""
    council = _council(session, council_id)
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
        note=data.note,
    )
    session.add(row)
    session.flush()
    for m in members:
        session.add(SessionAttendance(session_id=row.id, member_id=m.id, present=True))
    session.flush()
    return row.id


def _session(session: Session, session_id: int, *, editable: bool = True) -> ReviewSession:
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
    _session(session, session_id)
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
    row = _session(session, session_id, editable=False)
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


def add_to_agenda(session: Session, session_id: int, nomination_ids: list[int]) -> tuple[int, ...]:
    """Put appraised nominations on the agenda, flagging members whose unit or household is the subject."""
    row = _session(session, session_id)
    council = _council(session, row.council_id)
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
        recused = [
            m.id for m in members if must_recuse(ties[m.id], n.subject_kind, n.subject_id, subject_units)
        ]
        position += 1
        item = AgendaItem(
            session_id=session_id,
            nomination_id=nid,
            position=position,
            subject_kind=n.subject_kind,
            award_form_id=n.award_form_id,
            recused=recused,
        )
        session.add(item)
        session.flush()
        created.append(item.id)
    return tuple(created)


def _item(session: Session, item_id: int) -> tuple[AgendaItem, ReviewSession, Nomination]:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError(_("Agenda item #{id} does not exist.").format(id=item_id))
    row = _session(session, item.session_id)
    n = session.get(Nomination, item.nomination_id)
    assert n is not None
    return item, row, n


@dataclass(frozen=True)
class TallyView:
    item_id: int
    passed: bool | None
    needed: int | None
    reason: Reason


def record_tally(
    session: Session, item_id: int, votes_for: int, votes_against: int, votes_invalid: int
) -> TallyView:
    """Enter the paper-ballot count; the threshold of the rule in force on the file's day judges it.

    The denominator is every voting member of the council, not those present.
    """
    item, row, n = _item(session, item_id)
    if item.outcome is not A.PENDING:
        raise ConflictError(_("This item is already decided ({outcome}).").format(outcome=item.outcome.label))
    att = attendance(session, row.id)
    tally = VoteFacts(votes_for, votes_against, votes_invalid, att.members)
    check_tally(tally, ballots_cast=att.present + att.written)
    form = session.get(AwardForm, n.award_form_id)
    assert form is not None
    rule = rulebook.vote_rule(session, form.code, n.subject_kind, n.filed_on or row.held_on)
    result = judge_tally(tally, rule)
    item.votes_for, item.votes_against, item.votes_invalid = votes_for, votes_against, votes_invalid
    item.council_size = att.members
    item.threshold_rule_id = rule.id if rule else None
    item.threshold_rule_version = rule.version if rule else None
    item.threshold_percent = result.percent
    item.threshold_citation = rule.citation if rule else ""
    item.passed = result.passed
    session.flush()
    return TallyView(item.id, result.passed, result.needed, result.reason)


@dataclass(frozen=True)
class DecideResult:
    """What the council's outcome did: the nomination's status and the quota meters recounted after it."""

    item_id: int
    outcome: AgendaOutcome
    nomination_status: NominationStatus
    eligibility: Outcome | None
    quotas: tuple[quotas.QuotaUsage, ...]


def decide(
    session: Session,
    item_id: int,
    outcome: AgendaOutcome,
    *,
    note: str | None = None,
    award_code: str | None = None,
) -> DecideResult:
    """Record the council's outcome for an agenda item and move the nomination accordingly.

    approve: the vote (if the form needs one) must reach the threshold and the session its quorum;
    approve at another level: the same, for the form ``award_code`` given instead; defer: stays
    appraised for a later session; return: back to the proposer for more documents; reject.

    Raises:
        ConflictError: a failed or missing vote, no quorum, an item already decided, or approving a
            nomination the rules find not eligible without the council's reason in ``note``.
    """
    item, row, n = _item(session, item_id)
    if item.outcome is not A.PENDING:
        raise ConflictError(_("This item is already decided ({outcome}).").format(outcome=item.outcome.label))
    label = nominations.label(session, n)
    text = nfc(note) if note else None
    verdict: Verdict | None = None
    if outcome in (A.APPROVED, A.APPROVED_OTHER_LEVEL):
        att = attendance(session, row.id)
        if att.quorum_met is False:
            raise ConflictError(
                _("The session has no quorum for awards: {reason}").format(reason=att.quorum.text)
            )
        if outcome is A.APPROVED_OTHER_LEVEL:
            if not award_code:
                raise ValidationError(
                    _("Choose the form the council approves instead."), fields={"award_code": "?"}
                )
            form = award_service.form_by_code(session, award_code)
            if form.id == n.award_form_id:
                raise ValidationError(_("That is the form already proposed; choose “approve”."))
            nominations.change_award_form(
                session,
                n.id,
                form.id,
                note=text or _("decided by the council on {day}").format(day=fmt.day(row.held_on)),
            )
            item.outcome_award_form_id = form.id
        form = session.get(AwardForm, n.award_form_id)
        assert form is not None
        tally = _tally(item)
        if tally is not None:
            rule = rulebook.vote_rule(session, form.code, n.subject_kind, n.filed_on or row.held_on)
            result = judge_tally(tally, rule)
            if result.passed is False:
                raise ConflictError(
                    _("{label}: the vote did not pass ({reason}); it cannot be approved as “{form}”.").format(
                        label=label, reason=result.reason.text, form=form.name
                    )
                )
            nominations.transition(
                session,
                [n.id],
                S.VOTED,
                note=text,
                votes=Votes(tally.votes_for, tally.votes_against, tally.votes_invalid, tally.council_size),
            )
        elif form.requires_vote:
            raise ConflictError(
                _("{label}: “{form}” needs the council's vote; enter the tally first.").format(
                    label=label, form=form.name
                )
            )
        verdict = evaluate_nomination(session, n.id)
        if verdict.outcome is Outcome.NOT_ELIGIBLE and not text:
            first = verdict.failed[0]
            raise ConflictError(
                _(
                    "{label}: the rules find it not eligible ({reason} — {citation}). Write the council's "
                    "reason to approve it anyway."
                ).format(label=label, reason=first.text, citation=first.citation)
            )
    elif outcome is A.RETURNED:
        nominations.transition(session, [n.id], S.RETURNED, note=text)
    elif outcome is A.REJECTED:
        nominations.transition(session, [n.id], S.REJECTED, note=text)
    elif outcome is not A.DEFERRED:
        raise ValidationError(_("Choose an outcome for the item."))
    if verdict is None:
        verdict = evaluate_nomination(session, n.id)
    item.outcome = outcome
    item.outcome_note = text
    item.eligibility = verdict.outcome.value
    item.decided_at = utcnow()
    session.flush()
    return DecideResult(
        item.id, outcome, n.status, verdict.outcome, tuple(quotas.usage(session, n.campaign_id))
    )


def _tally(item: AgendaItem) -> VoteFacts | None:
    if item.votes_for is None or not item.council_size:
        return None
    return VoteFacts(item.votes_for, item.votes_against or 0, item.votes_invalid or 0, item.council_size)


def close_session(session: Session, session_id: int) -> Attendance:
    """Close the session once every item is decided; the quorum and its rule version are stored."""
    row = _session(session, session_id)
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
    row.status = SessionStatus.CLOSED
    session.flush()
    return att


def sign_minutes(session: Session, session_id: int, number: str, signed_on: date) -> None:
    """Record the signed minutes (biên bản); from now on the session is read-only."""
    row = _session(session, session_id, editable=False)
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


@dataclass(frozen=True)
class ItemView:
    """An agenda item as the GUI, the projector and the minutes show it."""

    id: int
    position: int
    nomination_id: int
    subject: SubjectRef
    subject_name: str
    award_code: str
    award_name: str
    proposing_unit: str
    summary: str
    votes: tuple[int, int, int] | None
    council_size: int | None
    threshold_percent: float | None
    threshold_citation: str
    threshold_rule_version: int | None
    passed: bool | None
    outcome: AgendaOutcome
    outcome_award_name: str
    outcome_note: str
    eligibility: str | None
    recused: tuple[str, ...]

    @property
    def tally_text(self) -> str:
        if self.votes is None:
            return _("no tally yet")
        yes, no, invalid = self.votes
        size = self.council_size or 0
        text = _("for {yes}, against {no}, invalid {invalid} of {size} members ({share})").format(
            yes=yes, no=no, invalid=invalid, size=size, share=fmt.percent(yes * 100 / max(size, 1))
        )
        if self.threshold_percent is not None:
            verdict = _("passed") if self.passed else _("not passed")
            text += "; " + _("needs {min} ({citation}, version {version}): {verdict}").format(
                min=fmt.percent(self.threshold_percent),
                citation=self.threshold_citation,
                version=self.threshold_rule_version,
                verdict=verdict,
            )
        return text


@dataclass(frozen=True)
class SessionView:
    id: int
    council_name: str
    title: str
    held_on: date
    place: str
    status: SessionStatus
    chair_name: str
    secretary_name: str
    attendance: Attendance
    present: tuple[str, ...]
    absent: tuple[tuple[str, str | None], ...]
    items: tuple[ItemView, ...]
    minutes_number: str
    signed_on: date | None
    quorum_text: str


def view(session: Session, session_id: int) -> SessionView:
    row = _session(session, session_id, editable=False)
    council = _council(session, row.council_id)
    present, absent = [], []
    members = {}
    for a, m in session.execute(
        select(SessionAttendance, CouncilMember)
        .join(CouncilMember, CouncilMember.id == SessionAttendance.member_id)
        .where(SessionAttendance.session_id == session_id)
        .order_by(CouncilMember.position, CouncilMember.id)
    ):
        members[m.id] = m.full_name
        who = f"{m.full_name} ({m.office})" if m.office else m.full_name
        if a.present:
            present.append(who)
        else:
            absent.append((who, a.written_opinion))
    forms = {f.id: f for f in session.scalars(select(AwardForm))}
    items = []
    for item in row.items:
        n = session.get(Nomination, item.nomination_id)
        assert n is not None
        ref = SubjectRef(n.subject_kind, n.subject_id)
        proposer = session.get(Unit, n.proposing_unit_id) if n.proposing_unit_id else None
        form = forms[item.award_form_id]
        votes = (
            (item.votes_for, item.votes_against or 0, item.votes_invalid or 0)
            if item.votes_for is not None
            else None
        )
        items.append(
            ItemView(
                id=item.id,
                position=item.position,
                nomination_id=n.id,
                subject=ref,
                subject_name=display_name(load_subject(session, ref)),
                award_code=form.code,
                award_name=form.name,
                proposing_unit=proposer.name if proposer else "",
                summary=n.summary,
                votes=votes,
                council_size=item.council_size,
                threshold_percent=float(item.threshold_percent)
                if item.threshold_percent is not None
                else None,
                threshold_citation=item.threshold_citation,
                threshold_rule_version=item.threshold_rule_version,
                passed=item.passed,
                outcome=item.outcome,
                outcome_award_name=forms[item.outcome_award_form_id].name
                if item.outcome_award_form_id
                else "",
                outcome_note=item.outcome_note or "",
                eligibility=item.eligibility,
                recused=tuple(members.get(m, f"#{m}") for m in item.recused or ()),
            )
        )
    return SessionView(
        id=row.id,
        council_name=council.name,
        title=row.title,
        held_on=row.held_on,
        place=row.place,
        status=row.status,
        chair_name=row.chair_name,
        secretary_name=row.secretary_name,
        attendance=attendance(session, session_id),
        present=tuple(present),
        absent=tuple(absent),
        items=tuple(items),
        minutes_number=row.minutes_number,
        signed_on=row.signed_on,
        quorum_text=row.quorum_text,
    )


def minutes(session: Session, session_id: int) -> list[str]:
    """The minutes (biên bản họp Hội đồng) as lines of text, ready to print or export."""
    v = view(session, session_id)
    att = v.attendance
    lines = [
        v.council_name.upper(),
        _("MINUTES OF THE COUNCIL SESSION"),
        v.title,
        _("Held on {day}{place}.").format(day=fmt.day(v.held_on), place=f", {v.place}" if v.place else ""),
        _("Chair: {chair}. Secretary: {secretary}.").format(
            chair=v.chair_name or "…", secretary=v.secretary_name or "…"
        ),
        _("Members present ({n}/{total}):").format(n=att.present, total=att.members),
        *(f"  - {name}" for name in v.present),
    ]
    if v.absent:
        lines.append(_("Members absent ({n}):").format(n=len(v.absent)))
        for name, opinion in v.absent:
            written = (
                _("written opinion: {text}").format(text=opinion) if opinion else _("no written opinion")
            )
            lines.append(f"  - {name}: {written}")
    quorum = v.quorum_text or (att.quorum.text + (f" — {att.quorum.citation}" if att.quorum.citation else ""))
    lines.append(_("Quorum: {text}").format(text=quorum))
    lines.append(_("Results:"))
    for item in v.items:
        lines.append(f"{item.position}. {item.subject_name} — {item.award_name}")
        if item.proposing_unit:
            lines.append("   " + _("Proposed by: {unit}").format(unit=item.proposing_unit))
        lines.append("   " + _("Ballots: {tally}").format(tally=item.tally_text))
        if item.eligibility:
            lines.append("   " + _("Eligibility: {outcome}").format(outcome=Outcome(item.eligibility).label))
        if item.recused:
            lines.append(
                "   " + _("Members flagged for recusal: {names}").format(names=", ".join(item.recused))
            )
        conclusion = item.outcome.label
        if item.outcome_award_name:
            conclusion += f": {item.outcome_award_name}"
        if item.outcome_note:
            conclusion += f" ({item.outcome_note})"
        lines.append("   " + _("Conclusion: {text}").format(text=conclusion))
    if v.signed_on:
        lines.append(
            _("Minutes no. {number}, signed on {day}.").format(
                number=v.minutes_number, day=fmt.day(v.signed_on)
            )
        )
    else:
        lines.append(_("Minutes not signed yet ({status}).").format(status=v.status.label.lower()))
    return lines


@dataclass(frozen=True)
class Slide:
    """One candidate on the projector: who, for what, achievements, history, eligibility and tally."""

    item: ItemView
    total: int
    unit_name: str
    achievements: tuple[str, ...]
    history: tuple[str, ...]
    verdict: Verdict


def slides(session: Session, session_id: int) -> list[Slide]:
    v = view(session, session_id)
    out = []
    for item in v.items:
        n = session.get(Nomination, item.nomination_id)
        assert n is not None
        unit_name = ""
        if item.subject.kind is SubjectKind.INDIVIDUAL:
            person = session.get(Individual, item.subject.id)
            if person is not None and person.unit_id is not None:
                unit = session.get(Unit, person.unit_id)
                unit_name = unit.name if unit else ""
        achievements = [item.summary] if item.summary else []
        if n.achievement_id is not None:
            ach = session.get(Achievement, n.achievement_id)
            if ach is not None:
                achievements.append(ach.title + (f": {ach.summary}" if ach.summary else ""))
        history = tuple(
            f"{h.year} — {h.award_name}"
            + (f" ({h.decision_number})" if h.decision_number else "")
            + ("" if h.status.value == "valid" else f" [{h.status.label}]")
            for h in award_service.history(session, item.subject)[:8]
        )
        out.append(
            Slide(
                item=item,
                total=len(v.items),
                unit_name=unit_name,
                achievements=tuple(achievements),
                history=history,
                verdict=evaluate_nomination(session, n.id),
            )
        )
    return out


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


# --- reads for the window (Hội đồng view) ------------------------------------------------------


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
    _session(session, session_id, editable=False)
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
    _session(session, session_id, editable=False)
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


def preview_tally(
    session: Session, item_id: int, votes_for: int, votes_against: int, votes_invalid: int
) -> TallyView:
    """What ``record_tally`` would answer for these ballots, without writing anything.

    Raises the same ValidationError as ``record_tally`` for an impossible tally.
    """
    _item_row, row, n = _item(session, item_id)
    att = attendance(session, row.id)
    tally = VoteFacts(votes_for, votes_against, votes_invalid, att.members)
    check_tally(tally, ballots_cast=att.present + att.written)
    form = session.get(AwardForm, n.award_form_id)
    assert form is not None
    rule = rulebook.vote_rule(session, form.code, n.subject_kind, n.filed_on or row.held_on)
    result = judge_tally(tally, rule)
    return TallyView(item_id, result.passed, result.needed, result.reason)


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
        )
        for r in session.scalars(stmt)
    ]
