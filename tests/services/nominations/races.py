"""Races for the last places of a quota, between real processes, each with its own connection.

``prepare`` writes a campaign whose quota has ``places`` left and one file per racer; ``race``
forks one process per file from a fork server that has imported emudesk once (start-up is
what costs), lets each open the database and warm its connection, then releases them all at
once with a barrier and has each move its file so that it takes a place:

- ``submit``: a draft submitted (Nháp → Đã trình);
- ``resubmit``: a file returned for completion sent straight back in (Trả lại → Đã trình);
- ``file``: a new file written and submitted in one go, as an import or an exchange does (the
  row does not exist when the others count);
- ``approve``: a file appraised (it holds its place already) approved into one decision, the
  same number for every racer: each goes through however full the quota is, and only one
  decision is written (nothing but the write lock keeps two from being created);
- ``mixed``: racer i makes the i-th of these moves in turn, so all four race each other;
- ``apart``: each racer submits a draft in a campaign of its own, with a place free: nobody
  competes for anything, so whatever they wait for each other is the price of the global write
  lock alone (benchmarks/races.py).

Each racer reports what happened (``Outcome``) and its timings: how long it waited for the
write lock (PostgreSQL: the audit chain's advisory lock, taken by the move's first statement;
SQLite: BEGIN IMMEDIATE) and how long the whole submit took. Used by test_races.py and by
benchmarks/races.py.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier
from typing import Any

from emudesk import i18n

# Imported by the fork server once, so that racers start with them loaded.
PRELOAD = [
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "emudesk.db.migrate",
    "emudesk.services.core.store",
    "emudesk.services.nominations.workflow",
    "tests.services.nominations.races",
]
MOVES = ("submit", "resubmit", "file", "approve")
DECISION_NUMBER = "25/QĐ-UBND"
MODES = (*MOVES, "mixed", "apart")
QUOTA_LABEL = "Bằng khen CT UBND tỉnh – cá nhân (đợt thi đua)"
FORM = "BK_TINH"
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
_GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh", "Ngọc", "Phúc", "Quân")

_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(PRELOAD)

# The fork server reads the message catalogue once (a fifth of a second per process otherwise).
i18n.current_language()


@dataclass(frozen=True)
class Plan:
    """A prepared race: racer i makes move ``moves[i]`` on ``targets[i]`` (a nomination id, or a
    person for ``file``)."""

    url: str
    mode: str
    moves: tuple[str, ...]
    campaign_id: int
    form_id: int
    unit_id: int
    limit: int
    places: int
    targets: tuple[int, ...]


@dataclass
class Outcome:
    """What one racer saw.

    Attributes:
        kind: "ok", "quota" (QuotaExceededError), "busy" (the write lock waited for too long),
            "refused" (another typed error) or "crash" (anything else: a bug).
        message: the error as the user reads it (str of the error; a traceback for a crash).
        holders, limit, count: of a quota refusal.
        wait: seconds from the release to holding the write lock; total: to the end of the submit.
    """

    racer: int
    kind: str
    message: str = ""
    error: str = ""
    holders: tuple[str, ...] = ()
    limit: int | None = None
    count: int | None = None
    wait: float | None = None
    total: float = 0.0
    nomination_id: int | None = None


@dataclass
class Options:
    """Knobs of a race.

    Attributes:
        lock_wait_ms: how long a writer waits for the write lock (default: the app's 10 s).
        rehearse: each racer first makes the same move and rolls it back, before the start, so
            that the race times a warm program (queries compiled), not a freshly started one.
    """

    lock_wait_ms: int | None = None
    rehearse: bool = False
    language: str = "vi"
    extra: dict[str, Any] = field(default_factory=dict)


def _name(i: int) -> str:
    return f"{_FAMILY[i % len(_FAMILY)]} Văn {_GIVEN[(i // len(_FAMILY)) % len(_GIVEN)]}"


def prepare(store: Any, url: str, *, racers: int, places: int, held: int = 2, mode: str = "submit") -> Plan:
    """A campaign with a quota of ``held + places`` of which ``held`` are taken, and a file per racer.

    Racers who approve hold their places already: the quota has room for them on top.
    With ``mode`` "apart", a campaign per racer instead, each with one draft and a free place.
    """
    from emudesk.domain.enums import CampaignKind, SubjectKind
    from emudesk.domain.enums import NominationStatus as S
    from emudesk.services.campaigns import plans
    from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef, QuotaDef
    from emudesk.services.nominations.workflow import transition
    from tests.factories import form_id, nominate, person, unit

    if mode not in MODES:
        raise ValueError(mode)
    moves = tuple(MOVES[i % len(MOVES)] if mode == "mixed" else mode for i in range(racers))
    if mode == "apart":
        moves = ("submit",) * racers
    limit = held + places + moves.count("approve")

    def new_campaign(s: Any, title: str = "Thi đua thường xuyên năm 2025") -> int:
        return plans.create_campaign(
            s,
            CampaignDef(
                title=title,
                kind=CampaignKind.REGULAR,
                offered_forms=[OfferedFormDef(FORM, True, True)],
                quotas=[QuotaDef(QUOTA_LABEL, [FORM], subject_kind=SubjectKind.INDIVIDUAL, limit=limit)],
            ),
        )

    with store.write("race") as s:
        campaign = new_campaign(s)
        office = unit(s, "Sở Nông nghiệp và Phát triển nông thôn", "so_nganh")
        people = [person(s, _name(i), office) for i in range(held + racers)]
        if mode == "apart":
            drafts = []
            for i, p in enumerate(people[held:]):
                own = new_campaign(s, f"Đợt thi đua số {i + 1}")
                drafts.append(nominate(s, own, SubjectKind.INDIVIDUAL, p, FORM, office, 2025))
            form = form_id(s, FORM)
            return Plan(url, mode, moves, campaign, form, office, limit, places, tuple(drafts))
        holding = [
            nominate(s, campaign, SubjectKind.INDIVIDUAL, p, FORM, office, 2025) for p in people[:held]
        ]
        transition(s, holding, S.SUBMITTED)
        targets = []
        for move, p in zip(moves, people[held:], strict=True):
            if move == "file":
                targets.append(p)
                continue
            nid = nominate(s, campaign, SubjectKind.INDIVIDUAL, p, FORM, office, 2025)
            if move == "resubmit":
                # Submitted while a place is free for it, then returned: the place freed again.
                transition(s, [nid], S.SUBMITTED)
                transition(s, [nid], S.RETURNED)
            elif move == "approve":
                transition(s, [nid], S.SUBMITTED)
                transition(s, [nid], S.APPRAISED, override_reason="Hội đồng xét theo đề nghị của Sở")
            targets.append(nid)
        form = form_id(s, FORM)
    return Plan(url, mode, moves, campaign, form, office, limit, places, tuple(targets))


def _classify(exc: BaseException) -> tuple[str, dict[str, Any]]:
    from emudesk.domain.errors import EmudeskError, QuotaExceededError, StorageError

    if isinstance(exc, QuotaExceededError):
        return "quota", {"holders": exc.holders, "limit": exc.limit, "count": exc.count}
    if isinstance(exc, StorageError) and _is_busy(exc):
        return "busy", {}
    if isinstance(exc, EmudeskError):
        return "refused", {}
    return "crash", {}


def _is_busy(exc: BaseException) -> bool:
    """A write refused because another writer held the lock for longer than the wait allowed."""
    from sqlalchemy.exc import OperationalError

    cause = exc.__cause__
    text = str(getattr(cause, "orig", "")).lower()
    return isinstance(cause, OperationalError) and ("lock timeout" in text or "locked" in text)


class _RehearsalDoneError(Exception):
    """Raised to roll a rehearsal back."""


def _move(session: Any, plan: Plan, racer: int) -> int:
    """Take a place: racer's move; the nomination's id."""
    from emudesk.domain.enums import NominationStatus as S
    from emudesk.domain.enums import SubjectKind
    from emudesk.services.core.common import SubjectRef
    from emudesk.services.nominations.workflow import (
        DecisionInput,
        NominationInput,
        create_nomination,
        transition,
    )

    target = plan.targets[racer]
    if plan.moves[racer] == "file":
        return create_nomination(
            session,
            NominationInput(
                subject=SubjectRef(SubjectKind.INDIVIDUAL, target),
                campaign_id=plan.campaign_id,
                award_form_id=plan.form_id,
                proposing_unit_id=plan.unit_id,
                year=2025,
            ),
            status=S.SUBMITTED,
        )
    if plan.moves[racer] == "approve":
        transition(session, [target], S.APPROVED, decision=DecisionInput(DECISION_NUMBER, date(2026, 1, 12)))
    else:
        transition(session, [target], S.SUBMITTED)
    return target


def _racer(plan: Plan, racer: int, options: Options, ready: Barrier, go: Barrier, out: Connection) -> None:
    """One racer: open the database, warm up, wait for the start, take a place (or be refused)."""
    outcome = Outcome(racer, "crash")
    try:
        from emudesk.db import audit_chain, engine
        from emudesk.services.core.store import Store

        if i18n.current_language() != options.language:
            i18n.set_language(options.language)
        if options.lock_wait_ms is not None:
            engine.BUSY_TIMEOUT_MS = options.lock_wait_ms
            audit_chain.LOCK_WAIT = f"{options.lock_wait_ms}ms"
        store = Store.open(plan.url)
        store.db.check_pages()  # the first write's read of the whole file, done before the start
        if options.rehearse:
            with contextlib.suppress(_RehearsalDoneError), store.write(f"racer{racer}") as s:
                _move(s, plan, racer)
                raise _RehearsalDoneError
        with store.read() as s:
            s.connection()
    except BaseException:
        outcome.message = traceback.format_exc()
        ready.abort()
        out.send(outcome)
        return
    try:
        try:
            ready.wait()
            go.wait()
        except threading.BrokenBarrierError:
            outcome.message = "another racer could not get ready"
            out.send(outcome)
            return
        start = time.monotonic()
        info: Any = None
        try:
            with store.write(f"racer{racer}") as s:
                # SQLite: begins with the write lock; PostgreSQL: the move's first statement takes it.
                info = s.connection().info
                if store.is_sqlite:
                    outcome.wait = time.monotonic() - start
                outcome.nomination_id = _move(s, plan, racer)
            outcome.kind = "ok"
        except BaseException as exc:
            outcome.kind, found = _classify(exc)
            outcome.error = type(exc).__name__
            outcome.message = traceback.format_exc() if outcome.kind == "crash" else str(exc)
            for key, value in found.items():
                setattr(outcome, key, value)
            outcome.nomination_id = None
        outcome.total = time.monotonic() - start
        if outcome.wait is None and info is not None and (at := audit_chain.locked_at(info)) is not None:
            outcome.wait = at - start
    finally:
        store.close()
    out.send(outcome)


@dataclass
class Race:
    plan: Plan
    outcomes: list[Outcome]
    wall: float  # seconds from the release to the last racer done

    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for o in self.outcomes:
            counts[o.kind] = counts.get(o.kind, 0) + 1
        return counts

    def of(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]


def race(plan: Plan, options: Options | None = None, *, hold: Any = None) -> Race:
    """Run one racer per target, released together.

    ``hold`` (a context manager), if given, is entered once every racer is ready, before the
    release, and left once every racer is done: a writer that keeps the write lock all along.
    """
    options = options or Options()
    n = len(plan.targets)
    ready, go = _FORKS.Barrier(n + 1), _FORKS.Barrier(n + 1)
    pipes: list[Connection] = []
    processes = []
    for i in range(n):
        reader, writer = _FORKS.Pipe(duplex=False)
        process = _FORKS.Process(target=_racer, args=(plan, i, options, ready, go, writer))
        process.start()
        writer.close()
        pipes.append(reader)
        processes.append(process)
    try:
        try:
            ready.wait(timeout=120)
        except threading.BrokenBarrierError:  # a racer could not get ready: it says why
            go.abort()
            outcomes = _collect(pipes, processes)
        else:
            # Every racer has opened the database: only now may another writer take the lock.
            with hold if hold is not None else contextlib.nullcontext():
                go.wait(timeout=120)
                outcomes = _collect(pipes, processes)
    finally:
        for process in processes:
            process.join()
    return Race(plan, sorted(outcomes, key=lambda o: o.racer), max(o.total for o in outcomes))


def _collect(pipes: Sequence[Connection], processes: Sequence[Any]) -> list[Outcome]:
    outcomes = []
    for i, (pipe, process) in enumerate(zip(pipes, processes, strict=True)):
        try:
            outcomes.append(pipe.recv())
        except EOFError:
            process.join()
            outcomes.append(Outcome(i, "crash", f"racer died with exit code {process.exitcode}"))
        pipe.close()
    return outcomes


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]
