"""A small bar chart painted with QPainter: an ``export.Chart`` in the window.

Why not QtCharts: it ships in PySide6-Addons (153 MiB installed, platform notes §1), which the app
does not depend on (PySide6-Essentials only) and the PyInstaller bundle would have to carry for a
handful of bar charts. This widget draws the same ``Chart`` the PDF draws with reportlab.graphics,
in about two hundred lines, with the app's fonts and palette, and it is testable offscreen.

A click on a bar emits ``clicked(category index)``; hovering a bar shows its value as a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from emudesk.export import Chart

COLOURS = ("#1f4e8c", "#8db3e2", "#c0504d", "#9bbb59")
_BAR = 12.0  # pixels per bar of a horizontal chart
_PAD = 6.0


def number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


class BarChart(QWidget):
    """Draws one ``Chart``; ``bars`` holds each drawn bar as (rect, series, category) for hit tests."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.selected: int | None = None
        self.bars: list[tuple[QRectF, int, int]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chart(self, chart: Chart | None, selected: int | None = None) -> None:
        self.chart = chart
        self.bars = []
        self.selected = selected
        self.setAccessibleName(chart.title if chart is not None else "")
        self.updateGeometry()
        self.update()

    # --- geometry ---------------------------------------------------------------------------------

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:
        chart = self.chart
        line = self._line()
        legend = line + _PAD if chart is not None and len(chart.series) > 1 else 0.0
        if chart is None or not chart.horizontal:
            return QSize(420, int(line * 3 + 170 + legend))
        bars = len(chart.categories) * max(len(chart.series), 1)
        return QSize(420, int(line + 2 * _PAD + bars * _BAR + len(chart.categories) * 4 + line + legend))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def _laid_out(self) -> list[tuple[QRectF, int, int]]:
        """The bars' places; computed by painting, so paint off screen if the widget was not yet."""
        if not self.bars and self.chart is not None and not self.chart.empty and not self.size().isEmpty():
            self.render(QPixmap(self.size()))
        return self.bars

    def bar_at(self, point: QPoint) -> tuple[int, int] | None:
        """(series, category) of the bar under ``point``, or None."""
        for rect, series, category in self._laid_out():
            if rect.adjusted(-1, -2, 1, 2).contains(point.toPointF()):
                return series, category
        return None

    def bar_rect(self, category: int, series: int = 0) -> QRectF:
        return next(rect for rect, s, c in self._laid_out() if s == series and c == category)

    # --- events -----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.bar_at(event.position().toPoint())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(hit[1])
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.bar_at(event.position().toPoint())
        chart = self.chart
        if hit is None or chart is None:
            QToolTip.hideText()
            return
        series, category = hit
        name, values = chart.series[series]
        unit = f" {chart.unit}" if chart.unit else ""
        label = f"{chart.categories[category]}: {number(values[category])}{unit}"
        QToolTip.showText(event.globalPosition().toPoint(), f"{name}\n{label}" if name else label, self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.bars = []
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.bars = []
        chart = self.chart
        line = self._line()
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        title = ""
        if chart is not None:
            title = chart.title + (f" ({chart.unit})" if chart.unit else "")
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignCenter, title)
        painter.setFont(self.font())
        if chart is None or chart.empty:
            painter.drawText(
                QRectF(0, line, self.width(), self.height() - line), Qt.AlignmentFlag.AlignCenter, "—"
            )
            return
        top = line + _PAD
        legend = line + _PAD if len(chart.series) > 1 else 0.0
        bottom = self.height() - legend
        if chart.horizontal:
            self._paint_horizontal(painter, chart, top, bottom)
        else:
            self._paint_vertical(painter, chart, top, bottom)
        if legend:
            self._paint_legend(painter, chart, bottom + _PAD / 2)

    def _colour(self, series: int, category: int) -> QColor:
        colour = QColor(COLOURS[series % len(COLOURS)])
        if self.selected is not None and category != self.selected:
            colour.setAlpha(110)
        return colour

    def _paint_vertical(self, painter: QPainter, chart: Chart, top: float, bottom: float) -> None:
        line = self._line()
        metrics = QFontMetricsF(self.font())
        left, right = _PAD, self.width() - _PAD
        base = bottom - line - 2
        plot_top = top + line  # room for the value above the tallest bar
        n, count = len(chart.categories), len(chart.series)
        slot = (right - left) / n
        width = max((slot - 6) / count, 2.0)
        peak = chart.peak or 1.0
        painter.setPen(QPen(QColor("#888")))
        painter.drawLine(int(left), int(base), int(right), int(base))
        for c, label in enumerate(chart.categories):
            x0 = left + c * slot + 3
            for s, (_name, values) in enumerate(chart.series):
                h = (base - plot_top) * values[c] / peak
                rect = QRectF(x0 + s * width, base - h, width - 1, h)
                painter.fillRect(rect, self._colour(s, c))
                self.bars.append((rect, s, c))
                painter.setPen(QColor("#333"))
                painter.drawText(
                    QRectF(rect.left() - 10, rect.top() - line, rect.width() + 20, line),
                    Qt.AlignmentFlag.AlignCenter,
                    number(values[c]),
                )
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, slot)
            painter.drawText(
                QRectF(left + c * slot, base + 2, slot, line), Qt.AlignmentFlag.AlignCenter, text
            )

    def _paint_horizontal(self, painter: QPainter, chart: Chart, top: float, bottom: float) -> None:
        metrics = QFontMetricsF(self.font())
        line = self._line()
        label_width = min(
            self.width() * 0.4, max(metrics.horizontalAdvance(c) for c in chart.categories) + _PAD
        )
        left = label_width + _PAD
        value_room = metrics.horizontalAdvance(number(chart.peak)) + _PAD * 2
        right = self.width() - value_room
        peak = chart.peak or 1.0
        count = len(chart.series)
        y = top
        painter.setPen(QPen(QColor("#888")))
        painter.drawLine(int(left), int(top), int(left), int(bottom - 2))
        for c, label in enumerate(chart.categories):
            group = count * _BAR
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - _PAD)
            painter.setPen(QColor("#222"))
            painter.drawText(
                QRectF(0, y + group / 2 - line / 2, label_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            for s, (_name, values) in enumerate(chart.series):
                w = (right - left) * values[c] / peak
                rect = QRectF(left + 1, y + s * _BAR + 1, w, _BAR - 2)
                painter.fillRect(rect, self._colour(s, c))
                self.bars.append((rect, s, c))
                painter.setPen(QColor("#333"))
                painter.drawText(
                    QRectF(rect.right() + 3, rect.top() - 2, value_room, _BAR),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    number(values[c]),
                )
            y += group + 4

    def _paint_legend(self, painter: QPainter, chart: Chart, y: float) -> None:
        metrics = QFontMetricsF(self.font())
        line = self._line()
        x = _PAD
        for s, (name, _values) in enumerate(chart.series):
            painter.fillRect(
                QRectF(x, y + line * 0.2, line * 0.6, line * 0.6), QColor(COLOURS[s % len(COLOURS)])
            )
            x += line * 0.6 + 4
            painter.setPen(QColor("#222"))
            painter.drawText(
                QRectF(x, y, metrics.horizontalAdvance(name) + 2, line), Qt.AlignmentFlag.AlignVCenter, name
            )
            x += metrics.horizontalAdvance(name) + 16
