"""The import kinds: their fields, header spellings, and per-row derivations.

References that need the database (unit names and codes, award form names, kinds
of unit, campaigns, phases) stay as NFC text; the step that validates against
the database resolves them. Field keys follow the model attributes where one
exists, so the next step can hand values on with little translation.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emudesk.domain.enums import Gender, QuotaKind, QuotaScope, SubjectKind
from emudesk.domain.people import check_id_number
from emudesk.domain.plan_values import MULTIPLIERS, DatePrecision, parse_partial_date
from emudesk.domain.text import fold, nfc, strip_honorific
from emudesk.i18n import N_, _
from emudesk.importer.cells import (
    Bad,
    DecisionRef,
    PersonName,
    PlanRef,
    cell_text,
    parse_award_type,
    parse_bool,
    parse_campaign_kind,
    parse_campaign_level,
    parse_campaign_scope,
    parse_campaign_status,
    parse_comparator,
    parse_count,
    parse_date,
    parse_date_or_year,
    parse_decimal,
    parse_decision_ref,
    parse_gender,
    parse_id_number,
    parse_long_text,
    parse_milestone_kind,
    parse_name,
    parse_percent,
    parse_person_name,
    parse_phone,
    parse_plan_ref,
    parse_quota_kind,
    parse_quota_scope,
    parse_rating,
    parse_recipient_category,
    parse_recurrence,
    parse_subject_kind,
    parse_text_list,
    parse_year,
)
from emudesk.importer.headers import ColumnOverride, FieldSpec, KindSpec, RowContext, parse_sheet
from emudesk.importer.reader import CellValue, open_workbook
from emudesk.importer.results import CellError, ParsedSheet
from emudesk.importer.safety import DEFAULT_LIMITS, Limits

# --- extra parsers ------------------------------------------------------------------------------


def parse_name_text(value: CellValue) -> str | Bad | None:
    """A name as written, without a leading "Ông", "Bà", "Đ/c"."""
    text = parse_name(value)
    if isinstance(text, Bad):
        return text
    return (strip_honorific(text) or None) if text else None


def parse_period_start(value: CellValue) -> dt.date | Bad:
    """A start date; a bare year means 1 January."""
    result = parse_date_or_year(value)
    return dt.date(result, 1, 1) if isinstance(result, int) else result


def parse_period_end(value: CellValue) -> dt.date | Bad:
    """An end date; a bare year means 31 December."""
    result = parse_date_or_year(value)
    return dt.date(result, 12, 31) if isinstance(result, int) else result


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"^quy\s*(i{1,3}|iv|[1-4])\s*(?:nam\s*|[/\-.,\s]\s*)(\d{4})$")
_MONTH = re.compile(r"^thang\s*(\d{1,2})\s*(?:nam\s*|[/\-.,\s]\s*)(\d{4})$")


def parse_due(value: CellValue) -> dt.date | Bad:
    """A deadline as plans write it: a date, "quý IV năm 2023", "tháng 7/2022" or "2025" —
    each the last day of the period."""
    if isinstance(value, str):
        key = fold(value)
        m = _QUARTER.match(key)
        if m:
            year, quarter = int(m.group(2)), _ROMAN[m.group(1)]
            month = quarter * 3
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        m = _MONTH.match(key)
        if m and 1 <= int(m.group(1)) <= 12:
            year, month = int(m.group(2)), int(m.group(1))
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    return parse_period_end(value)


def precision_of(raw: object) -> DatePrecision:
    """How precise a date cell is: a date is a day; text says it ("Quý I năm 2024", "2025")."""
    if isinstance(raw, str):
        try:
            return parse_partial_date(raw).precision
        except ValueError:
            pass
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1900 <= raw <= 2200:
        return DatePrecision.YEAR
    return DatePrecision.DAY


def parse_multiplier(value: CellValue) -> str | Bad:
    word = nfc(cell_text(value) or "").strip().lower()
    if word not in MULTIPLIERS:
        return Bad(_("“{value}” is not a multiplier (nghìn, triệu, tỷ).").format(value=word))
    return word


def parse_target_value(value: CellValue) -> object:
    """A target figure; "20%" reads as 20 (the unit column says what it counts)."""
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
    return parse_decimal(value)


# --- shared fields ------------------------------------------------------------------------------

STT = FieldSpec("stt", ("STT", "Số TT", "Số thứ tự", "TT"), width=6)
NOTE = FieldSpec("note", ("Ghi chú", "Ghi chú khác"), width=24)
PERSON_NAME = FieldSpec(
    "full_name",
    ("Họ và tên", "Họ tên", "Họ, chữ đệm và tên", "Họ và tên khai sinh", "Tên cá nhân", "Họ và tên cá nhân"),
    parse_person_name,
    required=True,
    hint=N_("Full name as on the ID card; a leading Ông, Bà or Đ/c is dropped."),
    width=26,
)
GENDER = FieldSpec(
    "gender",
    ("Giới tính", "Nam/Nữ", "Nam, nữ", "Phái"),
    parse_gender,
    hint=N_("Nam or Nữ. A list may instead split the birth date into a Nam and a Nữ column."),
    choices="gender",
    gender_split=True,
    width=10,
)
BIRTH_DATE = FieldSpec(
    "birth_date",
    (
        "Ngày sinh",
        "Năm sinh",
        "Ngày, tháng, năm sinh",
        "Ngày tháng năm sinh",
        "Sinh ngày",
        "Ngày/tháng/năm sinh",
    ),
    parse_date_or_year,
    hint=N_("Day/month/year (12/07/1985), or the year alone."),
    gender_split=True,
    width=12,
    number_format="DD/MM/YYYY",
)
ID_NUMBER = FieldSpec(
    "id_number",
    (
        "Số định danh cá nhân",
        "Số CCCD",
        "CCCD",
        "Căn cước công dân",
        "Số căn cước",
        "Số căn cước công dân",
        "Số CMND/CCCD",
        "Số CCCD/CMND",
        "CMND/CCCD",
        "Mã định danh",
        "Số định danh",
    ),
    parse_id_number,
    hint=N_("The 12-digit personal ID number; keep the column as Text so leading zeros stay."),
    width=16,
    number_format="@",
)
UNIT_OF_PERSON = FieldSpec(
    "unit",
    (
        "Đơn vị",
        "Đơn vị công tác",
        "Cơ quan, đơn vị",
        "Nơi công tác",
        "Cơ quan công tác",
        "Cơ quan, đơn vị công tác",
        "Phòng ban, đơn vị",
    ),
    hint=N_("The unit's name or code as recorded in emudesk."),
    choices="units",
    width=28,
)
POSITION = FieldSpec("position", ("Chức vụ", "Chức danh", "Chức vụ, chức danh", "Chức vụ, đơn vị"), width=20)
YEAR = FieldSpec("year", ("Năm", "Năm khen thưởng", "Năm đánh giá", "Năm xếp loại"), parse_year, width=8)
SUBJECT_KIND = FieldSpec(
    "subject_kind",
    ("Đối tượng", "Loại đối tượng", "Cá nhân/Tập thể", "Phân loại đối tượng", "Phân loại khen thưởng"),
    parse_subject_kind,
    hint=N_("Cá nhân, Tập thể or Hộ gia đình; guessed from the name when left empty."),
    choices="subject_kind",
    width=14,
)
RECIPIENT = FieldSpec(
    "recipient",
    (
        "Tên tập thể, cá nhân",
        "Họ và tên",
        "Họ tên",
        "Tên cá nhân, tập thể",
        "Tên tập thể/cá nhân/hộ gia đình",
        "Tên tập thể/cá nhân",
        "Tên đơn vị, cá nhân",
        "Tên tập thể",
        "Tên đơn vị",
        "Tên cá nhân",
        "Họ và tên (tên tập thể)",
        "Tên chủ hộ",
    ),
    hint=N_("The person's full name, or the collective's or household's name, as written."),
    required=True,
    width=30,
)
AWARD_NAME = FieldSpec(
    "award_name",
    (
        "Danh hiệu/Hình thức",
        "Hình thức khen thưởng",
        "Danh hiệu thi đua",
        "Danh hiệu",
        "Hình thức",
        "Danh hiệu, hình thức khen thưởng",
        "Hình thức khen thưởng, danh hiệu thi đua",
        "Danh hiệu thi đua/hình thức khen thưởng",
        "Tên danh hiệu",
        "Mã hình thức khen thưởng",
        "Mã danh hiệu thi đua",
    ),
    required=True,
    hint=N_("The title or form of commendation as written; matched to the catalogue on import."),
    choices="award_forms",
    width=30,
)
SUMMARY = FieldSpec(
    "summary",
    ("Tóm tắt thành tích", "Tóm tắt", "Thành tích", "Nội dung thành tích", "Thành tích đạt được"),
    width=40,
)
LONG_NOTE = FieldSpec("note", NOTE.headers, parse_long_text, width=24)
CAMPAIGN_REF = FieldSpec(
    "campaign", ("Phong trào thi đua", "Phong trào", "Tên phong trào", "Kế hoạch"), width=26
)
PHASE_REF = FieldSpec("phase", ("Giai đoạn", "Đợt", "Đợt thi đua"), width=16)
UNIT_KIND_REF = FieldSpec(
    "unit_kind",
    ("Loại đơn vị", "Loại hình đơn vị", "Chỉ áp dụng cho loại đơn vị"),
    choices="unit_kinds",
    width=20,
)


# --- row hooks ----------------------------------------------------------------------------------


def _expand_person(ctx: RowContext, key: str = "full_name", column: str | None = None) -> None:
    """Replace a PersonName by family_name / middle_name / given_name / full_name; problems are
    reported against ``column`` (default: the field itself)."""
    name = ctx.values.pop(key, None)
    if not isinstance(name, PersonName):
        return
    ctx.values.update(
        family_name=name.family, middle_name=name.middle, given_name=name.given, full_name=name.full
    )
    if not name.family:
        ctx.error(
            column or key, _("Only one word: write the full name (family name, middle name, given name).")
        )
    if name.gender_hint is not None and "gender" not in ctx.values:
        ctx.values["gender"] = name.gender_hint


def _split_birth(ctx: RowContext) -> None:
    born = ctx.values.get("birth_date")
    if isinstance(born, int):
        del ctx.values["birth_date"]
        ctx.values["birth_year"] = born
    elif isinstance(born, dt.date):
        ctx.values["birth_year"] = born.year


def _cross_check_id(ctx: RowContext) -> None:
    number = ctx.values.get("id_number")
    if not isinstance(number, str):
        return
    gender = ctx.values.get("gender")
    year = ctx.values.get("birth_year")
    wrong = check_id_number(
        number,
        gender=gender if isinstance(gender, Gender) else None,
        birth_year=year if isinstance(year, int) else None,
    )
    if wrong:
        ctx.error("id_number", wrong)


def _finish_individual(ctx: RowContext) -> None:
    _expand_person(ctx)
    _split_birth(ctx)
    if "gender" not in ctx.values and "gender" not in ctx.raw:
        ctx.error("gender", _("The gender is missing: Nam or Nữ."))
    _cross_check_id(ctx)


_UNIT_WORDS = re.compile(
    r"^(?:phong|so|ban|ubnd|uy ban|hdnd|truong|khoa|to|doi|cong ty|tong cong ty|xi nghiep|hop tac xa|htx|xa|"
    r"phuong|thi tran|thon|ap|ban|huyen|quan|tinh|thanh pho|chi bo|dang bo|chi doan|doan|hoi|cong doan|"
    r"trung tam|benh vien|tram|vien|cuc|chi cuc|vu|van phong|tap the|lop|nha may|ngan hang|kho bac|"
    r"doanh nghiep|cum|khoi|mat tran|lien doan|nhom)\b"
)


def guess_subject_kind(name: str) -> SubjectKind:
    """Collective when the name starts like one ("Phòng Nội vụ", "UBND xã…", "Tổ…"), else individual."""
    key = fold(name)
    if key.startswith(("ho ong", "ho ba", "ho gia dinh", "gia dinh ong", "gia dinh ba", "household of ")):
        return SubjectKind.HOUSEHOLD
    return SubjectKind.UNIT if _UNIT_WORDS.match(key) else SubjectKind.INDIVIDUAL


# A person as the app's pickers show one: "Nguyễn Văn An (1980, Sở Y tế)".
_PICKED_PERSON = re.compile(r"^(?P<name>[^()\d]+?)\s*\((?P<year>\d{4})(?:,\s*(?P<unit>[^()]+))?\)$")


def _finish_subject(ctx: RowContext) -> None:
    """Kind of subject (given or guessed), and for a person: the name split and the ID checked."""
    name = ctx.values.get("recipient")
    if not isinstance(name, str):
        return
    picked = _PICKED_PERSON.match(name.strip())
    shown = picked["name"].strip() if picked else ""
    if (
        picked
        and any(c.isalpha() for c in shown)
        and ctx.values.get("subject_kind") in (None, SubjectKind.INDIVIDUAL)
    ):
        # Copied from a picker: the birth year and unit it shows help find the person.
        name = ctx.values["recipient"] = shown
        if not any(k in ctx.values for k in ("birth_date", "birth_year")):
            ctx.values["birth_year"] = int(picked["year"])
        unit = (picked["unit"] or "").strip()
        if unit and "unit" not in ctx.values:
            ctx.values["unit"] = unit
    kind = ctx.values.get("subject_kind")
    if not isinstance(kind, SubjectKind):
        if "subject_kind" in ctx.raw:
            return
        guessed = (
            SubjectKind.INDIVIDUAL
            if any(k in ctx.values for k in ("id_number", "birth_date", "gender"))
            else guess_subject_kind(name)
        )
        ctx.values["subject_kind"] = kind = guessed
        ctx.values["subject_kind_guessed"] = True
    if kind is SubjectKind.INDIVIDUAL:
        person = parse_person_name(name)
        if isinstance(person, Bad):
            ctx.error("recipient", person.reason)
            return
        ctx.values["recipient_person"] = person
        _expand_person(ctx, "recipient_person", "recipient")
        ctx.values["recipient"] = person.full
        _split_birth(ctx)
        _cross_check_id(ctx)
    else:
        ctx.values["recipient"] = strip_honorific(name)


def _finish_nomination(ctx: RowContext) -> None:
    filed = ctx.values.get("filed_on")
    if isinstance(filed, dt.date) and filed > dt.date.today():
        ctx.error(
            "filed_on",
            _("The file cannot be received on {day}, after today.").format(day=filed.strftime("%d/%m/%Y")),
        )
    _finish_subject(ctx)


def _finish_rating(ctx: RowContext) -> None:
    if "full_name" in ctx.values:
        ctx.values["subject_kind"] = SubjectKind.INDIVIDUAL
        _expand_person(ctx)
        _split_birth(ctx)
        _cross_check_id(ctx)
    elif "full_name" in ctx.raw:
        return
    elif "unit" in ctx.values:
        ctx.values["subject_kind"] = SubjectKind.UNIT
    else:
        ctx.error("full_name", _("Give the person's name, or the unit's name for a collective rating."))


def _finish_award(ctx: RowContext) -> None:
    ref = ctx.values.pop("decision_ref", None)
    if isinstance(ref, DecisionRef):
        for key, value in (
            ("decision_number", ref.number),
            ("decision_date", ref.date),
            ("issuer", ref.issuer),
        ):
            if value is not None and key not in ctx.values:
                ctx.values[key] = value
    if "year" not in ctx.values and "year" not in ctx.raw:
        signed = ctx.values.get("decision_date")
        if isinstance(signed, dt.date):
            ctx.values["year"] = signed.year
        else:
            ctx.error("year", _("The year is missing (and no decision date gives it)."))
    _finish_subject(ctx)


def _finish_achievement(ctx: RowContext) -> None:
    if not any(k in ctx.values or k in ctx.raw for k in ("title", "summary")):
        ctx.error("title", _("Give the achievement's title or its summary."))
    _finish_subject(ctx)


def _finish_plan(ctx: RowContext) -> None:
    if "issue_date" in ctx.values:
        ctx.values["issue_date_precision"] = precision_of(ctx.raw.get("issue_date"))
    ref = ctx.values.pop("plan_ref", None)
    if isinstance(ref, PlanRef):
        ctx.values["plan_number"], ctx.values["plan_symbol"] = ref.number, ref.symbol
    label = ctx.values.get("period_label")
    if isinstance(label, str):
        m = re.search(r"(\d{4})\s*[-–]\s*(\d{4})", label)
        if m:
            ctx.values.setdefault("start_date", dt.date(int(m.group(1)), 1, 1))
            ctx.values.setdefault("end_date", dt.date(int(m.group(2)), 12, 31))
    _check_period(ctx)


def _check_period(ctx: RowContext) -> None:
    start, end = ctx.values.get("start_date"), ctx.values.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        ctx.error("end_date", _("The end date is before the start date."))


def _finish_milestone(ctx: RowContext) -> None:
    raw = ctx.raw.get("due_date")
    if "due_date" in ctx.values:
        ctx.values["due_precision"] = precision_of(raw)
    if isinstance(raw, str) and "when_text" not in ctx.values:
        # Keep "quý IV năm 2023" as the plan wrote it, unless it is the precision's own wording
        # (the export writes a quarter as "Quý IV năm 2023"; the precision says it already).
        try:
            canonical = parse_partial_date(raw).vietnamese()
        except ValueError:
            canonical = None
        if nfc(raw).strip() != canonical:
            ctx.values["when_text"] = nfc(raw)


def _priority_note(values: Mapping[str, Any]) -> bool:
    """A quota row that is a plan's priority note ("ưu tiên tập thể nhỏ"): it counts no form."""
    kind = values.get("kind")
    if kind is None:  # as _finish_quota reads a row with no kind
        return "limit" not in values and "ratio" not in values
    return kind is QuotaKind.PRIORITY


