"""Folding, NFC and Vietnamese name order."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from emudesk.domain.text import (
    fold,
    like_pattern,
    name_fold,
    name_sort_key,
    nfc,
    search_words,
    sort_key,
    split_full_name,
    strip_honorific,
)


def _key(full: str) -> bytes:
    family, middle, given_name = split_full_name(full)
    return name_sort_key(family, middle, given_name)


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("Nguyễn  Văn Đức") == "nguyen van duc"
    assert fold("ĐẶNG THỊ ƯỚC") == "dang thi uoc"
    assert fold(unicodedata.normalize("NFD", "Nguyễn Văn Đức")) == "nguyen van duc"


def test_nfc_collapses_spaces_and_composes() -> None:
    decomposed = unicodedata.normalize("NFD", "  Trần   Thị  Ánh ")
    assert nfc(decomposed) == "Trần Thị Ánh"
    assert len(nfc(decomposed)) == len("Trần Thị Ánh")


def test_names_sort_by_given_then_middle_then_family() -> None:
    # Expected order checked against ICU's vi collation (platform notes §2).
    expected = [
        "Đặng Văn An",
        "Nguyễn Văn An",
        "Ngô Đức Anh",
        "Lê Thị Ánh",
        "Nguyễn Văn Ân",
        "Dương Thị Bình",
    ]
    shuffled = [expected[i] for i in (5, 3, 0, 4, 1, 2)]
    assert sorted(shuffled, key=_key) == expected


def test_letter_and_tone_order() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones
    assert sorted(["Đặng", "Dương"], key=sort_key) == ["Dương", "Đặng"]  # d < đ
    letters = ["an", "ăn", "ân", "bo", "cô", "cơ", "dư", "đu", "ư"]
    assert sorted(reversed(letters), key=sort_key) == ["an", "ăn", "ân", "bo", "cô", "cơ", "dư", "đu", "ư"]


def test_shorter_name_sorts_first() -> None:
    assert sort_key("An") < sort_key("Anh") < sort_key("Ánh")


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ",
        max_size=20,
    )
)
def test_keys_ignore_unicode_form_and_case_of_tones(value: str) -> None:
    assert sort_key(unicodedata.normalize("NFD", value)) == sort_key(unicodedata.normalize("NFC", value))
    assert fold(value.upper()) == fold(value)


def test_split_full_name_and_honorifics() -> None:
    assert split_full_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_full_name("Ông Trần Văn Ước") == ("Trần", "Văn", "Ước")
    assert split_full_name("Đ/c  Lê   Lợi") == ("Lê", "", "Lợi")
    assert split_full_name("Bà Hoa") == ("", "", "Hoa")
    assert strip_honorific("Bạch Thị Hà") == "Bạch Thị Hà"  # "Bạch" is a family name, not "Bà"


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("Đức_%") == "%duc\\_\\%%"


def test_name_fold_puts_a_space_before_every_word() -> None:
    assert name_fold("  Nguyễn  Văn Đức ") == " nguyen van duc"
    assert name_fold("") == ""


def test_search_words_drop_words_that_start_another_and_put_the_last_typed_first() -> None:
    assert search_words("Nguyễn  văn ĐỨC") == ["duc", "van", "nguyen"]
    assert search_words("nguy nguyen v van nguyen") == ["van", "nguyen"]
    assert search_words("   ") == []


NAME_WORDS = st.sampled_from(["nguyen", "van", "minh", "duc", "thi", "an", "lan"])


@given(st.lists(NAME_WORDS, min_size=1, max_size=4))
def test_every_word_of_a_name_is_found_as_typed_in_any_order(words: list[str]) -> None:
    stored = name_fold(" ".join(words))
    for typed in (words, words[::-1]):
        assert all(f" {w}" in stored for w in search_words(" ".join(typed)))


def test_names_typed_in_one_case_come_out_in_proper_case() -> None:
    from emudesk.domain.text import proper_case_name

    assert proper_case_name("nguyễn văn đức") == "Nguyễn Văn Đức"
    assert proper_case_name("NGUYỄN VĂN ĐỨC") == "Nguyễn Văn Đức"
    assert proper_case_name("ĐỖ thị  ánh") == "Đỗ Thị Ánh"
    assert proper_case_name("NGUYỄN Văn An") == "Nguyễn Văn An"
    assert proper_case_name("h'hen niê") == "H'Hen Niê"
    assert proper_case_name("y-ngông NIÊ KDĂM") == "Y-Ngông Niê Kdăm"
    # Typed properly, or in a mixed case someone chose: kept as it is.
    for kept in ("Nguyễn Thị Mai", "Nguyễn Văn A", "H'Hen Niê", "Lê McLean"):
        assert proper_case_name(kept) == kept
    decomposed = unicodedata.normalize("NFD", "trần thị hoà")
    out = proper_case_name(decomposed)
    assert out == "Trần Thị Hoà" and unicodedata.is_normalized("NFC", out)


_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@given(st.text(alphabet=_LETTERS + _LETTERS.upper() + " -'", min_size=1))
def test_proper_case_is_stable_and_only_changes_case(name: str) -> None:
    from emudesk.domain.text import nfc, proper_case_name

    once = proper_case_name(name)
    assert proper_case_name(once) == once
    assert once.lower() == nfc(name).lower()
