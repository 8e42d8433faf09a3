"""Cell parsers: every shape real lists use, and a reason for everything else."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from emudesk.domain.enums import AwardType, Gender, QuotaScope, Rating, SubjectKind
from emudesk.importer.cells import (
    Bad,
    DecisionRef,
    PersonName,
    PlanRef,
    parse_award_type,
    parse_bool,
    parse_comparator,
    parse_date,
    parse_date_or_year,
    parse_decimal,
    parse_decision_ref,
    parse_gender,
    parse_id_number,
    parse_int,
    parse_percent,
    parse_person_name,
    parse_phone,
    parse_plan_ref,
    parse_quota_scope,
    parse_rating,
    parse_subject_kind,
    parse_text,
    parse_text_list,
    parse_year,
)
from emudesk.importer.kinds import guess_subject_kind, parse_due

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2022, 7, 12, 0, 0), D(2022, 7, 12)),
        (D(2022, 7, 12), D(2022, 7, 12)),
        ("12/7/2022", D(2022, 7, 12)),
        ("12-07-2022", D(2022, 7, 12)),
        ("12.07.2022", D(2022, 7, 12)),
        (" 01/02/2022 ", D(2022, 2, 1)),  # 1 February, never 2 January
        ("2022-07-12", D(2022, 7, 12)),
        ("12/07/2022 00:00:00", D(2022, 7, 12)),
        ("ngày 12 tháng 7 năm 2022", D(2022, 7, 12)),
        ("Ngày 05 tháng 01 năm 2023", D(2023, 1, 5)),
        ("12/7/85", D(1985, 7, 12)),
        (44754, D(2022, 7, 12)),  # Excel serial
        (44754.0, D(2022, 7, 12)),
        ("44754", D(2022, 7, 12)),
        ("2022", 2022),
        (1985, 1985),
        (1985.0, 1985),
        ("Năm 1985", 1985),
    ],
)
def test_dates(value: object, expected: object) -> None:
    assert parse_date_or_year(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("7/13/2022", "tháng 13"),  # US order is refused, with the reason
        ("31/02/2022", "có thật"),
        ("07/2022", "tháng và năm"),
        ("hôm qua", "dd/mm/yyyy"),
        ("12/7/1600", "khoảng"),
        (True, "ngày"),
        (dt.time(10, 0), "ngày"),
        (-5, "ngày"),
    ],
)
def test_bad_dates(value: object, needle: str) -> None:
    result = parse_date_or_year(value)  # type: ignore[arg-type]
    assert isinstance(result, Bad)
    assert needle in result.reason


def test_full_date_required() -> None:
    assert isinstance(parse_date("2022"), Bad)
    assert parse_date("1/1/2022") == D(2022, 1, 1)


def test_years() -> None:
    assert parse_year(2022.0) == 2022
    assert parse_year("Năm 2023") == 2023
    assert parse_year(D(2021, 5, 1)) == 2021
    assert isinstance(parse_year("20x2"), Bad)
    assert isinstance(parse_year(12), Bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nam", Gender.MALE),
        ("nữ", Gender.FEMALE),
        ("NU", Gender.FEMALE),
        (unicodedata.normalize("NFD", "Nữ"), Gender.FEMALE),
        ("Khác", Gender.OTHER),
        ("male", Gender.MALE),
        ("Ông", Gender.MALE),
        ("Bà", Gender.FEMALE),
    ],
)
def test_gender(value: str, expected: Gender) -> None:
    assert parse_gender(value) == expected


def test_gender_unknown() -> None:
    result = parse_gender("x")
    assert isinstance(result, Bad) and "Nam, Nữ, Khác" in result.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("HTXSNV", Rating.EXCELLENT),
        ("htxs nv", Rating.EXCELLENT),
        ("H.T.X.S.N.V", Rating.EXCELLENT),
        ("Hoàn thành xuất sắc nhiệm vụ", Rating.EXCELLENT),
        ("HOÀN THÀNH TỐT NHIỆM VỤ", Rating.GOOD),
        ("Hoàn thành nhiệm vụ", Rating.COMPLETED),
        ("Không hoàn thành nhiệm vụ", Rating.NOT_COMPLETED),
        ("KHTNV", Rating.NOT_COMPLETED),
        ("htxsnv", Rating.EXCELLENT),
    ],
)
def test_rating(value: str, expected: Rating) -> None:
    assert parse_rating(value) == expected


def test_other_closed_lists() -> None:
    assert parse_subject_kind("Tập thể") is SubjectKind.UNIT
    assert parse_subject_kind("hộ gia đình") is SubjectKind.HOUSEHOLD
    assert parse_award_type("Đột xuất") is AwardType.AD_HOC
    assert parse_award_type("chuyên đề") is AwardType.CAMPAIGN
    assert parse_quota_scope("Mỗi đơn vị đề nghị") is QuotaScope.PROPOSING_UNIT
    assert parse_comparator("≥") == ">="
    assert parse_comparator("Không quá") == "<="
    assert parse_comparator("trên") == ">"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (34080000001, "034080000001"),  # a number cell lost the leading zero
        (1080000001.0, "001080000001"),
        ("034080000001", "034080000001"),
        ("'034080000001", "034080000001"),
        ("034 080 000 001", "034080000001"),
        (unicodedata.normalize("NFD", "034080000001"), "034080000001"),
    ],
)
def test_id_numbers(value: object, expected: str) -> None:
    assert parse_id_number(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["3.4080000001E+11", "12345", "03408000000A", 1.5, True, -1, "034080000001234", 12345678]
)
def test_bad_id_numbers(value: object) -> None:
    assert isinstance(parse_id_number(value), Bad)  # type: ignore[arg-type]


def test_old_nine_digit_card_is_explained() -> None:
    result = parse_id_number(12345678)  # 012345678 once Excel dropped the zero
    assert isinstance(result, Bad) and "CMND" in result.reason


def test_names() -> None:
    assert parse_person_name("Ông  Nguyễn Văn  Đức") == PersonName(
        "Nguyễn", "Văn", "Đức", "Nguyễn Văn Đức", Gender.MALE
    )
    assert parse_person_name("Bà Trần Thị Minh Khai") == PersonName(
        "Trần", "Thị Minh", "Khai", "Trần Thị Minh Khai", Gender.FEMALE
    )
    assert parse_person_name("Đ/c Lê Văn Ba").gender_hint is None  # type: ignore[union-attr]
    nfd = parse_person_name(unicodedata.normalize("NFD", "Nguyễn Thị Ánh"))
    assert (
        isinstance(nfd, PersonName)
        and nfd.full == "Nguyễn Thị Ánh"
        and unicodedata.is_normalized("NFC", nfd.full)
    )
    assert isinstance(parse_person_name("Ông"), Bad)
    assert isinstance(parse_person_name("Nguyễn Văn 2"), Bad)


def test_text_is_nfc_and_trimmed() -> None:
    assert parse_text(unicodedata.normalize("NFD", "  Phòng   Nội vụ \n")) == "Phòng Nội vụ"
    assert parse_text(15.0) == "15"
    assert parse_text(1.5) == "1.5"
    assert parse_text(D(2022, 7, 12)) == "12/07/2022"
    assert parse_text("   ") is None


def test_phone_gets_its_zero_back() -> None:
    assert parse_phone(912345678.0) == "0912345678"
    assert parse_phone("0912 345 678") == "0912 345 678"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        ("1,5", Decimal("1.5")),
        ("1.5", Decimal("1.5")),
        ("1,234,567.5", Decimal("1234567.5")),
        ("2 340 000", Decimal("2340000")),
        ("-3", Decimal("-3")),
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
    ],
)
def test_numbers(value: object, expected: Decimal) -> None:
    assert parse_decimal(value) == expected  # type: ignore[arg-type]


def test_bad_numbers() -> None:
    for value in ("1.2.3,4,5", "abc", True, "12a"):
        assert isinstance(parse_decimal(value), Bad)  # type: ignore[arg-type]
    assert isinstance(parse_int("1,5"), Bad)
    assert parse_int("1.000") == 1000


def test_percentages() -> None:
    assert parse_percent("15%") == 15
    assert parse_percent("15,5 %") == Decimal("15.5")
    assert parse_percent(0.15) == 15  # a cell formatted as a percentage holds the fraction
    assert parse_percent(20) == 20
    assert isinstance(parse_percent("150%"), Bad)


def test_booleans() -> None:
    for yes in ("Có", "x", "X", "✓", 1, True, "co"):
        assert parse_bool(yes) is True  # type: ignore[arg-type]
    for no in ("Không", "0", 0, False, "khong"):
        assert parse_bool(no) is False  # type: ignore[arg-type]
    assert isinstance(parse_bool("có lẽ"), Bad)


def test_text_lists() -> None:
    assert parse_text_list("Bằng khen của Chủ tịch UBND tỉnh; Giấy khen") == [
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Giấy khen",
    ]
    assert parse_text_list("Cờ thi đua của Bộ, ban, ngành hoặc Bằng khen") == [
        "Cờ thi đua của Bộ, ban, ngành",
        "Bằng khen",
    ]
    assert parse_text_list("A\nB") == ["A", "B"]


def test_decision_refs() -> None:
    assert parse_decision_ref(
        "Quyết định số 15/QĐ-UBND ngày 05/01/2023 của Chủ tịch UBND huyện Vũ Thư"
    ) == DecisionRef("15/QĐ-UBND", D(2023, 1, 5), "Chủ tịch UBND huyện Vũ Thư")
    assert parse_decision_ref("Số 1234/QĐ-BNN-TCCB ngày 12 tháng 3 năm 2021; Bộ Nông nghiệp") == DecisionRef(
        "1234/QĐ-BNN-TCCB", D(2021, 3, 12), "Bộ Nông nghiệp"
    )
    assert parse_decision_ref("15/2023/QĐ-UBND") == DecisionRef("15/2023/QĐ-UBND", None, None)
    assert isinstance(parse_decision_ref("không rõ"), Bad)


def test_plan_refs() -> None:
    assert parse_plan_ref("Số: 104/KH-UBND") == PlanRef("104", "KH-UBND")
    assert parse_plan_ref(" /KH-SNNPTNT") == PlanRef("", "KH-SNNPTNT")
    assert isinstance(parse_plan_ref("KH"), Bad)


def test_deadlines() -> None:
    assert parse_due("quý IV năm 2023") == D(2023, 12, 31)
    assert parse_due("Quý 2/2024") == D(2024, 6, 30)
    assert parse_due("tháng 7/2022") == D(2022, 7, 31)
    assert parse_due("2025") == D(2025, 12, 31)
    assert parse_due("15/11/2024") == D(2024, 11, 15)


def test_subject_kind_guess() -> None:
    assert guess_subject_kind("Phòng Nội vụ") is SubjectKind.UNIT
    assert guess_subject_kind("UBND xã Tân Lập") is SubjectKind.UNIT
    assert guess_subject_kind("Hộ ông Nguyễn Văn Tư") is SubjectKind.HOUSEHOLD
    assert guess_subject_kind("Nguyễn Văn Tư") is SubjectKind.INDIVIDUAL
