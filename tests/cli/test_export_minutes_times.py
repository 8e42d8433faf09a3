"""``emudesk export minutes``: Word and PDF are both the template Biên bản, printing the session's
opening and closing times as the office's wall clock, or the blanks when they were not recorded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import docx
import pytest

from tests.cli.running import run, sql
from tests.readback import pdf_raw_text

OPENED = "Thời gian bắt đầu: 08 giờ 30 phút, ngày 12/01/2026."
CLOSED = "Thời gian kết thúc: 11 giờ 05 phút, ngày 12/01/2026."


@pytest.fixture
def hanoi(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The office's clock is Vietnam's (UTC+7) whatever the machine running the tests says."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _word(path: Path) -> str:
    return " ".join(" ".join(p.text for p in docx.Document(str(path)).paragraphs).split())


def _pdf(path: Path) -> str:
    return " ".join(pdf_raw_text(path).split())


def _export(capsys: pytest.CaptureFixture[str], db: str, target: Path, *choice: str) -> None:
    code, text, err = run(capsys, "export", "minutes", *choice, "-o", str(target), "--db", db)
    assert code == 0, err
    assert str(target) in text


@pytest.mark.usefixtures("hanoi")
def test_recorded_times_print_in_word_and_pdf(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Stored in UTC like every stamp: 01:30 and 04:05 UTC are 08:30 and 11:05 in Hà Nội.
    sql(
        demo_db,
        "UPDATE council_sessions SET opened_at = :o, closed_at = :c WHERE id = 1",
        o=datetime(2026, 1, 12, 1, 30),
        c=datetime(2026, 1, 12, 4, 5),
    )
    _export(capsys, demo_db, tmp_path / "bb.docx", "--session", "1")
    _export(capsys, demo_db, tmp_path / "bb.pdf", "--session", "1")
    _export(capsys, demo_db, tmp_path / "campaign.pdf", "--campaign", "4")  # its only session
    for text in (_word(tmp_path / "bb.docx"), _pdf(tmp_path / "bb.pdf"), _pdf(tmp_path / "campaign.pdf")):
        assert OPENED in text and CLOSED in text
        assert "…… giờ" not in text
        assert "BIÊN BẢN" in text  # the template's lines above: the list-style minutes had no times


@pytest.mark.usefixtures("hanoi")
def test_a_session_without_times_prints_the_blanks(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sql(demo_db, "SELECT opened_at, closed_at FROM council_sessions WHERE id = 1") == [(None, None)]
    _export(capsys, demo_db, tmp_path / "bb.pdf", "--session", "1", "--format", "pdf")
    _export(capsys, demo_db, tmp_path / "bb.docx", "--session", "1")
    for text in (_pdf(tmp_path / "bb.pdf"), _word(tmp_path / "bb.docx")):
        assert "Thời gian bắt đầu: …… giờ …… phút, ngày 12/01/2026." in text
        assert "Thời gian kết thúc: …… giờ …… phút, ngày 12/01/2026." in text


def test_the_workbook_is_still_the_list(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    _export(capsys, demo_db, tmp_path / "bb.xlsx", "--session", "1")
    sheet = load_workbook(tmp_path / "bb.xlsx").active
    assert sheet is not None
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "BIÊN BẢN" in cells and "Thời gian bắt đầu" not in cells
