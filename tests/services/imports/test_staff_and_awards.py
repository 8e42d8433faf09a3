"""A new office's first import: its staff list, then its award history, as offices keep them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from emudesk.db.models import AuditEntry, AwardRecord, Individual, Membership
from emudesk.domain.enums import Gender, RecordSource, SubjectKind
from emudesk.importer import parse_file
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, OnMatch, commit_import, plan_import
from tests.services.imports.builders import Office, award_history, nfd, staff_list, staff_rows

D = dt.date


def counts(store: Store) -> tuple[int, ...]:
    """Everything an import may write, counted."""
    with store.read() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Individual, Membership, AwardRecord, AuditEntry)
        )


def import_file(store: Store, path: Path, kind: str, **kw: object):  # type: ignore[no-untyped-def]
    parsed = parse_file(path, kind)
    with store.read() as s:
        plan = plan_import(s, parsed, **kw)  # type: ignore[arg-type]
    return plan, commit_import(store, plan)


@pytest.mark.parametrize("xls", [False, True], ids=["xlsx", "xls"])
def test_staff_list_as_offices_keep_it(store: Store, office: Office, tmp_path: Path, xls: bool) -> None:
    path = staff_list(tmp_path / ("ds.xls" if xls else "ds.xlsx"), xls=xls)
    plan, result = import_file(store, path, "individuals")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert [r.action for r in plan.rows] == [Action.CREATE] * 4
    # "Phòng Nội vụ" exists in two districts; the title row names UBND huyện Vũ Thư.
    assert any("Vũ Thư" in w.reason for w in plan.rows[0].warnings)
    assert result.committed and result.created == 4
    with store.read() as s:
        people = {p.full_name: p for p in s.scalars(select(Individual))}
    duc = people["Nguyễn Văn Đức"]  # NFD and "Ông" gone
    assert (duc.gender, duc.birth_date, duc.id_number) == (Gender.MALE, D(1985, 7, 12), "034085000123")
    assert duc.unit_id == office.home_affairs and duc.position == "Trưởng phòng"
    hoa = people["Trần Thị Hoa"]
    assert (hoa.gender, hoa.birth_date, hoa.unit_id) == (Gender.FEMALE, D(1990, 3, 4), office.home_affairs)
    tuan = people["Lê Minh Tuấn"]
    assert (tuan.birth_year, tuan.birth_date, tuan.unit_id) == (1979, None, office.finance)
    assert people["Phạm Thị Lan"].note == "HĐ 68"


def test_reimport_creates_nothing_and_updates_on_request(
    store: Store, office: Office, tmp_path: Path
) -> None:
    path = staff_list(tmp_path / "ds.xlsx")
    import_file(store, path, "individuals")
    before = counts(store)
    plan, result = import_file(store, path, "individuals")
    assert [r.action for r in plan.rows] == [Action.SKIP] * 4
    assert [r.match_by for r in plan.rows][:2] == ["cùng số định danh"] * 2
    assert result.committed and result.created == 0 and counts(store) == before
    # The same file with "update": nothing differs, so nothing changes (no audit entries either).
    plan, result = import_file(store, path, "individuals", on_match=OnMatch.UPDATE)
    assert all(r.unchanged for r in plan.rows) and result.updated == 0 and counts(store) == before
    # A corrected position is an update; the person keeps their id.
    rows = staff_rows()
    rows[1][5] = "Phó Trưởng phòng"
    staff_list(path, rows)
    plan, result = import_file(store, path, "individuals", on_match=OnMatch.UPDATE)
    assert [r.action for r in plan.rows] == [Action.SKIP, Action.UPDATE, Action.SKIP, Action.SKIP]
    assert result.updated == 1
    with store.read() as s:
        hoa = s.scalar(select(Individual).where(Individual.full_name == "Trần Thị Hoa"))
        assert hoa is not None and hoa.position == "Phó Trưởng phòng"
        assert s.scalar(select(func.count()).select_from(Individual)) == 4


def test_create_on_match(store: Store, office: Office, tmp_path: Path) -> None:
    path = staff_list(tmp_path / "ds.xlsx")
    import_file(store, path, "individuals")
    plan, result = import_file(store, path, "individuals", on_match=OnMatch.CREATE)
    # Two rows match by ID number: a second person with the same number cannot exist.
    assert [r.action for r in plan.rows] == [Action.ERROR, Action.ERROR, Action.CREATE, Action.CREATE]
    assert "số định danh" in plan.rows[0].all_errors()[0].reason
    assert not result.committed
    # Choosing per row: skip the two, create the namesakes again.
    for row in plan.rows[:2]:
        row.choice = OnMatch.SKIP
    result = commit_import(store, plan)
    assert result.committed and result.created == 2
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Individual)) == 6


def test_one_bad_row_imports_nothing_and_names_the_cell(store: Store, office: Office, tmp_path: Path) -> None:
    rows = staff_rows()
    rows.insert(2, [3, "Hoàng Văn Bình", "31/02/1980", None, None, "Chuyên viên", "Phòng Nội vụ", None])
    rows.append([6, "Đỗ Thị Mai", None, "01/01/1991", None, None, "Phòng Không Có", None])
    path = staff_list(tmp_path / "ds.xlsx", rows)
    before = counts(store)
    plan, result = import_file(store, path, "individuals")
    assert not plan.ok and not result.committed and counts(store) == before
    bad = {(e.sheet, e.row, e.column_letter) for e in plan.all_errors()}
    assert bad == {("Danh sách", 10, "C"), ("Danh sách", 13, "G")}
    reasons = " ".join(e.reason for e in plan.all_errors())
    assert "không phải là ngày có thật" in reasons and "Phòng Không Có" in reasons
    assert plan.summary().endswith("2 dòng lỗi.")


def test_ambiguous_unit_names_its_candidates(store: Store, office: Office, tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    from tests.services.imports.builders import table

    table(
        path,
        ["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị"],
        [["Vũ Văn Khải", "Nam", "1970", "Phòng Nội vụ"]],
    )
    plan, _result = import_file(store, path, "individuals")
    (error,) = plan.all_errors()
    assert error.column_letter == "D" and "UBND huyện Vũ Thư" in error.reason and "Kiến Xương" in error.reason
    table(
        path,
        ["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị"],
        [["Vũ Văn Khải", "Nam", "1970", "Phòng Nội vụ - UBND huyện Kiến Xương"]],
    )
    plan, result = import_file(store, path, "individuals")
    assert plan.ok and result.committed
    with store.read() as s:
        assert s.scalar(select(Individual.unit_id)) == office.other_home_affairs


AWARDS = [
    [
        1,
        nfd("Ông Nguyễn Văn Đức"),
        "Phòng Nội vụ",
        2022,
        "Chiến sĩ thi đua cơ sở",
        "15/QĐ-UBND",
        "05/01/2023",
        "Chủ tịch UBND huyện Vũ Thư",
    ],
    [
        2,
        "Nguyễn Văn Đức",
        "Phòng Nội vụ",
        "2023",
        "Giấy khen của Chủ tịch UBND huyện",
        "7/QĐ-UBND",
        dt.date(2024, 1, 10),
        "Chủ tịch UBND huyện Vũ Thư",
    ],
    [
        3,
        "Bà Trần Thị Hoa",
        "Phòng Nội vụ",
        2023,
        "Bằng khen của Chủ tịch UBND tỉnh Thái Bình",
        "123/QĐ-UBND",
        "20/01/2024",
        "Chủ tịch UBND tỉnh",
    ],
    [
        4,
        "Phòng Tài chính - Kế hoạch",
        "UBND huyện Vũ Thư",
        2023,
        "Tập thể lao động tiên tiến",
        "7/QĐ-UBND",
        "10/01/2024",
        "Chủ tịch UBND huyện Vũ Thư",
    ],
    [
        5,
        "Phạm Văn Hùng",
        "Phòng Nội vụ",
        2021,
        "Lao động tiên tiến",
        "3/QĐ-UBND",
        "04/01/2022",
        "Chủ tịch UBND huyện Vũ Thư",
    ],
]


def test_award_history_after_the_staff_list(store: Store, office: Office, tmp_path: Path) -> None:
    import_file(store, staff_list(tmp_path / "ds.xlsx"), "individuals")
    path = award_history(tmp_path / "kt.xlsx", AWARDS)
    plan, result = import_file(store, path, "awards")
    # Phạm Văn Hùng is in no list and the file gives no gender: that row is refused, so nothing is written.
    assert [r.action for r in plan.rows] == [Action.CREATE] * 4 + [Action.ERROR]
    (error,) = plan.all_errors()
    assert (error.row, error.column_letter) == (10, "B") and "Phạm Văn Hùng" in error.reason
    assert not result.committed
    # "Ông" tells the gender: the person is added with the award.
    rows = [list(r) for r in AWARDS]
    rows[4][1] = "Ông Phạm Văn Hùng"
    award_history(path, rows)
    plan, result = import_file(store, path, "awards")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.committed and result.created == 5 and result.subjects_added == 1
    with store.read() as s:
        records = {r.recipient_name + str(r.year): r for r in s.scalars(select(AwardRecord))}
        cstd = records["Nguyễn Văn Đức2022"]
        assert cstd.award_form is not None and cstd.award_form.code == "CSTDCS"
        assert (cstd.decision_number, cstd.decision_date, cstd.source) == (
            "15/QĐ-UBND",
            D(2023, 1, 5),
            RecordSource.IMPORTED,
        )
        assert records["Trần Thị Hoa2023"].award_form.code == "BK_TINH"  # type: ignore[union-attr]
        assert records["Nguyễn Văn Đức2023"].award_form.code == "GK"  # type: ignore[union-attr]
        collective = records["Phòng Tài chính - Kế hoạch2023"]
        assert collective.subject_kind is SubjectKind.UNIT and collective.unit_id == office.finance
    before = counts(store)
    plan, result = import_file(store, path, "awards")
    assert [r.action for r in plan.rows] == [Action.SKIP] * 5 and counts(store) == before


def test_award_history_from_an_old_xls(store: Store, office: Office, tmp_path: Path) -> None:
    import_file(store, staff_list(tmp_path / "ds.xls", xls=True), "individuals")
    plan, result = import_file(store, award_history(tmp_path / "kt.xls", AWARDS[:4], xls=True), "awards")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.committed and result.created == 4


def test_cancel_and_dry_run_write_nothing(store: Store, office: Office, tmp_path: Path) -> None:
    import threading

    from emudesk.services.imports.importing import ImportCancelledError

    parsed = parse_file(staff_list(tmp_path / "ds.xlsx"), "individuals")
    with store.read() as s:
        plan = plan_import(s, parsed)
    before = counts(store)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelledError):
        commit_import(store, plan, cancel=cancel)
    assert counts(store) == before
    result = commit_import(store, plan, dry_run=True)
    assert not result.committed and result.created == 4 and "Chạy thử" in result.summary()
    assert counts(store) == before


def test_a_unit_name_two_districts_share_still_finds_the_person(
    store: Store, office: Office, tmp_path: Path
) -> None:
    from tests.services.imports.builders import table

    import_file(store, staff_list(tmp_path / "ds.xlsx"), "individuals")
    header = ["Tên tập thể, cá nhân", "Đơn vị", "Năm", "Hình thức khen thưởng"]
    path = table(tmp_path / "kt.xlsx", header, [["Trần Thị Hoa", "Phòng Nội vụ", 2024, "Giấy khen"]])
    plan, result = import_file(store, path, "awards")
    assert plan.ok and result.created == 1, [str(e) for e in plan.all_errors()]
    # Someone of neither "Phòng Nội vụ" cannot be placed: the ambiguity is reported with both.
    table(path, header, [["Ông Lý Văn Mới", "Phòng Nội vụ", 2024, "Giấy khen"]])
    plan, result = import_file(store, path, "awards")
    (error,) = plan.all_errors()
    assert error.column_letter == "B" and "Kiến Xương" in error.reason and not result.committed
