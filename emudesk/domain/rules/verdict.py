"""What the engine answers: an outcome and every reason, each citing its rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from emudesk.domain.enums import SubjectKind
from emudesk.domain.rules.enums import Outcome


@dataclass(frozen=True, slots=True)
class Reason:
    """One sentence of a verdict.

    Attributes:
        text: "Chưa đủ 03 năm liên tục đạt Chiến sĩ thi đua cơ sở: có 2023, 2024; thiếu 2022".
        citation: "Luật TĐKT 2022, Điều 22" (unconfirmed rules say so).
        passed: True met, False not met, None undetermined (a person must judge, or data is missing).
        rule_code: the rule behind it ("" for checks of the catalogue itself).
        informational: explains or reminds (a vote still to come, an alternative) without deciding.
    """

    text: str
    citation: str
    passed: bool | None
    rule_code: str = ""
    informational: bool = False

    @property
    def mark(self) -> str:
        if self.informational:
            return "•"
        return {True: "✓", False: "✗", None: "?"}[self.passed]


@dataclass(frozen=True)
class Verdict:
    """Whether a subject may receive an award, judged on a day, and why.

    Attributes:
        outcome: eligible / not eligible / needs judgement.
        reasons: in reading order (law first, then decrees, then local rules).
        rule_set: the documents applied ("Luật TĐKT 2022; NĐ 152/2025/NĐ-CP").
        on: the day whose rules were applied (the day the file was received).
        year: the year of the achievements judged.
    """

    outcome: Outcome
    reasons: tuple[Reason, ...]
    rule_set: str
    subject_kind: SubjectKind | None = None
    subject_id: int | None = None
    subject_name: str = ""
    award_code: str = ""
    award_name: str = ""
    on: date | None = None
    year: int | None = None
    nomination_id: int | None = None

    @property
    def failed(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.passed is False and not r.informational)

    @property
    def open(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.passed is None and not r.informational)


def outcome_of(reasons: Iterable[Reason]) -> Outcome:
    """Not eligible if a deciding reason fails; needs judgement if one is open; else eligible."""
    undecided = False
    for r in reasons:
        if r.informational:
            continue
        if r.passed is False:
            return Outcome.NOT_ELIGIBLE
        if r.passed is None:
            undecided = True
    return Outcome.NEEDS_JUDGEMENT if undecided else Outcome.ELIGIBLE
