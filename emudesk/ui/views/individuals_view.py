"""Cá nhân: the register of individuals, searched and sorted in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from emudesk.i18n import _
from emudesk.services import tables
from emudesk.services.store import Store
from emudesk.ui.models.id_table_model import IdTableModel


class IndividualsView(QWidget):
    """Search box over a lazy table of individuals (Vietnamese name order by default)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search by name, with or without diacritics (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.table = QTableView(self)
        self.model = IdTableModel(
            [_("Full name"), _("Gender"), _("Born"), _("Position"), _("Unit"), _("ID number")],
            ["name", None, "birth_year", None, "unit", None],
            self._ids,
            self._rows,
            self,
        )
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((220, 60, 90, 170, 260)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table)
        # Debounce keystrokes a little; the query itself is cheap (indexed folded names).
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.refresh()

    def _filter(self) -> tables.IndividualFilter:
        return tables.IndividualFilter(search=self.search.text())

    def _ids(self, sort: str, descending: bool) -> list[int]:
        with self.store.read() as session:
            return tables.individual_ids(session, self._filter(), sort=sort, descending=descending)

    def _rows(self, ids: list[int]) -> dict[int, tuple[object, ...]]:
        with self.store.read() as session:
            return tables.individual_rows(session, ids)

    def refresh(self) -> None:
        self.model.reload()
        self.count_label.setText(_("{n} individuals").format(n=self.model.rowCount()))
