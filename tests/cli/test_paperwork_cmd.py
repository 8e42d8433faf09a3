"""``emudesk export certificates``: the file, the saved offset, and usage errors that write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.running import run

pytestmark = pytest.mark.sqlite_only("argument handling; the services' tests run on both engines")


def test_certificates_of_a_decision_with_an_offset_kept_for_next_time(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(sqlite_demo_db)
    target = tmp_path / "bang-khen.pdf"
    code, out, err = run(
        capsys, "--db", db, "export", "certificates", "--decision", "3", "--blank", "A3-portrait",
        "--offset-x", "1,5", "--offset-y", "-2", "--save-offset", "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert "18" in out and "A3-portrait" in out and "+1.5" in out
    assert len(PdfReader(target).pages) == 18
    # The next export of that size uses the saved offset; another size has none.
    code, out, err = run(
        capsys, "--db", db, "export", "certificates", "--decision", "3", "--blank", "A3-portrait",
        "-o", str(tmp_path / "again.pdf"),
    )  # fmt: skip
    assert code == 0 and "+1.5" in out and "-2" in out
    code, out, err = run(
        capsys, "--db", db, "export", "certificates", "--calibration", "-o", str(tmp_path / "c")
    )
    assert code == 0 and "A4-landscape" in out and "+0" in out
    assert len(PdfReader(tmp_path / "c.pdf").pages) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--decision", "3", "-o", "x.xlsx"),
        ("--decision", "3", "--format", "xlsx", "-o", "x.pdf"),
        ("-o", "x.pdf"),
        ("--decision", "3", "--calibration", "-o", "x.pdf"),
        ("--decision", "3", "--offset-x", "2", "-o", "x.pdf"),
        ("--decision", "3", "--save-offset", "-o", "x.pdf"),
        ("--decision", "3", "--campaign", "1", "-o", "x.pdf"),
        ("--decision", "3", "--form", "0603", "-o", "x.pdf"),
        ("--decision", "3", "--offset-x", "abc", "--offset-y", "1", "-o", "x.pdf"),
        ("--decision", "3", "--blank", "B5", "-o", "x.pdf"),
    ],
)
def test_bad_usage_exits_2_and_writes_nothing(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = tuple(str(out / a) if a.startswith("x.") else a for a in args)
    code, _out, err = run(capsys, "--db", str(sqlite_demo_db), "export", "certificates", *args)
    assert code == 2, err
    assert "Traceback" not in err
    assert not list(out.iterdir())


def test_an_offset_out_of_range_or_a_missing_decision_exits_1(
    sqlite_demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(sqlite_demo_db)
    out = tmp_path / "out"
    out.mkdir()
    for extra in (("--decision", "3", "--offset-x", "70", "--offset-y", "0"), ("--decision", "999")):
        code, _out, err = run(capsys, "--db", db, "export", "certificates", *extra, "-o", str(out / "x.pdf"))
        assert code == 1, err
        assert err.strip() and "Traceback" not in err
    assert not list(out.iterdir())
