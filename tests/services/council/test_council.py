"""The council session: attendance and quorum, tallies against all members by the dated rule with its
version kept, recusal flags, outcomes moving nominations and recounting quotas, signed minutes, the
decision that follows. One full session runs on the demo data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from emudesk.db.models import AgendaItem, Council, Nomination, ReviewSession
from emudesk.domain.enums import NominationStatus, Rating, SubjectKind
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.domain.rules import AgendaOutcome, CouncilRole, Jurisdiction, Outcome, RuleKind, SessionStatus
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.council import screens, sessions, tallies
from emudesk.services.council.members import CouncilInput, MemberInput, add_member, create_council, members_on
from emudesk.services.decisions import issuing as decisions
from emudesk.services.decisions.issuing import DecisionDraft
from emudesk.services.demo.votes import seed_votes
from emudesk.services.exports.documents import ExportParams, export_document
from emudesk.services.nominations.workflow import NominationInput, Votes, create_nomination, transition
from emudesk.services.register import households
from emudesk.services.rules import rulebook
from emudesk.services.workspace.check import run_checks
from tests.factories import form_id, person, unit
from tests.readback import data_rows, pdf_raw_text, xlsx_body
from tests.services.builders import HH, IND, UNIT, campaign, rate
from tests.snapshot import snapshot

S = NominationStatus
A = AgendaOutcome


def _quorum_rule(s: object, percent: int = 80) -> None:
    set_id = rulebook.create_rule_set(
        s,  # type: ignore[arg-type]
        rulebook.RuleSetInput(
            "TINH_QC",
            "Quy chế thi đua của tỉnh",
            "Quy chế TĐKT tỉnh",
            Jurisdiction.PROVINCE,
            effective_from=date(2025, 1, 1),
        ),
    )
    rulebook.add_rule(
        s,  # type: ignore[arg-type]
        set_id,
        rulebook.RuleInput(
            "COUNCIL.quorum", RuleKind.QUORUM, {"min_present_percent": percent}, article="Điều 12"
        ),
    )


def _appraised(s: object, camp: int, ref: SubjectRef, code: str, proposer: int | None = None) -> int:
    nid = create_nomination(
        s,  # type: ignore[arg-type]
        NominationInput(ref, camp, form_id(s, code), proposer, year=2025, filed_on=date(2025, 12, 5)),  # type: ignore[arg-type]
    )
    transition(s, [nid], S.SUBMITTED)  # type: ignore[arg-type]
    transition(s, [nid], S.APPRAISED)  # type: ignore[arg-type]
    return nid


def test_threshold_counts_every_member_and_keeps_the_rule_version(store: Store) -> None:
    with store.write() as s:
        _quorum_rule(s)
        camp = campaign(s, "CSTDCS", "LDTT", "GDVH", "TTLDTT")
        div = unit(s, "Phòng Tổng hợp")
        other = unit(s, "Phòng Kế hoạch")
        an = person(s, "Nguyễn Văn An", div)
        chi = person(s, "Lê Thị Chi", other)
        rate(s, 2025, Rating.EXCELLENT, individual=an)
        board = create_council(
            s,
            CouncilInput("Hội đồng Thi đua - Khen thưởng Sở", unit_id=None, term_start=date(2025, 1, 1)),
        )
        members = [
            add_member(s, board, MemberInput(name, role, unit_id=uid, individual_id=pid))
            for name, role, uid, pid in (
                ("Trần Văn Hải", CouncilRole.CHAIR, None, None),
                ("Phạm Văn Hùng", CouncilRole.VICE_CHAIR, div, None),  # heads a unit on the agenda
                ("Lê Thị Chi", CouncilRole.MEMBER, other, chi),
                ("Đỗ Văn Khoa", CouncilRole.MEMBER, None, None),
                ("Vũ Thị Lan", CouncilRole.MEMBER, None, None),
            )
        ]
        add_member(s, board, MemberInput("Ngô Thị Thư", CouncilRole.SECRETARY, voting=False))
        home = households.create_household(
            s, households.HouseholdInput(head_name="Lê Thị Chi", head_individual_id=chi)
        )
        village = unit(s, "Thôn Đông", "thon_tdp")
        n_person = _appraised(s, camp, SubjectRef(IND, an), "CSTDCS", div)
        n_unit = _appraised(s, camp, SubjectRef(IND, chi), "LDTT", other)
        n_home = _appraised(s, camp, SubjectRef(HH, home), "GDVH", village)
        n_div = _appraised(s, camp, SubjectRef(UNIT, div), "TTLDTT")
        meeting = sessions.open_session(
            s, board, sessions.SessionInput("Phiên họp tháng 12", date(2025, 12, 20))
        )
        items = sessions.add_to_agenda(s, meeting, [n_person, n_unit, n_home, n_div])
        with pytest.raises(ConflictError):
            sessions.add_to_agenda(s, meeting, [n_person])
    with store.read() as s:
        view = screens.view(s, meeting)
    assert view.attendance.members == 5  # the secretary does not vote
    # Flagged: a member who is the subject, whose household or whose own unit is on the agenda.
    assert [i.recused for i in view.items] == [(), ("Lê Thị Chi",), ("Lê Thị Chi",), ("Phạm Văn Hùng",)]
    with store.write() as s:
        sessions.set_attendance(
            s, meeting, members[3], present=False, written_opinion="Đồng ý cả ba trường hợp."
        )
        sessions.set_attendance(s, meeting, members[4], present=False)
        assert sessions.attendance(s, meeting).quorum_met is False  # 3/5 present; 80 % needs 4
        with pytest.raises(ValidationError, match="tối đa 4 phiếu"):
            tallies.record_tally(s, items[0], 5, 0, 0)  # 3 present + 1 written opinion cast 4 ballots at most
        tally = tallies.record_tally(s, items[0], 3, 1, 0)
    # 3 of 5 members is 60 %: below 80 % of all members, though 3 of the 4 ballots (75 %).
    assert (tally.passed, tally.needed) == (False, 4)
    assert (
        tally.reason.text == "3/5 thành viên Hội đồng đồng ý (60%); cần 80% tổng số thành viên, tức 4 phiếu"
    )
    with store.write() as s, pytest.raises(ConflictError, match="không đủ số thành viên"):
        tallies.decide(s, items[0], A.APPROVED)
    with store.write() as s:
        sessions.set_attendance(s, meeting, members[4], present=True)
        assert sessions.attendance(s, meeting).quorum_met is True
        with pytest.raises(ConflictError, match="không đạt"):
            tallies.decide(s, items[0], A.APPROVED)
    with store.write() as s:
        tallies.record_tally(s, items[1], 4, 0, 0)
        tallies.decide(s, items[1], A.APPROVED)
        result = tallies.decide(s, items[0], A.REJECTED, note="Không đạt tỷ lệ phiếu.")
    assert (result.nomination_status, result.outcome) == (S.REJECTED, A.REJECTED)
    with store.read() as s:
        item = s.get(AgendaItem, items[0])
        assert item is not None
        vote_rule = rulebook.vote_rule(s, "CSTDCS", SubjectKind.INDIVIDUAL, date(2025, 12, 5))
        assert vote_rule is not None
        assert (item.threshold_rule_id, item.threshold_rule_version, float(item.threshold_percent or 0)) == (
            vote_rule.id,
            1,
            80.0,
        )
        assert item.threshold_citation == "NĐ 152/2025/NĐ-CP (chưa xác minh)"
        rule_row_id = vote_rule.id
    with store.write() as s:
        from emudesk.db.models import Rule as RuleRow

        row = s.get(RuleRow, rule_row_id)
        assert row is not None
        rulebook.update_rule(
            s,
            rule_row_id,
            rulebook.RuleInput(
                row.code,
                RuleKind.VOTE_THRESHOLD,
                {"min_percent": 75},
                award_codes=row.award_codes,
                text=row.text,
                confirmed=False,
            ),
        )
    with store.read() as s:
        item = s.get(AgendaItem, items[0])
        assert (
            item is not None and item.threshold_rule_version == 1
        )  # the record keeps the version it applied
    with store.write() as s:
        with pytest.raises(ConflictError, match="chưa có kết luận"):
            sessions.close_session(s, meeting)
        tallies.decide(s, items[2], A.DEFERRED)
        tallies.decide(s, items[3], A.RETURNED, note="Bổ sung danh sách thành viên.")
        sessions.sign_minutes(s, meeting, "03/BB-HĐ", date(2025, 12, 22))
    with pytest.raises(ConflictError, match="không thể thay đổi"), store.write() as s:
        sessions.set_attendance(s, meeting, members[0], present=False)
    with store.read() as s:
        row = s.get(ReviewSession, meeting)
        assert row is not None and (row.status, row.quorum_met, row.member_count) == (
            SessionStatus.SIGNED,
            True,
            5,
        )
        lines = screens.minutes(s, meeting)
    assert "Biên bản số 03/BB-HĐ, ký ngày 22/12/2025." in lines
    assert any("Đỗ Văn Khoa" in line and "Đồng ý cả ba trường hợp." in line for line in lines)
    assert any("Hoãn xét" in line for line in lines)


def test_approval_refuses_a_vote_below_the_threshold(store: Store) -> None:
    with store.write() as s:
        camp = campaign(s, "CSTDCS")
        div = unit(s, "Phòng Tổng hợp")
        an = person(s, "Nguyễn Văn An", div)
        nid = _appraised(s, camp, SubjectRef(IND, an), "CSTDCS", div)
        seed_votes(s, [nid], Votes(15, 4, 0, 19))  # a past council's vote: 78.9 % of all members
    with pytest.raises(ConflictError, match="chưa đạt tỷ lệ"), store.write() as s:
        transition(s, [nid], S.APPROVED, decision=decisions_input())
    with store.read() as s:
        assert s.get(Nomination, nid).status is S.VOTED  # type: ignore[union-attr]


def test_a_vote_is_recorded_only_in_the_council_session(store: Store) -> None:
    """The bulk move to "voted" (window, CLI) knows no attendance nor recusals: it is refused whole and
    sent to the session, whose tally judges the ballots against who attended and who is recused."""
    with store.write() as s:
        camp = campaign(s, "CSTDCS")
        div = unit(s, "Phòng Tổng hợp")
        people = [person(s, name, div) for name in ("Nguyễn Văn An", "Trần Thị Bình")]
        ids = [_appraised(s, camp, SubjectRef(IND, pid), "CSTDCS", div) for pid in people]
        board = create_council(s, CouncilInput("Hội đồng Sở", unit_id=None, term_start=date(2025, 1, 1)))
        add_member(s, board, MemberInput("Trần Văn Hải", CouncilRole.CHAIR))
        add_member(s, board, MemberInput("Nguyễn Văn An", CouncilRole.MEMBER, individual_id=people[0]))
        for name in ("Đỗ Văn Khoa", "Vũ Thị Lan", "Lê Văn Minh"):
            add_member(s, board, MemberInput(name, CouncilRole.MEMBER))
        meeting = sessions.open_session(s, board, sessions.SessionInput("Phiên họp", date(2025, 12, 20)))
        item = sessions.add_to_agenda(s, meeting, ids[:1])[0]
        before = snapshot(s)
    for votes, agenda_item in ((Votes(5, 0, 0, 5), None), (Votes(5, 0, 0, 5), item)):
        # Not even naming the agenda item lets a tally the session never recorded through.
        with pytest.raises(ConflictError, match="màn hình Hội đồng") as refused, store.write() as s:
            transition(s, ids, S.VOTED, votes=votes, agenda_item_id=agenda_item)
        assert "2 hồ sơ được chọn, chưa ghi gì" in str(refused.value)
    with store.read() as s:
        assert snapshot(s) == before
    # In the session the member whose own file it is casts no ballot: 2 ballots are refused there.
    with store.write() as s, pytest.raises(ValidationError, match="tối đa 4 phiếu"):
        tallies.record_tally(s, item, 5, 0, 0)
    with store.write() as s:
        tallies.record_tally(s, item, 4, 0, 0)
        tallies.decide(s, item, A.APPROVED, note="Đồng ý.")
    with store.read() as s:
        n = s.get(Nomination, ids[0])
        assert n is not None and (n.status, n.votes_for, n.council_size) == (S.VOTED, 4, 5)


def decisions_input():  # type: ignore[no-untyped-def]
    from emudesk.services.nominations.workflow import DecisionInput

    return DecisionInput("25/QĐ-SNV", date(2026, 1, 12), "Sở Nội vụ")


def test_full_session_on_the_demo(demo_store: Store) -> None:
    """The demo's own session, then a new one run from agenda to signed minutes and decision."""
    with demo_store.read() as s:
        first = s.scalar(select(ReviewSession).order_by(ReviewSession.id))
        assert first is not None and first.status is SessionStatus.SIGNED
        shown = screens.view(s, first.id)
        outcomes = [(i.award_code, i.passed, i.outcome) for i in shown.items]
        assert ("CSTD_TINH", True, A.APPROVED) in outcomes
        assert ("CSTD_TINH", False, A.REJECTED) in outcomes  # the failed vote
        assert any(o is A.DEFERRED for _c, _p, o in outcomes)
        board = s.scalar(select(Council.id))
        deferred = next(
            i.nomination_id for i in shown.items if i.outcome is A.DEFERRED and i.award_code == "CSTD_TINH"
        )
        agri = list(
            s.scalars(
                select(Nomination.id)
                .join(Nomination.award_form)
                .where(Nomination.status == S.APPRAISED, Nomination.subject_kind == SubjectKind.UNIT)
                .order_by(Nomination.id)
            )
        )
        slides = screens.slides(s, first.id)
        # The demo obeys its own rules: no item counts the ballot of a member recused from it.
        counted = [(sum(i.votes), tallies.ballot_cap(s, i.id)) for i in shown.items if i.votes is not None]
        assert counted and all(total <= cap.limit for total, cap in counted), counted
        assert any(cap.recused for _total, cap in counted)
        assert slides[0].history and slides[0].verdict.outcome is Outcome.ELIGIBLE
    assert board is not None and len(agri) >= 3
    with demo_store.write() as s:
        meeting = sessions.open_session(
            s, board, sessions.SessionInput("Phiên họp bổ sung năm 2025", date(2026, 2, 10), campaign_id=None)
        )
        members = members_on(s, board, date(2026, 2, 10))
        sessions.set_attendance(s, meeting, members[-2].id, present=False, written_opinion="Nhất trí.")
        items = sessions.add_to_agenda(s, meeting, [deferred, *agri[:3]])
        size = sessions.attendance(s, meeting).members
        # The deferred candidate still lacks a province-wide initiative: the vote fails too.
        failed = tallies.record_tally(s, items[0], size - 4, 3, 1)
        assert failed.passed is False
        with pytest.raises(ConflictError):
            tallies.decide(s, items[0], A.APPROVED)
        tallies.decide(s, items[0], A.REJECTED, note="Không đạt tỷ lệ phiếu.")
        tallies.record_tally(s, items[1], size - 1, 0, 0)
        approved = tallies.decide(s, items[1], A.APPROVED, note="Hội đồng thống nhất đề nghị.")
        assert approved.quotas, "quotas are recounted after each outcome"
        tallies.decide(s, items[2], A.DEFERRED, note="Bổ sung biên bản bình xét.")
        tallies.decide(s, items[3], A.RETURNED, note="Thiếu báo cáo thành tích.")
        sessions.sign_minutes(s, meeting, "02/BB-HĐTĐKT", date(2026, 2, 11))
        decision = decisions.from_session(
            s,
            meeting,
            DecisionDraft(
                "180/QĐ-UBND",
                date(2026, 2, 20),
                "Ủy ban nhân dân tỉnh Hưng Yên",
                "CHỦ TỊCH",
                "Trần Quốc Văn",
                "Tặng danh hiệu thi đua (bổ sung)",
            ),
        )
        cash = decisions.issue(s, decision)
    with demo_store.read() as s:
        statuses = [s.get(Nomination, n).status for n in (deferred, *agri[:3])]  # type: ignore[union-attr]
        listed = decisions.recipients(s, decision)
        minutes = screens.minutes(s, meeting)
    assert statuses == [S.REJECTED, S.APPROVED, S.APPRAISED, S.RETURNED]
    assert [r.golden_book_no for r in listed] == ["1"] and cash.total == listed[0].cash_amount
    assert (
        any("không đạt" in line for line in minutes)
        and "Biên bản số 02/BB-HĐTĐKT, ký ngày 11/02/2026." in minutes
    )


