"""A private PostgreSQL server a test may stop, start and log into with a password.

The shared throwaway server (tests/pg.py) trusts every local login and must stay up for the
other tests; connection-trouble tests need one that asks for a password (scram-sha-256) and that
they can take down and bring back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.pg import _as_postgres, _bin, _free_port

ADMIN_PASSWORD = "quan-tri-bi-mat"


class PrivateServer:
    """A cluster in a temporary folder on a free port; ``start``/``stop`` as a test needs.

    Attributes:
        port: where it listens (127.0.0.1).
    """

    def __init__(self, root: Path, initdb: str, pg_ctl: str) -> None:
        self.root = root
        self.data = root / "data"
        self.pg_ctl = pg_ctl
        self.port = _free_port()
        self._env = {**os.environ, "LC_ALL": "C.UTF-8"}
        pwfile = root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [
                    initdb,
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
            env=self._env,
        )

    @property
    def running(self) -> bool:
        done = subprocess.run(
            _as_postgres([self.pg_ctl, "-D", str(self.data), "status"]), capture_output=True
        )
        return done.returncode == 0

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            # A stop here stands for a crash: a commit that returned must survive it (fsync=off
            # only risks the OS's own crash, which no test makes).
            " -c fsync=off -c full_page_writes=off"
        )
        subprocess.run(
            _as_postgres(
                [
                    self.pg_ctl,
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "server.log"),
                    "-w",
                    "-o",
                    opts,
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            env=self._env,
        )

    def stop(self) -> None:
        """Stop at once, as a crash or a pulled plug would: open transactions are lost."""
        subprocess.run(
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            check=True,
            capture_output=True,
        )

    def url(
        self, database: str = "postgres", *, user: str = "postgres", password: str | None = ADMIN_PASSWORD
    ) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> Engine:
        return create_engine(self.url(), isolation_level="AUTOCOMMIT")

    def terminate(self, pid: int) -> None:
        """Cut the server's connection ``pid`` off, as a dropped network would."""
        engine = self.admin()
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        finally:
            engine.dispose()

    def create_database(self, name: str) -> None:
        engine = self.admin()
        try:
            with engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()


@contextmanager
def private_server() -> Iterator[PrivateServer | None]:
    """A started private server (None where PostgreSQL is not installed); removed at the end."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="emudesk-pg-private-"))
    try:
        server = PrivateServer(root, initdb, pg_ctl)
        server.start()
        try:
            yield server
        finally:
            if server.running:
                server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


DB = "emudesk"


@pytest.fixture(scope="module", name="pg_server")
def pg_server_fixture() -> Iterator[PrivateServer]:
    """A private server per test module, with an emudesk database ``DB`` at the head revision."""
    from emudesk.db.engine import to_url
    from emudesk.db.migrate import upgrade

    with private_server() as found:
        if found is None:
            if os.environ.get("EMUDESK_REQUIRE_PG") == "1":
                pytest.fail("PostgreSQL is required (EMUDESK_REQUIRE_PG=1) but no server could be started")
            pytest.skip("PostgreSQL is not installed here")
        found.create_database(DB)
        upgrade(to_url(found.url(DB)))
        yield found


@pytest.fixture(name="up")
def up_fixture(pg_server: PrivateServer) -> Iterator[PrivateServer]:
    """The server, running at the start and brought back at the end whatever the test did to it.

    Import ``pg_server_fixture`` and ``up_fixture`` into a test module to use these fixtures.
    """
    if not pg_server.running:
        pg_server.start()
    yield pg_server
    if not pg_server.running:
        pg_server.start()
