"""Units, individuals and households through the services."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from emudesk.db.models import Individual, Membership, Unit
from emudesk.domain.enums import Gender, LinkKind, Rating
from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.services.core.store import Store
from emudesk.services.register import households, individuals, units
from emudesk.services.register.lists import IndividualFilter, individual_ids, individual_rows
from tests.factories import person, unit


def _input(**kw: object) -> individuals.IndividualInput:
    base: dict[str, object] = dict(
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="Đức",
        gender=Gender.MALE,
        birth_date=date(1985, 3, 2),
    )
    base.update(kw)
    return individuals.IndividualInput(**base)  # type: ignore[arg-type]


def test_validation_names_each_field(store: Store) -> None:
    with store.read() as s:
        problems = individuals.validate(
            s,
            _input(given_name="", id_number="034185000001", birth_date=date(2090, 1, 1), ethnicity="Martian"),
        )
    assert set(problems) == {"given_name", "id_number", "birth_date", "birth_year", "ethnicity"}
    assert "giới tính" in problems["id_number"]


def test_duplicate_person_in_same_unit_is_a_conflict_unless_confirmed(store: Store) -> None:
    with store.write() as s:
        uid = unit(s, "Phòng Tổng hợp")
        individuals.create_individual(s, _input(unit_id=uid))
    with pytest.raises(ConflictError, match="đã có trong đơn vị này"), store.write() as s:
        individuals.create_individual(s, _input(unit_id=uid))
    with store.write() as s:
        individuals.create_individual(s, _input(unit_id=uid, allow_duplicate=True))
        other_unit = unit(s, "Phòng Kế toán")
        individuals.create_individual(
            s, _input(unit_id=other_unit)
        )  # same name elsewhere: a different person
        assert len(s.scalars(select(Individual.id)).all()) == 3


def test_id_number_unique_and_checked_against_record(store: Store) -> None:
    with store.write() as s:
        individuals.create_individual(s, _input(id_number="034085001234"))
    with pytest.raises(ValidationError, match="đã thuộc về Nguyễn Văn Đức"), store.write() as s:
        individuals.create_individual(s, _input(given_name="Đạt", id_number="034085001234"))


def test_transfer_keeps_membership_history(store: Store) -> None:
    with store.write() as s:
        a, b = unit(s, "Phòng A"), unit(s, "Phòng B")
        pid = individuals.create_individual(
            s, _input(unit_id=a, position="Chuyên viên"), start_date=date(2015, 1, 1)
        )
        individuals.transfer(s, pid, b, "Trưởng phòng", date(2024, 7, 1))
    with store.read() as s:
        rows = s.scalars(
            select(Membership).where(Membership.individual_id == pid).order_by(Membership.id)
        ).all()
        person_row = s.get(Individual, pid)
    assert [(m.unit_id, m.position, m.end_date) for m in rows] == [
        (a, "Chuyên viên", date(2024, 7, 1)),
        (b, "Trưởng phòng", None),
    ]
    assert person_row is not None and (person_row.unit_id, person_row.position) == (b, "Trưởng phòng")


def test_ratings_by_year(store: Store) -> None:
    with store.write() as s:
        pid = person(s, "Phạm Minh Tuấn")
        individuals.set_rating(s, individual_id=pid, year=2024, rating=Rating.EXCELLENT)
        individuals.set_rating(s, individual_id=pid, year=2025, rating=Rating.GOOD)
        individuals.set_rating(s, individual_id=pid, year=2024, rating=Rating.GOOD)
        assert individuals.ratings(s, pid) == {2024: Rating.GOOD, 2025: Rating.GOOD}
        individuals.set_rating(s, individual_id=pid, year=2025, rating=None)
        assert individuals.ratings(s, pid) == {2024: Rating.GOOD}


def test_bin_delete_and_restore(store: Store) -> None:
    with store.write() as s:
        pid = person(s, "Hoàng Văn Nam")
        individuals.delete_individual(s, pid)
    with store.read() as s:
        assert individual_ids(s, IndividualFilter()) == []
        assert individual_ids(s, IndividualFilter(in_bin=True)) == [pid]
    with pytest.raises(NotFoundError), store.write() as s:
        individuals.delete_individual(s, pid)
    with store.write() as s:
        individuals.restore_individual(s, pid)
        assert individual_ids(s, IndividualFilter()) == [pid]


def test_unit_tree_rejects_loops_and_keeps_merger_history(store: Store) -> None:
    with store.write() as s:
        province = unit(s, "UBND tỉnh Thái Bình", "ubnd_tinh")
        commune_a = unit(s, "UBND xã Vũ Hội", "ubnd_xa", province)
        commune_b = unit(s, "UBND xã Vũ Tiến", "ubnd_xa", province)
        village = unit(s, "Thôn Đông", "thon_tdp", commune_a)
    with pytest.raises(ValidationError, match=r"vòng lặp|dưới chính nó"), store.write() as s:
        units.update_unit(
            s, commune_a, units.UnitInput(name="UBND xã Vũ Hội", kind_code="ubnd_xa", parent_id=village)
        )
    with store.write() as s:
        new = unit(s, "UBND xã Vũ Thư", "ubnd_xa", province)
        units.link_units(
            s,
            [commune_a, commune_b],
            new,
            kind=LinkKind.MERGE,
            effective_on=date(2025, 7, 1),
            legal_basis="NQ 1656/NQ-UBTVQH15",
        )
    with store.read() as s:
        old = s.get(Unit, commune_a)
        assert old is not None and old.valid_to == date(2025, 6, 30)
        assert [u.name for u, _ in units.successors(s, commune_a)] == ["UBND xã Vũ Thư"]
        assert {u.id for u, _ in units.predecessors(s, new)} == {commune_a, commune_b}
        visible = [r.name for r in units.list_children(s, province)]
        everything = units.list_children(s, province, include_dissolved=True)
        assert visible == ["UBND xã Vũ Thư"]
        merged = next(r for r in everything if r.id == commune_a)
        assert merged.successors == ("UBND xã Vũ Thư",)
        assert units.subtree_ids(s, commune_a) == {commune_a, village}


def test_unit_with_members_cannot_be_deleted(store: Store) -> None:
    with store.write() as s:
        uid = unit(s, "Phòng C")
        person(s, "Vũ Thị Lan", uid, gender=Gender.FEMALE)
    with pytest.raises(ConflictError, match="1 thành viên"), store.write() as s:
        units.delete_unit(s, uid)


def test_individual_table_filters_and_vietnamese_order(store: Store) -> None:
    with store.write() as s:
        parent = unit(s, "Sở Y tế", "so_nganh")
        child = unit(s, "Phòng Nghiệp vụ Y", parent=parent)
        for name, g, u in [
            ("Đặng Văn An", Gender.MALE, child),
            ("Nguyễn Văn An", Gender.MALE, parent),
            ("Lê Thị Ánh", Gender.FEMALE, child),
            ("Nguyễn Văn Ân", Gender.MALE, None),
            ("Nguyễn Văn Đức", Gender.MALE, child),
        ]:
            person(s, name, u, gender=g)
    with store.read() as s:

        def names(flt: IndividualFilter, sort: str = "name") -> list[str]:
            ids = individual_ids(s, flt, sort=sort)
            rows = individual_rows(s, ids)
            return [rows[i][0] for i in ids]

        assert names(IndividualFilter()) == [
            "Đặng Văn An",
            "Nguyễn Văn An",
            "Lê Thị Ánh",
            "Nguyễn Văn Ân",
            "Nguyễn Văn Đức",
        ]
        assert names(IndividualFilter(search="nguyen van duc")) == ["Nguyễn Văn Đức"]
        assert names(IndividualFilter(search="ĐỨC")) == ["Nguyễn Văn Đức"]
        assert names(IndividualFilter(search="100%_")) == []
        assert len(names(IndividualFilter(unit_id=parent))) == 4  # sub-units included
        assert names(IndividualFilter(gender=Gender.FEMALE)) == ["Lê Thị Ánh"]


def test_household_with_members(store: Store) -> None:
    with store.write() as s:
        village = unit(s, "Thôn Đông", "thon_tdp")
        hid = households.create_household(
            s,
            households.HouseholdInput(
                head_name="Nguyễn Văn Tư",
                address="Thôn Đông, xã Vũ Hội",
                village_id=village,
                members=[
                    households.MemberInput("Nguyễn Văn Tư", "Chủ hộ", 1960),
                    households.MemberInput("Trần Thị Mơ", "Vợ", 1962),
                ],
            ),
        )
    with pytest.raises(ValidationError), store.write() as s:
        households.update_household(s, hid, households.HouseholdInput(head_name="  "))


def test_batch_creation_follows_the_same_rules_or_writes_nothing(store: Store) -> None:
    with store.write() as s:
        uid = unit(s, "Phòng Kế hoạch")
        individuals.create_individual(s, _input(unit_id=uid, id_number="034085001234"))
    people = [
        (_input(given_name="An", unit_id=uid), date(2020, 1, 1)),
        (_input(given_name="Bình", unit_id=uid, birth_date=date(1990, 2, 3)), None),
    ]
    with store.write() as s:
        ids = individuals.create_individuals(s, people)
        assert ids is not None and len(ids) == 2
        rows = s.scalars(select(Membership).where(Membership.individual_id.in_(ids))).all()
        assert {(m.unit_id, m.start_date) for m in rows} == {(uid, date(2020, 1, 1)), (uid, None)}
    refused = [
        [(_input(given_name="Cường"), None), (_input(given_name="Cường"), None)],  # twice in the batch
        [(_input(unit_id=uid), None)],  # Nguyễn Văn Đức, same birth date, same unit: already there
        [(_input(given_name="Dũng", id_number="034085001234"), None)],  # the ID number is taken
        [(_input(given_name="", unit_id=uid), None)],  # a field the form would refuse
    ]
    for batch in refused:
        with store.write() as s:
            before = s.scalar(select(func.count()).select_from(Individual))
            assert individuals.create_individuals(s, batch) is None
            assert s.scalar(select(func.count()).select_from(Individual)) == before
