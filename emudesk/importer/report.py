"""The error report: the sheet as the user sent it, a "Lỗi" column beside it, wrong cells in red.

Rows keep their original numbers, so a message "row 12, column D" points at the
same cell in the report and in the user's file. Text that looks like a formula
(= + - @) is written as text and never evaluated when the report is opened.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from emudesk.i18n import _
from emudesk.importer.grid import column_index, column_letter
from emudesk.importer.results import CellError, ParsedSheet

ERROR_COLUMN = "Lỗi"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
_NOTE_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


def put(ws: Worksheet, row: int, column: int, value: object) -> None:
    """Write ``value`` into a 1-based cell; text always stays text, whatever it starts with."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if text.startswith(_FORMULA_START):
            cell.quotePrefix = True  # and Excel keeps it text after an edit
    elif isinstance(value, dt.datetime | dt.date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY" if not isinstance(value, dt.datetime) else "DD/MM/YYYY HH:MM"
    elif isinstance(value, bool | int | float):
        cell.value = value
    elif value is None or value == "":
        return
    else:  # time, timedelta, anything unusual: as it reads
        put(ws, row, column, str(value))


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused worksheet title (31 characters, none of []:*?/\\)."""
    base = (name.translate(_SHEET_NAME_BAD).strip() or "Sheet")[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _reason(e: CellError) -> str:
    return f"{e.column_letter}: {e.reason}" if e.column_letter else e.reason


def _write_sheet(ws: Worksheet, parsed: ParsedSheet) -> None:
    source = parsed.source
    if source is None:
        raise ValueError("ParsedSheet without its source sheet")
    for r, row in enumerate(source.rows, start=1):
        for c, value in enumerate(row, start=1):
            put(ws, r, c, value)
    for top, left, bottom, right in source.merged:
        if bottom > top or right > left:
            ws.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)
    error_col = max(source.width, 1) + 1
    header_row = parsed.mapping.header_row if parsed.mapping else 1
    put(ws, header_row, error_col, ERROR_COLUMN)
    ws.cell(row=header_row, column=error_col).font = _BOLD
    ws.column_dimensions[column_letter(error_col - 1)].width = 60
    by_row: dict[int, list[CellError]] = defaultdict(list)
    for e in parsed.all_errors():
        if e.row is not None:
            by_row[e.row].append(e)
    if parsed.errors:
        # Problems with the sheet as a whole go beside the header.
        lines = [_reason(e) for e in parsed.errors]
        put(ws, header_row, error_col, ERROR_COLUMN + "\n" + "\n".join(lines))
        ws.cell(row=header_row, column=error_col).fill = _NOTE_FILL
    for row_number, errors in by_row.items():
        put(ws, row_number, error_col, "\n".join(_reason(e) for e in errors))
        note = ws.cell(row=row_number, column=error_col)
        note.fill = _NOTE_FILL
        note.alignment = _WRAP
        for e in errors:
            if e.column_letter:
                ws.cell(row=row_number, column=column_index(e.column_letter) + 1).fill = _BAD_FILL
    if parsed.mapping:
        ws.freeze_panes = ws.cell(row=parsed.mapping.data_start, column=1)


def write_error_report(sheets: ParsedSheet | Sequence[ParsedSheet], path: str | Path) -> Path:
    """Write the report for one parsed sheet (or a campaign's parts) and a list of every error."""
    parts = [sheets] if isinstance(sheets, ParsedSheet) else list(sheets)
    path = Path(path)
    wb = Workbook()
    # Marks the file as emudesk's until a spreadsheet program saves it (services/core/outputs.py).
    wb.properties.lastModifiedBy = "emudesk"
    taken: set[str] = set()
    summary = wb.active
    assert summary is not None
    summary.title = sheet_title(_("Errors"), taken)
    headers = (_("Sheet"), _("Row"), _("Column"), _("Error"))
    for c, text in enumerate(headers, start=1):
        put(summary, 1, c, text)
        summary.cell(row=1, column=c).font = _BOLD
    line = 2
    for parsed in parts:
        if parsed.source is None:
            continue
        ws = wb.create_sheet(sheet_title(parsed.sheet, taken))
        _write_sheet(ws, parsed)
        for e in parsed.all_errors():
            for c, value in enumerate((e.sheet, e.row, e.column_letter or "", e.reason), start=1):
                put(summary, line, c, value)
            line += 1
    for letter, width in zip("ABCD", (24, 8, 8, 90), strict=True):
        summary.column_dimensions[letter].width = width
    summary.freeze_panes = "A2"
    wb.save(path)
    return path
