"""Checks made before a spreadsheet is handed to the reader.

calamine builds each sheet as a dense grid from its first to its last cell, and
reserves room for what a file claims (a dimension, a string count), so one stray
cell at XFD1048576 asks for half a terabyte and aborts the whole process (a Rust
allocation failure cannot be caught). Zip bombs and huge compressed XML cost
memory the same way. So, before loading anything:

* the file's real type is taken from its first bytes, never from its name;
* zip containers (.xlsx, .ods) are judged from their directory alone: member
  count, total declared size and per-member compression ratio. ``zipfile`` never
  inflates past a member's declared size, so the directory can be trusted;
* every sheet the reader will hold is measured without being loaded: the XML is
  streamed through expat (any quoting, prefix or comment), .xls records are
  walked in the OLE stream; rows, columns and the rows × columns rectangle are
  capped per sheet, and across sheets for .xls, which calamine loads whole at
  open. .ods files are not given to calamine at all: :mod:`emudesk.importer.ods`
  streams them and applies the same caps as it reads each row;
* an .xlsx's shared-string table is counted and measured whatever its root claims
  (calamine holds it whole, and copies a shared string into every cell that names
  it), and so is the text each sheet's cells add up to.

Every refusal is an :class:`ImportFileError` with a translated sentence.
"""

from __future__ import annotations

import contextlib
import functools
import re
import struct
import zipfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from xml.parsers import expat

import olefile
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
    CSV = "csv"  # and Excel's "Unicode text" (.txt): one sheet, read by emudesk.importer.csvfile


_TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})


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
    max_cells: int = 2_000_000
    max_text_bytes: int = 48 * 1024 * 1024
    """The shared-string table's unpacked size, and the text one sheet's cells add up to."""


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
    if _is_text_table(path, head):
        return FileFormat.CSV
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


def _is_text_table(path: Path, head: bytes) -> bool:
    """A CSV or tab-separated text file: by its name, or by the UTF-16 BOM of Excel's "Unicode text"."""
    return path.suffix.lower() in _TEXT_SUFFIXES or head.startswith((b"\xff\xfe", b"\xfe\xff"))


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


class ZipProblem(StrEnum):
    TOO_BIG = "too-big"
    ENCRYPTED = "encrypted"


def zip_directory_problem(infos: list[zipfile.ZipInfo], limits: Limits) -> ZipProblem | None:
    """What is wrong with a zip, judged from its directory alone (``zipfile`` never inflates a
    member past its declared size): too many members, too much unpacked, a member inflating past
    the ratio (a bomb), or a password. Exchange packages (services/exchange) are judged by it too."""
    if len(infos) > limits.max_members:
        return ZipProblem.TOO_BIG
    if sum(i.file_size for i in infos) > limits.max_uncompressed_bytes:
        return ZipProblem.TOO_BIG
    for info in infos:
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            return ZipProblem.TOO_BIG
        if info.flag_bits & 0x1:
            return ZipProblem.ENCRYPTED
    return None


