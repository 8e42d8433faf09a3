"""What the import wizard changes without touching the user's file: cells corrected by hand, the
column choices the user made, carried over when the file is read again, and what a plan will write.

The wizard keeps the sheet as read from disk; each correction is applied to a copy of it and the
copy parsed again (no new read of the file), so the file stays as the user saved it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from emudesk.domain.enums import Gender
from emudesk.i18n import _
from emudesk.importer import KINDS, HeaderMapping, ParsedRow, ParsedSheet
from emudesk.importer.grid import CellValue, column_index
from emudesk.importer.headers import ColumnOverride, normalise_header, parse_sheet
from emudesk.services.imports.model import Action, ImportPlan


@dataclass(frozen=True)
class CellEdit:
    """A cell the user corrected in the wizard.

    Attributes:
        row: the row number as Excel shows it; ``column`` 0-based.
        before: what the file holds there; the edit applies only while it still does (after the
            file was changed and read again, a correction of something no longer there is dropped).
        text: what the user typed.
        field/gender: the field the column fed (and its Nam | Nữ half): when the file is read
            again with its columns moved, the edit follows the field's new column.
    """

    row: int
    column: int
    before: CellValue
    text: str
    field: str | None = None
    gender: Gender | None = None


class Revised(NamedTuple):
    sheet: ParsedSheet
    applied: list[CellEdit]
    dropped: list[CellEdit]


def revise(
    read: ParsedSheet,
    *,
    edits: Iterable[CellEdit] = (),
    mapping: Mapping[str, ColumnOverride] | None = None,
) -> Revised:
    """The sheet as read, with ``edits`` over its cells and ``mapping`` over its columns, parsed
    again; with the edits applied (each at its field's column in this reading) and those that no
    longer apply (the file holds something else there now).

    ``read`` is the sheet as read from the file (its ``source`` already converted from any old
    Vietnamese encoding, so what the user typed is taken as typed).
    """
    source = read.source
    if source is None:
        return Revised(read, [], list(edits))
    applied: dict[tuple[int, int], str] = {}
    kept: list[CellEdit] = []
    dropped: list[CellEdit] = []
    for edit in edits:
        here = replace(edit, column=_column_now(edit, read.mapping, mapping or {}))
        if source.value(here.row, here.column) == here.before:
            applied[(here.row, here.column)] = here.text
            kept.append(here)
        else:
            dropped.append(edit)
    if not applied and not mapping:
        return Revised(read, kept, dropped)
    rows = list(source.rows)
    for (r, c), text in applied.items():
        while len(rows) < r:
            rows.append([])
        row = rows[r - 1] = list(rows[r - 1])
        row.extend([""] * (c + 1 - len(row)))
        row[c] = text
    edited = replace(
        source,
        rows=rows,
        converted=tuple(x for x in source.converted if (x.row, x.column) not in applied),
        undecided=tuple(x for x in source.undecided if (x.row, x.column) not in applied),
    )
    header_row = read.mapping.header_row if read.mapping is not None else None
    parsed = parse_sheet(edited, KINDS[read.kind], header_row=header_row, mapping=mapping or None)
    return Revised(parsed, kept, dropped)


def _column_now(edit: CellEdit, found: HeaderMapping | None, chosen: Mapping[str, ColumnOverride]) -> int:
    """Where the edited field's column is in this reading (its own column when it is not known)."""
    if edit.field is None:
        return edit.column
    if edit.field in chosen:
        target = chosen[edit.field]
        if isinstance(target, tuple):
            target = target[0 if edit.gender is Gender.MALE else 1] if edit.gender is not None else None
        if isinstance(target, str):
            return column_index(target)
        return target if isinstance(target, int) else edit.column
    for match in found.columns_of(edit.field) if found is not None else ():
        if match.gender == edit.gender:
            return match.column
    return edit.column


def row_key(row: ParsedRow) -> tuple[tuple[str, str], ...]:
    """What a row says, field by field, whatever columns it is in: a row left out stays left out
    after the file is read again while it says the same."""
    return tuple(sorted((k, repr(v)) for k, v in row.raw.items()))


@dataclass(frozen=True)
class HandChoice:
    """A column the user chose for a field: its letter and header then; ``letter`` None for
    "(not imported)"."""

    letter: str | None
    header: str


def headers_of(mapping: HeaderMapping | None) -> dict[str, str]:
    """Every column letter of a mapping with its header text ("" when it has none)."""
    if mapping is None:
        return {}
    out = {m.letter: m.header for m in mapping.columns}
    out.update({u.letter: u.header for u in mapping.unmatched})
    return out


def carry_choices(
    mapping: HeaderMapping | None, hand: Mapping[str, HandChoice]
) -> tuple[dict[str, ColumnOverride], list[str]]:
    """The user's column choices for a new reading of the file, and the fields whose chosen
    header is gone (they go back to what the reading found).

    A choice follows its header to wherever the column moved; a column without a header keeps
    its letter; "(not imported)" stays so.
    """
    by_header: dict[str, str] = {}
    for letter, header in sorted(headers_of(mapping).items(), key=lambda kv: column_index(kv[0])):
        key = normalise_header(header)
        if key:
            by_header.setdefault(key, letter)
    out: dict[str, ColumnOverride] = {}
    lost: list[str] = []
    for field_key, choice in hand.items():
        if choice.letter is None:
            out[field_key] = None
            continue
        key = normalise_header(choice.header)
        if not key:
            out[field_key] = choice.letter
        elif key in by_header:
            out[field_key] = by_header[key]
        else:
            lost.append(field_key)
    return out, lost


def missing_required(kind: str, chosen: Mapping[str, object]) -> list[str]:
    """The headers of the required fields of ``kind`` no column is chosen for (in the importer's
    own definition of the kind)."""
    return [f.header for f in KINDS[kind].fields if f.required and chosen.get(f.key) is None]


def what_will_be_written(plan: ImportPlan, title: str) -> list[str]:
    """One line per kind of record the plan writes: "Cá nhân: 3 new, 1 updated, 2 skipped".

    ``title`` names the plan's kind; a campaign workbook's rows are counted per sheet, and the
    people and households the rows name that the register lacks on a line of their own.
    """
    by_sheet: dict[str, dict[Action, int]] = {}
    several = len({r.sheet for r in plan.rows}) > 1
    for row in plan.rows:
        counts = by_sheet.setdefault(row.sheet if several else title, dict.fromkeys(Action, 0))
        counts[row.action] += 1
    lines = [
        _("{kind}: {create} new, {update} updated, {skip} skipped").format(
            kind=kind, create=c[Action.CREATE], update=c[Action.UPDATE], skip=c[Action.SKIP]
        )
        for kind, c in by_sheet.items()
    ]
    people = sum(1 for ref in plan.pending if ref.kind == "person")
    households = sum(1 for ref in plan.pending if ref.kind == "household")
    if people:
        lines.append(_("People added to the register: {n}").format(n=people))
    if households:
        lines.append(_("Households added to the register: {n}").format(n=households))
    return lines
