"""Is an SQLite file whole? Asked before anything may write to it, so a damaged file stays as it was.

``ensure_intact`` reads the file only: the header against the file format, the write-ahead log's
frames against their checksums, and, through a read-only connection, the list of tables
(cheap: every open does it) or every page (``thorough``: ``emudesk check``). Damage found later,
in a page an open did not read, reaches the user through ``corruption_error`` from
``engine.translate_errors``. Every message says what to do: restore a backup, and how.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from emudesk import paths
from emudesk.domain.errors import DamagedDatabaseError, StorageError
from emudesk.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
# SQLite's primary result codes for "the file is damaged" and "the file is not a database".
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_WAL_MAGICS = {0x377F0682: "<", 0x377F0683: ">"}  # checksums over little- or big-endian words
_WAL_VERSION = 3007000
_WAL_HEADER = 32
_FRAME_HEADER = 24
_PAGE_SIZES = frozenset(2**n for n in range(9, 17))


def restore_advice(path: Path) -> str:
    return _(
        "To restore it from a backup made with “Back up the database…” (File menu) or `emudesk backup` "
        "(kept in {backups}), or from the copy saved beside it before an upgrade "
        "({stem}.before-upgrade-….sqlite3), run `emudesk restore BACKUP --db {path}` (in the window: "
        "File ▸ Restore from a backup…). The damaged file is kept beside it under a dated name."
    ).format(backups=paths.backups_dir(), stem=path.stem, path=path)


def damaged(path: Path, detail: str, *, untouched: bool = True) -> DamagedDatabaseError:
    """The one message for a damaged file: what is wrong, that nothing was written, what to do.

    ``untouched``: found before anything wrote to the file (False for damage a session ran into).
    """
    text = (
        _("The database file {path} is damaged ({detail}). emudesk has not written to it.")
        if untouched
        else _("The database file {path} is damaged ({detail}).")
    )
    return DamagedDatabaseError(text.format(path=path, detail=detail) + "\n" + restore_advice(path))


def is_corruption(exc: BaseException | None) -> bool:
    """True when SQLite says the file is damaged or not a database (never for locked, busy, full)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def corruption_error(path: Path | None, exc: BaseException | None) -> StorageError:
    """What a read that hit a damaged page raises (path unknown: a server, or a bare engine)."""
    if path is None:
        return DamagedDatabaseError(_("The database file is damaged. Restore it from a backup."))
    return damaged(path, _("SQLite reports: {reason}").format(reason=str(exc).strip()), untouched=False)