def _finish_quota(ctx: RowContext) -> None:
    v = ctx.values
    kind = v.get("kind")
    if not isinstance(kind, QuotaKind):
        if "kind" in ctx.raw:
            return
        kind = QuotaKind.COUNT if "limit" in v else QuotaKind.RATIO if "ratio" in v else QuotaKind.PRIORITY
        v["kind"] = kind
    if kind is QuotaKind.COUNT and "limit" not in v and "limit" not in ctx.raw:
        ctx.error("limit", _("A count quota needs the maximum number."))
    if kind is QuotaKind.RATIO and "ratio" not in v and "ratio" not in ctx.raw:
        ctx.error("ratio", _("A ratio quota needs the maximum percentage."))
    v.setdefault("scope", QuotaScope.CAMPAIGN)


# --- the kinds ----------------------------------------------------------------------------------

UNITS = KindSpec(
    "units",
    N_("Units"),
    "Đơn vị",
    (
        STT,
        FieldSpec(
            "name",
            ("Tên đơn vị", "Tên cơ quan, đơn vị", "Đơn vị", "Tên tập thể", "Cơ quan, đơn vị", "Tên đầy đủ"),
            parse_name,
            required=True,
            width=36,
        ),
        FieldSpec("short_name", ("Tên viết tắt", "Tên ngắn", "Tên gọi tắt"), width=16),
        FieldSpec("code", ("Mã đơn vị", "Mã", "Mã số"), width=12),
        FieldSpec(
            "kind",
            ("Loại đơn vị", "Loại hình", "Phân loại", "Loại hình đơn vị", "Mã phân loại tập thể"),
            required=True,
            hint=N_("A kind of unit from the catalogue (Sở, Phòng, UBND xã, Thôn…)."),
            choices="unit_kinds",
            width=20,
        ),
        FieldSpec(
            "parent",
            ("Đơn vị cấp trên", "Trực thuộc", "Cơ quan chủ quản", "Đơn vị chủ quản", "Mã đơn vị cấp trên"),
            hint=N_("The parent unit's name or code: a unit already recorded or one earlier in this list."),
            choices="units",
            width=30,
        ),
        FieldSpec("admin_code", ("Mã đơn vị hành chính", "Mã ĐVHC", "Mã hành chính"), width=12),
        FieldSpec("address", ("Địa chỉ", "Trụ sở", "Địa chỉ trụ sở"), width=30),
        FieldSpec(
            "valid_from",
            ("Ngày thành lập", "Hiệu lực từ", "Từ ngày"),
            parse_date,
            width=12,
            number_format="DD/MM/YYYY",
        ),
        FieldSpec(
            "valid_to",
            ("Ngày giải thể", "Hiệu lực đến", "Đến ngày", "Ngày sáp nhập"),
            parse_date,
            width=12,
            number_format="DD/MM/YYYY",
        ),
        FieldSpec(
            "member_count",
            ("Số thành viên", "Tổng số cán bộ", "Số người", "Quân số", "Số lượng"),
            parse_count,
            width=10,
        ),
        NOTE,
    ),
    finish=lambda ctx: _check_period_of(ctx, "valid_from", "valid_to"),
)


