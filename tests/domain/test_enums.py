"""Enum labels: every member has one, and equal values in different enums keep their own."""

from __future__ import annotations

from emudesk.domain import enums
from emudesk.domain.enums import AwardType, LabelledEnum, NominationStatus, QuotaScope
from emudesk.domain.rules import enums as rules_enums
from emudesk.domain.rules.enums import AgendaOutcome


def _all_enums() -> list[type[LabelledEnum]]:
    found: list[type[LabelledEnum]] = []
    for module in (enums, rules_enums):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, LabelledEnum) and len(value):
                found.append(value)
    return found


def test_every_member_has_a_label() -> None:
    for enum in _all_enums():
        for member in enum:
            assert member.label, f"{enum.__name__}.{member.name}"


def test_same_values_in_different_enums_keep_their_own_labels() -> None:
    # "approved" is a nomination status and a council outcome; "campaign" an award type and a
    # quota scope: as str members they compare equal, their labels must not.
    assert NominationStatus.APPROVED.label == "Đã quyết định khen thưởng"
    assert AgendaOutcome.APPROVED.label == "Thống nhất đề nghị khen thưởng"
    assert AwardType.CAMPAIGN.label == "Theo phong trào, chuyên đề"
    assert QuotaScope.CAMPAIGN.label == "Toàn phong trào"
    assert AwardType.parse("Theo phong trào, chuyên đề") is AwardType.CAMPAIGN