def _agenda_with_recusals(s: Session) -> tuple[int, dict[str, int], dict[str, int]]:
    """Five voting members and a secretary; Lê Thị Chi is the subject of one file, Phạm Văn Hùng's own
    division of another. Returns the session, the members by name and the agenda items by subject."""
    _quorum_rule(s)
    camp = campaign(s, "CSTDCS", "LDTT", "TTLDTT")
    div = unit(s, "Phòng Tổng hợp")
    other = unit(s, "Phòng Kế hoạch")
    an = person(s, "Nguyễn Văn An", div)
    chi = person(s, "Lê Thị Chi", other)
    rate(s, 2025, Rating.EXCELLENT, individual=an)
    board = create_council(s, CouncilInput("Hội đồng Thi đua - Khen thưởng Sở", term_start=date(2025, 1, 1)))
    members = {
        name: add_member(s, board, MemberInput(name, role, unit_id=uid, individual_id=pid))
        for name, role, uid, pid in (
            ("Trần Văn Hải", CouncilRole.CHAIR, None, None),
            ("Phạm Văn Hùng", CouncilRole.VICE_CHAIR, div, None),
            ("Lê Thị Chi", CouncilRole.MEMBER, other, chi),
            ("Đỗ Văn Khoa", CouncilRole.MEMBER, None, None),
            ("Vũ Thị Lan", CouncilRole.MEMBER, None, None),
        )
    }
    add_member(s, board, MemberInput("Ngô Thị Thư", CouncilRole.SECRETARY, voting=False))
    files = {
        "an": _appraised(s, camp, SubjectRef(IND, an), "CSTDCS", div),
        "chi": _appraised(s, camp, SubjectRef(IND, chi), "LDTT", other),
        "div": _appraised(s, camp, SubjectRef(UNIT, div), "TTLDTT"),
    }
    meeting = sessions.open_session(s, board, sessions.SessionInput("Phiên họp tháng 12", date(2025, 12, 20)))
    items = sessions.add_to_agenda(s, meeting, list(files.values()))
    # Đỗ Văn Khoa is away and sends his opinion in writing.
    sessions.set_attendance(s, meeting, members["Đỗ Văn Khoa"], present=False, written_opinion="Nhất trí.")
    return meeting, members, dict(zip(files, items, strict=True))


