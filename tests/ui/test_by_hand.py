"""Every list–detail pair of the window, driven as a clerk drives it: mouse, arrow keys, Enter, buttons.

A row is clicked at its place on screen, Down and Up move to the neighbours, Enter opens the row, a
Ctrl+click or a search that hides the row leaves nothing chosen, F5 and a change announced on the
bus reload the list: after each, the detail shows exactly the chosen row, or nothing at all.

Nothing here calls ``setCurrentIndex`` or ``select_ids``: Qt's mouse press makes a row current
before it selects it, and only real input goes through that order. The read-only tests share one
window on one copy of the demo per module; the few that write get a window of their own.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus
from emudesk.domain.rules import SessionStatus
from emudesk.i18n import _
from emudesk.services.core.changes import EVERYTHING
from emudesk.services.core.store import Store
from emudesk.services.council import members, sessions
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.models.id_table_model import IdTableModel
from emudesk.ui.views.base import View
from emudesk.ui.views.campaigns.achievements_view import AchievementDialog, AchievementsView
from emudesk.ui.views.campaigns.campaigns_view import CampaignsView
from emudesk.ui.views.catalogue.catalogue_dialogs import AwardFormDialog, UnitKindDialog
from emudesk.ui.views.catalogue.catalogue_view import CatalogueView
from emudesk.ui.views.council.council_dialogs import AgendaDialog, OutcomeDialog, TallyDialog
from emudesk.ui.views.council.council_view import CouncilView
from emudesk.ui.views.decisions.decision_dialogs import DecisionDraftDialog, RecipientsDialog
from emudesk.ui.views.nominations.nomination_dialog import NominationDialog
from emudesk.ui.views.nominations.nominations_view import NominationsView
from emudesk.ui.views.register.award_dialog import AwardDialog
from emudesk.ui.views.register.awards_view import AwardsView
from emudesk.ui.views.register.household_dialog import HouseholdDialog
from emudesk.ui.views.register.households_view import HouseholdsView
from emudesk.ui.views.register.individual_dialog import IndividualDialog
from emudesk.ui.views.register.individuals_view import IndividualsView
from emudesk.ui.views.register.unit_dialog import UnitDialog
from emudesk.ui.views.register.units_view import UnitsView
from emudesk.ui.views.workspace.audit_view import AuditView
from emudesk.ui.widgets.record_table import RecordTable

NOTHING = "zzqqxx"  # a search that matches no row of any list (QTest types ASCII only)


# --- a window shared by the module ---------------------------------------------------------------


def _open_review_session(store: Store) -> int:
    """An open session of the demo's council with three appraised files on its agenda."""
    with store.write() as s:
        council = members.councils(s)[0]
        sid = sessions.open_session(
            s,
            council.id,
            sessions.SessionInput("Phiên họp xét khen thưởng bổ sung năm 2025", date(2026, 2, 10)),
        )
        appraised = s.scalars(
            select(Nomination.id)
            .where(Nomination.status == NominationStatus.APPRAISED, Nomination.deleted_at.is_(None))
            .order_by(Nomination.id)
            .limit(3)
        ).all()
        sessions.add_to_agenda(s, sid, list(appraised))
        # and one with nothing on its agenda yet
        sessions.open_session(s, council.id, sessions.SessionInput("Phiên họp đợt 2", date(2026, 3, 10)))
    return sid


