"""Nominations sent up by a district: filed as submitted, so the campaign's quotas apply exactly as in
the GUI; rows of one file count each other's places."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus, RecordSource, SubjectKind
from emudesk.importer import parse_file
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, commit_import, plan_import
from emudesk.services.nominations.workflow import transition
from tests.factories import nominate, snn_department
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
