"""The PDF renderer, read back with pdftotext (poppler), pypdf and pdftoppm."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest

from emudesk.export import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    Column,
    Document,
    Header,
    Orientation,
    Table,
    render,
)
from tests.export.conftest import (
    FIXED_NAMES,
    LIST_COLUMNS,
    council_minutes,
    list_row,
    nomination_list,
    pdf_text,
    person_name,
    require_tool,
    summary_report,
)

MM = 72 / 25.4


def _pdf(document: Document, tmp_path: Path, name: str = "out.pdf") -> Path:
    return render(document, tmp_path / name)


def _pages(path: Path) -> list[str]:
    """pdftotext output per page (it separates pages with form feeds)."""
    return pdf_text(path).split("\f")[:-1]


def _top_margin_text(path: Path) -> list[str]:
    """Text drawn in the top margin of each page, via pypdf's text positions."""
    out = []
    for page in pypdf.PdfReader(path).pages:
        height = float(page.mediabox.height)
        found: list[str] = []

        def visit(
            text: str,
            cm: object,
            tm: list[float],
            *_args: object,
            _found: list[str] = found,
            _top: float = height,
        ) -> None:
            if text.strip() and tm[5] > _top - 20 * MM:
                _found.append(text.strip())

        page.extract_text(visitor_text=visit)
        out.append(" ".join(found))
    return out


def test_every_name_comes_back_with_its_diacritics(tmp_path: Path) -> None:
    document = nomination_list(150)
    text = pdf_text(_pdf(document, tmp_path))
    for i in range(150):
        assert person_name(i) in text, person_name(i)
    for name in FIXED_NAMES:
        assert name in text


def test_nfd_input_is_drawn_as_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Trần Văn Ước")
    document = Document(
        header=Header("Sở Nội vụ"), tables=(Table.from_rows((Column("n", "Họ và tên"),), [(nfd,)]),)
    )
    text = pdf_text(_pdf(document, tmp_path))
    assert "Trần Văn Ước" in unicodedata.normalize("NFC", text)
    assert "Trần Văn Ước" in text  # already NFC in the file


def test_nd30_header_on_page_one(tmp_path: Path) -> None:
    first = _pages(_pdf(nomination_list(30), tmp_path))[0]
    for text in (
        "UBND TỈNH THÁI BÌNH",
        "SỞ NỘI VỤ",
        NATIONAL_TITLE,
        NATIONAL_MOTTO,
        "Số: 15/DS-SNV",
        "Thái Bình, ngày 05 tháng 01 năm 2026",
        "DANH SÁCH",
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Thái Bình)",
        "I. BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
        "1. Tập thể",
    ):
        assert text in first, text


def test_page_count_grows_and_column_header_repeats(tmp_path: Path) -> None:
    small = pypdf.PdfReader(_pdf(nomination_list(10), tmp_path, "small.pdf"))
    big_path = _pdf(nomination_list(200), tmp_path, "big.pdf")
    big = pypdf.PdfReader(big_path)
    assert len(big.pages) > len(small.pages) + 5
    pages = _pages(big_path)
    for page in pages[1:-1]:
        assert "Họ và tên" in page and "Tóm tắt thành tích" in page
        assert NATIONAL_TITLE not in page


def test_page_numbers_in_the_top_margin_from_page_two(tmp_path: Path) -> None:
    tops = _top_margin_text(_pdf(nomination_list(60), tmp_path))
    assert len(tops) >= 3
    assert tops[0] == ""
    assert tops[1:] == [str(n) for n in range(2, len(tops) + 1)]


def test_rows_are_not_split_between_pages(tmp_path: Path) -> None:
    pages = _pages(_pdf(nomination_list(120), tmp_path))
    for i in range(120):
        # Each row has a unique "số <i>" in its unit cell; its name is on the same page.
        where = [n for n, page in enumerate(pages) if re.search(rf"(?<!định )số {i}\b", page)]
        assert len(where) == 1, (i, where)
        assert person_name(i) in pages[where[0]]


