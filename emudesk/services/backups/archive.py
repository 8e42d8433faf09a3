"""The backup file: one zip holding a consistent copy of the database and a manifest.

Layout (format 1)::

    manifest.json       what the backup holds, with the SHA-256 of every other entry
    database.sqlite3    the SQLite online-backup copy (checked with integrity_check); evidence
                        files are inside it (table evidence_blobs, schema 0011_evidence_blobs)
    files/<stored name> only in backups of older versions: each evidence file the copy refers to.
                        Restoring one extracts them beside the copy, where its schema upgrade
                        moves them into the database.

A zip (stdlib ``zipfile``) rather than a folder or a tar: one file to carry on a USB stick, that
Windows opens without extra software, with a central directory that can be read without
extracting anything. Reading a backup trusts nothing in it: names, sizes and hashes are all
checked, and every entry is extracted through a counted stream (``stage``).

A bare ``.sqlite3`` copy written by older versions of ``emudesk backup`` is a backup too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from emudesk import __version__
from emudesk.db.integrity import SQLITE_MAGIC, is_corruption
from emudesk.db.migrate import backup_sqlite, head_revision, known_revisions
from emudesk.domain.errors import DamagedDatabaseError, StorageError
from emudesk.export import storage_error
from emudesk.i18n import _
from emudesk.services.core.outputs import temporary_beside

FORMAT = 1
KIND = "emudesk-backup"
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
FILES = "files/"
SUFFIX = ".zip"

# Limits a hostile archive cannot talk its way past (the counted streams enforce them, whatever
# the zip headers claim).
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_DATABASE_BYTES = 64 * 1024**3
MAX_FILE_BYTES = 256 * 1024**2  # older versions refused evidence files above 200 MB
MAX_ENTRIES = 200_000
_CHUNK = 1024 * 1024
# The tables whose counts a listing shows.
SUMMARY_TABLES = ("individuals", "units", "nominations", "award_records")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, as its manifest (or, for a bare SQLite copy, the file itself) says.

    Attributes:
        kind: "archive" (a zip with a manifest) or "sqlite" (a bare copy).
        created_at: when it was made (UTC); a bare copy: the file's modification time.
        schema: the database's schema revision (None: not an emudesk database).
        counts: rows per table.
        files: the number of evidence files carried (in the database, or beside it in a backup
            of an older version).
        missing_files: evidence files the database referred to but that were not on disk (backups
            of older versions).
    """

    path: Path
    kind: str
    size: int
    created_at: datetime
    source: str
    app_version: str
    schema: str | None
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: tuple[str, ...] = ()

    @property
    def contents(self) -> str:
        """What it holds, in one line (the CLI's listing and the window's confirmation)."""
        return _(
            "{individuals} individuals, {units} units, {nominations} nominations, {awards} awards, "
            "{files} evidence files"
        ).format(
            individuals=self.counts.get("individuals", 0),
            units=self.counts.get("units", 0),
            nominations=self.counts.get("nominations", 0),
            awards=self.counts.get("award_records", 0),
            files=self.files,
        )

    @property
    def newer_than_app(self) -> bool:
        return self.schema is not None and self.schema not in known_revisions()

    @property
    def older_than_app(self) -> bool:
        return self.schema is not None and self.schema in known_revisions() and self.schema != head_revision()

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "size": self.size,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "source": self.source,
            "app_version": self.app_version,
            "schema": self.schema,
            "individuals": self.counts.get("individuals", 0),
            "units": self.counts.get("units", 0),
            "nominations": self.counts.get("nominations", 0),
            "awards": self.counts.get("award_records", 0),
            "evidence_files": self.files,
        }


@dataclass(frozen=True)
class Staged:
    """A backup checked and extracted into ``folder``: its database (and, from an older version,
    its evidence files in ``files``, the folder beside the database its upgrade reads).

    Attributes:
        carries_files: True for an archive (a bare SQLite copy of an older version holds no
            evidence files: they were beside the database it replaces).
    """

    info: BackupInfo
    database: Path
    files: Path
    stored_names: tuple[str, ...]
    carries_files: bool


def not_a_backup(path: Path, reason: str) -> StorageError:
    return StorageError(
        _("{path} is not an emudesk backup ({reason}). Nothing was changed.").format(path=path, reason=reason)
    )


