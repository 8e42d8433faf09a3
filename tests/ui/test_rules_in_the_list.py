"""The nominations list holds the rules its service holds, clicked as a user would: "Record vote" is
sent to the council session (whose tally judges ballots against attendance and recusals, which a
bulk vote does not know), and Submit in a campaign still "Nháp" is refused; each writes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus as S
from emudesk.services.nominations.lists import NominationFilter, nomination_ids
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.nominations.nominations_view import NominationsView
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle


def test_record_vote_in_the_list_is_sent_to_the_council_session(
    qtbot, window: MainWindow, boxes: Boxes
) -> None:  # type: ignore[no-untyped-def]
    with window.store.read() as s:
        nid = nomination_ids(s, NominationFilter(status=S.APPRAISED))[0]
        n = s.get(Nomination, nid)
        assert n is not None
        cid = n.campaign_id
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(cid)
    view.statuses.setCurrentRow(0)  # "All"
    wait_idle(qtbot, window)
    with window.store.read() as s:
        before = snapshot(s)
    table = view.table
    index = view.model.index(view.model.row_of(nid), 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.selected_ids() == [nid], timeout=5_000)
    button = view.move_buttons[S.VOTED]
    assert button.isEnabled()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(boxes.warnings()), timeout=5_000)
    assert any(f"Đề nghị #{nid} (" in t and "màn hình Hội đồng" in t for t in boxes.warnings())
    with window.store.read() as s:
        assert snapshot(s) == before


def test_submit_in_a_draft_campaign_is_refused_in_the_window(qtbot, window: MainWindow, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    """A campaign still "Nháp" takes no file: Submit says which campaign and its state, writes nothing."""
    from sqlalchemy import update

    from emudesk.db.models import Campaign
    from emudesk.domain.enums import CampaignStatus

    with window.store.read() as s:
        nid = nomination_ids(s, NominationFilter(status=S.DRAFT))[0]
        n = s.get(Nomination, nid)
        assert n is not None
        cid = n.campaign_id
    with window.store.write("test") as s:
        s.execute(update(Campaign).where(Campaign.id == cid).values(status=CampaignStatus.DRAFT))
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(cid)
    view.statuses.setCurrentRow(0)  # "All"
    wait_idle(qtbot, window)
    with window.store.read() as s:
        before = snapshot(s)
    table = view.table
    index = view.model.index(view.model.row_of(nid), 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.selected_ids() == [nid], timeout=5_000)
    QTest.mouseClick(view.move_buttons[S.SUBMITTED], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(boxes.warnings()), timeout=5_000)
    assert any("đang ở trạng thái “Nháp”" in t and "chưa nhận hồ sơ đề nghị" in t for t in boxes.warnings())
    with window.store.read() as s:
        assert snapshot(s) == before
