"""Saving a campaign's plan syncs its child rows: what is unchanged keeps its id and all that hangs on it.

The plan is saved whole (editor, workbook import), so every test here compares every row of the
database before and after. Warnings are errors in this suite (pyproject ``filterwarnings``), so
SQLAlchemy's "expected to delete N rows" warning fails these tests too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from emudesk.db.models import (
    Achievement,
    AwardForm,
    Campaign,
    CampaignPhase,
    Criterion,
    Quota,
    achievement_criteria,
)
from emudesk.domain.enums import QuotaKind
from emudesk.domain.errors import ConflictError
from emudesk.services.campaigns import plans as campaigns
from emudesk.services.campaigns.definition import CampaignDef, CriterionDef, walk_criteria
from emudesk.services.core.store import Store
from tests.snapshot import RowRef, Snapshot, changed_rows, snapshot

# Demo campaign 2 is the NTM plan; 9 achievement↔criterion links hang on its criteria.
NTM_ID = 2


def links(s: Session, campaign_id: int) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(achievement_criteria)
            .join(Criterion, Criterion.id == achievement_criteria.c.criterion_id)
            .where(Criterion.campaign_id == campaign_id)
        )
        or 0
    )


class _UndoError(Exception):
    pass


@contextmanager
def undone(store: Store) -> Iterator[Session]:
    """A write session whose changes are rolled back at the end, so one demo copy serves many examples."""
    try:
        with store.write() as s:
            yield s
            raise _UndoError
    except _UndoError:
        pass


_BEFORE: dict[str, Snapshot] = {}


def after_update(
    store: Store, campaign_id: int, edit: Callable[[CampaignDef, Campaign], RowRef]
) -> set[RowRef]:
    """Apply ``edit`` to the saved plan, save it, and return the rows changed besides the edited one."""
    if store.display_name not in _BEFORE:  # each example is rolled back: one snapshot serves them all
        with store.read() as s:
            _BEFORE[store.display_name] = snapshot(s)
    with undone(store) as s:
        campaign = s.get(Campaign, campaign_id)
        assert campaign is not None
        defn = campaigns.get_definition(s, campaign_id)
        edited = edit(defn, campaign)
        campaigns.update_campaign(s, campaign_id, defn)
        s.flush()
        changed = changed_rows(_BEFORE[store.display_name], snapshot(s))
    assert edited in changed, f"the edit did not reach {edited}"
    return changed - {edited}


def test_changing_the_short_name_keeps_every_other_row(demo_store: Store) -> None:
    """The issue's reproduction: 9 links became 0, through CASCADE, after a short-name edit."""
    with demo_store.read() as s:
        assert links(s, NTM_ID) == 9
        before = snapshot(s)
    with demo_store.write() as s:
        defn = campaigns.get_definition(s, NTM_ID)
        defn.short_title += " (sửa)"
        campaigns.update_campaign(s, NTM_ID, defn)
    with demo_store.read() as s:
        assert links(s, NTM_ID) == 9
        assert changed_rows(before, snapshot(s)) == {("campaigns", (NTM_ID,))}


# --- One field of one row, anywhere in any demo campaign -----------------------------------------


def _suffix(text: str | None) -> str:
    return f"{text or ''} (sửa)".strip()


def _campaign_field(name: str) -> Callable[[st.DataObject, CampaignDef, Campaign], RowRef]:
    def edit(data: st.DataObject, defn: CampaignDef, c: Campaign) -> RowRef:
        if name == "end_date":
            defn.end_date = (defn.end_date or defn.start_date or c.created_at.date()) + timedelta(days=1)
        else:
            setattr(defn, name, _suffix(getattr(defn, name)))
        return ("campaigns", (c.id,))

    return edit


def _child(
    collection: str, change: Callable[[Any], None], rows: Callable[[Campaign], list[Any]] | None = None
) -> Callable[[st.DataObject, CampaignDef, Campaign], RowRef]:
    def edit(data: st.DataObject, defn: CampaignDef, c: Campaign) -> RowRef:
        items = walk_criteria(defn.criteria) if collection == "criteria" else getattr(defn, collection)
        stored = rows(c) if rows else getattr(c, collection)
        assert len(items) == len(stored)
        if not items:  # nothing of this kind in this plan: edit the plan itself instead
            return _campaign_field("note")(data, defn, c)
        i = data.draw(st.integers(0, len(items) - 1), label=f"{collection} index")
        change(items[i])
        return (type(stored[i]).__table__.name, (stored[i].id,))

    return edit


def _set(name: str, value: Callable[[Any], Any]) -> Callable[[Any], None]:
    return lambda item: setattr(item, name, value(getattr(item, name)))


def _quota_limit(q: Any) -> None:
    if q.kind is QuotaKind.COUNT:
        q.limit += 1
    else:
        q.note = _suffix(q.note)