def _check_period_of(ctx: RowContext, start_key: str, end_key: str) -> None:
    start, end = ctx.values.get(start_key), ctx.values.get(end_key)
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        ctx.error(end_key, _("The end date is before the start date."))


INDIVIDUALS = KindSpec(
    "individuals",
    N_("Individuals"),
    "Cá nhân",
    (
        STT,
        PERSON_NAME,
        GENDER,
        BIRTH_DATE,
        ID_NUMBER,
        FieldSpec(
            "ethnicity", ("Dân tộc",), hint=N_("One of the 54 ethnic groups; Kinh when empty."), width=10
        ),
        UNIT_OF_PERSON,
        POSITION,
        FieldSpec(
            "staff_category",
            ("Phân loại cán bộ", "Mã phân loại cán bộ", "Ngạch", "Ngạch công chức"),
            width=14,
        ),
        FieldSpec("hometown", ("Quê quán", "Nguyên quán"), width=24),
        FieldSpec(
            "residence",
            ("Nơi ở hiện nay", "Trú quán", "Nơi thường trú", "Địa chỉ", "Chỗ ở hiện nay", "Nơi cư trú"),
            width=24,
        ),
        FieldSpec(
            "phone", ("Số điện thoại", "Điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ"), parse_phone, width=14
        ),
        FieldSpec(
            "start_date",
            ("Ngày vào đơn vị", "Ngày nhận công tác", "Ngày bắt đầu công tác"),
            parse_date,
            width=12,
            number_format="DD/MM/YYYY",
        ),
        NOTE,
    ),
    finish=_finish_individual,
)

