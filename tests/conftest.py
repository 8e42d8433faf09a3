"""Shared test set-up: offscreen Qt, private data folders, fresh databases on SQLite and PostgreSQL.

Layer tests (domain, db, services, cli) never import PySide6; tests that use
``qtbot``/``qapp`` are marked ``gui`` automatically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Before anything can import Qt: without a display Qt aborts the whole process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="emudesk-test-home-"))
os.environ["EMUDESK_HOME"] = str(_HOME)
os.environ["EMUDESK_LANG"] = "vi"

from sqlalchemy import create_engine, text  # noqa: E402

from emudesk import i18n  # noqa: E402
from emudesk.db.engine import to_url  # noqa: E402
from emudesk.db.migrate import upgrade  # noqa: E402
from emudesk.services.core.store import Store  # noqa: E402
from tests.pg import throwaway_server  # noqa: E402

i18n.set_language("vi")


# --- Hypothesis -------------------------------------------------------------------------------

# No example database, ever. Its default is a folder in the working directory: on a read-only
# checkout Hypothesis warns that it falls back to memory, and this suite turns warnings into
# errors; elsewhere it is test output left in the checkout, which everything else keeps under
# tmp_path. What it buys, replaying the last failure first, the failure report gives too: the
# falsifying example and, with print_blob, a @reproduce_failure line to paste. (Hypothesis still
# caches under .hypothesis/ when it can, ignoring failures; .gitignore lists it.) Other settings
# come from the active profile (Hypothesis' "ci" one on CI: derandomized), and
# ``--hypothesis-profile`` on the command line still wins.
settings.register_profile("emudesk", database=None, print_blob=True)
settings.load_profile("emudesk")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


# --- SQLite -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the head revision, migrated once per session and copied per test."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    Store.open(path, create=True).close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The demo database, built once per session."""
    from emudesk.services.demo import dataset as demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    with store.write("demo") as session:
        demo.generate(session)
    store.close()
    return path


@pytest.fixture
def sqlite_store(tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    path = tmp_path / "test.sqlite3"
    shutil.copy(sqlite_template, path)
    store = Store.open(path)
    yield store
    store.close()


@pytest.fixture
def demo_store(tmp_path: Path, demo_template: Path) -> Iterator[Store]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    store = Store.open(path)
    yield store
    store.close()


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    """A copy of the demo database as a file, for commands that open it themselves."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    return path


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with throwaway_server() as url:
        if url is None:
            if os.environ.get("EMUDESK_REQUIRE_PG") == "1":
                pytest.fail("PostgreSQL is required (EMUDESK_REQUIRE_PG=1) but no server could be started")
            pytest.skip("PostgreSQL is not installed here")
        yield url


def _admin(url: str):  # type: ignore[no-untyped-def]
    return create_engine(to_url(url), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> Iterator[str]:
    """A migrated template database on the server; each test gets a copy (CREATE DATABASE … TEMPLATE)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"emudesk_tpl_{worker}_{uuid.uuid4().hex[:6]}"
    admin = _admin(pg_admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = to_url(pg_admin_url).set(database=name)
    upgrade(url)
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pg_copy(admin_url: str, template: str) -> Iterator[Store]:
    name = f"emudesk_t_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    store = Store.open(to_url(admin_url).set(database=name).render_as_string(hide_password=False))
    yield store
    store.close()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_store(pg_admin_url: str, pg_template: str) -> Iterator[Store]:
    yield from _pg_copy(pg_admin_url, pg_template)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def store(request: pytest.FixtureRequest) -> Store:
    """A fresh empty database, on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store")


@pytest.fixture(scope="session")
def pg_demo_template(pg_admin_url: str, pg_template: str) -> Iterator[str]:
    """The demo data set on the server, built once per session; each test gets a copy."""
    from emudesk.services.demo import dataset as demo

    stores = _pg_copy(pg_admin_url, pg_template)
    store = next(stores)
    with store.write("demo") as session:
        demo.generate(session)
    name = store.db.url.database
    assert name is not None
    store.close()  # a template must have no open connections
    yield name
    next(stores, None)


@pytest.fixture
def pg_demo_store(pg_admin_url: str, pg_demo_template: str) -> Iterator[Store]:
    yield from _pg_copy(pg_admin_url, pg_demo_template)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def demo_any_store(request: pytest.FixtureRequest) -> Store:
    """A copy of the demo database, on SQLite and on PostgreSQL."""
    return request.getfixturevalue("demo_store" if request.param == "sqlite" else "pg_demo_store")