def _criteria_rows(c: Campaign) -> list[Criterion]:
    return sorted(c.criteria, key=lambda r: r.position)  # positions run through the tree, parents first


def _rename_phase(data: st.DataObject, defn: CampaignDef, c: Campaign) -> RowRef:
    """Milestones and quotas name their phase: the editor renames those references with it."""
    if not defn.phases:
        return _campaign_field("note")(data, defn, c)
    i = data.draw(st.integers(0, len(defn.phases) - 1), label="phase index")
    old, new = defn.phases[i].name, _suffix(defn.phases[i].name)
    defn.phases[i].name = new
    for item in [*defn.milestones, *defn.quotas]:
        if item.phase == old:
            item.phase = new
    return ("campaign_phases", (c.phases[i].id,))


EDITS: dict[str, Callable[[st.DataObject, CampaignDef, Campaign], RowRef]] = {
    "phase name": _rename_phase,
    **{
        f"plan {name}": _campaign_field(name)
        for name in ("title", "short_title", "place", "signer_name", "note", "purpose", "end_date")
    },
    "phase description": _child("phases", _set("description", _suffix)),
    "milestone title": _child("milestones", _set("title", _suffix)),
    "milestone done": _child("milestones", _set("done", lambda v: not v)),
    "milestone actor": _child("milestones", _set("actor", _suffix)),
    "target description": _child("targets", _set("description", _suffix)),
    "target value": _child("targets", _set("value", lambda v: (v or Decimal(0)) + 1)),
    "participant description": _child("participants", _set("description", _suffix)),
    "criterion text": _child("criteria", _set("text", _suffix), _criteria_rows),
    "criterion code": _child("criteria", _set("code", lambda v: f"{v}x"), _criteria_rows),
    "criterion group": _child("criteria", _set("group", _suffix), _criteria_rows),
    "offered form note": _child("offered_forms", _set("note", _suffix)),
    "offered form households": _child("offered_forms", _set("for_households", lambda v: not v)),
    "quota label": _child("quotas", _set("label", _suffix)),
    "quota limit": _child("quotas", _quota_limit),
}


# A handful of examples on one demo copy per backend: each example is rolled back, and the
# database is compared whole, which is what costs time. The fixture is reused on purpose.
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_editing_one_field_of_any_campaign_changes_only_that_row(
    demo_store: Store, data: st.DataObject
) -> None:
    with demo_store.read() as s:
        ids = list(s.scalars(select(Campaign.id).where(Campaign.deleted_at.is_(None)).order_by(Campaign.id)))
    campaign_id = data.draw(st.sampled_from(ids), label="campaign")
    name = data.draw(st.sampled_from(sorted(EDITS)), label="edit")
    others = after_update(demo_store, campaign_id, lambda d, c: EDITS[name](data, d, c))
    assert others == set()


# --- Adding, moving and removing criteria -----------------------------------------------------


def _rows_by_def(s: Session, defn: CampaignDef) -> dict[int, Criterion]:
    """Each criterion of the definition (by ``id()``) to its row: both run parents first."""
    rows = sorted(
        s.scalars(select(Criterion).where(Criterion.campaign_id == NTM_ID)), key=lambda r: r.position
    )
    return {id(c): r for c, r in zip(walk_criteria(defn.criteria), rows, strict=True)}


def _without(items: list[CriterionDef], drop: list[CriterionDef]) -> list[CriterionDef]:
    return [
        dataclasses.replace(c, children=_without(c.children, drop))
        for c in items
        if not any(c is d for d in drop)
    ]


def test_removing_a_criterion_with_achievements_is_refused_naming_it(demo_store: Store) -> None:
    with demo_store.read() as s:
        before = snapshot(s)
        defn = campaigns.get_definition(s, NTM_ID)
        row_of = _rows_by_def(s, defn)
        used = dict(
            s.execute(
                select(achievement_criteria.c.criterion_id, func.count()).group_by(
                    achievement_criteria.c.criterion_id
                )
            ).all()
        )
    # "đ) Cán bộ, công chức…" holds two achievements; an unused one goes too, and is not named.
    linked = next(c for c in walk_criteria(defn.criteria) if used.get(row_of[id(c)].id) == 2)
    unused = next(c for c in walk_criteria(defn.criteria) if row_of[id(c)].id not in used and not c.children)
    defn.criteria = _without(defn.criteria, [linked, unused])
    with pytest.raises(ConflictError) as refusal, demo_store.write() as s:
        campaigns.update_campaign(s, NTM_ID, defn)
    message = str(refusal.value)
    assert message.startswith("Không thể xóa tiêu chuẩn đang được dùng cho thành tích: ")
    assert f"“{linked.code}) {linked.text[:40]}" in message and "(2 thành tích)" in message
    assert unused.text[:40] not in message
    with demo_store.read() as s:
        assert changed_rows(before, snapshot(s)) == set()


