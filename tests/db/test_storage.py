"""Storage behaviour: pragmas, NFC text, derived search columns, the audit log, transactions."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import select, text

from emudesk.db.models import AuditEntry, Individual
from emudesk.domain.enums import Gender
from emudesk.domain.errors import ValidationError
from emudesk.domain.text import fold
from emudesk.services.core.store import Store
from emudesk.services.register import individuals
from tests.factories import person, unit


@pytest.mark.sqlite_only("SQLite pragmas")
def test_sqlite_pragmas(sqlite_store: Store) -> None:
    with sqlite_store.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 10000


def test_text_is_stored_nfc_with_fold_and_sort_key(store: Store) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn  Văn Đức")
    with store.write() as s:
        pid = individuals.create_individual(
            s,
            individuals.IndividualInput(
                family_name=nfd.split()[0],
                middle_name="Văn",
                given_name=nfd.split()[-1],
                gender=Gender.MALE,
                birth_year=1980,
            ),
        )
    with store.read() as s:
        row = s.get(Individual, pid)
        assert row is not None
        assert row.full_name == "Nguyễn Văn Đức" and unicodedata.is_normalized("NFC", row.full_name)
        assert row.name_fold == " nguyen van duc"  # each word after a space: see db/search.py
        found = s.scalars(select(Individual.id).where(Individual.name_fold.like("%van duc%"))).all()
        assert found == [pid]


def test_every_change_is_in_the_audit_log(store: Store) -> None:
    with store.write(actor="thu.ky") as s:
        uid = unit(s, "Phòng Tổng hợp")
        pid = person(s, "Lê Thị Hoa", uid, gender=Gender.FEMALE)
    data = individuals.IndividualInput(
        family_name="Lê",
        middle_name="Thị",
        given_name="Hòa",
        gender=Gender.FEMALE,
        birth_date=date(1985, 5, 1),
        unit_id=uid,
    )
    with store.write(actor="truong.phong") as s:
        individuals.update_individual(s, pid, data)
    with store.write(actor="thu.ky") as s:
        individuals.delete_individual(s, pid)
    with store.read() as s:
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "individuals", AuditEntry.record_id == pid)
            .order_by(AuditEntry.id)
        ).all()
    assert [r.action for r in rows] == ["create", "update", "update"]
    created, renamed, deleted = rows
    assert (
        created.actor == "thu.ky" and created.after is not None and created.after["full_name"] == "Lê Thị Hoa"
    )
    assert renamed.actor == "truong.phong"
    assert renamed.before == {"given_name": "Hoa", "full_name": "Lê Thị Hoa"}
    assert renamed.after == {"given_name": "Hòa", "full_name": "Lê Thị Hòa"}
    assert deleted.after is not None and deleted.after.get("deleted_at")


def test_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(ValidationError), store.write() as s:
        unit(s, "Phòng A")
        person(s, "Trần ", None)  # no given name: refused after the unit was added
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM units")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() == 0


def test_folding_matches_python(store: Store) -> None:
    names = ["Đặng Quốc Hưng", "ĐỖ THỊ ƯỚC", "Nguyễn Thị Ánh"]
    with store.write() as s:
        for n in names:
            person(s, n, None, gender=Gender.FEMALE if "THỊ" in n.upper() else Gender.MALE)
    with store.read() as s:
        stored = set(s.scalars(select(Individual.name_fold)).all())
    assert stored == {" " + fold(n) for n in names}