def _fragments(path: Path) -> list[list[tuple[str, float]]]:
    """Per page, every piece of text with the height of its baseline."""
    pages = []
    for page in pypdf.PdfReader(path).pages:
        found: list[tuple[str, float]] = []

        def visit(text: str, cm: object, tm: list[float], *_args: object, _found: list = found) -> None:
            if text.strip():
                _found.append((text.strip(), tm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def test_section_headings_are_never_last_on_a_page(tmp_path: Path) -> None:
    headings = ("I. BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH", "1. Tập thể", "2. Cá nhân", "3. Hộ gia đình")
    for rows in range(9, 40, 3):
        for page in _fragments(_pdf(nomination_list(rows), tmp_path, f"{rows}.pdf")):
            for text, y in page:
                if text in headings:
                    # A data row (its STT is a bare number) is drawn below the heading on the same page.
                    assert any(t[:1].isdigit() and below < y for t, below in page), (rows, text)


def test_a_row_taller_than_a_page_is_continued(tmp_path: Path) -> None:
    long_summary = " ".join(f"Thành tích thứ {k} của đơn vị trong năm." for k in range(400))
    row = (1, "Trần Văn Ước", "Phòng Thi đua", None, long_summary, 1.0)
    document = Document(
        header=Header("Sở Nội vụ"), tables=(Table.from_rows(LIST_COLUMNS, [row, list_row(5, 2)]),)
    )
    path = _pdf(document, tmp_path)
    pages = _pages(path)
    assert len(pages) >= 3
    joined = " ".join(" ".join(pages).split())
    assert "Thành tích thứ 0 của" in joined and "Thành tích thứ 399 của đơn vị trong năm." in joined
    assert all("Họ và tên" in page for page in pages)


def test_signature_block_is_kept_together(tmp_path: Path) -> None:
    for rows in (10, 11, 12, 13, 14, 15):
        pages = _pages(_pdf(nomination_list(rows), tmp_path, f"{rows}.pdf"))
        holder = [n for n, page in enumerate(pages) if "KT. GIÁM ĐỐC" in page]
        assert len(holder) == 1
        assert "Lương Thị Huyền" in pages[holder[0]] and "PHÓ GIÁM ĐỐC" in pages[holder[0]]
        assert "Nơi nhận:" in pages[holder[0]]


def test_minutes_and_report(tmp_path: Path) -> None:
    text = pdf_text(_pdf(council_minutes(), tmp_path, "minutes.pdf"))
    for s in ("BIÊN BẢN", "Số phiếu", "Đồng ý", "81,82 %", "THƯ KÝ", "CHỦ TỌA", "Có mặt 11/11"):
        assert s in text, s
    assert re.search(r"Số:\s+/BB-HĐTĐKT", text)  # the number is left blank to write by hand
    text = pdf_text(_pdf(summary_report(), tmp_path, "report.pdf"))
    for s in ("BÁO CÁO", "1. Số lượng theo hình thức", "2. Chỉ tiêu đã sử dụng", "Cộng", "80,0 %", "100,0 %"):
        assert s in text, s


def test_metadata_fonts_and_orientation(tmp_path: Path) -> None:
    reader = pypdf.PdfReader(_pdf(nomination_list(5), tmp_path))
    meta = reader.metadata
    assert meta is not None and meta.title is not None
    assert meta.title.startswith("DANH SÁCH Tập thể")
    assert meta.author == "Sở Nội vụ tỉnh Thái Bình"
    assert meta.subject == "Khen thưởng năm 2025"
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # a wide list is landscape
    fonts = page["/Resources"]["/Font"]  # type: ignore[index]
    embedded = [f.get_object()["/FontDescriptor"].get_object() for f in fonts.values()]
    assert embedded and all("/FontFile2" in d for d in embedded)
    assert {d["/FontName"].split("+")[1] for d in embedded} >= {"LiberationSerif", "LiberationSerif-Bold"}
    portrait = pypdf.PdfReader(_pdf(nomination_list(5, landscape=Orientation.PORTRAIT), tmp_path, "p.pdf"))
    assert float(portrait.pages[0].mediabox.height) > float(portrait.pages[0].mediabox.width)


def test_page_one_preview_png(tmp_path: Path) -> None:
    """Renders page 1 so a person can look at the layout: left in tmp_path, which pytest keeps for
    its last three runs (pytest-current/…)."""
    render(nomination_list(40), tmp_path / "export-list.pdf")
    render(council_minutes(), tmp_path / "export-minutes.pdf")
    for stem in ("export-list", "export-minutes"):
        subprocess.run(
            [require_tool("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
             str(tmp_path / f"{stem}.pdf"), str(tmp_path / f"{stem}-page1")],
            check=True,
            timeout=60,
        )  # fmt: skip
        png = tmp_path / f"{stem}-page1.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("rows", [0, 1])
def test_tiny_tables(tmp_path: Path, rows: int) -> None:
    document = Document(
        header=Header("Sở Nội vụ"), tables=(Table.from_rows(LIST_COLUMNS, [list_row(0, 1)][:rows]),)
    )
    text = pdf_text(_pdf(document, tmp_path))
    assert "Họ và tên" in text
    assert ("Nguyễn Thị Ánh" in text) == bool(rows)
