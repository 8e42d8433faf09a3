"""Biên bản họp Hội đồng Thi đua - Khen thưởng: attendance, and each nomination's vote against its threshold.

Built from ``services.council.screens.view`` (the session as the council screens show it), so the
minutes print exactly what was recorded: the tally over all council members, the threshold
rule that judged it, and the council's conclusion.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import Council, Nomination, ReviewSession, Unit
from emudesk.domain.errors import NotFoundError, ValidationError
from emudesk.domain.rules import AgendaOutcome
from emudesk.export import (
    Align,
    Column,
    ColumnKind,
    Document,
    Header,
    Metadata,
    Orientation,
    Signature,
    Table,
    format_number,
    long_date,
)
from emudesk.i18n import _
from emudesk.services.council import screens
from emudesk.services.exports.common import Office, join_notes

A = AgendaOutcome
MINUTES_CODE = "BB-HĐTĐKT"

# The council's conclusion as the minutes word it.
_CONCLUSION = {
    A.PENDING: "Chưa kết luận",
    A.APPROVED: "Thống nhất đề nghị",
    A.APPROVED_OTHER_LEVEL: "Đề nghị hình thức khác",
    A.DEFERRED: "Hoãn xét",
    A.RETURNED: "Trả lại để bổ sung hồ sơ",
    A.REJECTED: "Không đề nghị",
}

MINUTES_COLUMNS = (
    Column("stt", "STT", 4.5, ColumnKind.INT),
    Column("name", "Tên tập thể, họ và tên cá nhân", 22),
    Column("proposer", "Đơn vị đề nghị", 15),
    Column("form", "Hình thức đề nghị", 16),
    Column("yes", "Đồng ý", 8, ColumnKind.INT, group="Số phiếu"),
    Column("members", "Tổng số thành viên", 9, ColumnKind.INT, group="Số phiếu"),
    Column("share", "Tỷ lệ", 9.5, ColumnKind.PERCENT, decimals=2),
    Column("needed", "Tỷ lệ quy định", 8, align=Align.CENTER),
    Column("passed", "Kết quả", 8, align=Align.CENTER),
    Column("conclusion", "Kết luận của Hội đồng", 14),
    Column("note", "Ghi chú", 20),
)


def council_minutes(session: Session, session_id: int) -> Document:
    """The biên bản of a council session.

    Raises:
        NotFoundError: no such session.
        ValidationError: nothing was on the session's agenda.
    """
    row = session.get(ReviewSession, session_id)
    if row is None:
        raise NotFoundError(_("Council session #{id} does not exist.").format(id=session_id))
    v = screens.view(session, session_id)
    if not v.items:
        raise ValidationError(_("The session “{title}” has nothing on its agenda.").format(title=v.title))
    office = Office.load(session)
    parent = session.scalar(
        select(Unit.name).join(Council, Council.unit_id == Unit.id).where(Council.id == row.council_id)
    )
    rows = []
    agreed = 0
    for i, item in enumerate(v.items, start=1):
        yes = item.votes[0] if item.votes is not None else None
        size = item.council_size if item.votes is not None else None
        share = yes / size if yes is not None and size else None  # of all members, absent ones too
        needed = f"≥ {_percent(item.threshold_percent)}" if item.threshold_percent is not None else ""
        verdict = {True: "Đạt", False: "Không đạt", None: ""}[item.passed]
        agreed += item.outcome in (A.APPROVED, A.APPROVED_OTHER_LEVEL)
        conclusion = _CONCLUSION[item.outcome]
        if item.outcome_award_name:
            conclusion += f": {item.outcome_award_name}"
        recused = _recused(item.recusals)
        rows.append(
            (
                i,
                item.subject_name,
                item.proposing_unit,
                item.award_name,
                yes,
                size,
                share,
                needed,
                verdict,
                conclusion,
                join_notes((item.outcome_note, recused, _override(session, item.nomination_id))),
            )
        )
    att = v.attendance
    venue = f", tại {v.place}" if v.place else ""
    intro = [
        f"Hôm nay, {long_date(v.held_on)}{venue}, {v.council_name} tiến hành phiên họp. Nội dung: {v.title}.",
        f"Chủ trì: {v.chair_name or '…'}. Thư ký: {v.secretary_name or '…'}.",
    ]
    if v.present:
        intro.append(f"Thành phần tham dự: {'; '.join(v.present)}.")
    if v.absent:
        absent = [
            f"{name} (ý kiến bằng văn bản: {opinion.rstrip(' .')})"
            if opinion
            else f"{name} (không có ý kiến bằng văn bản)"
            for name, opinion in v.absent
        ]
        intro.append(f"Vắng mặt: {'; '.join(absent)}.")
    presence = f"Số thành viên Hội đồng có quyền biểu quyết có mặt: {att.present:02d}/{att.members:02d}"
    if att.written:
        presence += f"; {att.written:02d} thành viên vắng mặt có ý kiến bằng văn bản"
    # The quorum's verdict in the minutes' own words; the rule's citation says which rule judged it.
    if att.quorum_met is not None:
        presence += "; bảo đảm" if att.quorum_met else "; không bảo đảm"
        presence += " điều kiện xét khen thưởng"
        if att.quorum.citation:
            presence += f" theo {att.quorum.citation}"
    intro.append(presence + ".")
    intro.append("Hội đồng đã xem xét hồ sơ, thảo luận và biểu quyết bằng phiếu. Kết quả như sau:")
    number = v.minutes_number or None
    header = Header(
        issuing_agency=v.council_name,
        parent_agency=parent or "",
        number=number,
        code="" if number and "/" in number else MINUTES_CODE,
        place=office.place,
        date=v.held_on,
        doc_type="BIÊN BẢN",
        summary=(v.title,),
    )
    return Document(
        header=header,
        tables=(
            Table.from_rows(
                MINUTES_COLUMNS, rows, title="Kết quả biểu quyết", sheet_name="Kết quả biểu quyết"
            ),
        ),
        intro=tuple(intro),
        closing=(
            f"Tổng số: {len(rows):02d} trường hợp được đưa ra xét; Hội đồng thống nhất đề nghị khen thưởng "
            f"{agreed:02d} trường hợp.",
            "Biên bản được thông qua tại phiên họp.",
        ),
        footnotes=("Tỷ lệ phiếu đồng ý tính trên tổng số thành viên Hội đồng, kể cả thành viên vắng mặt.",),
        signatures=(Signature("Thư ký", v.secretary_name), Signature("Chủ trì", v.chair_name)),
        orientation=Orientation.LANDSCAPE,
        font_size=11,
        metadata=Metadata(author=v.council_name, subject=v.title, keywords=("emudesk",)),
    )


def _recused(recusals: tuple[tuple[str, str], ...]) -> str:
    """Who cast no ballot on the item and why: the reason recorded when it was put on the agenda."""
    if not recusals:
        return ""
    names = ", ".join(f"{name} ({reason})" if reason else name for name, reason in recusals)
    return f"Không tham gia biểu quyết vì liên quan trực tiếp: {names}"


def _override(session: Session, nomination_id: int) -> str:
    """The file went to the council although judged not eligible: the minutes say so, and why."""
    reason = session.scalar(select(Nomination.override_reason).where(Nomination.id == nomination_id))
    return f"Vượt qua kết quả xét điều kiện: {reason}" if reason else ""


def _percent(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1) + " %"


def sessions(session: Session, campaign_id: int | None = None) -> list[tuple[int, str]]:
    """Council sessions ("12/01/2026 – Họp xét khen thưởng năm 2025"), newest first; a campaign's if given."""
    stmt = select(ReviewSession.id, ReviewSession.held_on, ReviewSession.title)
    if campaign_id is not None:
        stmt = stmt.where(ReviewSession.campaign_id == campaign_id)
    stmt = stmt.order_by(ReviewSession.held_on.desc(), ReviewSession.id.desc())
    return [(sid, f"{held:%d/%m/%Y} – {title}") for sid, held, title in session.execute(stmt)]


def campaign_of_session(session: Session, session_id: int) -> int | None:
    return session.scalar(select(ReviewSession.campaign_id).where(ReviewSession.id == session_id))
