"""What the wizard changes without touching the file (cells corrected, rows left out, columns chosen by
hand and carried to a new reading), and names typed in one case stored in proper case, reported."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sqlalchemy import select

from emudesk.db.models import AwardRecord, Household, Individual
from emudesk.importer import ParsedSheet, parse_file
from emudesk.services.core.store import Store
from emudesk.services.imports.corrections import (
    CellEdit,
    HandChoice,
    carry_choices,
    missing_required,
    revise,
    what_will_be_written,
)
from emudesk.services.imports.importing import Action, commit_import, plan_import
from tests.services.imports.builders import Office, award_history, staff_list, staff_rows, table


def _plan(store: Store, parsed: ParsedSheet, **kw: object):  # type: ignore[no-untyped-def]
    with store.read() as s:
        return plan_import(s, parsed, **kw)  # type: ignore[arg-type]


def test_names_in_one_case_are_stored_in_proper_case_and_reported(
    store: Store, office: Office, tmp_path: Path
) -> None:
    rows = staff_rows()
    rows[0][1] = "nguyễn văn đức"
    rows[1][1] = "BÀ TRẦN THỊ HOA"
    path = staff_list(tmp_path / "ds.xlsx", rows)
    parsed = parse_file(path, "individuals")
    plan = _plan(store, parsed)
    notes = [str(w) for w in plan.all_warnings()]
    where = "Tệp “ds.xlsx”, trang tính “Danh sách”, dòng 8, cột B: "
    assert where + "tên đã chuẩn hoá: nguyễn văn đức → Nguyễn Văn Đức" in notes
    assert any("dòng 9, cột B: tên đã chuẩn hoá: TRẦN THỊ HOA → Trần Thị Hoa" in n for n in notes)
    assert not any("Lê Minh Tuấn" in n or "Phạm Thị Lan" in n for n in notes)  # typed properly: left alone
    assert plan.rows[0].label.startswith("Nguyễn Văn Đức")
    # The reading is left as read: planning it again reports again.
    assert parsed.rows[0].values["full_name"] == "nguyễn văn đức"
    assert len(_plan(store, parsed).all_warnings()) == len(plan.all_warnings())
    assert commit_import(store, plan).committed
    with store.read() as s:
        people = {
            p.full_name: (p.family_name, p.middle_name, p.given_name) for p in s.scalars(select(Individual))
        }
    assert people["Nguyễn Văn Đức"] == ("Nguyễn", "Văn", "Đức")
    assert people["Trần Thị Hoa"] == ("Trần", "Thị", "Hoa")
    assert set(people) == {"Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Minh Tuấn", "Phạm Thị Lan"}
    assert all(unicodedata.is_normalized("NFC", n) for n in people)


def test_a_person_added_by_an_award_list_gets_a_proper_name(
    store: Store, office: Office, tmp_path: Path
) -> None:
    unit = "Phòng Tài chính - Kế hoạch"
    row = [1, "ông phạm văn hùng", unit, 2023, "Giấy khen", "20/QĐ-UBND", "05/01/2024"]
    path = award_history(tmp_path / "kt.xlsx", [row])
    plan = _plan(store, parse_file(path, "awards"))
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert any("tên đã chuẩn hoá: phạm văn hùng → Phạm Văn Hùng" in str(w) for w in plan.all_warnings())
    assert commit_import(store, plan).committed
    with store.read() as s:
        assert s.scalars(select(Individual.full_name)).all() == ["Phạm Văn Hùng"]
        assert s.scalars(select(AwardRecord.recipient_name)).all() == ["Phạm Văn Hùng"]


def test_a_row_left_out_is_skipped_and_the_rest_imported(
    store: Store, office: Office, tmp_path: Path
) -> None:
    rows = staff_rows()
    rows[2][2] = "31/02/1980"  # row 10: not a real date
    parsed = parse_file(staff_list(tmp_path / "ds.xlsx", rows), "individuals")
    assert not _plan(store, parsed).ok
    plan = _plan(store, parsed, leave_out={10})
    assert plan.ok and [r.row_number for r in plan.rows] == [8, 9, 10, 11]
    assert [r.action for r in plan.rows] == [Action.CREATE, Action.CREATE, Action.SKIP, Action.CREATE]
    assert what_will_be_written(plan, "Cá nhân") == ["Cá nhân: 3 thêm mới, 0 cập nhật, 1 bỏ qua"]
    result = commit_import(store, plan)
    assert result.committed and (result.created, result.skipped) == (3, 1)
    with store.read() as s:
        assert "Lê Minh Tuấn" not in s.scalars(select(Individual.full_name)).all()


def test_a_cell_corrected_in_the_wizard_is_checked_again_and_the_file_is_not_touched(
    store: Store, office: Office, tmp_path: Path
) -> None:
    rows = staff_rows()
    rows[2][2] = "31/02/1980"
    path = staff_list(tmp_path / "ds.xlsx", rows)
    before = path.read_bytes()
    read = parse_file(path, "individuals")
    fixed, _applied, dropped = revise(read, edits=[CellEdit(10, 2, "31/02/1980", "28/02/1980")])
    assert dropped == [] and fixed.ok
    assert read.source is not None and read.source.value(10, 2) == "31/02/1980"  # the reading is kept
    plan = _plan(store, fixed)
    assert plan.ok and commit_import(store, plan).committed
    with store.read() as s:
        born = s.scalar(select(Individual.birth_date).where(Individual.full_name == "Lê Minh Tuấn"))
    assert born is not None and born.isoformat() == "1980-02-28"
    assert path.read_bytes() == before
    # A correction of a cell that now holds something else (the file was changed) is dropped.
    stale = CellEdit(10, 2, "30/02/1980", "28/02/1980")
    again, _applied, dropped = revise(read, edits=[stale])
    assert dropped == [stale] and not again.ok


def test_columns_chosen_by_hand_follow_their_header(tmp_path: Path) -> None:
    header = ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Tên gọi khác", "Đơn vị"]
    first = parse_file(
        table(tmp_path / "a.xlsx", header, [[1, "Lê Văn An", "Nam", 1980, "An", "Phòng Nội vụ"]]),
        "individuals",
    )
    assert first.mapping is not None and first.mapping.letter_of("note") is None
    hand = {"note": HandChoice("E", "Tên gọi khác"), "unit": HandChoice(None, "")}
    override, lost = carry_choices(first.mapping, hand)
    assert override == {"note": "E", "unit": None} and lost == []
    # The columns moved: "Tên gọi khác" is now D; the user's choice follows it, the rest is found again.
    moved = ["STT", "Họ và tên", "Năm sinh", "Tên gọi khác", "Giới tính", "Đơn vị"]
    second = parse_file(
        table(tmp_path / "b.xlsx", moved, [[1, "Lê Văn An", 1980, "An", "Nam", "Phòng Nội vụ"]]),
        "individuals",
    )
    override, lost = carry_choices(second.mapping, hand)
    assert override == {"note": "D", "unit": None} and lost == []
    parsed, _applied, _dropped = revise(second, mapping=override)
    assert parsed.mapping is not None
    assert (parsed.mapping.letter_of("note"), parsed.mapping.letter_of("gender")) == ("D", "E")
    assert parsed.rows[0].values["note"] == "An" and "unit" not in parsed.rows[0].values
    # The header is gone: the choice is dropped and said.
    gone = parse_file(table(tmp_path / "c.xlsx", header[:4], [[1, "Lê Văn An", "Nam", 1980]]), "individuals")
    assert carry_choices(gone.mapping, hand) == ({"unit": None}, ["note"])


def test_required_fields_come_from_the_importers_definitions() -> None:
    assert missing_required("individuals", {"full_name": None}) == ["Họ và tên"]
    assert missing_required("individuals", {"full_name": "B"}) == []
    assert missing_required("units", {"name": "A"}) == ["Loại đơn vị"]


def test_a_correction_follows_its_column_when_the_file_is_read_again(tmp_path: Path) -> None:
    header = ["STT", "Họ và tên", "Giới tính", "Năm sinh"]
    first = parse_file(table(tmp_path / "a.xlsx", header, [[1, "Lê Văn An", "Nam", "19x0"]]), "individuals")
    assert not first.ok
    edit = CellEdit(2, 3, "19x0", "1980", "birth_date")
    fixed, applied, dropped = revise(first, edits=[edit])
    assert fixed.ok and applied == [edit] and dropped == []
    # A column was inserted before "Năm sinh": the correction goes with it, to E.
    moved = ["STT", "Họ và tên", "Giới tính", "Dân tộc", "Năm sinh"]
    second = parse_file(
        table(tmp_path / "b.xlsx", moved, [[1, "Lê Văn An", "Nam", "Kinh", "19x0"]]), "individuals"
    )
    fixed, applied, dropped = revise(second, edits=[edit])
    assert fixed.ok and fixed.rows[0].values["birth_year"] == 1980
    assert [e.column for e in applied] == [4] and dropped == []


def test_a_households_head_typed_in_capitals_is_stored_in_proper_case(
    store: Store, office: Office, tmp_path: Path
) -> None:
    path = table(
        tmp_path / "ho.xlsx", ["STT", "Họ và tên chủ hộ", "Địa chỉ"], [[1, "LÊ VĂN BA", "Thôn Đông"]]
    )
    plan = _plan(store, parse_file(path, "households"))
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert [w.reason for w in plan.all_warnings()] == ["tên đã chuẩn hoá: LÊ VĂN BA → Lê Văn Ba"]
    assert commit_import(store, plan).committed
    with store.read() as s:
        assert s.scalars(select(Household.head_name)).all() == ["Lê Văn Ba"]
