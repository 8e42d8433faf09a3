"""The office's private key on a server: only the administrator group and the tables' owner read it,
and sending or receiving packages is the administrator's (it signs with that key)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from emudesk.db.models import ExchangePackage
from emudesk.domain.errors import RightsError
from emudesk.domain.rights import Role
from emudesk.services.core import users
from emudesk.services.core.store import Store
from emudesk.services.exchange import exporting, importing, office
from emudesk.services.exchange.package import open_package
from tests.services.exchange.offices import Offices, province_campaign
from tests.snapshot import snapshot

pytestmark = pytest.mark.pg

PASSWORD = "mật khẩu dài"


@pytest.fixture
def signed_in(pg_store: Store) -> Iterator[dict[Role, Store]]:
    with pg_store.write() as s:
        office.init_office(s, "Sở Nội vụ tỉnh Hưng Yên")
    opened = {}
    for role in Role:
        name = f"t_{role.value}_{uuid.uuid4().hex[:8]}"
        with pg_store.write() as s:
            users.add_user(s, name, PASSWORD, role)
        url = pg_store.db.url.set(username=name, password=PASSWORD)
        opened[role] = Store.open(url.render_as_string(hide_password=False))
    yield opened
    for store in opened.values():
        store.close()


def _raw(store: Store) -> psycopg.Connection:
    url = store.db.url
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=url.username, password=url.password
    )


def test_only_the_administrator_reads_the_private_key(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    for role, store in signed_in.items():
        with _raw(store) as conn:
            # Everyone reads the office's name and fingerprint (the exchange screen shows them).
            assert conn.execute("SELECT name, fingerprint FROM offices").fetchall()
            if role is Role.ADMIN:
                (key,) = conn.execute("SELECT private_key FROM offices WHERE is_self").fetchone()  # type: ignore[misc]
                assert len(key) == 32
                continue
            for sql in ("SELECT private_key FROM offices", "SELECT * FROM offices"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="offices"):
                    conn.execute(sql)
                conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE offices SET private_key = NULL")
            conn.rollback()
        # Through emudesk the office is shown all the same: the key is never loaded for it.
        with store.read() as s:
            assert office.this_office(s).name == "Sở Nội vụ tỉnh Hưng Yên"
    with _raw(pg_store) as conn:
        assert conn.execute("SELECT private_key FROM offices WHERE is_self").fetchone()


def test_sending_and_receiving_packages_is_the_administrators(
    pg_store: Store, signed_in: dict[Role, Store], tmp_path: Path
) -> None:
    lower = Store.open(tmp_path / "xa.sqlite3", create=True)
    try:
        with lower.write() as s:
            office.init_office(s, "UBND xã Vũ Thư")
            lower_key = office.export_key(s)
        with pg_store.read() as s:
            upper_key = office.export_key(s)
        with lower.write() as s:
            office.trust(s, upper_key)
        with pg_store.write() as s:
            office.trust(s, lower_key)
        province_campaign(Offices(tmp_path, pg_store, lower))
        target = tmp_path / "ke-hoach.emx"
        with pg_store.read() as s:
            before = snapshot(s)
        for role in (Role.VIEWER, Role.CLERK, Role.APPROVER):
            with pytest.raises(RightsError, match="Quản trị") as refused, signed_in[role].write() as s:
                exporting.export_package(s, target)
            # Why, and what staff do instead: they prepare the files, an administrator sends them.
            message = str(refused.value)
            assert "khóa của cơ quan" in message and "cán bộ chuẩn bị" in message, message
            assert f"“{signed_in[role].db.url.username}”" in message and role.label in message, message
        assert not target.exists()
        with pg_store.read() as s:
            assert snapshot(s) == before
        with signed_in[Role.ADMIN].write() as s:
            exporting.export_package(s, target)
        # The package back from the commune's side: received only by an administrator.
        with lower.write() as s:
            package = open_package(s, target)
            result = importing.apply(s, package, importing.preview(s, package))
            importing.write_receipt(s, result, tmp_path / "bien-nhan.emx")
        with pg_store.read() as s:
            before = snapshot(s)
        for role in (Role.VIEWER, Role.CLERK):
            with pytest.raises(RightsError, match="Quản trị"), signed_in[role].write() as s:
                package = open_package(s, tmp_path / "bien-nhan.emx")
                importing.apply(s, package, importing.preview(s, package))
        with pg_store.read() as s:
            assert snapshot(s) == before
        with signed_in[Role.ADMIN].write() as s:
            package = open_package(s, tmp_path / "bien-nhan.emx")
            importing.apply(s, package, importing.preview(s, package))
        with pg_store.read() as s:
            kinds = sorted(s.scalars(select(ExchangePackage.direction)))
        assert kinds == ["received", "sent"]
    finally:
        lower.close()


def test_a_server_already_at_0014_hides_the_key_when_next_opened(
    pg_store: Store, signed_in: dict[Role, Store]
) -> None:
    from alembic import command

    from emudesk.db.migrate import alembic_config, head_revision

    url = pg_store.db.url
    owner = url.render_as_string(hide_password=False)
    pg_store.close()
    command.downgrade(alembic_config(url), "0015_status_events")
    viewer = signed_in[Role.VIEWER]
    with _raw(viewer) as conn:
        assert conn.execute("SELECT private_key FROM offices").fetchone()  # as 0015 left it
    reopened = Store.open(owner)
    try:
        with _raw(viewer) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT private_key FROM offices")
            conn.rollback()
            (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()  # type: ignore[misc]
        assert revision == head_revision()
    finally:
        reopened.close()
