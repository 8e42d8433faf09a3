"""The window on a damaged file: a box says it is damaged and how to restore it, no crash, no write."""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from emudesk.cli import build_parser
from emudesk.domain.errors import DamagedDatabaseError
from emudesk.services.core.store import Store
from emudesk.ui import entry
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.errors import forget_damage, show_error
from emudesk.ui.main_window import MainWindow
from tests.damage import KINDS, damage, fingerprint
from tests.ui.conftest import Boxes, wait_idle

# Found when the file is opened; the others are in pages an open does not read: the window reads
# them in the background once it is up (damage_watch), and any read that reaches them says so.
IN_PAGES = ["a_third_in", "data_page", "index_page"]
AT_OPEN = sorted(set(KINDS) - set(IN_PAGES))


@pytest.fixture
def damaged_copy(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # entry.run reads and writes the per-user settings: these tests get their own.
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "hong" / "office.sqlite3"
    path.parent.mkdir()
    shutil.copy(demo_template, path)
    return path


def assert_damage_box(boxes: Boxes) -> None:
    assert len(boxes.shown) == 1, boxes.texts
    icon, _title, text, _more = boxes.shown[0]
    assert icon == QMessageBox.Icon.Warning
    assert "bị hỏng" in text and "Sao lưu cơ sở dữ liệu…" in text and "emudesk backup" in text, text


@pytest.mark.parametrize("kind", AT_OPEN)
def test_starting_on_a_damaged_file_says_so(  # type: ignore[no-untyped-def]
    qapp, kind: str, damaged_copy: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage(damaged_copy, kind)
    before = fingerprint(damaged_copy)
    # Were the window to open after all, the test ends instead of waiting in its event loop.
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    args = build_parser().parse_args(["--db", str(damaged_copy)])
    assert entry.run(args) == 1
    assert_damage_box(boxes)
    assert str(damaged_copy) in boxes.shown[0][2]
    assert fingerprint(damaged_copy) == before


def _join_damage_watch() -> None:
    """Until the background reads have finished and what they found has been shown."""
    for thread in threading.enumerate():
        if thread.name == "emudesk-damage-watch":
            thread.join(timeout=30)
    QApplication.processEvents()


@pytest.mark.parametrize("kind", IN_PAGES)
def test_starting_on_a_file_damaged_in_a_page_says_so_once(  # type: ignore[no-untyped-def]
    qtbot, kind: str, damaged_copy: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The open is quick and finds nothing; the first view or the background read does."""
    damage(damaged_copy, kind)
    before = fingerprint(damaged_copy)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # entry.run installs its own
    windows: list[MainWindow] = []

    def event_loop() -> int:
        ours = damaged_copy.resolve()
        windows.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.store.path == ours
        )
        qtbot.waitUntil(lambda: bool(boxes.shown), timeout=20_000)
        _join_damage_watch()
        wait_idle(qtbot, windows[0])
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    try:
        assert entry.run(build_parser().parse_args(["--db", str(damaged_copy)])) == 0
    finally:
        for win in windows:
            win.tasks.shutdown()
            win.close()
    assert_damage_box(boxes)
    assert str(damaged_copy) in boxes.texts[0]
    assert fingerprint(damaged_copy) == before


@pytest.fixture
def checking_window(  # type: ignore[no-untyped-def]
    qtbot, sqlite_demo_store: Store, ui_settings: AppSettings, boxes: Boxes
) -> Iterator[MainWindow]:
    """A window that reads each file it opens in the background, as ``emudesk`` starts it."""
    win = MainWindow(sqlite_demo_store, settings=ui_settings, check_pages=True)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win
    _join_damage_watch()
    win.tasks.shutdown()


@pytest.mark.parametrize("kind", IN_PAGES)
def test_opening_a_file_damaged_in_a_page_says_so_once(
    qtbot,
    kind: str,
    checking_window: MainWindow,
    boxes: Boxes,
    damaged_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _join_damage_watch()
    assert boxes.shown == []  # the demo itself is whole
    damage(damaged_copy, kind)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged_copy), ""))
    checking_window.activateWindow()
    qtbot.keyClick(checking_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=20_000)
    _join_damage_watch()
    wait_idle(qtbot, checking_window)
    assert checking_window.store.path == damaged_copy.resolve()
    assert_damage_box(boxes)


def test_opening_a_damaged_file_keeps_the_open_one(
    qtbot,
    window: MainWindow,
    boxes: Boxes,
    damaged_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    damage(damaged_copy, "schema_page")
    before = fingerprint(damaged_copy)
    current = window.store.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(damaged_copy), ""))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert_damage_box(boxes)
    assert window.store.path == current and window.isVisible()
    assert fingerprint(damaged_copy) == before


@pytest.fixture
def window_on_damaged_page(  # type: ignore[no-untyped-def]
    qtbot, damaged_copy: Path, ui_settings: AppSettings, boxes: Boxes
) -> Iterator[tuple[MainWindow, dict[str, str | None]]]:
    damage(damaged_copy, "data_page")
    before = fingerprint(damaged_copy)
    store = Store.open(damaged_copy)  # an open reads only the list of tables: this page is not read yet
    win = MainWindow(store, settings=ui_settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win, before
    win.tasks.shutdown()
    store.close()


def test_a_view_reading_a_damaged_page_says_so(
    qtbot, window_on_damaged_page: tuple[MainWindow, dict[str, str | None]], boxes: Boxes, damaged_copy: Path
) -> None:
    win, before = window_on_damaged_page
    win.show_view("individuals")
    wait_idle(qtbot, win)
    assert boxes.shown, "the damaged page was never read"
    assert all("bị hỏng" in text for text in boxes.texts), boxes.texts
    assert "Sao lưu cơ sở dữ liệu…" in boxes.texts[0]
    assert not [icon for icon, *_rest in boxes.shown if icon == QMessageBox.Icon.Critical]  # no crash report
    assert win.isVisible()
    win.store.close()
    assert fingerprint(damaged_copy) == before


def test_a_screenshot_of_a_file_damaged_in_a_page_fails_with_the_message(  # type: ignore[no-untyped-def]
    qapp, damaged_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nobody is there to read a message box: the run fails instead of picturing an empty view."""
    damage(damaged_copy, "a_third_in")
    out = tmp_path / "shot.png"
    args = ["screenshot", "--db", str(damaged_copy), "--view", "overview", "-o", str(out)]
    assert entry.run(build_parser().parse_args(args)) == 1
    err = capsys.readouterr().err
    assert "bị hỏng" in err and "Sao lưu cơ sở dữ liệu…" in err and not out.exists()


def test_the_same_damage_reached_by_several_reads_is_told_once(qapp, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    """The first view, a list loading in the background and the page read may all hit one page."""
    forget_damage()
    damage_found = DamagedDatabaseError("Tệp cơ sở dữ liệu office.sqlite3 bị hỏng.")
    show_error(None, damage_found)
    show_error(None, DamagedDatabaseError(damage_found.message))
    assert len(boxes.shown) == 1
    forget_damage()  # another file opened: its damage is news
    show_error(None, damage_found)
    assert len(boxes.shown) == 2


def test_starting_on_a_database_that_does_not_exist_says_so_and_creates_nothing(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped --db is reported; only the configured default is made on first start."""
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("EMUDESK_DB", raising=False)
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    typo = tmp_path / "offfice.sqlite3"
    assert entry.run(build_parser().parse_args(["--db", str(typo)])) == 1
    assert (
        len(boxes.shown) == 1
        and str(typo) in boxes.texts[0]
        and boxes.texts[0].startswith("Không có tệp cơ sở dữ liệu")
    )
    assert list(tmp_path.glob("offfice*")) == []
