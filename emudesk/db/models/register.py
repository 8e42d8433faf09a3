"""The register: units, individuals, households, ratings, memberships, discipline."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from emudesk.db.base import Base, Binnable, LongNFCText, Record, enum_column
from emudesk.db.models.catalogue import UnitKind
from emudesk.domain.enums import DisciplineForm, DisciplineKind, Gender, LinkKind, Rating


class Unit(Record, Binnable, Base):
    """A collective (tập thể) in the unit tree, valid over a period.

    Attributes:
        name: full name ("Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình").
        short_name: the name lists use ("Sở NN&PTNT").
        admin_code: code of the administrative unit (QĐ 19/2025/QĐ-TTg) where it is one.
        valid_from/valid_to: when the unit existed; a merged unit keeps its records with valid_to set.
    """

    __tablename__ = "units"
    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to", name="valid_period"
        ),
        Index("ix_units_parent_sort", "parent_id", "sort_key"),
    )

    kind_id: Mapped[int] = mapped_column(ForeignKey("unit_kinds.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    name: Mapped[str]
    short_name: Mapped[str] = mapped_column(default="")
    code: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    admin_code: Mapped[str | None] = mapped_column(String(20), default=None)
    address: Mapped[str | None] = mapped_column(default=None)
    valid_from: Mapped[date | None] = mapped_column(default=None)
    valid_to: Mapped[date | None] = mapped_column(default=None, index=True)
    member_count: Mapped[int | None] = mapped_column(Integer, default=None)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    name_fold: Mapped[str] = mapped_column(String, default="", index=True)
    sort_key: Mapped[bytes] = mapped_column(LargeBinary, default=b"", index=True)

    kind: Mapped[UnitKind] = relationship(lazy="joined")
    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")


class UnitLink(Record, Base):
    """A predecessor → successor relation between units (merger, split, rename, transfer)."""

    __tablename__ = "unit_links"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id", name="uq_unit_links_pair"),)

    predecessor_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind))
    effective_on: Mapped[date]
    legal_basis: Mapped[str] = mapped_column(default="")
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)


class Individual(Record, Binnable, Base):
    """A person (cá nhân), named as on the ID document.

    Attributes:
        birth_year: always set when the birth date is known; may stand alone when only the year is.
        id_number: the 12-digit personal ID number (số định danh cá nhân / CCCD), optional.
        unit_id/position: the current membership, kept in step with ``memberships`` for fast lists.
        name_fold/sort_key: derived on write for diacritic-insensitive search and Vietnamese order.
    """

    __tablename__ = "individuals"
    __table_args__ = (
        Index("ix_individuals_unit_sort", "unit_id", "sort_key"),
        # Covers the register list: live rows in name order with the folded name for searching,
        # so search-as-you-type scans one narrow index and never sorts (see benchmarks/).
        Index("ix_individuals_live_order", "deleted_at", "sort_key", "id", "name_fold"),
        # Narrow: counting the matches of a search reads this rather than the wide list index.
        Index("ix_individuals_live_fold", "deleted_at", "name_fold"),
    )

    family_name: Mapped[str] = mapped_column(default="")
    middle_name: Mapped[str] = mapped_column(default="")
    given_name: Mapped[str]
    full_name: Mapped[str]
    gender: Mapped[Gender] = mapped_column(enum_column(Gender), index=True)
    birth_date: Mapped[date | None] = mapped_column(default=None)
    birth_year: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    id_number: Mapped[str | None] = mapped_column(String(12), default=None, unique=True)
    ethnicity: Mapped[str] = mapped_column(default="Kinh")
    hometown: Mapped[str | None] = mapped_column(default=None)
    residence: Mapped[str | None] = mapped_column(default=None)
    phone: Mapped[str | None] = mapped_column(String(20), default=None)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    position: Mapped[str | None] = mapped_column(default=None)
    staff_category: Mapped[str | None] = mapped_column(String(40), default=None)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    name_fold: Mapped[str] = mapped_column(String, default="")
    sort_key: Mapped[bytes] = mapped_column(LargeBinary, default=b"")

    unit: Mapped[Unit | None] = relationship()


class Membership(Record, Base):
    """A person's position in a unit over a period (chức vụ, đơn vị công tác)."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR start_date <= end_date", name="period"),
    )

    individual_id: Mapped[int] = mapped_column(ForeignKey("individuals.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[str | None] = mapped_column(default=None)
    start_date: Mapped[date | None] = mapped_column(default=None)
    end_date: Mapped[date | None] = mapped_column(default=None)

    # Lets a new person and their first membership be written in one flush.
    individual: Mapped[Individual] = relationship()


class AnnualRating(Record, Base):
    """The yearly assessment (xếp loại) of an individual or a collective."""

    __tablename__ = "annual_ratings"
    __table_args__ = (
        CheckConstraint("(individual_id IS NULL) <> (unit_id IS NULL)", name="one_subject"),
        UniqueConstraint("individual_id", "year", name="uq_annual_ratings_individual_year"),
        UniqueConstraint("unit_id", "year", name="uq_annual_ratings_unit_year"),
    )

    individual_id: Mapped[int | None] = mapped_column(
        ForeignKey("individuals.id", ondelete="CASCADE"), default=None
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), default=None)
    year: Mapped[int] = mapped_column(Integer, index=True)
    rating: Mapped[Rating] = mapped_column(enum_column(Rating))
    note: Mapped[str | None] = mapped_column(default=None)


class DisciplineRecord(Record, Base):
    """Discipline, or a pending review, investigation or complaint, with its period.

    No award may be given while one is pending, and achievements count only from
    the end of a discipline period (NĐ 152/2025 Điều 4.4).
    """

    __tablename__ = "discipline_records"

    individual_id: Mapped[int] = mapped_column(ForeignKey("individuals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DisciplineKind] = mapped_column(enum_column(DisciplineKind))
    form: Mapped[DisciplineForm | None] = mapped_column(enum_column(DisciplineForm), default=None)
    start_date: Mapped[date]
    end_date: Mapped[date | None] = mapped_column(default=None)
    decision_ref: Mapped[str | None] = mapped_column(default=None)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)


class Household(Record, Binnable, Base):
    """A household (hộ gia đình): its head, address and members.

    Attributes:
        head_name: the head as written on lists ("Nguyễn Văn Tư").
        village_id/commune_id: the thôn and xã units it belongs to.
    """

    __tablename__ = "households"
    __table_args__ = (Index("ix_households_live_order", "deleted_at", "sort_key", "id", "name_fold"),)

    head_name: Mapped[str]
    head_individual_id: Mapped[int | None] = mapped_column(ForeignKey("individuals.id"), default=None)
    address: Mapped[str] = mapped_column(default="")
    village_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None, index=True)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None, index=True)
    note: Mapped[str | None] = mapped_column(LongNFCText, default=None)
    name_fold: Mapped[str] = mapped_column(String, default="")
    sort_key: Mapped[bytes] = mapped_column(LargeBinary, default=b"")

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )


class HouseholdMember(Record, Base):
    """A member of a household, optionally linked to an individual in the register."""

    __tablename__ = "household_members"

    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str]
    relation: Mapped[str] = mapped_column(default="")
    birth_year: Mapped[int | None] = mapped_column(Integer, default=None)
    individual_id: Mapped[int | None] = mapped_column(ForeignKey("individuals.id"), default=None)

    household: Mapped[Household] = relationship(back_populates="members")
