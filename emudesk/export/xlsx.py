"""Document -> .xlsx with openpyxl in write-only (streaming) mode.

Layout of each sheet: the NĐ 30 header (first sheet only), the document type
and trích yếu, the table title, the column header (frozen, repeated on every
printed page), the sectioned body, totals, and on the last sheet the closing
text and signature block. One sheet per :class:`~emudesk.export.document.Table`,
then a "Biểu đồ" sheet with the document's charts as native bar charts over their numbers.

Speed: openpyxl's ``append`` guesses each value's type and creates a cell for
it; a styled cell goes through a raised-and-caught ValueError. We instead
reuse one pre-styled cell per column (and a quote-prefixed twin), set its
value and type directly and stream it, which writes a fully styled list a
little faster than raw write-only ``append`` writes bare values. The price is
two private openpyxl names (``WriteOnlyWorksheet._values_to_row`` and
``Workbook._add_sheet``); openpyxl is pinned below 3.2 and the tests read
every file back.

Safety: every string is written as an inline string (data type "s"), never a
formula, and strings starting with = + - @ tab or CR also get ``quotePrefix``
so Excel keeps them text after a user edits the cell.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from emudesk.export import fonts as metrics
from emudesk.export._progress import EVERY, Progress, Ticker
from emudesk.export.document import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    RECIPIENTS_LABEL,
    Chart,
    Column,
    ColumnKind,
    Document,
    Table,
    TotalRow,
    pair_blocks,
)

FONT_NAME = "Times New Roman"
_INJECTION_START = frozenset("=+-@\t\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]+")
_TYPE_CODE: dict[type, str] = {str: "s", int: "n", float: "n", Decimal: "n", date: "d", datetime: "d"}
_THIN = Side(style="thin")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INCH_PER_MM = 1 / 25.4
_SIGNING_SPACE_ROWS = 4
_MAX_CELL_TEXT = 32_767  # Excel refuses to open a file with a longer cell

_Spec = tuple["str | CellRichText", Font, str]  # text, font, horizontal alignment


def sheet_title(name: str, used: set[str], fallback: str) -> str:
    """A valid, unique Excel sheet name: ≤31 characters, none of []:*?/\\, no edge apostrophes."""
    cleaned = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'")
    base = cleaned[:31].rstrip(" '") or fallback
    title, n = base, 1
    while title.casefold() in used:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip(" '") + suffix
    used.add(title.casefold())
    return title


def _number_format(column: Column) -> str:
    kind = column.kind
    if kind is ColumnKind.DATE:
        return "dd/mm/yyyy"
    if kind is ColumnKind.INT:
        return "0"
    decimals = "." + "0" * column.decimals if column.decimals else ""
    if kind is ColumnKind.NUMBER:
        return "#,##0" + decimals
    if kind is ColumnKind.PERCENT:
        return "0" + decimals + "%"
    return "General"


def _capacity(units: float) -> float:
    """Points of text that fit in ``units`` of column width.

    A width unit is the digit width of the workbook's default font, Times New
    Roman 12 pt (8 px at 96 dpi), and a column loses 5 px to padding.
    """
    return max((units * 8 - 5) * 0.75 - 2, 4.0) * 0.97


def _line_height(size: float) -> float:
    return size * 1.3


def _lines_for(text: str, font: Font, units: float) -> int:
    """Lines a wrapped text needs in ``units`` of width, measured with Times-compatible metrics."""
    name = (metrics.REGULAR, metrics.BOLD, metrics.ITALIC, metrics.BOLD_ITALIC)[
        bool(font.b) + 2 * bool(font.i)
    ]
    return metrics.count_lines(text, name, font.sz or 12, _capacity(units))


def _height(lines: int, font: Font) -> float:
    return round(lines * _line_height(font.sz or 12) + 3, 2)


class _StreamingSheet(WriteOnlyWorksheet):
    """Write-only sheet fed with ready cells: skips openpyxl's per-value type guessing."""

    def _values_to_row(self, values: list[Cell], row_idx: int) -> Iterator[Cell]:
        for cell in values:
            cell.row = row_idx
            yield cell


