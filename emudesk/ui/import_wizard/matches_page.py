"""The matches page: what to do with rows matching records already in the database."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWizardPage

from emudesk.i18n import _
from emudesk.services.imports.importing import OnMatch
from emudesk.ui.import_wizard.base import PAGE_CONFIRM, WizardBase
from emudesk.ui.import_wizard.models import CHOICE_LABELS, ChoiceDelegate, MatchModel


class MatchesPage(QWizardPage):
    def __init__(self, wizard: WizardBase) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(_("Rows already recorded"))
        self.setSubTitle(
            _(
                "These rows match records already in emudesk (same ID number, or same name, birth date "
                "and unit). Choose what to do with them; double-click the last column to change one row."
            )
        )
        self.model = MatchModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(4, ChoiceDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.dataChanged.connect(lambda *_a: self.completeChanged.emit())
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("For every row:"), self))
        self.all_buttons: dict[OnMatch, QPushButton] = {}
        for choice, label in CHOICE_LABELS.items():
            button = QPushButton(_(label), self)
            button.clicked.connect(lambda _c=False, ch=choice: self.set_all(ch))
            buttons.addWidget(button)
            self.all_buttons[choice] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        plan = self.wiz.plan
        self.model.set_rows(plan.matched_rows if plan else [])
        self.table.resizeColumnsToContents()

    def set_all(self, choice: OnMatch) -> None:
        plan = self.wiz.plan
        if plan is not None:
            plan.on_match = choice
        self.model.set_all(choice)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return all(r.choice_error() is None for r in self.model.rows)

    def nextId(self) -> int:
        return PAGE_CONFIRM
