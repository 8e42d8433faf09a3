"""Build the .docx templates emudesk ships (resources/templates/*.docx) with python-docx.

    python scripts/make_doc_templates.py          # rewrites the four templates

The templates are docxtpl (Jinja) documents laid out per NĐ 30/2020/NĐ-CP Phụ lục I: A4, margins
20/20/30/15 mm, Times New Roman; quốc hiệu and tiêu ngữ top right, the issuing agency with a short
rule top left, số/ký hiệu and the italic dateline under them; document type, trích yếu with its
rule; Căn cứ in italics, one per line; the body justified with a 1.27 cm first-line indent and
6 pt between paragraphs; "Nơi nhận" bottom left (12 pt bold italic, recipients 11 pt); the
signature block bottom right by thẩm quyền (TM./KT./Q. line, position, name).

An office edits its copy in Word (Danh mục › Mẫu văn bản); the placeholders it may use are listed
in emudesk/export/word.py (SAMPLES). Keep this script the only way these files change, so a
review sees the layout as code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "resources" / "templates"
FONT = "Times New Roman"
Container = Callable[[], Paragraph]

C, L, R, J = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


def new_document(landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # NĐ 30: no page number on page 1
    _page_number(section.header.paragraphs[0])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    return doc


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = C
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def para(
    where: Document | _Cell,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = L,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    indent: bool = False,
    after: float = 0,
    before: float = 0,
    first: bool = False,
) -> Paragraph:
    """A paragraph of one run; ``first`` reuses a table cell's empty first paragraph."""
    p = where.paragraphs[0] if first else where.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run(p, text, size=size, bold=bold, italic=italic, underline=underline)
    return p


def run(
    p: Paragraph,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.bold, r.italic, r.underline = bold or None, italic or None, underline or None


def short_rule(p: Paragraph, width_cm: float, total_cm: float) -> None:
    """The NĐ 30 rule under an agency or trích yếu: a bottom border on an indented empty paragraph."""
    side = Cm(max((total_cm - width_cm) / 2, 0))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)
    p.paragraph_format.space_after = Pt(2)
    for r_ in p.runs:
        r_.font.size = Pt(2)
    if not p.runs:
        rr = p.add_run("")
        rr.font.size = Pt(2)


def widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, w in enumerate(widths_cm):
        table.columns[i].width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)


def borderless(table: Table, widths_cm: list[float]) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, widths_cm)


def header(doc: Document, *, body_cm: float, parent: bool = True) -> None:
    """Agencies left, quốc hiệu and tiêu ngữ right, số and dateline under them."""
    left, right = body_cm * 0.38, body_cm * 0.62
    t = doc.add_table(rows=2, cols=2)
    borderless(t, [left, right])
    a, b = t.rows[0].cells
    if parent:
        # A body with no parent agency (UBND tỉnh) has no empty line above its name.
        para(a, "{%p if co_quan_chu_quan %}", first=True)
        para(a, "{{ co_quan_chu_quan }}", align=C, size=13)
        para(a, "{%p endif %}")
        para(a, "{{ co_quan_ban_hanh }}", align=C, size=13, bold=True)
    else:
        para(a, "{{ co_quan_ban_hanh }}", align=C, size=13, bold=True, first=True)
    short_rule(para(a), 2.0, left)
    para(b, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=C, size=13, bold=True, first=True)
    para(b, "Độc lập - Tự do - Hạnh phúc", align=C, size=14, bold=True)
    short_rule(para(b), 6.0, right)
    c, d = t.rows[1].cells
    para(c, "{{ so_ky_hieu }}", align=C, size=13, first=True)
    para(d, "{{ dia_danh_ngay }}", align=C, size=14, italic=True, first=True)


def title(doc: Document, doc_type: str, summary: str = "{{ trich_yeu }}", body_cm: float = 16.5) -> None:
    para(doc, doc_type, align=C, bold=True, before=12)
    para(doc, summary, align=C, bold=True)
    short_rule(para(doc), 4.0, body_cm)


def body(doc: Document, text: str, *, italic: bool = False, bold_lead: str = "") -> Paragraph:
    p = para(doc, align=J, indent=True, after=6)
    if bold_lead:
        run(p, bold_lead, bold=True)
    run(p, text, italic=italic)
    return p


