"""Council arithmetic: quorum, vote thresholds against all members, recusal, cash rewards."""

from __future__ import annotations

from collections.abc import Iterable, Set
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


@dataclass(frozen=True)
class Voter:
    """A voting member at a session, as far as one agenda item's ballots go."""

    member_id: int
    name: str
    present: bool
    written_opinion: bool


@dataclass(frozen=True)
class BallotCap:
    """How many ballots one agenda item can have: present − recused + written opinions.

    Attributes:
        present: voting members in the room.
        written: written opinions of absent voting members that the vote rule counts as ballots.
        recused: the members among those who step aside on this item; they cast no ballot on it.
        written_ignored: written opinions the rule does not count as ballots.
        citation: the vote rule that says whether written opinions count ("" when none is in force).
    """

    present: int
    written: int
    recused: tuple[str, ...] = ()
    written_ignored: int = 0
    citation: str = ""

    @property
    def limit(self) -> int:
        return self.present + self.written - len(self.recused)

    @property
    def text(self) -> str:
        """ "at most 4 ballots: 4 members present, less 1 recused, plus 1 written opinions. Recused: …" """
        text = _(
            "at most {cap} ballots: {present} members present, less {recused} recused, "
            "plus {written} written opinions"
        ).format(cap=self.limit, present=self.present, recused=len(self.recused), written=self.written)
        if self.recused:
            text += ". " + _("Recused: {names}").format(names=", ".join(self.recused))
        if self.written_ignored:
            text += ". " + _(
                "{n} written opinions of absent members are not ballots under {citation}"
            ).format(n=self.written_ignored, citation=self.citation)
        return text


def cap_ballots(voters: Iterable[Voter], recused: Set[int], rule: Rule | None) -> BallotCap:
    """The ballots an item can have: recused members are taken off whether in the room or writing in.

    Written opinions count as ballots unless the vote rule in force says otherwise (``written_counts``);
    with no vote rule nothing limits them beyond attendance.
    """
    params = rule.params if rule is not None else None
    written_counts = params.written_counts if isinstance(params, VoteThreshold) else True
    present = written = ignored = 0
    out: list[str] = []
    for v in voters:
        if v.present:
            present += 1
        elif not v.written_opinion:
            continue
        elif written_counts:
            written += 1
        else:
            ignored += 1
            continue
        if v.member_id in recused:
            out.append(v.name)
    return BallotCap(present, written, tuple(out), ignored, rule.citation if rule else "")


def check_tally(votes: VoteFacts, *, cap: BallotCap | None = None, item: str = "") -> None:
    """Refuse impossible tallies: negative counts, more ballots than members (or than the item can have).

    ``cap``: the item's own limit, which takes recused members off (``item`` names it in the message).
    """
    counts = (votes.votes_for, votes.votes_against, votes.votes_invalid)
    if min(counts) < 0 or votes.council_size <= 0:
        raise ValidationError(_("Vote counts cannot be negative and the council must have members."))
    if sum(counts) > votes.council_size:
        raise ValidationError(
            _("{total} ballots counted but the council has only {size} members.").format(
                total=sum(counts), size=votes.council_size
            )
        )
    if cap is not None and sum(counts) > cap.limit:
        raise ValidationError(
            _("{item}: {total} ballots entered, but this item can have {limit}.").format(
                item=item, total=sum(counts), limit=cap.text
            ),
            fields={"votes_for": "?"},
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


def recusal_reason(
    ties: MemberTies, kind: SubjectKind, subject_id: int, subject_units: Set[int]
) -> str | None:
    """Why a member steps aside on a subject that is their own person, household or unit; None: no tie.

    ``subject_units``: the subject unit with its parents (a unit), or the person's units in the year.
    """
    if kind is SubjectKind.INDIVIDUAL:
        return _("is the person nominated") if ties.individual_id == subject_id else None
    if kind is SubjectKind.HOUSEHOLD:
        return _("belongs to the household nominated") if subject_id in ties.households else None
    if ties.units & subject_units:
        return _("the unit nominated is their own unit or part of it")
    return None


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
