"""``emudesk export``: exit 0 with a file, 1 with a message and no file, 2 for bad usage."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import openpyxl
import pytest

from emudesk.services.exports.documents import KINDS
from tests.cli.running import run
from tests.readback import pdf_raw_text


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_help_lists_the_kinds_as_choices(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "export", "--help")
    assert code == 0
    from emudesk.cli import paperwork_cmd

    papers = ["decision-document", "submission", "achievement-report"]  # minutes is a list and a paper
    assert "{" + ",".join([*(k.value for k in KINDS), *papers, *paperwork_cmd.KINDS]) + "}" in text
    assert "campaign" in text and "[xlsx]" in text
    assert "certificates" in text and "statistics" in text


def test_exports_each_kind_for_a_demo_campaign(
    demo_db: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, fmt in (
        ("nominations", "pdf"),
        ("nominations", "xlsx"),
        ("summary", "pdf"),
        ("minutes", "xlsx"),
    ):
        target = out / f"{kind}.{fmt}"
        code, text, err = run(
            capsys,
            "export",
            kind,
            "--campaign",
            "4",
            "--format",
            fmt,
            "-o",
            str(target),
            "--db",
            str(demo_db),
        )
        assert code == 0, err
        assert str(target) in text and target.stat().st_size > 1000
    code, _, err = run(
        capsys,
        "export",
        "decision",
        "--decision",
        "3",
        "-o",
        str(out / "qd"),
        "--format",
        "pdf",
        "--db",
        str(demo_db),
    )
    assert code == 0, err
    assert "112/QĐ-UBND" in pdf_raw_text(out / "qd.pdf")  # the suffix was added
    code, _, err = run(
        capsys, "export", "summary", "--year", "2025", "-o", str(out / "y.xlsx"), "--db", str(demo_db)
    )
    assert code == 0, err
    assert openpyxl.load_workbook(out / "y.xlsx").sheetnames[:2] == ["Theo hình thức", "Theo đơn vị"]


def test_a_format_the_kind_lacks_and_other_bad_usage_exit_2(
    demo_db: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(demo_db))
    cases = [
        ("campaign", "--campaign", "4", "-o", str(out / "plan.pdf")),  # the workbook has no PDF
        ("campaign", "--campaign", "4", "--format", "pdf", "-o", str(out / "plan")),
        ("nominations", "--campaign", "4", "-o", str(out / "x.docx")),  # neither .xlsx nor .pdf
        ("nominations", "--campaign", "4", "--format", "xlsx", "-o", str(out / "x.pdf")),  # contradiction
        ("nominations", "-o", str(out / "x.pdf")),  # no campaign
        ("summary", "--campaign", "4", "--year", "2025", "-o", str(out / "x.pdf")),  # both
        ("summary", "--year", "2025", "--unit", "3", "-o", str(out / "x.pdf")),  # --unit is for lists
        ("spaceships", "--campaign", "4", "-o", str(out / "x.pdf")),
        ("nominations", "--campaign", "4", "--status", "lost", "-o", str(out / "x.pdf")),
        ("nominations", "--campaign", "4", "--date", "31/02/2026", "-o", str(out / "x.pdf")),
    ]
    for args in cases:
        code, _, err = run(capsys, "export", *args, *db)
        assert code == 2, (args, err)
        assert "cách dùng:" in err
    assert list(out.iterdir()) == []


def test_bad_ids_and_unwritable_paths_exit_1_leaving_no_file(
    demo_db: Path,
    out: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = ("--db", str(demo_db))
    code, _, err = run(capsys, "export", "nominations", "--campaign", "9999", "-o", str(out / "x.pdf"), *db)
    assert code == 1 and "9999" in err and "Traceback" not in err
    code, _, err = run(capsys, "export", "decision", "--decision", "9999", "-o", str(out / "x.xlsx"), *db)
    assert code == 1 and "9999" in err
    code, _, err = run(capsys, "export", "minutes", "--session", "9999", "-o", str(out / "x.pdf"), *db)
    assert code == 1 and "9999" in err
    code, _, err = run(
        capsys, "export", "nominations", "--campaign", "4", "-o", str(tmp_path / "missing" / "x.pdf"), *db
    )
    assert code == 1 and "không tồn tại" in err and not (tmp_path / "missing").exists()
    assert list(out.iterdir()) == []

    # The rename at the very end is refused (the file is open in Excel, a read-only share):
    # the old file stays as it was and no temporary file is left next to it.
    target = out / "ds.xlsx"
    target.write_bytes(b"old version")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(capsys, "export", "nominations", "--campaign", "4", "-o", str(target), *db)
    assert code == 1 and str(target) in err
    assert target.read_bytes() == b"old version"
    assert os.listdir(out) == ["ds.xlsx"]


def test_campaign_workbook_kind(demo_db: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Written by the import side's ``write_campaign_workbook``, atomically like the documents."""
    code, _, err = run(
        capsys, "export", "campaign", "--campaign", "4", "-o", str(out / "plan.xlsx"), "--db", str(demo_db)
    )
    assert code == 0, err
    assert openpyxl.load_workbook(out / "plan.xlsx").sheetnames
    assert [p.name for p in out.iterdir()] == ["plan.xlsx"]
    code, _, err = run(
        capsys, "export", "campaign", "--campaign", "9999", "-o", str(out / "none.xlsx"), "--db", str(demo_db)
    )
    assert code == 1 and "9999" in err
    assert [p.name for p in out.iterdir()] == ["plan.xlsx"]