def test_criteria_added_moved_and_removed_touch_only_themselves(demo_store: Store) -> None:
    with demo_store.read() as s:
        before = snapshot(s)
        defn = campaigns.get_definition(s, NTM_ID)
        row_of = _rows_by_def(s, defn)
        used = set(s.scalars(select(achievement_criteria.c.criterion_id)))
    tops = defn.criteria
    unused = [c for c in tops if not c.children and row_of[id(c)].id not in used][:2]
    moved = next(c for c in tops if not c.children and row_of[id(c)].id in used)
    heading = next(c for c in tops if c.children)
    defn.criteria = [c for c in tops if c is not moved and not any(c is u for u in unused)]
    heading.children.append(moved)  # word for word under another heading: same row, same links
    new_heading = CriterionDef(
        text="Tiêu chuẩn mới",
        code="g",
        group="g) Mới",
        children=[CriterionDef(text="Tiêu chuẩn con 1"), CriterionDef(text="Tiêu chuẩn con 2")],
    )
    defn.criteria.append(new_heading)

    with demo_store.write() as s:
        campaigns.update_campaign(s, NTM_ID, defn)
    with demo_store.read() as s:
        after = snapshot(s)
        assert links(s, NTM_ID) == 9
        assert campaigns.get_definition(s, NTM_ID).criteria == defn.criteria
    changes = changed_rows(before, after)
    assert {table for table, _key in changes} == {"criteria"}
    gone = {(row_of[id(c)].id,) for c in unused}
    assert gone <= set(before["criteria"]) and not gone & set(after["criteria"])
    assert len(set(after["criteria"]) - set(before["criteria"])) == 3
    assert (row_of[id(moved)].id,) in after["criteria"]

    # The new heading goes again, with its sub-criteria: no row left, no warning, nothing else touched.
    defn.criteria = _without(defn.criteria, [new_heading])
    with demo_store.write() as s:
        campaigns.update_campaign(s, NTM_ID, defn)
    with demo_store.read() as s:
        again = snapshot(s)
    assert {t for t, _k in changed_rows(after, again)} == {"criteria"}
    assert set(again["criteria"]) == set(after["criteria"]) - (
        set(after["criteria"]) - set(before["criteria"])
    )


def test_a_quota_alternative_added_and_removed_touches_only_its_link(demo_store: Store) -> None:
    """Demo campaign 3 caps "Cờ thi đua hoặc Bằng khen" together; a third alternative comes and goes."""
    with demo_store.read() as s:
        before = snapshot(s)
        defn = campaigns.get_definition(s, 3)
        quota_id = s.scalar(select(Quota.id).where(Quota.campaign_id == 3).order_by(Quota.position))
        form_id = s.scalar(select(AwardForm.id).where(AwardForm.code == "BK_BO"))
    assert defn.quotas[0].forms == ["CO_TINH", "BK_TINH"]
    defn.quotas[0].forms.append("BK_BO")
    with demo_store.write() as s:
        campaigns.update_campaign(s, 3, defn)
    with demo_store.read() as s:
        added = snapshot(s)
        assert campaigns.get_definition(s, 3).quotas[0].forms == ["CO_TINH", "BK_TINH", "BK_BO"]
    assert changed_rows(before, added) == {("quota_forms", (quota_id, form_id))}
    defn.quotas[0].forms.remove("BK_BO")
    with demo_store.write() as s:
        campaigns.update_campaign(s, 3, defn)
    with demo_store.read() as s:
        assert changed_rows(before, snapshot(s)) == set()


def test_removing_a_phase_that_holds_achievements_is_refused(demo_store: Store) -> None:
    """Demo campaign 1 has two phases; an achievement recorded in the second keeps it."""
    with demo_store.write() as s:
        achievement = s.scalars(select(Achievement).order_by(Achievement.id)).first()
        phase = s.scalars(
            select(CampaignPhase).where(CampaignPhase.campaign_id == 1).order_by(CampaignPhase.position)
        ).all()[1]
        assert achievement is not None
        achievement.campaign_id, achievement.phase_id = 1, phase.id
    with demo_store.read() as s:
        before = snapshot(s)
        defn = campaigns.get_definition(s, 1)
    defn.phases = [p for p in defn.phases if p.name != phase.name]
    for item in [*defn.milestones, *defn.quotas]:
        if item.phase == phase.name:
            item.phase = None
    with (
        pytest.raises(ConflictError, match=f"Giai đoạn “{phase.name}” đang có 1 thành tích"),
        demo_store.write() as s,
    ):
        campaigns.update_campaign(s, 1, defn)
    with demo_store.read() as s:
        assert changed_rows(before, snapshot(s)) == set()
