"""A plan the old model lost data on reads into a draft that saves as a campaign without loss
(issue 17): a partial issue date, steps without a date, target ranges and multipliers, and a
Bằng khen of a named ministry kept as a catalogue form of its legal kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from emudesk.domain.plan_values import DatePrecision
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.draft_review import apply_review, review_items, unheld_notes
from emudesk.services.campaigns.drafts import draft_from_text
from emudesk.services.core.store import Store

PLAN = """\
ỦY BAN NHÂN DÂN HUYỆN AN LẠC

Số: 12/KH-UBND

An Lạc, ngày      tháng 01 năm 2024

## KẾ HOẠCH

### Tổ chức Phong trào thi đua “Chung sức xây dựng nông thôn mới” giai đoạn 2024-2025

#### I. MỤC ĐÍCH, YÊU CẦU

##### 1. Mục đích

Động viên cán bộ và nhân dân trong huyện thi đua hoàn thành các mục tiêu xây dựng nông thôn mới.

##### 2. Yêu cầu

Phong trào thi đua phải được triển khai thiết thực, hiệu quả, gắn với nhiệm vụ chính trị của từng đơn vị.

#### II. NỘI DUNG

1. Phấn đấu tốc độ tăng thu nhập bình quân 3–3,5 %; sản lượng lương thực đạt 580 nghìn tấn.

#### III. HÌNH THỨC KHEN THƯỞNG

- a) Bằng khen của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn;
- b) Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.

#### IV. TIẾN ĐỘ THỰC HIỆN

1. Phát động phong trào thi đua: các xã, thị trấn tổ chức phát động sau khi kế hoạch được ban hành.

2. Sơ kết phong trào thi đua: Quý IV năm 2024.

3. Tổng kết phong trào thi đua: các xã tổ chức tổng kết, đánh giá kết quả thực hiện.

#### V. TỔ CHỨC THỰC HIỆN

Văn phòng HĐND và UBND huyện theo dõi, đôn đốc các xã thực hiện Kế hoạch này.