class _Sheet:
    """One worksheet being written, top to bottom.

    Rows before the column header are buffered so the freeze pane (which
    openpyxl writes before the first row) can point below the header.
    """

    def __init__(self, wb: Workbook, title: str, table: Table, document: Document) -> None:
        self.ws = _StreamingSheet(wb, title)
        wb._add_sheet(self.ws)
        self.n = len(table.columns)
        self.widths = [max(c.width, 3.0) for c in table.columns]
        self.row = 0
        self.merges: list[CellRange] = []
        self._buffer: list[tuple[list[Cell], float | None]] | None = []
        self._setup_page(document)

    # --- page set-up ------------------------------------------------------------------------------

    def _setup_page(self, document: Document) -> None:
        ws = self.ws
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        # Single-line rows take the default height, which must fit the body font.
        ws.sheet_format.defaultRowHeight = _height(1, Font(size=document.font_size))
        ws.sheet_format.customHeight = True
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if document.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        # NĐ 30 margins: top/bottom 20 mm, left 30 mm, right 15 mm.
        ws.page_margins = PageMargins(
            left=30 * _INCH_PER_MM,
            right=15 * _INCH_PER_MM,
            top=20 * _INCH_PER_MM,
            bottom=20 * _INCH_PER_MM,
            header=8 * _INCH_PER_MM,
            footer=8 * _INCH_PER_MM,
        )
        # NĐ 30: page numbers in Arabic numerals, centred in the top margin, none on page 1.
        ws.HeaderFooter.differentFirst = True
        number = ws.oddHeader.center
        number.text = "&P"
        number.font = f"{FONT_NAME},Regular"
        number.size = 13

    # --- writing rows -----------------------------------------------------------------------------

    def write_row(self, cells: list[Cell], height: float | None = None) -> None:
        self.row += 1
        if self._buffer is not None:
            self._buffer.append((cells, height))
            return
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(cells)

    def start_streaming(self, freeze_row: int | None) -> None:
        """Flush the buffered rows; rows written from now on go straight to disk."""
        if freeze_row is not None:
            self.ws.freeze_panes = f"A{freeze_row}"
        buffered, self._buffer = self._buffer or [], None
        for row, (cells, height) in enumerate(buffered, start=1):
            if height is not None:
                self.ws.row_dimensions[row].height = height
            self.ws.append(cells)

    def cell(
        self,
        col: int,
        value: object,
        font: Font,
        align: Alignment,
        border: Border | None = None,
        number_format: str | None = None,
    ) -> Cell:
        cell = WriteOnlyCell(self.ws)
        cell.column = col + 1
        cell.font = font
        cell.alignment = align
        if border is not None:
            cell.border = border
        if number_format:
            cell.number_format = number_format
        _store(cell, value)
        return cell

    def units(self, start: int, end: int) -> float:
        return sum(self.widths[start : end + 1])

    def blank(self, height: float | None = None) -> None:
        self.write_row([], height)

    def text_row(
        self, text: str | CellRichText, font: Font, horizontal: str = "center", *, bordered: bool = False
    ) -> None:
        """One text across the whole width (merged), with a height that fits it."""
        end = self.n - 1
        align = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        border = _GRID if bordered else None
        cells = [self.cell(0, text, font, align, border)]
        # A merged range shows its border only where its member cells have one.
        cells += [self.cell(c, None, font, align, border) for c in range(1, end + 1) if bordered]
        self.merge(0, end)
        # Spreadsheets never auto-fit merged cells, so every such row gets its height.
        self.write_row(cells, _height(_lines_for(str(text), font, self.units(0, end)), font))

    def blocks_row(self, split: int, left: _Spec | None, right: _Spec | None) -> None:
        """A row with a left block (columns before ``split``) and a right block (the rest).

        A one-column sheet has no room for two blocks: they are stacked instead.
        """
        if self.n < 2:
            for spec in (left, right):
                if spec is not None:
                    self.text_row(spec[0], spec[1])
            return
        cells: list[Cell] = []
        height = 0.0
        for spec, start, end in ((left, 0, split - 1), (right, split, self.n - 1)):
            if spec is None or start > end:
                continue
            text, font, horizontal = spec
            align = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            cells.append(self.cell(start, text, font, align))
            self.merge(start, end)
            height = max(height, _height(_lines_for(str(text), font, self.units(start, end)), font))
        self.write_row(cells, height or None)

    def merge(self, start: int, end: int, rows: int = 1) -> None:
        if end > start or rows > 1:
            self.merges.append(
                CellRange(min_col=start + 1, min_row=self.row + 1, max_col=end + 1, max_row=self.row + rows)
            )

    def finish(self) -> None:
        if self._buffer is not None:
            self.start_streaming(None)
        self.ws.merged_cells = MultiCellRange(self.merges)
        self.ws.print_area = f"A1:{get_column_letter(self.n)}{max(self.row, 1)}"


