"""Certificates of a decision printed onto pre-printed blanks, and the office's printer offsets.

One page per recipient in the order of the decision's list (award form, then tập thể / cá nhân /
hộ gia đình, then Vietnamese name order; as ``lists.decision_list``). A person's unit is the one
the register's memberships give on the decision's date, so a 2024 certificate printed today names
the unit as it was then. Revoked and annulled awards get no certificate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from emudesk.db.models import (
    Achievement,
    AwardForm,
    AwardRecord,
    Decision,
    Household,
    Individual,
    Membership,
    Nomination,
    Unit,
)
from emudesk.domain.enums import AwardStatus, SubjectKind
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.export.certificate import (
    FIELD_LABELS,
    MAX_OFFSET_MM,
    MIN_BOX_MM,
    SIZE_RANGE,
    Blank,
    CertificateText,
    Field,
    Offset,
    Place,
    default_places,
    place_problem,
    write_calibration,
    write_certificates,
)
from emudesk.i18n import _
from emudesk.services.core.outputs import atomic_output, check_output
from emudesk.services.core.rights import requires
from emudesk.services.core.store import Store, get_setting, set_setting
from emudesk.services.exports.common import Office
from emudesk.services.register import decision_order

__all__ = [
    "FIELD_LABELS",
    "LAYOUTS_KEY",
    "MAX_OFFSET_MM",
    "OFFSETS_KEY",
    "Blank",
    "CertificatesResult",
    "Field",
    "Offset",
    "Place",
    "certificate_texts",
    "check_place",
    "default_places",
    "export_calibration",
    "export_certificates",
    "layouts",
    "layouts_value",
    "offset_for",
    "offsets",
    "parse_blank",
    "parse_field",
    "places_for",
    "reset_places",
    "save_offset",
    "save_place",
]

OFFSETS_KEY = "certificate.offsets"
# {blank size: {field: {x, y, width, height, max_size, min_size}}}: only the boxes an office changed.
LAYOUTS_KEY = "certificate.layouts"
_PLACE_KEYS = ("x", "y", "width", "height", "max_size", "min_size")


def parse_blank(text: str) -> Blank:
    """ "A4-landscape", "a3-portrait"… (ValidationError naming the sizes otherwise)."""
    for blank in Blank:
        if blank.value.lower() == text.strip().lower():
            return blank
    raise ValidationError(
        _("Unknown blank size “{size}”; choose {sizes}.").format(
            size=text, sizes=", ".join(b.value for b in Blank)
        )
    )


def offsets(session: Session) -> dict[Blank, Offset]:
    """The office's printer offset for every blank size (0, 0 where none was saved)."""
    stored: Any = get_setting(session, OFFSETS_KEY) or {}
    out: dict[Blank, Offset] = {}
    for blank in Blank:
        value = stored.get(blank.value) if isinstance(stored, dict) else None
        try:
            out[blank] = Offset(float(value["x"]), float(value["y"])) if value else Offset()
        except (KeyError, TypeError, ValueError):
            out[blank] = Offset()  # a hand-edited setting that makes no sense prints unshifted
    return out


def offset_for(session: Session, blank: Blank) -> Offset:
    return offsets(session)[blank]


def check_offset(offset: Offset) -> None:
    for axis, value in (("x", offset.x), ("y", offset.y)):
        if not -MAX_OFFSET_MM <= value <= MAX_OFFSET_MM:
            raise ValidationError(
                _(
                    "An offset of {value} mm is more than a printer shifts a page (at most {limit} mm)."
                ).format(value=f"{value:g}", limit=f"{MAX_OFFSET_MM:g}"),
                fields={axis: "?"},
            )


@requires("settings.edit")
def save_offset(session: Session, blank: Blank, offset: Offset) -> None:
    """Store the office's offset for one blank size (the others are kept)."""
    check_offset(offset)
    stored: Any = get_setting(session, OFFSETS_KEY)
    value = dict(stored) if isinstance(stored, dict) else {}
    value[blank.value] = {"x": round(offset.x, 2), "y": round(offset.y, 2)}
    set_setting(session, OFFSETS_KEY, value)


def offsets_value(current: dict[Blank, Offset]) -> dict[str, dict[str, float]]:
    """The setting's value for these offsets (for the settings dialog, which saves many at once)."""
    for offset in current.values():
        check_offset(offset)
    return {b.value: {"x": round(o.x, 2), "y": round(o.y, 2)} for b, o in current.items()}


def parse_field(text: str) -> Field:
    """ "name", "unit", "achievement", "decision", "golden_book" (ValidationError naming them otherwise)."""
    for field in Field:
        if field.value == text.strip().lower():
            return field
    raise ValidationError(
        _("Unknown certificate box “{box}”; choose {boxes}.").format(
            box=text, boxes=", ".join(f.value for f in Field)
        )
    )


