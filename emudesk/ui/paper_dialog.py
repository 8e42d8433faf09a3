"""File ▸ Export ▸ a paper (Quyết định, Tờ trình, Báo cáo thành tích, Biên bản) as Word or PDF.

The paper is filled from the office's template (Danh mục › Mẫu văn bản) on the database worker;
the dialog only chooses what to print and where. Open it with :func:`open_paper_dialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.exports import documents as exports
from emudesk.services.exports.paperwork import (
    PAPERS,
    TAKES_RECIPIENTS,
    PaperFormat,
    PaperKind,
    PaperParams,
    default_recipients,
    export_paper,
)
from emudesk.services.workspace import listing
from emudesk.ui import dialogs
from emudesk.ui.errors import show_error
from emudesk.ui.tasks import Task, TaskManager

_FILTERS = {PaperFormat.DOCX: "Word (*.docx)", PaperFormat.PDF: "PDF (*.pdf)"}
_STEMS = {
    PaperKind.DECISION: "quyet-dinh",
    PaperKind.SUBMISSION: "to-trinh",
    PaperKind.ACHIEVEMENT_REPORT: "bao-cao-thanh-tich",
    PaperKind.MINUTES: "bien-ban",
}


class PaperDialog(QDialog):
    """Choose the decision, campaign, nomination or council session, and Word or PDF."""

    exported = Signal(object)  # Path

    def __init__(
        self,
        store: Store,
        kind: PaperKind,
        parent: QWidget | None = None,
        *,
        tasks: TaskManager | None = None,
        status: Callable[[str], None] | None = None,
        campaign_id: int | None = None,
        decision_id: int | None = None,
        session_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self._own_tasks = tasks is None
        self.tasks = tasks or TaskManager(self)
        self._status = status
        self.task: Task[Path] | None = None
        self.last_export: Path | None = None
        self.setWindowTitle(_(PAPERS[kind][1]))
        self.campaign_combo = QComboBox(self)
        self.record_combo = QComboBox(self)
        self.record_combo.setMinimumContentsLength(50)
        self.record_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.format_combo = QComboBox(self)
        self.format_combo.addItem(_("Word document (.docx), to edit before signing"), PaperFormat.DOCX.value)
        self.format_combo.addItem(_("PDF, ready to print"), PaperFormat.PDF.value)
        form = QFormLayout()
        form.addRow(_("Campaign:"), self.campaign_combo)
        self.record_label = QLabel(self)
        if kind is not PaperKind.SUBMISSION:
            form.addRow(self.record_label, self.record_combo)
        form.addRow(_("Format:"), self.format_combo)
        # "Nơi nhận", one line each, prefilled with the paper's own; the clerk's edits are kept
        # until another decision or campaign is chosen.
        self.recipients = QPlainTextEdit(self)
        self.recipients.setObjectName("recipients")
        self.recipients.setTabChangesFocus(True)
        # One recipient a line, as printed: a long one scrolls instead of looking like two.
        self.recipients.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.recipients.setFixedHeight(self.recipients.fontMetrics().lineSpacing() * 5 + 12)
        self._default_recipients = ""
        if kind in TAKES_RECIPIENTS:
            form.addRow(_("Recipients:"), self.recipients)
        else:
            self.recipients.hide()
        self.export_button = QPushButton(_("&Export…"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._preselect = {"decision": decision_id, "session": session_id}
        with store.read() as s:
            campaigns = listing.campaigns(s)
        for c in campaigns:
            self.campaign_combo.addItem(f"{c['name']} ({c['plan']})" if c["plan"] else c["name"], c["id"])
        if campaign_id is not None:
            index = self.campaign_combo.findData(campaign_id)
            if index >= 0:
                self.campaign_combo.setCurrentIndex(index)
        self.campaign_combo.currentIndexChanged.connect(lambda _i: self._fill_records())
        self.record_combo.currentIndexChanged.connect(lambda _i: self._fill_recipients())
        self._fill_records()

    def _fill_recipients(self) -> None:
        """The paper's own Nơi nhận for the current choice, unless the clerk has written others."""
        if self.kind not in TAKES_RECIPIENTS:
            return
        if self.kind is not PaperKind.SUBMISSION and self.record_combo.currentData() is None:
            lines: list[str] = []
        else:
            try:
                with self.store.read() as s:
                    lines = default_recipients(s, self.kind, self.params(typed=False))
            except EmudeskError:
                lines = []  # nothing to print for this choice: Export says why
        current = self.recipients.toPlainText()
        text = "\n".join(lines)
        if current.strip() in ("", self._default_recipients.strip()):
            self.recipients.setPlainText(text)
        self._default_recipients = text

    def _fill_records(self) -> None:
        campaign_id = self.campaign_combo.currentData()
        with self.store.read() as s:
            if self.kind is PaperKind.DECISION:
                label, items = _("Decision:"), exports.decisions(s, campaign_id)
            elif self.kind is PaperKind.MINUTES:
                label, items = _("Council session:"), exports.council_sessions(s, campaign_id)
            elif self.kind is PaperKind.ACHIEVEMENT_REPORT:
                label = _("Nominee:")
                items = [
                    (n["id"], f"{n['name']} – {n['award_form_name']}")
                    for n in listing.nominations(s, campaign_id=campaign_id)
                ]
            else:
                label, items = "", []
        self.record_label.setText(label)
        blocked = self.record_combo.blockSignals(True)
        self.record_combo.clear()
        for value, text in items:
            self.record_combo.addItem(text, value)
        wanted = self._preselect.get("decision" if self.kind is PaperKind.DECISION else "session")
        if wanted is not None and (index := self.record_combo.findData(wanted)) >= 0:
            self.record_combo.setCurrentIndex(index)
        self.record_combo.blockSignals(blocked)
        self._fill_recipients()

    @property
    def format(self) -> PaperFormat:
        return PaperFormat(self.format_combo.currentData())

    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip())

    def params(self, *, typed: bool = True) -> PaperParams:
        record = self.record_combo.currentData()
        recipients = self.recipient_lines() if typed and self.kind in TAKES_RECIPIENTS else ()
        if self.kind is PaperKind.DECISION:
            return PaperParams(decision_id=record, recipients=recipients)
        if self.kind is PaperKind.MINUTES:
            return PaperParams(session_id=record)
        if self.kind is PaperKind.ACHIEVEMENT_REPORT:
            return PaperParams(nomination_id=record)
        return PaperParams(campaign_id=self.campaign_combo.currentData(), recipients=recipients)

    def export(self) -> None:
        params, fmt = self.params(), self.format
        if self.kind is not PaperKind.SUBMISSION and self.record_combo.currentData() is None:
            dialogs.warn(self, _("There is nothing to choose for this campaign."))
            return
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home()
        )
        record = self.record_combo.currentData() or self.campaign_combo.currentData()
        suggested = folder / f"{_STEMS[self.kind]}-{record}.{fmt.value}"
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Export"), str(suggested), _FILTERS[fmt])
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != f".{fmt.value}":
            target = target.with_name(f"{target.name}.{fmt.value}")
        if not dialogs.may_replace(self, chosen, target):
            return
        store, kind = self.store, self.kind

        def work(_progress: Callable[[int, int, str], None], _cancel: Any) -> Path:
            return export_paper(store, kind, params, target, fmt)

        self.export_button.setEnabled(False)
        self.task = self.tasks.run(
            work,
            parent=self,
            title=_("Export"),
            label=_("Writing {name}…").format(name=target.name),
            on_success=self._exported,
            on_failure=self._failed,
        )

    def _exported(self, path: Path) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.last_export = path
        if self._status is not None:
            self._status(_("Saved {path}.").format(path=path))
        self.exported.emit(path)
        dialogs.offer_to_open(self, path, _("Export"))

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        show_error(self, exc)

    def done(self, result: int) -> None:
        if self._own_tasks:
            self.tasks.shutdown()
        super().done(result)


def open_paper_dialog(parent: QWidget | None, store: Store, kind: PaperKind, **choices: Any) -> PaperDialog:
    from emudesk.ui.export_dialog import _context_of

    tasks, tell = _context_of(parent)
    allowed = {k: v for k, v in choices.items() if k in ("campaign_id", "decision_id", "session_id")}
    dialog = PaperDialog(store, kind, parent, tasks=tasks, status=tell, **allowed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