Nơi nhận:
- Sở Nội vụ tỉnh;
- Các xã, thị trấn;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Văn Bình
"""

BK_NN = "Bằng khen của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn"


def test_the_reader_fills_the_campaigns_own_fields_not_notes() -> None:
    draft = draft_from_text(PLAN)
    d = draft.definition
    assert draft.unheld == {} and unheld_notes(draft) == []
    assert d.issued is not None and (d.issued.precision, d.issued.iso()) == (DatePrecision.MONTH, "2024-01")
    assert d.requirements is not None and d.requirements.startswith("Phong trào thi đua phải")
    assert d.organisation == "Văn phòng HĐND và UBND huyện theo dõi, đôn đốc các xã thực hiện Kế hoạch này."
    assert d.recipients == "Sở Nội vụ tỉnh\nCác xã, thị trấn\nLưu: VT."
    # Each value still points at its words for the review screen; the clerk sees the date as written.
    by = {it.path: it for it in review_items(draft)}
    assert by["issue_date"].value == "01/2024" and not by["issue_date"].sure
    assert draft.text[by["award_forms[0].name"].start : by["award_forms[0].name"].end] == BK_NN
    assert "Nội vụ" in draft.text[by["recipients[0]"].start : by["recipients[0]"].end]


def test_a_draft_saves_as_a_campaign_and_reads_back_without_loss(store: Store) -> None:
    draft = draft_from_text(PLAN)
    defn = apply_review(draft, {})  # what the review screen saves when the clerk accepts as read
    with store.write() as s:
        cid = campaigns.create_campaign(s, defn)
    with store.read() as s:
        back = campaigns.get_definition(s, cid)
    assert back.issued is not None and back.issued.iso() == "2024-01"
    assert back.issue_date == date(2024, 1, 31)
    by_kind = {m.kind.value: m for m in back.milestones}
    interim = by_kind["interim_review"].due
    assert interim is not None and (interim.precision, interim.short()) == (
        DatePrecision.QUARTER,
        "Quý IV/2024",
    )
    assert by_kind["launch"].due_date is None and by_kind["final_review"].due_date is None
    ranged = next(t for t in back.targets if t.value_max is not None)
    assert (ranged.value, ranged.value_max, ranged.unit) == (Decimal("3"), Decimal("3.5"), "%")
    tonnes = next(t for t in back.targets if t.multiplier)
    assert (tonnes.value, tonnes.multiplier, tonnes.unit) == (Decimal("580"), "nghìn", "tấn")
    assert tonnes.amount.minimum == Decimal("580000")
    (named,) = back.award_forms
    assert (named.name, named.kind_of, named.authority) == (
        BK_NN,
        "BK_BO",
        "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn",
    )
    assert [o.award_form for o in back.offered_forms] == [named.code, "BK_TINH"]
    assert (back.requirements, back.organisation, back.recipients) == (
        defn.requirements,
        defn.organisation,
        defn.recipients,
    )


def test_forms_of_one_kind_from_different_authorities_are_each_kept() -> None:
    text = PLAN.replace(
        "- b) Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.",
        "- b) Bằng khen của Bộ trưởng Bộ Tài chính;\n"
        "- c) Giấy khen của Giám đốc Sở Tài chính;\n"
        "- d) Giấy khen của Giám đốc Sở Nội vụ;\n"
        "- đ) Giấy khen của Giám đốc.",
    )
    d = draft_from_text(text).definition
    assert [(f.kind_of, f.authority) for f in d.award_forms] == [
        ("BK_BO", "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn"),
        ("BK_BO", "Bộ trưởng Bộ Tài chính"),
        ("GK", "Giám đốc Sở Tài chính"),
        ("GK", "Giám đốc Sở Nội vụ"),
    ]
    # A bare "Giấy khen của Giám đốc" names no body: the catalogue's own Giấy khen, counted once.
    assert [o.award_form for o in d.offered_forms] == [f.code for f in d.award_forms] + ["GK"]
    assert len(set(f.code for f in d.award_forms)) == 4


@pytest.mark.parametrize(
    ("line", "issued"),
    [
        ("An Lạc, ngày      tháng 01 năm 2024", "2024-01"),  # the day left blank for the signature
        ("An Lạc, tháng 01 năm 2024", "2024-01"),
        ("An Lạc, ngày 05 tháng 01 năm 2024", "2024-01-05"),
    ],
)
def test_the_issue_date_is_read_as_far_as_the_plan_gives_it(line: str, issued: str) -> None:
    draft = draft_from_text(PLAN.replace("An Lạc, ngày      tháng 01 năm 2024", line))
    d = draft.definition
    assert d.issued is not None and d.issued.iso() == issued and d.place == "An Lạc"
    span = next(f for f in draft.fields if f.path == "issue_date")
    assert draft.text[span.start : span.end] == line.removeprefix("An Lạc, ")


def test_the_clerk_chooses_the_kind_and_the_forms_and_a_changed_form_follows_into_quotas() -> None:
    from emudesk.domain.errors import ValidationError
    from emudesk.services.campaigns.definition import QuotaDef
    from emudesk.services.campaigns.draft_review import Kind

    draft = draft_from_text(PLAN)
    catalogue = [("BK_BO", "Bằng khen của Bộ trưởng"), ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh")]
    catalogue.append(("CO_TINH", "Cờ thi đua của UBND tỉnh"))
    by = {it.path: it for it in review_items(draft, catalogue)}
    assert by["kind"].kind is Kind.CHOICE and by["award_forms[0].kind_of"].value == "Bằng khen của Bộ trưởng"
    draft.definition.quotas = [QuotaDef("Bằng khen", ["BK_TINH"])]
    with pytest.raises(ValidationError):
        apply_review(draft, {"kind": "Không có"}, catalogue)  # not one of the list
    defn = apply_review(
        draft,
        {
            "kind": "thường xuyên",
            "award_forms[0].kind_of": "BK_TINH",
            "offered_forms[1]": "Cờ thi đua của UBND tỉnh",
        },
        catalogue,
    )
    assert defn.kind.value == "regular"
    assert defn.award_forms[0].kind_of == "BK_TINH"
    assert (defn.offered_forms[1].award_form, defn.offered_forms[1].note) == (
        "CO_TINH",
        "Cờ thi đua của UBND tỉnh",
    )
    assert defn.quotas[0].forms == ["CO_TINH"]
