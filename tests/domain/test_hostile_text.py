"""The one check every name passes before it is stored, and the escaping of what is printed."""

from __future__ import annotations

import pytest

from emudesk.domain.text import LINE_MAX, NAME_MAX, escape_controls, nfc, text_problem


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Nguyễn\x00Văn Đức", ("U+0000", "ký tự thứ 7")),
        ("Nguyễn Văn \x1b[2JĐức", ("U+001B", "ký tự điều khiển")),
        ("Lê\x08\x08Văn", ("U+0008",)),
        ("Trần\u200bHoa", ("U+200B",)),  # zero-width space: invisible, so two "equal" names differ
        ("\x85Hoa", ("U+0085",)),
        ("Phòng \u202eNội vụ", ("U+202E", "đảo chiều")),
        ("Phòng \u2067Nội vụ\u2069", ("U+2067", "đảo chiều")),
        ("x" * (LINE_MAX + 1), ("2.001", "2.000")),
    ],
)
def test_hostile_text_is_refused_with_the_reason(text: str, words: tuple[str, ...]) -> None:
    problem = text_problem(text)
    assert problem is not None
    for word in words:
        assert word in problem


def test_ordinary_text_passes() -> None:
    assert text_problem("Nguyễn Thị Minh Khai") is None
    assert text_problem("Phòng Tài chính –\tKế hoạch\r\nThôn Đông") is None  # Alt+Enter, tabs
    assert text_problem("Hoa\u00a0Lan (chị) 'Út' – đ/c") is None
    assert text_problem("x" * NAME_MAX, max_length=NAME_MAX) is None
    assert text_problem("x" * (NAME_MAX + 1), max_length=NAME_MAX) is not None


def test_escape_controls_leaves_text_and_line_breaks() -> None:
    # \u beyond C0: inside printed JSON (which escapes C0 itself) the result is still valid JSON.
    assert escape_controls("a\x1b[2Jb\u202ec\x00\r\x7f\x85") == "a\\x1b[2Jb\\u202ec\\x00\\x0d\\u007f\\u0085"
    assert escape_controls("Nguyễn Văn Đức\nTrần\tHoa") == "Nguyễn Văn Đức\nTrần\tHoa"


def test_a_bom_and_soft_hyphens_from_pasted_text_are_dropped_not_refused() -> None:
    pasted = "\ufeffNguyễn Văn Đ\u00adức"
    assert text_problem(pasted) is None
    assert nfc(pasted) == "Nguyễn Văn Đức"
