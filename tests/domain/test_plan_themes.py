# ruff: noqa: E501  (a plan's lines are as long as the plan writes them)
"""Chuyên đề read from a plan, by the ways Vietnamese plans write them: "Chuyên đề 1: …" headings
or lines, the items of a part "Các phong trào thi đua chuyên đề", one launched in a sentence; and
a plan that only says "theo chuyên đề" has none."""

from __future__ import annotations

from emudesk.domain.plan_reading.extract import read_plan
from emudesk.services.campaigns.drafts import draft_from_text

NUMBERED = """ỦY BAN NHÂN DÂN
HUYỆN KIẾN XƯƠNG
Số: 27/KH-UBND

Kiến Xương, ngày 10 tháng 3 năm 2025

KẾ HOẠCH
Tổ chức Phong trào thi đua "Kiến Xương chung sức xây dựng nông thôn mới" giai đoạn 2025-2026

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Động viên cán bộ, nhân dân thi đua hoàn thành các mục tiêu xây dựng nông thôn mới.

II. NỘI DUNG THI ĐUA
1. Chuyên đề 1: Thi đua chuyển đổi số trong nông nghiệp
Các xã đẩy mạnh ứng dụng công nghệ thông tin trong sản xuất, tiêu thụ nông sản.
Phấn đấu đến năm 2026 có 70 % hợp tác xã bán hàng qua sàn thương mại điện tử.
2. Chuyên đề 2: Thi đua bảo vệ môi trường nông thôn
Thu gom, xử lý rác thải sinh hoạt; phấn đấu đến năm 2026 tỷ lệ rác thải được thu gom đạt 95 %.

III. KHEN THƯỞNG
Chủ tịch Ủy ban nhân dân huyện tặng Giấy khen cho các tập thể, cá nhân tiêu biểu.
"""

GROUPED = """UBND TỈNH HÒA BÌNH
SỞ CÔNG THƯƠNG
Số: 15/KH-SCT

Hòa Bình, ngày 02 tháng 4 năm 2024

KẾ HOẠCH
Thi đua năm 2024

I. MỤC ĐÍCH, YÊU CẦU
Phát huy tinh thần thi đua trong toàn ngành.

II. CÁC PHONG TRÀO THI ĐUA CHUYÊN ĐỀ
1. Phong trào thi đua “Doanh nghiệp Hòa Bình hội nhập và phát triển”
Hỗ trợ doanh nghiệp mở rộng thị trường xuất khẩu; phấn đấu kim ngạch xuất khẩu đạt 700 triệu USD.
2. Phong trào thi đua “Chợ văn minh thương mại”
Xây dựng chợ văn minh, an toàn thực phẩm tại các huyện.

III. TỔ CHỨC THỰC HIỆN
Các phòng, đơn vị thuộc Sở triển khai thực hiện Kế hoạch này.
"""

LINES = """ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH
Số: 44/KH-UBND

KẾ HOẠCH
Phát động phong trào thi đua năm 2025

II. NỘI DUNG
- Chuyên đề thứ nhất: “Cải cách hành chính, xây dựng chính quyền điện tử” với mục tiêu 100% thủ tục hành chính được giải quyết trực tuyến.
- Chuyên đề thứ hai: “Thi đua giảm nghèo bền vững”; phấn đấu giảm tỷ lệ hộ nghèo 1,5 %.
III. TỔ CHỨC THỰC HIỆN
Sở Nội vụ hướng dẫn thực hiện.
"""

INLINE = """ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH
Số: 80/KH-UBND

KẾ HOẠCH
Tổ chức thi đua năm 2024

Ủy ban nhân dân tỉnh phát động phong trào thi đua chuyên đề “Thái Bình chung tay vì người nghèo - Không để ai bị bỏ lại phía sau” trong toàn tỉnh.
"""

GENERIC = """KẾ HOẠCH
Tổ chức Phong trào thi đua

- Căn cứ tình hình, lựa chọn những nội dung khó để phát động phong trào thi đua theo chuyên đề góp phần hoàn thành sớm các mục tiêu đề ra.
"""


