"""Award forms of a named authority count as their legal kind; a quota over one is enforced; a
quota's priority note reaches the nominations it concerns. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from datetime import date

import pytest

from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.enums import QuotaKind, SubjectKind
from emudesk.domain.errors import QuotaExceededError
from emudesk.domain.rules import Verdict
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns import quotas
from emudesk.services.campaigns.definition import AwardFormDef, OfferedFormDef, QuotaDef
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from tests.cli.running import run, target_of
from tests.factories import nominate, snn_department
from tests.services.builders import give
from tests.services.campaigns.test_quotas import _status

IND = SubjectKind.INDIVIDUAL
BK_NN = "Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT"
SMALL = "Ưu tiên các tập thể nhỏ, cá nhân trực tiếp lao động"


def _with_ministry_form(store: Store, quota_forms: list[str]) -> object:
    with store.write() as s:
        d = snn_department(s)
        defn = campaigns.get_definition(s, d.campaign)
        defn.award_forms = [AwardFormDef("BK_BO_NN", BK_NN, "BK_BO", "Bộ trưởng Bộ Nông nghiệp và PTNT")]
        defn.offered_forms.append(OfferedFormDef("BK_BO_NN", False, True))
        defn.quotas = [
            QuotaDef("Bằng khen Bộ trưởng – cá nhân", quota_forms, subject_kind=IND, limit=1, priority=SMALL),
            QuotaDef("Ưu tiên", ["BK_TINH"], kind=QuotaKind.PRIORITY, note="Ưu tiên nữ"),
        ]
        campaigns.update_campaign(s, d.campaign, defn)
    return d


@pytest.mark.parametrize("quota_form", ["BK_BO_NN", "BK_BO"], ids=["the-form", "its-kind"])
def test_a_quota_over_an_authority_form_or_its_kind_is_enforced(store: Store, quota_form: str) -> None:
    d = _with_ministry_form(store, [quota_form])
    with store.write() as s:
        first = nominate(s, d.campaign, IND, d.staff[0], "BK_BO_NN", d.department)  # type: ignore[attr-defined]
        second = nominate(s, d.campaign, IND, d.staff[1], "BK_BO_NN", d.department)  # type: ignore[attr-defined]
        transition(s, [first], S.SUBMITTED)
    with pytest.raises(QuotaExceededError) as info, store.write() as s:
        transition(s, [second], S.SUBMITTED)
    assert (info.value.limit, info.value.count) == (1, 1)
    assert "Bằng khen Bộ trưởng – cá nhân" in str(info.value)
    assert _status(store, second) is S.DRAFT  # nothing written
    with store.read() as s:
        meter = {u.label: u for u in quotas.usage(s, d.campaign)}["Bằng khen Bộ trưởng – cá nhân"]  # type: ignore[attr-defined]
    assert (meter.used, meter.limit) == (1, 1)


def test_priority_notes_reach_the_nominations_they_concern(store: Store) -> None:
    d = _with_ministry_form(store, ["BK_BO_NN"])
    with store.write() as s:
        ministry = nominate(s, d.campaign, IND, d.staff[0], "BK_BO_NN", d.department)  # type: ignore[attr-defined]
        province = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)  # type: ignore[attr-defined]
    with store.read() as s:
        assert quotas.priority_notes(s, ministry) == [SMALL]
        assert quotas.priority_notes(s, province) == ["Ưu tiên nữ"]
        meters = {u.label: u for u in quotas.usage(s, d.campaign)}  # type: ignore[attr-defined]
    # The list's quota meters say the priority too.
    assert meters["Bằng khen Bộ trưởng – cá nhân"].priority == SMALL
    assert SMALL in meters["Bằng khen Bộ trưởng – cá nhân"].meter_text


def test_eligibility_judges_an_authority_form_by_its_kind(store: Store) -> None:
    from emudesk.services.eligibility.judge import evaluate_nomination

    with store.write() as s:
        d = snn_department(s)
        defn = campaigns.get_definition(s, d.campaign)
        defn.award_forms = [
            AwardFormDef("BK_TINH_TB", "Bằng khen của Chủ tịch UBND tỉnh Thái Bình", "BK_TINH")
        ]
        defn.offered_forms.append(OfferedFormDef("BK_TINH_TB", False, True))
        campaigns.update_campaign(s, d.campaign, defn)
        named = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH_TB", d.department)
    with store.read() as s:
        by_name = evaluate_nomination(s, named)
    with store.write() as s:
        transition(s, [named], S.WITHDRAWN)  # not standing: the next file is judged alone
        kind = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
    with store.read() as s:
        by_kind = evaluate_nomination(s, kind)
    assert by_kind.reasons  # the kind has rules
    assert [r.text for r in by_name.reasons] == [r.text for r in by_kind.reasons]
    assert by_name.outcome == by_kind.outcome


def _ministry_prerequisite(s: object) -> None:
    """A province rule: a Bằng khen of the province only for someone with a ministry's Bằng khen."""
    from emudesk.domain.rules import Jurisdiction, RuleKind
    from emudesk.services.rules import rulebook

    set_id = rulebook.create_rule_set(
        s,  # type: ignore[arg-type]
        rulebook.RuleSetInput(
            "TB_TEST", "Quy chế thử", "Quy chế thử", Jurisdiction.PROVINCE, effective_from=date(2020, 1, 1)
        ),
    )
    rulebook.add_rule(
        s,  # type: ignore[arg-type]
        set_id,
        rulebook.RuleInput(
            "BK_TINH.bk_bo",
            RuleKind.PREREQUISITE,
            {"awards": ["BK_BO"], "count": 1, "within_years": 5},
            award_codes=["BK_TINH"],
            subject_kinds=[IND],
            article="Điều 9",
            text="Đã được tặng Bằng khen của Bộ trưởng",
        ),
    )


