"""Official documents from the database: which ones exist, what each needs, and one call to write one.

``KINDS`` is the registry the CLI (``emudesk export KIND``) and the export dialog both read:
each kind's title, the formats it comes in and the parameters it needs. ``export_document``
reads the database in one short transaction, then renders outside it, so a large export can
run on a worker thread with progress and cancel::

    export_document(store, "nominations", ExportParams(campaign_id=4), Path("ds.pdf"),
                    progress=report, cancel=event)

The documents themselves are built in ``exports.lists`` (danh sách đề nghị, danh sách kèm
theo quyết định), ``exports.summary`` (báo cáo tổng hợp) and ``exports.minutes`` (biên bản);
the campaign workbook is written by ``campaigns.workbook`` (``imports.campaign`` reads it back).
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Campaign, Decision, Nomination, ReviewSession, Unit
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import ValidationError
from emudesk.domain.text import fold
from emudesk.export import Document, ExportCancelledError, ExportFormat, Progress, Section, Table, render
from emudesk.i18n import N_, _
from emudesk.services.core.common import get_live
from emudesk.services.core.outputs import atomic_output, check_output
from emudesk.services.core.store import Store
from emudesk.services.exports import lists as export_lists
from emudesk.services.exports import summary as export_summary

__all__ = [
    "KINDS",
    "DocumentKind",
    "ExportFormat",
    "ExportParams",
    "KindInfo",
    "Param",
    "build_document",
    "document_name",
    "export_document",
    "preview_document",
    "suggested_filename",
]


class DocumentKind(StrEnum):
    """The documents emudesk prints; the values are the CLI's ``KIND`` choices."""

    NOMINATIONS = "nominations"  # danh sách đề nghị khen thưởng
    DECISION = "decision"  # danh sách khen thưởng kèm theo quyết định
    SUMMARY = "summary"  # báo cáo tổng hợp
    MINUTES = "minutes"  # biên bản họp Hội đồng
    CAMPAIGN = "campaign"  # the campaign workbook (kế hoạch), read back by `emudesk import campaign`


class Param(StrEnum):
    """A parameter a kind of document takes (CLI option ``--<value>``)."""

    CAMPAIGN = "campaign"
    UNIT = "unit"
    STATUS = "status"
    DECISION = "decision"
    YEAR = "year"
    SESSION = "session"


@dataclass(frozen=True)
class ExportParams:
    """What to put in the document; which fields a kind reads is in its :class:`KindInfo`.

    Attributes:
        unit_id: only the nominations this unit proposed.
        status: only nominations in this status (default: those sent and holding a place).
        issued_on: the date printed in the header (default: today); minutes use the session's day.
        recipients: the "Nơi nhận" lines of a report (default: derived from what it reports on).
    """

    campaign_id: int | None = None
    unit_id: int | None = None
    status: NominationStatus | None = None
    decision_id: int | None = None
    year: int | None = None
    session_id: int | None = None
    issued_on: date | None = None
    recipients: tuple[str, ...] = ()

    def value(self, param: Param) -> object:
        return {
            Param.CAMPAIGN: self.campaign_id,
            Param.UNIT: self.unit_id,
            Param.STATUS: self.status,
            Param.DECISION: self.decision_id,
            Param.YEAR: self.year,
            Param.SESSION: self.session_id,
        }[param]


Builder = Callable[[Session, ExportParams], Document]


@dataclass(frozen=True)
class KindInfo:
    """One kind of document.

    Attributes:
        title: an ``N_`` message id; ``label`` is the translation.
        formats: the formats it can be written in, the preferred one first.
        required: parameters it cannot do without.
        one_of: exactly one of these is needed (summary: a campaign or a year).
        optional: parameters it also reads.
        stem: the start of a suggested file name.
        build: reads the database into a Document (None for the campaign workbook).
    """

    kind: DocumentKind
    title: str
    formats: tuple[ExportFormat, ...]
    required: tuple[Param, ...] = ()
    one_of: tuple[Param, ...] = ()
    optional: tuple[Param, ...] = ()
    stem: str = "emudesk"
    build: Builder | None = None

    @property
    def label(self) -> str:
        return _(self.title)

    @property
    def params(self) -> tuple[Param, ...]:
        return self.required + self.one_of + self.optional

    def supports(self, fmt: ExportFormat | str) -> bool:
        return ExportFormat(fmt) in self.formats

    def check(self, params: ExportParams) -> None:
        """Raise ValidationError naming what is missing."""
        missing = [p for p in self.required if params.value(p) is None]
        if missing:
            raise ValidationError(
                _("“{document}” needs {what}.").format(
                    document=self.label, what=", ".join(PARAM_LABELS[p]() for p in missing)
                )
            )
        given = [p for p in self.one_of if params.value(p) is not None]
        if self.one_of and len(given) != 1:
            raise ValidationError(
                _("“{document}” needs exactly one of: {what}.").format(
                    document=self.label, what=", ".join(PARAM_LABELS[p]() for p in self.one_of)
                )
            )


