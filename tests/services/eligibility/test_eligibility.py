"""Eligibility from the database: worked examples end to end, suggestions and drafts, rule editing.

Run on SQLite and PostgreSQL (the ``store`` fixture).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from emudesk.db.models import Nomination
from emudesk.domain.enums import (
    AwardLevel,
    AwardType,
    DisciplineForm,
    DisciplineKind,
    NominationStatus,
    Rating,
)
from emudesk.domain.errors import ConflictError, ValidationError
from emudesk.domain.rules import Jurisdiction, Outcome, RuleKind, Verdict
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.eligibility.judge import evaluate, evaluate_nomination
from emudesk.services.eligibility.suggest import suggest
from emudesk.services.nominations.drafts import create_drafts
from emudesk.services.nominations.workflow import NominationInput, create_nomination, transition
from emudesk.services.register import individuals
from emudesk.services.rules import rulebook
from tests.factories import form_id, person, unit
from tests.services.builders import IND, UNIT, campaign, give, initiative, rate


def _texts(verdict: Verdict) -> list[str]:
    return [f"{r.text} — {r.citation}" for r in verdict.reasons]


def test_streak_broken_by_a_gap_cites_the_law(store: Store) -> None:
    with store.write() as s:
        an = person(s, "Nguyễn Văn An", unit(s, "Phòng Tổng hợp"))
        for year in (2021, 2023, 2024):
            give(s, IND, an, "CSTDCS", year)
        initiative(s, an, 2024, AwardLevel.PROVINCE)
    with store.read() as s:
        verdict = evaluate(s, SubjectRef(IND, an), "CSTD_TINH", date(2024, 12, 5))
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert (
        "Chưa đủ 03 năm liên tục đạt Chiến sĩ thi đua cơ sở: có 2023, 2024; thiếu 2022 "
        "— Luật TĐKT 2022, Điều 22" in _texts(verdict)
    )
    assert verdict.rule_set == "Luật TĐKT 2022; NĐ 98/2023/NĐ-CP"
    assert (verdict.subject_name, verdict.award_name, verdict.year) == (
        "Nguyễn Văn An",
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        2024,
    )


def test_ad_hoc_award_is_not_counted(store: Store) -> None:
    with store.write() as s:
        an = person(s, "Nguyễn Văn An", unit(s, "Phòng Tổng hợp"))
        give(s, IND, an, "CSTD_TINH", 2019)
        give(s, IND, an, "CSTD_TINH", 2022, AwardType.AD_HOC)
        initiative(s, an, 2024, AwardLevel.STATE)
    with store.read() as s:
        after = evaluate(s, SubjectRef(IND, an), "CSTD_TQ", date(2025, 12, 1), year=2024)
        before = evaluate(s, SubjectRef(IND, an), "CSTD_TQ", date(2025, 3, 1), year=2024)
    assert after.outcome is Outcome.NOT_ELIGIBLE
    prerequisite = next(
        r for r in after.reasons if r.rule_code == "CSTD_TQ.prerequisite" and not r.informational
    )
    assert (
        prerequisite.text == "Cần đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh 02 lần liên tục; mới có 2019"
    )
    note = next(r for r in after.reasons if r.informational and "2022" in r.text)
    assert "Đột xuất" in note.text and note.citation == "NĐ 152/2025/NĐ-CP, Điều 4 khoản 3"
    # Before 01/7/2025 the same principle is applied from NĐ 98, whose article is not confirmed: it says so.
    note = next(r for r in before.reasons if r.informational and "2022" in r.text)
    assert note.citation == "NĐ 98/2023/NĐ-CP (chưa xác minh)"


def test_disciplined_member_blocks_the_collective(store: Store) -> None:
    with store.write() as s:
        div = unit(s, "Phòng Kế hoạch - Tài chính")
        staff = [
            person(s, n, div) for n in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng")
        ]
        for pid in staff:
            give(s, IND, pid, "LDTT", 2025)
        rate(s, 2025, Rating.GOOD, unit=div)
    with store.read() as s:
        clean = evaluate(s, SubjectRef(UNIT, div), "TTLDTT", date(2025, 12, 5))
    assert clean.outcome is Outcome.ELIGIBLE, _texts(clean)
    assert (
        "4/4 thành viên (100%) đạt Lao động tiên tiến / Chiến sĩ tiên tiến năm 2025; cần từ 70%"
        in clean.reasons[2].text
    )
    with store.write() as s:
        individuals.add_discipline(
            s,
            staff[1],
            kind=DisciplineKind.DISCIPLINE,
            form=DisciplineForm.WARNING,
            start_date=date(2025, 3, 1),
            end_date=date(2026, 3, 1),
            decision_ref="07/QĐ-KL",
        )
    with store.read() as s:
        blocked = evaluate(s, SubjectRef(UNIT, div), "TTLDTT", date(2025, 12, 5))
    assert blocked.outcome is Outcome.NOT_ELIGIBLE
    assert (
        "Có thành viên bị kỷ luật từ hình thức “cảnh cáo” trở lên năm 2025: Trần Văn Bình (cảnh cáo) "
        "— Luật TĐKT 2022, Điều 28" in _texts(blocked)
    )


def test_filed_before_1_july_2025_judged_by_nd_98_after_by_nd_152(store: Store) -> None:
    with store.write() as s:
        camp = campaign(s, "CSTDCS")
        div = unit(s, "Phòng Tổng hợp")
        an = person(s, "Nguyễn Văn An", div)
        for year in (2024, 2025):
            rate(s, year, Rating.EXCELLENT, individual=an)
        ids = [
            create_nomination(
                s,
                NominationInput(
                    SubjectRef(IND, an), camp, form_id(s, "CSTDCS"), div, year=year, filed_on=filed
                ),
            )
            for year, filed in ((2024, date(2025, 6, 20)), (2025, date(2025, 12, 5)))
        ]
    with store.read() as s:
        old, new = (evaluate_nomination(s, nid) for nid in ids)
    assert old.rule_set == "Luật TĐKT 2022; NĐ 98/2023/NĐ-CP" and old.on == date(2025, 6, 20)
    assert new.rule_set == "Luật TĐKT 2022; NĐ 152/2025/NĐ-CP" and new.on == date(2025, 12, 5)
    vote_old = next(r for r in old.reasons if r.rule_code == "VOTE.80")
    vote_new = next(r for r in new.reasons if r.rule_code == "VOTE.80")
    assert vote_old.citation == "NĐ 98/2023/NĐ-CP, Điều 30 khoản 7"
    assert vote_new.citation == "NĐ 152/2025/NĐ-CP (chưa xác minh)"
    discipline_new = next(r for r in new.reasons if r.rule_code == "ALL.discipline")
    assert discipline_new.citation == "NĐ 152/2025/NĐ-CP, Điều 4 khoản 4"
    assert old.outcome is new.outcome is Outcome.ELIGIBLE


def test_pending_investigation_blocks_and_so_does_the_same_year(store: Store) -> None:
    with store.write() as s:
        an = person(s, "Nguyễn Văn An", unit(s, "Phòng Tổng hợp"))
        rate(s, 2025, Rating.GOOD, individual=an)
        give(s, IND, an, "LDTT", 2024)
    with store.read() as s:
        assert evaluate(s, SubjectRef(IND, an), "LDTT", date(2025, 12, 5)).outcome is Outcome.ELIGIBLE
    with store.write() as s:
        individuals.add_discipline(s, an, kind=DisciplineKind.INVESTIGATION, start_date=date(2025, 11, 1))
        give(s, IND, an, "LDTT", 2025)
    with store.read() as s:
        verdict = evaluate(s, SubjectRef(IND, an), "LDTT", date(2025, 12, 5))
    texts = _texts(verdict)
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert any(t.startswith("Đã được tặng Lao động tiên tiến năm 2025 (35/QĐ-UBND)") for t in texts)
    assert any(t.startswith("Đang bị điều tra, thanh tra từ 01/11/2025") for t in texts)


def test_form_for_another_kind_of_subject(store: Store) -> None:
    with store.write() as s:
        div = unit(s, "Phòng Tổng hợp")
    with store.read() as s:
        verdict = evaluate(s, SubjectRef(UNIT, div), "LDTT", date(2025, 12, 5))
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert verdict.reasons[0].text == "“Lao động tiên tiến” không tặng cho đối tượng là tập thể"
    with pytest.raises(ValidationError, match="XYZ"), store.read() as s:
        evaluate(s, SubjectRef(UNIT, div), "XYZ", date(2025, 12, 5))


def test_one_initiative_grounds_one_award(store: Store) -> None:
    with store.write() as s:
        camp = campaign(s, "CSTDCS", "BK_TINH")
        div = unit(s, "Phòng Tổng hợp")
        an = person(s, "Nguyễn Văn An", div)
        rate(s, 2025, Rating.GOOD, individual=an)
        idea = initiative(s, an, 2025)
        first = create_nomination(
            s,
            NominationInput(
                SubjectRef(IND, an),
                camp,
                form_id(s, "CSTDCS"),
                div,
                year=2025,
                filed_on=date(2025, 12, 1),
                initiative_id=idea,
            ),
        )
        second = create_nomination(
            s,
            NominationInput(
                SubjectRef(IND, an), camp, form_id(s, "BK_TINH"), div, year=2025, filed_on=date(2025, 12, 1)
            ),
        )
        # An import wrote the same initiative onto a second file (the workflow itself refuses this).
        nomination = s.get(Nomination, second)
        assert nomination is not None
        nomination.initiative_id = idea
    with store.read() as s:
        verdict = evaluate_nomination(s, second)
        first_verdict = evaluate_nomination(s, first)
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert any("CV 5007/BNV-TĐKT" in t and f"#{first}" in t for t in _texts(verdict))
    # The first file's own initiative does not count as used by it.
    assert first_verdict.outcome is Outcome.NOT_ELIGIBLE  # grounded initiative used by the second file
    assert any(f"#{second}" in t for t in _texts(first_verdict))


def test_suggestions_and_bulk_drafts(store: Store) -> None:
    with store.write() as s:
        camp = campaign(s, "LDTT")
        div = unit(s, "Phòng Tổng hợp")
        good = [person(s, n, div) for n in ("Nguyễn Văn An", "Trần Thị Bình")]
        weak = person(s, "Lê Văn Cường", div)
        unrated = person(s, "Phạm Thị Dung", div)
        for pid in good:
            rate(s, 2025, Rating.GOOD, individual=pid)
        rate(s, 2025, Rating.COMPLETED, individual=weak)
    with store.read() as s:
        result = suggest(s, "LDTT", 2025, on=date(2025, 12, 5))
        wider = suggest(s, "LDTT", 2025, on=date(2025, 12, 5), include_open=True)
    assert [x.subject.id for x in result.items] == sorted(
        good, key=lambda p: ["An", "Bình"].index({good[0]: "An", good[1]: "Bình"}[p])
    )
    assert result.counts == {Outcome.ELIGIBLE: 2, Outcome.NOT_ELIGIBLE: 1, Outcome.NEEDS_JUDGEMENT: 1}
    assert {x.subject.id for x in wider.items} == {*good, unrated}
    with store.write() as s:
        drafts = create_drafts(s, camp, "LDTT", 2025, [x.subject for x in wider.items])
    assert len(drafts.created) == 3 and drafts.skipped == ()
    with store.read() as s:
        again = suggest(s, "LDTT", 2025, on=date(2025, 12, 5))
        n = s.get(Nomination, drafts.created[0])
        assert n is not None and (n.status, n.proposing_unit_id, n.year) == (
            NominationStatus.DRAFT,
            div,
            2025,
        )
    assert again.items == ()  # already nominated
    with store.write() as s:
        again_drafts = create_drafts(s, camp, "LDTT", 2025, [SubjectRef(IND, good[0])])
    assert again_drafts.created == () and "đã được đề nghị" in again_drafts.skipped[0][1]


def test_province_rule_replaces_national_one_and_edits_bump_the_version(store: Store) -> None:
    with store.write() as s:
        div = unit(s, "Phòng Tổng hợp")
        staff = [
            person(s, n, div) for n in ("Nguyễn Văn An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Văn Dũng")
        ]
        for pid in staff[:3]:
            give(s, IND, pid, "LDTT", 2025)
        rate(s, 2025, Rating.GOOD, unit=div)
    with store.read() as s:
        assert evaluate(s, SubjectRef(UNIT, div), "TTLDTT", date(2025, 12, 5)).outcome is Outcome.ELIGIBLE
    with store.write() as s:
        set_id = rulebook.create_rule_set(
            s,
            rulebook.RuleSetInput(
                "HY_2025",
                "Quy chế thi đua tỉnh Hưng Yên",
                "Quy chế TĐKT Hưng Yên",
                Jurisdiction.PROVINCE,
                "Tỉnh Hưng Yên",
                effective_from=date(2025, 7, 1),
            ),
        )
        rule_id = rulebook.add_rule(
            s,
            set_id,
            rulebook.RuleInput(
                "TTLDTT.ldtt_share",
                RuleKind.COMPOSITION,
                {"awards": ["LDTT"], "min_percent": 80},
                award_codes=["TTLDTT"],
                article="Điều 8",
            ),
        )
        with pytest.raises(ValidationError, match="min_percent"):
            rulebook.update_rule(
                s,
                rule_id,
                rulebook.RuleInput(
                    "TTLDTT.ldtt_share", RuleKind.COMPOSITION, {"awards": ["LDTT"], "min_percent": "nhiều"}
                ),
            )
        with pytest.raises(ValidationError, match="LDTX"):
            rulebook.add_rule(
                s, set_id, rulebook.RuleInput("X", RuleKind.HISTORY_STREAK, {"awards": ["LDTX"], "years": 2})
            )
        with pytest.raises(ConflictError):
            rulebook.add_rule(
                s, set_id, rulebook.RuleInput("TTLDTT.ldtt_share", RuleKind.MANUAL, {"text": "x"})
            )
    with store.read() as s:
        verdict = evaluate(s, SubjectRef(UNIT, div), "TTLDTT", date(2025, 12, 5))
        before = evaluate(s, SubjectRef(UNIT, div), "TTLDTT", date(2025, 6, 5), year=2025)
    share = next(r for r in verdict.reasons if r.rule_code == "TTLDTT.ldtt_share")
    assert share.citation == "Quy chế TĐKT Hưng Yên, Điều 8" and share.passed is False  # 3/4 = 75 % < 80 %
    assert "Quy chế TĐKT Hưng Yên" in verdict.rule_set
    assert before.outcome is Outcome.ELIGIBLE  # the province's rule is not yet in force
    with store.write() as s:
        version = rulebook.update_rule(
            s,
            rule_id,
            rulebook.RuleInput(
                "TTLDTT.ldtt_share",
                RuleKind.COMPOSITION,
                {"awards": ["LDTT"], "min_percent": 75},
                award_codes=["TTLDTT"],
                article="Điều 8",
            ),
        )
    assert version == 2
    with store.read() as s:
        assert evaluate(s, SubjectRef(UNIT, div), "TTLDTT", date(2025, 12, 5)).outcome is Outcome.ELIGIBLE


def test_rule_sets_import_and_export(store: Store) -> None:
    with store.read() as s:
        exported = rulebook.export_rule_set(s, "ND_152_2025")
    exported.update(code="ND_152_2025_V2", short_name="NĐ 152/2025 (sửa đổi)", effective_from="2027-03-01")
    text = json.dumps(exported, ensure_ascii=False)
    with store.write() as s:
        new_id = rulebook.import_rule_set(s, rulebook.parse_json(text))
    with store.read() as s:
        rows = rulebook.rules_of(s, "ND_152_2025_V2")
        assert len(rows) == 5 and {r["code"] for r in rows} >= {"VOTE.90", "ALL.discipline"}
        listed = {r["code"]: r for r in rulebook.list_rows(s)}
        assert (
            listed["ND_152_2025_V2"]["id"] == new_id
            and listed["ND_152_2025_V2"]["status"] == "chưa có hiệu lực"
        )
    bad = dict(exported, code="BAD", rules=[{"code": "X", "kind": "streak", "params": {}}])
    with pytest.raises(ValidationError), store.write() as s:
        rulebook.import_rule_set(s, bad)


def test_verdicts_refer_to_pending_nominations(store: Store) -> None:
    with store.write() as s:
        camp = campaign(s, "CSTDCS")
        div = unit(s, "Phòng Tổng hợp")
        an = person(s, "Nguyễn Văn An", div)
        for year in (2023, 2024):
            give(s, IND, an, "CSTDCS", year)
        rate(s, 2025, Rating.EXCELLENT, individual=an)
        nid = create_nomination(
            s,
            NominationInput(
                SubjectRef(IND, an), camp, form_id(s, "CSTDCS"), div, year=2025, filed_on=date(2025, 12, 1)
            ),
        )
        transition(s, [nid], NominationStatus.SUBMITTED)
        initiative(s, an, 2025, AwardLevel.PROVINCE)
    with store.read() as s:
        verdict = evaluate(s, SubjectRef(IND, an), "CSTD_TINH", date(2025, 12, 5))
    streak = verdict.reasons[0]
    assert streak.passed is None and "(đang có đề nghị)" in streak.text
    assert verdict.outcome is Outcome.NEEDS_JUDGEMENT
