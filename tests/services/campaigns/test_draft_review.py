"""The clerk's review of a draft (issue 17, item 3): every value tied to its words, the clerk's values
applied as typed, wrong values refused with the field named, the draft itself left untouched."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from emudesk.domain.errors import ValidationError
from emudesk.services.campaigns.draft_review import Kind, apply_review, review_items, unheld_notes
from emudesk.services.campaigns.drafts import draft_from_text

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
SNN = PLANS / "KH-SNNPTNT-thai-binh-2023.txt"


def test_every_value_points_at_its_words_in_the_plans_order() -> None:
    draft = draft_from_text(SNN.read_text(encoding="utf-8"))
    items = review_items(draft)
    assert [it.start for it in items] == sorted(it.start for it in items)
    by = {it.path: it for it in items}
    quota = by["quotas[2]"]
    assert (quota.kind, quota.value, quota.sure) == (Kind.WHOLE, "1", True)
    assert "không quá 01 cá nhân" in draft.text[quota.start : quota.end]
    assert not by["quotas[0]"].sure
    assert by["issue_date"].value == "22/06/2023"
    # Nơi nhận, Yêu cầu and Tổ chức thực hiện are the campaign's own fields now, typed like the rest.
    recipient = by["recipients[0]"]
    assert (recipient.kept, recipient.kind, recipient.value) == (True, Kind.TEXT, "Đảng ủy, Ban Giám đốc Sở")
    assert by["requirements"].kind is Kind.TEXT and by["requirements"].value == draft.definition.requirements
    assert not any(line.startswith("Nơi nhận: ") for line in unheld_notes(draft))
    # The launch step the plan does not date stays undated, marked for the clerk.
    undated = next(it for it in items if it.path.startswith("milestones") and not it.value)
    assert undated.kind is Kind.DATE and not undated.sure


def test_the_clerks_values_are_applied_as_typed_and_the_draft_is_kept() -> None:
    draft = draft_from_text(SNN.read_text(encoding="utf-8"))
    before = draft.definition.quotas[2].limit
    defn = apply_review(
        draft,
        {
            "quotas[2]": "3",
            "place": "Thành phố Thái Bình",
            "issue_date": "1/7/2023",
            "milestones[1]": "15/12/2023",
            "recipients[0]": "Văn phòng Sở",
            "milestones[0]": "Quý I/2024",
            "milestones[2]": "",
        },
    )
    assert defn.quotas[2].limit == 3 and draft.definition.quotas[2].limit == before
    assert defn.place == "Thành phố Thái Bình"
    assert str(defn.issue_date) == "2023-07-01"
    assert str(defn.milestones[1].due_date) == "2023-12-15"
    assert defn.recipients is not None and defn.recipients.split("\n")[0] == "Văn phòng Sở"
    assert defn.milestones[0].due is not None and defn.milestones[0].due.iso() == "2024-Q1"
    assert defn.milestones[2].due_date is None  # emptied: a step without a date


def test_a_target_value_takes_a_decimal_comma() -> None:
    text = next(p for p in PLANS.glob("104-*.txt")).read_text(encoding="utf-8")
    draft = draft_from_text(text)
    path = next(it.path for it in review_items(draft) if it.kind is Kind.NUMBER)
    defn = apply_review(draft, {path: "14,5"})
    assert defn.targets[int(path[8:-1])].value == Decimal("14.5")
    ranged = apply_review(draft, {path: "3–3,5"}).targets[int(path[8:-1])]
    assert (ranged.value, ranged.value_max) == (Decimal("3"), Decimal("3.5"))
    with pytest.raises(ValidationError) as err:
        apply_review(draft, {path: "5–3"})  # a range upside down
    assert path in err.value.fields


@pytest.mark.parametrize(
    ("path", "typed", "says"),
    [
        ("quotas[2]", "ba", "whole number"),
        ("issue_date", "31/02/2023", "dd/mm/yyyy"),
        ("milestones[1]", "Quý V/2023", "dd/mm/yyyy"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_field(path: str, typed: str, says: str) -> None:
    from emudesk import i18n

    draft = draft_from_text(SNN.read_text(encoding="utf-8"))
    i18n.set_language("en")
    try:
        with pytest.raises(ValidationError) as err:
            apply_review(draft, {path: typed})
    finally:
        i18n.set_language("vi")
    assert says in str(err.value) and path in err.value.fields
