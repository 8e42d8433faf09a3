"""What the statistics forms are made of besides the register: their layout (cited data an office
may correct) and the figures an office enters for the lines the register cannot count.

Both live in the settings table, so backups, transfers and undo carry them like any setting:

* ``statistics.layout``: the office's copy of the layout (JSON, checked by
  ``domain.statistics_layout.parse_layout`` before it is saved); absent, the shipped
  ``resources/statistics/tt_02_2023_bnv.json`` applies.
* ``statistics.figures``: ``{form: {period: {row code: number}}}``, period "2025" or "2025-H1".
  Forms 0604 (the bodies doing emulation work) and 0605 (the people doing it) count what no
  record of the register holds, so the office enters them once a period, as it would on paper.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from emudesk.domain.errors import ValidationError
from emudesk.domain.statistics_layout import Layout, check_form, parse_layout
from emudesk.i18n import _
from emudesk.paths import resources_dir
from emudesk.services.core.store import delete_setting, get_setting, set_setting

LAYOUT_SETTING = "statistics.layout"
FIGURES_SETTING = "statistics.figures"
# Far above any office's count, low enough that a typo of several digits is caught.
_MAX_FIGURE = 10_000_000


def shipped_path() -> Any:
    return resources_dir() / "statistics" / "tt_02_2023_bnv.json"


@cache
def _shipped_text() -> str:
    return shipped_path().read_text(encoding="utf-8")


def shipped_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_shipped_text())
    return data


def layout_data(session: Session) -> tuple[dict[str, Any], bool]:
    """The layout in force as JSON data, and whether it is the office's own copy."""
    stored = get_setting(session, LAYOUT_SETTING)
    if isinstance(stored, dict):
        return stored, True
    return shipped_data(), False


def current_layout(session: Session) -> Layout:
    data, _own = layout_data(session)
    return parse_layout(data)


def save_layout(session: Session, data: Any) -> Layout:
    """Check and keep the office's copy of the layout; raises ValidationError naming what is wrong
    (nothing is written then) and RightsError for a login that may not edit settings."""
    layout = parse_layout(data)
    set_setting(session, LAYOUT_SETTING, _nfc_tree(data))
    return layout


def _nfc_tree(value: Any) -> Any:
    """The JSON data with every string stored NFC (what the forms print is what is kept)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {unicodedata.normalize("NFC", str(k)): _nfc_tree(v) for k, v in value.items()}
    return value


def reset_layout(session: Session) -> None:
    """Back to the shipped layout."""
    delete_setting(session, LAYOUT_SETTING)


def period_key(year: int, half: int | None) -> str:
    return str(year) if half is None else f"{year}-H{half}"


def figures(session: Session, form: str, year: int, half: int | None) -> dict[str, int]:
    """The figures entered for ``form`` in the period, by row code."""
    stored = get_setting(session, FIGURES_SETTING)
    periods = stored.get(form) if isinstance(stored, dict) else None
    values = periods.get(period_key(year, half)) if isinstance(periods, dict) else None
    if not isinstance(values, dict):
        return {}
    return {str(k): v for k, v in values.items() if isinstance(v, int) and not isinstance(v, bool)}


@dataclass(frozen=True)
class EnteredLine:
    code: str
    label: str
    unit: str
    value: int | None


def entered_lines(session: Session, form: str, year: int, half: int | None) -> list[EnteredLine]:
    """The lines of ``form`` the office fills in, with the figures entered for the period."""
    layout = current_layout(session)
    check_form(form)
    values = figures(session, form, year, half)
    return [EnteredLine(r.code, r.label, r.unit, values.get(r.code)) for r in layout.forms[form].entered]


def set_figures(
    session: Session, form: str, year: int, half: int | None, values: Mapping[str, int | None]
) -> list[EnteredLine]:
    """Enter (or clear, with None) figures of ``form`` for the period, by row code.

    Raises:
        ValidationError: an unknown form, a code that is not a line to fill in, a negative or
            absurd number; nothing is written then.
        RightsError: a login that may not edit settings.
    """
    check_form(form)
    if half not in (None, 1, 2):
        raise ValidationError(_("A half-year is 1 or 2."))
    if not values:
        raise ValidationError(_("Give at least one line as CODE=NUMBER."))
    rows = {r.code: r for r in current_layout(session).forms[form].entered}
    for code, value in values.items():
        if code not in rows:
            raise ValidationError(
                _("Line {code} of form {form} is not one the office fills in; those are: {codes}.").format(
                    code=code, form=form, codes=", ".join(rows) or "—"
                )
            )
        if value is not None and not 0 <= value <= _MAX_FIGURE:
            raise ValidationError(
                _("Line {code}: {value} is not a count (0 to {max}).").format(
                    code=code, value=value, max=f"{_MAX_FIGURE:,}".replace(",", ".")
                )
            )
    stored = get_setting(session, FIGURES_SETTING)
    data: dict[str, Any] = json.loads(json.dumps(stored)) if isinstance(stored, dict) else {}
    period = data.setdefault(form, {}).setdefault(period_key(year, half), {})
    for code, value in values.items():
        if value is None:
            period.pop(code, None)
        else:
            period[code] = value
    set_setting(session, FIGURES_SETTING, data)
    return entered_lines(session, form, year, half)
