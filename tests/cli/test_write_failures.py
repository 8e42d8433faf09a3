"""Writes the disk, the file's permissions or another program refuse (issue 15, item 4).

Each: exit status 1 with a one-line message in Vietnamese and no traceback, the data exactly as
before, and the file passes ``emudesk check`` afterwards. A full disk is a file-size limit
(RLIMIT_FSIZE, with SIGXFSZ ignored so the write fails with EFBIG) in a child process.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from emudesk.db import engine
from emudesk.services.core.store import Store
from tests.cli.running import run
from tests.crash.harness import ROOT, raw_snapshot, staff
from tests.services.imports.builders import make_office, staff_list

pytestmark = [
    pytest.mark.sqlite_only("full disk, read-only file and file locks of an SQLite database"),
    pytest.mark.skipif(sys.platform == "win32", reason="file-size limits and file modes are POSIX"),
]

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
from emudesk.app import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.fixture
def office(tmp_path: Path, sqlite_template: Path) -> Path:
    """A closed database file holding an office (no -wal beside it)."""
    path = tmp_path / "office.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    make_office(store)
    store.close()
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return staff_list(tmp_path / "ds.xlsx", staff(300))


def emudesk(*args: str, limit: int | None = None, prefix: tuple[str, ...] = ()) -> tuple[int, str, str]:
    """``emudesk ARGS`` in a child process (under a file-size limit of ``limit`` bytes)."""
    code = ["-c", LIMITED.format(limit=limit)] if limit is not None else ["-m", "emudesk"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EMUDESK_LANG": "vi"}
    proc = subprocess.run(
        [*prefix, sys.executable, *code, *args], env=env, capture_output=True, text=True, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


def assert_refused(code: int, out: str, err: str, words: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lỗi: "), err
    assert words in lines[0], err


def assert_checks(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "check", "--db", str(db))
    assert code == 0 and "không phát hiện lỗi" in out, err


# --- a full disk ---------------------------------------------------------------------------------


def test_an_import_on_a_full_disk_saves_nothing(
    office: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = raw_snapshot(office)
    code, out, err = emudesk("import", "individuals", str(book), "--db", str(office), limit=200_000)
    # SQLite rolls the transaction back itself; the savepoint the import then rolled back to was
    # gone, and that error used to hide this one.
    assert_refused(code, out, err, "Không ghi được vào ổ đĩa chứa cơ sở dữ liệu")
    assert "Chưa lưu gì" in err and "savepoint" not in err
    assert raw_snapshot(office) == before
    assert_checks(capsys, office)
    code, _out, err = emudesk("import", "individuals", str(book), "--db", str(office))
    assert code == 0, err  # with room on the disk, the same import goes in


@pytest.mark.parametrize("name", ["copy.zip", "copy.sqlite3"])  # with its evidence files, or bare
def test_a_backup_on_a_full_disk_leaves_no_copy(
    name: str, office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    before = raw_snapshot(office)
    target = folder / name
    code, out, err = emudesk("backup", "--db", str(office), "-o", str(target), limit=300_000)
    assert_refused(code, out, err, "Chưa ghi được bản sao nào của cơ sở dữ liệu")
    assert "đã đầy" in err
    assert list(folder.iterdir()) == []  # neither the copy nor a part of it under another name
    assert raw_snapshot(office) == before
    assert_checks(capsys, office)


def test_an_export_on_a_full_disk_leaves_no_file(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "de-nghi.pdf"
    args = ("export", "nominations", "--campaign", "1", "-o", str(target), "--db", str(sqlite_demo_db))
    code, out, err = emudesk(*args, limit=40_000)
    assert_refused(code, out, err, "Ổ đĩa từ chối lưu")
    assert list(folder.iterdir()) == []
    assert_checks(capsys, sqlite_demo_db)


# --- a read-only file ----------------------------------------------------------------------------


def read_only_prefix() -> tuple[str, ...]:
    """How to run a child that file permissions bind: root passes over them unless it drops the
    capability to (the tests may run as root in CI)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be refused to root")
    return (setpriv, "--bounding-set", "-dac_override,-dac_read_search")


@pytest.fixture
def read_only(office: Path) -> Iterator[Path]:
    office.chmod(0o444)
    yield office
    for path in office.parent.glob(office.name + "*"):
        path.chmod(0o644)


def test_a_read_only_file_is_read_but_a_write_is_refused(
    read_only: Path, book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = read_only_prefix()
    before = raw_snapshot(read_only)
    code, out, err = emudesk("list", "units", "--db", str(read_only), prefix=prefix)
    assert code == 0 and "Phòng Nội vụ" in out, err
    code, out, err = emudesk("import", "individuals", str(book), "--db", str(read_only), prefix=prefix)
    assert_refused(code, out, err, "Tệp cơ sở dữ liệu chỉ cho phép đọc")
    assert "Chưa lưu gì" in err
    assert raw_snapshot(read_only) == before
    assert_checks(capsys, read_only)


# --- a lock held by another program --------------------------------------------------------------


def test_a_write_waits_for_a_lock_then_is_refused(
    office: Path, book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 1000)
    before = raw_snapshot(office)
    other = sqlite3.connect(office, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        code, out, err = run(capsys, "import", "individuals", str(book), "--db", str(office))
        waited = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    assert_refused(code, out, err, "Tệp cơ sở dữ liệu đang được một chương trình khác")
    assert "khóa suốt 1 giây" in err and "Chưa lưu gì" in err
    assert waited < 8  # the shortened wait, not the ten seconds the app waits
    assert raw_snapshot(office) == before
    assert_checks(capsys, office)
