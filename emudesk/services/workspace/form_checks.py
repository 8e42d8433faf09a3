"""Validate-as-you-type for the GUI's forms, by running the services' own checks without writing.

Each function applies the input to a transient record that is never added to
the session, so the rules stay where they live (``units``, ``households``,
``campaigns``) and the form shows exactly what saving would refuse.
Individuals have their own ``individuals.validate``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from emudesk.db.models import AwardRecord, Household, Unit
from emudesk.domain.errors import EmudeskError, ValidationError
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.plans import CampaignDef
from emudesk.services.nominations import workflow as nominations
from emudesk.services.nominations.workflow import NominationInput
from emudesk.services.register import awards, households, units
from emudesk.services.register.awards import AwardInput
from emudesk.services.register.households import HouseholdInput
from emudesk.services.register.units import UnitInput


def _problems(exc: EmudeskError) -> dict[str, str]:
    if isinstance(exc, ValidationError) and exc.fields:
        return {name: exc.message for name in exc.fields}
    return {"": exc.message}


def unit_problems(session: Session, data: UnitInput, *, current_id: int | None = None) -> dict[str, str]:
    """The first problem saving ``data`` would hit, by field ({} when it may be saved)."""
    unit = Unit()
    if current_id is not None:
        unit.id = current_id  # so the parent-loop check knows which unit moves
    try:
        with session.no_autoflush:
            units._apply(session, unit, data)
    except EmudeskError as exc:
        return _problems(exc)
    finally:
        session.expunge_all()
    return {}


def household_problems(session: Session, data: HouseholdInput) -> dict[str, str]:
    try:
        with session.no_autoflush:
            households._apply(session, Household(), data)
    except EmudeskError as exc:
        return _problems(exc)
    finally:
        session.expunge_all()
    return {}


def award_problems(session: Session, data: AwardInput) -> dict[str, str]:
    try:
        with session.no_autoflush:
            awards._apply(session, AwardRecord(), data)
    except EmudeskError as exc:
        return _problems(exc)
    finally:
        session.expunge_all()
    return {}


def nomination_problems(
    session: Session, data: NominationInput, *, current_id: int | None = None
) -> dict[str, str]:
    """Form, subject, offer, phase, duplicate, achievement and initiative checks of a nomination."""
    try:
        nominations._validate(session, data, current_id)
    except EmudeskError as exc:
        return _problems(exc)
    return {}


def campaign_problems(definition: CampaignDef) -> dict[str, str]:
    """Checks of a plan that need no database; saving still runs every check."""
    try:
        campaigns._validate(definition)
    except EmudeskError as exc:
        return _problems(exc)
    return {}
