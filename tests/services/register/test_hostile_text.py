"""Forms refuse names with control characters, bidi overrides or thousands of characters, by
field and with the reason, and write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from emudesk.db.models import Household, Individual, Unit
from emudesk.domain.enums import Gender
from emudesk.domain.errors import ValidationError
from emudesk.services.core.store import Store
from emudesk.services.register import households, individuals, units


def _person(**kw: object) -> individuals.IndividualInput:
    base: dict[str, object] = dict(
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="Đức",
        gender=Gender.MALE,
        birth_date=date(1985, 3, 2),
    )
    base.update(kw)
    return individuals.IndividualInput(**base)  # type: ignore[arg-type]


def _count(store: Store, model: type) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("given_name", "Đ\x1b[2Jức", ("Tên", "U+001B")),
        ("family_name", "Nguy\x00ễn", ("U+0000",)),
        ("middle_name", "V\x08ăn", ("U+0008",)),
        ("given_name", "\u202eĐức", ("U+202E", "đảo chiều")),
        ("given_name", "Đức" * 1000, ("3.000", "300")),
        ("position", "Trưởng \u2066phòng", ("U+2066",)),
    ],
)
def test_individual_form_refuses_hostile_names(
    store: Store, field: str, value: str, words: tuple[str, ...]
) -> None:
    with store.read() as s:
        problems = individuals.validate(s, _person(**{field: value}))
    assert set(problems) == {field}
    for word in words:
        assert word in problems[field]
    with pytest.raises(ValidationError) as caught, store.write() as s:
        individuals.create_individual(s, _person(**{field: value}))
    assert caught.value.fields is not None and field in caught.value.fields
    assert _count(store, Individual) == 0


def test_unit_and_household_forms_refuse_hostile_names(store: Store) -> None:
    kind = "don_vi_truc_thuoc"
    before = _count(store, Unit)
    for name in ("Phòng \x1bNội vụ", "Phòng " + "x" * 400, "Phòng \u202dNội vụ"):
        with pytest.raises(ValidationError) as caught, store.write() as s:
            units.create_unit(s, units.UnitInput(name=name, kind_code=kind))
        assert caught.value.fields and "name" in caught.value.fields
    assert _count(store, Unit) == before
    with pytest.raises(ValidationError) as caught, store.write() as s:
        households.create_household(s, households.HouseholdInput(head_name="Lê Văn\x07 Ba"))
    assert "U+0007" in caught.value.message and caught.value.fields == {
        "head_name": caught.value.fields["head_name"]
    }
    with pytest.raises(ValidationError), store.write() as s:
        households.create_household(
            s,
            households.HouseholdInput(
                head_name="Lê Văn Ba", members=[households.MemberInput(full_name="Lê\u202e Thị Tư")]
            ),
        )
    assert _count(store, Household) == 0
    with store.write() as s:  # ordinary names still save
        units.create_unit(s, units.UnitInput(name="Phòng Nội vụ", kind_code=kind))
        households.create_household(s, households.HouseholdInput(head_name="Lê Văn Ba"))
        individuals.create_individual(s, _person())
    assert _count(store, Household) == 1 and _count(store, Individual) == 1
