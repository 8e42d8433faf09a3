"""Charts in Tổng quan, driven by hand: a click on a year's bar, arrow keys in the year box, a hover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QToolTip

from emudesk.ui.main_window import MainWindow
from emudesk.ui.views.workspace.overview_charts import ChartsPanel


def _panel(window: MainWindow) -> ChartsPanel:
    view = window.show_view("overview")
    panel = view.charts  # type: ignore[attr-defined]
    assert isinstance(panel, ChartsPanel)
    return panel


def test_clicking_a_year_shows_that_years_forms_and_units(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    assert panel.current_year() == 2025
    assert panel.by_form.chart is not None and "2025" in panel.by_form.chart.title
    before = panel.by_unit.chart
    bar = panel.by_year.bar_rect(panel.by_year.chart.categories.index("2020"))  # type: ignore[union-attr]
    QTest.mouseClick(panel.by_year, Qt.MouseButton.LeftButton, pos=bar.center().toPoint())
    assert panel.current_year() == 2020 and panel.year.currentText() == "2020"
    assert "2020" in panel.by_form.chart.title and panel.by_unit.chart != before  # type: ignore[union-attr]
    assert panel.by_year.selected == panel.by_year.chart.categories.index("2020")  # type: ignore[union-attr]
    # The year box answers the keyboard: Down moves to the year before (newest first).
    panel.year.setFocus()
    QTest.keyClick(panel.year, Qt.Key.Key_Down)
    assert panel.current_year() == 2019 and "2019" in panel.by_unit.chart.title  # type: ignore[union-attr]


def test_hovering_a_bar_tells_its_value(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    chart = panel.by_form.chart
    assert chart is not None and not chart.empty
    # Scrolled into view as a user would, so the pointer lands on the chart and not on a card.
    scroll = panel.parentWidget().parentWidget().parentWidget()  # type: ignore[union-attr]
    assert isinstance(scroll, QScrollArea)
    scroll.ensureWidgetVisible(panel.by_form)
    QApplication.processEvents()
    rect = panel.by_form.bar_rect(0)
    QTest.mouseMove(panel.by_form, rect.center().toPoint())
    qtbot.waitUntil(QToolTip.isVisible)
    value = chart.series[0][1][0]
    assert chart.categories[0] in QToolTip.text() and f"{int(value):,}".replace(",", ".") in QToolTip.text()


def test_campaign_box_switches_quota_chart(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    assert panel.campaign.count() >= 2
    first = panel.quota.chart
    panel.campaign.setFocus()
    QTest.keyClick(panel.campaign, Qt.Key.Key_Down)
    assert panel.campaign.currentIndex() == 1
    assert panel.quota.chart != first
