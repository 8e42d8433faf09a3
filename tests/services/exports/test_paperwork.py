"""The papers an office signs, from the demo: a decision's .docx read back by LibreOffice and its own
PDF hold the same Căn cứ, Điều 1-3 with the total in words, Nơi nhận, number and signer; an
office's edited template is used by the next export; a broken one is refused, naming its placeholder."""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from emudesk.db.models import Decision, Nomination, ReviewSession, Setting
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.export.word import TemplateKind, bundled_template
from emudesk.services.core.store import Store
from emudesk.services.exports import templates
from emudesk.services.exports.paperwork import PaperParams, export_paper
from tests.export.conftest import require_tool
from tests.readback import pdf_raw_text

TOTAL_IN_WORDS = "Mười bốn triệu không trăm bốn mươi nghìn đồng"  # decision 150: 7.020.000 × 2


def _decision(store: Store, number: str) -> int:
    with store.read() as s:
        found = s.scalar(select(Decision.id).where(Decision.number == number))
    assert found is not None
    return found


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return " ".join(" ".join(parts).split())


def _expect_decision(text: str) -> None:
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15" in text
    assert "Căn cứ Kế hoạch số 35/KH-UBND" in text
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số" in text
    assert "Điều 1. Tặng danh hiệu Chiến sĩ thi đua" in text and "(có danh sách kèm theo)" in text
    assert f"Điều 2. Tổng số tiền thưởng là 14.040.000 đồng (Bằng chữ: {TOTAL_IN_WORDS})" in text
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert "Nơi nhận:" in text and "- Như Điều 3;" in text
    assert "Số: 150/QĐ-UBND" in text and "Hưng Yên, ngày 26 tháng 01 năm 2026" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" in text  # thẩm quyền ban hành
    assert "Trần Quốc Văn" in text  # the signer of the form's authority
    # The danh sách kèm theo: sổ vàng number and cash per line.
    assert "Kèm theo Quyết định số 150/QĐ-UBND" in text and "7.020.000" in text


@pytest.mark.libreoffice
@pytest.mark.sqlite_only("LibreOffice reads the file; the paper's reading of both engines is tested below")
def test_a_demo_decision_opens_in_libreoffice_and_its_pdf_says_the_same(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    did = _decision(store, "150/QĐ-UBND")
    word = export_paper(store, "decision-document", PaperParams(decision_id=did), tmp_path / "qd.docx")
    _expect_decision(_docx_text(word))
    soffice = require_tool("soffice")
    out = tmp_path / "lo"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), str(word)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    _expect_decision(pdf_raw_text(out / "qd.pdf"))

    own = export_paper(store, "decision-document", PaperParams(decision_id=did), tmp_path / "qd.pdf")
    _expect_decision(pdf_raw_text(own))
    import pypdf

    meta = pypdf.PdfReader(own).metadata
    assert (
        meta is not None and meta.title.startswith("Quyết định số 150/QĐ-UBND") and meta.creator == "emudesk"
    )


def _edited(template: bytes, text: str) -> bytes:
    """What a clerk does in Word: change a line of the template and save."""
    document = docx.Document(io.BytesIO(template))
    for paragraph in document.paragraphs:
        if "Điều 3." in paragraph.text:
            paragraph.add_run(" " + text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_office_template_is_used_by_the_next_export_and_reset(demo_store: Store, tmp_path: Path) -> None:
    did = _decision(demo_store, "150/QĐ-UBND")
    params = PaperParams(decision_id=did)
    mine = _edited(
        bundled_template(TemplateKind.DECISION), "Quyết định được gửi tới {{ ky.ho_ten }} để biết."
    )
    with demo_store.write("test") as s:
        info = templates.save_template(s, TemplateKind.DECISION, mine, name="qd-cua-so.docx")
    assert info.custom and info.file_name == "qd-cua-so.docx"
    with demo_store.read() as s:
        assert [t.custom for t in templates.list_templates(s)] == [True, False, False, False]
        # In the database settings, so it travels with a backup or a transfer.
        assert s.get(Setting, templates.setting_key(TemplateKind.DECISION)) is not None
    edited = "Quyết định được gửi tới Trần Quốc Văn để biết."
    assert edited in _docx_text(export_paper(demo_store, "decision-document", params, tmp_path / "a.docx"))
    assert edited in pdf_raw_text(export_paper(demo_store, "decision-document", params, tmp_path / "a.pdf"))

    with demo_store.write("test") as s:
        templates.reset_template(s, TemplateKind.DECISION)
    assert edited not in _docx_text(
        export_paper(demo_store, "decision-document", params, tmp_path / "b.docx")
    )


def test_a_broken_template_is_refused_and_the_one_in_use_stays(demo_store: Store, tmp_path: Path) -> None:
    did = _decision(demo_store, "150/QĐ-UBND")
    broken = _edited(bundled_template(TemplateKind.DECISION), "Số: {{ so_quyet_dinh_cu }}.")
    with pytest.raises(ValidationError) as caught, demo_store.write("test") as s:
        templates.save_template(s, TemplateKind.DECISION, broken, name="hong.docx")
    assert "{{ so_quyet_dinh_cu }}" in str(caught.value) and "hong.docx" in str(caught.value)
    with demo_store.read() as s:
        assert not templates.template_bytes(s, TemplateKind.DECISION)[1]

    # A template already stored that no longer fills (a placeholder this version dropped) is
    # refused at export: no file, and the message names it.
    with demo_store.write("test") as s:
        templates.save_template(s, TemplateKind.DECISION, bundled_template(TemplateKind.DECISION))
        row = s.get(Setting, templates.setting_key(TemplateKind.DECISION))
        assert row is not None
        text = base64.b64encode(broken).decode()
        row.value = {**row.value, "data": [text[i : i + 16000] for i in range(0, len(text), 16000)]}
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match=r"\{\{ so_quyet_dinh_cu \}\}"):
        export_paper(demo_store, "decision-document", PaperParams(decision_id=did), out / "qd.docx")
    assert list(out.iterdir()) == []


