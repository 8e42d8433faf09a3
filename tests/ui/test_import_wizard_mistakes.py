"""The import wizard for people who make mistakes, driven by clicks and key presses as a clerk would:
a wrong cell corrected and a row left out in the wizard, the file read again after Excel, a required
column left unmapped, the last "Nhập" step, and names typed in one case stored in proper case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QWidget, QWizard
from shiboken6 import isValid
from sqlalchemy import select

from emudesk.db.models import Individual
from emudesk.domain.enums import Gender
from emudesk.services.core.store import Store
from emudesk.ui.import_wizard.base import PAGE_CONFIRM, PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_SUMMARY
from emudesk.ui.import_wizard.mapping_page import MappingPage
from emudesk.ui.import_wizard.wizard import ImportWizard, open_import_wizard
from tests.factories import person
from tests.services.imports.builders import Office, make_office, staff_list, staff_rows, table
from tests.snapshot import snapshot

NEXT, COMMIT = QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def fake_exec(self: QMessageBox) -> int:
        shown.append(f"{self.text()}\n{self.informativeText()}".strip())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def office(sqlite_store: Store) -> Office:
    return make_office(sqlite_store)


@pytest.fixture
def wizard(qtbot, sqlite_store: Store, office: Office, boxes: list[str]) -> Iterator[ImportWizard]:  # type: ignore[no-untyped-def]
    open_import_wizard(None, sqlite_store, kind="individuals")
    found = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible())
    found.resize(1366, 768)
    qtbot.waitUntil(lambda: found.tasks.idle, timeout=10_000)
    yield found
    if isValid(found) and found.isVisible():
        found.tasks.shutdown()
        found.done(0)


def type_text(widget: QWidget, text: str) -> None:
    """Key by key (QTest.keyClicks cannot send Vietnamese letters offscreen)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def idle(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.tasks.idle, timeout=20_000)
    QApplication.processEvents()


def press(qtbot, wizard: ImportWizard, page: int, which: QWizard.WizardButton = NEXT) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(which)
    qtbot.waitUntil(button.isEnabled, timeout=20_000)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=20_000)
    idle(qtbot, wizard)


