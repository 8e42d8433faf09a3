"""Nhận gói: a package already checked (signature, hashes) is previewed, its conflicts decided field
by field, then imported in one transaction off the UI thread, and its receipt saved beside it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.labels import field_label
from emudesk.i18n import _
from emudesk.services.core.audit_log import table_label
from emudesk.services.exchange import importing
from emudesk.services.exchange.importing import (
    CHANGED,
    CONFLICT,
    NEW,
    UNCHANGED,
    Choice,
    Edit,
    ImportResult,
    RecordPreview,
)
from emudesk.services.exchange.package import KIND_RECORDS, Package
from emudesk.services.exchange.records import RULE_FIELD
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.widgets.detail import SmallTable

# A package's sections named after the tables they fill where the two differ.
_SECTION_TABLES = {"awards": "award_records", "verdicts": "nominations"}


def _section_label(section: str) -> str:
    return table_label(_SECTION_TABLES.get(section, section))


Progress = Callable[[int, int, str], None]
Key = tuple[str, str, str]
_CHOICE = Qt.ItemDataRole.UserRole
VALUE_COLUMN = 4


def shown(value: Any) -> str:
    return importing.readable(value)


def field_name(name: str) -> str:
    """A field of the preview as the user knows it (a rule set's rules are fields of their own)."""
    if name.startswith(RULE_FIELD):
        return _("Rule {code}").format(code=name[len(RULE_FIELD) :])
    return field_label(name)


# How a correcting or revoking decision is linked: the decision is a row of the preview itself.
_LINKS = frozenset({"corrections", "status_decision"})


def _changes(record: RecordPreview) -> str:
    return "; ".join(
        f"{field_name(c.field)}: {shown(c.ours)} → {shown(c.theirs)}"
        for c in record.changes
        if c.field not in _LINKS
    )


def _state_label(state: str) -> str:
    return {
        NEW: _("New record"),
        CHANGED: _("Changed"),
        UNCHANGED: _("Unchanged"),
        CONFLICT: _("In conflict"),
    }.get(state, state)


def default_receipt(path: Path) -> Path:
    """Beside the package, as the CLI writes it."""
    return path.with_name(f"{path.stem}.receipt{path.suffix or '.emx'}")


class ExchangeImportDialog(QDialog):
    """Preview → conflicts (when any) → Import → what happened. Non-modal to the worker: the
    import runs on the database worker and the dialog waits for it.

    Signals:
        imported: the records were written (the views read again).
    """

    imported = Signal()

    def __init__(
        self,
        ctx: AppContext,
        path: Path,
        package: Package,
        preview: importing.Preview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.package = package
        self.preview = preview
        self.resolution: dict[Key, Choice] = {}
        self.outcome: ImportResult | None = None
        self.receipt: Path | None = None
        self.setWindowTitle(_("Receive a package"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 560)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._conflicts_page())
        self.pages.addWidget(self._result_page())
        self.back_button = QPushButton(_("‹ Back"), self)
        self.back_button.clicked.connect(lambda: self._go(0))
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("exchange_next")
        self.next_button.clicked.connect(self._next)
        self.next_button.setDefault(True)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._go(0)

    # --- pages --------------------------------------------------------------------------------
    def _preview_page(self) -> QWidget:
        page = QWidget(self)
        pv = self.preview
        self.counts_label = QLabel(page)
        self.counts_label.setObjectName("exchange_counts")
        self.counts_label.setWordWrap(True)
        if pv.already_imported:
            self.counts_label.setText(
                _(
                    "The package {uuid} from “{office}” was imported before; importing it again "
                    "changes nothing."
                ).format(uuid=pv.package_uuid, office=pv.sender)
            )
        elif self.package.manifest.kind != KIND_RECORDS:
            self.counts_label.setText(
                _(
                    "A receipt from “{office}”: what it received and what it returned of what was sent."
                ).format(office=pv.sender)
            )
        else:
            self.counts_label.setText(
                _(
                    "Package from “{office}”: {new} new, {changed} changed, {unchanged} unchanged, "
                    "{conflict} in conflict."
                ).format(office=pv.sender, **pv.counts())
            )
        records = SmallTable(
            [_("Record"), _("Kind"), _("Compared with ours"), _("What changes")], page, widths=(320, 180, 120)
        )
        records.setObjectName("exchange_records")
        records.set_rows(
            [(r.label, _section_label(r.section), _state_label(r.state), _changes(r)) for r in pv.records]
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.counts_label)
        layout.addWidget(records, 1)
        return page

    def _conflicts_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            _(
                "Both offices changed these fields since they last exchanged them. Choose for each: "
                "keep ours, take theirs, or type the value in the last column."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.conflicts = QTableWidget(0, 5, page)
        self.conflicts.setObjectName("exchange_conflicts")
        self.conflicts.setHorizontalHeaderLabels(
            [_("Record"), _("Field"), _("Ours"), _("Theirs"), _("Value kept")]
        )
        self.conflicts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.conflicts.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.conflicts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.conflicts.horizontalHeader().setStretchLastSection(True)
        self._keys: list[Key] = []
        self._filling = True
        for record in self.preview.conflicts:
            for c in record.conflicts:
                row = self.conflicts.rowCount()
                self.conflicts.insertRow(row)
                self._keys.append((record.section, record.uuid, c.field))
                texts = (record.label, field_name(c.field), shown(c.ours), shown(c.theirs))
                for col, text in enumerate(texts):
                    item = QTableWidgetItem(text)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.conflicts.setItem(row, col, item)
                self.conflicts.setItem(row, VALUE_COLUMN, QTableWidgetItem(""))
        self._filling = False
        self.conflicts.resizeColumnsToContents()
        self.conflicts.itemChanged.connect(self._typed)
        self.keep_ours = QPushButton(_("Keep ours"), page)
        self.keep_ours.setObjectName("exchange_keep_ours")
        self.keep_ours.clicked.connect(lambda: self._choose("ours"))
        self.take_theirs = QPushButton(_("Take theirs"), page)
        self.take_theirs.setObjectName("exchange_take_theirs")
        self.take_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.edit_value = QPushButton(_("Edit…"), page)
        self.edit_value.setObjectName("exchange_edit")
        self.edit_value.clicked.connect(self._edit)
        self.unresolved_label = QLabel(page)
        row_buttons = QHBoxLayout()
        for b in (self.keep_ours, self.take_theirs, self.edit_value):
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.unresolved_label)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(row_buttons)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget(self)
        self.result_label = QLabel(page)
        self.result_label.setObjectName("exchange_result")
        self.result_label.setWordWrap(True)
        self.result_details = QPlainTextEdit(page)
        self.result_details.setReadOnly(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_details, 1)
        return page

    # --- steps --------------------------------------------------------------------------------
    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        has_conflicts = bool(self.preview.conflicts)
        self.back_button.setVisible(index == 1)
        self.next_button.setVisible(index < 2)
        if index == 0 and has_conflicts:
            self.next_button.setText(_("Next ›"))
        else:
            self.next_button.setText(_("Import the package"))
        self.close_button.setText(_("Close") if index == 2 else _("Cancel"))
        self._update()

    def _next(self) -> None:
        if self.pages.currentIndex() == 0 and self.preview.conflicts:
            self._go(1)
            return
        self.start_import()

    def _update(self) -> None:
        missing = len(self._keys) - sum(k in self.resolution for k in self._keys)
        self.unresolved_label.setText(
            _("{n} fields still to decide").format(n=missing) if missing else _("Every field decided")
        )
        if self.pages.currentIndex() == 1:
            self.next_button.setEnabled(missing == 0)
        else:
            self.next_button.setEnabled(self.pages.currentIndex() == 0)

    # --- choices ------------------------------------------------------------------------------
    def _selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.conflicts.selectedIndexes()}
        if not rows and self.conflicts.currentRow() >= 0:
            rows = {self.conflicts.currentRow()}
        return sorted(rows)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.conflicts.item(row, column)
        assert item is not None  # every cell is filled when the table is built
        return item

    def _set(self, row: int, choice: Choice, text: str) -> None:
        self._filling = True
        item = self._cell(row, VALUE_COLUMN)
        item.setText(text)
        item.setData(_CHOICE, "edit" if isinstance(choice, Edit) else choice)
        self._filling = False
        self.resolution[self._keys[row]] = choice
        self._update()

    def _choose(self, which: str) -> None:
        rows = self._selected_rows()
        if not rows:
            dialogs.warn(self, _("Choose a field in the list first."))
            return
        for row in rows:
            column = 2 if which == "ours" else 3
            choice: Choice = "ours" if which == "ours" else "theirs"
            self._set(row, choice, self._cell(row, column).text())

    def _edit(self) -> None:
        rows = self._selected_rows()
        if not rows:
            dialogs.warn(self, _("Choose a field in the list first."))
            return
        item = self._cell(rows[0], VALUE_COLUMN)
        self.conflicts.setCurrentItem(item)
        self.conflicts.editItem(item)

    def _typed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != VALUE_COLUMN:
            return
        self._set(item.row(), Edit(item.text()), item.text())

    # --- import -------------------------------------------------------------------------------
    def start_import(self) -> None:
        """Apply the package in one transaction on the worker; the receipt is written in it too."""
        receipt: Path | None = None
        if not self.preview.already_imported and self.package.manifest.kind == KIND_RECORDS:
            receipt = default_receipt(self.path)
            if not dialogs.may_replace(self, "", receipt):
                return
        store, package, preview = self.ctx.store, self.package, self.preview
        resolution = dict(self.resolution)

        def work(_progress: Progress, _cancel: threading.Event) -> tuple[ImportResult, Path | None]:
            with store.write() as s:
                result = importing.apply(s, package, preview, resolution)
                if receipt is not None:
                    importing.write_receipt(s, result, receipt)
                return result, receipt

        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.ctx.tasks.run(
            work,
            parent=self,
            title=_("Receive a package"),
            label=_("Importing in one transaction…"),
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, outcome: tuple[ImportResult, Path | None]) -> None:
        result, receipt = outcome
        self.outcome, self.receipt = result, receipt
        self.result_label.setText(result.summary())
        lines = [
            _("Refused {label}: {reason}").format(label=o.label or o.uuid, reason=o.reason)
            for o in result.refused
        ]
        if receipt is not None:
            lines.append(
                _("Receipt for “{office}” written to {path}.").format(office=result.sender, path=receipt)
            )
        self.result_details.setPlainText("\n".join(lines))
        self.back_button.setEnabled(True)
        self._go(2)
        if not result.already_imported:
            self.imported.emit()

    def _failed(self, exc: BaseException) -> None:
        # Nothing was written (one transaction); the user may decide again or close.
        self.back_button.setEnabled(True)
        self._update()
        show_error(self, exc)

    def reject(self) -> None:
        if not self.ctx.tasks.idle and self.pages.currentIndex() < 2 and not self.next_button.isEnabled():
            return  # the import is running: it ends on its own
        super().reject()
