"""Reading exported documents back, and what the database says they should contain.

The expectations are computed here independently of ``services/exports``: the
rows come from ORM objects sorted in Python with ``domain.text``'s collation
(not the stored sort keys the exporter orders by), and counts are tallied in a
loop rather than by SQL GROUP BY.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import AwardForm, Campaign, Household, Individual, Nomination, Unit
from emudesk.domain.award_names import official_name
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.text import name_sort_key, sort_key
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.services.core.store import Store
from tests.export.conftest import pdf_text, require_tool

__all__ = [
    "Expected",
    "expected_nominations",
    "pdf_pages",
    "pdf_raw_text",
    "pdf_text",
    "xlsx_body",
]

KIND_RANK = {SubjectKind.UNIT: 0, SubjectKind.INDIVIDUAL: 1, SubjectKind.HOUSEHOLD: 2}
DATE = date(2026, 3, 2)


@dataclass(frozen=True)
class Expected:
    """One line of a nomination list as the database has it."""

    form: str
    kind: SubjectKind
    name: str
    born: int | None
    position: str
    proposer: str


def expected_nominations(
    session: Session,
    campaign_id: int,
    *,
    unit_id: int | None = None,
    statuses: frozenset[NominationStatus] = HOLDS_PLACE,
) -> list[Expected]:
    """The lines of a campaign's danh sách đề nghị, in the order a clerk would sort them by hand."""
    out: list[tuple[tuple[object, ...], Expected]] = []
    campaign = session.get(Campaign, campaign_id)
    assert campaign is not None
    # Forms print by their official names (checked by hand in tests/domain/test_award_names.py).
    printed = lambda form: official_name(form.name, campaign.issuing_body)  # noqa: E731
    for n in session.scalars(select(Nomination).where(Nomination.campaign_id == campaign_id)):
        if n.deleted_at is not None or n.status not in statuses:
            continue
        if unit_id is not None and n.proposing_unit_id != unit_id:
            continue
        form = session.get(AwardForm, n.award_form_id)
        assert form is not None
        proposer = session.get(Unit, n.proposing_unit_id) if n.proposing_unit_id else None
        proposer_name = (proposer.short_name or proposer.name) if proposer else ""
        if n.subject_kind is SubjectKind.INDIVIDUAL:
            p = session.get(Individual, n.individual_id)
            assert p is not None
            key: bytes = name_sort_key(p.family_name, p.middle_name, p.given_name)
            born = p.birth_year or (p.birth_date.year if p.birth_date else None)
            line = Expected(printed(form), n.subject_kind, p.full_name, born, p.position or "", proposer_name)
        elif n.subject_kind is SubjectKind.UNIT:
            u = session.get(Unit, n.unit_id)
            assert u is not None
            key = sort_key(u.name)
            line = Expected(printed(form), n.subject_kind, u.name, None, "", proposer_name)
        else:
            h = session.get(Household, n.household_id)
            assert h is not None
            key = sort_key(h.head_name)
            line = Expected(
                printed(form), n.subject_kind, f"Hộ ông (bà) {h.head_name}", None, "", proposer_name
            )
        out.append(((form.sort_order, form.id, KIND_RANK[n.subject_kind], key, n.id), line))
    return [line for _key, line in sorted(out, key=lambda pair: pair[0])]


def xlsx_body(path: Path, sheet: str | None = None) -> list[tuple[Any, ...]]:
    """The rows under the column header of a sheet (headings, data, totals), up to the table's end."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    start = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    # A grouped header has a second row of sub-titles whose first cell is empty.
    start += 2 if start + 1 < len(rows) and rows[start + 1][0] is None else 1
    body = []
    for row in rows[start:]:
        if not any(v is not None for v in row):
            break
        body.append(row)
    return body


def data_rows(body: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows whose STT cell is a number."""
    return [row for row in body if isinstance(row[0], int)]


def pdf_raw_text(path: Path) -> str:
    """Text in drawing order (``pdftotext -raw``), whitespace collapsed: a name wrapped over two
    lines of its cell reads whole, and names come in the order they are printed."""
    tool = require_tool("pdftotext")
    out = subprocess.run(
        [tool, "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    return " ".join(out.split())


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def render_page1(pdf: Path, png: Path) -> Path:
    """Page 1 at 110 dpi, for a person to look at (tests write it under their tmp_path)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    tool = require_tool("pdftoppm")
    subprocess.run(
        [tool, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png.with_suffix(""))],
        check=True,
        timeout=60,
    )
    return png


def demo_campaign_ids(store: Store) -> list[int]:
    from emudesk.db.models import Campaign

    with store.read() as s:
        return list(s.scalars(select(Campaign.id).where(Campaign.deleted_at.is_(None)).order_by(Campaign.id)))


def iter_cells(rows: list[tuple[Any, ...]]) -> Iterator[object]:
    for row in rows:
        yield from row
