"""Names an earlier import stored in TCVN3: found by check, repaired, and matched by the correct file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from emudesk.db.models import AuditEntry, AwardRecord, Individual, Unit
from emudesk.domain.enums import Gender
from emudesk.domain.errors import ConflictError
from emudesk.domain.legacy_text import Legacy, encode
from emudesk.domain.text import name_fold, split_full_name
from emudesk.i18n import set_language
from emudesk.importer import headers, parse_file
from emudesk.importer.reader import SheetData
from emudesk.services.core.store import Store
from emudesk.services.imports.importing import Action, commit_import, plan_import
from emudesk.services.register.individuals import IndividualInput, create_individual
from emudesk.services.workspace.check import run_checks
from emudesk.services.workspace.repair_text import apply_repairs, find_garbled, reading
from tests.services.imports.builders import make_office, staff_list
from tests.snapshot import changed_rows, snapshot


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    set_language("vi")


def _names_in_tcvn3(path: Path) -> Path:
    """The staff list with its names and positions typed in TCVN3 under a Unicode header."""
    wb = load_workbook(staff_list(path.with_name("unicode.xlsx")))
    for row in wb.active.iter_rows(min_row=8, max_row=11):
        for cell in (row[1], row[5]):
            cell.value = encode(unicodedata.normalize("NFC", cell.value), Legacy.TCVN3)
    wb.save(path)
    return path


def _import(store: Store, path: Path) -> tuple[list[Action], int]:
    parsed = parse_file(path, "individuals")
    with store.read() as s:
        plan = plan_import(s, parsed)
    result = commit_import(store, plan)
    assert result.committed, [str(e) for e in plan.all_errors()]
    return [r.action for r in plan.rows], result.created


def _as_before(sheet: SheetData) -> SheetData:
    """What the importer did before it knew the legacy fonts: nothing."""
    sheet.legacy_checked = True
    return sheet


def _people(store: Store) -> dict[int, tuple[str, str, str | None]]:
    with store.read() as s:
        columns = (Individual.id, Individual.full_name, Individual.name_fold, Individual.position)
        rows = s.execute(select(*columns))
        return {pid: (name, folded, position) for pid, name, folded, position in rows}


def test_garbled_names_are_found_repaired_and_matched_by_the_correct_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_office(store)
    with monkeypatch.context() as m:
        m.setattr(headers, "convert_legacy", _as_before)
        assert _import(store, _names_in_tcvn3(tmp_path / "cu.xlsx"))[1] == 4
    garbled = _people(store)
    # Nor were the honorifics: "Ông" is stored as the family name.
    assert "¤ng NguyÔn V¨n §øc" in {name for name, _, _ in garbled.values()}
    # The soft hyphen that is TCVN3's ư was dropped on the way in: "Trưởng" became "Trëng".
    assert "Trëng phßng" in {position for _, _, position in garbled.values()}

    with store.read() as s:
        report = run_checks(s, is_sqlite=store.is_sqlite)
        plan = find_garbled(s)
    assert report.ok and any("repair-text" in w and "4 bản ghi" in w for w in report.warnings)
    assert plan.records == 4 and not plan.undecided
    before = {(r.field, r.before): (r.after, r.restored_u) for r in plan.repairs}
    assert before[("family_name", "¤ng")] == ("Nguyễn", False)
    assert before[("middle_name", "NguyÔn V¨n")] == ("Văn", False)
    assert before[("given_name", "§øc")] == ("Đức", False)
    assert before[("position", "Trëng phßng")] == ("Trưởng phòng", True)

    with store.write() as s:
        audits = int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)
        assert apply_repairs(s, plan.repairs) == 4
        assert int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0) >= audits + 4
    repaired = _people(store)
    assert sorted(name for name, _, _ in repaired.values()) == sorted(
        ["Nguyễn Văn Đức", "Trần Thị Hoa", "Lê Minh Tuấn", "Phạm Thị Lan"]
    )
    assert all(folded == name_fold(name) for name, folded, _ in repaired.values())  # derived the ORM way
    with store.read() as s:
        assert not run_checks(s, is_sqlite=store.is_sqlite).warnings
        assert not find_garbled(s).repairs

    # The correct file now finds its people: nothing is created twice.
    actions, created = _import(store, staff_list(tmp_path / "ds.xlsx"))
    assert actions == [Action.SKIP] * 4 and created == 0
    assert len(_people(store)) == 4


def test_a_repair_listed_before_an_edit_is_refused_and_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_office(store)
    with monkeypatch.context() as m:
        m.setattr(headers, "convert_legacy", _as_before)
        _import(store, _names_in_tcvn3(tmp_path / "cu.xlsx"))
    with store.read() as s:
        plan = find_garbled(s)
    with store.write() as s:
        person = s.get(Individual, plan.repairs[-1].record_id)
        assert person is not None
        setattr(person, plan.repairs[-1].field, "Khác")
    with store.read() as s:
        before = snapshot(s)
    with pytest.raises(ConflictError), store.write() as s:
        apply_repairs(s, plan.repairs)
    with store.read() as s:
        assert not changed_rows(before, snapshot(s))


def test_the_names_of_the_demo_are_left_alone(demo_db: Path) -> None:
    # 2,000 people, 286 units, 300 households, all in Unicode: not one is taken for TCVN3 or VNI.
    store = Store.open(demo_db)
    try:
        with store.read() as s:
            plan = find_garbled(s)
    finally:
        store.close()
    assert not plan.repairs and not plan.undecided


def test_award_history_and_units_of_the_demo_are_repaired_too(demo_db: Path) -> None:
    store = Store.open(demo_db)
    try:
        with store.write() as s:
            award = s.scalars(select(AwardRecord).order_by(AwardRecord.id).limit(1)).one()
            unit = s.scalars(select(Unit).where(Unit.deleted_at.is_(None)).order_by(Unit.id).limit(1)).one()
            expected = {("awards", award.id): award.recipient_name, ("units", unit.id): unit.name}
            # As an import before the legacy fonts were known stored them.
            s.execute(
                update(AwardRecord)
                .where(AwardRecord.id == award.id)
                .values(recipient_name=encode(award.recipient_name, Legacy.VNI))
            )
            s.execute(update(Unit).where(Unit.id == unit.id).values(name=encode(unit.name, Legacy.TCVN3)))
        with store.read() as s:
            plan = find_garbled(s)
        assert {(r.table, r.record_id) for r in plan.repairs} == set(expected)
        with store.write() as s:
            apply_repairs(s, plan.repairs)
        with store.read() as s:
            award_after = s.get(AwardRecord, award.id)
            unit_after = s.get(Unit, unit.id)
            assert award_after is not None and unit_after is not None
            assert award_after.recipient_name == expected[("awards", award.id)]
            assert unit_after.name == expected[("units", unit.id)]
            assert unit_after.name_fold.startswith(name_fold(unit_after.name))
            assert not find_garbled(s).repairs
    finally:
        store.close()


def _stored(store: Store, names: list[str]) -> None:
    """People whose names an old import stored as typed in VNI."""
    with store.write() as s:
        for name in names:
            family, middle, given = split_full_name(encode(name, Legacy.VNI))
            create_individual(s, IndividualInput(family, middle, given, Gender.FEMALE, allow_duplicate=True))


def test_a_name_vietnamese_in_two_encodings_is_listed_not_repaired(store: Store) -> None:
    # "Leâ Minh An" is VNI for "Lê Minh An", and reads "Leõ Minh An" in TCVN3.
    _stored(store, ["Lê Minh An"])
    with store.read() as s:
        plan = find_garbled(s)
    assert not plan.repairs
    [undecided] = plan.undecided
    assert dict((str(e), t) for e, t in undecided.readings) == {"VNI": "Lê Minh An", "TCVN3": "Leõ Minh An"}


def test_such_a_name_follows_the_encoding_of_the_other_repairs(store: Store) -> None:
    others = ["Nguyễn Văn Đức", "Trần Thị Hoa", "Phạm Thị Lan", "Đặng Quốc Hưng", "Hoàng Thị Yến"]
    _stored(store, [*others, "Lê Minh An"])
    with store.read() as s:
        plan = find_garbled(s)
    assert not plan.undecided and plan.records == 6
    with store.write() as s:
        apply_repairs(s, plan.repairs)
    with store.read() as s:
        assert sorted(s.scalars(select(Individual.full_name))) == sorted([*others, "Lê Minh An"])


def test_lu_may_be_luu_without_its_u() -> None:
    # TCVN3 "L\xadu" (Lưu) lost its soft hyphen: "Lu" is a word too, so a person decides.
    found = reading("Lu Gia H\u00efng")
    assert found is not None and found.encoding is None
    assert [t for _, t in found.candidates] == ["Lu Gia Hùng", "Lưu Gia Hùng"]
