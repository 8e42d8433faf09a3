"""Charts of Tổng quan: awards by year, by form and by unit for a chosen year; a campaign's quota
use and its targets against results. A click on a year's bar chooses that year."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from emudesk.i18n import _
from emudesk.services.campaigns import charts
from emudesk.services.core.store import Store
from emudesk.ui.widgets.bar_chart import BarChart

YEARS_SHOWN = 10


class ChartsPanel(QGroupBox):
    """Reads its figures when built and when a year or a campaign is chosen (a few GROUP BYs)."""

    def __init__(self, store: Store, campaigns: list[tuple[int, str]], parent: QWidget) -> None:
        super().__init__(_("Charts"), parent)
        self.store = store
        self.setStyleSheet(
            "QGroupBox { font-weight: bold; } QGroupBox QLabel, QComboBox { font-weight: normal; }"
        )
        with store.read() as session:
            years = charts.award_years(session)
        self.year = QComboBox(self)
        self.year.setAccessibleName(_("Year"))
        for y in years:
            self.year.addItem(str(y), y)
        this_year = date.today().year
        start = next((i for i, y in enumerate(years) if y <= this_year), 0)
        self.year.setCurrentIndex(start)
        self.by_year = BarChart(self)
        self.by_form = BarChart(self)
        self.by_unit = BarChart(self)
        self.campaign = QComboBox(self)
        self.campaign.setAccessibleName(_("Campaign"))
        for cid, title in campaigns:
            self.campaign.addItem(title, cid)
        self.quota = BarChart(self)
        self.targets = BarChart(self)

        pick_year = QHBoxLayout()
        pick_year.addWidget(QLabel(_("Awards of the year:"), self))
        pick_year.addWidget(self.year)
        pick_year.addStretch(1)
        pick_campaign = QHBoxLayout()
        pick_campaign.addWidget(QLabel(_("Campaign:"), self))
        pick_campaign.addWidget(self.campaign, 1)
        grid = QGridLayout(self)
        grid.addLayout(pick_year, 0, 0, 1, 2)
        grid.addWidget(self.by_year, 1, 0, 1, 2)
        grid.addWidget(self.by_form, 2, 0)
        grid.addWidget(self.by_unit, 2, 1)
        grid.addLayout(pick_campaign, 3, 0, 1, 2)
        grid.addWidget(self.quota, 4, 0)
        grid.addWidget(self.targets, 4, 1)

        self.year.currentIndexChanged.connect(lambda _i: self.show_year())
        self.by_year.clicked.connect(self._year_clicked)
        self.campaign.currentIndexChanged.connect(lambda _i: self.show_campaign())
        self.show_year()
        self.show_campaign()
        self.campaign.setVisible(bool(campaigns))

    def current_year(self) -> int | None:
        value = self.year.currentData()
        return int(value) if value is not None else None

    def show_year(self) -> None:
        year = self.current_year()
        if year is None:
            for chart in (self.by_year, self.by_form, self.by_unit):
                chart.set_chart(None)
            return
        awards = _("Awards")
        with self.store.read() as session:
            by_year = charts.awards_by_year(session, _("Awards by year"), year, YEARS_SHOWN, series=awards)
            by_form = charts.awards_by_form(
                session, _("Awards of {year} by form").format(year=year), year, awards
            )
            by_unit = charts.awards_by_unit(
                session, _("Awards of {year} by unit").format(year=year), year, awards
            )
        self.by_year.set_chart(by_year, selected=by_year.categories.index(str(year)))
        self.by_form.set_chart(by_form)
        self.by_unit.set_chart(by_unit)

    def _year_clicked(self, category: int) -> None:
        chart = self.by_year.chart
        if chart is None:
            return
        index = self.year.findData(int(chart.categories[category]))
        if index >= 0:
            self.year.setCurrentIndex(index)

    def show_campaign(self) -> None:
        cid = self.campaign.currentData()
        if cid is None:
            self.quota.set_chart(None)
            self.targets.set_chart(None)
            return
        with self.store.read() as session:
            quota = charts.quota_use(session, int(cid), _("Quota use"), _("Limit"), _("Used"))
            targets = charts.target_results(
                session, int(cid), _("Targets against results"), _("Result / target")
            )
        self.quota.set_chart(quota)
        self.targets.set_chart(targets)
