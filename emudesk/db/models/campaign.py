"""Campaigns (phong trào thi đua) as their plans define them: phases, milestones, targets,
participants, criteria, the award forms offered and the quotas."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emudesk.db.base import Base, Binnable, LongNFCText, Record, enum_column
from emudesk.db.models.catalogue import AwardForm, UnitKind
from emudesk.domain.enums import (
    CampaignKind,
    CampaignStatus,
    MilestoneKind,
    QuotaKind,
    QuotaScope,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.plan_values import DatePrecision
from emudesk.domain.statistics import CampaignLevel, CampaignScope


class Campaign(Record, Binnable, Base):
    """A campaign plan (kế hoạch phong trào thi đua).

    Attributes:
        plan_number/plan_symbol: "104" and "KH-UBND" of "Số: 104/KH-UBND"; the number may be blank
            on a plan issued without one ("Số: /KH-SNNPTNT").
        issuing_body: as printed ("Ủy ban nhân dân tỉnh Thái Bình").
        place: the place name of the dateline ("Thái Bình").
        issue_date/issue_date_precision: a plan dated "tháng 01 năm 2024" stores 31/01/2024 and
            MONTH (domain.plan_values.PartialDate: a partial date is its period's last day).
        start_date/end_date: the period the campaign runs ("giai đoạn 2021-2025").
        signer_*: the signature block of the plan.
        requirements/organisation/recipients: the plan's Yêu cầu, Tổ chức thực hiện, Nơi nhận.
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR start_date <= end_date", name="period"),
    )

    title: Mapped[str]
    short_title: Mapped[str] = mapped_column(default="")
    plan_number: Mapped[str] = mapped_column(String(20), default="")
    plan_symbol: Mapped[str] = mapped_column(String(40), default="")
    issuing_body: Mapped[str] = mapped_column(default="")
    issuer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    place: Mapped[str] = mapped_column(default="")
    issue_date: Mapped[date | None] = mapped_column(default=None)
    issue_date_precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision), default=DatePrecision.DAY, server_default=DatePrecision.DAY.value
    )
    kind: Mapped[CampaignKind] = mapped_column(enum_column(CampaignKind))
    status: Mapped[CampaignStatus] = mapped_column(enum_column(CampaignStatus), default=CampaignStatus.ACTIVE)
    start_date: Mapped[date | None] = mapped_column(default=None)
    end_date: Mapped[date | None] = mapped_column(default=None)
    period_label: Mapped[str] = mapped_column(default="")
    # TT 02/2023 Biểu 0601; None means "as the issuing body and title suggest" (domain.statistics).
    organizer_level: Mapped[CampaignLevel | None] = mapped_column(enum_column(CampaignLevel), default=None)
    scope: Mapped[CampaignScope | None] = mapped_column(enum_column(CampaignScope), default=None)
    legal_basis: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    purpose: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    content: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    signer_authority: Mapped[str] = mapped_column(default="")
    signer_title: Mapped[str] = mapped_column(default="")
    signer_name: Mapped[str] = mapped_column(default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    requirements: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    organisation: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    recipients: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    name_fold: Mapped[str] = mapped_column(String, default="")

    themes: Mapped[list[CampaignTheme]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignTheme.position"
    )
    phases: Mapped[list[CampaignPhase]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignPhase.position"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="campaign",
        cascade="all, delete-orphan",
        # Undated steps last (NULLs sort first on SQLite, last on PostgreSQL: say so).
        order_by="(Milestone.due_date.is_(None), Milestone.due_date, Milestone.id)",
    )
    targets: Mapped[list[CampaignTarget]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignTarget.position"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Participant.position"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Criterion.position"
    )
    offered_forms: Mapped[list[OfferedForm]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="OfferedForm.position"
    )
    quotas: Mapped[list[Quota]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Quota.position"
    )

    @property
    def plan_ref(self) -> str:
        """ "104/KH-UBND" as printed; a blank number prints as " /KH-SNNPTNT"."""
        if not self.plan_symbol:
            return self.plan_number
        return f"{self.plan_number}/{self.plan_symbol}" if self.plan_number else f"/{self.plan_symbol}"


class CampaignPhase(Record, Base):
    """A phase of a campaign ("Giai đoạn 1 từ năm 2024 - 2026")."""

    __tablename__ = "campaign_phases"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str]
    start_date: Mapped[date | None] = mapped_column(default=None)
    end_date: Mapped[date | None] = mapped_column(default=None)
    description: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    campaign: Mapped[Campaign] = relationship(back_populates="phases")


