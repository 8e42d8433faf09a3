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
from typing import Any

import pytest
from hypothesis import settings

# Before anything can import Qt: without a display Qt aborts the whole process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="emudesk-test-home-"))
os.environ["EMUDESK_HOME"] = str(_HOME)
os.environ["EMUDESK_LANG"] = "vi"

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.pool import Pool  # noqa: E402

from emudesk import i18n  # noqa: E402
from emudesk.db.engine import to_url  # noqa: E402
from emudesk.db.migrate import upgrade  # noqa: E402
from emudesk.services.core.store import Store  # noqa: E402
from tests.engines import on_each_engine, without_a_twin  # noqa: E402
from tests.pg import throwaway_server  # noqa: E402

i18n.set_language("vi")


# --- Hypothesis -------------------------------------------------------------------------------

# No example database, ever. Its default is a folder in the working directory: on a read-only
# checkout Hypothesis warns that it falls back to memory, and this suite turns warnings into
# errors; elsewhere it is test output left in the checkout, which everything else keeps under
# tmp_path. What it buys, replaying the last failure first, the failure report gives too: the
# falsifying example and, with print_blob, a @reproduce_failure line to paste. (Hypothesis still
# caches under .hypothesis/ when it can, ignoring failures; .gitignore lists it.) Other settings
# come from the active profile, and ``--hypothesis-profile`` on the command line still wins.
# scripts/test.sh (the README's test command and CI) picks "emudesk-ci": the same examples on
# every run, so a landing is never decided by a draw; a plain ``pytest`` keeps searching afresh.
settings.register_profile("emudesk", database=None, print_blob=True)
settings.register_profile("emudesk-ci", settings.get_profile("emudesk"), derandomize=True)
settings.load_profile("emudesk")


