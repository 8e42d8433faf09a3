"""`emudesk check`: storage integrity and rule consistency of a whole database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AgendaItem,
    AwardRecord,
    Campaign,
    EvidenceBlob,
    EvidenceFile,
    Individual,
    Nomination,
    ReviewSession,
    Unit,
)
from emudesk.domain.enums import NominationStatus
from emudesk.domain.people import check_id_number
from emudesk.domain.rules import Outcome, fmt
from emudesk.domain.text import name_fold
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.i18n import _
from emudesk.services.campaigns import achievements, quotas
from emudesk.services.core import audit_log
from emudesk.services.core.audit_chain import BreakKind, ChainBreak, ChainEntry, verify_chain
from emudesk.services.core.formats import local_time
from emudesk.services.council import tallies
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.services.nominations import terms, workflow
from emudesk.services.nominations.gate import failed_reasons
from emudesk.services.workspace.stored_text import check_stored_text


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # The audit log's chain: entries read and the last entry's hash, to note down (audit_chain).
    audit_chain: dict[str, Any] = field(default_factory=dict)
    # Files holding a place that the campaign's plan no longer allows: nomination, campaign, rule, message.
    terms: list[dict[str, Any]] = field(default_factory=list)
    # Quotas held beyond their limit: campaign, quota, unit (per-unit quotas), limit, count, holders.
    quotas: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def run_checks(session: Session, *, is_sqlite: bool, audit_head: str | None = None) -> CheckReport:
    """Every check; ``audit_head``: the audit log's last hash as noted at an earlier check."""
    report = CheckReport()
    if is_sqlite:
        # Every page was read when the store was opened with verify=True (db.integrity): a damaged
        # file raised DamagedDatabaseError there, before anything could write to it.
        broken = session.execute(text("PRAGMA foreign_key_check")).all()
        if broken:
            report.errors.append(
                _("{n} rows refer to records that do not exist (first in table {table}).").format(
                    n=len(broken), table=broken[0][0]
                )
            )
    for label, model in (
        ("units", Unit),
        ("individuals", Individual),
        ("campaigns", Campaign),
        ("nominations", Nomination),
        ("awards", AwardRecord),
    ):
        report.counts[label] = int(session.scalar(select(func.count()).select_from(model)) or 0)
    _check_quotas(session, report)
    _check_terms(session, report)
    _check_approvals(session, report)
    _check_approved_eligibility(session, report)
    _check_people(session, report)
    _check_tree(session, report)
    _check_tallies(session, report)
    _check_legacy_text(session, report)
    _check_evidence(session, report)
    check_stored_text(session, report.errors)
    _check_audit_chain(session, report, audit_head)
    return report


def _entry_text(entry: ChainEntry) -> str:
    """When, who, what record: ``06/12/2026 10:15:02, thuy: Sửa Hồ sơ đề nghị #12 Nguyễn Văn An``."""
    record = audit_log.table_label(entry.table_name)
    if entry.record_id is not None:
        record += f" #{entry.record_id}"
    what = " ".join(p for p in (audit_log.action_label(entry.action), record, entry.summary) if p)
    when = local_time(entry.at) if entry.at is not None else "?"
    return f"{when}, {entry.actor or '?'}: {what}"


def chain_break_message(found: ChainBreak) -> str:
    entry = _entry_text(found.entry)
    if found.kind is BreakKind.ALTERED:
        return _("The audit log was altered: entry #{id} ({entry}) no longer holds what was written.").format(
            id=found.entry.id, entry=entry
        )
    if found.kind is BreakKind.INSERTED:
        return _("Entry #{id} ({entry}) was added to the audit log outside its chain.").format(
            id=found.entry.id, entry=entry
        )
    if found.previous is None:
        return _("Entries are missing from the start of the audit log, before entry #{id} ({entry}).").format(
            id=found.entry.id, entry=entry
        )
    return _(
        "Entries are missing from the audit log after entry #{id} ({entry}); the next one left is #{next}."
    ).format(id=found.previous.id, entry=_entry_text(found.previous), next=found.entry.id)


def _check_audit_chain(session: Session, report: CheckReport, noted: str | None) -> None:
    """Each audit entry's hash still covers its content and follows the entry before it."""
    chain = verify_chain(session, noted)
    report.audit_chain = {
        "entries": chain.entries,
        "ok": chain.ok,
        "head_id": chain.head_id,
        "head_hash": chain.head_hash,
    }
    if chain.breaks:
        report.errors.append(chain_break_message(chain.breaks[0]))
    if len(chain.breaks) > 1:
        report.errors.append(
            _("The audit log's chain breaks in {n} more places.").format(n=len(chain.breaks) - 1)
        )
    if chain.noted_found is False:
        report.errors.append(
            _(
                "No entry of the audit log has the hash {hash} noted earlier: the log was rewritten "
                "or cut back since then."
            ).format(hash=noted)
        )