def check_place(blank: Blank, field: Field, place: Place) -> None:
    """Refuse a box that leaves the sheet, is too small to hold a line, or has sizes that make no sense."""
    problem = place_problem(blank, place)
    if not problem:
        return
    width, height = blank.size_mm
    box = FIELD_LABELS[field]
    if problem == "outside":
        message = _("The box “{box}” goes outside the {blank} sheet ({width} × {height} mm).").format(
            box=box, blank=blank.value, width=f"{width:g}", height=f"{height:g}"
        )
    elif problem == "small":
        message = _("The box “{box}” must be at least {mm} mm wide and high.").format(
            box=box, mm=f"{MIN_BOX_MM:g}"
        )
    else:
        message = _(
            "The box “{box}”: type sizes go from {low} to {high} pt, the smallest not above the largest."
        ).format(box=box, low=f"{SIZE_RANGE[0]:g}", high=f"{SIZE_RANGE[1]:g}")
    raise ValidationError(message, fields={field.value: problem})


def _stored_place(value: Any) -> Place | None:
    try:
        return Place(*(float(value[k]) for k in _PLACE_KEYS))
    except (KeyError, TypeError, ValueError):
        return None


def layouts(session: Session) -> dict[Blank, dict[Field, Place]]:
    """Every blank size's boxes: the office's where it changed one, the usual ones otherwise."""
    stored: Any = get_setting(session, LAYOUTS_KEY) or {}
    out: dict[Blank, dict[Field, Place]] = {}
    for blank in Blank:
        places = default_places(blank)
        saved = stored.get(blank.value) if isinstance(stored, dict) else None
        for field in Field:
            place = _stored_place(saved.get(field.value)) if isinstance(saved, dict) else None
            # A hand-edited setting that makes no sense prints in the usual box.
            if place is not None and not place_problem(blank, place):
                places[field] = place
        out[blank] = places
    return out


def places_for(session: Session, blank: Blank) -> dict[Field, Place]:
    return layouts(session)[blank]


def _rounded(place: Place) -> dict[str, float]:
    return {k: round(float(getattr(place, k)), 2) for k in _PLACE_KEYS}


def _differs(place: Place, usual: Place) -> bool:
    return any(abs(getattr(place, k) - getattr(usual, k)) > 0.005 for k in _PLACE_KEYS)


def layouts_value(current: dict[Blank, dict[Field, Place]]) -> dict[str, dict[str, dict[str, float]]]:
    """The setting's value for these boxes (for the settings dialog, which saves them all at once):
    only the boxes that differ from the usual ones, so a later change of those reaches the rest."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for blank, places in current.items():
        usual = default_places(blank)
        for field, place in places.items():
            check_place(blank, field, place)
            if _differs(place, usual[field]):
                out.setdefault(blank.value, {})[field.value] = _rounded(place)
    return out


@requires("settings.edit")
def save_place(session: Session, blank: Blank, field: Field, place: Place) -> None:
    """Store the office's box for one field of one blank size (the others are kept)."""
    check_place(blank, field, place)
    current = layouts(session)
    current[blank][field] = place
    set_setting(session, LAYOUTS_KEY, layouts_value(current))


@requires("settings.edit")
def reset_places(session: Session, blank: Blank) -> None:
    """Khôi phục mặc định: this blank size prints in the usual boxes again."""
    current = layouts(session)
    current[blank] = default_places(blank)
    set_setting(session, LAYOUTS_KEY, layouts_value(current))


