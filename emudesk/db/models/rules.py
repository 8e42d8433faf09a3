"""Legal rules as dated data, the council (Hội đồng Thi đua - Khen thưởng) and its sessions,
and corrections of decisions.

Rule parameters are JSON, but only ever one of the typed shapes of
``emudesk.domain.rules.kinds`` (the service validates every write).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emudesk.db.base import Base, LongNFCText, Record, enum_column
from emudesk.db.models.awards import Decision
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import ConflictError
from emudesk.domain.rules.enums import AgendaOutcome, CouncilRole, Jurisdiction, RuleKind, SessionStatus
from emudesk.i18n import _


class RuleSet(Record, Base):
    """A legal document whose rules the engine applies while it is in force.

    Attributes:
        code: stable identifier ("ND_152_2025").
        short_name: what citations print ("NĐ 152/2025/NĐ-CP").
        jurisdiction/jurisdiction_name: national, a sector ("Bộ Giáo dục và Đào tạo") or a province.
        effective_from/effective_to: the first and last day in force (None: open).
        active: False for a set this office does not apply (another province's regulation).
        source: where the text was read.
    """

    __tablename__ = "rule_sets"
    __table_args__ = (
        CheckConstraint(
            "effective_to IS NULL OR effective_from IS NULL OR effective_from <= effective_to",
            name="valid_period",
        ),
    )

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str]
    short_name: Mapped[str]
    jurisdiction: Mapped[Jurisdiction] = mapped_column(enum_column(Jurisdiction))
    jurisdiction_name: Mapped[str] = mapped_column(default="")
    issued_on: Mapped[date | None] = mapped_column(default=None)
    effective_from: Mapped[date | None] = mapped_column(default=None)
    effective_to: Mapped[date | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    rules: Mapped[list[Rule]] = relationship(
        back_populates="rule_set", cascade="all, delete-orphan", order_by="Rule.position"
    )


class Rule(Record, Base):
    """One rule of a set: a typed kind with parameters, the forms and subjects it governs, its article.

    Attributes:
        code: a rule with the same code in a more local or later set replaces this one.
        award_codes: award form codes it governs (empty list: every form).
        subject_kinds: "unit", "individual", "household" (empty list: every kind).
        text: the rule as the document states it (Vietnamese).
        any_of: rules of a set sharing this group are alternatives.
        confirmed: False where the domain research could not confirm the rule (shipped editable).
        version: bumped on every edit; council records store the version they applied.
    """

    __tablename__ = "rules"
    __table_args__ = (
        UniqueConstraint("rule_set_id", "code", name="uq_rules_set_code"),
        CheckConstraint(
            "effective_to IS NULL OR effective_from IS NULL OR effective_from <= effective_to",
            name="valid_period",
        ),
    )

    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_sets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(60))
    kind: Mapped[RuleKind] = mapped_column(enum_column(RuleKind))
    award_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    article: Mapped[str] = mapped_column(default="")
    text: Mapped[str] = mapped_column(LongNFCText, default="")
    any_of: Mapped[str | None] = mapped_column(String(60), default=None)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    effective_from: Mapped[date | None] = mapped_column(default=None)
    effective_to: Mapped[date | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    rule_set: Mapped[RuleSet] = relationship(back_populates="rules")


class Council(Record, Base):
    """A Hội đồng Thi đua - Khen thưởng with its term (nhiệm kỳ).

    Attributes:
        unit_id: the agency whose council it is (UBND tỉnh, a Sở).
        established_by: the decision that set it up ("QĐ 1203/QĐ-UBND ngày 15/8/2025").
    """

    __tablename__ = "councils"
    __table_args__ = (
        CheckConstraint("term_end IS NULL OR term_start IS NULL OR term_start <= term_end", name="term"),
    )

    name: Mapped[str]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    term_start: Mapped[date | None] = mapped_column(default=None)
    term_end: Mapped[date | None] = mapped_column(default=None)
    established_by: Mapped[str] = mapped_column(default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilMember.position"
    )


class CouncilMember(Record, Base):
    """A council member over a period.

    Attributes:
        office: their post as written in the minutes ("Giám đốc Sở Nội vụ").
        individual_id/unit_id: the person and their own unit, used to flag recusals.
        voting: False for a secretary who does not vote.
    """

    __tablename__ = "council_members"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR start_date <= end_date", name="period"),
    )

    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str]
    role: Mapped[CouncilRole] = mapped_column(enum_column(CouncilRole), default=CouncilRole.MEMBER)
    office: Mapped[str] = mapped_column(default="")
    individual_id: Mapped[int | None] = mapped_column(ForeignKey("individuals.id"), default=None)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    voting: Mapped[bool] = mapped_column(Boolean, default=True)
    start_date: Mapped[date | None] = mapped_column(default=None)
    end_date: Mapped[date | None] = mapped_column(default=None)

    council: Mapped[Council] = relationship(back_populates="members")


class ReviewSession(Record, Base):
    """A council session (phiên họp xét khen thưởng): attendance, agenda, minutes.

    Attributes:
        member_count: voting members on the day: the denominator of every vote.
        quorum_*: the quorum rule applied, its version and the result, stored when the session closes.
        minutes_number/signed_on: the biên bản once signed; a signed session is read-only.
        opened_at/closed_at: when the meeting opened and closed (UTC like every stamp; None: not
            recorded, the biên bản leaves the blanks to write in).
    """

    __tablename__ = "council_sessions"

    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    title: Mapped[str]
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), default=None, index=True)
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus), default=SessionStatus.OPEN)
    member_count: Mapped[int | None] = mapped_column(Integer, default=None)
    quorum_rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("rules.id", ondelete="SET NULL"), default=None
    )
    quorum_rule_version: Mapped[int | None] = mapped_column(Integer, default=None)
    quorum_met: Mapped[bool | None] = mapped_column(Boolean, default=None)
    quorum_text: Mapped[str] = mapped_column(default="")
    chair_name: Mapped[str] = mapped_column(default="")
    secretary_name: Mapped[str] = mapped_column(default="")
    minutes_number: Mapped[str] = mapped_column(String(60), default="")
    signed_on: Mapped[date | None] = mapped_column(default=None)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    council: Mapped[Council] = relationship()
    attendance: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionAttendance.id"
    )
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )


class SessionAttendance(Record, Base):
    """A member at a session: present, or absent with (or without) a written opinion."""

    __tablename__ = "council_attendance"
    __table_args__ = (UniqueConstraint("session_id", "member_id", name="uq_council_attendance_member"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    written_opinion: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    opinion_received_on: Mapped[date | None] = mapped_column(default=None)

    session: Mapped[ReviewSession] = relationship(back_populates="attendance")
    member: Mapped[CouncilMember] = relationship()


class AgendaItem(Record, Base):
    """A nomination on a session's agenda: the paper-ballot tally, the threshold applied and the outcome.

    Attributes:
        award_form_id: the form proposed when the item was put on the agenda.
        eligibility: the engine's verdict (outcome value) when the item was decided.
        council_size: all voting members: the denominator of the threshold.
        threshold_*: the vote rule applied, its version, percentage and citation (kept if the rule changes).
        passed: the vote against that threshold (None: no threshold applies).
        outcome_award_form_id: the form approved instead ("approved at another level").
        recused: ids of council members flagged for recusal (their unit or household is the subject);
            they cast no ballot on the item.
        recusal_reasons: why, by member id as text ("" or missing: not recorded).
    """

    __tablename__ = "council_agenda_items"
    __table_args__ = (
        UniqueConstraint("session_id", "nomination_id", name="uq_council_agenda_items_nomination"),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("council_sessions.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    subject_kind: Mapped[SubjectKind] = mapped_column(enum_column(SubjectKind))
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_forms.id"))
    eligibility: Mapped[str | None] = mapped_column(String(20), default=None)
    votes_for: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_against: Mapped[int | None] = mapped_column(Integer, default=None)
    votes_invalid: Mapped[int | None] = mapped_column(Integer, default=None)
    council_size: Mapped[int | None] = mapped_column(Integer, default=None)
    threshold_percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), default=None)
    threshold_rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("rules.id", ondelete="SET NULL"), default=None
    )
    threshold_rule_version: Mapped[int | None] = mapped_column(Integer, default=None)
    threshold_citation: Mapped[str] = mapped_column(default="")
    passed: Mapped[bool | None] = mapped_column(Boolean, default=None)
    outcome: Mapped[AgendaOutcome] = mapped_column(enum_column(AgendaOutcome), default=AgendaOutcome.PENDING)
    outcome_award_form_id: Mapped[int | None] = mapped_column(ForeignKey("award_forms.id"), default=None)
    outcome_note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    recused: Mapped[list[int]] = mapped_column(JSON, default=list)
    recusal_reasons: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    session: Mapped[ReviewSession] = relationship(back_populates="items")


class DecisionCorrection(Record, Base):
    """One value a correcting decision (đính chính) changed on an award it refers to.

    The award record carries the corrected value; this row keeps what the original decision said.
    """

    __tablename__ = "decision_corrections"

    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    award_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("award_records.id"), default=None, index=True
    )
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(default="")
    new_value: Mapped[str] = mapped_column(default="")


# An issued decision is a signed legal document: no write path may change it. Corrections and
# revocations are decisions of their own that refer to it (services/decisions.py).
_FROZEN_AFTER_ISSUE = ("number", "signed_on", "kind", "issuer", "signer_title", "signer_name", "summary")


def _refuse_edit_of_issued(_mapper: object, _connection: object, target: Decision) -> None:
    state = inspect(target)
    issued = state.attrs.issued.load_history()
    was_issued = bool(issued.deleted[0]) if issued.deleted else bool(issued.unchanged and issued.unchanged[0])
    if not was_issued:
        return
    if issued.added and not issued.added[0]:
        raise ConflictError(
            _("Decision {number} is issued; it cannot be withdrawn.").format(number=target.number)
        )
    for key in _FROZEN_AFTER_ISSUE:
        if state.attrs[key].history.has_changes():
            raise ConflictError(
                _("Decision {number} is issued and cannot be edited; issue a correction instead.").format(
                    number=target.number
                )
            )


event.listen(Decision, "before_update", _refuse_edit_of_issued)
