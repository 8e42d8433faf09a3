"""Dates, periods and times as Vietnamese offices write them (dd/mm/yyyy, local time)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def day(value: date | None) -> str:
    """dd/mm/yyyy, the only date format Vietnamese offices use."""
    return value.strftime("%d/%m/%Y") if value else ""


def validity(start: date | None, end: date | None) -> str:
    """A unit's period of existence, "01/01/2010 – 30/06/2025" (open ends shown as "…")."""
    if not start and not end:
        return ""
    return f"{day(start) or '…'} – {day(end) or '…'}"


def local_time(at: datetime) -> str:
    """A stored UTC timestamp in the PC's local time."""
    return at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M:%S")
