"""On a server, a whole package is imported by a login holding the exchange right (an administrator
who does not own the tables): its records are written as the package says, every rule checked, the
audit naming the login and the package. A clerk is refused up front, naming the right; nothing written.
Outside an import the administrator still writes none of the register's tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from emudesk.db.models import AuditEntry, Individual, Nomination
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import RightsError
from emudesk.domain.rights import Role
from emudesk.services.core import users
from emudesk.services.core.audit_chain import verify_chain
from emudesk.services.core.store import Store
from emudesk.services.exchange import office
from tests.services.exchange.offices import Offices, commune_dossiers, province_campaign, receive, send
from tests.snapshot import snapshot

pytestmark = pytest.mark.pg

PASSWORD = "mật khẩu dài"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


@pytest.fixture
def offices(pg_store: Store, tmp_path: Path) -> Iterator[Offices]:
    """The province on the server (set up by the tables' owner), the commune in a file, with three
    voted dossiers for the province's campaign ready to send up."""
    lower = Store.open(tmp_path / "xa.sqlite3", create=True)
    with pg_store.write() as s:
        office.init_office(s, "Sở Nội vụ tỉnh Hưng Yên")
        upper_key = office.export_key(s)
    with lower.write() as s:
        office.init_office(s, "UBND xã Vũ Thư")
        office.trust(s, upper_key)
        lower_key = office.export_key(s)
    with pg_store.write() as s:
        office.trust(s, lower_key)
    pair = Offices(tmp_path, pg_store, lower)
    province_campaign(pair, limit=5)
    send(pg_store, tmp_path / "ke-hoach.emx")
    receive(lower, tmp_path / "ke-hoach.emx")
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4 bao cao thanh tich")
    commune_dossiers(pair, evidence, NAMES)
    send(lower, tmp_path / "de-nghi.emx")
    yield pair
    lower.close()


def _login(pg_store: Store, role: Role) -> tuple[str, Store]:
    name = f"t_{role.value}_{uuid.uuid4().hex[:8]}"
    with pg_store.write() as s:
        users.add_user(s, name, PASSWORD, role)
    url = pg_store.db.url.set(username=name, password=PASSWORD)
    return name, Store.open(url.render_as_string(hide_password=False))


def test_an_administrator_who_does_not_own_the_tables_imports_the_whole_package(
    offices: Offices, pg_store: Store
) -> None:
    name, admin = _login(pg_store, Role.ADMIN)
    try:
        result = receive(admin, offices.package("de-nghi.emx"), receipt=offices.package("bien-nhan.emx"))
        assert result.refused == []
        assert result.counts()["new"] == 3 * 3 + 1  # people, achievements, nominations; the commune
        with admin.read() as s:
            filed = s.scalars(select(Nomination).order_by(Nomination.id)).all()
            assert [n.status for n in filed] == [NominationStatus.SUBMITTED] * 3
            assert [n.votes_for for n in filed] == [9, 9, 9]
            people = set(s.scalars(select(Individual.full_name)))
            assert set(NAMES) <= people
            # The audit names the login for every record written and, once, the package.
            written = AuditEntry.table_name.in_(["individuals", "nominations"])
            actors = set(s.scalars(select(AuditEntry.actor).where(written)))
            assert actors == {name}
            noted = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "exchange_packages")).all()
            assert [(e.actor, result.package_uuid in e.summary) for e in noted] == [(name, True)]
            assert verify_chain(s).ok
        assert offices.package("bien-nhan.emx").exists()
        # A second import changes nothing.
        assert receive(admin, offices.package("de-nghi.emx")).already_imported
        # The right is the import's: outside it the administrator writes no register table.
        url = admin.db.url
        with psycopg.connect(
            host=url.host, port=url.port, dbname=url.database, user=url.username, password=url.password
        ) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE individuals SET note = 'sửa tay'")
            conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE nominations SET status = 'approved'")
    finally:
        admin.close()


def test_a_clerk_is_refused_up_front_naming_the_right_and_nothing_is_written(
    offices: Offices, pg_store: Store
) -> None:
    _name, clerk = _login(pg_store, Role.CLERK)
    try:
        with pg_store.read() as s:
            before = snapshot(s)
        with pytest.raises(RightsError, match=r"“exchange\.receive”") as refused:
            receive(clerk, offices.package("de-nghi.emx"))
        assert "Quản trị" in refused.value.message
        with pg_store.read() as s:
            assert snapshot(s) == before
    finally:
        clerk.close()
