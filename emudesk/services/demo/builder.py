"""The demo database: a province after the 2025 merger, its people, history and campaigns.

Thái Bình (with its districts, communes and the seed plans it issued) merged
into Hưng Yên on 01/7/2025; the district level ended that day and communes were
merged. The register is written with bulk inserts (fast, deterministic for a
seed); campaigns and nominations go through the services, so every quota and
workflow rule holds in the demo exactly as in real use.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from emudesk import paths
from emudesk.db.audit import log_summary
from emudesk.db.models import (
    AnnualRating,
    AwardRecord,
    DisciplineRecord,
    Household,
    HouseholdMember,
    Individual,
    Membership,
    Unit,
)
from emudesk.domain.enums import (
    AwardType,
    CampaignKind,
    CampaignStatus,
    DisciplineForm,
    DisciplineKind,
    Gender,
    MilestoneKind,
    NominationStatus,
    QuotaKind,
    QuotaScope,
    Rating,
    RecordSource,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.errors import ConflictError, QuotaExceededError
from emudesk.domain.text import fold, full_name, name_sort_key
from emudesk.i18n import _
from emudesk.services.campaigns import plans as campaign_service
from emudesk.services.campaigns.definition import (
    CampaignDef,
    MilestoneDef,
    OfferedFormDef,
    ParticipantDef,
    QuotaDef,
    load_definition,
)
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import set_setting
from emudesk.services.demo.base import (
    FIRST_YEAR,
    LAST_YEAR,
    MERGER,
    OLD_END,
    SIZES,
    DemoSize,
    DemoSummary,
    Progress,
    stamp,
)
from emudesk.services.demo.names import (
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    POSITIONS_COMMUNE,
    POSITIONS_LEADER,
    POSITIONS_STAFF,
)
from emudesk.services.demo.units import UnitBuilder
from emudesk.services.nominations import workflow as nomination_service
from emudesk.services.nominations.workflow import DecisionInput, NominationInput, Votes


def _weighted(rng: random.Random, items: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items])[0]


class _Builder(UnitBuilder):
    def __init__(self, session: Session, size: DemoSize, seed: int, progress: Progress | None) -> None:
        super().__init__(session, size, seed, progress)
        self.used_id_numbers: set[str] = set()
        self.decision_numbers: dict[tuple[str, int, str], tuple[str, date]] = {}

    # --- people -----------------------------------------------------------------------------
    def _person(self, gender: Gender) -> tuple[str, str, str]:
        family = _weighted(self.rng, FAMILY_NAMES)
        if gender is Gender.MALE:
            return family, self.rng.choice(MALE_MIDDLE), self.rng.choice(MALE_GIVEN)
        return family, self.rng.choice(FEMALE_MIDDLE), self.rng.choice(FEMALE_GIVEN)

    def _id_number(self, gender: Gender, year: int) -> str:
        century = 0 if year < 2000 else 2
        while True:
            number = (
                f"034{century + (0 if gender is Gender.MALE else 1)}{year % 100:02d}"
                f"{self.rng.randrange(1_000_000):06d}"
            )
            if number not in self.used_id_numbers:
                self.used_id_numbers.add(number)
                return number

    def build_people(self) -> None:
        u = self.units
        slots: list[tuple[int, str, int | None]] = []  # (current unit, position kind, old unit before merger)
        agri = u.departments["Sở Nông nghiệp và Môi trường"]
        for divisions in u.divisions.values():
            for div in divisions:
                slots.append((div, "dept", None))
        commune_units = list(u.new_communes)
        n = self.size.individuals
        dept_share = int(n * 0.6)
        self.people: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        pid = 1
        for i in range(n):
            gender = Gender.MALE if self.rng.random() < 0.52 else Gender.FEMALE
            family, middle, given = self._person(gender)
            year = self.rng.randint(1965, 2000)
            born = date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            exact = self.rng.random() < 0.85
            if i < dept_share:
                unit, kind, _old = slots[i % len(slots)]
                position = self.rng.choice(POSITIONS_LEADER if self.rng.random() < 0.12 else POSITIONS_STAFF)
            else:
                unit = commune_units[i % len(commune_units)]
                kind = "commune"
                position = self.rng.choice(POSITIONS_COMMUNE)
            name = full_name(family, middle, given)
            self.people.append(
                {
                    "id": pid,
                    "family_name": family,
                    "middle_name": middle,
                    "given_name": given,
                    "full_name": name,
                    "gender": gender,
                    "birth_date": born if exact else None,
                    "birth_year": year,
                    "id_number": self._id_number(gender, year) if self.rng.random() < 0.7 else None,
                    "ethnicity": self.rng.choices(["Kinh", "Tày", "Mường", "Thái", "Nùng"], [94, 2, 2, 1, 1])[
                        0
                    ],
                    "unit_id": unit,
                    "position": position,
                    "hometown": "Thái Bình" if self.rng.random() < 0.6 else "Hưng Yên",
                    "name_fold": fold(name),
                    "sort_key": name_sort_key(family, middle, given),
                    "_kind": kind,
                    **stamp(),
                }
            )
            start = date(self.rng.randint(min(max(year + 22, 2005), 2022), 2022), 1, 1)
            parent = self.parent_of(unit)
            if parent == agri and self.rng.random() < 0.8:
                old_div = self.rng.choice(u.old_agri_divisions)
                self.people[-1]["_old_unit"] = old_div
                memberships.append(
                    {
                        "individual_id": pid,
                        "unit_id": old_div,
                        "position": position,
                        "start_date": start,
                        "end_date": OLD_END,
                        **stamp(),
                    }
                )
                memberships.append(
                    {
                        "individual_id": pid,
                        "unit_id": unit,
                        "position": position,
                        "start_date": MERGER,
                        "end_date": None,
                        **stamp(),
                    }
                )
            elif kind == "commune":
                old_commune = self._old_commune_of(unit)
                self.people[-1]["_old_unit"] = old_commune
                memberships.append(
                    {
                        "individual_id": pid,
                        "unit_id": old_commune,
                        "position": position,
                        "start_date": start,
                        "end_date": OLD_END,
                        **stamp(),
                    }
                )
                memberships.append(
                    {
                        "individual_id": pid,
                        "unit_id": unit,
                        "position": position,
                        "start_date": MERGER,
                        "end_date": None,
                        **stamp(),
                    }
                )
            else:
                memberships.append(
                    {
                        "individual_id": pid,
                        "unit_id": unit,
                        "position": position,
                        "start_date": start,
                        "end_date": None,
                        **stamp(),
                    }
                )
            pid += 1
        rows = [{k: v for k, v in p.items() if not k.startswith("_")} for p in self.people]
        self.s.execute(insert(Individual), rows)
        self.s.execute(insert(Membership), memberships)
        self.summary.counts["individuals"] = len(rows)

    def _old_commune_of(self, new_commune: int) -> int:
        if not hasattr(self, "_merged_from"):
            self._merged_from = {new: group for group, new in self.commune_links}
        return self.rng.choice(self._merged_from[new_commune])

    # --- history ----------------------------------------------------------------------------
    def _decision(self, issuer_symbol: str, year: int, code: str) -> tuple[str, date]:
        key = (issuer_symbol, year, code)
        if key not in self.decision_numbers:
            signed = date(year + 1, 1, self.rng.randint(5, 28))
            self.decision_numbers[key] = (f"{self.rng.randint(1, 450)}/QĐ-{issuer_symbol}", signed)
        return self.decision_numbers[key]

    def _issuer(self, person: dict[str, Any], year: int, code: str) -> tuple[str, str]:
        """Who granted ``code`` to ``person`` for ``year``, as the decision wrote it then."""
        before = year < 2025  # awards for 2024 were decided in early 2025, before the merger
        if code in ("BK_TINH", "CSTD_TINH", "TTLDXS"):
            return ("UBND", "Chủ tịch UBND tỉnh Thái Bình" if before else "Chủ tịch UBND tỉnh Hưng Yên")
        unit: int = person["_old_unit"] if before and person.get("_old_unit") else person["unit_id"]
        name = self.units.names[unit]
        if person["_kind"] == "commune":
            return ("UBND", "Chủ tịch " + name.replace("Ủy ban nhân dân", "UBND"))
        dept = self.parent_of(unit) or unit
        dept_name = self.units.names[dept]
        symbol = (
            "SNN" if dept == self.units.old_agri else "".join(w[0] for w in dept_name.split()[:4]).upper()
        )
        return (symbol, "Giám đốc " + dept_name)

    def build_history(self) -> None:
        ratings: list[dict[str, Any]] = []
        awards: list[dict[str, Any]] = []
        discipline: list[dict[str, Any]] = []
        for person in self.people:
            pid = person["id"]
            talent = self.rng.random()
            streak = 0
            share = self.size.history_share
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                if share < 1.0 and self.rng.random() >= share:
                    streak = 0
                    continue
                if year >= 2019:
                    roll = self.rng.random() * (0.6 + talent * 0.6)
                    rating = (
                        Rating.EXCELLENT
                        if roll > 0.95
                        else Rating.GOOD
                        if roll > 0.12
                        else Rating.COMPLETED
                        if roll > 0.02
                        else Rating.NOT_COMPLETED
                    )
                    ratings.append({"individual_id": pid, "year": year, "rating": rating, **stamp()})
                else:
                    rating = Rating.EXCELLENT if talent > 0.8 else Rating.GOOD
                if rating in (Rating.EXCELLENT, Rating.GOOD) and self.rng.random() < 0.85:
                    awards.append(self._award_row(person, year, "LDTT"))
                    if rating is Rating.EXCELLENT and self.rng.random() < 0.7:
                        awards.append(self._award_row(person, year, "CSTDCS"))
                        streak += 1
                        if streak >= 3 and self.rng.random() < 0.3:
                            awards.append(self._award_row(person, year, "CSTD_TINH"))
                            streak = 0
                        elif streak == 2 and self.rng.random() < 0.35:
                            awards.append(self._award_row(person, year, "BK_TINH"))
                    else:
                        streak = 0
                else:
                    streak = 0
                if self.rng.random() < 0.03:
                    row = self._award_row(person, year, "GK")
                    row["award_type"] = AwardType.AD_HOC
                    row["note"] = "Khen thưởng đột xuất"
                    awards.append(row)
            if self.rng.random() < 0.01:
                discipline.append(
                    {
                        "individual_id": pid,
                        "kind": DisciplineKind.DISCIPLINE,
                        "form": self.rng.choice([DisciplineForm.REPRIMAND, DisciplineForm.WARNING]),
                        "start_date": date(2024, 6, 1),
                        "end_date": date(2025, 6, 1),
                        "decision_ref": f"{self.rng.randint(1, 99)}/QĐ-KL",
                        **stamp(),
                    }
                )
        # Collectives: divisions are advanced collectives most years, villages are cultured villages.
        for dept, divisions in self.units.divisions.items():
            for div in divisions:
                for year in range(2020, LAST_YEAR + 1):
                    if self.rng.random() < 0.8:
                        awards.append(
                            self._unit_award(div, year, "TTLDTT", "Giám đốc " + self.units.names[dept])
                        )
                    if self.rng.random() < 0.15:
                        awards.append(
                            self._unit_award(
                                div,
                                year,
                                "TTLDXS",
                                "Chủ tịch UBND tỉnh Thái Bình"
                                if year < 2025
                                else "Chủ tịch UBND tỉnh Hưng Yên",
                            )
                        )
        for commune, villages in self.units.villages.items():
            for village in villages:
                for year in (2023, 2024, 2025):
                    if self.rng.random() < 0.6:
                        issuer = (
                            "Chủ tịch UBND huyện"
                            if year < 2025
                            else "Chủ tịch " + self.units.names[commune].replace("Ủy ban nhân dân", "UBND")
                        )
                        awards.append(self._unit_award(village, year, "THON_VH", issuer))
        self.s.execute(insert(AnnualRating), ratings)
        self.s.execute(insert(AwardRecord), awards)
        if discipline:
            self.s.execute(insert(DisciplineRecord), discipline)
        self.summary.counts["ratings"] = len(ratings)
        self.summary.counts["awards"] = len(awards)

    def _award_row(self, person: dict[str, Any], year: int, code: str) -> dict[str, Any]:
        form = self.forms[code]
        symbol, issuer = self._issuer(person, year, code)
        number, signed = self._decision(symbol, year, code)
        return {
            "subject_kind": SubjectKind.INDIVIDUAL,
            "individual_id": person["id"],
            "unit_id": None,
            "household_id": None,
            "award_form_id": form.id,
            "award_name": form.name,
            "recipient_name": person["full_name"],
            "year": year,
            "decision_number": number,
            "decision_date": signed,
            "issuer": issuer,
            "award_type": form.default_award_type,
            "source": RecordSource.DEMO,
            "note": None,
            "search_fold": fold(f"{person['full_name']} {form.name} {number} {issuer}"),
            **stamp(),
        }

    def _unit_award(self, unit_id: int, year: int, code: str, issuer: str) -> dict[str, Any]:
        form = self.forms[code]
        number, signed = self._decision(fold(issuer)[:12].upper().replace(" ", ""), year, code)
        name = self.units.names[unit_id]
        return {
            "subject_kind": SubjectKind.UNIT,
            "unit_id": unit_id,
            "individual_id": None,
            "household_id": None,
            "award_form_id": form.id,
            "award_name": form.name,
            "recipient_name": name,
            "year": year,
            "decision_number": number,
            "decision_date": signed,
            "issuer": issuer,
            "award_type": form.default_award_type,
            "source": RecordSource.DEMO,
            "note": None,
            "search_fold": fold(f"{name} {form.name} {number} {issuer}"),
            **stamp(),
        }

    def build_households(self) -> None:
        households: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        awards: list[dict[str, Any]] = []
        form = self.forms["GDVH"]
        villages = [(c, v) for c, vs in self.units.villages.items() for v in vs]
        for hid in range(1, self.size.households + 1):
            commune, village = villages[hid % len(villages)]
            gender = Gender.MALE if self.rng.random() < 0.75 else Gender.FEMALE
            family, middle, given = self._person(gender)
            head = full_name(family, middle, given)
            village_name = self.units.names[village].split(" – ")[0]
            address = f"{village_name}, {self.units.names[commune].replace('Ủy ban nhân dân ', '')}"
            households.append(
                {
                    "id": hid,
                    "head_name": head,
                    "address": address,
                    "village_id": village,
                    "commune_id": commune,
                    "name_fold": fold(f"{head} {address}"),
                    "sort_key": name_sort_key(family, middle, given),
                    **stamp(),
                }
            )
            members.append(
                {
                    "household_id": hid,
                    "full_name": head,
                    "relation": "Chủ hộ",
                    "birth_year": self.rng.randint(1950, 1990),
                    **stamp(),
                }
            )
            for rel in self.rng.sample(["Vợ", "Chồng", "Con", "Con", "Mẹ", "Bố"], self.rng.randint(1, 4)):
                g = (
                    Gender.FEMALE
                    if rel in ("Vợ", "Mẹ")
                    else Gender.MALE
                    if rel in ("Chồng", "Bố")
                    else self.rng.choice([Gender.MALE, Gender.FEMALE])
                )
                f2, m2, g2 = self._person(g)
                if rel == "Con":
                    f2 = family
                members.append(
                    {
                        "household_id": hid,
                        "full_name": full_name(f2, m2, g2),
                        "relation": rel,
                        "birth_year": self.rng.randint(1945, 2015),
                        **stamp(),
                    }
                )
            issuer_now = "Chủ tịch " + self.units.names[commune].replace("Ủy ban nhân dân", "UBND")
            for year in range(2021, LAST_YEAR + 1):
                if self.rng.random() < 0.7:
                    issuer = issuer_now if year >= 2025 else "Chủ tịch UBND xã (trước sắp xếp)"
                    number, signed = self._decision(fold(issuer)[:10].upper().replace(" ", ""), year, "GDVH")
                    awards.append(
                        {
                            "subject_kind": SubjectKind.HOUSEHOLD,
                            "household_id": hid,
                            "unit_id": None,
                            "individual_id": None,
                            "award_form_id": form.id,
                            "award_name": form.name,
                            "recipient_name": f"Hộ ông (bà) {head}",
                            "year": year,
                            "decision_number": number,
                            "decision_date": signed,
                            "issuer": issuer,
                            "award_type": AwardType.MERIT,
                            "source": RecordSource.DEMO,
                            "note": None,
                            "search_fold": fold(f"{head} {form.name} {number} {issuer}"),
                            **stamp(),
                        }
                    )
        self.s.execute(insert(Household), households)
        self.s.execute(insert(HouseholdMember), members)
        if awards:
            self.s.execute(insert(AwardRecord), awards)
        self.summary.counts["households"] = len(households)
        self.summary.counts["awards"] = self.summary.counts.get("awards", 0) + len(awards)

    # --- campaigns and nominations ------------------------------------------------------------
    def build_campaigns(self, seeds_dir: Path) -> None:
        self.campaigns: dict[str, int] = {}
        for path in sorted(seeds_dir.glob("*.json")):
            defn = load_definition(path)
            self.campaigns[path.stem] = campaign_service.create_campaign(self.s, defn)
        self.campaigns["province-2025"] = campaign_service.create_campaign(self.s, _province_yearly(2025))
        self.campaigns["province-2026"] = campaign_service.create_campaign(self.s, _province_yearly(2026))
        self.campaigns["agri-2025"] = campaign_service.create_campaign(self.s, _agri_yearly(2025))
        self.summary.counts["campaigns"] = len(self.campaigns)

    def _nominate(
        self,
        subject: SubjectRef,
        campaign: str,
        code: str,
        proposer: int | None,
        year: int,
        summary: str,
        filed: date,
    ) -> int:
        return nomination_service.create_nomination(
            self.s,
            NominationInput(
                subject=subject,
                campaign_id=self.campaigns[campaign],
                award_form_id=self.forms[code].id,
                proposing_unit_id=proposer,
                year=year,
                filed_on=filed,
                summary=summary,
            ),
        )

    def _move(
        self,
        ids: list[int],
        *steps: NominationStatus,
        decision: DecisionInput | None = None,
        note: str | None = None,
    ) -> None:
        for step in steps:
            votes = Votes(17, 1, 0, 19) if step is NominationStatus.VOTED else None
            nomination_service.transition(
                self.s,
                ids,
                step,
                note=note,
                decision=decision if step is NominationStatus.APPROVED else None,
                votes=votes,
            )

    def build_nominations(self) -> None:
        s = NominationStatus
        u = self.units
        people_by_unit: dict[int, list[dict[str, Any]]] = {}
        for p in self.people:
            people_by_unit.setdefault(p["unit_id"], []).append(p)
            if p.get("_old_unit"):
                people_by_unit.setdefault(p["_old_unit"], []).append(p)
        ind = lambda p: SubjectRef(SubjectKind.INDIVIDUAL, p["id"])  # noqa: E731
        unit = lambda i: SubjectRef(SubjectKind.UNIT, i)  # noqa: E731
        # Seed plan of Sở NN&PTNT Thái Bình (2023): quotas 1 Sở, 1 division, 1 person.
        camp = "KH-SNNPTNT-thai-binh-2023"
        filed = date(2023, 11, 20)
        dec = DecisionInput(
            "25/QĐ-UBND",
            date(2024, 1, 12),
            "Ủy ban nhân dân tỉnh Thái Bình",
            "CHỦ TỊCH",
            "Nguyễn Khắc Thận",
            "Tặng Cờ thi đua, Bằng khen năm 2023",
        )
        sở = self._nominate(
            unit(u.old_agri),
            camp,
            "CO_TINH",
            u.old_agri,
            2023,
            "Đơn vị dẫn đầu khối các sở kinh tế về chuyển đổi số và cải cách hành chính năm 2023.",
            filed,
        )
        self._move([sở], s.SUBMITTED, s.APPRAISED, s.VOTED, s.APPROVED, decision=dec)
        returned = self._nominate(
            unit(u.old_agri_divisions[1]),
            camp,
            "BK_TINH",
            u.old_agri,
            2023,
            "Tham mưu tốt công tác kế hoạch, tài chính.",
            filed,
        )
        self._move([returned], s.SUBMITTED, s.RETURNED, note="Thiếu báo cáo thành tích có xác nhận.")
        division = self._nominate(
            unit(u.old_agri_divisions[5]),
            camp,
            "BK_TINH",
            u.old_agri,
            2023,
            "Tập thể tiêu biểu trong công tác phòng, chống thiên tai và thủy lợi.",
            filed,
        )
        self._move([division], s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec)
        staff = [p for p in people_by_unit.get(u.old_agri_divisions[3], [])][:3]
        if len(staff) >= 2:
            first = self._nominate(
                ind(staff[0]),
                camp,
                "BK_TINH",
                u.old_agri,
                2023,
                "Có sáng kiến trong tham mưu cơ chế hỗ trợ sản xuất vụ Đông.",
                filed,
            )
            self._move([first], s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec)
            second = self._nominate(
                ind(staff[1]), camp, "BK_TINH", u.old_agri, 2023, "Hoàn thành xuất sắc nhiệm vụ.", filed
            )
            try:  # the one place is taken: the plan allows no more than 01 person
                self._move([second], s.SUBMITTED)
            except QuotaExceededError:
                self._move([second], s.WITHDRAWN, note="Đơn vị rút vì đã đủ chỉ tiêu 01 cá nhân.")
        # Seed plan 104/KH-UBND (NTM 2021-2025): communes and people at the interim and final reviews.
        camp = "104-KH-UBND-thai-binh-ntm-2021-2025"
        dec_so_ket = DecisionInput(
            "3120/QĐ-UBND",
            date(2023, 12, 27),
            "Ủy ban nhân dân tỉnh Thái Bình",
            "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
            "Lại Văn Hoàn",
            "Khen thưởng sơ kết Phong trào thi đua xây dựng NTM",
        )
        communes = [c for cs in u.old_communes.values() for c in cs]
        picked = self.rng.sample(communes, min(6, len(communes)))
        ids = [
            self._nominate(
                unit(c),
                camp,
                "BK_TINH",
                self.parent_of(c),
                2023,
                "Xã đạt chuẩn nông thôn mới nâng cao năm 2023.",
                date(2023, 11, 15),
            )
            for c in picked
        ]
        self._move(ids[:4], s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec_so_ket)
        self._move(ids[4:5], s.SUBMITTED, s.REJECTED, note="Chưa đạt tiêu chí không nợ đọng xây dựng cơ bản.")
        self._move(ids[5:], s.SUBMITTED, s.WITHDRAWN)
        commune_people = [p for p in self.people if p["_kind"] == "commune"][:5]
        ids = [
            self._nominate(
                ind(p),
                camp,
                "BK_TINH",
                p["_old_unit"],
                2023,
                "Tích cực vận động nhân dân hiến đất làm đường giao thông nông thôn.",
                date(2023, 11, 15),
            )
            for p in commune_people
        ]
        self._move(ids[:3], s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec_so_ket)
        # Seed plan 101/KH-UBND (Hòa Bình): a cooperative and an enterprise take part.
        camp = "101-KH-UBND-hoa-binh-nong-san-2024-2030"
        self._nominate(
            unit(u.others[0]),
            camp,
            "BK_TINH",
            None,
            2025,
            "Liên kết chuỗi giá trị cam Cao Phong, xuất khẩu 120 tấn.",
            date(2025, 11, 1),
        )
        hb = self._nominate(
            unit(u.others[2]),
            camp,
            "BK_TINH",
            None,
            2025,
            "Doanh nghiệp xuất khẩu nông sản chủ lực, kim ngạch 2 triệu USD.",
            date(2025, 11, 1),
        )
        self._move([hb], s.SUBMITTED)
        self._province_nominations(people_by_unit)
        self._agri_nominations(people_by_unit)
        self.summary.counts["nominations"] = int(
            self.s.scalar(select(func.count()).select_from(nomination_service.Nomination)) or 0
        )

    def _province_nominations(self, people_by_unit: dict[int, list[dict[str, Any]]]) -> None:
        s = NominationStatus
        u = self.units
        ind = lambda p: SubjectRef(SubjectKind.INDIVIDUAL, p["id"])  # noqa: E731
        unit = lambda i: SubjectRef(SubjectKind.UNIT, i)  # noqa: E731
        dec = DecisionInput(
            "112/QĐ-UBND",
            date(2026, 1, 20),
            "Ủy ban nhân dân tỉnh Hưng Yên",
            "CHỦ TỊCH",
            "Trần Quốc Văn",
            "Khen thưởng thành tích năm 2025",
        )
        camp = "province-2025"
        filed = date(2025, 12, 5)
        depts = list(u.departments.values())
        # Bằng khen for collectives: 15 places over the province; fill 11 of them in various steps.
        divisions = [d for dept in depts for d in u.divisions[dept]]
        chosen = self.rng.sample(divisions, 13)
        ids = [
            self._nominate(
                unit(d),
                camp,
                "BK_TINH",
                self.parent_of(d),
                2025,
                "Hoàn thành xuất sắc nhiệm vụ năm 2025.",
                filed,
            )
            for d in chosen
        ]
        self._move(ids[:7], s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec)
        self._move(ids[7:9], s.SUBMITTED, s.APPRAISED)
        self._move(ids[9:11], s.SUBMITTED)
        self._move(ids[11:12], s.SUBMITTED, s.RETURNED, note="Bổ sung biên bản họp xét.")
        # Bằng khen for people: at most 03 per proposing department; some departments use all three.
        for n, dept in enumerate(depts):
            staff = [p for d in u.divisions[dept] for p in people_by_unit.get(d, [])]
            for k, p in enumerate(staff[: 3 + (n % 2)]):
                nid = self._nominate(
                    ind(p),
                    camp,
                    "BK_TINH",
                    dept,
                    2025,
                    "Hai năm liền đạt Chiến sĩ thi đua cơ sở, có sáng kiến được công nhận.",
                    filed,
                )
                try:
                    if k == 0:
                        self._move([nid], s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec)
                    elif k == 1 and n % 3 == 0:
                        self._move([nid], s.SUBMITTED, s.REJECTED, note="Chưa đủ thành tích theo quy định.")
                    else:
                        self._move([nid], s.SUBMITTED)
                except QuotaExceededError:
                    pass  # stays a draft: the department's three places are taken
        # Emulation flags and CSTĐ cấp tỉnh need the council's vote.
        flags = [
            self._nominate(unit(d), camp, "CO_TINH", d, 2025, "Đơn vị dẫn đầu cụm, khối thi đua.", filed)
            for d in depts[:3]
        ]
        self._move(flags[:2], s.SUBMITTED, s.APPRAISED, s.VOTED, s.APPROVED, decision=dec)
        self._move(flags[2:], s.SUBMITTED, s.APPRAISED, s.VOTED)
        # Next year's round is under way: drafts and first submissions.
        camp = "province-2026"
        filed = date(2026, 11, 10)
        for d in self.rng.sample(divisions, 4):
            nid = self._nominate(
                unit(d),
                camp,
                "BK_TINH",
                self.parent_of(d),
                2026,
                "Hoàn thành xuất sắc nhiệm vụ năm 2026.",
                filed,
            )
            if self.rng.random() < 0.5:
                self._move([nid], s.SUBMITTED)

    def _agri_nominations(self, people_by_unit: dict[int, list[dict[str, Any]]]) -> None:
        s = NominationStatus
        u = self.units
        camp = "agri-2025"
        dept = u.departments["Sở Nông nghiệp và Môi trường"]
        dec = DecisionInput(
            "08/QĐ-SNNMT",
            date(2026, 1, 9),
            "Sở Nông nghiệp và Môi trường tỉnh Hưng Yên",
            "GIÁM ĐỐC",
            "Phạm Văn Nghiêm",
            "Công nhận danh hiệu thi đua năm 2025",
        )
        filed = date(2025, 12, 1)
        for div in u.divisions[dept]:
            staff = people_by_unit.get(div, [])
            ldtt = [
                self._nominate(
                    SubjectRef(SubjectKind.INDIVIDUAL, p["id"]),
                    camp,
                    "LDTT",
                    div,
                    2025,
                    "Hoàn thành tốt nhiệm vụ năm 2025.",
                    filed,
                )
                for p in staff[:12]
            ]
            self._move(ldtt, s.SUBMITTED, s.APPRAISED, s.APPROVED, decision=dec)
            # CSTĐCS: at most 15 % of the division's LĐTT, then voted by the council.
            for k, p in enumerate(staff[:4]):
                nid = self._nominate(
                    SubjectRef(SubjectKind.INDIVIDUAL, p["id"]),
                    camp,
                    "CSTDCS",
                    div,
                    2025,
                    "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến cấp cơ sở.",
                    filed,
                )
                try:
                    self._move([nid], s.SUBMITTED, s.APPRAISED, s.VOTED)
                    if k == 0:
                        self._move([nid], s.APPROVED, decision=dec)
                except QuotaExceededError:
                    self._move([nid], s.WITHDRAWN, note="Vượt tỷ lệ 15% số Lao động tiên tiến.")
            tt = self._nominate(
                SubjectRef(SubjectKind.UNIT, div),
                camp,
                "TTLDTT",
                dept,
                2025,
                "Tập thể hoàn thành tốt nhiệm vụ, trên 70% thành viên đạt LĐTT.",
                filed,
            )
            self._move([tt], s.SUBMITTED, s.APPRAISED)


def _province_yearly(year: int) -> CampaignDef:
    status = CampaignStatus.ACTIVE if year >= 2026 else CampaignStatus.CLOSED
    return CampaignDef(
        title=f"Phong trào thi đua thường xuyên năm {year} trên địa bàn tỉnh Hưng Yên",
        short_title=f"Thi đua thường xuyên năm {year}",
        kind=CampaignKind.REGULAR,
        plan_number=str(10 + year % 100),
        plan_symbol="KH-UBND",
        issuing_body="Ủy ban nhân dân tỉnh Hưng Yên",
        place="Hưng Yên",
        issue_date=date(year, 2, 15),
        status=status,
        start_date=date(year, 1, 1),
        end_date=date(year, 12, 31),
        period_label=f"Năm {year}",
        signer_authority="KT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Lê Huy",
        note="Kế hoạch minh họa trong dữ liệu demo.",
        milestones=[
            MilestoneDef(
                MilestoneKind.NOMINATION_DUE,
                "Các đơn vị gửi hồ sơ đề nghị khen thưởng về Sở Nội vụ",
                date(year, 12, 9),
                "Trước ngày 10/12",
                actor="Các sở, ban, ngành, UBND các xã, phường",
            ),
            MilestoneDef(
                MilestoneKind.REPORT_DUE,
                "Báo cáo thống kê thi đua, khen thưởng",
                date(year, 12, 15),
                "Ngày 15/12",
                Recurrence.NONE,
                "Sở Nội vụ",
            ),
            MilestoneDef(
                MilestoneKind.FINAL_REVIEW,
                "Hội nghị tổng kết công tác thi đua, khen thưởng",
                date(year + 1, 1, 31),
                "Tháng 01 năm sau",
                actor="Ủy ban nhân dân tỉnh",
            ),
        ],
        participants=[
            ParticipantDef(SubjectKind.UNIT, "Các sở, ban, ngành, đoàn thể tỉnh", "so_nganh"),
            ParticipantDef(SubjectKind.UNIT, "UBND các xã, phường", "ubnd_xa"),
            ParticipantDef(SubjectKind.INDIVIDUAL, "Cán bộ, công chức, viên chức, người lao động"),
        ],
        offered_forms=[
            OfferedFormDef("CO_TINH", True, False),
            OfferedFormDef("TTLDXS", True, False),
            OfferedFormDef("CSTD_TINH", False, True),
            OfferedFormDef("BK_TINH", True, True, True, True),
            OfferedFormDef("BK_BO", True, True, note="Đề nghị Bộ, ngành Trung ương khen thưởng."),
            OfferedFormDef("BK_TTG", True, True, note="Đề nghị Thủ tướng Chính phủ khen thưởng."),
        ],
        quotas=[
            QuotaDef(
                "Bằng khen CT UBND tỉnh hoặc Bộ trưởng – tập thể",
                ["BK_TINH", "BK_BO"],
                subject_kind=SubjectKind.UNIT,
                limit=15,
                source="Hướng dẫn khen thưởng năm (demo)",
            ),
            QuotaDef(
                "Bằng khen CT UBND tỉnh – cá nhân",
                ["BK_TINH"],
                scope=QuotaScope.PROPOSING_UNIT,
                subject_kind=SubjectKind.INDIVIDUAL,
                limit=3,
                note="Không quá 03 cá nhân cho mỗi đơn vị trình.",
                source="Hướng dẫn khen thưởng năm (demo)",
            ),
            QuotaDef(
                "Cờ thi đua của UBND tỉnh",
                ["CO_TINH"],
                subject_kind=SubjectKind.UNIT,
                limit=5,
                note="Tặng đơn vị dẫn đầu các cụm, khối thi đua.",
            ),
            QuotaDef(
                "Ưu tiên",
                [],
                kind=QuotaKind.PRIORITY,
                note="Ưu tiên tập thể nhỏ, người lao động trực tiếp; khi cùng điều kiện ưu tiên nữ "
                "(NĐ 152/2025 Điều 4.6).",
            ),
        ],
    )


def _agri_yearly(year: int) -> CampaignDef:
    return CampaignDef(
        title=f"Phong trào thi đua thường xuyên năm {year} của Sở Nông nghiệp và Môi trường",
        short_title=f"Thi đua thường xuyên {year} – Sở NN&MT",
        kind=CampaignKind.REGULAR,
        plan_number="05",
        plan_symbol="KH-SNNMT",
        issuing_body="Sở Nông nghiệp và Môi trường tỉnh Hưng Yên",
        place="Hưng Yên",
        issue_date=date(year, 7, 15),
        status=CampaignStatus.CLOSED,
        start_date=date(year, 7, 1),
        end_date=date(year, 12, 31),
        period_label=f"Năm {year}",
        signer_title="GIÁM ĐỐC",
        signer_name="Phạm Văn Nghiêm",
        note="Kế hoạch minh họa trong dữ liệu demo.",
        offered_forms=[
            OfferedFormDef("LDTT", False, True),
            OfferedFormDef("CSTDCS", False, True),
            OfferedFormDef("TTLDTT", True, False),
            OfferedFormDef("GK", True, True),
        ],
        quotas=[
            QuotaDef(
                "Chiến sĩ thi đua cơ sở ≤ 15% số Lao động tiên tiến",
                ["CSTDCS"],
                kind=QuotaKind.RATIO,
                scope=QuotaScope.PROPOSING_UNIT,
                subject_kind=SubjectKind.INDIVIDUAL,
                ratio_percent=Decimal("15"),
                base_forms=["LDTT"],
                note="Tỷ lệ do Sở tự quy định (NĐ 91/2017 đã hết hiệu lực; Luật 2022 không giới hạn).",
                source="Quy chế thi đua, khen thưởng của Sở (demo)",
            ),
        ],
    )


def _council_demo(session: Session, builder: _Builder, seed: int) -> None:
    from emudesk.services.demo import council as demo_council

    demo_council.build(session, builder, seed)


def _achievements_demo(session: Session, builder: _Builder) -> None:
    from emudesk.services.demo import achievements as demo_achievements

    builder.summary.counts["achievements"] = demo_achievements.build(session)


def generate(
    session: Session,
    *,
    size: str = "demo",
    seed: int = 2025,
    progress: Progress | None = None,
    seeds_dir: Path | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo data set (one transaction: the caller's)."""
    if session.scalar(select(func.count()).select_from(Unit)):
        raise ConflictError(_("The database already has units; build the demo in a new database file."))
    builder_class: type[_Builder] = _Builder
    if size == "province":
        from emudesk.services.demo.province import ProvinceBuilder

        builder_class = ProvinceBuilder
    builder = builder_class(session, SIZES[size], seed, progress)
    steps: list[tuple[str, Callable[[], None]]] = [
        (_("Units"), builder.build_units),
        (_("Individuals"), builder.build_people),
        (_("Award history"), builder.build_history),
        (_("Households"), builder.build_households),
        (_("Campaigns"), lambda: builder.build_campaigns(seeds_dir or paths.resources_dir() / "seeds")),
        (_("Nominations"), builder.build_nominations),
        (_("Council session and decisions"), lambda: _council_demo(session, builder, seed)),
        (_("Achievements"), lambda: _achievements_demo(session, builder)),
    ]
    for i, (label, step) in enumerate(steps):
        builder.progress(i, len(steps), label)
        step()
        session.flush()
    builder.progress(len(steps), len(steps), _("Done"))
    for key, value in {
        "office.parent_agency": "UBND TỈNH HƯNG YÊN",
        "office.issuing_agency": "SỞ NỘI VỤ",
        "office.place": "Hưng Yên",
        "office.symbol": "SNV",
        "signer.authority": "KT. GIÁM ĐỐC",
        "signer.title": "PHÓ GIÁM ĐỐC",
        "signer.name": "Trần Thị Hương",
    }.items():
        set_setting(session, key, value)
    log_summary(
        session, "create", "demo", _("Demo data set “{size}”, seed {seed}").format(size=size, seed=seed)
    )
    return builder.summary
