"""What a printed document says, independent of its format: frozen DTOs filled by services.

A :class:`Document` is one administrative paper in the NĐ 30/2020/NĐ-CP layout:
the header (agencies, số ký hiệu, place and date, document type, trích yếu),
one or more tables whose rows are grouped into headed sections, closing text,
and the signature block. ``xlsx.py`` and ``pdf.py`` render the same Document.

Every string is NFC-normalised and stripped of characters XML cannot carry on
the way in, so renderers never see decomposed Vietnamese (which draws badly
in PDF) or bytes that would corrupt an .xlsx.

The Vietnamese wording built here ("Số:", "ngày … tháng … năm …", "Kèm theo")
is fixed legal document text, not UI, so it is not translated.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias, TypeVar

CellValue: TypeAlias = str | int | float | Decimal | date | None
Row: TypeAlias = tuple[CellValue, ...]
T = TypeVar("T")

# The NĐ 30 quốc hiệu and tiêu ngữ: legal wording, identical on every document.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"

# Widths are in characters of 12 pt Times New Roman (≈ Excel width units);
# about 90 of them fit between the NĐ 30 margins of a portrait A4 page.
PORTRAIT_MAX_WIDTH = 90.0

# XML 1.0 forbids these control characters; openpyxl would refuse them and a
# PDF would show boxes. Tab and newline are kept.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


class ColumnKind(StrEnum):
    """How a column's values are typed in Excel and formatted in PDF."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"
    PERCENT = "percent"  # values are fractions: 0.6667 prints as 66,67 %
    DATE = "date"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"
    AUTO = "auto"  # landscape when the widest table does not fit a portrait page


_DEFAULT_ALIGN = {
    ColumnKind.TEXT: Align.LEFT,
    ColumnKind.INT: Align.CENTER,
    ColumnKind.NUMBER: Align.RIGHT,
    ColumnKind.PERCENT: Align.RIGHT,
    ColumnKind.DATE: Align.CENTER,
}


