"""Export dialog: choose a document and its format, see page 1 of its PDF, write the file on the worker.

The kinds of document, their formats and parameters come from ``services.exports.KINDS`` (the
CLI reads the same registry). Both the preview and the export run on the database worker
(``ui/tasks.py``): the preview renders the document's first rows to a temporary PDF that
PDFium (pypdfium2) rasterises on the worker; the export shows progress after 600 ms and can be
cancelled, and leaves no file
behind when it is. Open it with :func:`open_export_dialog`.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import EmudeskError
from emudesk.export.preview import PageImage, first_page_image
from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.exports import documents as exports
from emudesk.services.exports.documents import DocumentKind, ExportFormat, ExportParams, Param
from emudesk.services.workspace import listing
from emudesk.ui import dialogs
from emudesk.ui.errors import show_error
from emudesk.ui.tasks import Task, TaskManager

log = logging.getLogger("emudesk.ui")

PREVIEW_WIDTH = 620  # pixels of the page-1 picture
PREVIEW_DELAY_MS = 300  # wait for the user to stop changing choices before rendering
_FORMAT_TITLES = {ExportFormat.PDF: "PDF (*.pdf)", ExportFormat.XLSX: "Excel (*.xlsx)"}


def _format_label(fmt: ExportFormat) -> str:
    return _("PDF, ready to print") if fmt is ExportFormat.PDF else _("Excel workbook (.xlsx)")


class ExportDialog(QDialog):
    """Pick a document, see page 1, save it.

    Attributes:
        preview_image: the last page-1 picture (None while none is shown).
        last_export: the file written by the last successful export.
    """

    preview_ready = Signal()
    exported = Signal(object)  # Path

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        tasks: TaskManager | None = None,
        status: Callable[[str], None] | None = None,
        kind: DocumentKind | str | None = None,
        campaign_id: int | None = None,
        unit_id: int | None = None,
        nomination_status: NominationStatus | None = None,
        decision_id: int | None = None,
        session_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._own_tasks = tasks is None
        self.tasks = tasks or TaskManager(self)
        self._status = status
        self._generation = 0
        self._temp = Path(tempfile.mkdtemp(prefix="emudesk-preview-"))
        self._closed = False
        self.preview_image: QImage | None = None
        self.last_export: Path | None = None
        self.export_task: Task[Path] | None = None
        self.setWindowTitle(_("Export a document"))
        self.resize(980, 640)  # shrunk to a smaller screen as it shows (ui/screen_fit.py)

        self.kind_combo = QComboBox(self)
        for info in exports.KINDS.values():
            self.kind_combo.addItem(info.label, info.kind.value)
        self.format_combo = QComboBox(self)
        self.campaign_combo = QComboBox(self)
        self.scope_combo = QComboBox(self)
        self.scope_combo.addItem(_("One campaign"), "campaign")
        self.scope_combo.addItem(_("All campaigns of a year"), "year")
        self.year_combo = QComboBox(self)
        self.unit_combo = QComboBox(self)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(_("Submitted and holding a place"), None)
        for value in NominationStatus:
            self.status_combo.addItem(value.label, value.value)
        self.decision_combo = QComboBox(self)
        self.session_combo = QComboBox(self)
        # As wide as 30 characters, not as the longest name: the dialog must fit a 1366×768 screen at
        # 125 %; the open list shows the names in full.
        for combo in (
            self.kind_combo,
            self.campaign_combo,
            self.unit_combo,
            self.decision_combo,
            self.session_combo,
        ):
            combo.setMinimumContentsLength(30)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.form = QFormLayout()
        self.form.addRow(_("Document:"), self.kind_combo)
        self.form.addRow(_("Report on:"), self.scope_combo)
        self.form.addRow(_("Campaign:"), self.campaign_combo)
        self.form.addRow(_("Year:"), self.year_combo)
        self.form.addRow(_("Proposing unit:"), self.unit_combo)
        self.form.addRow(_("Nominations:"), self.status_combo)
        self.form.addRow(_("Decision:"), self.decision_combo)
        self.form.addRow(_("Council session:"), self.session_combo)
        self.form.addRow(_("Format:"), self.format_combo)
        # The summary report's "Nơi nhận", one line each (the CLI's --recipient), prefilled with the
        # report's own; the clerk's edits are kept until the campaign changes the default.
        self.recipients = QPlainTextEdit(self)
        self.recipients.setObjectName("recipients")
        self.recipients.setTabChangesFocus(True)
        # One recipient a line, as printed: a long one scrolls instead of looking like two.
        self.recipients.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.recipients.setFixedHeight(self.recipients.fontMetrics().lineSpacing() * 4 + 12)
        self._default_recipients = ""
        self.form.addRow(_("Recipients:"), self.recipients)

        self.preview_label = QLabel(self)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setWordWrap(True)
        self.preview_label.setAccessibleName(_("Preview of page 1"))
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview_label)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(PREVIEW_WIDTH // 2)  # a page wider than that scrolls
        self.preview_caption = QLabel(_("Page 1, as it will print"), self)

        self.export_button = QPushButton(_("&Export…"), self)
        self.export_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("Close"))
        self.export_button.clicked.connect(self.export)

        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.preview_caption)
        right.addWidget(scroll, 1)
        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PREVIEW_DELAY_MS)
        self._debounce.timeout.connect(self.refresh_preview)

        self._load_choices()
        self._select(self.kind_combo, DocumentKind(kind).value if kind else None)
        if campaign_id is None and (decision_id is not None or session_id is not None):
            with store.read() as s:
                campaign_id = exports.campaign_of(s, decision_id=decision_id, session_id=session_id)
        self._select(self.campaign_combo, campaign_id)
        self._on_campaign_changed()
        self._select(self.unit_combo, unit_id)
        self._select(
            self.status_combo, NominationStatus(nomination_status).value if nomination_status else None
        )
        self._select(self.decision_combo, decision_id)
        self._select(self.session_combo, session_id)
        self._on_kind_changed()

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.scope_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.campaign_combo.currentIndexChanged.connect(self._on_campaign_changed)
        for combo in (
            self.year_combo,
            self.unit_combo,
            self.status_combo,
            self.decision_combo,
            self.session_combo,
        ):
            combo.currentIndexChanged.connect(self.schedule_preview)
        self.recipients.textChanged.connect(self.schedule_preview)
        self.refresh_preview()

    # --- choices ----------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        # Small reads (a few dozen rows) done here, before the dialog shows.
        with self.store.read() as s:
            campaigns = listing.campaigns(s)
            years = exports.nomination_years(s)
        for c in campaigns:
            self.campaign_combo.addItem(f"{c['name']} ({c['plan']})" if c["plan"] else c["name"], c["id"])
        for year in years:
            self.year_combo.addItem(str(year), year)

    def _on_campaign_changed(self) -> None:
        campaign_id = self.campaign_combo.currentData()
        with self.store.read() as s:
            units = exports.proposing_units(s, campaign_id) if campaign_id is not None else []
            decisions = exports.decisions(s, campaign_id)
            try:
                sessions = exports.council_sessions(s, campaign_id)
            except EmudeskError:
                sessions = []
        self._refill(self.unit_combo, [(None, _("All proposing units")), *units])
        self._refill(self.decision_combo, decisions)
        self._refill(self.session_combo, sessions)
        self._fill_recipients()
        self.schedule_preview()

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[Any, str]]) -> None:
        current = combo.currentData()
        blocked = combo.blockSignals(True)
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(blocked)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        if value is None:
            return
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    @property
    def kind(self) -> DocumentKind:
        return DocumentKind(self.kind_combo.currentData())

    @property
    def info(self) -> exports.KindInfo:
        return exports.KINDS[self.kind]

    @property
    def format(self) -> ExportFormat:
        return ExportFormat(self.format_combo.currentData())

    def _uses(self) -> set[Param]:
        """The parameters shown for the current kind (and, for the summary, its scope)."""
        used = set(self.info.params)
        if self.kind is DocumentKind.SUMMARY:
            used -= {Param.YEAR} if self.scope_combo.currentData() == "campaign" else {Param.CAMPAIGN}
        elif self.kind in (DocumentKind.DECISION, DocumentKind.MINUTES):
            used |= {Param.CAMPAIGN}  # narrows the list of decisions or sessions
        return used

    def _on_kind_changed(self) -> None:
        info = self.info
        uses = self._uses()
        rows = {
            Param.CAMPAIGN: self.campaign_combo,
            Param.YEAR: self.year_combo,
            Param.UNIT: self.unit_combo,
            Param.STATUS: self.status_combo,
            Param.DECISION: self.decision_combo,
            Param.SESSION: self.session_combo,
        }
        for param, widget in rows.items():
            self.form.setRowVisible(widget, param in uses)
        self.form.setRowVisible(self.scope_combo, self.kind is DocumentKind.SUMMARY)
        self.form.setRowVisible(self.recipients, self.kind is DocumentKind.SUMMARY)
        self._fill_recipients()
        current = self.format_combo.currentData()
        blocked = self.format_combo.blockSignals(True)
        self.format_combo.clear()
        for fmt in info.formats:
            self.format_combo.addItem(_format_label(fmt), fmt.value)
        index = self.format_combo.findData(current)
        self.format_combo.setCurrentIndex(index if index >= 0 else 0)
        self.format_combo.blockSignals(blocked)
        self.schedule_preview()

    def _fill_recipients(self) -> None:
        """The report's own Nơi nhận for the current choice, unless the clerk has written others."""
        if self.kind is not DocumentKind.SUMMARY:
            return
        try:
            with self.store.read() as s:
                lines = exports.default_recipients(s, self.kind, self.params(typed=False))
        except EmudeskError:
            lines = []
        text = "\n".join(lines)
        if self.recipients.toPlainText().strip() in ("", self._default_recipients.strip()):
            self.recipients.setPlainText(text)
        self._default_recipients = text

    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip())

    def params(self, *, typed: bool = True) -> ExportParams:
        uses = self._uses()

        def value(param: Param, combo: QComboBox) -> Any:
            return combo.currentData() if param in uses else None

        status = value(Param.STATUS, self.status_combo)
        kind = self.kind
        return ExportParams(
            # A decision or a session, once chosen, speaks for itself; the campaign only narrowed the list.
            campaign_id=None
            if kind in (DocumentKind.DECISION, DocumentKind.MINUTES)
            else value(Param.CAMPAIGN, self.campaign_combo),
            unit_id=value(Param.UNIT, self.unit_combo),
            status=NominationStatus(status) if status else None,
            decision_id=value(Param.DECISION, self.decision_combo),
            year=value(Param.YEAR, self.year_combo),
            session_id=value(Param.SESSION, self.session_combo),
            recipients=self.recipient_lines() if typed and kind is DocumentKind.SUMMARY else (),
        )

    # --- preview ------------------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        self._generation += 1  # results of earlier requests are now stale
        self._debounce.start()

    def refresh_preview(self) -> None:
        """Render page 1 of the current choice on the worker; the picture replaces the old one."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        if not self.info.supports(ExportFormat.PDF):
            self._show_text(
                _("This document is a workbook for emudesk to read back; it has no printed page.")
            )
            return
        kind, params, store = self.kind, self.params(), self.store
        target = self._temp / f"preview-{generation}.pdf"
        self.preview_caption.setText(_("Preparing the preview…"))

        def render(_progress: object, _cancel: object) -> PageImage:
            try:
                exports.write_preview(store, kind, params, target)
                return first_page_image(target, PREVIEW_WIDTH)
            finally:
                target.unlink(missing_ok=True)

        self.tasks.run(
            render,
            on_success=lambda page: self._show_preview(generation, page),
            on_failure=lambda exc: self._preview_failed(generation, exc),
            show_progress=False,
        )

    def _show_preview(self, generation: int, page: PageImage) -> None:
        if generation != self._generation:
            return
        # copy(): the QImage must own its pixels once the bytes object goes away.
        image = QImage(page.rgb, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
        self.preview_image = image
        self.preview_label.setPixmap(QPixmap.fromImage(image))
        self.preview_caption.setText(_("Page 1, as it will print"))
        self.preview_ready.emit()

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        if isinstance(exc, EmudeskError):
            self._show_text(exc.message)
        else:
            log.error("preview failed", exc_info=(type(exc), exc, exc.__traceback__))
            self._show_text(_("The preview could not be prepared: {reason}").format(reason=exc))

    def _show_text(self, text: str) -> None:
        self.preview_image = None
        self.preview_label.setPixmap(QPixmap())
        self.preview_label.setText(text)
        self.preview_caption.setText(_("No preview"))
        self.preview_ready.emit()

    # --- export -------------------------------------------------------------------------------------

    def export(self) -> None:
        """Ask where to save, then write the file on the worker with progress and Cancel."""
        kind, fmt, params = self.kind, self.format, self.params()
        try:
            self.info.check(params)
        except EmudeskError as exc:
            show_error(self, exc)
            return
        with self.store.read() as session:
            name = exports.document_name(session, kind, params)
        chosen, _filter = dialogs.save_path(
            self, _("Export"), name, _FORMAT_TITLES[fmt], suffix=f".{fmt.value}"
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != f".{fmt.value}":
            target = target.with_name(f"{target.name}.{fmt.value}")
        if not dialogs.may_replace(self, chosen, target):
            return
        store = self.store
        label = _("Writing {name}…").format(name=target.name)

        def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> Path:
            return exports.export_document(
                store,
                kind,
                params,
                target,
                fmt,
                progress=lambda done, total: progress(done, total, label),
                cancel=cancel,
            )

        self.export_button.setEnabled(False)
        self.export_task = self.tasks.run(
            work,
            parent=self,
            title=_("Export"),
            label=label,
            cancellable=True,
            on_success=self._exported,
            on_failure=self._export_failed,
            on_cancelled=self._export_cancelled,
        )

    def cancel_export(self) -> None:
        if self.export_task is not None:
            self.export_task.cancel.set()

    def _exported(self, path: Path) -> None:
        self.export_task = None
        self.export_button.setEnabled(True)
        self.last_export = path
        self._tell(_("Saved {path}.").format(path=path))
        self.exported.emit(path)
        dialogs.offer_to_open(self, path, _("Export"))

    def _export_failed(self, exc: BaseException) -> None:
        self.export_task = None
        self.export_button.setEnabled(True)
        show_error(self, exc)

    def _export_cancelled(self) -> None:
        self.export_task = None
        self.export_button.setEnabled(True)
        self._tell(_("The export was cancelled; no file was written."))

    def _tell(self, text: str) -> None:
        if self._status is not None:
            self._status(text)
        self.preview_caption.setText(text)

    # --- closing ------------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._close_down()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A hidden dialog closed by its owner never reaches done().
        self._close_down()
        super().closeEvent(event)

    def _close_down(self) -> None:
        """Stop the preview, cancel a running export, drop the preview files; once."""
        if self._closed:
            return
        self._closed = True
        self._debounce.stop()
        self._generation += 1
        if self.export_task is not None:
            self.export_task.cancel.set()
        if self._own_tasks:
            self.tasks.shutdown()
        shutil.rmtree(self._temp, ignore_errors=True)


def _context_of(parent: QWidget | None) -> tuple[TaskManager | None, Callable[[str], None] | None]:
    """The main window's worker and status bar, found up the parent chain."""
    widget = parent
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if ctx is not None and isinstance(getattr(ctx, "tasks", None), TaskManager):
            return ctx.tasks, getattr(ctx, "status", None)
        widget = widget.parentWidget()
    return None, None


def open_export_dialog(
    parent: QWidget | None,
    store: Store,
    *,
    campaign_id: int | None = None,
    unit_id: int | None = None,
    status: NominationStatus | str | None = None,
    decision_id: int | None = None,
    session_id: int | None = None,
    kind: DocumentKind | str | None = None,
) -> ExportDialog:
    """Open the export dialog (window-modal, not blocking) with these choices made."""
    tasks, tell = _context_of(parent)
    dialog = ExportDialog(
        store,
        parent,
        tasks=tasks,
        status=tell,
        kind=kind,
        campaign_id=campaign_id,
        unit_id=unit_id,
        nomination_status=NominationStatus(status) if status else None,
        decision_id=decision_id,
        session_id=session_id,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
