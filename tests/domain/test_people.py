"""The 12-digit personal ID number against the record."""

from __future__ import annotations

import pytest

from emudesk.domain.enums import Gender
from emudesk.domain.people import check_id_number


@pytest.mark.parametrize(
    ("number", "gender", "year"),
    [
        ("034085001234", Gender.MALE, 1985),
        ("001190123456", Gender.FEMALE, 1990),
        ("079203000001", Gender.MALE, 2003),
        ("096305999999", Gender.FEMALE, 2005),
        ("034085001234", Gender.OTHER, None),
    ],
)
def test_consistent_numbers_pass(number: str, gender: Gender, year: int | None) -> None:
    assert check_id_number(number, gender=gender, birth_year=year) is None


@pytest.mark.parametrize(
    ("number", "gender", "year", "fragment"),
    [
        ("03408500123", Gender.MALE, 1985, "12 chữ số"),
        ("034085001234", Gender.FEMALE, 1985, "Chữ số thứ 4"),
        ("034085001234", Gender.MALE, 1986, "năm sinh 1985"),
        ("034285001234", Gender.MALE, 1985, "năm sinh 2085"),
        ("03408500123A", Gender.MALE, 1985, "chỉ gồm chữ số"),
        ("123456789", Gender.MALE, 1985, "CMND"),
    ],
)
def test_inconsistent_numbers_are_explained(number: str, gender: Gender, year: int, fragment: str) -> None:
    message = check_id_number(number, gender=gender, birth_year=year)
    assert message is not None and fragment in message