def test_a_recused_member_casts_no_ballot_on_his_item(store: Store) -> None:
    """Issue 12.7: ballots on an item are capped at those present less the recused, plus written opinions."""
    with store.write() as s:
        meeting, members, items = _agenda_with_recusals(s)
        chi_file = s.get(AgendaItem, items["chi"]).nomination_id  # type: ignore[union-attr]
    # 4 present + 1 written opinion could cast 5 ballots, but Lê Thị Chi's own file has only 4.
    with pytest.raises(ValidationError) as refused, store.write() as s:
        tallies.preview_tally(s, items["chi"], 5, 0, 0)
    with pytest.raises(ValidationError) as refused_again, store.write() as s:
        tallies.record_tally(s, items["chi"], 4, 1, 0)
    expected = (
        f"Mục 2, Đề nghị #{chi_file} (Lê Thị Chi – Lao động tiên tiến): nhập 5 phiếu nhưng mục này chỉ có "
        "tối đa 4 phiếu: 4 thành viên có mặt, trừ 1 thành viên không tham gia biểu quyết, cộng 1 ý kiến bằng "
        "văn bản. Không tham gia biểu quyết: Lê Thị Chi."
    )
    assert refused.value.message == expected and refused_again.value.message == expected
    with store.read() as s:
        item = s.get(AgendaItem, items["chi"])
        assert item is not None and (item.votes_for, item.council_size, item.passed) == (None, None, None)
        assert s.get(Nomination, chi_file).votes_for is None  # type: ignore[union-attr]
        assert tallies.ballot_cap(s, items["chi"]).limit == 4
        assert tallies.ballot_cap(s, items["an"]).limit == 5  # nobody is tied to Nguyễn Văn An
        # Why each member steps aside is recorded when the file goes on the agenda.
        assert [i.recusals for i in screens.view(s, meeting).items] == [
            (),
            (("Lê Thị Chi", "là người được đề nghị khen thưởng"),),
            (("Phạm Văn Hùng", "đơn vị được đề nghị là đơn vị của thành viên hoặc trực thuộc đơn vị đó"),),
        ]
    with store.write() as s:
        assert tallies.record_tally(s, items["chi"], 4, 0, 0).passed is None  # LĐTT needs no threshold
        tallies.record_tally(s, items["an"], 5, 0, 0)
        # A recused member who is away and writes in is not a ballot either.
        sessions.set_attendance(
            s, meeting, members["Phạm Văn Hùng"], present=False, written_opinion="Đồng ý."
        )
        cap = tallies.ballot_cap(s, items["div"])
        assert (cap.present, cap.written, cap.recused, cap.limit) == (3, 2, ("Phạm Văn Hùng",), 4)
        with pytest.raises(ValidationError, match="tối đa 4 phiếu: 3 thành viên có mặt, trừ 1"):
            tallies.record_tally(s, items["div"], 5, 0, 0)
    # Attendance corrected after the count (Đỗ Văn Khoa's letter never came): the 4 ballots on Lê Thị
    # Chi's file no longer fit, so they approve nothing.
    with store.write() as s:
        sessions.set_attendance(s, meeting, members["Phạm Văn Hùng"], present=True)
        sessions.set_attendance(s, meeting, members["Đỗ Văn Khoa"], present=False)
        assert sessions.attendance(s, meeting).quorum_met is True
    refusal = "nhập 4 phiếu nhưng mục này chỉ có tối đa 3 phiếu"
    with pytest.raises(ValidationError, match=refusal), store.write() as s:
        tallies.decide(s, items["chi"], A.APPROVED)
    with store.read() as s:
        assert s.get(AgendaItem, items["chi"]).outcome is A.PENDING  # type: ignore[union-attr]
        assert s.get(Nomination, chi_file).status is S.APPRAISED  # type: ignore[union-attr]


