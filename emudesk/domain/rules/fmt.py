"""How numbers, years and dates read in reasons and minutes (Vietnamese conventions)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from emudesk.i18n import _, current_language


def two(n: int) -> str:
    """Legal texts write small counts with two digits: "03 năm", "02 lần"."""
    return f"{n:02d}"


def years(values: Iterable[int]) -> str:
    listed = sorted(set(values))
    return ", ".join(str(y) for y in listed) if listed else _("none")


def percent(value: Decimal | Fraction | float) -> str:
    """ "70%", "84,2%": at most one decimal, a decimal comma in Vietnamese."""
    number = Decimal(str(float(value))).quantize(Decimal("0.1"))
    text = f"{number.normalize():f}" if number != number.to_integral_value() else str(int(number))
    if current_language() == "vi":
        text = text.replace(".", ",")
    return f"{text}%"


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def period(start: date, end: date | None) -> str:
    return f"{day(start)}–{day(end)}" if end else _("from {start}").format(start=day(start))
