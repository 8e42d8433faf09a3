"""File ▸ Export ▸ Certificates on blanks… and Statistics (TT 02/2023)…: choose, save, open.

Thin over ``services.exports.certificates`` and ``services.exports.statistics``; the PDF or
workbook is written on the worker thread, the file appearing whole or not at all.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.exports import certificates, statistics
from emudesk.services.exports import documents as exports
from emudesk.ui import dialogs
from emudesk.ui.menu_entry import MenuEntry
from emudesk.ui.qt_translation import translate_buttons

_FORM_TITLES = {
    "0601": "0601 – Số phong trào thi đua",
    "0602": "0602 – Số lượng khen thưởng cấp Nhà nước",
    "0603": "0603 – Số lượng khen thưởng cấp bộ, ngành, tỉnh",
    "0604": "0604 – Tổ chức bộ máy làm công tác thi đua, khen thưởng",
    "0605": "0605 – Số lượng người làm công tác thi đua, khen thưởng",
}


def _documents_folder() -> Path:
    return Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home()
    )


class _PaperworkDialog(QDialog):
    """Shared: the Export button asks where to save, runs the work, offers to open the file."""

    def __init__(self, window: Any, title: str) -> None:
        super().__init__(window)
        self.window_ = window
        self.store: Store = window.store
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(_("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        translate_buttons(self.buttons)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.last_export: Path | None = None

    def suggested(self) -> str:
        raise NotImplementedError

    def file_filter(self) -> str:
        return _("PDF document (*.pdf)")

    def work(self, target: Path) -> tuple[Path, str]:
        """Write ``target`` (on the worker thread); return it and a line to show."""
        raise NotImplementedError

    def choose_target(self) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.windowTitle(), str(_documents_folder() / self.suggested()), self.file_filter()
        )
        if not chosen:
            return None
        target = Path(chosen)
        suffix = Path(self.suggested()).suffix
        if target.suffix.lower() not in (".pdf", ".xlsx"):
            target = target.with_name(target.name + suffix)
        return target if dialogs.may_replace(self, chosen, target) else None

    def export(self) -> None:
        target = self.choose_target()
        if target is None:
            return

        def run(_progress: Any, _cancel: threading.Event) -> tuple[Path, str]:
            return self.work(target)

        self.export_button.setEnabled(False)
        self.window_.ctx.tasks.run(
            run,
            parent=self,
            title=self.windowTitle(),
            on_success=self._exported,
            on_failure=self._failed,
        )

    def _exported(self, result: tuple[Path, str]) -> None:
        path, line = result
        self.export_button.setEnabled(True)
        self.last_export = path
        self.message.setText(line)
        dialogs.offer_to_open(self, path, self.windowTitle())

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(str(exc))


class CertificatesDialog(_PaperworkDialog):
    def __init__(self, window: Any, decision_id: int | None = None) -> None:
        super().__init__(window, _("Certificates on blanks"))
        self.decision = QComboBox(self)
        with self.store.read() as session:
            for did, label in exports.decisions(session):
                self.decision.addItem(label, did)
        if decision_id is not None:
            self.decision.setCurrentIndex(max(self.decision.findData(decision_id), 0))
        self.blank = QComboBox(self)
        for blank in certificates.Blank:
            self.blank.addItem(blank.value, blank.value)
        self.calibration = QCheckBox(_("Only the calibration page (to hold against a blank)"), self)
        self.calibration.toggled.connect(lambda on: self.decision.setEnabled(not on))
        self.form.addRow(_("Decision"), self.decision)
        self.form.addRow(_("Blank size"), self.blank)
        self.form.addRow(self.calibration)
        hint = QLabel(_("The printer offset for each blank size is set in Settings."), self)
        hint.setWordWrap(True)
        self.form.addRow(hint)

    def suggested(self) -> str:
        if self.calibration.isChecked():
            return f"can-chinh-phoi-{self.blank.currentData().lower()}.pdf"
        return f"bang-khen-quyet-dinh-{self.decision.currentData()}.pdf"

    def work(self, target: Path) -> tuple[Path, str]:
        blank = certificates.parse_blank(self.blank.currentData())
        if self.calibration.isChecked():
            result = certificates.export_calibration(self.store, target, blank=blank)
        else:
            result = certificates.export_certificates(
                self.store, self.decision.currentData(), target, blank=blank
            )
        return result.path, _("Written: {path} ({pages} pages, {blank}, offset {x} mm, {y} mm)").format(
            path=result.path,
            pages=result.pages,
            blank=result.blank.value,
            x=f"{result.offset.x:+g}",
            y=f"{result.offset.y:+g}",
        )


class StatisticsDialog(_PaperworkDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window, _("Statistics (TT 02/2023/TT-BNV)"))
        self.form_combo = QComboBox(self)
        for code in statistics.FORM_CODES:
            self.form_combo.addItem(_FORM_TITLES[code], code)
        self.form_combo.setCurrentIndex(self.form_combo.findData("0603"))
        self.year = QSpinBox(self)
        self.year.setRange(1990, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.half = QComboBox(self)
        self.half.addItem(_("The whole year"), None)
        self.half.addItem(_("First half of the year"), 1)
        self.half.addItem(_("Second half of the year"), 2)
        self.as_pdf = QCheckBox(_("PDF (otherwise an Excel workbook)"), self)
        self.form.addRow(_("Form"), self.form_combo)
        self.form.addRow(_("Year"), self.year)
        self.form.addRow(_("Period"), self.half)
        self.form.addRow(self.as_pdf)

    def suggested(self) -> str:
        half = self.half.currentData()
        period = f"{self.year.value()}" + (f"-6t{half}" if half else "")
        return f"bieu-{self.form_combo.currentData()}-{period}.{'pdf' if self.as_pdf.isChecked() else 'xlsx'}"

    def file_filter(self) -> str:
        return _("PDF document (*.pdf)") if self.as_pdf.isChecked() else _("Excel workbook (*.xlsx)")

    def work(self, target: Path) -> tuple[Path, str]:
        result = statistics.export_statistics(
            self.store, self.form_combo.currentData(), self.year.value(), target, half=self.half.currentData()
        )
        lines = [_("Written: {path}").format(path=result.path), *result.notes]
        return result.path, "\n".join(lines)


def _open_certificates(window: Any) -> None:
    CertificatesDialog(window).exec()


def _open_statistics(window: Any) -> None:
    StatisticsDialog(window).exec()


def menu_entries() -> list[MenuEntry]:
    return [
        MenuEntry("export", _("Certificates on blanks") + "…", _open_certificates, order=40),
        MenuEntry("export", _("Statistics (TT 02/2023/TT-BNV)") + "…", _open_statistics, order=41),
    ]
