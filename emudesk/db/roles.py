"""PostgreSQL group roles and GRANTs: the server itself refuses what a role may not do.

Design (the simplest that is correct):

- One NOLOGIN group role per duty and per database (``emudesk_<db>_viewer`` …), so two emudesk
  databases on one server do not share rights. Staff logins are members of exactly one group.
- Table-level GRANTs: every group reads every table; each writes the tables of its duty.
- ``nominations`` mixes duties in one column, ``status``: a clerk submits, a secretary records
  the vote, a leader approves. Column GRANTs cannot tell one status value from another and row
  security would need a policy per role and command, so a trigger checks the new status against
  the caller's group (``_STATUS_ROLES``) — one function, readable in one place.
- ``audit_log``: INSERT and SELECT only, for every group; nobody (administrators included) gets
  UPDATE, DELETE or TRUNCATE. The hash chain's ``setval`` needs UPDATE on the id sequence, so
  every group may use every sequence.
- Tables created by later migrations: ``ALTER DEFAULT PRIVILEGES`` lets every group read them
  and every writing group write them, and ``apply_grants`` runs again after every upgrade
  (``db/migrate.py``) to give them their duty's rights.

The login that owns the tables (the one that ran ``emudesk init``) is in no group: it keeps the
owner's rights, as the office's database administrator, except rewriting or removing audit rows.

Importing a package from another office writes what each duty writes (people, files, votes,
decisions), under the app's exchange right (``services/core/rights.py``). On the server that is
one more group, ``emudesk_<db>_exchange``, which writes those tables; no login holds its rights
day to day. The logins of ``EXCHANGE_ROLES`` are members of ``emudesk_<db>_exchange_gate``, a
NOINHERIT group that is a member of it: they may ``SET ROLE`` to it but inherit nothing from it, so
the import does ``SET LOCAL ROLE`` for its own writes (``importing_as``) and ends it after. The
audit trigger still makes the entries name the login (``session_user``); the status trigger lets
the group file a nomination in the status the package gives it. This works alike on PostgreSQL
15 (no per-grant INHERIT) and 16+. A SECURITY DEFINER function would have to re-implement the
services' rules in SQL, which is the one thing the import must not do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text

from emudesk.domain.rights import EXCHANGE_ROLES, STATUS_ROLES, Role

# Tables each writing role may INSERT, UPDATE and DELETE. A table listed nowhere (added by a
# later migration and not yet placed here) is writable by every writing role.
_WRITES: dict[Role, frozenset[str]] = {
    Role.CLERK: frozenset(
        {
            "units",
            "unit_links",
            "individuals",
            "memberships",
            "annual_ratings",
            "discipline_records",
            "households",
            "household_members",
            "achievements",
            "evidence_files",
            "evidence_blobs",
            "initiatives",
            "nominations",
            "nomination_events",
            "award_records",
            "campaigns",
            "campaign_phases",
            "campaign_themes",
            "milestones",
            "campaign_targets",
            "campaign_participants",
            "criteria",
            "campaign_award_forms",
            "quotas",
        }
    ),
    Role.SECRETARY: frozenset(
        {
            "councils",
            "council_members",
            "council_sessions",
            "council_attendance",
            "council_agenda_items",
            "nominations",
            "nomination_events",
        }
    ),
    Role.APPROVER: frozenset(
        {"decisions", "decision_corrections", "award_records", "nominations", "nomination_events"}
    ),
    Role.ADMIN: frozenset(
        {"rule_sets", "rules", "unit_kinds", "award_forms", "settings", "base_salaries", "offices"}
    ),
}
WRITERS = (Role.CLERK, Role.SECRETARY, Role.APPROVER, Role.ADMIN)
# Tables no group writes through GRANTs of its duty.
_READ_ONLY = frozenset({"audit_log", "alembic_version"})
# Columns only the administrator group (and the tables' owner) may read: the office's signing key.
_SECRET_COLUMNS = {"offices": frozenset({"private_key"})}
# Quota counting locks the quotas' rows (SELECT … FOR UPDATE), which needs UPDATE on a column.
_LOCKED_BY = {"quotas": (Role.SECRETARY, Role.APPROVER)}


def unreadable_secrets(conn: Connection) -> list[str]:
    """The secret columns ("table.column") the connected login may not read, on a server."""
    if conn.dialect.name != "postgresql":
        return []
    out = []
    for table, columns in _SECRET_COLUMNS.items():
        for column in sorted(columns):
            held = conn.execute(
                text("SELECT has_column_privilege(:t, :c, 'SELECT')"), {"t": table, "c": column}
            ).scalar()
            if held is False:
                out.append(f"{table}.{column}")
    return out


def writers_of(table: str) -> tuple[Role, ...]:
    """The roles whose GRANTs let them write ``table`` (every writing role for a table placed nowhere)."""
    if table in _READ_ONLY:
        return ()
    listed = frozenset().union(*_WRITES.values())
    return tuple(role for role in WRITERS if table in _WRITES[role] or table not in listed)


_OWNER_OF = "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = :table"


def prefix_for(database: str) -> str:
    """``emudesk_<database>`` as a role-name part: lower-case letters, digits and underscores."""
    slug = re.sub(r"[^a-z0-9_]", "_", database.lower())
    base = slug if slug.startswith("emudesk") else f"emudesk_{slug}"
    if len(base) > 40 or slug != database.lower():
        # Role names are at most 63 bytes; a hash keeps two long or unusual names apart.
        base = base[:31] + "_" + hashlib.sha256(database.encode()).hexdigest()[:8]
    return base


def group_name(database: str, role: Role) -> str:
    return f"{prefix_for(database)}_{role.value}"


def exchange_group(database: str) -> str:
    """The group that writes what a package carries (a login only ever SETs ROLE to it)."""
    return f"{prefix_for(database)}_exchange"


def exchange_gate(database: str) -> str:
    """The NOINHERIT group the exchange right's logins are members of: SET ROLE, no inheritance."""
    return f"{prefix_for(database)}_exchange_gate"


