"""Quotas are a hard stop on submit, import and approval; refusals say which rule, limit, count and holders.

These run on SQLite and PostgreSQL alike (the ``store`` fixture).
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from emudesk.db.models import AwardRecord, Nomination, Unit
from emudesk.domain.enums import CampaignKind, QuotaKind, QuotaScope, SubjectKind
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.errors import ConflictError, QuotaExceededError
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns import quotas
from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef, QuotaDef, load_definition
from emudesk.services.core.store import Store
from emudesk.services.nominations import workflow as nominations
from emudesk.services.nominations.workflow import DecisionInput, transition
from tests.factories import SNN_2023, council_vote, form_id, nominate, person, snn_department, unit

IND, UNIT = SubjectKind.INDIVIDUAL, SubjectKind.UNIT
SNN = "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình"
DECISION = DecisionInput("25/QĐ-UBND", date(2024, 1, 12), "Ủy ban nhân dân tỉnh Thái Bình")


def _status(store: Store, nid: int) -> S:
    with store.read() as s:
        return s.get(Nomination, nid).status  # type: ignore[union-attr]


def test_seed_plan_allows_one_individual_and_names_the_holder(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        first = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        second = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)
        transition(s, [first], S.SUBMITTED)
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        transition(s, [second], S.SUBMITTED)
    err = info.value
    assert (err.limit, err.count) == (1, 1)
    # The rule, its forms and subject, the limit and the count written alike, one lead-in, the holder.
    assert str(err) == (
        "Vượt chỉ tiêu: “Bằng khen CT UBND tỉnh – cá nhân” (Bằng khen của Chủ tịch UBND tỉnh, cá nhân) "
        f"chỉ cho phép 1; đã dùng 1. Đề nghị #{second} (Trần Thị Bình – Bằng khen của Chủ tịch UBND tỉnh) "
        "không thể nhận thêm suất.\n"
        "Các đề nghị đang giữ suất:\n"
        f"- #{first} Nguyễn Văn An – {SNN} – Đã trình"
    )
    assert "từng đơn vị trình" not in str(err)  # a campaign-wide cap
    assert _status(store, second) is S.DRAFT  # nothing written


def test_withdrawing_frees_the_place(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        first = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        second = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)
        transition(s, [first], S.SUBMITTED)
    with store.write() as s:
        transition(s, [first], S.WITHDRAWN)
        transition(s, [second], S.SUBMITTED)
    assert _status(store, second) is S.SUBMITTED
    with store.read() as s:
        meter = {u.label: u for u in quotas.usage(s, d.campaign)}["Bằng khen CT UBND tỉnh – cá nhân"]
    assert (meter.used, meter.limit, meter.full) == (1, 1, True)
    assert meter.meter_text == "Bằng khen CT UBND tỉnh – cá nhân: 1/1, đã đủ"


@pytest.mark.parametrize("freeing", [S.RETURNED, S.REJECTED])
def test_returned_and_rejected_free_their_place(store: Store, freeing: S) -> None:
    with store.write() as s:
        d = snn_department(s)
        a = nominate(s, d.campaign, UNIT, d.divisions[0], "BK_TINH", d.department)
        b = nominate(s, d.campaign, UNIT, d.divisions[1], "BK_TINH", d.department)
        transition(s, [a], S.SUBMITTED)
        transition(s, [a], freeing)
        transition(s, [b], S.SUBMITTED)
    assert _status(store, b) is S.SUBMITTED


def test_division_quota_counts_only_divisions_and_sở_may_take_flag_or_merit(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        flag = nominate(s, d.campaign, UNIT, d.department, "CO_TINH", d.department)
        transition(s, [flag], S.SUBMITTED)
        division = nominate(s, d.campaign, UNIT, d.divisions[0], "BK_TINH", d.department)
        transition(s, [division], S.SUBMITTED)  # another quota: divisions
        merit = nominate(s, d.campaign, UNIT, d.department, "BK_TINH", d.department)
    # The Sở may have the flag or the certificate of merit, not both (a group of alternatives).
    with pytest.raises(QuotaExceededError, match="Đối với Sở: Cờ thi đua hoặc Bằng khen"), store.write() as s:
        transition(s, [merit], S.SUBMITTED)
    other = None
    with store.write() as s:
        other = nominate(s, d.campaign, UNIT, d.divisions[1], "BK_TINH", d.department)
    with pytest.raises(QuotaExceededError, match="đơn vị trực thuộc"), store.write() as s:
        transition(s, [other], S.SUBMITTED)


def test_bulk_submission_is_all_or_nothing_and_counts_itself(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        ids = [nominate(s, d.campaign, IND, p, "BK_TINH", d.department) for p in d.staff[:2]]
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        transition(s, ids, S.SUBMITTED)
    assert [_status(store, i) for i in ids] == [S.DRAFT, S.DRAFT]
    # The holder is a draft of this same batch, not a file already "Đã trình".
    assert info.value.holders == (
        f"#{ids[0]} Nguyễn Văn An – {SNN} – Nháp, đang được chuyển sang “Đã trình” trong cùng thao tác này",
    )


def test_a_new_file_submitted_at_once_is_named_without_its_temporary_id(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        held = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        transition(s, [held], S.SUBMITTED)
    data = nominations.NominationInput(
        subject=nominations.SubjectRef(IND, d.staff[1]),
        campaign_id=d.campaign,
        award_form_id=0,
        proposing_unit_id=d.department,
        year=2023,
    )
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        data.award_form_id = form_id(s, "BK_TINH")
        nominations.create_nomination(s, data, status=S.SUBMITTED)
    assert info.value.message.endswith(
        "Đề nghị mới (Trần Thị Bình – Bằng khen của Chủ tịch UBND tỉnh) không thể nhận thêm suất."
    )


def test_a_cap_over_alternative_forms_says_which_form_each_holder_holds(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        flag = nominate(s, d.campaign, UNIT, d.department, "CO_TINH", d.department)
        transition(s, [flag], S.SUBMITTED)
        merit = nominate(s, d.campaign, UNIT, d.department, "BK_TINH", d.department)
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        transition(s, [merit], S.SUBMITTED)
    assert str(info.value) == (
        "Vượt chỉ tiêu: “Đối với Sở: Cờ thi đua hoặc Bằng khen” (Cờ thi đua của bộ, ban, ngành, tỉnh / "
        "Bằng khen của Chủ tịch UBND tỉnh, tập thể, chỉ Sở, ban, ngành tỉnh) chỉ cho phép 1; đã dùng 1. "
        f"Đề nghị #{merit} ({SNN} – Bằng khen của Chủ tịch UBND tỉnh) không thể nhận thêm suất.\n"
        "Các đề nghị đang giữ suất:\n"
        f"- #{flag} {SNN} – Cờ thi đua của bộ, ban, ngành, tỉnh – {SNN} – Đã trình"
    )


def test_creating_submitted_nominations_checks_quota_like_imports_do(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        nominations.create_nomination(
            s,
            nominations.NominationInput(
                subject=nominations.SubjectRef(IND, d.staff[0]),
                campaign_id=d.campaign,
                award_form_id=form_id(s, "BK_TINH"),
                proposing_unit_id=d.department,
                year=2023,
            ),
            status=S.SUBMITTED,
        )
    with pytest.raises(QuotaExceededError), store.write() as s:
        nominations.create_nomination(
            s,
            nominations.NominationInput(
                subject=nominations.SubjectRef(IND, d.staff[1]),
                campaign_id=d.campaign,
                award_form_id=form_id(s, "BK_TINH"),
                proposing_unit_id=d.department,
                year=2023,
            ),
            status=S.SUBMITTED,
        )
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Nomination)) == 1


def test_approval_rechecks_quota_and_writes_award_history(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        nid = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        transition(s, [nid], S.SUBMITTED)
        transition(s, [nid], S.APPRAISED)
        result = transition(s, [nid], S.APPROVED, decision=DECISION)
    with store.read() as s:
        award = s.get(AwardRecord, result.award_record_ids[0])
        assert award is not None
        assert (award.recipient_name, award.decision_number, award.golden_book_no) == (
            "Nguyễn Văn An",
            "25/QĐ-UBND",
            "1",
        )
        assert award.award_type.value == "campaign"  # a thematic campaign's award never counts as merit


def test_lowering_a_cap_below_the_places_taken_is_refused(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        nid = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        transition(s, [nid], S.SUBMITTED)
        defn = campaigns.get_definition(s, d.campaign)
    defn.quotas[2].limit = 0
    with pytest.raises(ConflictError, match="đã có 1 suất"), store.write() as s:
        campaigns.update_campaign(s, d.campaign, defn)
    defn.quotas[2].limit = 2
    with store.write() as s:
        campaigns.update_campaign(s, d.campaign, defn)
        meter = {u.label: u for u in quotas.usage(s, d.campaign)}["Bằng khen CT UBND tỉnh – cá nhân"]
    assert (meter.used, meter.limit) == (1, 2)


def test_per_unit_quota_and_ratio_cap(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        defn = campaigns.get_definition(s, d.campaign)
        defn.offered_forms += [
            OfferedFormDef("LDTT", False, True),
            OfferedFormDef("CSTDCS", False, True),
        ]
        defn.quotas = [
            QuotaDef(
                "Bằng khen – 01 cá nhân mỗi đơn vị",
                ["BK_TINH"],
                scope=QuotaScope.PROPOSING_UNIT,
                subject_kind=IND,
                limit=1,
            ),
            QuotaDef(
                "CSTĐCS ≤ 50% LĐTT",
                ["CSTDCS"],
                kind=QuotaKind.RATIO,
                scope=QuotaScope.PROPOSING_UNIT,
                ratio_percent=__import__("decimal").Decimal(50),
                base_forms=["LDTT"],
            ),
        ]
        campaigns.update_campaign(s, d.campaign, defn)
        a = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.divisions[0])
        b = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.divisions[1])
        transition(s, [a, b], S.SUBMITTED)  # one place per proposing unit
        ldtt = [nominate(s, d.campaign, IND, p, "LDTT", d.divisions[0]) for p in d.staff[:2]]
        transition(s, ldtt, S.SUBMITTED)
        cs = [nominate(s, d.campaign, IND, p, "CSTDCS", d.divisions[0]) for p in d.staff[:2]]
        transition(s, cs[:1], S.SUBMITTED)  # 50 % of 2 LĐTT = 1
        names = [s.get(Unit, u).name for u in d.divisions[:2]]  # type: ignore[union-attr]
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        transition(s, cs[1:], S.SUBMITTED)
    assert str(info.value) == (
        "Vượt chỉ tiêu: “CSTĐCS ≤ 50% LĐTT” (Chiến sĩ thi đua cơ sở) chỉ cho phép 50% của 2 = 1, "
        f"tính theo từng đơn vị trình; {names[0]} đã dùng 1. "
        f"Đề nghị #{cs[1]} (Trần Thị Bình – Chiến sĩ thi đua cơ sở) không thể nhận thêm suất.\n"
        "Các đề nghị đang giữ suất:\n"
        f"- #{cs[0]} Nguyễn Văn An – {names[0]} – Đã trình"
    )
    with store.write() as s:
        c = nominate(s, d.campaign, IND, d.staff[2], "BK_TINH", d.divisions[0])
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        transition(s, [c], S.SUBMITTED)
    assert info.value.message.startswith(
        "Vượt chỉ tiêu: “Bằng khen – 01 cá nhân mỗi đơn vị” (Bằng khen của Chủ tịch UBND tỉnh, cá nhân) "
        f"chỉ cho phép 1, tính theo từng đơn vị trình; {names[0]} đã dùng 1. "
    )


def test_two_concurrent_submitters_for_the_last_place_one_wins(store: Store) -> None:
    """Two connections race for the last place; the quota lock lets exactly one through."""
    with store.write() as s:
        d = snn_department(s)
        ids = [nominate(s, d.campaign, IND, p, "BK_TINH", d.department) for p in d.staff[:2]]
    for _round in range(3):
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        lock = threading.Lock()

        def submit(
            nid: int,
            barrier: threading.Barrier = barrier,
            lock: threading.Lock = lock,
            outcomes: list[str] = outcomes,
        ) -> None:
            barrier.wait()
            try:
                with store.write() as session:
                    transition(session, [nid], S.SUBMITTED)
                result = "ok"
            except QuotaExceededError:
                result = "refused"
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=submit, args=(nid,)) for nid in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["ok", "refused"]
        with store.read() as s:
            held = s.scalar(
                select(func.count()).select_from(Nomination).where(Nomination.status == S.SUBMITTED)
            )
        assert held == 1
        winner = [i for i in ids if _status(store, i) is S.SUBMITTED]
        with store.write() as s:  # free the place for the next round
            transition(s, winner, S.RETURNED)
            transition(s, winner, S.DRAFT)


def test_vote_required_before_approving_titles_that_need_it(store: Store) -> None:
    with store.write() as s:
        camp = campaigns.create_campaign(
            s,
            CampaignDef(
                title="Thi đua thường xuyên năm 2025",
                kind=CampaignKind.REGULAR,
                offered_forms=[OfferedFormDef("CSTDCS", False, True)],
            ),
        )
        div = unit(s, "Phòng Tổng hợp")
        nid = nominate(s, camp, IND, person(s, "Đỗ Thị Hà", div), "CSTDCS", div, 2025)
        transition(s, [nid], S.SUBMITTED)
        transition(s, [nid], S.APPRAISED)
    with pytest.raises(ConflictError, match="Hội đồng bỏ phiếu"), store.write() as s:
        transition(s, [nid], S.APPROVED, decision=DECISION)
    with store.write() as s:
        council_vote(s, [nid], 16, 2, 1, members=19)
        transition(s, [nid], S.APPROVED, decision=DECISION)
    with store.read() as s:
        n = s.get(Nomination, nid)
        assert n is not None and (n.votes_for, n.council_size, n.status) == (16, 19, S.APPROVED)


def test_seed_quota_definitions_are_exact(store: Store) -> None:
    with store.write() as s:
        camp = campaigns.create_campaign(s, load_definition(SNN_2023))
        defn = campaigns.get_definition(s, camp)
    got = [(q.label, sorted(q.forms), q.subject_kind, q.unit_kind, q.limit, q.scope) for q in defn.quotas]
    assert got == [
        (
            "Đối với Sở: Cờ thi đua hoặc Bằng khen",
            ["BK_TINH", "CO_TINH"],
            UNIT,
            "so_nganh",
            1,
            QuotaScope.CAMPAIGN,
        ),
        (
            "Bằng khen CT UBND tỉnh – tập thể đơn vị trực thuộc",
            ["BK_TINH"],
            UNIT,
            "don_vi_truc_thuoc",
            1,
            QuotaScope.CAMPAIGN,
        ),
        ("Bằng khen CT UBND tỉnh – cá nhân", ["BK_TINH"], IND, None, 1, QuotaScope.CAMPAIGN),
    ]