def _check_zip(path: Path, limits: Limits) -> FileFormat:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            problem = zip_directory_problem(infos, limits)
            if problem is ZipProblem.TOO_BIG:
                raise _too_big(path)
            if problem is ZipProblem.ENCRYPTED:
                raise ImportFileError(
                    _("The file “{name}” is password-protected; remove the password and try again.").format(
                        name=path.name
                    ),
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
#
# The sheets' XML is streamed through expat, never loaded whole, and judged as the reader will
# see it: any quoting, any namespace prefix (calamine matches .xlsx tags by local name), the
# root anywhere after comments. A scan stops at the first cell past a cap, so a bomb costs
# no more than the bytes read to reach it. A DOCTYPE is refused outright: spreadsheets have none.


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
    if rows * columns > limits.max_cells:
        # The reader builds the whole rectangle from A1 to the last cell, empty cells included.
        raise ImportFileError(
            _(
                "Sheet “{sheet}” of “{name}” spans {rows} rows by {columns} columns ({cells} cells); "
                "at most {limit} cells can be imported."
            ).format(
                sheet=sheet,
                name=path.name,
                rows=rows,
                columns=columns,
                cells=rows * columns,
                limit=limits.max_cells,
            ),
            path=path,
        )


def check_cells_in_all(path: Path, done: int, rows: int, columns: int, limits: Limits) -> None:
    """The cap on cells across the sheets held at once: ``done`` cells so far, then one more sheet."""
    total = done + rows * columns
    if total > limits.max_cells:
        raise ImportFileError(
            _(
                "The sheets of “{name}” span {cells} cells together; at most {limit} cells can be "
                "imported from one file. Delete the sheets that are not needed, or copy the list "
                "into a new file."
            ).format(name=path.name, cells=total, limit=limits.max_cells),
            path=path,
        )


def check_workbook(path: Path, fmt: FileFormat, limits: Limits = DEFAULT_LIMITS) -> None:
    """What must be checked before calamine opens the file at all.

    calamine parses every sheet of an .xls when it opens it, so all of them are scanned here.
    .xlsx sheets are parsed only when read, and are checked then (:func:`check_sheet_extent`).
    .ods files are checked as :mod:`emudesk.importer.ods` reads them.
    """
    if fmt is FileFormat.XLSX:
        _guard(path, lambda: _scan_shared_strings(path, limits))
    elif fmt is FileFormat.XLS:
        _guard(path, lambda: _scan_xls(path, limits))
        _guard(path, lambda: _scan_xls_dimensions(path))


def check_sheet_extent(path: Path, fmt: FileFormat, sheet: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a sheet whose declared or real extent exceeds the caps, before calamine sizes its grid."""
    if fmt is FileFormat.XLSX:
        _guard(path, lambda: _scan_xlsx(path, sheet, limits))


def _too_much_text(path: Path, sheet: str, size: int, limits: Limits) -> ImportFileError:
    return ImportFileError(
        _(
            "The cells of sheet “{sheet}” of “{name}” hold {size} of text; at most {limit} can be "
            "imported from one sheet."
        ).format(sheet=sheet, name=path.name, size=_mb(size), limit=_mb(limits.max_text_bytes)),
        path=path,
    )


def check_loaded_extent(
    path: Path, sheet: str, end: tuple[int, int] | None, limits: Limits = DEFAULT_LIMITS
) -> None:
    """The same caps on a sheet calamine has loaded (its 0-based last cell), before converting it."""
    if end is not None:
        _too_many(path, sheet, end[0] + 1, end[1] + 1, limits, declared=False)


class _HostileXMLError(Exception):
    """A DTD or entity declaration: no spreadsheet writer emits one."""


def _guard(path: Path, scan: Callable[[], None]) -> None:
    try:
        scan()
    except (
        zipfile.BadZipFile,
        KeyError,
        EOFError,
        OSError,
        ValueError,
        struct.error,
        expat.ExpatError,
        _HostileXMLError,
    ):
        raise _damaged(path) from None


def _local(name: str) -> str:
    """The name without its namespace prefix or expanded namespace: "x:c" -> "c"."""
    return name.rpartition("}")[2].rpartition(":")[2]


def _attr(attrs: dict[str, str], local: str) -> str | None:
    value = attrs.get(local)
    if value is None:
        for key, v in attrs.items():
            if key.endswith(":" + local):
                return v
    return value


def _hostile(*_args: object) -> None:
    raise _HostileXMLError


def _stream(z: zipfile.ZipFile, member: str, parser: expat.XMLParserType) -> None:
    parser.StartDoctypeDeclHandler = _hostile
    parser.EntityDeclHandler = _hostile
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    with z.open(member) as fh:
        while chunk := fh.read(1 << 16):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _xlsx_workbook(z: zipfile.ZipFile) -> tuple[str | None, dict[str, tuple[str, str]]]:
    """The workbook part and its relationships: id -> (type, member it points at)."""
    names = set(z.namelist())
    workbook = (
        "xl/workbook.xml"
        if "xl/workbook.xml" in names
        else next((n for n in names if n.endswith("/workbook.xml")), None)
    )
    if workbook is None:
        return None, {}
    base = PurePosixPath(workbook).parent
    rels_name = str(base / "_rels" / "workbook.xml.rels")
    targets: dict[str, tuple[str, str]] = {}
    if rels_name in names:
        for el in SafeET.fromstring(z.read(rels_name)).iter():
            if _local(el.tag) == "Relationship" and el.get("Target"):
                target = el.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else str(base / target)
                # Normalise "xl/worksheets/../worksheets/sheet1.xml"-style targets.
                parts: list[str] = []
                for part in member.split("/"):
                    if part == "..":
                        if parts:
                            parts.pop()
                    elif part and part != ".":
                        parts.append(part)
                targets[el.get("Id", "")] = (el.get("Type", ""), "/".join(parts))
    return workbook, targets


def _xlsx_sheet_member(z: zipfile.ZipFile, sheet: str) -> str | None:
    workbook, targets = _xlsx_workbook(z)
    if workbook is None:
        return None
    for el in SafeET.fromstring(z.read(workbook)).iter():
        if _local(el.tag) != "sheet" or el.get("name") != sheet:
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
        member = targets.get(rid, ("", ""))[1]
        return member if member in z.namelist() else None
    return None


class _RootSeen(Exception):  # noqa: N818 - a signal, not an error
    """Stops a stream once its root element has been read."""


# A shared string costs its bytes in the table, and again in every cell that names it: calamine
# copies the string into each cell, and python-calamine makes a new str of each copy. So the
# table's size and count are capped, and its strings' sizes kept for the sheets' scans to add up.
# A string is measured by the bytes of its whole <si> element: more than its text, never less.
_SI = re.compile(rb"<si(?:\s[^>]*)?(?:/>|>.*?</si>)", re.S)
_SI_OPEN = re.compile(rb"<si[\s/>]")
_PREFIXED_SI = re.compile(rb":si[\s/>]")


def _shared_strings_member(z: zipfile.ZipFile) -> str | None:
    """The shared-string table calamine reads: the workbook's relationship, else xl/sharedStrings.xml."""
    names = set(z.namelist())
    _workbook, targets = _xlsx_workbook(z)
    member = next((m for kind, m in targets.values() if kind.endswith("/sharedStrings")), None)
    if member is None and "xl/sharedStrings.xml" in names:
        member = "xl/sharedStrings.xml"
    return member if member in names else None


def _scan_shared_strings(path: Path, limits: Limits) -> None:
    _shared_string_sizes(path, limits)


def _shared_string_sizes(path: Path, limits: Limits) -> array[int]:
    """The size of each shared string, in order; ImportFileError when the table is too large.

    calamine reserves room for as many strings as the root claims before reading one, then
    keeps however many the table really holds: both are capped, and the table's unpacked size.
    """
    stat = path.stat()
    return _cached_sizes(str(path), stat.st_mtime_ns, stat.st_size, limits)


@functools.lru_cache(maxsize=4)
def _cached_sizes(name: str, _mtime: int, _size: int, limits: Limits) -> array[int]:
    # Each sheet's scan needs the sizes; the table is read once per file (keyed by its stat).
    path = Path(name)
    sizes: array[int] = array("Q")
    with zipfile.ZipFile(path) as z:
        members = {n for n in z.namelist() if n.lower().endswith("sharedstrings.xml")}
        member = _shared_strings_member(z)
        if member is not None:
            members.add(member)
        for other in sorted(members):
            _check_shared_table_size(path, z.getinfo(other).file_size, limits)
        if member is None:
            return sizes
        claimed = 0

        def too_many(n: int, *, claims: bool) -> ImportFileError:
            msg = (
                _("The file “{name}” claims {n} different texts; at most {limit} cells can be imported.")
                if claims
                else _("The file “{name}” holds more than {limit} different texts; it was not opened.")
            )
            return ImportFileError(msg.format(name=path.name, n=n, limit=limits.max_cells), path=path)

        data = z.read(member) if z.getinfo(member).file_size <= _FAST_SCAN_BYTES else b""
        if data and b"<!" not in data and not _PREFIXED_SI.search(data):
            root = re.search(rb"<[A-Za-z_][^>]*>", data)
            if root:
                attrs = dict(
                    (k.decode(), v.decode(errors="replace"))
                    for k, _q, v in re.findall(rb"([\w:.-]+)\s*=\s*([\"'])(.*?)\2", root.group())
                )
                claimed = max(_int_attr(attrs, "count"), _int_attr(attrs, "uniqueCount"))
                if claimed > limits.max_cells:
                    raise too_many(claimed, claims=True)
            found = [m.end() - m.start() for m in _SI.finditer(data)]
            if len(found) == len(_SI_OPEN.findall(data)):
                if len(found) > limits.max_cells:
                    raise too_many(len(found), claims=False)
                sizes.extend(found)
                return sizes
        # Anything else is walked: any prefix, quoting, comment or position of the root.
        depth = 0
        opened = 0

        def start(qname: str, attrs: dict[str, str]) -> None:
            nonlocal depth, opened, claimed
            depth += 1
            if depth == 1:
                claimed = max(_int_attr(attrs, "count"), _int_attr(attrs, "uniqueCount"))
                if claimed > limits.max_cells:
                    raise too_many(claimed, claims=True)
            elif depth == 2 and _local(qname) == "si":
                opened = parser.CurrentByteIndex
                if len(sizes) >= limits.max_cells:
                    raise too_many(len(sizes) + 1, claims=False)

        def end(qname: str) -> None:
            nonlocal depth
            if depth == 2 and _local(qname) == "si":
                sizes.append(parser.CurrentByteIndex - opened + len(qname) + 3)
            depth -= 1

        parser = expat.ParserCreate()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        _stream(z, member, parser)
    return sizes


def _check_shared_table_size(path: Path, size: int, limits: Limits) -> None:
    if size > limits.max_text_bytes:
        raise ImportFileError(
            _(
                "The texts of “{name}” unpack to {size}; "
                "at most {limit} of text can be imported from one file."
            ).format(name=path.name, size=_mb(size), limit=_mb(limits.max_text_bytes)),
            path=path,
        )


_REF = re.compile(r"\$?([A-Za-z]*)\$?(\d*)")


def _parse_ref(ref: str) -> tuple[int, int]:
    """ "B7" -> (7, 2): 1-based row and column; 0 for a part the reference leaves out."""
    m = _REF.fullmatch(ref.strip())
    if not m:
        raise ValueError(ref)
    letters, digits = m.groups()
    return (int(digits) if digits else 0), (column_index(letters) + 1 if letters else 0)


# The exact walk below costs a Python call per element (~0.6 s for 10,000 rows), so sheets as
# Excel and the common libraries write them are judged by regular expressions first. These only
# ever prove a sheet plain: no comment, CDATA or DTD, no prefixed cell tag, and every "<c" in the
# bytes opens with r="…" of letters and digits (a "<c" in text would be "&lt;c"), so the largest
# row and column named are the extent. Anything else falls back to the walk.
_FAST_SCAN_BYTES = 64 * 1024 * 1024
_PREFIXED = re.compile(rb":(?:c|dimension)[\s/>]")
_CELL = re.compile(rb'<c(?:\s+r="([A-Z]{1,3})([0-9]{1,7})"|[\s/>])')
_DIMENSION = re.compile(rb'<dimension(?:\s+ref="([A-Z0-9:$]+)"|[\s/>])')
# Text the cells hold themselves (inline strings, cached values) and the shared strings they name.
_CELL_TEXT = re.compile(rb"<([tv])(?:\s[^>]*)?>([^<]*)</\1>")
_SHARED_CELL = re.compile(rb'<c\s[^>]*?\bt="s"[^>]*>\s*<v>\s*([0-9]{1,10})\s*</v>')
_SHARED_TYPE = re.compile(rb"""\bt\s*=\s*["']\s*s\s*["']""")


def _xlsx_plain_text(data: bytes, shared: array[int]) -> int | None:
    """The text a plainly written sheet's cells hold, in bytes, or None when not plain."""
    refs = _SHARED_CELL.findall(data)
    if len(refs) != len(_SHARED_TYPE.findall(data)):
        return None  # a shared cell written some other way: walk it
    total = sum(len(m[1]) for m in _CELL_TEXT.findall(data))
    count = len(shared)
    return total + sum(shared[i] for i in map(int, refs) if i < count)


def _xlsx_plain_extent(data: bytes) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """(last row, last column) of a plainly written sheet and its declared dimensions, or None."""
    if b"<!" in data or _PREFIXED.search(data):
        return None
    cells = _CELL.findall(data)
    letters = {c[0] for c in cells}
    if b"" in letters:
        return None
    declared = []
    for ref in _DIMENSION.findall(data):
        if not ref:
            return None
        try:
            declared.append(_parse_ref(ref.decode("ascii").rpartition(":")[2]))
        except ValueError:
            return None
    rows = max((int(d) for d in {c[1] for c in cells}), default=0)
    columns = max((column_index(x.decode("ascii")) + 1 for x in letters), default=0)
    return (rows, columns), declared


def _scan_xlsx(path: Path, sheet: str, limits: Limits, *, fast: bool = True) -> None:
    """Walk every <row> and <c> as calamine does: a cell without r="…" follows its neighbour."""
    with zipfile.ZipFile(path) as z:
        member = _xlsx_sheet_member(z, sheet)
        if member is None:
            return  # calamine reports a missing or odd sheet itself
        shared = _shared_string_sizes(path, limits)
        if fast and z.getinfo(member).file_size <= _FAST_SCAN_BYTES:
            data = z.read(member)
            extent = _xlsx_plain_extent(data)
            text = _xlsx_plain_text(data, shared) if extent is not None else None
            if extent is not None and text is not None:
                (rows, columns), declared = extent
                for dim_rows, dim_columns in declared:
                    _too_many(path, sheet, dim_rows, dim_columns, limits, declared=True)
                _too_many(path, sheet, rows, columns, limits, declared=False)
                if text > limits.max_text_bytes:
                    raise _too_much_text(path, sheet, text, limits)
                return
        row = col = max_row = max_col = 0
        text_bytes = 0
        in_text = in_shared = False  # inside a <t> or <v>; inside a shared-string cell
        index: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row, col, max_row, max_col, in_text, in_shared
            tag = _local(name)
            if tag in ("t", "v"):
                in_text = True
                index.clear()
            elif tag == "c":
                in_shared = (_attr(attrs, "t") or "").strip() == "s"
                ref = _attr(attrs, "r")
                if ref:
                    r, c = _parse_ref(ref)
                    col = c or col + 1
                    row = r or row
                else:
                    col += 1
                if row > max_row or col > max_col:
                    max_row = max(max_row, row)
                    max_col = max(max_col, col)
                    _too_many(path, sheet, max_row, max_col, limits, declared=False)
            elif tag == "row":
                ref = _attr(attrs, "r")
                row = int(ref) if ref else row + 1
                col = 0
            elif tag == "dimension":
                # calamine reserves room for the declared range before reading a cell.
                ref = _attr(attrs, "ref")
                if ref:
                    with contextlib.suppress(ValueError):
                        r, c = _parse_ref(ref.rpartition(":")[2])
                        _too_many(path, sheet, r, c, limits, declared=True)

        def chars(data: str) -> None:
            nonlocal text_bytes
            if in_text:
                text_bytes += len(data.encode())
                if text_bytes > limits.max_text_bytes:
                    raise _too_much_text(path, sheet, text_bytes, limits)
                if in_shared and len(index) < 16:  # an index has at most 10 digits
                    index.append(data)

        def end(name: str) -> None:
            nonlocal text_bytes, in_text, in_shared
            tag = _local(name)
            if tag in ("t", "v"):
                in_text = False
                if tag == "v" and in_shared:
                    digits = "".join(index).strip()
                    if digits.isdigit() and len(digits) <= 10 and int(digits) < len(shared):
                        text_bytes += shared[int(digits)]
                if text_bytes > limits.max_text_bytes:
                    raise _too_much_text(path, sheet, text_bytes, limits)
            elif tag == "c":
                in_shared = False

        parser = expat.ParserCreate()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        _stream(z, member, parser)


def _int_attr(attrs: dict[str, str], local: str) -> int:
    value = _attr(attrs, local)
    try:
        return max(int(value), 1) if value else 1
    except ValueError:
        return 1


# --- .xls ---------------------------------------------------------------------------------------
#
# A 5 KB .xls with one cell at A1 and one at IV65536 on each of three sheets makes calamine build
# three dense 65,536 × 256 grids (1.5 GB) when it opens the file. The BIFF records are walked
# here instead: every record that places a value names its row and column in its first bytes.

_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_BOUNDSHEET = 0x0085
# FORMULA, LABELSST, NUMBER, RK, BOOLERR, LABEL, RSTRING: row and column first. Blank cells
# (BLANK, MULBLANK) are left out, as calamine leaves them out of the grid.
_BIFF_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6})
_BIFF_MULRK = 0x00BD  # row, first column, RK values…, last column
_CELL_HEAD = struct.Struct("<HH")


