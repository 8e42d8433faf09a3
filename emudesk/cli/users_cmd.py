"""``emudesk users``: staff logins of a shared server and their roles."""

from __future__ import annotations

import argparse
import getpass
import sys

from emudesk.cli.common import SubParsers, UsageError, db_option, open_store, print_rows
from emudesk.i18n import _

ROLE_CHOICES = ("viewer", "clerk", "secretary", "approver", "admin")


def register(sub: SubParsers) -> None:
    db = db_option()
    users = sub.add_parser(
        "users",
        parents=[db],
        help=_("staff logins and their roles on a shared server"),
        description=_(
            "Staff logins of a PostgreSQL server and their roles: viewer (read only), clerk (register, "
            "achievements, drafts), secretary (council), approver (appraise, approve, decisions), "
            "admin (users, rules, catalogue, settings). An SQLite file has one user."
        ),
    )
    act = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    p = act.add_parser("add", parents=[db], help=_("add a login with a role"))
    p.add_argument("name", help=_("the login name"))
    p.add_argument("--role", required=True, choices=ROLE_CHOICES, help=_("its role"))
    p.add_argument(
        "--password-stdin", action="store_true", help=_("read the password from standard input, not a prompt")
    )
    p.set_defaults(handler=cmd_add)

    p = act.add_parser(
        "list", parents=[db], help=_("list the logins, their roles and whether they may sign in")
    )
    p.add_argument("--json", action="store_true", help=_("JSON output"))
    p.set_defaults(handler=cmd_list)

    p = act.add_parser("set-role", parents=[db], help=_("give a login another role"))
    p.add_argument("name", help=_("the login name"))
    p.add_argument("role", choices=ROLE_CHOICES, help=_("its new role"))
    p.set_defaults(handler=cmd_set_role)

    p = act.add_parser("disable", parents=[db], help=_("stop a login from signing in"))
    p.add_argument("name", help=_("the login name"))
    p.set_defaults(handler=cmd_disable)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError(_("no terminal to ask for the password: give it with --password-stdin"))
    first = getpass.getpass(_("Password for {name}: ").format(name=args.name))
    if getpass.getpass(_("The same password again: ")) != first:
        raise UsageError(_("the two passwords differ"))
    return first


def cmd_add(args: argparse.Namespace) -> int:
    from emudesk.domain.rights import Role
    from emudesk.services.core import users

    store = open_store(args)
    try:
        if store.is_sqlite:
            users.refuse_file()
        password = _password(args)
        with store.write() as session:
            users.add_user(session, args.name, password, Role(args.role))
        print(
            _("Login {name} added with the role {role}.").format(name=args.name, role=Role(args.role).label)
        )
    finally:
        store.close()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from emudesk.services.core import users

    store = open_store(args)
    try:
        with store.read() as session:
            found = users.list_users(session)
    finally:
        store.close()
    rows = [
        {
            "name": u.name,
            "role": u.role.value if u.role else None,
            "role_label": u.role.label if u.role else "",
            "enabled": u.enabled,
        }
        for u in found
    ]
    print_rows(rows, as_json=args.json)
    return 0


def cmd_set_role(args: argparse.Namespace) -> int:
    from emudesk.domain.rights import Role
    from emudesk.services.core import users

    store = open_store(args)
    try:
        with store.write() as session:
            users.set_role(session, args.name, Role(args.role))
        print(_("{name} now has the role {role}.").format(name=args.name, role=Role(args.role).label))
    finally:
        store.close()
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    from emudesk.services.core import users

    store = open_store(args)
    try:
        with store.write() as session:
            users.disable_user(session, args.name)
        print(_("{name} can no longer sign in.").format(name=args.name))
    finally:
        store.close()
    return 0
