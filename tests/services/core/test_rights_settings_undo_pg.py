"""Settings and undo check the signed-in role first: a refusal in the role's words, before the server's.

The server would refuse most of these too (its GRANTs, its status trigger); the service's check
makes the refusal a sentence naming whose work it is. Undo is stricter than the GRANTs: only a
role that may make a change may undo it (a clerk may write nominations back to "submitted", but
not so take back a leader's rejection).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from emudesk.db.models import Individual, Nomination
from emudesk.domain.enums import NominationStatus, SubjectKind
from emudesk.domain.errors import RightsError
from emudesk.domain.rights import Role
from emudesk.services.core import users
from emudesk.services.core.history import UndoEntry, UndoHistory
from emudesk.services.core.store import Store, get_setting, set_setting
from emudesk.services.nominations.workflow import transition
from emudesk.services.workspace import undo
from tests import factories as f
from tests.snapshot import snapshot

pytestmark = pytest.mark.pg

SERVER_SENTENCE = "Máy chủ cơ sở dữ liệu đã từ chối"


@pytest.fixture
def signed_in(pg_store: Store) -> Iterator[dict[Role, Store]]:
    """A store signed in as a fresh login of each role (made by the tables' owner)."""
    opened = {}
    for role in Role:
        name = f"t_{role.value}_{uuid.uuid4().hex[:8]}"
        with pg_store.write() as s:
            users.add_user(s, name, "mật khẩu dài", role)
        url = pg_store.db.url.set(username=name, password="mật khẩu dài")
        opened[role] = Store.open(url.render_as_string(hide_password=False))
    yield opened
    for store in opened.values():
        store.close()


def _snap(store: Store) -> dict[str, dict[tuple[object, ...], tuple[object, ...]]]:
    with store.read() as s:
        return snapshot(s)


def _kept(store: Store) -> UndoHistory:
    store.history = UndoHistory()
    return store.history


def _last(history: UndoHistory) -> UndoEntry:
    entry = history.next_undo()
    assert entry is not None
    return entry


def test_only_an_administrator_changes_settings(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    before = _snap(pg_store)
    for role in (Role.VIEWER, Role.CLERK, Role.SECRETARY, Role.APPROVER):
        with pytest.raises(RightsError) as refused, signed_in[role].write() as s:
            set_setting(s, "office.symbol", "XYZ")
        message = str(refused.value)
        assert f"có vai trò {role.label}" in message and "Quản trị" in message, message
        assert SERVER_SENTENCE not in message  # the service said it, not the server
    assert _snap(pg_store) == before

    with signed_in[Role.ADMIN].write() as s:
        set_setting(s, "office.symbol", "UBND")
    with pg_store.read() as s:
        assert get_setting(s, "office.symbol") == "UBND"


def test_undo_is_for_the_role_that_may_make_the_change(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    clerk = signed_in[Role.CLERK]
    with clerk.write() as s:
        room = f.unit(s, "Phòng Tổng hợp")
    history = _kept(clerk)
    with clerk.write() as s:
        added = f.person(s, "Đỗ Văn Mới", room)
    entry = _last(history)
    before = _snap(pg_store)

    for role in (Role.VIEWER, Role.APPROVER, Role.ADMIN):
        with pytest.raises(RightsError) as refused:
            undo.undo(signed_in[role], entry)
        message = str(refused.value)
        assert f"có vai trò {role.label}" in message and "Nhập liệu" in message, message
        assert SERVER_SENTENCE not in message
        assert _snap(pg_store) == before

    undo.undo(clerk, entry)
    with pg_store.read() as s:
        assert s.get(Individual, added) is None
    with pytest.raises(RightsError, match="Xem"):
        undo.redo(signed_in[Role.VIEWER], _redo(history))
    undo.redo(clerk, _redo(history))
    with pg_store.read() as s:
        assert s.scalar(select(Individual.full_name).where(Individual.id == added)) == "Đỗ Văn Mới"


def _redo(history: UndoHistory) -> UndoEntry:
    entry = history.next_redo()
    assert entry is not None
    return entry


def test_a_clerk_cannot_take_back_a_leaders_rejection(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    clerk, leader = signed_in[Role.CLERK], signed_in[Role.APPROVER]
    with clerk.write() as s:
        dept = f.snn_department(s)
        nid = f.nominate(s, dept.campaign, SubjectKind.INDIVIDUAL, dept.staff[0], "BK_TINH", dept.department)
    history = _kept(clerk)
    with clerk.write() as s:
        transition(s, [nid], NominationStatus.SUBMITTED)
    submitted = _last(history)
    leaders = _kept(leader)
    with leader.write() as s:
        transition(s, [nid], NominationStatus.REJECTED, note="Thiếu hồ sơ")
    rejection = _last(leaders)
    before = _snap(pg_store)

    # The server would let the clerk write "submitted" back; only the service knows whose change it was.
    with pytest.raises(RightsError) as refused:
        undo.undo(clerk, rejection)
    assert "Lãnh đạo" in str(refused.value) and "Thư ký Hội đồng" in str(refused.value)
    # The leader may not put a file back to "submitted" (a clerk's step): said as such, not by the server.
    with pytest.raises(RightsError) as refused:
        undo.undo(leader, rejection)
    assert "có vai trò Lãnh đạo" in str(refused.value) and "Nhập liệu" in str(refused.value)
    assert SERVER_SENTENCE not in str(refused.value)
    assert _snap(pg_store) == before

    # A clerk undoes a clerk's step.
    with pg_store.write() as s:  # the owner (no role) may undo anything
        undo.revert(s, rejection.change_set)
    undo.undo(clerk, submitted)
    with pg_store.read() as s:
        assert s.get(Nomination, nid).status is NominationStatus.DRAFT  # type: ignore[union-attr]
