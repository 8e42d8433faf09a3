"""Issue 19, item 1: ``demo --force`` never empties a server database holding data.

On a file it first keeps a copy (tests/cli/test_outputs.py); a server database cannot be copied
aside that way, so one holding data is refused with a message and left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from emudesk.services.core.outputs import prepare_replacement
from tests.cli.running import run, sql
from tests.conftest import _pg_copy_url

pytestmark = pytest.mark.pg


@pytest.fixture
def server_db(pg_admin_url: str, pg_template: str) -> Iterator[str]:
    """A migrated, empty database on the server (what ``init`` leaves)."""
    yield from _pg_copy_url(pg_admin_url, pg_template)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EMUDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _refused(code: int, err: str) -> bool:
    lines = err.strip().splitlines()
    return code == 1 and len(lines) == 1 and "máy chủ" in err and "--force" in err and "Traceback" not in err


def test_demo_force_refuses_a_server_database_holding_an_offices_settings(
    server_db: str, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    # No units yet, so the demo's own check let it through: the demo was poured into the office's data.
    sql(server_db, "INSERT INTO settings (key, value) VALUES ('office.place', '\"Phường Ba Đình\"')")
    code, _out, err = run(capsys, "demo", "--force", "--db", server_db)
    assert _refused(code, err), err
    assert "Phường" not in err and "password" not in err.lower()
    assert sql(server_db, "SELECT count(*) FROM units") == [(0,)]
    assert sql(server_db, "SELECT key FROM settings") == [("office.place",)]
    assert not home.exists() or not any(home.rglob("*.sqlite3"))


def test_demo_force_refuses_the_demo_on_a_server_with_its_message(
    pg_demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sql(pg_demo_db, "SELECT count(*) FROM individuals")
    code, _out, err = run(capsys, "demo", "--force", "--db", pg_demo_db)
    assert _refused(code, err), err  # not "build the demo in a new database file"
    assert sql(pg_demo_db, "SELECT count(*) FROM individuals") == before


def test_an_empty_server_database_is_no_obstacle(server_db: str) -> None:
    # What init leaves (the seeded catalogue) is not data: demo --force goes on to build the demo.
    assert prepare_replacement(server_db) is None
    assert sql(server_db, "SELECT count(*) > 0 FROM award_forms") == [(True,)]
