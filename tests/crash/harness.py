"""Crash trials: kill emudesk with SIGKILL in the middle of a write, then look at the file.

A scenario prepares a small database once (``Scenario.prepare``) and names the emudesk command
that changes it. The harness runs that command to the end twice (the "after" state; columns that
differ between the two runs hold clocks and are left out of the comparison), counts its crash
points (tests/crash/child.py), then runs trials on fresh copies: each kills the child either at
a seeded crash point (the child kills itself: exactly reproducible) or from the parent, after
the child has reported a seeded number of points on stdout (lands anywhere, mid-statement too).
After each kill the file must pass ``emudesk check`` and hold exactly the data from before or
exactly the data from after, never a mix; the scenario's own outputs (a backup, the copy kept
before an upgrade) must be whole or absent.

Used by tests/crash/test_crash_trials.py (a few trials per scenario) and
benchmarks/crash_trials.py (many). Another kind of write becomes one more ``Scenario`` (restore and
exchange import: see ``EXTRA_SCENARIOS``).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from tests.crash import child

ROOT = Path(__file__).resolve().parents[2]
DB = "{db}"  # replaced in a scenario's command by the trial's database
OUT = "{out}"  # replaced by the trial's folder for outputs

# Crash points where the state flips or a file appears: trials aim at them and their neighbours.
TURNING = frozenset(
    {"commit", "committed", "sqlite3.connect", "os.rename", "os.remove", "open-write", "backup-step"}
)

RawSnapshot = dict[str, tuple[str, list[tuple[Any, ...]]]]


# --- what a scenario is -------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A scenario ready to run: the database to copy and the command to kill.

    Attributes:
        database: the file every trial starts from (closed, no -wal beside it).
        argv: emudesk arguments; ``{db}`` stands for the trial's copy, ``{out}`` for its folder.
        outputs: files the command writes besides the database, relative to ``{out}``: each must
            afterwards be absent or a whole copy of the database from before.
        beside: glob patterns of files the command writes beside the database (the copy kept
            before an upgrade); each must be a whole copy of the database from before.
    """

    database: Path
    argv: tuple[str, ...]
    outputs: tuple[str, ...] = ()
    beside: tuple[str, ...] = ()
    changes_database: bool = True


@dataclass(frozen=True)
class Scenario:
    name: str
    prepare: Callable[[Path, int], Prepared]  # (a folder of its own, size) -> Prepared
    size: int  # rows imported, nominations approved, staff backed up or upgraded


@dataclass
class Reference:
    """What a full run does: the state after, the columns that hold clocks, the crash points."""

    prepared: Prepared
    before: RawSnapshot
    after: RawSnapshot
    volatile: dict[str, frozenset[int]]
    points: list[str]


@dataclass
class Outcome:
    scenario: str
    how: str  # "point N" (the child killed itself) or "parent after K"
    killed: bool  # False: the command finished before the kill
    state: str  # "before", "after" or "between"
    check_ok: bool
    problems: list[str] = field(default_factory=list)
    copies: int = 0  # whole copies the command left (a backup, the copy kept before an upgrade)

    @property
    def survived(self) -> bool:
        return self.check_ok and self.state in ("before", "after") and not self.problems

    def describe(self) -> str:
        verdict = "ok" if self.survived else "FAILED"
        extra = "; ".join(self.problems)
        check = "ok" if self.check_ok else "FAILED"
        return f"{self.scenario} [{self.how}] {self.state} check={check} {verdict} {extra}"


# --- running the child --------------------------------------------------------------------------


def child_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        EMUDESK_HOME=str(home),
        EMUDESK_LANG="vi",
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def _argv(prepared: Prepared, db: Path, out: Path) -> list[str]:
    return [a.replace(DB, str(db)).replace(OUT, str(out)) for a in prepared.argv]


_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["tests.crash.child", *child.PRELOAD])


def _start(
    prepared: Prepared, db: Path, out: Path, home: Path, **options: Any
) -> multiprocessing.process.BaseProcess:
    """Fork ``emudesk`` on the trial's copy; what it prints goes to ``out``/output.txt."""
    process = _FORKS.Process(
        target=child.run_child,
        args=(_argv(prepared, db, out), child_env(home), str(out / "output.txt")),
        kwargs=options,
    )
    process.start()
    return process


def run_full(prepared: Prepared, runs: list[tuple[Path, Path]], home: Path) -> list[list[str]]:
    """Run the command to the end on each (database, folder), side by side; the kinds of each
    run's crash points, in order."""
    processes = [(_start(prepared, db, out, home, trace=str(out / "points.txt")), out) for db, out in runs]
    kinds = []
    for process, out in processes:
        process.join()
        if process.exitcode != 0:
            output = (out / "output.txt").read_text(encoding="utf-8")
            raise AssertionError(f"the full run failed ({process.exitcode}): {output[-2000:]}")
        lines = (out / "points.txt").read_text(encoding="utf-8").splitlines()
        kinds.append([line.split()[2] for line in lines])
    return kinds