HOUSEHOLDS = KindSpec(
    "households",
    N_("Households"),
    "Hộ gia đình",
    (
        STT,
        FieldSpec(
            "head_name",
            (
                "Họ và tên chủ hộ",
                "Chủ hộ",
                "Tên chủ hộ",
                "Họ tên chủ hộ",
                "Hộ gia đình",
                "Tên hộ",
                "Hộ ông/bà",
            ),
            parse_name_text,
            required=True,
            width=26,
        ),
        FieldSpec(
            "head_id_number",
            ("Số CCCD chủ hộ", "CCCD chủ hộ", "Số định danh chủ hộ", "Số CCCD"),
            parse_id_number,
            width=16,
            number_format="@",
        ),
        FieldSpec("address", ("Địa chỉ", "Nơi ở", "Địa chỉ thường trú"), width=30),
        FieldSpec(
            "village",
            ("Thôn, tổ dân phố", "Thôn", "Tổ dân phố", "Thôn/Tổ dân phố", "Thôn/TDP", "Ấp", "Bản", "Khu phố"),
            choices="units",
            width=20,
        ),
        FieldSpec(
            "commune",
            ("Xã, phường", "Xã", "Phường", "Xã/Phường", "Xã, phường, đặc khu"),
            choices="units",
            width=20,
        ),
        FieldSpec(
            "members",
            ("Thành viên", "Các thành viên", "Thành viên hộ"),
            parse_text_list,
            hint=N_("Members separated by “;” or on separate lines."),
            width=30,
        ),
        NOTE,
    ),
)