@pytest.fixture(scope="module")
def shared(qapp, demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """One window on one demo copy (plus an open session) for the tests that only read and click."""
    folder = tmp_path_factory.mktemp("by_hand")
    path = folder / "demo.sqlite3"
    shutil.copy(demo_template, path)
    store = Store.open(path)
    _open_review_session(store)
    patch = pytest.MonkeyPatch()
    # A box would block the test; none is expected here, and each one is answered with its default.
    patch.setattr(QMessageBox, "exec", lambda self: int(QMessageBox.StandardButton.Ok.value))
    win = MainWindow(store, settings=AppSettings(folder / "ui.ini"))
    win.resize(1366, 768)
    win.show()
    QTest.qWaitForWindowExposed(win)
    win.tasks.wait_idle()
    yield win
    win.tasks.shutdown()
    win.close()
    win.deleteLater()
    QApplication.processEvents()
    patch.undo()
    store.close()


def loaded(win: MainWindow) -> bool:
    """No work runs and every list is whole (a big list's rest is asked for after its first page paints)."""
    return win.tasks.idle and not any(m.loading for m in win.findChildren(IdTableModel))


def idle(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: loaded(win), timeout=10_000)
    QApplication.processEvents()


Opened = list[QDialog]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Opened:
    """The dialogs a view opened (Enter, Edit…), closed at once as if the clerk pressed Esc."""
    seen: Opened = []
    for dialog in (
        IndividualDialog,
        HouseholdDialog,
        UnitDialog,
        AchievementDialog,
        NominationDialog,
        AwardDialog,
        AwardFormDialog,
        UnitKindDialog,
        TallyDialog,
        OutcomeDialog,
        AgendaDialog,
        DecisionDraftDialog,
        RecipientsDialog,
    ):
        monkeypatch.setattr(dialog, "exec", lambda self: seen.append(self) or 0)
    return seen


# --- real input ----------------------------------------------------------------------------------


def click_row(qtbot, table: QAbstractItemView, row: int, *, ctrl: bool = False) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, min(1, table.model().columnCount() - 1))
    table.scrollTo(index)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())
    settle(table)


def settle(widget: QWidget) -> None:
    """Until what the input started has been read and shown (some details load on the worker)."""
    QApplication.processEvents()
    win = widget.window()
    if not isinstance(win, MainWindow):
        return
    deadline = time.monotonic() + 10
    while not loaded(win):
        assert time.monotonic() < deadline, "the window is still loading after 10 s"
        win.tasks.wait_idle()
        QApplication.processEvents()


def key(widget: QWidget, which: Qt.Key) -> None:
    QTest.keyClick(widget, which)
    settle(widget)


def click_tab(tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click_button(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))
    settle(button)


def type_search(qtbot, win: MainWindow, box: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QTest.keyClicks(box, text)
    else:
        QTest.keyClick(box, Qt.Key.Key_Delete)
    # The views wait for a pause in the typing (a single-shot timer) before they search.
    view = win.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: not any(t.isActive() and t.isSingleShot() for t in view.findChildren(QTimer)))
    idle(qtbot, win)


