"""Rows written with ids of their own leave every id sequence past them (PostgreSQL), so the
next ORM insert into any table takes a fresh id instead of failing on the primary key."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from emudesk.db.base import Base
from emudesk.db.models import Unit, UnitKind
from emudesk.db.sequences import advance_sequences
from emudesk.domain.enums import Gender, SubjectKind
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.demo import dataset as demo
from emudesk.services.demo.base import SIZES, DemoSize, stamp
from emudesk.services.register.awards import AwardInput, create_award
from emudesk.services.register.households import HouseholdInput, create_household
from emudesk.services.register.individuals import IndividualInput, create_individual
from emudesk.services.register.units import UnitInput, create_unit
from emudesk.services.workspace.check import run_checks


def _behind(session: Session) -> list[str]:
    """The tables whose next id (from the sequence on PostgreSQL) is not past their highest id."""
    if session.get_bind().dialect.name != "postgresql":
        return []  # SQLite takes max(id) + 1 on every insert
    behind = []
    for table in Base.metadata.sorted_tables:
        if table.autoincrement_column is None:
            continue
        top = session.scalar(select(func.max(table.c.id)))
        seq = session.scalar(text(f"SELECT pg_get_serial_sequence('{table.name}', 'id')"))
        assert seq, f"{table.name} has no id sequence"
        following = session.scalar(text(f"SELECT nextval('{seq}')"))
        if top is not None and following <= top:
            behind.append(f"{table.name}: next id {following}, highest {top}")
    return behind


def _insert_one_of_each(session: Session) -> None:
    unit = create_unit(session, UnitInput(name="Phòng Thử nghiệm mới", kind_code="don_vi_truc_thuoc"))
    person = create_individual(
        session, IndividualInput("Trần", "Thị", "Mới", Gender.FEMALE, birth_year=1990, unit_id=unit)
    )
    create_household(session, HouseholdInput(head_name="Trần Văn Hộ"))
    create_award(
        session,
        AwardInput(SubjectRef(SubjectKind.INDIVIDUAL, person), 2025, award_form_code="LDTT", issuer="UBND"),
    )


def test_ids_written_by_hand_then_advanced_leave_room_for_the_orm(store: Store) -> None:
    with store.write() as s:
        kind = s.scalar(select(UnitKind.id).where(UnitKind.code == "ubnd_xa"))
        rows = [{"id": i, "name": f"Xã {i}", "short_name": "", "kind_id": kind, **stamp()} for i in (1, 2, 3)]
        s.execute(insert(Unit), rows)
        advance_sequences(s)
        assert not _behind(s)
        new = create_unit(s, UnitInput(name="Xã mới", kind_code="ubnd_xa"))
    assert new > 3


def test_after_the_demo_every_table_takes_new_ids(demo_store: Store) -> None:
    with demo_store.write() as s:
        assert not _behind(s)
        _insert_one_of_each(s)
        added = select(func.count()).select_from(Unit).where(Unit.name == "Phòng Thử nghiệm mới")
        assert s.scalar(added) == 1


@pytest.fixture
def tiny_province(monkeypatch: pytest.MonkeyPatch) -> None:
    """The province builder (bulk nominations and awards with ids of their own) at a test's size."""
    monkeypatch.setitem(SIZES, "province", DemoSize("province", 300, 20, 1, 3, 1, 1, history_share=0.3))


@pytest.mark.pg
def test_after_a_province_build_every_table_takes_new_ids(pg_store: Store, tiny_province: None) -> None:
    # On PostgreSQL only: SQLite takes max(id) + 1 anyway, and the build's fixed cost is ~10 s.
    with pg_store.write() as s:
        demo.generate(s, size="province")
    with pg_store.read() as s:
        report = run_checks(s, is_sqlite=False)  # what `emudesk check` runs after the build
    assert report.ok, report.errors[:3]
    with pg_store.write() as s:
        assert not _behind(s)
        _insert_one_of_each(s)
