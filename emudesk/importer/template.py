"""Blank import templates: Vietnamese headers, drop-downs for closed lists, a help sheet.

Drop-down lists live on a hidden sheet and are referenced by range: an inline
list is capped at 255 characters, which a few Vietnamese unit names exceed.
Templates read back through the same reader as any user file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from emudesk.i18n import _
from emudesk.importer.cells import (
    AWARD_TYPE_WORDS,
    CAMPAIGN_KIND_WORDS,
    CAMPAIGN_LEVEL_WORDS,
    CAMPAIGN_SCOPE_WORDS,
    CAMPAIGN_STATUS_WORDS,
    GENDER_WORDS,
    MILESTONE_WORDS,
    QUOTA_KIND_WORDS,
    QUOTA_SCOPE_WORDS,
    RATING_WORDS,
    RECIPIENT_CATEGORY_WORDS,
    RECURRENCE_WORDS,
    SUBJECT_WORDS,
    YES_NO,
    display_choices,
    parse_text_list,
)
from emudesk.importer.grid import column_letter
from emudesk.importer.headers import KindSpec
from emudesk.importer.kinds import CAMPAIGN, CAMPAIGN_PARTS, KINDS
from emudesk.importer.reader import INSTRUCTIONS_SHEET, LISTS_SHEET
from emudesk.importer.report import put, sheet_title

BUILTIN_CHOICES: dict[str, list[str]] = {
    "gender": display_choices(GENDER_WORDS),
    "rating": display_choices(RATING_WORDS)[:4],
    "subject_kind": display_choices(SUBJECT_WORDS),
    "award_type": display_choices(AWARD_TYPE_WORDS),
    "recipient_category": display_choices(RECIPIENT_CATEGORY_WORDS),
    "campaign_kind": display_choices(CAMPAIGN_KIND_WORDS),
    "campaign_status": display_choices(CAMPAIGN_STATUS_WORDS),
    "campaign_level": display_choices(CAMPAIGN_LEVEL_WORDS),
    "campaign_scope": display_choices(CAMPAIGN_SCOPE_WORDS),
    "milestone_kind": display_choices(MILESTONE_WORDS),
    "recurrence": display_choices(RECURRENCE_WORDS),
    "quota_kind": display_choices(QUOTA_KIND_WORDS),
    "quota_scope": display_choices(QUOTA_SCOPE_WORDS),
    "yes_no": list(YES_NO),
}
CALLER_CHOICES = ("unit_kinds", "units", "award_forms")
"""Lists only the database knows; the caller passes them (names as the catalogue holds them)."""

_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")


def template_sheets(kind: str) -> tuple[KindSpec, ...]:
    """The sheets a template of ``kind`` has: one, or one per part for "campaign"."""
    if kind == CAMPAIGN:
        return CAMPAIGN_PARTS
    return (KINDS[kind],)


class _Lists:
    """The hidden sheet of drop-down lists, one column per list, written on first use."""

    def __init__(self, wb: Workbook, choices: Mapping[str, Sequence[str]]) -> None:
        self._wb = wb
        self._choices = choices
        self._ws: Worksheet | None = None
        self._ranges: dict[str, str] = {}

    def range_of(self, name: str) -> str | None:
        if name in self._ranges:
            return self._ranges[name]
        values = [v for v in self._choices.get(name, ()) if v]
        if not values:
            return None
        if self._ws is None:
            self._ws = self._wb.create_sheet(LISTS_SHEET)
            self._ws.sheet_state = "hidden"
        col = len(self._ranges)
        for r, value in enumerate(values, start=1):
            put(self._ws, r, col + 1, value)
        letter = column_letter(col)
        self._ranges[name] = f"{LISTS_SHEET}!${letter}$1:${letter}${len(values)}"
        return self._ranges[name]


def _data_sheet(ws: Worksheet, spec: KindSpec, lists: _Lists, rows: int) -> None:
    last = rows + 1
    for c, f in enumerate(spec.fields):
        letter = column_letter(c)
        put(ws, 1, c + 1, f.header)
        cell = ws.cell(row=1, column=c + 1)
        cell.font = Font(bold=True, color="C00000" if f.required else "000000")
        cell.fill = _REQUIRED_FILL if f.required else _OPTIONAL_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _BORDER
        if f.hint:
            cell.comment = Comment(_(f.hint), "emudesk", width=260, height=110)
        dim = ws.column_dimensions[letter]
        dim.width = f.width
        if f.number_format:
            dim.number_format = f.number_format  # a column style: no empty cells are created
        source = lists.range_of(f.choices) if f.choices else None
        if source:
            strict = f.choices not in CALLER_CHOICES and f.parser is not parse_text_list
            dv = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=strict,
                errorStyle="stop" if strict else "warning",
                error=_("Choose a value from the list."),
                errorTitle=_("Not in the list"),
            )
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "A2"


def _instructions(ws: Worksheet, specs: Sequence[KindSpec]) -> None:
    lines = (
        _("How to fill in this template"),
        _("Enter one record per row under the header; do not change the header row or the sheet names."),
        _("Columns with a red header are required; the others may stay empty."),
        _("Write dates as day/month/year (12/07/2022)."),
        _("Where a column has a drop-down list, choose from it."),
        _("Hover over a header to see what the column holds."),
    )
    for r, text in enumerate(lines, start=1):
        put(ws, r, 1, text)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = len(lines) + 2
    for c, text in enumerate((_("Sheet"), _("Column"), _("Required"), _("Explanation")), start=1):
        put(ws, row, c, text)
        ws.cell(row=row, column=c).font = Font(bold=True)
    for spec in specs:
        for f in spec.fields:
            row += 1
            put(ws, row, 1, spec.sheet_name)
            put(ws, row, 2, f.header)
            put(ws, row, 3, _("Yes") if f.required else "")
            put(ws, row, 4, _(f.hint) if f.hint else "")
    for letter, width in zip("ABCD", (22, 36, 10, 90), strict=True):
        ws.column_dimensions[letter].width = width


def template_workbook(
    kind: str,
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    rows: int = 1000,
) -> Workbook:
    """The template of ``kind`` as an openpyxl workbook, for callers that fill it before saving
    (the campaign workbook export writes a plan's rows under the same headers)."""
    specs = template_sheets(kind)
    wb = Workbook()
    # Marks the file as emudesk's until a spreadsheet program saves it (services/core/outputs.py).
    wb.properties.lastModifiedBy = "emudesk"
    merged = {**BUILTIN_CHOICES, **(choices or {})}
    lists = _Lists(wb, merged)
    taken: set[str] = set()
    first = wb.active
    assert first is not None
    for i, spec in enumerate(specs):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = sheet_title(spec.sheet_name, taken)
        _data_sheet(ws, spec, lists, rows)
    help_ws = wb.create_sheet(sheet_title(INSTRUCTIONS_SHEET, taken))
    _instructions(help_ws, specs)
    if LISTS_SHEET in wb.sheetnames:  # keep the hidden list sheet last
        wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    return wb


def write_template(
    kind: str,
    path: str | Path,
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    rows: int = 1000,
) -> Path:
    """Write a blank template for ``kind`` (a key of KINDS, or "campaign") to ``path`` (.xlsx).

    ``choices`` gives the lists only the database knows: "unit_kinds", "units" (names),
    "award_forms" (names). The closed lists of the domain (gender, rating…) are built in;
    a caller may replace them too.
    """
    path = Path(path)
    template_workbook(kind, choices=choices, rows=rows).save(path)
    return path
