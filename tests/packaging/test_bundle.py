"""The one-folder bundle as an office PC gets it: built by packaging/build.sh, then used as a script would.

Each frozen run strips the ``PYTHON*`` variables and runs outside the checkout, so nothing can come
from the development environment; ``PSYCOPG_IMPL=binary`` makes psycopg refuse to fall back to a
libpq of this machine, so the server tests prove the bundled driver. A module missing from the
bundle (a hidden import PyInstaller did not see: psycopg_binary, docxtpl's Jinja, num2words'
Vietnamese, Pillow for reportlab, icalendar, cryptography, calamine) shows up here as an exit
status or a traceback, not on an office PC.

Slow (the build alone takes ~25 s of CPU, the runs ~30 s): one test, collected first
(tests/conftest.py), so one worker builds while the other works through the rest of the suite.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from emudesk import i18n

ROOT = Path(__file__).resolve().parents[2]
# What `export nominations` lists unless told otherwise: files submitted and holding a place.
HOLDING_A_PLACE = {"submitted", "appraised", "voted", "approved"}
# One test: xdist spreads tests, not fixtures, so checks split into several tests would each need
# the bundle on their own worker (and --dist loadgroup does not group under pytest 9, see
# tests/conftest.py). Each check is a subtest, reported on its own.
pytestmark = [pytest.mark.bundle, pytest.mark.slow, pytest.mark.timeout(900)]


class Frozen:
    """The bundled programs of one build, run from ``cwd`` with nothing of this Python environment."""

    def __init__(self, folder: Path, cwd: Path) -> None:
        self.folder = folder
        self.cwd = cwd

    def run(self, *args: str, program: str = "emudesk-cli") -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env["PSYCOPG_IMPL"] = "binary"
        result = subprocess.run(
            [str(self.folder / program), *args],
            cwd=self.cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=240,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def ok(self, *args: str, program: str = "emudesk-cli") -> str:
        """Standard output of a run that must succeed."""
        result = self.run(*args, program=program)
        assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))


def build(out: Path) -> Path:
    """``packaging/build.sh`` into ``out``, with this interpreter (emudesk and pyinstaller installed)."""
    dist, work = out / "dist", out / "work"
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--dist", str(dist), "--work", str(work)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=840,
    )
    assert result.returncode == 0, f"build.sh failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder == dist / "emudesk"
    print(f"bundle built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    shutil.rmtree(work)  # PyInstaller's intermediate files: ~60 MB nobody reads again
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_the_bundle_built_by_the_project_runs_as_on_an_office_pc(
    tmp_path: Path, request: pytest.FixtureRequest, subtests: pytest.Subtests
) -> None:
    try:
        folder = build(tmp_path / "bundle")
        app = Frozen(folder, tmp_path)
        with subtests.test("one folder holds both programs and what they read"):
            check_the_folder(folder)
        with subtests.test("--version is the package metadata"):
            check_the_version(app)
        with subtests.test("init then check, on a file"):
            check_init(app, str(tmp_path / "new.sqlite3"))
        with subtests.test("init then check, on the test server through the bundled driver"):
            check_init(app, server_database(request))
        with subtests.test("a server that does not answer gets emudesk's message"):
            check_a_closed_port(app)
        demo = str(tmp_path / "demo.sqlite3")
        app.ok("demo", "--db", demo)
        with subtests.test("demo then check"):
            report = app.json("check", "--db", demo)
            assert report["ok"], report
            assert report["counts"]["nominations"] > 0
        with subtests.test("a decision exported as PDF from its Word template"):
            check_the_decision_document(app, demo)
        with subtests.test("a list exported to .xlsx reads back"):
            check_a_list_export(app, demo)
        with subtests.test("a campaign workbook imports into a new database"):
            check_a_campaign_import(app, demo)
        with subtests.test("reminders as a calendar and the office key"):
            check_reminders_and_the_office_key(app, demo)
        with subtests.test("the window opens offscreen"):
            check_the_window(app, demo)
    finally:
        shutil.rmtree(tmp_path / "bundle", ignore_errors=True)  # ~270 MB: not kept for pytest's last runs


def server_database(request: pytest.FixtureRequest) -> str:
    """An empty database on the test run's PostgreSQL server (dropped at the end of the test)."""
    from sqlalchemy import create_engine, text

    from emudesk.db.engine import to_url

    admin_url = request.getfixturevalue("pg_admin_url")  # skips this subtest where there is no server
    name = f"emudesk_bundle_{uuid.uuid4().hex[:12]}"
    admin = create_engine(to_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return to_url(admin_url).set(database=name).render_as_string(hide_password=False)


def check_the_folder(bundle: Path) -> None:
    for program in ("emudesk", "emudesk-cli"):
        assert os.access(bundle / program, os.X_OK), program
    internal = bundle / "_internal"
    resources = internal / "emudesk" / "_resources"
    for part in ("fonts", "locale", "templates", "seeds", "lexicon", "icons"):
        assert _files(resources / part) == _files(ROOT / "resources" / part), part
    assert (resources / "icons" / "emudesk.ico").is_file()
    # Alembic reads the migration scripts from disk: every one, and no caches.
    migrations = internal / "emudesk" / "db" / "migrations"
    expected = sorted(p.name for p in (ROOT / "emudesk" / "db" / "migrations" / "versions").glob("*.py"))
    assert sorted(p.name for p in (migrations / "versions").iterdir()) == expected
    assert (migrations / "env.py").is_file()
    # psycopg's C implementation and the libpq it links, from the wheel.
    assert list((internal / "psycopg_binary").glob("_psycopg*")), "psycopg_binary is not bundled"
    assert list((internal / "psycopg_binary.libs").glob("libpq*")), "the wheel's libpq is not bundled"
    # Left out on purpose (packaging/emudesk.spec): the framebuffer and VNC platform plugins.
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert (plugins / "platforms" / "libqxcb.so").is_file()
    assert not (plugins / "platforms" / "libqvnc.so").exists()
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()], "dangling links"


