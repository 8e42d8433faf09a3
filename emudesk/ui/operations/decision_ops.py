"""Decisions (quyết định): drafting, recipients, issuing, correcting and revoking, one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.decisions import cash as rewards
from emudesk.services.decisions import issuing as decisions
from emudesk.services.decisions.cash import DecisionCash
from emudesk.services.decisions.issuing import Correction, DecisionDraft
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A decision approves nominations and writes (or changes) awards in history.
DECISION_CHANGED = Changes(nominations=True, awards=True)

Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


def draft_from_session(
    ctx: AppContext,
    parent: QWidget | None,
    session_id: int,
    data: DecisionDraft,
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    return run_op(
        ctx,
        parent,
        lambda session: decisions.from_session(session, session_id, data),
        changes=DECISION_CHANGED,
        success=_("Drafted decision {number} with what the session approved.").format(number=data.number),
        on_success=on_saved,
        on_failure=on_failure,
    )


def draft_from_nominations(
    ctx: AppContext,
    parent: QWidget | None,
    nomination_ids: Sequence[int],
    data: DecisionDraft,
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    ids = list(nomination_ids)

    def fn(session: Session) -> int:
        return decisions.draft_from_nominations(session, ids, data)

    return run_op(
        ctx,
        parent,
        fn,
        changes=DECISION_CHANGED,
        success=_("Drafted decision {number} with {n} recipient(s).").format(number=data.number, n=len(ids)),
        on_success=on_saved,
        on_failure=on_failure,
    )


def update_draft(
    ctx: AppContext,
    parent: QWidget | None,
    decision_id: int,
    data: DecisionDraft,
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        decisions.update_decision(session, decision_id, data)
        return decision_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=DECISION_CHANGED,
        success=_("Saved decision {number}.").format(number=data.number),
        on_success=on_saved,
        on_failure=on_failure,
    )


def add_recipients(
    ctx: AppContext,
    parent: QWidget | None,
    decision_id: int,
    nomination_ids: Sequence[int],
    *,
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[tuple[int, ...]]:
    ids = list(nomination_ids)
    return run_op(
        ctx,
        parent,
        lambda session: decisions.add_recipients(session, decision_id, ids),
        changes=DECISION_CHANGED,
        success=lambda added: _("Added {n} recipient(s) to the draft.").format(n=len(added)),
        on_success=on_done,
        on_failure=on_failure,
    )


def issue(
    ctx: AppContext, parent: QWidget | None, decision_id: int, number: str, *, on_done: Done = None
) -> Task[DecisionCash]:
    return run_op(
        ctx,
        parent,
        lambda session: decisions.issue(session, decision_id),
        changes=DECISION_CHANGED,
        success=lambda cash: _("Issued decision {number}: {n} recipient(s), {total} in cash rewards.").format(
            number=number, n=len(cash.lines), total=rewards.money(cash.total)
        ),
        on_success=on_done,
    )


def correct(
    ctx: AppContext,
    parent: QWidget | None,
    decision_id: int,
    data: DecisionDraft,
    changes: Sequence[Correction],
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    items = list(changes)
    return run_op(
        ctx,
        parent,
        lambda session: decisions.correct(session, decision_id, data, items),
        changes=DECISION_CHANGED,
        success=_("Recorded the correcting decision {number}.").format(number=data.number),
        on_success=on_saved,
        on_failure=on_failure,
    )


def revoke(
    ctx: AppContext,
    parent: QWidget | None,
    decision_id: int,
    data: DecisionDraft,
    *,
    reason: str,
    award_record_ids: Sequence[int] | None,
    annul: bool,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    ids = list(award_record_ids) if award_record_ids is not None else None
    done = (
        _("Recorded the annulling decision {number}.")
        if annul
        else _("Recorded the revoking decision {number}.")
    )
    return run_op(
        ctx,
        parent,
        lambda session: decisions.revoke(
            session, decision_id, data, reason=reason, award_record_ids=ids, annul=annul
        ),
        changes=DECISION_CHANGED,
        success=done.format(number=data.number),
        on_success=on_saved,
        on_failure=on_failure,
    )
