"""Users and rights on a server: the services refuse with a sentence, the server refuses raw SQL.

Logins are made through the service (``users.add_user``) as the tables' owner, then each test
signs in as them. The throwaway cluster trusts every password (``tests/pg.py``), but GRANTs hold
for any login that is not a superuser, which is what these tests are about.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import ProgrammingError

from emudesk.db.models import AuditEntry, Individual, Nomination
from emudesk.db.roles import STATUS_ROLES, apply_grants, clearing_audit
from emudesk.domain.enums import Gender, NominationStatus, SubjectKind
from emudesk.domain.errors import RightsError
from emudesk.domain.rights import Role
from emudesk.services.core import users
from emudesk.services.core.store import Store
from emudesk.services.nominations.workflow import transition
from emudesk.services.register import individuals
from tests import factories as f

pytestmark = pytest.mark.pg


def _login(owner: Store, role: Role) -> str:
    name = f"t_{role.value}_{uuid.uuid4().hex[:8]}"
    with owner.write() as s:
        users.add_user(s, name, "mật khẩu dài", role)
    return name


@pytest.fixture
def signed_in(pg_store: Store) -> Iterator[dict[Role, Store]]:
    """A store signed in as a fresh login of each role."""
    opened = {}
    for role in Role:
        name = _login(pg_store, role)
        url = pg_store.db.url.set(username=name, password="mật khẩu dài")
        opened[role] = Store.open(url.render_as_string(hide_password=False))
    yield opened
    for store in opened.values():
        store.close()


def _raw(store: Store) -> psycopg.Connection:
    url = store.db.url
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=url.username, password=url.password
    )


def _person(s: object) -> individuals.IndividualInput:
    return individuals.IndividualInput(
        family_name="Nguyễn", middle_name="Văn", given_name="An", gender=Gender.MALE
    )


def test_a_viewer_reads_but_every_write_is_refused(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    with pg_store.write() as s:
        f.person(s, "Trần Thị Bình")
    viewer = signed_in[Role.VIEWER]
    with viewer.read() as s:
        assert s.scalar(select(func.count()).select_from(Individual)) == 1
    with pytest.raises(RightsError, match="Xem") as refused, viewer.write() as s:
        individuals.create_individual(s, _person(s))
    assert "Nhập liệu" in str(refused.value)
    with _raw(viewer) as conn:
        for sql in (
            "INSERT INTO individuals (uuid, family_name, middle_name, given_name, full_name, name_fold,"
            " sort_key, created_at, updated_at) VALUES ('x', 'A', '', 'B', 'A B', 'a b', 'b', now(), now())",
            "UPDATE individuals SET given_name = 'X'",
            "DELETE FROM individuals",
            "INSERT INTO settings (key, value) VALUES ('x', '1')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()
    with pg_store.read() as s:
        assert s.scalars(select(Individual.full_name)).all() == ["Trần Thị Bình"]


def test_a_clerk_adds_a_person_but_cannot_approve(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    clerk = signed_in[Role.CLERK]
    with clerk.write() as s:
        dept = f.snn_department(s)
        nid = f.nominate(s, dept.campaign, SubjectKind.INDIVIDUAL, dept.staff[0], "BK_TINH", dept.department)
        transition(s, [nid], NominationStatus.SUBMITTED)
    with pytest.raises(RightsError, match="Lãnh đạo"), clerk.write() as s:
        transition(s, [nid], NominationStatus.APPRAISED, override_reason="Hội đồng đã xem xét")
    with _raw(clerk) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE nominations SET status = 'approved' WHERE id = %s", (nid,))
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO decisions (number) VALUES ('1/QĐ')")
        conn.rollback()
    with pg_store.read() as s:
        assert s.get(Nomination, nid).status is NominationStatus.SUBMITTED  # type: ignore[union-attr]
    # The leader may do what the clerk may not, through emudesk and on the server alike.
    with signed_in[Role.APPROVER].write() as s:
        transition(s, [nid], NominationStatus.APPRAISED, override_reason="Hội đồng đã xem xét")
    with pytest.raises(RightsError), signed_in[Role.APPROVER].write() as s:
        individuals.create_individual(s, _person(s))


def test_nobody_rewrites_or_removes_audit_rows(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    with signed_in[Role.CLERK].write() as s:
        individuals.create_individual(s, _person(s))
    with pg_store.read() as s:
        entries = s.scalar(select(func.count()).select_from(AuditEntry))
    assert entries is not None and entries > 1
    for role, store in signed_in.items():
        with _raw(store) as conn:
            for sql in (
                "UPDATE audit_log SET actor = 'someone else'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(sql)
                conn.rollback()
            assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (entries,), role


def test_the_audit_log_names_the_login_that_wrote(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    clerk = signed_in[Role.CLERK]
    with clerk.write(actor="not me") as s:
        person = individuals.create_individual(s, _person(s))
    with signed_in[Role.ADMIN].write() as s:
        users.add_user(s, f"t_more_{uuid.uuid4().hex[:8]}", "mật khẩu dài", Role.VIEWER)
    with pg_store.read() as s:
        actors = s.scalars(select(AuditEntry.actor).where(AuditEntry.record_id == person)).all()
    assert actors == [clerk.db.url.username]
    assert clerk.actor == clerk.db.url.username


def test_every_status_is_refused_on_the_server_to_the_roles_it_is_not_for(
    pg_store: Store, signed_in: dict[Role, Store]
) -> None:
    with pg_store.write() as s:
        dept = f.snn_department(s)
        nid = f.nominate(s, dept.campaign, SubjectKind.INDIVIDUAL, dept.staff[0], "BK_TINH", dept.department)
    for status, allowed in STATUS_ROLES.items():
        # A move, from another status: keeping the same status is no move.
        with _raw(pg_store) as owner:
            owner.execute(
                "UPDATE nominations SET status = %s WHERE id = %s",
                ("submitted" if status == "draft" else "draft", nid),
            )
        for role, store in signed_in.items():
            with _raw(store) as conn:
                try:
                    conn.execute("UPDATE nominations SET status = %s WHERE id = %s", (status, nid))
                    refused = False
                except psycopg.errors.InsufficientPrivilege:
                    refused = True
                conn.rollback()
            assert refused is (role not in allowed), (status, role)


def test_users_are_listed_with_their_role_and_can_be_moved_and_disabled(
    pg_store: Store, signed_in: dict[Role, Store]
) -> None:
    admin = signed_in[Role.ADMIN]
    clerk_name = signed_in[Role.CLERK].db.url.username
    with admin.write() as s:
        users.set_role(s, clerk_name, Role.SECRETARY)
        users.disable_user(s, clerk_name)
    with admin.read() as s:
        listed = {u.name: u for u in users.list_users(s)}
    assert listed[clerk_name].role is Role.SECRETARY and not listed[clerk_name].enabled
    others = {r: listed[str(st.db.url.username)].role for r, st in signed_in.items() if r is not Role.CLERK}
    assert all(role is held for role, held in others.items())
    with pytest.raises(psycopg.OperationalError):
        _raw(signed_in[Role.CLERK]).close()
    with pytest.raises(RightsError), signed_in[Role.APPROVER].write() as s:
        users.add_user(s, "t_nobody", "mật khẩu dài", Role.ADMIN)


def test_the_owner_and_a_superuser_have_no_role_and_may_write(pg_store: Store) -> None:
    """Roles exist and the tables' owner is a superuser here: it is in no group, so nothing
    refuses it (the tests of every other feature write as it)."""
    _login(pg_store, Role.VIEWER)
    reopened = Store.open(pg_store.db.url.render_as_string(hide_password=False))
    try:
        assert reopened.db.signed_in() == ("postgres", None)
        with reopened.write() as s:
            dept = f.snn_department(s)
            staff = dept.staff[0]
            nid = f.nominate(s, dept.campaign, SubjectKind.INDIVIDUAL, staff, "BK_TINH", dept.department)
            transition(s, [nid], NominationStatus.SUBMITTED)
    finally:
        reopened.close()


def test_a_login_cannot_append_audit_entries_in_another_name(signed_in: dict[Role, Store]) -> None:
    with _raw(signed_in[Role.CLERK]) as conn:
        before = conn.execute("SELECT count(*) FROM audit_log").fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO audit_log (at, actor, action, table_name, summary) "
                "VALUES (now(), 'giam_doc', 'update', 'individuals', 'giả mạo')"
            )
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == before


def test_the_tables_owner_cannot_rewrite_audit_rows_either(pg_store: Store) -> None:
    """The login that ran ``emudesk init`` (here made the owner of the audit table)."""
    owner = f"t_owner_{uuid.uuid4().hex[:8]}"
    with pg_store.db.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {owner} LOGIN PASSWORD 'x'")
        conn.exec_driver_sql(f"ALTER TABLE audit_log OWNER TO {owner}")
        apply_grants(conn)
    with pg_store.write() as s:
        individuals.create_individual(s, _person(s))
    url = pg_store.db.url.set(username=owner, password="x")
    with psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=owner, password="x") as conn:
        for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, table_name, summary)"
            " VALUES (now(), 'x', 'note', 'x', '')"
        )


def test_user_changes_are_in_the_audit_log(pg_store: Store, signed_in: dict[Role, Store]) -> None:
    name = signed_in[Role.VIEWER].db.url.username
    with signed_in[Role.ADMIN].write() as s:
        users.set_role(s, str(name), Role.CLERK)
    with pg_store.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert last.actor == signed_in[Role.ADMIN].db.url.username
    assert last.table_name == "users" and name in last.summary and "Nhập liệu" in last.summary


def test_the_owner_empties_the_audit_log_only_on_purpose(pg_store: Store) -> None:
    """A transfer's --replace: the right lasts one transaction."""
    owner = f"t_owner_{uuid.uuid4().hex[:8]}"
    with pg_store.db.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {owner} LOGIN PASSWORD 'x'")
        conn.exec_driver_sql(f"ALTER TABLE audit_log OWNER TO {owner}")
        apply_grants(conn)
    with pg_store.write() as s:
        individuals.create_individual(s, _person(s))
    url = pg_store.db.url.set(username=owner, password="x")
    engine = create_engine(url)
    try:
        with engine.begin() as conn, clearing_audit(conn):
            conn.exec_driver_sql("DELETE FROM audit_log")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() == 0
            with pytest.raises(ProgrammingError, match="permission denied"):
                conn.exec_driver_sql("DELETE FROM audit_log")
    finally:
        engine.dispose()