# Tables an import writes: the clerk's, the secretary's and the approver's, and the catalogue and
# rule sets a package from above carries (not users, settings or the office's own key).
_EXCHANGE_WRITES = (
    _WRITES[Role.CLERK]
    | _WRITES[Role.SECRETARY]
    | _WRITES[Role.APPROVER]
    | frozenset({"rule_sets", "rules", "unit_kinds", "award_forms"})
)


def _exchange_writes(table: str) -> bool:
    listed = frozenset().union(*_WRITES.values())
    return table not in _READ_ONLY and (table in _EXCHANGE_WRITES or table not in listed)


def groups(conn: Connection) -> dict[Role, str]:
    database = str(conn.execute(text("SELECT current_database()")).scalar())
    return {role: group_name(database, role) for role in Role}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def can_create_roles(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    )


def apply_grants(conn: Connection) -> bool:
    """Create this database's group roles if missing and (re)grant every table; False when the
    login may not create roles (the groups are then made by the first ``emudesk users add``)."""
    if conn.dialect.name != "postgresql":
        return False
    names = groups(conn)
    existing = {
        str(r)
        for r in conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"), {"names": list(names.values())}
        ).scalars()
    }
    missing = [n for n in names.values() if n not in existing]
    if missing and not can_create_roles(conn):
        return False
    for name in missing:
        conn.execute(text(f"CREATE ROLE {_q(name)} NOLOGIN"))
    database = _database(conn)
    exchange, gate = exchange_group(database), exchange_gate(database)
    if not _exchange_roles_exist(conn, database):
        if not can_create_roles(conn):
            return False
        for name in (exchange, gate):
            if not login_exists(conn, name):
                conn.execute(text(f"CREATE ROLE {_q(name)} NOLOGIN"))
    conn.execute(text(f"ALTER ROLE {_q(gate)} NOINHERIT"))
    conn.execute(text(f"GRANT {_q(exchange)} TO {_q(gate)}"))
    everyone = ", ".join(_q(n) for n in [*names.values(), exchange])
    writers = ", ".join(_q(n) for n in [*(names[r] for r in WRITERS), exchange])
    schema = _q(str(conn.execute(text("SELECT current_schema()")).scalar()))
    conn.execute(text(f"GRANT CONNECT ON DATABASE {_q(_database(conn))} TO {everyone}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {everyone}"))
    conn.execute(text(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {everyone}"))
    conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {everyone}"))
    conn.execute(
        text(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT INSERT, UPDATE, DELETE ON TABLES TO {writers}"
        )
    )
    conn.execute(
        text(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
            f"TO {everyone}"
        )
    )
    tables = [
        str(t)
        for t in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        ).scalars()
    ]
    for table in tables:
        qt = _q(table)
        conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {qt} FROM PUBLIC, {everyone}"))
        for role in writers_of(table):
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {qt} TO {_q(names[role])}"))
        if _exchange_writes(table):
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {qt} TO {_q(exchange)}"))
        for role in _LOCKED_BY.get(table, ()):
            conn.execute(text(f"GRANT UPDATE (id) ON {qt} TO {_q(names[role])}"))
    for table, secret in _SECRET_COLUMNS.items():
        if table in tables:
            _hide_columns(conn, table, secret, names, exchange)
    if "audit_log" in tables:
        # Appending is every writer's; rewriting or removing is nobody's, the tables' owner's
        # included (it could grant itself the right back, but only on purpose; a superuser
        # passes every GRANT, which is why staff never sign in as one).
        conn.execute(text(f"GRANT INSERT ON audit_log TO {everyone}"))
        owner = conn.execute(text(_OWNER_OF), {"table": "audit_log"}).scalar()
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {_q(str(owner))}"))
    if "nominations" in tables:
        _status_trigger(conn, names, exchange)
    if "audit_log" in tables:
        _actor_trigger(conn, names, exchange)
    # Logins made before the exchange right existed get it with their role.
    for login in logins(conn):
        if login.role in EXCHANGE_ROLES:
            conn.execute(text(f"GRANT {_q(gate)} TO {_q(login.name)}"))
    return True


def _exchange_roles_exist(conn: Connection, database: str) -> bool:
    found = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": [exchange_group(database), exchange_gate(database)]},
    ).scalar()
    return found == 2