def _scan_xls(path: Path, limits: Limits) -> None:
    with olefile.OleFileIO(str(path)) as ole:
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            return  # calamine reports it
        data = ole.openstream(stream).read()
    names: dict[int, str] = {}
    sheet = ""
    done = 0  # cells of the sheets already walked: calamine holds them all at once
    rows = columns = 0
    pos = 0
    end = len(data) - 4
    head = _CELL_HEAD.unpack_from  # the loop runs once per record: keep it lean
    while pos <= end:
        kind, size = head(data, pos)
        body = pos + 4
        pos = body + size
        if kind in _BIFF_CELLS:
            if size < 4:
                continue
            row, col = head(data, body)
            if row >= rows or col >= columns:
                rows, columns = max(rows, row + 1), max(columns, col + 1)
                _too_many(path, sheet, rows, columns, limits, declared=False)
                check_cells_in_all(path, done, rows, columns, limits)
        elif kind == _BIFF_MULRK and size >= 6:
            row = head(data, body)[0]
            last = head(data, pos - 4)[1]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
            _too_many(path, sheet, rows, columns, limits, declared=False)
            check_cells_in_all(path, done, rows, columns, limits)
        elif kind == _BIFF_BOF:
            sheet = names.get(body - 4, sheet)
            done += rows * columns
            rows = columns = 0
        elif kind == _BIFF_BOUNDSHEET and size >= 8:
            names[struct.unpack_from("<I", data, body)[0]] = _biff_sheet_name(data[body + 6 : pos])


