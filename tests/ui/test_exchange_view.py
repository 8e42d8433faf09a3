"""Trao đổi dữ liệu, by hand: a province receives a commune's package with a conflict on a person's
position and takes the commune's value by clicking; a changed byte is refused with the service's
message; a key is trusted after its fingerprint is shown; a package goes up; the nominations list
shows the office above's receipt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)
from sqlalchemy import select

from emudesk.db.models import ExchangePackage, Individual
from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.exchange import office
from emudesk.services.register import individuals
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.nominations.nominations_view import NominationsView
from emudesk.ui.views.workspace.exchange_import import ExchangeImportDialog
from emudesk.ui.views.workspace.exchange_view import ExchangeView
from tests.services.exchange.offices import (
    Offices,
    commune_dossiers,
    make_offices,
    province_campaign,
    receive,
    send,
)
from tests.snapshot import snapshot
from tests.ui.conftest import Boxes, wait_idle

pytestmark = pytest.mark.sqlite_only("two offices: two database files")


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[Offices]:
    """The province and the commune after one round: the plan went down, the dossier up."""
    pair = make_offices(tmp_path)
    province_campaign(pair)
    send(pair.upper, pair.package("ke-hoach.emx"))
    receive(pair.lower, pair.package("ke-hoach.emx"))
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    commune_dossiers(pair, evidence, ["Nguyễn Văn An"])
    send(pair.lower, pair.package("de-nghi.emx"))
    receive(pair.upper, pair.package("de-nghi.emx"), receipt=pair.package("bien-nhan.emx"))
    yield pair
    pair.close()


def _set_position(store: Store, position: str) -> None:
    with store.write() as s:
        person = s.scalar(select(Individual))
        assert person is not None
        data = individuals.individual_input(s, person.id)
        data.position = position
        individuals.update_individual(s, person.id, data)


def _position(store: Store) -> str | None:
    with store.read() as s:
        return s.scalar(select(Individual.position))


def _open(qtbot, store: Store, settings: AppSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(store, settings=settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    return win


def _exchange_view(qtbot, win: MainWindow) -> ExchangeView:  # type: ignore[no-untyped-def]
    """Click "Trao đổi dữ liệu" in the navigation pane."""
    row = win.view_keys.index("exchange")
    item = win.nav.item(row)
    assert item.text() == "Trao đổi dữ liệu"
    QTest.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=win.nav.visualItemRect(item).center())
    wait_idle(qtbot, win)
    view = win.current_view()
    assert isinstance(view, ExchangeView)
    return view


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def _choose_file(monkeypatch: pytest.MonkeyPatch, kind: str, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, kind, staticmethod(lambda *a, **k: (str(path), "")))


def test_a_conflict_is_decided_by_clicking_take_theirs(
    qtbot, offices: Offices, ui_settings: AppSettings, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_position(offices.upper, "Chủ tịch UBND xã")
    _set_position(offices.lower, "Phó Chủ tịch UBND xã")
    again = offices.package("lan-2.emx")
    send(offices.lower, again, since="last")
    win = _open(qtbot, offices.upper, ui_settings)
    try:
        view = _exchange_view(qtbot, win)
        with offices.upper.read() as s:
            me = office.this_office(s)
        assert view.office_title.text() == "Sở Nội vụ tỉnh Hưng Yên"
        assert me.fingerprint in view.fingerprint.text()
        assert all(len(group) == 4 for group in me.fingerprint.split())
        _choose_file(monkeypatch, "getOpenFileName", again)
        _click(view.receive_button)
        wait_idle(qtbot, win)
        dialog = view.import_dialog
        assert isinstance(dialog, ExchangeImportDialog) and dialog.isVisible()
        counts = dialog.findChild(QLabel, "exchange_counts")
        assert counts is not None and "1 xung đột" in counts.text()
        _click(dialog.next_button)  # Tiếp ›: to the conflicts
        table = dialog.findChild(QTableWidget, "exchange_conflicts")
        assert table is not None and table.isVisible() and table.rowCount() == 1
        cells = [table.item(0, c).text() for c in range(4)]  # type: ignore[union-attr]
        assert cells[1:] == ["Chức vụ", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"]
        assert dialog.next_button.text() == "Nhập" and not dialog.next_button.isEnabled()
        QTest.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=table.visualRect(table.model().index(0, 3)).center(),
        )
        theirs = dialog.findChild(QPushButton, "exchange_take_theirs")
        assert theirs is not None and theirs.text() == "Lấy của họ"
        _click(theirs)
        assert table.item(0, 4).text() == "Phó Chủ tịch UBND xã"  # type: ignore[union-attr]
        assert _position(offices.upper) == "Chủ tịch UBND xã"  # nothing written before Nhập
        _click(dialog.next_button)
        wait_idle(qtbot, win)
        assert not boxes.warnings()
        result = dialog.findChild(QLabel, "exchange_result")
        assert result is not None and result.isVisible()
        assert "UBND xã Vũ Thư" in result.text()
        assert _position(offices.upper) == "Phó Chủ tịch UBND xã"
        receipt = offices.package("lan-2.receipt.emx")
        assert receipt.is_file() and str(receipt) in dialog.result_details.toPlainText()
        # The screen lists the package received and the receipt sent.
        model = view.packages.model
        newest = [model.row_values(r)[1:3] for r in range(2)]
        assert newest == [("Gửi đi", "Giấy báo nhận"), ("Nhận về", "Hồ sơ, dữ liệu")]
    finally:
        win.tasks.shutdown()


def test_a_package_with_a_changed_byte_is_refused_with_the_services_message(
    qtbot, offices: Offices, ui_settings: AppSettings, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_position(offices.lower, "Phó Chủ tịch UBND xã")
    good = offices.package("lan-2.emx")
    send(offices.lower, good, since="last")
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = offices.package("hong.emx")
    bad.write_bytes(bytes(data))
    with offices.upper.read() as s:
        before = snapshot(s)
    win = _open(qtbot, offices.upper, ui_settings)
    try:
        view = _exchange_view(qtbot, win)
        _choose_file(monkeypatch, "getOpenFileName", bad)
        _click(view.receive_button)
        wait_idle(qtbot, win)
        assert view.import_dialog is None
        (warning,) = boxes.warnings()
        assert "hong.emx" in warning and "không ghi gì" in warning
    finally:
        win.tasks.shutdown()
    with offices.upper.read() as s:
        assert snapshot(s) == before


def test_a_key_is_trusted_after_its_fingerprint_is_shown_and_a_package_goes_up(
    qtbot,
    offices: Offices,
    ui_settings: AppSettings,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    third = Store.open(tmp_path / "phuong.sqlite3", create=True)
    with third.write() as s:
        other = office.init_office(s, "UBND phường Trần Lãm")
        key = tmp_path / "phuong.json"
        key.write_bytes(office.export_key(s))
    third.close()
    _set_position(offices.lower, "Phó Chủ tịch UBND xã")
    win = _open(qtbot, offices.lower, ui_settings)
    try:
        view = _exchange_view(qtbot, win)
        _choose_file(monkeypatch, "getOpenFileName", key)
        boxes.answer = QMessageBox.StandardButton.Yes
        _click(view.trust_button)
        wait_idle(qtbot, win)
        assert other.fingerprint in boxes.texts[-1]
        assert "UBND phường Trần Lãm" in [
            view.offices.model.row_values(r)[0] for r in range(view.offices.model.rowCount())
        ]
        # This office's own key is refused with the service's words, after the same question.
        own = tmp_path / "xa.json"
        with offices.lower.read() as s:
            own.write_bytes(office.export_key(s))
        _choose_file(monkeypatch, "getOpenFileName", own)
        _click(view.trust_button)
        wait_idle(qtbot, win)
        assert boxes.warnings() == [_("This is this office's own key; trust the key of the other office.")]
        boxes.shown.clear()
        boxes.answer = None
        target = tmp_path / "len-tinh.emx"
        _choose_file(monkeypatch, "getSaveFileName", target)
        _click(view.send_up)
        wait_idle(qtbot, win)
        assert target.is_file() and not boxes.warnings()
        assert boxes.texts[-1].startswith("Đã ghi")
        with offices.lower.read() as s:
            sent = s.scalars(select(ExchangePackage.state).where(ExchangePackage.direction == "sent")).all()
        assert len(sent) == 2
    finally:
        win.tasks.shutdown()


def test_the_nominations_list_shows_the_receipt_of_the_office_above(
    qtbot, offices: Offices, ui_settings: AppSettings, boxes: Boxes
) -> None:
    # The province's receipt of the dossier, imported at the commune.
    receive(offices.lower, offices.package("bien-nhan.emx"))
    win = _open(qtbot, offices.lower, ui_settings)
    try:
        view = win.show_view("nominations")
        wait_idle(qtbot, win)
        assert isinstance(view, NominationsView)
        model = view.model
        titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        column = titles.index("Trao đổi")
        assert model.data(model.index(0, column)) == "Đã tiếp nhận"
    finally:
        win.tasks.shutdown()


def test_a_value_typed_in_the_conflict_list_is_the_one_kept(
    qtbot, offices: Offices, ui_settings: AppSettings, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_position(offices.upper, "Chủ tịch UBND xã")
    _set_position(offices.lower, "Phó Chủ tịch UBND xã")
    again = offices.package("lan-2.emx")
    send(offices.lower, again, since="last")
    win = _open(qtbot, offices.upper, ui_settings)
    try:
        view = _exchange_view(qtbot, win)
        _choose_file(monkeypatch, "getOpenFileName", again)
        _click(view.receive_button)
        wait_idle(qtbot, win)
        dialog = view.import_dialog
        assert dialog is not None
        _click(dialog.next_button)
        table = dialog.conflicts
        cell = table.visualRect(table.model().index(0, 4)).center()
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        _click(dialog.edit_value)  # Sửa…
        assert table.state() == QAbstractItemView.State.EditingState
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        QTest.keyClicks(editor, "Bi thu Dang uy")
        QTest.keyClick(editor, Qt.Key.Key_Return)
        # The delegate commits a Return through a queued call.
        qtbot.waitUntil(dialog.next_button.isEnabled)
        assert table.item(0, 4).text() == "Bi thu Dang uy"  # type: ignore[union-attr]
        _click(dialog.next_button)
        wait_idle(qtbot, win)
        assert not boxes.warnings()
        assert _position(offices.upper) == "Bi thu Dang uy"
    finally:
        win.tasks.shutdown()


def test_a_package_that_would_overfill_a_quota_is_refused_with_the_quota_message(
    qtbot, tmp_path: Path, ui_settings: AppSettings, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emudesk.db.models import Campaign
    from emudesk.domain.enums import Gender, NominationStatus, SubjectKind
    from emudesk.services.nominations import workflow
    from tests.factories import nominate, person, unit

    pair = make_offices(tmp_path)
    try:
        province_campaign(pair, limit=1)
        send(pair.upper, pair.package("ke-hoach.emx"))
        receive(pair.lower, pair.package("ke-hoach.emx"))
        evidence = tmp_path / "minh-chung.pdf"
        evidence.write_bytes(b"%PDF-1.4 minh chung")
        commune_dossiers(pair, evidence, ["Nguyễn Văn An"])
        with pair.upper.write() as s:  # the province's own file already holds the one place
            cid = s.scalar(select(Campaign.id))
            staff = person(
                s, "Lê Thị Hoa", unit(s, "Văn phòng Sở", "don_vi_truc_thuoc"), gender=Gender.FEMALE
            )
            own = nominate(s, cid, SubjectKind.INDIVIDUAL, staff, "BK_TINH", year=2026)
            workflow.transition(s, [own], NominationStatus.SUBMITTED)
        send(pair.lower, pair.package("de-nghi.emx"))
        with pair.upper.read() as s:
            before = snapshot(s)
        win = _open(qtbot, pair.upper, ui_settings)
        try:
            view = _exchange_view(qtbot, win)
            _choose_file(monkeypatch, "getOpenFileName", pair.package("de-nghi.emx"))
            _click(view.receive_button)
            wait_idle(qtbot, win)
            dialog = view.import_dialog
            assert dialog is not None and not dialog.preview.conflicts
            _click(dialog.next_button)  # Nhập
            wait_idle(qtbot, win)
            (warning,) = boxes.warnings()
            assert "Bằng khen của Chủ tịch UBND tỉnh" in warning
            assert dialog.isVisible() and dialog.outcome is None
        finally:
            win.tasks.shutdown()
        with pair.upper.read() as s:
            assert snapshot(s) == before
        assert not pair.package("de-nghi.receipt.emx").exists()
    finally:
        pair.close()
