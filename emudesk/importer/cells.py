"""Cell parsers: each takes a non-empty cell value as read and returns a value or a :class:`Bad`.

Parsers never raise on data. Text always comes back NFC with whitespace collapsed.
Dates are read day/month/year, as Vietnamese lists write them, never month/day.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import NamedTuple, TypeVar

from emudesk.domain.enums import (
    AwardType,
    CampaignKind,
    CampaignStatus,
    Gender,
    LabelledEnum,
    MilestoneKind,
    QuotaKind,
    QuotaScope,
    Rating,
    Recurrence,
    SubjectKind,
)
from emudesk.domain.people import check_id_number
from emudesk.domain.statistics import CampaignLevel, CampaignScope, RecipientCategory
from emudesk.domain.text import (
    HONORIFICS,
    LONG_MAX,
    NAME_MAX,
    fold,
    nfc,
    split_full_name,
    strip_honorific,
    text_problem,
)
from emudesk.i18n import _
from emudesk.importer.reader import CellValue


@dataclass(frozen=True, slots=True)
class Bad:
    """Why a cell could not be read; ``reason`` is a translated sentence."""

    reason: str


Parser = Callable[[CellValue], object]
E = TypeVar("E", bound=Enum)

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999
MIN_YEAR = 1800
MAX_YEAR = 2200


_MISSING = object()


def is_blank(value: CellValue) -> bool:
    return value == "" or (isinstance(value, str) and not value.strip())


def _shown(value: CellValue) -> str:
    """A cell value as a user would recognise it in a message."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))[:80]


# --- text ---------------------------------------------------------------------------------------


_TEXT_CACHE: dict[str, str | Bad | None] = {}


def parse_text(value: CellValue) -> str | Bad | None:
    """:func:`cell_text`, refused when it holds control characters or bidi overrides or is too long."""
    if isinstance(value, str):
        # Lists repeat the same units, positions and places on every row: remember them.
        found = _TEXT_CACHE.get(value, _MISSING)
        if found is _MISSING:
            if len(_TEXT_CACHE) > 20_000:
                _TEXT_CACHE.clear()
            problem = text_problem(value)
            found = _TEXT_CACHE[value] = Bad(problem) if problem else nfc(value) or None
        return found  # type: ignore[return-value]
    return cell_text(value)


def parse_name(value: CellValue) -> str | Bad | None:
    """:func:`parse_text` for a name: at most :data:`NAME_MAX` characters."""
    if isinstance(value, str) and len(value) > NAME_MAX:
        return Bad(text_problem(value, max_length=NAME_MAX) or "")
    return parse_text(value)


def cell_text(value: CellValue) -> str | None:
    """Any cell as trimmed NFC text; numbers without a spurious ".0", dates as dd/mm/yyyy.

    Unchecked: for headers and for parsers that only match the text against known words."""
    if isinstance(value, str):
        return nfc(value) or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return nfc(str(value)) or None


def parse_long_text(value: CellValue) -> str | Bad | None:
    """Text that may run over several lines (a plan's legal basis, a criterion): NFC, line breaks
    kept, trailing spaces of each line and blank lines at either end dropped."""
    if not isinstance(value, str):
        return parse_text(value)
    problem = text_problem(value, max_length=LONG_MAX)
    if problem:
        return Bad(problem)
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text or None