def run_killed_at(prepared: Prepared, db: Path, out: Path, home: Path, n: int) -> bool:
    """The child kills itself at crash point ``n``; True when it was killed."""
    process = _start(prepared, db, out, home, kill_at=n)
    process.join()
    return process.exitcode == -signal.SIGKILL


def run_killed_by_parent(prepared: Prepared, db: Path, out: Path, home: Path, k: int) -> bool:
    """The parent kills the child once it has reported ``k`` crash points; True when killed."""
    reader, writer = _FORKS.Pipe(duplex=False)
    process = _start(prepared, db, out, home, progress=writer)
    writer.close()
    seen = 0
    while seen < k:
        ready = wait([reader, process.sentinel])
        if reader not in ready:
            break  # ended, everything it reported read
        try:
            reader.recv_bytes()
        except EOFError:
            break
        seen += 1
    if seen >= k:
        process.kill()
    process.join()
    reader.close()
    return process.exitcode == -signal.SIGKILL


# --- looking at the file ------------------------------------------------------------------------


def raw_snapshot(path: Path) -> RawSnapshot:
    """Every table of an SQLite file, whatever its schema version: its SQL and its rows in rowid order.

    Opening it replays a committed write-ahead log or rolls back a hot journal, as emudesk would.
    """
    con = sqlite3.connect(path)
    try:
        tables = con.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
        ).fetchall()
        return {
            name: (sql, con.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall())
            for name, sql in tables
        }
    finally:
        con.close()


def volatile_columns(a: RawSnapshot, b: RawSnapshot) -> dict[str, frozenset[int]]:
    """Columns whose values differ between two full runs from the same start: clocks, random ids."""
    assert a.keys() == b.keys(), "two full runs made different tables"
    out: dict[str, frozenset[int]] = {}
    for name, (_sql, rows_a) in a.items():
        rows_b = b[name][1]
        assert len(rows_a) == len(rows_b), f"two full runs wrote different numbers of rows in {name}"
        out[name] = frozenset(
            i
            for ra, rb in zip(rows_a, rows_b, strict=True)
            for i, (x, y) in enumerate(zip(ra, rb, strict=True))
            if x != y
        )
    return out


def _masked(snap: RawSnapshot, volatile: dict[str, frozenset[int]]) -> RawSnapshot:
    out: RawSnapshot = {}
    for name, (sql, rows) in snap.items():
        skip = volatile.get(name, frozenset())
        out[name] = (sql, [tuple(None if i in skip else v for i, v in enumerate(r)) for r in rows])
    return out


def state_of(snap: RawSnapshot, ref: Reference) -> str:
    if snap == ref.before:
        return "before"
    if _masked(snap, ref.volatile) == _masked(ref.after, ref.volatile):
        return "after"
    return "between"


def describe_difference(snap: RawSnapshot, other: RawSnapshot) -> str:
    """Which tables differ and how many rows each holds, for a failure message."""
    parts = []
    for name in sorted(snap.keys() | other.keys()):
        mine, theirs = snap.get(name), other.get(name)
        if mine != theirs:
            parts.append(
                f"{name}: {len(mine[1]) if mine else '-'} rows vs {len(theirs[1]) if theirs else '-'}"
            )
    return ", ".join(parts[:6])


def emudesk_check(path: Path) -> tuple[bool, str]:
    """``emudesk check --db PATH`` in this process: (passed, what it printed)."""
    return _emudesk("check", "--db", str(path))


def _emudesk(*args: str) -> tuple[bool, str]:
    from emudesk.app import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code == 0, (out.getvalue() + err.getvalue()).strip()


# --- trials -------------------------------------------------------------------------------------


