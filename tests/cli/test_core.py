"""The command line: exit codes, messages, JSON with Vietnamese unescaped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.running import run


def test_init_then_check(new_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", "--db", new_db)
    assert code == 0 and "sẵn sàng" in out
    assert Path(new_db).exists() or new_db.startswith("postgresql")
    code, out, _ = run(capsys, "--db", new_db, "check")  # --db before the command works too
    assert code == 0 and "không phát hiện lỗi" in out


def test_list_json_keeps_vietnamese_and_puts_id_and_name_first(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "list", "award-forms", "--db", str(demo_db), "--json")
    assert code == 0
    assert "Chiến sĩ thi đua cơ sở" in out and "\\u" not in out
    rows = json.loads(out)
    assert list(rows[0])[:2] == ["id", "name"]
    assert {"LDTT", "CSTDCS", "BK_TINH"} <= {r["code"] for r in rows}
    for kind in ("units", "individuals", "households", "campaigns", "nominations"):
        code, out, _ = run(capsys, "list", kind, "--db", str(demo_db), "--json")
        assert code == 0 and json.loads(out), kind


def test_list_nominations_of_one_campaign(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "campaigns", "--db", str(demo_db), "--json")
    seed = next(c for c in json.loads(out) if c["plan"] == "/KH-SNNPTNT")
    code, out, _ = run(capsys, "list", "nominations", "--campaign", str(seed["id"]), "--db", str(demo_db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Mã", "số", "Tên"] and len(lines) == 1 + seed["nominations"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "spaceships")[0] == 2
    assert run(capsys, "no-such-command")[0] == 2
    code, out, _ = run(capsys, "list", "--help")
    assert code == 0 and "award-forms" in out


def test_failures_exit_1_with_message_not_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "corrupt.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "check", "--db", str(garbage))
    assert code == 1 and "không phải tệp SQLite" in err and "Traceback" not in err
    code, _, err = run(capsys, "list", "units", "--db", str(tmp_path / "missing.sqlite3"))
    assert code == 1 and "Không có tệp" in err


@pytest.mark.sqlite_only("a backup copies the SQLite file (a server is backed up on the server)")
def test_backup_writes_a_consistent_copy(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.sqlite3"
    code, _out, _ = run(capsys, "backup", "--db", str(demo_db), "-o", str(target))
    assert code == 0 and target.exists()
    code, _out, _ = run(capsys, "check", "--db", str(target))
    assert code == 0


def test_demo_refuses_to_overwrite_data_without_force(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "demo", "--db", str(demo_db))
    assert code == 1 and "tệp mới" in err


def test_entry_point_and_screenshot(demo_db: Path, tmp_path: Path) -> None:
    """The installed command, end to end, in a fresh process (no Qt in this test process)."""
    out = tmp_path / "shot.png"
    exe = Path(sys.executable).with_name("emudesk")
    proc = subprocess.run(
        [str(exe), "screenshot", "--db", str(demo_db), "--view", "individuals", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    help_proc = subprocess.run([str(exe), "screenshot", "--help"], capture_output=True, text=True, timeout=60)
    assert "individuals" in help_proc.stdout and "nominations" in help_proc.stdout


def test_headless_commands_never_load_qt(demo_db: Path) -> None:
    code = (
        "import sys\n"
        "from emudesk.app import main\n"
        f"rc = main(['list', 'campaigns', '--db', {str(demo_db)!r}])\n"
        "assert rc == 0, rc\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_configured_database_is_used_when_no_db_is_given(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from emudesk import paths

    paths.save_configured_database(str(demo_db))
    try:
        code, out, _ = run(capsys, "list", "campaigns")
        assert code == 0 and "104/KH-UBND" in out
        monkeypatch.setenv("EMUDESK_DB", str(tmp_path / "elsewhere.sqlite3"))
        code, _, err = run(capsys, "list", "campaigns")
        assert code == 1 and "elsewhere.sqlite3" in err
    finally:
        paths.save_configured_database(None)


def test_a_closed_pipe_ends_quietly(demo_db: Path) -> None:
    """``emudesk list … | head -1``: no traceback when the reader stops early."""
    exe = Path(sys.executable).with_name("emudesk")
    proc = subprocess.Popen(
        [str(exe), "list", "individuals", "--db", str(demo_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    with proc.stderr:
        proc.stdout.readline()
        proc.stdout.close()  # like head: read one line, then go away
        err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err
