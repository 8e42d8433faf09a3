"""Per-column filters of the lazy lists, run in SQL: the text typed under a column header narrows its list.

A list's filter carries ``columns``: (column key, text typed) pairs. Each list names, for the keys it
understands, how a text becomes a WHERE condition; keys it does not know are ignored (a filter saved
by an older version of the window). Every condition is a plain WHERE clause (subqueries rather than
joins), so the list's own sort joins stay as they are.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select

from emudesk.db.search import folded_contains
from emudesk.domain.plan_values import parse_partial_date
from emudesk.domain.text import fold, search_text

ColumnFilters = tuple[tuple[str, str], ...]
Condition = Callable[[str], ColumnElement[bool]]


def _term(text: str) -> str:
    return fold(search_text(text))


def text_has(*columns: Any) -> Condition:
    """Some of ``columns`` contains the text, diacritics and case ignored."""
    return lambda text: or_(*(folded_contains(c, _term(text)) for c in columns))


def label_has(column: Any, members: Iterable[enum.Enum]) -> Condition:
    """A coded column whose shown label (``member.label``) contains the text: "nữ" finds FEMALE."""
    choices = list(members)

    def condition(text: str) -> ColumnElement[bool]:
        term = _term(text)
        matching = [m for m in choices if term in fold(str(getattr(m, "label", m.value)))]
        return column.in_(matching) if matching else false()

    return condition


def number_is(column: Any) -> Condition:
    """A number column equal to the number typed ("2024"); anything else matches nothing."""

    def condition(text: str) -> ColumnElement[bool]:
        digits = text.strip().lstrip("#")
        return column == int(digits) if digits.isdigit() else false()

    return condition


# "01/2025 - 03/2025", "2024–2025", "01/01/2025..31/03/2025", "từ 01/2025 đến 03/2025"; a bare
# hyphen is not a separator, since it is inside "2025-01-15".
_SPAN_SEPARATOR = re.compile(r"\s+-\s+|\s*[–—]\s*|\s*\.\.\s*|\s+đến\s+", re.IGNORECASE)


def date_span(text: str) -> tuple[date, date] | None:
    """The first and last day a typed date means: "2025" the year, "12/2025" the month, "Quý I/2025"
    the quarter, "05/12/2025" the day, or "A - B" from A's first day to B's last; None if not a date."""
    cleaned = re.sub(r"^\s*từ\s+", "", text.strip(), flags=re.IGNORECASE)
    parts = _SPAN_SEPARATOR.split(cleaned, maxsplit=1)
    try:
        first = parse_partial_date(parts[0])
        last = parse_partial_date(parts[-1]) if len(parts) == 2 else first
    except ValueError:
        return None
    return (first.first_day, last.value) if first.first_day <= last.value else None


def date_in(column: Any, *, moment: bool = False) -> Condition:
    """A date column within the days typed (see ``date_span``); anything else matches nothing.

    ``moment``: the column holds UTC timestamps (the audit log), compared over the local days typed.
    """

    def condition(text: str) -> ColumnElement[bool]:
        span = date_span(text)
        if span is None:
            return false()
        first, last = span
        if not moment:
            return and_(column >= first, column <= last)
        return and_(column >= utc_bound(first), column <= utc_bound(last, end=True))

    return condition


def utc_bound(day: date, *, end: bool = False) -> datetime:
    """The first (or last) moment of a local day, as the naive UTC the timestamps are stored in."""
    local = datetime.combine(day, time.max if end else time.min).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def refers_to(key: Any, target_id: Any, *columns: Any) -> Condition:
    """A reference (``key``) to a row of another table whose ``columns`` contain the text."""

    def condition(text: str) -> ColumnElement[bool]:
        matching = select(target_id).where(text_has(*columns)(text)).correlate(None)
        return key.in_(matching)

    return condition


def shown_name(short: Any, name: Any) -> ColumnElement[Any]:
    """What a list shows for a unit: its short name, or its name when it has none."""
    return func.coalesce(func.nullif(short, ""), name)


def apply(stmt: Select[Any], wanted: ColumnFilters, conditions: Mapping[str, Condition]) -> Select[Any]:
    """``stmt`` narrowed by every column filter typed that this list knows."""
    for key, text in wanted:
        condition = conditions.get(key)
        if condition is not None and text.strip():
            stmt = stmt.where(condition(text))
    return stmt
