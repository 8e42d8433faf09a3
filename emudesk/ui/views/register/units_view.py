"""Đơn vị: the unit tree (loaded level by level), a unit's details, its members and award history."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.core.formats import day, validity
from emudesk.services.register import units
from emudesk.services.register.lists import (
    IndividualFilter,
    IndividualRow,
    UnitFilter,
    UnitListRow,
    individual_ids,
    individual_rows,
    unit_ids,
    unit_rows,
    unit_tree,
)
from emudesk.services.workspace import records
from emudesk.ui.context import AppContext
from emudesk.ui.models.id_table_model import IdTableModel, Query
from emudesk.ui.operations import bin_ops
from emudesk.ui.roles import ID_ROLE, LOADED_ROLE
from emudesk.ui.views.base import View
from emudesk.ui.views.common import (
    action_button,
    deferred,
    history_rows,
    history_table,
    search_box,
    shows_nothing_if_gone,
)
from emudesk.ui.views.register.unit_dialog import UnitDialog
from emudesk.ui.widgets.detail import InfoForm, title_label
from emudesk.ui.widgets.record_table import RecordTable


class UnitDetailPanel(QWidget):
    """Details, members (with or without sub-units) and award history of one unit."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.unit_id: int | None = None
        self.title = title_label(self)
        self.info = InfoForm(self)
        self.tabs = QTabWidget(self)
        self.with_sub_units = QCheckBox(_("Include sub-units"), self)
        self.with_sub_units.setChecked(True)
        self.members_model = IdTableModel(
            [_("Full name"), _("Gender"), _("Born"), _("Position"), _("Unit"), _("ID number")],
            ["name", "gender", "birth_year", "position", "unit", "id_number"],
            self._member_ids,
            self._member_rows,
            self,
            runner=ctx.tasks.read,
        )
        self.members_model.loaded.connect(self._on_members_loaded)
        self.members = RecordTable(
            self.members_model,
            self,
            settings=ctx.settings,
            layout_key="unit_members",
            widths=(200, 50, 85, 140),
        )
        members_box = QWidget()
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.with_sub_units)
        members_layout.addWidget(self.members, 1)
        self.awards = history_table()
        self.tabs.addTab(members_box, _("Members"))
        self.tabs.addTab(self.awards, _("Award history"))
        self.with_sub_units.toggled.connect(lambda _on: self._reload_members())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addWidget(self.tabs, 1)
        self.show_unit(None)

    def _member_ids(self, sort: str, descending: bool) -> Query:
        if self.unit_id is None:
            return list
        flt = IndividualFilter(unit_id=self.unit_id, include_sub_units=self.with_sub_units.isChecked())
        return deferred(self.ctx, individual_ids, flt, sort=sort, descending=descending)

    def _member_rows(self, ids: list[int]) -> dict[int, IndividualRow]:
        with self.ctx.store.read() as session:
            return individual_rows(session, ids)

    def _reload_members(self) -> None:
        self.members_model.reload()

    def _on_members_loaded(self) -> None:
        count = f" ({self.members_model.rowCount()})" if self.unit_id is not None else ""
        self.tabs.setTabText(0, _("Members") + count)

    @shows_nothing_if_gone
    def show_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        if unit_id is None:
            self.title.setText(_("No unit selected"))
            self.info.set_rows([])
            self.awards.set_rows([])
            self.tabs.setTabText(1, _("Award history"))  # no unit's count
            self._reload_members()
            return
        with self.ctx.store.read() as session:
            d = records.unit_detail(session, unit_id)
            history = records.unit_awards(session, unit_id)

        def links(rows: tuple[records.LinkRow, ...]) -> str:
            return "\n".join(f"{r.name} ({r.kind.lower()}, {day(r.effective_on)})" for r in rows)

        self.title.setText(d.name)
        self.info.set_rows(
            [
                (_("Short name"), d.short_name),
                (_("Kind of unit"), d.kind),
                (_("Under"), d.parent_name),
                (_("Code"), d.code),
                (_("Administrative code"), d.admin_code),
                (_("Address"), d.address),
                (_("Valid"), validity(d.valid_from, d.valid_to)),
                (_("Formed from"), links(d.predecessors)),
                (_("Now part of"), links(d.successors)),
                (_("Direct members"), str(d.direct_members)),
                (_("Sub-units"), str(d.sub_units)),
                (_("Note"), d.note),
            ]
        )
        self.awards.set_rows(history_rows(history))
        self.tabs.setTabText(1, _("Award history") + f" ({len(history)})")
        self._reload_members()