def _hide_columns(
    conn: Connection, table: str, secret: frozenset[str], names: dict[Role, str], exchange: str
) -> None:
    """Every group but the administrators' reads ``table`` without the ``secret`` columns: a
    table-wide SELECT would include them, so it becomes a SELECT on each other column."""
    columns = [
        str(c)
        for c in conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position"
            ),
            {"t": table},
        ).scalars()
    ]
    shown = ", ".join(_q(c) for c in columns if c not in secret)
    others = ", ".join([*(_q(n) for role, n in names.items() if role is not Role.ADMIN), _q(exchange)])
    qt = _q(table)
    # Revoking the table's SELECT revokes every column's too (a column dropped later goes with it).
    conn.execute(text(f"REVOKE SELECT ON {qt} FROM PUBLIC, {others}"))
    conn.execute(text(f"GRANT SELECT ({shown}) ON {qt} TO {others}"))


def _staff_sql(names: dict[Role, str], exchange: str) -> str:
    """True in SQL when the caller holds one of this database's groups, the exchange group included
    (a superuser holds all)."""
    held = " OR ".join(f"pg_has_role(current_user, '{n}', 'USAGE')" for n in [*names.values(), exchange])
    return f"(({held}) AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))"


def _actor_trigger(conn: Connection, names: dict[Role, str], exchange: str) -> None:
    """A staff login appends audit entries in its own name only (the hash chain then covers it)."""
    conn.execute(
        text(
            f"""
CREATE OR REPLACE FUNCTION emudesk_audit_actor_guard() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF {_staff_sql(names, exchange)} AND NEW.actor IS DISTINCT FROM session_user::text THEN
    RAISE EXCEPTION 'permission denied: % may write audit entries only in its own name', session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $f$"""
        )
    )
    conn.execute(text("DROP TRIGGER IF EXISTS emudesk_audit_actor ON audit_log"))
    conn.execute(
        text(
            "CREATE TRIGGER emudesk_audit_actor BEFORE INSERT ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION emudesk_audit_actor_guard()"
        )
    )


