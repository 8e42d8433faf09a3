"""Each typed rule kind against worked examples, on plain facts (no database).

Messages are checked in Vietnamese, as users read them (the test run sets vi).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from emudesk.domain.enums import (
    AwardLevel,
    AwardStatus,
    AwardType,
    DisciplineForm,
    DisciplineKind,
    Rating,
    SubjectKind,
)
from emudesk.domain.errors import ValidationError
from emudesk.domain.rules import (
    AwardFact,
    Case,
    DisciplineFact,
    InitiativeFact,
    Jurisdiction,
    MemberFact,
    Outcome,
    Rule,
    RuleKind,
    RuleSetInfo,
    SubjectFacts,
    Verdict,
    VoteFacts,
    dump_params,
    parse_params,
    resolve,
    votes_needed,
)
from emudesk.domain.rules.evaluate import Evaluator

LAW = RuleSetInfo(
    1,
    "LUAT_2022",
    "Luật Thi đua, khen thưởng",
    "Luật TĐKT 2022",
    Jurisdiction.NATIONAL,
    "",
    date(2024, 1, 1),
    None,
)
ND152 = RuleSetInfo(
    2, "ND_152_2025", "Nghị định 152", "NĐ 152/2025/NĐ-CP", Jurisdiction.NATIONAL, "", date(2025, 7, 1), None
)
ND98 = RuleSetInfo(
    3,
    "ND_98_2023",
    "Nghị định 98",
    "NĐ 98/2023/NĐ-CP",
    Jurisdiction.NATIONAL,
    "",
    date(2024, 1, 1),
    date(2025, 6, 30),
)
NAMES = {
    "CSTDCS": "Chiến sĩ thi đua cơ sở",
    "LDTT": "Lao động tiên tiến",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "CSTD_TQ": "Chiến sĩ thi đua toàn quốc",
}
_ids = iter(range(1, 10_000))


def judged(rules: list[Rule], facts: SubjectFacts, case: Case) -> Verdict:
    """The full verdict, checked against the fast outcome a run over the register uses."""
    evaluator = Evaluator(rules, case)
    verdict = evaluator.verdict(facts)
    assert evaluator.outcome(facts) is verdict.outcome
    return verdict


def rule(
    kind: RuleKind,
    params: dict[str, Any],
    *,
    rule_set: RuleSetInfo = LAW,
    article: str = "Điều 22",
    code: str | None = None,
    **kw: Any,
) -> Rule:
    rid = next(_ids)
    return Rule(
        id=rid,
        code=code or f"R{rid}",
        kind=kind,
        params=parse_params(kind, params),
        rule_set=rule_set,
        article=article,
        **kw,
    )


def person(*awards: AwardFact, ratings: dict[int, Rating] | None = None, **kw: Any) -> SubjectFacts:
    return SubjectFacts(
        SubjectKind.INDIVIDUAL, 1, "Nguyễn Văn An", awards=awards, ratings=ratings or {}, **kw
    )


def case(code: str = "CSTD_TINH", year: int = 2024, **kw: Any) -> Case:
    kw.setdefault("recorded_years", {c: frozenset(range(2016, 2026)) for c in NAMES})
    return Case(award_code=code, year=year, on=date(year, 12, 5), names=NAMES, **kw)


def award(year: int, code: str = "CSTDCS", **kw: Any) -> AwardFact:
    return AwardFact(year, code, decision=kw.pop("decision", f"{year % 100}/QĐ-UBND"), **kw)


STREAK = {"awards": ["CSTDCS"], "years": 3}
BASIS = rule(RuleKind.HISTORY_BASIS, {"count_types": ["merit"]}, rule_set=ND152, article="Điều 4 khoản 3")


# --- history streak -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("awards", "passed", "text"),
    [
        (
            (award(2022), award(2023), award(2024)),
            True,
            "Đạt 03 năm liên tục Chiến sĩ thi đua cơ sở: 2022, 2023, 2024",
        ),
        # The worked example: a gap breaks the streak.
        (
            (award(2023), award(2024)),
            False,
            "Chưa đủ 03 năm liên tục đạt Chiến sĩ thi đua cơ sở: có 2023, 2024; thiếu 2022",
        ),
        (
            (award(2021), award(2022), award(2024)),
            False,
            "Chưa đủ 03 năm liên tục đạt Chiến sĩ thi đua cơ sở: có 2022, 2024; thiếu 2023",
        ),
        (
            (award(2022), award(2023), award(2024, status=AwardStatus.REVOKED)),
            False,
            "Chưa đủ 03 năm liên tục đạt Chiến sĩ thi đua cơ sở: có 2022, 2023; thiếu 2024",
        ),
        (
            (),
            False,
            "Chưa đủ 03 năm liên tục đạt Chiến sĩ thi đua cơ sở: không có năm nào trong 2022, 2023, 2024",
        ),
    ],
)
def test_history_streak(awards: tuple[AwardFact, ...], passed: bool, text: str) -> None:
    r = rule(RuleKind.HISTORY_STREAK, STREAK)
    verdict = judged([r], person(*awards), case())
    first = verdict.reasons[0]
    assert (first.passed, first.text, first.citation) == (passed, text, "Luật TĐKT 2022, Điều 22")
    assert verdict.outcome is (Outcome.ELIGIBLE if passed else Outcome.NOT_ELIGIBLE)


def test_ad_hoc_award_does_not_count_and_says_why() -> None:
    streak = rule(RuleKind.HISTORY_STREAK, STREAK)
    facts = person(award(2022), award(2023, award_type=AwardType.AD_HOC), award(2024))
    verdict = judged([streak, BASIS], facts, case())
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert "có 2022, 2024; thiếu 2023" in verdict.reasons[0].text
    note = verdict.reasons[1]
    assert note.informational and "2023" in note.text and "Đột xuất" in note.text
    assert note.citation == "NĐ 152/2025/NĐ-CP, Điều 4 khoản 3"
    assert verdict.rule_set == "Luật TĐKT 2022; NĐ 152/2025/NĐ-CP"
    # Without a history_basis rule in force (before NĐ 152), the same award counts.
    assert judged([streak], facts, case()).outcome is Outcome.ELIGIBLE


def test_thematic_award_does_not_count_either() -> None:
    facts = person(award(2022), award(2023, award_type=AwardType.CAMPAIGN), award(2024))
    assert (
        judged([rule(RuleKind.HISTORY_STREAK, STREAK), BASIS], facts, case()).outcome is Outcome.NOT_ELIGIBLE
    )


def test_current_year_not_decided_yet_needs_judgement() -> None:
    r = rule(RuleKind.HISTORY_STREAK, STREAK)
    facts = person(award(2022), award(2023))
    undecided = case(recorded_years={"CSTDCS": frozenset({2022, 2023})})
    verdict = judged([r], facts, undecided)
    assert verdict.outcome is Outcome.NEEDS_JUDGEMENT
    assert verdict.reasons[0].text == "Chiến sĩ thi đua cơ sở các năm 2022, 2023; năm 2024 chưa có quyết định"
    # A pending nomination for that year says so, even once others' results are recorded.
    pending = person(award(2022), award(2023), AwardFact(2024, "CSTDCS", pending=True, nomination_id=9))
    assert "đang có đề nghị" in judged([r], pending, case()).reasons[0].text
    # Once the year's results are in for others, the missing year is a real gap.
    assert judged([r], facts, case()).outcome is Outcome.NOT_ELIGIBLE


def test_years_under_discipline_do_not_count() -> None:
    r = rule(RuleKind.HISTORY_STREAK, STREAK)
    warned = DisciplineFact(
        DisciplineKind.DISCIPLINE, DisciplineForm.REPRIMAND, date(2023, 3, 1), date(2023, 9, 1)
    )
    verdict = judged([r], person(award(2022), award(2023), award(2024), discipline=(warned,)), case())
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert "thiếu 2023" in verdict.reasons[0].text
    assert any(x.informational and "kỷ luật" in x.text for x in verdict.reasons)


def test_streak_ending_the_year_before() -> None:
    r = rule(RuleKind.HISTORY_STREAK, {"awards": ["CSTDCS"], "years": 2, "ending": "previous_year"})
    assert judged([r], person(award(2022), award(2023)), case()).outcome is Outcome.ELIGIBLE


# --- prerequisite ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "gap", "outcome"),
    [
        ((2019, 2022), 3, Outcome.ELIGIBLE),
        ((2017, 2022), 3, Outcome.NOT_ELIGIBLE),  # not consecutive: 5 years apart
        ((2017, 2022), None, Outcome.ELIGIBLE),
        ((2022,), 3, Outcome.NOT_ELIGIBLE),
    ],
)
def test_prerequisite(years: tuple[int, ...], gap: int | None, outcome: Outcome) -> None:
    params: dict[str, Any] = {"awards": ["CSTD_TINH"], "count": 2}
    if gap:
        params["max_gap_years"] = gap
    r = rule(RuleKind.PREREQUISITE, params, article="Điều 21")
    facts = person(*(award(y, "CSTD_TINH") for y in years))
    assert judged([r], facts, case("CSTD_TQ", 2024)).outcome is outcome


def test_prerequisite_ignores_ad_hoc_awards() -> None:
    r = rule(RuleKind.PREREQUISITE, {"awards": ["CSTD_TINH"], "count": 2}, article="Điều 21")
    facts = person(award(2019, "CSTD_TINH"), award(2022, "CSTD_TINH", award_type=AwardType.AD_HOC))
    verdict = judged([r, BASIS], facts, case("CSTD_TQ", 2024))
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert verdict.reasons[0].text == "Cần đạt Chiến sĩ thi đua cấp tỉnh 02 lần; mới có 2019"


# --- rating ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "params", "passed"),
    [
        ({2024: Rating.GOOD}, {"min_rating": "httnv"}, True),
        ({2024: Rating.EXCELLENT}, {"min_rating": "httnv"}, True),
        ({2024: Rating.COMPLETED}, {"min_rating": "httnv"}, False),
        ({}, {"min_rating": "httnv"}, None),
        ({2023: Rating.EXCELLENT, 2024: Rating.EXCELLENT}, {"min_rating": "htxsnv", "years": 2}, True),
        ({2023: Rating.GOOD, 2024: Rating.EXCELLENT}, {"min_rating": "htxsnv", "years": 2}, False),
        (
            {2023: Rating.EXCELLENT, 2024: Rating.EXCELLENT},
            {"min_rating": "htxsnv", "years": 2, "with_initiatives": 2},
            False,
        ),
    ],
)
def test_rating(ratings: dict[int, Rating], params: dict[str, Any], passed: bool | None) -> None:
    r = rule(RuleKind.RATING, params, article="Điều 24")
    assert judged([r], person(ratings=ratings), case("LDTT")).reasons[0].passed is passed


def test_rating_messages_name_the_year_and_the_rating() -> None:
    r = rule(RuleKind.RATING, {"min_rating": "httnv"}, article="Điều 24")
    text = judged([r], person(ratings={2024: Rating.COMPLETED}), case("LDTT")).reasons[0].text
    assert text == "Năm 2024 xếp loại “Hoàn thành nhiệm vụ”; cần từ “Hoàn thành tốt nhiệm vụ” trở lên"


def test_rating_with_initiatives() -> None:
    r = rule(RuleKind.RATING, {"min_rating": "htxsnv", "years": 2, "with_initiatives": 2})
    ratings = {2023: Rating.EXCELLENT, 2024: Rating.EXCELLENT}
    two = (
        InitiativeFact(1, "Số hóa hồ sơ", 2023, AwardLevel.GRASSROOTS),
        InitiativeFact(2, "Bản đồ số", 2024, AwardLevel.GRASSROOTS),
    )
    assert judged([r], person(ratings=ratings, initiatives=two), case("BK_TINH")).outcome is Outcome.ELIGIBLE
    used = (two[0], replace(two[1], used_by=(12,)))
    assert (
        judged([r], person(ratings=ratings, initiatives=used), case("BK_TINH")).outcome
        is Outcome.NOT_ELIGIBLE
    )


# --- initiative -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("initiative", "passed"),
    [
        (InitiativeFact(1, "Số hóa", 2024, AwardLevel.PROVINCE), True),
        (InitiativeFact(1, "Số hóa", 2024, AwardLevel.STATE), True),
        (InitiativeFact(1, "Số hóa", 2024, AwardLevel.GRASSROOTS), False),  # scope too narrow
        (InitiativeFact(1, "Số hóa", 2020, AwardLevel.PROVINCE), False),  # outside the 3 years
        (InitiativeFact(1, "Số hóa", 2024, AwardLevel.PROVINCE, recognized=False), False),
        (
            InitiativeFact(1, "Số hóa", 2024, AwardLevel.PROVINCE, used_by=(7,)),
            False,
        ),  # one initiative, one award
    ],
)
def test_initiative(initiative: InitiativeFact, passed: bool) -> None:
    r = rule(RuleKind.INITIATIVE, {"min_scope": "province", "years": 3})
    reason = judged([r], person(initiatives=(initiative,)), case()).reasons[0]
    assert reason.passed is passed
    if initiative.used_by:
        assert "đề nghị #7" in reason.text


# --- composition of a collective ------------------------------------------------------------------


def unit(*members: MemberFact) -> SubjectFacts:
    return SubjectFacts(SubjectKind.UNIT, 5, "Phòng Kế hoạch", members=members)


def members(n_ldtt: int, n_other: int, **kw: Any) -> list[MemberFact]:
    out = [MemberFact(i, f"Người {i}", awards=(award(2024, "LDTT"),), **kw) for i in range(n_ldtt)]
    out += [MemberFact(100 + i, f"Người {100 + i}", **kw) for i in range(n_other)]
    return out


@pytest.mark.parametrize(
    ("params", "n_ldtt", "n_other", "passed"),
    [
        ({"awards": ["LDTT"], "min_percent": 70}, 7, 3, True),  # exactly 70 %
        ({"awards": ["LDTT"], "min_percent": 70}, 6, 4, False),
        ({"awards": ["LDTT"], "min_percent": 50, "strict": True}, 5, 5, False),  # old law: more than 50 %
        ({"awards": ["LDTT"], "min_percent": 50, "strict": True}, 6, 5, True),
        ({"awards": ["CSTDCS"], "min_count": 1}, 7, 3, False),
    ],
)
def test_composition(params: dict[str, Any], n_ldtt: int, n_other: int, passed: bool) -> None:
    r = rule(RuleKind.COMPOSITION, params, article="Điều 28")
    reason = judged([r], unit(*members(n_ldtt, n_other)), case("TTLDTT")).reasons[0]
    assert reason.passed is passed


def test_composition_message() -> None:
    r = rule(RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": 70}, article="Điều 28")
    text = judged([r], unit(*members(6, 4)), case("TTLDTT")).reasons[0].text
    assert text == "6/10 thành viên (60%) đạt Lao động tiên tiến năm 2024; cần từ 70%"


def test_composition_by_rating_and_pending_members() -> None:
    r = rule(RuleKind.COMPOSITION, {"min_rating": "htnv", "min_percent": 100}, article="Điều 27")
    rated = [MemberFact(i, "X", rating=Rating.GOOD) for i in range(4)]
    assert judged([r], unit(*rated), case("TTLDXS")).reasons[0].passed is True
    one_failed = [*rated, MemberFact(9, "Y", rating=Rating.NOT_COMPLETED)]
    assert judged([r], unit(*one_failed), case("TTLDXS")).reasons[0].passed is False
    one_unrated = [*rated, MemberFact(9, "Y")]
    assert judged([r], unit(*one_unrated), case("TTLDXS")).reasons[0].passed is None
    pending_ldtt = rule(RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": 70})
    waiting = [
        *members(6, 0),
        *(MemberFact(50 + i, "Z", awards=(AwardFact(2024, "LDTT", pending=True),)) for i in range(3)),
    ]
    assert judged([pending_ldtt], unit(*waiting), case("TTLDTT")).reasons[0].passed is None


def test_collective_without_members_needs_judgement() -> None:
    r = rule(RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": 70})
    assert judged([r], unit(), case("TTLDTT")).outcome is Outcome.NEEDS_JUDGEMENT


# --- discipline -----------------------------------------------------------------------------------

WARNING_2024 = DisciplineFact(
    DisciplineKind.DISCIPLINE, DisciplineForm.WARNING, date(2024, 6, 1), date(2025, 6, 1)
)
REPRIMAND_2024 = replace(WARNING_2024, form=DisciplineForm.REPRIMAND)


def test_disciplined_member_blocks_a_collective() -> None:
    r = rule(
        RuleKind.DISCIPLINE_BLOCK,
        {"scope": "members", "min_form": "warning", "pending_kinds": []},
        article="Điều 28",
    )
    crew = members(9, 0)
    crew[0] = replace(crew[0], discipline=(WARNING_2024,))
    verdict = judged([r], unit(*crew), case("TTLDTT"))
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert (
        verdict.reasons[0].text
        == "Có thành viên bị kỷ luật từ hình thức “cảnh cáo” trở lên năm 2024: Người 0 (cảnh cáo)"
    )
    crew[0] = replace(crew[0], discipline=(REPRIMAND_2024,))  # a reprimand is below the threshold
    assert judged([r], unit(*crew), case("TTLDTT")).outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize(
    ("record", "year", "passed"),
    [
        (DisciplineFact(DisciplineKind.INVESTIGATION, None, date(2024, 10, 1)), 2024, False),
        (
            DisciplineFact(DisciplineKind.COMPLAINT, None, date(2024, 1, 1), date(2024, 3, 1)),
            2024,
            True,
        ),  # closed
        (REPRIMAND_2024, 2024, False),
        (REPRIMAND_2024, 2025, False),  # the period runs into 2025: counts only from 01/06/2025
        (REPRIMAND_2024, 2026, True),
    ],
)
def test_discipline_block_for_a_person(record: DisciplineFact, year: int, passed: bool) -> None:
    r = rule(RuleKind.DISCIPLINE_BLOCK, {}, rule_set=ND152, article="Điều 4 khoản 4")
    verdict = judged([r], person(discipline=(record,)), case("LDTT", year))
    assert verdict.reasons[0].passed is passed
    assert verdict.reasons[0].citation == "NĐ 152/2025/NĐ-CP, Điều 4 khoản 4"


# --- vote threshold and council arithmetic --------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "size", "needed"),
    [(80, 19, 16), (90, 19, 18), (80, 10, 8), (90, 13, 12), (80, 15, 12), ("66.67", 9, 7)],
)
def test_votes_needed_is_exact(percent: object, size: int, needed: int) -> None:
    assert votes_needed(percent, size) == needed


@pytest.mark.parametrize(("votes_for", "passed"), [(16, True), (15, False)])
def test_vote_threshold_counts_all_members_not_those_present(votes_for: int, passed: bool) -> None:
    r = rule(RuleKind.VOTE_THRESHOLD, {"min_percent": 80}, rule_set=ND98, article="Điều 30 khoản 7")
    votes = VoteFacts(votes_for, 0, 0, 19)  # say 16 attended: 15/16 is 94 %, but 15/19 is 78.9 %
    reason = judged([r], person(), case("CSTDCS", votes=votes)).reasons[0]
    assert reason.passed is passed
    assert f"{votes_for}/19" in reason.text and "cần 80%" in reason.text


def test_vote_still_to_come_is_a_reminder_not_a_doubt() -> None:
    r = rule(RuleKind.VOTE_THRESHOLD, {"min_percent": 80}, rule_set=ND98)
    verdict = judged([r], person(), case("CSTDCS"))
    assert verdict.reasons[0].informational and verdict.outcome is Outcome.ELIGIBLE


# --- quota, single ground, manual, alternatives ---------------------------------------------------


@pytest.mark.parametrize(("cstdcs", "passed"), [(2, True), (3, None)])
def test_ratio_quota(cstdcs: int, passed: bool | None) -> None:
    r = rule(RuleKind.QUOTA, {"percent": 15, "base": ["LDTT"]})
    facts = person(unit_name="Phòng Kế hoạch", unit_counts={"LDTT": 20, "CSTDCS": cstdcs})
    reason = judged([r], facts, case("CSTDCS")).reasons[0]
    assert reason.passed is passed  # 15 % of 20 = 3 places


def test_one_achievement_and_one_initiative_ground_one_award() -> None:
    r = rule(RuleKind.SINGLE_GROUND, {}, article="Điều 5")
    reused = case(
        "CSTDCS",
        nomination_id=3,
        achievement_used_by=(2,),
        initiative=InitiativeFact(4, "Số hóa", 2024, AwardLevel.GRASSROOTS, used_by=(2,)),
    )
    verdict = judged([r], person(), reused)
    assert [x.passed for x in verdict.reasons] == [False, False]
    assert "CV 5007/BNV-TĐKT" in verdict.reasons[1].text
    yearly = case("LDTT", yearly=True)
    assert judged([r], person(award(2024, "LDTT")), yearly).outcome is Outcome.NOT_ELIGIBLE
    assert judged([r], person(award(2023, "LDTT")), yearly).outcome is Outcome.ELIGIBLE


def test_manual_criteria() -> None:
    open_one = rule(RuleKind.MANUAL, {"text": "Dẫn đầu cụm thi đua", "decisive": True}, confirmed=False)
    verdict = judged([open_one], unit(), case("CO_TINH"))
    assert verdict.outcome is Outcome.NEEDS_JUDGEMENT
    assert verdict.reasons[0].citation == "Luật TĐKT 2022, Điều 22 (chưa xác minh)"
    reminder = rule(RuleKind.MANUAL, {"text": "Đoàn kết"})
    assert judged([reminder], person(), case("LDTT")).outcome is Outcome.ELIGIBLE


def test_alternatives_any_of() -> None:
    excellent = rule(RuleKind.RATING, {"min_rating": "htxsnv"}, any_of="CSTDCS", article="Điều 23")
    initiative = rule(RuleKind.INITIATIVE, {"min_scope": "grassroots"}, any_of="CSTDCS", article="Điều 23")
    good = person(ratings={2024: Rating.GOOD})
    verdict = judged([excellent, initiative], good, case("CSTDCS"))
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert verdict.reasons[0].text == "Không đạt điều kiện nào dưới đây"
    assert all(r.informational for r in verdict.reasons[1:])
    with_initiative = replace(good, initiatives=(InitiativeFact(1, "Số hóa", 2024, AwardLevel.GRASSROOTS),))
    verdict = judged([excellent, initiative], with_initiative, case("CSTDCS"))
    assert verdict.outcome is Outcome.ELIGIBLE and verdict.reasons[0].passed is True


def test_no_rule_in_force_needs_a_person() -> None:
    verdict = judged([], person(), case("GK"))
    assert verdict.outcome is Outcome.NEEDS_JUDGEMENT and verdict.rule_set == ""


# --- dated rule sets -------------------------------------------------------------------------------


def test_rules_in_force_on_the_day_the_file_was_received() -> None:
    old = rule(
        RuleKind.VOTE_THRESHOLD,
        {"min_percent": 80},
        rule_set=ND98,
        code="VOTE.80",
        award_codes=frozenset({"CSTDCS"}),
    )
    new = rule(
        RuleKind.VOTE_THRESHOLD,
        {"min_percent": 75},
        rule_set=ND152,
        code="VOTE.80",
        award_codes=frozenset({"CSTDCS"}),
    )
    assert resolve([old, new], date(2025, 6, 30), "CSTDCS") == [old]
    assert resolve([old, new], date(2025, 7, 1), "CSTDCS") == [new]
    assert resolve([old, new], date(2023, 12, 31), "CSTDCS") == []
    assert resolve([old, new], date(2025, 7, 1), "LDTT") == []


def test_a_province_rule_replaces_the_national_one_with_the_same_code() -> None:
    province = RuleSetInfo(
        9, "HY", "Quy chế", "Quy chế TĐKT Hưng Yên", Jurisdiction.PROVINCE, "Hưng Yên", date(2025, 1, 1), None
    )
    national = rule(RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": 70}, code="TTLDTT.share")
    local = rule(
        RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": 80}, code="TTLDTT.share", rule_set=province
    )
    assert resolve([national, local], date(2025, 3, 1)) == [local]
    inactive = replace(local, rule_set=replace(province, active=False))
    assert resolve([national, inactive], date(2025, 3, 1)) == [national]


# --- parameters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        (RuleKind.HISTORY_STREAK, {"years": 3}, "awards"),
        (RuleKind.HISTORY_STREAK, {"awards": ["CSTDCS"], "years": 3, "gap": 1}, "gap"),
        (RuleKind.RATING, {"min_rating": "excellent"}, "htxsnv"),
        (RuleKind.VOTE_THRESHOLD, {"min_percent": 120}, "100"),
        (RuleKind.VOTE_THRESHOLD, {"min_percent": "tám mươi"}, "min_percent"),
        (RuleKind.COMPOSITION, {"awards": ["LDTT"]}, "tỷ lệ tối thiểu"),
        (RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_rating": "htnv", "min_count": 1}, "không"),
        (RuleKind.MANUAL, {"text": "  "}, "text"),
    ],
)
def test_bad_parameters_are_refused(kind: RuleKind, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_params(kind, params)


def test_parameters_round_trip() -> None:
    for kind, params in [
        (RuleKind.VOTE_THRESHOLD, {"min_percent": 66.67}),
        (RuleKind.DISCIPLINE_BLOCK, {"scope": "members", "pending_kinds": [], "min_form": "warning"}),
        (RuleKind.CASH_REWARD, {"round_up_to": 10000, "household_factor": 1.5}),
    ]:
        parsed = parse_params(kind, params)
        assert parse_params(kind, dump_params(parsed)) == parsed
    assert parse_params(RuleKind.VOTE_THRESHOLD, {"min_percent": 66.67}).min_percent == Decimal("66.67")  # type: ignore[union-attr]
