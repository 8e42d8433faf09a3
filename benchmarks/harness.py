"""The benchmark framework: timing, rows, targets, the province database (used by run.py)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
CACHE = ROOT / "benchmarks" / ".cache"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EMUDESK_HOME", str(CACHE / "home"))


@dataclass
class Row:
    operation: str
    median_ms: float
    p95_ms: float
    floor_ms: float | None
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    samples: int = 0


@dataclass
class Context:
    db: Path
    repeat: int
    quick: bool
    work: Path
    rows: list[Row] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # results shared between groups


Benchmark = Callable[[Context], list[Row]]
REGISTRY: list[tuple[str, Benchmark]] = []


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    def wrap(fn: Benchmark) -> Benchmark:
        REGISTRY.append((name, fn))
        return fn

    return wrap


def timings(fn: Callable[[], object], repeat: int, *, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(
    operation: str,
    samples: list[float],
    floor: list[float] | None,
    target: str,
    note: str = "",
    *,
    stat: str = "median",
) -> Row:
    """Summarise samples against a target.

    ``stat`` ("median" or "p95") is the statistic judged and compared with the floor's same
    statistic; "<=Nx" bounds that ratio, "<=Nms" and "<=NMB" the value itself.
    """
    median = statistics.median(samples)
    value = p95(samples) if stat == "p95" else median
    floor_ms = (p95(floor) if stat == "p95" else statistics.median(floor)) if floor else None
    ratio = value / floor_ms if floor_ms else None
    met: bool | None = None
    bound = target.removeprefix("<=")
    if bound.endswith("x") and ratio is not None:
        met = ratio <= float(bound[:-1])
    elif bound.endswith(("ms", "MB")):
        met = value <= float(bound[:-2])
    return Row(
        operation,
        round(median, 2),
        round(p95(samples), 2),
        None if floor_ms is None else round(floor_ms, 2),
        None if ratio is None else round(ratio, 2),
        target,
        met,
        note,
        len(samples),
    )


def ensure_database(path: Path | None) -> Path:
    if path is not None:
        return path
    target = CACHE / "province-2025.sqlite3"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".building")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        print("building the province data set (about a minute)…", file=sys.stderr)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "emudesk",
                "demo",
                "--size",
                "province",
                "--seed",
                "2025",
                "--db",
                str(tmp),
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        tmp.rename(target)
    return target


def copy_database(ctx: Context, name: str) -> Path:
    """A private copy for operations that write."""
    dest = ctx.work / f"{name}.sqlite3"
    if not dest.exists():
        shutil.copy(ctx.db, dest)
    return dest


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'operation':58} {'median ms':>10} {'p95 ms':>9} {'floor ms':>9} {'ratio':>7}  {'target':>9}  met"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        floor = "" if r.floor_ms is None else f"{r.floor_ms:9.1f}"
        ratio = "" if r.ratio is None else f"{r.ratio:6.2f}x"
        met = {True: "yes", False: "NO", None: "–"}[r.met]
        numbers = f"{r.median_ms:10.1f} {r.p95_ms:9.1f} {floor:>9} {ratio:>7}"
        print(f"{r.operation:58} {numbers}  {r.target:>9}  {met}")
        if r.note:
            print(f"{'':60} {r.note}")
