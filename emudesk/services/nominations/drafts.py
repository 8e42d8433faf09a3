"""Drafting nominations from a list of subjects in one go (the suggestions of ``eligibility.suggest``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, Household, Individual, Unit
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import EmudeskError, NotFoundError
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.rights import requires
from emudesk.services.nominations.workflow import NominationInput, create_nomination
from emudesk.services.rules import rulebook


@dataclass(frozen=True)
class DraftsResult:
    created: tuple[int, ...]
    skipped: tuple[tuple[SubjectRef, str], ...]


@requires("nominations.edit")
def create_drafts(
    session: Session,
    campaign_id: int,
    award_code: str,
    year: int,
    subjects: Sequence[SubjectRef],
    *,
    proposer: str = "unit",
    filed_on: date | None = None,
) -> DraftsResult:
    """Turn suggestions into draft nominations in one go; subjects that cannot be nominated are reported.

    Args:
        proposer: "unit": the person's unit, or the unit's parent for a collective; "none": no proposer.
    """
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.deleted_at is not None:
        # Checked once here: per subject, it would only be a skip reason repeated for everyone,
        # and with no one suggested the drafting would end quietly as if it had been done.
        raise NotFoundError(_("Campaign #{id} does not exist.").format(id=campaign_id))
    book = rulebook.load(session)
    form = book.form(award_code)
    created: list[int] = []
    skipped: list[tuple[SubjectRef, str]] = []
    for ref in subjects:
        proposing: int | None = None
        if proposer == "unit":
            if ref.kind is SubjectKind.INDIVIDUAL:
                proposing = session.scalar(select(Individual.unit_id).where(Individual.id == ref.id))
            elif ref.kind is SubjectKind.UNIT:
                proposing = session.scalar(select(Unit.parent_id).where(Unit.id == ref.id))
            else:
                proposing = session.scalar(select(Household.commune_id).where(Household.id == ref.id))
        try:
            with session.begin_nested():
                created.append(
                    create_nomination(
                        session,
                        NominationInput(
                            subject=ref,
                            campaign_id=campaign_id,
                            award_form_id=form.id,
                            proposing_unit_id=proposing,
                            year=year,
                            filed_on=filed_on,
                        ),
                    )
                )
        except EmudeskError as exc:
            skipped.append((ref, exc.message))
    return DraftsResult(tuple(created), tuple(skipped))
