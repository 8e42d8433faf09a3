"""Checks made before a spreadsheet is handed to the reader.

calamine builds each sheet as a dense grid from its first to its last cell, so
one stray cell at XFD1048576 asks for half a terabyte and aborts the whole
process (a Rust allocation failure cannot be caught). Zip bombs and huge
compressed XML cost memory the same way. So, before loading anything:

* the file's real type is taken from its first bytes, never from its name;
* zip containers (.xlsx, .ods) are judged from their directory alone: member
  count, total declared size and per-member compression ratio. ``zipfile`` never
  inflates past a member's declared size, so the directory can be trusted;
* the sheet to be read is scanned for its declared dimension and its real
  extent (the furthest row and column any cell names) against the caps.

Every refusal is an :class:`ImportFileError` with a translated sentence.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from html import unescape
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as SafeET

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.importer.grid import column_index, column_letter

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


class ImportFileError(EmudeskError):
    """A file that cannot be imported at all: wrong type, damaged, too large, hostile."""

    def __init__(self, message: str, *, path: Path | None = None, details: tuple[str, ...] = ()) -> None:
        super().__init__(message, details=details)
        self.path = path


class FileFormat(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"


@dataclass(frozen=True)
class Limits:
    """Caps for one import; generous for real office lists, far below what hurts a desktop.

    Attributes:
        max_ratio: a member larger than ``ratio_floor`` may not inflate more than this many times.
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_members: int = 2000
    max_uncompressed_bytes: int = 400 * 1024 * 1024
    max_ratio: int = 200
    ratio_floor: int = 1024 * 1024
    max_rows: int = 100_000
    max_columns: int = 200


DEFAULT_LIMITS = Limits()


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> FileFormat:
    """The file's real format, or ImportFileError saying why it cannot be read."""
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportFileError(_("“{name}” is not a file.").format(name=name), path=path)
        with path.open("rb") as fh:
            head = fh.read(512)
    except FileNotFoundError:
        raise ImportFileError(_("The file “{name}” does not exist.").format(name=name), path=path) from None
    except OSError as exc:
        raise ImportFileError(
            _("The file “{name}” cannot be opened: {reason}").format(name=name, reason=exc.strerror or exc),
            path=path,
        ) from None
    if size == 0:
        raise ImportFileError(_("The file “{name}” is empty.").format(name=name), path=path)
    if size > limits.max_file_bytes:
        raise ImportFileError(
            _("The file “{name}” is {size}; files larger than {limit} are not imported.").format(
                name=name, size=_mb(size), limit=_mb(limits.max_file_bytes)
            ),
            path=path,
        )
    if head.startswith(_OLE_MAGIC):
        return FileFormat.XLS
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path, limits)
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<html", b"<!doctype", b"<table", b"<meta")) or sniff.startswith(b"<?xml"):
        raise ImportFileError(
            _(
                "“{name}” is a web page or XML file saved with a spreadsheet name, not a real Excel file. "
                "Open it in Excel and save it as .xlsx, then import that file."
            ).format(name=name),
            path=path,
        )
    raise ImportFileError(
        _("“{name}” is not an Excel or OpenDocument spreadsheet (.xlsx, .xls, .ods).").format(name=name),
        path=path,
    )


def _damaged(path: Path) -> ImportFileError:
    return ImportFileError(
        _("The file “{name}” is damaged or is not a spreadsheet.").format(name=path.name), path=path
    )


def _too_big(path: Path) -> ImportFileError:
    return ImportFileError(
        _(
            "The file “{name}” unpacks to far more data than a spreadsheet list holds; it was not opened."
        ).format(name=path.name),
        path=path,
    )


def _check_zip(path: Path, limits: Limits) -> FileFormat:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if len(infos) > limits.max_members:
                raise _too_big(path)
            if sum(i.file_size for i in infos) > limits.max_uncompressed_bytes:
                raise _too_big(path)
            for info in infos:
                if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
                    info.compress_size, 1
                ):
                    raise _too_big(path)
                if info.flag_bits & 0x1:
                    raise ImportFileError(
                        _(
                            "The file “{name}” is password-protected; remove the password and try again."
                        ).format(name=path.name),
                        path=path,
                    )
            if "mimetype" in names and z.read("mimetype").strip() == _ODS_MIME:
                return FileFormat.ODS
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise _damaged(path) from None
    if "[Content_Types].xml" in names and any(n.endswith("workbook.xml") for n in names):
        return FileFormat.XLSX
    raise ImportFileError(
        _("“{name}” is a zip archive but not an Excel (.xlsx) or OpenDocument (.ods) spreadsheet.").format(
            name=path.name
        ),
        path=path,
    )


