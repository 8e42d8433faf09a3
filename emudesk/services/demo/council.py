"""Demo data for rules, the council and decisions, added after the rest of the demo is built.

Everything goes through the services (rule book, council, decisions), so the
demo shows exactly what a clerk would get: a province's own rule set, recognised
initiatives, the provincial council with its term, a signed session with a
passed vote, a failed vote, a deferral and a return, the decision that follows
with sổ vàng numbers and cash, a correction and one revoked award. It uses its
own random generator so the data built before it does not change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from emudesk.db.base import new_uuid, utcnow
from emudesk.db.models import AnnualRating, AwardRecord, Decision, DisciplineRecord, Initiative, Nomination
from emudesk.domain.enums import AwardLevel, NominationStatus, Rating, SubjectKind
from emudesk.domain.errors import ConflictError
from emudesk.domain.rules import AgendaOutcome, CouncilRole, Jurisdiction, RuleKind
from emudesk.domain.text import fold
from emudesk.services.core.common import SubjectRef
from emudesk.services.council.members import CouncilInput, MemberInput, add_member, create_council
from emudesk.services.council.sessions import (
    SessionInput,
    add_to_agenda,
    open_session,
    set_attendance,
    sign_minutes,
)
from emudesk.services.council.tallies import ballot_cap, decide, record_tally
from emudesk.services.decisions import issuing as decisions
from emudesk.services.decisions.issuing import Correction, DecisionDraft
from emudesk.services.nominations import workflow as nomination_service
from emudesk.services.nominations.workflow import NominationInput
from emudesk.services.rules import rulebook

if TYPE_CHECKING:
    from emudesk.services.demo.campaigns import DemoBuilder

_INITIATIVES = (
    "Giải pháp số hóa hồ sơ đề nghị khen thưởng",
    "Ứng dụng bản đồ số trong quản lý công trình thủy lợi",
    "Quy trình một cửa liên thông giải quyết thủ tục hành chính",
    "Mô hình liên kết sản xuất lúa chất lượng cao",
    "Cải tiến quy trình thẩm định hồ sơ đất đai",
    "Phần mềm theo dõi tiến độ giải ngân vốn đầu tư công",
    "Giải pháp nâng cao tỷ lệ hồ sơ trực tuyến toàn trình",
    "Sổ tay hướng dẫn nghiệp vụ cho cán bộ cấp xã",
)

S = NominationStatus


@dataclass
class CouncilDemo:
    council_id: int
    session_id: int
    decision_id: int
    revocation_id: int


def build(session: Session, builder: DemoBuilder, seed: int) -> CouncilDemo:
    rng = random.Random(seed + 6)
    _province_rules(session)
    _initiatives(session, builder, rng)
    result = _council_session(session, builder)
    builder.summary.counts["initiatives"] = len(session.scalars(select(Initiative.id)).all())
    return result


def _province_rules(session: Session) -> None:
    """What a province's office adds without code: its own regulation, here the council's quorum."""
    set_id = rulebook.create_rule_set(
        session,
        rulebook.RuleSetInput(
            code="HY_QC_2025",
            name="Quy chế công tác thi đua, khen thưởng tỉnh Hưng Yên (dữ liệu demo)",
            short_name="Quy chế TĐKT tỉnh Hưng Yên",
            jurisdiction=Jurisdiction.PROVINCE,
            jurisdiction_name="Tỉnh Hưng Yên",
            effective_from=date(2025, 7, 1),
            source="Dữ liệu minh họa, theo mẫu QĐ 86/2025/QĐ-UBND tỉnh Bắc Ninh",
        ),
    )
    rulebook.add_rule(
        session,
        set_id,
        rulebook.RuleInput(
            code="COUNCIL.quorum",
            kind=RuleKind.QUORUM,
            params={"min_present_percent": 80},
            article="Điều 12",
            text="Phiên họp xét khen thưởng hợp lệ khi có ít nhất 80% thành viên Hội đồng tham dự; "
            "thành viên vắng mặt gửi ý kiến bằng văn bản",
        ),
    )


def _initiatives(session: Session, builder: DemoBuilder, rng: random.Random) -> None:
    """Recognised initiatives for some holders of Chiến sĩ thi đua cơ sở (province scope for the best)."""
    cstdcs = builder.forms["CSTDCS"].id
    years: dict[int, set[int]] = {}
    for pid, year in session.execute(
        select(AwardRecord.individual_id, AwardRecord.year).where(
            AwardRecord.award_form_id == cstdcs, AwardRecord.individual_id.is_not(None)
        )
    ):
        assert pid is not None
        years.setdefault(pid, set()).add(year)
    rows: list[dict[str, Any]] = []
    now = utcnow()
    for pid in sorted(years):
        held = years[pid]
        for year in sorted(held):
            if rng.random() < 0.3:
                rows.append(_initiative(pid, year, AwardLevel.GRASSROOTS, rng, now))
        if {2023, 2024, 2025} <= held and rng.random() < 0.8:
            rows.append(_initiative(pid, 2025, AwardLevel.PROVINCE, rng, now))
    if rows:
        session.execute(insert(Initiative), rows)


def _initiative(pid: int, year: int, scope: AwardLevel, rng: random.Random, now: Any) -> dict[str, Any]:
    province = scope is AwardLevel.PROVINCE
    return {
        "individual_id": pid,
        "title": rng.choice(_INITIATIVES),
        "year": year,
        "scope_level": scope,
        "recognized_by": "Hội đồng sáng kiến tỉnh" if province else "Hội đồng sáng kiến cơ sở",
        "recognition_ref": f"{rng.randint(10, 400)}/QĐ-{'UBND' if province else 'HĐSK'}",
        "recognized_on": date(year, 11, rng.randint(1, 28)),
        "is_research": False,
        "uuid": new_uuid(),
        "created_at": now,
        "updated_at": now,
    }


def _council_session(session: Session, builder: DemoBuilder) -> CouncilDemo:
    u = builder.units
    depts = list(u.departments.items())
    council_id = create_council(
        session,
        CouncilInput(
            name="Hội đồng Thi đua - Khen thưởng tỉnh Hưng Yên",
            unit_id=u.new_province,
            term_start=date(2025, 7, 15),
            term_end=date(2030, 7, 14),
            established_by="Quyết định số 1520/QĐ-UBND ngày 15/7/2025",
        ),
    )
    snv = u.departments["Sở Nội vụ"]
    tdkt = next(d for d in u.divisions[snv] if builder.units.names[d].startswith("Phòng Thi đua"))
    secretary = next((p for p in builder.people if p["unit_id"] == tdkt), None)
    add_member(
        session,
        council_id,
        MemberInput(
            "Trần Quốc Văn",
            CouncilRole.CHAIR,
            "Chủ tịch UBND tỉnh, Chủ tịch Hội đồng",
            unit_id=u.new_province,
        ),
    )
    add_member(
        session,
        council_id,
        MemberInput(
            "Nguyễn Lê Huy", CouncilRole.VICE_CHAIR, "Phó Chủ tịch UBND tỉnh", unit_id=u.new_province
        ),
    )
    members: dict[str, int] = {}
    directors = ("Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Đinh")
    givens = ("Minh Tuấn", "Thị Hồng", "Văn Thắng", "Quang Huy", "Thị Lan", "Đức Long", "Văn Khải", "Thị Mai")
    for i, (name, dept) in enumerate(depts):
        role = CouncilRole.VICE_CHAIR if name == "Sở Nội vụ" else CouncilRole.MEMBER
        members[name] = add_member(
            session,
            council_id,
            MemberInput(
                f"{directors[i % len(directors)]} {givens[i % len(givens)]}",
                role,
                f"Giám đốc {name}",
                unit_id=dept,
            ),
        )
    add_member(
        session,
        council_id,
        MemberInput(
            secretary["full_name"] if secretary else "Trần Thị Hương",
            CouncilRole.SECRETARY,
            "Trưởng phòng Thi đua - Khen thưởng, Sở Nội vụ; Thư ký Hội đồng",
            individual_id=secretary["id"] if secretary else None,
            unit_id=tdkt,
        ),
    )
    # Nominations for the provincial title: three staff with three straight years of CSTĐCS; the
    # third lacks the province-wide initiative the title needs.
    camp = builder.campaigns["province-2025"]
    filed = date(2025, 12, 5)
    picked = _strong_candidates(session, builder)
    unit_of = {p["id"]: p["unit_id"] for p in builder.people}
    parent_of = {r["id"]: r["parent_id"] for r in builder.unit_rows}
    candidates = []
    # The third file goes to the council although its initiative is not recorded at province level:
    # the office overrides the check and says why; the council then defers it.
    overrides = {
        2: "Đơn vị báo cáo sáng kiến đã được Hội đồng sáng kiến tỉnh công nhận, quyết định công nhận "
        "đang chờ bổ sung; Sở Nội vụ trình Hội đồng xem xét."
    }
    for k, ref in enumerate(picked):
        nid = nomination_service.create_nomination(
            session,
            NominationInput(
                subject=ref,
                campaign_id=camp,
                award_form_id=builder.forms["CSTD_TINH"].id,
                proposing_unit_id=parent_of.get(unit_of[ref.id]) or unit_of[ref.id],
                year=2025,
                filed_on=filed,
                summary="Ba năm liền đạt Chiến sĩ thi đua cơ sở (2023–2025); sáng kiến được công nhận "
                "phạm vi toàn tỉnh.",
            ),
        )
        nomination_service.transition(session, [nid], S.SUBMITTED)
        nomination_service.transition(session, [nid], S.APPRAISED, override_reason=overrides.get(k))
        candidates.append(nid)
    collectives = list(
        session.scalars(
            select(Nomination.id)
            .where(
                Nomination.campaign_id == camp,
                Nomination.status == S.APPRAISED,
                Nomination.subject_kind == SubjectKind.UNIT,
                Nomination.award_form_id == builder.forms["BK_TINH"].id,
            )
            .order_by(Nomination.id)
        )
    )[:2]
    session_id = open_session(
        session,
        council_id,
        SessionInput(
            title="Phiên họp xét khen thưởng tổng kết công tác thi đua năm 2025",
            held_on=date(2026, 1, 12),
            place="Trụ sở UBND tỉnh Hưng Yên",
            campaign_id=camp,
        ),
    )
    absent = list(members.values())[-2:]
    set_attendance(
        session,
        session_id,
        absent[0],
        present=False,
        written_opinion="Nhất trí với danh sách đề nghị của Sở Nội vụ.",
        received_on=date(2026, 1, 10),
    )
    set_attendance(session, session_id, absent[1], present=False)
    items = add_to_agenda(session, session_id, candidates + collectives)
    # Ballots for, against and invalid short of what the item can have: 12 ballots out of 13 members
    # (the threshold counts all 13), fewer where a member is recused from the item.
    plan: list[tuple[tuple[int, int, int] | None, AgendaOutcome, str | None]] = [
        ((0, 0, 0), AgendaOutcome.APPROVED, None),
        ((2, 1, 1), AgendaOutcome.REJECTED, "Không đạt tỷ lệ phiếu đồng ý theo quy định."),
        (None, AgendaOutcome.DEFERRED, "Bổ sung quyết định công nhận sáng kiến cấp tỉnh, xét tại phiên sau."),
        ((1, 1, 0), AgendaOutcome.APPROVED, None),
        (None, AgendaOutcome.RETURNED, "Bổ sung biên bản họp bình xét của đơn vị."),
    ]
    approved_any = False
    for item_id, (tally, outcome, note) in zip(items, plan, strict=False):
        if tally is not None:
            short, against, invalid = tally
            record_tally(session, item_id, ballot_cap(session, item_id).limit - short, against, invalid)
        try:
            with session.begin_nested():
                decide(session, item_id, outcome, note=note)
            approved_any = approved_any or outcome is AgendaOutcome.APPROVED
        except ConflictError:
            # The engine disagrees (e.g. too few candidates qualified): the council defers instead.
            decide(session, item_id, AgendaOutcome.DEFERRED, note="Chưa đủ điều kiện theo quy định.")
    sign_minutes(session, session_id, "01/BB-HĐTĐKT", date(2026, 1, 13))
    decision_id = 0
    if approved_any:
        decision_id = decisions.from_session(
            session,
            session_id,
            DecisionDraft(
                number="150/QĐ-UBND",
                signed_on=date(2026, 1, 26),
                issuer="Ủy ban nhân dân tỉnh Hưng Yên",
                signer_title="CHỦ TỊCH",
                signer_name="Trần Quốc Văn",
                summary="Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh và Bằng khen năm 2025",
                submission_number="09/TTr-SNV",
                submission_date=date(2026, 1, 19),
            ),
        )
        # The printed list misspelled the first recipient (no diacritics in the family name); the
        # correcting decision restores it, and history keeps both.
        first = decisions.recipients(session, decision_id)[0]
        right = first.recipient_name
        family, _sep, rest = right.partition(" ")
        record = session.get(AwardRecord, first.award_record_id)
        assert record is not None
        record.recipient_name = f"{fold(family).title()} {rest}".strip()
        decisions.issue(session, decision_id)
        decisions.correct(
            session,
            decision_id,
            DecisionDraft(
                number="162/QĐ-UBND",
                signed_on=date(2026, 2, 3),
                signer_title="CHỦ TỊCH",
                signer_name="Trần Quốc Văn",
                summary="Đính chính Quyết định số 150/QĐ-UBND ngày 26/01/2026",
            ),
            [Correction(first.award_record_id, "recipient_name", right)],
        )
    revocation_id = _revocation(session)
    return CouncilDemo(council_id, session_id, decision_id, revocation_id)


def _strong_candidates(session: Session, builder: DemoBuilder) -> list[SubjectRef]:
    """Complete 2023–2025 CSTĐCS (with HTXSNV ratings) for three department staff without discipline."""
    cstdcs = builder.forms["CSTDCS"].id
    held: dict[int, set[int]] = {}
    for pid, year in session.execute(
        select(AwardRecord.individual_id, AwardRecord.year).where(
            AwardRecord.award_form_id == cstdcs, AwardRecord.year.between(2023, 2025)
        )
    ):
        assert pid is not None
        held.setdefault(pid, set()).add(year)
    disciplined = set(session.scalars(select(DisciplineRecord.individual_id)))
    staff = [p for p in builder.people if p["_kind"] == "dept" and p["id"] not in disciplined]
    staff.sort(key=lambda p: (-len(held.get(p["id"], ())), p["id"]))
    chosen = staff[:3]
    rows = []
    for person in chosen:
        for year in (2023, 2024, 2025):
            if year not in held.get(person["id"], set()):
                rows.append(builder.award_row(person, year, "CSTDCS"))
        session.execute(
            update(AnnualRating)
            .where(AnnualRating.individual_id == person["id"], AnnualRating.year.between(2023, 2025))
            .values(rating=Rating.EXCELLENT)
        )
    if rows:
        session.execute(insert(AwardRecord), rows)
    now = utcnow()
    extra = [
        _initiative(chosen[0]["id"], 2025, AwardLevel.PROVINCE, random.Random(1), now),
        _initiative(chosen[1]["id"], 2024, AwardLevel.PROVINCE, random.Random(2), now),
        _initiative(chosen[2]["id"], 2025, AwardLevel.GRASSROOTS, random.Random(3), now),
    ]
    session.execute(insert(Initiative), extra)
    return [SubjectRef(SubjectKind.INDIVIDUAL, p["id"]) for p in chosen]


def _revocation(session: Session) -> int:
    """One award revoked (Luật TĐKT 2022, Điều 93): the individual Bằng khen of decision 25/QĐ-UBND."""
    original = session.scalar(select(Decision).where(Decision.number == "25/QĐ-UBND"))
    if original is None:
        return 0
    target = session.scalar(
        select(AwardRecord.id)
        .where(AwardRecord.decision_id == original.id, AwardRecord.subject_kind == SubjectKind.INDIVIDUAL)
        .order_by(AwardRecord.id)
    )
    if target is None:
        return 0
    return decisions.revoke(
        session,
        original.id,
        DecisionDraft(
            number="418/QĐ-UBND",
            signed_on=date(2024, 5, 20),
            issuer="Ủy ban nhân dân tỉnh Thái Bình",
            signer_title="CHỦ TỊCH",
            signer_name="Nguyễn Khắc Thận",
            summary="Thu hồi Bằng khen của Chủ tịch UBND tỉnh",
        ),
        reason="Thành tích kê khai không trung thực (Luật TĐKT 2022, Điều 93).",
        award_record_ids=[target],
    )