def _when(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def certificate_texts(session: Session, decision_id: int) -> tuple[Decision, list[CertificateText]]:
    """The decision and what each of its certificates says, in the list's order.

    Raises:
        NotFoundError: no such decision.
        ValidationError: the decision grants no award that stands.
    """
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    on = decision.signed_on
    held = aliased(Membership)
    then_unit = aliased(Unit)
    now_unit = aliased(Unit)
    subject_unit = aliased(Unit)
    subject_parent = aliased(Unit)
    # The membership in force on the decision's date, the latest one started if several are.
    membership = (
        select(Membership.id)
        .where(
            Membership.individual_id == AwardRecord.individual_id,
            or_(Membership.start_date.is_(None), Membership.start_date <= on),
            or_(Membership.end_date.is_(None), Membership.end_date >= on),
        )
        .order_by(Membership.start_date.desc(), Membership.id.desc())
        .limit(1)
        .correlate(AwardRecord)
        .scalar_subquery()
    )
    stmt = (
        select(
            AwardRecord.subject_kind,
            AwardRecord.recipient_name,
            AwardRecord.year,
            AwardRecord.golden_book_no,
            held.position,
            then_unit.name,
            Individual.position,
            now_unit.name,
            subject_parent.name,
            Household.address,
            Nomination.summary,
            Achievement.summary,
        )
        .outerjoin(AwardForm, AwardForm.id == AwardRecord.award_form_id)
        .outerjoin(Individual, Individual.id == AwardRecord.individual_id)
        .outerjoin(held, held.id == membership)
        .outerjoin(then_unit, then_unit.id == held.unit_id)
        .outerjoin(now_unit, now_unit.id == Individual.unit_id)
        .outerjoin(subject_unit, subject_unit.id == AwardRecord.unit_id)
        .outerjoin(subject_parent, subject_parent.id == subject_unit.parent_id)
        .outerjoin(Household, Household.id == AwardRecord.household_id)
        .outerjoin(Nomination, Nomination.id == AwardRecord.nomination_id)
        .outerjoin(Achievement, Achievement.id == Nomination.achievement_id)
        .where(
            AwardRecord.decision_id == decision_id,
            AwardRecord.deleted_at.is_(None),
            AwardRecord.status == AwardStatus.VALID,
        )
        # The order of the decision's list (lists.decision_list), so page n is line n of the list.
        .order_by(*decision_order.print_order(subject_unit))
    )
    decided = f"Quyết định số {decision.number} ngày {_when(on)}"
    texts: list[CertificateText] = []
    for (
        kind,
        name,
        year,
        book,
        position_then,
        unit_then,
        position_now,
        unit_now,
        parent,
        address,
        summary,
        achievement,
    ) in session.execute(stmt):
        if kind is SubjectKind.INDIVIDUAL:
            # The register's history when it has one for that day; the current post otherwise.
            if unit_then is not None:
                where = ", ".join(p for p in (position_then, unit_then) if p)
            else:
                where = ", ".join(p for p in (position_now, unit_now) if p)
        elif kind is SubjectKind.UNIT:
            where = parent or ""
        else:
            where = address or ""
        line = (summary or achievement or "").strip() or f"Đã có thành tích xuất sắc năm {year}"
        texts.append(
            CertificateText(
                name=name,
                unit=where,
                achievement=line,
                decision=decided,
                golden_book=f"Số sổ vàng: {book}" if book else "",
            )
        )
    if not texts:
        raise ValidationError(
            _("Decision {number} grants no award that stands; there is no certificate to print.").format(
                number=decision.number
            )
        )
    return decision, texts


@dataclass(frozen=True)
class CertificatesResult:
    path: Path
    pages: int
    blank: Blank
    offset: Offset


def export_certificates(
    store: Store,
    decision_id: int,
    path: str | os.PathLike[str],
    *,
    blank: Blank = Blank.A4_LANDSCAPE,
    offset: Offset | None = None,
    places: dict[Field, Place] | None = None,
) -> CertificatesResult:
    """Write the certificates of a decision as one PDF (the file appears whole or not at all).

    ``offset`` overrides the office's saved one for this blank size, ``places`` its boxes.
    """
    for field, place in (places or {}).items():
        check_place(blank, field, place)
    target = Path(path)
    check_output(target, database=store.path, force=True)
    with store.read() as session:
        decision, texts = certificate_texts(session, decision_id)
        used = offset if offset is not None else offset_for(session, blank)
        used_places = {**places_for(session, blank), **(places or {})}
        author = decision.issuer or Office.load(session).issuing_agency
        title = f"Giấy chứng nhận khen thưởng – Quyết định số {decision.number}"
    check_offset(used)
    with atomic_output(target) as temporary:
        write_certificates(temporary, texts, blank, used, title=title, author=author, places=used_places)
    return CertificatesResult(target, len(texts), blank, used)


def export_calibration(
    store: Store,
    path: str | os.PathLike[str],
    *,
    blank: Blank = Blank.A4_LANDSCAPE,
    offset: Offset | None = None,
    places: dict[Field, Place] | None = None,
) -> CertificatesResult:
    """Write the calibration page for one blank size with the office's offset and boxes (or
    ``offset`` and ``places``)."""
    for field, place in (places or {}).items():
        check_place(blank, field, place)
    target = Path(path)
    check_output(target, database=store.path, force=True)
    with store.read() as session:
        used = offset if offset is not None else offset_for(session, blank)
        used_places = {**places_for(session, blank), **(places or {})}
        author = Office.load(session).issuing_agency
    check_offset(used)
    with atomic_output(target) as temporary:
        write_calibration(temporary, blank, used, author=author, places=used_places)
    return CertificatesResult(target, 1, blank, used)
