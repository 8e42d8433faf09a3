"""GUI test helpers: a main window on a copy of the demo database, answered message boxes, waiting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from emudesk.services.core.store import Store
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.main_window import MainWindow
from tests.conftest import ENGINES


@dataclass
class Boxes:
    """Every message box the code under test showed, answered without blocking.

    Attributes:
        answer: the button the next boxes "press" (default: the box's default button).
        shown: (icon, title, text, informative text) of each box, in order.
    """

    answer: QMessageBox.StandardButton | None = None
    shown: list[tuple[QMessageBox.Icon, str, str, str]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [f"{text}\n{more}".strip() for _icon, _title, text, more in self.shown]

    def warnings(self) -> list[str]:
        return [
            f"{text}\n{more}".strip()
            for icon, _title, text, more in self.shown
            if icon in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical)
        ]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """QMessageBox.exec records the box and returns ``boxes.answer`` (or the default button)."""
    record = Boxes()

    def fake_exec(self: QMessageBox) -> int:
        record.shown.append((self.icon(), self.windowTitle(), self.text(), self.informativeText()))
        if record.answer is not None:
            return int(record.answer.value)
        default = self.defaultButton()
        return (
            int(self.standardButton(default).value)
            if default is not None
            else int(QMessageBox.StandardButton.Ok.value)
        )

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return record


@pytest.fixture
def ui_settings(tmp_path: Path) -> AppSettings:
    return AppSettings(tmp_path / "ui.ini")


# EMUDESK_TEST_GUI_ON_SERVER=1 (see tests/conftest.py): the window opens the demo on each engine.
_ON_SERVER = os.environ.get("EMUDESK_TEST_GUI_ON_SERVER") == "1"


@pytest.fixture(params=ENGINES if _ON_SERVER else None)
def window_store(request: pytest.FixtureRequest) -> Store:
    """The demo the window opens: an SQLite copy (and a server copy in the trial)."""
    engine = getattr(request, "param", "sqlite")
    return request.getfixturevalue("sqlite_demo_store" if engine == "sqlite" else "pg_demo_store")


@pytest.fixture
def window(qtbot, window_store: Store, ui_settings: AppSettings, boxes: Boxes) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(window_store, settings=ui_settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, win)
    yield win
    win.tasks.shutdown()


def wait_idle(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Until the database worker has finished and its callbacks have run."""
    qtbot.waitUntil(lambda: win.tasks.idle, timeout=10_000)
    QApplication.processEvents()


Waiter = Callable[[], None]
