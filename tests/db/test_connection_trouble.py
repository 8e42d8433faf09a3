"""Connection trouble with a server: wrong password, server down, unknown host, a server restarted in
the middle of a write, a connection cut during a commit. Each gives one clear Vietnamese line (CLI
exit 1, no traceback) and leaves nothing half-written; reads run once more on a fresh connection,
writes never do."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from emudesk.db.connection import CONNECT_TIMEOUT_S, read_once_more, server_connect_args
from emudesk.domain.enums import Gender
from emudesk.domain.errors import ConnectionLostError, ServerConnectionError
from emudesk.services.core.server_check import check_server
from emudesk.services.core.store import Store, get_setting, set_setting
from emudesk.services.register.individuals import IndividualInput, create_individual
from tests.cli.running import run
from tests.private_pg import DB, PrivateServer, pg_server_fixture, up_fixture  # noqa: F401 - fixtures
from tests.snapshot import snapshot

pytestmark = pytest.mark.pg


@pytest.fixture
def store(up: PrivateServer) -> Iterator[Store]:
    opened = Store.open(up.url(DB))
    yield opened
    opened.close()


def person(given: str) -> IndividualInput:
    return IndividualInput("Nguyễn", "Văn", given, Gender.MALE, birth_year=1980, allow_duplicate=True)


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- opening: each refusal in the user's words -------------------------------------------------


def test_wrong_password_is_said_in_one_line(up: PrivateServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", up.url(DB, password="sai-roi"), "check")
    assert code == 1
    assert one_line_error(err) == (
        "lỗi: Sai mật khẩu của người dùng postgres trên máy chủ 127.0.0.1 (hoặc không có người dùng này)."
    )


def test_no_password_given(
    up: PrivateServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # No terminal to ask at, even under ``pytest -s`` (tests/cli/test_server_password.py asks).
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _out, err = run(capsys, "--db", up.url(DB, password=None), "check")
    assert code == 1
    assert one_line_error(err) == "lỗi: Máy chủ 127.0.0.1 yêu cầu mật khẩu cho người dùng postgres."


def test_server_down_is_connection_refused(up: PrivateServer, capsys: pytest.CaptureFixture[str]) -> None:
    up.stop()
    code, _out, err = run(capsys, "--db", up.url(DB), "check")
    assert code == 1
    assert one_line_error(err) == (
        f"lỗi: Không kết nối được tới máy chủ 127.0.0.1 cổng {up.port}: máy chủ chưa chạy ở đó, "
        "hoặc tường lửa chặn cổng này."
    )


def test_unknown_host(capsys: pytest.CaptureFixture[str]) -> None:
    # .invalid never resolves (RFC 2606): no network is asked.
    code, _out, err = run(capsys, "--db", "postgresql://thu_ky:mk@may-chu.invalid/emudesk", "check")
    assert code == 1
    assert one_line_error(err) == (
        "lỗi: Không tìm thấy máy chủ may-chu.invalid: hãy kiểm tra lại tên máy chủ hoặc mạng."
    )


def test_a_server_that_never_answers_is_given_up_on(capsys: pytest.CaptureFixture[str]) -> None:
    # A lost network: the connection is accepted (here, by a socket nobody serves) and then
    # nothing comes back. libpq gives up after connect_timeout (2 s at least) instead of hanging.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        url = f"postgresql://thu_ky:mk@127.0.0.1:{port}/emudesk?connect_timeout=2"
        code, _out, err = run(capsys, "--db", url, "check")
    assert code == 1
    assert one_line_error(err) == (
        f"lỗi: Máy chủ 127.0.0.1 (cổng {port}) không trả lời trong 2 giây: hãy kiểm tra mạng, "
        "hoặc xem máy chủ có đang bật không."
    )


def test_missing_database(up: PrivateServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", up.url("chua_co"), "check")
    assert code == 1
    assert one_line_error(err) == "lỗi: Cơ sở dữ liệu chua_co chưa có trên máy chủ 127.0.0.1."


def test_check_server_says_what_is_there(up: PrivateServer) -> None:
    assert check_server(up.url(DB)).startswith("Kết nối được: cơ sở dữ liệu emudesk trên máy chủ 127.0.0.1")
    up.create_database("trong_rong")
    with pytest.raises(Exception) as caught:
        check_server(up.url("trong_rong"))
    assert str(caught.value).startswith("Máy chủ chưa có dữ liệu emudesk")
    assert "emudesk init --db postgresql+psycopg://postgres@127.0.0.1" in str(caught.value)
    assert "quan-tri" not in str(caught.value)  # no password in a message
    with pytest.raises(ServerConnectionError, match=r"^Sai mật khẩu"):
        check_server(up.url(DB, password="sai"))


def test_connections_give_up_and_break_on_a_dead_network() -> None:
    args = server_connect_args(make_url("postgresql+psycopg://u@h/d"))
    assert args["connect_timeout"] == CONNECT_TIMEOUT_S
    assert args["keepalives"] == 1 and args["tcp_user_timeout"]
    assert "idle_in_transaction_session_timeout" in str(args["options"])
    # What the URL says wins.
    own = server_connect_args(make_url("postgresql+psycopg://u@h/d?connect_timeout=3"))
    assert "connect_timeout" not in own and own["keepalives"] == 1
    assert server_connect_args(make_url("sqlite:///x")) == {}


def test_the_server_applies_the_session_settings(store: Store) -> None:
    with store.read() as session:
        idle = session.execute(text("SHOW idle_in_transaction_session_timeout")).scalar()
        keepalive = session.execute(text("SHOW tcp_keepalives_idle")).scalar()
    assert idle == "5min" and keepalive == "30"


# --- an open database: the server goes away and comes back ----------------------------------------


def test_server_down_then_back_while_open(up: PrivateServer, store: Store) -> None:
    with store.write() as session:
        create_individual(session, person("An"))
    with store.read() as session:
        before = snapshot(session)
    up.stop()
    with pytest.raises(ServerConnectionError) as caught, store.read() as session:
        session.execute(text("SELECT count(*) FROM individuals")).scalar()
    assert caught.value.message.startswith(f"Không kết nối được tới máy chủ 127.0.0.1 cổng {up.port}")
    with pytest.raises(ServerConnectionError) as refused, store.write() as session:
        create_individual(session, person("Bình"))
    assert refused.value.writing
    up.start()
    # The pool's dead connections are found by the pre-ping: the same store reads again.
    with store.read() as session:
        assert snapshot(session) == before


def test_server_restarted_in_the_middle_of_a_write(up: PrivateServer, store: Store) -> None:
    with store.read() as session:
        before = snapshot(session)
    with pytest.raises(ConnectionLostError) as caught, store.write() as session:
        create_individual(session, person("Cường"))
        up.stop()
        up.start()
        create_individual(session, person("Dũng"))
    assert caught.value.message == (
        "Mất kết nối tới máy chủ: thay đổi chưa được lưu (máy chủ đã hủy nó). "
        "Hãy thử lại khi máy chủ trả lời."
    )
    assert not caught.value.outcome_unknown
    with store.read() as session:
        assert snapshot(session) == before


def test_session_killed_mid_transaction_leaves_nothing(up: PrivateServer, store: Store) -> None:
    with store.read() as session:
        before = snapshot(session)
    with pytest.raises(ConnectionLostError, match="chưa được lưu"), store.write() as session:
        create_individual(session, person("Giang"))
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        up.terminate(int(pid or 0))
        set_setting(session, "office.place", "Hà Nội")
    with store.read() as session:
        assert snapshot(session) == before
        assert get_setting(session, "office.place") == ""


def test_commit_cut_short_is_never_retried_and_says_so(up: PrivateServer, store: Store) -> None:
    with store.read() as session:
        before = snapshot(session)
    commits: list[int] = []

    def kill_before_commit(conn: Any) -> None:
        # The COMMIT is about to go out: the session dies first, as if the network went then.
        commits.append(1)
        up.terminate(int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()))

    event.listen(store.db.engine, "commit", kill_before_commit)
    try:
        with pytest.raises(ConnectionLostError) as caught, store.write() as session:
            create_individual(session, person("Hà"))
    finally:
        event.remove(store.db.engine, "commit", kill_before_commit)
    assert caught.value.outcome_unknown
    assert "không rõ thay đổi đã được lưu chưa; hãy kiểm tra lại" in caught.value.message
    assert commits == [1]  # tried once, never again by itself
    with store.read() as session:
        assert snapshot(session) == before  # the server rolled it back


def test_a_read_cut_short_runs_once_more_on_a_fresh_connection(up: PrivateServer, store: Store) -> None:
    with store.write() as session:
        create_individual(session, person("Khánh"))
    cuts: list[int] = []
    budget = [0]  # how many more statements on individuals the server cuts short

    def cut(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if "individuals" in statement and budget[0] > 0:
            budget[0] -= 1
            cuts.append(1)
            up.terminate(int(conn.connection.dbapi_connection.info.backend_pid))

    def count() -> int:
        with store.read() as session:
            return int(session.execute(text("SELECT count(*) FROM individuals")).scalar() or 0)

    expected = count()
    event.listen(store.db.engine, "before_cursor_execute", cut)
    try:
        budget[0] = 1  # the statement runs again by itself on a fresh connection (a read session)
        assert count() == expected
        budget[0] = 2  # cut again on its second try: the read fails, and may be run again
        with pytest.raises(ConnectionLostError) as caught:
            count()
        assert caught.value.retryable
        budget[0] = 2
        assert read_once_more(count) == expected
    finally:
        event.remove(store.db.engine, "before_cursor_execute", cut)
    assert len(cuts) == 5


def test_a_write_cut_short_is_not_run_again(up: PrivateServer, store: Store) -> None:
    def write() -> None:
        with store.write() as session:
            create_individual(session, person("Lan"))
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
            up.terminate(int(pid or 0))
            session.flush()
            session.execute(text("SELECT 1"))

    with store.read() as session:
        before = snapshot(session)
    with pytest.raises(ConnectionLostError):
        read_once_more(write)
    with store.read() as session:
        assert snapshot(session) == before


def test_a_refused_login_is_told_apart_so_the_window_asks_again(up: PrivateServer) -> None:
    # The window's start asks for the password again only for these (ui/entry.py); the driver's
    # English words are gone by then, translated into the sentence above.
    from emudesk.ui.entry import _refused_login

    for password in ("sai-roi", None):
        with pytest.raises(ServerConnectionError) as refused:
            Store.open(up.url(DB, password=password))
        assert refused.value.login_refused and _refused_login(refused.value)
    up.stop()
    with pytest.raises(ServerConnectionError) as down:
        Store.open(up.url(DB))
    assert not down.value.login_refused and not _refused_login(down.value)
