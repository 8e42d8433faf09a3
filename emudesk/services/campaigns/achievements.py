"""Achievements recorded against a campaign's criteria, with evidence files."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from emudesk.db.base import utcnow
from emudesk.db.models import Achievement, Campaign, CampaignPhase, Criterion, EvidenceBlob, EvidenceFile
from emudesk.domain.errors import NotFoundError, StorageError, ValidationError
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, get_live, load_subject, mark_deleted, subject_columns
from emudesk.services.core.formats import local_time
from emudesk.services.core.rights import requires
from emudesk.services.core.store import get_setting

# Settings: the largest evidence file accepted, in MB. Stored in the database, a file is sent to
# every computer that opens it: scans at a sensible resolution are a few MB.
EVIDENCE_LIMIT_KEY = "evidence.max_mb"
DEFAULT_EVIDENCE_MB = 20
MAX_EVIDENCE_MB = 200
# Types the system's default application may open straight away. Anything else (a program, a
# script, a shortcut, a document with macros) is stored as data under ".bin" and never opened:
# on Windows opening an .exe, .bat, .lnk or .js runs it.
DATA_SUFFIXES = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ods",
        ".odt",
        ".rtf",
        ".txt",
        ".csv",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".webp",
        ".heic",
    }
)
_CHUNK = 1 << 20
_READ_CHUNK = 4 << 20


@dataclass
class AchievementInput:
    subject: SubjectRef
    campaign_id: int | None = None
    phase_id: int | None = None
    year: int | None = None
    title: str = ""
    summary: str = ""
    criterion_ids: list[int] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


def _apply(session: Session, ach: Achievement, data: AchievementInput) -> None:
    load_subject(session, data.subject)
    if not nfc(data.summary or "") and not nfc(data.title or ""):
        raise ValidationError(
            _("Describe the achievement (title or summary)."), fields={"summary": _("Required")}
        )
    if data.campaign_id is not None:
        get_live(session, Campaign, data.campaign_id, _("Campaign"))
    if data.phase_id is not None:
        phase = session.get(CampaignPhase, data.phase_id)
        if phase is None or phase.campaign_id != data.campaign_id:
            raise ValidationError(_("The phase does not belong to this campaign."), fields={"phase_id": "?"})
    ids = data.criterion_ids
    criteria = list(session.scalars(select(Criterion).where(Criterion.id.in_(ids)))) if ids else []
    if len(criteria) != len(set(data.criterion_ids)) or any(
        c.campaign_id != data.campaign_id for c in criteria
    ):
        raise ValidationError(
            _("Every criterion must belong to the achievement's campaign."), fields={"criteria": "?"}
        )
    for label, figure in data.figures.items():
        value = figure.get("value") if isinstance(figure, dict) else figure
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValidationError(_("The figure “{label}” must be a number.").format(label=label))
    for key, value in subject_columns(data.subject).items():
        setattr(ach, key, value)
    ach.campaign_id, ach.phase_id, ach.year = data.campaign_id, data.phase_id, data.year
    ach.title, ach.summary, ach.note = nfc(data.title or ""), data.summary or "", data.note
    ach.figures = dict(data.figures)
    ach.criteria = criteria


@requires("achievements.edit")
def create_achievement(session: Session, data: AchievementInput) -> int:
    ach = Achievement()
    _apply(session, ach, data)
    session.add(ach)
    session.flush()
    return ach.id


@requires("achievements.edit")
def update_achievement(session: Session, achievement_id: int, data: AchievementInput) -> None:
    _apply(session, get_live(session, Achievement, achievement_id, _("Achievement")), data)
    session.flush()


@requires("achievements.edit")
def delete_achievement(session: Session, achievement_id: int) -> None:
    mark_deleted(get_live(session, Achievement, achievement_id, _("Achievement")))


@requires("achievements.edit")
def restore_achievement(session: Session, achievement_id: int) -> None:
    """Take an achievement out of the bin (the GUI's undo and bin call this)."""
    ach = session.get(Achievement, achievement_id)
    if ach is None:
        raise NotFoundError(_("Achievement #{id} does not exist.").format(id=achievement_id))
    ach.deleted_at = None


def evidence_limit(session: Session) -> int:
    """The largest evidence file accepted, in bytes (Settings: ``evidence.max_mb``)."""
    value = get_setting(session, EVIDENCE_LIMIT_KEY)
    megabytes = value if isinstance(value, int | float) and not isinstance(value, bool) else 0
    if megabytes <= 0:
        megabytes = DEFAULT_EVIDENCE_MB
    return int(min(megabytes, MAX_EVIDENCE_MB) * 1024 * 1024)


def megabytes(size: int) -> str:
    """ "12,5 MB" (Vietnamese decimal comma)."""
    return f"{size / 1024**2:.1f}".replace(".", ",").replace(",0", "") + " MB"


def _too_large(source: Path, size: int, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "{name} is {size}, larger than the limit of {limit} for one evidence file; nothing was "
            "attached. Make the file smaller (scan at a lower resolution, or split it), or raise the "
            "limit in Settings."
        ).format(name=source.name, size=megabytes(size), limit=megabytes(limit))
    )


