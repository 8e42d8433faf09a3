"""Undo and redo of any change (SQLite and PostgreSQL): rows as they were, rules kept, conflicts refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select

from emudesk.db.changes_capture import ChangeSet, RowChange
from emudesk.db.models import AuditEntry, Individual, Membership, Nomination, Quota
from emudesk.domain.enums import AwardCategory, AwardLevel, Rating, SubjectKind
from emudesk.domain.enums import NominationStatus as S
from emudesk.domain.errors import ConflictError, QuotaExceededError
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.history import UndoEntry, UndoHistory, describe, group_digits
from emudesk.services.core.store import Store
from emudesk.services.nominations.gate import IneligibleError
from emudesk.services.nominations.workflow import NominationInput, create_nomination, transition
from emudesk.services.register import catalogue, individuals
from emudesk.services.workspace import bin as bin_service
from emudesk.services.workspace import undo
from tests.factories import form_id, nominate, person, snn_department, unit
from tests.services.builders import campaign, rate
from tests.snapshot import changed_rows, snapshot

IND = SubjectKind.INDIVIDUAL


def _kept(store: Store) -> UndoHistory:
    history = UndoHistory()
    store.history = history
    return history


def _snap(store: Store) -> dict[str, dict[tuple[object, ...], tuple[object, ...]]]:
    with store.read() as s:
        return snapshot(s)


def test_undo_of_new_people_removes_them_and_redo_brings_them_back_with_their_ids(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
    history = _kept(store)
    before = _snap(store)
    with store.write(label="Nhập danh sách cá nhân (3 dòng)") as s:
        new = [person(s, f"Hoàng Văn Mới {c}", d.divisions[0]) for c in "ABC"]
    after = _snap(store)
    entry = history.next_undo()
    assert entry is not None and entry.label == "Nhập danh sách cá nhân (3 dòng)"
    assert entry.changes.individuals

    undo.undo(store, entry)
    assert _snap(store) == before
    assert history.next_undo() is None
    redo_entry = history.next_redo()
    assert redo_entry is not None and redo_entry.label == entry.label

    undo.redo(store, redo_entry)
    assert changed_rows(after, _snap(store)) == set()  # the same ids, the same rows
    with store.read() as s:
        assert set(s.scalars(select(Individual.id).where(Individual.id.in_(new)))) == set(new)
    assert history.next_redo() is None and history.next_undo() is not None


def test_undo_of_an_edit_restores_the_old_values_and_keeps_ids_and_children(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
    pid = d.staff[0]
    history = _kept(store)
    before = _snap(store)
    with store.write() as s:
        data = individuals.individual_input(s, pid)
        data.given_name, data.phone = "Ân", "0912345678"
        individuals.update_individual(s, pid, data)
    entry = history.next_undo()
    assert entry is not None and "Nguyễn Văn Ân" in entry.label
    undo.undo(store, entry)
    assert _snap(store) == before
    with store.read() as s:
        p = s.get(Individual, pid)
        assert p is not None and p.full_name == "Nguyễn Văn An" and p.name_fold.strip() == "nguyen van an"
        assert s.scalar(select(Membership.id).where(Membership.individual_id == pid)) is not None
        # The audit log has the undo as an ordinary edit, by the window's user.
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and (last.action, last.record_id) == ("update", pid)
        assert last.actor == store.actor and last.before is not None and last.after is not None
        assert (last.before["given_name"], last.after["given_name"]) == ("Ân", "An")


def test_undo_of_a_delete_brings_back_the_record_with_its_id_and_children(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        nid = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
    history = _kept(store)
    before = _snap(store)
    with store.write() as s:
        bin_service.delete(s, "nominations", [nid])
    entry = history.next_undo()
    assert entry is not None
    undo.undo(store, entry)
    assert _snap(store) == before


def test_undo_of_a_hard_delete_puts_back_rows_the_database_cascaded(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        quota = s.scalars(select(Quota).where(Quota.campaign_id == d.campaign)).first()
        assert quota is not None and quota.forms  # a quota with forms: rows of quota_forms
        qid = quota.id
    history = _kept(store)
    before = _snap(store)
    with store.write() as s:
        q = s.get(Quota, qid)
        assert q is not None
        s.delete(q)
    assert changed_rows(before, _snap(store))
    entry = history.next_undo()
    assert entry is not None and {"quotas", "quota_forms"} <= entry.change_set.tables()
    undo.undo(store, entry)
    assert _snap(store) == before


def test_undo_that_would_overfill_a_quota_is_refused_with_the_quota_message(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        first = nominate(s, d.campaign, IND, d.staff[0], "BK_TINH", d.department)
        second = nominate(s, d.campaign, IND, d.staff[1], "BK_TINH", d.department)
        transition(s, [first], S.SUBMITTED)
    history = _kept(store)
    with store.write() as s:
        transition(s, [first], S.WITHDRAWN)
    entry = history.next_undo()
    assert entry is not None
    store.history = None  # someone else (the command line, another office PC) takes the place
    with store.write() as s:
        transition(s, [second], S.SUBMITTED)
    store.history = history
    before = _snap(store)
    with pytest.raises(QuotaExceededError, match="Bằng khen") as info:
        undo.undo(store, entry)
    assert "Đề nghị #" in str(info.value)
    assert _snap(store) == before  # nothing written
    assert history.next_undo() is entry and history.next_redo() is None
    with store.read() as s:
        assert s.get(Nomination, first).status is S.WITHDRAWN  # type: ignore[union-attr]


def test_a_row_changed_since_refuses_the_undo_and_names_it(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
    pid = d.staff[1]
    history = _kept(store)
    with store.write() as s:
        data = individuals.individual_input(s, pid)
        data.phone = "0911111111"
        individuals.update_individual(s, pid, data)
    entry = history.next_undo()
    assert entry is not None
    store.history = None
    with store.write() as s:
        data = individuals.individual_input(s, pid)
        data.phone = "0922222222"
        individuals.update_individual(s, pid, data)
    store.history = history
    before = _snap(store)
    with pytest.raises(ConflictError, match="Cá nhân “Trần Thị Bình” đã được sửa sau thay đổi này"):
        undo.undo(store, entry)
    assert _snap(store) == before


def test_a_savepoint_rolled_back_leaves_nothing_to_undo(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
    history = _kept(store)
    with store.write() as s:
        nested = s.begin_nested()
        person(s, "Vũ Văn Thử", d.divisions[0])
        nested.rollback()
        kept = person(s, "Vũ Văn Giữ", d.divisions[0])
    entry = history.next_undo()
    assert entry is not None
    people = [r for r in entry.change_set.rows if r.table == "individuals"]
    assert [r.key for r in people] == [(kept,)]


def test_history_moves_entries_only_when_told_and_a_new_change_forgets_redo() -> None:
    a, b, c = (UndoEntry(label, ChangeSet(())) for label in "abc")
    history = UndoHistory(limit=2)
    for entry in (a, b, c):
        history.record(entry)
    assert history.next_undo() is c and history.next_redo() is None
    inverse = UndoEntry("c", ChangeSet(()))
    history.undone(a, inverse)  # not the top: nothing moves
    assert history.next_undo() is c
    history.undone(c, inverse)
    assert history.next_undo() is b and history.next_redo() is inverse
    history.record(a)
    assert history.next_redo() is None
    history.undone(a, inverse)
    history.undone(b, inverse)
    assert history.next_undo() is None  # the limit kept two


def test_labels_name_the_change() -> None:
    row = RowChange("individuals", (7,), {"full_name": "Lê Văn Tám", "deleted_at": None}, None)
    assert describe(ChangeSet((row,))) == "xóa cá nhân “Lê Văn Tám”"
    binned = RowChange("units", (1,), {"name": "A", "deleted_at": None}, {"name": "A", "deleted_at": 1})
    assert describe(ChangeSet((binned, binned))) == "chuyển vào thùng rác đơn vị (2)"
    assert group_digits(1240) == "1.240"


def test_undo_back_to_appraised_is_refused_when_the_file_is_no_longer_eligible(store: Store) -> None:
    with store.write() as s:
        room = unit(s, "Phòng Tổng hợp")
        binh = person(s, "Trần Thị Bình", room)
        rate(s, 2025, Rating.GOOD, individual=binh)
        nid = create_nomination(
            s,
            NominationInput(
                subject=SubjectRef(IND, binh),
                campaign_id=campaign(s, "LDTT"),
                award_form_id=form_id(s, "LDTT"),
                proposing_unit_id=room,
                year=2025,
                filed_on=date(2025, 12, 5),
            ),
        )
        transition(s, [nid], S.SUBMITTED)
        transition(s, [nid], S.APPRAISED)
    history = _kept(store)
    with store.write() as s:
        transition(s, [nid], S.RETURNED, note="Bổ sung bản đánh giá")
    entry = history.next_undo()
    assert entry is not None
    store.history = None  # the unit corrects the rating: "Hoàn thành nhiệm vụ" is not enough for LĐTT
    with store.write() as s:
        rate(s, 2025, Rating.COMPLETED, individual=binh)
    store.history = history
    before = _snap(store)
    with pytest.raises(IneligibleError, match=f"Đề nghị #{nid} .* không đủ điều kiện"):
        undo.undo(store, entry)
    assert _snap(store) == before


def test_a_bulk_insert_that_bypasses_the_orm_cannot_be_undone(store: Store) -> None:
    history = _kept(store)
    with store.write() as s:
        s.execute(
            insert(Individual),
            [{"given_name": "A", "full_name": "A", "gender": "male", "name_fold": "a", "sort_key": b""}],
        )
    entry = history.next_undo()
    assert entry is not None and not entry.undoable
    before = _snap(store)
    with pytest.raises(ConflictError, match="Không thể hoàn tác"):
        undo.undo(store, entry)
    assert _snap(store) == before


def test_two_edits_undo_one_after_the_other_and_redo_in_turn(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
    pid = d.staff[2]
    history = _kept(store)
    states = [_snap(store)]
    for phone in ("0901000001", "0901000002"):
        with store.write() as s:
            data = individuals.individual_input(s, pid)
            data.phone = phone
            individuals.update_individual(s, pid, data)
        states.append(_snap(store))
    for expected in (states[1], states[0]):
        entry = history.next_undo()
        assert entry is not None
        undo.undo(store, entry)
        assert _snap(store) == expected
    for expected in (states[1], states[2]):
        entry = history.next_redo()
        assert entry is not None
        undo.redo(store, entry)
        assert changed_rows(expected, _snap(store)) == set()


def test_a_move_of_nominations_is_named_by_the_nominations_not_their_events(store: Store) -> None:
    with store.write() as s:
        d = snn_department(s)
        ids = [nominate(s, d.campaign, IND, p, "BK_TINH", d.department) for p in d.staff[:2]]
    history = _kept(store)
    with store.write() as s:
        transition(s, ids, S.WITHDRAWN)
    entry = history.next_undo()
    assert entry is not None and entry.label == "sửa đề nghị khen thưởng (2)"
    assert {"nominations", "nomination_events"} <= entry.change_set.tables()


def test_undo_of_a_delete_whose_code_was_taken_since_is_refused_as_a_clash(store: Store) -> None:
    def form(code: str = "GK_THU") -> catalogue.AwardFormInput:
        return catalogue.AwardFormInput(
            code=code,
            name="Giấy khen thử nghiệm",
            short_name="GK thử",
            category=AwardCategory.FORM,
            level=AwardLevel.GRASSROOTS,
            for_individuals=True,
        )

    with store.write() as s:
        fid = catalogue.create_award_form(s, form())
        catalogue.create_award_form(s, form("GK_KHAC"))  # SQLite would give the last id out again
    history = _kept(store)
    with store.write() as s:
        catalogue.delete_award_form(s, fid)
    entry = history.next_undo()
    assert entry is not None
    store.history = None  # another clerk enters the form again under the same code
    with store.write() as s:
        catalogue.create_award_form(s, form())
    store.history = history
    before = _snap(store)
    with pytest.raises(ConflictError, match="trùng với bản ghi đã nhập sau đó"):
        undo.undo(store, entry)
    assert _snap(store) == before