def _store(cell: Cell, value: object) -> None:
    """Set a value with our own typing: strings are never formulas."""
    if value is None:
        cell._value = None
        cell.data_type = "n"
        return
    if isinstance(value, str):
        if value[:1] in _INJECTION_START:
            cell.quotePrefix = True
        cell._value = value
        cell.data_type = "s"
        return
    cell.value = value


class _Fonts:
    """The handful of fonts a document uses, sized from the document's table font."""

    def __init__(self, body: float) -> None:
        self.body = Font(name=FONT_NAME, size=body)
        self.body_bold = Font(name=FONT_NAME, size=body, bold=True)
        self.body_bold_italic = Font(name=FONT_NAME, size=body, bold=True, italic=True)
        self.agency = Font(name=FONT_NAME, size=13)
        self.agency_bold = Font(name=FONT_NAME, size=13, bold=True)
        self.national = Font(name=FONT_NAME, size=13, bold=True)
        self.motto = Font(name=FONT_NAME, size=14, bold=True, underline="single")
        self.number = Font(name=FONT_NAME, size=13)
        self.dateline = Font(name=FONT_NAME, size=14, italic=True)
        self.doc_type = Font(name=FONT_NAME, size=14, bold=True)
        self.reference = Font(name=FONT_NAME, size=14, italic=True)
        self.paragraph = Font(name=FONT_NAME, size=13)
        self.footnote = Font(name=FONT_NAME, size=11, italic=True)
        self.signer = Font(name=FONT_NAME, size=13, bold=True)
        self.recipients_label = Font(name=FONT_NAME, size=12, bold=True, italic=True)
        self.recipients = Font(name=FONT_NAME, size=11)


def _split_column(table: Table) -> int:
    """Where the left header block (agencies) ends: about 40 % of the width, at a column edge."""
    if len(table.columns) < 2:
        return 1
    target = table.total_width * 0.4
    acc = 0.0
    for i, column in enumerate(table.columns):
        acc += column.width
        if acc >= target:
            return min(max(i + 1, 1), len(table.columns) - 1)
    return len(table.columns) - 1


def _middle_underlined(text: str, font: Font, units: float) -> str | CellRichText:
    """The agency name with its middle third underlined: a spreadsheet cell cannot draw the
    separate short rule of NĐ 30, and this reads the same. Left plain if it wraps."""
    if _lines_for(text, font, units) > 1 or len(text) < 3:
        return text
    third = len(text) // 3
    plain = InlineFont(rFont=FONT_NAME, sz=font.sz, b=font.b)
    ruled = InlineFont(rFont=FONT_NAME, sz=font.sz, b=font.b, u="single")
    parts = [
        (text[:third], plain),
        (text[third : len(text) - third], ruled),
        (text[len(text) - third :], plain),
    ]
    return CellRichText([TextBlock(f, t) for t, f in parts if t])


# Share of a merged block's measured width a letterhead line may fill. Excel and LibreOffice lay
# text out a little wider than our metrics (font substitution, hinting, padding); a line that
# nearly fills its block would wrap there, at a place nobody chose ("… TỈNH HƯNG" / "YÊN").
_LETTERHEAD_SLACK = 0.85


def _font_name(font: Font) -> str:
    return (metrics.REGULAR, metrics.BOLD, metrics.ITALIC, metrics.BOLD_ITALIC)[
        bool(font.b) + 2 * bool(font.i)
    ]


def _letterhead_lines(text: str, font: Font, units: float) -> str:
    """An agency name broken where we choose, with room to spare: explicit line breaks."""
    width = _capacity(units) * _LETTERHEAD_SLACK
    return "\n".join(metrics.wrap(text, _font_name(font), font.sz or 12, width))


