"""Saving units, individuals and households."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from emudesk.domain.enums import Rating
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.register import awards, households, individuals, units
from emudesk.services.register.awards import AwardInput
from emudesk.services.register.households import HouseholdInput
from emudesk.services.register.individuals import IndividualInput
from emudesk.services.register.units import UnitInput
from emudesk.ui.context import AppContext
from emudesk.ui.operations import run_op
from emudesk.ui.tasks import Task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def save_individual(
    ctx: AppContext,
    parent: QWidget | None,
    individual_id: int | None,
    data: IndividualInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if individual_id is None:
            return individuals.create_individual(session, data)
        individuals.update_individual(session, individual_id, data)
        return individual_id

    name = " ".join(p for p in (data.family_name, data.middle_name, data.given_name) if p)
    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(individuals=True, units=True),
        success=_("Saved {name}.").format(name=name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def save_household(
    ctx: AppContext,
    parent: QWidget | None,
    household_id: int | None,
    data: HouseholdInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if household_id is None:
            return households.create_household(session, data)
        households.update_household(session, household_id, data)
        return household_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(households=True),
        success=_("Saved the household of {name}.").format(name=data.head_name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def save_unit(
    ctx: AppContext,
    parent: QWidget | None,
    unit_id: int | None,
    data: UnitInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if unit_id is None:
            return units.create_unit(session, data)
        units.update_unit(session, unit_id, data)
        return unit_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(units=True, individuals=True, households=True),
        success=_("Saved {name}.").format(name=data.name),
        on_success=on_saved,
        on_failure=on_failure,
    )


def save_award(
    ctx: AppContext,
    parent: QWidget | None,
    award_id: int | None,
    data: AwardInput,
    *,
    on_saved: Callable[[int], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> Task[int]:
    def fn(session: Session) -> int:
        if award_id is None:
            return awards.create_award(session, data)
        awards.update_award(session, award_id, data)
        return award_id

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(awards=True),
        success=_("Saved the award."),
        on_success=on_saved,
        on_failure=on_failure,
    )


def set_rating(
    ctx: AppContext,
    parent: QWidget | None,
    individual_id: int,
    year: int,
    rating: Rating | None,
    *,
    on_done: Callable[[None], None] | None = None,
) -> Task[None]:
    """Record (or clear, with None) a person's rating for a year."""

    def fn(session: Session) -> None:
        individuals.set_rating(session, year=year, rating=rating, individual_id=individual_id)

    return run_op(
        ctx,
        parent,
        fn,
        changes=Changes(individuals=True),
        success=_("Saved the rating for {year}.").format(year=year),
        on_success=on_done,
    )
