"""A filled .docx -> PDF with reportlab and the bundled fonts, so no office PC needs LibreOffice.

The PDF is drawn from the very .docx the office receives (after its template was filled), so
an office's edits to a template show in both files. It reads what emudesk's templates and a
clerk's edits to them use: paragraphs (alignment, indents, spacing, bold/italic/underline runs,
sizes, a bottom border as the NĐ 30 short rule), page breaks, tables (fixed grid widths, borders
or none, header rows repeated on each page), the page size and margins. Fonts are the bundled
Liberation Serif (Times New Roman metrics) whatever the .docx names; images, shapes, footnotes
and tracked changes are not drawn. Page numbers are centred in the top margin from page 2 on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, Any
from xml.sax.saxutils import escape

import docx
from docx.oxml.ns import qn
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from emudesk.export import fonts

TWIP = 1 / 20  # points
FAMILY = fonts.REGULAR
_ALIGN = {
    "center": TA_CENTER,
    "right": TA_RIGHT,
    "end": TA_RIGHT,
    "both": TA_JUSTIFY,
    "distribute": TA_JUSTIFY,
}
_DEFAULT_SIZE = 14.0


def _family() -> None:
    fonts.register_fonts()
    registerFontFamily(
        FAMILY, normal=fonts.REGULAR, bold=fonts.BOLD, italic=fonts.ITALIC, boldItalic=fonts.BOLD_ITALIC
    )


def _w(el: Any, path: str) -> Any:
    return el.find(path, el.nsmap) if el is not None else None


def _val(el: Any, attr: str = "w:val") -> str | None:
    return el.get(qn(attr)) if el is not None else None


def _on(rpr: Any, tag: str, inherited: bool) -> bool:
    el = _w(rpr, tag)
    if el is None:
        return inherited
    return _val(el) not in ("0", "false", "none")


class _Styles:
    """Run defaults of the document and of its paragraph styles (size, bold, italic)."""

    def __init__(self, doc: Any) -> None:
        self.size = _DEFAULT_SIZE
        normal = doc.styles["Normal"]
        if normal.font.size is not None:
            self.size = normal.font.size.pt
        self.by_id: dict[str, tuple[float | None, bool | None, bool | None, str | None]] = {}
        for style in doc.styles:
            font = getattr(style, "font", None)
            if font is None:
                continue
            size = font.size.pt if font.size is not None else None
            fmt = getattr(style, "paragraph_format", None)
            align = None
            if fmt is not None and fmt.alignment is not None:
                align = {0: "left", 1: "center", 2: "right", 3: "both"}.get(int(fmt.alignment))
            self.by_id[style.style_id] = (size, font.bold, font.italic, align)


class _Rule(Flowable):
    """The bottom border of a paragraph: a line between its indents."""

    def __init__(self, left: float, right: float, gap: float = 2.0) -> None:
        super().__init__()
        self.left, self.right, self.gap = left, right, gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.gap + 3

    def draw(self) -> None:
        # Clear of the descenders and dots below of the line above it.
        self.canv.setLineWidth(0.6)
        self.canv.line(self.left, 1.5, self.avail - self.right, 1.5)


def _paragraph(p: Any, styles: _Styles) -> Iterator[Flowable | str]:
    """Flowables of one w:p; yields "page" for a page break."""
    ppr = _w(p, "w:pPr")
    style_id = _val(_w(ppr, "w:pStyle"))
    s_size, s_bold, s_italic, s_align = styles.by_id.get(style_id or "Normal", (None, None, None, None))
    base_size = s_size or styles.size
    jc = _val(_w(ppr, "w:jc")) or s_align or "left"
    ind = _w(ppr, "w:ind")
    left = float(_val(ind, "w:left") or _val(ind, "w:start") or 0) * TWIP
    right = float(_val(ind, "w:right") or _val(ind, "w:end") or 0) * TWIP
    first = float(_val(ind, "w:firstLine") or 0) * TWIP - float(_val(ind, "w:hanging") or 0) * TWIP
    spacing = _w(ppr, "w:spacing")
    before = float(_val(spacing, "w:before") or 0) * TWIP
    after = float(_val(spacing, "w:after") or 0) * TWIP
    line = _val(spacing, "w:line")
    line_factor = float(line) / 240 if line and (_val(spacing, "w:lineRule") in (None, "auto")) else 1.0
    border = _w(ppr, "w:pBdr/w:bottom")
    parts: list[str] = []
    sizes: list[float] = []
    page_break = False
    for r in p.iter(qn("w:r")):
        rpr = _w(r, "w:rPr")
        size_el = _w(rpr, "w:sz")
        size = float(_val(size_el) or base_size * 2) / 2
        bold = _on(rpr, "w:b", bool(s_bold))
        italic = _on(rpr, "w:i", bool(s_italic))
        u = _w(rpr, "w:u")
        underline = (u is not None and _val(u) not in ("none", None)) or (u is not None and _val(u) is None)
        text: list[str] = []
        for child in r:
            if child.tag == qn("w:t"):
                text.append(child.text or "")
            elif child.tag == qn("w:tab"):
                text.append("    ")
            elif child.tag == qn("w:br"):
                if _val(child, "w:type") == "page":
                    page_break = True
                else:
                    text.append("\n")
            elif child.tag == qn("w:cr"):
                text.append("\n")
        chunk = "".join(text)
        if not chunk:
            continue
        sizes.append(size)
        # Runs of spaces are blanks a clerk fills in by hand ("Tờ trình số      /TTr"): keep them.
        markup = re.sub(r"  +", lambda m: "\u00a0" * len(m.group()), escape(chunk)).replace("\n", "<br/>")
        if bold:
            markup = f"<b>{markup}</b>"
        if italic:
            markup = f"<i>{markup}</i>"
        if underline:
            markup = f"<u>{markup}</u>"
        parts.append(f'<font size="{size:g}">{markup}</font>')
    size = max(sizes) if sizes else base_size
    if border is not None:
        if before:
            yield Spacer(1, before)
        if parts:
            yield _para(parts, size, line_factor, jc, left, right, first, 0, 0)
        yield _Rule(left, right)
        if after:
            yield Spacer(1, after)
    elif parts:
        yield _para(parts, size, line_factor, jc, left, right, first, before, after)
    elif not page_break:
        yield Spacer(1, size * 1.15 * line_factor + before + after)
    if page_break:
        yield "page"


def _para(
    parts: list[str],
    size: float,
    factor: float,
    jc: str,
    left: float,
    right: float,
    first: float,
    before: float,
    after: float,
) -> Paragraph:
    style = ParagraphStyle(
        "p",
        fontName=FAMILY,
        fontSize=size,
        leading=size * 1.15 * factor,
        alignment=_ALIGN.get(jc, TA_LEFT),
        leftIndent=left,
        rightIndent=right,
        firstLineIndent=first,
        spaceBefore=before,
        spaceAfter=after,
    )
    return Paragraph("".join(parts), style)


def _has_borders(tbl: Any, doc: Any) -> bool:
    borders = _w(tbl, "w:tblPr/w:tblBorders")
    if borders is not None:
        return any(_val(b) not in (None, "nil", "none") for b in borders)
    style_id = _val(_w(tbl, "w:tblPr/w:tblStyle"))
    if not style_id:
        return False
    try:
        style = doc.styles.element.get_by_id(style_id)
    except Exception:
        return False
    return style is not None and _w(style, "w:tblPr/w:tblBorders") is not None


def _table(tbl: Any, doc: Any, styles: _Styles, width: float) -> Flowable:
    cols = [float(_val(g, "w:w") or 0) * TWIP for g in tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))]
    if not cols or sum(cols) <= 0:
        cols = [width / max(len(tbl.findall(qn("w:tr"))[0].findall(qn("w:tc"))), 1)] * 1
    scale = min(1.0, width / sum(cols))
    cols = [c * scale for c in cols]
    data: list[list[Any]] = []
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    header_rows = 0
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        if r == header_rows and _w(tr, "w:trPr/w:tblHeader") is not None:
            header_rows += 1
        row: list[Any] = []
        for tc in tr.findall(qn("w:tc")):
            span = int(_val(_w(tc, "w:tcPr/w:gridSpan")) or 1)
            start = len(row)
            cell_width = sum(cols[start : start + span]) - 6
            flow: list[Flowable] = []
            for child in tc:
                if child.tag == qn("w:p"):
                    flow.extend(f for f in _paragraph(child, styles) if not isinstance(f, str))
                elif child.tag == qn("w:tbl"):
                    flow.append(_table(child, doc, styles, cell_width))
            row.append(flow)
            row.extend([""] * (span - 1))
            if span > 1:
                spans.append(("SPAN", (start, r), (start + span - 1, r)))
        row.extend([""] * (len(cols) - len(row)))
        data.append(row[: len(cols)])
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # empty cells too: no Helvetica in the file
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *spans,
    ]
    if _has_borders(tbl, doc):
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
        commands.append(("VALIGN", (0, 0), (-1, -1), "MIDDLE"))
    # LongTable: a list of thousands of rows is split page by page without re-measuring the rest.
    kind = LongTable if len(data) > 50 else PdfTable
    return kind(data, colWidths=cols, repeatRows=header_rows, style=TableStyle(commands), hAlign="CENTER")


def docx_to_pdf(
    data: bytes,
    target: IO[bytes],
    *,
    title: str = "",
    author: str = "",
    subject: str = "",
) -> None:
    """Draw a filled .docx as a PDF into ``target``."""
    _family()
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[-1]

    def pt(length: Any, default_mm: float) -> float:
        return float(length.pt) if length is not None else default_mm * 72 / 25.4

    page = (pt(section.page_width, 210), pt(section.page_height, 297))
    margins = (
        pt(section.left_margin, 30),
        pt(section.right_margin, 15),
        pt(section.top_margin, 20),
        pt(section.bottom_margin, 20),
    )
    width = page[0] - margins[0] - margins[1]
    styles = _Styles(doc)
    story: list[Flowable] = []
    for child in doc.element.body:
        if child.tag == qn("w:p"):
            for item in _paragraph(child, styles):
                story.append(PageBreak() if isinstance(item, str) else item)
        elif child.tag == qn("w:tbl"):
            table = _table(child, doc, styles, width)
            if not _has_borders(child, doc) and story and not isinstance(story[-1], PageBreak):
                # A signature block is never alone on its page: it takes the last paragraph with it.
                story[-1] = KeepTogether([story[-1], table])
            else:
                story.append(table)

    def number(canvas: Any, _template: Any) -> None:
        text = str(canvas.getPageNumber())
        canvas.setFont(fonts.REGULAR, 13)
        canvas.drawCentredString(margins[0] + width / 2, page[1] - margins[2] / 2 - 4, text)

    pdf = SimpleDocTemplate(
        target,
        pagesize=page,
        leftMargin=margins[0],
        rightMargin=margins[1],
        topMargin=margins[2],
        bottomMargin=margins[3],
        title=title,
        author=author,
        subject=subject,
        creator="emudesk",
        lang="vi-VN",
        initialFontName=fonts.REGULAR,  # no stray Helvetica (unembedded, no Vietnamese) in the file
    )
    pdf.build(story, onLaterPages=number)