RATINGS = KindSpec(
    "ratings",
    N_("Annual ratings"),
    "Xếp loại",
    (
        STT,
        FieldSpec(
            "full_name",
            PERSON_NAME.headers,
            parse_person_name,
            hint=N_("Empty for a collective's rating."),
            width=26,
        ),
        BIRTH_DATE,
        ID_NUMBER,
        UNIT_OF_PERSON,
        FieldSpec("year", YEAR.headers, parse_year, required=True, width=8),
        FieldSpec(
            "rating",
            (
                "Xếp loại",
                "Kết quả xếp loại",
                "Mức xếp loại",
                "Đánh giá, xếp loại",
                "Kết quả đánh giá",
                "Xếp loại chất lượng",
                "Mức độ hoàn thành nhiệm vụ",
                "Kết quả đánh giá, xếp loại",
            ),
            parse_rating,
            required=True,
            hint=N_("HTXSNV, HTTNV, HTNV or KHTNV, or the words in full."),
            choices="rating",
            width=30,
        ),
        NOTE,
    ),
    finish=_finish_rating,
)

DECISION_FIELDS = (
    FieldSpec(
        "decision_ref",
        (
            "Số, ngày tháng năm quyết định; cơ quan ban hành",
            "Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định",
            "Số, ngày quyết định",
            "Số quyết định, ngày, cơ quan ban hành",
            "Quyết định",
            "Số, ngày, tháng, năm quyết định",
        ),
        parse_decision_ref,
        hint=N_("One column with all three, e.g. “Số 15/QĐ-UBND ngày 05/01/2023 của UBND huyện X”."),
        width=36,
    ),
    FieldSpec("decision_number", ("Số quyết định", "Số QĐ", "Quyết định số"), width=16),
    FieldSpec(
        "decision_date",
        ("Ngày quyết định", "Ngày QĐ", "Ngày ký quyết định", "Ngày ban hành"),
        parse_date,
        width=12,
        number_format="DD/MM/YYYY",
    ),
    FieldSpec(
        "issuer",
        (
            "Cơ quan ban hành",
            "Cấp khen",
            "Cơ quan ban hành quyết định",
            "Cấp quyết định",
            "Người ký quyết định",
        ),
        hint=N_("As written at the time, e.g. “Chủ tịch UBND huyện Vũ Thư”."),
        width=30,
    ),
)

AWARDS = KindSpec(
    "awards",
    N_("Award history"),
    "Khen thưởng",
    (
        STT,
        SUBJECT_KIND,
        RECIPIENT,
        ID_NUMBER,
        BIRTH_DATE,
        UNIT_OF_PERSON,
        FieldSpec("year", YEAR.headers, parse_year, width=8),
        AWARD_NAME,
        *DECISION_FIELDS,
        FieldSpec(
            "award_type",
            ("Loại hình khen thưởng", "Loại hình", "Loại khen thưởng"),
            parse_award_type,
            hint=N_(
                "Công trạng, Đột xuất, Phong trào thi đua… "
                "Đột xuất and thematic awards never count towards merit awards."
            ),
            choices="award_type",
            width=18,
        ),
        FieldSpec("golden_book_no", ("Số sổ vàng", "Số vào sổ"), width=10),
        FieldSpec(
            "recipient_category",
            ("Nhóm đối tượng (TT 02/2023)", "Nhóm đối tượng thống kê", "Nhóm đối tượng"),
            parse_recipient_category,
            hint=N_(
                "The TT 02/2023 statistics row: Lãnh đạo cấp vụ, sở, ngành; Doanh nhân; Người trực tiếp "
                "công tác, lao động… Empty: as the register suggests from the position."
            ),
            choices="recipient_category",
            width=22,
        ),
        FieldSpec("cash_amount", ("Tiền thưởng", "Số tiền", "Mức thưởng"), parse_decimal, width=14),
        NOTE,
    ),
    finish=_finish_award,
)

ACHIEVEMENTS = KindSpec(
    "achievements",
    N_("Achievements"),
    "Thành tích",
    (
        STT,
        SUBJECT_KIND,
        RECIPIENT,
        ID_NUMBER,
        BIRTH_DATE,
        UNIT_OF_PERSON,
        CAMPAIGN_REF,
        PHASE_REF,
        FieldSpec("year", YEAR.headers, parse_year, width=8),
        FieldSpec("title", ("Tên thành tích", "Thành tích", "Nội dung"), width=30),
        FieldSpec("summary", ("Tóm tắt thành tích", "Tóm tắt", "Mô tả", "Thành tích đạt được"), width=40),
        NOTE,
    ),
    finish=_finish_achievement,
)

NOMINATIONS = KindSpec(
    "nominations",
    N_("Nominations"),
    "Đề nghị",
    (
        STT,
        SUBJECT_KIND,
        RECIPIENT,
        GENDER,
        BIRTH_DATE,
        ID_NUMBER,
        POSITION,
        UNIT_OF_PERSON,
        FieldSpec(
            "proposing_unit",
            ("Đơn vị đề nghị", "Đơn vị trình", "Cơ quan đề nghị", "Đơn vị đề xuất"),
            hint=N_("The unit sending the proposal; per-unit quotas count by it."),
            choices="units",
            width=28,
        ),
        FieldSpec(
            "award_name",
            (
                "Hình thức đề nghị",
                "Danh hiệu đề nghị",
                "Hình thức khen thưởng đề nghị",
                "Đề nghị khen thưởng",
                *AWARD_NAME.headers,
            ),
            required=True,
            hint=AWARD_NAME.hint,
            choices="award_forms",
            width=30,
        ),
        CAMPAIGN_REF,
        PHASE_REF,
        FieldSpec("year", YEAR.headers, parse_year, width=8),
        FieldSpec(
            "filed_on",
            (
                "Ngày nhận hồ sơ",
                "Ngày nhận",
                "Ngày tiếp nhận hồ sơ",
                "Ngày nộp hồ sơ",
            ),
            parse_date,
            hint=N_(
                "The day the file was received (dd/mm/yyyy); the rules in force that day and the plan's "
                "deadline judge it. Empty: the day of the import."
            ),
            width=12,
            number_format="DD/MM/YYYY",
        ),
        SUMMARY,
        NOTE,
    ),
    finish=_finish_nomination,
)

# --- campaign workbook: one sheet per part --------------------------------------------------------

