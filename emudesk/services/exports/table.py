"""Any list on screen as an administrative document ("Danh sách …" in the NĐ 30 layout).

The window's lists (people, households, awards, the audit log…) hand over their column titles
and the cells of every row in their current filter and order; this builds the paper around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from emudesk.export import CellValue, Column, ColumnKind, Document, Metadata, Table
from emudesk.i18n import _
from emudesk.services.exports.common import Office


def _width(title: str, values: Sequence[object]) -> float:
    longest = max([len(title), *(len(str(v)) for v in values[:200] if v is not None)], default=8)
    return float(min(max(longest * 0.9, 6), 40))


def _cell(value: object) -> CellValue:
    if isinstance(value, bool):  # the renderers take no booleans: lists show them as ticks
        return "✓" if value else ""
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def list_document(
    session: Session,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    issued_on: date | None = None,
) -> Document:
    """A "DANH SÁCH" with the office's header and signer, STT first, the rows as given."""
    office = Office.load(session)
    columns = [Column("stt", "STT", 5, ColumnKind.INT)]
    columns += [
        Column(f"c{i}", header, _width(header, [r[i] for r in rows if i < len(r)]))
        for i, header in enumerate(headers)
    ]
    body = [
        (n, *(_cell(r[i]) if i < len(r) else None for i in range(len(headers))))
        for n, r in enumerate(rows, 1)
    ]
    header = office.header(
        prefix="DS", doc_type="DANH SÁCH", summary=[title], issued_on=issued_on or date.today()
    )
    return Document(
        header=header,
        tables=(Table.from_rows(tuple(columns), body, sheet_name=title[:31]),),
        footnotes=(_("{n} rows.").format(n=len(rows)),),
        signatures=(office.signature(),),
        metadata=Metadata(title=title, author=office.issuing_agency),
    )
