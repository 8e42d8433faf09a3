"""Legal rules as dated data and the pure engine that applies them (no database, no Qt)."""

from emudesk.domain.rules.enums import (
    AgendaOutcome,
    CouncilRole,
    DecisionKind,
    Jurisdiction,
    Outcome,
    RuleKind,
    SessionStatus,
)
from emudesk.domain.rules.evaluate import evaluate, votes_needed
from emudesk.domain.rules.facts import (
    AwardFact,
    Case,
    DisciplineFact,
    InitiativeFact,
    MemberFact,
    SubjectFacts,
    VoteFacts,
)
from emudesk.domain.rules.kinds import Params, dump_params, parse_params
from emudesk.domain.rules.model import Rule, RuleSetInfo, resolve, resolve_one, rule_set_label
from emudesk.domain.rules.verdict import Reason, Verdict, outcome_of

__all__ = [
    "AgendaOutcome",
    "AwardFact",
    "Case",
    "CouncilRole",
    "DecisionKind",
    "DisciplineFact",
    "InitiativeFact",
    "Jurisdiction",
    "MemberFact",
    "Outcome",
    "Params",
    "Reason",
    "Rule",
    "RuleKind",
    "RuleSetInfo",
    "SessionStatus",
    "SubjectFacts",
    "Verdict",
    "VoteFacts",
    "dump_params",
    "evaluate",
    "outcome_of",
    "parse_params",
    "resolve",
    "resolve_one",
    "rule_set_label",
    "votes_needed",
]
