"""A throwaway PostgreSQL server for the test run (platform notes §6, option B).

If ``EMUDESK_TEST_PG_URL`` names a server (an admin URL), it is used; otherwise
a private cluster is initialised in a temporary folder on a free port and
stopped at the end. Without PostgreSQL binaries the PG tests are skipped,
unless ``EMUDESK_REQUIRE_PG=1`` (set by scripts/test.sh) makes that a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The system's temporary folder as the run starts: a test may point tempfile at a private folder
# (one the postgres user cannot enter) just when the session's server is first asked for.
_TEMP = tempfile.gettempdir()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; Debian's postgres user owns the cluster instead.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_orphans(pg_ctl: str) -> None:
    """Stop the servers of earlier runs that were killed before their ``finally`` (a run stopped
    by a timeout, ^C twice, a crashed worker): each records the process that owns it."""
    for root in Path(_TEMP).glob("emudesk-pg-*"):
        try:
            owner = int((root / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not ours to judge (a server from before owners were recorded, or starting)
        if _alive(owner):
            continue
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(root / "data"), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def throwaway_server() -> Iterator[str | None]:
    """Yield an admin URL (postgresql://user@host:port/postgres), or None if no server can run."""
    url = os.environ.get("EMUDESK_TEST_PG_URL")
    if url:
        yield url
        return
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        yield None
        return
    _sweep_orphans(pg_ctl)
    root = Path(tempfile.mkdtemp(prefix="emudesk-pg-", dir=_TEMP))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        _as_postgres(
            [initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
        ),
        check=True,
        capture_output=True,
        env=env,
    )
    # Durability is pointless for a throwaway test server; speed is not.
    opts = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-l", str(root / "server.log"), "-w", "-o", opts, "start"]),
        check=True,
        capture_output=True,
        env=env,
    )
    (root / "owner.pid").write_text(str(os.getpid()))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)
