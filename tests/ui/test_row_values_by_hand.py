"""What a view reads from a row's hidden values (a nomination's status, an award's source), reached by hand.

The rows are clicked at their place on screen and opened with Enter, as a clerk does; the views read
the named values of the list's rows (``cells.status``, ``cells.source``) to decide what is allowed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView
from sqlalchemy import select

from emudesk.db.models import AwardRecord, Nomination
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import RecordSource
from emudesk.i18n import _
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.nominations.nominations_view import NominationsView
from emudesk.ui.views.register.award_dialog import AwardDialog
from emudesk.ui.views.register.awards_view import AwardsView
from tests.ui.conftest import wait_idle


def _click_row(qtbot, table: QTableView, row: int) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, 1)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(lambda: table.currentIndex().row() == row)


def test_a_clicked_nomination_offers_the_moves_of_its_status(qtbot, window: MainWindow) -> None:
    with window.store.read() as s:
        files = s.execute(
            select(Nomination.campaign_id, Nomination.status, Nomination.id).order_by(Nomination.id)
        )
        by_status: dict[int, dict[S, int]] = {}
        for campaign_id, status, nid in files:
            by_status.setdefault(campaign_id, {}).setdefault(status, nid)
    campaign, first = next((c, f) for c, f in by_status.items() if {S.SUBMITTED, S.DRAFT} <= set(f))
    submitted, draft = first[S.SUBMITTED], first[S.DRAFT]
    view = window.show_view("nominations")
    assert isinstance(view, NominationsView)
    view.open_item(campaign)
    wait_idle(qtbot, window)
    table = view.table

    _click_row(qtbot, table, view.model.row_of(submitted))
    assert view.selected_statuses() == [S.SUBMITTED]
    assert view.move_buttons[S.APPRAISED].isEnabled()
    assert not view.move_buttons[S.SUBMITTED].isEnabled()
    QTest.keyClick(table, Qt.Key.Key_Return)  # a submitted file is not edited: it must be returned first
    assert window.statusBar().currentMessage() == _(
        "Only drafts and returned files can be edited; return the file first."
    )

    _click_row(qtbot, table, view.model.row_of(draft))
    assert view.selected_statuses() == [S.DRAFT]
    assert view.move_buttons[S.SUBMITTED].isEnabled()
    assert not view.move_buttons[S.APPRAISED].isEnabled()


def test_enter_on_an_award_from_a_decision_opens_only_its_category(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[AwardDialog] = []
    monkeypatch.setattr(AwardDialog, "exec", lambda self: opened.append(self) or 0)
    with window.store.read() as s:
        newest = select(AwardRecord.id).order_by(AwardRecord.year.desc(), AwardRecord.id.desc()).limit(1)
        approved = s.scalars(newest.where(AwardRecord.source == RecordSource.APPROVAL)).one()
        entered = s.scalars(newest.where(AwardRecord.source != RecordSource.APPROVAL)).one()
    view = window.show_view("awards")
    assert isinstance(view, AwardsView)
    wait_idle(qtbot, window)
    table = view.table

    _click_row(qtbot, table, view.model.row_of(approved))
    QTest.keyClick(table, Qt.Key.Key_Return)
    # It comes from an issued decision: corrected by a decision; only its statistics category is editable.
    (locked,) = opened
    assert not locked.year.isEnabled() and not locked.decision_number.isEnabled()
    assert locked.category.isEnabled()

    _click_row(qtbot, table, view.model.row_of(entered))
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert len(opened) == 2 and opened[1].year.isEnabled()
