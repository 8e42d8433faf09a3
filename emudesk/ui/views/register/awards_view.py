"""Khen thưởng: the award history (sổ khen thưởng) and the decisions, searchable."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import AwardStatus, AwardType, RecordSource, SubjectKind
from emudesk.domain.rules import DecisionKind
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.decisions.lists import (
    DECISION_COLUMN_KEYS,
    DECISION_SORTS,
    DecisionFilter,
    DecisionState,
    decision_ids,
    decision_rows,
)
from emudesk.services.decisions.lists import states as decision_states
from emudesk.services.register.lists import (
    AWARD_COLUMN_KEYS,
    AWARD_SORTS,
    AwardFilter,
    AwardRow,
    award_ids,
    award_rows,
)
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdsFn, IdTableModel, Query, RowsFn, Runner
from emudesk.ui.operations import bin_ops
from emudesk.ui.views.base import View
from emudesk.ui.views.choices import award_form_choices, fill_award_forms
from emudesk.ui.views.common import action_button, deferred, search_box
from emudesk.ui.views.decisions.decision_panel import DecisionPanel, state_label
from emudesk.ui.views.register.award_dialog import AwardDialog
from emudesk.ui.widgets.fields import IntField
from emudesk.ui.widgets.pickers import EnumCombo, fill_enum, shrinkable
from emudesk.ui.widgets.record_table import RecordTable


class DecisionLine(NamedTuple):
    """A decision in the Quyết định list: the service's row with its kind and state spelt out."""

    number: str
    signed_on: str
    kind: str
    state: str
    issuer: str
    signer: str
    summary: str
    awards: int


def award_model(
    parent: QWidget, ids_fn: IdsFn, rows_fn: RowsFn[AwardRow], runner: Runner
) -> IdTableModel[AwardRow]:
    return IdTableModel(
        [
            _("Recipient"),
            _("Kind"),
            _("Award"),
            _("Year"),
            _("Decision no."),
            _("Date"),
            _("Issued by"),
            _("Kind of award"),
            _("Status"),
            _("Golden book no."),
        ],
        list(AWARD_SORTS),
        ids_fn,
        rows_fn,
        parent,
        numeric=(3,),
        default_sort=("year", True),
        runner=runner,
        filter_keys=AWARD_COLUMN_KEYS,
    )


