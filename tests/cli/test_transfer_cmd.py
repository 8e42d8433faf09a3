"""``emudesk transfer``: exit codes, one-line refusals, JSON, progress on stderr, ``check`` after."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from emudesk.cli.transfer_cmd import TerminalProgress
from emudesk.services.core.store import Store
from tests.cli.running import run
from tests.services.transfer.sources import small_source


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))


@pytest.mark.pg
def test_transfer_to_a_server_then_check_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_template: Path, pg_store: Store
) -> None:
    source = small_source(tmp_path, sqlite_template)
    url = pg_store.db.url.render_as_string(hide_password=False)
    pg_store.close()

    code, out, err = run(capsys, "transfer", "--from", str(source), "--to", url, "--json")

    assert code == 0, err
    doc = json.loads(out)
    tables = {t["name"]: t["rows"] for t in doc["tables"]}
    assert tables["individuals"] == 30 and tables["units"] == 31 and doc["files"] == 0
    assert "100%" in err.splitlines()[-1]
    code, out, err = run(capsys, "--db", url, "check")
    assert code == 0, err
    assert "không phát hiện lỗi" in out

    code, out, err = run(capsys, "transfer", "--from", str(source), "--to", url)
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1].startswith("lỗi: Nơi nhận postgresql+psycopg://")
    assert "đã có dữ liệu" in err and "Traceback" not in err


@pytest.mark.sqlite_only("a transfer between two SQLite files (to a server: the test above)")
def test_transfer_between_files_and_its_refusals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_template: Path
) -> None:
    source = small_source(tmp_path, sqlite_template)
    target = tmp_path / "copy.sqlite3"

    code, out, err = run(capsys, "--db", str(source), "transfer", "--to", str(target))
    assert code == 0, err
    assert out.startswith("Đã chép ") and "mọi bảng đều đã được kiểm tra" in out
    code, out, _err = run(capsys, "--db", str(target), "check")
    assert code == 0

    code, out, err = run(capsys, "transfer", "--from", str(source), "--to", str(source))
    assert code == 1 and "chính là nguồn" in err and "Traceback" not in err
    code, out, err = run(capsys, "transfer", "--from", str(source))
    assert code == 2 and "--to" in err


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_is_rewritten_in_place() -> None:
    stream = Tty()
    bar = TerminalProgress(stream)
    for done in range(0, 1001, 5):
        bar(done, 1000, "Đang chép individuals")
    bar.finish()
    text = stream.getvalue()
    assert text.count("\r") == 101  # once a percent, not once a call
    assert text.endswith("[" + "#" * 30 + "] 100% Đang chép individuals" + " " * 19 + "\n")
