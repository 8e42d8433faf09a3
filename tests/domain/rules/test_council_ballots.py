"""The ballots an agenda item can have: members present less the recused, plus written opinions where
the vote rule counts them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from emudesk.domain.errors import ValidationError
from emudesk.domain.rules import Jurisdiction, Rule, RuleKind, RuleSetInfo
from emudesk.domain.rules.council import Voter, cap_ballots, check_tally
from emudesk.domain.rules.facts import VoteFacts
from emudesk.domain.rules.kinds import VoteThreshold

VOTERS = (
    Voter(1, "Trần Văn Hải", True, False),
    Voter(2, "Phạm Văn Hùng", True, False),
    Voter(3, "Lê Thị Chi", False, True),  # away, writes in
    Voter(4, "Đỗ Văn Khoa", False, False),  # away, silent
    Voter(5, "Vũ Thị Lan", True, False),
)


def _rule(written_counts: bool) -> Rule:
    info = RuleSetInfo(1, "T", "Quy chế", "Quy chế T", Jurisdiction.PROVINCE, "", date(2025, 1, 1), None)
    return Rule(
        id=1,
        code="VOTE.80",
        kind=RuleKind.VOTE_THRESHOLD,
        params=VoteThreshold(Decimal(80), written_counts=written_counts),
        rule_set=info,
        article="Điều 9",
    )


@pytest.mark.parametrize(
    ("recused", "written_counts", "expected"),
    [
        (set(), True, (3, 1, (), 0, 4)),
        ({2}, True, (3, 1, ("Phạm Văn Hùng",), 0, 3)),  # in the room
        ({3}, True, (3, 1, ("Lê Thị Chi",), 0, 3)),  # writing in: her opinion is no ballot on this item
        ({4}, True, (3, 1, (), 0, 4)),  # away and silent: casts nothing anyway
        ({3}, False, (3, 0, (), 1, 3)),  # the rule counts no written opinion at all
        ({2, 3}, False, (3, 0, ("Phạm Văn Hùng",), 1, 2)),
    ],
)
def test_cap(recused: set[int], written_counts: bool, expected: tuple[object, ...]) -> None:
    cap = cap_ballots(VOTERS, recused, _rule(written_counts))
    assert (cap.present, cap.written, cap.recused, cap.written_ignored, cap.limit) == expected


def test_without_a_vote_rule_written_opinions_count() -> None:
    assert cap_ballots(VOTERS, {1}, None).limit == 3


def test_a_tally_over_the_cap_is_refused_with_the_arithmetic() -> None:
    cap = cap_ballots(VOTERS, {2}, _rule(True))
    check_tally(VoteFacts(2, 1, 0, 5), cap=cap, item="Mục 1")
    with pytest.raises(ValidationError) as refused:
        check_tally(VoteFacts(3, 1, 0, 5), cap=cap, item="Mục 1")
    assert refused.value.message == (
        "Mục 1: nhập 4 phiếu nhưng mục này chỉ có tối đa 3 phiếu: 3 thành viên có mặt, trừ 1 thành viên "
        "không tham gia biểu quyết, cộng 1 ý kiến bằng văn bản. Không tham gia biểu quyết: Phạm Văn Hùng."
    )
