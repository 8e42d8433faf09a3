"""Reading CSV and "Unicode text" files as Excel saves them into a one-sheet grid.

Excel writes, depending on the command and the Windows locale: UTF-8 with a BOM ("CSV UTF-8"),
UTF-16 LE with a BOM and tabs ("Unicode Text"), or the ANSI code page, Windows-1258 on a
Vietnamese Windows, which spells most toned letters as a base letter plus a combining mark
(so the text is normalised to NFC). The delimiter is the list separator: a comma, a semicolon
where the decimal mark is a comma (Vietnamese settings), or a tab.

A file typed in TCVN3 or VNI holds those fonts' bytes: read as Windows-1258 they turn into
combining marks and unrelated letters, so an ANSI file is also read byte for byte (as the fonts
draw them) and kept that way when its cells read as Vietnamese in a legacy encoding.

The same caps as for spreadsheets apply (rows, columns, cells), counted while reading.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from pathlib import Path

from emudesk.domain.legacy_text import reads_as_vietnamese
from emudesk.i18n import _
from emudesk.importer.reader import CellValue, SheetData
from emudesk.importer.safety import FileFormat, ImportFileError, Limits, check_loaded_extent

_DELIMITERS = (",", ";", "\t")
# Whole numbers without a leading zero are numbers, as Excel reads them when it opens a CSV (an
# ID number that lost its leading zero then reads as the spreadsheet's would); "0912…" stays text.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
_SAMPLE_LINES = 50


def _decode(path: Path, data: bytes) -> tuple[str, str | None]:
    """The text, and (for an ANSI file) the same bytes read one to one as the legacy fonts draw them."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            # Where UTF-8 broke is the line to name: a file saved as Windows-1258 reads.
            broken = exc.start
        try:
            return unicodedata.normalize("NFC", data.decode("cp1258")), data.decode("latin-1")
        except UnicodeDecodeError:
            raise _undecodable(path, data, broken) from None
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        raise _undecodable(path, data, exc.start) from None


def _undecodable(path: Path, data: bytes, offset: int) -> ImportFileError:
    line = data.count(b"\n", 0, offset) + 1
    return ImportFileError(
        _(
            "The file “{name}” is not text in UTF-8, UTF-16 or Windows-1258 (line {line} cannot be "
            "read). Open it in Excel and save it as “CSV UTF-8” or as .xlsx, then import that file."
        ).format(name=path.name, line=line),
        path=path,
    )


def _delimiter(text: str) -> str:
    """The separator that splits the first lines into the most fields."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    best, score = ",", -1
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        fields = sum(len(r) - 1 for r in rows if r)
        if fields > score:
            best, score = delimiter, fields
    return best


def _rows(path: Path, text: str, limits: Limits) -> list[list[CellValue]]:
    sheet = path.stem
    rows: list[list[CellValue]] = []
    width = 0
    # A cell longer than the csv module's limit (131,072 characters) is refused as csv.Error;
    # the limit is process-wide, so it is left as it is rather than changed from a worker thread.
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
            while row and not row[-1].strip():
                row.pop()
            if len(row) > width:
                width = len(row)
            if width > limits.max_columns or len(rows) + 1 > limits.max_rows:
                check_loaded_extent(path, sheet, (len(rows), width - 1), limits)
            rows.append([int(v) if _INTEGER.fullmatch(v) else v for v in row])
            if len(rows) * width > limits.max_cells:
                check_loaded_extent(path, sheet, (len(rows) - 1, width - 1), limits)
    except csv.Error as exc:
        raise ImportFileError(
            _("The file “{name}” cannot be read as CSV at line {line}: {reason}").format(
                name=path.name, line=len(rows) + 1, reason=exc
            ),
            path=path,
        ) from None
    while rows and not rows[-1]:
        rows.pop()
    for cells in rows:
        cells.extend([""] * (width - len(cells)))
    return rows


def read_csv(path: Path, limits: Limits) -> SheetData:
    """The file as one sheet named after it; ImportFileError when it cannot be read."""
    from emudesk.importer.legacy import convert_legacy

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("The file “{name}” cannot be opened: {reason}").format(
                name=path.name, reason=exc.strerror or exc
            ),
            path=path,
        ) from None
    text, raw = _decode(path, data)
    sheet = SheetData(file=path.name, name=path.stem, rows=_rows(path, text, limits), format=FileFormat.CSV)
    if raw is not None:
        as_fonts = convert_legacy(
            SheetData(file=path.name, name=path.stem, rows=_rows(path, raw, limits), format=FileFormat.CSV)
        )
        # Legacy bytes read as Windows-1258 leave combining marks on consonants; real Windows-1258
        # text reads as Vietnamese and its bytes, as the fonts draw them, do not.
        if as_fonts.converted and (
            _has_combining(text) or len(as_fonts.converted) > _vietnamese_cells(sheet)
        ):
            return as_fonts
    return sheet


def _has_combining(text: str) -> bool:
    """Whether Windows-1258 text still spells a letter with a combining mark after NFC."""
    return any(unicodedata.combining(c) for c in text)


def _vietnamese_cells(sheet: SheetData) -> int:
    return sum(
        1
        for row in sheet.rows
        for v in row
        if isinstance(v, str) and not v.isascii() and reads_as_vietnamese(v)
    )
