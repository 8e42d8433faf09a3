"""One window per database file, and a database on a network share in the window (issue 15, item 5)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from emudesk.services.core import holder
from emudesk.services.core.holder import Hold, Holder
from emudesk.services.core.store import Store, all_settings
from emudesk.ui import single_instance
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.workspace.settings_dialog import SettingsDialog
from tests.cli.running import run
from tests.cli.test_damaged_writes import units, units_file
from tests.damage import fingerprint
from tests.ui.conftest import Boxes, wait_idle

ROOT = Path(__file__).resolve().parents[2]
OTHER = Holder("lan", "PC-KETOAN", 4242, datetime(2026, 12, 1, 8, 30, tzinfo=timezone(timedelta(hours=7))))


# --- two real windows -------------------------------------------------------------------------


def _window_process(db: Path, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EMUDESK_HOME=str(home), PYTHONPATH=str(ROOT))
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "window.err", "wb") as err:  # a file, not a pipe nobody reads until the end
        return subprocess.Popen(
            [sys.executable, "-m", "emudesk", "--db", str(db)], env=env, stdout=subprocess.DEVNULL, stderr=err
        )


def _wait_until_held(db: Path, window: subprocess.Popen[bytes], home: Path) -> None:
    """Until ``window`` holds ``db`` (waiting on the process itself: it must not exit meanwhile)."""
    deadline = time.monotonic() + 60
    while (seen := holder.holder_of(db)) is None or seen.pid != window.pid:
        assert time.monotonic() < deadline, "the first window never took the file"
        try:
            window.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the first window exited: {(home / 'window.err').read_text(errors='replace')}")


@pytest.fixture
def first_window(sqlite_demo_db: Path, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    window = _window_process(sqlite_demo_db, tmp_path / "home")
    try:
        _wait_until_held(sqlite_demo_db, window, tmp_path / "home")
        yield window
    finally:
        window.kill()
        window.wait()


def test_a_second_window_brings_the_first_to_the_front_and_exits(
    first_window: subprocess.Popen[bytes],
    sqlite_demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Another name of the same file: one identity for every name.
    (tmp_path / "link").symlink_to(sqlite_demo_db.parent)
    second = subprocess.run(
        [sys.executable, "-m", "emudesk", "--db", str(tmp_path / "link" / sqlite_demo_db.name)],
        env=dict(
            os.environ, QT_QPA_PLATFORM="offscreen", EMUDESK_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT)
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 0, second.stderr
    # The first answers only after it has come to the front (single_instance.Claim._on_message).
    assert f"{sqlite_demo_db} đã được mở trong emudesk: cửa sổ đó đã được đưa lên trước." in second.stdout
    assert first_window.poll() is None
    log = (tmp_path / "home" / "log" / "emudesk.log").read_text(encoding="utf-8")
    assert f"brought to the front for a second window on {sqlite_demo_db}" in log
    assert holder.holder_of(sqlite_demo_db).pid == first_window.pid  # type: ignore[union-attr]
    # The command line still reads and writes while the window is open (SQLite WAL).
    source = units_file(capsys, sqlite_demo_db, tmp_path / "don-vi.xlsx")
    count = units(sqlite_demo_db)
    code, _out, err = run(capsys, "import", "units", str(source), "--db", str(sqlite_demo_db))
    assert code == 0, err
    assert units(sqlite_demo_db) == count + 1
    # A window that dies leaves its record, which no longer counts.
    first_window.kill()
    first_window.wait(timeout=30)
    assert holder.lock_path(sqlite_demo_db).exists() and holder.holder_of(sqlite_demo_db) is None
    claim = single_instance.claim(sqlite_demo_db)
    assert isinstance(claim, single_instance.Claim)
    claim.release()


# --- held elsewhere ----------------------------------------------------------------------------


@pytest.fixture
def held_by_another_computer(sqlite_demo_db: Path) -> Iterator[Path]:
    held = holder.take(sqlite_demo_db, OTHER)
    assert isinstance(held, Hold)
    yield sqlite_demo_db
    held.release()


def test_a_file_held_on_another_computer_names_who_and_since_when(
    qapp, held_by_another_computer: Path, boxes: Boxes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = held_by_another_computer
    before = fingerprint(db)
    # Should a window open after all, it is closed again rather than waited for.
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(qapp.quit)
    guard.start(10_000)
    try:
        code, _out, err = run(capsys, "--db", str(db))
    finally:
        guard.stop()
    assert code == 1
    message = f"{db} đang được mở trong emudesk bởi lan trên máy PC-KETOAN, từ 01/12/2026 08:30."
    assert message in err
    assert len(boxes.warnings()) == 1 and message in boxes.warnings()[0]
    assert fingerprint(db) == before


def test_file_open_applies_the_same_rule(
    qtbot,
    window: MainWindow,
    boxes: Boxes,
    held_by_another_computer: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    current = window.store.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(held_by_another_computer), ""))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert len(boxes.warnings()) == 1
    assert "lan trên máy PC-KETOAN, từ 01/12/2026 08:30" in boxes.warnings()[0]
    assert window.store.path == current and window.claim is None


def test_file_open_of_a_file_in_another_window_brings_that_one_forward(
    qtbot,
    window: MainWindow,
    boxes: Boxes,
    tmp_path: Path,
    demo_template: Path,
    ui_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other_db = tmp_path / "other" / "demo.sqlite3"
    other_db.parent.mkdir()
    shutil.copy(demo_template, other_db)
    claim = single_instance.claim(other_db)
    assert isinstance(claim, single_instance.Claim)
    other = MainWindow(Store.open(other_db), settings=ui_settings, claim=claim)
    qtbot.addWidget(other)
    try:
        current = window.store.path
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other_db), ""))
        window.activateWindow()
        with qtbot.waitSignal(claim.activate, timeout=5000):
            qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        assert other.isVisible()
        assert window.store.path == current and boxes.shown == []
        assert "cửa sổ đó đã được đưa lên trước" in window.statusBar().currentMessage()
    finally:
        other.close()
        other.store.close()
    assert holder.holder_of(other_db) is None  # closing the window let go of the file


def test_file_open_moves_the_hold_to_the_new_file(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    demo_template: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = tmp_path / "a" / "one.sqlite3", tmp_path / "b" / "two.sqlite3"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copy(demo_template, path)
    for path in (first, second):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, p=path, **k: (str(p), ""))
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, window)
        assert window.store.path == path.resolve()
        assert holder.holder_of(path).pid == os.getpid()  # type: ignore[union-attr]
    assert holder.holder_of(first) is None
    window.close()
    assert holder.holder_of(second) is None


# --- a database on a network share -------------------------------------------------------------


@pytest.fixture
def share_window(qtbot, shared_demo: Path, ui_settings: AppSettings, boxes: Boxes) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(Store.open(shared_demo), settings=ui_settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()
    win.store.close()


def test_a_share_opens_read_only_with_the_reason_and_the_ways_out(
    qtbot, share_window: MainWindow, shared_demo: Path, boxes: Boxes
) -> None:
    bar = share_window.share_bar
    assert bar.isVisible()
    assert "//fileserver/khenthuong (cifs)" in bar.message.text()
    assert "không an toàn qua mạng" in bar.message.text() and "copy-local" not in bar.message.text()
    assert bar.copy_button.text() == "&Chép về máy này…" and bar.copy_button.isVisible()
    assert "PostgreSQL" in bar.server_button.text() and bar.server_button.isVisible()
    before = fingerprint(shared_demo)
    dialog = SettingsDialog(share_window.ctx, share_window)
    qtbot.addWidget(dialog)
    dialog.fields["office.place"].setText("Phố Hiến")
    dialog._accept()
    wait_idle(qtbot, share_window)
    assert any("chỉ mở để đọc" in text for text in boxes.warnings())
    assert fingerprint(shared_demo) == before


def test_copy_to_this_computer_opens_a_copy_that_takes_writes(
    qtbot,
    share_window: MainWindow,
    shared_demo: Path,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "may-nay" / "demo.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    QTest.mouseClick(share_window.share_bar.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: share_window.store.path == target.resolve(), timeout=20_000)
    wait_idle(qtbot, share_window)
    assert not share_window.share_bar.isVisible()
    assert boxes.warnings() == []
    assert holder.holder_of(target).pid == os.getpid()  # type: ignore[union-attr]
    dialog = SettingsDialog(share_window.ctx, share_window)
    qtbot.addWidget(dialog)
    dialog.fields["office.place"].setText("Phố Hiến")
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with share_window.store.read() as session:
        assert all_settings(session)["office.place"] == "Phố Hiến"
    share_window.release_claim()


@pytest.fixture
def older_on_share(shared_demo: Path, sqlite_template: Path) -> Path:
    """A database of the previous schema on the share: it can't be upgraded there."""
    from emudesk.db.migrate import downgrade, to_url

    db = shared_demo.with_name("cu.sqlite3")
    shutil.copy(sqlite_template, db)
    downgrade(to_url(db), "-1")
    return db