def tag(doc: Document | _Cell, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes it."""
    doc.add_paragraph(text)


def signature_block(doc: Document, body_cm: float, *, recipients: bool = True, left_signer: str = "") -> None:
    """Nơi nhận (or a second signer) on the left, the signer on the right."""
    t = doc.add_table(rows=1, cols=2)
    borderless(t, [body_cm * 0.45, body_cm * 0.55])
    a, b = t.rows[0].cells
    if recipients:
        para(a, "Nơi nhận:", size=12, bold=True, italic=True, first=True, before=6)
        tag(a, "{%p for n in noi_nhan %}")
        para(a, "- {{ n }}", size=11)
        tag(a, "{%p endfor %}")
    elif left_signer:
        signer(a, left_signer, first=True)
    signer(b, "ky", first=True)


def signer(cell: _Cell, name: str, *, first: bool = False) -> None:
    tag_p = para(cell, align=C, first=first, before=6)
    run(tag_p, "{{ " + name + ".quyen_han }}", bold=True)
    para(cell, "{{ " + name + ".chuc_vu }}", align=C, bold=True)
    for _ in range(4):
        para(cell, "", align=C)
    para(cell, "{{ " + name + ".ho_ten }}", align=C, bold=True)


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def grid_table(
    doc: Document, columns: list[tuple[str, str, float]], loop: str, size: float = 12, headings: bool = False
) -> Table:
    """A bordered list: the header row (repeated on each page), then one row per item of ``loop``.

    ``columns`` are (title, placeholder expression, width in cm). With ``headings``, an item
    whose ``heading`` is set ("I. BẰNG KHEN…", "1. Cá nhân") is a bold row across the table.
    """
    rows = 7 if headings else 4
    t = doc.add_table(rows=rows, cols=len(columns))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(t, [c[2] for c in columns])
    trpr = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    data = t.rows[5 if headings else 2]
    for i, (head, expr, _width) in enumerate(columns):
        para(t.rows[0].cells[i], head, align=C, size=size, bold=True, first=True)
        align = C if expr in ("r.stt", "r.sex", "r.born", "r.book", "r.year", "r.yes", "r.members") else L
        if expr in ("r.amount", "r.share"):
            align = R
        p = para(data.cells[i], align=align, size=size, first=True)
        run(p, "{{ " + expr + " }}", size=size)
    para(t.rows[1].cells[0], "{%tr for r in " + loop + " %}", size=size, first=True)
    if headings:
        para(t.rows[2].cells[0], "{%tr if r.heading %}", size=size, first=True)
        merged = t.rows[3].cells[0].merge(t.rows[3].cells[-1])
        p = para(merged, size=size, first=True)
        run(p, "{{ r.heading }}", size=size, bold=True)
        para(t.rows[4].cells[0], "{%tr else %}", size=size, first=True)
        para(t.rows[6].cells[0], "{%tr endif %}", size=size, first=True)
        # The endfor row goes after the endif row.
        end = t.add_row()
        para(end.cells[0], "{%tr endfor %}", size=size, first=True)
    else:
        para(t.rows[3].cells[0], "{%tr endfor %}", size=size, first=True)
    return t


def decision() -> Document:
    doc = new_document()
    w = 16.5
    header(doc, body_cm=w)
    title(doc, "QUYẾT ĐỊNH", body_cm=w)
    para(doc, "{{ tham_quyen }}", align=C, bold=True, before=6, after=6)
    tag(doc, "{%p for c in can_cu %}")
    body(doc, "{{ c }}", italic=True)
    tag(doc, "{%p endfor %}")
    para(doc, "QUYẾT ĐỊNH:", align=C, bold=True, before=6, after=6)
    body(
        doc,
        " Tặng {{ hinh_thuc }} cho {{ doi_tuong }} (có danh sách kèm theo), {{ thanh_tich }}.",
        bold_lead="Điều 1.",
    )
    tag(doc, "{%p if co_tien %}")
    body(
        doc,
        " Tổng số tiền thưởng là {{ tong_tien }} đồng (Bằng chữ: {{ tong_tien_chu }}), "
        "chi từ {{ nguon_kinh_phi }}.",
        bold_lead="Điều 2.",
    )
    tag(doc, "{%p else %}")
    body(
        doc,
        " Tiền thưởng kèm theo các hình thức khen thưởng tại Điều 1 thực hiện theo quy định hiện hành, "
        "chi từ {{ nguon_kinh_phi }}.",
        bold_lead="Điều 2.",
    )
    tag(doc, "{%p endif %}")
    body(
        doc,
        " Quyết định này có hiệu lực kể từ ngày ký. {{ thi_hanh }}, Thủ trưởng các cơ quan, đơn vị có "
        "liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        bold_lead="Điều 3.",
    )
    signature_block(doc, w)
    page_break(doc)
    annex(
        doc,
        w,
        [
            ("STT", "r.stt", 1.2),
            ("Tên tập thể, họ và tên cá nhân", "r.name", 4.1),
            ("Chức vụ, đơn vị công tác", "r.where", 4.4),
            ("Hình thức khen thưởng", "r.form", 2.9),
            ("Số sổ vàng", "r.book", 1.5),
            ("Số tiền (đồng)", "r.amount", 2.4),
        ],
    )
    return doc


def annex(doc: Document, w: float, columns: list[tuple[str, str, float]], signed: bool = True) -> None:
    """The danh sách kèm theo: its own heading, the list, totals and the signer again."""
    para(doc, "{{ danh_sach.co_quan }}", align=L, size=13, bold=True)
    para(doc, "DANH SÁCH", align=C, bold=True, before=6)
    para(doc, "{{ danh_sach.tieu_de }}", align=C, bold=True)
    para(doc, "{{ danh_sach.tham_chieu }}", align=C, italic=True, after=6)
    grid_table(doc, columns, "danh_sach.dong", headings=True)
    tag(doc, "{%p if danh_sach.tong_tien %}")
    para(doc, "Tổng cộng tiền thưởng: {{ danh_sach.tong_tien }} đồng.", align=R, size=13, bold=True, before=6)
    tag(doc, "{%p endif %}")
    para(doc, "{{ danh_sach.tong_so }}", size=13, before=6)
    if signed:
        t = doc.add_table(rows=1, cols=2)
        borderless(t, [w * 0.45, w * 0.55])
        signer(t.rows[0].cells[1], "ky", first=True)


def submission() -> Document:
    doc = new_document()
    w = 16.5
    header(doc, body_cm=w)
    title(doc, "TỜ TRÌNH", body_cm=w)
    para(doc, "Kính gửi: {{ kinh_gui }}.", align=C, before=6, after=6)
    tag(doc, "{%p for c in can_cu %}")
    body(doc, "{{ c }}", italic=True)
    tag(doc, "{%p endfor %}")
    body(doc, "{{ ket_qua }}")
    body(
        doc,
        "{{ co_quan_ban_hanh_ten }} kính đề nghị {{ kinh_gui }} xem xét, {{ de_nghi }} cho {{ doi_tuong }} "
        "(có danh sách và hồ sơ kèm theo).",
    )
    body(doc, "Kính trình {{ kinh_gui }} xem xét, quyết định./.")
    signature_block(doc, w)
    page_break(doc)
    annex(
        doc,
        w,
        [
            ("STT", "r.stt", 1.1),
            ("Tên tập thể, họ và tên cá nhân", "r.name", 4.0),
            ("Chức vụ, đơn vị công tác", "r.where", 4.2),
            ("Tóm tắt thành tích", "r.summary", 4.4),
            ("Hình thức đề nghị", "r.form", 2.8),
        ],
    )
    return doc


def achievement_report() -> Document:
    doc = new_document()
    w = 16.5
    t = doc.add_table(rows=1, cols=2)
    borderless(t, [w * 0.40, w * 0.60])
    a, b = t.rows[0].cells
    para(a, "{{ co_quan_ban_hanh }}", align=C, size=13, bold=True, first=True)
    short_rule(para(a), 2.0, w * 0.40)
    para(b, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=C, size=13, bold=True, first=True)
    para(b, "Độc lập - Tự do - Hạnh phúc", align=C, size=14, bold=True)
    short_rule(para(b), 6.0, w * 0.60)
    para(b, "{{ dia_danh_ngay }}", align=C, italic=True)
    title(doc, "BÁO CÁO THÀNH TÍCH", "{{ trich_yeu }}", body_cm=w)
    para(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True, before=6, after=6)
    tag(doc, "{%p for l in ly_lich %}")
    body(doc, "- {{ l.nhan }}: {{ l.gia_tri }}.")
    tag(doc, "{%p endfor %}")
    para(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, before=6, after=6)
    para(doc, "1. Quyền hạn, nhiệm vụ được giao", bold=True, after=6)
    body(doc, "{{ nhiem_vu }}")
    para(doc, "2. Thành tích đạt được", bold=True, after=6)
    tag(doc, "{%p for t in thanh_tich %}")
    body(doc, "{{ t }}")
    tag(doc, "{%p endfor %}")
    para(doc, "3. Kết quả đánh giá, xếp loại", bold=True, after=6)
    tag(doc, "{%p for x in xep_loai %}")
    body(doc, "- Năm {{ x.nam }}: {{ x.muc }}.")
    tag(doc, "{%p endfor %}")
    para(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, before=6, after=6)
    para(doc, "1. Danh hiệu thi đua", bold=True, after=6)
    grid_table(
        doc,
        [
            ("Năm", "r.year", 1.6),
            ("Danh hiệu thi đua", "r.name", 6.4),
            ("Số, ngày, tháng, năm của quyết định công nhận; cơ quan ban hành quyết định", "r.ref", 8.5),
        ],
        "danh_hieu",
    )
    para(doc, "2. Hình thức khen thưởng", bold=True, before=6, after=6)
    grid_table(
        doc,
        [
            ("Năm", "r.year", 1.6),
            ("Hình thức khen thưởng", "r.name", 6.4),
            ("Số, ngày, tháng, năm của quyết định khen thưởng; cơ quan ban hành quyết định", "r.ref", 8.5),
        ],
        "hinh_thuc",
    )
    t = doc.add_table(rows=1, cols=2)
    borderless(t, [w * 0.5, w * 0.5])
    a, b = t.rows[0].cells
    signer(a, "xac_nhan", first=True)
    signer(b, "ky", first=True)
    return doc


def minutes() -> Document:
    doc = new_document(landscape=True)
    w = 25.2
    header(doc, body_cm=w)
    title(doc, "BIÊN BẢN", body_cm=w)
    body(doc, "Thời gian bắt đầu: {{ gio_bat_dau }}, ngày {{ ngay_bat_dau }}.")
    tag(doc, "{%p for c in noi_dung %}")
    body(doc, "{{ c }}")
    tag(doc, "{%p endfor %}")
    grid_table(
        doc,
        [
            ("STT", "r.stt", 1.1),
            ("Tên tập thể, họ và tên cá nhân", "r.name", 4.6),
            ("Đơn vị đề nghị", "r.proposer", 3.4),
            ("Hình thức đề nghị", "r.form", 3.6),
            ("Số phiếu đồng ý", "r.yes", 1.8),
            ("Tổng số thành viên", "r.members", 1.9),
            ("Tỷ lệ", "r.share", 1.9),
            ("Kết quả", "r.passed", 1.9),
            ("Kết luận của Hội đồng", "r.conclusion", 5.0),
        ],
        "danh_sach.dong",
        size=11,
        headings=True,
    )
    tag(doc, "{%p for c in ket_luan %}")
    body(doc, "{{ c }}")
    tag(doc, "{%p endfor %}")
    body(doc, "Thời gian kết thúc: {{ gio_ket_thuc }}, ngày {{ ngay_ket_thuc }}.")
    signature_block(doc, w, recipients=False, left_signer="thu_ky")
    return doc


BUILDERS: dict[str, Callable[[], Document]] = {
    "quyet-dinh-khen-thuong": decision,
    "to-trinh-de-nghi": submission,
    "bao-cao-thanh-tich": achievement_report,
    "bien-ban-hoi-dong": minutes,
}


def _fixed_metadata(doc: Document) -> None:
    """No build time or user in the file: the same script gives the same bytes of text."""
    props = doc.core_properties
    props.author = "emudesk"
    props.last_modified_by = "emudesk"
    props.comments = "Mẫu văn bản của emudesk (NĐ 30/2020/NĐ-CP)"
    props.revision = 1
    from datetime import datetime

    props.created = props.modified = datetime(2026, 1, 1)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        doc = build()
        _fixed_metadata(doc)
        doc.save(str(OUT / f"{name}.docx"))
        print(OUT / f"{name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