def _database(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_database()")).scalar())


def _status_trigger(conn: Connection, names: dict[Role, str], exchange: str) -> None:
    checks = []
    for status, roles in STATUS_ROLES.items():
        members = " OR ".join(f"pg_has_role(current_user, '{names[r]}', 'USAGE')" for r in roles)
        checks.append(f"WHEN '{status}' THEN ok := {members};")
    staff = _staff_sql(names, exchange)
    conn.execute(
        text(
            f"""
CREATE OR REPLACE FUNCTION emudesk_nomination_status_guard() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE ok boolean;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN RETURN NEW; END IF;
  -- The tables' owner (the office's administrator account) is in no group and keeps every right.
  IF NOT {staff} THEN RETURN NEW; END IF;
  -- An import (SET ROLE to the exchange group) files a nomination as its package says.
  IF pg_has_role(current_user, '{exchange}', 'USAGE') THEN RETURN NEW; END IF;
  CASE NEW.status {" ".join(checks)} ELSE ok := false; END CASE;
  IF NOT ok THEN
    RAISE EXCEPTION 'permission denied: role % may not move a nomination to %', current_user, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $f$"""
        )
    )
    conn.execute(text("DROP TRIGGER IF EXISTS emudesk_nomination_status ON nominations"))
    conn.execute(
        text(
            "CREATE TRIGGER emudesk_nomination_status BEFORE INSERT OR UPDATE OF status ON nominations "
            "FOR EACH ROW EXECUTE FUNCTION emudesk_nomination_status_guard()"
        )
    )


@dataclass(frozen=True)
class Login:
    name: str
    role: Role | None
    enabled: bool


def role_of(conn: Connection, login: str | None = None) -> Role | None:
    """The role of ``login`` (default: the signed-in one) in this database, or None when it is in
    no group (the tables' owner, a superuser). Holding a group's rights is what counts (USAGE):
    an administrator may hand out the other groups without holding their rights."""
    names = groups(conn)
    who = login if login is not None else str(conn.execute(text("SELECT session_user")).scalar())
    if conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :who"), {"who": who}).scalar():
        return None  # a superuser passes every check; it is the server's, not a staff login
    held = conn.execute(
        text(
            "SELECT r.rolname FROM pg_roles AS r "
            "WHERE r.rolname = ANY(:groups) AND pg_has_role(:who, r.oid, 'USAGE')"
        ),
        {"who": who, "groups": list(names.values())},
    ).scalars()
    by_name = {v: k for k, v in names.items()}
    roles = sorted((by_name[str(n)] for n in held), key=list(Role).index)
    return roles[-1] if roles else None


def logins(conn: Connection) -> list[Login]:
    """The logins holding one of this database's groups, by name."""
    names = groups(conn)
    members = conn.execute(
        text(
            "SELECT DISTINCT u.rolname, u.rolcanlogin FROM pg_auth_members m "
            "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
            "WHERE g.rolname = ANY(:groups) AND NOT u.rolname = ANY(:groups) ORDER BY u.rolname"
        ),
        {"groups": list(names.values())},
    ).all()
    return [Login(str(u), role_of(conn, str(u)), bool(can)) for u, can in members]


def login_exists(conn: Connection, name: str) -> bool:
    return bool(conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar())


def ensure_groups(conn: Connection) -> bool:
    """Make this database's groups if they are missing (a database copied or restored under
    another name has its original's); only the tables' owner may grant on them."""
    names = list(groups(conn).values())
    found = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"), {"names": names}
    ).scalar()
    if found != len(names):
        return apply_grants(conn)
    if not _exchange_roles_exist(conn, _database(conn)) and _owns_tables(conn):
        # Made before the exchange right existed: its owner adds that group (an administrator
        # who does not own the tables could not grant on them; the import then says whom to ask).
        return apply_grants(conn)
    return True


def _owns_tables(conn: Connection) -> bool:
    owner = conn.execute(text(_OWNER_OF), {"table": "audit_log"}).scalar()
    me, superuser = conn.execute(
        text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
    ).one()
    return owner == me or bool(superuser)


def create_login(conn: Connection, name: str, password: str, role: Role) -> None:
    conn.execute(text(f"CREATE ROLE {_q(name)} LOGIN PASSWORD {_literal(conn, password)}"))
    set_role(conn, name, role)