def check_the_version(app: Frozen) -> None:
    expected = f"emudesk {importlib.metadata.version('emudesk')}"
    assert app.ok("--version").strip() == expected
    assert app.ok("--version", program="emudesk").strip() == expected
    # importlib.metadata answers inside the bundle too (copy_metadata).
    assert list((app.folder / "_internal").glob("emudesk-*.dist-info/METADATA"))


def check_init(app: Frozen, database: str) -> None:
    app.ok("init", "--db", database)
    report = app.json("check", "--db", database)
    assert report["ok"], report


def check_a_closed_port(app: Frozen) -> None:
    """The bundled driver tries the port and fails as emudesk says it, not with a missing module."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    result = app.run("check", "--db", f"postgresql://emudesk@127.0.0.1:{port}/emudesk")
    assert result.returncode == 1, result
    message = i18n._(
        "Cannot connect to the server {host} on port {port}: the server is not running there,"
        " or a firewall blocks the port."
    ).format(host="127.0.0.1", port=port)
    assert message in result.stderr
    assert "module" not in result.stderr.lower()


def check_the_decision_document(app: Frozen, demo: str) -> None:
    """docxtpl and Jinja fill the template, num2words writes the amount in Vietnamese words,
    reportlab (with Pillow) draws it with the bundled Liberation Serif: the path most likely to
    miss a module."""
    decisions = app.json("list", "decisions", "--db", demo)
    decision = min((d for d in decisions if d["recipients"]), key=lambda d: d["recipients"])
    pdf = app.cwd / "qd.pdf"
    app.ok("export", "decision-document", "--decision", str(decision["id"]), "-o", str(pdf), "--db", demo)
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "QUYẾT ĐỊNH" in text
    assert decision["name"] in text
    assert re.search(r"Bằng chữ: [A-ZĐ]\w+", text), text
    fonts = {str(f.get("/BaseFont")) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("LiberationSerif" in name for name in fonts), fonts


def check_a_list_export(app: Frozen, demo: str) -> None:
    nominations = app.json("list", "nominations", "--db", demo)
    holding = Counter(n["campaign_id"] for n in nominations if n["status"] in HOLDING_A_PLACE)
    [(campaign, _count)] = holding.most_common(1)
    names = {n["name"] for n in nominations if n["campaign_id"] == campaign}
    out = app.cwd / "ds.xlsx"
    app.ok("export", "nominations", "--campaign", str(campaign), "-o", str(out), "--db", demo)
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None
    exported = [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert exported, "no numbered rows in the exported list"
    assert set(exported) <= names


def check_a_campaign_import(app: Frozen, demo: str) -> None:
    """Export writes with openpyxl, import reads with python-calamine, both frozen."""
    plan = next(c for c in app.json("list", "campaigns", "--db", demo) if c["plan"] == "101/KH-UBND")
    workbook, target = app.cwd / "plan.xlsx", str(app.cwd / "imported.sqlite3")
    app.ok("export", "campaign", "--campaign", str(plan["id"]), "-o", str(workbook), "--db", demo)
    app.ok("init", "--db", target)
    app.ok("import", "campaign", str(workbook), "--db", target)
    assert [c["name"] for c in app.json("list", "campaigns", "--db", target)] == [plan["name"]]


def check_reminders_and_the_office_key(app: Frozen, demo: str) -> None:
    """icalendar writes the .ics; cryptography reads the office's Ed25519 key."""
    ics = app.cwd / "nhac-viec.ics"
    app.ok("reminders", "--ics", str(ics), "--db", demo)
    assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert app.json("office", "show", "--db", demo)["office"]["fingerprint"]


def check_the_window(app: Frozen, demo: str) -> None:
    shot = app.cwd / "overview.png"
    app.ok("screenshot", "--view", "overview", "-o", str(shot), "--db", demo, program="emudesk")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn window, not an empty frame
