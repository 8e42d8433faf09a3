"""Staff lists as old offices keep them: typed in TCVN3 or VNI fonts, or saved by Excel as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

from openpyxl import load_workbook

from emudesk.domain.legacy_text import Legacy, encode
from tests.services.imports.builders import staff_list

# How Excel saves a sheet as text: (Python codec, delimiter). "utf-16" writes the BOM Excel writes.
CSV_FLAVOURS = {
    "utf8-bom": ("utf-8-sig", ","),
    "utf8": ("utf-8", ","),
    "semicolon": ("utf-8-sig", ";"),
    "unicode-text": ("utf-16", "\t"),
    "cp1258": ("cp1258", ";"),
}


def legacy_staff_list(path: Path, encoding: Legacy) -> Path:
    """The builders' staff list with every text cell (titles, headers, names…) typed in ``encoding``."""
    source = staff_list(path.with_name("unicode-" + path.name))
    wb = load_workbook(source)
    for row in wb.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = encode(unicodedata.normalize("NFC", cell.value), encoding)
    wb.save(path)
    return path


def as_cp1258(text: str) -> str:
    """Text as Windows-1258 spells it: toned letters it has no code for as letter + combining tone."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = [m for m in parts[1:] if m in "\u0300\u0301\u0303\u0309\u0323"]
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + "".join(tones))
    return "".join(out)


def _shown(value: object) -> str:
    """A cell as Excel writes it into a CSV: what the cell displays."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def save_as_csv(xlsx: Path, target: Path, flavour: str, *, legacy: Legacy | None = None) -> Path:
    """``xlsx``'s first sheet saved as Excel saves CSV / Unicode text in ``flavour``; with ``legacy``,
    the text cells typed in that font and saved as ANSI bytes."""
    codec, delimiter = CSV_FLAVOURS[flavour]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in load_workbook(xlsx).active.iter_rows(values_only=True):
        cells = [_shown(v) for v in row]
        if legacy is not None:
            cells = [encode(unicodedata.normalize("NFC", c), legacy) for c in cells]
        elif codec == "cp1258":
            cells = [as_cp1258(c) for c in cells]
        writer.writerow(cells)
    target.write_bytes(buffer.getvalue().encode("latin-1" if legacy is not None else codec))
    return target
