"""Rules as plain data: rule sets with their dates and jurisdiction, and which rules apply on a day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from emudesk.domain.enums import SubjectKind
from emudesk.domain.rules.enums import Jurisdiction, RuleKind
from emudesk.domain.rules.kinds import Params
from emudesk.i18n import _


@dataclass(frozen=True)
class RuleSetInfo:
    """A legal document (law, decree, circular, provincial regulation) as far as the engine needs it.

    Attributes:
        short_name: what citations print ("Luật TĐKT 2022", "NĐ 152/2025/NĐ-CP").
        effective_to: the last day in force; None while in force.
        active: False for sets this office does not apply (another province's regulation).
    """

    id: int
    code: str
    name: str
    short_name: str
    jurisdiction: Jurisdiction
    jurisdiction_name: str
    effective_from: date | None
    effective_to: date | None
    active: bool = True

    def in_force(self, on: date) -> bool:
        return (
            self.active
            and (self.effective_from is None or self.effective_from <= on)
            and (self.effective_to is None or on <= self.effective_to)
        )


@dataclass(frozen=True)
class Rule:
    """One rule of a set.

    Attributes:
        code: stable name; a rule with the same code in a more local or later set replaces this one.
        award_codes: the forms it governs (empty: every form).
        subject_kinds: the kinds of subject it governs (empty: every kind).
        article: "Điều 22", "Điều 4 khoản 3"; blank when the article was not retrieved.
        text: the rule as the document says it (Vietnamese data, not a message id).
        any_of: rules sharing this group are alternatives: meeting one is enough.
        confirmed: False for rules domain research could not confirm; they are shipped editable.
        version: bumped on every edit, so a council's record names the exact rule it applied.
    """

    id: int
    code: str
    kind: RuleKind
    params: Params
    rule_set: RuleSetInfo
    award_codes: frozenset[str] = frozenset()
    subject_kinds: frozenset[SubjectKind] = frozenset()
    article: str = ""
    text: str = ""
    any_of: str | None = None
    confirmed: bool = True
    active: bool = True
    effective_from: date | None = None
    effective_to: date | None = None
    version: int = 1
    position: int = 0

    @property
    def citation(self) -> str:
        """ "Luật TĐKT 2022, Điều 22"; unconfirmed rules say so."""
        text = f"{self.rule_set.short_name}, {self.article}" if self.article else self.rule_set.short_name
        return text if self.confirmed else _("{citation} (unconfirmed)").format(citation=text)

    def in_force(self, on: date) -> bool:
        if not (self.active and self.rule_set.in_force(on)):
            return False
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to

    def governs(self, award_code: str | None, subject_kind: SubjectKind | None) -> bool:
        if award_code is not None and self.award_codes and award_code not in self.award_codes:
            return False
        return subject_kind is None or not self.subject_kinds or subject_kind in self.subject_kinds

    def precedence(self) -> tuple[int, date, int, int]:
        """Higher wins among rules sharing a code: more local, then later, then newer."""
        start = self.effective_from or self.rule_set.effective_from or date.min
        return (self.rule_set.jurisdiction.specificity, start, self.rule_set.id, self.id)

    def order(self) -> tuple[int, date, int, int, int]:
        """Reading order of reasons: national law first, then decrees, then local rules."""
        return (
            self.rule_set.jurisdiction.specificity,
            self.rule_set.effective_from or date.min,
            self.rule_set.id,
            self.position,
            self.id,
        )


def resolve(
    rules: Iterable[Rule],
    on: date,
    award_code: str | None = None,
    subject_kind: SubjectKind | None = None,
    kinds: frozenset[RuleKind] | None = None,
) -> list[Rule]:
    """The rules in force on ``on`` for the award and subject, one per code, in reading order."""
    winners: dict[str, Rule] = {}
    for rule in rules:
        if kinds is not None and rule.kind not in kinds:
            continue
        if not rule.in_force(on) or not rule.governs(award_code, subject_kind):
            continue
        current = winners.get(rule.code)
        if current is None or rule.precedence() > current.precedence():
            winners[rule.code] = rule
    return sorted(winners.values(), key=Rule.order)


def resolve_one(
    rules: Iterable[Rule],
    on: date,
    kind: RuleKind,
    award_code: str | None = None,
    subject_kind: SubjectKind | None = None,
) -> Rule | None:
    """The single rule of ``kind`` in force (the most local, latest one when several are)."""
    found = resolve(rules, on, award_code, subject_kind, frozenset({kind}))
    return max(found, key=Rule.precedence) if found else None


def rule_set_label(rules: Iterable[Rule]) -> str:
    """ "Luật TĐKT 2022; NĐ 152/2025/NĐ-CP": the documents behind a verdict, in reading order."""
    seen: dict[int, str] = {}
    for rule in sorted(rules, key=Rule.order):
        seen.setdefault(rule.rule_set.id, rule.rule_set.short_name)
    return "; ".join(seen.values())
