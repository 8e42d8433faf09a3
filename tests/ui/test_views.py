"""Every view opens on the demo database; every model passes Qt's model tester; screenshots render."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from emudesk.cli import build_parser
from emudesk.navigation import VIEW_KEYS, VIEWS
from emudesk.ui.main_window import MainWindow
from emudesk.ui.models.id_table_model import IdTableModel
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.screenshot import grab
from emudesk.ui.views.register.awards_view import AwardsView
from tests.ui.conftest import wait_idle


def test_window_lists_every_view_in_navigation_order(window: MainWindow) -> None:
    assert window.view_keys == list(VIEW_KEYS)
    assert window.nav.count() == len(VIEWS)
    assert window.nav.item(0).text() == "Tổng quan"
    assert window.nav.item(6).text() == "Đề nghị khen thưởng"


@pytest.mark.parametrize("key", VIEW_KEYS)
def test_each_view_opens_with_data_and_valid_models(
    qtbot, window: MainWindow, request: pytest.FixtureRequest, key: str
) -> None:
    view = window.show_view(key)
    window.tasks.wait_idle()
    assert window.stack.currentWidget() is view and view.isVisible()
    if isinstance(view, AwardsView):
        # The model tester visits every cell; keep the award history to one year for speed.
        view.year_from.setText("2025")
        view.refresh()
        window.tasks.wait_idle()
    view.prepare_screenshot()
    window.tasks.wait_idle()
    models = [m for m in view.findChildren(IdTableModel) if m.rowCount() < 5000]
    models += view.findChildren(ListTableModel)
    if key == "overview":
        assert view.cards and view.cards[0].meters.texts()  # type: ignore[attr-defined]
    else:
        assert models, f"{key} shows no table"
    for model in models:
        # One tester per model: a tester follows one model's resets (the detail tables reset
        # while the main table does, which a shared tester would take for a nested reset).
        ModelTester(request.config).check(model, force_py=True)
    view.refresh()
    wait_idle(qtbot, window)


def test_lazy_model_fetches_only_the_visible_page(window: MainWindow) -> None:
    view = window.show_view("awards")
    assert isinstance(view, AwardsView)
    model = view.model
    assert model.loading  # the id list comes from the reader thread; the window stays responsive
    window.tasks.wait_idle()
    assert model.rowCount() > 10_000
    QApplication.processEvents()
    assert 0 < model.cached_rows() <= 400  # one or two pages of 200, not 18,000 rows


def test_ctrl_number_keys_switch_views(qtbot, window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is window.view("nominations")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is window.view("overview")


def test_screenshot_of_a_view_is_a_png_of_the_requested_size(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "shots" / "nominations.png"
    grab(window, "nominations", target, "1366x768")
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1366, 768)


def test_screenshot_rejects_an_unknown_view(window: MainWindow, tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        grab(window, "nowhere", tmp_path / "x.png")


def test_screenshot_help_lists_every_view_as_a_choice() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    screenshot = sub.choices["screenshot"]  # type: ignore[index]
    view = next(a for a in screenshot._actions if a.dest == "view")
    assert tuple(view.choices) == VIEW_KEYS
