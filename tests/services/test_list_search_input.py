"""The decision and audit-log searches take any text a search box holds: ``%`` and ``_`` are literal,
diacritics and case are ignored as in every other list, and a huge or broken string is a search, not
a crash. Runs on SQLite and PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from emudesk.db.models import Decision
from emudesk.db.search import sqlite_fold
from emudesk.domain.text import fold
from emudesk.services.core.audit_log import AuditFilter, audit_ids, audit_rows
from emudesk.services.core.store import Store
from emudesk.services.decisions.lists import DecisionFilter, decision_ids, decision_rows
from emudesk.services.register.lists import AwardFilter, IndividualFilter, award_ids, individual_ids
from tests.factories import unit

DECISIONS = [
    ("15/QĐ-UBND", "Ủy ban nhân dân tỉnh", "Tặng Bằng khen cho 100% đơn vị"),
    ("16/QĐ-UBND", "UBND tỉnh", "Công nhận danh hiệu Chiến sĩ thi đua cơ sở"),
    ("17_QD", "Sở Nội vụ", "Khen thưởng đột xuất"),
]


@pytest.fixture
def filled(store: Store) -> Store:
    with store.write() as s:
        for number, issuer, summary in DECISIONS:
            s.add(Decision(number=number, signed_on=date(2026, 1, 20), issuer=issuer, summary=summary))
        unit(s, "Ủy ban nhân dân xã Tân Phú")
        unit(s, "Trường Tiểu học Đông Hòa")
    return store


def _decisions(store: Store, text: str) -> list[str]:
    with store.read() as s:
        ids = decision_ids(s, DecisionFilter(search=text))
        return sorted(r.number for r in decision_rows(s, ids).values())


def _audit(store: Store, text: str) -> list[str]:
    with store.read() as s:
        ids = audit_ids(s, AuditFilter(table_name="units", search=text))
        return sorted(r.summary for r in audit_rows(s, ids).values())


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("%", ["15/QĐ-UBND"]),  # a literal percent sign, not "anything"
        ("_", ["17_QD"]),
        ("100%", ["15/QĐ-UBND"]),
        ("Ủy ban", ["15/QĐ-UBND"]),  # non-ASCII capitals fold on SQLite too
        ("uy ban", ["15/QĐ-UBND"]),
        ("ỦY BAN", ["15/QĐ-UBND"]),
        ("qđ-ubnd", ["15/QĐ-UBND", "16/QĐ-UBND"]),
        ("chien si", ["16/QĐ-UBND"]),
        ("đột xuất", ["17_QD"]),
        ("Nội Vụ", ["17_QD"]),
    ],
)
def test_decision_search_is_literal_and_ignores_diacritics(
    filled: Store, typed: str, found: list[str]
) -> None:
    assert _decisions(filled, typed) == found


def test_audit_log_search_is_literal_and_ignores_diacritics(filled: Store) -> None:
    both = _audit(filled, "")
    assert len(both) == 2
    assert _audit(filled, "%") == []
    assert _audit(filled, "_") == []
    tan_phu = [s for s in both if "Tân Phú" in s]
    assert len(tan_phu) == 1
    assert _audit(filled, "Ủy ban") == tan_phu
    assert _audit(filled, "uy BAN nhan dan") == tan_phu
    assert _audit(filled, "ĐÔNG HÒA") == [s for s in both if "Đông Hòa" in s]


@pytest.mark.parametrize(
    "typed",
    [
        "a" * 60_000,  # over SQLite's LIKE pattern limit (50,000 bytes)
        "nguyen " * 10_000,  # one test a word: over SQLite's expression depth
        "\ud800",  # a lone surrogate: no driver can encode it
        "Ủy\udfffban",
        "\x00%_\\",
    ],
)
def test_every_list_search_takes_any_text(filled: Store, typed: str) -> None:
    with filled.read() as s:
        decision_ids(s, DecisionFilter(search=typed))
        audit_ids(s, AuditFilter(search=typed))
        individual_ids(s, IndividualFilter(search=typed))
        award_ids(s, AwardFilter(search=typed))


def test_a_broken_search_still_finds_what_it_can(filled: Store) -> None:
    assert _decisions(filled, "Nội\ud800 Vụ") == ["17_QD"]
    # The first 200 characters are searched: what they find is found, however much follows.
    assert _decisions(filled, "đột xuất" + " " * 195 + "zzz") == ["17_QD"]


def test_the_sql_fold_folds_every_vietnamese_letter_as_the_search_does() -> None:
    letters = [
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    ] + ["đ", "Đ"]
    assert len(letters) == 24 * 6 + 2
    for letter in letters:
        assert len(letter) == 1 and sqlite_fold(letter) == fold(letter), letter
