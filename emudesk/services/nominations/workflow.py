"""Nominations (đề nghị khen thưởng): drafting, the workflow, quotas, approval into award history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db import audit_chain, changes_capture
from emudesk.db.base import utcnow
from emudesk.db.batch import Batch
from emudesk.db.models import (
    Achievement,
    AgendaItem,
    AwardForm,
    AwardRecord,
    Campaign,
    CampaignPhase,
    Decision,
    Household,
    Individual,
    Initiative,
    Nomination,
    NominationEvent,
    OfferedForm,
    Unit,
)
from emudesk.domain.enums import AwardType, CampaignKind, NominationStatus, RecordSource, SubjectKind
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.domain.quotas import QuotaSpec
from emudesk.domain.rules import fmt
from emudesk.domain.text import nfc
from emudesk.domain.workflow import EDITABLE, HOLDS_PLACE, QUOTA_CHECKED, check_transition
from emudesk.i18n import _
from emudesk.services.campaigns import quotas
from emudesk.services.core.common import (
    SubjectRef,
    check_text,
    display_name,
    get_live,
    load_subject,
    mark_deleted,
    subject_columns,
)
from emudesk.services.core.rights import require, requires
from emudesk.services.nominations import gate, terms
from emudesk.services.register import decision_order
from emudesk.services.rules import rulebook

S = NominationStatus
# Statuses in which a nomination still counts as "the same proposal" for duplicates and reuse checks.
_ACTIVE = [s.value for s in (S.DRAFT, S.SUBMITTED, S.APPRAISED, S.VOTED, S.APPROVED, S.RETURNED)]


@dataclass
class NominationInput:
    subject: SubjectRef
    campaign_id: int
    award_form_id: int
    proposing_unit_id: int | None = None
    phase_id: int | None = None
    year: int | None = None
    filed_on: date | None = None
    summary: str = ""
    note: str | None = None
    achievement_id: int | None = None
    initiative_id: int | None = None


@dataclass(frozen=True)
class DecisionInput:
    """The decision that approves nominations: "Quyết định số 15/QĐ-UBND ngày 05/01/2026"."""

    number: str
    signed_on: date
    issuer: str = ""
    signer_title: str = ""
    signer_name: str = ""
    summary: str = ""
    # The tờ trình the level above approves against, printed in the decision's Căn cứ.
    submission_number: str = ""
    submission_date: date | None = None
    submission_by: str = ""


@dataclass(frozen=True)
class Votes:
    """A council vote: ballots for, against and invalid, out of all council members."""

    votes_for: int
    votes_against: int
    votes_invalid: int
    council_size: int


@dataclass(frozen=True)
class TransitionResult:
    """The files moved; ``warnings``: files submitted although judged not eligible, with the reasons."""

    changed: tuple[int, ...]
    award_record_ids: tuple[int, ...] = ()
    decision_id: int | None = None
    warnings: tuple[str, ...] = ()


def label(session: Session, n: Nomination) -> str:
    """ "Đề nghị #12 (Nguyễn Văn An – Bằng khen của Chủ tịch UBND tỉnh)"."""
    subject = load_subject(session, SubjectRef(n.subject_kind, n.subject_id))
    form = session.get(AwardForm, n.award_form_id)
    if quotas.is_unsaved(session, n.id):  # its id vanishes if this operation is refused
        return _("New nomination ({subject} – {form})").format(
            subject=display_name(subject), form=form.name if form else "?"
        )
    return _("Nomination #{id} ({subject} – {form})").format(
        id=n.id, subject=display_name(subject), form=form.name if form else "?"
    )


def validate_nomination(
    session: Session, data: NominationInput, current_id: int | None = None
) -> tuple[Campaign, AwardForm]:
    campaign = get_live(session, Campaign, data.campaign_id, _("Campaign"))
    form = session.get(AwardForm, data.award_form_id)
    if form is None:
        raise NotFoundError(_("Award form #{id} does not exist.").format(id=data.award_form_id))
    if not form.active:
        raise ValidationError(_("“{form}” is no longer in use.").format(form=form.name))
    subject = load_subject(session, data.subject)
    allowed = {
        SubjectKind.UNIT: form.for_units,
        SubjectKind.INDIVIDUAL: form.for_individuals,
        SubjectKind.HOUSEHOLD: form.for_households,
    }[data.subject.kind]
    if not allowed:
        raise ValidationError(
            _("“{form}” cannot be given to a {kind}.").format(
                form=form.name, kind=data.subject.kind.label.lower()
            ),
            fields={"award_form_id": _("Not for this kind of subject")},
        )
    offered = session.scalars(
        select(OfferedForm.award_form_id).where(OfferedForm.campaign_id == campaign.id)
    ).all()
    if offered and form.id not in offered:
        raise ValidationError(
            _("The plan of “{campaign}” does not offer “{form}”.").format(
                campaign=campaign.title, form=form.name
            ),
            fields={"award_form_id": _("Not offered by the campaign")},
        )
    if data.phase_id is not None:
        phase = session.get(CampaignPhase, data.phase_id)
        if phase is None or phase.campaign_id != campaign.id:
            raise ValidationError(_("The phase does not belong to this campaign."), fields={"phase_id": "?"})
    if data.proposing_unit_id is not None:
        get_live(session, Unit, data.proposing_unit_id, _("Proposing unit"))
    if data.year is not None and not 1945 <= data.year <= date.today().year + 1:
        raise ValidationError(
            _("The year {year} is out of range.").format(year=data.year), fields={"year": "?"}
        )
    cols = subject_columns(data.subject)
    dup = select(Nomination.id).where(
        Nomination.campaign_id == campaign.id,
        Nomination.award_form_id == form.id,
        Nomination.subject_kind == data.subject.kind,
        Nomination.unit_id.is_(cols["unit_id"])
        if cols["unit_id"] is None
        else Nomination.unit_id == cols["unit_id"],
        Nomination.individual_id.is_(None)
        if cols["individual_id"] is None
        else Nomination.individual_id == cols["individual_id"],
        Nomination.household_id.is_(None)
        if cols["household_id"] is None
        else Nomination.household_id == cols["household_id"],
        Nomination.status.in_(_ACTIVE),
        Nomination.deleted_at.is_(None),
    )
    dup = dup.where(Nomination.year.is_(None) if data.year is None else Nomination.year == data.year)
    dup = dup.where(
        Nomination.phase_id.is_(None) if data.phase_id is None else Nomination.phase_id == data.phase_id
    )
    if current_id is not None:
        dup = dup.where(Nomination.id != current_id)
    other = session.scalar(dup.limit(1))
    if other is not None:
        raise ConflictError(
            _("{subject} is already nominated for “{form}” in this campaign (nomination #{id}).").format(
                subject=display_name(subject), form=form.name, id=other
            )
        )
    terms.check_input(
        session,
        campaign,
        form,
        data.subject,
        year=data.year,
        filed_on=data.filed_on,
        phase_id=data.phase_id,
        new=current_id is None,
    )
    if data.achievement_id is not None:
        _check_achievement(session, data, current_id)
    if data.initiative_id is not None:
        _check_initiative(session, data, current_id)
    return campaign, form


def _check_achievement(session: Session, data: NominationInput, current_id: int | None) -> None:
    ach = get_live(session, Achievement, data.achievement_id or 0, _("Achievement"))
    if (ach.subject_kind, ach.subject_id) != (data.subject.kind, data.subject.id):
        raise ValidationError(
            _("The achievement belongs to another subject."), fields={"achievement_id": "?"}
        )
    # One achievement grounds only one award (Luật TĐKT 2022 Điều 5).
    used = session.scalar(
        select(Nomination.id).where(
            Nomination.achievement_id == ach.id,
            Nomination.status.in_(_ACTIVE),
            Nomination.deleted_at.is_(None),
            Nomination.id != (current_id or 0),
        )
    )
    if used is not None:
        raise ConflictError(
            _(
                "This achievement already grounds nomination #{id}; one achievement gets only one award "
                "(Luật TĐKT 2022, Điều 5)."
            ).format(id=used)
        )


def _check_initiative(session: Session, data: NominationInput, current_id: int | None) -> None:
    ini = session.get(Initiative, data.initiative_id)
    if ini is None:
        raise NotFoundError(_("Initiative #{id} does not exist.").format(id=data.initiative_id))
    if data.subject.kind is not SubjectKind.INDIVIDUAL or ini.individual_id != data.subject.id:
        raise ValidationError(_("The initiative belongs to another person."), fields={"initiative_id": "?"})
    used = session.scalar(
        select(Nomination.id).where(
            Nomination.initiative_id == ini.id,
            Nomination.status.in_(_ACTIVE),
            Nomination.deleted_at.is_(None),
            Nomination.id != (current_id or 0),
        )
    )
    if used is not None:
        raise ConflictError(
            _(
                "The initiative “{title}” already grounds nomination #{id}; an initiative grounds only one "
                "award (CV 5007/BNV-TĐKT)."
            ).format(title=ini.title, id=used)
        )


def _apply(n: Nomination, data: NominationInput) -> None:
    for key, value in subject_columns(data.subject).items():
        setattr(n, key, value)
    n.campaign_id = data.campaign_id
    n.award_form_id = data.award_form_id
    n.proposing_unit_id = data.proposing_unit_id
    n.phase_id = data.phase_id
    n.year = data.year
    n.filed_on = data.filed_on
    n.summary = data.summary or ""
    n.note = data.note
    n.achievement_id = data.achievement_id
    n.initiative_id = data.initiative_id


@requires("nominations.edit")
def create_nomination(
    session: Session,
    data: NominationInput,
    *,
    status: NominationStatus = S.DRAFT,
    source: RecordSource = RecordSource.ENTERED,
    origin: str = "",
) -> int:
    """Create a draft; with ``status`` SUBMITTED it is filed at once, quota checked (imports do this).

    ``origin`` ("row 12 of this file") names the new file in refusals until it is saved.
    """
    validate_nomination(session, data, None)
    n = Nomination(status=S.DRAFT, source=source)
    _apply(n, data)
    session.add(n)
    session.flush()
    quotas.note_created(session, n.id, origin)
    _event(session, n, None, S.DRAFT, None)
    if status is not S.DRAFT:
        transition(session, [n.id], status)
    return n.id


@requires("nominations.edit")
def update_nomination(session: Session, nomination_id: int, data: NominationInput) -> None:
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    if n.status not in EDITABLE:
        raise ConflictError(
            _("{label} is “{status}” and can no longer be edited; return it first.").format(
                label=label(session, n), status=n.status.label
            )
        )
    validate_nomination(session, data, n.id)
    _apply(n, data)
    session.flush()


@requires("nominations.edit")
def delete_nomination(session: Session, nomination_id: int) -> None:
    """Move a draft or withdrawn nomination to the bin; files in the workflow must be withdrawn first."""
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    if n.status in HOLDS_PLACE:
        raise ConflictError(
            _("{label} is “{status}”; withdraw it before deleting.").format(
                label=label(session, n), status=n.status.label
            )
        )
    mark_deleted(n)


@requires("nominations.edit")
def restore_nomination(session: Session, nomination_id: int) -> None:
    n = session.get(Nomination, nomination_id)
    if n is None:
        raise NotFoundError(_("Nomination #{id} does not exist.").format(id=nomination_id))
    n.deleted_at = None


def _event(session: Session, n: Nomination, old: S | None, new: S, note: str | None) -> None:
    session.add(
        NominationEvent(
            nomination_id=n.id,
            from_status=old,
            to_status=new,
            actor=str(session.info.get("actor", "")),
            note=note,
        )
    )


@dataclass
class _Files:
    """The files of a move as its first statement read them, with the quotas it locked."""

    held: Sequence[Any]  # the rows: they keep the loaded objects in the session
    ids: Sequence[int]
    specs: dict[int, list[QuotaSpec]]
    snapshot: str | None  # PostgreSQL's snapshot of the read, when it took the writer lock

    @property
    def found(self) -> dict[int, Nomination]:
        return {r[0].id: r[0] for r in self.held}

    @property
    def ordered(self) -> list[Nomination]:
        found = self.found
        return [found[i] for i in self.ids]

    @property
    def went_in(self) -> dict[int, bool]:
        return {r[0].id: bool(r[6]) for r in self.held}

    @property
    def complete(self) -> bool:
        return set(self.found) == set(self.ids)

    def raise_missing(self) -> None:
        found = self.found
        missing = [i for i in self.ids if i not in found]
        if missing:
            raise NotFoundError(_("Nomination #{id} does not exist.").format(id=missing[0]))


def _files(
    session: Session, ids: Sequence[int], target: NominationStatus, *, fold: bool, again: bool = False
) -> _Files:
    """One statement for the files with their forms, campaigns, subjects, whether each went in
    before, the rule book's stamp and (submit, approve) their campaigns' quotas under their lock.

    ``fold``: the statement also takes PostgreSQL's writer lock if no other writer holds it (a file
    comes back only then) and reads its snapshot; ``again``: a second read refreshes the objects.
    """
    submitted_before = (
        select(NominationEvent.id)
        .where(NominationEvent.nomination_id == Nomination.id, NominationEvent.to_status == S.SUBMITTED)
        .exists()
    )
    stamp = rulebook.stamp_columns()
    # The quotas' rows (FOR UPDATE on PostgreSQL) are read by the same statement, before the
    # statement that counts the places they hold; a file comes back only once the writer lock is
    # held, and the quotas are read with the first file, so their row locks come after it.
    lock: list[Any] = []
    if target in QUOTA_CHECKED:
        lock_column, read_specs = quotas.lock_column(session, ids)
        lock = [lock_column]
    extra = [audit_chain.snapshot_column()] if fold else []
    stmt = (
        select(
            Nomination,
            AwardForm,
            Campaign,
            Individual,
            Unit,
            Household,
            submitted_before,
            *stamp,
            *lock,
            *extra,
        )
        .join(AwardForm, AwardForm.id == Nomination.award_form_id)
        .join(Campaign, Campaign.id == Nomination.campaign_id)
        .outerjoin(Individual, Individual.id == Nomination.individual_id)
        .outerjoin(Unit, Unit.id == Nomination.unit_id)
        .outerjoin(Household, Household.id == Nomination.household_id)
        .where(Nomination.id.in_(list(ids)), Nomination.deleted_at.is_(None))
    )
    options: dict[str, Any] = {}
    if fold:
        stmt = stmt.where(audit_chain.try_lock_condition())
        options[audit_chain.CARRIES_LOCK] = True
    if again:
        options["populate_existing"] = True
        rulebook.forget(session)
    held = session.execute(stmt, execution_options=options).all()
    if held:
        rulebook.prime(session, held[0][7 : 7 + len(stamp)])
    specs: dict[int, list[QuotaSpec]] = {}
    if lock and held:
        locked = read_specs(held[0][7 + len(stamp)])
        specs = {cid: locked.get(cid, []) for cid in sorted({r[0].campaign_id for r in held})}
    return _Files(held, list(ids), specs, str(held[0][-1]) if fold and held else None)


@dataclass
class _Ahead:
    """What the checks of a move read in one statement after its files (``_read_ahead``)."""

    verdicts: dict[int, Callable[[], Any]]
    plans: Callable[[], None] | None
    places: quotas.Places | None
    snapshot: str | None


def _read_ahead(session: Session, files: _Files, target: NominationStatus) -> _Ahead:
    """One statement for everything the checks read: the eligibility facts, the plans' terms, the
    places the first file's quotas hold (later files count the moves before them: read then) and
    the audit chain's head."""
    ahead = Batch(session)
    ordered = files.ordered
    verdicts = gate.gather(ahead, session, ordered, target)
    plans = terms.gather(ahead, session, {n.campaign for n in ordered}) if target in terms.FORWARD else None
    first = ordered[0]
    places = (
        quotas.gather_places(ahead, session, first, files.specs[first.campaign_id])
        if target in QUOTA_CHECKED
        else None
    )
    conn = session.connection()
    head = audit_chain.head_columns(conn) if audit_chain.holds_writer_lock(conn) else []
    snap = [audit_chain.snapshot_column()] if files.snapshot is not None else []
    read = ahead.run(*head, *snap)
    if head:
        audit_chain.prime_head(conn, read)
    return _Ahead(verdicts, plans, places, str(read[-1]) if snap else None)