def _one_line(text: str, font: Font, units: float) -> Font:
    """The font, made smaller if needed (not below 10 pt) so ``text`` keeps to one line."""
    width = _capacity(units) * _LETTERHEAD_SLACK
    size = float(font.sz or 12)
    needed = metrics.text_width(text, _font_name(font), size)
    if needed <= width:
        return font
    smaller = max(round(size * width / needed * 2) / 2 - 0.5, 10.0)
    return Font(name=font.name, size=smaller, bold=font.b, italic=font.i, underline=font.u)


def _write_header(sheet: _Sheet, document: Document, table: Table, fonts: _Fonts) -> None:
    header = document.header
    split = _split_column(table)
    left_units, right_units = sheet.units(0, split - 1), sheet.units(split, sheet.n - 1)
    left: list[_Spec] = []
    if header.parent_agency:
        text = header.parent_agency.upper()
        left.append((_letterhead_lines(text, fonts.agency, left_units), fonts.agency, "center"))
    if header.issuing_agency:
        text = header.issuing_agency.upper()
        left.append((_letterhead_lines(text, fonts.agency_bold, left_units), fonts.agency_bold, "center"))
    rule_under = len(left) - 1  # NĐ 30: a short rule under the issuing agency
    # The quốc hiệu and tiêu ngữ are never broken: a narrow sheet sets them smaller instead.
    national = _one_line(NATIONAL_TITLE, fonts.national, right_units)
    motto = _one_line(NATIONAL_MOTTO, fonts.motto, right_units)
    right = [(NATIONAL_TITLE, national, "center"), (NATIONAL_MOTTO, motto, "center")]
    for i in range(max(len(left), len(right))):
        spec = left[i] if i < len(left) else None
        if spec and i == rule_under and header.issuing_agency:
            spec = (_middle_underlined(str(spec[0]), spec[1], left_units), *spec[1:])
        sheet.blocks_row(split, spec, right[i] if i < len(right) else None)
    if header.number_line or header.dateline:
        sheet.blank(6)
        number = (header.number_line, fonts.number, "center") if header.number_line else None
        when = (
            (header.dateline, _one_line(header.dateline, fonts.dateline, right_units), "center")
            if header.dateline
            else None
        )
        sheet.blocks_row(split, number, when)
    sheet.blank()
    if header.doc_type:
        sheet.text_row(header.doc_type.upper(), fonts.doc_type)
    for line in header.summary:
        sheet.text_row(line, fonts.doc_type)
    if header.reference:
        sheet.text_row(header.reference, fonts.reference)
    sheet.blank()


def _write_column_header(sheet: _Sheet, table: Table, fonts: _Fonts) -> tuple[int, int]:
    """The column titles, with a group row above when columns are grouped; returns its rows."""
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    font = fonts.body_bold
    first = sheet.row + 1
    title_height = _height(max(_lines_for(c.title, font, c.width) for c in table.columns), font)
    if not table.has_groups:
        cells = [sheet.cell(i, c.title, font, align, _GRID) for i, c in enumerate(table.columns)]
        sheet.write_row(cells, title_height)
        return first, first
    groups = table.groups()
    top: list[Cell] = []
    for i, column in enumerate(table.columns):
        group = next((g for g in groups if g[0] <= i <= g[1]), None)
        if group is None:
            top.append(sheet.cell(i, column.title, font, align, _GRID))
            sheet.merge(i, i, rows=2)
        elif group[0] == i:
            top.append(sheet.cell(i, group[2], font, align, _GRID))
            sheet.merge(group[0], group[1])
        else:
            top.append(sheet.cell(i, None, font, align, _GRID))
    group_lines = max(_lines_for(g[2], font, sheet.units(g[0], g[1])) for g in groups)
    sheet.write_row(top, _height(group_lines, font))
    bottom = [
        sheet.cell(i, None if not c.group else c.title, font, align, _GRID)
        for i, c in enumerate(table.columns)
    ]
    sub_lines = max(_lines_for(c.title, font, c.width) for c in table.columns if c.group)
    sheet.write_row(bottom, _height(sub_lines, font))
    return first, first + 1


