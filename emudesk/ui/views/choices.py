"""Pick lists the forms and filters of every view group share: award forms, units, kinds of unit,
campaigns, and the subject search.

The lists are kept in the window's cache (``AppContext.cached``) until a change touches them;
subjects are searched in the database as the user types.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

from emudesk.domain.enums import SubjectKind
from emudesk.services.register import choices
from emudesk.ui.context import AppContext


def award_form_choices(ctx: AppContext) -> list[choices.AwardFormRow]:
    def load() -> list[choices.AwardFormRow]:
        with ctx.store.read() as session:
            return choices.award_forms(session)

    return ctx.cached("award_forms", ("catalogue",), load)


def fill_award_forms(combo: QComboBox, forms: list[choices.AwardFormRow], none_text: str) -> None:
    combo.clear()
    combo.addItem(none_text, None)
    for f in forms:
        combo.addItem(f.name, f.id)


def unit_choices(ctx: AppContext) -> list[choices.UnitChoice]:
    def load() -> list[choices.UnitChoice]:
        with ctx.store.read() as session:
            return choices.units(session)

    return ctx.cached("units", ("units",), load)


def unit_kind_choices(ctx: AppContext) -> list[choices.UnitKindRow]:
    def load() -> list[choices.UnitKindRow]:
        with ctx.store.read() as session:
            return choices.unit_kinds(session)

    return ctx.cached("unit_kinds", ("catalogue",), load)


def subject_search(ctx: AppContext) -> Callable[[SubjectKind, str], list[tuple[int, str]]]:
    def search(kind: SubjectKind, text: str) -> list[tuple[int, str]]:
        with ctx.store.read() as session:
            return choices.search_subjects(session, kind, text)

    return search


def campaign_choices(ctx: AppContext) -> list[choices.CampaignChoice]:
    def load() -> list[choices.CampaignChoice]:
        with ctx.store.read() as session:
            return choices.campaigns(session)

    return ctx.cached("campaigns", ("campaigns",), load)