def _note_event(session: Session, capture: changes_capture.Capture, n: Nomination) -> None:
    """Tell the undo capture about the history row the trigger wrote (it sees the flush's rows only)."""
    newest = session.scalar(
        select(NominationEvent.id)
        .where(NominationEvent.nomination_id == n.id)
        .order_by(NominationEvent.id.desc())
        .limit(1)
    )
    if newest is not None:
        capture.note(NominationEvent.__tablename__, (newest,), None)


def transition(
    session: Session,
    ids: Sequence[int],
    target: NominationStatus,
    *,
    note: str | None = None,
    decision: DecisionInput | None = None,
    votes: Votes | None = None,
    decision_id: int | None = None,
    override_reason: str | None = None,
    decided_above: int | None = None,
    agenda_item_id: int | None = None,
) -> TransitionResult:
    """Move nominations to ``target``, all or none.

    Every move is judged (``gate``): submitting a file not eligible warns; appraising, voting
    or approving one is refused unless ``override_reason`` records why it goes on.

    Submitting and approving re-check every quota inside this transaction, after
    taking the campaigns' quota lock; nominations of one batch count each other.
    Approving a form that needs a vote re-checks the recorded vote against the
    threshold rule in force on the day the file was received. ``decision_id``
    approves into a draft decision (``services/decisions.py``) instead of
    ``decision``. ``decided_above``: the issued decision of the office above that awarded a file
    this office sent up (services/exchange): the file takes its status and names it, and no award
    is written (the award came with the decision); the vote was that office's to judge.

    A vote is recorded only by the council's session (``council.tallies.decide``, which passes
    ``agenda_item_id``): only the session holds the attendance and recusals that judge the ballots.

    Raises:
        ConflictError: a transition the workflow forbids, or a missing vote.
        IneligibleError: a file judged not eligible moved towards a decision without an override.
        QuotaExceededError: a quota is full (nothing of the batch is written: the caller's
            transaction rolls back).
        ValidationError: approval without decision number and date, bad vote counts.
        terms.CampaignTermsError: the campaign's plan does not allow the move (``terms``).
    """
    require(session, f"nominations.to_{target.value}")
    if not ids:
        return TransitionResult(())
    conn = session.connection()
    # PostgreSQL: a write transaction's first statement may take the writer lock itself (db/audit_chain).
    folding = audit_chain.lock_due(conn)
    files = _files(session, ids, target, fold=folding)
    if folding:
        if not files.complete:
            # Some file missing, or another writer holds the lock: wait for it, then read afresh.
            audit_chain.take_writer_lock(conn)
            files = _files(session, ids, target, fold=False, again=True)
        else:
            audit_chain.lock_taken(conn)
    files.raise_missing()
    ahead = _read_ahead(session, files, target)
    if folding and files.complete and audit_chain.stale(files.snapshot, ahead.snapshot):
        # Another writer committed between this transaction's first look and its lock: read afresh.
        files = _files(session, ids, target, fold=False, again=True)
        files.raise_missing()
        ahead = _read_ahead(session, files, target)
    found, ordered, specs, went_in = files.found, files.ordered, files.specs, files.went_in
    first, places = ordered[0], ahead.places
    if ahead.plans is not None:
        ahead.plans()
    if target is S.APPROVED:
        if decided_above is not None:
            decision_row = _issued_above(session, decided_above)
        elif decision_id is not None:
            decision_row = _draft_decision(session, decision_id)
        else:
            decision_row = _decision(session, decision, {n.campaign_id for n in ordered})
    if target is S.VOTED:
        _check_council_vote(session, ordered, votes, agenda_item_id)
        _check_votes(votes)
    checked = gate.judge_batch(
        session, ordered, target, lambda n: label(session, n), override_reason, ahead.verdicts
    )
    capture = changes_capture.active(conn)
    actor = str(session.info.get("actor", ""))
    award_ids: list[int] = []
    # Each file's move appends to the audit chain: the next starts from the head the last one left.
    with audit_chain.keeping_head(conn):
        for nid in ids:
            n = found[nid]
            current = n.status
            check_transition(current, target, label=label(session, n))
            terms.check_move(session, n, target, submitted_before=went_in[nid])
            form = session.get(AwardForm, n.award_form_id)
            assert form is not None
            judged_here = decided_above is None
            if target is S.APPROVED and judged_here and form.requires_vote and current is not S.VOTED:
                raise ConflictError(
                    _("{label}: “{form}” needs the council's vote before approval.").format(
                        label=label(session, n), form=form.name
                    )
                )
            if target is S.APPROVED and judged_here and form.requires_vote and n.votes_for is not None:
                _check_threshold(session, n, form)
            if target in QUOTA_CHECKED:
                quotas.enforce(
                    session,
                    n,
                    candidate_label=partial(label, session, n),
                    specs=specs[n.campaign_id],
                    places=places if n is first else None,
                )
            quotas.note_moving(session, n.id, current)
            n.status = target
            n.status_changed_at = utcnow()
            n.status_note = note
            if target is S.VOTED and votes is not None:
                n.votes_for, n.votes_against = votes.votes_for, votes.votes_against
                n.votes_invalid, n.council_size = votes.votes_invalid, votes.council_size
            if target is S.SUBMITTED and n.filed_on is None:
                n.filed_on = date.today()
            if target in gate.CLEARS:
                gate.clear_override(n)
            # The move's history row: written by the UPDATE's trigger (db/status_events.py).
            n.status_changed_by = actor
            n.status_event_note = gate.overridden_note(n, note) if nid in checked.overridden else note
            n.status_moves = (n.status_moves or 0) + 1
            session.flush()
            if capture is not None:
                _note_event(session, capture, n)
            if target is S.APPROVED:
                n.decision_id = decision_row.id
                if judged_here:
                    award_ids.append(_award_from(session, n, form, decision_row))
        if award_ids:
            # Số sổ vàng, once per batch (a list of a thousand names is numbered once, not a thousand
            # times). A draft's serials follow the printed list; an issued decision's numbers are given
            # (a correction may have changed one), so newcomers take the next ones after the highest.
            if decision_row.issued:
                decision_order.number_new(session, decision_row.id)
            else:
                decision_order.renumber(session, decision_row.id)
    del files
    return TransitionResult(
        tuple(ids), tuple(award_ids), decision_row.id if target is S.APPROVED else None, checked.warnings
    )


