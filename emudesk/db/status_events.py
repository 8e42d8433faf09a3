"""A nomination's history row is written by the database, with the UPDATE that moves it.

``services/nominations/workflow.transition`` sets the nomination's status, ``status_changed_at``,
``status_changed_by`` and ``status_event_note`` and counts the move in ``status_moves``; a trigger
on that counter inserts the ``nomination_events`` row (from, to, when, who, why) in the same
statement: on a server, one round trip fewer per file moved. An UPDATE that does not count a move
(a hand repair of the status in SQL, an undo putting the counter back) writes no history row, and
a redo, which brings the move's row back itself, does not write it twice.

SQLite drops a table's triggers when a migration rebuilds the table (Alembic's batch mode), so
every upgrade creates the trigger again (``db/migrate.py``), as it grants again on a server.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

TRIGGER = "emudesk_nomination_event"

# A move is written once: undo puts the counter back (no row), redo brings its row back itself
# before the counter (the NOT EXISTS finds it).
_COUNTED = "NEW.status_moves > OLD.status_moves"
_NEW_MOVE = (
    "NOT EXISTS (SELECT 1 FROM nomination_events e WHERE e.nomination_id = NEW.id "
    "AND e.at = NEW.status_changed_at AND e.to_status = NEW.status)"
)
_INSERT = (
    "INSERT INTO nomination_events (nomination_id, from_status, to_status, at, actor, note) "
    "VALUES (NEW.id, OLD.status, NEW.status, NEW.status_changed_at, NEW.status_changed_by, "
    "NEW.status_event_note)"
)


def create_trigger(conn: Connection) -> None:
    """(Re)create the trigger; safe to run on a database that has it."""
    drop_trigger(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $f$ "
            f"BEGIN IF {_NEW_MOVE} THEN {_INSERT}; "
            "END IF; RETURN NULL; END $f$"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF status_moves ON nominations FOR EACH ROW "
            f"WHEN ({_COUNTED}) EXECUTE FUNCTION {TRIGGER}()"
        )
        return
    conn.exec_driver_sql(
        f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF status_moves ON nominations FOR EACH ROW "
        f"WHEN {_COUNTED} AND {_NEW_MOVE} BEGIN {_INSERT}; END"
    )


def drop_trigger(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON nominations")
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
        return
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER}")


def has_trigger(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        sql = f"SELECT count(*) FROM pg_trigger WHERE tgname = '{TRIGGER}'"
    else:
        sql = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = '{TRIGGER}'"
    return bool(conn.exec_driver_sql(sql).scalar())
