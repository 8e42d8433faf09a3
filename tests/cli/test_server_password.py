"""The command line asks for a server login's password at a terminal, and never waits without one."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.cli.running import run
from tests.keyrings import MemoryKeyring, memory_keyring
from tests.private_pg import (  # noqa: F401 - fixtures
    ADMIN_PASSWORD,
    DB,
    PrivateServer,
    pg_server_fixture,
    up_fixture,
)

pytestmark = pytest.mark.pg

PROMPT = "Mật khẩu của postgres trên máy chủ 127.0.0.1:{port}/emudesk: "
NO_PASSWORD = "lỗi: Máy chủ 127.0.0.1 yêu cầu mật khẩu cho người dùng postgres."
WRONG = "lỗi: Sai mật khẩu của người dùng postgres trên máy chủ 127.0.0.1 (hoặc không có người dùng này)."


@pytest.fixture(autouse=True)
def ring() -> Iterator[MemoryKeyring]:
    """An empty keyring of the test's own (never the machine's)."""
    with memory_keyring() as mine:
        yield mine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@dataclass
class Typist:
    """Someone at the terminal: ``answers`` typed in turn at each ``getpass``, whose prompts are kept."""

    answers: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)

    def getpass(self, prompt: str = "Password: ", stream: Any = None) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise AssertionError(f"asked once too often: {prompt}")
        return self.answers.pop(0)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Typist:
    """Standard input is a terminal, and getpass (the boundary the prompt goes through) answers."""
    typist = Typist()
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", typist.getpass)
    return typist


def no_password(up: PrivateServer) -> str:
    return up.url(DB, password=None)


# --- at a terminal ---------------------------------------------------------------------------


def test_a_terminal_is_asked_for_the_password(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], typed: Typist
) -> None:
    typed.answers.append(ADMIN_PASSWORD)
    code, out, err = run(capsys, "--db", no_password(up), "list", "units", "--json")
    assert code == 0, err
    assert json.loads(out) == []
    assert typed.prompts == [PROMPT.format(port=up.port)]


def test_a_wrong_password_is_said_and_asked_again_three_times_at_most(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], typed: Typist
) -> None:
    typed.answers.extend(["sai-roi", ADMIN_PASSWORD])
    code, _out, err = run(capsys, "--db", no_password(up), "check")
    assert code == 0, err
    assert err.strip() == WRONG
    assert len(typed.prompts) == 2

    typed.answers.extend(["sai-1", "sai-2", "sai-3"])
    code, out, err = run(capsys, "--db", no_password(up), "check")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [WRONG] * 3
    assert len(typed.prompts) == 5


def test_the_keyring_password_is_used_without_a_question(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], typed: Typist, ring: MemoryKeyring
) -> None:
    ring.kept[("emudesk", f"postgres@127.0.0.1:{up.port}/emudesk")] = ADMIN_PASSWORD
    code, _out, err = run(capsys, "--db", no_password(up), "check")
    assert code == 0, err
    assert typed.prompts == []


def test_emudesk_db_names_the_server_too(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], typed: Typist, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMUDESK_DB", no_password(up))
    typed.answers.append(ADMIN_PASSWORD)
    code, _out, err = run(capsys, "check")
    assert code == 0, err
    assert len(typed.prompts) == 1


def test_transfer_asks_for_each_servers_password_before_the_bar(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], typed: Typist, tmp_path: Any
) -> None:
    typed.answers.append(ADMIN_PASSWORD)
    target = tmp_path / "copy.sqlite3"
    code, out, err = run(capsys, "transfer", "--from", no_password(up), "--to", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["source"].startswith("postgresql+psycopg://postgres:***@127.0.0.1")
    assert target.is_file()
    assert len(typed.prompts) == 1


# --- with no terminal --------------------------------------------------------------------------


def test_without_a_terminal_the_refusal_is_one_line(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: asked.append(prompt) or "")
    monkeypatch.setattr("sys.stdin", io.StringIO("một mật khẩu mới dài\n"))
    name = f"lan_{uuid.uuid4().hex[:6]}"
    add = ("users", "add", name, "--role", "clerk", "--password-stdin")
    code, out, err = run(capsys, "--db", no_password(up), *add)
    assert (code, out, err.strip()) == (1, "", NO_PASSWORD)
    assert asked == []


def test_password_stdin_still_reads_the_new_login_s_password(
    up: PrivateServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ring: MemoryKeyring,
) -> None:
    ring.kept[("emudesk", f"postgres@127.0.0.1:{up.port}/emudesk")] = ADMIN_PASSWORD
    monkeypatch.setattr("sys.stdin", io.StringIO("một mật khẩu mới dài\n"))
    name = f"lan_{uuid.uuid4().hex[:6]}"
    code, out, err = run(
        capsys, "--db", no_password(up), "users", "add", name, "--role", "clerk", "--password-stdin"
    )
    assert code == 0, err
    assert name in out
    code, _out, err = run(capsys, "--db", up.url(DB, user=name, password="một mật khẩu mới dài"), "check")
    assert code == 0, err


def quiet_env() -> dict[str, str]:
    # No keyring of the machine's: a locked one could ask a question of its own.
    return {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "EMUDESK_LANG": "vi"}


def test_a_run_with_no_terminal_ends_at_once(up: PrivateServer) -> None:
    # A new session has no controlling terminal, as a scheduled task or a service has none.
    done = subprocess.run(
        [sys.executable, "-m", "emudesk", "--db", no_password(up), "check"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=quiet_env(),
        start_new_session=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr.strip()) == (1, "", NO_PASSWORD)


# --- a real terminal ---------------------------------------------------------------------------

# Run in a new session whose controlling terminal is the pseudo-terminal on its standard input,
# so that getpass reads /dev/tty with the echo off, as at a real console.
_IN_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'emudesk', *sys.argv[1:]])"
)


class Console:
    """A command on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, *args: str) -> None:
        self.master, slave = os.openpty()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _IN_TERMINAL, *args],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=quiet_env(),
                start_new_session=True,
            )
        finally:
            os.close(slave)
        self.shown = b""

    def expect(self, text: str, timeout: float = 60) -> None:
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while wanted not in self.shown:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"never shown: {text!r}; shown: {self.shown.decode(errors='replace')!r}")

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self._read(max(0.0, deadline - time.monotonic())):
            pass
        try:
            code = self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise AssertionError(f"still running; shown: {self.shown.decode(errors='replace')!r}") from None
        return code, self.shown.decode("utf-8", "replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)

    def _read(self, timeout: float) -> bool:
        ready, _w, _x = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # EIO: the other side closed
            return False
        self.shown += chunk
        return bool(chunk)


def test_at_a_console_the_password_is_asked_unseen_then_the_new_login_s(up: PrivateServer) -> None:
    name = f"hung_{uuid.uuid4().hex[:6]}"
    console = Console("--db", no_password(up), "users", "add", name, "--role", "approver", "--password-stdin")
    try:
        console.expect(PROMPT.format(port=up.port))
        console.type(ADMIN_PASSWORD)
        # getpass empties what was typed ahead when it gives the echo back: wait for its new line.
        console.expect(PROMPT.format(port=up.port) + "\r\n")
        console.type("mật khẩu của Hùng")  # --password-stdin: the terminal is standard input
        code, shown = console.finish()
    finally:
        console.close()
    assert code == 0, shown
    assert ADMIN_PASSWORD not in shown  # getpass turned the echo off
    assert shown.splitlines()[-1] == f"Đã thêm tài khoản {name} với vai trò Lãnh đạo."