CAMPAIGN_PLAN = KindSpec(
    "campaign_plan",
    N_("Campaign plan"),
    "Kế hoạch",
    (
        FieldSpec(
            "plan_ref",
            ("Số, ký hiệu", "Số kế hoạch", "Số hiệu", "Số/ký hiệu", "Số, ký hiệu văn bản"),
            parse_plan_ref,
            hint=N_("As printed: 104/KH-UBND, or /KH-UBND for a plan issued without a number."),
            width=16,
        ),
        FieldSpec("issuing_body", ("Cơ quan ban hành", "Cơ quan ban hành kế hoạch"), width=30),
        FieldSpec("place", ("Địa danh", "Nơi ban hành"), width=14),
        FieldSpec(
            "issue_date",
            ("Ngày ban hành", "Ngày ký"),
            parse_due,
            hint=N_("A date, or as the plan is dated: “tháng 01 năm 2024”, “Quý I năm 2024”, “năm 2024”."),
            width=12,
            number_format="DD/MM/YYYY",
        ),
        FieldSpec(
            "title",
            ("Tên phong trào", "Tên kế hoạch", "Trích yếu", "Tên phong trào thi đua"),
            required=True,
            width=50,
        ),
        FieldSpec("short_title", ("Tên ngắn", "Tên gọi tắt"), width=20),
        FieldSpec(
            "kind",
            ("Hình thức tổ chức", "Loại phong trào", "Hình thức thi đua"),
            parse_campaign_kind,
            required=True,
            choices="campaign_kind",
            width=16,
        ),
        FieldSpec(
            "start_date",
            ("Từ ngày", "Ngày bắt đầu"),
            parse_period_start,
            width=12,
            number_format="DD/MM/YYYY",
        ),
        FieldSpec(
            "end_date", ("Đến ngày", "Ngày kết thúc"), parse_period_end, width=12, number_format="DD/MM/YYYY"
        ),
        FieldSpec(
            "period_label",
            ("Giai đoạn", "Thời gian thực hiện"),
            hint=N_("As the plan says it (giai đoạn 2021-2025); gives the dates when they are empty."),
            width=16,
        ),
        FieldSpec("legal_basis", ("Căn cứ", "Căn cứ pháp lý"), parse_long_text, width=40),
        FieldSpec("purpose", ("Mục đích, yêu cầu", "Mục đích"), parse_long_text, width=40),
        FieldSpec("content", ("Nội dung", "Nội dung phong trào"), parse_long_text, width=40),
        FieldSpec("requirements", ("Yêu cầu",), parse_long_text, width=40),
        FieldSpec("organisation", ("Tổ chức thực hiện",), parse_long_text, width=40),
        FieldSpec("recipients", ("Nơi nhận",), parse_long_text, width=30),
        FieldSpec("signer_authority", ("Thẩm quyền ký", "Quyền hạn ký"), width=20),
        FieldSpec("signer_title", ("Chức vụ người ký",), width=20),
        FieldSpec("signer_name", ("Người ký", "Họ tên người ký"), parse_name_text, width=22),
        LONG_NOTE,
        FieldSpec(
            "status",
            ("Trạng thái", "Tình trạng"),
            parse_campaign_status,
            hint=N_("Dự thảo, Đang thực hiện or Đã kết thúc; Đang thực hiện when empty."),
            choices="campaign_status",
            width=16,
        ),
        FieldSpec(
            "organizer_level",
            ("Cấp chủ trì phát động (TT 02/2023)", "Cấp chủ trì phát động"),
            parse_campaign_level,
            hint=N_("For the TT 02/2023 statistics; empty: as the issuing body suggests."),
            choices="campaign_level",
            width=20,
        ),
        FieldSpec(
            "organizing_scope",
            ("Phạm vi tổ chức thi đua (TT 02/2023)", "Phạm vi tổ chức thi đua"),
            parse_campaign_scope,
            hint=N_("For the TT 02/2023 statistics; empty: as the issuing body suggests."),
            choices="campaign_scope",
            width=20,
        ),
    ),
    finish=_finish_plan,
    sheet_names=("Kế hoạch", "Thông tin chung", "Kế hoạch thi đua", "Phong trào"),
)

CAMPAIGN_PHASES = KindSpec(
    "campaign_phases",
    N_("Phases"),
    "Giai đoạn",
    (
        FieldSpec("name", ("Tên giai đoạn", "Giai đoạn", "Tên đợt", "Đợt"), required=True, width=30),
        FieldSpec(
            "start_date",
            ("Từ ngày", "Ngày bắt đầu"),
            parse_period_start,
            width=12,
            number_format="DD/MM/YYYY",
        ),
        FieldSpec(
            "end_date", ("Đến ngày", "Ngày kết thúc"), parse_period_end, width=12, number_format="DD/MM/YYYY"
        ),
        FieldSpec("description", ("Nội dung", "Mô tả"), parse_long_text, width=50),
    ),
    finish=_check_period,
    sheet_names=("Giai đoạn", "Các giai đoạn", "Đợt thi đua"),
)

CAMPAIGN_MILESTONES = KindSpec(
    "campaign_milestones",
    N_("Milestones"),
    "Mốc thời gian",
    (
        FieldSpec(
            "kind",
            ("Loại mốc", "Loại", "Loại công việc"),
            parse_milestone_kind,
            required=True,
            choices="milestone_kind",
            width=16,
        ),
        FieldSpec(
            "title", ("Nội dung", "Công việc", "Tên mốc", "Nội dung công việc"), required=True, width=40
        ),
        FieldSpec(
            "due_date",
            ("Thời hạn", "Hạn", "Hạn chót", "Thời gian", "Ngày"),
            parse_due,
            hint=N_(
                "A date, or as the plan says it: “quý IV năm 2023”, “tháng 7/2022”, “2025” "
                "(the period's last day)."
            ),
            width=16,
        ),
        FieldSpec("recurrence", ("Lặp lại", "Định kỳ"), parse_recurrence, choices="recurrence", width=12),
        FieldSpec("actor", ("Đơn vị thực hiện", "Cơ quan thực hiện", "Chủ trì", "Trách nhiệm"), width=30),
        PHASE_REF,
        FieldSpec(
            "when_text",
            ("Thời hạn theo kế hoạch", "Diễn giải thời hạn", "Thời hạn ghi trong kế hoạch"),
            hint=N_(
                "The deadline in the plan's words (“Trước ngày 01/12 hằng năm”) when “Thời hạn” holds a date."
            ),
            width=22,
        ),
        FieldSpec("done", ("Đã hoàn thành", "Đã xong"), parse_bool, choices="yes_no", width=10),
    ),
    finish=_finish_milestone,
    sheet_names=("Mốc thời gian", "Tiến độ", "Tiến độ thực hiện", "Mốc"),
)