def test_submission_report_and_minutes_as_word_and_pdf(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        nomination = s.scalar(
            select(Nomination.id)
            .where(Nomination.campaign_id == 4, Nomination.subject_kind == SubjectKind.INDIVIDUAL)
            .order_by(Nomination.id)
        )
        collective = s.scalar(
            select(Nomination.id).where(Nomination.subject_kind == SubjectKind.UNIT).order_by(Nomination.id)
        )
        meeting = s.scalar(select(ReviewSession.id))
    cases = [
        ("submission", PaperParams(campaign_id=4), ("TỜ TRÌNH", "Kính gửi:", "DANH SÁCH", "Kính trình")),
        ("achievement-report", PaperParams(nomination_id=nomination),
         ("BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC LÝ LỊCH", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "Năm 2025")),
        ("achievement-report", PaperParams(nomination_id=collective),
         ("Tên tập thể:", "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "Cờ thi đua")),
        ("minutes", PaperParams(session_id=meeting),
         ("BIÊN BẢN", "Số: 01/BB-HĐTĐKT", "92,31 %", "Thống nhất đề nghị", "THƯ KÝ", "CHỦ TRÌ")),
    ]  # fmt: skip
    for n, (kind, params, expected) in enumerate(cases):
        word = _docx_text(export_paper(demo_store, kind, params, tmp_path / f"{n}.docx"))
        pdf = pdf_raw_text(export_paper(demo_store, kind, params, tmp_path / f"{n}.pdf"))
        for text in expected:
            assert text in word, (kind, text)
            assert text in pdf, (kind, text)


def test_an_office_template_travels_with_a_transfer_and_a_backup(demo_store: Store, tmp_path: Path) -> None:
    from emudesk.services.transfer.copying import transfer

    mine = _edited(bundled_template(TemplateKind.DECISION), "Mẫu riêng của Sở.")
    with demo_store.write("test") as s:
        templates.save_template(s, TemplateKind.DECISION, mine, name="qd-so.docx")
    copy = tmp_path / "chuyen.sqlite3"
    transfer(demo_store, copy)  # from either engine to a file
    moved = Store.open(copy)
    try:
        with moved.read() as s:
            assert templates.template_bytes(s, TemplateKind.DECISION) == (mine, True)
        saved = moved.backup(tmp_path / "sao-luu.sqlite3")
    finally:
        moved.close()
    restored = Store.open(saved)
    try:
        did = _decision(restored, "150/QĐ-UBND")
        word = export_paper(restored, "decision-document", PaperParams(decision_id=did), tmp_path / "qd.docx")
        assert "Mẫu riêng của Sở." in _docx_text(word)
    finally:
        restored.close()


def test_the_legal_bases_are_those_in_force_on_the_decision_date_for_its_forms(
    demo_store: Store, tmp_path: Path
) -> None:
    new = _docx_text(
        export_paper(
            demo_store, "decision-document", PaperParams(decision_id=_decision(demo_store, "150/QĐ-UBND")),
            tmp_path / "new.docx",
        )
    )  # fmt: skip
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in new
    assert "Nghị định số 98/2023" not in new
    assert "86/2023" not in new  # the decree on Gia đình văn hóa governs none of its forms
    old = _docx_text(
        export_paper(
            demo_store, "decision-document", PaperParams(decision_id=_decision(demo_store, "25/QĐ-UBND")),
            tmp_path / "old.docx",
        )
    )  # fmt: skip
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP" in old and "152/2025" not in old  # January 2024
    assert "Quy chế công tác thi đua, khen thưởng tỉnh Hưng Yên" not in old  # a Thái Bình decision


def test_a_decision_without_recorded_amounts_lists_what_article_2_pays(
    demo_store: Store, tmp_path: Path
) -> None:
    from emudesk.services.decisions import cash

    did = _decision(demo_store, "112/QĐ-UBND")  # its awards carry no cash amount yet
    with demo_store.read() as s:
        due = cash.compute(s, did)
    assert due.total > 0
    word = export_paper(demo_store, "decision-document", PaperParams(decision_id=did), tmp_path / "qd.docx")
    document = docx.Document(str(word))
    annex = document.tables[-2]  # the list; the last table is the signature block
    cells = [row.cells[-1].text.replace(".", "") for row in annex.rows[1:]]
    amounts = [int(text) for text in cells if text.isdigit()]
    assert sum(amounts) == due.total and len(amounts) == len([x for x in due.lines if x.amount])
    text = _docx_text(word)
    total = f"{due.total:,}".replace(",", ".")
    assert f"Tổng số tiền thưởng là {total} đồng" in text and f"Tổng cộng tiền thưởng: {total} đồng" in text
