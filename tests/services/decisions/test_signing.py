"""Who issues and signs a decision: the authority of the award form, not the office's signer in
Settings (NĐ 30/2020: TM. for the People's Committee, KT. for a deputy signing for the chairman);
a nominations list carries the letterhead of the unit that proposes it. Exports are read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from sqlalchemy import select, update

from emudesk.db.models import AwardForm, Campaign, Decision, Unit
from emudesk.domain.enums import CampaignStatus, NominationStatus, SubjectKind
from emudesk.domain.rules import AgendaOutcome
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store, set_setting
from emudesk.services.council import sessions, tallies
from emudesk.services.decisions import issuing as decisions
from emudesk.services.decisions import signing
from emudesk.services.decisions.signing import Authority, SignerBlock
from emudesk.services.exports.documents import ExportParams, export_document
from emudesk.services.nominations.workflow import NominationInput, create_nomination, transition
from emudesk.services.register.lists import IndividualFilter, individual_ids
from tests.factories import unit
from tests.readback import pdf_raw_text

TM = SignerBlock("Ủy ban nhân dân tỉnh Hưng Yên", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
KT = SignerBlock("Ủy ban nhân dân tỉnh Hưng Yên", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def _office(store: Store, *, tree: bool = True) -> dict[str, int]:
    """A Sở Nội vụ of Hưng Yên with its signer in Settings; the province's UBND in the unit tree."""
    with store.write() as s:
        for key, value in {
            "office.parent_agency": "UBND TỈNH HƯNG YÊN",
            "office.issuing_agency": "SỞ NỘI VỤ",
            "office.place": "Hưng Yên",
            "signer.authority": "KT. GIÁM ĐỐC",
            "signer.title": "PHÓ GIÁM ĐỐC",
            "signer.name": "Trần Thị Hương",
        }.items():
            set_setting(s, key, value)
        forms = {code: fid for code, fid in s.execute(select(AwardForm.code, AwardForm.id))}
        if tree:
            province = unit(s, "Ủy ban nhân dân tỉnh Hưng Yên", "ubnd_tinh")
            unit(s, "Ủy ban nhân dân tỉnh Thái Bình", "ubnd_tinh", valid_to=date(2025, 6, 30))
            unit(s, "Sở Nội vụ tỉnh Hưng Yên", "so_nganh", province)
    return forms