def _issued_above(session: Session, decision_id: int) -> Decision:
    row = session.get(Decision, decision_id)
    if row is None or not row.issued:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    return row


def _check_council_vote(
    session: Session, files: Sequence[Nomination], votes: Votes | None, agenda_item_id: int | None
) -> None:
    """Refuse a vote that does not come from the council session's agenda item of the one file.

    The ballots an item may have depend on who attended, who wrote in and who is recused from it
    (``domain.rules.council.cap_ballots``); a vote typed outside a session has none of that to be
    judged by, so it is sent to the session rather than judged a second, weaker way.
    """
    item = session.get(AgendaItem, agenda_item_id) if agenda_item_id is not None else None
    tallied = (
        item is not None
        and votes is not None
        and [n.id for n in files] == [item.nomination_id]
        and (item.votes_for, item.votes_against or 0, item.votes_invalid or 0, item.council_size)
        == (votes.votes_for, votes.votes_against, votes.votes_invalid, votes.council_size)
    )
    if not tallied:
        raise ConflictError(
            _(
                "{label}: the council's vote is recorded in its session (the Council screen), which knows "
                "who attended and who is recused; put the file on the session's agenda and enter the "
                "tally there ({n} file(s) selected, nothing recorded)."
            ).format(label=label(session, files[0]), n=len(files))
        )