PARAM_LABELS: dict[Param, Callable[[], str]] = {
    Param.CAMPAIGN: lambda: _("a campaign"),
    Param.UNIT: lambda: _("a proposing unit"),
    Param.STATUS: lambda: _("a status"),
    Param.DECISION: lambda: _("a decision"),
    Param.YEAR: lambda: _("a year"),
    Param.SESSION: lambda: _("a council session"),
}


def _today(params: ExportParams) -> date:
    return params.issued_on or date.today()


def _nominations(session: Session, p: ExportParams) -> Document:
    assert p.campaign_id is not None
    return export_lists.nomination_list(
        session, p.campaign_id, unit_id=p.unit_id, status=p.status, issued_on=_today(p)
    )


def _decision(session: Session, p: ExportParams) -> Document:
    return export_lists.decision_list(session, _decision_id(session, p))


def _summary(session: Session, p: ExportParams) -> Document:
    return export_summary.summary_report(
        session, campaign_id=p.campaign_id, year=p.year, issued_on=_today(p), recipients=p.recipients
    )


def default_recipients(session: Session, kind: DocumentKind, params: ExportParams) -> list[str]:
    """The "Nơi nhận" lines a document prints unless ``params.recipients`` gives others (only the
    summary report has them among the lists)."""
    if kind is not DocumentKind.SUMMARY:
        return []
    return list(
        export_summary.default_recipients(session, campaign_id=params.campaign_id, issued_on=_today(params))
    )


def _minutes(session: Session, p: ExportParams) -> Document:
    # Imported here: the council's services pull in the whole rules engine.
    from emudesk.services.exports import minutes as export_minutes

    return export_minutes.council_minutes(session, _session_id(session, p))


_BOTH = (ExportFormat.PDF, ExportFormat.XLSX)

KINDS: dict[DocumentKind, KindInfo] = {
    info.kind: info
    for info in (
        KindInfo(
            DocumentKind.NOMINATIONS,
            N_("Nomination list"),
            _BOTH,
            required=(Param.CAMPAIGN,),
            optional=(Param.UNIT, Param.STATUS),
            stem="danh-sach-de-nghi",
            build=_nominations,
        ),
        KindInfo(
            DocumentKind.DECISION,
            N_("List attached to a decision"),
            _BOTH,
            one_of=(Param.DECISION, Param.CAMPAIGN),
            stem="danh-sach-khen-thuong",
            build=_decision,
        ),
        KindInfo(
            DocumentKind.SUMMARY,
            N_("Summary report"),
            _BOTH,
            one_of=(Param.CAMPAIGN, Param.YEAR),
            stem="bao-cao-tong-hop",
            build=_summary,
        ),
        KindInfo(
            DocumentKind.MINUTES,
            N_("Council minutes"),
            _BOTH,
            one_of=(Param.SESSION, Param.CAMPAIGN),
            stem="bien-ban",
            build=_minutes,
        ),
        KindInfo(
            DocumentKind.CAMPAIGN,
            N_("Campaign workbook (to import elsewhere)"),
            (ExportFormat.XLSX,),
            required=(Param.CAMPAIGN,),
            stem="ke-hoach",
        ),
    )
}


def kind_info(kind: DocumentKind | str) -> KindInfo:
    try:
        return KINDS[DocumentKind(kind)]
    except ValueError:
        raise ValidationError(_("Unknown document “{kind}”.").format(kind=kind)) from None


def resolve_format(info: KindInfo, path: Path, fmt: ExportFormat | str | None) -> ExportFormat:
    """The format asked for, or the file's suffix; ValidationError if this kind lacks it."""
    chosen = ExportFormat(fmt) if fmt else ExportFormat.for_path(path)
    if not info.supports(chosen):
        raise ValidationError(
            _("“{document}” cannot be written as {format}; choose {formats}.").format(
                document=info.label,
                format=chosen.value,
                formats=" / ".join(f.value for f in info.formats),
            )
        )
    return chosen


def build_document(session: Session, kind: DocumentKind | str, params: ExportParams) -> Document:
    """Read the database into the Document of ``kind`` (not for the campaign workbook)."""
    info = kind_info(kind)
    info.check(params)
    if info.build is None:
        raise ValidationError(
            _("“{document}” is a workbook, not a printed document.").format(document=info.label)
        )
    return info.build(session, params)


