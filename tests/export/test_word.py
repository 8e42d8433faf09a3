"""Word templates: the bundled ones fill with their sample values; a broken one is refused with the
placeholder it trips on; the PDF drawn from a filled .docx carries its text and metadata."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from emudesk.domain.errors import ValidationError
from emudesk.export.word import SAMPLES, TemplateKind, bundled_template, check_template, render_docx
from emudesk.export.word_pdf import docx_to_pdf
from tests.readback import pdf_raw_text


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _with_paragraph(template: bytes, text: str) -> bytes:
    document = docx.Document(io.BytesIO(template))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", list(TemplateKind))
def test_each_bundled_template_fills_with_its_placeholders(kind: TemplateKind) -> None:
    filled = _text(render_docx(bundled_template(kind), SAMPLES[kind]))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in filled and "Độc lập - Tự do - Hạnh phúc" in filled
    assert "{{" not in filled and "{%" not in filled
    assert SAMPLES[kind]["ky"]["ho_ten"] in filled


def test_the_template_file_is_what_the_build_script_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scripts import make_doc_templates

    monkeypatch.setattr(make_doc_templates, "OUT", tmp_path)
    make_doc_templates.main()
    for kind in TemplateKind:
        assert _text((tmp_path / kind.filename).read_bytes()) == _text(bundled_template(kind))


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Số quyết định: {{ so_quyet_dinh_sai }}", "{{ so_quyet_dinh_sai }}"),
        ("Ký: {{ ky.chuc_danh }}", "{{ ky.chuc_danh }}"),
        ("Ngày: {{ ngay_quyet_dinh ", "{{ ngay_quyet_dinh"),
        ("Tổng: {{ tong_tien | | }}", "{{ tong_tien | | }}"),
    ],
)
def test_a_broken_template_is_refused_naming_the_placeholder(typed: str, named: str) -> None:
    broken = _with_paragraph(bundled_template(TemplateKind.DECISION), typed)
    with pytest.raises(ValidationError) as caught:
        check_template(TemplateKind.DECISION, broken, name="qd.docx")
    assert named in str(caught.value) and "qd.docx" in str(caught.value)


def test_a_file_that_is_not_a_docx_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"not a Word document|không phải"):
        check_template(TemplateKind.DECISION, b"%PDF-1.4 not a template", name="x.pdf")


def test_text_with_markup_characters_is_escaped_not_broken() -> None:
    context = dict(SAMPLES[TemplateKind.DECISION], thanh_tich="đạt <100%> & “vượt” kế hoạch")
    assert "đạt <100%> & “vượt” kế hoạch" in _text(
        render_docx(bundled_template(TemplateKind.DECISION), context)
    )


def test_the_pdf_drawn_from_a_filled_docx(tmp_path: Path) -> None:
    filled = render_docx(bundled_template(TemplateKind.DECISION), SAMPLES[TemplateKind.DECISION])
    target = tmp_path / "qd.pdf"
    with open(target, "wb") as fh:
        docx_to_pdf(filled, fh, title="Quyết định số 01/QĐ-UBND", author="Ủy ban nhân dân tỉnh Hưng Yên")
    text = pdf_raw_text(target)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Căn cứ Luật Thi đua, khen thưởng;",
        "Điều 2.",
        "Hai triệu tám trăm mười nghìn đồng",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn A",
    ):
        assert expected in text
    import pypdf

    reader = pypdf.PdfReader(target)
    meta = reader.metadata
    assert meta is not None and meta.title == "Quyết định số 01/QĐ-UBND" and meta.creator == "emudesk"
    # Only the embedded font: a base-14 Helvetica has no Vietnamese and is not in the file.
    used = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert used and all("LiberationSerif" in name for name in used), used