def _check_votes(votes: Votes | None) -> None:
    if votes is None:
        raise ValidationError(_("Enter the vote counts."))
    counts = (votes.votes_for, votes.votes_against, votes.votes_invalid)
    if min(counts) < 0 or votes.council_size <= 0:
        raise ValidationError(_("Vote counts cannot be negative and the council must have members."))
    if sum(counts) > votes.council_size:
        raise ValidationError(
            _("{total} ballots counted but the council has only {size} members.").format(
                total=sum(counts), size=votes.council_size
            )
        )


def _check_threshold(session: Session, n: Nomination, form: AwardForm) -> None:
    """Refuse to approve on a vote below the threshold in force when the file was received."""
    from emudesk.domain.rules.council import judge_tally
    from emudesk.domain.rules.facts import VoteFacts

    rule = rulebook.vote_rule(session, form.code, n.subject_kind, n.filed_on or date.today())
    if rule is None or not n.council_size:
        return
    tally = VoteFacts(n.votes_for or 0, n.votes_against or 0, n.votes_invalid or 0, n.council_size)
    result = judge_tally(tally, rule)
    if result.passed is False:
        raise ConflictError(
            _("{label}: the council's vote did not reach the threshold: {reason} ({citation}).").format(
                label=label(session, n), reason=result.reason.text, citation=result.reason.citation
            )
        )


