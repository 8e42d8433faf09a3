"""Issue 14, done when: a province and a commune exchange plans, dossiers, receipts and decisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import AwardRecord, Campaign, EvidenceFile, Individual, Nomination
from emudesk.domain.enums import CampaignKind, Gender, RecordSource, SubjectKind
from emudesk.domain.errors import QuotaExceededError
from emudesk.services.core.common import SubjectRef
from emudesk.services.exchange import importing
from emudesk.services.exchange.package import PackageRefusedError, open_package
from emudesk.services.nominations import workflow
from emudesk.services.nominations.lists import nomination_rows
from emudesk.services.register import awards as award_service
from emudesk.services.register import individuals
from tests.factories import nominate, person, unit
from tests.services.exchange.offices import (
    OVERRIDE,
    Offices,
    S,
    add_commune,
    commune_dossiers,
    make_offices,
    province_campaign,
    receive,
    send,
)
from tests.snapshot import snapshot

pytestmark = pytest.mark.sqlite_only("two offices: two database files")


@pytest.fixture
def offices(tmp_path: Path) -> Offices:
    pair = make_offices(tmp_path)
    yield pair  # type: ignore[misc]
    pair.close()


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "bien-ban-so-hoa.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    return path


def _unchanged_by(store: object, action: object) -> None:
    with store.read() as s:  # type: ignore[attr-defined]
        before = snapshot(s)
    action()  # type: ignore[operator]
    with store.read() as s:  # type: ignore[attr-defined]
        assert snapshot(s) == before


def _set_position(store: object, position: str) -> None:
    with store.write() as s:  # type: ignore[attr-defined]
        person = s.scalar(select(Individual).where(Individual.given_name == "An"))
        data = individuals.individual_input(s, person.id)
        data.position = position
        individuals.update_individual(s, person.id, data)


def test_dossiers_go_up_and_the_decision_comes_down(offices: Offices, evidence: Path) -> None:
    province_campaign(offices)
    send(offices.upper, offices.package("ke-hoach.emx"))
    plan = receive(offices.lower, offices.package("ke-hoach.emx"))
    assert plan.counts()["new"] == 1 and not plan.refused
    commune = commune_dossiers(offices, evidence, ["Nguyễn Văn An"])

    # Up: the commune's voted file, with its subject, achievement, evidence and the covering list.
    up = send(offices.lower, offices.package("de-nghi.emx"))
    assert up.direction == "up"
    assert up.counts["nominations"] == 1 and up.counts["covering"] == 1 and up.evidence_files == 1
    result = receive(offices.upper, offices.package("de-nghi.emx"), receipt=offices.package("bao-nhan.emx"))
    assert not result.refused
    with offices.upper.read() as s:
        (n,) = s.scalars(select(Nomination)).all()
        assert (n.status, n.source) == (S.SUBMITTED, RecordSource.IMPORTED)
        assert (n.votes_for, n.votes_against, n.votes_invalid, n.council_size) == (9, 0, 0, 9)
        assert n.individual.full_name == "Nguyễn Văn An"
        (ev,) = s.scalars(select(EvidenceFile)).all()
        assert ev.sha256 and ev.original_name == "bien-ban-so-hoa.pdf"
    # A second import changes nothing.
    _unchanged_by(offices.upper, lambda: receive(offices.upper, offices.package("de-nghi.emx")))

    # The receipt marks the sent file "đã tiếp nhận" on the commune's nominations list.
    receive(offices.lower, offices.package("bao-nhan.emx"))
    with offices.lower.read() as s:
        row = nomination_rows(s, commune.nominations)[commune.nominations[0]]
    assert row.exchange.startswith("Đã tiếp nhận")

    # The province decides; meanwhile both offices change the person's position.
    with offices.upper.write() as s:
        workflow.transition(s, [n.id], S.APPRAISED, override_reason=OVERRIDE)
        decision = workflow.DecisionInput(
            "15/QĐ-UBND", date(2026, 12, 1), issuer="Chủ tịch UBND tỉnh Hưng Yên"
        )
        workflow.transition(s, [n.id], S.APPROVED, decision=decision, override_reason=OVERRIDE)
    _set_position(offices.upper, "Chủ tịch UBND xã")
    _set_position(offices.lower, "Phó Chủ tịch UBND xã")

    down = send(offices.upper, offices.package("quyet-dinh.emx"))
    assert down.direction == "down" and down.counts["decisions"] == 1 and down.counts["awards"] == 1
    with offices.lower.read() as s:
        package = open_package(s, offices.package("quyet-dinh.emx"))
        preview = importing.preview(s, package)
    (conflict,) = preview.conflicts
    assert conflict.section == "individuals"
    assert [(c.field, c.ours, c.theirs) for c in conflict.conflicts] == [
        ("position", "Phó Chủ tịch UBND xã", "Chủ tịch UBND xã")
    ]
    # The commune edits the person again before it imports: the preview it saw no longer holds.
    _set_position(offices.lower, "Phó Chủ tịch UBND xã, kiêm Trưởng Công an")
    with offices.lower.write() as s, pytest.raises(importing.PreviewOutdatedError):
        importing.apply(s, package, preview, {(conflict.section, conflict.uuid, "position"): "ours"})
    _set_position(offices.lower, "Phó Chủ tịch UBND xã")
    with pytest.raises(importing.UnresolvedConflictsError):
        _unchanged_by(offices.lower, lambda: receive(offices.lower, offices.package("quyet-dinh.emx")))
    choice = {(conflict.section, conflict.uuid, "position"): "ours"}
    receive(offices.lower, offices.package("quyet-dinh.emx"), choice)  # type: ignore[arg-type]
    with offices.lower.read() as s:
        person = s.scalar(select(Individual).where(Individual.given_name == "An"))
        assert person.position == "Phó Chủ tịch UBND xã"  # the choice made is kept
        history = award_service.history(s, SubjectRef(n.subject_kind, person.id))
        assert [(h.award_code, h.decision_number, h.decision_date) for h in history] == [
            ("BK_TINH", "15/QĐ-UBND", date(2026, 12, 1))
        ]
        award = s.scalar(select(AwardRecord))
        assert award.nomination_id == commune.nominations[0]
        row = nomination_rows(s, commune.nominations)[commune.nominations[0]]
        assert row.exchange == "Được khen thưởng theo Quyết định số 15/QĐ-UBND"
    _unchanged_by(offices.lower, lambda: receive(offices.lower, offices.package("quyet-dinh.emx")))


def test_a_package_that_would_overfill_a_quota_is_refused_whole(offices: Offices, evidence: Path) -> None:
    province_campaign(offices, limit=1)
    send(offices.upper, offices.package("ke-hoach.emx"))
    receive(offices.lower, offices.package("ke-hoach.emx"))
    # The commune works against the same cap (1) and files its one dossier.
    commune_dossiers(offices, evidence, ["Nguyễn Văn An"])
    # The province's own file already holds the one place.
    with offices.upper.write() as s:
        cid = s.scalar(select(Campaign.id))
        staff = person(s, "Lê Thị Hoa", unit(s, "Văn phòng Sở", "don_vi_truc_thuoc"), gender=Gender.FEMALE)
        own = nominate(s, cid, SubjectKind.INDIVIDUAL, staff, "BK_TINH", year=2026)
        workflow.transition(s, [own], S.SUBMITTED)
    send(offices.lower, offices.package("de-nghi.emx"))
    with offices.upper.read() as s:
        before = snapshot(s)
    with pytest.raises(QuotaExceededError, match="Bằng khen của Chủ tịch UBND tỉnh"):
        receive(offices.upper, offices.package("de-nghi.emx"))
    with offices.upper.read() as s:
        assert snapshot(s) == before


def _refused(store: object, path: Path, match: str) -> None:
    """The import is refused whole, with the reason, and nothing is written."""
    with pytest.raises(PackageRefusedError, match=match):
        _unchanged_by(store, lambda: receive(store, path))  # type: ignore[arg-type]


def test_one_changed_byte_or_an_untrusted_sender_is_refused_whole(offices: Offices, tmp_path: Path) -> None:
    province_campaign(offices)
    path = offices.package("ke-hoach.emx")
    send(offices.upper, path)
    data = path.read_bytes()
    # A byte of the records, of the manifest (the signature no longer matches) or of the directory.
    for offset in (60, len(data) // 2, len(data) - 30):
        damaged = tmp_path / f"hong-{offset}.emx"
        changed = bytearray(data)
        changed[offset] ^= 0x01
        damaged.write_bytes(bytes(changed))
        _refused(offices.lower, damaged, "không ghi gì")
    # From an office the commune does not trust, though it bears the same name.
    (tmp_path / "khac").mkdir()
    other = make_offices(tmp_path / "khac")
    try:
        province_campaign(other)
        send(other.upper, other.package("ke-hoach.emx"))
        _refused(offices.lower, other.package("ke-hoach.emx"), "chưa được tin cậy")
    finally:
        other.close()
    # From the trusted province, but made for another commune.
    second = add_commune(offices, "UBND xã Hồng Lý")
    try:
        send(offices.upper, offices.package("cho-xa-khac.emx"), to="UBND xã Hồng Lý")
        _refused(offices.lower, offices.package("cho-xa-khac.emx"), "cơ quan khác")
    finally:
        second.close()
    receive(offices.lower, path)  # the package itself, untouched, is accepted


def test_since_sends_only_what_changed(offices: Offices, tmp_path: Path) -> None:
    from emudesk.domain.errors import ValidationError
    from emudesk.services.campaigns import plans

    cid = province_campaign(offices)
    first = send(offices.upper, offices.package("ke-hoach.emx"), since="last")
    assert first.counts["campaigns"] == 1  # never sent: "since last" sends it
    with pytest.raises(ValidationError, match="Không có gì để gửi"):
        send(offices.upper, offices.package("lai.emx"), since="last")
    with pytest.raises(ValidationError, match="Không có gì để gửi"):
        send(offices.upper, offices.package("mai.emx"), since=date(2099, 1, 1))
    assert send(offices.upper, offices.package("hom-nay.emx"), since=date.today()).counts["campaigns"] == 1
    with offices.upper.write() as s:
        defn = plans.get_definition(s, cid)
        defn.quotas[0].limit = 3
        plans.update_campaign(s, cid, defn)
    changed = send(offices.upper, offices.package("sua.emx"), since="last")
    assert changed.counts["campaigns"] == 1
    receive(offices.lower, offices.package("ke-hoach.emx"))
    result = receive(offices.lower, offices.package("sua.emx"))
    assert [(o.section, o.state) for o in result.outcomes if o.section == "campaigns"] == [
        ("campaigns", "changed")
    ]
    with offices.lower.read() as s:
        (campaign,) = s.scalars(select(Campaign)).all()
        assert plans.get_definition(s, campaign.id).quotas[0].limit == 3  # the new cap, here too


def test_a_household_goes_up_with_its_members(offices: Offices, tmp_path: Path) -> None:
    from emudesk.db.models import Household
    from emudesk.services.campaigns import plans
    from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef
    from emudesk.services.register import households
    from tests.factories import form_id
    from tests.services.exchange.offices import local_campaign, vote

    with offices.upper.write() as s:
        forms = [OfferedFormDef("GDVH", False, False, True)]
        cid = plans.create_campaign(
            s, CampaignDef("Gia đình văn hóa 2026", CampaignKind.THEMATIC, offered_forms=forms)
        )
        offices.campaign_uuid = s.get(Campaign, cid).uuid
    send(offices.upper, offices.package("ke-hoach.emx"))
    receive(offices.lower, offices.package("ke-hoach.emx"))
    local = local_campaign(offices.lower, offices.campaign_uuid)
    with offices.lower.write() as s:
        commune = unit(s, "UBND xã Vũ Thư", "ubnd_xa")
        village = unit(s, "Thôn Đông", "thon_tdp", parent=commune)
        hh = households.create_household(
            s,
            households.HouseholdInput(
                head_name="Nguyễn Văn Tư",
                address="Thôn Đông, xã Vũ Thư",
                village_id=village,
                commune_id=commune,
                members=[households.MemberInput("Trần Thị Năm", "Vợ", 1972)],
            ),
        )
        nid = nominate(s, local, SubjectKind.HOUSEHOLD, hh, "GDVH", proposer=commune, year=2026)
        assert form_id(s, "GDVH")
    vote(offices.lower, [nid], (9, 0, 0, 9))
    up = send(offices.lower, offices.package("de-nghi.emx"))
    assert up.counts["households"] == 1 and up.counts["nominations"] == 1
    result = receive(offices.upper, offices.package("de-nghi.emx"))
    assert not result.refused
    with offices.upper.read() as s:
        (household,) = s.scalars(select(Household)).all()
        assert household.head_name == "Nguyễn Văn Tư"
        assert [(m.full_name, m.relation, m.birth_year) for m in household.members] == [
            ("Trần Thị Năm", "Vợ", 1972)
        ]
        n = s.scalar(select(Nomination))
        assert (n.household_id, n.status) == (household.id, S.SUBMITTED)
