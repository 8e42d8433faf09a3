"""Quy định: the rule sets the engine applies (document, jurisdiction, dates in force, confirmed or not),
their rules with parameters and citations; a set is imported or exported as the JSON of
``emudesk rules import/export``, so an office adds its province's rules without code."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from emudesk import paths
from emudesk.domain.errors import EmudeskError, ValidationError
from emudesk.domain.rules import Jurisdiction
from emudesk.i18n import _
from emudesk.services.core.formats import day
from emudesk.services.rules import rulebook, schema
from emudesk.services.rules.rulebook import RuleSetRow
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.operations import council_ops
from emudesk.ui.views.common import action_button
from emudesk.ui.widgets.record_table import RecordTable


def _jurisdiction(r: RuleSetRow) -> str:
    if r.jurisdiction_name and r.jurisdiction is not Jurisdiction.NATIONAL:
        return f"{r.jurisdiction.label} ({r.jurisdiction_name})"
    return r.jurisdiction.label


def _confirmed(r: RuleSetRow) -> str:
    if not r.unconfirmed:
        return _("All confirmed")
    return "⚠ " + _("{n} of {total} unconfirmed").format(n=r.unconfirmed, total=r.rules)


def params_text(params: dict[str, Any]) -> str:
    """ "min_percent: 90; written_counts: false" — the stored parameters, one line."""
    return "; ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in params.items())


class RulesTab(QWidget):
    """Rule sets above, the selected set's rules below, the selected rule's text at the bottom."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[RuleSetRow] = []
        self.rules: list[dict[str, Any]] = []
        self._keep_rule: int | None = None
        self.sets_model = ListTableModel(
            [
                _("Legal document"),
                _("Code"),
                _("Jurisdiction"),
                _("In force from"),
                _("In force until"),
                _("In force today"),
                _("Number of rules"),
                _("Confirmed against the source"),
                _("Source"),
            ],
            self,
            numeric=(6,),
        )
        self.sets = RecordTable(
            self.sets_model,
            self,
            settings=ctx.settings,
            layout_key="catalogue_rule_sets",
            widths=(220, 110, 170, 90, 90, 150, 90, 150),
            sortable=False,
            multi=False,
        )
        self.rules_model = ListTableModel(
            [
                _("Rule code"),
                _("Kind of rule"),
                _("Award forms"),
                _("For"),
                _("Rule parameters"),
                _("Legal basis"),
                _("Confirmed against the source"),
                _("Version"),
            ],
            self,
            numeric=(7,),
        )
        self.rules_table = RecordTable(
            self.rules_model,
            self,
            settings=ctx.settings,
            layout_key="catalogue_rules",
            widths=(150, 140, 170, 90, 220, 220, 80),
            sortable=False,
            multi=False,
        )
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.set_info = QLabel(self)
        self.set_info.setWordWrap(True)
        self.set_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_info, 1)
        buttons.addWidget(action_button(self, _("Import a rule set…"), self.import_file, needs="rules.edit"))
        self.export_button = action_button(self, _("Export this rule set…"), self.export_file)
        buttons.addWidget(self.export_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.rules_table, 1)
        lower_layout.addWidget(self.text)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.sets)
        split.addWidget(lower)
        split.setSizes([200, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.sets.current_changed.connect(lambda _id: self._show_set())
        self.rules_table.current_changed.connect(lambda _id: self._show_rule())

    # --- data -------------------------------------------------------------------------------------
    def refresh(self, matches: Callable[..., bool] = lambda *_t: True) -> None:
        """Read the rule sets again; ``matches(*texts)`` filters them (the catalogue's search box)."""
        keep = self.sets.current_id()
        # Refilling the sets resets both lists: the same set read again keeps its chosen rule.
        self._keep_rule = self.rules_table.current_id() or self._keep_rule
        with self.ctx.store.read() as session:
            self.rows = [r for r in rulebook.rule_sets(session) if matches(r.short_name, r.name, r.code)]
        today = date.today()
        self.sets_model.set_rows(
            [
                (
                    r.short_name,
                    r.code,
                    _jurisdiction(r),
                    day(r.effective_from),
                    day(r.effective_to),
                    r.status(today),
                    r.rules,
                    _confirmed(r),
                    r.source,
                )
                for r in self.rows
            ],
            [r.id for r in self.rows],
        )
        if keep is not None and any(r.id == keep for r in self.rows):
            self.sets.select_ids([keep])
        else:
            self._show_set()

    def current_set(self) -> RuleSetRow | None:
        sid = self.sets.current_id()
        return next((r for r in self.rows if r.id == sid), None)

    def _show_set(self) -> None:
        r = self.current_set()
        self.export_button.defaultAction().setEnabled(r is not None)
        if r is None:
            self.rules = []
            self.rules_model.set_rows([])
            self.set_info.setText(_("{n} rule sets.").format(n=len(self.rows)))
            self._show_rule()
            return
        keep_rule, self._keep_rule = self.rules_table.current_id() or self._keep_rule, None
        with self.ctx.store.read() as session:
            self.rules = rulebook.rules_of(session, r.code)
        self.set_info.setText(f"{r.name}" + (f" — {r.note}" if r.note else ""))
        self.rules_model.set_rows(
            [
                (
                    x["code"] + ("" if x["active"] else " (" + _("inactive") + ")"),
                    x["kind"],
                    x["awards"],
                    x["subjects"],
                    params_text(x["params"]),
                    x["citation"],
                    "✓" if x["confirmed"] else "⚠ " + _("unconfirmed"),
                    x["version"],
                )
                for x in self.rules
            ],
            [x["id"] for x in self.rules],
        )
        if keep_rule is not None and any(x["id"] == keep_rule for x in self.rules):
            self.rules_table.select_ids([keep_rule])
        else:
            self.rules_table.select_first()
        self._show_rule()

    def _show_rule(self) -> None:
        rid = self.rules_table.current_id()
        rule = next((x for x in self.rules if x["id"] == rid), None)
        if rule is None:
            self.text.setText("")
            return
        parts = [rule["text"] or "", rule["citation"]]
        if rule["note"]:
            parts.append(rule["note"])
        self.text.setText("\n".join(p for p in parts if p))

    # --- files ------------------------------------------------------------------------------------
    def import_file(self) -> None:
        target, _filter = QFileDialog.getOpenFileName(
            self, _("Import a rule set"), str(paths.data_dir()), _("Rule set (*.json);;All files (*)")
        )
        if not target:
            return
        try:
            data = schema.read_file(Path(target))
        except EmudeskError as exc:
            show_error(self, exc)
            return
        council_ops.import_rule_set(self.ctx, self, data, on_done=self._imported)

    def _imported(self, set_id: int) -> None:
        self.refresh()
        self.sets.select_ids([set_id])

    def export_file(self) -> None:
        r = self.current_set()
        if r is None:
            return
        target, _filter = dialogs.save_path(
            self, _("Export the rule set"), f"Bo quy tac {r.code}", _("Rule set (*.json)"), suffix=".json"
        )
        if not target:
            return
        with self.ctx.store.read() as session:
            data = rulebook.export_rule_set(session, r.code)
        # The same JSON as ``emudesk rules export``: it imports back here or on the command line.
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
        try:
            Path(target).write_text(text, encoding="utf-8")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            show_error(self, ValidationError(_("Cannot write {path}.").format(path=target) + f" {reason}"))
            return
        self.ctx.status(_("Rule set {code} written to {path}.").format(code=r.code, path=target))
