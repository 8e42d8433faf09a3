"""Danh mục: award forms and titles, and the kinds of unit; offices add their own and edit them.
A third tab lists the rule sets (Quy định) the eligibility engine and the council apply; a fourth
the Word templates of the papers (Mẫu văn bản), which an office edits in Word."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.ui.context import AppContext
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.operations import catalogue_ops
from emudesk.ui.views.base import View
from emudesk.ui.views.catalogue.catalogue_dialogs import AwardFormDialog, UnitKindDialog, tier_label
from emudesk.ui.views.catalogue.rules_tab import RulesTab
from emudesk.ui.views.catalogue.templates_tab import TemplatesTab
from emudesk.ui.views.choices import award_form_choices, unit_kind_choices
from emudesk.ui.views.common import record_buttons, search_box
from emudesk.ui.widgets.record_table import RecordTable


def _yes(value: bool) -> str:
    return "✓" if value else ""


def _coef(value: Decimal | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


class CatalogueView(View):
    """Two tabs of reference lists; New, Edit and Delete act on the tab shown."""

    watched = ("catalogue",)
    edits = "catalogue.edit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = search_box(self, _("Filter by name or code (Ctrl+F)"))
        self.tabs = QTabWidget(self)
        self.forms_model = ListTableModel(
            [
                _("Name"),
                _("Code"),
                _("Category"),
                _("Level"),
                _("Granted by"),
                _("For"),
                _("Needs a vote"),
                _("Yearly"),
                _("× base salary (individual)"),
                _("× base salary (collective)"),
                _("In use"),
            ],
            self,
            numeric=(8, 9),
        )
        self.forms = RecordTable(
            self.forms_model,
            self,
            settings=ctx.settings,
            layout_key="catalogue_forms",
            widths=(260, 100, 150, 110, 250, 160, 70, 60, 90, 90),
            sortable=False,
        )
        self.kinds_model = ListTableModel(
            [_("Name"), _("Code"), _("Level"), _("No longer exists"), _("Note")], self
        )
        self.kinds = RecordTable(
            self.kinds_model,
            self,
            settings=ctx.settings,
            layout_key="catalogue_kinds",
            widths=(380, 150, 200, 110),
            sortable=False,
        )
        self.tabs.addTab(self.forms, _("Award forms and titles"))
        self.tabs.addTab(self.kinds, _("Kinds of unit"))
        self.rules = RulesTab(ctx, self)
        self.tabs.addTab(self.rules, _("Rule sets"))
        self.templates = TemplatesTab(ctx, self)
        self.tabs.addTab(self.templates, _("Document templates"))
        note = QLabel(
            _(
                "Cash rewards are multiples of the base salary in force on the decision date "
                "(NĐ 152/2025, Điều 49–54)."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search, 1)
        for button in record_buttons(self):
            buttons.addWidget(button)
        self.forms.open_requested.connect(lambda _id: self.edit_current())
        self.kinds.open_requested.connect(lambda _id: self.edit_current())
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.refresh()

    def _matches(self, search: QLineEdit, *texts: str) -> bool:
        needle = fold(search.text())
        return not needle or any(needle in fold(t) for t in texts)

    def refresh(self) -> None:
        # Refilling a list resets it: choose the same entries again, as every other list does.
        keep = {table: (table.selected_ids(), table.current_id()) for table in (self.forms, self.kinds)}
        forms = [f for f in award_form_choices(self.ctx) if self._matches(self.search, f.name, f.code)]
        self.forms_model.set_rows(
            [
                (
                    f.name,
                    f.code,
                    f.category.label,
                    f.level.label,
                    f.authority,
                    f.subjects_text,
                    _yes(f.requires_vote),
                    _yes(f.yearly),
                    _coef(f.coefficient_individual),
                    _coef(f.coefficient_collective),
                    _yes(f.active),
                )
                for f in forms
            ],
            [f.id for f in forms],
        )
        kinds = [k for k in unit_kind_choices(self.ctx) if self._matches(self.search, k.name, k.code)]
        self.kinds_model.set_rows(
            [(k.name, k.code, tier_label(k.tier), _yes(k.historical), k.note) for k in kinds],
            [k.id for k in kinds],
        )
        for table, (ids, current) in keep.items():
            if ids:
                table.select_ids(ids, current)
        self.rules.refresh(lambda *texts: self._matches(self.search, *texts))
        self.templates.refresh()

    def _on_forms_tab(self) -> bool:
        return self.tabs.currentWidget() is self.forms

    def _on_rules_tab(self) -> bool:
        return self.tabs.currentWidget() is self.rules

    def _on_templates_tab(self) -> bool:
        return self.tabs.currentWidget() is self.templates

    def new_record(self) -> bool:
        if self._on_templates_tab():  # another template comes from a file
            self.templates.choose_file()
            return True
        if self._on_rules_tab():  # a new rule set comes from a file
            self.rules.import_file()
            return True
        dialog = (AwardFormDialog if self._on_forms_tab() else UnitKindDialog)(self.ctx, self)
        dialog.exec()
        return True

    def edit_current(self) -> bool:
        if self._on_templates_tab():
            self.templates.open_in_word()
            return True
        if self._on_rules_tab():
            self.ctx.status(_("Rule sets are read-only here; import a new version from a file."))
            return True
        table = self.forms if self._on_forms_tab() else self.kinds
        rid = table.current_id()
        if rid is None:
            return False
        (AwardFormDialog if self._on_forms_tab() else UnitKindDialog)(self.ctx, self, rid).exec()
        return True

    def delete_selected(self) -> bool:
        if self._on_templates_tab():
            self.templates.reset()
            return True
        if self._on_rules_tab():
            self.ctx.status(_("Rule sets are read-only here; import a new version from a file."))
            return True
        forms = self._on_forms_tab()
        table, model = (self.forms, self.forms_model) if forms else (self.kinds, self.kinds_model)
        rid = table.current_id()
        if rid is None:
            return False
        name = str(model.row_values(table.selected_rows()[0])[0]) if table.selected_rows() else str(rid)
        return catalogue_ops.delete_entry(self.ctx, self, "form" if forms else "kind", rid, name)
