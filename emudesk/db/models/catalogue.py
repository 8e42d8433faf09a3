"""Catalogues staff can edit: kinds of unit, award forms and titles, settings, dated parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emudesk.db.base import Base, LongNFCText, Record, enum_column
from emudesk.domain.enums import AwardCategory, AwardLevel, AwardType


class UnitKind(Record, Base):
    """A kind of unit: sở/ban/ngành, phòng, UBND xã, thôn, hợp tác xã, cụm thi đua…

    Attributes:
        tier: rough level for grouping (province, department, district, commune, village, other).
        historical: kinds that no longer exist (UBND huyện after 01/7/2025) stay for old records.
    """

    __tablename__ = "unit_kinds"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str]
    tier: Mapped[str] = mapped_column(String(20), default="other")
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)


class AwardForm(Record, Base):
    """An emulation title (danh hiệu) or form of commendation (hình thức) in the catalogue.

    Attributes:
        code: short stable code used by the CLI (``--award CSTDCS``) and exchange files.
        for_units/for_individuals/for_households: the kinds of subject it may go to.
        coefficient_*: cash reward as a multiple of lương cơ sở (NĐ 152/2025 Điều 49–54); None where
            the sources give no amount.
        default_award_type: how an award of this form counts in history (công trạng, phong trào…).
        kind_of_id: for a form of a named authority ("Bằng khen của Bộ trưởng Bộ Nông nghiệp và
            PTNT"), the legal kind it is (BK_BO): quotas, rules and statistics count it as that kind.
    """

    __tablename__ = "award_forms"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str]
    short_name: Mapped[str]
    category: Mapped[AwardCategory] = mapped_column(enum_column(AwardCategory))
    level: Mapped[AwardLevel] = mapped_column(enum_column(AwardLevel))
    authority: Mapped[str] = mapped_column(default="")
    for_units: Mapped[bool] = mapped_column(Boolean, default=False)
    for_individuals: Mapped[bool] = mapped_column(Boolean, default=False)
    for_households: Mapped[bool] = mapped_column(Boolean, default=False)
    yearly: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    default_award_type: Mapped[AwardType] = mapped_column(enum_column(AwardType), default=AwardType.MERIT)
    coefficient_individual: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), default=None)
    coefficient_collective: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    kind_of_id: Mapped[int | None] = mapped_column(ForeignKey("award_forms.id"), default=None)

    kind_of: Mapped[AwardForm | None] = relationship(remote_side="AwardForm.id", lazy="joined")

    @property
    def legal_kind(self) -> AwardForm:
        """The form the law knows: itself, or the kind a named authority's form belongs to."""
        return self.kind_of or self


class Setting(Base):
    """A setting that travels with the database (office names, signer, database id)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class BaseSalary(Record, Base):
    """Lương cơ sở in force from a date (NĐ 73/2024: 2,340,000 đ from 01/7/2024)."""

    __tablename__ = "base_salaries"

    effective_from: Mapped[date] = mapped_column(unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(default="")
