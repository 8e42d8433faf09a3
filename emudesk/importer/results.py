"""What parsing a sheet produces: typed rows, cell errors, and the header mapping used."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from emudesk.domain.enums import Gender
from emudesk.i18n import _
from emudesk.importer.reader import SheetData


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem, placed as Excel shows it.

    Attributes:
        row: 1-based row number; None for a problem with the whole sheet (a missing column).
        column_letter: "D"; None when the problem is with the row as a whole.
        field: the field key of the column, if any.
    """

    file: str
    sheet: str
    row: int | None
    column_letter: str | None
    field: str | None
    reason: str

    @property
    def cell(self) -> str | None:
        """ "D7", or None for a row or sheet problem."""
        if self.row is None or self.column_letter is None:
            return None
        return f"{self.column_letter}{self.row}"

    def __str__(self) -> str:
        if self.row is None:
            return _("File “{file}”, sheet “{sheet}”: {reason}").format(
                file=self.file, sheet=self.sheet, reason=self.reason
            )
        if self.column_letter is None:
            return _("File “{file}”, sheet “{sheet}”, row {row}: {reason}").format(
                file=self.file, sheet=self.sheet, row=self.row, reason=self.reason
            )
        return _("File “{file}”, sheet “{sheet}”, row {row}, column {column}: {reason}").format(
            file=self.file, sheet=self.sheet, row=self.row, column=self.column_letter, reason=self.reason
        )


@dataclass(slots=True)
class ParsedRow:
    """One data row.

    Attributes:
        values: typed values by field key; a field whose cell is empty or wrong is absent.
        raw: the cell values as read, by field key (for messages and the GUI's preview).
        warnings: worth knowing, never blocking (a cell converted from TCVN3).
    """

    sheet: str
    row_number: int
    values: dict[str, object]
    raw: dict[str, object]
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """A column bound to a field.

    Attributes:
        column: 0-based index; ``letter`` is the same as Excel shows it.
        confidence: 1.0 for a header equal to a known spelling, lower for a partial match;
            1.0 as well when the user chose the column.
        gender: set for the Nam / Nữ halves of a column split by gender.
    """

    field: str
    column: int
    letter: str
    header: str
    confidence: float
    gender: Gender | None = None
    by_user: bool = False


@dataclass(frozen=True, slots=True)
class UnmatchedColumn:
    column: int
    letter: str
    header: str


@dataclass
class HeaderMapping:
    """Where the header is and which column feeds which field.

    Attributes:
        header_row: the first header row (1-based); ``header_rows`` is 1 or 2.
        data_start: the first row read as data.
        missing_required: required field keys no column feeds.
    """

    header_row: int
    header_rows: int
    data_start: int
    columns: list[ColumnMatch]
    unmatched: list[UnmatchedColumn]
    missing_required: list[str]

    @property
    def confidence(self) -> float:
        """The weakest match, 0 when a required field is missing."""
        if self.missing_required:
            return 0.0
        return min((c.confidence for c in self.columns), default=0.0)

    @property
    def needs_review(self) -> bool:
        """True when the GUI should show the mapping to the user before importing."""
        return self.confidence < 0.9

    def columns_of(self, field_key: str) -> list[ColumnMatch]:
        return [c for c in self.columns if c.field == field_key]

    def letter_of(self, field_key: str) -> str | None:
        found = self.columns_of(field_key)
        return found[0].letter if found else None

    def as_override(self) -> dict[str, str | tuple[str, str]]:
        """The mapping in the form :func:`~emudesk.importer.headers.parse_sheet` accepts back:
        a column letter per field, or (male column, female column) for a split field."""
        out: dict[str, str | tuple[str, str]] = {}
        for c in self.columns:
            if c.gender is None:
                out[c.field] = c.letter
        for key in {c.field for c in self.columns if c.gender is not None}:
            halves = {c.gender: c.letter for c in self.columns_of(key)}
            if Gender.MALE in halves and Gender.FEMALE in halves:
                out[key] = (halves[Gender.MALE], halves[Gender.FEMALE])
        return out


@dataclass
class ParsedSheet:
    """One sheet read for one kind of import.

    Attributes:
        errors: problems with the sheet as a whole (a required column missing).
        notes: one-line remarks on the whole sheet ("12 cells were typed in TCVN3…").
        rows: every data row, good or not, in sheet order.
        source: the sheet as read, for the error report.
    """

    file: str
    sheet: str
    kind: str
    mapping: HeaderMapping | None
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    source: SheetData | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(r.ok for r in self.rows)

    @property
    def valid_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.ok]

    def all_errors(self) -> Iterator[CellError]:
        yield from self.errors
        for r in self.rows:
            yield from r.errors

    def all_warnings(self) -> Iterator[CellError]:
        for r in self.rows:
            yield from r.warnings
