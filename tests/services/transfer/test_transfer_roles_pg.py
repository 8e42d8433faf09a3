"""``transfer`` onto a server database whose owner has set up users and roles (README "Máy chủ
dùng chung": a non-superuser owner runs ``emudesk init``, then ``users add``).

Replacing a database empties its audit log, which no member of staff may do, Quản trị included;
so the owner (or a superuser) replaces, and a staff login is told so before anything is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from emudesk.db.engine import to_url
from emudesk.db.models import Individual, Unit
from emudesk.domain.errors import RightsError
from emudesk.domain.rights import Role
from emudesk.services.core import users
from emudesk.services.core.audit_chain import verify_chain
from emudesk.services.core.store import Store
from emudesk.services.transfer.copying import transfer
from tests import factories
from tests.services.transfer.sources import small_source
from tests.services.transfer.test_transfer import whole

pytestmark = pytest.mark.pg

PASSWORD = "mật khẩu dài"


@dataclass
class Office:
    """A server database made by a login that is not a superuser (``emudesk init`` as the owner)."""

    owner: str
    tag: str
    staff: dict[Role, str] = field(default_factory=dict)

    def url(self, login: str) -> str:
        return to_url(self.owner).set(username=login).render_as_string(hide_password=False)

    def hire(self) -> None:
        """A staff login of each role (``emudesk users add``, as the owner)."""
        store = Store.open(self.owner)
        try:
            with store.write() as s:
                for role in Role:
                    self.staff[role] = f"t_{role.value}_{self.tag}"
                    users.add_user(s, self.staff[role], PASSWORD, role)
        finally:
            store.close()


@pytest.fixture
def office(pg_admin_url: str) -> Iterator[Office]:
    tag = uuid.uuid4().hex[:8]
    owner, database = f"t_owner_{tag}", f"emudesk_office_{tag}"
    admin = create_engine(to_url(pg_admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {owner} LOGIN CREATEROLE"))
        conn.execute(text(f'CREATE DATABASE "{database}" OWNER {owner}'))
    made = Office(to_url(pg_admin_url).set(username=owner, database=database).render_as_string(False), tag)
    Store.open(made.owner, create=True).close()
    yield made
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        for name in made.staff.values():
            conn.execute(text(f"DROP ROLE IF EXISTS {name}"))
        groups = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"%{tag}%"})
        for (group,) in groups.all():
            conn.execute(text(f'DROP ROLE IF EXISTS "{group}"'))
        conn.execute(text(f"DROP ROLE IF EXISTS {owner}"))
    admin.dispose()


def _filled(url: str) -> None:
    store = Store.open(url)
    try:
        with store.write() as s:
            factories.unit(s, "Phòng Đã Có Trên Máy Chủ")
    finally:
        store.close()


def _names(url: str) -> tuple[set[str], int]:
    store = Store.open(url)
    try:
        with store.read() as s:
            units = set(s.scalars(select(Unit.name)))
            people = s.scalar(select(func.count()).select_from(Individual)) or 0
            assert verify_chain(s).ok
        return units, people
    finally:
        store.close()


def test_the_owner_moves_the_office_onto_the_database_it_made(
    office: Office, tmp_path: Path, sqlite_template: Path
) -> None:
    # README step 3: init as the owner, then transfer the office's file onto it.
    transfer(small_source(tmp_path, sqlite_template), office.owner)
    units, people = _names(office.owner)
    assert "Sở Nguồn" in units and people == 30


def test_the_owner_replaces_a_database_holding_data(
    office: Office, tmp_path: Path, sqlite_template: Path
) -> None:
    office.hire()
    _filled(office.owner)
    result = transfer(small_source(tmp_path, sqlite_template), office.owner, replace=True)
    assert result.rows > 0
    units, people = _names(office.owner)
    assert "Phòng Đã Có Trên Máy Chủ" not in units and people == 30
    # The right to empty the audit log lasted the copy's transaction only.
    engine = create_engine(to_url(office.owner))
    try:
        with engine.connect() as conn:
            held = conn.execute(text("SELECT has_table_privilege('audit_log', 'DELETE')")).scalar()
    finally:
        engine.dispose()
    assert held is False


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CLERK])
def test_a_staff_login_is_told_who_may_replace_and_nothing_is_written(
    office: Office, tmp_path: Path, sqlite_template: Path, role: Role
) -> None:
    office.hire()
    _filled(office.owner)
    target = office.url(office.staff[role])
    before = whole(office.owner)
    with pytest.raises(RightsError) as refused:
        transfer(small_source(tmp_path, sqlite_template), target, replace=True)
    message = str(refused.value)
    owner = to_url(office.owner).username
    assert f"“{owner}”" in message and "siêu người dùng" in message and "Quản trị" in message, message
    assert "nhật ký" in message and "Chưa có gì được ghi" in message, message
    assert whole(office.owner) == before  # the audit log too


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CLERK, Role.APPROVER])
def test_a_copy_off_the_server_by_staff_is_refused_naming_the_key_and_who_may(
    office: Office, tmp_path: Path, role: Role
) -> None:
    office.hire()
    _filled(office.owner)
    target = tmp_path / "ban-sao.sqlite3"
    login = office.staff[role]
    with pytest.raises(RightsError) as refused:
        transfer(office.url(login), target)
    message = str(refused.value)
    assert "offices.private_key" in message and "Quản trị" in message and f"“{login}”" in message, message
    assert not target.exists()


def test_an_administrator_copies_the_server_off_to_a_file(office: Office, tmp_path: Path) -> None:
    office.hire()
    _filled(office.owner)
    target = tmp_path / "ban-sao.sqlite3"
    transfer(office.url(office.staff[Role.ADMIN]), target)
    assert "Phòng Đã Có Trên Máy Chủ" in _names(str(target))[0]
