"""Eligibility judged at every move of a nomination, and overrides of a failed check.

Submitting a file judged "Không đủ điều kiện" goes through with a warning naming the reasons (the
office receives what units send). Appraising, voting and approving it are refused unless the person
moving it records why it goes on anyway; the override stays with the nomination (reason, who, when,
into which status), in its events and in the audit log, and covers the later steps until the file is
sent back to draft or for completion. ``transition`` calls ``judge_batch`` before moving anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.batch import Batch
from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.domain.rules import Outcome, RuleKind, Verdict
from emudesk.domain.text import nfc
from emudesk.domain.workflow import TRANSITIONS
from emudesk.i18n import _
from emudesk.services.eligibility.judge import evaluate_nomination, gather_nominations
from emudesk.services.rules import rulebook

S = NominationStatus
# Moves that take a file towards a decision: a file judged not eligible needs an override.
GATED: frozenset[S] = frozenset({S.APPRAISED, S.VOTED, S.APPROVED})
# Moves that send a file back to its unit: an override recorded before no longer stands.
CLEARS: frozenset[S] = frozenset({S.DRAFT, S.RETURNED})


@dataclass(frozen=True)
class Ineligible:
    """One file of a batch judged not eligible: its label and the failed conditions."""

    nomination_id: int
    label: str
    reasons: tuple[str, ...]

    def line(self) -> str:
        return _("{label} is not eligible: {reasons}").format(
            label=self.label, reasons="; ".join(self.reasons)
        )


class IneligibleError(ConflictError):
    """A move refused because files are not eligible; moving again with an override reason passes.

    Attributes:
        files: the files refused, each with its reasons.
        target: the status the move was for.
    """

    def __init__(self, files: Sequence[Ineligible], target: NominationStatus) -> None:
        lines = tuple(f.line() for f in files)
        if len(lines) == 1:
            message = _(
                "{file}. To move it to “{status}” anyway, record the reason for overriding the "
                "eligibility check."
            ).format(file=lines[0], status=target.label)
            details: tuple[str, ...] = ()
        else:
            message = _(
                "{n} of the files are not eligible. To move them to “{status}” anyway, record the "
                "reason for overriding the eligibility check."
            ).format(n=len(lines), status=target.label)
            details = lines
        super().__init__(message, details=details)
        self.files = tuple(files)
        self.target = target


@dataclass(frozen=True)
class GateResult:
    """What the check of a move found: warnings of a submission, files overridden by this move."""

    warnings: tuple[str, ...] = ()
    overridden: frozenset[int] = frozenset()


def failed_reasons(verdict: Verdict, skip: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The conditions the verdict says are not met, with their citations (rules in ``skip`` left out).

    A failed choice ("none of the conditions below") keeps its failed alternatives, which the
    engine marks as explanations, so the sentence is followed by what it refers to.
    """
    deciding = [
        r for r in verdict.reasons if r.passed is False and not r.informational and r.rule_code not in skip
    ]
    if not deciding:
        return ()
    return tuple(
        f"{r.text} ({r.citation})" if r.citation and not r.informational else r.text
        for r in verdict.reasons
        if r.passed is False and r.rule_code not in skip
    )


def _vote_rules(session: Session) -> frozenset[str]:
    """Codes of the vote threshold rules: the workflow refuses a failed vote itself, with no override."""
    return frozenset(r.code for r in rulebook.load(session).rules if r.kind is RuleKind.VOTE_THRESHOLD)


def _judged(n: Nomination, target: NominationStatus) -> bool:
    """Whether ``judge_batch`` judges ``n`` on a move to ``target``."""
    if target is not S.SUBMITTED and target not in GATED:
        return False
    if target not in TRANSITIONS[n.status]:
        return False  # the workflow refuses this move with its own message
    return not (target in GATED and n.override_reason)  # overridden at an earlier step: it stands


def gather(
    b: Batch, session: Session, rows: Sequence[Nomination], target: NominationStatus
) -> dict[int, Callable[[], Verdict]]:
    """The verdicts ``judge_batch`` needs, their facts read with the other SELECTs of ``b`` by sets
    (a fixed number of SELECTs for the whole batch, not a few per file)."""
    return gather_nominations(b, session, [n for n in rows if _judged(n, target)])


def judge_batch(
    session: Session,
    rows: Sequence[Nomination],
    target: NominationStatus,
    label_of: Callable[[Nomination], str],
    override_reason: str | None,
    verdicts: Mapping[int, Callable[[], Verdict]] | None = None,
) -> GateResult:
    """Judge the files of a move before anything moves.

    Raises:
        IneligibleError: a gated move of files not eligible, none overridden and no reason given.
        ValidationError: an override reason that is blank.
    """
    if target is not S.SUBMITTED and target not in GATED:
        return GateResult()
    reason = nfc(override_reason or "") if override_reason is not None else None
    if reason is not None and not reason:
        raise ValidationError(
            _("Write the reason for overriding the eligibility check."), fields={"override_reason": "?"}
        )
    failing: list[Ineligible] = []
    votes = _vote_rules(session)
    for n in rows:
        if not _judged(n, target):
            continue
        verdict = verdicts[n.id]() if verdicts and n.id in verdicts else evaluate_nomination(session, n.id)
        if verdict.outcome is Outcome.NOT_ELIGIBLE:
            reasons = failed_reasons(verdict, votes)
            if reasons:
                failing.append(Ineligible(n.id, label_of(n), reasons))
    if target is S.SUBMITTED:
        return GateResult(warnings=tuple(f.line() for f in failing))
    if failing and reason is None:
        raise IneligibleError(failing, target)
    actor = str(session.info.get("actor", ""))
    by_id = {n.id: n for n in rows}
    for f in failing:
        n = by_id[f.nomination_id]
        n.override_reason = reason
        n.override_by = actor
        n.override_at = utcnow()
        n.override_step = target
    return GateResult(overridden=frozenset(f.nomination_id for f in failing))


def overridden_note(n: Nomination, note: str | None) -> str | None:
    """The event note of the move that recorded an override: the reason joins the clerk's note."""
    text = _("Eligibility check overridden: {reason}").format(reason=n.override_reason or "")
    return f"{note}\n{text}" if note else text


def override_text(n: Nomination) -> str:
    """Who overrode the eligibility check of a file, when, at which step and why; blank if nobody did."""
    if not n.override_reason:
        return ""
    return _("Eligibility check overridden on moving to “{status}” ({by}, {day}): {reason}").format(
        status=n.override_step.label if n.override_step else "?",
        by=n.override_by or "?",
        day=n.override_at.strftime("%d/%m/%Y") if n.override_at else "?",
        reason=n.override_reason,
    )


def clear_override(n: Nomination) -> None:
    n.override_reason = None
    n.override_by = None
    n.override_at = None
    n.override_step = None
