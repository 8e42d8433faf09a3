"""Award forms named as a decision prints them, checked against names written out by hand."""

from __future__ import annotations

import pytest

from emudesk.domain.award_names import expand, official_name

PROVINCE = "Ủy ban nhân dân tỉnh Hưng Yên"


@pytest.mark.parametrize(
    ("catalogue", "issuer", "printed"),
    [
        ("Bằng khen của Chủ tịch UBND tỉnh", PROVINCE, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Cờ thi đua của bộ, ban, ngành, tỉnh", PROVINCE, "Cờ thi đua của Ủy ban nhân dân tỉnh"),
        ("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", PROVINCE, "Chiến sĩ thi đua cấp tỉnh"),
        ("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "UBND tỉnh Thái Bình", "Chiến sĩ thi đua cấp tỉnh"),
        ("Cờ thi đua của bộ, ban, ngành, tỉnh", "Bộ Nội vụ", "Cờ thi đua của Bộ Nội vụ"),
        ("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "Bộ Nội vụ", "Chiến sĩ thi đua cấp bộ"),
        (
            "Bằng khen của Bộ trưởng, thủ trưởng ban, ngành Trung ương",
            "Bộ Nội vụ",
            "Bằng khen của Bộ trưởng Bộ Nội vụ",
        ),
        # An issuer that does not settle the level: only the abbreviations are written out.
        ("Cờ thi đua của bộ, ban, ngành, tỉnh", "", "Cờ thi đua của bộ, ban, ngành, tỉnh"),
        (
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Sở Nội vụ tỉnh Hưng Yên",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        ),
        # Names that are already official stay as they are.
        ("Lao động tiên tiến", PROVINCE, "Lao động tiên tiến"),
        ("Huân chương Lao động hạng Ba", PROVINCE, "Huân chương Lao động hạng Ba"),
        ("Giấy khen", "Ủy ban nhân dân xã Lễ Long", "Giấy khen"),
    ],
)
def test_official_name(catalogue: str, issuer: str, printed: str) -> None:
    assert official_name(catalogue, issuer) == printed


def test_expand_leaves_words_that_merely_contain_the_letters() -> None:
    assert expand("Chủ tịch UBND xã, HĐND huyện") == "Chủ tịch Ủy ban nhân dân xã, Hội đồng nhân dân huyện"
    assert expand("UBNDX và TWO") == "UBNDX và TWO"