CAMPAIGN_TARGETS = KindSpec(
    "campaign_targets",
    N_("Targets"),
    "Chỉ tiêu",
    (
        FieldSpec("description", ("Chỉ tiêu", "Nội dung chỉ tiêu", "Mục tiêu"), required=True, width=50),
        FieldSpec("comparator", ("So sánh", "Điều kiện"), parse_comparator, width=10),
        FieldSpec("value", ("Giá trị", "Mức", "Chỉ số", "Từ giá trị"), parse_target_value, width=10),
        FieldSpec(
            "value_max",
            ("Đến giá trị", "Giá trị tối đa của khoảng"),
            parse_target_value,
            hint=N_("For a range (“3–3,5 %”): the upper end; “Giá trị” holds the lower."),
            width=10,
        ),
        FieldSpec("multiplier", ("Đơn vị nhân",), parse_multiplier, hint=N_("nghìn, triệu or tỷ."), width=10),
        FieldSpec("unit", ("Đơn vị tính", "ĐVT"), width=12),
        FieldSpec("target_year", ("Năm", "Năm đạt", "Đến năm"), parse_year, width=8),
        FieldSpec("result_value", ("Kết quả đạt được", "Kết quả thực hiện"), parse_target_value, width=12),
        FieldSpec("theme", ("Chuyên đề",), width=24),
    ),
    sheet_names=("Chỉ tiêu", "Mục tiêu", "Chỉ tiêu phấn đấu"),
)

CAMPAIGN_PARTICIPANTS = KindSpec(
    "campaign_participants",
    N_("Eligible subjects"),
    "Đối tượng",
    (
        FieldSpec(
            "subject_kind",
            ("Loại đối tượng", "Cá nhân/Tập thể"),
            parse_subject_kind,
            required=True,
            choices="subject_kind",
            width=14,
        ),
        UNIT_KIND_REF,
        FieldSpec(
            "description",
            ("Đối tượng", "Mô tả", "Đối tượng thi đua", "Tên đối tượng"),
            required=True,
            width=50,
        ),
    ),
    sheet_names=("Đối tượng", "Đối tượng thi đua"),
)

CAMPAIGN_CRITERIA = KindSpec(
    "campaign_criteria",
    N_("Criteria"),
    "Tiêu chuẩn",
    (
        FieldSpec("code", ("Mã", "Số hiệu", "Mục", "STT"), width=8),
        FieldSpec("parent_code", ("Thuộc mục", "Mã mục cha", "Tiêu chuẩn cha"), width=10),
        FieldSpec("group", ("Nhóm", "Nhóm tiêu chuẩn", "Áp dụng cho"), width=24),
        FieldSpec("subject_kind", ("Loại đối tượng",), parse_subject_kind, choices="subject_kind", width=14),
        UNIT_KIND_REF,
        FieldSpec(
            "award_form", ("Hình thức khen thưởng", "Danh hiệu/Hình thức"), choices="award_forms", width=26
        ),
        FieldSpec(
            "text",
            ("Nội dung tiêu chuẩn", "Tiêu chuẩn", "Nội dung"),
            parse_long_text,
            required=True,
            width=60,
        ),
        FieldSpec(
            "level",
            ("Cấp mục", "Cấp"),
            parse_count,
            hint=N_(
                "1 for a criterion, 2 for one under the nearest level-1 row above it, and so on; "
                "or leave empty and name the parent in “Thuộc mục”."
            ),
            width=8,
        ),
    ),
    sheet_names=("Tiêu chuẩn", "Tiêu chí", "Tiêu chuẩn thi đua"),
)

CAMPAIGN_FORMS = KindSpec(
    "campaign_forms",
    N_("Award forms offered"),
    "Hình thức khen thưởng",
    (
        FieldSpec(
            "award_form",
            ("Hình thức khen thưởng", "Danh hiệu/Hình thức", "Tên hình thức"),
            required=True,
            choices="award_forms",
            width=36,
        ),
        FieldSpec("for_units", ("Tập thể", "Cho tập thể"), parse_bool, choices="yes_no", width=10),
        FieldSpec("for_individuals", ("Cá nhân", "Cho cá nhân"), parse_bool, choices="yes_no", width=10),
        FieldSpec(
            "for_households", ("Hộ gia đình", "Cho hộ gia đình"), parse_bool, choices="yes_no", width=10
        ),
        FieldSpec(
            "within_authority",
            ("Thuộc thẩm quyền", "Thẩm quyền", "Khen thưởng theo thẩm quyền"),
            parse_bool,
            hint=N_("Có when the issuer grants it itself; Không when it proposes it upward."),
            choices="yes_no",
            width=12,
        ),
        LONG_NOTE,
    ),
    sheet_names=("Hình thức khen thưởng", "Hình thức", "Khen thưởng"),
)

CAMPAIGN_QUOTAS = KindSpec(
    "campaign_quotas",
    N_("Quotas"),
    "Hạn mức",
    (
        FieldSpec("label", ("Tên hạn mức", "Nội dung", "Diễn giải", "Hạn mức"), required=True, width=36),
        FieldSpec(
            "forms",
            ("Hình thức khen thưởng", "Các hình thức", "Danh hiệu/Hình thức"),
            parse_text_list,
            required=True,
            hint=N_("One form, or alternatives counted together separated by “;”."),
            choices="award_forms",
            blank_allowed=_priority_note,
            width=36,
        ),
        FieldSpec("kind", ("Loại hạn mức", "Loại"), parse_quota_kind, choices="quota_kind", width=12),
        FieldSpec(
            "subject_kind",
            ("Loại đối tượng", "Đối tượng"),
            parse_subject_kind,
            choices="subject_kind",
            width=14,
        ),
        UNIT_KIND_REF,
        FieldSpec("scope", ("Phạm vi", "Phạm vi tính"), parse_quota_scope, choices="quota_scope", width=20),
        FieldSpec("limit", ("Số lượng tối đa", "Không quá", "Số lượng", "Tối đa"), parse_count, width=10),
        FieldSpec("ratio", ("Tỷ lệ tối đa", "Tỷ lệ", "Tỷ lệ tối đa (%)"), parse_percent, width=10),
        FieldSpec(
            "base_forms",
            ("Tính trên hình thức", "Cơ sở tính tỷ lệ"),
            parse_text_list,
            hint=N_("For a ratio: the forms whose nominations the percentage is taken of."),
            width=30,
        ),
        PHASE_REF,
        FieldSpec("year", ("Năm",), parse_year, width=8),
        FieldSpec("source", ("Căn cứ", "Nguồn"), width=30),
        LONG_NOTE,
        FieldSpec(
            "priority",
            ("Ưu tiên",),
            parse_long_text,
            hint=N_("The plan's priority for these awards (“ưu tiên các tập thể nhỏ”)."),
            width=30,
        ),
    ),
    finish=_finish_quota,
    sheet_names=(
        "Hạn mức",
        "Hạn mức khen thưởng",
        "Số lượng khen thưởng",
        "Chỉ tiêu khen thưởng",
        "Định mức",
    ),
)