def ensure_intact(path: Path, *, thorough: bool = False, immutable: bool = False) -> None:
    """Raise DamagedDatabaseError if the SQLite file at ``path`` (or its -wal) is damaged or foreign.

    Reads only, through a read-only connection, so neither the file nor its log changes. Without
    ``thorough`` the pages of the tables are not read (an open must stay quick on a large file);
    damage there is reported when a read reaches it. ``immutable``: nothing else can have the
    file open (a copy just written), so SQLite takes no locks and creates no -wal or -shm beside it.

    Raises:
        DamagedDatabaseError: what is wrong and how to restore a backup.
        StorageError: the file cannot be read at all (permissions, locked).
    """
    wal = path.with_name(path.name + "-wal")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(_HEADER_SIZE)
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError as exc:
        raise StorageError(
            _("Cannot read the database file {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if size == 0 and wal_size == 0:
        raise damaged(path, _("the file is empty, 0 bytes"))
    if size:
        _check_header(path, header, size)
    with _read_only(path, thorough=thorough, immutable=immutable) as con:
        if wal_size > _WAL_HEADER:
            _check_wal(path, wal)
        if thorough:
            _check_pages(path, con)


def _check_header(path: Path, header: bytes, size: int) -> None:
    """The fields the file format fixes (sqlite.org/fileformat2.html, "The Database Header")."""
    if not header.startswith(SQLITE_MAGIC):
        raise DamagedDatabaseError(
            _(
                "{path} is not an SQLite database file: it is another kind of file, or the "
                "database's header is damaged. emudesk has not written to it."
            ).format(path=path)
            + "\n"
            + restore_advice(path)
        )
    if len(header) < _HEADER_SIZE:
        raise damaged(path, _("the file is cut off inside its header"))
    raw_page = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    valid = (
        page_size in _PAGE_SIZES
        and header[18] in (1, 2)
        and header[19] in (1, 2)
        and header[21:24] == b"\x40\x20\x20"
    )
    if not valid:
        raise damaged(path, _("its header is invalid"))
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header holds only when written by the same change as the counter.
    counted = pages > 0 and header[24:28] == header[92:96]
    if size % page_size:
        raise damaged(
            path,
            _("the file is cut off: {size} bytes are not a whole number of {page}-byte pages").format(
                size=size, page=page_size
            ),
        )
    if counted and size < pages * page_size:
        raise damaged(
            path,
            _("the file is cut off: {size} bytes where its header counts {expected}").format(
                size=size, expected=pages * page_size
            ),
        )


@contextmanager
def _read_only(path: Path, *, thorough: bool, immutable: bool) -> Iterator[sqlite3.Connection | None]:
    """A read transaction on ``path`` (holding it keeps the -wal from being restarted meanwhile).

    Yields None when SQLite cannot open the file for a reason other than damage (locked, no
    permission to create the -shm): an open then reports that reason itself; ``check`` reports it.
    """
    try:
        mode = "immutable=1" if immutable else "mode=ro"
        con = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        _unreadable(path, exc, thorough=thorough)
        yield None
        return
    with closing(con):
        try:
            con.execute("BEGIN")
            # Reads every page of the schema table, so damage there shows now.
            con.execute("SELECT count(*) FROM sqlite_master WHERE sql IS NOT NULL").fetchone()
        except sqlite3.Error as exc:
            _unreadable(path, exc, thorough=thorough)
            yield None
            return
        yield con


def _unreadable(path: Path, exc: sqlite3.Error, *, thorough: bool) -> None:
    if is_corruption(exc):
        raise damaged(path, _("SQLite reports: {reason}").format(reason=str(exc).strip())) from exc
    if thorough:
        raise StorageError(_("Cannot open {db}: {reason}").format(db=path, reason=str(exc).strip())) from exc


def ensure_writable(path: Path, *, untouched: bool = True) -> None:
    """Read every page before the first write to an open file, so no change lands among damaged pages.

    ``quick_check`` reads the whole file (about 0.07 s for the 18 MB demo database, warm), which
    is cheaper than knowing which pages a change will touch: SQLite does not say before it writes,
    and a change to one row also rewrites index pages and the free list. Done once per open.

    Raises:
        DamagedDatabaseError: a page is damaged; nothing has been written (``untouched``: the
            message says so).
    """
    with _read_only(path, thorough=False, immutable=False) as con:
        _check_pages(path, con, pragma="quick_check", untouched=untouched)


def _check_pages(
    path: Path, con: sqlite3.Connection | None, *, pragma: str = "integrity_check", untouched: bool = True
) -> None:
    if con is None:
        return
    try:
        found = [str(row[0]) for row in con.execute(f"PRAGMA {pragma}(20)")]
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            detail = _("SQLite reports: {reason}").format(reason=str(exc).strip())
            raise damaged(path, detail, untouched=untouched) from exc
        _unreadable(path, exc, thorough=True)
        return
    if found != ["ok"]:
        lines = [line for text in found for line in text.splitlines() if not line.startswith("***")]
        detail = _("SQLite's integrity check found: {detail}").format(detail="; ".join(lines[:3]))
        raise damaged(path, detail, untouched=untouched)


def _check_wal(path: Path, wal: Path) -> None:
    if _wal_damaged(wal.read_bytes()):
        raise damaged(
            path,
            _(
                "its write-ahead log {wal} is damaged; the changes saved after the damaged part would be lost"
            ).format(wal=wal.name),
        )


def _wal_damaged(data: bytes) -> bool:
    """True when the log holds changes SQLite would silently drop (sqlite.org/fileformat2.html#walformat).

    SQLite replays frames until the first whose salts or running checksum do not match and ignores
    the rest, so a damaged log only looks like fewer changes. Damage shows as a bad header, or as
    a frame of the current log (its salts) after that first mismatch. A mismatch in the last frames
    alone is what a write cut short by a power loss leaves, which SQLite rightly rolls back.

    No library reads the log, and SQLite exposes no check of it; the format is short and fixed.
    """
    if len(data) <= _WAL_HEADER:
        return False
    magic, version, page_size, _seq, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data[:_WAL_HEADER])
    order = _WAL_MAGICS.get(magic)
    if order is None or version != _WAL_VERSION or page_size not in _PAGE_SIZES:
        return True
    s0, s1 = _checksum(order, data[:24], 0, 0)
    if (s0, s1) != (sum1, sum2):
        return True
    frame = _FRAME_HEADER + page_size
    broken = False
    for start in range(_WAL_HEADER, len(data) - frame + 1, frame):
        fields = struct.unpack(">6I", data[start : start + _FRAME_HEADER])
        current = fields[2:4] == (salt1, salt2)
        if broken:
            if current:
                return True
            continue
        if current:
            s0, s1 = _checksum(order, data[start : start + 8], s0, s1)
            s0, s1 = _checksum(order, data[start + _FRAME_HEADER : start + frame], s0, s1)
        if not current or (s0, s1) != fields[4:6]:
            broken = True
    return False


def _checksum(order: str, block: bytes, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(block) // 4}I", block)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


__all__ = [
    "SQLITE_MAGIC",
    "DamagedDatabaseError",
    "corruption_error",
    "damaged",
    "ensure_intact",
    "ensure_writable",
    "is_corruption",
    "restore_advice",
]