def test_file_open_of_an_older_file_on_a_share_offers_a_copy(
    qtbot,
    window: MainWindow,
    boxes: Boxes,
    older_on_share: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = older_on_share.read_bytes()
    target = tmp_path / "may-nay" / "cu.sqlite3"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(older_on_share), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.store.path == target.resolve(), timeout=20_000)
    wait_idle(qtbot, window)
    assert "nâng cấp" in boxes.texts[0] and "Chép tệp về máy này ngay bây giờ?" in boxes.texts[0]
    assert window.store.read_only_reason is None and not window.share_bar.isVisible()
    assert older_on_share.read_bytes() == data
    window.release_claim()


def test_starting_on_an_older_file_on_a_share_offers_a_copy(
    qapp,
    older_on_share: Path,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = older_on_share.read_bytes()
    target = tmp_path / "may-nay" / "cu.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[Path | None] = []
    # Another test's window is not this one. Hold the widgets themselves: an id() alone can be
    # reused by the new window's wrapper once a temporary wrapper of an old one is collected.
    earlier = list(qapp.topLevelWidgets())

    def close_the_window() -> None:
        for widget in qapp.topLevelWidgets():
            if (
                isinstance(widget, MainWindow)
                and widget.isVisible()
                and not any(widget is old for old in earlier)
            ):
                opened.append(widget.store.path)
                widget.close()

    guard = QTimer()
    guard.timeout.connect(close_the_window)
    guard.start(50)
    try:
        code, _out, _err = run(capsys, "--db", str(older_on_share))
    finally:
        guard.stop()
    assert code == 0
    assert opened == [target.resolve()]
    assert "Chép tệp về máy này ngay bây giờ?" in boxes.texts[0]
    assert older_on_share.read_bytes() == data
    assert holder.holder_of(target) is None  # the window let go of it when it closed