def choose_file(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    edit = wizard.file_page.path_edit
    edit.setFocus()
    QTest.keyClicks(edit, str(path))  # an ASCII path: keyClicks is safe offscreen
    press(qtbot, wizard, PAGE_MAPPING)


def column_of(wizard: ImportWizard, letter: str) -> int:
    model = wizard.preview_page.model
    return next(
        c
        for c in range(model.columnCount())
        if str(model.headerData(c, Qt.Orientation.Horizontal)).startswith(f"{letter} ")
    )


def click_cell(qtbot, wizard: ImportWizard, row_number: int, letter: str) -> None:  # type: ignore[no-untyped-def]
    preview = wizard.preview_page
    table_view, model = preview.table, preview.model
    at = model.position_of(row_number)
    assert at is not None, f"row {row_number} is not shown"
    index = model.index(at, column_of(wizard, letter))
    table_view.scrollTo(index)
    QTest.mouseClick(
        table_view.viewport(), Qt.MouseButton.LeftButton, pos=table_view.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: table_view.currentIndex() == index)


def click(qtbot, wizard: ImportWizard, button: QWidget, *, replans: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Click ``button``; when it plans again, wait for the new plan."""
    qtbot.waitUntil(button.isEnabled, timeout=20_000)
    old = wizard.plan
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    if replans:
        qtbot.waitUntil(lambda: wizard.plan is not old, timeout=20_000)
    idle(qtbot, wizard)


def choose_in_combo(combo: QComboBox, wanted: object) -> None:
    """Arrow keys on the focused combo box until it shows ``wanted``, as a keyboard user does."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == wanted:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == wanted


def people(store: Store) -> dict[str, Individual]:
    with store.read() as s:
        found = {p.full_name: p for p in s.scalars(select(Individual))}
        s.expunge_all()
        return found


def test_a_wrong_cell_is_corrected_and_a_row_left_out_then_the_rest_imported(
    qtbot, wizard: ImportWizard, sqlite_store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = staff_rows()
    rows[0][1] = "nguyễn văn đức"  # row 8, typed in lower case
    rows[2][2] = "31/02/1980"  # row 10: no such day
    rows[3][4] = "12345"  # row 11: not an ID number
    path = staff_list(tmp_path / "ds.xlsx", rows)
    on_disk = path.read_bytes()
    choose_file(qtbot, wizard, path)
    press(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    assert not wizard.button(NEXT).isEnabled()
    assert [preview.model.row_at(r).row_number for r in range(preview.model.rowCount())] == [10, 11]

    # The row's problems in place: its column and reason, as the services give them.
    click_cell(qtbot, wizard, 10, "C")
    assert "Dòng 10, cột C:" in preview.row_problems.text() and "31/02/1980" in preview.row_problems.text()

    # "Sửa": the cell is corrected in the wizard and the row checked again at once.
    assert preview.edit_button.text() == "Sửa"
    click(qtbot, wizard, preview.edit_button, replans=False)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "31/02/1980"
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, "28/02/1980")
    old = wizard.plan
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the view commits the editor's text on its next turn
    qtbot.waitUntil(lambda: wizard.plan is not old, timeout=20_000)
    idle(qtbot, wizard)
    plan = wizard.plan
    assert plan is not None
    assert [(r.row_number, r.action.value) for r in plan.rows if r.all_errors()] == [(11, "error")]
    assert not wizard.button(NEXT).isEnabled()

    # "Bỏ qua dòng này", then "Khôi phục" undoes it, then left out for good.
    click_cell(qtbot, wizard, 11, "E")
    assert "Dòng 11, cột E:" in preview.row_problems.text()
    assert preview.skip_button.text() == "Bỏ qua dòng này"
    click(qtbot, wizard, preview.skip_button)
    assert wizard.plan is not None and wizard.plan.ok and wizard.button(NEXT).isEnabled()
    at = preview.model.position_of(11)
    assert at is not None and preview.model.index(at, 1).data() == "Đã bỏ qua"
    assert preview.restore_button.text() == "Khôi phục" and preview.restore_button.isEnabled()
    click(qtbot, wizard, preview.restore_button)
    assert wizard.plan is not None and not wizard.plan.ok
    click_cell(qtbot, wizard, 11, "E")
    click(qtbot, wizard, preview.skip_button)
    assert wizard.plan is not None and wizard.plan.ok

    # The lower-case name is reported as it will be stored.
    notes = [preview.errors_model.index(r, 3).data() for r in range(preview.errors_model.rowCount())]
    assert "Lưu ý: tên đã chuẩn hoá: nguyễn văn đức → Nguyễn Văn Đức" in notes

    # Next never writes: the last step says exactly what will be written, then "Nhập".
    before = snapshot_of(sqlite_store)
    press(qtbot, wizard, PAGE_CONFIRM)
    assert snapshot_of(sqlite_store) == before
    confirm = wizard.confirm_page
    written = confirm.details.toPlainText().splitlines()
    assert written[:3] == ["Cá nhân: 3 thêm mới, 0 cập nhật, 1 bỏ qua", "", "Lưu ý:"]
    assert any(line.endswith("tên đã chuẩn hoá: nguyễn văn đức → Nguyễn Văn Đức") for line in written)
    assert wizard.button(COMMIT).text() == "Nhập"
    press(qtbot, wizard, PAGE_SUMMARY, COMMIT)
    assert wizard.outcome is not None and wizard.outcome.committed

    # Read back: exactly the corrected rows, the row left out absent, the file untouched.
    stored = people(sqlite_store)
    assert set(stored) == {"Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Minh Tuấn"}
    assert stored["Lê Minh Tuấn"].birth_date == dt.date(1980, 2, 28)
    assert (stored["Nguyễn Văn Đức"].family_name, stored["Nguyễn Văn Đức"].given_name) == ("Nguyễn", "Đức")
    assert path.read_bytes() == on_disk


def snapshot_of(store: Store) -> object:
    with store.read() as s:
        return snapshot(s)


def test_reading_the_file_again_finds_moved_columns_and_keeps_the_users_choice(
    qtbot, wizard: ImportWizard, sqlite_store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    header = ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Biệt danh", "Đơn vị công tác"]
    path = table(
        tmp_path / "ds.xlsx", header, [[1, "Lê Văn An", "Nam", 1980, "Anh Cả", "Phòng Tài chính - Kế hoạch"]]
    )
    choose_file(qtbot, wizard, path)
    mapping = wizard.mapping_page
    assert mapping.combos["note"].currentData() == MappingPage.NONE
    choose_in_combo(mapping.combos["note"], "E")  # "Biệt danh" is no known header: the clerk picks it
    press(qtbot, wizard, PAGE_PREVIEW)
    assert wizard.plan is not None and wizard.plan.ok, [str(e) for e in wizard.plan.all_errors()]
    # In Excel the clerk adds an ID column before the birth year and a second person: columns move.
    moved = ["STT", "Họ và tên", "Giới tính", "Số CCCD", "Năm sinh", "Biệt danh", "Đơn vị công tác"]
    table(
        path,
        moved,
        [
            [1, "Lê Văn An", "Nam", "034080000123", 1980, "Anh Cả", "Phòng Tài chính - Kế hoạch"],
            [2, "Đỗ Thị Bình", "Nữ", None, 1990, None, "Phòng Tài chính - Kế hoạch"],
        ],
    )
    click(qtbot, wizard, wizard.preview_page.reload_button)
    plan = wizard.plan
    assert plan is not None and plan.ok, [str(e) for e in plan.all_errors()]
    assert wizard.parsed is not None and wizard.parsed.mapping is not None  # type: ignore[union-attr]
    found = wizard.parsed.mapping  # type: ignore[union-attr]
    assert (found.letter_of("birth_date"), found.letter_of("id_number"), found.letter_of("note")) == (
        "E",
        "D",
        "F",
    )
    # Back on the columns: they show the new reading, the clerk's choice with them.
    QTest.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_MAPPING
    mapping = wizard.mapping_page
    assert (mapping.combos["note"].currentData(), mapping.combos["id_number"].currentData()) == ("F", "D")
    press(qtbot, wizard, PAGE_PREVIEW)
    press(qtbot, wizard, PAGE_CONFIRM)
    press(qtbot, wizard, PAGE_SUMMARY, COMMIT)
    stored = people(sqlite_store)
    an = stored["Lê Văn An"]
    assert (an.birth_year, an.id_number, an.note) == (1980, "034080000123", "Anh Cả")
    assert stored["Đỗ Thị Bình"].birth_year == 1990


def test_a_required_column_left_unmapped_stops_the_wizard(
    qtbot, wizard: ImportWizard, sqlite_store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    choose_file(qtbot, wizard, staff_list(tmp_path / "ds.xlsx"))
    mapping = wizard.mapping_page
    name_row = next(
        r for r in range(mapping.table.rowCount()) if mapping.table.item(r, 0).text().startswith("Họ và tên")
    )
    assert mapping.table.item(name_row, 0).text() == "Họ và tên *"  # required, from the importer's fields
    assert "bắt buộc" in mapping.note.text()
    choose_in_combo(mapping.combos["full_name"], MappingPage.NONE)
    assert not wizard.button(NEXT).isEnabled()
    assert mapping.missing_label.text() == "Chọn cột cho: “Họ và tên” (bắt buộc)."
    QTest.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    QTest.keyClick(wizard, Qt.Key.Key_Return)
    idle(qtbot, wizard)
    assert wizard.currentId() == PAGE_MAPPING and wizard.plan is None
    choose_in_combo(mapping.combos["full_name"], "B")
    assert mapping.missing_label.text() == "" and wizard.button(NEXT).isEnabled()
    press(qtbot, wizard, PAGE_PREVIEW)


def test_a_refusal_at_the_last_step_writes_nothing_and_says_where(
    qtbot, wizard: ImportWizard, sqlite_store: Store, office: Office, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    choose_file(qtbot, wizard, staff_list(tmp_path / "ds.xlsx"))
    press(qtbot, wizard, PAGE_PREVIEW)
    press(qtbot, wizard, PAGE_CONFIRM)
    # Meanwhile another clerk records Trần Thị Hoa's ID number for someone else.
    with sqlite_store.write() as s:
        person(
            s,
            "Vũ Thị Hằng",
            office.home_affairs,
            gender=Gender.FEMALE,
            born=dt.date(1990, 1, 1),
            id_number="034190000456",
        )
    before = snapshot_of(sqlite_store)
    press(qtbot, wizard, PAGE_SUMMARY, COMMIT)
    assert wizard.outcome is not None and not wizard.outcome.committed
    assert snapshot_of(sqlite_store) == before
    assert "Chưa nhập" in wizard.summary_page.label.text()
    assert (
        "Tệp “ds.xlsx”, trang tính “Danh sách”, dòng 9, cột E:" in wizard.summary_page.details.toPlainText()
    )


def test_back_to_the_file_forgets_the_corrections(qtbot, wizard: ImportWizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = staff_rows()
    rows[2][2] = "31/02/1980"
    choose_file(qtbot, wizard, staff_list(tmp_path / "ds.xlsx", rows))
    press(qtbot, wizard, PAGE_PREVIEW)
    click_cell(qtbot, wizard, 10, "C")
    click(qtbot, wizard, wizard.preview_page.skip_button)
    assert wizard.left_out
    QTest.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_FILE
    press(qtbot, wizard, PAGE_MAPPING)
    assert not wizard.left_out and not wizard.edits
