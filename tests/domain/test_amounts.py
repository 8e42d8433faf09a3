"""Amounts in words checked against hand-written readings (how a decision's Điều 2 reads them)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from num2words import num2words

from emudesk.domain.amounts import amount_in_words, number_in_words

CASES = {
    0: "Không đồng",
    15_000: "Mười lăm nghìn đồng",
    105_000: "Một trăm lẻ năm nghìn đồng",
    702_000: "Bảy trăm lẻ hai nghìn đồng",
    1_000_000: "Một triệu đồng",
    1_050_000: "Một triệu không trăm năm mươi nghìn đồng",
    1_500_000: "Một triệu năm trăm nghìn đồng",
    2_340_000: "Hai triệu ba trăm bốn mươi nghìn đồng",
    5_400_000: "Năm triệu bốn trăm nghìn đồng",
    14_040_000: "Mười bốn triệu không trăm bốn mươi nghìn đồng",
    21_000_000: "Hai mươi mốt triệu đồng",
    25_215_000: "Hai mươi lăm triệu hai trăm mười lăm nghìn đồng",
    1_000_000_000: "Một tỷ đồng",
    1_000_005_000: "Một tỷ không trăm lẻ năm nghìn đồng",
    2_005_000_000: "Hai tỷ không trăm lẻ năm triệu đồng",
    1_000_000_001: "Một tỷ không trăm lẻ một đồng",
    1_050: "Một nghìn không trăm năm mươi đồng",
    1_005: "Một nghìn không trăm lẻ năm đồng",
    1_000_000_000_000: "Một nghìn tỷ đồng",
    1_001_000_000_000: "Một nghìn không trăm lẻ một tỷ đồng",
}


@pytest.mark.parametrize(("amount", "words"), CASES.items())
def test_amounts_read_as_a_decision_writes_them(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_the_library_alone_reads_inner_groups_the_colloquial_way() -> None:
    # Why the wrapper exists: if num2words starts reading money the accounting way, drop the join.
    assert num2words(1_050_000, lang="vi") == "một triệu năm mươi nghìn"
    assert num2words(1_050, lang="vi") == "một nghìn lẻ năm mươi"


def test_decimal_amounts_from_the_database_and_refusals() -> None:
    assert amount_in_words(Decimal("14040000")) == CASES[14_040_000]
    assert number_in_words(5_400_000) == "năm triệu bốn trăm nghìn"
    with pytest.raises(ValueError):
        amount_in_words(-1)
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1000.5"))