class Trials:
    """Prepares each scenario once under ``workdir`` and runs trials on copies of its database."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.home = workdir / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self._references: dict[str, Reference] = {}
        self._serial = itertools.count(1)  # next() is atomic: trials copy from several threads

    def reference(self, scenario: Scenario) -> Reference:
        if scenario.name not in self._references:
            folder = self.workdir / "prepared" / scenario.name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            prepared = scenario.prepare(folder, scenario.size)
            before = raw_snapshot(prepared.database)
            runs = [self._copy(prepared, f"{scenario.name}-full{i}") for i in range(2)]
            points, again_points = run_full(prepared, runs, self.home)
            assert points == again_points, f"{scenario.name}: two full runs passed different crash points"
            after, again = (raw_snapshot(db) for db, _out in runs)
            assert (after != before) == prepared.changes_database, (
                f"{scenario.name}: a full run did not do what it should"
            )
            self._references[scenario.name] = Reference(
                prepared, before, after, volatile_columns(after, again), points
            )
        return self._references[scenario.name]

    def _copy(self, prepared: Prepared, label: str) -> tuple[Path, Path]:
        folder = self.workdir / "trials" / f"{next(self._serial):04d}-{label}"
        out = folder / "out"
        out.mkdir(parents=True)
        db = folder / prepared.database.name
        shutil.copy2(prepared.database, db)
        return db, out

    def plan(self, scenario: Scenario, rng: random.Random) -> tuple[str, int]:
        """A seeded kill: ("point", N) or ("parent", K); many aim at a commit or another turning point."""
        points = self.reference(scenario).points
        if rng.random() < 0.3:
            return "parent", rng.randint(1, len(points))
        # "commit": the driver is about to commit (before); the points after it see it done.
        commits = [i + 1 for i, kind in enumerate(points) if kind == "commit"]
        turning = [i + 1 for i, kind in enumerate(points) if kind in TURNING]
        if commits and rng.random() < 0.3:
            n = rng.choice(commits) + rng.choice((-1, 0, 1, 2))
            return "point", min(max(n, 1), len(points))
        if turning and rng.random() < 0.5:
            n = rng.choice(turning) + rng.choice((-1, 0, 0, 1))
            return "point", min(max(n, 1), len(points))
        return "point", rng.randint(1, len(points))

    def trial(self, scenario: Scenario, how: str, n: int) -> Outcome:
        return self._verify(scenario, how, n, *self._kill(scenario, how, n))

    def _kill(self, scenario: Scenario, how: str, n: int) -> tuple[Path, Path, bool]:
        """Run the command on a fresh copy and kill it; the copy, its folder, whether it was killed."""
        prepared = self.reference(scenario).prepared
        db, out = self._copy(prepared, scenario.name)
        if how == "point":
            return db, out, run_killed_at(prepared, db, out, self.home, n)
        return db, out, run_killed_by_parent(prepared, db, out, self.home, n)

    def _verify(self, scenario: Scenario, how: str, n: int, db: Path, out: Path, killed: bool) -> Outcome:
        ref = self.reference(scenario)
        problems: list[str] = []
        snap = raw_snapshot(db)
        state = state_of(snap, ref)
        if state == "between":
            problems.append("half-written: " + describe_difference(snap, ref.before))
        copies, trouble = self._outputs(ref, db, out)
        problems += trouble
        check_ok, text = emudesk_check(db)
        if not check_ok:
            problems.append("check: " + text.splitlines()[0] if text else "check failed")
        return Outcome(scenario.name, f"{how} {n}", killed, state, check_ok, problems, copies)

    def _outputs(self, ref: Reference, db: Path, out: Path) -> tuple[int, list[str]]:
        """How many of the command's copies are there and whole; what is wrong with the others."""
        problems = []
        whole_copies = 0
        files = [out / name for name in ref.prepared.outputs]
        for pattern in ref.prepared.beside:
            files += sorted(db.parent.glob(pattern))
        for path in files:
            if not path.exists():
                continue
            try:
                whole = raw_snapshot(path) == ref.before
            except sqlite3.DatabaseError as exc:
                problems.append(f"{path.name} is not a database: {exc}")
                continue
            if whole:
                whole_copies += 1
            else:
                problems.append(f"{path.name} is not a whole copy of the database")
        return whole_copies, problems


def run_trials(
    trials: Trials, scenarios: list[Scenario], count: int, seed: int, *, workers: int = 2
) -> Iterator[Outcome]:
    """``count`` trials spread over ``scenarios`` in turn, kills chosen by ``random.Random(seed)``.

    The children run ``workers`` at a time (each on its own copy); the files are checked here, in turn.
    """
    rng = random.Random(seed)
    plans = []
    for i in range(count):
        scenario = scenarios[i % len(scenarios)]
        plans.append((scenario, *trials.plan(scenario, rng)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        kills = [pool.submit(trials._kill, *plan) for plan in plans]
        for plan, kill in zip(plans, kills, strict=True):
            yield trials._verify(*plan, *kill.result())


# --- the scenarios ------------------------------------------------------------------------------

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Ngọc"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc"]
_GIVEN += ["Quân", "Sơn", "Tâm", "Tuấn", "Vinh", "Việt", "Hiếu", "Lâm", "Trung", "Kiên"]


def staff(count: int) -> list[list[object]]:
    """``count`` distinct men of Phòng Nội vụ, each with a CCCD that agrees with his birth year."""
    rows: list[list[object]] = []
    for i in range(count):
        year = 1960 + i % 40
        name = f"{_FAMILY[i % 10]} {_MIDDLE[(i // 10) % 8]} {_GIVEN[(i // 80) % 20]}"
        born = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}"
        rows.append(
            [i + 1, name, born, None, f"0340{year % 100:02d}{i:06d}", "Chuyên viên", "Phòng Nội vụ", None]
        )
    return rows


