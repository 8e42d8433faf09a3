"""Document -> PDF drawn directly on a reportlab canvas, with our own measured line wrapping.

platypus (Table of Paragraph cells) costs about 2.5 s per 1,000 rows; here a
row is measured once (cached word widths, see ``fonts.py``), placed, and its
lines are written into one text object per page, with the grid drawn as one
path per page. That keeps a 1,000-row list near the cost of the bare canvas.

Layout follows NĐ 30/2020/NĐ-CP: A4 (landscape for wide lists), margins
top/bottom 20 mm, left 30 mm, right 15 mm; the header on page 1; page
numbers centred in the top margin from page 2 on; the column header repeated
on every page; a row moves whole to the next page unless it alone is taller
than a page; a section heading is never left alone at the foot of a page; the
signature block is kept together.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from emudesk.export import fonts
from emudesk.export._progress import EVERY, Progress, Ticker
from emudesk.export.document import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    RECIPIENTS_LABEL,
    Align,
    CellValue,
    Chart,
    Column,
    Document,
    Signature,
    Table,
    TotalRow,
    display_text,
    pair_blocks,
)

MM = 72 / 25.4
MARGIN_TOP = 20 * MM
MARGIN_BOTTOM = 20 * MM
MARGIN_LEFT = 30 * MM
MARGIN_RIGHT = 15 * MM
PAD_X = 3.0  # cell padding, points
PAD_Y = 2.5
LEADING = 1.2  # line height as a multiple of the font size
GRID_WIDTH = 0.5
SIGNING_SPACE = 24 * MM  # room for the signature and the seal
PARAGRAPH_INDENT = 10 * MM
PARAGRAPH_GAP = 6.0  # NĐ 30: at least 6 pt between paragraphs

_a85_lock = threading.Lock()


def _baseline(top: float, size: float, leading: float) -> float:
    """Baseline of a line whose box starts at ``top``: glyphs (ascent .89, descent .22) centred in it."""
    return top - leading / 2 - 0.3375 * size


@dataclass(slots=True)
class _Cell:
    """Wrapped text placed in one cell of a row."""

    x: float
    width: float
    lines: list[str]
    font: str
    size: float
    align: Align


@dataclass(slots=True)
class _Line:
    """A free line of text outside the table (header, paragraphs, signature)."""

    text: str
    font: str
    size: float


class _Canvas:
    """A reportlab canvas plus the page state: cursor, text object, grid segments, page number."""

    def __init__(self, document: Document, target: str | Path | IO[bytes]) -> None:
        fonts.register_fonts()
        pagesize = landscape(A4) if document.landscape else A4
        self.width: float = pagesize[0]
        self.height: float = pagesize[1]
        self.left = MARGIN_LEFT
        self.right = self.width - MARGIN_RIGHT
        self.top = self.height - MARGIN_TOP
        self.bottom = MARGIN_BOTTOM
        meta = document.metadata
        self.c = Canvas(
            str(target) if isinstance(target, Path) else target,
            pagesize=pagesize,
            pageCompression=1,
            initialFontName=fonts.REGULAR,
            lang="vi-VN",
        )
        self.c.setTitle(meta.title)
        self.c.setAuthor(meta.author)
        self.c.setSubject(meta.subject)
        self.c.setKeywords(", ".join(meta.keywords))
        self.c.setCreator("emudesk")
        self.page = 0
        self.y = self.top
        self._text: PDFTextObject | None = None
        self._font: tuple[str, float] | None = None
        self._select = ""  # "12.00 Tf 14.40 TL" of the current font size
        self._runs: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._subset_names: dict[tuple[str, int], str] = {}
        self._segments: list[tuple[float, float, float, float]] = []
        self._run: list[Any] | None = None  # [edges, top, bottom] of the open vertical lines
        self._rules: list[tuple[float, float, float, float]] = []
        self.on_new_page: Callable[[], None] | None = None
        self.start_page()

    # --- pages ------------------------------------------------------------------------------------

    def start_page(self) -> None:
        self.page += 1
        self._text = self.c.beginText()
        self._font = None
        self.y = self.top
        if self.page > 1:
            # NĐ 30: Arabic numerals, centred in the top margin, none on page 1.
            number = str(self.page)
            size = 13.0
            x = (self.left + self.right) / 2 - fonts.text_width(number, fonts.REGULAR, size) / 2
            self.put(x, self.height - MARGIN_TOP / 2 - size / 3, number, fonts.REGULAR, size)

    def end_page(self) -> None:
        c = self.c
        if self._text is not None:
            c.drawText(self._text)
        self._flush_run()
        # c.lines() formats every coordinate in pure Python; one literal path is much cheaper.
        for width, segments in ((GRID_WIDTH, self._segments), (0.75, self._rules)):
            if segments:
                c.setLineWidth(width)
                c.addLiteral(
                    "n "
                    + " ".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for x1, y1, x2, y2 in segments)
                    + " S"
                )
        self._segments = []
        self._rules = []
        self._text = None
        c.showPage()

    def new_page(self) -> None:
        self.end_page()
        self.start_page()
        if self.on_new_page is not None:
            self.on_new_page()

    def room(self) -> float:
        return self.y - self.bottom

    def body_height(self) -> float:
        return self.top - self.bottom

    def save(self) -> None:
        self.end_page()
        self.c.save()

    # --- drawing ----------------------------------------------------------------------------------

    def put(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """Text with its baseline starting at (x, y)."""
        t = self._text
        assert t is not None
        if self._font != (font, size):
            t.setFont(font, size)  # for a TrueType font this only resets the current subset
            self._font = (font, size)
            self._select = f"{size:.2f} Tf {size * LEADING:.2f} TL"
        # setTextOrigin/textOut would format numbers and re-measure the text in
        # pure Python; we know where it goes, so write the Tm operator ourselves.
        code = t._code
        code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        # What reportlab's _formatText does for a TrueType font, with the costly part
        # (splitting into subsets and escaping, about 20 µs a line) done once per
        # distinct line: list cells repeat units, award forms and summaries.
        key = (font, text)
        runs = self._runs.get(key)
        if runs is None:
            if len(self._runs) > 50_000:
                self._runs.clear()
            face = pdfmetrics.getFont(font)
            doc = self.c._doc
            runs = self._runs[key] = tuple(
                (self._subset_name(face, subset), self.c._escape(chunk))
                for subset, chunk in face.splitString(text, doc)
            )
        out = []
        for subset, escaped in runs:
            if subset != t._curSubset:
                out.append(f"{subset} {self._select}")
                t._curSubset = subset
            out.append(f"({escaped}) Tj")
        code.append(" ".join(out))

    def _subset_name(self, face: Any, subset: int) -> str:
        """The PDF resource name of a font subset ("/F2+1"); subsets are compared by it."""
        key = (face.fontName, subset)
        name = self._subset_names.get(key)
        if name is None:
            name = self._subset_names[key] = face.getSubsetInternalName(subset, self.c._doc)
        return name

    def put_aligned(
        self, x: float, width: float, y: float, text: str, font: str, size: float, align: Align
    ) -> None:
        if align is Align.LEFT:
            self.put(x, y, text, font, size)
            return
        w = fonts.text_width(text, font, size)
        self.put(x + (width - w if align is Align.RIGHT else (width - w) / 2), y, text, font, size)

    def grid(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._segments.append((x1, y1, x2, y2))

    def cell_borders(self, edges: list[float], top: float, bottom: float) -> None:
        """Borders of a table row; vertical lines of adjacent rows with the same edges are merged."""
        self._segments.append((edges[0], bottom, edges[-1], bottom))
        if self._run is not None and self._run[0] is edges and self._run[2] == top:
            self._run[2] = bottom
            return
        self._flush_run()
        self._run = [edges, top, bottom]

    def _flush_run(self) -> None:
        if self._run is not None:
            edges, top, bottom = self._run
            self._segments.extend((x, top, x, bottom) for x in edges)
            self._run = None

    def rule(self, x1: float, y: float, x2: float) -> None:
        self._rules.append((x1, y, x2, y))


# --- free text: header, paragraphs, signature ------------------------------------------------------


def _centred_lines(canvas: _Canvas, x: float, width: float, top: float, lines: list[_Line]) -> float:
    """Draw centred lines (each wrapped to ``width``) from ``top`` down; returns the new top."""
    for line in lines:
        leading = line.size * LEADING
        for part in fonts.wrap(line.text, line.font, line.size, width) if line.text else [""]:
            if part:
                canvas.put_aligned(
                    x, width, _baseline(top, line.size, leading), part, line.font, line.size, Align.CENTER
                )
            top -= leading
    return top


def _centred_rule(
    canvas: _Canvas, x: float, width: float, y: float, text_width: float, fraction: float
) -> None:
    length = text_width * fraction
    mid = x + width / 2
    canvas.rule(mid - length / 2, y, mid + length / 2)


def _draw_header(canvas: _Canvas, document: Document) -> None:
    header = document.header
    width = canvas.right - canvas.left
    # NĐ 30 allows 12–13 pt for the quốc hiệu and agency names: 13 unless the
    # issuing agency then needs more lines than at 12 (long names, portrait pages).
    options = []
    for size in (13.0, 12.0):
        right = max(width * 0.58, fonts.text_width(NATIONAL_TITLE, fonts.BOLD, size) + 12)
        count = fonts.count_lines(header.issuing_agency.upper(), fonts.BOLD, size, width - right)
        options.append((count, -size, right))
    _count, negative_size, right_width = min(options)
    title_size = agency_size = -negative_size
    left_width = width - right_width
    motto_size = title_size + 1
    motto_width = fonts.text_width(NATIONAL_MOTTO, fonts.BOLD, motto_size)
    left_x, right_x = canvas.left, canvas.left + left_width
    top = canvas.y

    # Left block: agencies, a short rule under the issuing agency (1/3 of its text), the number.
    y = top
    if header.parent_agency:
        parent = _Line(header.parent_agency.upper(), fonts.REGULAR, agency_size)
        y = _centred_lines(canvas, left_x, left_width, y, [parent])
    if header.issuing_agency:
        agency = header.issuing_agency.upper()
        lines = fonts.wrap(agency, fonts.BOLD, agency_size, left_width)
        y = _centred_lines(canvas, left_x, left_width, y, [_Line(agency, fonts.BOLD, agency_size)])
        widest = max(fonts.text_width(line, fonts.BOLD, agency_size) for line in lines)
        _centred_rule(canvas, left_x, left_width, y - 3, widest, 1 / 3)
        y -= 6
    left_bottom = y

    # Right block: quốc hiệu, tiêu ngữ underlined over its whole length.
    y = _centred_lines(canvas, right_x, right_width, top, [_Line(NATIONAL_TITLE, fonts.BOLD, title_size)])
    y = _centred_lines(canvas, right_x, right_width, y, [_Line(NATIONAL_MOTTO, fonts.BOLD, motto_size)])
    _centred_rule(canvas, right_x, right_width, y - 0.5, motto_width, 1.0)
    y = min(y, left_bottom) - 8
    if header.number_line or header.dateline:
        y_left = _centred_lines(canvas, left_x, left_width, y, [_Line(header.number_line, fonts.REGULAR, 13)])
        y_right = _centred_lines(canvas, right_x, right_width, y, [_Line(header.dateline, fonts.ITALIC, 14)])
        y = min(y_left, y_right)
    y -= 14

    if header.doc_type:
        y = _centred_lines(canvas, canvas.left, width, y, [_Line(header.doc_type.upper(), fonts.BOLD, 14)])
    if header.summary:
        summary = [_Line(line, fonts.BOLD, 14) for line in header.summary]
        y = _centred_lines(canvas, canvas.left, width, y, summary)
        widest = max(
            fonts.text_width(part, fonts.BOLD, 14)
            for line in header.summary
            for part in fonts.wrap(line, fonts.BOLD, 14, width)
        )
        # A little lower than the agency's rule: under a bold 14 pt line it would read as an underline.
        _centred_rule(canvas, canvas.left, width, y - 4, widest, 1 / 3)
        y -= 9
    if header.reference:
        y = _centred_lines(canvas, canvas.left, width, y, [_Line(header.reference, fonts.ITALIC, 14)])
    canvas.y = y - 10


def _paragraph_lines(text: str, font: str, size: float, width: float, indent: float) -> list[list[str]]:
    """Greedy wrap with a first-line indent; returns the words of each line (for justifying)."""
    face = fonts.face(font)
    space = face.word(" ")
    lines: list[list[str]] = [[]]
    used = indent / size
    limit = width / size
    for word in text.split():
        w = face.word(word)
        if lines[-1] and used + space + w > limit:
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0.0) + w
        lines[-1].append(word)
    return lines


def _draw_paragraphs(canvas: _Canvas, texts: tuple[str, ...], font: str, size: float, indent: float) -> None:
    """Justified paragraphs with a first-line indent; a page break may fall between lines."""
    width = canvas.right - canvas.left
    leading = size * LEADING
    for text in texts:
        lines = _paragraph_lines(text, font, size, width, indent)
        for n, words in enumerate(lines):
            if canvas.room() < leading:
                canvas.new_page()
            x = canvas.left + (indent if n == 0 else 0.0)
            y = _baseline(canvas.y, size, leading)
            avail = canvas.right - x
            if n == len(lines) - 1 or len(words) < 2:
                canvas.put(x, y, " ".join(words), font, size)
            else:
                widths = [fonts.text_width(w, font, size) for w in words]
                gap = (avail - sum(widths)) / (len(words) - 1)
                for word, w in zip(words, widths, strict=True):
                    canvas.put(x, y, word, font, size)
                    x += w + gap
            canvas.y -= leading
        canvas.y -= PARAGRAPH_GAP


def _signature_lines(signature: Signature) -> list[_Line | float]:
    lines: list[_Line | float] = []
    if signature.authority:
        lines.append(_Line(signature.authority.upper(), fonts.BOLD, 13))
    lines.append(_Line(signature.position.upper(), fonts.BOLD, 13))
    lines.append(SIGNING_SPACE)
    lines.append(_Line(signature.name, fonts.BOLD, 13))
    return lines


def _recipient_lines(recipients: tuple[str, ...]) -> list[_Line | float]:
    return [
        _Line(RECIPIENTS_LABEL, fonts.BOLD_ITALIC, 12),
        *(_Line(r, fonts.REGULAR, 11) for r in recipients),
    ]


def _block_height(lines: list[_Line | float], width: float) -> float:
    height = 0.0
    for line in lines:
        if isinstance(line, float):
            height += line
        else:
            height += len(fonts.wrap(line.text, line.font, line.size, width)) * line.size * LEADING
    return height


def _draw_block(
    canvas: _Canvas, lines: list[_Line | float], x: float, width: float, top: float, align: Align
) -> None:
    for line in lines:
        if isinstance(line, float):
            top -= line
            continue
        leading = line.size * LEADING
        for part in fonts.wrap(line.text, line.font, line.size, width):
            canvas.put_aligned(
                x, width, _baseline(top, line.size, leading), part, line.font, line.size, align
            )
            top -= leading


def _draw_signatures(canvas: _Canvas, document: Document) -> None:
    blocks: list[tuple[list[_Line | float], Align]] = []
    if document.recipients:
        blocks.append((_recipient_lines(document.recipients), Align.LEFT))
    blocks += [(_signature_lines(s), Align.CENTER) for s in document.signatures]
    width = canvas.right - canvas.left
    left_width = width * 0.45
    right_x, right_width = canvas.left + left_width, width - left_width
    canvas.y -= 8
    for left, right in pair_blocks(blocks):
        height = _block_height(right[0], right_width)
        if left is not None:
            height = max(height, _block_height(left[0], left_width))
        if canvas.room() < height:  # the signature block is never split
            canvas.new_page()
        if left is not None:
            _draw_block(canvas, left[0], canvas.left, left_width, canvas.y, left[1])
        _draw_block(canvas, right[0], right_x, right_width, canvas.y, right[1])
        canvas.y -= height + 12


# --- the table -------------------------------------------------------------------------------------


class _TableLayout:
    """Column positions and the (repeated) column header of one table."""

    def __init__(self, canvas: _Canvas, table: Table, size: float) -> None:
        self.table = table
        self.size = size
        self.leading = size * LEADING
        self.xs: list[float] = [canvas.left]
        for width in self._column_widths(table, canvas.right - canvas.left, size):
            self.xs.append(self.xs[-1] + width)
        self.xs[-1] = canvas.right
        self.widths = [b - a for a, b in zip(self.xs, self.xs[1:], strict=False)]
        self.inner = [w - 2 * PAD_X for w in self.widths]
        # Wrapped lines by (column, font, text): units, award forms and summaries repeat row after
        # row. The lists are shared between cells, so nothing may change them in place.
        self._wrapped: dict[tuple[int, str, str], tuple[list[str], float]] = {}
        self._build_header()

    @staticmethod
    def _column_widths(table: Table, available: float, size: float) -> list[float]:
        """Share ``available`` by the columns' relative widths, but never narrower than the
        longest word of a column's title (so "STT" does not break into "ST" / "T")."""
        minimum = [
            max((fonts.text_width(w, fonts.BOLD, size) for w in c.title.split()), default=0.0) + 2 * PAD_X + 1
            for c in table.columns
        ]
        weights = [c.width for c in table.columns]
        fixed: dict[int, float] = {}
        while True:  # each pass pins at least one more column at its minimum, so it ends
            free = available - sum(fixed.values())
            share = sum(w for i, w in enumerate(weights) if i not in fixed) or 1.0
            widths = [fixed.get(i, free * w / share) for i, w in enumerate(weights)]
            short = [i for i, w in enumerate(widths) if i not in fixed and w < minimum[i]]
            if not short or len(fixed) + len(short) == len(widths):
                return widths
            fixed.update((i, minimum[i]) for i in short)

    def _lines(self, text: str, width: float) -> list[str]:
        return fonts.wrap(text, fonts.BOLD, self.size, width - 2 * PAD_X)

    def _build_header(self) -> None:
        """Header cells as (x, width, top offset, height, lines); two rows when columns are grouped."""
        table, lead = self.table, self.leading
        groups = table.groups()
        grouped = {i for g in groups for i in range(g[0], g[1] + 1)}
        cells: list[tuple[float, float, float, float, list[str]]] = []
        if not groups:
            lines = [self._lines(c.title, w) for c, w in zip(table.columns, self.widths, strict=True)]
            height = max(len(ls) for ls in lines) * lead + 2 * PAD_Y
            cells = [(x, w, 0.0, height, ls) for x, w, ls in zip(self.xs, self.widths, lines, strict=False)]
            self.header_cells, self.header_height = cells, height
            return
        group_lines = {g: self._lines(g[2], self.xs[g[1] + 1] - self.xs[g[0]]) for g in groups}
        sub_lines = {i: self._lines(table.columns[i].title, self.widths[i]) for i in grouped}
        solo_lines = {
            i: self._lines(c.title, self.widths[i]) for i, c in enumerate(table.columns) if i not in grouped
        }
        top_h = max(len(ls) for ls in group_lines.values()) * lead + 2 * PAD_Y
        sub_h = max(len(ls) for ls in sub_lines.values()) * lead + 2 * PAD_Y
        solo_h = max((len(ls) * lead + 2 * PAD_Y for ls in solo_lines.values()), default=0.0)
        sub_h = max(sub_h, solo_h - top_h)
        height = top_h + sub_h
        for g, ls in group_lines.items():
            cells.append((self.xs[g[0]], self.xs[g[1] + 1] - self.xs[g[0]], 0.0, top_h, ls))
        for i, ls in sub_lines.items():
            cells.append((self.xs[i], self.widths[i], top_h, sub_h, ls))
        for i, ls in solo_lines.items():
            cells.append((self.xs[i], self.widths[i], 0.0, height, ls))
        self.header_cells, self.header_height = cells, height

    def draw_header(self, canvas: _Canvas) -> None:
        top = canvas.y
        lead, size = self.leading, self.size
        for x, w, offset, h, lines in self.header_cells:
            cell_top = top - offset
            first = cell_top - (h - len(lines) * lead) / 2
            for k, line in enumerate(lines):
                canvas.put_aligned(
                    x + PAD_X,
                    w - 2 * PAD_X,
                    _baseline(first - k * lead, size, lead),
                    line,
                    fonts.BOLD,
                    size,
                    Align.CENTER,
                )
            canvas.grid(x, cell_top, x + w, cell_top)
            canvas.grid(x, cell_top - h, x + w, cell_top - h)
            canvas.grid(x, cell_top, x, cell_top - h)
            canvas.grid(x + w, cell_top, x + w, cell_top - h)
        canvas.y = top - self.header_height

    # --- rows -------------------------------------------------------------------------------------

    def row_cells(self, values: tuple[CellValue, ...], font: str) -> list[_Cell]:
        cells: list[_Cell] = []
        size = self.size
        for i, (column, value) in enumerate(zip(self.table.columns, values, strict=True)):
            text = value if type(value) is str else display_text(value, column)
            cells.append(self._cell(i, column, text, font, size))
        return cells

    def _cell(self, i: int, column: Column, text: str, font: str, size: float) -> _Cell:
        inner = self.inner[i]
        if column.wrap:
            key = (i, font, text)
            cached = self._wrapped.get(key)
            if cached is None:
                if len(self._wrapped) > 20_000:
                    self._wrapped.clear()
                cached = self._wrapped[key] = _wrap_keeping_codes(text, font, size, inner)
            lines, size = cached
        else:
            lines = text.split("\n") if text else []
            widest = max((fonts.text_width(line, font, size) for line in lines), default=0.0)
            if widest > inner:  # a column that must not wrap: shrink the text instead
                size = max(size * inner / widest, 5.0)
        return _Cell(self.xs[i] + PAD_X, inner, lines, font, size, column.alignment)

    def span_cells(self, text: str, font: str, align: Align, first: int, last: int) -> _Cell:
        x, width = self.xs[first] + PAD_X, self.xs[last + 1] - self.xs[first] - 2 * PAD_X
        return _Cell(
            x, width, fonts.wrap(text, font, self.size, width) if text else [], font, self.size, align
        )

    def height(self, cells: list[_Cell]) -> float:
        return max((len(c.lines) for c in cells), default=0) * self.leading + 2 * PAD_Y if cells else 0.0

    def draw_row(self, canvas: _Canvas, cells: list[_Cell], height: float, edges: list[float]) -> None:
        """Draw a row at the cursor: vertically centred lines, the cell borders at ``edges``."""
        top = canvas.y
        lead = self.leading
        bottom = top - height
        for cell in cells:
            lines = cell.lines
            if not lines:
                continue
            first = top - (height - len(lines) * lead) / 2
            size = cell.size
            align = cell.align
            for k, line in enumerate(lines):
                if line:
                    y = _baseline(first - k * lead, size, lead)
                    canvas.put_aligned(cell.x, cell.width, y, line, cell.font, size, align)
        canvas.cell_borders(edges, top, bottom)
        canvas.y = bottom

    def place_row(self, canvas: _Canvas, cells: list[_Cell], edges: list[float], keep: float = 0.0) -> None:
        """Draw a row, first moving to a new page if it (plus ``keep`` of what follows) does not fit.

        A row taller than a whole page is cut between lines, over as many pages as it needs.
        """
        height = self.height(cells)
        if height + keep <= canvas.room():
            self.draw_row(canvas, cells, height, edges)
            return
        full = canvas.body_height() - self.header_height
        if height <= full:
            canvas.new_page()
            self.draw_row(canvas, cells, height, edges)
            return
        remaining = cells
        while True:
            if canvas.room() < self.leading + 2 * PAD_Y:
                canvas.new_page()
            fit = int((canvas.room() - 2 * PAD_Y) // self.leading)
            if max(len(c.lines) for c in remaining) <= fit:
                self.draw_row(canvas, remaining, self.height(remaining), edges)
                return
            head = [_Cell(c.x, c.width, c.lines[:fit], c.font, c.size, c.align) for c in remaining]
            remaining = [_Cell(c.x, c.width, c.lines[fit:], c.font, c.size, c.align) for c in remaining]
            self.draw_row(canvas, head, fit * self.leading + 2 * PAD_Y, edges)
            canvas.new_page()


_CODE = re.compile(r"\d|/")  # numbers, dates, "418/QĐ-UBND": a reader copies them whole


def _wrap_keeping_codes(text: str, font: str, size: float, width: float) -> tuple[list[str], float]:
    """Wrapped lines and their size: a number or code wider than the cell is never cut in two,
    the cell's text is set smaller until it fits (a name may still break, as a clerk would)."""
    if not text:
        return [], size
    widest = max((fonts.text_width(w, font, size) for w in text.split() if _CODE.search(w)), default=0.0)
    if widest > width:
        size = max(size * width / widest, 5.0)
    return fonts.wrap(text, font, size, width), size


def _paragraphs_height(canvas: _Canvas, texts: tuple[str, ...], size: float, indent: float) -> float:
    width = canvas.right - canvas.left
    font = fonts.REGULAR
    return sum(
        len(_paragraph_lines(t, font, size, width, indent)) * size * LEADING + PARAGRAPH_GAP for t in texts
    )


def _tail_height(canvas: _Canvas, document: Document) -> float:
    """What follows the last table: closing text, notes and the first signature block.

    The last row of the table is kept on the page with it, so the signature never stands
    alone on a page of its own (capped: a tail taller than most of a page cannot be kept)."""
    height = 10.0 + _paragraphs_height(canvas, document.closing, 13, PARAGRAPH_INDENT)
    height += _paragraphs_height(canvas, document.footnotes, 11, 0.0)
    blocks: list[list[_Line | float]] = []
    if document.recipients:
        blocks.append(_recipient_lines(document.recipients))
    blocks += [_signature_lines(s) for s in document.signatures]
    if blocks:
        width = canvas.right - canvas.left
        height += 8 + max(_block_height(b, width * 0.55) for b in blocks[:2])
    return min(height, canvas.body_height() * 0.75)


def _draw_table(
    canvas: _Canvas, table: Table, document: Document, ticker: Ticker, done: int, tail: float = 0.0
) -> int:
    size = document.font_size
    layout = _TableLayout(canvas, table, size)
    all_edges = layout.xs
    outer = [layout.xs[0], layout.xs[-1]]
    last_column = len(table.columns) - 1
    heading_fonts = (fonts.BOLD, fonts.BOLD, fonts.BOLD_ITALIC)

    # The body as one stream: (depth, heading) for a heading, (-1, values) for a row.
    items: list[tuple[int, Any]] = []
    for depth, section in table.blocks():
        if section.heading:
            items.append((depth, section.heading))
        items.extend((-1, values) for values in section.rows)

    def cells(item: tuple[int, Any]) -> list[_Cell]:
        depth, payload = item
        if depth < 0:
            return layout.row_cells(payload, fonts.REGULAR)
        return [layout.span_cells(payload, heading_fonts[min(depth, 2)], Align.LEFT, 0, last_column)]

    def lead(start: int) -> float:
        """Height of the headings from ``start`` on plus the first row under them: kept together."""
        height = 0.0
        for item in items[start:]:
            height += layout.height(cells(item))
            if item[0] < 0:
                break
        return min(height, canvas.body_height() / 3)

    # Title, column header and the first row stay together.
    title_lines = (
        fonts.wrap(table.title, fonts.BOLD, size + 1, canvas.right - canvas.left) if table.title else []
    )
    title_height = len(title_lines) * (size + 1) * LEADING + (4 if title_lines else 0)
    if canvas.room() < title_height + layout.header_height + lead(0):
        canvas.new_page()
    for line in title_lines:
        leading = (size + 1) * LEADING
        canvas.put(canvas.left, _baseline(canvas.y, size + 1, leading), line, fonts.BOLD, size + 1)
        canvas.y -= leading
    canvas.y -= 4 if title_lines else 0
    layout.draw_header(canvas)
    canvas.on_new_page = lambda: layout.draw_header(canvas)

    last_row = -1 if table.totals else max((i for i, item in enumerate(items) if item[0] < 0), default=-1)
    for index, item in enumerate(items):
        if item[0] >= 0:  # a heading is never the last line of a page
            layout.place_row(canvas, cells(item), outer, keep=lead(index + 1))
            continue
        keep = tail if index == last_row else 0.0
        layout.place_row(canvas, layout.row_cells(item[1], fonts.REGULAR), all_edges, keep=keep)
        done += 1
        if done % EVERY == 0:
            ticker.at(done)
    for n, total in enumerate(table.totals, start=1):
        keep = tail if n == len(table.totals) else 0.0
        layout.place_row(
            canvas, _total_cells(layout, table, total), _total_edges(layout, table, total), keep=keep
        )
    canvas.on_new_page = None
    canvas.y -= 10
    return done


def _first_value(table: Table, total: TotalRow) -> int:
    return next((i for i, c in enumerate(table.columns) if c.key in total.values), len(table.columns))


def _total_cells(layout: _TableLayout, table: Table, total: TotalRow) -> list[_Cell]:
    first = _first_value(table, total)
    cells: list[_Cell] = []
    if first > 0:
        cells.append(layout.span_cells(total.label, fonts.BOLD, Align.CENTER, 0, first - 1))
    for i in range(first, len(table.columns)):
        column = table.columns[i]
        cells.append(
            layout._cell(
                i, column, display_text(total.values.get(column.key), column), fonts.BOLD, layout.size
            )
        )
    return cells


def _total_edges(layout: _TableLayout, table: Table, total: TotalRow) -> list[float]:
    first = _first_value(table, total)
    return [layout.xs[0], *layout.xs[max(first, 1) :]]


# --- charts (reportlab.graphics) -------------------------------------------------------------------

# Fills of the series, in order: dark and light blue read apart in print and in greyscale.
_SERIES_COLOURS = ("#1f4e8c", "#8db3e2", "#c0504d", "#9bbb59")
_BAR = 13.0  # points per bar of a horizontal chart
_VERTICAL_HEIGHT = 150.0


def _short(text: str, font: str, size: float, width: float) -> str:
    """A label cut to ``width`` with an ellipsis (a unit's full name is in the tables above)."""
    if fonts.text_width(text, font, size) <= width:
        return text
    while text and fonts.text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def chart_drawing(chart: Chart, width: float) -> Any:
    """``chart`` as a reportlab Drawing ``width`` points wide: title, bars, values, legend."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    size = 9.0
    n = len(chart.categories)
    count = len(chart.series)
    legend_height = 16.0 if count > 1 else 0.0
    title_height = 18.0
    if chart.horizontal:
        label_width = min(
            width * 0.42, max(fonts.text_width(c, fonts.REGULAR, size) for c in chart.categories) + 6
        )
        plot_height = max(n * count * _BAR + n * 4, 30.0)
        bars: Any = HorizontalBarChart()
        bars.x, bars.y = label_width, legend_height + 12
        bars.width, bars.height = width - label_width - 30, plot_height
        names = [_short(c, fonts.REGULAR, size, label_width - 6) for c in chart.categories]
        # reportlab draws the first category at the bottom: reverse so the list reads top-down.
        names.reverse()
        bars.data = [tuple(reversed(values)) for _name, values in chart.series]
        bars.categoryAxis.labels.boxAnchor = "e"
        bars.categoryAxis.labels.dx = -4
        bars.barLabels.boxAnchor = "w"
        bars.barLabels.dx = 3
        height = legend_height + 12 + plot_height + title_height + 4
    else:
        bars = VerticalBarChart()
        bars.x, bars.y = 34, legend_height + 24
        bars.width, bars.height = width - 44, _VERTICAL_HEIGHT
        names = [
            _short(c, fonts.REGULAR, size, max(bars.width / max(n, 1) - 4, 20)) for c in chart.categories
        ]
        bars.data = [values for _name, values in chart.series]
        bars.categoryAxis.labels.boxAnchor = "n"
        bars.barLabels.boxAnchor = "s"
        bars.barLabels.dy = 2
        height = legend_height + 24 + _VERTICAL_HEIGHT + title_height + 4
    bars.categoryAxis.categoryNames = names
    bars.categoryAxis.labels.fontName = fonts.REGULAR
    bars.categoryAxis.labels.fontSize = size
    bars.valueAxis.valueMin = 0
    step = _nice_step(chart.peak)
    bars.valueAxis.valueStep = step
    bars.valueAxis.valueMax = step * (int(chart.peak * 1.1 / step) + 1)
    bars.valueAxis.labels.fontName = fonts.REGULAR
    bars.valueAxis.labels.fontSize = size - 1
    bars.valueAxis.labelTextFormat = _axis_number
    bars.barLabelFormat = _bar_number
    bars.barLabels.fontName = fonts.REGULAR
    bars.barLabels.fontSize = size - 1
    bars.barSpacing = 1
    bars.groupSpacing = 4
    for i in range(count):
        bars.bars[i].fillColor = colors.HexColor(_SERIES_COLOURS[i % len(_SERIES_COLOURS)])
        bars.bars[i].strokeColor = None
    drawing = Drawing(width, height)
    drawing.add(bars)
    title = chart.title + (f" ({chart.unit})" if chart.unit else "")
    drawing.add(String(width / 2, height - 13, title, fontName=fonts.BOLD, fontSize=11, textAnchor="middle"))
    if count > 1:
        legend = Legend()
        legend.x, legend.y = width / 2 - 60 * count / 2, 10
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontName = fonts.REGULAR
        legend.fontSize = size
        legend.dxTextSpace = 4
        legend.deltax = 120
        legend.colorNamePairs = [
            (colors.HexColor(_SERIES_COLOURS[i % len(_SERIES_COLOURS)]), name)
            for i, (name, _values) in enumerate(chart.series)
        ]
        drawing.add(legend)
    return drawing


def _nice_step(peak: float) -> float:
    """1, 2 or 5 times a power of ten, giving about five gridlines (counts step by whole numbers)."""
    raw = max(peak / 5, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _axis_number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _bar_number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def _draw_charts(canvas: _Canvas, document: Document, tail: float) -> None:
    """Each chart whole on a page; the last one stays with what follows it (the signature)."""
    from reportlab.graphics import renderPDF

    width = canvas.right - canvas.left
    shown = [c for c in document.charts if not c.empty]
    for n, chart in enumerate(shown, start=1):
        drawing = chart_drawing(chart, width)
        keep = tail if n == len(shown) else 0.0
        if canvas.room() < drawing.height + 8 + min(keep, canvas.body_height() - drawing.height - 8):
            canvas.new_page()
        renderPDF.draw(drawing, canvas.c, canvas.left, canvas.y - drawing.height)
        canvas.y -= drawing.height + 8


def write_pdf(
    document: Document,
    target: str | Path | IO[bytes],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> None:
    """Draw ``document`` as a PDF into a path or binary file object.

    Raises:
        ExportCancelledError: ``cancel`` was set.
        StorageError: the bundled fonts are missing.
        OSError: from the file system (the caller maps it to StorageError).
    """
    ticker = Ticker(document.row_count(), progress, cancel)
    ticker.at(0)
    with _binary_streams():
        _render(document, target, ticker)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write compressed streams as binary instead of ASCII85 (a pure-Python step that
    costs a third of the time of a long list). reportlab reads this global flag when
    it serialises, so it is switched under a lock and put back afterwards."""
    with _a85_lock:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved


def _render(document: Document, target: str | Path | IO[bytes], ticker: Ticker) -> None:
    canvas = _Canvas(document, target)
    _draw_header(canvas, document)
    _draw_paragraphs(canvas, document.intro, fonts.REGULAR, 13, PARAGRAPH_INDENT)
    done = 0
    last = len(document.tables) - 1
    charts = any(not c.empty for c in document.charts)
    for index, table in enumerate(document.tables):
        tail = _tail_height(canvas, document) if index == last and not charts else 0.0
        done = _draw_table(canvas, table, document, ticker, done, tail)
    if charts:
        canvas.on_new_page = None
        _draw_charts(canvas, document, _tail_height(canvas, document))
    _draw_paragraphs(canvas, document.closing, fonts.REGULAR, 13, PARAGRAPH_INDENT)
    _draw_paragraphs(canvas, document.footnotes, fonts.ITALIC, 11, 0.0)
    _draw_signatures(canvas, document)
    ticker.at(done)
    canvas.save()