def _draft_decision(session: Session, decision_id: int) -> Decision:
    row = session.get(Decision, decision_id)
    if row is None:
        raise NotFoundError(_("Decision #{id} does not exist.").format(id=decision_id))
    if row.issued:
        raise ConflictError(
            _("Decision {number} is issued; its list of recipients can no longer change.").format(
                number=row.number
            )
        )
    return row


@requires("nominations.edit")
def change_award_form(session: Session, nomination_id: int, award_form_id: int, *, note: str) -> None:
    """The council approves another form than the one proposed ("approved at another level").

    The nomination keeps its place in the workflow; quotas are re-checked for the new form, and the
    change is logged as an event of the nomination.
    """
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    form = session.get(AwardForm, award_form_id)
    if form is None:
        raise NotFoundError(_("Award form #{id} does not exist.").format(id=award_form_id))
    data = NominationInput(
        subject=SubjectRef(n.subject_kind, n.subject_id),
        campaign_id=n.campaign_id,
        award_form_id=form.id,
        proposing_unit_id=n.proposing_unit_id,
        phase_id=n.phase_id,
        year=n.year,
        filed_on=n.filed_on,
        summary=n.summary,
        note=n.note,
        achievement_id=n.achievement_id,
        initiative_id=n.initiative_id,
    )
    validate_nomination(session, data, n.id)
    old = session.get(AwardForm, n.award_form_id)
    n.award_form_id = form.id
    session.flush()
    if n.status in HOLDS_PLACE:
        quotas.lock(session, {n.campaign_id})
        quotas.enforce(session, n, candidate_label=label(session, n))
    _event(
        session,
        n,
        n.status,
        n.status,
        _("Form changed from “{old}” to “{new}”: {note}").format(
            old=old.name if old else "?", new=form.name, note=note
        ),
    )
    session.flush()


