"""Closed lists of the rules engine and the council, labelled like ``emudesk.domain.enums``."""

from __future__ import annotations

from emudesk.domain.enums import LabelledEnum, register_labels
from emudesk.i18n import N_


class RulesEnum(LabelledEnum):
    """The enums of the rules engine and the council; their labels are registered below."""


class Outcome(RulesEnum):
    """The answer of the eligibility engine."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_JUDGEMENT = "needs_judgement"


class Jurisdiction(RulesEnum):
    """Who issued a rule set; a more local rule with the same code replaces a national one."""

    NATIONAL = "national"
    SECTOR = "sector"
    PROVINCE = "province"

    @property
    def specificity(self) -> int:
        return {"national": 0, "sector": 1, "province": 2}[self.value]


class RuleKind(RulesEnum):
    """The typed rule kinds; each has a parameter class in ``kinds.py``."""

    HISTORY_STREAK = "history_streak"  # n consecutive years of a title
    PREREQUISITE = "prerequisite"  # an earlier award (n times)
    RATING = "rating"  # yearly assessment at least X for n years
    INITIATIVE = "initiative"  # a recognised initiative of a given scope
    COMPOSITION = "composition"  # members of a collective: share or count with a title or rating
    DISCIPLINE_BLOCK = "discipline_block"  # no award while disciplined or under review
    VOTE_THRESHOLD = "vote_threshold"  # council vote, share of all members
    QUORUM = "quorum"  # council members present for a valid award session
    QUOTA = "quota"  # ratio cap of a title against a base title in a unit
    SINGLE_GROUND = "single_ground"  # one achievement or initiative grounds one award
    HISTORY_BASIS = "history_basis"  # which award types count in history checks
    CASH_REWARD = "cash_reward"  # rounding and household factor of cash rewards
    MANUAL = "manual"  # a criterion a person must judge


class Ending(RulesEnum):
    """Where a window of years ends: the year judged, or the year before it."""

    THIS_YEAR = "this_year"
    PREVIOUS_YEAR = "previous_year"


class CompositionScope(RulesEnum):
    SUBJECT = "subject"
    MEMBERS = "members"


class CouncilRole(RulesEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    SECRETARY = "secretary"


class SessionStatus(RulesEnum):
    """A council session: open while tallies are entered, closed when every item is decided, then signed."""

    OPEN = "open"
    CLOSED = "closed"
    SIGNED = "signed"


class AgendaOutcome(RulesEnum):
    PENDING = "pending"
    APPROVED = "approved"
    APPROVED_OTHER_LEVEL = "approved_other_level"
    DEFERRED = "deferred"
    RETURNED = "returned"
    REJECTED = "rejected"


class DecisionKind(RulesEnum):
    """What a decision (quyết định) does; corrections and revocations refer to an earlier one."""

    AWARD = "award"
    CORRECTION = "correction"  # đính chính
    REVOCATION = "revocation"  # thu hồi (Luật TĐKT 2022, Điều 93)
    ANNULMENT = "annulment"  # hủy bỏ (Luật TĐKT 2022, Điều 93)


register_labels(
    [
        (Outcome.ELIGIBLE, N_("Eligible")),
        (Outcome.NOT_ELIGIBLE, N_("Not eligible")),
        (Outcome.NEEDS_JUDGEMENT, N_("Needs judgement")),
        (Jurisdiction.NATIONAL, N_("National")),
        (Jurisdiction.SECTOR, N_("Sector")),
        (Jurisdiction.PROVINCE, N_("Province")),
        (RuleKind.HISTORY_STREAK, N_("Consecutive years")),
        (RuleKind.PREREQUISITE, N_("Earlier award")),
        (RuleKind.RATING, N_("Yearly rating")),
        (RuleKind.INITIATIVE, N_("Initiative")),
        (RuleKind.COMPOSITION, N_("Members of the collective")),
        (RuleKind.DISCIPLINE_BLOCK, N_("Discipline")),
        (RuleKind.VOTE_THRESHOLD, N_("Council vote")),
        (RuleKind.QUORUM, N_("Council quorum")),
        (RuleKind.QUOTA, N_("Ratio cap")),
        (RuleKind.SINGLE_GROUND, N_("One achievement, one award")),
        (RuleKind.HISTORY_BASIS, N_("Awards counted in history")),
        (RuleKind.CASH_REWARD, N_("Cash reward")),
        (RuleKind.MANUAL, N_("Judged by a person")),
        (Ending.THIS_YEAR, N_("Ending with the year judged")),
        (Ending.PREVIOUS_YEAR, N_("Ending with the year before")),
        (CompositionScope.SUBJECT, N_("The subject")),
        (CompositionScope.MEMBERS, N_("Its members")),
        (CouncilRole.CHAIR, N_("Chair")),
        (CouncilRole.VICE_CHAIR, N_("Vice-chair")),
        (CouncilRole.MEMBER, N_("Ordinary member")),
        (CouncilRole.SECRETARY, N_("Secretary")),
        (SessionStatus.OPEN, N_("Session open")),
        (SessionStatus.CLOSED, N_("Closed")),
        (SessionStatus.SIGNED, N_("Minutes signed")),
        (AgendaOutcome.PENDING, N_("Not yet decided")),
        (AgendaOutcome.APPROVED, N_("Council agreed to propose")),
        (AgendaOutcome.APPROVED_OTHER_LEVEL, N_("Approved at another level")),
        (AgendaOutcome.DEFERRED, N_("Deferred")),
        (AgendaOutcome.RETURNED, N_("Returned for more documents")),
        (AgendaOutcome.REJECTED, N_("Council did not agree")),
        (DecisionKind.AWARD, N_("Award")),
        (DecisionKind.CORRECTION, N_("Correction")),
        (DecisionKind.REVOCATION, N_("Revocation")),
        (DecisionKind.ANNULMENT, N_("Annulment")),
    ]
)