# --- sheet extent -------------------------------------------------------------------------------


def _too_many(path: Path, sheet: str, rows: int, columns: int, limits: Limits, *, declared: bool) -> None:
    if rows > limits.max_rows:
        msg = (
            _("Sheet “{sheet}” of “{name}” declares {n} rows; at most {limit} can be imported.")
            if declared
            else _("Sheet “{sheet}” of “{name}” reaches row {n}; at most {limit} rows can be imported.")
        )
        raise ImportFileError(
            msg.format(sheet=sheet, name=path.name, n=rows, limit=limits.max_rows), path=path
        )
    if columns > limits.max_columns:
        msg = (
            _("Sheet “{sheet}” of “{name}” declares {n} columns; at most {limit} can be imported.")
            if declared
            else _(
                "Sheet “{sheet}” of “{name}” has data in column {letter}; "
                "at most {limit} columns can be imported."
            )
        )
        raise ImportFileError(
            msg.format(
                sheet=sheet,
                name=path.name,
                n=columns,
                letter=column_letter(columns - 1),
                limit=limits.max_columns,
            ),
            path=path,
        )


def check_sheet_extent(path: Path, fmt: FileFormat, sheet: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a sheet whose declared or real extent exceeds the caps, before calamine sizes its grid.

    .xls files are not scanned: their grid is bounded by the format (65,536 × 256) and
    :func:`check_loaded_extent` refuses oversize sheets before any Python object is built.
    """
    try:
        if fmt is FileFormat.XLSX:
            _scan_xlsx(path, sheet, limits)
        elif fmt is FileFormat.ODS:
            _scan_ods(path, sheet, limits)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, SafeET.ParseError, ValueError):
        raise _damaged(path) from None


def check_loaded_extent(
    path: Path, sheet: str, end: tuple[int, int] | None, limits: Limits = DEFAULT_LIMITS
) -> None:
    """The same caps on a sheet calamine has loaded (its 0-based last cell), before converting it."""
    if end is not None:
        _too_many(path, sheet, end[0] + 1, end[1] + 1, limits, declared=False)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheet_member(z: zipfile.ZipFile, sheet: str) -> str | None:
    names = set(z.namelist())
    workbook = (
        "xl/workbook.xml"
        if "xl/workbook.xml" in names
        else next((n for n in names if n.endswith("/workbook.xml")), None)
    )
    if workbook is None:
        return None
    base = PurePosixPath(workbook).parent
    rels_name = str(base / "_rels" / "workbook.xml.rels")
    targets: dict[str, str] = {}
    if rels_name in names:
        for el in SafeET.fromstring(z.read(rels_name)).iter():
            if _local(el.tag) == "Relationship":
                targets[el.get("Id", "")] = el.get("Target", "")
    for el in SafeET.fromstring(z.read(workbook)).iter():
        if _local(el.tag) != "sheet" or el.get("name") != sheet:
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
        target = targets.get(rid, "")
        if not target:
            return None
        member = target.lstrip("/") if target.startswith("/") else str(base / target)
        # Normalise "xl/worksheets/../worksheets/sheet1.xml"-style targets.
        parts: list[str] = []
        for part in member.split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part and part != ".":
                parts.append(part)
        member = "/".join(parts)
        return member if member in names else None
    return None


_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,8})$")
_ANY_TAG = re.compile(rb"<(/?)(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
_R_ATTR = re.compile(rb'\sr="\$?([A-Z]{0,4})(\d*)"')


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """ "B7" -> (7, 2): 1-based row and column counts of the cell."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    return int(m.group(2)), column_index(m.group(1)) + 1


def _scan_xlsx(path: Path, sheet: str, limits: Limits) -> None:
    with zipfile.ZipFile(path) as z:
        member = _xlsx_sheet_member(z, sheet)
        if member is None:
            return  # calamine reports a missing or odd sheet itself
        data = z.read(member)
    head = data[:4096]
    dim = _DIMENSION.search(head)
    if dim:
        last = _parse_ref(dim.group(1).decode("ascii", "replace").split(":")[-1])
        if last:
            _too_many(path, sheet, last[0], last[1], limits, declared=True)
    m = _PREFIX.search(head)
    prefix = (m.group(1) or b"") if m else b""
    if not _xlsx_within_caps(data, prefix, limits):
        rows, cols = _xlsx_exact_extent(data)
        _too_many(path, sheet, rows, cols, limits, declared=False)


def _letters_beyond(cap: int) -> bytes:
    """A regex alternative matching column letters past column number ``cap`` ("GR" for 200)."""
    last = column_letter(cap - 1).encode()
    k = len(last)
    options = [rb"[A-Z]{%d,}" % (k + 1)]
    for i, ch in enumerate(last):
        if ch < ord("Z"):
            rest = rb"[A-Z]{%d}" % (k - i - 1) if k - i - 1 else b""
            options.append(re.escape(last[:i]) + b"[" + bytes([ch + 1]) + b"-Z]" + rest)
    return b"(?:" + b"|".join(options) + b")"


def _xlsx_within_caps(data: bytes, prefix: bytes, limits: Limits) -> bool:
    """True when no <row> or <c> can lie beyond the caps, judged in two passes over the XML.

    Excel and every common writer give each row and cell an r="…" reference first; a reference
    with fewer digits than the row cap, or letters before the column cap, is inside. Anything
    else (a missing reference, a long row number, a far column) sends the sheet to the exact walk.
    """
    p = re.escape(prefix)
    no_ref = rb'>|/>|\s(?!r=")'
    long_row = rb"\d{%d}" % len(str(limits.max_rows))
    if re.search(b"<" + p + rb"row(?:" + no_ref + rb'| r="' + long_row + b")", data):
        return False
    far = _letters_beyond(limits.max_columns)
    cell = b"<" + p + rb"c(?:" + no_ref + rb'| r="(?:' + far + rb"\d|[A-Z]{1,4}" + long_row + b"))"
    return not re.search(cell, data)


def _xlsx_exact_extent(data: bytes) -> tuple[int, int]:
    """Walk every <row> and <c> as a reader does, placing those without r="…" after their neighbour."""
    row = 0
    col = 0
    max_row = 0
    max_col = 0
    for m in _ANY_TAG.finditer(data):
        closing, tag, attrs, self_closing = m.groups()
        if closing:
            continue
        ref = _R_ATTR.search(attrs)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            col = 0
            if self_closing:
                continue
            max_row = max(max_row, row)
            continue
        if ref and ref.group(1):
            col = column_index(ref.group(1).decode("ascii")) + 1
            if ref.group(2):
                max_row = max(max_row, int(ref.group(2)))
        else:
            col += 1
        max_col = max(max_col, col)
    return max_row, max_col


_ODS_TABLE = re.compile(rb"<table:table\b([^>]*)>(.*?)</table:table>", re.S)
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(?:/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S
)
_ODS_ROWS_REP = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLS_REP = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _scan_ods(path: Path, sheet: str, limits: Limits) -> None:
    """Extent of an .ods table with its repeat counts expanded; repeated empty rows and cells
    (LibreOffice pads every sheet to 1,048,576 rows this way) take no room."""
    with zipfile.ZipFile(path) as z:
        data = z.read("content.xml")
    for table in _ODS_TABLE.finditer(data):
        name = _ODS_NAME.search(table.group(1))
        if not name or unescape(name.group(1).decode("utf-8", "replace")) != sheet:
            continue
        row = 0
        max_row = 0
        max_col = 0
        for r in _ODS_ROW.finditer(table.group(2)):
            rep = _ODS_ROWS_REP.search(r.group(1))
            repeat = int(rep.group(1)) if rep else 1
            col = 0
            row_max_col = 0
            for c in _ODS_CELL.finditer(r.group(2) or b""):
                crep = _ODS_COLS_REP.search(c.group(1))
                span = int(crep.group(1)) if crep else 1
                if b"value-type" in c.group(1) or (c.group(2) and c.group(2).strip()):
                    row_max_col = col + span
                col += span
            if row_max_col:
                max_row = row + repeat
                max_col = max(max_col, row_max_col)
            row += repeat
        _too_many(path, sheet, max_row, max_col, limits, declared=False)
        return