def press_f5(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    win.activateWindow()
    QTest.keyClick(win.current_view() or win, Qt.Key.Key_F5)
    idle(qtbot, win)


def announce(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Another part of the window (or a colleague's import) changed every kind of record."""
    win.ctx.bus.announce(EVERYTHING)
    idle(qtbot, win)


# --- the pairs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """One list of the window and the detail that follows it.

    Attributes:
        key: the window's view.
        table: the list, in the view.
        shown: everything the detail shows, as text.
        names: the text of a row that the detail repeats (the person, the number…).
        blank: what the detail shows with nothing chosen (and no counts in its tabs).
        search: the search box that filters the list, if there is one.
        enter: the dialog Enter on a row opens, if any.
        first: make the list appear (a tab to click, a search to type…).
        blanks: the detail goes blank with nothing chosen (the campaign editor keeps its campaign,
            and the changes not saved yet, until another one is chosen).
    """

    key: str
    table: Callable[[View], RecordTable]
    shown: Callable[[View], str]
    names: Callable[[RecordTable, int], str]
    blank: Callable[[View], str]
    search: Callable[[View], QLineEdit] | None = None
    enter: type[QDialog] | None = None
    first: Callable[..., None] | None = None
    blanks: bool = True


def cell(column: int) -> Callable[[RecordTable, int], str]:
    return lambda table, row: str(table.model().index(row, column).data())


def tabs_text(tabs: QTabWidget) -> str:
    return " ".join(tabs.tabText(i) for i in range(tabs.count()))


def _individuals(v: View) -> str:
    assert isinstance(v, IndividualsView)
    d = v.detail
    return "\n".join((d.title.text(), d.subtitle.text(), tabs_text(d.tabs)))


def _households(v: View) -> str:
    assert isinstance(v, HouseholdsView)
    return "\n".join((v.detail.title.text(), tabs_text(v.detail.tabs)))


def _units(v: View) -> str:
    assert isinstance(v, UnitsView)
    return "\n".join((v.detail.title.text(), tabs_text(v.detail.tabs)))


def _campaigns(v: View) -> str:
    assert isinstance(v, CampaignsView)
    return f"#{v.editor.campaign_id}# {v.editor.f_title.text()}"


def _achievements(v: View) -> str:
    assert isinstance(v, AchievementsView)
    facts = " ".join(label.text() for label in v.info.findChildren(QLabel))
    return "\n".join((v.title.text(), facts, str(v.criteria_met.model.rowCount())))


def _nominations(v: View) -> str:
    assert isinstance(v, NominationsView)
    return v.detail.title.text()


def _decisions(v: View) -> str:
    assert isinstance(v, AwardsView)
    return v.decision_panel.title.text()


def _audit(v: View) -> str:
    assert isinstance(v, AuditView)
    return v.detail_title.text()


def _sessions(v: View) -> str:
    assert isinstance(v, CouncilView)
    return v.session_text()


def _agenda(v: View) -> str:
    assert isinstance(v, CouncilView)
    return v.item_panel.title.text()


def _rule_sets(v: View) -> str:
    assert isinstance(v, CatalogueView)
    return (
        v.rules.set_info.text()
        + "\n"
        + " ".join(str(v.rules.rules_model.key_at(r)) for r in range(v.rules.rules_model.rowCount()))
    )


def _rules(v: View) -> str:
    assert isinstance(v, CatalogueView)
    return v.rules.text.text()


def _no_detail(_v: View) -> str:
    return ""


def _units_search(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(view, UnitsView)
    type_search(qtbot, win, view.search, "xa")  # the matches replace the tree


def _awards_tab(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(view, AwardsView)
    click_tab(view.tabs, 0)
    idle(qtbot, win)


def _decisions_tab(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(view, AwardsView)
    click_tab(view.tabs, 1)
    idle(qtbot, win)


def _council_agenda(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(view, CouncilView)
    click_row(qtbot, view.sessions, _open_row(view))
    idle(qtbot, win)


def _open_row(view: CouncilView) -> int:
    """The open session with files on its agenda."""
    return next(i for i, s in enumerate(view.session_list) if s.status is SessionStatus.OPEN and s.items)


def _campaign_with_achievements(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(view, AchievementsView)
    view.campaign.setFocus()
    while view.model.rowCount() < 3:  # Down in a closed combo box chooses the next campaign
        before = view.campaign.currentIndex()
        key(view.campaign, Qt.Key.Key_Down)
        assert view.campaign.currentIndex() == before + 1, "no campaign with 3 achievements"
        idle(qtbot, win)


def _catalogue_tab(index: int) -> Callable[..., None]:
    def first(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(view, CatalogueView)
        click_tab(view.tabs, index)

    return first


def _rule_set_with_rules(qtbot, win: MainWindow, view: View) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(view, CatalogueView)
    click_tab(view.tabs, 2)
    rows = view.rules.sets_model
    best = max(range(rows.rowCount()), key=lambda r: int(rows.row_values(r)[6]))
    click_row(qtbot, view.rules.sets, best)


PAIRS = {
    "individuals": Pair(
        "individuals",
        lambda v: v.table,  # type: ignore[attr-defined]
        _individuals,
        cell(0),
        lambda _v: "\n".join(
            (
                _("No one selected"),
                _("Choose a person in the list to see their ratings and awards."),
                " ".join((_("Details"), _("Ratings"), _("Awards"), _("Career"))),
            )
        ),
        search=lambda v: v.search,  # type: ignore[attr-defined]
        enter=IndividualDialog,
    ),
    "households": Pair(
        "households",
        lambda v: v.table,  # type: ignore[attr-defined]
        _households,
        cell(0),
        lambda _v: _("No household selected") + "\n" + _("Members") + " " + _("Award history"),
        search=lambda v: v.search,  # type: ignore[attr-defined]
        enter=HouseholdDialog,
    ),
    "units": Pair(
        "units",
        lambda v: v.found,  # type: ignore[attr-defined]
        _units,
        cell(0),
        lambda _v: _("No unit selected") + "\n" + _("Members") + " " + _("Award history"),
        search=lambda v: v.search,  # type: ignore[attr-defined]
        enter=UnitDialog,
        first=_units_search,
    ),
    "campaigns": Pair(
        "campaigns",
        lambda v: v.table,  # type: ignore[attr-defined]
        _campaigns,
        lambda t, r: f"#{t.model().id_at(r)}# ",  # type: ignore[attr-defined]
        lambda _v: "",
        search=lambda v: v.search,  # type: ignore[attr-defined]
        blanks=False,
    ),
    "achievements": Pair(
        "achievements",
        lambda v: v.table,  # type: ignore[attr-defined]
        _achievements,
        cell(0),
        lambda _v: _("No achievement selected") + "\n\n0",
        search=lambda v: v.search,  # type: ignore[attr-defined]
        enter=AchievementDialog,
        first=_campaign_with_achievements,
    ),
    "nominations": Pair(
        "nominations",
        lambda v: v.table,  # type: ignore[attr-defined]
        _nominations,
        lambda t, r: "#" + str(t.model().index(r, 0).data()) + " ",
        lambda _v: _("No nomination selected"),
        search=lambda v: v.search,  # type: ignore[attr-defined]
    ),
    "decisions": Pair(
        "awards",
        lambda v: v.decisions,  # type: ignore[attr-defined]
        _decisions,
        lambda t, r: str(t.model().index(r, 0).data()) + " – ",
        lambda _v: _("No decision selected"),
        search=lambda v: v.decision_search,  # type: ignore[attr-defined]
        first=_decisions_tab,
    ),
    "awards": Pair(
        "awards",
        lambda v: v.table,  # type: ignore[attr-defined]
        _no_detail,
        lambda _t, _r: "",
        lambda _v: "",
        search=lambda v: v.search,  # type: ignore[attr-defined]
        # Enter on an award: tests/ui/test_row_values_by_hand.py (it depends on where the award came from)
        first=_awards_tab,
    ),
    "audit": Pair(
        "audit",
        lambda v: v.table,  # type: ignore[attr-defined]
        _audit,
        cell(5),
        lambda _v: _("Choose an entry to see what changed."),
        search=lambda v: v.search,  # type: ignore[attr-defined]
    ),
    "council sessions": Pair(
        "council",
        lambda v: v.sessions,  # type: ignore[attr-defined]
        _sessions,
        cell(1),
        lambda _v: _("No session selected") + "\n\n",
    ),
    "council agenda": Pair(
        "council",
        lambda v: v.agenda,  # type: ignore[attr-defined]
        _agenda,
        cell(1),
        lambda _v: _("No agenda item selected"),
        enter=OutcomeDialog,
        first=_council_agenda,
    ),
    "award forms": Pair(
        "catalogue",
        lambda v: v.forms,  # type: ignore[attr-defined]
        _no_detail,
        lambda _t, _r: "",
        lambda _v: "",
        search=lambda v: v.search,  # type: ignore[attr-defined]
        enter=AwardFormDialog,
        first=_catalogue_tab(0),
    ),
    "kinds of unit": Pair(
        "catalogue",
        lambda v: v.kinds,  # type: ignore[attr-defined]
        _no_detail,
        lambda _t, _r: "",
        lambda _v: "",
        search=lambda v: v.search,  # type: ignore[attr-defined]
        enter=UnitKindDialog,
        first=_catalogue_tab(1),
    ),
    "rule sets": Pair(
        "catalogue",
        lambda v: v.rules.sets,  # type: ignore[attr-defined]
        _rule_sets,
        lambda t, r: "",
        lambda v: _("{n} rule sets.").format(n=v.rules.sets_model.rowCount()) + "\n",  # type: ignore[attr-defined]
        search=lambda v: v.search,  # type: ignore[attr-defined]
        first=_catalogue_tab(2),
    ),
    "rules": Pair(
        "catalogue",
        lambda v: v.rules.rules_table,  # type: ignore[attr-defined]
        _rules,
        cell(5),
        lambda _v: "",
        first=_rule_set_with_rules,
    ),
}


def _open(qtbot, win: MainWindow, pair: Pair) -> tuple[View, RecordTable]:  # type: ignore[no-untyped-def]
    view = win.show_view(pair.key)
    idle(qtbot, win)
    if pair.search is not None and pair.first is not _units_search:
        type_search(qtbot, win, pair.search(view), "")
    if pair.first is not None:
        pair.first(qtbot, win, view)
        idle(qtbot, win)
    table = pair.table(view)
    assert table.model().rowCount() >= 3, pair.key
    return view, table


def _shows(view: View, pair: Pair, table: RecordTable, row: int) -> None:
    """The row is the one chosen, and the detail shows it."""
    assert table.selected_rows() == [row]
    assert table.current_id() is not None
    text = pair.shown(view)
    assert pair.names(table, row) in text
    assert text != pair.blank(view) or pair.shown is _no_detail


@pytest.mark.parametrize("name", list(PAIRS))
def test_the_detail_follows_the_mouse_and_the_arrow_keys(qtbot, shared: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    pair = PAIRS[name]
    view, table = _open(qtbot, shared, pair)

    click_row(qtbot, table, 2)
    _shows(view, pair, table, 2)
    third = pair.shown(view)
    click_row(qtbot, table, 0)
    _shows(view, pair, table, 0)
    key(table, Qt.Key.Key_Down)
    _shows(view, pair, table, 1)
    key(table, Qt.Key.Key_Down)
    _shows(view, pair, table, 2)
    assert pair.shown(view) == third
    key(table, Qt.Key.Key_Up)
    _shows(view, pair, table, 1)
    click_row(qtbot, table, 1)  # the same row again: still chosen, still shown
    _shows(view, pair, table, 1)


@pytest.mark.parametrize("name", [n for n, p in PAIRS.items() if p.enter is not None])
def test_enter_opens_the_row_the_mouse_chose(qtbot, shared: MainWindow, name: str, opened: Opened) -> None:  # type: ignore[no-untyped-def]
    pair = PAIRS[name]
    _view, table = _open(qtbot, shared, pair)
    click_row(qtbot, table, 1)
    key(table, Qt.Key.Key_Return)
    assert [type(d) for d in opened] == [pair.enter]


@pytest.mark.parametrize("name", [n for n, p in PAIRS.items() if p.blanks])
def test_with_nothing_chosen_the_detail_is_blank(qtbot, shared: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    pair = PAIRS[name]
    view, table = _open(qtbot, shared, pair)
    click_row(qtbot, table, 2)
    _shows(view, pair, table, 2)

    click_row(qtbot, table, 2, ctrl=True)  # Ctrl+click takes the row out of the selection
    assert table.selected_rows() == [] and table.current_id() is None
    assert pair.shown(view) == pair.blank(view)

    if pair.search is not None:  # a search that hides the chosen row
        click_row(qtbot, table, 1)
        _shows(view, pair, table, 1)
        type_search(qtbot, shared, pair.search(view), NOTHING)
        assert table.model().rowCount() == 0
        assert pair.shown(view) == pair.blank(view)
        type_search(qtbot, shared, pair.search(view), "")


@pytest.mark.parametrize("name", list(PAIRS))
def test_a_reload_keeps_the_chosen_row_and_its_detail(qtbot, shared: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    pair = PAIRS[name]
    view, table = _open(qtbot, shared, pair)
    click_row(qtbot, table, 2)
    chosen, shown = table.current_id(), pair.shown(view)

    press_f5(qtbot, shared)
    assert shared.statusBar().currentMessage() == _("Refreshed.")
    table = pair.table(view)
    assert table.current_id() == chosen and len(table.selected_rows()) == 1
    assert pair.shown(view) == shown

    announce(qtbot, shared)
    table = pair.table(view)
    assert table.current_id() == chosen and len(table.selected_rows()) == 1
    assert pair.shown(view) == shown
    # And the mouse still works after the reload.
    click_row(qtbot, table, 0)
    _shows(view, pair, table, 0)


# --- the council, in front of the council ----------------------------------------------------------


def test_a_session_and_its_items_chosen_with_the_mouse_light_up_their_buttons(  # type: ignore[no-untyped-def]
    qtbot, shared: MainWindow, opened: Opened
) -> None:
    view = shared.show_view("council")
    assert isinstance(view, CouncilView)
    idle(qtbot, shared)
    open_row = _open_row(view)
    signed_row = next(i for i, s in enumerate(view.session_list) if s.status is SessionStatus.SIGNED)

    click_row(qtbot, view.sessions, signed_row)
    assert view.current is not None and view.current.status is SessionStatus.SIGNED
    assert not view.add_button.isEnabled() and view.export_button.isEnabled()
    assert not view.tally_button.isEnabled()

    click_row(qtbot, view.sessions, open_row)
    assert view.current is not None and view.current.status is SessionStatus.OPEN
    assert view.current.title in view.session_text()
    for button in (view.add_button, view.close_button, view.sign_button, view.export_button):
        assert button.isEnabled(), button.text()
    assert view.agenda_model.rowCount() == 3

    click_row(qtbot, view.agenda, 2)
    item = view.current_item()
    assert item is not None and item.id == view.agenda_model.key_at(2)
    assert item.subject_name in view.item_panel.title.text()
    click_button(qtbot, view.tally_button)
    assert [type(d) for d in opened] == [TallyDialog]
    assert opened[-1].item.id == item.id  # type: ignore[attr-defined]
    key(view.agenda, Qt.Key.Key_Up)
    item = view.current_item()
    assert item is not None and item.id == view.agenda_model.key_at(1)
    click_button(qtbot, view.decide_button)
    assert type(opened[-1]) is OutcomeDialog and opened[-1].item.id == item.id  # type: ignore[attr-defined]
    click_button(qtbot, view.add_button)
    assert type(opened[-1]) is AgendaDialog

    # Attendance: members chosen with the mouse can be marked.
    click_tab(view.session_tabs, 1)
    assert not view.present_button.isEnabled()
    click_row(qtbot, view.attendance, 0)
    assert view.present_button.isEnabled() and view.absent_button.isEnabled()
    click_tab(view.session_tabs, 0)

    # Members and terms: the chosen member can be let go.
    click_tab(view.tabs, 1)
    assert not view.end_button.isEnabled()
    click_row(qtbot, view.members, 3)
    assert view.end_button.isEnabled()
    click_tab(view.tabs, 0)


def test_a_decision_chosen_with_the_mouse_offers_its_actions(  # type: ignore[no-untyped-def]
    qtbot, shared: MainWindow, opened: Opened
) -> None:
    view = shared.show_view("awards")
    assert isinstance(view, AwardsView)
    _decisions_tab(qtbot, shared, view)
    table, model, panel = view.decisions, view.decision_model, view.decision_panel
    states = {str(model.index(r, 3).data()): r for r in range(model.rowCount())}
    issued, draft = states[_("Decision issued")], states.get(_("Draft decision"))

    click_row(qtbot, table, issued)
    assert panel.detail is not None and panel.detail.row.id == table.current_id()
    assert panel.correct_button.isEnabled() and not panel.issue_button.isEnabled()
    if draft is not None:
        click_row(qtbot, table, draft)
        assert panel.detail is not None and not panel.detail.row.issued
        click_button(qtbot, panel.edit_button)
        assert type(opened[-1]) is DecisionDraftDialog
        click_button(qtbot, panel.add_button)
        assert type(opened[-1]) is RecipientsDialog


def test_the_unit_tree_follows_the_mouse(qtbot, shared: MainWindow, opened: Opened) -> None:  # type: ignore[no-untyped-def]
    view = shared.show_view("units")
    assert isinstance(view, UnitsView)
    idle(qtbot, shared)
    type_search(qtbot, shared, view.search, "")
    tree = view.tree
    root = tree.topLevelItem(0)
    assert root is not None and root.childCount() >= 2
    for item in (root.child(1), root.child(0)):
        rect = tree.visualItemRect(item)
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert view.detail.title.text() == item.text(0)
    key(tree, Qt.Key.Key_Down)
    assert view.detail.title.text() == root.child(1).text(0)
    key(tree, Qt.Key.Key_Return)
    assert [type(d) for d in opened] == [UnitDialog]
    assert opened[0].unit_id == view.detail.unit_id  # type: ignore[attr-defined]


def test_a_row_chosen_while_the_list_reloads_stays_chosen(qtbot) -> None:  # type: ignore[no-untyped-def]
    arriving: list[tuple[Callable[[], list[int]], Callable[[list[int]], None]]] = []

    def arrive() -> None:
        while arriving:
            query, done = arriving.pop(0)
            done(query())

    model: IdTableModel[tuple[str]] = IdTableModel(
        ["Họ và tên"],
        ["name"],
        lambda _sort, _descending: lambda: list(range(1, 11)),
        lambda ids: {i: (f"Người thứ {i}",) for i in ids},
        runner=lambda query, done: arriving.append((query, done)),
    )
    table = RecordTable(model)
    qtbot.addWidget(table)
    table.resize(400, 400)
    table.show()
    shown: list[object] = []
    table.current_changed.connect(shown.append)
    model.reload()
    arrive()

    click_row(qtbot, table, 2)
    assert table.current_id() == 3 and shown[-1] == 3
    table.reload_keeping_selection()  # F5: the list is read again, to be chosen again when it arrives
    click_row(qtbot, table, 5)  # meanwhile the clerk goes on
    assert table.current_id() == 6 and shown[-1] == 6
    arrive()
    assert table.selected_ids() == [6] and table.current_id() == 6 and shown[-1] == 6
