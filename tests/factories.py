"""Small builders for tests: units, people and the seed campaigns, written through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from emudesk import paths
from emudesk.db.models import AwardForm, Milestone
from emudesk.domain.enums import CampaignStatus, Gender, MilestoneKind, SubjectKind
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import load_definition
from emudesk.services.core.common import SubjectRef
from emudesk.services.nominations.workflow import NominationInput, create_nomination
from emudesk.services.register import individuals, units

SEEDS = paths.resources_dir() / "seeds"
SNN_2023 = SEEDS / "KH-SNNPTNT-thai-binh-2023.json"
NTM = SEEDS / "104-KH-UBND-thai-binh-ntm-2021-2025.json"
HOA_BINH = SEEDS / "101-KH-UBND-hoa-binh-nong-san-2024-2030.json"


def unit(
    session: Session, name: str, kind: str = "don_vi_truc_thuoc", parent: int | None = None, **kw: object
) -> int:
    return units.create_unit(session, units.UnitInput(name=name, kind_code=kind, parent_id=parent, **kw))  # type: ignore[arg-type]


def person(
    session: Session,
    full: str,
    unit_id: int | None = None,
    *,
    gender: Gender = Gender.MALE,
    born: date | None = date(1985, 5, 1),
    **kw: object,
) -> int:
    family, *middle, given = full.split(" ")
    return individuals.create_individual(
        session,
        individuals.IndividualInput(
            family_name=family,
            middle_name=" ".join(middle),
            given_name=given,
            gender=gender,
            birth_date=born,
            unit_id=unit_id,
            **kw,  # type: ignore[arg-type]
        ),
    )


def form_id(session: Session, code: str) -> int:
    found = session.scalar(select(AwardForm.id).where(AwardForm.code == code))
    assert found is not None, code
    return found


def seed_campaign(session: Session, path: Path) -> int:
    """A seed plan, open for nominations: the seeds record finished plans, which take no more files."""
    defn = load_definition(path)
    defn.status = CampaignStatus.ACTIVE
    return campaigns.create_campaign(session, defn)


@dataclass
class Department:
    """The Sở of the 2023 seed plan with two divisions and staff."""

    campaign: int
    department: int
    divisions: list[int]
    staff: list[int]


def snn_department(session: Session) -> Department:
    camp = seed_campaign(session, SNN_2023)
    dept = unit(session, "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình", "so_nganh")
    divs = [unit(session, n, parent=dept) for n in ("Chi cục Thủy lợi", "Phòng Kế hoạch - Tài chính")]
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung"]
    staff = [
        person(session, n, divs[i % 2], gender=Gender.FEMALE if "Thị" in n else Gender.MALE)
        for i, n in enumerate(names)
    ]
    return Department(camp, dept, divs, staff)


def nominate(
    session: Session,
    campaign: int,
    kind: SubjectKind,
    subject: int,
    code: str,
    proposer: int | None = None,
    year: int | None = 2023,
) -> int:
    return create_nomination(
        session,
        NominationInput(
            subject=SubjectRef(kind, subject),
            campaign_id=campaign,
            award_form_id=form_id(session, code),
            proposing_unit_id=proposer,
            year=year,
        ),
    )


def keep_round_open(session: Session, campaign_id: int) -> None:
    """Move the campaign's nomination deadlines past today, as an office extends a round.

    Tests that file into the demo's open 2026 round (due 09/12/2026) must not depend on the day
    they run: a file with no received date counts as received today.
    """
    later = date.today() + timedelta(days=60)
    for milestone in session.scalars(
        select(Milestone).where(
            Milestone.campaign_id == campaign_id, Milestone.kind == MilestoneKind.NOMINATION_DUE
        )
    ):
        milestone.due_date = max(milestone.due_date, later)


def council_vote(
    session: Session, ids: list[int], votes_for: int, against: int = 0, invalid: int = 0, *, members: int
) -> None:
    """The council votes on appraised files the only way a vote is recorded: in a session.

    A council of ``members`` voting members (none tied to a unit, so nobody is recused), all
    present; each file goes on the agenda, gets the tally and is approved by the council.
    """
    from emudesk.domain.rules import AgendaOutcome, CouncilRole
    from emudesk.services.council import sessions, tallies
    from emudesk.services.council.members import CouncilInput, MemberInput, add_member, create_council

    board = create_council(
        session, CouncilInput(f"Hội đồng {members}", unit_id=None, term_start=date(2000, 1, 1))
    )
    for k in range(members):
        role = CouncilRole.CHAIR if k == 0 else CouncilRole.MEMBER
        add_member(session, board, MemberInput(f"Thành viên {k + 1}", role))
    meeting = sessions.open_session(session, board, sessions.SessionInput("Phiên họp xét", date.today()))
    for item in sessions.add_to_agenda(session, meeting, ids):
        tallies.record_tally(session, item, votes_for, against, invalid)
        tallies.decide(session, item, AgendaOutcome.APPROVED, note="Hội đồng đồng ý.")