def clean_text(value: str) -> str:
    """NFC, CRLF -> LF, no XML-illegal characters; inner spacing is kept."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value


def clean_line(value: str) -> str:
    """:func:`clean_text` for one-line labels: runs of spaces collapsed, ends stripped."""
    return _SPACES.sub(" ", clean_text(value)).strip()


def _lines(values: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    return tuple(line for line in (clean_line(v) for v in values) if line)


def clean_value(value: object) -> CellValue:
    """Check and normalise one cell value; raises TypeError/ValueError for a programming error."""
    if value is None or (isinstance(value, int | Decimal | date) and not isinstance(value, bool)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            # Excel has no time zones; the wall-clock time is what the office means.
            return value.replace(tzinfo=None)
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cell value {value!r} is not a finite number")
        return value
    raise TypeError(f"unsupported cell value {value!r} ({type(value).__name__})")


def _clean_rows(rows: Iterable[Sequence[object]]) -> tuple[Row, ...]:
    """:func:`clean_value` of every cell, each distinct string cleaned once.

    A list repeats its units, award forms and summaries row after row, and a
    10,000-row list has 100,000 cells: this is most of the cost of building one.
    """
    memo: dict[str, str] = {}
    out: list[Row] = []
    for row in rows:
        cells: list[CellValue] = []
        for value in row:
            kind = type(value)
            if kind is str:
                text = memo.get(value)  # type: ignore[call-overload]
                if text is None:
                    if len(memo) > 50_000:
                        memo.clear()
                    text = memo[value] = clean_text(value)  # type: ignore[index, arg-type]
                cells.append(text)
            elif value is None or kind is int or kind is Decimal or kind is date:
                cells.append(value)  # type: ignore[arg-type]
            else:
                cells.append(clean_value(value))
        out.append(tuple(cells))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Column:
    """One table column.

    Attributes:
        key: stable identifier (used by :class:`TotalRow` and by callers mapping DB fields).
        title: the header text, e.g. "Họ và tên".
        width: relative width in characters of 12 pt text (Excel width units);
            the PDF scales all widths to the page.
        kind: typing in Excel, formatting in PDF.
        align: defaults by kind (text left, counts and dates centred, amounts right).
        wrap: wrap long text; a non-wrapping PDF cell shrinks its font to fit instead.
        decimals: decimal places shown for NUMBER and PERCENT columns.
        group: columns next to each other with the same group get a merged
            title above theirs ("Số phiếu" over "Đồng ý" and "Tổng số").
    """

    key: str
    title: str
    width: float = 12.0
    kind: ColumnKind = ColumnKind.TEXT
    align: Align | None = None
    wrap: bool = True
    decimals: int = 0
    group: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_text(self.title).strip())
        object.__setattr__(self, "group", clean_line(self.group))
        if self.width <= 0:
            raise ValueError(f"column {self.key!r}: width must be positive")
        if self.decimals < 0:
            raise ValueError(f"column {self.key!r}: decimals must not be negative")

    @property
    def alignment(self) -> Align:
        return self.align or _DEFAULT_ALIGN[self.kind]


@dataclass(frozen=True, slots=True)
class Section:
    """Rows under an optional heading; sections nest ("I. BẰNG KHEN…" > "1. Tập thể").

    Attributes:
        heading: shown on its own full-width row; empty for an unheaded block.
        rows: cell values in column order.
        sections: sub-sections, rendered after this section's own rows.
    """

    heading: str = ""
    rows: tuple[Row, ...] = ()
    sections: tuple[Section, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "heading", clean_line(self.heading))
        object.__setattr__(self, "rows", _clean_rows(self.rows))
        object.__setattr__(self, "sections", tuple(self.sections))

    def row_count(self) -> int:
        return len(self.rows) + sum(s.row_count() for s in self.sections)


@dataclass(frozen=True, slots=True)
class TotalRow:
    """A bold line under the table body ("Tổng cộng").

    Attributes:
        label: spans the leading columns up to the first one holding a value.
        values: by column key.
    """

    label: str
    values: Mapping[str, CellValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", clean_line(self.label))
        object.__setattr__(self, "values", {k: clean_value(v) for k, v in self.values.items()})


@dataclass(frozen=True, slots=True)
class Table:
    """Columns, sectioned rows and totals.

    Attributes:
        columns: at least one.
        sections: the body; use :meth:`from_rows` for a list without headings.
        title: bold line above the table ("1. Số lượng khen thưởng theo hình thức").
        totals: bold rows after the body.
        sheet_name: Excel sheet name; defaults to the title (cleaned to Excel's rules).
    """

    columns: tuple[Column, ...]
    sections: tuple[Section, ...] = ()
    title: str = ""
    totals: tuple[TotalRow, ...] = ()
    sheet_name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "totals", tuple(self.totals))
        object.__setattr__(self, "title", clean_line(self.title))
        object.__setattr__(self, "sheet_name", clean_line(self.sheet_name))
        if not self.columns:
            raise ValueError("a table needs at least one column")
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate column keys in {keys}")
        width = len(self.columns)
        for _depth, section in self.blocks():
            for row in section.rows:
                if len(row) != width:
                    raise ValueError(
                        f"row {row!r} in section {section.heading!r} has {len(row)} cells, expected {width}"
                    )
        for total in self.totals:
            unknown = set(total.values) - set(keys)
            if unknown:
                raise ValueError(f"total {total.label!r} names unknown columns {sorted(unknown)}")
            if total.label and keys[0] in total.values:
                raise ValueError(f"total {total.label!r}: the label needs the first column free")

    @classmethod
    def from_rows(
        cls, columns: Sequence[Column], rows: Iterable[Sequence[object]], **kwargs: object
    ) -> Table:
        """A table with one unheaded section."""
        section = Section(rows=tuple(tuple(r) for r in rows))  # type: ignore[arg-type]
        return cls(columns=tuple(columns), sections=(section,), **kwargs)  # type: ignore[arg-type]

    def blocks(self) -> Iterator[tuple[int, Section]]:
        """``(depth, section)`` for every section depth-first, in print order."""
        stack = [(0, s) for s in reversed(self.sections)]
        while stack:
            depth, section = stack.pop()
            yield depth, section
            stack.extend((depth + 1, s) for s in reversed(section.sections))

    def row_count(self) -> int:
        return sum(s.row_count() for s in self.sections)

    @property
    def total_width(self) -> float:
        return sum(c.width for c in self.columns)

    def groups(self) -> list[tuple[int, int, str]]:
        """``(first, last, title)`` column index spans of adjacent columns sharing a group."""
        spans: list[tuple[int, int, str]] = []
        for i, column in enumerate(self.columns):
            if not column.group:
                continue
            if spans and spans[-1][2] == column.group and spans[-1][1] == i - 1:
                spans[-1] = (spans[-1][0], i, column.group)
            else:
                spans.append((i, i, column.group))
        return spans

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)


def row_from_mapping(columns: Sequence[Column], values: Mapping[str, object]) -> Row:
    """Order a ``{column key: value}`` mapping as a row; missing keys become empty cells."""
    return tuple(clean_value(values.get(c.key)) for c in columns)


@dataclass(frozen=True, slots=True)
class Header:
    """The NĐ 30 header of page 1 plus the document type, trích yếu and reference line.

    Attributes:
        issuing_agency: "SỞ NỘI VỤ" (printed upper case, bold, with a short rule under it).
        parent_agency: "UBND TỈNH THÁI BÌNH" (optional line above it).
        number: the document number; None leaves it blank to fill in by hand
            ("Số:    /DS-SNV"); numbers below 10 get a leading zero.
        code: ký hiệu, e.g. "DS-SNV"; with neither number nor code there is no "Số" line.
        place: địa danh for the dateline ("Thái Bình").
        date: None prints a dateline with blanks to fill in by hand.
        doc_type: "DANH SÁCH", "BÁO CÁO", "BIÊN BẢN"…
        summary: trích yếu lines (bold, centred).
        reference: "(Kèm theo Quyết định số … ngày … của …)"; see :func:`reference_line`.
    """

    issuing_agency: str
    parent_agency: str = ""
    number: int | str | None = None
    code: str = ""
    place: str = ""
    date: date | None = None
    doc_type: str = "DANH SÁCH"
    summary: tuple[str, ...] = ()
    reference: str = ""

    def __post_init__(self) -> None:
        for name in ("issuing_agency", "parent_agency", "code", "place", "doc_type", "reference"):
            object.__setattr__(self, name, clean_line(getattr(self, name)))
        if isinstance(self.number, str):
            object.__setattr__(self, "number", clean_line(self.number) or None)
        object.__setattr__(self, "summary", _lines(self.summary))

    @property
    def number_line(self) -> str:
        if self.number is None and not self.code:
            return ""
        return document_number(self.number, self.code)

    @property
    def dateline(self) -> str:
        return dateline(self.place, self.date) if self.place or self.date else ""


@dataclass(frozen=True, slots=True)
class Signature:
    """One signer: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / space to sign / "Nguyễn Văn A".

    Attributes:
        position: chức vụ, printed upper case and bold.
        name: full name, without academic titles (NĐ 30).
        authority: quyền hạn prefix line ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"); optional.
    """

    position: str
    name: str = ""
    authority: str = ""

    def __post_init__(self) -> None:
        for name in ("position", "name", "authority"):
            object.__setattr__(self, name, clean_line(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class Metadata:
    """PDF document information and Excel workbook properties."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("title", "author", "subject"):
            object.__setattr__(self, name, clean_line(getattr(self, name)))
        object.__setattr__(self, "keywords", _lines(self.keywords))


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart: the same data drawn in the window (QPainter) and in a PDF (reportlab.graphics).

    Attributes:
        categories: the bars' labels (years, forms, units…), in print order.
        series: (name, one value per category); several series are drawn side by side.
        horizontal: bars from the left (long labels such as forms and units), else from the bottom.
        unit: what the values count ("lượt", "%"), printed with the axis.
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    horizontal: bool = False
    unit: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_line(self.title))
        object.__setattr__(self, "categories", tuple(clean_line(c) for c in self.categories))
        series = tuple((clean_line(name), tuple(float(v) for v in values)) for name, values in self.series)
        if any(len(values) != len(self.categories) for _name, values in series):
            raise ValueError("every series needs one value per category")
        object.__setattr__(self, "series", series)

    @property
    def empty(self) -> bool:
        return not self.categories or not any(v for _name, values in self.series for v in values)

    @property
    def peak(self) -> float:
        return max((v for _name, values in self.series for v in values), default=0.0)


