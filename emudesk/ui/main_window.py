"""The main window: a navigation pane and one view at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget, QWidget

from emudesk.i18n import _
from emudesk.navigation import VIEWS
from emudesk.services.store import Store
from emudesk.ui.views.individuals_view import IndividualsView
from emudesk.ui.views.units_view import UnitsView

ViewFactory = Callable[[Store, QWidget], QWidget]

VIEW_FACTORIES: dict[str, ViewFactory] = {
    "units": lambda store, parent: UnitsView(store, parent),
    "individuals": lambda store, parent: IndividualsView(store, parent),
}


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen view on the right; views are built when first shown."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"emudesk – {store.display_name}")
        self.nav = QListWidget(self)
        self.stack = QStackedWidget(self)
        self._views: dict[str, QWidget] = {}
        self._keys: list[str] = []
        for info in VIEWS:
            if info.key not in VIEW_FACTORIES:
                continue
            self._keys.append(info.key)
            QListWidgetItem(_(info.title), self.nav)
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 1100])
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(lambda row: self.show_view(self._keys[row]))
        quit_action = QAction(_("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        self.statusBar().showMessage(store.display_name)
        self.show_view("individuals")

    @property
    def view_keys(self) -> list[str]:
        return list(self._keys)

    def show_view(self, key: str) -> QWidget:
        if key not in VIEW_FACTORIES:
            raise KeyError(key)
        view = self._views.get(key)
        if view is None:
            view = VIEW_FACTORIES[key](self.store, self.stack)
            self._views[key] = view
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        row = self._keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return view
