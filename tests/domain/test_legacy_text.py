"""TCVN3, VNI and VIQR: the tables, the syllable check, and the judgement that decides a cell."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emudesk.domain.legacy_text import (
    Legacy,
    Verdict,
    decode,
    encode,
    is_syllable,
    judge,
    judgements,
    reads_as_vietnamese,
    restore_lost_u,
)
from emudesk.services.demo.names import (
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    POSITIONS_STAFF,
)

# Given names that start with a toned capital, which TCVN3 has no code for.
_TONED_CAPITALS = ("Ánh", "Ấu", "Ý", "Ứng", "Ổn", "Ước", "Ẩn", "Út", "Ỷ")
_FAMILY = [f for f, _ in FAMILY_NAMES]
_MIDDLE = list(MALE_MIDDLE + FEMALE_MIDDLE)
_GIVEN = list(MALE_GIVEN + FEMALE_GIVEN + _TONED_CAPITALS)

names = st.builds(
    lambda family, middle, given: " ".join(p for p in (family, middle, given) if p),
    st.sampled_from(_FAMILY),
    st.sampled_from([*_MIDDLE, ""]),
    st.sampled_from(_GIVEN),
)
casings = st.sampled_from([str, str.upper])


def test_the_examples_of_the_issue() -> None:
    assert encode("Nguyễn Văn Đức", Legacy.TCVN3) == "NguyÔn V¨n §øc"
    assert encode("Nguyễn Văn Đức", Legacy.VNI) == "Nguyeãn Vaên Ñöùc"
    assert decode("NguyÔn V¨n §øc", Legacy.TCVN3) == "Nguyễn Văn Đức"
    assert decode("Nguyeãn Vaên Ñöùc", Legacy.VNI) == "Nguyễn Văn Đức"
    assert decode("Nguye^~n Va(n D-u+'c", Legacy.VIQR) == "Nguyễn Văn Đức"
    assert decode("Nguye^~n Va(n DDu+'c", Legacy.VIQR) == "Nguyễn Văn Đức"


def test_every_letter_round_trips() -> None:
    letters = "aăâeêioôơuưyđ"
    tones = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    for base in letters:
        for tone in tones if base != "đ" else ("",):
            lower = unicodedata.normalize("NFC", base + tone)
            for letter in (lower, lower.upper()):
                for encoding in (Legacy.VNI, Legacy.VIQR):
                    assert decode(encode(letter, encoding), encoding) == letter, (letter, encoding)
                # TCVN3 has one code for both cases of a toned letter: a cell's first is a capital.
                assert decode(encode(letter, Legacy.TCVN3), Legacy.TCVN3).lower() == lower
                if letter == lower:
                    assert decode("x " + encode(letter, Legacy.TCVN3), Legacy.TCVN3) == "x " + lower


def test_tcvn3_letters_that_trip_tables_up() -> None:
    # ư is the soft hyphen; ẳ/ẵ and VNI's ỵ are the ones a hand-typed table gets wrong.
    assert encode("Hương", Legacy.TCVN3) == "H\u00ad\u00acng"
    assert decode("n\u00bc", Legacy.TCVN3) == "nẳ" and decode("n\u00bd", Legacy.TCVN3) == "nẵ"
    assert decode("Quî", Legacy.VNI) == "Quỵ" and decode("saün", Legacy.VNI) == "sẵn"
    assert decode("aú", Legacy.VNI) == "ẳ"


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "đức", "Hương", "Trường", "quỳnh", "gì", "giữ", "khuya", "Yến", "Ỷ", "ông", "oong", "thuở"],
)
def test_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["NguyÔn", "V¨n", "Smith", "Ksor", "tớc", "Trờng", "hng", "ăn" + "x"])
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


@settings(max_examples=300, deadline=None)
@given(names, casings)
def test_unicode_names_are_never_converted(name: str, case: object) -> None:
    text = case(name)  # type: ignore[operator]
    for encoding in Legacy:
        assert judge(text, encoding).verdict is not Verdict.CONVERT, (text, encoding)
    assert not any(j.verdict is Verdict.CONVERT for j in judgements(unicodedata.normalize("NFD", text)))


@settings(max_examples=300, deadline=None)
@given(names, casings, st.sampled_from(list(Legacy)))
def test_encode_detect_decode_returns_the_name(name: str, case: object, encoding: Legacy) -> None:
    text = case(name)  # type: ignore[operator]
    typed = encode(text, encoding)
    if typed == text:
        return  # a name of plain letters: nothing to detect, nothing changes
    judged = judge(typed, encoding)
    # BOTH: every word is Vietnamese as written too ("Vò Quang An" is TCVN3 for "Vũ Quang An"):
    # the column decides those (tests/importer/test_legacy.py).
    assert judged.verdict in (Verdict.CONVERT, Verdict.BOTH), (typed, judged)
    if judged.decoded != text:
        # TCVN3 toned vowels carry no case: "VŨ TÚ" and "Vũ Tú" are both typed "Vò Tó", and when
        # no capital stands past a word's start the decoder reads a name, not a cell in capitals.
        assert encoding is Legacy.TCVN3, (typed, judged.decoded)
        assert encode(judged.decoded, encoding) == typed, (typed, judged.decoded)
        assert judged.decoded.casefold() == text.casefold(), (typed, judged.decoded)
    # Another encoding may read some cells as Vietnamese too ("Leâ": VNI's Lê, TCVN3's "Leõ"):
    # the sheet decides those (tests/importer/test_legacy.py).


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40))
def test_plain_ascii_is_never_converted_from_tcvn3_or_vni(text: str) -> None:
    assert judge(text, Legacy.TCVN3).verdict is Verdict.NONE
    assert judge(text, Legacy.VNI).verdict is Verdict.NONE


@pytest.mark.parametrize(
    "text",
    [
        "Nguyen Van A.",
        "I'm fine",
        "O'Brien",
        "Is it ok?",
        "John Smith",
        "Phòng Nội vụ",
        "HĐND",
        "José Müller",
    ],
)
def test_english_ascii_and_unicode_stay(text: str) -> None:
    assert not any(j.verdict is Verdict.CONVERT for j in judgements(text))


def test_positions_and_headers_convert() -> None:
    for position in POSITIONS_STAFF:
        for encoding in (Legacy.TCVN3, Legacy.VNI):
            typed = encode(position, encoding)
            if typed != position:
                assert judge(typed, encoding).decoded == position


def test_undecidable_cells_say_so() -> None:
    # "Lý Tó" is Vietnamese as written, and in TCVN3 it reads "Lý Tú": only the column can tell.
    assert judge("Lý Tó", Legacy.TCVN3).verdict is Verdict.BOTH
    assert judge("Y Moan \u00a3nu\u00abl", Legacy.TCVN3).verdict is Verdict.NEITHER


def test_lost_u_is_put_back_only_where_one_place_fits() -> None:
    assert restore_lost_u("Nguyễn Văn Hng") == "Nguyễn Văn Hưng"
    assert restore_lost_u("Trờng Thị Lan") == "Trường Thị Lan"
    assert restore_lost_u("Nguyễn Văn Đức") is None
    assert reads_as_vietnamese("Nguyễn Văn Hưng")