def _prerequisite(verdict: Verdict) -> bool | None:
    return next(r.passed for r in verdict.reasons if r.rule_code == "BK_TINH.bk_bo")


def test_an_earlier_authority_form_meets_a_prerequisite_of_its_kind(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """An earlier "Bằng khen của Bộ trưởng Bộ NN&PTNT" counts as a BK_BO: through the eligibility
    command's judge and through submit's batched (JSON aggregate) read alike."""
    from emudesk.services.eligibility.judge import evaluate

    d = _with_ministry_form(store, ["BK_BO_NN"])
    with store.write() as s:
        _ministry_prerequisite(s)
        holder, other = d.staff[0], d.staff[1]  # type: ignore[attr-defined]
        give(s, IND, holder, "BK_BO_NN", 2021)
        mine = nominate(s, d.campaign, IND, holder, "BK_TINH", d.department)  # type: ignore[attr-defined]
        theirs = nominate(s, d.campaign, IND, other, "BK_TINH", d.department)  # type: ignore[attr-defined]
    with store.read() as s:
        assert _prerequisite(evaluate(s, SubjectRef(IND, holder), "BK_TINH", date(2023, 12, 1))) is True
        assert _prerequisite(evaluate(s, SubjectRef(IND, other), "BK_TINH", date(2023, 12, 1))) is False
    # The eligibility command says so too.
    for who, met in ((holder, True), (other, False)):
        code, out, err = run(
            capsys, "eligibility", "--subject", f"individual:{who}", "--award", "BK_TINH",
            "--date", "01/12/2023", "--json", "--db", target_of(store),
        )  # fmt: skip
        assert code == 0, err
        reasons = {r["rule"]: r["passed"] for r in json.loads(out)["reasons"]}
        assert reasons["BK_TINH.bk_bo"] is met
    with store.write() as s:
        warned = transition(s, [mine, theirs], S.SUBMITTED).warnings
    unmet = [w for w in warned if "(Quy chế thử, Điều 9)" in w]
    assert len(unmet) == 1 and f"#{theirs} " in unmet[0]


def test_statistics_count_an_authority_form_under_its_kind(store: Store) -> None:
    """0603 counts a ministry's named Bằng khen in its Bằng khen column; 0602 counts a named form
    of a state kind under that kind, with no column of its own."""
    from emudesk.services.exports import statistics

    with store.write() as s:
        d = snn_department(s)
        defn = campaigns.get_definition(s, d.campaign)
        defn.award_forms = [
            AwardFormDef("BK_BO_NN", "Bộ trưởng Bộ Nông nghiệp và PTNT tặng Bằng khen", "BK_BO"),
            AwardFormDef("BK_TTG_X", "Thủ tướng Chính phủ tặng Bằng khen", "BK_TTG"),
        ]
        campaigns.update_campaign(s, d.campaign, defn)
        give(s, IND, d.staff[0], "BK_BO_NN", 2023)
        give(s, IND, d.staff[1], "BK_TTG_X", 2023)
        give(s, IND, d.staff[2], "BK_TTG", 2023)
    period = statistics.Period(2024, None)  # decided early the next year
    with store.read() as s:
        f3 = statistics.form_data(s, "0603", period)
        f2 = statistics.form_data(s, "0602", period)
    assert f3.counts.cells[("total", "bang_khen")] == 1
    assert f2.counts.cells[("total", "BK_TTG")] == 2
    assert "BK_TTG_X" not in dict(f2.columns)


def _all_rows(sections: object) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for sec in sections:  # type: ignore[attr-defined]
        out += [tuple(r) for r in sec.rows]
        out += _all_rows(sec.sections)
    return out


def test_the_nominations_list_shows_and_filters_each_rows_priority(store: Store) -> None:
    """The plan's priority is a column of the list (SQL-backed: shown, and its filter narrows the
    list) and a note of the exported Danh sách đề nghị for the files it concerns."""
    from emudesk.services.exports.lists import nomination_list
    from emudesk.services.nominations.lists import NominationFilter, nomination_ids, nomination_rows

    d = _with_ministry_form(store, ["BK_BO"])  # the quota names the kind; the file, the Ministry's form
    with store.write() as s:
        ministry = nominate(s, d.campaign, IND, d.staff[0], "BK_BO_NN", d.department)  # type: ignore[attr-defined]
        province = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)  # type: ignore[attr-defined]
        other = nominate(s, d.campaign, SubjectKind.UNIT, d.divisions[0], "CO_TINH", d.department)  # type: ignore[attr-defined]
        transition(s, [ministry, province], S.SUBMITTED)
    with store.read() as s:
        rows = nomination_rows(s, [ministry, province, other])
        assert (rows[ministry].priority, rows[province].priority, rows[other].priority) == (
            SMALL,
            "Ưu tiên nữ",
            "",
        )
        for typed, expected in (
            ("tap the nho", [ministry]),
            ("Ưu tiên", [ministry, province]),
            ("nữ", [province]),
        ):
            flt = NominationFilter(campaign_id=d.campaign, columns=(("priority", typed),))  # type: ignore[attr-defined]
            assert nomination_ids(s, flt) == expected, typed
        listed = nomination_list(s, d.campaign)  # type: ignore[attr-defined]
    notes = {str(r[1]): str(r[-1]) for t in listed.tables for r in _all_rows(t.sections)}
    staff_names = ["Nguyễn Văn An", "Trần Thị Bình"]
    assert notes[staff_names[0]] == f"Ưu tiên theo kế hoạch: {SMALL}"
    assert notes[staff_names[1]] == "Ưu tiên theo kế hoạch: Ưu tiên nữ"
