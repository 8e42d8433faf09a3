"""``emudesk users``: add, list, set-role and disable on a server; a clear refusal on a file."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import pytest

from emudesk.services.core.store import Store
from tests.cli.running import run
from tests.snapshot import snapshot


@pytest.mark.sqlite_only("an SQLite file has one user: its refusal of logins and roles is the file's own")
def test_on_a_file_every_users_command_refuses(
    sqlite_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(sqlite_store.path)
    with sqlite_store.read() as s:
        before = snapshot(s)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    for args in (
        ("users", "add", "lan", "--role", "clerk", "--password-stdin"),
        ("users", "list", "--json"),
        ("users", "set-role", "lan", "viewer"),
        ("users", "disable", "lan"),
    ):
        code, _out, err = run(capsys, "--db", path, *args)
        assert code == 1, args
        assert "SQLite" in err and "một người dùng" in err, err
        assert "Traceback" not in err
    with sqlite_store.read() as s:
        assert snapshot(s) == before


def test_a_role_outside_the_five_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Refused as it is read, before any database is opened (none is there).
    missing = tmp_path / "none.sqlite3"
    code, _out, err = run(capsys, "--db", str(missing), "users", "add", "lan", "--role", "boss")
    assert code == 2 and "boss" in err
    assert not missing.exists()


@pytest.mark.pg
def test_users_on_a_server(
    pg_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_store.db.url.render_as_string(hide_password=False)
    name = f"lan_{uuid.uuid4().hex[:6]}"
    monkeypatch.setattr("sys.stdin", io.StringIO("mật khẩu của Lan\n"))
    code, out, err = run(capsys, "--db", url, "users", "add", name, "--role", "clerk", "--password-stdin")
    assert code == 0, err
    assert name in out and "Nhập liệu" in out

    code, out, err = run(capsys, "--db", url, "users", "list", "--json")
    assert code == 0, err
    assert json.loads(out) == [{"name": name, "role": "clerk", "role_label": "Nhập liệu", "enabled": True}]

    assert run(capsys, "--db", url, "users", "set-role", name, "approver")[0] == 0
    assert run(capsys, "--db", url, "users", "disable", name)[0] == 0
    code, out, _err = run(capsys, "--db", url, "users", "list")
    assert code == 0 and name in out and "Lãnh đạo" in out and "✓" not in out

    # The same name twice, an unknown one, a short password: one line each, exit 1.
    monkeypatch.setattr("sys.stdin", io.StringIO("mật khẩu khác nữa\n"))
    code, _out, err = run(capsys, "--db", url, "users", "add", name, "--role", "viewer", "--password-stdin")
    assert code == 1 and "đã có tài khoản" in err
    code, _out, err = run(capsys, "--db", url, "users", "disable", "khong_co")
    assert code == 1 and "không có người dùng" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("ngắn\n"))
    add = ("users", "add", "other_x", "--role", "viewer", "--password-stdin")
    code, _out, err = run(capsys, "--db", url, *add)
    assert code == 1 and "8 ký tự" in err
