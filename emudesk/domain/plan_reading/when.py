"""Dates as plans write them, with their precision: "ngày 15 tháng 3 năm 2024", "15/3/2024",
"tháng 01 năm 2024", "Quý I năm 2024", "năm 2025", "trước ngày 01/12 hằng năm"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class PartialDate:
    """A day, a month, a quarter or a year, as written."""

    year: int | None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    recurring: bool = False  # "hằng năm": the same day every year
    before: bool = False  # "trước ngày 01/12": the deadline is the day before

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        return "year"

    def last_day(self, default_year: int | None = None) -> date | None:
        """The date a deadline falls on: the end of the month, quarter or year it names."""
        year = self.year or default_year
        if year is None:
            return None
        if self.day is not None and self.month is not None:
            try:
                d = date(year, self.month, self.day)
            except ValueError:
                return None
            return d - timedelta(days=1) if self.before else d
        if self.month is not None:
            return date(year, self.month, calendar.monthrange(year, self.month)[1])
        if self.quarter is not None:
            month = self.quarter * 3
            return date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 12, 31)

    def iso(self) -> str:
        """ "2024", "2024-03", "2024-Q1", "2024-03-15" (with "--" for a recurring day: "--12-01")."""
        y = f"{self.year:04d}" if self.year else "-"
        if self.day is not None and self.month is not None:
            return f"{y}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{y}-{self.month:02d}"
        if self.quarter is not None:
            return f"{y}-Q{self.quarter}"
        return y


# All on folded text (no diacritics, lower case).
_YEARLY = r"(?:hang|hàng) nam"
TIME = re.compile(
    r"(?P<before>truoc|cham nhat|han chot)?\s*(?:ngay\s+)?"
    r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?(?P<yearly1>\s+" + _YEARLY + r")?"
    r"|ngay\s+(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?:\s+nam\s+(?P<y2>\d{4}))?"
    r"|thang\s+(?P<m3>\d{1,2})(?:\s*(?:nam\s+|/)(?P<y3>\d{4}))"
    r"|quy\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*(?:nam\s+|/)(?P<y4>\d{4}))?"
    r"|nam\s+(?P<y5>\d{4})"
    r"|(?P<yearly2>" + _YEARLY + r"))"
)


def parse_time(match: re.Match[str]) -> PartialDate | None:
    g = match.groupdict()
    before = bool(g["before"])
    if g["d"]:
        day, month = int(g["d"]), int(g["m"])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        year = int(g["y"]) if g["y"] else None
        return PartialDate(year, month, day, recurring=bool(g["yearly1"]), before=before)
    if g["d2"]:
        return PartialDate(int(g["y2"]) if g["y2"] else None, int(g["m2"]), int(g["d2"]), before=before)
    if g["m3"]:
        month = int(g["m3"])
        return PartialDate(int(g["y3"]), month) if 1 <= month <= 12 else None
    if g["q"]:
        return PartialDate(int(g["y4"]) if g["y4"] else None, quarter=_QUARTERS[g["q"]])
    if g["y5"]:
        return PartialDate(int(g["y5"]))
    if g["yearly2"]:
        return PartialDate(None, recurring=True)
    return None


def year_span(folded: str) -> tuple[int, int] | None:
    """The years a period runs over: "giai đoạn 2021-2025", "từ năm 2024 đến năm 2030", "năm 2023"."""
    m = re.search(
        r"(?:giai doan|tu nam|nam)\s+((?:19|20)\d\d)\s*(?:-|–|den(?: nam)?)\s*((?:19|20)\d\d)", folded
    )
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"\bnam\s+((?:19|20)\d\d)\b", folded)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None