def check_submission(number: str, day: date | None, by: str, signed_on: date) -> tuple[str, date | None, str]:
    """The tờ trình's number, date and sender as stored (NFC, stripped), or a refusal naming the field."""
    number, by = nfc(number or "").strip(), nfc(by or "").strip()
    check_text(number, "submission_number", _("Submission no."), max_length=60)
    check_text(by, "submission_by", _("Submitted by"))
    if day is not None and day > signed_on:
        raise ValidationError(
            _("The submission is dated after the decision ({day}).").format(day=fmt.day(signed_on)),
            fields={"submission_date": "?"},
        )
    if (day is not None or by) and not number:
        raise ValidationError(
            _("A submission's date or sender needs its number."), fields={"submission_number": _("Required")}
        )
    return number, day, by


def _decision(session: Session, data: DecisionInput | None, campaign_ids: set[int]) -> Decision:
    if data is None or not nfc(data.number or ""):
        raise ValidationError(
            _("Approval needs the decision number and date."), fields={"decision_number": _("Required")}
        )
    # Checked before the lookup: PostgreSQL refuses a NUL in a query's parameter.
    number = check_text(nfc(data.number), "decision_number", _("Decision number"), max_length=60)
    existing = session.scalar(
        select(Decision).where(Decision.number == number, Decision.signed_on == data.signed_on)
    )
    submission = check_submission(
        data.submission_number, data.submission_date, data.submission_by, data.signed_on
    )
    if existing is not None:
        if submission[0] and existing.submission_number and existing.submission_number != submission[0]:
            raise ConflictError(
                _("Decision {number} answers submission {submission}, not {other}.").format(
                    number=existing.number, submission=existing.submission_number, other=submission[0]
                )
            )
        if submission[0] and not existing.submission_number:
            # Files approved later against the same decision: its tờ trình, once known, is kept.
            existing.submission_number, existing.submission_date = submission[0], submission[1]
            existing.submission_by = submission[2] or None
        return existing
    row = Decision(
        submission_number=submission[0] or None,
        submission_date=submission[1],
        submission_by=submission[2] or None,
        number=number,
        signed_on=data.signed_on,
        issuer=data.issuer,
        signer_title=data.signer_title,
        signer_name=data.signer_name,
        summary=data.summary,
        campaign_id=next(iter(campaign_ids)) if len(campaign_ids) == 1 else None,
    )
    session.add(row)
    session.flush()
    return row


