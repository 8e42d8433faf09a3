"""File ▸ Print…: the list on screen in a print preview, laid out exactly as its PDF export.

The list is written to a temporary PDF by the export's own code (on the worker, with progress and
Cancel); the preview prints that PDF's pages, rasterised by PDFium at up to 300 dpi, so paper and
PDF never differ.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from emudesk.i18n import _
from emudesk.ui import dialogs, list_export

_MAX_DPI = 300  # sharper than any office laser needs; at 1200 dpi an A4 page would be 140 MB of pixels


def print_current_list(window: Any) -> QPrintPreviewDialog | None:
    """Write the list on screen to a PDF on the worker, then show it in a print preview."""
    found = list_export.current_list(window)
    if found is None:
        window.show_status(_("This view has no list to print."))
        return None
    title, model = found
    ids = model.ids
    if not ids:
        window.show_status(_("The list is empty."))
        return None
    folder = Path(tempfile.mkdtemp(prefix="emudesk-print-"))
    target = folder / (dialogs.file_name(title) + ".pdf")

    def finished(_pdf: Path | None = None) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def show(pdf: Path) -> None:
        try:
            preview(window, pdf, title)
        finally:
            finished()

    window.tasks.run(
        list_export.writer(window, title, model, ids, target),
        on_success=show,
        on_failure=lambda _exc: finished(),
        on_cancelled=finished,
        parent=window,
        title=_("Print"),
        cancellable=True,
    )
    return None


def preview(parent: Any, pdf: Path, title: str) -> int:
    """A modal print preview of ``pdf``; what the clerk prints from it is these pages."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setFullPage(True)  # the PDF has the list's own margins; the printer adds none
        width, height = document[0].get_size() if len(document) else (595.0, 842.0)
        landscape = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
        printer.setPageOrientation(landscape)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(_("Print preview – {title}").format(title=title))
        dialog.paintRequested.connect(lambda p: _paint(p, document))
        return dialog.exec()
    finally:
        document.close()


def _paint(printer: QPrinter, document: Any) -> None:
    painter = QPainter(printer)
    try:
        area = painter.viewport()
        dpi = min(printer.resolution(), _MAX_DPI)
        for number in range(len(document)):
            if number:
                printer.newPage()
            page = document[number]
            width, height = page.get_size()  # points
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, fill_color=(255, 255, 255, 255))
            image = QImage(
                bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
            )
            page.close()
            fit = min(area.width() / width, area.height() / height)
            painter.drawImage(QRect(0, 0, int(width * fit), int(height * fit)), image)
    finally:
        painter.end()
