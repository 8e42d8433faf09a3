"""``emudesk export decision-document|submission|achievement-report|minutes``: Word or PDF papers,
with the same exit codes and output guards as the lists."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.cli.running import run
from tests.readback import pdf_raw_text


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _word(path: Path) -> str:
    document = docx.Document(str(path))
    return " ".join(p.text for p in document.paragraphs)


def test_each_paper_as_word_and_pdf(demo_db: str, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", demo_db)
    code, text, err = run(
        capsys, "export", "decision-document", "--decision", "5", "-o", str(out / "qd.docx"), *db
    )
    assert code == 0, err
    assert str(out / "qd.docx") in text and "Mười bốn triệu không trăm bốn mươi nghìn đồng" in _word(
        out / "qd.docx"
    )
    code, _, err = run(
        capsys,
        "export",
        "decision-document",
        "--decision",
        "5",
        "--format",
        "pdf",
        "-o",
        str(out / "qd"),
        *db,
    )
    assert code == 0, err
    assert "Số: 150/QĐ-UBND" in pdf_raw_text(out / "qd.pdf")  # the suffix was added
    # Written again: emudesk's own .docx is replaced without --force.
    code, _, err = run(
        capsys, "export", "decision-document", "--decision", "5", "-o", str(out / "qd.docx"), *db
    )
    assert code == 0, err
    for args in (
        ("submission", "--campaign", "4", "--date", "02/03/2026", "-o", str(out / "tt.docx")),
        ("achievement-report", "--nomination", "179", "-o", str(out / "bc.pdf")),
        ("minutes", "--session", "1", "-o", str(out / "bb.docx")),
    ):
        code, _, err = run(capsys, "export", *args, *db)
        assert code == 0, (args, err)
    assert "ngày 02 tháng 3 năm 2026" in _word(out / "tt.docx")
    assert "BÁO CÁO THÀNH TÍCH" in pdf_raw_text(out / "bc.pdf")
    assert "BIÊN BẢN" in _word(out / "bb.docx")


def test_bad_usage_exits_2_and_bad_ids_1_leaving_no_file(
    demo_db: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db)
    for args in (
        ("decision-document", "-o", str(out / "x.docx")),  # no decision
        ("decision-document", "--decision", "5", "-o", str(out / "x.xlsx")),  # no workbook of a paper
        ("decision-document", "--decision", "5", "-o", str(out / "x.txt")),
        ("decision-document", "--decision", "5", "--format", "pdf", "-o", str(out / "x.docx")),
        ("submission", "--decision", "5", "--campaign", "4", "-o", str(out / "x.docx")),
        ("achievement-report", "--campaign", "4", "-o", str(out / "x.docx")),
        ("nominations", "--campaign", "4", "--nomination", "1", "-o", str(out / "x.pdf")),
        ("summary", "--year", "2025", "--format", "docx", "-o", str(out / "x")),
    ):
        code, _, err = run(capsys, "export", *args, *db)
        assert code == 2, (args, err)
        assert "cách dùng:" in err
    for args in (
        ("decision-document", "--decision", "9999", "-o", str(out / "x.docx")),
        ("achievement-report", "--nomination", "9999", "-o", str(out / "x.pdf")),
        ("minutes", "--session", "9999", "-o", str(out / "x.docx")),
    ):
        code, _, err = run(capsys, "export", *args, *db)
        assert code == 1 and "9999" in err and "Traceback" not in err, (args, err)
    assert list(out.iterdir()) == []


def test_a_word_file_someone_saved_is_kept_unless_forced(
    demo_db: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out / "qd.docx"
    document = docx.Document()
    document.add_paragraph("Bản đã sửa tay")
    document.core_properties.last_modified_by = "Văn thư"
    document.save(str(target))
    before = target.read_bytes()
    args = ("export", "decision-document", "--decision", "5", "-o", str(target), "--db", demo_db)
    code, _, err = run(capsys, *args)
    assert code == 1 and "--force" in err and target.read_bytes() == before
    code, _, err = run(capsys, *args, "--force")
    assert code == 0, err
    assert target.read_bytes() != before


def test_recipient_lines_on_the_decision_and_the_submission(
    demo_db: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", demo_db)
    lines = ("Như Điều 3;", "Sở Tài chính (để phối hợp);", "Lưu: VT, TĐKT.")
    code, _, err = run(
        capsys,
        "export",
        "decision-document",
        "--decision",
        "5",
        *(a for line in lines for a in ("--recipient", line)),
        "-o",
        str(out / "qd.docx"),
        *db,
    )
    assert code == 0, err
    text = _word(out / "qd.docx") + " ".join(
        c.text for t in docx.Document(str(out / "qd.docx")).tables for r in t.rows for c in r.cells
    )
    assert "- Như Điều 3; - Sở Tài chính (để phối hợp); - Lưu: VT, TĐKT." in " ".join(text.split())
    # The demo's decision records the tờ trình it answers; its Căn cứ cites it.
    assert "tại Tờ trình số 09/TTr-SNV ngày 19 tháng 01 năm 2026." in text
    code, _, err = run(
        capsys,
        "export",
        "submission",
        "--campaign",
        "4",
        "--recipient",
        "Hội đồng Thi đua - Khen thưởng tỉnh;",
        "-o",
        str(out / "tt.docx"),
        *db,
    )
    assert code == 0, err
    assert "Hội đồng Thi đua - Khen thưởng tỉnh;" in " ".join(
        c.text for t in docx.Document(str(out / "tt.docx")).tables for r in t.rows for c in r.cells
    ) + _word(out / "tt.docx")
    code, _, err = run(
        capsys, "export", "achievement-report", "--nomination", "179", "--recipient", "X", "-o",
        str(out / "bc.docx"), *db,
    )  # fmt: skip
    assert code == 2 and "--recipient" in err and not (out / "bc.docx").exists()
    code, _, err = run(
        capsys, "export", "decision-document", "--decision", "5", "--recipient", "Như\x07 trên;", "-o",
        str(out / "bad.docx"), *db,
    )  # fmt: skip
    assert code == 1 and "Nơi nhận" in err and not (out / "bad.docx").exists()
