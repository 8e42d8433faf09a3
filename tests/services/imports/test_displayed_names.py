"""A name typed as the app shows it finds the record it shows: households ("Hộ ông (bà) …" and the
ways lists write them), people and units; no duplicate is created and nothing else is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from emudesk.db.models import (
    AuditEntry,
    AwardRecord,
    Household,
    HouseholdMember,
    Individual,
    Membership,
    Unit,
)
from emudesk.domain.enums import SubjectKind
from emudesk.domain.text import household_heads
from emudesk.i18n import set_language
from emudesk.importer import parse_file
from emudesk.services.core.common import household_title
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, OnMatch, commit_import, plan_import
from emudesk.services.register.households import HouseholdInput, create_household
from tests.factories import person, unit
from tests.services.imports.builders import Office, award_history, nfd, table

HEAD = "Nguyễn Quốc An"
ADDRESS = "Xóm 3, Thôn Đông"


def _english_title() -> str:
    set_language("en")
    try:
        return household_title(HEAD)
    finally:
        set_language("vi")


# Every way the app and the lists it exchanges write the household of Nguyễn Quốc An.
HOUSEHOLD_FORMS = [
    "Hộ ông (bà) Nguyễn Quốc An",  # the app's own label (household_title in Vietnamese)
    "Hộ ông Nguyễn Quốc An",
    "Hộ bà Nguyễn Quốc An",
    "Hộ gia đình ông Nguyễn Quốc An",
    "Gia đình bà Nguyễn Quốc An",
    "Hộ ông/bà Nguyễn Quốc An",
    "HỘ ÔNG (BÀ) NGUYỄN QUỐC AN",
    "ho ong (ba) nguyen quoc an",
    nfd("Hộ ông (bà) Nguyễn Quốc An"),
    "Hộ  ông  (bà)   Nguyễn Quốc An",
    f"Hộ ông (bà) Nguyễn Quốc An – {ADDRESS}",  # the household picker's label
]


def import_file(store: Store, path: Path, kind: str, **kw: object):  # type: ignore[no-untyped-def]
    with store.read() as s:
        plan = plan_import(s, parse_file(path, kind), **kw)  # type: ignore[arg-type]
    return plan, commit_import(store, plan)


def counts(store: Store) -> dict[str, int]:
    with store.read() as s:
        return {
            m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Household, HouseholdMember, Individual, Membership, Unit, AwardRecord, AuditEntry)
        }


@pytest.fixture
def village(store: Store, office: Office) -> tuple[int, int, int]:
    """Thôn Đông of xã Tân Lập with the household of Nguyễn Quốc An and a namesake elsewhere."""
    with store.write() as s:
        commune = unit(s, "UBND xã Tân Lập", "ubnd_xa", office.district)
        thon = unit(s, "Thôn Đông", "thon_tdp", commune)
        other = unit(s, "Thôn Tây", "thon_tdp", commune)
        hid = create_household(
            s, HouseholdInput(head_name=HEAD, address=ADDRESS, village_id=thon, commune_id=commune)
        )
        create_household(s, HouseholdInput(head_name=HEAD, address="Thôn Tây", village_id=other))
    return hid, thon, commune


def test_household_heads_read_every_displayed_form() -> None:
    for text in [*HOUSEHOLD_FORMS, _english_title()]:
        assert household_heads(text)[0].casefold() in {HEAD.casefold(), "nguyen quoc an"}, text
    # "Ông" is also a family name: the less stripped reading is offered after the likeliest one.
    assert household_heads("Hộ Ông Văn Tùng")[:2] == ["Văn Tùng", "Ông Văn Tùng"]


@pytest.mark.parametrize("written", [*HOUSEHOLD_FORMS, "english"])
def test_an_award_to_a_household_as_displayed_finds_it(
    store: Store, village: tuple[int, int, int], tmp_path: Path, written: str
) -> None:
    hid, _thon, _commune = village
    written = _english_title() if written == "english" else written
    row = [1, written, "Thôn Đông", 2024, "Gia đình văn hóa", "12/QĐ-UBND", "20/11/2024", "Chủ tịch UBND xã"]
    before = counts(store)
    plan, result = import_file(store, award_history(tmp_path / "kt.xlsx", [row]), "awards")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert not any(w for r in plan.rows for w in r.warnings if "sẽ được thêm" in w.reason)
    assert result.committed and result.created == 1 and result.subjects_added == 0
    with store.read() as s:
        record = s.scalars(select(AwardRecord)).one()
        assert (record.subject_kind, record.household_id) == (SubjectKind.HOUSEHOLD, hid)
    after = counts(store)
    # One award and its audit entry; no household, member, person or unit.
    assert after["award_records"] == before["award_records"] + 1
    assert {k: v for k, v in after.items() if k not in ("award_records", "audit_log")} == {
        k: v for k, v in before.items() if k not in ("award_records", "audit_log")
    }


@pytest.mark.parametrize("written", HOUSEHOLD_FORMS)
def test_a_households_list_written_as_displayed_matches(
    store: Store, village: tuple[int, int, int], tmp_path: Path, written: str
) -> None:
    hid, _thon, _commune = village
    header = ["STT", "Họ và tên chủ hộ", "Địa chỉ", "Thôn", "Xã"]
    path = table(tmp_path / "hgd.xlsx", header, [[1, written, ADDRESS, "Thôn Đông", "UBND xã Tân Lập"]])
    before = counts(store)
    for on_match in (OnMatch.SKIP, OnMatch.UPDATE):
        plan, result = import_file(store, path, "households", on_match=on_match)
        assert plan.ok, [str(e) for e in plan.all_errors()]
        (row,) = plan.rows
        assert row.match_id == hid and row.action is Action.SKIP, (row.action, row.match_id)
        assert result.created == 0 and result.updated == 0
    assert counts(store) == before
    with store.read() as s:
        assert s.get(Household, hid).head_name == HEAD  # type: ignore[union-attr]


def test_people_and_units_as_displayed(store: Store, office: Office, tmp_path: Path) -> None:
    with store.write() as s:
        pid = person(s, "Trần Thị Hoa", office.home_affairs)
        commune = unit(s, "UBND xã Tân Lập", "ubnd_xa", office.district, short_name="Tân Lập")
    lđtt, ttlđtt = "Lao động tiên tiến", "Tập thể lao động tiên tiến"
    rows = [
        [1, "Bà Trần Thị Hoa", "Phòng Nội vụ", 2022, lđtt, "1/QĐ-UBND", "05/01/2023", "UBND"],
        [2, nfd("TRẦN THỊ HOA"), "Phòng Nội vụ", 2023, lđtt, "2/QĐ-UBND", "05/01/2024", "UBND"],
        [3, "Ủy ban nhân dân xã Tân Lập", None, 2022, ttlđtt, "3/QĐ", "05/01/2023", "X"],
        [4, "UBND xã Tân Lập", "UBND huyện Vũ Thư", 2023, ttlđtt, "4/QĐ", "05/01/2024", "X"],
        # The person picker's label: name (birth year, unit); "Phòng Nội vụ" is in two districts.
        [5, "Trần Thị Hoa (1985, Phòng Nội vụ)", None, 2021, lđtt, "5/QĐ-UBND", "05/01/2022", "UBND"],
    ]
    before = counts(store)
    plan, result = import_file(store, award_history(tmp_path / "kt.xlsx", rows), "awards")
    assert plan.ok, [str(e) for e in plan.all_errors()]
    assert result.created == 5 and result.subjects_added == 0
    with store.read() as s:
        got = [(r.subject_kind, r.individual_id or r.unit_id) for r in s.scalars(select(AwardRecord))]
    assert sorted(got) == sorted([(SubjectKind.INDIVIDUAL, pid)] * 3 + [(SubjectKind.UNIT, commune)] * 2)
    after = counts(store)
    assert (after["individuals"], after["units"], after["households"]) == (
        before["individuals"],
        before["units"],
        before["households"],
    )