class UnitsView(View):
    """The tree, with a switch for dissolved and merged units; typing in the search box lists matches."""

    watched = ("units", "individuals", "awards")
    edits = "register.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = search_box(self, _("Find a unit by name, with or without diacritics (Ctrl+F)"))
        self.show_dissolved = QCheckBox(_("Show dissolved and merged units"), self)
        self.count_label = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([_("Unit"), _("Kind"), _("Valid"), _("Now part of")])
        self.tree.setColumnWidth(0, 330)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(2, 150)
        self.tree.setUniformRowHeights(True)
        self._children: dict[int | None, list[units.UnitRow]] = {}
        self.tree.itemExpanded.connect(self._load_children)
        self.tree.currentItemChanged.connect(self._on_tree_current)
        self.tree.itemActivated.connect(lambda _item, _col: self.edit_current())
        self.found_model = IdTableModel(
            [_("Unit"), _("Kind"), _("Under"), _("Valid")],
            ["name", "kind", "parent", "valid_to"],
            self._found_ids,
            self._found_rows,
            self,
            muted=lambda cells: cells.dissolved,
            runner=ctx.tasks.read,
        )
        self.found_model.loaded.connect(
            lambda: self.count_label.setText(_("{n} units found").format(n=self.found_model.rowCount()))
        )
        self.found = RecordTable(
            self.found_model, self, settings=ctx.settings, layout_key="units_found", widths=(300, 160, 220)
        )
        self.found.current_changed.connect(self._on_found_current)
        self.found.open_requested.connect(lambda _id: self.edit_current())
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tree)
        self.pages.addWidget(self.found)
        self.detail = UnitDetailPanel(ctx, self)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_dissolved)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(
            action_button(
                self,
                _("New sub-unit"),
                self.new_record,
                shortcut=QKeySequence.StandardKey.New,
                needs=self.edits,
            )
        )
        buttons.addWidget(
            action_button(self, _("Edit"), self.edit_current, shortcut="Return", needs=self.edits)
        )
        buttons.addWidget(
            action_button(
                self,
                _("Delete"),
                self.delete_selected,
                shortcut=QKeySequence.StandardKey.Delete,
                needs=self.edits,
            )
        )
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.pages, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 520])
        self.remember_splitter("units", splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._on_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.show_dissolved.toggled.connect(lambda _on: self.refresh())
        self.refresh()

    # --- tree -------------------------------------------------------------------------------------
    def _fill(self, parent_item: QTreeWidgetItem, parent_id: int | None) -> None:
        # The whole tree is read in one go (refresh); items are made when a branch opens.
        items = []
        for row in self._children.get(parent_id, ()):
            item = QTreeWidgetItem(
                [row.name, row.kind, validity(row.valid_from, row.valid_to), ", ".join(row.successors)]
            )
            item.setData(0, ID_ROLE, row.id)
            item.setData(0, LOADED_ROLE, False)
            item.setToolTip(0, row.name)
            if row.successors:
                item.setToolTip(3, "\n".join(row.successors))
            if row.valid_to is not None and row.successors:
                for col in range(4):
                    item.setForeground(col, Qt.GlobalColor.gray)
            if row.id in self._children:  # expandable; the children are made when it opens
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            items.append(item)
        parent_item.addChildren(items)

    def _load_children(self, item: QTreeWidgetItem) -> None:
        if item.data(0, LOADED_ROLE):
            return
        item.setData(0, LOADED_ROLE, True)
        self._fill(item, int(item.data(0, ID_ROLE)))
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

    def _on_tree_current(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        value = current.data(0, ID_ROLE) if current is not None else None
        self.detail.show_unit(int(value) if value is not None else None)

    # --- search -----------------------------------------------------------------------------------
    def _found_ids(self, sort: str, descending: bool) -> Query:
        flt = UnitFilter(search=self.search.text(), include_dissolved=self.show_dissolved.isChecked())
        return deferred(self.ctx, unit_ids, flt, sort=sort, descending=descending)

    def _found_rows(self, ids: list[int]) -> dict[int, UnitListRow]:
        with self.ctx.store.read() as session:
            return unit_rows(session, ids)

    def _on_found_current(self, unit_id: object) -> None:
        self.detail.show_unit(int(unit_id) if isinstance(unit_id, int) else None)

    def _on_search(self) -> None:
        searching = bool(self.search.text().strip())
        self.pages.setCurrentWidget(self.found if searching else self.tree)
        if searching:
            self.found.reload_keeping_selection()
        else:
            self.count_label.setText("")
            self._on_tree_current(self.tree.currentItem(), None)

    # --- View -------------------------------------------------------------------------------------
    def current_unit_id(self) -> int | None:
        if self.pages.currentWidget() is self.found:
            return self.found.current_id()
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def refresh(self) -> None:
        current = self.current_unit_id()
        expanded = self._expanded_ids()
        with self.ctx.store.read() as session:
            self._children = unit_tree(session, include_dissolved=self.show_dissolved.isChecked())
        self.tree.clear()
        self._fill(self.tree.invisibleRootItem(), None)
        self._restore_expanded(self.tree.invisibleRootItem(), expanded, current)
        first = self.tree.topLevelItem(0)  # None in an empty register
        if self.tree.currentItem() is None and first is not None:
            first.setExpanded(True)
        self._on_search()

    def _expanded_ids(self) -> set[int]:
        out: set[int] = set()
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is not None and item.isExpanded():
                out.add(int(item.data(0, ID_ROLE)))
                stack.extend(item.child(i) for i in range(item.childCount()))
        return out

    def _restore_expanded(self, parent: QTreeWidgetItem, expanded: set[int], current: int | None) -> None:
        for i in range(parent.childCount()):
            item = parent.child(i)
            value = item.data(0, ID_ROLE) if item is not None else None
            if item is None or value is None:
                continue
            if int(value) in expanded:
                item.setExpanded(True)
                self._restore_expanded(item, expanded, current)
            if current is not None and int(value) == current:
                self.tree.setCurrentItem(item)

    def new_record(self) -> bool:
        dialog = UnitDialog(self.ctx, self, parent_id=self.current_unit_id())
        dialog.exec()
        return True

    def edit_current(self) -> bool:
        uid = self.current_unit_id()
        if uid is None:
            return False
        UnitDialog(self.ctx, self, uid).exec()
        return True

    def delete_selected(self) -> bool:
        uid = self.current_unit_id()
        if uid is None:
            return False
        return bin_ops.delete_records(self.ctx, self, "units", [uid], names=[self.detail.title.text()])

    def open_item(self, item: object) -> None:
        if isinstance(item, int):
            self.search.setText("")
            self.detail.show_unit(item)

    def prepare_screenshot(self) -> None:
        root = self.tree.topLevelItem(0)
        if root is None:
            return
        root.setExpanded(True)
        target = root.child(min(9, root.childCount() - 1)) if root.childCount() else root
        if target is not None:
            self.tree.setCurrentItem(target)
        self.detail.tabs.setCurrentIndex(1)
