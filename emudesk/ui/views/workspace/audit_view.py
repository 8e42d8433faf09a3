"""Nhật ký: every change, filterable by record, user and date, with before and after side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from emudesk.domain.enums import AuditAction
from emudesk.i18n import _
from emudesk.services.core import audit_log
from emudesk.services.core.audit_log import AUDIT_COLUMN_KEYS, AuditFilter, AuditRow, audit_ids, audit_rows
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.views.base import View
from emudesk.ui.views.common import deferred, search_box, shows_nothing_if_gone
from emudesk.ui.widgets.detail import SmallTable, title_label
from emudesk.ui.widgets.fields import DateField, IntField
from emudesk.ui.widgets.pickers import EnumCombo, fill_enum
from emudesk.ui.widgets.record_table import RecordTable


class AuditView(View):
    # Every write adds entries, whatever it touched.
    watched = (
        "units",
        "individuals",
        "households",
        "campaigns",
        "achievements",
        "nominations",
        "awards",
        "catalogue",
        "settings",
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = search_box(self, _("Search in the record's description (Ctrl+F)"))
        self.table_name = QComboBox(self)
        self.record_id = IntField(self, width_chars=8)
        self.record_id.setPlaceholderText(_("record no."))
        self.actor = QComboBox(self)
        self.action = EnumCombo(self)
        fill_enum(self.action, list(AuditAction), _("Any change"))
        self.date_from = DateField(self)
        self.date_to = DateField(self)
        self._fill_lists()
        self.count_label = QLabel(self)
        self.model = IdTableModel(
            [_("Time"), _("User"), _("Change"), _("Record"), "#", _("Description")],
            ["at", "actor", "action", "table", "record", None],
            self._ids,
            self._rows,
            self,
            numeric=(4,),
            default_sort=("at", True),
            runner=ctx.tasks.read,
            filter_keys=AUDIT_COLUMN_KEYS,
        )
        self.model.loaded.connect(self._on_loaded)
        self.table = RecordTable(
            self.model,
            self,
            settings=ctx.settings,
            layout_key="audit",
            widths=(140, 100, 80, 170, 60),
            multi=False,
        )
        self.detail_title = title_label(self, 1.1)
        self.changes = SmallTable([_("Field"), _("Before"), _("After")], widths=(160, 260))
        self.table.current_changed.connect(self._show_entry)

        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 3)
        filters.addWidget(self.actor, 0, 3)
        filters.addWidget(self.table_name, 1, 0)
        filters.addWidget(self.record_id, 1, 1)
        filters.addWidget(self.action, 1, 2)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(_("From")))
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("to")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        filters.addLayout(dates, 1, 3)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.changes, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([420, 220])
        self.remember_splitter("audit", split)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        for field in (self.search, self.record_id, self.date_from, self.date_to):
            field.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.table_name, self.actor, self.action):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def _fill_lists(self) -> None:
        with self.ctx.store.read() as session:
            names = audit_log.table_names(session)
            actors = audit_log.actors(session)
        for combo, values, labels, none_text in (
            (self.table_name, names, [audit_log.table_label(n) for n in names], _("Any kind of record")),
            (self.actor, actors, actors, _("Any user")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(none_text, None)
            for value, label in sorted(zip(values, labels, strict=True), key=lambda p: p[1]):
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            table_name=self.table_name.currentData(),
            record_id=self.record_id.int_value(),
            actor=self.actor.currentData(),
            action=self.action.currentData(),
            date_from=self.date_from.date_value(),
            date_to=self.date_to.date_value(),
            search=self.search.text(),
            columns=self.table.column_filters(),
        )

    def _ids(self, sort: str, descending: bool) -> Query:
        return deferred(self.ctx, audit_ids, self.current_filter(), sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, AuditRow]:
        with self.ctx.store.read() as session:
            return audit_rows(session, ids)

    @shows_nothing_if_gone
    def _show_entry(self, entry_id: object) -> None:
        if not isinstance(entry_id, int):
            self.detail_title.setText(_("Choose an entry to see what changed."))
            self.changes.set_rows([])
            return
        with self.ctx.store.read() as session:
            entry = audit_log.entry(session, entry_id)
        what = audit_log.table_label(entry.table_name)
        number = f" #{entry.record_id}" if entry.record_id else ""
        self.detail_title.setText(
            f"{audit_log.action_label(entry.action)}: {what}{number} {entry.summary}".strip()
        )
        self.changes.set_rows([(c.field, c.before, c.after) for c in entry.changes])

    def refresh(self) -> None:
        self._fill_lists()
        self.table.reload_keeping_selection()

    def _on_loaded(self) -> None:
        n = f"{self.model.rowCount():,}".replace(",", ".")
        self.count_label.setText(_("{n} entries").format(n=n))
        self._show_entry(self.table.current_id())

    def open_item(self, item: object) -> None:
        # ("individuals", 12): the history of one record
        if isinstance(item, tuple) and len(item) == 2:
            table_name, record_id = item
            self.table_name.setCurrentIndex(max(self.table_name.findData(table_name), 0))
            self.record_id.set_int(int(record_id))
            self.refresh()

    def prepare_screenshot(self) -> None:
        for row in range(min(self.model.rowCount(), 50)):
            cells = self.model.cells(row)
            if cells and cells.action == AuditAction.UPDATE.label:
                self.table.select_ids([self.model.id_at(row)])
                return
        self.table.select_first()
