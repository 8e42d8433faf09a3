"""The campaign editor is read-only for a login whose role may not save a plan: its text fields take
no typing, its choices are greyed out and its lists open nothing to edit (Save was greyed out before,
but the fields still took edits that could never be saved). A clerk, who may save, edits as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from emudesk.domain.rights import Role
from emudesk.services.core.store import Store
from emudesk.ui.views.campaigns.campaign_items import ItemDialog
from emudesk.ui.views.campaigns.campaigns_view import CampaignEditor
from tests.factories import snn_department
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_by_hand import click_row
from tests.ui.test_rights_window import _go, _window
from tests.ui.test_users_dialog import _signed_in


@pytest.fixture
def office(pg_store: Store) -> Iterator[Store]:
    with pg_store.write() as s:
        snn_department(s)
    yield pg_store


def _snap(store: Store) -> object:
    with store.read() as s:
        return snapshot(s)


@pytest.mark.pg
@pytest.mark.parametrize(
    ("role", "editable"), [(Role.APPROVER, False), (Role.VIEWER, False), (Role.CLERK, True)]
)
def test_a_role_that_may_not_save_a_plan_reads_it(  # type: ignore[no-untyped-def]
    qtbot,
    office: Store,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    role: Role,
    editable: bool,
) -> None:
    before = _snap(office)
    store = _signed_in(office, role)
    win = _window(qtbot, store, tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(ItemDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    try:
        plans = _go(qtbot, win, "campaigns")
        click_row(qtbot, plans.table, 0)  # type: ignore[attr-defined]
        editor = plans.findChild(CampaignEditor)
        assert editor is not None and editor.campaign_id is not None
        title = editor.f_title.text()
        assert title
        editor.f_title.setFocus()
        QTest.keyClick(editor.f_title, Qt.Key.Key_End)
        QTest.keyClicks(editor.f_title, " X")
        QTest.keyClicks(editor.f_content, "more")
        assert (editor.f_title.text() == title + " X") is editable
        assert ("more" in editor.f_content.toPlainText()) is editable
        assert editor.f_status.isEnabled() is editable
        # Return on a form the plan offers: a dialog to edit it opens only for a role that may save.
        offered = editor.offered
        assert offered.items
        editor.tabs.setCurrentWidget(offered)
        click_row(qtbot, offered.table, 0)
        QTest.keyClick(offered.table, Qt.Key.Key_Return)
        assert bool(opened) is editable
        if not editable:
            assert not editor.is_dirty()
            assert "Nhập liệu" in editor.f_title.toolTip()
            QTest.keyClick(editor.f_title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            wait_idle(qtbot, win)
            assert boxes.warnings() == []
            assert _snap(office) == before
    finally:
        win.tasks.shutdown()
        store.close()
