"""Values a plan (kế hoạch) writes loosely: dates with their precision and targets with ranges.

A plan dates things to the day ("ngày 12 tháng 7 năm 2022"), the month ("tháng 01 năm 2024"),
the quarter ("Quý I năm 2024", "Quý I/2024") or the year ("năm 2025"). A ``PartialDate`` keeps
the precision, stands for the LAST day of its period (a deadline "Quý I/2024" is 31/03/2024,
which is how existing milestones were stored) and prints back in the plan's words.

A target is a value or a range ("3–3,5 %", "14,5–15,0 tiêu chí/xã") with an optional multiplier
("580 nghìn m³") and a comparison ("trên", "không dưới", "≥", "đạt"); the unit is free text.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, month, quarter or year; ``value`` is the period's last day."""

    value: date
    precision: DatePrecision = DatePrecision.DAY

    @classmethod
    def of(
        cls, year: int, month: int | None = None, quarter: int | None = None, day: int | None = None
    ) -> PartialDate:
        if day is not None and month is not None:
            return cls(date(year, month, day), DatePrecision.DAY)
        if month is not None:
            return cls(_last_day(year, month), DatePrecision.MONTH)
        if quarter is not None:
            if not 1 <= quarter <= 4:
                raise ValueError(f"quarter {quarter}")
            return cls(_last_day(year, quarter * 3), DatePrecision.QUARTER)
        return cls(date(year, 12, 31), DatePrecision.YEAR)

    @property
    def first_day(self) -> date:
        v = self.value
        if self.precision is DatePrecision.DAY:
            return v
        if self.precision is DatePrecision.MONTH:
            return v.replace(day=1)
        if self.precision is DatePrecision.QUARTER:
            return date(v.year, v.month - 2, 1)
        return date(v.year, 1, 1)

    @property
    def quarter(self) -> int:
        return (self.value.month - 1) // 3 + 1

    def iso(self) -> str:
        """The JSON/workbook form: "2024-01-15", "2024-01", "2024-Q1", "2024"."""
        v = self.value
        if self.precision is DatePrecision.DAY:
            return v.isoformat()
        if self.precision is DatePrecision.MONTH:
            return f"{v.year:04d}-{v.month:02d}"
        if self.precision is DatePrecision.QUARTER:
            return f"{v.year:04d}-Q{self.quarter}"
        return f"{v.year:04d}"

    def vietnamese(self) -> str:
        """As a plan prints it: "ngày 15 tháng 01 năm 2024", "tháng 01 năm 2024", "Quý I năm 2024"."""
        v = self.value
        if self.precision is DatePrecision.DAY:
            return f"ngày {v.day:02d} tháng {v.month:02d} năm {v.year}"
        if self.precision is DatePrecision.MONTH:
            return f"tháng {v.month:02d} năm {v.year}"
        if self.precision is DatePrecision.QUARTER:
            return f"Quý {_ROMAN_OF[self.quarter]} năm {v.year}"
        return f"năm {v.year}"

    def short(self) -> str:
        """Compact: "15/01/2024", "01/2024", "Quý I/2024", "2024"."""
        v = self.value
        if self.precision is DatePrecision.DAY:
            return f"{v.day:02d}/{v.month:02d}/{v.year}"
        if self.precision is DatePrecision.MONTH:
            return f"{v.month:02d}/{v.year}"
        if self.precision is DatePrecision.QUARTER:
            return f"Quý {_ROMAN_OF[self.quarter]}/{v.year}"
        return str(v.year)

    def __str__(self) -> str:
        return self.short()


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()


_YEAR = r"(\d{4})"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_YEAR}-(\d{{1,2}})-(\d{{1,2}})$"), "ymd"),
    (re.compile(rf"^{_YEAR}-(\d{{1,2}})$"), "ym"),
    (re.compile(rf"^{_YEAR}-q([1-4])$"), "yq"),
    (re.compile(rf"^(?:năm )?{_YEAR}$"), "y"),
    (re.compile(rf"^(?:ngày )?(\d{{1,2}})[/.-](\d{{1,2}})[/.-]{_YEAR}$"), "dmy"),
    (re.compile(rf"^(?:ngày )?(\d{{1,2}}) tháng (\d{{1,2}}) năm {_YEAR}$"), "dmy"),
    (re.compile(rf"^(?:tháng )?(\d{{1,2}})[/.-]{_YEAR}$"), "my"),
    (re.compile(rf"^tháng (\d{{1,2}}) năm {_YEAR}$"), "my"),
    (re.compile(rf"^quý (i{{1,3}}|iv|[1-4])(?: năm |/| ){_YEAR}$"), "qy"),
]


