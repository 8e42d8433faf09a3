"""Reading a plan's text: partial dates, values with their spans, OCR repair (issue 17)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from emudesk.domain.plan_reading.extract import read_plan
from emudesk.domain.plan_reading.layout import fold_same_length
from emudesk.domain.plan_reading.ocr import Lexicon, repair
from emudesk.domain.plan_reading.when import TIME, PartialDate, parse_time
from tests.domain.plan_samples import UNSEEN_PLAN


def _when(text: str) -> PartialDate | None:
    m = TIME.search(fold_same_length(text))
    assert m is not None
    return parse_time(m)


@pytest.mark.parametrize(
    ("text", "precision", "due"),
    [
        ("Quý I năm 2024", "quarter", date(2024, 3, 31)),
        ("quý IV/2023", "quarter", date(2023, 12, 31)),
        ("tháng 01 năm 2024", "month", date(2024, 1, 31)),
        ("năm 2025", "year", date(2025, 12, 31)),
        ("ngày 15 tháng 3 năm 2024", "day", date(2024, 3, 15)),
        ("trước ngày 15/11/2027", "day", date(2027, 11, 14)),
    ],
)
def test_partial_dates_keep_their_precision(text: str, precision: str, due: date) -> None:
    when = _when(text)
    assert when is not None
    assert when.precision == precision
    assert when.last_day() == due


def test_a_recurring_deadline_falls_each_year_on_the_day_before() -> None:
    when = _when("trước ngày 01/12 hằng năm")
    assert when is not None and when.recurring and when.before
    assert when.last_day(2024) == date(2024, 11, 30)


def test_an_issue_date_without_its_day_is_kept_partial() -> None:
    r = read_plan("Số: /KH-UBND\nHà Nội, ngày      tháng 3 năm 2024\n\nKẾ HOẠCH\nTổ chức Phong trào thi đua")
    assert r.issue_date is not None
    assert r.issue_date.value == PartialDate(2024, 3, None)
    assert r.place is not None and r.place.value == "Hà Nội"


def test_a_plan_never_seen_reads_with_spans_on_its_words() -> None:
    r = read_plan(UNSEEN_PLAN)
    assert (r.plan_number and r.plan_number.value, r.plan_symbol and r.plan_symbol.value) == ("58", "KH-UBND")
    assert r.issuing_body is not None and r.issuing_body.value == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert r.name is not None and r.name.value == "Nông dân thi đua sản xuất giỏi"
    assert r.period is not None and r.period.value == (2025, 2027)
    assert len(r.legal_basis) == 2
    forms = {f.code: f.name.value for f in r.award_forms}
    assert forms == {
        "BK_BO": "Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT",
        "BK_TINH": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "GK": "Giấy khen của Giám đốc Sở Nông nghiệp và Môi trường",
    }
    quotas = [(q.kind, q.forms, q.subject_kind, q.unit_kind, q.limit, q.per_unit) for q in r.quotas]
    assert quotas == [
        ("count", ["BK_TINH", "BK_BO"], "unit", None, 15, False),
        ("count", ["GK"], "unit", "don_vi_truc_thuoc", 1, True),
        ("priority", [], "unit", None, None, False),
    ]
    milestones = [(m.kind, m.when.iso() if m.when else None) for m in r.milestones]
    assert milestones == [
        ("launch", "2025-03"),
        ("interim_review", "2026-Q1"),
        ("nomination_due", "2027-11-15"),
        ("final_review", None),  # a step without a date is kept, not invented
    ]
    ranges = [(t.value, t.value_high, t.unit) for t in r.targets]
    assert ranges == [("3", "3.5", "%"), ("580", None, "nghìn tấn")]
    assert {(p.subject_kind, p.unit_kind) for p in r.participants} == {
        ("unit", "ubnd_huyen"),
        ("unit", "hop_tac_xa"),
        ("household", None),
    }
    assert (r.signer_authority and r.signer_authority.value) == "KT. CHỦ TỊCH"
    assert r.signer_name is not None and r.signer_name.value == "Nguyễn Văn Bình"
    assert [x.value for x in r.recipients] == ["Bộ Nông nghiệp và Môi trường", "Lưu: VT."]
    # Every value points at the words it came from.
    for found in [r.plan_symbol, r.place, r.title, r.signer_name, *(f.name for f in r.award_forms)]:
        assert found is not None
        shown = re.sub(r"\s+", " ", UNSEEN_PLAN[found.start : found.end])
        assert fold_same_length(str(found.value)) in fold_same_length(shown)
    assert [q.source.sure for q in r.quotas[:2]] == [True, True]


def _lexicon() -> Lexicon:
    return Lexicon.from_texts(
        [
            "Ủy ban nhân dân tỉnh Thái Bình ban hành kế hoạch trong tỉnh Thái Bình",
            "các đơn vị trong tỉnh, phối hợp trong công tác, trong năm 2023",
            "chất thải rắn; nghiêm túc thực hiện; tiếp tục triển khai; tiếp tục thực hiện",
        ]
    )


def test_ocr_repair_fixes_what_the_vocabulary_and_context_confirm() -> None:
    text, repairs = repair("Các sở ừong tỉnh Thải Bình; Uy ban nhân dân tỉnh", _lexicon())
    assert text == "Các sở trong tỉnh Thái Bình; Ủy ban nhân dân tỉnh"
    assert [(r.read, r.meant) for r in repairs] == [("ừong", "trong"), ("Thải", "Thái"), ("Uy", "Ủy")]


def test_ocr_repair_leaves_real_words_the_context_does_not_contradict() -> None:
    text = "xử lý chất thải rắn, nghiêm túc triển khai, Thái Bình"
    assert repair(text, _lexicon()) == (text, [])
