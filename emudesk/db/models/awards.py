"""Achievements, nominations, decisions and award history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emudesk.db.base import Base, Binnable, LongNFCText, NFCText, Record, enum_column, utcnow
from emudesk.db.models.campaign import Campaign, Criterion
from emudesk.db.models.catalogue import AwardForm
from emudesk.db.models.register import Household, Individual, Unit
from emudesk.domain.enums import (
    AwardLevel,
    AwardStatus,
    AwardType,
    NominationStatus,
    RecordSource,
    SubjectKind,
)
from emudesk.domain.statistics import RecipientCategory

_ONE_SUBJECT = (
    "(subject_kind = 'unit' AND unit_id IS NOT NULL AND individual_id IS NULL AND household_id IS NULL)"
    " OR (subject_kind = 'individual' AND individual_id IS NOT NULL AND unit_id IS NULL"
    " AND household_id IS NULL)"
    " OR (subject_kind = 'household' AND household_id IS NOT NULL AND unit_id IS NULL"
    " AND individual_id IS NULL)"
)


class Subject:
    """Exactly one of a unit, an individual or a household, named by ``subject_kind``."""

    subject_kind: Mapped[SubjectKind] = mapped_column(enum_column(SubjectKind))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None, index=True)
    individual_id: Mapped[int | None] = mapped_column(ForeignKey("individuals.id"), default=None, index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), default=None, index=True)

    @property
    def subject_id(self) -> int:
        value = {
            SubjectKind.UNIT: self.unit_id,
            SubjectKind.INDIVIDUAL: self.individual_id,
            SubjectKind.HOUSEHOLD: self.household_id,
        }[self.subject_kind]
        assert value is not None
        return value


achievement_criteria = Table(
    "achievement_criteria",
    Base.metadata,
    Column("achievement_id", ForeignKey("achievements.id", ondelete="CASCADE"), primary_key=True),
    Column("criterion_id", ForeignKey("criteria.id", ondelete="CASCADE"), primary_key=True),
)


class Achievement(Record, Subject, Binnable, Base):
    """An achievement recorded against a campaign's criteria (thành tích).

    Attributes:
        figures: measured results as {label: {"value": number, "unit": text}}.
        summary: the tóm tắt thành tích that lists print.
    """

    __tablename__ = "achievements"
    __table_args__ = (CheckConstraint(_ONE_SUBJECT, name="one_subject"),)

    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), default=None, index=True)
    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_phases.id", ondelete="SET NULL"), default=None
    )
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str] = mapped_column(default="")
    summary: Mapped[str] = mapped_column(LongNFCText, default="")
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    campaign: Mapped[Campaign | None] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(secondary=achievement_criteria)
    evidence: Mapped[list[EvidenceFile]] = relationship(
        back_populates="achievement", cascade="all, delete-orphan", order_by="EvidenceFile.id"
    )


class EvidenceFile(Record, Base):
    """A file proving an achievement; its content is the blob with its checksum (``EvidenceBlob``).

    No foreign key to the blob: a row brought back by undo, or moved in from a folder that had
    lost the file, must still be storable; ``emudesk check`` reports a row without its blob.
    """

    __tablename__ = "evidence_files"

    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    achievement: Mapped[Achievement] = relationship(back_populates="evidence")


class EvidenceBlob(Base):
    """The content of evidence files, stored once per SHA-256 whatever number of rows use it.

    In the database (BYTEA on PostgreSQL, BLOB on SQLite) so that every computer of an office on
    a server sees it, and a backup or a transfer carries it. Never changed once written; a blob no
    row uses any more stays until ``prune_unused_blobs`` (undo may bring its rows back).
    """

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Initiative(Record, Base):
    """A recognised initiative (sáng kiến) or research topic; it may ground one award only."""

    __tablename__ = "initiatives"

    individual_id: Mapped[int] = mapped_column(ForeignKey("individuals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str]
    year: Mapped[int] = mapped_column(Integer)
    scope_level: Mapped[AwardLevel] = mapped_column(enum_column(AwardLevel), default=AwardLevel.GRASSROOTS)
    recognized_by: Mapped[str] = mapped_column(default="")
    recognition_ref: Mapped[str] = mapped_column(default="")
    recognized_on: Mapped[date | None] = mapped_column(default=None)
    is_research: Mapped[bool] = mapped_column(default=False)


class Decision(Record, Base):
    """A decision (quyết định) granting awards, or correcting or revoking an earlier one.

    Attributes:
        number: "15/QĐ-UBND" as printed.
        refers_to_id: the decision a correction (đính chính) or revocation (thu hồi) concerns.
        issued: an issued decision can no longer be edited.
        submission_number, submission_date, submission_by: the tờ trình the decision answers
            ("Tờ trình số 15/TTr-SNV ngày 10/01/2026 của Sở Nội vụ"), printed in its Căn cứ;
            None where nobody recorded it.
    """

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_number_date", "number", "signed_on"),)

    number: Mapped[str] = mapped_column(String(60))
    signed_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20), default="award")
    issuer: Mapped[str] = mapped_column(default="")
    signer_title: Mapped[str] = mapped_column(default="")
    signer_name: Mapped[str] = mapped_column(default="")
    summary: Mapped[str] = mapped_column(default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), default=None, index=True)
    refers_to_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), default=None)
    issued: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    submission_number: Mapped[str | None] = mapped_column(NFCText(60), default=None)
    submission_date: Mapped[date | None] = mapped_column(default=None)
    submission_by: Mapped[str | None] = mapped_column(default=None)


class Nomination(Record, Subject, Binnable, Base):
    """A proposal for an award (đề nghị khen thưởng) moving through the workflow.

    Attributes:
        proposing_unit_id: the unit that sends the file (đơn vị trình); per-unit quotas count by it.
        filed_on: the day the file was received; rules in force on that day judge it.
        year: the year of the achievement the award is for.
        override_reason: why a file judged "Không đủ điều kiện" was moved on (appraised, voted,
            approved) anyway; ``override_by``/``override_at``/``override_step`` say who, when, into
            which status.
    """

    __tablename__ = "nominations"
    __table_args__ = (
        CheckConstraint(_ONE_SUBJECT, name="one_subject"),
        Index("ix_nominations_campaign_status", "campaign_id", "status"),
        Index("ix_nominations_form_status", "award_form_id", "status"),
    )

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_phases.id", ondelete="SET NULL"), default=None
    )
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_forms.id"))
    proposing_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None, index=True)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    filed_on: Mapped[date | None] = mapped_column(default=None)
    summary: Mapped[str] = mapped_column(LongNFCText, default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    status: Mapped[NominationStatus] = mapped_column(
        enum_column(NominationStatus), default=NominationStatus.DRAFT
    )
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    # The last move's actor and history note, and the count of moves: the trigger of
    # db/status_events.py writes the move's NominationEvent from them.
    status_changed_by: Mapped[str] = mapped_column(default="", server_default="")
    status_event_note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    status_moves: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    achievement_id: Mapped[int | None] = mapped_column(
        ForeignKey("achievements.id"), default=None, index=True
    )
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id"), default=None, index=True)
    votes_for: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_against: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_invalid: Mapped[int | None] = mapped_column(Integer, default=None)
    council_size: Mapped[int | None] = mapped_column(Integer, default=None)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), default=None, index=True)
    source: Mapped[RecordSource] = mapped_column(enum_column(RecordSource), default=RecordSource.ENTERED)
    # A file judged not eligible moved on anyway: why, by whom, when and into which status.
    override_reason: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    override_by: Mapped[str | None] = mapped_column(String(120), default=None)
    override_at: Mapped[datetime | None] = mapped_column(default=None)
    override_step: Mapped[NominationStatus | None] = mapped_column(
        enum_column(NominationStatus), default=None
    )

    campaign: Mapped[Campaign] = relationship()
    award_form: Mapped[AwardForm] = relationship()
    unit: Mapped[Unit | None] = relationship(foreign_keys="Nomination.unit_id")
    individual: Mapped[Individual | None] = relationship()
    household: Mapped[Household | None] = relationship()
    proposing_unit: Mapped[Unit | None] = relationship(foreign_keys="Nomination.proposing_unit_id")
    decision: Mapped[Decision | None] = relationship()
    events: Mapped[list[NominationEvent]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="NominationEvent.id"
    )


class NominationEvent(Base):
    """One step of a nomination's history: from, to, when, who and why."""

    __tablename__ = "nomination_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[NominationStatus | None] = mapped_column(enum_column(NominationStatus), default=None)
    to_status: Mapped[NominationStatus] = mapped_column(enum_column(NominationStatus))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    nomination: Mapped[Nomination] = relationship(back_populates="events")


