"""How fast emudesk's exporters are against the bare libraries (a script, not a test).

    .venv/bin/python benchmarks/export_floor.py [--repeat 5]

Prints median timings for:
  * raw openpyxl write-only ``append`` of 10,000 x 8 values vs ``write_xlsx`` of the same cells
    (styled, with header, row heights and print set-up);
  * a raw reportlab canvas floor for 1,000 rows (``simpleSplit`` + ``drawString`` + ``rect`` per
    cell, new page when full) vs ``write_pdf`` for 1,000 and 5,000 rows with wrapped summaries.
Targets: xlsx <= 1.2 x raw; PDF 1,000 rows <= 1.5 x the floor; PDF 5,000 rows < 2.2 s
(LibreOffice's xlsx -> pdf conversion of the same list).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from emudesk.export import fonts
from emudesk.export.document import Column, ColumnKind, Document, Header, Signature, Table
from emudesk.export.pdf import write_pdf
from emudesk.export.xlsx import write_xlsx

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Ngô", "Vũ"]
MIDDLE = ["Thị", "Văn", "Quốc", "Minh", "Thu", "Hữu", "Ngọc", "Đức"]
GIVEN = ["Ánh", "Hưng", "Ước", "Nhung", "Dũng", "Hằng", "Phúc", "Thảo", "Khoa", "Yến"]
UNITS = [
    "Phòng Tổ chức cán bộ",
    "Văn phòng Sở",
    "Trường THPT Lê Quý Đôn",
    "UBND xã Vũ Thư",
    "Ban Thi đua - Khen thưởng",
]
PHRASES = [
    "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    "có sáng kiến được Hội đồng sáng kiến cấp cơ sở công nhận",
    "góp phần hoàn thành nhiệm vụ chung của cơ quan, đơn vị",
    "tích cực tham gia phong trào thi đua yêu nước",
    "02 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
]
COLUMNS = (
    Column("stt", "STT", 5, ColumnKind.INT),
    Column("name", "Họ và tên", 22),
    Column("position", "Chức vụ", 14),
    Column("unit", "Đơn vị công tác", 22),
    Column("born", "Ngày sinh", 11, ColumnKind.DATE),
    Column("form", "Hình thức", 12),
    Column("summary", "Tóm tắt thành tích", 45),
    Column("amount", "Số tiền (đồng)", 13, ColumnKind.NUMBER),
)


def make_rows(n: int, seed: int = 7) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    return [
        (
            i + 1,
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            rng.choice(["Chuyên viên", "Trưởng phòng", "Giáo viên", "Phó Chủ tịch UBND xã"]),
            rng.choice(UNITS),
            date(1965, 1, 1) + timedelta(days=rng.randint(0, 14000)),
            rng.choice(["Bằng khen", "Giấy khen", "CSTĐCS"]),
            "; ".join(rng.sample(PHRASES, rng.randint(1, 4))) + ".",
            float(rng.choice([1_170_000, 2_340_000, 3_510_000])),
        )
        for i in range(n)
    ]


def make_document(rows: list[tuple[object, ...]]) -> Document:
    header = Header(
        issuing_agency="Sở Nội vụ",
        parent_agency="UBND tỉnh Thái Bình",
        number=15,
        code="DS-SNV",
        place="Thái Bình",
        date=date(2026, 1, 5),
        summary=("Cá nhân được đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",),
    )
    return Document(
        header=header,
        tables=(Table.from_rows(COLUMNS, rows),),
        signatures=(Signature("Phó Giám đốc", "Đặng Quốc Hưng", "KT. GIÁM ĐỐC"),),
    )


def raw_xlsx(rows: list[tuple[object, ...]]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    for row in rows:
        ws.append(row)
    wb.save(io.BytesIO())


def raw_pdf(rows: list[tuple[object, ...]]) -> None:
    """The floor: the obvious direct-canvas loop, with no layout rules at all."""
    size, leading = 12, 14.4
    width, height = landscape(A4)
    c = Canvas(io.BytesIO(), pagesize=(width, height))
    total = sum(col.width for col in COLUMNS)
    widths = [col.width / total * (width - 45 * 72 / 25.4) for col in COLUMNS]
    y = height - 60
    for row in rows:
        cells = [simpleSplit(str(v), fonts.REGULAR, size, w - 6) for v, w in zip(row, widths, strict=True)]
        h = max(len(lines) for lines in cells) * leading + 5
        if y - h < 57:
            c.showPage()
            y = height - 60
        x = 85.0
        for lines, w in zip(cells, widths, strict=True):
            c.rect(x, y - h, w, h)
            c.setFont(fonts.REGULAR, size)
            for k, line in enumerate(lines):
                c.drawString(x + 3, y - 14 - k * leading, line)
            x += w
        y -= h
    c.save()


def median(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    fonts.register_fonts()  # once per process, as the app does

    rows = make_rows(10_000)
    doc = make_document(rows)
    raw = median(lambda: raw_xlsx(rows), args.repeat)
    ours = median(lambda: write_xlsx(doc, io.BytesIO()), args.repeat)
    print(f"xlsx 10,000 x 8  raw write-only {raw:6.3f} s  write_xlsx {ours:6.3f} s  ratio {ours / raw:4.2f}")

    rows_1k = make_rows(1_000)
    doc_1k = make_document(rows_1k)
    doc_5k = make_document(make_rows(5_000))
    floor = median(lambda: raw_pdf(rows_1k), args.repeat)
    pdf_1k = median(lambda: write_pdf(doc_1k, io.BytesIO()), args.repeat)
    pdf_5k = median(lambda: write_pdf(doc_5k, io.BytesIO()), max(args.repeat // 2, 1))
    ratio = pdf_1k / floor
    print(f"pdf  1,000 rows  raw canvas     {floor:6.3f} s  write_pdf  {pdf_1k:6.3f} s  ratio {ratio:4.2f}")
    print(f"pdf  5,000 rows                           write_pdf  {pdf_5k:6.3f} s  (LibreOffice ~2.2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
