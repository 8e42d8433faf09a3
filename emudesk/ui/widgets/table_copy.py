"""Rows of a table as the clipboard formats spreadsheets read: tab-separated text and an HTML table.

Excel and LibreOffice Calc both paste ``text/plain`` as one cell per tab and one row per line, and
prefer ``text/html`` when it is there (it keeps a cell with a line break in one cell).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from PySide6.QtCore import QMimeData


def _tsv_cell(text: str) -> str:
    # Excel's own rule for copied text: a cell holding a tab, a line break or a quote is quoted,
    # its quotes doubled; anything else goes as it is.
    if any(c in text for c in '\t\n\r"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def as_tsv(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["\t".join(_tsv_cell(c) for c in line) for line in (headers, *rows)]
    return "\n".join(lines) + "\n"


# A cell the spreadsheet must keep as typed: a code with leading zeros (CCCD "034…", phone
# "0912…"), more digits than Excel keeps (15), or text that would be read as a formula.
_AS_TEXT = re.compile(r"0\d+|\d{16,}|[=+\-@].*", re.DOTALL)
# Excel reads mso-number-format, LibreOffice Calc sdnum ("@": the text format).
_TEXT_CELL = ' style="mso-number-format:\'\\@\'" sdnum="1033;0;@"'


def as_html(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cells(tag: str, line: Sequence[str]) -> str:
        def cell(text: str) -> str:
            kept = _TEXT_CELL if _AS_TEXT.fullmatch(text) else ""
            return f"<{tag}{kept}>{html.escape(text).replace(chr(10), '<br>')}</{tag}>"

        return "".join(cell(c) for c in line)

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    # The meta tag: without a charset Excel on Windows reads the fragment as the ANSI code page.
    return (
        '<html><head><meta charset="utf-8"></head><body><table>'
        f"<tr>{cells('th', headers)}</tr>{body}</table></body></html>"
    )


def mime_data(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QMimeData:
    data = QMimeData()
    data.setText(as_tsv(headers, rows))
    data.setHtml(as_html(headers, rows))
    return data
