"""Achievements recorded against a campaign's criteria, with evidence files."""

from __future__ import annotations

import hashlib
import shutil
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

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


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


def create_achievement(session: Session, data: AchievementInput) -> int:
    ach = Achievement()
    _apply(session, ach, data)
    session.add(ach)
    session.flush()
    return ach.id


def update_achievement(session: Session, achievement_id: int, data: AchievementInput) -> None:
    _apply(session, get_live(session, Achievement, achievement_id, _("Achievement")), data)
    session.flush()


def delete_achievement(session: Session, achievement_id: int) -> None:
    mark_deleted(get_live(session, Achievement, achievement_id, _("Achievement")))


def restore_achievement(session: Session, achievement_id: int) -> None:
    """Take an achievement out of the bin (the GUI's undo and bin call this)."""
    ach = session.get(Achievement, achievement_id)
    if ach is None:
        raise NotFoundError(_("Achievement #{id} does not exist.").format(id=achievement_id))
    ach.deleted_at = None


def add_evidence(session: Session, achievement_id: int, source: Path, files_dir: Path) -> int:
    """Copy ``source`` into the data folder under its checksum and attach it to the achievement."""
    get_live(session, Achievement, achievement_id, _("Achievement"))
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise StorageError(
            _("Cannot read {path}: {reason}").format(path=source, reason=exc.strerror or exc)
        ) from exc
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("{name} is larger than 200 MB.").format(name=source.name))
    digest = hashlib.sha256()
    with source.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    stored = f"{sha[:2]}/{sha}{source.suffix.lower()[:10]}"
    target = files_dir / stored
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
    except OSError as exc:
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


def remove_evidence(session: Session, evidence_id: int) -> None:
    """Detach a file; the stored copy stays (other achievements may share it, and undo needs it)."""
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFoundError(_("Evidence file #{id} does not exist.").format(id=evidence_id))
    session.delete(row)


def evidence_path(session: Session, evidence_id: int, files_dir: Path) -> Path:
    row = session.get(EvidenceFile, evidence_id)
    if row is None:
        raise NotFoundError(_("Evidence file #{id} does not exist.").format(id=evidence_id))
    path = files_dir / row.stored_name
    if not path.exists():
        raise StorageError(
            _("The stored copy of {name} is missing from {folder}.").format(
                name=row.original_name, folder=files_dir
            )
        )
    return path


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