def _write_body(sheet: _Sheet, table: Table, fonts: _Fonts, ticker: Ticker, done: int) -> int:
    """Stream the sections; returns the running count of data rows written."""
    columns = table.columns
    plain: list[Cell] = []
    quoted: list[Cell] = []
    for i, column in enumerate(columns):
        align = Alignment(horizontal=column.alignment.value, vertical="center", wrap_text=column.wrap)
        fmt = _number_format(column)
        plain.append(sheet.cell(i, None, fonts.body, align, _GRID, fmt))
        twin = sheet.cell(i, None, fonts.body, align, _GRID, fmt)
        twin.quotePrefix = True
        quoted.append(twin)
    indices = range(len(columns))
    # Row heights: neither Excel nor LibreOffice grows a row for wrapped text on
    # opening a file, so measure the wrapping columns ourselves.
    size = fonts.body.sz or 12
    measured: list[tuple[int, float, dict[str, int]]] = [
        (i, _capacity(c.width), {}) for i, c in enumerate(columns) if c.wrap
    ]
    count_lines = metrics.count_lines
    regular = metrics.REGULAR
    line_height = _line_height(size)
    dims = sheet.ws.row_dimensions
    type_code = _TYPE_CODE
    injection = _INJECTION_START
    append = sheet.ws.append
    heading_fonts = (fonts.body_bold, fonts.body_bold, fonts.body_bold_italic)
    for depth, section in table.blocks():
        if section.heading:
            sheet.text_row(section.heading, heading_fonts[min(depth, 2)], "left", bordered=True)
        # Hot loop: one reused, pre-styled cell per column; see the module docstring.
        row_cells: list[Cell] = list(plain)
        for values in section.rows:
            lines = 1
            for i, capacity, known in measured:
                value = values[i]
                if type(value) is str and value:
                    n = known.get(value)  # units, positions, award forms repeat row after row
                    if n is None:
                        if len(known) > 4096:
                            known.clear()
                        n = known[value] = count_lines(value, regular, size, capacity)
                    if n > lines:
                        lines = n
            for i in indices:
                value = values[i]
                if value is None:
                    cell = plain[i]
                    cell.data_type = "n"
                else:
                    code = type_code.get(type(value)) or ("d" if isinstance(value, date) else "n")
                    if code == "s":
                        cell = quoted[i] if value[:1] in injection else plain[i]  # type: ignore[index]
                        if len(value) > _MAX_CELL_TEXT:  # type: ignore[arg-type]
                            value = value[: _MAX_CELL_TEXT - 1] + "…"  # type: ignore[index]
                    else:
                        cell = plain[i]
                    cell.data_type = code
                cell._value = value
                row_cells[i] = cell
            sheet.row += 1
            if lines > 1:
                # openpyxl's row writer only reads the attributes; a plain dict is
                # much cheaper than a RowDimension and is dropped right after.
                dict.__setitem__(
                    dims, sheet.row, {"ht": f"{lines * line_height + 3:.2f}", "customHeight": "1"}
                )
                append(row_cells)
                dict.__delitem__(dims, sheet.row)
            else:
                append(row_cells)
            done += 1
            if done % EVERY == 0:
                ticker.at(done)
    for total in table.totals:
        _write_total(sheet, table, total, fonts)
    return done


def _write_total(sheet: _Sheet, table: Table, total: TotalRow, fonts: _Fonts) -> None:
    values = total.values
    first_value = next((i for i, c in enumerate(table.columns) if c.key in values), len(table.columns))
    cells: list[Cell] = []
    label_end = max(first_value - 1, 0)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, column in enumerate(table.columns):
        if i == 0:
            cells.append(sheet.cell(0, total.label or None, fonts.body_bold, center, _GRID))
        elif i <= label_end:
            cells.append(sheet.cell(i, None, fonts.body_bold, center, _GRID))
        else:
            align = Alignment(horizontal=column.alignment.value, vertical="center", wrap_text=column.wrap)
            value = values.get(column.key)
            cells.append(sheet.cell(i, value, fonts.body_bold, align, _GRID, _number_format(column)))
    sheet.merge(0, label_end)
    sheet.write_row(cells)


def _write_paragraphs(sheet: _Sheet, lines: tuple[str, ...], font: Font) -> None:
    for line in lines:
        sheet.text_row(line, font, "justify")