def set_role(conn: Connection, name: str, role: Role) -> None:
    """Make ``name`` hold exactly ``role``'s group. An administrator may also create logins and
    hand out every group (CREATEROLE; from PostgreSQL 16 on, that needs each group's ADMIN
    option, given without its rights)."""
    names = groups(conn)
    for group in names.values():
        conn.execute(text(f"REVOKE {_q(group)} FROM {_q(name)}"))
    gate = exchange_gate(_database(conn))
    if login_exists(conn, gate):
        conn.execute(text(f"REVOKE {_q(gate)} FROM {_q(name)}"))
        if role in EXCHANGE_ROLES:
            # With ADMIN OPTION for an administrator, who hands it on with the role.
            admin = " WITH ADMIN OPTION" if role is Role.ADMIN else ""
            conn.execute(text(f"GRANT {_q(gate)} TO {_q(name)}{admin}"))
    if role is Role.ADMIN:
        conn.execute(text(f"ALTER ROLE {_q(name)} CREATEROLE"))
        conn.execute(text(f"GRANT {_q(names[role])} TO {_q(name)} WITH ADMIN OPTION"))
        if _server_version(conn) >= 160000:
            for other, group in names.items():
                if other is not role:
                    conn.execute(
                        text(f"GRANT {_q(group)} TO {_q(name)} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE")
                    )
    else:
        conn.execute(text(f"ALTER ROLE {_q(name)} NOCREATEROLE"))
        conn.execute(text(f"GRANT {_q(names[role])} TO {_q(name)}"))


@contextmanager
def importing_as(conn: Connection) -> Iterator[None]:
    """Write the block as the exchange group (``SET LOCAL ROLE``) when the signed-in login may
    (it is a member of the exchange gate); the tables' owner and a superuser write as themselves.

    Raises:
        PermissionError: a staff login without the exchange gate (the server refuses its writes).
    """
    if conn.dialect.name != "postgresql" or role_of(conn) is None:
        yield
        return
    group = exchange_group(_database(conn))
    member = conn.execute(
        text("SELECT pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = :g"),
        {"g": group},
    ).scalar()
    if not member:
        raise PermissionError(group)
    conn.execute(text(f"SET LOCAL ROLE {_q(group)}"))
    try:
        yield
    finally:
        # In a transaction still usable (a failed one ends in a rollback, which undoes the SET).
        if conn.in_transaction() and not _aborted(conn):
            conn.execute(text("RESET ROLE"))


def _aborted(conn: Connection) -> bool:
    from psycopg import pq

    raw = conn.connection.dbapi_connection
    status = getattr(getattr(raw, "info", None), "transaction_status", None)
    return status == pq.TransactionStatus.INERROR


def _server_version(conn: Connection) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar() or 0)


def disable_login(conn: Connection, name: str) -> None:
    conn.execute(text(f"ALTER ROLE {_q(name)} NOLOGIN"))


def _literal(conn: Connection, value: str) -> str:
    # CREATE ROLE takes no bind parameters; quote_literal on the server escapes the password.
    return str(conn.execute(text("SELECT quote_literal(:v)"), {"v": value}).scalar())


_AUDIT_DELETE = (
    "SELECT t.tableowner, current_user, "
    "has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'DELETE') "
    "FROM (SELECT 1) AS one LEFT JOIN pg_tables AS t "
    "ON t.schemaname = current_schema() AND t.tablename = 'audit_log'"
)


def audit_keeper(conn: Connection) -> str | None:
    """The owner of ``audit_log`` (the login that ran ``emudesk init``) when the signed-in login
    may not empty it, even through ``clearing_audit``; None when it may (it is the owner, a
    superuser or holds the right already), or when there is no such table yet."""
    owner, current, may = conn.execute(text(_AUDIT_DELETE)).one()
    return None if owner is None or may or owner == current else str(owner)


@contextmanager
def clearing_audit(conn: Connection) -> Iterator[None]:
    """Let the tables' owner empty ``audit_log`` inside this transaction (a transfer's
    ``--replace``, a restore), and take the right back before it commits. GRANT is transactional
    on PostgreSQL, so a failure rolls the right back with everything else. Only the owner (or a
    superuser) may grant it: a staff login gets "permission denied" here too."""
    if conn.dialect.name != "postgresql":
        yield
        return
    owner, _current, may = conn.execute(text(_AUDIT_DELETE)).one()
    if may:  # a superuser, or a database whose owner never set up roles: nothing to lend
        yield
        return
    owner = _q(str(owner))
    conn.execute(text(f"GRANT DELETE, TRUNCATE ON audit_log TO {owner}"))
    yield
    conn.execute(text(f"REVOKE DELETE, TRUNCATE ON audit_log FROM {owner}"))