def _names(text: str) -> list[str]:
    return [t.name.value for t in read_plan(text).themes]


def test_numbered_theme_headings_keep_their_content_and_their_targets() -> None:
    draft = draft_from_text(NUMBERED)
    themes = draft.definition.themes
    assert [t.name for t in themes] == [
        "Thi đua chuyển đổi số trong nông nghiệp",
        "Thi đua bảo vệ môi trường nông thôn",
    ]
    assert themes[0].content is not None and "sàn thương mại điện tử" in themes[0].content
    assert themes[1].content is not None and "rác thải sinh hoạt" in themes[1].content
    assert "chuyển đổi số" not in (themes[1].content or "")
    by_theme = {t.theme: (t.value, t.unit) for t in draft.definition.targets}
    assert by_theme[themes[0].name][0] == 70 and by_theme[themes[1].name][0] == 95
    # Each theme's name is tied to its words in the plan, for the review screen.
    spans = {x.path: draft.text[x.start : x.end] for x in draft.fields}
    assert spans["themes[0]"] == "Thi đua chuyển đổi số trong nông nghiệp"


def test_the_movements_of_a_chuyen_de_part_are_its_themes() -> None:
    draft = draft_from_text(GROUPED)
    assert [t.name for t in draft.definition.themes] == [
        "Doanh nghiệp Hòa Bình hội nhập và phát triển",
        "Chợ văn minh thương mại",
    ]
    assert "xuất khẩu" in (draft.definition.themes[0].content or "")
    exports = next(t for t in draft.definition.targets if t.multiplier == "triệu")
    assert exports.theme == "Doanh nghiệp Hòa Bình hội nhập và phát triển"


def test_theme_lines_and_a_theme_launched_in_a_sentence() -> None:
    assert _names(LINES) == [
        "Cải cách hành chính, xây dựng chính quyền điện tử",
        "Thi đua giảm nghèo bền vững",
    ]
    first = read_plan(LINES).themes[0]
    assert first.content is not None and "trực tuyến" in first.content.value
    assert _names(INLINE) == ["Thái Bình chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"]


def test_a_plan_that_only_mentions_themes_has_none() -> None:
    assert _names(GENERIC) == []
    # The definition with themes saves like any other (names unique, targets naming them).
    from emudesk.services.campaigns.definition import validate_definition

    validate_definition(draft_from_text(NUMBERED).definition)


def test_a_renamed_theme_takes_its_targets_along() -> None:
    from emudesk.services.campaigns.draft_review import apply_review, review_items

    draft = draft_from_text(NUMBERED)
    item = next(it for it in review_items(draft) if it.path == "themes[1]")
    assert item.value == "Thi đua bảo vệ môi trường nông thôn"
    defn = apply_review(draft, {"themes[1]": "Môi trường xanh – sạch – đẹp"})
    assert [t.name for t in defn.themes][1] == "Môi trường xanh – sạch – đẹp"
    assert any(t.theme == "Môi trường xanh – sạch – đẹp" and t.value == 95 for t in defn.targets)


def test_lines_a_page_broke_are_joined_again_and_items_are_not() -> None:
    from emudesk.domain.plan_reading.layout import unwrap

    text = (
        "Tổ chức Phong trào thi đua “Trách nhiệm, kỷ cương”\nlĩnh vực nông nghiệp năm 2023\n"
        "giai đoạn 2024\n- 2030\n"
        "- Đối với Sở: đề nghị tặng Cờ thi đua;\n- b) Bằng khen của Chủ tịch\na) Tập thể;\n"
    )
    joined = unwrap(text)
    assert len(joined) == len(text)
    assert joined.splitlines() == [
        "Tổ chức Phong trào thi đua “Trách nhiệm, kỷ cương” lĩnh vực nông nghiệp năm 2023 giai đoạn 2024 - 2030",
        "- Đối với Sở: đề nghị tặng Cờ thi đua;",
        "- b) Bằng khen của Chủ tịch",
        "a) Tập thể;",
    ]
