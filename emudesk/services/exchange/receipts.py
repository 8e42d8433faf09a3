"""Receipts: the other office's verdict on each record we sent ("đã tiếp nhận" / "bị trả lại").

A receipt is a signed package of its own (kind "receipt", ``refers_to`` the package it answers).
Importing it marks each record we sent to that office with the verdict and the reason; the
nominations list shows them (``nominations.lists``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk.db.models import ExchangePackage, ExchangeRecord
from emudesk.domain.text import nfc
from emudesk.services.exchange.package import KIND_RECEIPT, Package

if TYPE_CHECKING:
    from emudesk.services.exchange.importing import ImportResult

STATES = ("accepted", "refused")


def apply_receipt(session: Session, package: Package, result: ImportResult, *, dry_run: bool = False) -> None:
    """Mark what we sent to the receipt's sender as it says; unknown records are counted, not kept."""
    from emudesk.services.exchange.importing import ACCEPTED, REFUSED, UNCHANGED, RecordOutcome

    m = package.manifest
    sent = {
        (r.section, r.record_uuid): r
        for r in session.scalars(select(ExchangeRecord).where(ExchangeRecord.office_uuid == m.sender.uuid))
    }
    for key, verdict in sorted(package.sections.get("receipts", {}).items()):
        section = str(verdict.get("section", ""))
        state = str(verdict.get("state", ""))
        reason = nfc(str(verdict.get("reason") or ""))[:2000]
        label = str(verdict.get("label") or "")[:120]
        row = sent.get((section, key))
        if row is None or state not in STATES:
            result.outcomes.append(RecordOutcome(section, key, label, UNCHANGED, REFUSED, "?"))
            continue
        result.outcomes.append(
            RecordOutcome(
                section, key, label, UNCHANGED, ACCEPTED if state == "accepted" else REFUSED, reason
            )
        )
        if not dry_run:
            row.receipt_state = state
            row.receipt_reason = reason or None
    if dry_run:
        return
    session.add(
        ExchangePackage(
            package_uuid=m.package_uuid,
            direction="received",
            kind=KIND_RECEIPT,
            office_uuid=m.sender.uuid,
            created=m.created,
            state="imported",
            records=len(result.outcomes),
            sha256=package.sha256,
            summary={"refers_to": m.refers_to},
        )
    )
    session.flush()


def verdicts(session: Session, section: str, record_uuids: list[str]) -> dict[str, tuple[str, str]]:
    """Record UUID → (state, reason) of the latest receipt about it, for the lists."""
    if not record_uuids:
        return {}
    rows = session.execute(
        select(ExchangeRecord.record_uuid, ExchangeRecord.receipt_state, ExchangeRecord.receipt_reason).where(
            ExchangeRecord.section == section,
            ExchangeRecord.record_uuid.in_(record_uuids),
            ExchangeRecord.receipt_state.is_not(None),
        )
    )
    return {key: (str(state), reason or "") for key, state, reason in rows}
