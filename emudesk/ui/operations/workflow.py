"""Campaigns, achievements with their evidence, nominations and their workflow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from emudesk.domain.enums import NominationStatus
from emudesk.i18n import _
from emudesk.services.campaigns import achievements
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.achievements import AchievementInput
from emudesk.services.campaigns.definition import CampaignDef
from emudesk.services.core.changes import Changes
from emudesk.services.nominations import workflow as nominations
from emudesk.services.nominations.gate import IneligibleError
from emudesk.services.nominations.moves import MOVE_DONE
from emudesk.services.nominations.workflow import DecisionInput, NominationInput, TransitionResult, Votes
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# What a move to each status is called: the words live with the service, so the CLI says the same.
TRANSITION_DONE = MOVE_DONE


def save_campaign(
    ctx: AppContext,
    parent: QWidget | None,
    campaign_id: int | None,
    definition: CampaignDef,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if campaign_id is None:
            return campaigns.create_campaign(session, definition)
        campaigns.update_campaign(session, campaign_id, definition)
        return campaign_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(campaigns=True, nominations=True),
        success=_("Saved the campaign “{title}”.").format(title=definition.short_title or definition.title),
        on_success=on_saved,
        on_failure=on_failure,
    )


def save_nomination(
    ctx: AppContext,
    parent: QWidget | None,
    nomination_id: int | None,
    data: NominationInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if nomination_id is None:
            return nominations.create_nomination(session, data)
        nominations.update_nomination(session, nomination_id, data)
        return nomination_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(nominations=True),
        success=lambda nid: _("Saved nomination #{id}.").format(id=nid),
        on_success=on_saved,
        on_failure=on_failure,
    )


def transition(
    ctx: AppContext,
    parent: QWidget | None,
    ids: Sequence[int],
    target: NominationStatus,
    *,
    note: str | None = None,
    decision: DecisionInput | None = None,
    votes: Votes | None = None,
    override_reason: str | None = None,
    on_done: Callable[[TransitionResult], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_ineligible: Callable[[IneligibleError], None] | None = None,
) -> Task[TransitionResult]:
    """Move nominations to ``target``, all or none; a refused move changes nothing.

    ``on_ineligible`` gets a refusal for files judged not eligible instead of the error dialog, so
    the view can ask for the override reason and move again.
    """
    id_list = list(ids)

    def fn(session: Session) -> TransitionResult:
        return nominations.transition(
            session,
            id_list,
            target,
            note=note,
            decision=decision,
            votes=votes,
            override_reason=override_reason,
        )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, IneligibleError) and on_ineligible is not None:
            on_ineligible(exc)
        elif on_failure is not None:
            on_failure(exc)

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(nominations=True, awards=target is NominationStatus.APPROVED),
        success=lambda result: _(TRANSITION_DONE[target]).format(n=len(result.changed)),
        on_success=on_done,
        on_failure=failed if (on_failure or on_ineligible) else None,
        label=_("Updating nominations…"),
        handled=(IneligibleError,) if on_ineligible is not None else (),
    )


def save_achievement(
    ctx: AppContext,
    parent: QWidget | None,
    achievement_id: int | None,
    data: AchievementInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if achievement_id is None:
            return achievements.create_achievement(session, data)
        achievements.update_achievement(session, achievement_id, data)
        return achievement_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(achievements=True),
        success=_("Saved the achievement."),
        on_success=on_saved,
        on_failure=on_failure,
    )


def add_evidence(
    ctx: AppContext,
    parent: QWidget | None,
    achievement_id: int,
    sources: Sequence[Path],
    *,
    on_done: Callable[[list[int]], None] | None = None,
) -> Task[list[int]]:
    """Store files in the database on the worker (large scans take a while)."""
    paths = list(sources)

    def work(progress: Callable[[int, int, str], None], _cancel: object) -> list[int]:
        out = []
        with ctx.store.write() as session:
            for i, path in enumerate(paths):
                progress(i, len(paths), _("Copying {name}…").format(name=path.name))
                out.append(achievements.add_evidence(session, achievement_id, path))
        return out

    def done(ids: list[int]) -> None:
        ctx.status(_("Added {n} evidence file(s).").format(n=len(ids)))
        ctx.bus.announce(Changes(achievements=True))
        if on_done is not None:
            on_done(ids)

    return ctx.tasks.run(work, on_success=done, parent=parent, label=_("Copying evidence files…"))


def remove_evidence(ctx: AppContext, parent: QWidget | None, evidence_id: int) -> Task[None]:
    def fn(session: Session) -> None:
        achievements.remove_evidence(session, evidence_id)

    return run_op(
        ctx, parent, fn, changes=Changes(achievements=True), success=_("Removed the evidence file.")
    )