def _names(values: list[str]) -> str:
    return ", ".join(values[:5]) + (", …" if len(values) > 5 else "")


def _check_evidence(session: Session, report: CheckReport) -> None:
    """Every evidence row has its content, and every stored content still matches its checksum."""
    has_blob = select(EvidenceBlob.sha256).where(EvidenceBlob.sha256 == EvidenceFile.sha256).exists()
    orphans = session.execute(
        select(EvidenceFile.id, EvidenceFile.original_name).where(~has_blob).order_by(EvidenceFile.id)
    ).all()
    if orphans:
        report.errors.append(
            _(
                "{n} evidence files have no content in the database: {names}. Restore them from a "
                "backup, or remove them from their achievements and attach them again."
            ).format(n=len(orphans), names=_names([f"#{i} {name}" for i, name in orphans]))
        )
    damaged: list[str] = []
    unused: list[int] = []
    used = select(EvidenceFile.sha256).where(EvidenceFile.sha256 == EvidenceBlob.sha256).exists()
    blobs = session.execute(
        select(EvidenceBlob.sha256, EvidenceBlob.size, used).order_by(EvidenceBlob.sha256)
    ).all()
    for sha, size, in_use in blobs:
        digest = hashlib.sha256()
        length = 0
        for chunk in achievements.blob_chunks(session, sha, int(size)):
            digest.update(chunk)
            length += len(chunk)
        if digest.hexdigest() != sha or length != size:
            name = session.scalar(
                select(EvidenceFile.original_name).where(EvidenceFile.sha256 == sha).limit(1)
            )
            damaged.append(name or sha[:12])
        elif not in_use:
            unused.append(int(size))
    report.counts["evidence_files"] = int(session.scalar(select(func.count()).select_from(EvidenceFile)) or 0)
    if damaged:
        report.errors.append(
            _(
                "{n} evidence files in the database no longer match their checksum (altered or "
                "damaged): {names}. Restore the database from a backup."
            ).format(n=len(damaged), names=_names(damaged))
        )
    if unused:
        report.warnings.append(
            _(
                "{n} stored evidence files ({size}) belong to no achievement any more; "
                "`emudesk check --prune-evidence` removes them."
            ).format(n=len(unused), size=achievements.megabytes(sum(unused)))
        )


def _check_quotas(session: Session, report: CheckReport) -> None:
    """Quotas held beyond their limit as the data now stands, with who holds the places."""
    ids = session.scalars(select(Campaign.id).where(Campaign.deleted_at.is_(None)).order_by(Campaign.id))
    for cid in ids:
        for over in quotas.overruns(session, cid):
            label = f"{over.label} – {over.unit_name}" if over.unit_name else over.label
            message = _("Campaign #{cid}: quota “{label}” is exceeded ({used}/{limit}).").format(
                cid=cid, label=label, used=over.used, limit=over.limit
            )
            report.errors.append(" ".join((message, _("Places held by:"), "; ".join(over.holders))))
            report.quotas.append(
                {
                    "campaign_id": cid,
                    "quota_id": over.quota_id,
                    "quota": over.label,
                    "proposing_unit": over.unit_name,
                    "limit": over.limit,
                    "count": over.used,
                    "holders": list(over.holders),
                }
            )


def _check_terms(session: Session, report: CheckReport) -> None:
    """Files holding a place that the plan's terms refuse as the data now stands (participants,
    forms, period, phase): the judges a move runs, so the file's next move would be refused too.

    Warnings: the plan changed after the file moved on, and the file stays as the office recorded it.
    """
    rows = session.scalars(
        select(Nomination)
        .join(Campaign, Campaign.id == Nomination.campaign_id)
        .where(
            Nomination.deleted_at.is_(None),
            Campaign.deleted_at.is_(None),
            Nomination.status.in_([s.value for s in HOLDS_PLACE]),
        )
        .order_by(Nomination.campaign_id, Nomination.id)
    ).all()
    for n in rows:
        try:
            terms.check_standing(session, n)
        except terms.CampaignTermsError as broken:
            message = _("{label} ({status}): {reason}").format(
                label=workflow.label(session, n), status=n.status.label, reason=broken.message
            )
            report.warnings.append(message)
            report.terms.append(
                {"nomination_id": n.id, "campaign_id": n.campaign_id, "rule": broken.rule, "message": message}
            )


