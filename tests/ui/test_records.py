"""Households, achievements with evidence files, units, awards entered by hand, and the screenshot command."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from emudesk.domain.enums import SubjectKind
from emudesk.services.core.store import Store
from emudesk.services.register import choices
from emudesk.services.register.households import MemberInput
from emudesk.services.register.lists import (
    AwardFilter,
    HouseholdFilter,
    award_ids,
    household_ids,
    household_rows,
)
from emudesk.ui import entry
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.campaigns.achievements_view import AchievementDialog, AchievementsView
from emudesk.ui.views.register.award_dialog import AwardDialog
from emudesk.ui.views.register.household_dialog import HouseholdDialog
from emudesk.ui.views.register.unit_dialog import UnitDialog
from emudesk.ui.views.register.units_view import UnitsView
from tests.ui.conftest import Boxes, wait_idle


def test_household_form_with_members(qtbot, window: MainWindow, boxes: Boxes) -> None:
    dialog = HouseholdDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.validate_now()
    assert dialog.rows.error_text("head_name") and not dialog.save_button.isEnabled()
    dialog.head.setText("Lương Văn Tám")
    dialog.address.setText("Thôn Đông, xã Vũ Hội")
    dialog.members.add_member(MemberInput("Lương Văn Tám", "Chủ hộ", 1960))
    dialog.members.add_member(MemberInput("Hà Thị Mơ", "Vợ", 1962))
    dialog.members.table.item(1, 2).setText("một chín sáu hai")
    assert "1962" in dialog.validate_now()["members"]
    dialog.members.table.item(1, 2).setText("1962")
    assert dialog.validate_now() == {}
    dialog.save()
    wait_idle(qtbot, window)
    with window.store.read() as s:
        found = household_ids(s, HouseholdFilter(search="luong van tam"))
        assert found == [dialog.saved_id]
        assert household_rows(s, found)[found[0]][4] == 2


def test_unit_form_refuses_a_loop(qtbot, window: MainWindow, boxes: Boxes) -> None:
    units = window.show_view("units")
    assert isinstance(units, UnitsView)
    with window.store.read() as s:
        root = next(u for u in choices.units(s) if u.parent_id is None and not u.dissolved)
        child = next(u for u in choices.units(s) if u.parent_id == root.id)
    dialog = UnitDialog(window.ctx, units, root.id)
    qtbot.addWidget(dialog)
    dialog.parent_unit.set_unit_id(child.id)
    assert "parent_id" in dialog.validate_now()
    dialog.mark_clean()


def test_achievement_with_criteria_figures_and_evidence(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.show_view("achievements")
    assert isinstance(view, AchievementsView)
    with window.store.read() as s:
        cid = next(c.id for c in choices.campaigns(s) if c.label.startswith("Chung sức xây dựng NTM"))
        commune = next(
            u for u in choices.units(s) if u.name.startswith("Ủy ban nhân dân xã") and not u.dissolved
        )
    view.open_item(cid)
    dialog = AchievementDialog(window.ctx, view, cid)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(SubjectKind.UNIT))
    dialog.subject.set_subject(commune.id, commune.name)
    dialog.title_edit.setText("Đạt chuẩn nông thôn mới nâng cao")
    first = next(iter(dialog._nodes.values()))
    first.setCheckState(0, Qt.CheckState.Checked)
    dialog.figures.add_row("Thu nhập bình quân", "72,5", "triệu đồng")
    assert dialog.validate_now() == {}
    dialog.save()
    wait_idle(qtbot, window)
    aid = dialog.saved_id
    assert aid is not None
    view.refresh()
    wait_idle(qtbot, window)
    view.table.select_ids([aid], aid)
    assert "72,5 triệu đồng" in view.model.cells(view.model.row_of(aid))[5]

    scan = tmp_path / "Biên bản kiểm tra.pdf"
    scan.write_bytes(b"%PDF-1.4 test")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scan)], ""))
    view.add_evidence()
    wait_idle(qtbot, window)
    assert view.files.model.rowCount() == 1
    assert view.files.model.row_values(0)[0] == "Biên bản kiểm tra.pdf"
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    view.files.table.selectRow(0)
    view.open_evidence()
    assert opened and Path(opened[0]).read_bytes() == b"%PDF-1.4 test"
    boxes.answer = QMessageBox.StandardButton.Yes
    view.remove_evidence()
    wait_idle(qtbot, window)
    assert view.files.model.rowCount() == 0


def test_record_an_award_by_hand(qtbot, window: MainWindow, boxes: Boxes) -> None:
    with window.store.read() as s:
        pid, label = choices.search_subjects(s, SubjectKind.INDIVIDUAL, "tran thi")[0]
    dialog = AwardDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert "subject" in dialog.validate_now()
    dialog.subject.set_subject(pid, label)
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData("GK"))
    dialog.year.setText("2019")
    dialog.decision_number.setText("12/QĐ-SNV")
    dialog.decision_date.setText("15/01/2020")
    assert dialog.validate_now() == {}
    dialog.save()
    wait_idle(qtbot, window)
    with window.store.read() as s:
        found = award_ids(s, AwardFilter(search="12/qđ-snv"))
        assert found == [dialog.saved_id]


def test_screenshot_command_renders_a_view(sqlite_demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "awards.png"
    args = argparse.Namespace(
        gui_command="screenshot",
        db=str(sqlite_demo_store.path),
        demo=False,
        view="awards",
        output=str(target),
        size="1024x640",
    )
    assert entry.run(args) == 0
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1024, 640)