def _biff_sheet_name(raw: bytes) -> str:
    """A BOUNDSHEET's name: a length, then (BIFF8) a flags byte and Latin-1 or UTF-16 text."""
    if len(raw) < 2:
        return ""
    length, flags = raw[0], raw[1]
    if flags & 1:
        return raw[2 : 2 + 2 * length].decode("utf-16-le", "replace")
    return raw[2 : 2 + length].decode("latin-1")


# calamine also reserves room for the rectangle each sheet's DIMENSIONS record declares (about
# 40 bytes a cell) when it opens an .xls, before reading a cell: 30 bytes claiming 2^31 rows abort
# the process. A sheet of Excel 97-2003 holds at most 65,536 rows by 256 columns, so a declaration
# beyond that (computed as calamine computes it, wrapping included) is refused.
_BIFF_DIMENSIONS = 0x0200
_XLS_MAX_DECLARED = 65_536 * 256


def _declared_cells(body: bytes) -> int:
    """The cells calamine reserves for one DIMENSIONS record (BIFF8: 14 bytes, BIFF5: 10)."""
    if len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    else:
        return 0  # calamine refuses the record itself
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    rows = (end_row - first_row + 1) & 0xFFFFFFFF  # u32 arithmetic, as calamine does it
    columns = (end_col - first_col + 1) & 0xFFFFFFFF
    return rows * columns


def _scan_xls_dimensions(path: Path) -> None:
    with olefile.OleFileIO(str(path)) as ole:
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            return
        data = ole.openstream(stream).read()
    names: dict[int, str] = {}
    sheet = ""
    pos, end = 0, len(data) - 4
    while pos <= end:
        kind, size = _CELL_HEAD.unpack_from(data, pos)
        body = pos + 4
        pos = body + size
        if kind == _BIFF_BOF:
            sheet = names.get(body - 4, sheet)
        elif kind == _BIFF_BOUNDSHEET and size >= 8:
            names[struct.unpack_from("<I", data, body)[0]] = _biff_sheet_name(data[body + 6 : pos])
        elif kind == _BIFF_DIMENSIONS and _declared_cells(data[body:pos]) > _XLS_MAX_DECLARED:
            raise ImportFileError(
                _(
                    "Sheet “{sheet}” of “{name}” declares more cells than an Excel 97-2003 sheet can "
                    "hold; the file is damaged or was made to harm, and was not opened."
                ).format(sheet=sheet, name=path.name),
                path=path,
            )
