"""File ▸ Chuyển dữ liệu lên máy chủ…: the dialog typed into by hand, the copy off the UI thread
with its progress dialog, and Cancel leaving the destination as it was."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
)
from sqlalchemy import create_engine, select

from emudesk.db.engine import to_url
from emudesk.db.models import Individual
from emudesk.services.core.store import Store
from emudesk.services.transfer.digest import TableDigest, plain_tables, select_rows
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.transfer_dialog import TransferDialog
from tests.cli.running import target_of
from tests.factories import person
from tests.private_pg import ADMIN_PASSWORD, DB, PrivateServer, pg_server_fixture, up_fixture  # noqa: F401
from tests.ui.conftest import Boxes, wait_idle
from tests.ui.test_backups import click_menu_item

MENU_ITEM = "Chuyển &dữ liệu lên máy chủ…"


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


def rows_of(target: str | Path) -> dict[str, tuple[int, str]]:
    """Each table's row count and checksum over its values as the copy compares them, so that a
    server's rows and a file's compare alike (the drivers give the same value different types)."""
    engine = create_engine(to_url(target))
    try:
        with engine.connect() as conn:
            out = {}
            for table in plain_tables():
                digest = TableDigest(table)
                digest.add(conn.execute(select_rows(table, conn.dialect.name)).all())
                out[table.name] = (digest.rows, digest.hexdigest())
            return out
    finally:
        engine.dispose()


def click_choice(button: QRadioButton) -> None:
    """Click the round mark of a radio button."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def fill_transfer_dialog(destination: str) -> list[str]:
    """When the dialog comes up: choose "to a file", click into its box, type, and click Transfer."""
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TransferDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.windowTitle())
        QTest.mouseClick(
            dialog.to_file, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.to_file.height() // 2)
        )
        edit = dialog.findChild(QLineEdit, "transfer_target")
        assert edit is not None and edit.isEnabled()
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        QTest.keyClicks(edit, destination)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append(ok.text())
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    return seen


def test_the_file_menu_transfers_the_open_database_to_a_file(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "office.sqlite3"
    target.parent.mkdir()
    source = rows_of(target_of(window.store))

    seen = fill_transfer_dialog(str(target))
    click_menu_item(qtbot, window, "&Tệp", MENU_ITEM)
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=120_000)
    wait_idle(qtbot, window)

    assert seen == ["Chuyển dữ liệu", "Bắt đầu chuyển"]
    assert boxes.texts[-1].startswith("Đã chép") and "mọi bảng đều đã được kiểm tra" in boxes.texts[-1]
    assert rows_of(target) == source
    assert sorted(p.name for p in target.parent.iterdir()) == ["office.sqlite3"]


def test_cancel_in_the_progress_dialog_leaves_no_destination(
    qtbot, window: MainWindow, boxes: Boxes, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "office.sqlite3"
    target.parent.mkdir()

    fill_transfer_dialog(str(target))
    click_menu_item(qtbot, window, "&Tệp", MENU_ITEM)

    def progress_dialog() -> QProgressDialog | None:
        for task in window.tasks.running():
            if task.dialog is not None and task.dialog.isVisible():
                return task.dialog
        return None

    qtbot.waitUntil(lambda: progress_dialog() is not None, timeout=30_000)
    dialog = progress_dialog()
    assert dialog is not None
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=60_000)
    wait_idle(qtbot, window)

    assert boxes.texts == ["Đã hủy việc chuyển dữ liệu; nơi nhận được giữ nguyên như trước."]
    assert list(target.parent.iterdir()) == []


def _retype(edit: QLineEdit, text: str) -> None:
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def fill_server(dialog: TransferDialog, *, port: int, database: str, user: str, password: str) -> None:
    """The server's fields, as in File ▸ Kết nối máy chủ…, typed by hand."""
    fields = dialog.server
    for edit, text in (
        (fields.host, "127.0.0.1"),
        (fields.database, database),
        (fields.user, user),
        (fields.password, password),
    ):
        _retype(edit, text)
    _retype(fields.port.lineEdit(), str(port))


def check(qtbot, dialog: TransferDialog) -> str:  # type: ignore[no-untyped-def]
    QTest.mouseClick(dialog.server.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            dialog.server.check_button.isEnabled()
            and dialog.server.answer.text() not in ("", "Đang kết nối…")
        ),
        timeout=15_000,
    )
    return dialog.server.answer.text()


def test_the_server_is_asked_for_with_the_fields_of_the_open_server_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = TransferDialog(None, "demo.sqlite3", server="postgresql+psycopg://vanthu@10.0.0.5:5433/cu")
    qtbot.addWidget(dialog)
    dialog.show()
    # The last server's fields are filled in; a file is not asked for.
    assert dialog.to_server.isChecked() and not dialog.target.isEnabled()
    assert (dialog.server.host.text(), dialog.server.port.value(), dialog.server.user.text()) == (
        "10.0.0.5",
        5433,
        "vanthu",
    )
    fill_server(dialog, port=5433, database="thiduua", user="vanthu", password="m@t:khau/1")
    dialog.server.ssl.setFocus()
    QTest.keyClick(dialog.server.ssl, Qt.Key.Key_Down)  # prefer -> require
    assert dialog.destination() == (
        "postgresql+psycopg://vanthu:m%40t%3Akhau%2F1@127.0.0.1:5433/thiduua?sslmode=require"
    )
    # Chosen by the mouse, the file takes over: the server's fields are greyed out.
    click_choice(dialog.to_file)
    assert dialog.target.isEnabled() and not dialog.server.isEnabled()
    assert not dialog.server.check_button.isVisible()


@pytest.mark.pg
def test_the_transfer_dialog_tests_the_server_then_copies_to_it(  # type: ignore[no-untyped-def]
    qtbot, up: PrivateServer, sqlite_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> None:
    with sqlite_store.write() as s:
        person(s, "Nguyễn Văn Chuyển")
    window = MainWindow(sqlite_store, settings=ui_settings)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, window)
    name = f"chuyen_{uuid.uuid4().hex[:6]}"
    answers: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TransferDialog):
            QTimer.singleShot(20, fill)
            return
        fill_server(dialog, port=up.port, database=name, user="postgres", password="sai-roi")
        answers.append(check(qtbot, dialog))
        fill_server(dialog, port=up.port, database=name, user="postgres", password=ADMIN_PASSWORD)
        answers.append(check(qtbot, dialog))
        fill_server(dialog, port=up.port, database=DB, user="postgres", password=ADMIN_PASSWORD)
        answers.append(check(qtbot, dialog))
        fill_server(dialog, port=up.port, database=name, user="postgres", password=ADMIN_PASSWORD)
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    click_menu_item(qtbot, window, "&Tệp", MENU_ITEM)
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=60_000)
    wait_idle(qtbot, window)
    window.tasks.shutdown()

    assert answers[0].startswith("Sai mật khẩu của người dùng postgres trên máy chủ 127.0.0.1")
    assert answers[1] == (
        f"Kết nối được tới máy chủ 127.0.0.1. Máy chủ chưa có cơ sở dữ liệu {name}: việc chuyển sẽ tạo nó."
    )
    assert answers[2] == (
        f"Kết nối được: cơ sở dữ liệu {DB} trên máy chủ 127.0.0.1 đang trống; dữ liệu sẽ được chuyển vào đó."
    )
    assert boxes.texts[-1].startswith("Đã chép"), boxes.texts
    copied = Store.open(up.url(name))
    try:
        with copied.read() as s:
            assert [i.full_name for i in s.scalars(select(Individual))] == ["Nguyễn Văn Chuyển"]
    finally:
        copied.close()
