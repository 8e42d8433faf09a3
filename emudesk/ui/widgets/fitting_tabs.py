"""Tabs that never hide behind scroll arrows: on top while they fit, down the left side when not.

A campaign has ten tabs; on a 1366×768 laptop at 125 % the editor is some 600 pixels wide and
the last tabs would sit behind the tab bar's arrows, unseen. Down the side, written across (not
turned on their side as Qt draws a west tab), every tab shows in full.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QStyle, QStyleOptionTab, QStylePainter, QTabBar, QTabWidget, QWidget

_SIDE = (QTabBar.Shape.RoundedWest, QTabBar.Shape.TriangularWest)


class _AcrossTabBar(QTabBar):
    """A tab bar whose side tabs are written across."""

    def _side(self) -> bool:
        return self.shape() in _SIDE

    def tabSizeHint(self, index: int) -> QSize:
        size = super().tabSizeHint(index)
        if self._side():
            size.transpose()  # Qt sized it for text turned on its side
        return size

    def across_width(self) -> int:
        """How wide the tabs are, side by side on top."""
        total = 0
        for i in range(self.count()):
            if self.isTabVisible(i):
                size = super().tabSizeHint(i)
                total += size.height() if self._side() else size.width()
        return total

    def paintEvent(self, event: object) -> None:
        if not self._side():
            super().paintEvent(event)  # type: ignore[arg-type]
            return
        painter = QStylePainter(self)
        option = QStyleOptionTab()
        for i in range(self.count()):
            if not self.isTabVisible(i):
                continue
            self.initStyleOption(option, i)
            painter.drawControl(QStyle.ControlElement.CE_TabBarTabShape, option)
            option.shape = QTabBar.Shape.RoundedNorth  # the label written across
            painter.drawControl(QStyle.ControlElement.CE_TabBarTabLabel, option)


class _Placer(QObject):
    def __init__(self, tabs: QTabWidget, bar: _AcrossTabBar) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.bar = bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.place()
        return False

    def place(self) -> None:
        frame = self.tabs.style().pixelMetric(QStyle.PixelMetric.PM_TabBarScrollButtonWidth) * 2
        fits = self.bar.across_width() + frame <= self.tabs.width()
        wanted = QTabWidget.TabPosition.North if fits else QTabWidget.TabPosition.West
        if self.tabs.tabPosition() != wanted:
            self.tabs.setTabPosition(wanted)


def fitting_tabs(parent: QWidget | None = None) -> QTabWidget:
    """A QTabWidget whose tabs go down the left side when they do not fit on top."""
    tabs = QTabWidget(parent)
    bar = _AcrossTabBar(tabs)
    tabs.setTabBar(bar)
    tabs.installEventFilter(_Placer(tabs, bar))
    return tabs
