"""Quota meters: "Bằng khen CT UBND tỉnh – cá nhân: 1/1, đã đủ" with a bar that fills."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from emudesk.domain.enums import QuotaKind
from emudesk.i18n import _
from emudesk.services.campaigns.quotas import QuotaUsage

_FULL = "QProgressBar::chunk { background-color: #c0392b; }"
_OPEN = "QProgressBar::chunk { background-color: #2e7d32; }"


class QuotaMeter(QWidget):
    """One quota: its meter text and a bar; priority notes show as text only."""

    def __init__(self, usage: QuotaUsage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.usage = usage
        self.label = QLabel(usage.meter_text, self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        if usage.kind is QuotaKind.PRIORITY or usage.limit is None:
            self.bar.setVisible(False)
            self.label.setStyleSheet("font-style: italic;")
        else:
            self.bar.setRange(0, max(usage.limit, 1))
            self.bar.setValue(min(usage.used, max(usage.limit, 1)) if usage.limit else 0)
            self.bar.setStyleSheet(_FULL if usage.full else _OPEN)
            if usage.full:
                self.label.setStyleSheet("font-weight: bold;")
        tip = [usage.description]
        for unit in usage.per_unit:
            tip.append(f"• {unit.unit_name}: {unit.used}/{unit.limit}")
        if usage.note and usage.kind is not QuotaKind.PRIORITY:
            tip.append(usage.note)
        if usage.source:
            tip.append(_("Source: {source}").format(source=usage.source))
        self.setToolTip("\n".join(t for t in tip if t))

    @property
    def text(self) -> str:
        return self.label.text()


class QuotaMeters(QWidget):
    """Every quota of a campaign, one under the other."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.meters: list[QuotaMeter] = []
        self._empty = QLabel(_("This campaign sets no quotas."), self)
        self._layout.addWidget(self._empty)

    def set_usages(self, usages: Sequence[QuotaUsage]) -> None:
        for meter in self.meters:
            self._layout.removeWidget(meter)
            meter.hide()  # deleteLater waits for the event loop; never paint the old meter meanwhile
            meter.deleteLater()
        self.meters = [QuotaMeter(u, self) for u in usages]
        for meter in self.meters:
            self._layout.addWidget(meter)
        self._empty.setVisible(not self.meters)

    def texts(self) -> list[str]:
        return [m.text for m in self.meters]