class CampaignTheme(Record, Base):
    """A chuyên đề: a part of the campaign with its own content; targets may belong to it."""

    __tablename__ = "campaign_themes"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str]
    content: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    campaign: Mapped[Campaign] = relationship(back_populates="themes")


class Milestone(Record, Base):
    """A step: launch, sơ kết, tổng kết, a report or nomination deadline.

    Attributes:
        due_date: the last day it may happen; a plan saying "quý IV năm 2023" stores 31/12/2023
            with QUARTER in ``due_precision`` and keeps the wording in ``when_text``. None when
            the plan gives the step no date.
        recurrence: YEARLY for "trước ngày 01/12 hàng năm".
        actor: who must do it ("Ủy ban nhân dân tỉnh", "các sở, ban, ngành").
    """

    __tablename__ = "milestones"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_phases.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[MilestoneKind] = mapped_column(enum_column(MilestoneKind))
    title: Mapped[str]
    due_date: Mapped[date | None] = mapped_column(index=True, default=None)
    due_precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision), default=DatePrecision.DAY
    )
    when_text: Mapped[str] = mapped_column(default="")
    recurrence: Mapped[Recurrence] = mapped_column(enum_column(Recurrence), default=Recurrence.NONE)
    actor: Mapped[str] = mapped_column(default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)

    campaign: Mapped[Campaign] = relationship(back_populates="milestones")


class CampaignTarget(Record, Base):
    """A numeric target of the plan ("trên 20 % số xã đạt chuẩn NTM nâng cao") and its result.

    Attributes:
        value/value_max: the figure, or a range ("3–3,5 %"), as written before ``multiplier``
            ("580 nghìn m³" is 580 and "nghìn"); see domain.plan_values.TargetAmount.
        value_scale/value_max_scale: their decimals as written ("15,0" is 1), None: as stored.
        theme_id: the chuyên đề it belongs to, if any.
    """

    __tablename__ = "campaign_targets"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str]
    comparator: Mapped[str] = mapped_column(String(4), default=">=")
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4), default=None)
    unit: Mapped[str] = mapped_column(default="")
    target_year: Mapped[int | None] = mapped_column(Integer, default=None)
    result_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4), default=None)
    value_max: Mapped[Decimal | None] = mapped_column(Numeric(18, 4), default=None)
    # Decimals as the plan writes them ("15,0": 1): the Numeric columns pad to four (0019).
    value_scale: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    value_max_scale: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    multiplier: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # No ON DELETE: SQLite cannot add one in place (0013); the relationship orders the writes.
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_themes.id"), default=None)

    campaign: Mapped[Campaign] = relationship(back_populates="targets")
    theme: Mapped[CampaignTheme | None] = relationship()


class Participant(Record, Base):
    """Who takes part (đối tượng thi đua): a kind of subject, optionally a kind of unit."""

    __tablename__ = "campaign_participants"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    subject_kind: Mapped[SubjectKind] = mapped_column(enum_column(SubjectKind))
    unit_kind_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kinds.id"), default=None)
    description: Mapped[str]

    campaign: Mapped[Campaign] = relationship(back_populates="participants")
    unit_kind: Mapped[UnitKind | None] = relationship()


