"""The council's tallies and outcomes: paper ballots judged against the dated threshold, then decided.

A tally is counted over all the council's voting members and judged against
the vote threshold in force on the day the file was received, with the rule's
version kept. The outcome moves the nomination in the workflow; quotas are
recounted after each outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import (
    AgendaItem,
    AwardForm,
    CouncilMember,
    Nomination,
    ReviewSession,
    SessionAttendance,
)
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.rules import AgendaOutcome, Outcome, Rule, Verdict, VoteFacts, fmt
from emudesk.domain.rules.council import (
    BallotCap,
    TallyResult,
    Voter,
    cap_ballots,
    check_tally,
    judge_tally,
)
from emudesk.domain.rules.verdict import Reason
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.campaigns import quotas
from emudesk.services.core.rights import requires
from emudesk.services.council.sessions import attendance, get_agenda_item, get_review_session
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.services.nominations import workflow as nominations
from emudesk.services.nominations.workflow import Votes
from emudesk.services.register import awards as award_service
from emudesk.services.rules import rulebook

S = NominationStatus
A = AgendaOutcome


@dataclass(frozen=True)
class TallyView:
    item_id: int
    passed: bool | None
    needed: int | None
    reason: Reason


@requires("council.edit")
def record_tally(
    session: Session, item_id: int, votes_for: int, votes_against: int, votes_invalid: int
) -> TallyView:
    """Enter the paper-ballot count; the threshold of the rule in force on the file's day judges it.

    The denominator is every voting member of the council, not those present. The ballots cannot
    exceed ``ballot_cap``: a recused member casts none on this item.
    """
    item, row, n = get_agenda_item(session, item_id)
    if item.outcome is not A.PENDING:
        raise ConflictError(_("This item is already decided ({outcome}).").format(outcome=item.outcome.label))
    tally, rule, result = _judge_ballots(session, item, row, n, votes_for, votes_against, votes_invalid)
    item.votes_for, item.votes_against, item.votes_invalid = votes_for, votes_against, votes_invalid
    item.council_size = tally.council_size
    item.threshold_rule_id = rule.id if rule else None
    item.threshold_rule_version = rule.version if rule else None
    item.threshold_percent = result.percent
    item.threshold_citation = rule.citation if rule else ""
    item.passed = result.passed
    session.flush()
    return TallyView(item.id, result.passed, result.needed, result.reason)


def preview_tally(
    session: Session, item_id: int, votes_for: int, votes_against: int, votes_invalid: int
) -> TallyView:
    """What ``record_tally`` would answer for these ballots, without writing anything.

    Raises the same ValidationError as ``record_tally`` for an impossible tally.
    """
    item, row, n = get_agenda_item(session, item_id)
    _votes, _rule, result = _judge_ballots(session, item, row, n, votes_for, votes_against, votes_invalid)
    return TallyView(item_id, result.passed, result.needed, result.reason)


def ballot_cap(session: Session, item_id: int) -> BallotCap:
    """How many ballots the item can have: members present less the recused, plus written opinions
    of absent members where the vote rule in force counts them."""
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError(_("Agenda item #{id} does not exist.").format(id=item_id))
    row = get_review_session(session, item.session_id, editable=False)
    n = session.get(Nomination, item.nomination_id)
    assert n is not None
    return _cap(session, item, row, _threshold(session, row, n, _form(session, n)))


def _cap(session: Session, item: AgendaItem, row: ReviewSession, rule: Rule | None) -> BallotCap:
    voters = [
        Voter(m.id, m.full_name, a.present, bool(a.written_opinion))
        for a, m in session.execute(
            select(SessionAttendance, CouncilMember)
            .join(CouncilMember, CouncilMember.id == SessionAttendance.member_id)
            .where(SessionAttendance.session_id == row.id, CouncilMember.voting.is_(True))
            .order_by(CouncilMember.position, CouncilMember.id)
        )
    ]
    return cap_ballots(voters, set(item.recused or ()), rule)


def _form(session: Session, n: Nomination) -> AwardForm:
    form = session.get(AwardForm, n.award_form_id)
    assert form is not None
    return form


def _judge_ballots(
    session: Session,
    item: AgendaItem,
    row: ReviewSession,
    n: Nomination,
    votes_for: int,
    votes_against: int,
    votes_invalid: int,
) -> tuple[VoteFacts, Rule | None, TallyResult]:
    """The ballots out of every voting member, checked against those the item can have (recused
    members take no part), judged by the dated threshold."""
    att = attendance(session, row.id)
    tally = VoteFacts(votes_for, votes_against, votes_invalid, att.members)
    rule = _threshold(session, row, n, _form(session, n))
    check_tally(tally, cap=_cap(session, item, row, rule), item=_where(session, item, n))
    return tally, rule, judge_tally(tally, rule)


def _where(session: Session, item: AgendaItem, n: Nomination) -> str:
    return _("Agenda item {position}, {nomination}").format(
        position=item.position, nomination=nominations.label(session, n)
    )


def _threshold(session: Session, row: ReviewSession, n: Nomination, form: AwardForm) -> Rule | None:
    """The vote threshold in force on the day the file was received (the session's day if never filed)."""
    return rulebook.vote_rule(session, form.code, n.subject_kind, n.filed_on or row.held_on)


@dataclass(frozen=True)
class DecideResult:
    """What the council's outcome did: the nomination's status and the quota meters recounted after it."""

    item_id: int
    outcome: AgendaOutcome
    nomination_status: NominationStatus
    eligibility: Outcome | None
    quotas: tuple[quotas.QuotaUsage, ...]


@requires("council.edit")
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
    item, row, n = get_agenda_item(session, item_id)
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
            other = award_service.form_by_code(session, award_code)
            if other.id == n.award_form_id:
                raise ValidationError(_("That is the form already proposed; choose “approve”."))
            nominations.change_award_form(
                session,
                n.id,
                other.id,
                note=text or _("decided by the council on {day}").format(day=fmt.day(row.held_on)),
            )
            item.outcome_award_form_id = other.id
        form = session.get(AwardForm, n.award_form_id)
        assert form is not None
        tally = _tally(item)
        if tally is not None:
            rule = _threshold(session, row, n, form)
            # Attendance may have changed since the count; ballots the item cannot have approve nothing.
            check_tally(tally, cap=_cap(session, item, row, rule), item=_where(session, item, n))
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
                agenda_item_id=item.id,
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