def parse_phone(value: CellValue) -> str | Bad | None:
    """A phone number; a number cell lost its leading 0 (0912…  -> 912…), so put it back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return digits if digits.startswith("0") else "0" + digits
    return parse_text(value)


def parse_text_list(value: CellValue) -> list[str] | Bad:
    """Several names in one cell, separated by ";", a line break or the word "hoặc" (or)."""
    text = value if isinstance(value, str) else cell_text(value) or ""
    problem = text_problem(text)
    if problem:
        return Bad(problem)
    text = unicodedata.normalize("NFC", text).replace("\r", "\n")  # line breaks separate items: keep them
    parts = re.split(r"\s*(?:;|\n|\bhoặc\b|\bhoac\b)\s*", text, flags=re.IGNORECASE)
    items = [nfc(p) for p in parts if nfc(p)]
    return items or Bad(_("No name was found in “{value}”.").format(value=_shown(value)))


# --- numbers ------------------------------------------------------------------------------------

_VN_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")


def _text_number(text: str) -> Decimal | None:
    s = text.replace("\u00a0", "").replace(" ", "").replace("'", "")
    if not s:
        return None
    if _VN_NUMBER.match(s):  # 1.234.567,5 or 1.234
        return Decimal(s.replace(".", "").replace(",", "."))
    if _EN_NUMBER.match(s) and "." in s:  # 1,234,567.5 (files from English tools)
        return Decimal(s.replace(",", ""))
    if s.count(",") > 1 and _EN_NUMBER.match(s):  # 1,234,567
        return Decimal(s.replace(",", ""))
    if _PLAIN_DECIMAL.match(s):  # 1,5 or 1.5 or 12
        try:
            return Decimal(s.replace(",", "."))
        except InvalidOperation:
            return None
    return None


def parse_decimal(value: CellValue) -> Decimal | Bad:
    """A number, from a number cell or text with Vietnamese separators ("1.234,5" = 1234.5)."""
    if isinstance(value, bool):
        return Bad(_("“{value}” is not a number.").format(value=_shown(value)))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # A number cell keeps no written decimals: 580.0 read from a cell is 580 (text "580,0" keeps them).
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, str):
        number = _text_number(nfc(value))
        if number is not None:
            return number
    return Bad(_("“{value}” is not a number.").format(value=_shown(value)))


def parse_int(value: CellValue) -> int | Bad:
    number = parse_decimal(value)
    if isinstance(number, Bad):
        return number
    if number != number.to_integral_value():
        return Bad(_("“{value}” is not a whole number.").format(value=_shown(value)))
    return int(number)


def parse_count(value: CellValue) -> int | Bad:
    """A whole number of zero or more (a quota's limit, a number of members)."""
    n = parse_int(value)
    if isinstance(n, int) and n < 0:
        return Bad(_("“{value}” must not be negative.").format(value=_shown(value)))
    return n


def parse_percent(value: CellValue) -> Decimal | Bad:
    """A percentage as a number of percent: "15%", "15", "15,5" -> 15 / 15.5; a cell formatted as
    a percentage holds the fraction (0.15) and is read as 15."""
    text_percent = isinstance(value, str) and value.strip().endswith("%")
    raw: CellValue = value.strip().rstrip("%") if isinstance(value, str) else value
    number = parse_decimal(raw)
    if isinstance(number, Bad):
        return number
    if not text_percent and isinstance(value, float) and 0 < number < 1:
        number = number * 100
    if not 0 <= number <= 100:
        return Bad(_("A percentage must be between 0 and 100, not “{value}”.").format(value=_shown(value)))
    return number.normalize() if number == number.to_integral_value() else number


# --- dates --------------------------------------------------------------------------------------

_DMY = re.compile(
    r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_YMD = re.compile(
    r"^(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*|[,/\s]\s*)(\d{4})$")
_MONTH_YEAR = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*[/.\-\s]\s*(?:nam\s*)?(\d{4})$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _make_date(day: int, month: int, year: int, shown: str) -> dt.date | Bad:
    if not _year_ok(year):
        return Bad(_("The year in “{value}” is out of range.").format(value=shown))
    if month > 12 and day <= 12:
        return Bad(
            _("“{value}” has no month {month}: dates are read as day/month/year.").format(
                value=shown, month=month
            )
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        return Bad(_("“{value}” is not a real date.").format(value=shown))


def _serial_date(number: float) -> dt.date | Bad:
    if not 1 <= number <= _MAX_SERIAL:
        return Bad(_("“{value}” is not a date.").format(value=_shown(number)))
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_date_or_year(value: CellValue) -> dt.date | int | Bad:
    """A date, or a bare year (an ``int``) where the list gives only the year ("1985")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (bool, dt.time | dt.timedelta)):
        return Bad(_("“{value}” is not a date.").format(value=_shown(value)))
    if isinstance(value, int | float):
        if float(value).is_integer() and _year_ok(int(value)):
            return int(value)
        return _serial_date(float(value))
    if not isinstance(value, str):
        return Bad(_("“{value}” is not a date.").format(value=_shown(value)))
    text = nfc(value)
    m = _DMY.match(text)  # digits and separators need no folding: the common case stays cheap
    if m is None:
        folded = fold(text)
        m = _DMY.match(folded)
    else:
        folded = text
    if m:
        year = int(m.group(4))
        if len(m.group(4)) == 2:  # "12/7/85": the nearest past century
            pivot = dt.date.today().year % 100
            year += 2000 if year <= pivot else 1900
        return _make_date(int(m.group(1)), int(m.group(3)), year, text)
    m = _YMD.match(folded)
    if m:
        return _make_date(int(m.group(4)), int(m.group(3)), int(m.group(1)), text)
    m = _WORDS.match(folded)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _YEAR.match(folded)
    if m:
        year = int(m.group(1))
        return year if _year_ok(year) else Bad(_("The year in “{value}” is out of range.").format(value=text))
    if _MONTH_YEAR.match(folded):
        return Bad(
            _("“{value}” gives only a month and a year; enter the full date (dd/mm/yyyy).").format(value=text)
        )
    number = _text_number(text)
    if number is not None and number == number.to_integral_value() and number > 9999:
        return _serial_date(float(number))
    return Bad(_("“{value}” is not a date; write it as dd/mm/yyyy.").format(value=text))


def parse_date(value: CellValue) -> dt.date | Bad:
    """A full date; a bare year is refused."""
    result = parse_date_or_year(value)
    if isinstance(result, int):
        return Bad(
            _("“{value}” gives only a year; enter the full date (dd/mm/yyyy).").format(value=_shown(value))
        )
    return result


def parse_year(value: CellValue) -> int | Bad:
    """A year: 2022, "2022", "Năm 2022", or the year of a date."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    if isinstance(value, str):
        m = _YEAR.match(fold(value))
        if m:
            value = m.group(1)
    year = parse_int(value)
    if isinstance(year, Bad) or not _year_ok(year):
        return Bad(_("“{value}” is not a year.").format(value=_shown(value)))
    return year


# --- closed lists -------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Fold and drop dots, dashes and spaces: "H.T.X.S N.V" and "htxsnv" compare equal."""
    return re.sub(r"[\s.\-_/]+", "", fold(text))


def choice_parser(
    enum: type[E], synonyms: Mapping[str, E], *, display: Mapping[E, str] | None = None
) -> Callable[[CellValue], E | Bad]:
    """A parser for a closed list: the given Vietnamese words (compared by :func:`_key`), then the
    member's value or label through :meth:`LabelledEnum.parse`."""
    table = {_key(k): v for k, v in synonyms.items()}
    shown = display or {}
    known: dict[str, E] = {}  # cell text -> member: the same few words fill a whole column

    def parse(value: CellValue) -> E | Bad:
        if isinstance(value, str) and value in known:
            return known[value]
        text = cell_text(value) or ""
        found = table.get(_key(text))
        if found is None and issubclass(enum, LabelledEnum):
            found = enum.parse(text)  # type: ignore[assignment]
        if found is None:
            names = ", ".join(shown.get(m, m.value) for m in enum)
            return Bad(_("“{value}” is not one of: {choices}.").format(value=_shown(value), choices=names))
        if isinstance(value, str) and len(known) < 1000:
            known[value] = found
        return found

    return parse


# First word of each list is what templates offer in their drop-downs.
GENDER_WORDS: dict[str, Gender] = {
    "Nam": Gender.MALE,
    "Nữ": Gender.FEMALE,
    "Khác": Gender.OTHER,
    "Ông": Gender.MALE,
    "Bà": Gender.FEMALE,
    "Trai": Gender.MALE,
    "Gái": Gender.FEMALE,
    "M": Gender.MALE,
    "F": Gender.FEMALE,
}
RATING_WORDS: dict[str, Rating] = {
    "Hoàn thành xuất sắc nhiệm vụ": Rating.EXCELLENT,
    "Hoàn thành tốt nhiệm vụ": Rating.GOOD,
    "Hoàn thành nhiệm vụ": Rating.COMPLETED,
    "Không hoàn thành nhiệm vụ": Rating.NOT_COMPLETED,
    "HTXSNV": Rating.EXCELLENT,
    "HTTNV": Rating.GOOD,
    "HTNV": Rating.COMPLETED,
    "KHTNV": Rating.NOT_COMPLETED,
    "Xuất sắc": Rating.EXCELLENT,
    "Tốt": Rating.GOOD,
    "Hoàn thành": Rating.COMPLETED,
    "Không hoàn thành": Rating.NOT_COMPLETED,
}
SUBJECT_WORDS: dict[str, SubjectKind] = {
    "Cá nhân": SubjectKind.INDIVIDUAL,
    "Tập thể": SubjectKind.UNIT,
    "Hộ gia đình": SubjectKind.HOUSEHOLD,
    "Đơn vị": SubjectKind.UNIT,
    "Gia đình": SubjectKind.HOUSEHOLD,
    "Hộ": SubjectKind.HOUSEHOLD,
    "CN": SubjectKind.INDIVIDUAL,
    "TT": SubjectKind.UNIT,
}
AWARD_TYPE_WORDS: dict[str, AwardType] = {
    "Công trạng": AwardType.MERIT,
    "Đột xuất": AwardType.AD_HOC,
    "Phong trào thi đua": AwardType.CAMPAIGN,
    "Quá trình cống hiến": AwardType.CAREER,
    "Niên hạn": AwardType.SERVICE_LENGTH,
    "Đối ngoại": AwardType.FOREIGN,
    "Kháng chiến": AwardType.RESISTANCE,
    "Thường xuyên": AwardType.MERIT,
    "Chuyên đề": AwardType.CAMPAIGN,
    "Theo chuyên đề": AwardType.CAMPAIGN,
    "Phong trào": AwardType.CAMPAIGN,
    "Cống hiến": AwardType.CAREER,
}
# TT 02/2023 Biểu 0602/0603 rows, as the forms word them, then shorter words offices type.
RECIPIENT_CATEGORY_WORDS: dict[str, RecipientCategory] = {
    "Tập thể": RecipientCategory.COLLECTIVE,
    "Doanh nghiệp": RecipientCategory.ENTERPRISE,
    "Hộ gia đình": RecipientCategory.HOUSEHOLD,
    "Lãnh đạo cấp bộ, cấp tỉnh trở lên": RecipientCategory.LEADER_CENTRAL,
    "Lãnh đạo cấp vụ, sở, ngành": RecipientCategory.LEADER_DEPARTMENT,
    "Doanh nhân": RecipientCategory.ENTREPRENEUR,
    "Lãnh đạo khác từ phó phòng trở lên": RecipientCategory.LEADER_OTHER,
    "Người trực tiếp công tác, lao động": RecipientCategory.WORKER,
    "Lãnh đạo cấp tỉnh": RecipientCategory.LEADER_CENTRAL,
    "Lãnh đạo cấp bộ": RecipientCategory.LEADER_CENTRAL,
    "Lãnh đạo cấp sở": RecipientCategory.LEADER_DEPARTMENT,
    "Lãnh đạo cấp vụ": RecipientCategory.LEADER_DEPARTMENT,
    "Lãnh đạo khác": RecipientCategory.LEADER_OTHER,
    "Người trực tiếp": RecipientCategory.WORKER,
    "Trực tiếp": RecipientCategory.WORKER,
    "Công nhân, nông dân": RecipientCategory.WORKER,
    "Hộ": RecipientCategory.HOUSEHOLD,
}
# TT 02/2023 Biểu 0601: who launched a campaign and its scope, as the form words them.
CAMPAIGN_LEVEL_WORDS: dict[str, CampaignLevel] = {
    "Cấp Trung ương": CampaignLevel.CENTRAL,
    "Cấp bộ, ngành, tỉnh": CampaignLevel.MINISTRY_PROVINCE,
    "Cơ quan, tổ chức, đơn vị": CampaignLevel.AGENCY,
    "Trung ương": CampaignLevel.CENTRAL,
    "Cấp tỉnh": CampaignLevel.MINISTRY_PROVINCE,
    "Cấp bộ": CampaignLevel.MINISTRY_PROVINCE,
    "Cơ quan, đơn vị": CampaignLevel.AGENCY,
}
CAMPAIGN_SCOPE_WORDS: dict[str, CampaignScope] = {
    "Toàn quốc": CampaignScope.NATIONAL,
    "Bộ, ngành, địa phương": CampaignScope.SECTOR_LOCAL,
    "Cụm, khối thi đua": CampaignScope.CLUSTER,
    "Cơ quan, tổ chức, đơn vị": CampaignScope.AGENCY,
    "Địa phương": CampaignScope.SECTOR_LOCAL,
    "Cụm thi đua": CampaignScope.CLUSTER,
    "Khối thi đua": CampaignScope.CLUSTER,
    "Cơ quan, đơn vị": CampaignScope.AGENCY,
}
CAMPAIGN_KIND_WORDS: dict[str, CampaignKind] = {
    "Thường xuyên": CampaignKind.REGULAR,
    "Chuyên đề": CampaignKind.THEMATIC,
    "Theo chuyên đề": CampaignKind.THEMATIC,
    "Theo đợt": CampaignKind.THEMATIC,
    "Hằng năm": CampaignKind.REGULAR,
    "Hàng năm": CampaignKind.REGULAR,
}
MILESTONE_WORDS: dict[str, MilestoneKind] = {
    "Phát động": MilestoneKind.LAUNCH,
    "Sơ kết": MilestoneKind.INTERIM_REVIEW,
    "Tổng kết": MilestoneKind.FINAL_REVIEW,
    "Hạn báo cáo": MilestoneKind.REPORT_DUE,
    "Hạn nộp hồ sơ": MilestoneKind.NOMINATION_DUE,
    "Khác": MilestoneKind.OTHER,
    "Ban hành kế hoạch": MilestoneKind.LAUNCH,
    "Báo cáo": MilestoneKind.REPORT_DUE,
    "Nộp hồ sơ": MilestoneKind.NOMINATION_DUE,
    "Hạn nộp hồ sơ đề nghị": MilestoneKind.NOMINATION_DUE,
}
RECURRENCE_WORDS: dict[str, Recurrence] = {
    "Một lần": Recurrence.NONE,
    "Hằng năm": Recurrence.YEARLY,
    "Hàng năm": Recurrence.YEARLY,
    "Không": Recurrence.NONE,
}
CAMPAIGN_STATUS_WORDS: dict[str, CampaignStatus] = {
    "Đang thực hiện": CampaignStatus.ACTIVE,
    "Dự thảo": CampaignStatus.DRAFT,
    "Đã kết thúc": CampaignStatus.CLOSED,
    "Đang triển khai": CampaignStatus.ACTIVE,
    "Kết thúc": CampaignStatus.CLOSED,
    "Đã tổng kết": CampaignStatus.CLOSED,
}
QUOTA_KIND_WORDS: dict[str, QuotaKind] = {
    "Số lượng": QuotaKind.COUNT,
    "Tỷ lệ": QuotaKind.RATIO,
    "Ưu tiên": QuotaKind.PRIORITY,
    "Tỉ lệ": QuotaKind.RATIO,
    "Không quá": QuotaKind.COUNT,
}
QUOTA_SCOPE_WORDS: dict[str, QuotaScope] = {
    "Toàn phong trào": QuotaScope.CAMPAIGN,
    "Mỗi đơn vị đề nghị": QuotaScope.PROPOSING_UNIT,
    "Toàn kế hoạch": QuotaScope.CAMPAIGN,
    "Mỗi đơn vị": QuotaScope.PROPOSING_UNIT,
    "Từng đơn vị": QuotaScope.PROPOSING_UNIT,
    "Đơn vị đề nghị": QuotaScope.PROPOSING_UNIT,
}


def _first_words(words: Mapping[str, E]) -> dict[E, str]:
    out: dict[E, str] = {}
    for word, member in words.items():
        out.setdefault(member, word)
    return out


def display_choices(words: Mapping[str, E]) -> list[str]:
    """The Vietnamese word offered for each member, in list order (for template drop-downs)."""
    return list(_first_words(words).values())


def _words_parser(enum: type[E], words: Mapping[str, E]) -> Callable[[CellValue], E | Bad]:
    return choice_parser(enum, words, display=_first_words(words))


parse_gender = _words_parser(Gender, GENDER_WORDS)
parse_rating = _words_parser(Rating, RATING_WORDS)
parse_subject_kind = _words_parser(SubjectKind, SUBJECT_WORDS)
parse_award_type = _words_parser(AwardType, AWARD_TYPE_WORDS)
parse_recipient_category = _words_parser(RecipientCategory, RECIPIENT_CATEGORY_WORDS)
parse_campaign_kind = _words_parser(CampaignKind, CAMPAIGN_KIND_WORDS)
parse_campaign_level = _words_parser(CampaignLevel, CAMPAIGN_LEVEL_WORDS)
parse_campaign_scope = _words_parser(CampaignScope, CAMPAIGN_SCOPE_WORDS)
parse_milestone_kind = _words_parser(MilestoneKind, MILESTONE_WORDS)
parse_recurrence = _words_parser(Recurrence, RECURRENCE_WORDS)
parse_campaign_status = _words_parser(CampaignStatus, CAMPAIGN_STATUS_WORDS)
parse_quota_kind = _words_parser(QuotaKind, QUOTA_KIND_WORDS)
parse_quota_scope = _words_parser(QuotaScope, QUOTA_SCOPE_WORDS)

_YES = {"co", "x", "v", "1", "true", "yes", "y", "dung", "c", "✓", "✔", "√", "dat"}
_NO = {"khong", "0", "false", "no", "n", "sai", "k", "-", "ko"}
YES_NO = ("Có", "Không")


def parse_bool(value: CellValue) -> bool | Bad:
    """Có/Không, x, ✓, 1/0, TRUE/FALSE."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = fold(cell_text(value) or "")
    if key in _YES:
        return True
    if key in _NO:
        return False
    return Bad(_("“{value}” is neither yes (Có, x) nor no (Không).").format(value=_shown(value)))


def is_mark(value: CellValue) -> bool:
    """A tick in a Nam/Nữ column: "x", "✓", 1, TRUE, "có"."""
    return parse_bool(value) is True


# --- people -------------------------------------------------------------------------------------


def parse_id_number(value: CellValue) -> str | Bad:
    """A 12-digit personal ID number (CCCD). A number cell lost its leading zeros
    (001… became 1…), so numbers of 10–11 digits are padded back to 12."""
    if isinstance(value, (bool, dt.date | dt.time | dt.timedelta)):
        return Bad(_("“{value}” is not an ID number.").format(value=_shown(value)))
    if isinstance(value, int | float):
        if value < 0 or not float(value).is_integer():
            return Bad(_("“{value}” is not an ID number.").format(value=_shown(value)))
        digits = str(int(value))
        if len(digits) in (10, 11):
            digits = digits.zfill(12)
        elif len(digits) < 9:  # an old 9-digit card number that lost its zeros
            digits = digits.zfill(9)
    elif not isinstance(value, str):
        return Bad(_("“{value}” is not an ID number.").format(value=_shown(value)))
    else:
        text = nfc(value).lstrip("'")
        if re.fullmatch(r"\d+(?:[.,]\d+)?[eE]\+?\d+", text):
            return Bad(
                _(
                    "“{value}” was turned into scientific notation by Excel and may have lost digits; "
                    "format the column as Text and type the number again."
                ).format(value=text)
            )
        digits = re.sub(r"[\s.\-]", "", text)
    wrong = check_id_number(digits, gender=None, birth_year=None)
    return Bad(wrong) if wrong else digits


class PersonName(NamedTuple):
    family: str
    middle: str
    given: str
    full: str
    gender_hint: Gender | None  # from a leading "Ông" or "Bà"


_HONORIFIC_GENDER = {"ông": Gender.MALE, "bà": Gender.FEMALE}
_BARE_TITLES = set(HONORIFICS)
_TITLE_WORDS = {h.split(" ")[0] for h in HONORIFICS}
_DIGIT = re.compile(r"\d")


def parse_person_name(value: CellValue) -> PersonName | Bad:
    """ "Ông Nguyễn Văn  Đức" -> ("Nguyễn", "Văn", "Đức", "Nguyễn Văn Đức", MALE)."""
    text = parse_name(value) or ""
    if isinstance(text, Bad):
        return text
    if _DIGIT.search(text):
        return Bad(_("“{value}” is not a person's name: it contains digits.").format(value=text[:80]))
    first = text.split(" ", 1)[0].lower().rstrip(".:")
    hint = None
    if first in _TITLE_WORDS:  # the common case skips strip_honorific's scan: this is a hot path
        if text.lower().rstrip(".:") in _BARE_TITLES:
            return Bad(_("The name is empty once the title (Ông, Bà, Đ/c…) is removed."))
        rest = strip_honorific(text)
        if rest != text:
            hint = _HONORIFIC_GENDER.get(first)
            text = rest
    family, middle, given = split_full_name(text) if hint or first in _TITLE_WORDS else _split_words(text)
    if not given:
        return Bad(_("The name is empty once the title (Ông, Bà, Đ/c…) is removed."))
    # ``text`` is NFC with single spaces, so it already is full_name(family, middle, given).
    return PersonName(family, middle, given, text, hint)


def _split_words(text: str) -> tuple[str, str, str]:
    """:func:`split_full_name` for NFC text already known to start with no title."""
    parts = text.split(" ")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


# --- references written as text ---------------------------------------------------------------


class DecisionRef(NamedTuple):
    number: str | None
    date: dt.date | None
    issuer: str | None


_DECISION_NUMBER = re.compile(r"(\d+\s*/\s*[^\s,;()]*[^\W\d_][^\s,;()]*)")
_DATE_IN_TEXT = re.compile(r"(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4})")
_DATE_WORDS_IN_TEXT = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
_ISSUER = re.compile(r"(?:\bcủa\b|;)\s*(.+)$", re.IGNORECASE)


def parse_decision_ref(value: CellValue) -> DecisionRef | Bad:
    """ "Quyết định số 15/QĐ-UBND ngày 05/01/2023 của Chủ tịch UBND huyện Vũ Thư" -> its number,
    date and issuer (the "Số, ngày tháng năm quyết định; cơ quan ban hành" column of award tables)."""
    text = parse_text(value) or ""
    if isinstance(text, Bad):
        return text
    number_m = _DECISION_NUMBER.search(text)
    number = re.sub(r"\s*/\s*", "/", number_m.group(1)) if number_m else None
    date: dt.date | None = None
    m = _DATE_WORDS_IN_TEXT.search(text)
    if m:
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0))
        if isinstance(d, Bad):
            return d
        date = d
    else:
        m2 = _DATE_IN_TEXT.search(text)
        if m2:
            d2 = parse_date(m2.group(1))
            if isinstance(d2, Bad):
                return d2
            date = d2
    issuer_m = _ISSUER.search(text)
    issuer = nfc(issuer_m.group(1)).rstrip(".") if issuer_m else None
    if number is None and date is None:
        return Bad(
            _("No decision number (like 15/QĐ-UBND) or date was found in “{value}”.").format(value=text[:80])
        )
    return DecisionRef(number, date, issuer or None)


class PlanRef(NamedTuple):
    number: str
    symbol: str


_PLAN_REF = re.compile(r"^(?:số\s*:?\s*)?(\d*)\s*/\s*(\S.*)$", re.IGNORECASE)


def parse_plan_ref(value: CellValue) -> PlanRef | Bad:
    """ "Số: 104/KH-UBND" -> ("104", "KH-UBND"); " /KH-SNNPTNT" (issued without a number) -> ("", …)."""
    text = parse_text(value) or ""
    if isinstance(text, Bad):
        return text
    m = _PLAN_REF.match(text)
    if not m:
        return Bad(_("“{value}” is not a plan number and symbol like 104/KH-UBND.").format(value=text[:80]))
    return PlanRef(m.group(1), m.group(2).strip())


COMPARATOR_WORDS: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    ">": ">",
    "<=": "<=",
    "≤": "<=",
    "<": "<",
    "=": "=",
    "Từ … trở lên": ">=",
    "Tối thiểu": ">=",
    "Ít nhất": ">=",
    "Không dưới": ">=",
    "Trở lên": ">=",
    "Trên": ">",
    "Vượt": ">",
    "Tối đa": "<=",
    "Không quá": "<=",
    "Dưới": "<",
    "Bằng": "=",
    "Đạt": ">=",
}
_COMPARATORS = {fold(k).replace("…", "").replace(" ", ""): v for k, v in COMPARATOR_WORDS.items()}


def parse_comparator(value: CellValue) -> str | Bad:
    key = fold(cell_text(value) or "").replace("...", "").replace("…", "").replace(" ", "")
    found = _COMPARATORS.get(key)
    if found is None:
        return Bad(_("“{value}” is not a comparison (≥, >, ≤, <, =).").format(value=_shown(value)))
    return found
