"""What the council screens show: a session with its agenda, the minutes as text, projector slides.

Read models only; the council view, the projector, the minutes export and the
command line build on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    Achievement,
    AwardForm,
    CouncilMember,
    Individual,
    Nomination,
    SessionAttendance,
    Unit,
)
from emudesk.domain.enums import SubjectKind
from emudesk.domain.rules import AgendaOutcome, Outcome, SessionStatus, Verdict, fmt
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, display_name, load_subject
from emudesk.services.council.members import get_council
from emudesk.services.council.sessions import Attendance, attendance, get_review_session
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.services.nominations.gate import override_text
from emudesk.services.register import awards as award_service


@dataclass(frozen=True)
class ItemView:
    """An agenda item as the GUI, the projector and the minutes show it."""

    id: int
    position: int
    nomination_id: int
    subject: SubjectRef
    subject_name: str
    award_code: str
    award_name: str
    proposing_unit: str
    summary: str
    votes: tuple[int, int, int] | None
    council_size: int | None
    threshold_percent: float | None
    threshold_citation: str
    threshold_rule_version: int | None
    passed: bool | None
    outcome: AgendaOutcome
    outcome_award_name: str
    outcome_note: str
    eligibility: str | None
    recused: tuple[str, ...]
    # (name, reason) of each recused member; the reason is "" where none was recorded.
    recusals: tuple[tuple[str, str], ...] = ()

    @property
    def tally_text(self) -> str:
        if self.votes is None:
            return _("no tally yet")
        yes, no, invalid = self.votes
        size = self.council_size or 0
        text = _("for {yes}, against {no}, invalid {invalid} of {size} members ({share})").format(
            yes=yes, no=no, invalid=invalid, size=size, share=fmt.percent(yes * 100 / max(size, 1))
        )
        if self.threshold_percent is not None:
            verdict = _("passed") if self.passed else _("not passed")
            text += "; " + _("needs {min} ({citation}, version {version}): {verdict}").format(
                min=fmt.percent(self.threshold_percent),
                citation=self.threshold_citation,
                version=self.threshold_rule_version,
                verdict=verdict,
            )
        return text


@dataclass(frozen=True)
class SessionView:
    id: int
    council_name: str
    title: str
    held_on: date
    place: str
    status: SessionStatus
    chair_name: str
    secretary_name: str
    attendance: Attendance
    present: tuple[str, ...]
    absent: tuple[tuple[str, str | None], ...]
    items: tuple[ItemView, ...]
    minutes_number: str
    signed_on: date | None
    quorum_text: str


def view(session: Session, session_id: int) -> SessionView:
    row = get_review_session(session, session_id, editable=False)
    council = get_council(session, row.council_id)
    present, absent = [], []
    members = {}
    for a, m in session.execute(
        select(SessionAttendance, CouncilMember)
        .join(CouncilMember, CouncilMember.id == SessionAttendance.member_id)
        .where(SessionAttendance.session_id == session_id)
        .order_by(CouncilMember.position, CouncilMember.id)
    ):
        members[m.id] = m.full_name
        who = f"{m.full_name} ({m.office})" if m.office else m.full_name
        if a.present:
            present.append(who)
        else:
            absent.append((who, a.written_opinion))
    forms = {f.id: f for f in session.scalars(select(AwardForm))}
    items = []
    for item in row.items:
        n = session.get(Nomination, item.nomination_id)
        assert n is not None
        ref = SubjectRef(n.subject_kind, n.subject_id)
        proposer = session.get(Unit, n.proposing_unit_id) if n.proposing_unit_id else None
        form = forms[item.award_form_id]
        votes = (
            (item.votes_for, item.votes_against or 0, item.votes_invalid or 0)
            if item.votes_for is not None
            else None
        )
        items.append(
            ItemView(
                id=item.id,
                position=item.position,
                nomination_id=n.id,
                subject=ref,
                subject_name=display_name(load_subject(session, ref)),
                award_code=form.code,
                award_name=form.name,
                proposing_unit=proposer.name if proposer else "",
                summary=n.summary,
                votes=votes,
                council_size=item.council_size,
                threshold_percent=float(item.threshold_percent)
                if item.threshold_percent is not None
                else None,
                threshold_citation=item.threshold_citation,
                threshold_rule_version=item.threshold_rule_version,
                passed=item.passed,
                outcome=item.outcome,
                outcome_award_name=forms[item.outcome_award_form_id].name
                if item.outcome_award_form_id
                else "",
                outcome_note=item.outcome_note or "",
                eligibility=item.eligibility,
                recused=tuple(members.get(m, f"#{m}") for m in item.recused or ()),
                recusals=tuple(
                    (members.get(m, f"#{m}"), (item.recusal_reasons or {}).get(str(m), ""))
                    for m in item.recused or ()
                ),
            )
        )
    return SessionView(
        id=row.id,
        council_name=council.name,
        title=row.title,
        held_on=row.held_on,
        place=row.place,
        status=row.status,
        chair_name=row.chair_name,
        secretary_name=row.secretary_name,
        attendance=attendance(session, session_id),
        present=tuple(present),
        absent=tuple(absent),
        items=tuple(items),
        minutes_number=row.minutes_number,
        signed_on=row.signed_on,
        quorum_text=row.quorum_text,
    )


def minutes(session: Session, session_id: int) -> list[str]:
    """The minutes (biên bản họp Hội đồng) as lines of text, ready to print or export."""
    v = view(session, session_id)
    att = v.attendance
    lines = [
        v.council_name.upper(),
        _("MINUTES OF THE COUNCIL SESSION"),
        v.title,
        _("Held on {day}{place}.").format(day=fmt.day(v.held_on), place=f", {v.place}" if v.place else ""),
        _("Chair: {chair}. Secretary: {secretary}.").format(
            chair=v.chair_name or "…", secretary=v.secretary_name or "…"
        ),
        _("Members present ({n}/{total}):").format(n=att.present, total=att.members),
        *(f"  - {name}" for name in v.present),
    ]
    if v.absent:
        lines.append(_("Members absent ({n}):").format(n=len(v.absent)))
        for name, opinion in v.absent:
            written = (
                _("written opinion: {text}").format(text=opinion) if opinion else _("no written opinion")
            )
            lines.append(f"  - {name}: {written}")
    quorum = v.quorum_text or (att.quorum.text + (f" — {att.quorum.citation}" if att.quorum.citation else ""))
    lines.append(_("Quorum: {text}").format(text=quorum))
    lines.append(_("Results:"))
    for item in v.items:
        lines.append(f"{item.position}. {item.subject_name} — {item.award_name}")
        if item.proposing_unit:
            lines.append("   " + _("Proposed by: {unit}").format(unit=item.proposing_unit))
        lines.append("   " + _("Ballots: {tally}").format(tally=item.tally_text))
        if item.eligibility:
            lines.append("   " + _("Eligibility: {outcome}").format(outcome=Outcome(item.eligibility).label))
        overridden = session.get(Nomination, item.nomination_id)
        if overridden is not None and overridden.override_reason:
            lines.append("   " + override_text(overridden))
        if item.recusals:
            names = ", ".join(f"{name} ({reason})" if reason else name for name, reason in item.recusals)
            lines.append("   " + _("Did not vote, being directly concerned: {names}").format(names=names))
        conclusion = item.outcome.label
        if item.outcome_award_name:
            conclusion += f": {item.outcome_award_name}"
        if item.outcome_note:
            conclusion += f" ({item.outcome_note})"
        lines.append("   " + _("Conclusion: {text}").format(text=conclusion))
    if v.signed_on:
        lines.append(
            _("Minutes no. {number}, signed on {day}.").format(
                number=v.minutes_number, day=fmt.day(v.signed_on)
            )
        )
    else:
        lines.append(_("Minutes not signed yet ({status}).").format(status=v.status.label.lower()))
    return lines


@dataclass(frozen=True)
class Slide:
    """One candidate on the projector: who, for what, achievements, history, eligibility and tally."""

    item: ItemView
    total: int
    unit_name: str
    achievements: tuple[str, ...]
    history: tuple[str, ...]
    verdict: Verdict


def slides(session: Session, session_id: int) -> list[Slide]:
    v = view(session, session_id)
    out = []
    for item in v.items:
        n = session.get(Nomination, item.nomination_id)
        assert n is not None
        unit_name = ""
        if item.subject.kind is SubjectKind.INDIVIDUAL:
            person = session.get(Individual, item.subject.id)
            if person is not None and person.unit_id is not None:
                unit = session.get(Unit, person.unit_id)
                unit_name = unit.name if unit else ""
        achievements = [item.summary] if item.summary else []
        if n.achievement_id is not None:
            ach = session.get(Achievement, n.achievement_id)
            if ach is not None:
                achievements.append(ach.title + (f": {ach.summary}" if ach.summary else ""))
        history = tuple(
            f"{h.year} — {h.award_name}"
            + (f" ({h.decision_number})" if h.decision_number else "")
            + ("" if h.status.value == "valid" else f" [{h.status.label}]")
            for h in award_service.history(session, item.subject)[:8]
        )
        out.append(
            Slide(
                item=item,
                total=len(v.items),
                unit_name=unit_name,
                achievements=tuple(achievements),
                history=history,
                verdict=evaluate_nomination(session, n.id),
            )
        )
    return out
