"""Databases to transfer to: a new empty database on the test server, and a private data folder."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from emudesk.db.engine import to_url


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test's own: a server database's evidence files go there."""
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


@pytest.fixture
def empty_pg_url(pg_admin_url: str) -> Iterator[str]:
    """A new database on the test server with nothing in it, not even the schema."""
    name = f"emudesk_x_{uuid.uuid4().hex[:12]}"
    admin = create_engine(to_url(pg_admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield to_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