@requires("achievements.edit")
def add_evidence(session: Session, achievement_id: int, source: Path) -> int:
    """Store ``source`` in the database under its checksum and attach it to the achievement.

    Content already stored (the same file attached elsewhere, or twice) is stored once. Only a
    regular file within the size limit is read: a folder, a device or a pipe (reading it would
    fail, or wait forever) is refused before it is read. Everything is read from the one opened
    handle, and what is stored is checked to be what was hashed.

    Memory: SQLite takes the content in chunks (incremental blob I/O); psycopg needs a bytea
    parameter whole, so on a server one file (at most the limit) is in memory at a time.
    """
    get_live(session, Achievement, achievement_id, _("Achievement"))
    limit = evidence_limit(session)
    fd = _open_regular_file(source, limit)
    try:
        if session.get_bind().dialect.name == "sqlite":
            sha, size = _hash_fd(fd, source, limit)
            if not _blob_exists(session, sha):
                _stream_into_sqlite(session, fd, source, sha, size)
        else:
            data = _read_limited(fd, source, limit)
            sha, size = hashlib.sha256(data).hexdigest(), len(data)
            if not _blob_exists(session, sha):
                # Core, not the ORM: the session would keep every stored file's bytes until it ends.
                values = {"sha256": sha, "size": size, "data": data, "added_at": utcnow()}
                session.execute(pg_insert(EvidenceBlob).values(values).on_conflict_do_nothing())
            del data
    except OSError as exc:
        raise StorageError(
            _("Cannot read {path}: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from exc
    finally:
        os.close(fd)
    row = EvidenceFile(achievement_id=achievement_id, original_name=nfc(source.name), sha256=sha, size=size)
    session.add(row)
    session.flush()
    return row.id


def _blob_exists(session: Session, sha: str) -> bool:
    return session.scalar(select(EvidenceBlob.sha256).where(EvidenceBlob.sha256 == sha)) is not None


def _hash_fd(fd: int, source: Path, limit: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := os.read(fd, _CHUNK):
        size += len(chunk)
        if size > limit:  # the file grew after it was measured
            raise _too_large(source, size, limit)
        digest.update(chunk)
    return digest.hexdigest(), size


def _changed_while_read(source: Path) -> StorageError:
    return StorageError(
        _("{name} changed while it was being attached; nothing was attached. Try again.").format(
            name=source.name
        )
    )


def _stream_into_sqlite(session: Session, fd: int, source: Path, sha: str, size: int) -> None:
    """Insert an empty blob of ``size`` bytes, then write the file into it chunk by chunk, hashing
    again: a file changed since it was hashed is refused (the transaction is then rolled back)."""
    session.execute(
        sqlite_insert(EvidenceBlob).values(sha256=sha, size=size, data=func.zeroblob(size), added_at=utcnow())
    )
    rowid = session.scalar(text("SELECT rowid FROM evidence_blobs WHERE sha256 = :sha"), {"sha": sha})
    raw = session.connection().connection.driver_connection
    if size == 0:
        return
    os.lseek(fd, 0, os.SEEK_SET)
    digest = hashlib.sha256()
    written = 0
    with raw.blobopen("evidence_blobs", "data", rowid) as blob:  # type: ignore[union-attr]
        while chunk := os.read(fd, _CHUNK):
            written += len(chunk)
            if written > size:
                raise _changed_while_read(source)
            digest.update(chunk)
            blob.write(chunk)
    if written != size or digest.hexdigest() != sha:
        raise _changed_while_read(source)


def _not_a_file(source: Path) -> ValidationError:
    return ValidationError(
        _(
            "{name} cannot be attached: it is a folder, a device or a pipe, not a file. "
            "Choose a document or a picture."
        ).format(name=source.name)
    )


def _open_regular_file(source: Path, limit: int) -> int:
    """A read handle on ``source`` if it is a regular file within the size limit.

    The type is checked before opening (opening a pipe waits for a writer) and again on the
    handle (the name may have been replaced meanwhile); non-blocking, so neither check can hang.
    """
    try:
        info = source.stat()
    except OSError as exc:
        raise StorageError(
            _("Cannot read {path}: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise _not_a_file(source)
    if info.st_size > limit:
        raise _too_large(source, info.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(source, flags)
    except OSError as exc:
        raise StorageError(
            _("Cannot read {path}: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_a_file(source)
    return fd


def _read_limited(fd: int, source: Path, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := os.read(fd, _CHUNK):
        size += len(chunk)
        if size > limit:  # the file grew after it was measured
            raise _too_large(source, size, limit)
        parts.append(chunk)
    return b"".join(parts)


@requires("achievements.edit")
def remove_evidence(session: Session, evidence_id: int) -> None:
    """Detach a file; its blob stays (other rows may share it, and undo may bring this one back)."""
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFoundError(_("Evidence file #{id} does not exist.").format(id=evidence_id))
    session.delete(row)


def blob_chunks(session: Session, sha: str, size: int) -> Iterator[bytes]:
    """A blob's bytes in chunks (``substr`` works on BLOB and BYTEA alike): never all in memory."""
    for start in range(0, size, _READ_CHUNK):
        chunk = session.scalar(
            select(func.substr(EvidenceBlob.data, start + 1, _READ_CHUNK)).where(EvidenceBlob.sha256 == sha)
        )
        if chunk is None:
            return
        yield bytes(chunk)


def _safe_file_name(original: str) -> str:
    """The original name, made safe for any file system, with ``.bin`` unless it is a document
    or a picture (the system's default application would run a program or a script)."""
    name = Path(original.replace("\\", "/")).name
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    stem = "".join(c if c.isalnum() or c in " -_.()" else "_" for c in stem).strip(" .")[:100] or "file"
    return stem + (suffix if suffix in DATA_SUFFIXES else ".bin")


def extract_evidence(session: Session, evidence_id: int, folder: Path) -> Path:
    """Write an evidence file's content into ``folder`` (a private temporary folder); its path.

    The copy is written in chunks and checked against the checksum before it is handed back.

    Raises:
        NotFoundError: no such evidence row.
        StorageError: the content is missing from the database or no longer matches its checksum.
    """
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFoundError(_("Evidence file #{id} does not exist.").format(id=evidence_id))
    size = session.scalar(select(EvidenceBlob.size).where(EvidenceBlob.sha256 == row.sha256))
    if size is None:
        raise StorageError(
            _(
                "The content of {name} is missing from the database; restore it from a backup "
                "(`emudesk check` lists every such file)."
            ).format(name=row.original_name)
        )
    target = folder / _safe_file_name(row.original_name)
    digest = hashlib.sha256()
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            for chunk in blob_chunks(session, row.sha256, int(size)):
                digest.update(chunk)
                fh.write(chunk)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise StorageError(
            _("Cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
        ) from exc
    if digest.hexdigest() != row.sha256:
        target.unlink(missing_ok=True)
        raise StorageError(
            _(
                "The content of {name} in the database no longer matches its checksum; emudesk does "
                "not open it. Restore the database from a backup."
            ).format(name=row.original_name)
        )
    return target


def fill_missing_from(session: Session, folder: Path) -> tuple[int, int]:
    """Store the content of evidence rows that have none from an older version's files folder.

    On a server each computer kept its own folder (``<data folder>/files/server``), and the upgrade
    could read only the folder of the computer that ran it; the others are read here. Files are
    found by the name that version gave them (``ab/abcd….pdf``), read only when regular files
    inside ``folder``, and stored only when they match the row's checksum. Returns (contents
    stored, contents still missing).
    """
    has_blob = select(EvidenceBlob.sha256).where(EvidenceBlob.sha256 == EvidenceFile.sha256).exists()
    wanted = sorted(set(session.scalars(select(EvidenceFile.sha256).where(~has_blob))))
    root = folder.resolve()
    stored = 0
    for sha in wanted:
        if len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
            continue
        for path in sorted((root / sha[:2]).glob(f"{sha}.*")):
            real = path.resolve()
            if not real.is_relative_to(root) or not stat.S_ISREG(real.stat().st_mode):
                continue
            data = real.read_bytes()  # one file at a time, at most the older version's 200 MB
            if hashlib.sha256(data).hexdigest() != sha:
                continue
            values = {"sha256": sha, "size": len(data), "data": data, "added_at": utcnow()}
            insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            session.execute(insert(EvidenceBlob).values(values).on_conflict_do_nothing())
            stored += 1
            break
    return stored, len(wanted) - stored


def prune_unused_blobs(session: Session) -> int:
    """Remove the blobs no evidence row uses; how many.

    Never in the transaction that removes a row (undo must find the content again): run when no
    undo history can bring a removed row back, e.g. by ``emudesk check --prune-evidence``.
    """
    used = select(EvidenceFile.sha256).where(EvidenceFile.sha256 == EvidenceBlob.sha256).exists()
    result = session.execute(delete(EvidenceBlob).where(~used))
    return int(getattr(result, "rowcount", 0) or 0)


def opens_as_data(path: Path) -> bool:
    """True when a stored copy may be handed to the system to open: a document or a picture."""
    return path.suffix.lower() in DATA_SUFFIXES


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    original_name: str
    size: int
    added_at: str


def achievement_input(session: Session, achievement_id: int) -> AchievementInput:
    a = get_live(session, Achievement, achievement_id, _("Achievement"))
    return AchievementInput(
        subject=SubjectRef(a.subject_kind, a.subject_id),
        campaign_id=a.campaign_id,
        phase_id=a.phase_id,
        year=a.year,
        title=a.title,
        summary=a.summary,
        criterion_ids=[c.id for c in a.criteria],
        figures=dict(a.figures),
        note=a.note,
    )


def evidence(session: Session, achievement_id: int) -> list[EvidenceRow]:
    rows = session.scalars(
        select(EvidenceFile).where(EvidenceFile.achievement_id == achievement_id).order_by(EvidenceFile.id)
    )
    return [EvidenceRow(e.id, e.original_name, e.size, local_time(e.added_at)) for e in rows]


def figures_text(figures: dict[str, Any]) -> str:
    """ "Doanh thu: 12,5 tỷ đồng; Sáng kiến: 2" for a figures dict."""
    parts = []
    for label, figure in figures.items():
        if isinstance(figure, dict):
            value, unit = figure.get("value"), figure.get("unit", "")
        else:
            value, unit = figure, ""
        number = f"{value:g}".replace(".", ",") if isinstance(value, int | float) else str(value)
        parts.append(f"{label}: {number} {unit}".strip())
    return "; ".join(parts)