@dataclass(frozen=True, slots=True)
class Document:
    """A complete paper, ready to render.

    Attributes:
        header: agencies, number, dateline, document type, trích yếu, reference.
        tables: at least one; in Excel each gets its own sheet.
        intro: paragraphs before the first table (minutes and reports).
        closing: summary paragraphs after the last table ("Tổng số: 12 tập thể, 40 cá nhân.").
        footnotes: small italic notes under the closing text.
        signatures: the last one is printed on the right; a second one on the left.
        recipients: "Nơi nhận:" lines (bottom left); "- " is added where missing.
        orientation: AUTO picks landscape for tables wider than a portrait page.
        font_size: table text in points (12–13 usual; 11 for very wide lists).
        charts: bar charts drawn after the tables in a PDF (a workbook leaves them out).
        metadata: title/author/subject; blanks default to the document type and trích yếu, the
            issuing agency, and the reference line or trích yếu.
    """

    header: Header
    tables: tuple[Table, ...]
    intro: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()
    signatures: tuple[Signature, ...] = ()
    recipients: tuple[str, ...] = ()
    orientation: Orientation = Orientation.AUTO
    font_size: float = 12.0
    metadata: Metadata = field(default_factory=Metadata)
    charts: tuple[Chart, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", tuple(self.tables))
        if not self.tables:
            raise ValueError("a document needs at least one table")
        object.__setattr__(self, "signatures", tuple(self.signatures))
        for name in ("intro", "closing", "footnotes"):
            object.__setattr__(self, name, _lines(getattr(self, name)))
        recipients = tuple(r if r.startswith("-") else f"- {r}" for r in _lines(self.recipients))
        object.__setattr__(self, "recipients", recipients)
        if not 6 <= self.font_size <= 16:
            raise ValueError("font_size must be between 6 and 16 points")
        # Every PDF and workbook says what it is, who issued it and what about (File ▸ Properties).
        meta = self.metadata
        title = meta.title or " ".join((self.header.doc_type, *self.header.summary)).strip()
        author = meta.author or self.header.issuing_agency
        subject = meta.subject or self.header.reference or " ".join(self.header.summary) or title
        if (title, author, subject) != (meta.title, meta.author, meta.subject):
            object.__setattr__(
                self,
                "metadata",
                Metadata(title=title, author=author, subject=subject, keywords=meta.keywords),
            )

    @property
    def landscape(self) -> bool:
        if self.orientation is Orientation.AUTO:
            return max(t.total_width for t in self.tables) > PORTRAIT_MAX_WIDTH
        return self.orientation is Orientation.LANDSCAPE

    def row_count(self) -> int:
        return sum(t.row_count() for t in self.tables)


# --- NĐ 30 wording -------------------------------------------------------------------------------


def document_number(number: int | str | None, code: str) -> str:
    """ "Số: 05/DS-SNV"; a missing number leaves room to write it by hand ("Số:    /DS-SNV")."""
    if number is None:
        text = "    "
    elif isinstance(number, int):
        text = f"{number:02d}"
    else:
        text = number
    return f"Số: {text}/{code}" if code else f"Số: {text}"


def long_date(value: date | None) -> str:
    """ "ngày 05 tháng 01 năm 2026": days below 10 and months 1–2 zero-padded (NĐ 30)."""
    if value is None:
        return "ngày     tháng     năm     "
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def dateline(place: str, value: date | None) -> str:
    """ "Thái Bình, ngày 05 tháng 01 năm 2026"."""
    place = clean_line(place)
    return f"{place}, {long_date(value)}" if place else long_date(value).capitalize()


def reference_line(kind: str, number: str, issued: date | None, issuer: str) -> str:
    """ "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh)"."""
    parts = [f"Kèm theo {clean_line(kind)} số {clean_line(number) or '    '}", long_date(issued)]
    if clean_line(issuer):
        parts.append(f"của {clean_line(issuer)}")
    return "(" + " ".join(parts) + ")"


# --- cell text, shared by the PDF and any text rendering ------------------------------------------


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ".".join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def format_number(value: float | int | Decimal, decimals: int = 0) -> str:
    """Vietnamese style: "." groups thousands, "," marks decimals: 1.234.567,50."""
    text = f"{value:.{decimals}f}"
    sign = "-" if text.startswith("-") else ""
    whole, _sep, fraction = text.lstrip("-").partition(".")
    out = sign + _group_thousands(whole)
    return f"{out},{fraction}" if fraction else out


def display_text(value: CellValue, column: Column) -> str:
    """How a value reads on paper in ``column``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    kind = column.kind
    if kind is ColumnKind.PERCENT:
        return format_number(value * 100, column.decimals) + " %"
    if kind is ColumnKind.NUMBER:
        return format_number(value, column.decimals)
    if isinstance(value, int):
        return str(value)
    if kind is ColumnKind.INT:
        return format_number(value, 0)
    return format_number(value, column.decimals) if column.decimals else f"{value:g}".replace(".", ",")


def pair_blocks(blocks: Sequence[T]) -> list[tuple[T | None, T]]:
    """Lay out signature-area blocks two per row; a lone last block goes on the right.

    ``[recipients, signer]`` -> one row; ``[signer]`` -> right only; ``[secretary, chair]`` -> one row.
    """
    pairs: list[tuple[T | None, T]] = []
    i = 0
    while i < len(blocks):
        if i + 1 < len(blocks):
            pairs.append((blocks[i], blocks[i + 1]))
            i += 2
        else:
            pairs.append((None, blocks[i]))
            i += 1
    return pairs
