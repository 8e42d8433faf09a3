"""Opening an evidence file from the achievements screen never runs a program (issue 19, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from emudesk.db.models import Achievement
from emudesk.services.campaigns import achievements
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.campaigns.achievements_view import AchievementsView
from tests.ui.conftest import wait_idle


def click_row(qtbot, table, row: int) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, 0)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


@pytest.mark.parametrize(("name", "opens_file"), [("cai-dat.exe", False), ("Biên bản.pdf", True)])
def test_open_file_opens_documents_and_only_the_folder_of_a_program(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, opens_file: bool
) -> None:
    source = tmp_path / name
    source.write_bytes(b"MZ\x90\x00" + name.encode())
    with window.store.write() as s:
        ach = s.scalars(
            select(Achievement).where(Achievement.deleted_at.is_(None), Achievement.campaign_id.is_not(None))
        ).first()
        assert ach is not None
        aid, cid = ach.id, ach.campaign_id
        achievements.add_evidence(s, aid, source, window.ctx.files_dir())
    view = window.show_view("achievements")
    assert isinstance(view, AchievementsView)
    view.open_item(cid)
    wait_idle(qtbot, window)
    click_row(qtbot, view.table, view.model.row_of(aid))
    wait_idle(qtbot, window)
    files = view.files
    row = next(r for r in range(files.model.rowCount()) if files.model.row_values(r)[0] == name)
    click_row(qtbot, files.table, row)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Mở tệp")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    target = Path(opened[0])
    if opens_file:
        assert target.is_file() and target.read_bytes() == source.read_bytes()
    else:
        assert target.is_dir() and target.is_relative_to(window.ctx.files_dir())
        assert [p.read_bytes() for p in target.iterdir()] == [source.read_bytes()]
