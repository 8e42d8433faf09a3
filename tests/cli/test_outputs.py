"""Issue 19, items 1–2: no command writes over the database, an input or a stranger's file.

Every refusal exits 1 with a one-line Vietnamese message, before anything is written or committed;
the database reads back intact and the file that was in the way is unchanged.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from emudesk.db.models import Individual
from emudesk.services.core.store import Store, get_setting, set_setting
from tests.cli.running import run
from tests.services.imports.builders import make_office, staff_list

pytestmark = pytest.mark.sqlite_only("outputs never written over the SQLite file, its log or a link to it")


@pytest.fixture
def demo_db(sqlite_demo_db: Path) -> Path:
    return sqlite_demo_db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(code: int, err: str, *words: str) -> bool:
    lines = err.strip().splitlines()
    return (
        code == 1
        and len(lines) == 1
        and lines[0].startswith("lỗi: ")
        and "Traceback" not in err
        and all(w in err for w in words)
    )


def intact(capsys: pytest.CaptureFixture[str], db: Path, before: str) -> bool:
    code, _out, err = run(capsys, "check", "--db", str(db))
    return code == 0 and digest(db) == before and not err


def people(db: Path) -> int:
    store = Store.open(db)
    try:
        with store.read() as s:
            return int(s.scalar(select(func.count()).select_from(Individual)) or 0)
    finally:
        store.close()


def mark(db: Path, place: str) -> None:
    """Give a database something only it holds (the office's place name)."""
    store = Store.open(db)
    try:
        with store.write("test") as s:
            set_setting(s, "office.place", place)
    finally:
        store.close()


def place(db: Path) -> str:
    store = Store.open(db)
    try:
        with store.read() as s:
            return str(get_setting(s, "office.place"))
    finally:
        store.close()


def foreign_workbook(path: Path) -> Path:
    """A workbook a clerk saved: openpyxl stands in for the spreadsheet program."""
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active["A1"] = "Bảng lương quý III"
    wb.properties.lastModifiedBy = "Nguyễn Thị Hoa"
    wb.save(path)
    return path


# --- export ------------------------------------------------------------------------------------


def test_export_never_writes_over_the_database_or_its_log(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_db)
    link = tmp_path / "danh-sach.xlsx"
    link.symlink_to(demo_db)
    wal = demo_db.with_name(demo_db.name + "-wal")
    for target in (demo_db, wal, link, tmp_path / "." / demo_db.name):
        for force in ((), ("--force",)):
            code, _out, err = run(
                capsys,
                *("export", "nominations", "--campaign", "4", "--format", "xlsx", "-o", str(target)),
                *("--db", str(demo_db), *force),
            )
            assert refused(code, err, "cơ sở dữ liệu đang dùng"), (target, err)
    assert not wal.exists()
    assert intact(capsys, demo_db, before)


def test_export_replaces_its_own_file_but_a_clerks_only_with_force(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from emudesk.services.core.outputs import is_own_output

    args = ("export", "nominations", "--campaign", "4", "--db", str(demo_db))
    book = foreign_workbook(tmp_path / "ds.xlsx")
    kept = digest(book)
    code, _out, err = run(capsys, *args, "-o", str(book))
    assert refused(code, err, "không do emudesk tạo ra", "--force")
    assert digest(book) == kept
    letter = tmp_path / "cong-van.pdf"
    letter.write_bytes(b"%PDF-1.4 a scanned letter")
    code, _out, err = run(capsys, *args, "-o", str(letter))
    assert refused(code, err, "--force") and letter.read_bytes() == b"%PDF-1.4 a scanned letter"

    code, _out, err = run(capsys, *args, "-o", str(book), "--force")
    assert code == 0, err
    assert is_own_output(book, "xlsx")
    code, _out, err = run(capsys, *args, "-o", str(book))  # the second export of the day
    assert code == 0, err
    code, _out, err = run(capsys, *args, "-o", str(letter), "--force")
    assert code == 0 and is_own_output(letter, "pdf")
    code, _out, err = run(capsys, *args, "-o", str(letter))
    assert code == 0, err
    # Saved again by a spreadsheet program, the file is the clerk's and protected again.
    wb = openpyxl.load_workbook(book)
    wb.properties.lastModifiedBy = "Nguyễn Thị Hoa"
    wb.save(book)
    assert not is_own_output(book, "xlsx")
    code, _out, err = run(capsys, *args, "-o", str(book))
    assert refused(code, err, "--force")
    assert list(tmp_path.glob(".*part*")) == []


def test_export_to_a_missing_folder_or_a_device_is_refused_before_opening_the_database(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_db)
    args = ("export", "nominations", "--campaign", "4", "--db", str(demo_db))
    code, _out, err = run(capsys, *args, "-o", str(tmp_path / "chua-co" / "ds.xlsx"))
    assert refused(code, err, "không tồn tại")
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    code, _out, err = run(capsys, *args, "-o", str(pipe), "--force")
    assert refused(code, err, "không phải là một tệp thông thường")
    code, _out, err = run(capsys, *args, "-o", str(tmp_path / ("x" * 300 + ".xlsx")))
    assert refused(code, err, "không phải là tên tệp hợp lệ")
    assert intact(capsys, demo_db, before)


def test_export_to_a_device_or_folder_named_without_a_suffix_is_refused(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "-o /dev/null" wrote /dev/null.xlsx: the suffix was added before the name was looked at.
    before = digest(demo_db)
    args = ("export", "nominations", "--campaign", "4", "--format", "xlsx", "--db", str(demo_db))
    here = tmp_path / "ra"
    here.mkdir()
    pipe = here / "ong"
    os.mkfifo(pipe)
    code, _out, err = run(capsys, *args, "-o", str(pipe))
    assert refused(code, err, "không phải là một tệp thông thường")
    folder = here / "thu-muc"
    folder.mkdir()
    code, _out, err = run(capsys, *args, "-o", str(folder))
    assert refused(code, err, "là một thư mục")
    assert sorted(p.name for p in here.iterdir()) == ["ong", "thu-muc"]
    assert intact(capsys, demo_db, before)
    # A file without a suffix is still a name: the workbook is written beside it.
    (here / "bao-cao").write_text("ghi chép")
    code, out, _err = run(capsys, *args, "-o", str(here / "bao-cao"))
    assert code == 0 and (here / "bao-cao.xlsx").is_file() and "bao-cao.xlsx" in out
    assert (here / "bao-cao").read_text() == "ghi chép"


# --- import --report ---------------------------------------------------------------------------


@pytest.fixture
def office(sqlite_store: Store) -> Path:
    make_office(sqlite_store)
    assert sqlite_store.path is not None
    sqlite_store.close()
    return sqlite_store.path


def test_report_onto_the_file_being_imported_is_refused_and_nothing_is_imported(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = staff_list(tmp_path / "ds.xlsx")
    kept, before = digest(source), digest(office)
    for report in (source, tmp_path / "." / "ds.xlsx"):
        for force in ((), ("--force",)):
            code, _out, err = run(
                capsys,
                "import",
                "individuals",
                str(source),
                "--db",
                str(office),
                "--report",
                str(report),
                *force,
            )
            assert refused(code, err, "tệp đang được đọc"), err
    code, _out, err = run(
        capsys, "import", "individuals", str(source), "--db", str(office), "--report", str(office)
    )
    assert refused(code, err) or code == 2  # the database is not an .xlsx: refused either way
    assert digest(source) == kept and digest(office) == before and people(office) == 0


def test_report_into_a_missing_folder_is_refused_before_the_commit(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = staff_list(tmp_path / "ds.xlsx")
    before = digest(office)
    report = tmp_path / "missing" / "folder" / "r.xlsx"
    code, _out, err = run(
        capsys, "import", "individuals", str(source), "--db", str(office), "--report", str(report)
    )
    assert refused(code, err, "không tồn tại"), err
    assert digest(office) == before and people(office) == 0
    foreign = foreign_workbook(tmp_path / "bao-cao.xlsx")
    code, _out, err = run(
        capsys, "import", "individuals", str(source), "--db", str(office), "--report", str(foreign)
    )
    assert refused(code, err, "--force") and people(office) == 0


def test_a_report_failing_after_the_commit_says_the_import_succeeded(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from emudesk.services.imports import importing

    def disk_full(_sheets: object, path: Path) -> Path:
        Path(path).write_bytes(b"half a report")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importing, "write_error_report", disk_full)
    source = staff_list(tmp_path / "ds.xlsx")
    report = tmp_path / "bao-cao.xlsx"
    code, _out, err = run(
        capsys, "import", "individuals", str(source), "--db", str(office), "--report", str(report)
    )
    assert code == 1 and "Traceback" not in err
    assert "Đã nhập dữ liệu thành công; chỉ có báo cáo là không ghi được" in err
    assert "không còn đủ dung lượng" in err
    assert people(office) == 4
    assert not report.exists() and list(tmp_path.glob(".*part*")) == []


# --- template, backup, demo --------------------------------------------------------------------


def test_template_keeps_a_filled_in_copy_unless_forced(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mau.xlsx"
    assert run(capsys, "template", "individuals", "-o", str(target), "--db", str(office))[0] == 0
    assert run(capsys, "template", "individuals", "-o", str(target), "--db", str(office))[0] == 0
    wb = openpyxl.load_workbook(target)  # the clerk fills it in and saves it
    wb.properties.lastModifiedBy = "Nguyễn Thị Hoa"
    wb.save(target)
    kept = digest(target)
    code, _out, err = run(capsys, "template", "individuals", "-o", str(target), "--db", str(office))
    assert refused(code, err, "--force") and digest(target) == kept
    code, _out, err = run(
        capsys, "template", "individuals", "-o", str(tmp_path / "no" / "x.xlsx"), "--db", str(office)
    )
    assert refused(code, err, "không tồn tại")


def test_backup_never_replaces_a_file_without_force_nor_the_database(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(demo_db)
    other = tmp_path / "van-phong-khac.sqlite3"
    shutil.copy(demo_db, other)
    mark(other, "Thái Bình")  # another office's data
    kept = digest(other)
    code, _out, err = run(capsys, "backup", "--db", str(demo_db), "-o", str(other))
    assert refused(code, err, "--force") and digest(other) == kept
    for force in ((), ("--force",)):
        code, _out, err = run(capsys, "backup", "--db", str(demo_db), "-o", str(demo_db), *force)
        assert refused(code, err, "cơ sở dữ liệu đang dùng")
    assert intact(capsys, demo_db, before)
    code, _out, err = run(capsys, "backup", "--db", str(demo_db), "-o", str(other), "--force")
    assert code == 0 and place(other) == place(demo_db) != "Thái Bình"
    assert list(tmp_path.glob(".*part*")) == []


def test_demo_force_keeps_a_copy_of_the_data_it_replaces(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    mark(demo_db, "Phường Ba Đình")  # an office's own data, unlike any demo
    before = digest(demo_db)
    code, _out, err = run(capsys, "demo", "--force", "--db", str(demo_db))
    assert code == 0, err
    backups = list((tmp_path / "home" / "data" / "backups").glob("demo-before-demo-*.sqlite3"))
    assert len(backups) == 1 and str(backups[0]) in err
    assert place(backups[0]) == "Phường Ba Đình" != place(demo_db)
    assert run(capsys, "check", "--db", str(backups[0]))[0] == 0
    assert digest(demo_db) != before


def test_demo_force_refuses_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    letter = tmp_path / "to-trinh.docx"
    letter.write_bytes(b"PK\x03\x04 a report to the chairman")
    code, _out, err = run(capsys, "demo", "--force", "--db", str(letter))
    assert refused(code, err, "không phải là cơ sở dữ liệu emudesk")
    assert letter.read_bytes() == b"PK\x03\x04 a report to the chairman"


def test_screenshot_never_writes_over_the_database_or_a_stranger_picture(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a fresh process, as in test_core: the window is built offscreen there."""
    before = digest(demo_db)

    def shot(target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "emudesk",
                "screenshot",
                "--db",
                str(demo_db),
                "-o",
                str(target),
                *extra,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )

    proc = shot(demo_db, "--force")
    assert refused(proc.returncode, proc.stderr, "cơ sở dữ liệu đang dùng"), proc.stderr
    photo = tmp_path / "anh-hoi-nghi.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n a photo from the ceremony")
    proc = shot(photo)
    assert refused(proc.returncode, proc.stderr, "--force"), proc.stderr
    assert photo.read_bytes() == b"\x89PNG\r\n\x1a\n a photo from the ceremony"
    mine = tmp_path / "shot.png"
    for _time in range(2):  # the second run replaces the first one's picture without --force
        proc = shot(mine)
        assert proc.returncode == 0, proc.stderr
    assert mine.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(tmp_path.glob(".*part*")) == []
    assert intact(capsys, demo_db, before)
