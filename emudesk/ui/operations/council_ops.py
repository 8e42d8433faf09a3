"""The council and its sessions: every write of the Hội đồng view, and importing a rule set.

Each function is one service call (or a short all-or-nothing sequence) in one
write transaction on the worker; a refusal shows the service's message and the
transaction rolls back, so nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from emudesk.domain.enums import NominationStatus
from emudesk.domain.rules import AgendaOutcome
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.council import members, sessions, tallies
from emudesk.services.council.members import CouncilInput, MemberInput
from emudesk.services.council.sessions import SessionInput
from emudesk.services.council.tallies import DecideResult, TallyView
from emudesk.services.nominations import workflow as nominations
from emudesk.services.rules import rulebook
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Councils and sessions have no change flag of their own: they are the review step of the
# nominations, and every outcome moves nominations, so the views that show them watch "nominations".
COUNCIL_CHANGED = Changes(nominations=True)

Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


def create_council(
    ctx: AppContext,
    parent: QWidget | None,
    data: CouncilInput,
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    return run_op(
        ctx,
        parent,
        lambda session: members.create_council(session, data),
        changes=COUNCIL_CHANGED,
        success=_("Added the council “{name}”.").format(name=data.name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def add_member(
    ctx: AppContext,
    parent: QWidget | None,
    council_id: int,
    data: MemberInput,
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    return run_op(
        ctx,
        parent,
        lambda session: members.add_member(session, council_id, data),
        changes=COUNCIL_CHANGED,
        success=_("Added {name} to the council.").format(name=data.full_name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def end_member(
    ctx: AppContext,
    parent: QWidget | None,
    member_id: int,
    name: str,
    end_date: date,
    *,
    on_done: Done = None,
) -> Task[None]:
    return run_op(
        ctx,
        parent,
        lambda session: members.end_member(session, member_id, end_date),
        changes=COUNCIL_CHANGED,
        success=_("{name} leaves the council on {day}.").format(name=name, day=end_date.strftime("%d/%m/%Y")),
        on_success=on_done,
    )


def open_session(
    ctx: AppContext,
    parent: QWidget | None,
    council_id: int,
    data: SessionInput,
    *,
    on_saved: Done = None,
    on_failure: Failed = None,
) -> Task[int]:
    return run_op(
        ctx,
        parent,
        lambda session: sessions.open_session(session, council_id, data),
        changes=COUNCIL_CHANGED,
        success=_("Opened the session “{title}”.").format(title=data.title),
        on_success=on_saved,
        on_failure=on_failure,
    )


def set_attendance(
    ctx: AppContext,
    parent: QWidget | None,
    session_id: int,
    member_ids: Sequence[int],
    *,
    present: bool,
    written_opinion: str | None = None,
    received_on: date | None = None,
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[None]:
    ids = list(member_ids)

    def fn(session: Session) -> None:
        for member_id in ids:
            sessions.set_attendance(
                session,
                session_id,
                member_id,
                present=present,
                written_opinion=written_opinion,
                received_on=received_on,
            )

    if present:
        done = _("Marked {n} member(s) present.")
    elif written_opinion:
        done = _("Recorded the written opinion of {n} absent member(s).")
    else:
        done = _("Marked {n} member(s) absent.")
    return run_op(
        ctx,
        parent,
        fn,
        changes=COUNCIL_CHANGED,
        success=done.format(n=len(ids)),
        on_success=on_done,
        on_failure=on_failure,
    )


def add_to_agenda(
    ctx: AppContext,
    parent: QWidget | None,
    session_id: int,
    nomination_ids: Sequence[int],
    *,
    appraise_first: Sequence[int] = (),
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[tuple[int, ...]]:
    """Put nominations on the agenda; submitted ones are appraised in the same transaction (all or none)."""
    ids, submitted = list(nomination_ids), list(appraise_first)

    def fn(session: Session) -> tuple[int, ...]:
        if submitted:
            nominations.transition(session, submitted, NominationStatus.APPRAISED)
        return sessions.add_to_agenda(session, session_id, ids)

    return run_op(
        ctx,
        parent,
        fn,
        changes=COUNCIL_CHANGED,
        success=lambda items: _("Put {n} nomination(s) on the agenda.").format(n=len(items)),
        on_success=on_done,
        on_failure=on_failure,
        label=_("Updating the agenda…"),
    )


def record_tally(
    ctx: AppContext,
    parent: QWidget | None,
    item_id: int,
    votes: tuple[int, int, int],
    *,
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[TallyView]:
    def message(result: TallyView) -> str:
        if result.passed is None:
            return _("Recorded the ballots: {reason}").format(reason=result.reason.text)
        verdict = _("passed") if result.passed else _("not passed")
        return _("Recorded the ballots ({verdict}): {reason}").format(
            verdict=verdict, reason=result.reason.text
        )

    return run_op(
        ctx,
        parent,
        lambda session: tallies.record_tally(session, item_id, *votes),
        changes=COUNCIL_CHANGED,
        success=message,
        on_success=on_done,
        on_failure=on_failure,
    )


def decide(
    ctx: AppContext,
    parent: QWidget | None,
    item_id: int,
    outcome: AgendaOutcome,
    *,
    note: str | None = None,
    award_code: str | None = None,
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[DecideResult]:
    return run_op(
        ctx,
        parent,
        lambda session: tallies.decide(session, item_id, outcome, note=note, award_code=award_code),
        changes=Changes(nominations=True, awards=True),
        success=lambda result: _(
            "The council's outcome is recorded: {outcome}; the nomination is now “{status}”."
        ).format(outcome=result.outcome.label, status=result.nomination_status.label),
        on_success=on_done,
        on_failure=on_failure,
    )


def close_session(
    ctx: AppContext, parent: QWidget | None, session_id: int, *, on_done: Done = None
) -> Task[Any]:
    return run_op(
        ctx,
        parent,
        lambda session: sessions.close_session(session, session_id),
        changes=COUNCIL_CHANGED,
        success=_("The session is closed."),
        on_success=on_done,
    )


def set_session_times(
    ctx: AppContext,
    parent: QWidget | None,
    session_id: int,
    opened_at: datetime | None,
    closed_at: datetime | None,
    *,
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[None]:
    return run_op(
        ctx,
        parent,
        lambda session: sessions.set_session_times(session, session_id, opened_at, closed_at),
        changes=COUNCIL_CHANGED,
        success=_("The session's times are saved."),
        on_success=on_done,
        on_failure=on_failure,
    )


def sign_minutes(
    ctx: AppContext,
    parent: QWidget | None,
    session_id: int,
    number: str,
    signed_on: date,
    *,
    on_done: Done = None,
    on_failure: Failed = None,
) -> Task[None]:
    return run_op(
        ctx,
        parent,
        lambda session: sessions.sign_minutes(session, session_id, number, signed_on),
        changes=COUNCIL_CHANGED,
        success=_("Minutes {number} signed; the session is now read-only.").format(number=number),
        on_success=on_done,
        on_failure=on_failure,
    )


# --- rule sets (the Quy định tab of the catalogue) ------------------------------------------------


def import_rule_set(
    ctx: AppContext, parent: QWidget | None, data: dict[str, Any], *, on_done: Done = None
) -> Task[int]:
    """Add a rule set from the JSON of ``emudesk rules export``, all or nothing."""

    def fn(session: Session) -> int:
        return rulebook.import_rule_set(session, data)

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(catalogue=True),
        success=_("Added the rule set {code}.").format(code=str(data.get("code", "")).upper()),
        on_success=on_done,
    )
