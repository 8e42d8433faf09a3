"""Validate-as-you-type for the GUI's forms: each feature's own checks, run without writing.

The rules stay where they live (``units``, ``households``, ``awards``, ``nominations``, the
campaign ``definition``): each offers a ``validate_*`` that checks a transient record and never
adds it to the session, and the form shows exactly what saving would refuse. Individuals have
their own ``individuals.validate``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from emudesk.services.campaigns.definition import CampaignDef, validate_definition
from emudesk.services.core.common import field_problems
from emudesk.services.nominations.workflow import NominationInput, validate_nomination
from emudesk.services.register.awards import AwardInput, validate_award
from emudesk.services.register.households import HouseholdInput, validate_household
from emudesk.services.register.units import UnitInput, validate_unit


def unit_problems(session: Session, data: UnitInput, *, current_id: int | None = None) -> dict[str, str]:
    """The first problem saving ``data`` would hit, by field ({} when it may be saved)."""
    return field_problems(lambda: validate_unit(session, data, unit_id=current_id))


def household_problems(session: Session, data: HouseholdInput) -> dict[str, str]:
    return field_problems(lambda: validate_household(session, data))


def award_problems(session: Session, data: AwardInput) -> dict[str, str]:
    return field_problems(lambda: validate_award(session, data))


def nomination_problems(
    session: Session, data: NominationInput, *, current_id: int | None = None
) -> dict[str, str]:
    """Form, subject, offer, phase, duplicate, achievement and initiative checks of a nomination."""
    return field_problems(lambda: validate_nomination(session, data, current_id))


def campaign_problems(definition: CampaignDef) -> dict[str, str]:
    """Checks of a plan that need no database; saving still runs every check."""
    return field_problems(lambda: validate_definition(definition))