def test_a_write_no_service_checked_is_refused_with_a_sentence(signed_in: dict[Role, Store]) -> None:
    """The server's refusal of a path without a check of its own (here a setting written straight
    through the ORM, not through ``set_setting``) reads as one."""
    from emudesk.db.models import Setting

    viewer = signed_in[Role.VIEWER]
    with pytest.raises(RightsError, match="Máy chủ cơ sở dữ liệu đã từ chối"), viewer.write() as s:
        s.add(Setting(key="office.symbol", value="XYZ"))
    with viewer.read() as s:
        from emudesk.services.core.store import get_setting

        assert get_setting(s, "office.symbol") != "XYZ"


def test_a_table_a_later_migration_makes_follows_the_rights(
    pg_store: Store, signed_in: dict[Role, Store]
) -> None:
    """Default privileges cover it at once; the re-grant after every upgrade gives it its duty's."""
    with pg_store.db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE later_things (id serial PRIMARY KEY, name text)")
    with _raw(signed_in[Role.CLERK]) as conn:
        conn.execute("INSERT INTO later_things (name) VALUES ('một')")
    with _raw(signed_in[Role.VIEWER]) as conn:
        assert conn.execute("SELECT name FROM later_things").fetchall() == [("một",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO later_things (name) VALUES ('hai')")
    with pg_store.db.engine.begin() as conn:
        apply_grants(conn)
    with _raw(signed_in[Role.SECRETARY]) as conn:
        conn.execute("INSERT INTO later_things (name) VALUES ('ba')")