def _write_signatures(sheet: _Sheet, document: Document, table: Table, fonts: _Fonts) -> None:
    blocks: list[list[_Spec]] = []
    if document.recipients:
        recipients = [(RECIPIENTS_LABEL, fonts.recipients_label, "left")]
        recipients += [(line, fonts.recipients, "left") for line in document.recipients]
        blocks.append(recipients)
    for signature in document.signatures:
        lines = [(signature.authority.upper(), fonts.signer, "center")] if signature.authority else []
        lines.append((signature.position.upper(), fonts.signer, "center"))
        lines += [("", fonts.signer, "center")] * _SIGNING_SPACE_ROWS
        lines.append((signature.name, fonts.signer, "center"))
        blocks.append(lines)
    if not blocks:
        return
    sheet.blank()
    pairs = pair_blocks(blocks)
    split = _split_column(table)
    for left, right in pairs:
        for i in range(max(len(left or ()), len(right))):
            lspec = left[i] if left and i < len(left) and left[i][0] else None
            rspec = right[i] if i < len(right) and right[i][0] else None
            sheet.blocks_row(split, lspec, rspec)
        sheet.blank()


def write_xlsx(
    document: Document,
    target: str | Path | IO[bytes],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Write ``document`` as an .xlsx workbook to a path or binary file object.

    Raises:
        ExportCancelledError: ``cancel`` was set; nothing usable was written.
        OSError: from the file system (the caller maps it to StorageError).
    """
    ticker = Ticker(document.row_count(), progress, cancel)
    ticker.at(0)
    wb = Workbook(write_only=True)
    # The default font (font 0: the Normal style and unstyled cells) sets the
    # width unit of every column; Calibri is absent where LibreOffice runs and
    # its substitute is wider, so make it Times New Roman like the rest.
    wb._fonts = IndexedList([Font(name=FONT_NAME, size=12, family=1)])
    props = wb.properties
    props.title = document.metadata.title or None
    props.subject = document.metadata.subject or None
    props.creator = document.metadata.author or "emudesk"
    # Marks the file as emudesk's until a spreadsheet program saves it (services/core/outputs.py).
    props.lastModifiedBy = "emudesk"
    props.keywords = ", ".join(document.metadata.keywords) or None
    props.language = "vi-VN"
    fonts = _Fonts(document.font_size)
    used: set[str] = set()
    done = 0
    sheets: list[_Sheet] = []
    try:
        last = len(document.tables) - 1
        for index, table in enumerate(document.tables):
            fallback = (
                f"Bảng {index + 1}" if len(document.tables) > 1 else document.header.doc_type.capitalize()
            )
            title = sheet_title(table.sheet_name or table.title, used, fallback or "Bảng")
            sheet = _Sheet(wb, title, table, document)
            sheets.append(sheet)
            # Each sheet prints on its own: every one carries the letterhead (a reviewer reads a
            # sheet of the summary alone); the opening text stays on the first.
            _write_header(sheet, document, table, fonts)
            if index == 0:
                _write_paragraphs(sheet, document.intro, fonts.paragraph)
            if table.title:
                sheet.text_row(table.title, fonts.body_bold, "left")
            first, last_header = _write_column_header(sheet, table, fonts)
            sheet.ws.print_title_rows = f"{first}:{last_header}"
            sheet.start_streaming(last_header + 1)
            done = _write_body(sheet, table, fonts, ticker, done)
            if index == last:
                sheet.blank()
                _write_paragraphs(sheet, document.closing, fonts.paragraph)
                for note in document.footnotes:
                    sheet.text_row(note, fonts.footnote, "left")
                _write_signatures(sheet, document, table, fonts)
            sheet.finish()
        charts = tuple(c for c in document.charts if not c.empty)
        if charts:
            sheet = _write_charts(wb, document, charts, fonts, sheet_title(CHART_SHEET, used, CHART_SHEET))
            sheets.append(sheet)
        ticker.at(done)
        wb.save(target)
    except BaseException:
        _discard(sheets)
        raise


CHART_SHEET = "Biểu đồ"
_CHART_ROW_CM = 0.53  # a default 15-point row, in the centimetres openpyxl sizes charts in
_CHART_WIDTH_CM = 18.0
_CHART_COLUMNS, _CHART_COLUMN = 9, 10.5  # Times New Roman 12 width units: about 2 cm a column


def _write_charts(
    wb: Workbook, document: Document, charts: tuple[Chart, ...], fonts: _Fonts, title: str
) -> _Sheet:
    """A sheet of the document's charts, each a native bar chart beside the cells it plots.

    The cells are the chart's own numbers (the same :class:`Chart` the PDF draws), so a reader
    can check them and Excel/LibreOffice redraw the chart when they are edited.
    """
    width = max(len(c.series) for c in charts)
    values = (Column(f"s{i}", "", 12.0, ColumnKind.INT) for i in range(width))
    # The charts' own columns belong to the sheet: the letterhead spans them and they print.
    room = (Column(f"chart{i}", "", _CHART_COLUMN) for i in range(_CHART_COLUMNS))
    columns = (Column("category", "", 34.0), *values, Column("gap", "", 2.0), *room)
    table = Table(columns=columns, sheet_name=title)
    sheet = _Sheet(wb, title, table, document)
    _write_header(sheet, document, table, fonts)
    sheet.start_streaming(None)
    # Labels stay on one line (cut at the cell's edge): rows keep the height the chart's room is counted in.
    left = Alignment(horizontal="left", vertical="center")
    right = Alignment(horizontal="right", vertical="center")
    for chart in charts:
        sheet.text_row(chart.title + (f" ({chart.unit})" if chart.unit else ""), fonts.body_bold, "left")
        head = sheet.row + 1
        cells = [sheet.cell(0, "", fonts.body_bold, left, _GRID)]
        cells += [
            sheet.cell(i, name, fonts.body_bold, right, _GRID) for i, (name, _v) in enumerate(chart.series, 1)
        ]
        sheet.write_row(cells)
        for n, category in enumerate(chart.categories):
            row = [sheet.cell(0, category, fonts.body, left, _GRID)]
            numbers = [_number(values[n]) for _name, values in chart.series]
            row += [
                sheet.cell(i, v, fonts.body, right, _GRID, "#,##0" if isinstance(v, int) else "#,##0.0#")
                for i, v in enumerate(numbers, 1)
            ]
            sheet.write_row(row)
        last = sheet.row
        bars = BarChart()
        bars.type = "bar" if chart.horizontal else "col"
        bars.title = chart.title
        bars.style = 10
        # Horizontal bars list the first category on top, as the PDF and the window do.
        bars.x_axis.scaling.orientation = "maxMin" if chart.horizontal else "minMax"
        bars.x_axis.delete = False
        bars.y_axis.delete = False
        bars.y_axis.majorGridlines = None
        if bars.legend is not None:
            bars.legend.position = "b"
        if chart.unit:
            bars.y_axis.title = chart.unit
        ws = sheet.ws
        bars.add_data(
            Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=head, max_row=last),
            titles_from_data=True,
        )
        # Categories are labels (years included): a string reference, as Excel writes for text.
        labels = Reference(ws, min_col=1, min_row=head + 1, max_row=last)
        for series in bars.series:
            series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
        bars.width = _CHART_WIDTH_CM
        bars.height = max(
            7.5, (0.55 if chart.horizontal else 0.3) * len(chart.categories) * len(chart.series) + 3
        )
        ws.add_chart(bars, f"{get_column_letter(width + 3)}{head - 1}")
        # Leave room below for the chart before the next one.
        for _ in range(max(0, int(bars.height / _CHART_ROW_CM) - (last - head) + 1)):
            sheet.blank()
    sheet.finish()
    return sheet


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _discard(sheets: list[_Sheet]) -> None:
    """Close and delete openpyxl's per-sheet temporary files after a failure or cancel.

    openpyxl also removes them at interpreter exit; this just does it now.
    """
    for sheet in sheets:
        ws = sheet.ws
        writer = getattr(ws, "_writer", None)
        rows = getattr(ws, "_rows", None)
        for step in (
            getattr(rows, "close", None),
            getattr(writer, "close", None),
            getattr(writer, "cleanup", None),
        ):
            if step is None:
                continue
            try:
                step()
            except Exception:  # best effort: openpyxl also cleans up at exit
                continue
