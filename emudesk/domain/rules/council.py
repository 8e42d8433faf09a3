"""Council arithmetic: quorum, vote thresholds against all members, recusal, cash rewards."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.rules import fmt
from emudesk.domain.rules.evaluate import votes_needed
from emudesk.domain.rules.facts import VoteFacts
from emudesk.domain.rules.kinds import CashReward, Quorum, VoteThreshold
from emudesk.domain.rules.model import Rule
from emudesk.domain.rules.verdict import Reason
from emudesk.i18n import _


@dataclass(frozen=True)
class TallyResult:
    """A tally judged against the threshold rule in force (``rule`` None: no threshold applies).

    Attributes:
        passed: True/False against the rule; None when no rule sets a threshold.
        needed: ballots for needed out of all council members.
    """

    passed: bool | None
    needed: int | None
    percent: Decimal | None
    reason: Reason
    rule: Rule | None


def check_tally(votes: VoteFacts, *, ballots_cast: int | None = None) -> None:
    """Refuse impossible tallies: negative counts, more ballots than members (or than voters)."""
    counts = (votes.votes_for, votes.votes_against, votes.votes_invalid)
    if min(counts) < 0 or votes.council_size <= 0:
        raise ValidationError(_("Vote counts cannot be negative and the council must have members."))
    if sum(counts) > votes.council_size:
        raise ValidationError(
            _("{total} ballots counted but the council has only {size} members.").format(
                total=sum(counts), size=votes.council_size
            )
        )
    if ballots_cast is not None and sum(counts) > ballots_cast:
        raise ValidationError(
            _("{total} ballots counted but only {voters} members attended or sent a written opinion.").format(
                total=sum(counts), voters=ballots_cast
            )
        )


def judge_tally(votes: VoteFacts, rule: Rule | None) -> TallyResult:
    """Votes for ÷ all council members (not those present), against the dated rule."""
    share = fmt.percent(Fraction(votes.votes_for * 100, max(votes.council_size, 1)))
    if rule is None or not isinstance(rule.params, VoteThreshold):
        text = _(
            "{votes}/{size} council members voted for ({share}); no rule in force sets a threshold"
        ).format(votes=votes.votes_for, size=votes.council_size, share=share)
        return TallyResult(None, None, None, Reason(text, "", None), None)
    p = rule.params
    needed = votes_needed(p.min_percent, votes.council_size)
    passed = votes.votes_for >= needed
    text = _(
        "{votes}/{size} council members voted for ({share}); needs {min} of all members, i.e. {needed}"
    ).format(
        votes=votes.votes_for,
        size=votes.council_size,
        share=share,
        min=fmt.percent(p.min_percent),
        needed=needed,
    )
    return TallyResult(passed, needed, p.min_percent, Reason(text, rule.citation, passed, rule.code), rule)


def judge_quorum(members: int, present: int, written: int, rule: Rule | None) -> tuple[bool | None, Reason]:
    """Whether enough members attend for the session to decide awards."""
    if rule is None or not isinstance(rule.params, Quorum):
        text = _(
            "{present}/{members} members present, written opinions from {written} absent; "
            "no quorum rule is in force"
        ).format(present=present, members=members, written=written)
        return None, Reason(text, "", None)
    p = rule.params
    counted = present + (written if p.written_counts else 0)
    needed = votes_needed(p.min_present_percent, members)
    ok = counted >= needed
    text = _(
        "{present}/{members} members present, written opinions from {written} absent; needs {min} present, "
        "i.e. {needed}"
    ).format(
        present=present,
        members=members,
        written=written,
        min=fmt.percent(p.min_present_percent),
        needed=needed,
    )
    return ok, Reason(text, rule.citation, ok, rule.code)


@dataclass(frozen=True)
class MemberTies:
    """What ties a council member to subjects.

    Attributes:
        units: the member's own units with every unit under them.
        households: the households the member belongs to.
    """

    units: Set[int]
    individual_id: int | None
    households: Set[int]


def must_recuse(ties: MemberTies, kind: SubjectKind, subject_id: int, subject_units: Set[int]) -> bool:
    """A member whose own unit, own person or own household is on the agenda should step aside.

    ``subject_units``: the subject unit with its parents (a unit), or the person's units in the year.
    """
    if kind is SubjectKind.INDIVIDUAL:
        return ties.individual_id == subject_id
    if kind is SubjectKind.HOUSEHOLD:
        return subject_id in ties.households
    return bool(ties.units & subject_units)


def cash_amount(
    coefficient: Decimal, base_salary: int, *, household: bool = False, rule: CashReward | None = None
) -> int:
    """Coefficient × lương cơ sở (× the household factor), rounded up to the next step.

    NĐ 152/2025 Điều 49–54: a household gets 1.5 × what an individual gets for the same form.
    """
    p = rule or CashReward()
    raw = Decimal(coefficient) * Decimal(base_salary)
    if household:
        raw *= p.household_factor
    step = Decimal(p.round_up_to)
    return int((raw / step).to_integral_value(rounding=ROUND_CEILING) * step)
