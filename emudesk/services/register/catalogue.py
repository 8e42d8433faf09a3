"""Editing the catalogues: award forms and titles, kinds of unit.

The catalogues ship with the law's forms (migration 0002) and offices extend them (a province's
own title, a sector's kỷ niệm chương). A code is the stable name exchange files and the CLI use,
so it cannot change once records refer to it; a form in use is retired (inactive), not deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AwardForm,
    AwardRecord,
    Criterion,
    Nomination,
    OfferedForm,
    Participant,
    Quota,
    Unit,
    UnitKind,
    quota_base_forms,
    quota_forms,
)
from emudesk.domain.enums import AwardCategory, AwardLevel, AwardType
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.text import NAME_MAX, nfc, text_problem
from emudesk.i18n import _
from emudesk.services.core.rights import requires

_FORM_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
_KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
TIERS = ("province", "department", "division", "district", "commune", "village", "other")


@dataclass
class AwardFormInput:
    """An award form or title as the catalogue keeps it."""

    code: str
    name: str
    short_name: str
    category: AwardCategory
    level: AwardLevel
    authority: str = ""
    for_units: bool = False
    for_individuals: bool = False
    for_households: bool = False
    yearly: bool = False
    requires_vote: bool = False
    default_award_type: AwardType = AwardType.MERIT
    coefficient_individual: Decimal | None = None
    coefficient_collective: Decimal | None = None
    active: bool = True
    sort_order: int = 0
    source: str = ""
    note: str | None = None


@dataclass
class UnitKindInput:
    code: str
    name: str
    tier: str = "other"
    historical: bool = False
    sort_order: int = 0
    note: str | None = None


# --- award forms ------------------------------------------------------------------------------


def award_form_input(session: Session, form_id: int) -> AwardFormInput:
    """The current values of a form, for the edit form."""
    form = _form(session, form_id)
    return AwardFormInput(**{f.name: getattr(form, f.name) for f in fields(AwardFormInput)})


def validate_award_form(
    session: Session, data: AwardFormInput, *, current_id: int | None = None
) -> dict[str, str]:
    """Field -> what is wrong; empty when the form may be saved."""
    problems: dict[str, str] = {}
    code = (data.code or "").strip().upper()
    if not _FORM_CODE.match(code):
        problems["code"] = _(
            "A code is 2–40 capital letters, digits or _ and starts with a letter (e.g. BK_TINH)."
        )
    else:
        other = session.scalar(select(AwardForm.id).where(AwardForm.code == code))
        if other is not None and other != current_id:
            problems["code"] = _("The code {code} is already used.").format(code=code)
    if not nfc(data.name or ""):
        problems["name"] = _("The name is required.")
    elif problem := text_problem(data.name, max_length=NAME_MAX):
        problems["name"] = problem
    if not (data.for_units or data.for_individuals or data.for_households):
        problems["subjects"] = _("Choose who the form may be given to.")
    for key in ("coefficient_individual", "coefficient_collective"):
        value = getattr(data, key)
        if value is not None and value < 0:
            problems[key] = _("A coefficient cannot be negative.")
    return problems


def _raise(problems: dict[str, str]) -> None:
    if problems:
        messages = tuple(problems.values())
        raise ValidationError(messages[0], fields=problems, details=messages[1:])


def _apply_form(form: AwardForm, data: AwardFormInput) -> None:
    for f in fields(AwardFormInput):
        setattr(form, f.name, getattr(data, f.name))
    form.code = data.code.strip().upper()
    form.name = nfc(data.name)
    form.short_name = nfc(data.short_name or "") or form.name


@requires("catalogue.edit")
def create_award_form(session: Session, data: AwardFormInput) -> int:
    _raise(validate_award_form(session, data))
    form = AwardForm()
    _apply_form(form, data)
    session.add(form)
    session.flush()
    return form.id


@requires("catalogue.edit")
def update_award_form(session: Session, form_id: int, data: AwardFormInput) -> None:
    form = _form(session, form_id)
    _raise(validate_award_form(session, data, current_id=form_id))
    if data.code.strip().upper() != form.code and award_form_uses(session, form_id):
        raise ConflictError(
            _("{code} is already used by records; its code cannot change (exchange files name it).").format(
                code=form.code
            )
        )
    _apply_form(form, data)
    session.flush()


def award_form_uses(session: Session, form_id: int) -> int:
    """How many nominations, awards, plans and quotas refer to a form."""
    counts = [
        select(func.count()).select_from(Nomination).where(Nomination.award_form_id == form_id),
        select(func.count()).select_from(AwardRecord).where(AwardRecord.award_form_id == form_id),
        select(func.count()).select_from(OfferedForm).where(OfferedForm.award_form_id == form_id),
        select(func.count()).select_from(Criterion).where(Criterion.award_form_id == form_id),
        select(func.count()).select_from(quota_forms).where(quota_forms.c.award_form_id == form_id),
        select(func.count()).select_from(quota_base_forms).where(quota_base_forms.c.award_form_id == form_id),
    ]
    return sum(int(session.scalar(q) or 0) for q in counts)


@requires("catalogue.edit")
def delete_award_form(session: Session, form_id: int) -> None:
    """Delete a form nothing refers to; a form in use can only be retired (set inactive)."""
    form = _form(session, form_id)
    uses = award_form_uses(session, form_id)
    if uses:
        raise ConflictError(
            _("“{name}” is used by {n} records; mark it as no longer in use instead of deleting it.").format(
                name=form.name, n=uses
            )
        )
    session.delete(form)
    session.flush()


def _form(session: Session, form_id: int) -> AwardForm:
    form = session.get(AwardForm, form_id)
    if form is None:
        raise NotFoundError(_("Award form #{id} does not exist.").format(id=form_id))
    return form


# --- kinds of unit ----------------------------------------------------------------------------


def unit_kind_input(session: Session, kind_id: int) -> UnitKindInput:
    kind = _kind(session, kind_id)
    return UnitKindInput(**{f.name: getattr(kind, f.name) for f in fields(UnitKindInput)})


def validate_unit_kind(
    session: Session, data: UnitKindInput, *, current_id: int | None = None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    code = (data.code or "").strip().lower()
    if not _KIND_CODE.match(code):
        problems["code"] = _(
            "A code is 2–40 small letters, digits or _ and starts with a letter (e.g. ubnd_xa)."
        )
    else:
        other = session.scalar(select(UnitKind.id).where(UnitKind.code == code))
        if other is not None and other != current_id:
            problems["code"] = _("The code {code} is already used.").format(code=code)
    if not nfc(data.name or ""):
        problems["name"] = _("The name is required.")
    elif problem := text_problem(data.name, max_length=NAME_MAX):
        problems["name"] = problem
    if data.tier not in TIERS:
        problems["tier"] = _("Choose a level.")
    return problems


def _apply_kind(kind: UnitKind, data: UnitKindInput) -> None:
    kind.code = data.code.strip().lower()
    kind.name = nfc(data.name)
    kind.tier = data.tier
    kind.historical = data.historical
    kind.sort_order = data.sort_order
    kind.note = data.note


@requires("catalogue.edit")
def create_unit_kind(session: Session, data: UnitKindInput) -> int:
    _raise(validate_unit_kind(session, data))
    kind = UnitKind()
    _apply_kind(kind, data)
    session.add(kind)
    session.flush()
    return kind.id


@requires("catalogue.edit")
def update_unit_kind(session: Session, kind_id: int, data: UnitKindInput) -> None:
    kind = _kind(session, kind_id)
    _raise(validate_unit_kind(session, data, current_id=kind_id))
    if data.code.strip().lower() != kind.code and unit_kind_uses(session, kind_id):
        raise ConflictError(
            _("{code} is already used by records; its code cannot change (exchange files name it).").format(
                code=kind.code
            )
        )
    _apply_kind(kind, data)
    session.flush()


def unit_kind_uses(session: Session, kind_id: int) -> int:
    counts = [
        select(func.count()).select_from(Unit).where(Unit.kind_id == kind_id),
        select(func.count()).select_from(Participant).where(Participant.unit_kind_id == kind_id),
        select(func.count()).select_from(Criterion).where(Criterion.unit_kind_id == kind_id),
        select(func.count()).select_from(Quota).where(Quota.unit_kind_id == kind_id),
    ]
    return sum(int(session.scalar(q) or 0) for q in counts)


@requires("catalogue.edit")
def delete_unit_kind(session: Session, kind_id: int) -> None:
    kind = _kind(session, kind_id)
    uses = unit_kind_uses(session, kind_id)
    if uses:
        raise ConflictError(
            _("“{name}” is used by {n} records; mark it as historical instead of deleting it.").format(
                name=kind.name, n=uses
            )
        )
    session.delete(kind)
    session.flush()


def _kind(session: Session, kind_id: int) -> UnitKind:
    kind = session.get(UnitKind, kind_id)
    if kind is None:
        raise NotFoundError(_("Kind of unit #{id} does not exist.").format(id=kind_id))
    return kind