def _check_approvals(session: Session, report: CheckReport) -> None:
    missing = session.scalars(
        select(Nomination.id)
        .where(Nomination.status == NominationStatus.APPROVED, Nomination.deleted_at.is_(None))
        .where(~select(AwardRecord.id).where(AwardRecord.nomination_id == Nomination.id).exists())
        .order_by(Nomination.id)
    ).all()
    if missing:
        report.errors.append(
            _("{n} approved nominations have no award in history (e.g. #{id}).").format(
                n=len(missing), id=missing[0]
            )
        )
    no_decision = session.scalar(
        select(func.count())
        .select_from(Nomination)
        .where(Nomination.status == NominationStatus.APPROVED, Nomination.decision_id.is_(None))
    )
    if no_decision:
        report.errors.append(_("{n} approved nominations have no decision.").format(n=no_decision))


def _check_approved_eligibility(session: Session, report: CheckReport) -> None:
    """Approved files whose subject was not eligible on the filing day and that carry no override."""
    ids = session.scalars(
        select(Nomination.id)
        .where(
            Nomination.status == NominationStatus.APPROVED,
            Nomination.deleted_at.is_(None),
            Nomination.override_reason.is_(None),
        )
        .order_by(Nomination.id)
    ).all()
    for nid in ids:
        verdict = evaluate_nomination(session, nid)
        if verdict.outcome is Outcome.NOT_ELIGIBLE:
            n = session.get(Nomination, nid)
            assert n is not None
            report.errors.append(
                _(
                    "{label} was approved although not eligible on its filing day ({day}), and no "
                    "override is recorded: {reasons}"
                ).format(
                    label=workflow.label(session, n),
                    day=n.filed_on.strftime("%d/%m/%Y") if n.filed_on else "?",
                    reasons="; ".join(failed_reasons(verdict)),
                )
            )


def _check_people(session: Session, report: CheckReport) -> None:
    bad_ids = 0
    stale = 0
    for person in session.execute(
        select(
            Individual.id,
            Individual.full_name,
            Individual.name_fold,
            Individual.id_number,
            Individual.gender,
            Individual.birth_year,
        )
    ):
        _pid, name, folded, number, gender, year = person
        if folded != name_fold(name):
            stale += 1
        if number and check_id_number(number, gender=gender, birth_year=year):
            bad_ids += 1
    if stale:
        report.errors.append(_("{n} individuals have an outdated search form of their name.").format(n=stale))
    if bad_ids:
        report.warnings.append(
            _("{n} individuals have an ID number that does not match their gender or birth year.").format(
                n=bad_ids
            )
        )


def _check_tree(session: Session, report: CheckReport) -> None:
    parents = dict(session.execute(select(Unit.id, Unit.parent_id)).all())
    for start in parents:
        seen = {start}
        node = parents.get(start)
        while node is not None:
            if node in seen:
                report.errors.append(_("The unit tree has a loop through unit #{id}.").format(id=start))
                return
            seen.add(node)
            node = parents.get(node)


def _check_tallies(session: Session, report: CheckReport) -> None:
    """Tallies entered before recusals capped them may count a recused member's ballot.

    A warning: a signed session's minutes are a record that stays as it was.
    """
    for item, row in session.execute(
        select(AgendaItem, ReviewSession)
        .join(ReviewSession, ReviewSession.id == AgendaItem.session_id)
        .where(AgendaItem.votes_for.is_not(None))
        .order_by(ReviewSession.held_on, AgendaItem.position)
    ):
        total = (item.votes_for or 0) + (item.votes_against or 0) + (item.votes_invalid or 0)
        cap = tallies.ballot_cap(session, item.id)
        if total > cap.limit:
            report.warnings.append(
                _(
                    "Council session “{title}” of {day}, item {position}: {total} ballots counted, "
                    "but the item can have {limit}."
                ).format(
                    title=row.title,
                    day=fmt.day(row.held_on),
                    position=item.position,
                    total=total,
                    limit=cap.text,
                )
            )


def _check_legacy_text(session: Session, report: CheckReport) -> None:
    """Names an earlier import stored as typed in TCVN3, VNI or VIQR (``emudesk repair-text``)."""
    from emudesk.services.workspace.repair_text import find_garbled

    plan = find_garbled(session)
    if plan.repairs:
        first = plan.repairs[0]
        report.warnings.append(
            _(
                "{n} records have names stored in an old Vietnamese encoding (first: {table} #{id}, "
                "“{before}”, which reads “{after}”); `emudesk repair-text` lists and repairs them."
            ).format(
                n=plan.records, table=first.table, id=first.record_id, before=first.before, after=first.after
            )
        )
    if plan.undecided:
        report.warnings.append(
            _(
                "{n} names may be stored in an old Vietnamese encoding but read as Vietnamese in more "
                "than one way; `emudesk repair-text` lists them for correction by hand."
            ).format(n=len(plan.undecided))
        )