class AwardsView(View):
    """Tab 1: every award, filtered in SQL. Tab 2: decisions; the selected one in full, with its actions."""

    watched = ("awards", "nominations", "catalogue", "individuals", "units", "households")
    edits = "register.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget(self)
        # --- awards -------------------------------------------------------------------------------
        page = QWidget()
        self.search = search_box(page, _("Search recipient, award, decision number or issuer (Ctrl+F)"))
        self.year_from = IntField(page)
        self.year_from.setPlaceholderText(_("from"))
        self.year_to = IntField(page)
        self.year_to.setPlaceholderText(_("to"))
        self.form = QComboBox(page)
        fill_award_forms(self.form, award_form_choices(ctx), _("Any award"))
        shrinkable(self.form)
        self.kind = EnumCombo(page)
        fill_enum(self.kind, list(SubjectKind), _("Any recipient"))
        self.award_type = EnumCombo(page)
        fill_enum(self.award_type, list(AwardType), _("Any kind of award"))
        self.status = EnumCombo(page)
        fill_enum(self.status, list(AwardStatus), _("Any status"))
        self.count_label = QLabel(page)
        self.model = award_model(self, self._ids, self._rows, ctx.tasks.read)
        self.model.loaded.connect(
            lambda: self.count_label.setText(
                _("{n} awards").format(n=f"{self.model.rowCount():,}".replace(",", "."))
            )
        )
        self.table = RecordTable(
            self.model,
            page,
            settings=ctx.settings,
            layout_key="awards",
            widths=(190, 70, 220, 50, 110, 85, 220, 100, 80),
        )
        for combo in (self.kind, self.award_type, self.status):
            shrinkable(combo, 8)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Year")))
        filters.addWidget(self.year_from)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.year_to)
        filters.addWidget(self.form, 2)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.award_type, 1)
        filters.addWidget(self.status, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(
            action_button(
                page,
                _("Record an award"),
                self.new_record,
                shortcut=QKeySequence.StandardKey.New,
                needs=self.edits,
            )
        )
        buttons.addWidget(
            action_button(page, _("Edit"), self.edit_current, shortcut="Return", needs=self.edits)
        )
        buttons.addWidget(
            action_button(
                page,
                _("Delete"),
                self.delete_selected,
                shortcut=QKeySequence.StandardKey.Delete,
                needs=self.edits,
            )
        )
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.search)
        page_layout.addLayout(filters)
        page_layout.addLayout(buttons)
        page_layout.addWidget(self.table, 1)
        self.tabs.addTab(page, _("Award history"))
        self.table.open_requested.connect(lambda _id: self.edit_current())

        # --- decisions ----------------------------------------------------------------------------
        decisions = QWidget()
        self.decision_search = search_box(decisions, _("Search decision number, issuer or summary"))
        self.decision_year = IntField(decisions)
        self.decision_year.setPlaceholderText(_("year"))
        number, signed, *rest = DECISION_SORTS
        self.decision_model = IdTableModel(
            [
                _("Decision no."),
                _("Signed on"),
                _("Kind of decision"),
                _("Decision state"),
                _("Issued by"),
                _("Signed by"),
                _("Summary"),
                _("Awards"),
            ],
            [number, signed, None, None, *rest],  # kind and state: decision_lists.states, not sortable
            self._decision_ids,
            self._decision_rows,
            self,
            numeric=(7,),
            default_sort=("date", True),
            runner=ctx.tasks.read,
            filter_keys=DECISION_COLUMN_KEYS,
        )
        self.decisions = RecordTable(
            self.decision_model,
            decisions,
            settings=ctx.settings,
            layout_key="decisions_v2",  # more columns than the saved layouts of "decisions"
            widths=(110, 80, 150, 95, 200, 170, 220),
            multi=False,
        )
        # The selected decision in full: recipients with sổ vàng numbers and cash, and the actions on it.
        self.decision_panel = DecisionPanel(ctx, decisions)
        self.decision_panel.created.connect(self._select_decision)
        self.decisions.current_changed.connect(self.decision_panel.show_decision)
        top = QHBoxLayout()
        top.addWidget(self.decision_search, 1)
        top.addWidget(self.decision_year)
        split = QSplitter(Qt.Orientation.Vertical, decisions)
        split.addWidget(self.decisions)
        split.addWidget(self.decision_panel)
        split.setSizes([220, 380])
        self.remember_splitter("decisions", split)
        decisions_layout = QVBoxLayout(decisions)
        decisions_layout.addLayout(top)
        decisions_layout.addWidget(split, 1)
        self.tabs.addTab(decisions, _("Decisions"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.refresh)
        for field in (self.search, self.year_from, self.year_to, self.decision_search, self.decision_year):
            field.textChanged.connect(lambda _t: self._timer.start())
        filter_boxes: tuple[QComboBox, ...] = (self.form, self.kind, self.award_type, self.status)
        for box in filter_boxes:
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def current_filter(self) -> AwardFilter:
        return AwardFilter(
            search=self.search.text(),
            year_from=self.year_from.int_value(),
            year_to=self.year_to.int_value(),
            award_form_id=self.form.currentData(),
            subject_kind=self.kind.currentData(),
            award_type=self.award_type.currentData(),
            status=self.status.currentData(),
            columns=self.table.column_filters(),
        )

    def _ids(self, sort: str, descending: bool) -> Query:
        return deferred(self.ctx, award_ids, self.current_filter(), sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, AwardRow]:
        with self.ctx.store.read() as session:
            return award_rows(session, ids)

    def _decision_ids(self, sort: str, descending: bool) -> Query:
        flt = DecisionFilter(
            search=self.decision_search.text(),
            year=self.decision_year.int_value(),
            columns=self.decisions.column_filters(),
        )
        return deferred(self.ctx, decision_ids, flt, sort=sort, descending=descending)

    def _decision_rows(self, ids: list[int]) -> dict[int, DecisionLine]:
        with self.ctx.store.read() as session:
            rows = decision_rows(session, ids)
            states = decision_states(session, ids)
        out: dict[int, DecisionLine] = {}
        for did, r in rows.items():
            state = states.get(did, DecisionState(DecisionKind.AWARD, True, ""))
            kind_text = f"{state.kind.label} {state.refers_to}".strip()
            out[did] = DecisionLine(
                r.number,
                r.signed_on,
                kind_text,
                state_label(state.issued),
                r.issuer,
                r.signer,
                r.summary,
                r.awards,
            )
        return out

    def _select_decision(self, decision_id: int) -> None:
        self.tabs.setCurrentIndex(1)
        self.decisions.reload_keeping_selection()  # the new decision is not in the list loaded before
        self.decisions.select_when_loaded([decision_id], decision_id)

    def refresh(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.table.reload_keeping_selection()
        else:
            self.decisions.reload_keeping_selection()
            self.decision_panel.show_decision(self.decisions.current_id())

    def on_changes(self, changes: Changes, initiator: object) -> None:
        if changes.any("catalogue"):
            fill_award_forms(self.form, award_form_choices(self.ctx), _("Any award"))
        self.refresh()

    def focus_search(self) -> bool:
        box = self.search if self.tabs.currentIndex() == 0 else self.decision_search
        box.setFocus()
        box.selectAll()
        return True

    def new_record(self) -> bool:
        self.tabs.setCurrentIndex(0)
        dialog = AwardDialog(self.ctx, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.table.select_when_loaded([dialog.saved_id], dialog.saved_id)
        return True

    def edit_current(self) -> bool:
        if self.tabs.currentIndex() != 0:
            return False
        rid = self.table.current_id()
        if rid is None:
            return False
        cells = self.model.cells(self.model.row_of(rid))
        if cells is None:  # deleted meanwhile
            return False
        # An award from an issued decision: only how the statistics count it may change here.
        AwardDialog(self.ctx, self, rid, category_only=cells.source is RecordSource.APPROVAL).exec()
        return True

    def delete_selected(self) -> bool:
        if self.tabs.currentIndex() != 0:
            return False
        ids = self.table.selected_ids()
        names = [
            f"{c.recipient} – {c.award}" for c in map(self.model.cells, self.table.selected_rows()[:6]) if c
        ]
        return bool(ids) and bin_ops.delete_records(self.ctx, self, "awards", ids, names=names)

    def open_item(self, item: object) -> None:
        if isinstance(item, tuple) and item[:1] == ("decision",):  # from the council: the drafted decision
            self.decision_search.clear()
            self.decision_year.clear()
            self._select_decision(int(item[1]))
            return
        if isinstance(item, str):
            self.tabs.setCurrentIndex(0)
            self.search.setText(item)
            self.refresh()

    def prepare_screenshot(self) -> None:
        self.table.setFocus()
        self.table.select_first()