def _office(folder: Path) -> Path:
    from emudesk.services.core.store import Store
    from tests.services.imports.builders import make_office

    folder.mkdir(exist_ok=True)
    path = folder / "office.sqlite3"
    store = Store.open(path, create=True)
    make_office(store)
    store.close()
    return path


def _closed(path: Path) -> Path:
    """Fold the write-ahead log into the file, so a plain copy of it is the whole database."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return path


def _staffed(folder: Path, people: int) -> Path:
    """An office with ``people`` staff imported through emudesk; built once per size beside the
    scenarios' folders and copied."""
    from tests.services.imports.builders import staff_list

    shared = folder.parent / f"staffed-{people}" / "office.sqlite3"
    if not shared.exists():
        shared.parent.mkdir()
        _office(shared.parent)
        book = staff_list(shared.parent / "staff.xlsx", staff(people))
        passed, text = _emudesk("import", "individuals", str(book), "--db", str(shared))
        assert passed, text[-2000:]
        _closed(shared)
    db = folder / shared.name
    shutil.copy2(shared, db)
    return db


def prepare_import(folder: Path, size: int) -> Prepared:
    from tests.services.imports.builders import staff_list

    db = _closed(_office(folder))
    book = staff_list(folder / "staff.xlsx", staff(size))
    return Prepared(db, ("import", "individuals", str(book), "--db", DB))


def prepare_approval(folder: Path, size: int) -> Prepared:
    from sqlalchemy import select

    from emudesk.db.models import Individual
    from emudesk.domain.enums import NominationStatus, SubjectKind
    from emudesk.services.core.store import Store
    from emudesk.services.nominations import workflow
    from tests.factories import nominate
    from tests.services.builders import campaign

    db = _staffed(folder, max(size, STAFF))
    store = Store.open(db)
    with store.write() as s:
        camp = campaign(s, "BK_TINH")
        people = s.scalars(select(Individual.id).order_by(Individual.id).limit(size)).all()
        ids = [nominate(s, camp, SubjectKind.INDIVIDUAL, p, "BK_TINH", None, 2025) for p in people]
        workflow.transition(s, ids, NominationStatus.SUBMITTED)
        workflow.transition(s, ids, NominationStatus.APPRAISED, override_reason="Hội đồng đã xem xét")
    store.close()
    move = ("nominations", "move", *map(str, ids), "--to", "approved", "--decision", "12/QĐ-UBND")
    return Prepared(
        _closed(db), (*move, "--decision-date", "2025-06-01", "--override-reason", "Thử", "--db", DB)
    )


def prepare_backup(folder: Path, size: int) -> Prepared:
    db = _closed(_staffed(folder, size))
    return Prepared(
        db,
        ("backup", "--db", DB, "-o", f"{OUT}/copy.sqlite3"),
        outputs=("copy.sqlite3",),
        changes_database=False,
    )


# The revision an old file is left at: the upgrade from it rebuilds a table and rewrites names.
OLD_REVISION = "0006_recusal_reasons"


def prepare_upgrade(folder: Path, size: int) -> Prepared:
    from emudesk.db.migrate import downgrade, to_url

    db = _staffed(folder, size)
    downgrade(to_url(db), OLD_REVISION)
    return Prepared(_closed(db), ("list", "units", "--db", DB), beside=("[!.]*.before-upgrade-*",))


def prepare_restore(folder: Path, size: int) -> Prepared:
    """The office with ``size`` staff, restored from a backup of it made before they came."""
    office = _closed(_office(folder / "then"))
    backup = folder / "backup.zip"
    written, text = _emudesk("backup", "--db", str(office), "-o", str(backup))
    assert written, text
    db = _closed(_staffed(folder, size))
    return Prepared(db, ("restore", str(backup), "--db", DB), beside=("[!.]*.before-restore-*.sqlite3",))


STAFF = 1000  # people in the office of the approval, backup and upgrade scenarios
IMPORT = Scenario("import", prepare_import, 1000)
APPROVAL = Scenario("approval", prepare_approval, 50)
BACKUP = Scenario("backup", prepare_backup, 1000)
UPGRADE = Scenario("upgrade", prepare_upgrade, 1000)
RESTORE = Scenario("restore", prepare_restore, 1000)
SCENARIOS = [IMPORT, APPROVAL, BACKUP, UPGRADE, RESTORE]
# Exchange import joins here once it exists: a prepare() that writes the package into its folder
# and returns the command that reads it. benchmarks/crash_trials.py runs these too.
EXTRA_SCENARIOS: list[Scenario] = []


def sized(scenario: Scenario, size: int) -> Scenario:
    return Scenario(scenario.name, scenario.prepare, size)
