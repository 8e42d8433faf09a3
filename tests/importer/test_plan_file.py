"""A plan's text from its file: Word, PDF with a text layer, plain text; a scan says it is one."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from emudesk import paths
from emudesk.domain.plan_reading.extract import read_plan
from emudesk.importer import plan_file
from emudesk.importer.plan_file import read_plan_file
from emudesk.importer.safety import ImportFileError
from tests.domain.plan_samples import UNSEEN_PLAN

HEADER, BODY = UNSEEN_PLAN.split("KẾ HOẠCH\n", 1)


def _quotas(text: str) -> list[tuple[str, list[str], int | None]]:
    return [(q.kind, q.forms, q.limit) for q in read_plan(text).quotas]


def test_a_word_plan_reads_its_header_table_and_body(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 58/KH-UBND"
    right.text = "\n".join(
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Ninh Thuận, ngày 05 tháng 02 năm 2025",
        ]
    )
    document.add_paragraph("KẾ HOẠCH")
    for line in BODY.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "ke-hoach.docx"
    document.save(str(path))

    plan = read_plan_file(path)
    assert plan.source_format == "docx" and not plan.ocr
    r = read_plan(plan.text)
    assert (r.plan_number and r.plan_number.value, r.place and r.place.value) == ("58", "Ninh Thuận")
    assert r.issuing_body is not None and r.issuing_body.value == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert _quotas(plan.text) == _quotas(UNSEEN_PLAN)


def _pdf(path: Path, lines: list[str]) -> Path:
    font = paths.resources_dir() / "fonts" / "LiberationSerif-Regular.ttf"
    pdfmetrics.registerFont(TTFont("PlanSans", str(font)))
    c = canvas.Canvas(str(path))
    c.setFont("PlanSans", 9)
    y = 800
    if not lines:
        c.rect(30, 30, 500, 700, fill=1)  # a page image, as a scanner writes it, with no text
    for line in lines:
        if y < 40:
            c.showPage()
            c.setFont("PlanSans", 9)
            y = 800
        c.drawString(30, y, line)
        y -= 12
    c.save()
    return path


def test_a_pdf_with_a_text_layer_reads_without_ocr(tmp_path: Path) -> None:
    plan = read_plan_file(_pdf(tmp_path / "ke-hoach.pdf", UNSEEN_PLAN.splitlines()))
    assert plan.source_format == "pdf" and not plan.ocr and plan.pages == 1
    assert _quotas(plan.text) == _quotas(UNSEEN_PLAN)


def test_a_scan_without_text_says_so_when_no_ocr_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_file, "ocr_available", lambda: False)
    scan = _pdf(tmp_path / "scan.pdf", [])
    with pytest.raises(ImportFileError, match="bản quét, không có lớp chữ"):
        read_plan_file(scan)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.odt", b"PK\x03\x04", "chỉ đọc được từ tệp .docx"),
        ("ke-hoach.txt", b"K\xea\xcc\xa3 ho\xe0ch \xff", "không phải văn bản UTF-8"),
        ("ke-hoach.docx", b"not a zip", "không phải tài liệu Word"),
        ("ke-hoach.pdf", b"%PDF-1.4 broken", "không phải tệp PDF"),
    ],
)
def test_files_that_are_no_plan_are_refused_with_the_reason(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match=message):
        read_plan_file(path)


def test_plain_text_is_read_as_nfc(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.md"
    path.write_text("Thái Bình\r\n", encoding="utf-8")
    path.write_bytes("\ufeffTha\u0301i Bi\u0300nh\r\n".encode())
    assert read_plan_file(path).text == "Thái Bình\n"
