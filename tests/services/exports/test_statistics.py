"""TT 02/2023/TT-BNV statistics from the demo, read back with openpyxl and checked against
``emudesk list awards`` and against counts taken here."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from emudesk.db.models import AwardForm, AwardRecord, Campaign, Individual
from emudesk.domain.enums import AwardLevel, AwardType, CampaignKind, SubjectKind
from emudesk.domain.statistics import RecipientCategory
from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.exports import statistics
from tests.cli.running import run

ENGINE_FREE = pytest.mark.sqlite_only(
    "counting is the same SQL on both engines; the done-when test runs on both"
)

# 0603: row code -> what the row counts (the layout's data).
RECIPIENT_ROWS = {
    "02": ("kind", "unit"),
    "03": ("category", "enterprise"),
    "04": ("kind", "household"),
    "05": ("kind", "individual"),
    "06": ("category", "leader_central"),
    "07": ("category", "leader_department"),
    "08": ("category", "entrepreneur"),
    "09": ("category", "leader_other"),
    "10": ("category", "worker"),
}
METHOD_ROWS = {
    "11": "regular",
    "12": "thematic",
    "13": "ad_hoc",
    "14": "foreign",
    "15": "career",
    "16": "service_length",
    "17": "resistance",
}
KINDS = {"unit": "Tập thể", "household": "Hộ gia đình", "individual": "Cá nhân"}


def form_rows(path: Path) -> dict[str, tuple[Any, ...]]:
    """The counting rows of a form, by their mã số: (total, column 2, column 3…)."""
    wb = openpyxl.load_workbook(path)
    rows = [tuple(c.value for c in row) for row in wb.worksheets[0].iter_rows()]
    wb.close()
    index = next(r for r in rows if r[0] == "A" and r[1] == "B")  # the "A B C 1 2 3…" line
    start = 3 if index[2] == "C" else 2
    end = start + sum(1 for v in index[start:] if v is not None)
    return {
        str(r[1]): tuple(r[start:end])
        for r in rows
        if isinstance(r[1], str) and r[1].isdigit() and len(r[1]) == 2
    }


def column_of(row: dict[str, Any]) -> int | None:
    """The 0603 column (1 = Bằng khen … 4 = Huy hiệu) of a listed award, None when not on the form."""
    if row["level"] != "province":
        return None
    name = row["award_name"]
    for i, start in enumerate(("Bằng khen", "Chiến sĩ thi đua", "Cờ thi đua", "Kỷ niệm chương"), 1):
        if name.startswith(start):
            return i
    return None


def test_0603_for_2025_matches_the_awards_list(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "bieu-0603.xlsx"
    code, out, err = run(
        capsys, "--db", demo_db, "export", "statistics", "--form", "0603", "--year", "2025", "-o", str(target)
    )
    assert code == 0, err
    assert str(target) in out
    code, out, err = run(capsys, "--db", demo_db, "list", "awards", "--year", "2025", "--json")
    assert code == 0, err
    listed = [(column_of(r), r) for r in json.loads(out)]
    on_form = [(c, r) for c, r in listed if c is not None]
    assert on_form, "the demo has ministry/province awards decided in 2025"
    rows = form_rows(target)

    def expected(keep: Any) -> tuple[int, ...]:
        by_column = Counter(c for c, r in on_form if keep(r))
        return (sum(by_column.values()), *(by_column[i] for i in range(1, 5)))

    assert rows["01"] == expected(lambda r: True)
    for code_, (what, value) in RECIPIENT_ROWS.items():
        if what == "kind":
            assert rows[code_] == expected(lambda r, v=value: r["kind"] == KINDS[v]), code_
        else:
            assert rows[code_] == expected(lambda r, v=value: r["category"] == v), code_
    for code_, method in METHOD_ROWS.items():
        assert rows[code_] == expected(lambda r, m=method: r["method"] == m), code_
    # The split rows add up to their totals.
    assert rows["02"][0] + rows["04"][0] + rows["05"][0] == rows["01"][0]
    assert sum(rows[c][0] for c in METHOD_ROWS) == rows["01"][0]


@ENGINE_FREE
def test_the_period_is_the_decisions_date_and_an_undated_award_is_not_placed_in_a_half_year(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    baseline = {h: form_rows(_export(store, tmp_path / "before", 2019, h)) for h in (None, 1, 2)}
    with store.write() as session:
        form = session.scalars(select(AwardForm).where(AwardForm.code == "BK_TINH")).one()
        person = session.scalars(select(Individual).where(Individual.position == "Trưởng phòng")).first()
        assert person is not None

        def award(decided: date | None, year: int, kind: AwardType = AwardType.MERIT) -> None:
            session.add(
                AwardRecord(
                    subject_kind=SubjectKind.INDIVIDUAL,
                    individual_id=person.id,
                    award_form_id=form.id,
                    award_name=form.name,
                    recipient_name=person.full_name,
                    year=year,
                    decision_date=decided,
                    award_type=kind,
                )
            )

        award(date(2019, 3, 1), 2018, AwardType.AD_HOC)  # decided in the first half of 2019
        award(date(2019, 9, 1), 2019, AwardType.FOREIGN)  # the second half
        award(None, 2019)  # no date: in the yearly report of its year only
    after = {h: form_rows(_export(store, tmp_path / "after", 2019, h)) for h in (None, 1, 2)}

    def added(half: int | None, code: str) -> int:
        return int(after[half][code][1]) - int(baseline[half][code][1])  # the Bằng khen column

    assert (added(None, "01"), added(1, "01"), added(2, "01")) == (3, 1, 1)
    assert (added(1, "13"), added(2, "13"), added(1, "14"), added(2, "14")) == (1, 0, 0, 1)
    assert added(None, "09") == 3  # a Trưởng phòng is a leader from deputy head of division up
    undated = _(
        "{n} awards of {year} have no decision date and could not be placed in a half-year; "
        "they are not counted."
    )
    result = statistics.export_statistics(store, "0603", 2019, tmp_path / "h1.xlsx", half=1)
    assert undated.format(n=1, year=2019) in result.notes
    yearly = statistics.export_statistics(store, "0603", 2019, tmp_path / "y.xlsx")
    assert not any(str(2019) in n for n in yearly.notes)


def _export(store: Store, folder: Path, year: int, half: int | None) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / f"0603-{year}-{half}.xlsx"
    statistics.export_statistics(store, "0603", year, target, half=half)
    return target


@ENGINE_FREE
def test_a_stored_category_wins_and_a_person_without_position_is_reported_not_placed(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    with store.read() as session:
        lines = [
            ln
            for ln in statistics.award_lines(session, statistics.Period(2025))
            if ln.level is AwardLevel.PROVINCE
        ]
        worker = next(ln for ln in lines if ln.category is RecipientCategory.WORKER)
    before = form_rows(_export(store, tmp_path, 2025, None))
    with store.write() as session:
        record = session.get(AwardRecord, worker.id)
        assert record is not None
        record.recipient_category = RecipientCategory.ENTREPRENEUR
        other = next(ln for ln in lines if ln.kind is SubjectKind.INDIVIDUAL and ln.id != worker.id)
        person = session.get(Individual, session.get(AwardRecord, other.id).individual_id)  # type: ignore[union-attr]
        assert person is not None
        person.position = None
    target = tmp_path / "after.xlsx"
    result = statistics.export_statistics(store, "0603", 2025, target)
    after = form_rows(target)
    assert after["08"][0] == before["08"][0] + 1
    assert after["10"][0] == before["10"][0] - 2
    assert after["05"] == before["05"]  # still counted as individuals
    unplaced = _(
        "{n} individuals could not be placed by category (no position in the register, no category on the "
        "award); they count in “Cá nhân” only."
    ).format(n=1)
    assert unplaced in result.notes
    # The workbook says so too, under the table.
    wb = openpyxl.load_workbook(target)
    text = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert unplaced in text


@ENGINE_FREE
def test_0601_counts_the_campaigns_running_in_the_year(sqlite_demo_store: Store, tmp_path: Path) -> None:
    store = sqlite_demo_store
    target = tmp_path / "0601.xlsx"
    statistics.export_statistics(store, "0601", 2025, target)
    rows = form_rows(target)
    with store.read() as session:
        running = [
            c
            for c in session.scalars(select(Campaign).where(Campaign.deleted_at.is_(None)))
            if c.start_date
            and c.start_date <= date(2025, 12, 31)
            and (c.end_date is None or c.end_date >= date(2025, 1, 1))
        ]
    assert rows["01"][0] == len(running) == 4
    assert rows["11"][0] == sum(c.kind is CampaignKind.THEMATIC for c in running)
    assert rows["12"][0] == sum(c.kind is CampaignKind.REGULAR for c in running)
    assert sum(rows[c][0] for c in ("02", "03", "04", "05")) == rows["01"][0]
    assert sum(rows[c][0] for c in ("06", "07", "08", "09", "10")) == rows["01"][0]
    # Two yearly plans of 2025 last one year; the Sở's half-year plan less; 2021–2025 five years.
    assert rows["07"][0] == 1 and rows["06"][0] == 1 and rows["10"][0] == 2
    # Columns: the province's plans, the Sở's own.
    assert rows["01"][1:] == (0, 3, 1)


@ENGINE_FREE
@pytest.mark.parametrize("form", statistics.FORM_CODES)
def test_every_form_writes_both_formats_with_its_form_number(
    sqlite_demo_store: Store, tmp_path: Path, form: str
) -> None:
    pdf = tmp_path / f"{form}.pdf"
    statistics.export_statistics(sqlite_demo_store, form, 2025, pdf, half=2)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert f"Biểu số: {form}.6T/BNV-TĐKT" in " ".join(text.split())
    assert "6 tháng cuối năm 2025" in text
    xlsx = tmp_path / f"{form}.xlsx"
    statistics.export_statistics(sqlite_demo_store, form, 2025, xlsx)
    rows = form_rows(xlsx)
    assert "01" in rows


@ENGINE_FREE
def test_a_catalogue_name_that_looks_like_a_formula_stays_text(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    with sqlite_demo_store.write() as session:
        form = session.scalars(select(AwardForm).where(AwardForm.code == "CSTD_TQ")).one()
        form.name = '=HYPERLINK("http://x","y")'
    target = tmp_path / "0602.xlsx"
    statistics.export_statistics(sqlite_demo_store, "0602", 2025, target)
    wb = openpyxl.load_workbook(target)
    cells = [
        c for row in wb.worksheets[0].iter_rows() for c in row if c.value == '=HYPERLINK("http://x","y")'
    ]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_cli_refuses_what_statistics_do_not_take(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(sqlite_demo_db)
    out = str(tmp_path / "x.xlsx")
    for args in (
        ("--form", "0603", "-o", out),  # no year
        ("--year", "2025", "-o", out),  # no form
        ("--form", "0603", "--year", "2025", "--campaign", "1", "-o", out),
        ("--form", "0603", "--year", "2025", "--blank", "A4-portrait", "-o", out),
    ):
        code, _out, err = run(capsys, "--db", db, "export", "statistics", *args)
        assert code == 2, args
        assert "Traceback" not in err
    code, _out, _err = run(
        capsys, "--db", db, "export", "nominations", "--campaign", "1", "--form", "0603", "-o", out
    )
    assert code == 2
    code, _out, _err = run(capsys, "--db", db, "list", "awards")
    assert code == 2
    assert not Path(out).exists()


@ENGINE_FREE
def test_a_campaigns_level_and_scope_set_in_its_plan_move_it_in_0601(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    from emudesk.domain.statistics import CampaignLevel, CampaignScope
    from emudesk.services.campaigns import plans

    store = sqlite_demo_store
    before = form_rows(_export_0601(store, tmp_path / "before.xlsx"))
    with store.read() as session:
        sở = session.scalars(select(Campaign).where(Campaign.title.like("%của Sở Nông nghiệp%"))).one()
        definition = plans.get_definition(session, sở.id)
    assert definition.organizer_level is None  # the demo leaves it to what the issuing body suggests
    definition.organizer_level = CampaignLevel.MINISTRY_PROVINCE
    definition.organizing_scope = CampaignScope.CLUSTER
    with store.write() as session:
        plans.update_campaign(session, sở.id, definition)
    with store.read() as session:
        again = plans.get_definition(session, sở.id)
    assert (again.organizer_level, again.organizing_scope) == (
        CampaignLevel.MINISTRY_PROVINCE,
        CampaignScope.CLUSTER,
    )
    after = form_rows(_export_0601(store, tmp_path / "after.xlsx"))
    assert before["01"][1:] == (0, 3, 1) and after["01"][1:] == (0, 4, 0)
    assert after["04"][0] == before["04"][0] + 1  # cụm, khối thi đua
    assert after["05"][0] == before["05"][0] - 1  # no longer the agency's own


def _export_0601(store: Store, target: Path) -> Path:
    statistics.export_statistics(store, "0601", 2025, target)
    return target