class Criterion(Record, Base):
    """A criterion of the plan (tiêu chuẩn thi đua), grouped by kind of subject.

    Attributes:
        group: the plan's heading for the group ("c) Đối với cấp xã").
        parent_id: sub-criteria ("+ Đạt chuẩn nông thôn mới nâng cao") under a criterion.
        award_form_id: set when the plan gives criteria per award form (Cờ thi đua, Bằng khen…).
    """

    __tablename__ = "criteria"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20), default="")
    group: Mapped[str] = mapped_column(default="")
    subject_kind: Mapped[SubjectKind | None] = mapped_column(enum_column(SubjectKind), default=None)
    unit_kind_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kinds.id"), default=None)
    award_form_id: Mapped[int | None] = mapped_column(ForeignKey("award_forms.id"), default=None)
    text: Mapped[str] = mapped_column(LongNFCText)

    campaign: Mapped[Campaign] = relationship(back_populates="criteria")


class OfferedForm(Record, Base):
    """An award form the plan offers, to whom and on what ground.

    Attributes:
        within_authority: True when the issuer grants it itself; False when it proposes upward.
    """

    __tablename__ = "campaign_award_forms"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_forms.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    for_units: Mapped[bool] = mapped_column(Boolean, default=True)
    for_individuals: Mapped[bool] = mapped_column(Boolean, default=True)
    for_households: Mapped[bool] = mapped_column(Boolean, default=False)
    within_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    campaign: Mapped[Campaign] = relationship(back_populates="offered_forms")
    award_form: Mapped[AwardForm] = relationship(lazy="joined")


quota_forms = Table(
    "quota_forms",
    Base.metadata,
    Column("quota_id", ForeignKey("quotas.id", ondelete="CASCADE"), primary_key=True),
    Column("award_form_id", ForeignKey("award_forms.id"), primary_key=True),
)

quota_base_forms = Table(
    "quota_base_forms",
    Base.metadata,
    Column("quota_id", ForeignKey("quotas.id", ondelete="CASCADE"), primary_key=True),
    Column("award_form_id", ForeignKey("award_forms.id"), primary_key=True),
)


class Quota(Record, Base):
    """A cap on nominations in a campaign, a ratio cap, or a priority note.

    Attributes:
        forms: the award form, or the group of alternatives counted together.
        subject_kind: None counts every kind of subject.
        unit_kind_id: only collectives of this kind ("tập thể là đơn vị trực thuộc Sở").
        scope: counted over the campaign, or separately for each proposing unit.
        limit: COUNT quotas; ratio_percent and base_forms: RATIO quotas.
        phase_id/year: restrict the quota to a phase (sơ kết, tổng kết) or a year of the campaign.
        priority: a note ("ưu tiên các tập thể nhỏ") shown on every nomination the quota concerns.
    """

    __tablename__ = "quotas"
    __table_args__ = (
        CheckConstraint("kind <> 'count' OR limit_count IS NOT NULL", name="count_has_limit"),
        CheckConstraint("kind <> 'ratio' OR ratio_percent IS NOT NULL", name="ratio_has_percent"),
        CheckConstraint("limit_count IS NULL OR limit_count >= 0", name="limit_not_negative"),
    )

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str]
    kind: Mapped[QuotaKind] = mapped_column(enum_column(QuotaKind), default=QuotaKind.COUNT)
    scope: Mapped[QuotaScope] = mapped_column(enum_column(QuotaScope), default=QuotaScope.CAMPAIGN)
    subject_kind: Mapped[SubjectKind | None] = mapped_column(enum_column(SubjectKind), default=None)
    unit_kind_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kinds.id"), default=None)
    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_phases.id", ondelete="SET NULL"), default=None
    )
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    limit_count: Mapped[int | None] = mapped_column(Integer, default=None)
    ratio_percent: Mapped[Decimal | None] = mapped_column(Numeric(6, 2), default=None)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    source: Mapped[str] = mapped_column(default="")
    priority: Mapped[str | None] = mapped_column(LongNFCText, default=None)

    campaign: Mapped[Campaign] = relationship(back_populates="quotas")
    forms: Mapped[list[AwardForm]] = relationship(secondary=quota_forms, order_by=AwardForm.sort_order)
    base_forms: Mapped[list[AwardForm]] = relationship(secondary=quota_base_forms)
    unit_kind: Mapped[UnitKind | None] = relationship()