def test_a_provincial_chairmans_form_is_issued_by_the_provinces_committee(store: Store) -> None:
    forms = _office(store)
    with store.read() as s:
        found = signing.signing_for_forms(s, [forms["BK_TINH"]])
    assert found.authority is Authority.PROVINCE
    assert found.choices == (TM, KT)  # the chairman for the committee, or a vice-chairman for him
    assert found.default.issuer.upper() == "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"
    assert found.default.title == "TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH"
    assert found.choices[1].title == "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"
    assert signing.split_title(found.choices[1].title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    # Never the office's signer from Settings.
    assert all(b.name != "Trần Thị Hương" and "GIÁM ĐỐC" not in b.position for b in found.choices)


def test_the_offices_own_forms_keep_the_signer_in_settings(store: Store) -> None:
    forms = _office(store)
    with store.read() as s:
        own = signing.signing_for_forms(s, [forms["GK"]])
        mixed = signing.signing_for_forms(s, [forms["GK"], forms["BK_TINH"]])
        state = signing.signing_for_forms(s, [forms["BK_TTG"]])
    assert own.authority is Authority.OFFICE
    assert own.default == SignerBlock(
        "Sở Nội vụ tỉnh Hưng Yên", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Hương"
    )
    assert own.choices[1] == SignerBlock("Sở Nội vụ tỉnh Hưng Yên", "", "GIÁM ĐỐC")
    # One decision for both: the higher authority issues it, and the other form is pointed out.
    assert (mixed.authority, mixed.default, mixed.other_forms) == (Authority.PROVINCE, TM, ("Giấy khen",))
    assert (state.default.issuer, state.default.position) == ("Thủ tướng Chính phủ", "THỦ TƯỚNG")


def test_the_province_from_settings_when_the_tree_has_none(store: Store) -> None:
    forms = _office(store, tree=False)
    with store.read() as s:
        found = signing.signing_for_forms(s, [forms["CO_TINH"]])
    assert found.default == TM


def test_the_name_of_the_last_decision_so_signed(store: Store) -> None:
    forms = _office(store)
    with store.write() as s:
        for number, day, title, name in (
            ("5/QĐ-UBND", date(2025, 1, 5), "CHỦ TỊCH", "Nguyễn Văn Cũ"),
            ("9/QĐ-UBND", date(2025, 3, 9), "CHỦ TỊCH", "Trần Quốc Văn"),
            ("7/QĐ-UBND", date(2025, 2, 7), "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", "Nguyễn Lê Huy"),
        ):
            decisions.create_decision(
                s,
                decisions.DecisionDraft(
                    number, day, issuer="Ủy ban nhân dân tỉnh Hưng Yên", signer_title=title, signer_name=name
                ),
            )
    with store.read() as s:
        head, deputy = signing.signing_for_forms(s, [forms["BK_TINH"]]).choices
    assert (head.name, deputy.name) == ("Trần Quốc Văn", "Nguyễn Lê Huy")
    assert deputy.label == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH – Nguyễn Lê Huy"


# --- through the services and the exports, on the demo --------------------------------------------------


def _approved(store: Store) -> tuple[int, int]:
    """A Chiến sĩ thi đua cấp tỉnh file approved by a signed council session (the decision comes next)."""
    with store.write() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
        form = s.scalar(select(AwardForm.id).where(AwardForm.code == "CSTD_TINH"))
        person = individual_ids(s, IndividualFilter(search="Huỳnh Thùy Phượng"))[0]
        assert campaign and form
        # The 2025 round is closed: reopened to record a file received before its deadline.
        s.execute(update(Campaign).where(Campaign.id == campaign).values(status=CampaignStatus.ACTIVE))
        nid = create_nomination(
            s,
            NominationInput(
                subject=SubjectRef(SubjectKind.INDIVIDUAL, person),
                campaign_id=campaign,
                award_form_id=form,
                year=2025,
                filed_on=date(2025, 12, 5),
                summary="Sáng kiến được công nhận phạm vi toàn tỉnh.",
            ),
        )
        transition(s, [nid], NominationStatus.SUBMITTED)
        transition(s, [nid], NominationStatus.APPRAISED)
        sid = sessions.open_session(
            s,
            1,
            sessions.SessionInput(title="Phiên bổ sung", held_on=date(2026, 2, 10), campaign_id=campaign),
        )
        (item,) = sessions.add_to_agenda(s, sid, [nid])
        tallies.record_tally(s, item, 13, 0, 0)
        tallies.decide(s, item, AgendaOutcome.APPROVED)
        sessions.sign_minutes(s, sid, "02/BB-HĐTĐKT", date(2026, 2, 11))
    return sid, nid


def test_a_decision_drafted_without_a_signer_is_the_committees_and_prints_so(
    demo_store: Store, tmp_path: Path
) -> None:
    sid, _nid = _approved(demo_store)
    with demo_store.write("test") as s:
        assert signing.signing_for_session(s, sid).default.title == TM.title
        did = decisions.from_session(s, sid, decisions.DecisionDraft("201/QĐ-UBND", date(2026, 2, 20)))
        row = s.get(Decision, did)
        assert row is not None
        # Filled by the service from the form's authority; the name of the demo's chairman.
        assert (row.issuer, row.signer_title, row.signer_name) == (
            "Ủy ban nhân dân tỉnh Hưng Yên",
            "TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH",
            "Trần Quốc Văn",
        )
    text = pdf_raw_text(
        export_document(demo_store, "decision", ExportParams(decision_id=did), tmp_path / "qd.pdf")
    )
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert text.endswith("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Quốc Văn"), text[-120:]
    assert "của Ủy ban nhân dân tỉnh Hưng Yên)" in text
    assert "Trần Thị Hương" not in text and "SỞ NỘI VỤ" not in text

    # A vice-chairman signing for the chairman, chosen in the dialog or given to the service.
    with demo_store.write("test") as s:
        decisions.update_decision(
            s,
            did,
            decisions.DecisionDraft(
                "201/QĐ-UBND",
                date(2026, 2, 20),
                issuer=KT.issuer,
                signer_title=KT.title,
                signer_name="Nguyễn Lê Huy",
            ),
        )
    xlsx = _decision(demo_store, did, tmp_path / "qd.xlsx")
    cells = _cells(xlsx)
    assert "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" in cells
    assert cells[-3:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Lê Huy"], cells[-6:]


def test_a_decision_recorded_without_issuer_or_signer_prints_its_forms_authority(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.write("test") as s:
        did = s.scalar(select(Decision.id).where(Decision.number == "112/QĐ-UBND"))
        assert did is not None
        # As an older version or an exchange file left it (an issued decision is frozen to the ORM).
        s.execute(
            update(Decision).where(Decision.id == did).values(issuer="", signer_title="", signer_name="")
        )
    text = pdf_raw_text(_decision(demo_store, did, tmp_path / "q.pdf"))
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN CỘNG HÒA")
    assert text.endswith("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Quốc Văn"), text[-120:]


def test_a_units_nominations_list_carries_its_letterhead(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2025 trên%")))
        health = s.scalar(select(Unit.id).where(Unit.name == "Sở Y tế tỉnh Hưng Yên"))
    issued = date(2026, 3, 2)
    one = pdf_raw_text(
        export_document(
            demo_store,
            "nominations",
            ExportParams(campaign_id=campaign, unit_id=health, issued_on=issued),
            tmp_path / "yte.pdf",
        )
    )
    assert one.startswith("UBND TỈNH HƯNG YÊN SỞ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Số: /DS-SYT Hưng Yên, ngày 02 tháng 3 năm 2026" in one
    assert one.endswith("GIÁM ĐỐC"), one[-80:]
    assert "Trần Thị Hương" not in one and "SỞ NỘI VỤ" not in one
    # Several units' files in one list: the office consolidates it and signs it.
    every = pdf_raw_text(
        export_document(
            demo_store,
            "nominations",
            ExportParams(campaign_id=campaign, issued_on=issued),
            tmp_path / "all.pdf",
        )
    )
    assert every.startswith("UBND TỈNH HƯNG YÊN SỞ NỘI VỤ CỘNG HÒA")
    assert every.endswith("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Trần Thị Hương"), every[-80:]


def _decision(store: Store, decision_id: int, path: Path) -> Path:
    return export_document(store, "decision", ExportParams(decision_id=decision_id), path)


def _cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [
            str(c).strip()
            for row in wb.worksheets[0].iter_rows(values_only=True)
            for c in row
            if c is not None and str(c).strip()
        ]
    finally:
        wb.close()