CAMPAIGN_THEMES = KindSpec(
    "campaign_themes",
    N_("Themes"),
    "Chuyên đề",
    (
        FieldSpec("name", ("Tên chuyên đề", "Chuyên đề"), required=True, width=36),
        FieldSpec("content", ("Nội dung", "Nội dung chuyên đề"), parse_long_text, width=60),
    ),
    sheet_names=("Chuyên đề", "Các chuyên đề"),
)

CAMPAIGN_AUTHORITY_FORMS = KindSpec(
    "campaign_authority_forms",
    N_("Award forms of a named authority"),
    "Hình thức theo cấp",
    (
        FieldSpec("code", ("Mã hình thức", "Mã"), required=True, width=14),
        FieldSpec("name", ("Tên hình thức", "Hình thức khen thưởng"), required=True, width=44),
        FieldSpec(
            "kind_of",
            ("Thuộc loại", "Loại hình thức"),
            required=True,
            hint=N_("The catalogue form it is a kind of (Bằng khen của Bộ trưởng…)."),
            choices="award_forms",
            width=30,
        ),
        FieldSpec("authority", ("Cấp khen", "Người khen thưởng"), width=30),
        FieldSpec("short_name", ("Tên viết tắt",), width=16),
    ),
    sheet_names=("Hình thức theo cấp", "Hình thức của cơ quan"),
)

CAMPAIGN_PARTS: tuple[KindSpec, ...] = (
    CAMPAIGN_PLAN,
    CAMPAIGN_PHASES,
    CAMPAIGN_MILESTONES,
    CAMPAIGN_TARGETS,
    CAMPAIGN_PARTICIPANTS,
    CAMPAIGN_CRITERIA,
    CAMPAIGN_FORMS,
    CAMPAIGN_QUOTAS,
    CAMPAIGN_THEMES,
    CAMPAIGN_AUTHORITY_FORMS,
)

KINDS: dict[str, KindSpec] = {
    k.key: k for k in (UNITS, INDIVIDUALS, HOUSEHOLDS, RATINGS, AWARDS, ACHIEVEMENTS, NOMINATIONS)
}
CAMPAIGN = "campaign"


def kind_spec(kind: str | KindSpec) -> KindSpec:
    if isinstance(kind, KindSpec):
        return kind
    for spec in (*KINDS.values(), *CAMPAIGN_PARTS):
        if spec.key == kind:
            return spec
    raise KeyError(kind)


# --- entry points -------------------------------------------------------------------------------


def parse_file(
    path: str | Path,
    kind: str | KindSpec,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, ColumnOverride] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ParsedSheet:
    """Read one sheet of ``path`` as a list of ``kind`` ("individuals", "units", …).

    Raises ImportFileError when the file cannot be read at all; everything wrong inside the
    sheet is reported in the result's errors instead.
    """
    spec = kind_spec(kind)
    with open_workbook(path, limits) as book:
        data = book.sheet(sheet)
    return parse_sheet(data, spec, header_row=header_row, mapping=mapping)


@dataclass
class CampaignParse:
    """A campaign workbook: each part's sheet (absent parts are missing from ``parts``).

    ``plan`` is the single row of the plan sheet; ``errors`` holds workbook-level problems.
    """

    file: str
    parts: dict[str, ParsedSheet] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)

    @property
    def plan(self) -> dict[str, object] | None:
        sheet = self.parts.get(CAMPAIGN_PLAN.key)
        return sheet.rows[0].values if sheet and sheet.rows else None

    @property
    def ok(self) -> bool:
        return not self.errors and all(p.ok for p in self.parts.values())

    def all_errors(self) -> list[CellError]:
        out = list(self.errors)
        for p in self.parts.values():
            out.extend(p.all_errors())
        return out


def parse_campaign(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> CampaignParse:
    """Read a campaign workbook: one sheet per part, found by name ("Kế hoạch", "Giai đoạn",
    "Mốc thời gian", "Chỉ tiêu", "Đối tượng", "Tiêu chuẩn", "Hình thức khen thưởng", "Hạn mức")."""
    path = Path(path)
    result = CampaignParse(path.name)
    with open_workbook(path, limits) as book:
        for spec in CAMPAIGN_PARTS:
            name = next((n for n in (book.find_sheet(s) for s in spec.sheet_names) if n), None)
            if name is None:
                continue
            data = book.sheet(name)
            result.parts[spec.key] = parse_sheet(data, spec)
    plan = result.parts.get(CAMPAIGN_PLAN.key)
    if plan is None:
        result.errors.append(
            CellError(
                path.name,
                CAMPAIGN_PLAN.sheet_name,
                None,
                None,
                None,
                _("The workbook has no “{sheet}” sheet describing the plan.").format(
                    sheet=CAMPAIGN_PLAN.sheet_name
                ),
            )
        )
    elif not plan.rows and not plan.errors:
        plan.errors.append(
            CellError(
                path.name, plan.sheet, None, None, None, _("The plan sheet has no row under its header.")
            )
        )
    elif len(plan.rows) > 1:
        for extra in plan.rows[1:]:
            extra.errors.append(
                CellError(
                    path.name,
                    plan.sheet,
                    extra.row_number,
                    None,
                    None,
                    _("The plan sheet holds one plan only."),
                )
            )
    return result
