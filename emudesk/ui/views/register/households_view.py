"""Hộ gia đình: households searched by head or address, filtered by place and award."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.register.lists import HouseholdFilter, HouseholdRow, household_ids, household_rows
from emudesk.services.workspace import records
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops
from emudesk.ui.views.base import View
from emudesk.ui.views.choices import award_form_choices, fill_award_forms, unit_choices
from emudesk.ui.views.common import (
    deferred,
    history_rows,
    history_table,
    record_buttons,
    search_box,
    shows_nothing_if_gone,
)
from emudesk.ui.views.register.household_dialog import HouseholdDialog
from emudesk.ui.widgets.detail import InfoForm, SmallTable, title_label
from emudesk.ui.widgets.fields import IntField
from emudesk.ui.widgets.pickers import UnitPicker, shrinkable
from emudesk.ui.widgets.record_table import RecordTable


class HouseholdDetailPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title_label(self)
        self.info = InfoForm(self)
        self.tabs = QTabWidget(self)
        self.members = SmallTable(
            [_("Full name"), _("Relation"), _("Year of birth")], widths=(220, 120), numeric=(2,)
        )
        self.awards = history_table()
        self.tabs.addTab(self.members, _("Members"))
        self.tabs.addTab(self.awards, _("Award history"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addWidget(self.tabs, 1)
        self.show_household(None)

    @shows_nothing_if_gone
    def show_household(self, household_id: int | None) -> None:
        if household_id is None:
            self.title.setText(_("No household selected"))
            self.info.set_rows([])
            self.members.set_rows([])
            self.awards.set_rows([])
            self.tabs.setTabText(0, _("Members"))  # no one's counts
            self.tabs.setTabText(1, _("Award history"))
            return
        with self.ctx.store.read() as session:
            d = records.household_detail(session, household_id)
        self.title.setText(_("Household of {name}").format(name=d.head_name))
        self.info.set_rows(
            [
                (_("Address"), d.address),
                (_("Village or residential group"), d.village),
                (_("Commune or ward"), d.commune),
                (_("Note"), d.note),
            ]
        )
        self.members.set_rows([(m.full_name, m.relation, m.birth_year or "") for m in d.members])
        self.awards.set_rows(history_rows(d.awards))
        self.tabs.setTabText(0, _("Members") + f" ({len(d.members)})")
        self.tabs.setTabText(1, _("Award history") + f" ({len(d.awards)})")


class HouseholdsView(View):
    watched = ("households", "units", "awards", "catalogue")
    edits = "register.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = search_box(self, _("Search by head of household or address (Ctrl+F)"))
        self.place = UnitPicker(unit_choices(ctx), self, none_text=_("All communes and villages"))
        self.award = QComboBox(self)
        fill_award_forms(self.award, award_form_choices(ctx), _("Any award"))
        shrinkable(self.award)
        self.award_year = IntField(self)
        self.award_year.setPlaceholderText(_("year"))
        self.count_label = QLabel(self)
        self.model = IdTableModel(
            [_("Head of household"), _("Address"), _("Village"), _("Commune"), _("Members")],
            ["name", "address", "village", "commune", None],
            self._ids,
            self._rows,
            self,
            numeric=(4,),
            runner=ctx.tasks.read,
            filter_keys=["name", "address", "village", "commune", None],
        )
        self.model.loaded.connect(self._on_loaded)
        self.table = RecordTable(
            self.model, self, settings=ctx.settings, layout_key="households", widths=(190, 230, 170, 190)
        )
        self.detail = HouseholdDetailPanel(ctx, self)
        self.table.current_changed.connect(self.detail.show_household)
        self.table.open_requested.connect(lambda _id: self.edit_current())
        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 3)
        filters.addWidget(self.place, 1, 0)
        filters.addWidget(self.award, 1, 1)
        filters.addWidget(self.award_year, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for button in record_buttons(self):
            buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 440])
        self.remember_splitter("households", splitter)
        self.context_menu(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.award_year.textChanged.connect(lambda _t: self._timer.start())
        self.award.currentIndexChanged.connect(lambda _i: self.refresh())
        self.place.unit_changed.connect(lambda _u: self.refresh())
        self.refresh()

    def current_filter(self) -> HouseholdFilter:
        return HouseholdFilter(
            search=self.search.text(),
            unit_id=self.place.unit_id(),
            award_form_id=self.award.currentData(),
            award_year=self.award_year.int_value(),
            columns=self.table.column_filters(),
        )

    def _ids(self, sort: str, descending: bool) -> Query:
        return deferred(self.ctx, household_ids, self.current_filter(), sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, HouseholdRow]:
        with self.ctx.store.read() as session:
            return household_rows(session, ids)

    def refresh(self) -> None:
        self.table.reload_keeping_selection()

    def _on_loaded(self) -> None:
        self.count_label.setText(_("{n} households").format(n=self.model.rowCount()))
        self.detail.show_household(self.table.current_id())

    def on_changes(self, changes: Changes, initiator: object) -> None:
        if changes.any("units"):
            self.place.set_units(unit_choices(self.ctx))
        if changes.any("catalogue"):
            fill_award_forms(self.award, award_form_choices(self.ctx), _("Any award"))
        self.refresh()

    def new_record(self) -> bool:
        dialog = HouseholdDialog(self.ctx, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.table.select_when_loaded([dialog.saved_id], dialog.saved_id)
        return True

    def edit_current(self) -> bool:
        rid = self.table.current_id()
        if rid is None:
            return False
        HouseholdDialog(self.ctx, self, rid).exec()
        return True

    def delete_selected(self) -> bool:
        ids = self.table.selected_ids()
        names = [c.head_name for c in map(self.model.cells, self.table.selected_rows()[:6]) if c]
        return bool(ids) and bin_ops.delete_records(self.ctx, self, "households", ids, names=names)

    def open_item(self, item: object) -> None:
        """A household opened from another list: selected if the list shows it, shown either way."""
        if isinstance(item, int):
            if self.model.row_of(item) >= 0:
                self.table.select_ids([item], item)
            else:
                self.detail.show_household(item)

    def prepare_screenshot(self) -> None:
        self.table.setFocus()
        if self.model.rowCount():
            self.table.select_ids([self.model.id_at(min(2, self.model.rowCount() - 1))])
