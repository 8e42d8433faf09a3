"""The text of a plan file: .docx, .pdf with a text layer (or OCR where Tesseract reads
Vietnamese), .txt and .md.

PDF text comes from pypdfium2, already a dependency for previews (no new package, and no poppler,
which office PCs do not have). OCR runs only where a ``tesseract`` with the ``vie`` language data
is installed: it is detected, never required.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.importer.safety import ImportFileError

# progress(done, total, text), as ui.tasks reports it.
Progress = Callable[[int, int, str], None]

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
TEXT_SUFFIXES = {".txt", ".md", ".text"}


@dataclass(frozen=True)
class PlanText:
    text: str  # NFC
    source_format: str  # "docx", "pdf", "text"
    ocr: bool = False  # read by OCR from page images: expect errors
    pages: int | None = None


class PlanReadCancelledError(EmudeskError):
    """The clerk cancelled reading a plan; nothing was created."""

    def __init__(self) -> None:
        super().__init__(_("Reading the plan was cancelled; nothing was created."))


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise PlanReadCancelledError


def read_plan_file(
    path: Path, *, progress: Progress | None = None, cancel: threading.Event | None = None
) -> PlanText:
    """The text of the plan at ``path``; ImportFileError with a user-facing reason otherwise.

    A PDF reports its pages to ``progress`` and stops between pages once ``cancel`` is set
    (PlanReadCancelledError): OCR takes seconds a page.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc), path=path
        ) from exc
    if size > MAX_BYTES:
        raise ImportFileError(
            _("{path} is too large to be a plan (over 50 MB).").format(path=path), path=path
        )
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return PlanText(_nfc(_docx_text(path)), "docx")
    if suffix == ".pdf":
        return _pdf_text(path, progress or (lambda _d, _t, _x: None), cancel)
    if suffix in TEXT_SUFFIXES:
        return PlanText(_nfc(_decode(path)), "text")
    raise ImportFileError(
        _("{path}: a plan is read from .docx, .pdf, .txt or .md files.").format(path=path), path=path
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    raise ImportFileError(
        _("{path} is not UTF-8 text: save it again as UTF-8 (Unicode).").format(path=path), path=path
    )


def _docx_text(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ImportFileError(
            _("{path} is not a readable Word document.").format(path=path), path=path
        ) from exc
    out: list[str] = []
    # Body order: the header table (issuer | quốc hiệu), paragraphs, the signature table.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    out.extend(p.text for p in cell.paragraphs)
        else:
            out.append(block.text)
    return "\n".join(out)


def _pdf_text(path: Path, progress: Progress, cancel: threading.Event | None) -> PlanText:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ImportFileError(_("{path} is not a readable PDF.").format(path=path), path=path) from exc
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            raise ImportFileError(
                _("{path} has {n} pages: too many for a plan.").format(path=path, n=pages), path=path
            )
        texts = []
        for i in range(pages):
            check_cancel(cancel)
            page = pdf[i]
            texts.append(page.get_textpage().get_text_range())
        text = _nfc("\n".join(texts))
        if sum(c.isalpha() for c in text) >= 40 * max(1, pages) // 2:
            return PlanText(text, "pdf", pages=pages)
        if not ocr_available():
            raise ImportFileError(
                _(
                    "{path} is a scan with no text layer. Install Tesseract with Vietnamese data to read "
                    "it, or open the plan in Word and save it as .docx."
                ).format(path=path),
                path=path,
            )
        read = []
        for i in range(pages):
            check_cancel(cancel)
            progress(i, pages, _("Reading page {n} of {total} by OCR…").format(n=i + 1, total=pages))
            read.append(_ocr_page(pdf[i]))
        check_cancel(cancel)
        return PlanText(_nfc("\n".join(read)), "pdf", ocr=True, pages=pages)
    finally:
        pdf.close()


def ocr_available() -> bool:
    """Whether a Tesseract that reads Vietnamese is installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in done.stdout.split()


def _ocr_page(page: object) -> str:
    exe = shutil.which("tesseract") or "tesseract"
    image = page.render(scale=300 / 72).to_pil()  # type: ignore[attr-defined]
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    done = subprocess.run(
        [exe, "stdin", "stdout", "-l", "vie", "--psm", "4"],
        input=buf.getvalue(),
        capture_output=True,
        timeout=300,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace")
