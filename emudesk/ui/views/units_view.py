"""Đơn vị: the unit tree, loaded level by level as branches open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from emudesk.i18n import _
from emudesk.services import units
from emudesk.services.store import Store

_ID = Qt.ItemDataRole.UserRole
_LOADED = Qt.ItemDataRole.UserRole + 1


class UnitsView(QWidget):
    """The unit tree, with a switch to show dissolved and merged units and where they went."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.show_dissolved = QCheckBox(_("Show dissolved and merged units"), self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([_("Unit"), _("Kind"), _("Valid"), _("Now part of")])
        self.tree.setColumnWidth(0, 420)
        self.tree.setColumnWidth(1, 200)
        self.tree.setColumnWidth(2, 160)
        self.tree.itemExpanded.connect(self._load_children)
        self.show_dissolved.toggled.connect(lambda _on: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.show_dissolved)
        layout.addWidget(self.tree)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        self._fill(self.tree.invisibleRootItem(), None)
        if self.tree.topLevelItemCount():
            self.tree.topLevelItem(0).setExpanded(True)

    def _fill(self, parent_item: QTreeWidgetItem, parent_id: int | None) -> None:
        with self.store.read() as session:
            rows = units.list_children(session, parent_id, include_dissolved=self.show_dissolved.isChecked())
        for row in rows:
            valid = ""
            if row.valid_from or row.valid_to:
                start = row.valid_from.strftime("%d/%m/%Y") if row.valid_from else "…"
                end = row.valid_to.strftime("%d/%m/%Y") if row.valid_to else "…"
                valid = f"{start} – {end}"
            item = QTreeWidgetItem([row.name, row.kind, valid, ", ".join(row.successors)])
            item.setData(0, _ID, row.id)
            item.setData(0, _LOADED, False)
            # A placeholder child makes the branch expandable until it is loaded.
            item.addChild(QTreeWidgetItem([""]))
            parent_item.addChild(item)

    def _load_children(self, item: QTreeWidgetItem) -> None:
        if item.data(0, _LOADED):
            return
        item.setData(0, _LOADED, True)
        item.takeChildren()
        self._fill(item, int(item.data(0, _ID)))