def test_written_opinions_are_ballots_only_where_the_vote_rule_allows(store: Store) -> None:
    with store.write() as s:
        _meeting, _members, items = _agenda_with_recusals(s)
        rule = rulebook.vote_rule(s, "CSTDCS", SubjectKind.INDIVIDUAL, date(2025, 12, 5))
        assert rule is not None and rule.params.written_counts is True  # type: ignore[union-attr]
        from emudesk.db.models import Rule as RuleRow

        row = s.get(RuleRow, rule.id)
        assert row is not None
        rulebook.update_rule(
            s,
            rule.id,
            rulebook.RuleInput(
                row.code,
                RuleKind.VOTE_THRESHOLD,
                {"min_percent": 80, "written_counts": False},
                award_codes=row.award_codes,
                text=row.text,
                confirmed=False,
            ),
        )
    with pytest.raises(ValidationError) as refused, store.write() as s:
        tallies.record_tally(s, items["an"], 4, 1, 0)
    assert refused.value.message.endswith(
        "nhập 5 phiếu nhưng mục này chỉ có tối đa 4 phiếu: 4 thành viên có mặt, trừ 0 thành viên không "
        "tham gia biểu quyết, cộng 0 ý kiến bằng văn bản. 1 ý kiến bằng văn bản của thành viên vắng mặt "
        "không được tính là phiếu theo NĐ 152/2025/NĐ-CP (chưa xác minh)."
    )
    with store.read() as s:
        assert s.get(AgendaItem, items["an"]).votes_for is None  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_minutes_say_who_did_not_vote_on_which_item_and_why(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    with store.write() as s:
        meeting, _members, items = _agenda_with_recusals(s)
        tallies.record_tally(s, items["an"], 5, 0, 0)
        tallies.record_tally(s, items["chi"], 4, 0, 0)
        # Recorded before reasons were kept (revision 0006): the minutes name the member only.
        s.get(AgendaItem, items["div"]).recusal_reasons = {}  # type: ignore[union-attr]
    path = export_document(store, "minutes", ExportParams(session_id=meeting), tmp_path / f"bb.{fmt}")
    chi = "Không tham gia biểu quyết vì liên quan trực tiếp: Lê Thị Chi (là người được đề nghị khen thưởng)"
    hung = "Không tham gia biểu quyết vì liên quan trực tiếp: Phạm Văn Hùng"
    if fmt == "xlsx":
        notes = [row[10] for row in data_rows(xlsx_body(path))]
        assert notes == [None, chi, hung]
    else:
        text = pdf_raw_text(path)
        assert chi in text and hung in text
        assert text.count("Không tham gia biểu quyết") == 2  # only the two items with a recused member
    with store.read() as s:
        lines = screens.minutes(s, meeting)
    assert (
        "   Không tham gia biểu quyết vì liên quan trực tiếp: Lê Thị Chi (là người được đề nghị khen thưởng)"
        in lines
    )


def test_check_warns_of_tallies_that_counted_a_recused_member(store: Store) -> None:
    """A tally entered before recusals capped the ballots stays as signed; `check` points it out."""
    with store.write() as s:
        _meeting, _members, items = _agenda_with_recusals(s)
        tallies.record_tally(s, items["chi"], 4, 0, 0)
    with store.read() as s:
        assert run_checks(s, is_sqlite=store.is_sqlite).warnings == []
    with store.write() as s:  # as main recorded it: Lê Thị Chi's ballot on her own file
        s.execute(update(AgendaItem).where(AgendaItem.id == items["chi"]).values(votes_for=5))
    with store.read() as s:
        report = run_checks(s, is_sqlite=store.is_sqlite)
    assert report.warnings == [
        "Phiên họp Hội đồng “Phiên họp tháng 12” ngày 20/12/2025, mục 2: đã kiểm 5 phiếu nhưng mục này "
        "chỉ có tối đa 4 phiếu: 4 thành viên có mặt, trừ 1 thành viên không tham gia biểu quyết, cộng 1 ý "
        "kiến bằng văn bản. Không tham gia biểu quyết: Lê Thị Chi."
    ]
