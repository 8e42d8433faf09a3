"""The import wizard, driven offscreen from the file to the summary, as a new user would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWizard
from shiboken6 import isValid
from sqlalchemy import func, select

from emudesk.db.models import Individual
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, OnMatch
from emudesk.ui import extensions
from emudesk.ui.import_wizard.base import (
    PAGE_CONFIRM,
    PAGE_IMPORT,
    PAGE_MAPPING,
    PAGE_MATCHES,
    PAGE_PREVIEW,
    PAGE_SUMMARY,
)
from emudesk.ui.import_wizard.mapping_page import MappingPage
from emudesk.ui.import_wizard.wizard import ImportWizard, open_import_wizard
from tests.services.imports.builders import make_office, staff_list, staff_rows


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are answered with their default button and recorded."""
    shown: list[str] = []

    def fake_exec(self: QMessageBox) -> int:
        shown.append(f"{self.text()}\n{self.informativeText()}".strip())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    make_office(sqlite_store)
    return sqlite_store


@pytest.fixture
def open_wizard(qtbot, store: Store, boxes: list[str]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    opened: list[ImportWizard] = []

    def open_one(kind: str = "individuals") -> ImportWizard:
        open_import_wizard(None, store, kind=kind)
        wizard = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ImportWizard) and w not in opened and w.isVisible()
        )
        opened.append(wizard)
        qtbot.waitUntil(lambda: wizard.tasks.idle, timeout=10_000)
        return wizard

    yield open_one
    for wizard in opened:
        if isValid(wizard) and wizard.isVisible():
            wizard.tasks.shutdown()
            wizard.done(0)


def people(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Individual)) or 0)


def go_next(qtbot, wizard: ImportWizard, page: int) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=20_000)
    qtbot.waitUntil(lambda: wizard.tasks.idle, timeout=20_000)


def press(qtbot, wizard: ImportWizard, which: QWizard.WizardButton, page: int) -> None:  # type: ignore[no-untyped-def]
    """Click one of the wizard's buttons as a user does, and wait for the page it leads to."""
    button = wizard.button(which)
    qtbot.waitUntil(button.isEnabled, timeout=20_000)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=20_000)
    qtbot.waitUntil(lambda: wizard.tasks.idle, timeout=20_000)


