"""Campaigns and nominations: the seed plans, the province's and its agriculture department's yearly
plans, and nominations in every status of the workflow.

They go through the services, so every quota and workflow rule holds in the demo exactly as in
real use; the council and decisions demo (``council``) builds on the nominations made here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from emudesk.db.models import Campaign
from emudesk.domain.enums import (
    CampaignKind,
    CampaignStatus,
    MilestoneKind,
    NominationStatus,
    QuotaKind,
    QuotaScope,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.errors import QuotaExceededError
from emudesk.domain.rules import Outcome
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
from emudesk.services.demo.people import PeopleBuilder
from emudesk.services.demo.votes import seed_votes
from emudesk.services.eligibility import judge
from emudesk.services.nominations import workflow as nomination_service
from emudesk.services.nominations.gate import IneligibleError
from emudesk.services.nominations.workflow import DecisionInput, NominationInput, Votes


class DemoBuilder(PeopleBuilder):
    """The demo data set's builder: units, people and their history, then campaigns and nominations."""

    def build_campaigns(self, seeds_dir: Path) -> None:
        self.campaigns: dict[str, int] = {}
        closing: list[str] = []
        plans = [(path.stem, load_definition(path)) for path in sorted(seeds_dir.glob("*.json"))]
        plans += [
            ("province-2025", province_yearly(2025)),
            ("province-2026", province_yearly(2026)),
            ("agri-2025", agri_yearly(2025)),
        ]
        for key, defn in plans:
            # A closed campaign takes no files: the finished plans run until their files are in,
            # then close_campaigns closes them.
            if defn.status is CampaignStatus.CLOSED:
                defn.status = CampaignStatus.ACTIVE
                closing.append(key)
            self.campaigns[key] = campaign_service.create_campaign(self.s, defn)
        self.closing = [self.campaigns[key] for key in closing]
        self.summary.counts["campaigns"] = len(self.campaigns)

    def close_campaigns(self) -> None:
        """Close the finished plans once the demo's files are in (only the status changes)."""
        for cid in self.closing:
            campaign = self.s.get(Campaign, cid)
            assert campaign is not None
            campaign.status = CampaignStatus.CLOSED

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
        override: str | None = None,
    ) -> list[int]:
        """Move files step by step; those the eligibility check refuses are sent back, with its reasons.

        Returns the files that made every step. ``override`` is the reason recorded for a file
        moved on although judged not eligible.
        """
        for step in steps:
            if not ids:
                break
            if step is NominationStatus.VOTED:
                seed_votes(self.s, ids, Votes(17, 1, 0, 19), note=note)
                continue
            try:
                with self.s.begin_nested():  # a refused move leaves nothing behind
                    nomination_service.transition(
                        self.s,
                        ids,
                        step,
                        note=note,
                        decision=decision if step is NominationStatus.APPROVED else None,
                        override_reason=override,
                    )
            except IneligibleError as refused:
                # The office sends back what does not meet the conditions, saying which ones.
                for f in refused.files:
                    self._send_back(f.nomination_id, "Không đủ điều kiện: " + "; ".join(f.reasons))
                gone = {f.nomination_id for f in refused.files}
                ids = [i for i in ids if i not in gone]
                return self._move(
                    ids, *steps[steps.index(step) :], decision=decision, note=note, override=override
                )
        return ids

    def _may_receive(self, person_id: int, code: str, year: int, on: date) -> bool:
        """Whether the register shows a person meeting the conditions (or open to judgement)."""
        ref = SubjectRef(SubjectKind.INDIVIDUAL, person_id)
        return judge.evaluate(self.s, ref, code, on, year=year).outcome is not Outcome.NOT_ELIGIBLE

    def _send_back(self, nid: int, note: str) -> None:
        """Return a file still at the first desk for completion; reject one the council has seen."""
        status = self.s.get(nomination_service.Nomination, nid)
        assert status is not None
        target = (
            NominationStatus.RETURNED
            if status.status is NominationStatus.SUBMITTED
            else NominationStatus.REJECTED
        )
        nomination_service.transition(self.s, [nid], target, note=note)

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
            # The Sở Nội vụ's tờ trình the province approved against (its Căn cứ cites it).
            submission_number="185/TTr-SNV",
            submission_date=date(2026, 1, 12),
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
        # A unit sends a CSTĐ cấp tỉnh file for someone without the three straight years of CSTĐCS:
        # it is received with the warning, and appraisal will refuse it unless someone overrides.
        lacking = next(
            p
            for p in self.people
            if p["_kind"] == "dept" and not self._may_receive(p["id"], "CSTD_TINH", 2026, filed)
        )
        nid = self._nominate(
            ind(lacking),
            camp,
            "CSTD_TINH",
            self.parent_of(lacking["unit_id"]),
            2026,
            "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến cấp tỉnh đang chờ công nhận.",
            filed,
        )
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
        proposed = self.agri_proposed()
        for div in u.divisions[dept]:
            staff = proposed[div]
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
            # CSTĐCS: at most 15 % of the division's LĐTT, then voted by the council. The division
            # proposes those the register shows meeting the conditions first.
            likely = sorted(staff[:12], key=lambda p: not self._may_receive(p["id"], "CSTDCS", 2025, filed))
            for k, p in enumerate(likely[:4]):
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
                    voted = self._move([nid], s.SUBMITTED, s.APPRAISED, s.VOTED)
                    if k == 0 and voted:
                        self._move(voted, s.APPROVED, decision=dec)
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


def province_yearly(year: int) -> CampaignDef:
    """The province's regular campaign of ``year``, with the quotas of a yearly award guideline."""
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
            ParticipantDef(SubjectKind.UNIT, "Các phòng, đơn vị thuộc sở, ban, ngành", "don_vi_truc_thuoc"),
            ParticipantDef(SubjectKind.INDIVIDUAL, "Cán bộ, công chức, viên chức, người lao động"),
            ParticipantDef(SubjectKind.HOUSEHOLD, "Hộ gia đình"),
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


def agri_yearly(year: int) -> CampaignDef:
    """The agriculture department's regular campaign of ``year``, with its CSTĐCS ratio cap."""
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
        participants=[
            ParticipantDef(SubjectKind.UNIT, "Tập thể: các phòng, đơn vị thuộc Sở", "don_vi_truc_thuoc"),
            ParticipantDef(SubjectKind.INDIVIDUAL, "Cá nhân: công chức, viên chức, người lao động thuộc Sở"),
        ],
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
