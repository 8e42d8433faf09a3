"""The province-scale data set: ~5,000 units, 100,000 people, 20,000 households, ~300,000 awards,
50 campaigns and ~20,000 nominations in every status, in under two minutes.

Same story as the demo (Thái Bình and Hưng Yên merge into Hưng Yên on 01/7/2025), at the size
of a merged province's register. The register reuses the demo builder; the bulk of the
nominations is written with set-based inserts, each campaign's quotas respected by
construction (``emudesk check`` verifies it), because routing 20,000 files through the
workflow one by one would take minutes. The seed plans and the demo's own nominations still
go through the services.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from emudesk.db.models import AwardRecord, Decision, Nomination
from emudesk.domain.enums import (
    AwardType,
    CampaignKind,
    NominationStatus,
    RecordSource,
    SubjectKind,
)
from emudesk.domain.text import fold
from emudesk.domain.workflow import HOLDS_PLACE
from emudesk.services.campaigns import plans as campaign_service
from emudesk.services.campaigns.definition import CampaignDef
from emudesk.services.demo.base import MERGER, OLD_END, stamp
from emudesk.services.demo.campaigns import DemoBuilder, agri_yearly, province_yearly
from emudesk.services.demo.names import PLACE_STEMS, VILLAGE_NAMES
from emudesk.services.demo.units import DEPARTMENTS, DISTRICTS

S = NominationStatus

_MOREDEPARTMENTS = (
    ("Sở Dân tộc và Tôn giáo", "SDTTG"),
    ("Thanh tra tỉnh", "TTT"),
    ("Văn phòng UBND tỉnh", "VPUB"),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN"),
    ("Đài Phát thanh và Truyền hình", "PTTH"),
    ("Bảo hiểm xã hội tỉnh", "BHXH"),
    ("Hội Nông dân tỉnh", "HND"),
    ("Tỉnh đoàn", "TĐ"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "HLHPN"),
    ("Liên đoàn Lao động tỉnh", "LĐLĐ"),
)
_GENERIC_DIVISIONS = (
    "Văn phòng",
    "Phòng Tổ chức - Hành chính",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2",
    "Phòng Nghiệp vụ 3",
    "Phòng Pháp chế",
    "Phòng Thanh tra",
    "Trung tâm Thông tin",
    "Trung tâm Dịch vụ",
    "Phòng Chuyển đổi số",
    "Phòng Hợp tác",
    "Phòng Tổng hợp",
)
_OLD_HYDISTRICTS = (
    "thành phố Hưng Yên",
    "thị xã Mỹ Hào",
    "huyện Văn Lâm",
    "huyện Văn Giang",
    "huyện Yên Mỹ",
    "huyện Khoái Châu",
    "huyện Ân Thi",
    "huyện Kim Động",
    "huyện Phù Cừ",
    "huyện Tiên Lữ",
)
# Statuses of a finished year's round and of the round under way, in shares.
_PAST = ((S.APPROVED, 0.9), (S.REJECTED, 0.04), (S.WITHDRAWN, 0.03), (S.RETURNED, 0.03))
_CURRENT = (
    (S.APPROVED, 0.45),
    (S.VOTED, 0.08),
    (S.APPRAISED, 0.12),
    (S.SUBMITTED, 0.12),
    (S.DRAFT, 0.1),
    (S.RETURNED, 0.05),
    (S.REJECTED, 0.04),
    (S.WITHDRAWN, 0.04),
)
_HOLDING = frozenset(HOLDS_PLACE)
# Stored text of the data set (Vietnamese, like the rest of it), not an interface message.
_BULK_OVERRIDE = (
    "Dữ liệu mẫu quy mô tỉnh: hồ sơ ghi hàng loạt, không xét điều kiện từng hồ sơ (bộ dữ liệu đo hiệu năng)."
)


class ProvinceBuilder(DemoBuilder):
    """The demo builder at province scale."""

    def plan_units(self) -> None:
        u = self.units
        u.old_province = self.add_unit(
            "Ủy ban nhân dân tỉnh Thái Bình",
            "ubnd_tinh",
            None,
            short="UBND tỉnh Thái Bình",
            code="34",
            valid_to=OLD_END,
        )
        old_hy = self.add_unit(
            "Ủy ban nhân dân tỉnh Hưng Yên (trước sắp xếp)",
            "ubnd_tinh",
            None,
            short="UBND tỉnh Hưng Yên (cũ)",
            code="33-cu",
            valid_to=OLD_END,
        )
        u.new_province = self.add_unit(
            "Ủy ban nhân dân tỉnh Hưng Yên",
            "ubnd_tinh",
            None,
            short="UBND tỉnh Hưng Yên",
            code="33",
            valid_from=MERGER,
        )
        self.other_mergers.append((old_hy, u.new_province))
        per_dept = self.size.divisions_per_department
        departments: list[tuple[str, str, tuple[str, ...]]] = [
            (n, sym, tuple(d)) for n, sym, d in DEPARTMENTS
        ]
        departments += [(n, sym, ()) for n, sym in _MOREDEPARTMENTS]
        for name, symbol, divisions in departments:
            kind = "doan_the" if name.startswith(("Hội", "Tỉnh đoàn", "Liên đoàn")) else "so_nganh"
            dept = self.add_unit(f"{name} tỉnh Hưng Yên", kind, u.new_province, short=name, code=symbol)
            u.departments[name] = dept
            names = list(dict.fromkeys([*divisions, *_GENERIC_DIVISIONS]))[: per_dept + 1]
            u.divisions[dept] = [
                self.add_unit(f"{d} – {name}", "don_vi_truc_thuoc", dept, short=d) for d in names
            ]
        # The former departments of both provinces, with their divisions, ended on 30/6/2025.
        for old_root, province in ((u.old_province, "Thái Bình"), (old_hy, "Hưng Yên")):
            for name, symbol, divisions in DEPARTMENTS:
                old = self.add_unit(
                    f"{name} tỉnh {province} (trước sắp xếp)",
                    "so_nganh",
                    old_root,
                    short=f"{name} ({province} cũ)",
                    code=f"{symbol}-{province[:2]}",
                    valid_to=OLD_END,
                )
                self.other_mergers.append((old, u.departments[name]))
                for d in divisions[:8]:
                    self.add_unit(
                        f"{d} – {name} ({province} cũ)", "don_vi_truc_thuoc", old, short=d, valid_to=OLD_END
                    )
        u.old_agri = self.add_unit(
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình",
            "so_nganh",
            u.old_province,
            short="Sở NN&PTNT Thái Bình",
            code="SNN-TB",
            valid_to=OLD_END,
        )
        u.old_agri_divisions = [
            self.add_unit(
                f"{d} – Sở NN&PTNT Thái Bình", "don_vi_truc_thuoc", u.old_agri, short=d, valid_to=OLD_END
            )
            for d in (
                "Văn phòng Sở",
                "Phòng Kế hoạch - Tài chính",
                "Phòng Tổ chức cán bộ",
                "Chi cục Trồng trọt và Bảo vệ thực vật",
                "Chi cục Chăn nuôi và Thú y",
                "Chi cục Thủy lợi",
                "Chi cục Phát triển nông thôn",
                "Văn phòng Điều phối nông thôn mới",
            )
        ]
        pairs = [f"{a} {b}" for a in PLACE_STEMS for b in PLACE_STEMS if a != b]
        self.rng.shuffle(pairs)
        place_names = iter(pairs)
        districts = [(d, u.old_province) for d in DISTRICTS] + [(d, old_hy) for d in _OLD_HYDISTRICTS]
        for dname, province_id in districts[: self.size.districts]:
            district = self.add_unit(
                f"Ủy ban nhân dân {dname}", "ubnd_huyen", province_id, short=f"UBND {dname}", valid_to=OLD_END
            )
            u.districts.append(district)
            u.old_communes[district] = [
                self.add_unit(
                    f"Ủy ban nhân dân xã {next(place_names)}", "ubnd_xa", district, valid_to=OLD_END
                )
                for _ in range(self.size.communes_per_district)
            ]
        villages_per_new = self.size.villages_per_commune * 3
        for district in u.districts:
            olds = u.old_communes[district]
            for i in range(0, len(olds), 3):
                group = olds[i : i + 3]
                name = next(place_names)
                kind_word = "phường" if district == u.districts[0] else "xã"
                new = self.add_unit(
                    f"Ủy ban nhân dân {kind_word} {name}",
                    "ubnd_xa",
                    u.new_province,
                    short=f"UBND {kind_word} {name}",
                    valid_from=MERGER,
                )
                u.new_communes.append(new)
                self.commune_links.append((group, new))
                u.villages[new] = [
                    self.add_unit(f"{_village(k)} – {kind_word} {name}", "thon_tdp", new, short=_village(k))
                    for k in range(villages_per_new)
                ]
        for i in range(40):
            kind = ("hop_tac_xa", "doanh_nghiep")[i % 2]
            label = "Hợp tác xã Nông nghiệp" if kind == "hop_tac_xa" else "Công ty cổ phần"
            u.others.append(self.add_unit(f"{label} {next(place_names)}", kind, u.new_province))
        for name in (
            "Cụm thi đua các sở kinh tế",
            "Khối thi đua các sở văn hóa - xã hội",
            "Cụm thi đua các xã phía Bắc",
            "Cụm thi đua các xã phía Nam",
            "Khối các tổ chức đoàn thể",
        ):
            u.others.append(self.add_unit(name, "cum_khoi", u.new_province))

    # --- campaigns --------------------------------------------------------------------------
    def build_campaigns(self, seeds_dir: Any) -> None:
        super().build_campaigns(seeds_dir)
        for year in range(2016, 2025):
            self.campaigns[f"province-{year}"] = campaign_service.create_campaign(
                self.s, province_yearly(year)
            )
        self.department_campaigns: list[tuple[str, int, int]] = []  # (key, department, year)
        for name, dept in self.units.departments.items():
            for year in (2024, 2025):
                if len(self.campaigns) >= 50:
                    break
                key = f"dept-{dept}-{year}"
                if name == "Sở Nông nghiệp và Môi trường" and year == 2025:
                    continue  # the demo's own agri-2025 campaign covers it
                self.campaigns[key] = campaign_service.create_campaign(self.s, _department_yearly(name, year))
                self.department_campaigns.append((key, dept, year))
        self.summary.counts["campaigns"] = len(self.campaigns)

    # --- nominations ------------------------------------------------------------------------
    def build_nominations(self) -> None:
        super().build_nominations()  # the seed plans and the demo's examples, through the services
        self.next_nomination = int(self.s.scalar(select(func.max(Nomination.id))) or 0) + 1
        self.next_award = int(self.s.scalar(select(func.max(AwardRecord.id))) or 0) + 1
        self.rows: list[dict[str, Any]] = []
        self.award_rows: list[dict[str, Any]] = []
        staff_by_unit: dict[int, list[dict[str, Any]]] = {}
        for p in self.people:
            staff_by_unit.setdefault(p["unit_id"], []).append(p)
        for key, dept, year in self.department_campaigns:
            decision = self._bulk_decision(key, year, self.units.names[dept], "GIÁM ĐỐC")
            shares = _PAST if year < 2025 else _CURRENT
            for division in self.units.divisions[dept]:
                staff = staff_by_unit.get(division, [])[:40]
                ldtt = [self._status(shares) for _ in staff]
                for p, st in zip(staff, ldtt, strict=True):
                    self._bulk_nomination(
                        key,
                        SubjectKind.INDIVIDUAL,
                        p["id"],
                        "LDTT",
                        division,
                        year,
                        st,
                        decision,
                        p["full_name"],
                    )
                # CSTĐCS: at most 15 % of the division's LĐTT places, as the campaign's ratio quota says.
                room = math.floor(0.15 * sum(st in _HOLDING for st in ldtt) + 1e-9)
                for p in staff[: max(room + 1, 2)]:
                    st = self._status(shares)
                    if st in _HOLDING:
                        if room == 0:
                            st = S.WITHDRAWN
                        else:
                            room -= 1
                    self._bulk_nomination(
                        key,
                        SubjectKind.INDIVIDUAL,
                        p["id"],
                        "CSTDCS",
                        division,
                        year,
                        st,
                        decision,
                        p["full_name"],
                    )
                self._bulk_nomination(
                    key,
                    SubjectKind.UNIT,
                    division,
                    "TTLDTT",
                    dept,
                    year,
                    self._status(shares),
                    decision,
                    self.units.names[division],
                )
        self._province_rounds(staff_by_unit)
        if self.rows:
            self.s.execute(insert(Nomination), self.rows)
        if self.award_rows:
            self.s.execute(insert(AwardRecord), self.award_rows)

    def _province_rounds(self, staff_by_unit: dict[int, list[dict[str, Any]]]) -> None:
        """Province-level rounds 2016–2024: quotas of 15 collectives, 03 people per unit, 05 flags."""
        divisions = [d for ds in self.units.divisions.values() for d in ds]
        for year in range(2016, 2025):
            key = f"province-{year}"
            decision = self._bulk_decision(key, year, "Ủy ban nhân dân tỉnh Thái Bình", "CHỦ TỊCH")
            for d in self.rng.sample(divisions, 18):  # 15 places: the last three are turned down
                taken = sum(
                    1
                    for r in self.rows
                    if r["campaign_id"] == self.campaigns[key]
                    and r["subject_kind"] is SubjectKind.UNIT
                    and r["status"] in _HOLDING
                )
                st = self._status(_PAST) if taken < 15 else S.REJECTED
                self._bulk_nomination(
                    key,
                    SubjectKind.UNIT,
                    d,
                    "BK_TINH",
                    self.parents[d],
                    year,
                    st,
                    decision,
                    self.units.names[d],
                )
            for dept, ds in self.units.divisions.items():
                staff = [p for d in ds for p in staff_by_unit.get(d, [])[:1]][:4]
                held = 0
                for p in staff:
                    st = self._status(_PAST)
                    if st in _HOLDING:
                        if held >= 3:
                            st = S.WITHDRAWN
                        held += 1
                    self._bulk_nomination(
                        key,
                        SubjectKind.INDIVIDUAL,
                        p["id"],
                        "BK_TINH",
                        dept,
                        year,
                        st,
                        decision,
                        p["full_name"],
                    )

    def _status(self, shares: tuple[tuple[NominationStatus, float], ...]) -> NominationStatus:
        return self.rng.choices([s for s, _ in shares], weights=[w for _, w in shares])[0]

    def _bulk_decision(self, key: str, year: int, issuer: str, title: str) -> Decision:
        number = f"{self.rng.randint(10, 900)}/QĐ-{'UBND' if key.startswith('province') else 'SNN'}"
        row = Decision(
            number=number,
            signed_on=date(year + 1, 1, 15) + timedelta(days=self.rng.randint(0, 20)),
            issuer=issuer,
            signer_title=title,
            signer_name="Nguyễn Văn Quyết",
            summary=f"Khen thưởng thành tích năm {year}",
            campaign_id=self.campaigns[key],
        )
        self.s.add(row)
        self.s.flush()
        self._serial = getattr(self, "_serial", {})
        self._serial[row.id] = 0
        return row

    def _bulk_nomination(
        self,
        key: str,
        kind: SubjectKind,
        subject: int,
        code: str,
        proposer: int | None,
        year: int,
        status: NominationStatus,
        decision: Decision,
        name: str,
    ) -> None:
        nid = self.next_nomination
        self.next_nomination += 1
        form = self.forms[code]
        approved = status is S.APPROVED
        self.rows.append(
            {
                "id": nid,
                "subject_kind": kind,
                "unit_id": subject if kind is SubjectKind.UNIT else None,
                "individual_id": subject if kind is SubjectKind.INDIVIDUAL else None,
                "household_id": None,
                "campaign_id": self.campaigns[key],
                "award_form_id": form.id,
                "proposing_unit_id": proposer,
                "year": year,
                "filed_on": date(year, 12, 1),
                "summary": "Hoàn thành xuất sắc nhiệm vụ được giao.",
                "status": status,
                "status_changed_at": self._when(year),
                "source": RecordSource.DEMO,
                "decision_id": decision.id if approved else None,
                "votes_for": 17 if status in (S.VOTED, S.APPROVED) and form.requires_vote else None,
                "council_size": 19 if status in (S.VOTED, S.APPROVED) and form.requires_vote else None,
                **self._bulk_override(status, year),
                **stamp(),
            }
        )
        if approved:
            self._serial[decision.id] += 1
            self.award_rows.append(
                {
                    "id": self.next_award,
                    "subject_kind": kind,
                    "unit_id": subject if kind is SubjectKind.UNIT else None,
                    "individual_id": subject if kind is SubjectKind.INDIVIDUAL else None,
                    "household_id": None,
                    "award_form_id": form.id,
                    "award_name": form.name,
                    "recipient_name": name,
                    "year": year,
                    "decision_number": decision.number,
                    "decision_date": decision.signed_on,
                    "issuer": decision.issuer,
                    "award_type": form.default_award_type if form.default_award_type else AwardType.MERIT,
                    "campaign_id": self.campaigns[key],
                    "nomination_id": nid,
                    "decision_id": decision.id,
                    "golden_book_no": str(self._serial[decision.id]),
                    "source": RecordSource.DEMO,
                    "search_fold": fold(f"{name} {form.name} {decision.number} {decision.issuer}"),
                    **stamp(),
                }
            )
            self.next_award += 1

    def _bulk_override(self, status: NominationStatus, year: int) -> dict[str, Any]:
        """Files written past the gate in bulk were never judged one by one: they say so, as an
        override recorded at appraisal, so `emudesk check` does not take them for files approved
        unjudged (and judges only the demo's own files, which went through the workflow)."""
        if status not in (S.APPRAISED, S.VOTED, S.APPROVED):
            return {}
        return {
            "override_reason": _BULK_OVERRIDE,
            "override_by": "demo",
            "override_at": self._when(year),
            "override_step": S.APPRAISED,
        }

    @staticmethod
    def _when(year: int) -> Any:
        from datetime import datetime

        return datetime(year + 1, 1, 10, 9, 0)


def _village(k: int) -> str:
    """Village names repeat in every commune; a second round gets numbers ("Thôn Đông 2")."""
    base = VILLAGE_NAMES[k % len(VILLAGE_NAMES)]
    return base if k < len(VILLAGE_NAMES) else f"{base} {k // len(VILLAGE_NAMES) + 1}"


def _department_yearly(name: str, year: int) -> CampaignDef:
    """A department's regular campaign: its titles, with the CSTĐCS ratio cap of the agri demo plan."""
    defn = agri_yearly(year)
    defn.title = f"Phong trào thi đua thường xuyên năm {year} của {name}"
    defn.short_title = f"Thi đua thường xuyên {year} – {name}"
    defn.issuing_body = f"{name} tỉnh Hưng Yên"
    defn.kind = CampaignKind.REGULAR
    return defn
