"""Amounts of money in Vietnamese words, as decisions print them ("Năm triệu bốn trăm nghìn đồng").

num2words (``lang="vi"``) spells a number of up to three digits correctly ("một trăm lẻ năm",
"hai mươi mốt", "mười lăm") but joins the groups of a larger amount the colloquial way:
1.050.000 comes out "một triệu năm mươi nghìn" and 1.050 "một nghìn lẻ năm mươi", where money
in a decision is read group by group, each after the first with its hundreds ("một triệu không
trăm năm mươi nghìn đồng", "một nghìn không trăm năm mươi đồng"). So the library spells each
group and this module joins them, skipping groups of zeros and reading past a billion
("tỷ") again from the top (1.000.000.000.000 = "một nghìn tỷ").
"""

from __future__ import annotations

from decimal import Decimal

from num2words import num2words

_BILLION = 1_000_000_000
_SCALES = ("triệu", "nghìn", "")


def _group(n: int) -> str:
    """0 < n < 1000, the library's words."""
    return str(num2words(n, lang="vi"))


def _inner_group(n: int) -> str:
    """A group after the leading one: always with its hundreds ("không trăm lẻ năm")."""
    if n >= 100:
        return _group(n)
    return "không trăm " + ("lẻ " if n < 10 else "") + _group(n)


def _below_billion(n: int, leading: bool) -> list[str]:
    """Words of 0 <= n < 10^9; ``leading`` when nothing is spoken before it."""
    words: list[str] = []
    groups = (n // 1_000_000, n // 1000 % 1000, n % 1000)
    for value, scale in zip(groups, _SCALES, strict=True):
        if value == 0:
            continue
        words.append(_group(value) if leading and not words else _inner_group(value))
        if scale:
            words.append(scale)
    return words


def _words(n: int, leading: bool = True) -> list[str]:
    if n < _BILLION:
        return _below_billion(n, leading)
    high, low = divmod(n, _BILLION)
    return [*_words(high, leading), "tỷ", *(_below_billion(low, False) if low else [])]


def number_in_words(n: int) -> str:
    """ "một triệu không trăm năm mươi nghìn" (lower case, no unit); 0 is "không"."""
    if n < 0:
        raise ValueError("a negative amount has no reading in a decision")
    return "không" if n == 0 else " ".join(_words(n))


def amount_in_words(amount: int | Decimal) -> str:
    """ "Năm triệu bốn trăm nghìn đồng" for 5.400.000: capitalised, with "đồng"."""
    value = Decimal(amount)
    if value != value.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of đồng")
    text = number_in_words(int(value)) + " đồng"
    return text[:1].upper() + text[1:]
