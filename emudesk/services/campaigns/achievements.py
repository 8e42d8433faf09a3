"""Achievements recorded against a campaign's criteria, with evidence files."""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Achievement, Campaign, CampaignPhase, Criterion, EvidenceFile
from emudesk.domain.errors import NotFoundError, StorageError, ValidationError
from emudesk.domain.text import nfc
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, get_live, load_subject, mark_deleted, subject_columns
from emudesk.services.core.formats import local_time
from emudesk.services.core.rights import requires

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
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
    criteria = list(session.scalars(select(Criterion).where(Criterion.id.in_(data.criterion_ids))))
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


@requires("achievements.edit")
def add_evidence(session: Session, achievement_id: int, source: Path, files_dir: Path) -> int:
    """Copy ``source`` into the data folder under its checksum and attach it to the achievement.

    Only a regular file is copied: a folder, a device or a pipe (a copy from it would fail, or
    wait forever) is refused before it is read. The copy is hashed as it is written, from the one
    opened handle, so what is stored is what was checked.
    """
    get_live(session, Achievement, achievement_id, _("Achievement"))
    fd = _open_regular_file(source)
    try:
        files_dir.mkdir(parents=True, exist_ok=True)
        tmp = files_dir / f".{uuid.uuid4().hex}.part"
        sha, size = _copy_hashing(fd, source, tmp)
    except OSError as exc:
        raise StorageError(
            _("Cannot store {name}: {reason}").format(name=source.name, reason=exc.strerror or exc)
        ) from exc
    finally:
        os.close(fd)
    suffix = source.suffix.lower()
    stored = f"{sha[:2]}/{sha}{suffix if suffix in DATA_SUFFIXES else '.bin'}"
    target = files_dir / stored
    try:
        if target.exists():
            tmp.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            _("Cannot store {name}: {reason}").format(name=source.name, reason=exc.strerror or exc)
        ) from exc
    row = EvidenceFile(
        achievement_id=achievement_id,
        original_name=nfc(source.name),
        stored_name=stored,
        sha256=sha,
        size=size,
    )
    session.add(row)
    session.flush()
    return row.id


def _not_a_file(source: Path) -> ValidationError:
    return ValidationError(
        _(
            "{name} cannot be attached: it is a folder, a device or a pipe, not a file. "
            "Choose a document or a picture."
        ).format(name=source.name)
    )


def _open_regular_file(source: Path) -> int:
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
    if info.st_size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("{name} is larger than 200 MB.").format(name=source.name))
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


def _copy_hashing(fd: int, source: Path, tmp: Path) -> tuple[str, int]:
    """Copy from ``fd`` to the new file ``tmp`` (no execute permission); its SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(out, "wb") as fh:
            while chunk := os.read(fd, _CHUNK):
                size += len(chunk)
                if size > MAX_EVIDENCE_BYTES:  # the file grew after it was measured
                    raise ValidationError(_("{name} is larger than 200 MB.").format(name=source.name))
                digest.update(chunk)
                fh.write(chunk)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


@requires("achievements.edit")
def remove_evidence(session: Session, evidence_id: int) -> None:
    """Detach a file; the stored copy stays (other achievements may share it, and undo needs it)."""
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFoundError(_("Evidence file #{id} does not exist.").format(id=evidence_id))
    session.delete(row)


def evidence_path(session: Session, evidence_id: int, files_dir: Path) -> Path:
    """The stored copy of an evidence file, which is always inside ``files_dir``.

    The row's ``stored_name`` comes from a database that may have been shared or edited: a name
    leading out of the folder (``../``, an absolute path, a link) is refused, never followed.
    """
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFoundError(_("Evidence file #{id} does not exist.").format(id=evidence_id))
    root = files_dir.resolve()
    path = (root / row.stored_name).resolve()
    if path == root or not path.is_relative_to(root):
        raise StorageError(
            _(
                "The database points the evidence file {name} outside the files folder {folder}; "
                "emudesk does not open it. The database may have been altered: restore it from a backup."
            ).format(name=row.original_name, folder=files_dir)
        )
    if not path.exists():
        raise StorageError(
            _("The stored copy of {name} is missing from {folder}.").format(
                name=row.original_name, folder=files_dir
            )
        )
    if not path.is_file():
        raise StorageError(
            _("The stored copy of {name} in {folder} is not a file.").format(
                name=row.original_name, folder=files_dir
            )
        )
    return path


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