def test_staff_list_end_to_end(
    qtbot, open_wizard, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = staff_list(tmp_path / "ds.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    wizard = open_wizard()
    page = wizard.file_page
    assert page.kind == "individuals"
    page.browse()
    assert page.path_edit.text() == str(path) and page.sheet_combo.findText("Danh sách") > 0
    go_next(qtbot, wizard, PAGE_MAPPING)
    mapping = wizard.mapping_page
    assert mapping.combos["full_name"].currentData() == "B"
    assert mapping.combos["birth_date"].currentData() == MappingPage.SPLIT  # Ngày sinh over Nam | Nữ
    mapping.combos["note"].setCurrentIndex(0)  # the user leaves "Ghi chú" out
    go_next(qtbot, wizard, PAGE_PREVIEW)
    plan = wizard.plan
    assert plan is not None and plan.ok
    preview = wizard.preview_page
    assert preview.model.rowCount() == 4 and preview.isComplete()
    assert preview.model.index(0, 1).data() == "Thêm mới"
    go_next(qtbot, wizard, PAGE_CONFIRM)  # nothing matches: straight to what will be written
    assert "Cá nhân: 4 thêm mới, 0 cập nhật, 0 bỏ qua" in wizard.confirm_page.details.toPlainText()
    assert people(store) == 0  # "Tiếp theo" never writes
    press(qtbot, wizard, QWizard.WizardButton.CommitButton, PAGE_SUMMARY)
    assert wizard.outcome is not None and wizard.outcome.committed
    assert "4 thêm mới" in wizard.summary_page.label.text()
    assert people(store) == 4
    with store.read() as s:
        assert s.scalar(select(Individual.note).where(Individual.full_name == "Phạm Thị Lan")) is None


def test_bad_rows_are_shown_in_their_cells_and_reported(
    qtbot, open_wizard, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: list[str]
) -> None:  # type: ignore[no-untyped-def]
    rows = staff_rows()
    rows[2][2] = "31/02/1980"
    path = staff_list(tmp_path / "ds.xlsx", rows)
    report = tmp_path / "loi.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    wizard = open_wizard()
    wizard.file_page.path_edit.setText(str(path))
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    preview = wizard.preview_page
    assert not preview.isComplete()  # nothing can be imported while a row is wrong
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    model = preview.model
    assert model.rowCount() == 1  # the view opens on the rows in error
    assert model.row_at(0).row_number == 10 and model.row_at(0).action is Action.ERROR
    birth = next(
        c
        for c in range(model.columnCount())
        if str(model.headerData(c, Qt.Orientation.Horizontal)).startswith("C ")
    )
    cell = model.index(0, birth)
    assert cell.data() == "31/02/1980"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "không phải là ngày có thật" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert preview.errors_model.rowCount() >= 1
    preview.report_button.click()
    assert report.exists() and any("loi.xlsx" in b for b in boxes)
    wb = openpyxl.load_workbook(report)
    assert [c.value for c in wb.worksheets[0][2]][:3] == ["Danh sách", 10, "C"]
    # The user corrects the file in Excel and reads it again.
    staff_list(path)
    preview.reload_button.click()
    qtbot.waitUntil(lambda: wizard.plan is not None and wizard.plan.ok, timeout=10_000)
    assert preview.isComplete() and people(store) == 0


def test_matches_update_skip_and_cancel(
    qtbot, open_wizard, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = staff_list(tmp_path / "ds.xlsx")
    wizard = open_wizard()
    wizard.file_page.path_edit.setText(str(path))
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    go_next(qtbot, wizard, PAGE_CONFIRM)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton, PAGE_SUMMARY)
    wizard.done(0)
    # The same list again, one position corrected: four matches.
    rows = staff_rows()
    rows[1][5] = "Phó Trưởng phòng"
    staff_list(path, rows)
    wizard = open_wizard()
    wizard.file_page.path_edit.setText(str(path))
    go_next(qtbot, wizard, PAGE_MAPPING)
    go_next(qtbot, wizard, PAGE_PREVIEW)
    assert [r.action for r in wizard.plan.rows] == [Action.SKIP] * 4  # type: ignore[union-attr]
    go_next(qtbot, wizard, PAGE_MATCHES)
    matches = wizard.matches_page
    assert matches.model.rowCount() == 4
    matches.all_buttons[OnMatch.CREATE].click()
    assert not matches.isComplete()  # a person with the same ID number cannot be created twice
    matches.all_buttons[OnMatch.UPDATE].click()
    assert matches.isComplete()
    # The user cancels the import: it rolls back.
    import emudesk.ui.import_wizard.import_page as module

    real = module.imports.commit_import

    def cancelled_commit(store_: Store, plan, *, progress, cancel):  # type: ignore[no-untyped-def]
        cancel.set()
        return real(store_, plan, progress=progress, cancel=cancel)

    monkeypatch.setattr(module.imports, "commit_import", cancelled_commit)
    go_next(qtbot, wizard, PAGE_CONFIRM)
    assert "Cá nhân: 0 thêm mới, 1 cập nhật, 3 bỏ qua" in wizard.confirm_page.details.toPlainText()
    press(qtbot, wizard, QWizard.WizardButton.CommitButton, PAGE_IMPORT)
    qtbot.waitUntil(lambda: wizard.import_page.task is None, timeout=10_000)
    assert "hủy" in wizard.import_page.label.text() and wizard.outcome is None
    with store.read() as s:
        assert (
            s.scalar(select(Individual.position).where(Individual.full_name == "Trần Thị Hoa"))
            == "Chuyên viên"
        )
    monkeypatch.setattr(module.imports, "commit_import", real)
    wizard.back()
    assert wizard.currentId() == PAGE_CONFIRM
    press(qtbot, wizard, QWizard.WizardButton.CommitButton, PAGE_SUMMARY)
    assert wizard.outcome is not None and wizard.outcome.updated == 1 and people(store) == 4


def test_file_menu_entries_and_unreadable_files(qtbot, open_wizard, tmp_path: Path, boxes: list[str]) -> None:  # type: ignore[no-untyped-def]
    titles = [e.title for e in extensions.entries("import")]
    assert "Danh sách cán bộ (cá nhân) từ Excel…" in titles and len(titles) >= 8
    junk = tmp_path / "hong.xlsx"
    junk.write_bytes(b"not a spreadsheet")
    wizard = open_wizard("awards")
    wizard.file_page.path_edit.setText(str(junk))
    wizard.next()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    assert wizard.currentId() == 0 and "hong.xlsx" in boxes[-1] and "Traceback" not in boxes[-1]
