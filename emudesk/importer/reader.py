"""Reading .xlsx, .xls and .ods sheets into plain Python grids with python-calamine.

calamine returns what the file stores: a formula's cached value (formulas are
never evaluated; one saved without a value, as xlwt and some generators write
them, reads as empty), error cells as empty, dates as ``date``/``datetime``
where the cell is formatted as a date, numbers as ``float`` or ``int``. The grid
keeps absolute positions: ``rows[0]`` is Excel row 1 and ``rows[r][0]`` column A,
so messages can name the cell exactly as Excel shows it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import python_calamine as pc

from emudesk.domain.legacy_text import Legacy
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.importer.grid import CellValue
from emudesk.importer.ods import OdsSheet, read_ods
from emudesk.importer.safety import (
    DEFAULT_LIMITS,
    FileFormat,
    ImportFileError,
    Limits,
    check_cells_in_all,
    check_file,
    check_loaded_extent,
    check_sheet_extent,
    check_workbook,
)

# Sheets our own templates add next to the data; never picked automatically.
INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "DanhMuc"
_SKIPPED_SHEETS = {fold(INSTRUCTIONS_SHEET), fold(LISTS_SHEET)}


@dataclass(frozen=True, slots=True)
class CellConversion:
    """A cell read in a legacy encoding: ``original`` as the file holds it, ``text`` as Unicode."""

    row: int  # 1-based, as Excel shows it
    column: int  # 0-based
    encoding: Legacy
    original: str
    text: str
    # Vietnamese as written too ("Vò" is TCVN3 for "Vũ"), converted because its column is.
    by_column: bool = False


@dataclass
class SheetData:
    """One sheet as read.

    Attributes:
        file: the file's name, for messages.
        rows: the cell values; ``rows[i][j]`` is row ``i + 1``, column ``j`` (0 = A).
        merged: merged ranges as 0-based inclusive (first row, first col, last row, last col);
            calamine reports them for .xlsx and .xls only.
        converted: cells read in TCVN3, VNI or VIQR, already converted in ``rows``
            (:func:`emudesk.importer.legacy.convert_legacy`).
        undecided: cells that may be legacy-encoded but cannot be decided; left as they are.
    """

    file: str
    name: str
    rows: list[list[CellValue]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    format: FileFormat = FileFormat.XLSX
    converted: tuple[CellConversion, ...] = ()
    undecided: tuple[CellConversion, ...] = ()
    legacy_checked: bool = False

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row_number: int, column: int) -> CellValue:
        """The cell at a 1-based row number and 0-based column, ``""`` outside the data."""
        if 1 <= row_number <= len(self.rows):
            row = self.rows[row_number - 1]
            if 0 <= column < len(row):
                return row[column]
        return ""

    def is_empty(self) -> bool:
        return not any(v != "" for row in self.rows for v in row)


def _cannot_read(path: Path, exc: BaseException) -> ImportFileError:
    if isinstance(exc, pc.PasswordError):
        return ImportFileError(
            _("The file “{name}” is password-protected; remove the password and try again.").format(
                name=path.name
            ),
            path=path,
        )
    return ImportFileError(
        _("The file “{name}” is damaged or is not a spreadsheet.").format(name=path.name),
        path=path,
        details=(str(exc)[:200],) if str(exc) else (),
    )


def _reraise_fatal(exc: BaseException) -> None:
    # pyo3 reports a Rust panic as PanicException, a BaseException: catch it like an error,
    # but never swallow an interrupt.
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


@dataclass
class Workbook:
    """An open spreadsheet file; use as a context manager or call :meth:`close`."""

    path: Path
    format: FileFormat
    limits: Limits
    _book: pc.CalamineWorkbook | None
    _meta: list[pc.SheetMetadata] = field(default_factory=list)
    # A CSV file's single sheet, read whole when the file is opened.
    _text: SheetData | None = None
    # An .ods file's sheets, read (and capped) together when the file is opened.
    _ods: list[OdsSheet] | None = None
    # Cells of each sheet loaded so far: a campaign workbook holds several parts at once.
    _held: dict[str, int] = field(default_factory=dict)

    @property
    def sheet_names(self) -> list[str]:
        """Every worksheet, in workbook order (chart and macro sheets left out)."""
        if self._text is not None:
            return [self._text.name]
        if self._ods is not None:
            return [s.name for s in self._ods]
        return [m.name for m in self._meta if m.typ == pc.SheetTypeEnum.WorkSheet]

    @property
    def visible_sheet_names(self) -> list[str]:
        if self._text is not None:
            return [self._text.name]
        if self._ods is not None:
            return [s.name for s in self._ods if s.visible]
        return [
            m.name
            for m in self._meta
            if m.typ == pc.SheetTypeEnum.WorkSheet and m.visible == pc.SheetVisibleEnum.Visible
        ]

    def find_sheet(self, name: str) -> str | None:
        """The sheet called ``name``, compared exactly first, then ignoring case, accents and spaces."""
        names = self.sheet_names
        if name in names:
            return name
        wanted = fold(name)
        return next((n for n in names if fold(n) == wanted), None)

    def sheet(self, name: str | None = None) -> SheetData:
        """The sheet called ``name``, or the first visible non-empty one (templates' help and list
        sheets are skipped)."""
        if name is not None:
            found = self.find_sheet(name)
            if found is None:
                raise ImportFileError(
                    _("The file “{file}” has no sheet named “{sheet}”. Its sheets are: {sheets}.").format(
                        file=self.path.name, sheet=name, sheets=", ".join(self.sheet_names)
                    ),
                    path=self.path,
                )
            return self._load(found)
        for candidate in self.visible_sheet_names:
            if fold(candidate) in _SKIPPED_SHEETS:
                continue
            data = self._load(candidate)
            if not data.is_empty():
                return data
        raise ImportFileError(
            _("The file “{file}” has no sheet with data.").format(file=self.path.name), path=self.path
        )

    def sheets(self) -> Iterator[SheetData]:
        """Every worksheet in order, hidden ones included."""
        for name in self.sheet_names:
            yield self._load(name)

    def _load(self, name: str) -> SheetData:
        if self._text is not None:
            return self._text
        if self._ods is not None:
            ods = next(s for s in self._ods if s.name == name)
            return SheetData(file=self.path.name, name=name, rows=ods.rows, format=self.format)
        assert self._book is not None
        check_sheet_extent(self.path, self.format, name, self.limits)
        try:
            sheet = self._book.get_sheet_by_name(name)
            check_loaded_extent(self.path, name, sheet.end, self.limits)
            height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
            others = sum(n for held, n in self._held.items() if held != name)
            check_cells_in_all(self.path, others, height, width, self.limits)
            self._held[name] = height * width
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except ImportFileError:
            raise
        except BaseException as exc:
            _reraise_fatal(exc)
            raise _cannot_read(self.path, exc) from None
        return SheetData(
            file=self.path.name,
            name=name,
            rows=rows,
            merged=tuple((a[0], a[1], b[0], b[1]) for a, b in merged),
            format=self.format,
        )

    def close(self) -> None:
        if self._book is not None:
            with contextlib.suppress(pc.CalamineError):
                self._book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_workbook(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Workbook:
    """Check the file (see :mod:`emudesk.importer.safety`) and open it; ImportFileError if it cannot be."""
    path = Path(path)
    fmt = check_file(path, limits)
    if fmt is FileFormat.CSV:
        from emudesk.importer.csvfile import read_csv

        return Workbook(path=path, format=fmt, limits=limits, _book=None, _text=read_csv(path, limits))
    if fmt is FileFormat.ODS:
        return Workbook(path=path, format=fmt, limits=limits, _book=None, _ods=read_ods(path, limits))
    check_workbook(path, fmt, limits)
    try:
        if path.suffix.lower().lstrip(".") == fmt.value:
            book = pc.CalamineWorkbook.from_path(str(path))
        else:
            # calamine picks its reader by the extension, and a renamed file (.xlsx saved as
            # .xls) is common; from a file object it goes by the content (a little slower).
            with path.open("rb") as fh:
                book = pc.CalamineWorkbook.from_filelike(fh)
        meta = list(book.sheets_metadata)
    except BaseException as exc:
        _reraise_fatal(exc)
        raise _cannot_read(path, exc) from None
    return Workbook(path=path, format=fmt, limits=limits, _book=book, _meta=meta)


def read_sheet(path: str | Path, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> SheetData:
    """One sheet of a file: by name, or the first visible non-empty one."""
    with open_workbook(path, limits) as book:
        return book.sheet(sheet)
