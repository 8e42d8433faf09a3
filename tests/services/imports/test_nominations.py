"""Nominations sent up by a district: filed as submitted, so the campaign's quotas apply exactly as in
the GUI; rows of one file count each other's places."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from emudesk.db.models import Campaign, Household, Milestone, Nomination
from emudesk.domain.enums import CampaignStatus, MilestoneKind, NominationStatus, RecordSource, SubjectKind
from emudesk.importer import parse_file
from emudesk.services.core.store import Store
from emudesk.services.eligibility import judge as eligibility
from emudesk.services.imports.importing import Action, commit_import, plan_import
from emudesk.services.nominations.workflow import transition
from tests.factories import nominate, snn_department, unit
from tests.services.imports.builders import table

HEADER = [
    "STT",
    "Tên tập thể, cá nhân",
    "Đơn vị",
    "Hình thức đề nghị",
    "Phong trào thi đua",
    "Năm",
    "Tóm tắt thành tích",
]
CAMPAIGN = "Kế hoạch /KH-SNNPTNT"


def plan_for(store: Store, path: Path):  # type: ignore[no-untyped-def]
    with store.read() as s:
        return plan_import(s, parse_file(path, "nominations"))


def nominations(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Nomination)) or 0)


def test_two_rows_for_the_last_place(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        dept = snn_department(s)
    rows = [
        [
            1,
            "Nguyễn Văn An",
            "Chi cục Thủy lợi",
            "Bằng khen của Chủ tịch UBND tỉnh",
            CAMPAIGN,
            2023,
            "Hoàn thành xuất sắc",
        ],
        [
            2,
            "Trần Thị Bình",
            "Phòng Kế hoạch - Tài chính",
            "Bằng khen của Chủ tịch UBND tỉnh",
            CAMPAIGN,
            2023,
            "Tiêu biểu",
        ],
    ]
    path = table(tmp_path / "dn.xlsx", HEADER, rows)
    plan = plan_for(store, path)
    # "Không quá 01 cá nhân": the first row takes the place, the second is refused with the quota's words.
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.ERROR]
    (error,) = plan.all_errors()
    assert error.row == 3 and error.column_letter == "D"
    # Row 2's nomination only exists if the import succeeds: it is named by its row, not by a
    # temporary id, and the lead-in is said once.
    assert error.reason == (
        "Vượt chỉ tiêu: “Bằng khen CT UBND tỉnh – cá nhân” (Bằng khen của Chủ tịch UBND tỉnh, cá nhân) "
        "chỉ cho phép 1; đã dùng 1. Đề nghị mới (Trần Thị Bình – Bằng khen của Chủ tịch UBND tỉnh) "
        "không thể nhận thêm suất. Các đề nghị đang giữ suất: "
        "Nguyễn Văn An (dòng 2 của tệp này) – chưa lưu, được nhập trong cùng thao tác này."
    )
    result = commit_import(store, plan)
    assert not result.committed and nominations(store) == 0
    # One row fits.
    plan = plan_for(store, table(path, HEADER, rows[:1]))
    result = commit_import(store, plan)
    assert result.committed and result.created == 1
    with store.read() as s:
        n = s.scalars(select(Nomination)).one()
        assert (n.status, n.source, n.subject_kind) == (
            NominationStatus.SUBMITTED,
            RecordSource.IMPORTED,
            SubjectKind.INDIVIDUAL,
        )
        assert (n.individual_id, n.campaign_id, n.year) == (dept.staff[0], dept.campaign, 2023)
    # Importing the same file again matches the filed nomination: nothing new.
    plan = plan_for(store, path.with_name("dn.xlsx"))
    assert plan.rows[0].action is Action.SKIP and commit_import(store, plan).created == 0
    assert nominations(store) == 1


def test_a_place_taken_in_the_gui_counts(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        dept = snn_department(s)
        held = nominate(s, dept.campaign, SubjectKind.INDIVIDUAL, dept.staff[2], "BK_TINH")
        transition(s, [held], NominationStatus.SUBMITTED)
    rows = [[1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None]]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", HEADER, rows))
    (error,) = plan.all_errors()
    assert "Lê Đức Cường" in error.reason
    assert not commit_import(store, plan).committed and nominations(store) == 1


def test_unknown_form_and_missing_campaign(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        snn_department(s)
    header = ["Tên tập thể, cá nhân", "Đơn vị", "Hình thức đề nghị"]
    rows = [
        ["Nguyễn Văn An", "Chi cục Thủy lợi", "Huy chương vàng Olympic"],
        ["Trần Thị Bình", None, "BK_TINH"],
    ]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", header, rows))
    reasons = {(e.row, e.column_letter): e.reason for e in plan.all_errors()}
    assert "danh mục" in reasons[(2, "C")]
    assert "phong trào" in reasons[(3, None)].lower()
    # The campaign chosen when importing stands for a file without the column.
    with store.read() as s:
        from emudesk.db.models import Campaign

        cid = s.scalar(select(Campaign.id))
        plan = plan_import(s, parse_file(tmp_path / "dn.xlsx", "nominations"), campaign_id=cid)
    assert plan.rows[1].action is Action.CREATE


def test_a_new_person_named_by_a_district(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        snn_department(s)
    header = [
        "Tên tập thể, cá nhân",
        "Giới tính",
        "Ngày sinh",
        "Đơn vị",
        "Hình thức đề nghị",
        "Phong trào thi đua",
    ]
    rows = [
        [
            "Đinh Công Tráng",
            "Nam",
            "02/09/1975",
            "Chi cục Thủy lợi",
            "Bằng khen của Chủ tịch UBND tỉnh",
            CAMPAIGN,
        ]
    ]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", header, rows))
    assert plan.ok and any("thêm mới" in w.reason for w in plan.rows[0].warnings)
    result = commit_import(store, plan)
    assert result.committed and result.subjects_added == 1
    with store.read() as s:
        n = s.scalars(select(Nomination)).one()
        assert n.individual is not None and n.individual.birth_date == dt.date(1975, 9, 2)


def test_commit_without_rehearsal_still_reports_every_refusal(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        snn_department(s)
    rows = [
        [i + 1, name, unit, "BK_TINH", CAMPAIGN, 2023, None]
        for i, (name, unit) in enumerate(
            [
                ("Nguyễn Văn An", "Chi cục Thủy lợi"),
                ("Trần Thị Bình", "Phòng Kế hoạch - Tài chính"),
                ("Lê Đức Cường", "Chi cục Thủy lợi"),
            ]
        )
    ]
    path = table(tmp_path / "dn.xlsx", HEADER, rows)
    with store.read() as s:
        plan = plan_import(s, parse_file(path, "nominations"), rehearse_writes=False)  # as the CLI does
    assert plan.ok  # the quota is only known when writing
    result = commit_import(store, plan)
    assert not result.committed and nominations(store) == 0
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.ERROR, Action.ERROR]
    assert {e.row for e in plan.all_errors()} == {3, 4}


# --- the campaign's own terms, and the day each file was received ------------------------------------

DATED = [*HEADER, "Ngày nhận hồ sơ"]


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Nomination)) or 0),
            int(s.scalar(select(func.count()).select_from(Household)) or 0),
        )


def test_a_household_and_a_village_outside_the_plan_refuse_the_whole_file(
    store: Store, tmp_path: Path
) -> None:
    """The seed plan's participants are the department's units and staff; its Bằng khen row says
    "Hộ gia đình: Không". Nothing of the file is written, not even the household it names."""
    with store.write() as s:
        dept = snn_department(s)
        unit(s, "Thôn Đông", "thon_tdp")
    rows = [
        [1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None, "20/11/2023"],
        [2, "Hộ ông Nguyễn Văn Tư", None, "BK_TINH", CAMPAIGN, 2023, "Hiến đất", "20/11/2023"],
        [3, "Thôn Đông", None, "BK_TINH", CAMPAIGN, 2023, None, "20/11/2023"],
    ]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", DATED, rows))
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.ERROR, Action.ERROR]
    household, village = plan.all_errors()
    assert (household.row, household.column_letter) == (3, "B")
    assert "Kế hoạch số /KH-SNNPTNT" in household.reason
    assert "Tập thể: các phòng, đơn vị thuộc Sở" in household.reason
    assert "Hộ ông (bà) Nguyễn Văn Tư (hộ gia đình) không thuộc các đối tượng này" in household.reason
    assert (village.row, village.column_letter) == (4, "B")
    assert "Thôn Đông (Thôn, tổ dân phố)" in village.reason
    result = commit_import(store, plan)
    assert not result.committed and _counts(store) == (0, 0)
    # Without the two rows the file goes in, with the day it was received.
    result = commit_import(store, plan_for(store, table(tmp_path / "ok.xlsx", DATED, rows[:1])))
    assert result.committed and result.created == 1
    with store.read() as s:
        n = s.scalars(select(Nomination)).one()
        assert (n.individual_id, n.filed_on) == (dept.staff[0], dt.date(2023, 11, 20))


def test_a_closed_campaign_takes_no_file_from_an_import(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        dept = snn_department(s)
        s.execute(update(Campaign).where(Campaign.id == dept.campaign).values(status=CampaignStatus.CLOSED))
    rows = [[1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None, "20/11/2023"]]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", DATED, rows))
    (error,) = plan.all_errors()
    assert error.column_letter == "E"  # the campaign's column
    assert "“Đã kết thúc”, không nhận thêm hồ sơ đề nghị (Nguyễn Văn An)" in error.reason
    assert not commit_import(store, plan).committed and _counts(store) == (0, 0)


def test_the_plans_deadline_judges_the_day_each_file_was_received(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        dept = snn_department(s)
        s.add(
            Milestone(
                campaign_id=dept.campaign,
                kind=MilestoneKind.NOMINATION_DUE,
                title="Các phòng, đơn vị gửi hồ sơ về Văn phòng Sở",
                due_date=dt.date(2023, 12, 15),
            )
        )
    rows = [
        [1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None, "15/12/2023"],
        [2, "Chi cục Thủy lợi", None, "BK_TINH", CAMPAIGN, 2023, None, "18/12/2023"],
        [3, "Phòng Kế hoạch - Tài chính", None, "BK_TINH", CAMPAIGN, 2023, None, None],
    ]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", DATED, rows))
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.ERROR, Action.ERROR]
    late, undated = plan.all_errors()
    assert (late.row, late.column_letter) == (3, "H")
    assert "hạn nộp hồ sơ đề nghị khen thưởng là ngày 15/12/2023" in late.reason
    assert "hồ sơ của Chi cục Thủy lợi nhận ngày 18/12/2023 là quá hạn" in late.reason
    # No day given: the import's day stands, and it is past the deadline too.
    assert (undated.row, undated.column_letter) == (4, "H")
    assert f"nhận ngày {dt.date.today():%d/%m/%Y} là quá hạn" in undated.reason
    assert not commit_import(store, plan).committed and _counts(store) == (0, 0)


def test_the_day_received_is_read_and_an_empty_one_is_the_import_day(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        dept = snn_department(s)
    rows = [
        [1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None, dt.date(2023, 11, 20)],
        [2, "Chi cục Thủy lợi", None, "BK_TINH", CAMPAIGN, 2023, None, None],
    ]
    plan = plan_for(store, table(tmp_path / "dn.xlsx", DATED, rows))
    assert plan.ok
    today = dt.date.today()
    (note,) = plan.notes
    assert note == (
        "1 đề nghị không ghi ngày nhận hồ sơ (cột “Ngày nhận hồ sơ”): "
        f"ghi ngày nhập dữ liệu {today:%d/%m/%Y} làm ngày nhận hồ sơ."
    )
    assert commit_import(store, plan).committed
    with store.read() as s:
        got = {u: d for u, d in s.execute(select(Nomination.unit_id, Nomination.filed_on))}
        got_person = s.scalar(select(Nomination.filed_on).where(Nomination.individual_id == dept.staff[0]))
    assert got_person == dt.date(2023, 11, 20)
    assert got[dept.divisions[0]] == today


def test_a_bad_day_received_names_file_sheet_row_column_and_reason(store: Store, tmp_path: Path) -> None:
    with store.write() as s:
        snn_department(s)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    rows = [
        [1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None, "31/02/2023"],
        [2, "Chi cục Thủy lợi", None, "BK_TINH", CAMPAIGN, 2023, None, "2023"],
        [3, "Phòng Kế hoạch - Tài chính", None, "BK_TINH", CAMPAIGN, 2023, None, tomorrow],
    ]
    path = table(tmp_path / "dn.xlsx", DATED, rows, title="Đề nghị")
    plan = plan_for(store, path)
    errors = plan.all_errors()
    assert [(e.file, e.sheet, e.row, e.column_letter) for e in errors] == [
        ("dn.xlsx", "Đề nghị", 2, "H"),
        ("dn.xlsx", "Đề nghị", 3, "H"),
        ("dn.xlsx", "Đề nghị", 4, "H"),
    ]
    assert errors[0].reason.startswith("“31/02/2023” không phải là ngày")
    assert errors[1].reason == "“2023” chỉ có năm; hãy nhập đủ ngày/tháng/năm (dd/mm/yyyy)."
    assert errors[2].reason == f"Ngày nhận hồ sơ {tomorrow:%d/%m/%Y} là ngày trong tương lai (sau hôm nay)."
    assert not commit_import(store, plan).committed and _counts(store) == (0, 0)


def test_the_rules_judge_an_imported_file_on_the_day_it_was_received(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.write() as s:
        snn_department(s)
    asked: list[dt.date] = []
    real = eligibility.evaluate

    def evaluate(session, subject, code, on, **kw):  # type: ignore[no-untyped-def]
        asked.append(on)
        return real(session, subject, code, on, **kw)

    monkeypatch.setattr(eligibility, "evaluate", evaluate)
    rows = [[1, "Nguyễn Văn An", "Chi cục Thủy lợi", "BK_TINH", CAMPAIGN, 2023, None, "20/11/2023"]]
    plan_for(store, table(tmp_path / "dn.xlsx", DATED, rows))
    assert asked == [dt.date(2023, 11, 20)]
