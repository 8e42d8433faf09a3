"""The recycle bin: what was deleted, by kind, and restoring it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.campaigns.lists import (
    AchievementFilter,
    CampaignFilter,
    achievement_ids,
    achievement_rows,
    campaign_ids,
    campaign_rows,
)
from emudesk.services.core.changes import Changes
from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_rows
from emudesk.services.register.lists import (
    AwardFilter,
    HouseholdFilter,
    IndividualFilter,
    UnitFilter,
    award_ids,
    award_rows,
    household_ids,
    household_rows,
    individual_ids,
    individual_rows,
    unit_ids,
    unit_rows,
)
from emudesk.services.workspace import bin as bin_service
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops
from emudesk.ui.qt_translation import translate_buttons
from emudesk.ui.widgets.record_table import RecordTable

BinQuery = tuple[
    list[str],
    Callable[[Any, str, bool], list[int]],
    Callable[[Any, list[int]], Mapping[int, tuple[Any, ...]]],
]


def _queries() -> dict[str, BinQuery]:
    return {
        "individuals": (
            [_("Full name"), _("Gender"), _("Born"), _("Position"), _("Unit")],
            lambda s, sort, d: individual_ids(s, IndividualFilter(in_bin=True), sort=sort, descending=d),
            individual_rows,
        ),
        "households": (
            [_("Head of household"), _("Address"), _("Village"), _("Commune")],
            lambda s, sort, d: household_ids(s, HouseholdFilter(in_bin=True), sort=sort, descending=d),
            household_rows,
        ),
        "units": (
            [_("Unit"), _("Kind"), _("Under"), _("Valid")],
            lambda s, sort, d: unit_ids(s, UnitFilter(in_bin=True), sort=sort, descending=d),
            unit_rows,
        ),
        "campaigns": (
            [_("Campaign"), _("Plan no."), _("Issued on"), _("Kind"), _("Status")],
            lambda s, _sort, _d: campaign_ids(s, CampaignFilter(in_bin=True)),
            campaign_rows,
        ),
        "achievements": (
            [_("Achieved by"), _("Kind"), _("Title"), _("Year")],
            lambda s, _sort, _d: achievement_ids(s, AchievementFilter(in_bin=True)),
            achievement_rows,
        ),
        "nominations": (
            ["#", _("Nominee"), _("Kind"), _("Award form"), _("Proposing unit"), _("Year"), _("Status")],
            lambda s, _sort, _d: nomination_ids(s, NominationFilter(in_bin=True)),
            nomination_rows,
        ),
        "awards": (
            [_("Recipient"), _("Kind"), _("Award"), _("Year"), _("Decision no.")],
            lambda s, _sort, _d: award_ids(s, AwardFilter(in_bin=True)),
            award_rows,
        ),
    }


class BinDialog(QDialog):
    """Choose a kind, select records, Restore; the list follows every change."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Recycle bin"))
        self.queries = _queries()
        self.kind = QComboBox(self)
        for key, info in bin_service.KINDS.items():
            self.kind.addItem(_(info.title), key)
        self.layout_box = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show deleted:"), self))
        top.addWidget(self.kind, 1)
        self.layout_box.addLayout(top)
        self.count_label = QLabel(self)
        self.layout_box.addWidget(self.count_label)
        self.table: RecordTable | None = None
        self.model: IdTableModel | None = None
        self.restore_button = QPushButton(_("Restore"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        translate_buttons(buttons)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.layout_box.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._build())
        ctx.bus.operation_did_execute.connect(self._on_changes)
        self._build()
        self.resize(860, 520)

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _build(self) -> None:
        headers, ids_fn, rows_fn = self.queries[self.current_kind()]

        def ids(sort: str, descending: bool) -> Query:
            store = self.ctx.store

            def query() -> list[int]:
                with store.read() as session:
                    return ids_fn(session, sort, descending)

            return query

        def rows(record_ids: list[int]) -> Mapping[int, tuple[Any, ...]]:
            with self.ctx.store.read() as session:
                return rows_fn(session, record_ids)

        if self.table is not None:
            self.layout_box.removeWidget(self.table)
            self.table.deleteLater()
        self.model = IdTableModel(headers, [None] * len(headers), ids, rows, self)
        self.table = RecordTable(self.model, self, widths=(220, 120, 200), sortable=False)
        self.table.open_requested.connect(lambda _id: self.restore_selected())
        self.layout_box.insertWidget(2, self.table, 1)
        # Restoring is the same right as deleting, which differs by kind (a clerk's people, …).
        use_case = bin_service.KINDS[self.current_kind()].use_case
        may = self.ctx.permissions.may(use_case)
        self.restore_button.setEnabled(may)
        self.restore_button.setToolTip("" if may else self.ctx.permissions.why_not(use_case))
        self.refresh()

    def refresh(self) -> None:
        if self.table is not None and self.model is not None:
            self.table.reload_keeping_selection()  # inline: the bin is short
            self.count_label.setText(_("{n} records in the bin").format(n=self.model.rowCount()))

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if self.isVisible():
            self.refresh()

    def restore_selected(self) -> None:
        if self.table is None or not self.restore_button.isEnabled():
            return
        ids = self.table.selected_ids()
        if not ids:
            self.ctx.status(_("Select what to restore first."))
            return
        bin_ops.restore_records(self.ctx, self, self.current_kind(), ids)
