"""Damaging a copy of a database the ways files get damaged: overwritten, cut off, emptied, replaced.

Every kind writes seeded random bytes (``random.Random``), so a failure replays exactly.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

# 8 KiB, as in the report: what a bad sector or a torn copy leaves.
BURST = 8192


def _page(path: Path) -> tuple[int, int]:
    """(page size, page count) from a read-only connection."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as con:
        size = con.execute("PRAGMA page_size").fetchone()[0]
        count = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    return int(size), int(count)


def _root_page(path: Path, name: str) -> int:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as con:
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    con.close()
    return int(root)


def _overwrite(path: Path, offset: int, length: int, rng: random.Random) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(rng.randbytes(length))


def _overwrite_page(path: Path, page: int, rng: random.Random) -> None:
    size, _count = _page(path)
    _overwrite(path, (page - 1) * size, size, rng)


def header(path: Path, rng: random.Random) -> None:
    """The first 100 bytes: the SQLite header, its magic string included."""
    _overwrite(path, 0, 100, rng)


def header_fields(path: Path, rng: random.Random) -> None:
    """The header after its magic string: page size, versions, counters."""
    _overwrite(path, 16, 84, rng)


def schema_page(path: Path, rng: random.Random) -> None:
    """Page 1 after the header: the root of sqlite_master, the list of tables."""
    size, _count = _page(path)
    _overwrite(path, 100, size - 100, rng)


def data_page(path: Path, rng: random.Random) -> None:
    """The root page of the individuals table."""
    _overwrite_page(path, _root_page(path, "individuals"), rng)


def index_page(path: Path, rng: random.Random) -> None:
    """The root page of the index the individuals list is read through."""
    _overwrite_page(path, _root_page(path, "ix_individuals_live_fold"), rng)


def a_third_in(path: Path, rng: random.Random) -> None:
    """The issue's report: 8 KiB a third of the way into the file."""
    _overwrite(path, path.stat().st_size // 3, BURST, rng)


def truncated(path: Path, _rng: random.Random) -> None:
    """Cut off at two thirds, mid-page (an interrupted copy)."""
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size * 2 // 3 + 123)


def truncated_at_a_page(path: Path, _rng: random.Random) -> None:
    """Cut off at a page boundary: the size still looks like whole pages."""
    size, count = _page(path)
    with path.open("r+b") as fh:
        fh.truncate(size * (count // 2))


def random_file(path: Path, rng: random.Random) -> None:
    path.write_bytes(rng.randbytes(64 * 1024))


def empty_file(path: Path, _rng: random.Random) -> None:
    path.write_bytes(b"")


def text_file(path: Path, _rng: random.Random) -> None:
    line = "Nguyễn Văn An;Lao động tiên tiến;2025\n"
    path.write_text("Danh sách khen thưởng\n" + line * 50, encoding="utf-8")


def with_log(path: Path) -> Path:
    """Leave committed changes in ``path``-wal, not yet copied into the file (as after a crash)."""
    work = path.with_name("live-" + path.name)
    shutil.copy(path, work)
    con = sqlite3.connect(work, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        for step in range(4):
            con.execute("UPDATE individuals SET note = ? WHERE id % 4 = ?", (f"ghi chú {step}", step))
        # Copied while the connection holds the log: closing it would move the changes into the file.
        shutil.copy(work, path)
        shutil.copy(work.with_name(work.name + "-wal"), path.with_name(path.name + "-wal"))
    finally:
        con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    return path.with_name(path.name + "-wal")


def damaged_log(path: Path, rng: random.Random) -> None:
    """8 KiB a third of the way into the write-ahead log beside the file."""
    wal = with_log(path)
    _overwrite(wal, wal.stat().st_size // 3, BURST, rng)


def damaged_log_header(path: Path, rng: random.Random) -> None:
    """The log's own header: SQLite would ignore the whole log, every change in it."""
    wal = with_log(path)
    _overwrite(wal, 0, 32, rng)


KINDS: dict[str, Callable[[Path, random.Random], None]] = {
    "header": header,
    "header_fields": header_fields,
    "schema_page": schema_page,
    "data_page": data_page,
    "index_page": index_page,
    "a_third_in": a_third_in,
    "damaged_log": damaged_log,
    "damaged_log_header": damaged_log_header,
    "truncated": truncated,
    "truncated_at_a_page": truncated_at_a_page,
    "random_file": random_file,
    "empty_file": empty_file,
    "text_file": text_file,
}


def damage(path: Path, kind: str, seed: int = 12) -> None:
    KINDS[kind](path, random.Random(seed))


def fingerprint(path: Path) -> dict[str, str | None]:
    """Digests of the file and its log, to show nothing wrote to them.

    An empty log counts as none: SQLite reads them alike, and a read-only connection to a file in
    WAL mode creates an empty one (and the -shm index) where none was.
    """
    out: dict[str, str | None] = {}
    for suffix in ("", "-wal"):
        target = Path(f"{path}{suffix}")
        data = target.read_bytes() if target.exists() else b""
        out[suffix or "file"] = hashlib.sha256(data).hexdigest() if data or not suffix else None
    return out
