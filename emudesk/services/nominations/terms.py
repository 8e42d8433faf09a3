"""The campaign's own terms: who may be nominated, for which form, for which years, and until when.

A plan (kế hoạch phong trào thi đua) sets them and every path obeys them — the nomination form,
an import, the CLI and every move of the workflow:

- participants (đối tượng thi đua): when the plan lists them, the subject's kind must be among
  them, and a collective's kind of unit too where every collective row of the list names one;
- the offered-form row says which kinds of subject the form goes to ("Hộ gia đình: Không");
- period: the achievements' year lies within the campaign's years, and no file is received
  before the campaign starts;
- phase: a file of a phase (giai đoạn) that has dates has its achievements' year within them;
- status: a draft campaign ("Nháp": its plan not yet issued) takes no nomination yet and a closed
  one ("Đã kết thúc") no more: neither a new nomination nor a (re-)submission;
- deadline (milestones "hạn nộp hồ sơ đề nghị"): a file is late when received after the last
  deadline that applies to it. A file first submitted counts from the day it was received (the
  clerk may record a paper file that came in before the deadline); a returned file sent in again
  counts from the day it comes back. A file received in time may still be appraised, voted and
  approved after the deadline, and the campaign's status does not stop that either.

Moves out of the workflow or back (returned, rejected, withdrawn, draft) are never refused: a file
that breaks the terms must be able to leave.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from emudesk.db.batch import Batch, Rows, attach, table_rows
from emudesk.db.models import (
    AwardForm,
    Campaign,
    Household,
    Individual,
    Milestone,
    Nomination,
    NominationEvent,
    OfferedForm,
    Participant,
    Unit,
    UnitKind,
)
from emudesk.domain.enums import CampaignStatus, MilestoneKind, NominationStatus, Recurrence, SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef, display_name, load_subject
from emudesk.services.core.formats import day

S = NominationStatus
# Moves that put a file (again) in front of the office, the council or the signer.
FORWARD = frozenset({S.SUBMITTED, S.APPRAISED, S.VOTED, S.APPROVED})


class CampaignTermsError(ValidationError):
    """A nomination the campaign's plan does not allow.

    Attributes:
        rule: which term: "participants", "form_subjects", "period", "phase", "draft", "closed" or
            "deadline".
    """

    def __init__(self, message: str, *, rule: str, field: str) -> None:
        super().__init__(message, fields={field: message})
        self.rule = rule


@dataclass(frozen=True)
class Deadline:
    due: date
    title: str


def plan_name(campaign: Campaign) -> str:
    """ "Kế hoạch số 05/KH-SNNMT (Thi đua thường xuyên 2025 – Sở NN&MT)"; by its title without a number."""
    ref = campaign.plan_ref.strip()
    short = campaign.short_title or campaign.title
    if not ref.strip("/"):
        return _("The plan of “{campaign}”").format(campaign=short)
    return _("Plan {ref} ({campaign})").format(ref=ref, campaign=short)


def check_input(
    session: Session,
    campaign: Campaign,
    form: AwardForm,
    subject_ref: SubjectRef,
    *,
    year: int | None,
    filed_on: date | None,
    phase_id: int | None,
    new: bool,
    today: date | None = None,
) -> None:
    """The terms a nomination being created (``new``) or edited must meet.

    A file without a received date counts as received ``today``. A closed campaign refuses new
    nominations only: an edit (or the council changing the form) of a file it already holds stays
    possible.
    """
    subject = load_subject(session, subject_ref)
    name = display_name(subject)
    check_subject(session, campaign, form, subject_ref.kind, subject, name)
    received = filed_on or today or date.today()
    check_period(campaign, year, received, name)
    check_phase(campaign, phase_id, year, name)
    if new:
        check_open(campaign, name)
    check_deadline(campaign, phase_id, year, received, name)


def check_move(
    session: Session,
    n: Nomination,
    target: NominationStatus,
    *,
    today: date | None = None,
    submitted_before: bool | None = None,
) -> None:
    """The terms a move of ``n`` to ``target`` must meet (see the module's docstring).

    ``submitted_before``: whether the file went in before, if the caller read it already.
    """
    if target not in FORWARD:
        return
    check_standing(session, n)
    if target is not S.SUBMITTED:
        return
    campaign = session.get(Campaign, n.campaign_id)
    assert campaign is not None
    name = display_name(load_subject(session, SubjectRef(n.subject_kind, n.subject_id)))
    check_open(campaign, name)
    today = today or date.today()
    if submitted_before is None:
        submitted_before = _was_submitted(session, n.id)
    again = n.status is S.RETURNED or submitted_before
    received = today if again else (n.filed_on or today)
    if not again:
        check_period(campaign, None, received, name)
    check_deadline(campaign, n.phase_id, n.year, received, name, resubmitted=again)


def check_standing(session: Session, n: Nomination) -> None:
    """The terms a file holding a place must still meet as the plan now stands: those every forward
    move re-checks (participants, forms, period, phase), not the day it came in."""
    campaign = session.get(Campaign, n.campaign_id)
    form = session.get(AwardForm, n.award_form_id)
    assert campaign is not None and form is not None
    subject = load_subject(session, SubjectRef(n.subject_kind, n.subject_id))
    name = display_name(subject)
    check_subject(session, campaign, form, n.subject_kind, subject, name)
    check_period(campaign, n.year, None, name)
    check_phase(campaign, n.phase_id, n.year, name)


def _was_submitted(session: Session, nomination_id: int) -> bool:
    """True when the file went in before (a returned file put back to draft and submitted again)."""
    found = session.scalar(
        select(NominationEvent.id)
        .where(
            NominationEvent.nomination_id == nomination_id,
            NominationEvent.to_status == S.SUBMITTED,
        )
        .limit(1)
    )
    return found is not None


def gather(b: Batch, session: Session, campaigns: Iterable[Campaign]) -> Callable[[], None]:
    """What ``check_move`` reads of each campaign's plan (participants, offered forms, deadlines),
    read with the other SELECTs of ``b``: call the result once ``b`` ran."""
    todo: list[tuple[str, type[Any], Callable[[Any], Any], list[Campaign], Rows]] = []
    for key, model, order in _PLAN_PARTS:
        missing = [c for c in campaigns if key not in inspect(c).dict]  # not loaded yet
        if missing:
            rows = b.add(table_rows(model).where(model.campaign_id.in_([c.id for c in missing])))
            todo.append((key, model, order, missing, rows))

    def done() -> None:
        for key, model, order, missing, rows in todo:
            at = list(model.__table__.c.keys()).index("campaign_id")
            theirs: dict[int, list[Any]] = defaultdict(list)
            for row in rows:
                theirs[row[at]].append(row)
            for campaign in missing:
                attach(session, campaign, key, model, theirs[campaign.id], order)

    return done


# The campaign's collections ``check_move`` reads, in the order of their relationships.
_PLAN_PARTS: tuple[tuple[str, type[Any], Callable[[Any], Any]], ...] = (
    ("participants", Participant, lambda p: (p.position, p.id)),
    ("offered_forms", OfferedForm, lambda o: (o.position, o.id)),
    ("milestones", Milestone, lambda m: (m.due_date, m.id)),
)


def check_open(campaign: Campaign, name: str) -> None:
    """A draft campaign takes no nomination yet, a closed one no more."""
    if campaign.status is CampaignStatus.DRAFT:
        raise CampaignTermsError(
            _(
                "“{campaign}” is still “{status}”: its plan is not issued and it takes no nominations yet "
                "({subject}). Set the campaign to “{active}” once the plan is issued."
            ).format(
                campaign=campaign.short_title or campaign.title,
                status=campaign.status.label,
                subject=name,
                active=CampaignStatus.ACTIVE.label,
            ),
            rule="draft",
            field="campaign_id",
        )
    if campaign.status is not CampaignStatus.CLOSED:
        return
    raise CampaignTermsError(
        _(
            "{plan} is “{status}” and takes no more nominations ({subject}). To record files received "
            "before it closed, set the campaign back to “{active}” first."
        ).format(
            plan=plan_name(campaign),
            status=campaign.status.label,
            subject=name,
            active=CampaignStatus.ACTIVE.label,
        ),
        rule="closed",
        field="campaign_id",
    )


def check_subject(
    session: Session,
    campaign: Campaign,
    form: AwardForm,
    kind: SubjectKind,
    subject: Unit | Individual | Household,
    name: str,
) -> None:
    """The plan's participants and the offered-form row's kinds of subject."""
    participants = list(campaign.participants)
    if participants:
        kinds = {p.subject_kind for p in participants}
        unit_rows = [p for p in participants if p.subject_kind is SubjectKind.UNIT]
        what: str | None = None
        if kind not in kinds:
            what = kind.label.lower()
        elif (
            isinstance(subject, Unit)
            and all(p.unit_kind_id is not None for p in unit_rows)
            and subject.kind_id not in {p.unit_kind_id for p in unit_rows}
        ):
            unit_kind = session.get(UnitKind, subject.kind_id)
            what = unit_kind.name if unit_kind is not None else kind.label.lower()
        if what is not None:
            raise CampaignTermsError(
                _(
                    "{plan} names its participants: {participants}. {subject} ({kind}) is not among "
                    "them and cannot be nominated in this campaign."
                ).format(
                    plan=plan_name(campaign),
                    participants="; ".join(p.description for p in participants),
                    subject=name,
                    kind=what,
                ),
                rule="participants",
                field="subject",
            )
    # The campaign's collections load once per session: a batch of moves costs no query per file.
    offered = next((o for o in campaign.offered_forms if o.award_form_id == form.id), None)
    if offered is None:
        return  # a plan without offered forms offers any form (validate_nomination checks the rest)
    allowed = {
        SubjectKind.UNIT: offered.for_units,
        SubjectKind.INDIVIDUAL: offered.for_individuals,
        SubjectKind.HOUSEHOLD: offered.for_households,
    }
    if allowed[kind]:
        return
    to = [k.label.lower() for k in SubjectKind if allowed[k]]
    raise CampaignTermsError(
        _(
            "{plan} offers “{form}” to {allowed} only; {subject} is a {kind} and cannot be nominated for it."
        ).format(
            plan=plan_name(campaign),
            form=form.name,
            allowed=", ".join(to) if to else _("no one"),
            subject=name,
            kind=kind.label.lower(),
        ),
        rule="form_subjects",
        field="award_form_id",
    )


def _period(campaign: Campaign) -> str:
    start, end = campaign.start_date, campaign.end_date
    if start and end:
        return _("from {start} to {end}").format(start=day(start), end=day(end))
    if start:
        return _("from {start}").format(start=day(start))
    return _("until {end}").format(end=day(end))


def check_period(campaign: Campaign, year: int | None, received: date | None, name: str) -> None:
    """The achievements' year within the campaign's years; no file received before it starts."""
    start, end = campaign.start_date, campaign.end_date
    if year is not None and ((start and year < start.year) or (end and year > end.year)):
        raise CampaignTermsError(
            _("{plan} runs {period}; the achievements of {year} of {subject} fall outside it.").format(
                plan=plan_name(campaign), period=_period(campaign), year=year, subject=name
            ),
            rule="period",
            field="year",
        )
    if received is not None and start is not None and received < start:
        raise CampaignTermsError(
            _(
                "{plan} runs {period}; the file of {subject} is received on {received}, before it began."
            ).format(
                plan=plan_name(campaign), period=_period(campaign), subject=name, received=day(received)
            ),
            rule="period",
            field="filed_on",
        )


def check_phase(campaign: Campaign, phase_id: int | None, year: int | None, name: str) -> None:
    """The achievements' year within the years of the file's phase, where the plan dates the phase."""
    phase = next((p for p in campaign.phases if p.id == phase_id), None) if phase_id is not None else None
    if phase is None or year is None:
        return
    start, end = phase.start_date, phase.end_date
    if (start and year < start.year) or (end and year > end.year):
        if start and end:
            period = _("from {start} to {end}").format(start=day(start), end=day(end))
        else:
            period = (
                _("from {start}").format(start=day(start)) if start else _("until {end}").format(end=day(end))
            )
        raise CampaignTermsError(
            _(
                "{plan}: “{phase}” runs {period}; the achievements of {year} of {subject} fall outside it."
            ).format(plan=plan_name(campaign), phase=phase.name, period=period, year=year, subject=name),
            rule="phase",
            field="year",
        )


def deadline(campaign: Campaign, phase_id: int | None, year: int | None) -> Deadline | None:
    """The last nomination deadline of the plan that applies to a file, if the plan sets one.

    A deadline of another phase does not apply. A yearly one ("trước ngày 01/12 hàng năm") falls in
    the file's year, shifted as the plan's first occurrence is from the campaign's first year (a
    plan of 2024 due 15/01/2025 every year: files of 2026 are due 15/01/2027); it does not apply to
    a file without a year, whose round cannot be told.
    """
    found: list[Deadline] = []
    for m in campaign.milestones:
        if m.kind is not MilestoneKind.NOMINATION_DUE:
            continue
        if phase_id is not None and m.phase_id not in (None, phase_id):
            continue
        due = m.due_date
        if due is None:  # "the plan gives no date": no deadline to hold a file to
            continue
        if m.recurrence is Recurrence.YEARLY:
            if year is None:
                continue
            first = campaign.start_date.year if campaign.start_date else due.year
            target = year + (due.year - first)
            try:
                due = due.replace(year=target)
            except ValueError:  # 29 February in a common year
                due = date(target, 2, 28)
        found.append(Deadline(due, m.title))
    return max(found, key=lambda d: d.due) if found else None


def check_deadline(
    campaign: Campaign,
    phase_id: int | None,
    year: int | None,
    received: date,
    name: str,
    *,
    resubmitted: bool = False,
) -> None:
    due = deadline(campaign, phase_id, year)
    if due is None or received <= due.due:
        return
    if resubmitted:
        message = _(
            "{plan} sets the deadline for nominations at {deadline} (“{milestone}”); the returned file of "
            "{subject} cannot be sent in again on {received}, after it."
        )
    else:
        message = _(
            "{plan} sets the deadline for nominations at {deadline} (“{milestone}”); the file of {subject} "
            "received on {received} is late."
        )
    raise CampaignTermsError(
        message.format(
            plan=plan_name(campaign),
            deadline=day(due.due),
            milestone=due.title,
            subject=name,
            received=day(received),
        ),
        rule="deadline",
        field="filed_on",
    )