def export_document(
    store: Store,
    kind: DocumentKind | str,
    params: ExportParams,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write the document ``kind`` to ``path``; safe to call from a worker thread.

    The file appears complete or not at all (temporary file, then rename).

    Raises:
        NotFoundError: a campaign, unit, decision or session id that does not exist.
        ValidationError: a missing parameter, a format the kind lacks, nothing to export.
        StorageError: the file cannot be written.
        ExportCancelledError: ``cancel`` was set.
    """
    info = kind_info(kind)
    target = Path(path)
    chosen = resolve_format(info, target, fmt)
    info.check(params)
    # The window's save dialog has asked about an existing file; the database itself is never one.
    check_output(target, database=store.path, force=True)
    if cancel is not None and cancel.is_set():
        raise ExportCancelledError
    if info.build is None:
        assert params.campaign_id is not None
        return _write_campaign_workbook(store, params.campaign_id, target)
    with store.read() as session:
        document = info.build(session, params)
    return render(document, target, chosen, progress=progress, cancel=cancel)


def _write_campaign_workbook(store: Store, campaign_id: int, target: Path) -> Path:
    """``campaign_workbook.write_campaign_workbook``, made atomic like the renderers' output."""
    # Imported here: the import side's modules are not needed for any printed document.
    from emudesk.services.campaigns.workbook import write_campaign_workbook

    with store.read() as session, atomic_output(target) as temporary:
        write_campaign_workbook(session, campaign_id, temporary)
    return target


# --- picking what to export -------------------------------------------------------------------------


def _decision_id(session: Session, p: ExportParams) -> int:
    """The decision asked for, or the campaign's only one."""
    if p.decision_id is not None:
        return p.decision_id
    assert p.campaign_id is not None
    return _the_only(
        session,
        p.campaign_id,
        [d for d, _label in decisions(session, p.campaign_id)],
        _("Campaign #{id} has no decision yet."),
        _("Campaign #{id} has {n} decisions ({ids}); choose one."),
    )


def _session_id(session: Session, p: ExportParams) -> int:
    """The council session asked for, or the campaign's only one."""
    if p.session_id is not None:
        return p.session_id
    assert p.campaign_id is not None
    return _the_only(
        session,
        p.campaign_id,
        [s for s, _label in council_sessions(session, p.campaign_id)],
        _("No council session has reviewed campaign #{id} yet."),
        _("Campaign #{id} has {n} council sessions ({ids}); choose one."),
    )


def _the_only(session: Session, campaign_id: int, ids: list[int], none: str, several: str) -> int:
    if len(ids) == 1:
        return ids[0]
    get_live(session, Campaign, campaign_id, _("Campaign"))  # a bad id says so, not "nothing found"
    message = none if not ids else several
    raise ValidationError(message.format(id=campaign_id, n=len(ids), ids=", ".join(map(str, ids))))


Choice = tuple[int, str]


def proposing_units(session: Session, campaign_id: int) -> list[Choice]:
    """Units that proposed nominations in a campaign, in Vietnamese order."""
    stmt = (
        select(Unit.id, Unit.name)
        .where(
            Unit.id.in_(
                select(Nomination.proposing_unit_id).where(
                    Nomination.campaign_id == campaign_id, Nomination.deleted_at.is_(None)
                )
            )
        )
        .order_by(Unit.sort_key, Unit.id)
    )
    return [(uid, name) for uid, name in session.execute(stmt)]


def decisions(session: Session, campaign_id: int | None = None) -> list[Choice]:
    """Decisions granting awards ("112/QĐ-UBND ngày 20/01/2026"), newest first; a campaign's own if given."""
    # Corrections and revocations refer to awards of earlier decisions; they have no list of their own.
    stmt = select(Decision.id, Decision.number, Decision.signed_on, Decision.issued).where(
        Decision.kind == "award"
    )
    if campaign_id is not None:
        used = select(Nomination.decision_id).where(
            Nomination.campaign_id == campaign_id, Nomination.decision_id.is_not(None)
        )
        stmt = stmt.where((Decision.campaign_id == campaign_id) | Decision.id.in_(used))
    stmt = stmt.order_by(Decision.signed_on.desc(), Decision.id.desc())
    draft = _(" (draft)")
    return [
        (d, f"{number} ngày {signed:%d/%m/%Y}" + ("" if issued else draft))
        for d, number, signed, issued in session.execute(stmt)
    ]


def council_sessions(session: Session, campaign_id: int | None = None) -> list[Choice]:
    """Council sessions ("12/01/2026 – Họp xét khen thưởng năm 2025"), newest first."""
    from emudesk.services.exports import minutes as export_minutes

    return export_minutes.sessions(session, campaign_id)


def campaign_of(
    session: Session, *, decision_id: int | None = None, session_id: int | None = None
) -> int | None:
    """The campaign a decision or a council session belongs to (to preselect it in the dialog)."""
    if decision_id is not None:
        return session.scalar(select(Decision.campaign_id).where(Decision.id == decision_id))
    if session_id is not None:
        from emudesk.services.exports import minutes as export_minutes

        return export_minutes.campaign_of_session(session, session_id)
    return None


def nomination_years(session: Session) -> list[int]:
    """Years that nominations are for, newest first (the summary report's choices)."""
    stmt = (
        select(Nomination.year)
        .where(Nomination.year.is_not(None), Nomination.deleted_at.is_(None))
        .group_by(Nomination.year)
        .order_by(Nomination.year.desc())
    )
    return [int(y) for y in session.scalars(stmt) if y is not None]


# --- names and previews -----------------------------------------------------------------------------


def suggested_filename(kind: DocumentKind | str, params: ExportParams, fmt: ExportFormat | str) -> str:
    """ "danh-sach-de-nghi-dot-4.pdf": ASCII, so it survives every file system and e-mail client."""
    info = kind_info(kind)
    parts = [info.stem]
    for param in info.params:
        value = params.value(param)
        if value is not None and param is not Param.STATUS:
            parts.append(f"{param.value}-{value}")
    if params.status is not None:
        parts.append(params.status.value)
    name = re.sub(r"[^a-z0-9]+", "-", fold("-".join(parts))).strip("-")
    return f"{name}.{ExportFormat(fmt).value}"


def document_name(session: Session, kind: DocumentKind | str, params: ExportParams) -> str:
    """What the document is, in words a clerk files it under: "DS đề nghị Thi đua thường xuyên năm 2025".

    The save dialog folds it to ASCII for the file name; a record gone meanwhile is left out.
    """
    info = kind_info(kind)
    campaign = session.get(Campaign, params.campaign_id) if params.campaign_id is not None else None
    about = (campaign.short_title or campaign.title) if campaign is not None else ""
    if info.kind is DocumentKind.NOMINATIONS:
        unit = session.get(Unit, params.unit_id) if params.unit_id is not None else None
        parts = ["DS đề nghị", about, (unit.short_name or unit.name) if unit is not None else ""]
        parts.append(params.status.label if params.status is not None else "")
    elif info.kind is DocumentKind.DECISION:
        decision = session.get(Decision, params.decision_id) if params.decision_id is not None else None
        parts = ["DS khen thưởng", f"QĐ {decision.number}" if decision is not None else about]
    elif info.kind is DocumentKind.SUMMARY:
        parts = ["Báo cáo tổng hợp", about or (f"năm {params.year}" if params.year else "")]
    elif info.kind is DocumentKind.MINUTES:
        meeting = session.get(ReviewSession, params.session_id) if params.session_id is not None else None
        parts = [
            "Biên bản họp Hội đồng",
            meeting.held_on.strftime("%d-%m-%Y") if meeting is not None else about,
        ]
    else:
        parts = ["Kế hoạch", about]
    return " ".join(p for p in parts if p)


def preview_document(document: Document, rows: int = 60) -> Document:
    """The document cut after ``rows`` data rows: enough for page 1, quick to render."""
    budget = [rows]

    def cut(section: Section) -> Section:
        keep = section.rows[: max(budget[0], 0)]
        budget[0] -= len(keep)
        return Section(section.heading, keep, tuple(cut(s) for s in section.sections if budget[0] > 0))

    tables: list[Table] = []
    for table in document.tables:
        if budget[0] <= 0 and tables:
            break
        tables.append(
            Table(
                table.columns,
                tuple(cut(s) for s in table.sections),
                table.title,
                table.totals,
                table.sheet_name,
            )
        )
    return dataclasses.replace(document, tables=tuple(tables))


def write_preview(
    store: Store, kind: DocumentKind | str, params: ExportParams, path: Path, rows: int = 60
) -> Path:
    """A PDF of the document's first rows, for the export dialog to show page 1 of."""
    info = kind_info(kind)
    info.check(params)
    if not info.supports(ExportFormat.PDF):
        raise ValidationError(_("“{document}” has no printed form to preview.").format(document=info.label))
    with store.read() as session:
        document = build_document(session, kind, params)
    return render(preview_document(document, rows), path, ExportFormat.PDF)
