from datetime import date
from decimal import Decimal

import pytest

from emudesk.domain.plan_values import (
    DatePrecision,
    TargetAmount,
    parse_partial_date,
    parse_target,
)


@pytest.mark.parametrize(
    ("text", "value", "precision", "iso", "vietnamese"),
    [
        ("tháng 01 năm 2024", date(2024, 1, 31), DatePrecision.MONTH, "2024-01", "tháng 01 năm 2024"),
        ("01/2024", date(2024, 1, 31), DatePrecision.MONTH, "2024-01", "tháng 01 năm 2024"),
        ("Quý I năm 2024", date(2024, 3, 31), DatePrecision.QUARTER, "2024-Q1", "Quý I năm 2024"),
        ("Quý I/2024", date(2024, 3, 31), DatePrecision.QUARTER, "2024-Q1", "Quý I năm 2024"),
        ("quý IV năm 2023", date(2023, 12, 31), DatePrecision.QUARTER, "2023-Q4", "Quý IV năm 2023"),
        ("năm 2025", date(2025, 12, 31), DatePrecision.YEAR, "2025", "năm 2025"),
        ("2025", date(2025, 12, 31), DatePrecision.YEAR, "2025", "năm 2025"),
        (
            "ngày 12 tháng 7 năm 2022",
            date(2022, 7, 12),
            DatePrecision.DAY,
            "2022-07-12",
            "ngày 12 tháng 07 năm 2022",
        ),
        ("12/7/2022", date(2022, 7, 12), DatePrecision.DAY, "2022-07-12", "ngày 12 tháng 07 năm 2022"),
        ("2024-02", date(2024, 2, 29), DatePrecision.MONTH, "2024-02", "tháng 02 năm 2024"),
        ("2024-Q2", date(2024, 6, 30), DatePrecision.QUARTER, "2024-Q2", "Quý II năm 2024"),
    ],
)
def test_partial_dates_parse_and_print(text, value, precision, iso, vietnamese):
    d = parse_partial_date(text)
    assert (d.value, d.precision) == (value, precision)
    assert d.iso() == iso
    assert d.vietnamese() == vietnamese
    assert parse_partial_date(d.iso()) == d
    assert parse_partial_date(d.vietnamese()) == d
    assert parse_partial_date(d.short()) == d


def test_quarter_is_a_deadline_at_its_end_and_prints_as_written():
    d = parse_partial_date("Quý I/2024")
    assert d.first_day == date(2024, 1, 1)
    assert d.value == date(2024, 3, 31)
    assert d.short() == "Quý I/2024"


@pytest.mark.parametrize("text", ["tháng 13 năm 2024", "Quý V năm 2024", "sớm", "", "32/01/2024"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("text", "expected", "printed"),
    [
        ("3–3,5 %", TargetAmount(Decimal("3"), Decimal("3.5"), "", ">=", "%"), "3–3,5 %"),
        (
            "14,5–15,0 tiêu chí/xã",
            TargetAmount(Decimal("14.5"), Decimal("15.0"), "", ">=", "tiêu chí/xã"),
            "14,5–15,0 tiêu chí/xã",
        ),
        ("580 nghìn m³", TargetAmount(Decimal("580"), None, "nghìn", ">=", "m³"), "580 nghìn m³"),
        ("trên 20 % số xã", TargetAmount(Decimal("20"), None, "", ">", "% số xã"), "trên 20 % số xã"),
        ("không dưới 90%", TargetAmount(Decimal("90"), None, "", ">=", "%"), "90 %"),
        ("≥ 1,5 lần", TargetAmount(Decimal("1.5"), None, "", ">=", "lần"), "1,5 lần"),
        ("đạt 100 %", TargetAmount(Decimal("100"), None, "", ">=", "%"), "100 %"),
        ("2 tỷ đồng", TargetAmount(Decimal("2"), None, "tỷ", ">=", "đồng"), "2 tỷ đồng"),
        ("10% trở lên", TargetAmount(Decimal("10"), None, "", ">=", "%"), "10 %"),
    ],
)
def test_targets_parse_and_print(text, expected, printed):
    amount = parse_target(text)
    assert amount == expected
    assert amount.text() == printed
    assert parse_target(amount.text()) == amount


def test_multiplier_scales_the_minimum():
    assert parse_target("580 nghìn m³").minimum == Decimal(580_000)


@pytest.mark.parametrize("text", ["nhiều", "5–3 %", ""])
def test_bad_targets_are_refused(text):
    with pytest.raises(ValueError):
        parse_target(text)
