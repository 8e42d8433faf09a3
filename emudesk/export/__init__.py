"""Printable documents (lists, reports, minutes) as .xlsx and PDF; no Qt, no database.

Services fill a :class:`Document` (see ``document.py``) and call :func:`render`::

    render(document, Path("danh_sach.pdf"), progress=report, cancel=event)

The file appears complete or not at all: it is written to a hidden temporary
file in the target folder and renamed into place. openpyxl and reportlab are
imported on first use, so importing this package stays cheap.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import threading
from enum import StrEnum
from pathlib import Path
from typing import IO

from emudesk.domain.errors import StorageError, ValidationError
from emudesk.export._progress import ExportCancelledError, Progress
from emudesk.export.document import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    Align,
    CellValue,
    Chart,
    Column,
    ColumnKind,
    Document,
    Header,
    Metadata,
    Orientation,
    Row,
    Section,
    Signature,
    Table,
    TotalRow,
    dateline,
    display_text,
    document_number,
    format_number,
    long_date,
    reference_line,
    row_from_mapping,
)
from emudesk.i18n import _

__all__ = [
    "NATIONAL_MOTTO",
    "NATIONAL_TITLE",
    "Align",
    "CellValue",
    "Chart",
    "Column",
    "ColumnKind",
    "Document",
    "ExportCancelledError",
    "ExportFormat",
    "Header",
    "Metadata",
    "Orientation",
    "Progress",
    "Row",
    "Section",
    "Signature",
    "Table",
    "TotalRow",
    "dateline",
    "display_text",
    "document_number",
    "format_number",
    "long_date",
    "reference_line",
    "render",
    "row_from_mapping",
    "write",
]


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"

    @classmethod
    def for_path(cls, path: Path) -> ExportFormat:
        suffix = path.suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise ValidationError(
                _("Cannot export to “{name}”: choose a file ending in .xlsx or .pdf.").format(name=path.name)
            ) from None


def write(
    document: Document,
    target: IO[bytes],
    fmt: ExportFormat | str,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Render into an open binary file object (no temporary file, no error mapping)."""
    if ExportFormat(fmt) is ExportFormat.XLSX:
        from emudesk.export.xlsx import write_xlsx

        write_xlsx(document, target, progress=progress, cancel=cancel)
    else:
        from emudesk.export.pdf import write_pdf

        write_pdf(document, target, progress=progress, cancel=cancel)


def render(
    document: Document,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write ``document`` to ``path`` atomically; the format defaults to the file's suffix.

    ``progress(done, total)`` is called with data rows from a worker thread if
    the caller runs this in one; setting ``cancel`` stops the export.

    Returns:
        The path written.

    Raises:
        ExportCancelledError: ``cancel`` was set; no file was created or changed.
        StorageError: the folder is missing or not writable, the disk is full, the
            file is open in another program…; the message is translated.
        ValidationError: the suffix is neither .xlsx nor .pdf (and no ``fmt`` given).
    """
    target = Path(path)
    kind = ExportFormat(fmt) if fmt else ExportFormat.for_path(target)
    if target.is_dir():
        raise StorageError(_("“{path}” is a folder; choose a file name.").format(path=target))
    folder = target.parent
    # Same folder as the target, so the final rename never crosses file systems;
    # a leading dot hides it while it is being written.
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        with open(temporary, "xb") as fh:
            write(document, fh, kind, progress=progress, cancel=cancel)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, target) from exc
        raise
    return target


def storage_error(exc: OSError, target: Path) -> StorageError:
    """Turn a file-system error into a message the user can act on."""
    folder = target.parent
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        message = _("There is not enough free disk space to save “{path}”.")
    elif code == errno.EFBIG:
        message = _(
            "The disk refused to save “{path}”: the file is larger than it allows (a disk nearly "
            "full, or a limit such as 4 GB on a FAT32 USB stick)."
        )
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = _(
            "Cannot write “{path}”: permission denied. Check that the folder “{folder}” is writable "
            "and that the file is not open in another program."
        )
    elif code == errno.ENOENT:
        message = _("The folder “{folder}” does not exist.")
    elif code in (errno.ENAMETOOLONG, errno.EINVAL):
        message = _("“{name}” is not a valid file name on this computer.")
    else:
        message = _("Could not save “{path}”: {reason}")
    return StorageError(
        message.format(path=target, folder=folder, name=target.name, reason=exc.strerror or exc)
    )