# The window is thin Qt over the services, whose tests run on both engines; the GUI suite on the
# server too costs more than it finds. Measured (Dec 2026, 2 shared cores, -n 2): tests/ui took
# 178-199 s on SQLite (212 tests); with EMUDESK_TEST_GUI_ON_SERVER=1 the 90 tests whose window or
# engine fixture can open the server ran there too, 641 s (302 tests): +440 s, most of it the demo
# built on each worker's server and a server copy per window. Their failures there were tests that
# took the window's database for a file (fixed, or marked sqlite_only where the file is the point),
# none a fault of the app on PostgreSQL. Tests under tests/ui that must reach a server say so.
_ENGINE_FIXTURES = ("store", "demo_store", "demo_db", "new_db", "window_store")
_GUI_ON_SQLITE = "GUI: thin Qt over the services, which are tested on both engines"
# EMUDESK_TEST_GUI_ON_SERVER=1 runs that trial: tests/ui on both engines (tests/ui/conftest.py's
# window_store), with the summary's list of tests still on SQLite only without a reason.
_GUI_ON_SERVER = os.environ.get("EMUDESK_TEST_GUI_ON_SERVER") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_server = []
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)
        if (
            item.nodeid.startswith("tests/ui/")
            and item.get_closest_marker("sqlite_only") is None
            and not _GUI_ON_SERVER
        ):
            item.add_marker(pytest.mark.sqlite_only(_GUI_ON_SQLITE))
        only = item.get_closest_marker("sqlite_only")
        if only is not None and not (only.args and isinstance(only.args[0], str) and only.args[0].strip()):
            raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason, e.g. sqlite_only('WAL')")
        # A test kept on SQLite for a reason drops the server run its engine fixtures would add.
        params = getattr(getattr(item, "callspec", None), "params", {})
        if only is not None and any(params.get(name) == "postgresql" for name in _ENGINE_FIXTURES):
            on_server.append(item)
    if on_server:
        config.hook.pytest_deselected(items=on_server)
        items[:] = [item for item in items if item not in on_server]
    # The bundle's smoke test (tests/packaging) builds and runs for a minute or more in one test:
    # first in the queue, one worker starts on it while the other takes the rest, instead of a
    # worker drawing it last and the run waiting for it alone. (One test, not an xdist_group:
    # pytest 9.2 keeps the node id in Node._id, so xdist 3.8's loadgroup, which renames
    # item._nodeid, groups nothing and scheduled as --dist load.)
    items.sort(key=lambda item: item.get_closest_marker("bundle") is None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


# --- Which engines each test touched ----------------------------------------------------------
#
# Recorded as the test runs, not guessed from fixture names: every connection any pool opens
# during a test's set-up and call notes its engine. The record travels in the report's
# user_properties, so under xdist the controller sees every worker's tests.

_touched: set[str] = set()


@event.listens_for(Pool, "connect")
def _note_engine(dbapi_connection: object, _record: object) -> None:
    _touched.add("postgresql" if type(dbapi_connection).__module__.startswith("psycopg") else "sqlite")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    _touched.clear()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    if call.when == "call":
        engines = set(_touched)
        only = item.get_closest_marker("sqlite_only")
        if only is not None and only.args[0] != _GUI_ON_SQLITE:
            engines.add("sqlite")  # it may touch the file only from a child process
        item.user_properties.append(("engines", ",".join(sorted(engines))))
    return (yield)


def _engines_by_test(reports: list[pytest.TestReport]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for report in reports:
        engines = dict(report.user_properties).get("engines")
        if report.when == "call" and isinstance(engines, str) and engines:
            found[report.nodeid] = set(engines.split(","))
    return found


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    reports = [
        r for key in ("passed", "failed", "xfailed", "xpassed") for r in terminalreporter.stats.get(key, ())
    ]
    found = _engines_by_test([r for r in reports if isinstance(r, pytest.TestReport)])
    if not found:
        return
    on = on_each_engine(found)
    terminalreporter.write_line(f"database tests: {on['sqlite']} on SQLite, {on['postgresql']} on PostgreSQL")
    lonely = without_a_twin(found, {r.nodeid for r in reports if "sqlite_only" in getattr(r, "keywords", {})})
    if lonely:
        shown = lonely if config.option.verbose > 0 else lonely[:5]
        terminalreporter.write_line(
            f"{len(lonely)} of them on SQLite only without a sqlite_only reason: {', '.join(shown)}"
            + (", …" if len(shown) < len(lonely) else "")
        )


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
def sqlite_demo_store(tmp_path: Path, demo_template: Path) -> Iterator[Store]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    store = Store.open(path)
    yield store
    store.close()


@pytest.fixture
def sqlite_demo_db(tmp_path: Path, demo_template: Path) -> Path:
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


def _pg_copy_url(admin_url: str, template: str) -> Iterator[str]:
    """The URL of a new database copied from ``template`` (a file-level copy: fast), dropped after."""
    name = f"emudesk_t_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield to_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pg_copy(admin_url: str, template: str) -> Iterator[Store]:
    for url in _pg_copy_url(admin_url, template):
        store = Store.open(url)
        yield store
        store.close()


@pytest.fixture
def pg_store(pg_admin_url: str, pg_template: str) -> Iterator[Store]:
    yield from _pg_copy(pg_admin_url, pg_template)


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=ENGINES)
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


@pytest.fixture
def pg_demo_db(pg_admin_url: str, pg_demo_template: str) -> Iterator[str]:
    """The URL of a copy of the demo database on the server, for commands that open it themselves."""
    yield from _pg_copy_url(pg_admin_url, pg_demo_template)


@pytest.fixture(params=ENGINES)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where ``emudesk init`` makes a database: a file not there yet, or an empty server database."""
    if request.param == "sqlite":
        yield str(tmp_path / "new.sqlite3")
        return
    yield from _pg_copy_url(request.getfixturevalue("pg_admin_url"), "template0")


@pytest.fixture(params=ENGINES)
def demo_store(request: pytest.FixtureRequest) -> Store:
    """A copy of the demo database, on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_demo_store" if request.param == "sqlite" else "pg_demo_store")


@pytest.fixture(params=ENGINES)
def demo_db(request: pytest.FixtureRequest) -> str:
    """A copy of the demo database for commands that open it themselves: a file path or a server URL."""
    return str(request.getfixturevalue("sqlite_demo_db" if request.param == "sqlite" else "pg_demo_db"))


@pytest.fixture
def shared_demo(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database on a (faked) SMB share mounted at tmp_path/khenthuong."""
    from emudesk.db import location
    from emudesk.db.location import Mount

    share = tmp_path / "khenthuong"
    share.mkdir()
    table = [Mount("/dev/sda1", "/", "ext4"), Mount("//fileserver/khenthuong", str(share), "cifs")]
    monkeypatch.setattr(location, "mounts_table", lambda: table)
    db = share / "demo.sqlite3"
    shutil.copy(demo_template, db)
    return db