def parse_partial_date(text: str) -> PartialDate:
    """Read "2024-01-15", "15/01/2024", "ngày 15 tháng 01 năm 2024", "tháng 01 năm 2024",
    "01/2024", "2024-01", "Quý I năm 2024", "Quý I/2024", "2024-Q1", "năm 2025", "2025".

    Raises ValueError on anything else (the caller words the message).
    """
    cleaned = _clean(text)
    for pattern, order in _PATTERNS:
        m = pattern.match(cleaned)
        if not m:
            continue
        g = m.groups()
        if order == "ymd":
            return PartialDate.of(int(g[0]), month=int(g[1]), day=int(g[2]))
        if order == "dmy":
            return PartialDate.of(int(g[2]), month=int(g[1]), day=int(g[0]))
        if order == "ym":
            return PartialDate.of(int(g[0]), month=_month(g[1]))
        if order == "my":
            return PartialDate.of(int(g[1]), month=_month(g[0]))
        if order == "yq":
            return PartialDate.of(int(g[0]), quarter=int(g[1]))
        if order == "qy":
            q = g[0].upper()
            return PartialDate.of(int(g[1]), quarter=_ROMAN[q] if q in _ROMAN else int(q))
        return PartialDate.of(int(g[0]))
    raise ValueError(f"not a date: {text!r}")


def _month(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return month


# --- Targets ---------------------------------------------------------------------------------

MULTIPLIERS: dict[str, Decimal] = {
    "nghìn": Decimal(1_000),
    "ngàn": Decimal(1_000),
    "triệu": Decimal(1_000_000),
    "tỷ": Decimal(1_000_000_000),
    "tỉ": Decimal(1_000_000_000),
}

# Longest first so "không dưới" wins over "dưới". Stored comparators are the symbols.
COMPARISON_WORDS: list[tuple[str, str]] = [
    ("không dưới", ">="),
    ("không thấp hơn", ">="),
    ("không quá", "<="),
    ("không vượt quá", "<="),
    ("tối thiểu", ">="),
    ("ít nhất", ">="),
    ("trở lên", ">="),
    ("tối đa", "<="),
    ("trên", ">"),
    ("hơn", ">"),
    ("dưới", "<"),
    ("bằng", "="),
    ("đạt", ">="),
    ("≥", ">="),
    (">=", ">="),
    ("≤", "<="),
    ("<=", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
]
COMPARATORS = {">=", ">", "<=", "<", "="}
# A bare figure in a plan is a floor ("580 nghìn m³" is met by more), so ">=" prints without a word.
_COMPARATOR_WORD = {">=": "", ">": "trên", "<=": "không quá", "<": "dưới", "=": "bằng"}

_NUMBER = r"\d+(?:[.,]\d+)*"
_TARGET = re.compile(
    rf"^(?P<low>{_NUMBER})(?:\s*[-–—]\s*|\s+đến\s+)?(?P<high>{_NUMBER})?"
    rf"\s*(?P<mult>nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?P<unit>.*)$"
)


def parse_number(text: str) -> Decimal:
    """A Vietnamese-written number: "3,5" = 3.5; "1.500" = 1500; "14,5" = 14.5; "2.5" = 2.5."""
    t = text.strip()
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t):
        t = t.replace(".", "")
    try:
        return Decimal(t)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


def format_number(value: Decimal) -> str:
    """3.5 → "3,5"; 15.0 stays "15,0" (as written); 1500 → "1.500"."""
    sign = value.is_signed()
    whole, _sep, frac = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = grouped + ("," + frac if frac else "")
    return ("-" if sign else "") + text


@dataclass(frozen=True)
class TargetAmount:
    """A target's figure: ``low`` alone, or the range ``low``–``high``, in ``multiplier`` units."""

    low: Decimal | None
    high: Decimal | None = None
    multiplier: str = ""
    comparator: str = ">="
    unit: str = ""

    @property
    def scale(self) -> Decimal:
        return MULTIPLIERS.get(self.multiplier, Decimal(1))

    @property
    def minimum(self) -> Decimal | None:
        """The least value meeting the target, multiplier applied (580 nghìn → 580000)."""
        return None if self.low is None else self.low * self.scale

    def text(self) -> str:
        """ "trên 20 % số xã", "3–3,5 %", "580 nghìn m³"."""
        if self.low is None:
            return self.unit
        figure = format_number(self.low)
        if self.high is not None:
            figure += "–" + format_number(self.high)
        parts = []
        if self.high is None and _COMPARATOR_WORD.get(self.comparator):
            parts.append(_COMPARATOR_WORD[self.comparator])
        parts.append(figure)
        if self.multiplier:
            parts.append(self.multiplier)
        if self.unit:
            parts.append(self.unit)
        return " ".join(parts)


def parse_target(text: str) -> TargetAmount:
    """Read "trên 20 % số xã", "3–3,5 %", "14,5–15,0 tiêu chí/xã", "580 nghìn m³", "≥ 90 %",
    "đạt 100 %", "1,5 lần trở lên". Raises ValueError when no figure is found."""
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    comparator = ">="
    lowered = t.lower()
    for word, symbol in COMPARISON_WORDS:
        if lowered.startswith(word):
            comparator = symbol
            t = t[len(word) :].strip()
            break
    t = re.sub(r"\s*trở lên$", "", t, flags=re.IGNORECASE)
    m = _TARGET.match(t)
    if not m:
        raise ValueError(f"no figure in target: {text!r}")
    low = parse_number(m["low"])
    high = parse_number(m["high"]) if m["high"] else None
    if high is not None:
        if high < low:
            raise ValueError(f"range upside down: {text!r}")
        comparator = ">="
    return TargetAmount(low, high, m["mult"] or "", comparator, m["unit"].strip())