class AwardRecord(Record, Subject, Binnable, Base):
    """An award received, as written at the time (issuer, names), whatever its origin.

    Attributes:
        recipient_name: the subject's name on the decision; stays when units merge or rename.
        award_name/issuer: as written ("Bằng khen của Chủ tịch UBND huyện Vũ Thư").
        award_type: công trạng, đột xuất, phong trào… — đột xuất and chuyên đề awards never count
            towards merit awards (NĐ 152/2025 Điều 4.3).
        golden_book_no: số sổ vàng, the recipient's serial number in the decision.
        recipient_category: the TT 02/2023 statistics row (leader level, entrepreneur, worker…).
    """

    __tablename__ = "award_records"
    __table_args__ = (
        CheckConstraint(_ONE_SUBJECT, name="one_subject"),
        Index("ix_award_records_form_year", "award_form_id", "year"),
        # Covers the history searched newest first: no table row is visited to test the text.
        Index("ix_award_records_search", "year", "id", "search_fold"),
    )

    award_form_id: Mapped[int | None] = mapped_column(ForeignKey("award_forms.id"), default=None)
    award_name: Mapped[str]
    recipient_name: Mapped[str]
    year: Mapped[int] = mapped_column(Integer, index=True)
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[date | None] = mapped_column(default=None)
    issuer: Mapped[str] = mapped_column(default="")
    award_type: Mapped[AwardType] = mapped_column(enum_column(AwardType), default=AwardType.MERIT)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), default=None, index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nominations.id"), default=None, index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), default=None, index=True)
    golden_book_no: Mapped[str | None] = mapped_column(String(20), default=None)
    # TT 02/2023 statistics; None means "as the register suggests" (domain.statistics.default_category).
    recipient_category: Mapped[RecipientCategory | None] = mapped_column(
        enum_column(RecipientCategory), default=None
    )
    cash_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 0), default=None)
    status: Mapped[AwardStatus] = mapped_column(enum_column(AwardStatus), default=AwardStatus.VALID)
    status_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), default=None)
    source: Mapped[RecordSource] = mapped_column(enum_column(RecordSource), default=RecordSource.ENTERED)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    search_fold: Mapped[str] = mapped_column(String, default="")

    award_form: Mapped[AwardForm | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()


class AuditEntry(Base):
    """One change to one record: who, when, what, before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80), default="", index=True)
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer, default=None)
    record_uuid: Mapped[str | None] = mapped_column(String(36), default=None)
    summary: Mapped[str] = mapped_column(default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # The hash chain (db/audit_chain.py): written once with the entry, never updated.
    prev_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    entry_hash: Mapped[str | None] = mapped_column(String(64), default=None)