# --- writing -----------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_into(zf: zipfile.ZipFile, name: str, source: Path) -> str:
    """Add ``source`` as ``name`` (the archive's compression), hashing what is written; its SHA-256."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, zf.open(name, "w", force_zip64=True) as dst:
        for chunk in iter(lambda: src.read(_CHUNK), b""):
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()


def database_summary(database: Path) -> tuple[str | None, dict[str, int], list[str]]:
    """Schema revision, rows per table, and the evidence files' stored names of an SQLite file
    of an older version (empty from 0011_evidence_blobs on: the files are in the database)."""
    # immutable: a backup (or a private copy) never changes, and no -shm is left beside it.
    conn = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not name.startswith("sqlite_")
        ]
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        counts = {
            name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in tables
            if name != "alembic_version"
        }
        stored: list[str] = []
        columns = {str(r[1]) for r in conn.execute("PRAGMA table_info(evidence_files)")}
        if "stored_name" in columns:
            stored = sorted({str(n) for (n,) in conn.execute("SELECT stored_name FROM evidence_files")})
        return revision, counts, stored
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_backup(database: Path, destination: Path, *, source: str = "") -> BackupInfo:
    """Write a backup of the SQLite file ``database`` (its evidence files inside) to ``destination``.

    The zip is written under a temporary name beside ``destination``, verified (every hash, and
    SQLite's integrity check on the extracted copy), flushed to disk, then renamed: the target is
    either a good backup or not there at all.

    Raises:
        StorageError: the database is damaged, or the backup could not be written or verified.
    """
    sweep_leftovers(destination)
    work = Path(str(temporary_beside(destination)) + ".d")
    tmp = temporary_beside(destination)
    try:
        work.mkdir(parents=True)
        copy = backup_sqlite(database, work / DATABASE)
        revision, counts, _stored = database_summary(copy)
        entries: dict[str, str] = {}
        # The fastest level: a backup made while the window closes must be quick, and level 6 saves
        # only a tenth more (4.7 MB instead of 5.2 MB for the 18 MB demo) at three times the time.
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as zf:
            entries[DATABASE] = _copy_into(zf, DATABASE, copy)
            manifest = {
                "kind": KIND,
                "format": FORMAT,
                "app_version": __version__,
                "schema": revision,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "source": source or database.name,
                "counts": counts,
                "files": counts.get("evidence_blobs", 0),
                "missing_files": [],
                "entries": entries,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        _fsync(tmp)
        verify(tmp)
        os.replace(tmp, destination)
        _fsync(destination.parent)
    except OSError as exc:
        raise storage_error(exc, destination) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return read_info(destination)


# --- reading -----------------------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def _safe_member(name: str) -> bool:
    """A relative POSIX name with no way out of the folder it is extracted into."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return False
    parts = PurePosixPath(name).parts
    return all(p not in ("", ".", "..") and not p.startswith(".") for p in parts) and len(name) < 512


def _read_manifest(path: Path, zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError as exc:
        raise not_a_backup(path, _("it has no manifest")) from exc
    if info.file_size > MAX_MANIFEST_BYTES:
        raise not_a_backup(path, _("its manifest is too large"))
    try:
        with zf.open(info) as fh:
            raw = fh.read(MAX_MANIFEST_BYTES + 1)
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise not_a_backup(path, _("its manifest cannot be read")) from exc
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise not_a_backup(path, _("its manifest is not emudesk's"))
    fmt = data.get("format")
    if not isinstance(fmt, int) or fmt > FORMAT:
        raise StorageError(
            _(
                "{path} was written by a newer version of emudesk. Install the newer version to restore it. "
                "Nothing was changed."
            ).format(path=path)
        )
    entries = data.get("entries")
    if not isinstance(entries, dict) or DATABASE not in entries:
        raise not_a_backup(path, _("its manifest lists no database"))
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
        raise not_a_backup(path, _("its manifest cannot be read"))
    return data


def _created(value: object, fallback: datetime) -> datetime:
    try:
        stamp = datetime.fromisoformat(str(value))
    except ValueError:
        return fallback
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def read_info(path: Path) -> BackupInfo:
    """What a backup holds, from its manifest (a zip) or the file itself (a bare copy); quick, no hashes.

    Raises:
        StorageError: it is not an emudesk backup, or cannot be read.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StorageError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if not path.is_file():
        raise not_a_backup(path, _("it is not a file"))
    if is_sqlite_file(path):
        try:
            revision, counts, _stored = database_summary(path)
        except sqlite3.DatabaseError as exc:
            raise not_a_backup(path, _("SQLite reports: {reason}").format(reason=exc)) from exc
        if revision is None:
            raise not_a_backup(path, _("it is an SQLite file from another program"))
        files = counts.get("evidence_blobs", 0)
        return BackupInfo(path, "sqlite", size, _mtime(path), path.name, "", revision, counts, files)
    if not zipfile.is_zipfile(path):
        raise not_a_backup(path, _("it is neither a backup archive nor a database"))
    try:
        with zipfile.ZipFile(path) as zf:
            data = _read_manifest(path, zf)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise not_a_backup(path, _("the archive is damaged")) from exc
    raw_counts = data.get("counts")
    return BackupInfo(
        path,
        "archive",
        size,
        _created(data.get("created_at"), _mtime(path)),
        str(data.get("source") or ""),
        str(data.get("app_version") or ""),
        str(data["schema"]) if data.get("schema") else None,
        {str(k): v for k, v in raw_counts.items() if isinstance(v, int)}
        if isinstance(raw_counts, dict)
        else {},
        _files_count(data),
        tuple(str(m) for m in data.get("missing_files") or () if isinstance(m, str)),
    )


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int, backup: Path) -> str:
    """Extract one entry through a counted stream; returns its SHA-256."""
    if info.file_size > limit:
        raise not_a_backup(backup, _("{name} is larger than allowed").format(name=info.filename))
    digest = hashlib.sha256()
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(info) as src, open(target, "xb") as dst:
        for chunk in iter(lambda: src.read(_CHUNK), b""):
            written += len(chunk)
            if written > limit or written > info.file_size:
                raise not_a_backup(backup, _("{name} is larger than allowed").format(name=info.filename))
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()


def _check_database(copy: Path, backup: Path) -> None:
    """SQLite's full integrity check on the extracted (private) copy."""
    try:
        conn = sqlite3.connect(f"{copy.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise DamagedDatabaseError(
                _("The database inside the backup {path} is damaged ({reason}). Nothing was changed.").format(
                    path=backup, reason=str(exc).strip()
                )
            ) from exc
        raise not_a_backup(backup, str(exc)) from exc
    if rows != ["ok"]:
        raise DamagedDatabaseError(
            _("The database inside the backup {path} is damaged ({reason}). Nothing was changed.").format(
                path=backup, reason="; ".join(rows[:3])
            )
        )


def _checked_members(zf: zipfile.ZipFile, backup: Path) -> tuple[list[zipfile.ZipInfo], dict[str, str]]:
    """The archive's entries once each is known to be expected, safe and listed in the manifest."""
    expected: dict[str, str] = _read_manifest(backup, zf)["entries"]
    members = zf.infolist()
    if len(members) > MAX_ENTRIES:
        raise not_a_backup(backup, _("it has too many entries"))
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise not_a_backup(backup, _("it names an entry twice"))
    for member in members:
        name = member.filename
        if name == MANIFEST:
            continue
        unexpected = not _safe_member(name) or name not in expected or member.is_dir()
        if unexpected or (name != DATABASE and not name.startswith(FILES)):
            reason = _("it holds an unexpected entry “{name}”").format(name=name[:120])
            raise not_a_backup(backup, reason)
    missing = set(expected) - set(names)
    if missing:
        reason = _("entries listed in its manifest are missing: {names}").format(
            names=", ".join(sorted(missing)[:5])
        )
        raise not_a_backup(backup, reason)
    return [m for m in members if m.filename != MANIFEST], expected


def _files_count(manifest: dict[str, Any]) -> int:
    # An older version's backup carries its files as entries; a newer one holds them in the database.
    carried = len(manifest["entries"]) - 1
    counted = manifest.get("files")
    return carried if carried > 0 or not isinstance(counted, int) else max(0, counted)


def files_beside(database: Path) -> Path:
    """The folder an older version kept evidence files in beside ``database`` (its upgrade reads it)."""
    return database.with_name(database.stem + "-files")


def _extract_archive(zf: zipfile.ZipFile, backup: Path, folder: Path) -> list[str]:
    """Extract a checked archive into ``folder``; the stored names of the evidence files."""
    members, expected = _checked_members(zf, backup)
    stored: list[str] = []
    for member in members:
        name = member.filename
        if name == DATABASE:
            target, limit = folder / DATABASE, MAX_DATABASE_BYTES
        else:
            target, limit = files_beside(folder / DATABASE) / name[len(FILES) :], MAX_FILE_BYTES
            stored.append(name[len(FILES) :])
        if _extract(zf, member, target, limit, backup) != expected[name].lower():
            raise DamagedDatabaseError(
                _(
                    "The backup {path} is damaged: {name} does not match its checksum. Nothing was changed."
                ).format(path=backup, name=name)
            )
    return stored


def stage(backup: Path, folder: Path) -> Staged:
    """Check ``backup`` through and through and extract it into the empty ``folder``.

    A zip: every name safe and listed in the manifest, every size within bounds, every hash
    matching. Both kinds: the database passes SQLite's integrity check and is an emudesk
    database whose schema this version knows (an older one is fine: restoring upgrades it).

    Raises:
        StorageError: why the backup cannot be used; nothing outside ``folder`` was written.
    """
    info = read_info(backup)
    database = folder / DATABASE
    files = files_beside(database)
    stored: list[str] = []
    if info.kind == "sqlite":
        try:
            shutil.copyfile(backup, database)
        except OSError as exc:
            raise storage_error(exc, database) from exc
    else:
        try:
            with zipfile.ZipFile(backup) as zf:
                stored = _extract_archive(zf, backup, folder)
        except (zipfile.BadZipFile, EOFError) as exc:
            raise not_a_backup(backup, _("the archive is damaged")) from exc
        except OSError as exc:
            raise storage_error(exc, database) from exc
    if not is_sqlite_file(database):
        raise not_a_backup(backup, _("the database inside it is not an SQLite file"))
    _check_database(database, backup)
    try:
        revision, _counts, _stored = database_summary(database)
    except sqlite3.DatabaseError as exc:
        raise not_a_backup(backup, str(exc)) from exc
    if revision is None:
        raise not_a_backup(backup, _("the database inside it is not an emudesk database"))
    if revision not in known_revisions():
        raise StorageError(
            _(
                "The backup {path} was made by a newer version of emudesk (schema {rev}). "
                "Install the newer version to restore it. Nothing was changed."
            ).format(path=backup, rev=revision)
        )
    return Staged(info, database, files, tuple(stored), info.kind == "archive")


def verify(path: Path) -> BackupInfo:
    """Check a backup file through and through (hashes and integrity), extracting into a scratch folder.

    Raises:
        StorageError: what is wrong with it.
    """
    with scratch_beside(path) as folder:
        return stage(path, folder).info


# Older than this, a hidden work file of a backup or a restore was left by one that was killed.
LEFTOVER_AGE_S = 6 * 3600


def sweep_leftovers(target: Path) -> None:
    """Remove the hidden work files a killed backup or restore left in ``target``'s folder.

    Only names ``temporary_beside`` makes for files like ``target`` (same suffix; an automatic
    backup's name changes every time), and only old ones: work running right now keeps its own.
    """
    pattern = re.compile(r"^\..+\.[0-9a-f]{8}\.part" + re.escape(target.suffix) + r"(\.d)?$")
    now = time.time()
    with contextlib.suppress(OSError):
        for path in target.parent.iterdir():
            if not pattern.match(path.name):
                continue
            with contextlib.suppress(OSError):
                if now - path.lstat().st_mtime < LEFTOVER_AGE_S:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()


@contextlib.contextmanager
def scratch_beside(path: Path) -> Iterator[Path]:
    """A private hidden folder beside ``path`` (same file system, so renames out of it are atomic)."""
    folder = Path(str(temporary_beside(path)) + ".d")
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise storage_error(exc, folder) from exc
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
