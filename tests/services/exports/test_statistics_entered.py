"""TT 02/2023 forms 0604/0605 from the figures an office enters, 0602's lines by submitting body,
and the forms' layout as cited data an office may correct. Files are read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from emudesk.db.models import AwardForm, AwardRecord, Individual
from emudesk.domain.enums import AwardLevel, SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.statistics import RecipientCategory
from emudesk.domain.statistics_layout import parse_layout
from emudesk.i18n import _
from emudesk.services.core.store import Store, set_setting
from emudesk.services.exports import statistics, statistics_setup
from tests.cli.running import run
from tests.services.exports.test_statistics import form_rows
from tests.snapshot import snapshot

ENGINE_FREE = pytest.mark.sqlite_only("the counting SQL runs on both engines in the tests above")

STAFF = {"02": 4, "03": 11, "04": 6, "05": 9, "06": 2, "07": 12, "08": 1}


def _snap(store: Store) -> Any:
    with store.read() as session:
        return snapshot(session)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_entered_figures_fill_0605_and_its_total_in_the_workbook_and_the_pdf(
    store: Store, tmp_path: Path
) -> None:
    with store.write() as session:
        lines = statistics_setup.set_figures(session, "0605", 2025, None, STAFF)
    assert {ln.code: ln.value for ln in lines} == STAFF
    xlsx = tmp_path / "0605.xlsx"
    result = statistics.export_statistics(store, "0605", 2025, xlsx)
    rows = form_rows(xlsx)
    assert rows["01"] == (15,)  # chuyên trách + kiêm nhiệm
    assert {code: rows[code] for code in STAFF} == {code: (n,) for code, n in STAFF.items()}
    assert result.notes == ()  # every line entered, every split adds up to 15
    # Another period is its own: nothing entered for 2024, the form says which lines are missing.
    other = statistics.export_statistics(store, "0605", 2024, tmp_path / "2024.xlsx")
    assert form_rows(tmp_path / "2024.xlsx")["02"] == (None,)
    assert any("02, 03, 04, 05, 06, 07, 08" in n for n in other.notes)
    pdf = tmp_path / "0605.pdf"
    statistics.export_statistics(store, "0605", 2025, pdf)
    text = _pdf_text(pdf)
    assert "Biểu số: 0605.N/BNV-TĐKT" in text
    assert "Chuyên trách 02 Người 4" in text and "Tổng số 01 Người 15" in text


def test_0604_sums_its_lines_and_a_split_that_does_not_add_up_is_reported(
    store: Store, tmp_path: Path
) -> None:
    with store.write() as session:
        statistics_setup.set_figures(
            session, "0604", 2025, 1, {"02": 1, "03": 20, "04": 1, "05": 19, "06": 8}
        )
        statistics_setup.set_figures(session, "0605", 2025, 1, {"02": 4, "03": 11, "04": 6, "05": 8})
    target = tmp_path / "0604.xlsx"
    statistics.export_statistics(store, "0604", 2025, target, half=1)
    assert form_rows(target)["01"] == (49,)
    result = statistics.export_statistics(store, "0605", 2025, tmp_path / "0605.xlsx", half=1)
    mismatch = _("The lines of “{heading}” add up to {sum}, not to line {code} ({total}).").format(
        heading="2. Chia theo giới tính", sum=14, code="01", total=15
    )
    assert mismatch in result.notes
    # Clearing a line with None takes it off the form.
    with store.write() as session:
        statistics_setup.set_figures(session, "0604", 2025, 1, {"06": None})
    statistics.export_statistics(store, "0604", 2025, target, half=1)
    assert form_rows(target)["06"] == (None,) and form_rows(target)["01"] == (41,)


_NOT_A_LINE = "Line {code} of form {form} is not one the office fills in; those are: {codes}."
_NOT_A_COUNT = "Line {code}: {value} is not a count (0 to {max})."
_LINES = "02, 03, 04, 05, 06, 07, 08"


@pytest.mark.parametrize(
    ("form", "values", "msgid", "fields"),
    [
        ("0605", {"09": 1}, _NOT_A_LINE, {"code": "09", "form": "0605", "codes": _LINES}),
        ("0603", {"01": 1}, _NOT_A_LINE, {"code": "01", "form": "0603", "codes": "—"}),
        ("0605", {"02": -1}, _NOT_A_COUNT, {"code": "02", "value": -1, "max": "10.000.000"}),
        ("0605", {"02": 10**9}, _NOT_A_COUNT, {"code": "02", "value": 10**9, "max": "10.000.000"}),
        (
            "0699",
            {"02": 1},
            "Unknown statistics form “{form}”; choose {forms}.",
            {"form": "0699", "forms": "0601, 0602, 0603, 0604, 0605"},
        ),
    ],
)
def test_a_figure_that_is_no_line_or_no_count_is_refused_and_nothing_is_written(
    store: Store, form: str, values: dict[str, int | None], msgid: str, fields: dict[str, Any]
) -> None:
    before = _snap(store)
    with pytest.raises(ValidationError) as caught, store.write() as session:
        statistics_setup.set_figures(session, form, 2025, None, values)
    assert caught.value.message == _(msgid).format(**fields)
    assert _snap(store) == before


@ENGINE_FREE
def test_0602_counts_state_awards_on_the_line_of_the_body_the_office_reports_for(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    target = tmp_path / "0602.xlsx"
    statistics.export_statistics(store, "0602", 2025, target)
    rows = form_rows(target)
    with store.read() as session:
        state = [
            ln
            for ln in statistics.award_lines(session, statistics.Period(2025))
            if ln.level is AwardLevel.STATE
        ]
    assert len(state) == 5, "the demo has state-level awards decided in 2025"
    assert rows["01"][0] == 5
    assert (rows["02"][0], rows["03"][0]) == (0, 5)  # a province's office: every file went up from it
    pdf = tmp_path / "0602.pdf"
    statistics.export_statistics(store, "0602", 2025, pdf)
    text = _pdf_text(pdf)
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in text and "ANH HÙNG" not in text.split("Biểu số")[0]
    assert "Bộ, ban, ngành, đoàn thể Trung ương 02 Bộ, ngành 0" in text
    assert rows["04"][0] == sum(ln.kind is SubjectKind.UNIT for ln in state)
    assert rows["07"][0] == sum(ln.kind is SubjectKind.INDIVIDUAL for ln in state)
    with store.write() as session:
        set_setting(session, "office.parent_agency", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG")
    statistics.export_statistics(store, "0602", 2025, target)
    rows = form_rows(target)
    assert (rows["02"][0], rows["03"][0]) == (5, 0)


def _layout(store: Store) -> dict[str, Any]:
    with store.read() as session:
        data, own = statistics_setup.layout_data(session)
    assert not own
    return json.loads(json.dumps(data))


@ENGINE_FREE
def test_an_offices_corrected_layout_changes_the_form_number_the_lines_and_the_position_keywords(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    with store.read() as session:
        worker = next(
            ln
            for ln in statistics.award_lines(session, statistics.Period(2025))
            if ln.level is AwardLevel.PROVINCE and ln.category is RecipientCategory.WORKER
        )
        record = session.get(AwardRecord, worker.id)
        assert record is not None and record.recipient_category is None
        person = session.get(Individual, record.individual_id)
        assert person is not None and person.position
        position = person.position
    before = form_rows(_export(store, tmp_path / "before.xlsx"))
    data = _layout(store)
    data["form_number"]["half"] = "{form}.H/BNV-TĐKT"
    data["position_rules"]["rules"].insert(0, {"category": "leader_other", "positions": [position]})
    data["forms"]["0605"]["blocks"][1]["rows"][0]["label"] = "- Công chức chuyên trách"
    with store.write() as session:
        statistics_setup.save_layout(session, data)
    after = form_rows(_export(store, tmp_path / "after.xlsx"))
    # Everyone in that position moved from "người trực tiếp" (10) to "lãnh đạo khác" (09).
    moved = after["09"][0] - before["09"][0]
    assert moved >= 1 and after["10"][0] == before["10"][0] - moved and after["01"] == before["01"]
    pdf = tmp_path / "h.pdf"
    statistics.export_statistics(store, "0605", 2025, pdf, half=2)
    text = _pdf_text(pdf)
    assert "Biểu số: 0605.H/BNV-TĐKT" in text and "Công chức chuyên trách" in text
    with store.write() as session:
        statistics_setup.reset_layout(session)
    statistics.export_statistics(store, "0605", 2025, pdf, half=2)
    assert "Biểu số: 0605.6T/BNV-TĐKT" in _pdf_text(pdf)


def _export(store: Store, target: Path) -> Path:
    statistics.export_statistics(store, "0603", 2025, target)
    return target


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["forms"].pop("0604"), "forms"),
        (
            lambda d: d["forms"]["0603"]["blocks"][1]["rows"][0].update(key="bonus"),
            "forms.0603.blocks[1].rows[0].key",
        ),
        (lambda d: d["forms"]["0605"]["blocks"][0]["rows"][0].update(of=["02", "99"]), "forms.0605.01.of"),
        (
            lambda d: d["forms"]["0601"]["blocks"][0]["rows"].append(
                {"code": "01", "label": "x", "key": "total"}
            ),
            "rows[1]",
        ),
        (
            lambda d: d["position_rules"]["rules"][0].update(category="boss"),
            "position_rules.rules[0].category",
        ),
        (lambda d: d["form_number"].pop("half"), "form_number.half"),
        (lambda d: d["forms"]["0605"].update(title="SỐ NGƯỜI \u202e"), "forms.0605.title"),
        (lambda d: d["forms"]["0605"]["blocks"][1].update(rows=[{"code": "x"}] * 301), "blocks[1].rows"),
    ],
)
def test_a_broken_layout_is_refused_naming_where_and_nothing_is_written(
    store: Store, change: Any, where: str
) -> None:
    data = _layout(store)
    change(data)
    before = _snap(store)
    with pytest.raises(ValidationError) as caught, store.write() as session:
        statistics_setup.save_layout(session, data)
    assert where in caught.value.message
    assert _snap(store) == before


def test_the_shipped_layout_cites_its_source_and_says_what_is_unconfirmed() -> None:
    layout = parse_layout(statistics_setup.shipped_data())
    assert layout.issued_on is not None and layout.issued_on.isoformat() == "2023-03-23"
    assert all(form.source for form in layout.forms.values())
    assert not layout.forms["0604"].confirmed and not layout.forms["0605"].confirmed
    assert not layout.number_confirmed and not layout.positions.confirmed
    assert layout.form_number("0603", 1) == "0603.6T/BNV-TĐKT"


def test_the_demo_fills_0604_and_0605_and_the_cli_enters_and_shows_figures(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for form, total in (("0604", 89), ("0605", 110)):
        target = tmp_path / f"{form}.xlsx"
        code, out, err = run(
            capsys,
            "--db",
            demo_db,
            "export",
            "statistics",
            "--form",
            form,
            "--year",
            "2025",
            "-o",
            str(target),
        )
        assert code == 0, err
        assert form_rows(target)["01"] == (total,)
    code, out, err = run(
        capsys,
        "--db",
        demo_db,
        "statistics",
        "set",
        "--form",
        "0605",
        "--year",
        "2025",
        "--half",
        "2",
        "02=7",
        "03=1.203",
    )
    assert code == 0, err
    code, out, err = run(
        capsys,
        "--db",
        demo_db,
        "statistics",
        "show",
        "--form",
        "0605",
        "--year",
        "2025",
        "--half",
        "2",
        "--json",
    )
    assert code == 0, err
    shown = {row["code"]: row["figure"] for row in json.loads(out)}
    assert (shown["02"], shown["03"], shown["04"]) == (7, 1203, None)
    target = tmp_path / "h2.xlsx"
    run(
        capsys,
        "--db",
        demo_db,
        "export",
        "statistics",
        "--form",
        "0605",
        "--year",
        "2025",
        "--half",
        "2",
        "-o",
        str(target),
    )
    assert form_rows(target)["01"] == (1210,)
    for bad in (["02=x"], ["=3"], ["09=1"]):
        code, _out, err = run(
            capsys, "--db", demo_db, "statistics", "set", "--form", "0605", "--year", "2025", *bad
        )
        assert code in (1, 2) and "Traceback" not in err, bad
    # The layout goes out to a file, comes back edited, and is reset.
    layout_file = tmp_path / "layout.json"
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout-export", "-o", str(layout_file))
    assert code == 0, err
    data = json.loads(layout_file.read_text(encoding="utf-8"))
    data["forms"]["0604"]["title"] = "TỔ CHỨC LÀM CÔNG TÁC THI ĐUA"
    layout_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout-load", str(layout_file))
    assert code == 0, err
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout", "--json")
    assert code == 0, err
    info = json.loads(out)
    assert info["office_copy"] is True
    assert {p["part"]: p["confirmed"] for p in info["parts"]}["Biểu 0604"] is False
    layout_file.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout-load", str(layout_file))
    assert code == 1 and "JSON" in err and "Traceback" not in err
    layout_file.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout-load", str(layout_file))
    assert code == 1 and "Traceback" not in err
    layout_file.write_text(" " * 1_000_001, encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout-load", str(layout_file))
    assert code == 1 and "Traceback" not in err
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout", "--json")
    assert json.loads(out)["office_copy"] is True  # the refused files left the office's copy alone
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout-reset")
    assert code == 0, err
    code, out, err = run(capsys, "--db", demo_db, "statistics", "layout", "--json")
    assert json.loads(out)["office_copy"] is False


@ENGINE_FREE
def test_a_form_the_register_counts_has_nothing_to_enter(sqlite_demo_store: Store) -> None:
    with sqlite_demo_store.read() as session:
        assert statistics_setup.entered_lines(session, "0603", 2025, None) == []
        forms = session.scalars(select(AwardForm.code).where(AwardForm.level == AwardLevel.STATE)).all()
    assert "BK_TTG" in forms