def _award_from(session: Session, n: Nomination, form: AwardForm, decision: Decision) -> int:
    """Write the approved nomination into award history, with names as they are today."""
    subject = load_subject(session, SubjectRef(n.subject_kind, n.subject_id))
    campaign = session.get(Campaign, n.campaign_id)
    award_type = form.default_award_type
    if campaign is not None and campaign.kind is CampaignKind.THEMATIC:
        award_type = AwardType.CAMPAIGN
    record = AwardRecord(
        **subject_columns(SubjectRef(n.subject_kind, n.subject_id)),
        award_form_id=form.id,
        award_name=form.name,
        recipient_name=display_name(subject),
        year=n.year or decision.signed_on.year,
        decision_number=decision.number,
        decision_date=decision.signed_on,
        issuer=decision.issuer or form.authority,
        award_type=award_type,
        campaign_id=n.campaign_id,
        nomination_id=n.id,
        decision_id=decision.id,
        source=RecordSource.APPROVAL,
    )
    session.add(record)
    session.flush()
    return record.id


def nomination_input(session: Session, nomination_id: int) -> NominationInput:
    n = get_live(session, Nomination, nomination_id, _("Nomination"))
    return NominationInput(
        subject=SubjectRef(n.subject_kind, n.subject_id),
        campaign_id=n.campaign_id,
        award_form_id=n.award_form_id,
        proposing_unit_id=n.proposing_unit_id,
        phase_id=n.phase_id,
        year=n.year,
        filed_on=n.filed_on,
        summary=n.summary,
        note=n.note,
        achievement_id=n.achievement_id,
        initiative_id=n.initiative_id,
    )
