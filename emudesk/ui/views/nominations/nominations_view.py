"""Đề nghị khen thưởng: a campaign's nominations by status, bulk workflow moves, quota meters, eligibility."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.workflow import EDITABLE, TRANSITIONS
from emudesk.i18n import N_, _
from emudesk.services.campaigns import quotas
from emudesk.services.core.changes import Changes
from emudesk.services.core.formats import day
from emudesk.services.nominations.gate import IneligibleError
from emudesk.services.nominations.lists import (
    NOMINATION_COLUMN_KEYS,
    NominationFilter,
    NominationRow,
    nomination_ids,
    nomination_rows,
    nomination_status_counts,
)
from emudesk.services.nominations.workflow import TransitionResult
from emudesk.services.workspace import records
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops, workflow
from emudesk.ui.views.base import View
from emudesk.ui.views.choices import campaign_choices
from emudesk.ui.views.common import action_button, deferred, record_buttons, search_box, shows_nothing_if_gone
from emudesk.ui.views.nominations.eligibility_panel import EligibilityPanel
from emudesk.ui.views.nominations.nomination_dialog import (
    DecisionDialog,
    NominationDialog,
    NoteDialog,
    OverrideDialog,
)
from emudesk.ui.widgets.detail import InfoForm, SmallTable, title_label
from emudesk.ui.widgets.fitting_tabs import fitting_tabs
from emudesk.ui.widgets.meters import QuotaMeters
from emudesk.ui.widgets.pickers import EnumCombo, fill_enum
from emudesk.ui.widgets.record_table import RecordTable

S = NominationStatus
# Where a subject of each kind is shown ("Open the subject" on a row's menu).
SUBJECT_VIEWS = {
    SubjectKind.INDIVIDUAL: "individuals",
    SubjectKind.UNIT: "units",
    SubjectKind.HOUSEHOLD: "households",
}
# The workflow buttons, in the order a file moves: target status and button text.
MOVES: tuple[tuple[NominationStatus, str], ...] = (
    (S.SUBMITTED, N_("Submit")),
    (S.APPRAISED, N_("Appraise")),
    (S.VOTED, N_("Record vote")),
    (S.APPROVED, N_("Approve…")),
    (S.RETURNED, N_("Return")),
    (S.REJECTED, N_("Reject")),
    (S.WITHDRAWN, N_("Withdraw")),
    (S.DRAFT, N_("Back to draft")),
)


class NominationDetailPanel(QWidget):
    """The selected nomination: eligibility, details and its history of moves."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title_label(self, 1.1)
        self.tabs = fitting_tabs(self)  # down the side in a narrow panel: no tab hidden behind arrows
        self.eligibility = EligibilityPanel(ctx, self)
        self.info = InfoForm()
        self.events = SmallTable(
            [_("Time"), _("User"), _("From"), _("To"), _("Note")], widths=(130, 80, 100, 100)
        )
        self.tabs.addTab(self.eligibility, _("Eligibility"))
        self.tabs.addTab(self.info, _("Details"))
        self.tabs.addTab(self.events, _("History"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.show_nomination(None)

    @shows_nothing_if_gone
    def show_nomination(self, nomination_id: int | None) -> None:
        self.eligibility.show_nomination(nomination_id)
        if nomination_id is None:
            self.title.setText(_("No nomination selected"))
            self.info.set_rows([])
            self.events.set_rows([])
            return
        with self.ctx.store.read() as session:
            d = records.nomination_detail(session, nomination_id)
            priorities = quotas.priority_notes(session, nomination_id)
        self.title.setText(f"#{d.id} {d.subject_name} – {d.award_form}")
        self.info.set_rows(
            [
                (_("Status"), d.status.label + (f" ({d.status_note})" if d.status_note else "")),
                *([(_("Eligibility"), d.override)] if d.override else []),
                (_("Nominee"), f"{d.subject_name} ({d.subject.kind.label.lower()})"),
                (
                    _("Award form"),
                    d.award_form + (" – " + _("needs the council's vote") if d.requires_vote else ""),
                ),
                (_("Proposing unit"), d.proposing_unit),
                (_("Phase"), d.phase),
                *([(_("Plan's priority"), "\n".join(priorities))] if priorities else []),
                (_("For the year"), str(d.year or "")),
                (_("Received on"), day(d.filed_on)),
                (_("Votes for"), d.votes),
                (_("Decision"), d.decision),
                (_("Summary of achievements"), d.summary),
                (_("Note"), d.note),
            ]
        )
        self.events.set_rows([(e.at, e.actor, e.from_status, e.to_status, e.note) for e in d.events])


class NominationsView(View):
    """Left: statuses with counts. Middle: the list and the moves. Right: quota meters and the file."""

    watched = ("nominations", "campaigns", "individuals", "units", "households")
    edits = "nominations.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.campaign = QComboBox(self)
        self.campaign.setMinimumWidth(320)
        self._fill_campaigns()
        self.search = search_box(self, _("Search by nominee (Ctrl+F)"))
        self.kind = EnumCombo(self)
        fill_enum(self.kind, list(SubjectKind), _("All nominees"))
        self.statuses = QListWidget(self)
        self.statuses.setMaximumWidth(260)
        self.statuses.setMinimumWidth(150)
        self.statuses.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.statuses.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._fill_statuses({})
        self.count_label = QLabel(self)
        self.model = IdTableModel(
            [
                "#",
                _("Nominee"),
                _("Kind"),
                _("Award form"),
                _("Proposing unit"),
                _("Year"),
                _("Status"),
                _("Received"),
                _("Decision"),
                _("Exchange"),
                _("Plan's priority"),
            ],
            ["id", "name", None, "form", "proposer", "year", "status", None, None, None, None],
            self._ids,
            self._rows,
            self,
            numeric=(0, 5),
            default_sort=("id", False),
            runner=ctx.tasks.read,
            filter_keys=NOMINATION_COLUMN_KEYS,
            # The office above's receipt and the plan's priority come after the hidden values.
            cell_index=(
                *range(9),
                NominationRow._fields.index("exchange"),
                NominationRow._fields.index("priority"),
            ),
        )
        self.model.loaded.connect(self._on_loaded)
        self.table = RecordTable(
            self.model,
            self,
            settings=ctx.settings,
            layout_key="nominations",
            widths=(45, 190, 70, 200, 150, 45, 110, 80),
        )
        self.meters = QuotaMeters(self)
        self.detail = NominationDetailPanel(ctx, self)
        self.table.current_changed.connect(self.detail.show_nomination)
        self.table.open_requested.connect(lambda _id: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_moves())

        self.move_buttons: dict[NominationStatus, QToolButton] = {}
        # Two rows of four: the forward moves, then the ones that stop or undo a file.
        moves = QGridLayout()
        moves.addWidget(QLabel(_("Move selected:"), self), 0, 0, 1, 4)
        for i, (target, text) in enumerate(MOVES):
            button = action_button(
                self, _(text), partial(self.move_selected, target), needs=f"nominations.to_{target.value}"
            )
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.move_buttons[target] = button
            moves.addWidget(button, 1 + i // 4, i % 4)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Campaign:"), self))
        top.addWidget(self.campaign, 2)
        top.addWidget(self.search, 2)
        top.addWidget(self.kind)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.count_label, 1)
        for button in record_buttons(self):
            edit_row.addWidget(button)
        edit_row.addWidget(
            action_button(self, _("Export…"), self.export, tip=_("Export the nomination list"))
        )

        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(edit_row)
        middle_layout.addWidget(self.table, 1)
        middle_layout.addLayout(moves)

        meters_box = QWidget()
        meters_layout = QVBoxLayout(meters_box)
        meters_layout.setContentsMargins(0, 0, 0, 0)
        meters_layout.addWidget(QLabel("<b>" + _("Quotas") + "</b>"))
        meters_layout.addWidget(self.meters)
        meters_layout.addStretch(1)
        meters_scroll = QScrollArea(self)
        meters_scroll.setWidgetResizable(True)
        meters_scroll.setFrameShape(QFrame.Shape.NoFrame)
        meters_scroll.setWidget(meters_box)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(meters_scroll)
        right.addWidget(self.detail)
        right.setSizes([200, 420])
        self.remember_splitter("nominations_right", right)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.statuses)
        split.addWidget(middle)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([200, 620, 360])
        self.remember_splitter("nominations", split)
        self.context_menu(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh_list)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh_list())
        self.campaign.currentIndexChanged.connect(lambda _i: self.refresh())
        self.statuses.currentRowChanged.connect(lambda _r: self.refresh_list())
        self.refresh()

    # --- data -------------------------------------------------------------------------------------
    def campaign_id(self) -> int | None:
        value = self.campaign.currentData()
        return int(value) if value is not None else None

    def status_filter(self) -> NominationStatus | None:
        item = self.statuses.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return NominationStatus(value) if value else None  # Qt hands a StrEnum back as str

    def current_filter(self) -> NominationFilter:
        return NominationFilter(
            campaign_id=self.campaign_id(),
            status=self.status_filter(),
            search=self.search.text(),
            subject_kind=self.kind.currentData(),
            columns=self.table.column_filters(),
        )

    def _ids(self, sort: str, descending: bool) -> Query:
        if self.campaign_id() is None:
            return list
        return deferred(self.ctx, nomination_ids, self.current_filter(), sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, NominationRow]:
        with self.ctx.store.read() as session:
            return nomination_rows(session, ids)

    def _fill_campaigns(self) -> None:
        current = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in campaign_choices(self.ctx):
            self.campaign.addItem(f"{c.label} – {c.status.label.lower()}", c.id)
        self.campaign.setCurrentIndex(max(self.campaign.findData(current), 0))
        self.campaign.blockSignals(False)

    def _fill_statuses(self, counts: dict[NominationStatus, int]) -> None:
        current = self.status_filter()
        blocked = self.statuses.blockSignals(True)
        self.statuses.clear()
        total = sum(counts.values())
        entries: list[tuple[NominationStatus | None, str, int]] = [(None, _("All"), total)]
        entries += [(s, s.label, counts.get(s, 0)) for s in NominationStatus]
        for status, label, n in entries:
            item = QListWidgetItem(f"{label} ({n})", self.statuses)
            item.setData(Qt.ItemDataRole.UserRole, status)
            if status == current:
                self.statuses.setCurrentItem(item)
        if self.statuses.currentRow() < 0:
            self.statuses.setCurrentRow(0)
        self.statuses.blockSignals(blocked)

    def export_context(self) -> dict[str, object]:
        """What File ▸ Export and the Export button start from: this campaign and status."""
        return {"campaign_id": self.campaign_id(), "status": self.status_filter()}

    def export(self) -> None:
        from emudesk.ui.export_dialog import open_export_dialog

        open_export_dialog(
            self,
            self.ctx.store,
            kind="nominations",
            campaign_id=self.campaign_id(),
            status=self.status_filter(),
        )

    def refresh(self) -> None:
        cid = self.campaign_id()
        with self.ctx.store.read() as session:
            counts = nomination_status_counts(session, cid) if cid is not None else {}
            usages = quotas.usage(session, cid) if cid is not None else []
        self._fill_statuses(counts)
        self.meters.set_usages(usages)
        self.refresh_list()

    def refresh_list(self) -> None:
        self.table.reload_keeping_selection()

    def _on_loaded(self) -> None:
        self.count_label.setText(_("{n} nominations").format(n=self.model.rowCount()))
        self.detail.show_nomination(self.table.current_id())
        self._update_moves()

    def on_changes(self, changes: Changes, initiator: object) -> None:
        if changes.any("campaigns"):
            self._fill_campaigns()
        self.refresh()

    def meter_texts(self) -> list[str]:
        return self.meters.texts()

    # --- workflow ---------------------------------------------------------------------------------
    def selected_statuses(self) -> list[NominationStatus]:
        return [c.status for c in map(self.model.cells, self.table.selected_rows()) if c]

    def _update_moves(self) -> None:
        statuses = self.selected_statuses()
        for target, button in self.move_buttons.items():
            allowed = bool(statuses) and all(target in TRANSITIONS[s] for s in statuses)
            button.defaultAction().setEnabled(allowed)

    def move_selected(
        self, target: NominationStatus, *, on_done: Callable[[Any], None] | None = None
    ) -> bool:
        """Move the selected nominations; a refusal shows the service's message and changes nothing."""
        ids = self.table.selected_ids()
        if not ids:
            self.ctx.status(_("Select the nominations to move first."))
            return False
        note: str | None = None
        decision = None
        if target is S.APPROVED:
            decision_dialog = DecisionDialog(self.ctx, self, len(ids))
            if not decision_dialog.exec():
                return False
            decision = decision_dialog.decision()
        elif target in (S.RETURNED, S.REJECTED, S.WITHDRAWN):
            titles = {
                S.RETURNED: _("Return for completion"),
                S.REJECTED: _("Reject"),
                S.WITHDRAWN: _("Withdraw"),
            }
            note_dialog = NoteDialog(
                self,
                titles[target],
                _("{n} nomination(s) will be moved to “{status}”.").format(n=len(ids), status=target.label),
                required=target is not S.WITHDRAWN,
            )
            if not note_dialog.exec():
                return False
            note = note_dialog.text()
        self._move(ids, target, note=note, decision=decision, on_done=on_done)
        return True

    def _move(
        self,
        ids: list[int],
        target: NominationStatus,
        *,
        override: str | None = None,
        on_done: Callable[[Any], None] | None = None,
        **kw: Any,
    ) -> None:
        """Move; a refusal for files not eligible asks why they go on anyway, then moves again."""

        def done(result: TransitionResult) -> None:
            if result.warnings:
                dialogs.info(self, "\n".join(result.warnings), _("Submitted; some files are not eligible"))
            if on_done is not None:
                on_done(result)

        def ineligible(refusal: IneligibleError) -> None:
            dialog = OverrideDialog(self, str(refusal))
            if dialog.exec():
                self._move(ids, target, override=dialog.text(), on_done=on_done, **kw)

        workflow.transition(
            self.ctx,
            self,
            ids,
            target,
            override_reason=override,
            on_done=done,
            on_ineligible=ineligible,
            **kw,
        )

    # --- View -------------------------------------------------------------------------------------

    def new_record(self) -> bool:
        cid = self.campaign_id()
        if cid is None:
            dialogs.info(self, _("Create a campaign first."))
            return True
        dialog = NominationDialog(self.ctx, self, cid)
        if dialog.exec() and dialog.saved_id is not None:
            self.table.select_when_loaded([dialog.saved_id], dialog.saved_id)
        return True

    def edit_current(self) -> bool:
        rid, cid = self.table.current_id(), self.campaign_id()
        if rid is None or cid is None:
            return False
        cells = self.model.cells(self.model.row_of(rid))
        if cells is None:  # deleted meanwhile
            return False
        if cells.status not in EDITABLE:
            self.ctx.status(_("Only drafts and returned files can be edited; return the file first."))
            return True
        NominationDialog(self.ctx, self, cid, rid).exec()
        return True

    def delete_selected(self) -> bool:
        ids = self.table.selected_ids()
        names = [f"#{c.id} {c.subject}" for c in map(self.model.cells, self.table.selected_rows()[:6]) if c]
        return bool(ids) and bin_ops.delete_records(self.ctx, self, "nominations", ids, names=names)

    def open_subject(self, record_id: int) -> bool:
        """The nominee's record: the person, unit or household in its own view."""
        row = self.model.row_of(record_id)
        cells = self.model.cells(row) if row >= 0 else None
        if cells is None or cells.subject_id is None:
            return False
        self.navigate.emit(SUBJECT_VIEWS[cells.kind], cells.subject_id)
        return True

    def open_item(self, item: object) -> None:
        if isinstance(item, int):
            row = self.campaign.findData(item)
            if row >= 0:
                self.campaign.setCurrentIndex(row)

    def prepare_screenshot(self) -> None:
        # The campaign with the most quota meters, then the most files: it shows the most.
        best, best_key = 0, (-1, -1)
        for row in range(self.campaign.count()):
            cid = self.campaign.itemData(row)
            with self.ctx.store.read() as session:
                counts = nomination_status_counts(session, cid)
                meters = len(quotas.usage(session, cid))
            key = (meters, sum(counts.values()))
            if key > best_key:
                best, best_key = row, key
        self.campaign.setCurrentIndex(best)
        self.ctx.tasks.wait_idle()
        self.table.setFocus()
        for row in range(self.model.rowCount()):
            cells = self.model.cells(row)
            if cells and cells.status is S.SUBMITTED:
                self.table.select_ids([self.model.id_at(row)])
                return
        self.table.select_first()
