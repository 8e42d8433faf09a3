"""Arguments a hurried clerk types: each gets one line in Vietnamese and an exit status, never a traceback.

Ids beyond what the database holds and impossible years are bad usage (2), refused before the
database is opened; a file that cannot be written, or a campaign that does not exist, fails (1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.running import run

pytestmark = pytest.mark.sqlite_only(
    "bad arguments are refused before any data is read; the default database is a file"
)


HUGE = str(2**63)  # overflowed the driver (OverflowError) on today's main


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "office.sqlite3"
    assert run(capsys, "init", "--db", str(path))[0] == 0
    return path


def _last_line(err: str) -> str:
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("words", "option"),
    [
        (["list", "nominations", "--campaign", HUGE], "--campaign"),
        (["decision", HUGE], "ID"),
        (["minutes", HUGE], "SESSION_ID"),
        (["eligibility", "--nomination", HUGE], "--nomination"),
        (["export", "nominations", "--campaign", HUGE, "-o", "out.xlsx"], "--campaign"),
        (["export", "decision", "--decision", HUGE, "-o", "out.xlsx"], "--decision"),
        (
            ["suggest", "--award", "LDTT", "--year", "2025", "--create-drafts", "--campaign", HUGE],
            "--campaign",
        ),
        (["nominations", "move", "1", HUGE, "--to", "appraised"], "ID"),
        (["import", "nominations", "x.xlsx", "--campaign", HUGE], "--campaign"),
        (["list", "nominations", "--campaign", "0"], "--campaign"),
        (["list", "nominations", "--campaign", "-5"], "--campaign"),
        (["list", "nominations", "--campaign", "9" * 5000], "--campaign"),  # over int()'s own digit limit
    ],
)
def test_an_id_out_of_range_is_bad_usage(
    db: Path, capsys: pytest.CaptureFixture[str], words: list[str], option: str
) -> None:
    code, out, err = run(capsys, *words, "--db", str(db))
    assert code == 2 and out == ""
    line = _last_line(err)
    assert f"tham số {option}: " in line
    assert "không phải là mã số; hãy viết một số nguyên từ 1 đến 2147483647." in line
    assert len(line) < 300  # a 5,000-digit id is not echoed whole


def test_a_subject_id_out_of_range_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "eligibility", "--subject", f"individual:{HUGE}", "--award", "LDTT", "--db", str(db)
    )
    assert code == 1 and out == ""
    assert _last_line(err) == (
        f"lỗi: “individual:{HUGE}” không phải đối tượng; hãy viết unit:ID, individual:ID hoặc household:ID."
    )


@pytest.mark.parametrize(
    "words",
    [
        ["suggest", "--award", "LDTT", "--year", "99999"],
        ["suggest", "--award", "LDTT", "--year", "-1"],
        ["eligibility", "--nomination", "1", "--year", "20x5"],
        ["export", "summary", "--year", "12345", "-o", "out.xlsx"],
    ],
)
def test_an_impossible_year_is_bad_usage(
    db: Path, capsys: pytest.CaptureFixture[str], words: list[str]
) -> None:
    code, out, err = run(capsys, *words, "--db", str(db))
    assert code == 2 and out == ""
    assert "tham số --year: " in _last_line(err)
    assert "không phải là năm; hãy viết một năm từ 1900 đến 2100." in _last_line(err)


def test_a_limit_below_one_is_bad_usage(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "suggest", "--award", "LDTT", "--year", "2025", "--limit", "-3", "--db", str(db)
    )
    assert code == 2 and "tham số --limit: " in _last_line(err)


def test_a_template_into_a_missing_folder_fails_with_a_message(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "x.xlsx"
    code, out, err = run(capsys, "template", "individuals", "-o", str(target), "--db", str(db))
    assert code == 1 and out == ""
    # Refused by the output check (services/core/outputs.py) before the database is opened.
    assert _last_line(err) == f"lỗi: Thư mục “{target.parent}” không tồn tại."
    assert not target.parent.exists()


def test_a_template_name_too_long_fails_with_a_message(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / ("x" * 300 + ".xlsx")
    code, out, err = run(capsys, "template", "individuals", "-o", str(target), "--db", str(db))
    assert code == 1 and out == ""
    line = _last_line(err)
    assert line.startswith("lỗi: “xxx") and line.endswith("không phải là tên tệp hợp lệ trên máy tính này.")
    assert len(line) < 200  # the 300-character name is shortened
    assert list(tmp_path.iterdir()) == [db]


def test_drafts_for_a_campaign_that_does_not_exist_fail(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On today's main this exited 0 having drafted nothing."""
    code, out, err = run(
        capsys, "suggest", "--award", "LDTT", "--year", "2025", "--create-drafts", "--campaign", "999",
        "--db", str(db),
    )  # fmt: skip
    assert code == 1 and out == ""
    assert _last_line(err) == "lỗi: không tìm thấy phong trào #999"


def test_an_argument_that_is_not_utf8_is_a_message(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A byte that is not UTF-8 reaches Python as a lone surrogate, which no driver can encode.
    code, out, err = run(capsys, "rules", "show", "nd\udcff", "--db", str(db))
    assert code == 1 and out == ""
    assert _last_line(err) == "lỗi: “ND?” không phải là văn bản hợp lệ (UTF-8)."
