"""Reading .ods sheets by streaming content.xml, checking the caps row by row.

calamine (and every Python ODF library: odfpy, ezodf, pyexcel-ods build a whole DOM) expands
each ``number-rows-repeated`` × ``number-columns-repeated`` block into separate cells, and
python-calamine then makes a separate ``str`` of each: a 1 KB file declaring 10,000 rows × 151
strings took 537 MB. Here a repeated cell is one value named ``repeat`` times, and a repeated
row is one list named ``repeat`` times, so a file costs what it really holds. The caps on rows,
columns, cells and text (:class:`~emudesk.importer.safety.Limits`) are applied as each cell and
row is read, before it is stored, with the same messages as the other formats.

What a cell holds follows calamine's reading, which the tests compare against: the cached value
of a formula (never evaluated), numbers as ``float``, dates as ``date``/``datetime``, times of
day as ``time``, strings with their paragraphs joined by newlines, notes (annotations) left out.
Trailing empty rows and cells are dropped and the grid is padded to a rectangle from A1.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from emudesk.i18n import _
from emudesk.importer.grid import CellValue
from emudesk.importer.safety import (
    ImportFileError,
    Limits,
    _attr,
    _damaged,
    _HostileXMLError,
    _int_attr,
    _local,
    _mb,
    _stream,
    _too_many,
    _too_much_text,
    check_cells_in_all,
)


@dataclass(frozen=True)
class OdsSheet:
    name: str
    visible: bool
    rows: list[list[CellValue]]


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?")
_TIME = re.compile(r"PT(\d+)H(\d+)M(\d+)(?:\.(\d+))?S")
# The attributes that give a cell its value, in the order the file writes them: the first wins.
_VALUE_ATTRS = frozenset({"value", "string-value", "date-value", "time-value", "boolean-value"})
_CELLS = frozenset({"table-cell", "covered-table-cell"})


@functools.lru_cache(maxsize=256)
def _local_name(qname: str) -> str:
    # Called for every element and attribute; a file uses a few dozen names.
    return _local(qname)


def _repeat(attrs: dict[str, str], qname: str, local: str) -> int:
    """A repeat count (1 when absent or odd); as LibreOffice writes it, looked up directly."""
    value = attrs.get(qname)
    if value is not None and value.isdigit():
        return max(int(value), 1)
    return _int_attr(attrs, local)


def _micro(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def _date(text: str) -> CellValue:
    """An ODF date-value: a date, a date and time, or (time zone, odd form) the text as written."""
    value = text.strip()
    try:
        if m := _DATE.fullmatch(value):
            return dt.date(*map(int, m.groups()))
        if m := _DATETIME.fullmatch(value):
            year, month, day, hour, minute, second = (int(x) for x in m.groups()[:6])
            return dt.datetime(year, month, day, hour, minute, second, _micro(m.group(7)))
    except ValueError:
        pass
    return text


def _time(text: str) -> CellValue:
    """An ODF time-value (a duration): a time of day when under 24 hours, else the text."""
    m = _TIME.fullmatch(text.strip())
    if m:
        hours, minutes, seconds, fraction = m.groups()
        try:
            return dt.time(int(hours), int(minutes), int(seconds), _micro(fraction))
        except ValueError:
            pass
    return text


def _attr_value(local: str, raw: str) -> CellValue:
    if local == "value":
        if "_" in raw:  # Python reads "1_000"; a spreadsheet writer never writes it
            raise ValueError(raw)
        return float(raw)  # ValueError: the file is damaged
    if local == "date-value":
        return _date(raw)
    if local == "time-value":
        return _time(raw)
    if local == "boolean-value":
        return raw in ("true", "TRUE")
    return raw


def _password_protected(z: zipfile.ZipFile) -> bool:
    try:
        info = z.getinfo("META-INF/manifest.xml")
    except KeyError:
        return False
    # LibreOffice encrypts content.xml itself (not the zip entry) and says so in the manifest.
    return info.file_size < 1 << 20 and b"encryption-data" in z.read(info)


class _Reader:
    """The expat handlers: one pass over content.xml builds every sheet."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.sheets: list[OdsSheet] = []
        self.hidden_styles: set[str] = set()
        self.style = ""
        self.level = 0  # element depth
        self.tables = 0  # tables open (a cell may hold a table)
        self.done = 0  # cells of the sheets already read: a campaign workbook holds them all
        self.file_text = 0
        # The sheet being read
        self.name: str | None = None
        self.visible = True
        self.rows: list[list[CellValue]] = []
        self.empty_row: list[CellValue] = []
        self.pending_rows = 0
        self.width = 0
        self.sheet_text = 0
        # The row being read (its depth; 0 outside a row)
        self.row_level = 0
        self.row_repeat = 1
        self.cells: list[CellValue] = []
        self.pending_cells = 0
        self.row_text = 0
        # The cell being read
        self.cell_level = 0  # its depth; 0 outside a cell
        self.col_repeat = 1
        self.value: CellValue | None = None
        self.parts: list[str] | None = None  # its text, when the value is the element's content
        self.text_bytes = 0
        self.paragraphs = 0
        self.notes = 0  # annotation depth: their text is not the cell's

    # -- checks ----------------------------------------------------------------------------------

    def _check_text(self, cell_bytes: int) -> None:
        """Refuse when the sheet's (or the file's) text would pass the cap with this cell."""
        row = self.row_text + cell_bytes * self.col_repeat
        sheet = self.sheet_text + row * self.row_repeat
        limit = self.limits.max_text_bytes
        if sheet > limit:
            raise _too_much_text(self.path, self.name or "", sheet, self.limits)
        if self.file_text + sheet > limit:
            raise ImportFileError(
                _(
                    "The texts of “{name}” unpack to {size}; "
                    "at most {limit} of text can be imported from one file."
                ).format(name=self.path.name, size=_mb(self.file_text + sheet), limit=_mb(limit)),
                path=self.path,
            )

    def _check_extent(self, width: int) -> None:
        height = len(self.rows) + self.pending_rows + self.row_repeat
        width = max(width, self.width)
        _too_many(self.path, self.name or "", height, width, self.limits, declared=False)
        check_cells_in_all(self.path, self.done, height, width, self.limits)

    # -- handlers --------------------------------------------------------------------------------

    def start(self, qname: str, attrs: dict[str, str]) -> None:
        self.level += 1
        tag = _local_name(qname)
        if self.cell_level:
            if tag == "annotation":
                self.notes += 1
            elif self.parts is not None and not self.notes:
                if tag == "p":
                    self.paragraphs += 1
                    if self.paragraphs > 1:
                        self._add_text("\n")
                elif tag == "s":
                    self._add_text(" " * self._spaces(attrs))
            if tag == "table":
                self.tables += 1
            return
        if tag == "table":
            self.tables += 1
            if self.tables == 1:
                self._start_table(attrs)
        elif self.tables == 1 and self.name is not None:
            # A row inside a row, or a cell outside one, is no part of the grid (calamine refuses
            # the file); counting them would let a nested row add its repeats again.
            if tag == "table-row" and not self.row_level:
                self.row_level = self.level
                self.row_repeat = _repeat(attrs, "table:number-rows-repeated", "number-rows-repeated")
                self.cells = []
                self.pending_cells = self.row_text = 0
            elif tag in _CELLS and self.row_level:
                self._start_cell(attrs)
        elif tag == "style":
            self.style = _attr(attrs, "name") or ""
        elif tag == "table-properties" and self.style and _attr(attrs, "display") == "false":
            self.hidden_styles.add(self.style)

    def _spaces(self, attrs: dict[str, str]) -> int:
        count = _int_attr(attrs, "c")
        # Counted before the spaces are made: text:c="1000000000" is a 1 GB string.
        self._check_text(self.text_bytes + count)
        return count

    def _start_table(self, attrs: dict[str, str]) -> None:
        name = _attr(attrs, "name")
        self.name = name  # calamine leaves a table without a name out, and so do we
        self.visible = (_attr(attrs, "style-name") or "") not in self.hidden_styles
        self.rows, self.empty_row = [], []
        self.pending_rows = self.width = self.sheet_text = 0

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cell_level = self.level
        self.col_repeat = _repeat(attrs, "table:number-columns-repeated", "number-columns-repeated")
        self.value = None
        self.parts = None
        self.text_bytes = self.paragraphs = self.notes = 0
        is_string = False
        for key, raw in attrs.items():
            local = _local_name(key)
            if local in _VALUE_ATTRS:
                self.value = _attr_value(local, raw)
                break
            if local == "value-type" and not is_string:
                is_string = raw == "string"
        if self.value is None and is_string:
            self.parts = []

    def _add_text(self, data: str) -> None:
        assert self.parts is not None
        size = len(data.encode())
        self._check_text(self.text_bytes + size)
        self.text_bytes += size
        self.parts.append(data)

    def chars(self, data: str) -> None:
        if self.parts is not None and not self.notes:
            self._add_text(data)

    def end(self, qname: str) -> None:
        tag = _local_name(qname)
        level = self.level
        self.level -= 1
        if self.cell_level:
            if level == self.cell_level:
                self._end_cell()
            elif tag == "annotation":
                self.notes -= 1
            elif tag == "table":
                self.tables -= 1
            return
        if tag == "table":
            self.tables -= 1
            if self.tables == 0:
                self._end_table()
        elif level == self.row_level:
            self.row_level = 0
            self._end_row()

    def _end_cell(self) -> None:
        self.cell_level = 0
        value: CellValue | None = "".join(self.parts) if self.parts is not None else self.value
        self.parts = None
        if value is None:
            self.pending_cells += self.col_repeat
            return
        end = len(self.cells) + self.pending_cells + self.col_repeat
        if not self.cells or end > self.width:  # the row adds rows, or the cell widens the sheet
            self._check_extent(end)
        if self.text_bytes:
            self._check_text(self.text_bytes)
            self.row_text += self.text_bytes * self.col_repeat
        if self.pending_cells:
            self.cells.extend([""] * self.pending_cells)
            self.pending_cells = 0
        self.cells.extend([value] * self.col_repeat)

    def _end_row(self) -> None:
        if not self.cells:
            self.pending_rows += self.row_repeat
            return
        self._check_extent(len(self.cells))
        if self.pending_rows:
            self.rows.extend([self.empty_row] * self.pending_rows)
            self.pending_rows = 0
        # One list for every repeat: the rows are never changed in place (see legacy.convert_legacy).
        self.rows.extend([self.cells] * self.row_repeat)
        self.width = max(self.width, len(self.cells))
        self.sheet_text += self.row_text * self.row_repeat

    def _end_table(self) -> None:
        if self.name is None:
            return
        padded: set[int] = set()
        for row in self.rows:
            if len(row) < self.width and id(row) not in padded:
                padded.add(id(row))
                row.extend([""] * (self.width - len(row)))
        self.sheets.append(OdsSheet(self.name, self.visible, self.rows))
        self.done += len(self.rows) * self.width
        self.file_text += self.sheet_text
        self.name = None
        self.rows = []


def read_ods(path: Path, limits: Limits) -> list[OdsSheet]:
    """Every named table of ``path``, in order; ImportFileError when the file cannot be read or
    passes a cap."""
    reader = _Reader(path, limits)
    try:
        with zipfile.ZipFile(path) as z:
            if _password_protected(z):
                raise ImportFileError(
                    _("The file “{name}” is password-protected; remove the password and try again.").format(
                        name=path.name
                    ),
                    path=path,
                )
            parser = expat.ParserCreate()
            parser.buffer_text = True
            parser.StartElementHandler = reader.start
            parser.EndElementHandler = reader.end
            parser.CharacterDataHandler = reader.chars
            _stream(z, "content.xml", parser)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError, expat.ExpatError, _HostileXMLError):
        raise _damaged(path) from None
    return reader.sheets
