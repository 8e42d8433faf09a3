"""The people of the province: individuals and their posts, yearly ratings, award history, households.

Everything here is a bulk insert drawn from the one seeded generator, in a fixed order; an
award names its issuer as the decision wrote it then (Thái Bình before the merger, Hưng Yên after).
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from emudesk.db.models import (
    AnnualRating,
    AwardRecord,
    DisciplineRecord,
    Household,
    HouseholdMember,
    Individual,
    Membership,
)
from emudesk.domain.enums import (
    AwardType,
    DisciplineForm,
    DisciplineKind,
    Gender,
    Rating,
    RecordSource,
    SubjectKind,
)
from emudesk.domain.text import fold, full_name, name_fold, name_sort_key
from emudesk.services.demo.base import FIRST_YEAR, LAST_YEAR, MERGER, OLD_END, DemoSize, Progress, stamp
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


def _weighted(rng: random.Random, items: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items])[0]


class PeopleBuilder(UnitBuilder):
    """Individuals with their posts before and after the merger, ratings, awards and households."""

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
        readme_person = False
        for i in range(n):
            gender = Gender.MALE if self.rng.random() < 0.52 else Gender.FEMALE
            family, middle, given = self._person(gender)
            if not readme_person and gender is Gender.MALE and (family, middle) == ("Nguyễn", "Văn"):
                # The README's search example ("nguyen van duc") finds this man; renamed after the
                # draw so the random sequence, and the rest of the data set, stays as it was.
                given, readme_person = "Đức", True
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
                    "name_fold": name_fold(name),
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
                    awards.append(self.award_row(person, year, "LDTT"))
                    if rating is Rating.EXCELLENT and self.rng.random() < 0.7:
                        awards.append(self.award_row(person, year, "CSTDCS"))
                        streak += 1
                        if streak >= 3 and self.rng.random() < 0.3:
                            awards.append(self.award_row(person, year, "CSTD_TINH"))
                            streak = 0
                        elif streak == 2 and self.rng.random() < 0.35:
                            awards.append(self.award_row(person, year, "BK_TINH"))
                    else:
                        streak = 0
                else:
                    streak = 0
                if self.rng.random() < 0.03:
                    row = self.award_row(person, year, "GK")
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
        # The agriculture department's own 2025 campaign (``campaigns.agri_yearly``) decides the 2025
        # LĐTT and CSTĐCS of the staff it proposes, and its divisions' TTLĐTT: history holding them
        # already would make those files ineligible (one result, one award).
        ldtt, cstdcs, ttldtt = (self.forms[c].id for c in ("LDTT", "CSTDCS", "TTLDTT"))
        decided_by_campaign: set[tuple[str, int, int]] = set()
        for div, staff in self.agri_proposed().items():
            decided_by_campaign.add(("unit_id", div, ttldtt))
            for p in staff:
                decided_by_campaign |= {("individual_id", p["id"], ldtt), ("individual_id", p["id"], cstdcs)}
        awards = [
            a
            for a in awards
            if a["year"] != LAST_YEAR
            or not any(
                (key, a.get(key), a["award_form_id"]) in decided_by_campaign
                for key in ("individual_id", "unit_id")
            )
        ]
        self.s.execute(insert(AnnualRating), ratings)
        self.s.execute(insert(AwardRecord), awards)
        if discipline:
            self.s.execute(insert(DisciplineRecord), discipline)
        self.summary.counts["ratings"] = len(ratings)
        self.summary.counts["awards"] = len(awards)

    def agri_proposed(self) -> dict[int, list[dict[str, Any]]]:
        """The agriculture department's divisions and the staff each proposes for LĐTT 2025 (first 12)."""
        dept = self.units.departments["Sở Nông nghiệp và Môi trường"]
        out: dict[int, list[dict[str, Any]]] = {}
        for div in self.units.divisions[dept]:
            staff = [p for p in self.people if div in (p["unit_id"], p.get("_old_unit"))]
            out[div] = staff[:12]
        return out

    def award_row(self, person: dict[str, Any], year: int, code: str) -> dict[str, Any]:
        """A person's award record with its period-true issuer and decision (the council demo adds some)."""
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
                    "name_fold": name_fold(f"{head} {address}"),
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
