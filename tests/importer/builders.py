"""Builders for real-shaped spreadsheet files, written by the tests themselves."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def rewrite_member(
    path: Path, member: str, edit: Callable[[bytes], bytes], *, out: Path | None = None
) -> Path:
    """Copy an .xlsx/.ods changing one member (to plant cached formula values, odd XML…)."""
    out = out or path
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            zout.writestr(info, edit(data) if info.filename == member else data)
    return out


def set_cached_value(path: Path, ref: str, formula: str, cached: str, *, text: bool = False) -> Path:
    """Give the formula cell ``ref`` a cached value, as Excel saves it (openpyxl never does)."""

    def edit(data: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*>.*?</c>', re.S)
        kind = b' t="str"' if text else b""
        cell = (
            b'<c r="'
            + ref.encode()
            + b'"'
            + kind
            + b"><f>"
            + escape(formula).encode()
            + b"</f><v>"
            + escape(cached).encode()
            + b"</v></c>"
        )
        new, n = pattern.subn(cell, data)
        assert n == 1, ref
        return new

    return rewrite_member(path, "xl/worksheets/sheet1.xml", edit)


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"/>'
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def make_ods(
    path: Path, sheets: dict[str, Sequence[Sequence[object]]], *, raw_table_xml: str | None = None
) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice would save the same cells."""
    tables = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in rows
        )
        # LibreOffice pads every sheet with a huge run of empty rows.
        body += (
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    if raw_table_xml is not None:
        tables = [raw_table_xml]
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(tables) + "</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def sheet_of(rows: Iterable[Sequence[object]], *, title: str = "Danh sách") -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(list(row))
    return wb
