"""Rules about people records: the 12-digit personal ID number (CCCD)."""

from __future__ import annotations

from emudesk.domain.enums import Gender
from emudesk.domain.text import fold
from emudesk.i18n import _

# The 54 ethnic groups (QĐ 121-TCTK/PPCĐ, 1979) and foreigners.
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "H'Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Xơ Đăng",
    "Sán Chay",
    "Cơ Ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ mú",
    "Bru - Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ - Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)
FOREIGNER = "Người nước ngoài"
ETHNICITIES: tuple[str, ...] = (*ETHNIC_GROUPS, FOREIGNER)
_ETHNICITY_BY_FOLD = {fold(e): e for e in ETHNICITIES}


def normalise_ethnicity(value: str) -> str | None:
    """The canonical spelling of an ethnic group, matched without diacritics or case."""
    return _ETHNICITY_BY_FOLD.get(fold(value))


# Thông tư 07/2016/TT-BCA: the fourth digit encodes century and gender.
_CENTURY_DIGITS = {
    0: (1900, Gender.MALE),
    1: (1900, Gender.FEMALE),
    2: (2000, Gender.MALE),
    3: (2000, Gender.FEMALE),
    4: (2100, Gender.MALE),
    5: (2100, Gender.FEMALE),
    6: (2200, Gender.MALE),
    7: (2200, Gender.FEMALE),
    8: (2300, Gender.MALE),
    9: (2300, Gender.FEMALE),
}


def check_id_number(number: str, *, gender: Gender | None, birth_year: int | None) -> str | None:
    """Return what is wrong with a personal ID number, or None when it is consistent.

    The province prefix is not checked: it follows the old 63-province list,
    which stays valid after the 2025 mergers.
    """
    if not number.isascii() or not number.isdigit():
        return _("The ID number may contain digits only.")
    if len(number) == 9:
        return _("This is a 9-digit old ID card (CMND) number; enter the 12-digit personal ID number.")
    if len(number) != 12:
        return _("The personal ID number must have exactly 12 digits (it has {n}).").format(n=len(number))
    century, coded_gender = _CENTURY_DIGITS[int(number[3])]
    if gender in (Gender.MALE, Gender.FEMALE) and coded_gender != gender:
        return _("The 4th digit of the ID number says {coded} but the record says {actual}.").format(
            coded=coded_gender.label.lower(), actual=gender.label.lower()
        )
    if birth_year is not None:
        coded_year = century + int(number[4:6])
        if coded_year != birth_year:
            return _("The ID number encodes birth year {coded} but the record says {actual}.").format(
                coded=coded_year, actual=birth_year
            )
    return None
