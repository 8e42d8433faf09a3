"""The campaign's own terms hold on every path: who takes part, which form goes to whom, the period,
the status and the nomination deadline — on create, edit and every move, and nothing is written
when they refuse."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from emudesk.db.models import Campaign, CampaignPhase, Nomination, Participant
from emudesk.domain.enums import CampaignKind, CampaignStatus, MilestoneKind, NominationStatus, Recurrence
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import (
    CampaignDef,
    MilestoneDef,
    OfferedFormDef,
    ParticipantDef,
    PhaseDef,
)
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.nominations import terms
from emudesk.services.nominations.workflow import (
    DecisionInput,
    NominationInput,
    create_nomination,
    nomination_input,
    transition,
    update_nomination,
)
from emudesk.services.register.households import HouseholdInput, create_household
from emudesk.services.workspace.form_checks import nomination_problems
from tests.factories import form_id, person, unit
from tests.services.builders import HH, IND, UNIT

S = NominationStatus
TODAY = date.today()
DECISION = DecisionInput("08/QĐ-SNNMT", TODAY, "Sở Nông nghiệp và Môi trường", "GIÁM ĐỐC", "Phạm Văn Nghiêm")


def agri_plan(*, due: date | None = None, status: CampaignStatus = CampaignStatus.ACTIVE) -> CampaignDef:
    """The department's yearly plan: its divisions and staff take part; Giấy khen goes to collectives
    and individuals, not to households; files are due on ``due``."""
    return CampaignDef(
        title="Phong trào thi đua thường xuyên của Sở Nông nghiệp và Môi trường",
        short_title="Thi đua thường xuyên – Sở NN&MT",
        kind=CampaignKind.REGULAR,
        plan_number="05",
        plan_symbol="KH-SNNMT",
        status=status,
        start_date=date(TODAY.year, 1, 1),
        end_date=date(TODAY.year, 12, 31),
        participants=[
            ParticipantDef(UNIT, "Tập thể: các phòng, đơn vị thuộc Sở", "don_vi_truc_thuoc"),
            ParticipantDef(IND, "Cá nhân: công chức, viên chức, người lao động thuộc Sở"),
        ],
        offered_forms=[OfferedFormDef("GK", True, True, False, True)],
        milestones=[MilestoneDef(MilestoneKind.NOMINATION_DUE, "Hạn gửi hồ sơ đề nghị", due)] if due else [],
    )


def _count(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Nomination)) or 0)


def _input(s, cid: int, ref: SubjectRef, **kw: object) -> NominationInput:  # type: ignore[no-untyped-def]
    return NominationInput(ref, cid, form_id(s, "GK"), year=kw.pop("year", TODAY.year), **kw)  # type: ignore[arg-type]


def _refused(store: Store, write, rule: str, *words: str) -> terms.CampaignTermsError:  # type: ignore[no-untyped-def]
    before = _count(store)
    with pytest.raises(terms.CampaignTermsError) as caught, store.write() as s:
        write(s)
    assert caught.value.rule == rule
    for word in words:
        assert word in caught.value.message, (word, caught.value.message)
    assert _count(store) == before
    return caught.value


def test_a_household_and_a_village_outside_the_plan_are_refused(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan())
        dept = unit(s, "Sở Nông nghiệp và Môi trường", "so_nganh")
        division = unit(s, "Chi cục Thủy lợi", parent=dept)
        village = unit(s, "Thôn Đông", "thon_tdp")
        home = create_household(s, HouseholdInput(head_name="Nguyễn Quốc An", address="Thôn Đông"))
        staff = person(s, "Trần Thị Bình", division)
    error = _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(HH, home))),
        "participants",
        "Kế hoạch số 05/KH-SNNMT",
        "Tập thể: các phòng, đơn vị thuộc Sở; Cá nhân: công chức, viên chức, người lao động thuộc Sở",
        "Hộ ông (bà) Nguyễn Quốc An (hộ gia đình)",
    )
    assert error.fields == {"subject": error.message}
    with store.read() as s:  # the nomination form says it while the clerk types
        assert nomination_problems(s, _input(s, cid, SubjectRef(HH, home))) == {"subject": error.message}
    _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(UNIT, village))),
        "participants",
        "Kế hoạch số 05/KH-SNNMT",
        "Thôn Đông (Thôn, tổ dân phố) không thuộc các đối tượng này",
    )
    # The department itself is a collective, but not of the kind the plan names.
    _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(UNIT, dept))),
        "participants",
        "Sở, ban, ngành tỉnh",
    )
    with store.write() as s:
        create_nomination(s, _input(s, cid, SubjectRef(UNIT, division)), status=S.SUBMITTED)
        create_nomination(s, _input(s, cid, SubjectRef(IND, staff)), status=S.SUBMITTED)
    assert _count(store) == 2


def test_the_offered_form_row_says_who_may_have_it(store: Store) -> None:
    plan = agri_plan()
    plan.participants.append(ParticipantDef(HH, "Hộ gia đình"))
    with store.write() as s:
        cid = campaigns.create_campaign(s, plan)
        home = create_household(s, HouseholdInput(head_name="Nguyễn Quốc An"))
    error = _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(HH, home))),
        "form_subjects",
        "Kế hoạch số 05/KH-SNNMT",
        "chỉ xét khen “Giấy khen” cho tập thể, cá nhân",
        "Hộ ông (bà) Nguyễn Quốc An là hộ gia đình",
    )
    assert error.fields == {"award_form_id": error.message}


def test_an_edit_is_held_to_the_same_terms(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan())
        division = unit(s, "Chi cục Thủy lợi")
        village = unit(s, "Thôn Đông", "thon_tdp")
        nid = create_nomination(s, _input(s, cid, SubjectRef(UNIT, division)))

    def edit(s) -> None:  # type: ignore[no-untyped-def]
        data = nomination_input(s, nid)
        data.subject = SubjectRef(UNIT, village)
        update_nomination(s, nid, data)

    _refused(store, edit, "participants", "Thôn Đông")
    with store.read() as s:
        assert s.get(Nomination, nid).unit_id == division  # type: ignore[union-attr]


def test_the_period_bounds_the_year_and_the_day_received(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan())
        staff = person(s, "Trần Thị Bình", unit(s, "Chi cục Thủy lợi"))
    ref = SubjectRef(IND, staff)
    error = _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, ref, year=TODAY.year - 1)),
        "period",
        f"thực hiện từ 01/01/{TODAY.year} đến 31/12/{TODAY.year}",
        f"thành tích năm {TODAY.year - 1} của Trần Thị Bình",
    )
    assert error.fields == {"year": error.message}
    _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, ref, filed_on=date(TODAY.year - 1, 12, 30))),
        "period",
        f"ghi ngày nhận 30/12/{TODAY.year - 1}, trước khi phong trào bắt đầu",
    )


def test_a_closed_campaign_takes_no_file_but_finishes_those_it_holds(store: Store) -> None:
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan())
        division = unit(s, "Chi cục Thủy lợi")
        staff = [person(s, n, division) for n in ("Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung")]
        filed = create_nomination(s, _input(s, cid, SubjectRef(IND, staff[0])), status=S.SUBMITTED)
        draft = create_nomination(s, _input(s, cid, SubjectRef(IND, staff[1])))
        s.execute(update(Campaign).where(Campaign.id == cid).values(status=CampaignStatus.CLOSED))
    closed = ("Kế hoạch số 05/KH-SNNMT", "“Đã kết thúc”", "không nhận thêm hồ sơ đề nghị")
    _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(IND, staff[2]))),
        "closed",
        *closed,
        "(Phạm Thị Dung)",
    )
    _refused(store, lambda s: transition(s, [draft], S.SUBMITTED), "closed", *closed, "(Lê Đức Cường)")
    with store.write() as s:
        transition(s, [filed], S.APPRAISED)
        transition(s, [filed], S.APPROVED, decision=DECISION)
        transition(s, [draft], S.WITHDRAWN)
    with store.read() as s:
        assert [s.get(Nomination, i).status for i in (filed, draft)] == [S.APPROVED, S.WITHDRAWN]  # type: ignore[union-attr]


def test_the_deadline_counts_the_day_a_file_comes_in(store: Store) -> None:
    due = TODAY - timedelta(days=10)
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan(due=due))
        division = unit(s, "Chi cục Thủy lợi")
        staff = [person(s, n, division) for n in ("Trần Thị Bình", "Lê Đức Cường")]
    late = _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(IND, staff[0]))),
        "deadline",
        f"hạn nộp hồ sơ đề nghị khen thưởng là ngày {due:%d/%m/%Y} (“Hạn gửi hồ sơ đề nghị”)",
        f"hồ sơ của Trần Thị Bình nhận ngày {TODAY:%d/%m/%Y} là quá hạn",
    )
    assert late.fields == {"filed_on": late.message}
    # A paper file that came in before the deadline is recorded with its day, and then goes all the
    # way after the deadline.
    with store.write() as s:
        on_time = create_nomination(
            s, _input(s, cid, SubjectRef(IND, staff[0]), filed_on=due), status=S.SUBMITTED
        )
        back = create_nomination(
            s, _input(s, cid, SubjectRef(IND, staff[1]), filed_on=due - timedelta(days=1)), status=S.SUBMITTED
        )
        transition(s, [on_time], S.APPRAISED)
        transition(s, [on_time], S.APPROVED, decision=DECISION)
        transition(s, [back], S.RETURNED, note="Bổ sung biên bản họp xét.")
    # A returned file sent in again after the deadline is late, straight back or through a draft.
    again = ("không thể nộp lại vào ngày", "Lê Đức Cường", f"{due:%d/%m/%Y}")
    _refused(store, lambda s: transition(s, [back], S.SUBMITTED), "deadline", *again)
    with store.write() as s:
        transition(s, [back], S.DRAFT)
    _refused(store, lambda s: transition(s, [back], S.SUBMITTED), "deadline", *again)
    with store.read() as s:
        assert s.get(Nomination, back).status is S.DRAFT  # type: ignore[union-attr]


def test_a_file_the_plan_no_longer_allows_cannot_move_on_but_can_leave(store: Store) -> None:
    """Terms are judged at every move: a file filed before its plan changed is held at appraisal."""
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan())
        staff = person(s, "Trần Thị Bình", unit(s, "Chi cục Thủy lợi"))
        nid = create_nomination(s, _input(s, cid, SubjectRef(IND, staff)), status=S.SUBMITTED)
        # The plan is corrected: only collectives take part.
        s.execute(update(Participant).where(Participant.subject_kind == IND).values(subject_kind=UNIT))
    _refused(store, lambda s: transition(s, [nid], S.APPRAISED), "participants", "Trần Thị Bình (cá nhân)")
    with store.read() as s:
        assert s.get(Nomination, nid).status is S.SUBMITTED  # type: ignore[union-attr]
    with store.write() as s:
        transition(s, [nid], S.REJECTED, note="Không thuộc đối tượng của kế hoạch.")


def test_a_yearly_deadline_falls_in_the_files_year(store: Store) -> None:
    plan = agri_plan()
    plan.start_date, plan.end_date = date(2024, 1, 1), date(2030, 12, 31)
    plan.milestones = [
        MilestoneDef(
            MilestoneKind.NOMINATION_DUE,
            "Trước ngày 15/01 năm sau",
            date(2025, 1, 15),
            recurrence=Recurrence.YEARLY,
        )
    ]
    with store.write() as s:
        cid = campaigns.create_campaign(s, plan)
        campaign = s.get(Campaign, cid)
        assert campaign is not None
        found = terms.deadline(campaign, None, 2026)
        assert found is not None and found.due == date(2027, 1, 15)
        assert terms.deadline(campaign, None, None) is None


def test_a_draft_campaign_takes_no_nomination_yet(store: Store) -> None:
    """A plan read from its text is a draft ("Nháp") until the office issues it: no file is created
    in it or sent in under it, whatever path writes (the window, CLI, import and exchange all create
    and move through these services)."""
    with store.write() as s:
        cid = campaigns.create_campaign(s, agri_plan())
        staff = [person(s, n, unit(s, "Chi cục Thủy lợi")) for n in ("Trần Thị Bình", "Lê Đức Cường")]
        held = create_nomination(s, _input(s, cid, SubjectRef(IND, staff[0])))
        s.execute(update(Campaign).where(Campaign.id == cid).values(status=CampaignStatus.DRAFT))
    draft = ("“Thi đua thường xuyên – Sở NN&MT”", "“Nháp”", "chưa nhận hồ sơ đề nghị", "“Đang thực hiện”")
    _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(IND, staff[1]))),
        "draft",
        *draft,
        "(Lê Đức Cường)",
    )
    _refused(
        store,
        lambda s: create_nomination(s, _input(s, cid, SubjectRef(IND, staff[1])), status=S.SUBMITTED),
        "draft",
        *draft,
    )
    _refused(store, lambda s: transition(s, [held], S.SUBMITTED), "draft", *draft, "(Trần Thị Bình)")
    with store.read() as s:
        assert s.get(Nomination, held).status is S.DRAFT  # type: ignore[union-attr]
    with store.write() as s:  # once issued, the file goes in
        s.execute(update(Campaign).where(Campaign.id == cid).values(status=CampaignStatus.ACTIVE))
        transition(s, [held], S.SUBMITTED)


def test_a_phase_with_dates_bounds_the_year_of_its_files(store: Store) -> None:
    plan = agri_plan()
    plan.start_date, plan.end_date = date(2021, 1, 1), date(2030, 12, 31)
    plan.phases = [
        PhaseDef("Giai đoạn 1", date(2021, 1, 1), date(2025, 12, 31)),
        PhaseDef("Giai đoạn 2", date(2026, 1, 1), date(2030, 12, 31)),
    ]
    with store.write() as s:
        cid = campaigns.create_campaign(s, plan)
        first, second = s.scalars(
            select(CampaignPhase.id).where(CampaignPhase.campaign_id == cid).order_by(CampaignPhase.position)
        ).all()
        staff = person(s, "Trần Thị Bình", unit(s, "Chi cục Thủy lợi"))
        nid = create_nomination(s, _input(s, cid, SubjectRef(IND, staff), year=2024, phase_id=first))
    _refused(
        store,
        lambda s: create_nomination(
            s, _input(s, cid, SubjectRef(IND, staff), year=2024, phase_id=second, summary="x")
        ),
        "phase",
        "“Giai đoạn 2”",
        "từ 01/01/2026 đến 31/12/2030",
        "2024",
        "Trần Thị Bình",
    )
    with store.write() as s:  # the phase is corrected after the file was drafted: it cannot go in
        s.execute(update(CampaignPhase).where(CampaignPhase.id == first).values(end_date=date(2023, 12, 31)))
    _refused(store, lambda s: transition(s, [nid], S.SUBMITTED), "phase", "“Giai đoạn 1”", "2024")
