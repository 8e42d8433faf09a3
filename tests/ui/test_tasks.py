"""The database worker: results on the GUI thread, errors as dialogs, progress after a delay, Cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from emudesk.domain.errors import ConflictError
from emudesk.ui.tasks import TaskManager
from tests.ui.conftest import Boxes

Progress = Callable[[int, int, str], None]


@pytest.fixture
def tasks(qtbot) -> Iterator[TaskManager]:  # type: ignore[no-untyped-def]
    manager = TaskManager(progress_delay_ms=50)
    yield manager
    manager.shutdown()


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(qtbot, tasks: TaskManager) -> None:
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(_progress: Progress, _cancel: threading.Event) -> int:
        seen["worker"] = threading.current_thread().name
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["on_gui_thread"] = QThread.currentThread() is gui

    tasks.run(work, on_success=done, show_progress=False)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen == {"worker": seen["worker"], "result": 42, "on_gui_thread": True}
    assert str(seen["worker"]).startswith("emudesk-db")
    assert tasks.idle


def test_one_worker_runs_work_in_order(qtbot, tasks: TaskManager) -> None:
    order: list[int] = []
    for i in range(5):
        tasks.run(lambda _p, _c, i=i: order.append(i), show_progress=False)
    qtbot.waitUntil(lambda: tasks.idle)
    assert order == [0, 1, 2, 3, 4]


def test_a_refusal_becomes_a_dialog_with_the_services_words(qtbot, tasks: TaskManager, boxes: Boxes) -> None:
    def work(_progress: Progress, _cancel: threading.Event) -> None:
        raise ConflictError("Đề nghị #7: không thể chuyển trạng thái.")

    tasks.run(work, show_progress=False)
    qtbot.waitUntil(lambda: tasks.idle)
    assert boxes.warnings() == ["Đề nghị #7: không thể chuyển trạng thái."]


def test_progress_dialog_appears_late_shows_progress_and_cancels(qtbot, tasks: TaskManager) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started = threading.Event()
    cancelled: list[bool] = []

    def work(progress: Progress, cancel: threading.Event) -> None:
        progress(3, 10, "Đang ghi dòng 3/10")
        started.set()
        if not cancel.wait(10):
            raise AssertionError("never cancelled")
        raise RuntimeError("stopped")  # any exception after Cancel counts as cancelled

    task = tasks.run(
        work,
        parent=parent,
        title="Xuất",
        label="Đang xuất…",
        cancellable=True,
        on_cancelled=lambda: cancelled.append(True),
    )
    assert QApplication.activeModalWidget() is None  # nothing flashes for quick work
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible())
    dialog = task.dialog
    assert isinstance(dialog, QProgressDialog)
    qtbot.waitUntil(lambda: dialog.value() == 3 and dialog.maximum() == 10)
    assert dialog.labelText() == "Đang ghi dòng 3/10"
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Hủy"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.idle)
    assert cancelled == [True] and task.cancel.is_set()


def test_wait_returns_after_the_callbacks(qtbot, tasks: TaskManager) -> None:
    done: list[str] = []
    task = tasks.run(lambda _p, _c: "ok", on_success=done.append, show_progress=False)
    tasks.wait(task)
    assert done == ["ok"]


def test_nothing_starts_after_shutdown(tasks: TaskManager) -> None:
    tasks.shutdown()
    ran: list[int] = []
    task = tasks.run(lambda _p, _c: ran.append(1), show_progress=False)
    assert task.finished and ran == [] and tasks.idle


def test_wait_idle_gives_up_on_work_that_never_finishes(qtbot, tasks: TaskManager) -> None:
    release = threading.Event()

    def work(_progress: Progress, _cancel: threading.Event) -> None:
        release.wait()  # "hung" until the test lets it go

    tasks.run(work, show_progress=False)
    try:
        with pytest.raises(TimeoutError, match=r"still busy after 0\.2 s \(1 task\(s\) running"):
            tasks.wait_idle(timeout=0.2)
        assert not tasks.idle
    finally:
        release.set()  # let the worker thread end whatever happened above
    tasks.wait_idle(timeout=10)
    assert tasks.idle
