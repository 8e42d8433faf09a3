"""``office``: this database's identity as an office, and the offices it trusts.

emudesk office init --name "Sở Nội vụ tỉnh Hưng Yên"
emudesk office show [--json]
emudesk office export-key -o so-noi-vu.key.json
emudesk office trust xa-vu-thu.key.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from emudesk.cli.common import SubParsers, db_option, open_store
from emudesk.cli.outputs import checked_output, force_option
from emudesk.i18n import _


def register(sub: SubParsers) -> None:
    db = db_option()
    p = sub.add_parser(
        "office",
        parents=[db],
        help=_("this database's identity as an office, and the offices it trusts"),
        description=_(
            "Each database is an office with a name, a UUID and a signing key. Offices exchange "
            "their public keys once (export-key, trust) and check the fingerprint by phone."
        ),
    )
    actions = p.add_subparsers(dest="office_command", metavar="ACTION", required=True)
    q = actions.add_parser("init", parents=[db], help=_("make this database an office"))
    q.add_argument("--name", required=True, help=_("the office's name as other offices see it"))
    q.set_defaults(handler=cmd_init)
    q = actions.add_parser("show", parents=[db], help=_("this office and the offices it trusts"))
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_show)
    q = actions.add_parser(
        "export-key", parents=[db, force_option()], help=_("write this office's public key to a file")
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the key file to write"))
    q.set_defaults(handler=cmd_export_key)
    q = actions.add_parser("trust", parents=[db], help=_("trust another office's key file"))
    q.add_argument("file", metavar="FILE", help=_("the key file the other office exported"))
    q.set_defaults(handler=cmd_trust)


def cmd_init(args: argparse.Namespace) -> int:
    from emudesk.services.exchange import office

    store = open_store(args, create=True)
    try:
        with store.write() as session:
            info = office.init_office(session, args.name)
        print(
            _("This database is now the office “{name}” ({uuid}); key fingerprint {fp}.").format(
                name=info.name, uuid=info.uuid, fp=info.fingerprint
            )
        )
    finally:
        store.close()
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from emudesk.services.exchange import office

    store = open_store(args)
    try:
        with store.read() as session:
            me = office.this_office(session)
            others = [o for o in office.offices(session) if not o.is_self]
    finally:
        store.close()
    if args.json:
        doc = {"office": me.as_dict(), "trusted": [o.as_dict() for o in others]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(_("Office: {name}").format(name=me.name))
    print(_("UUID: {uuid}").format(uuid=me.uuid))
    print(_("Key fingerprint: {fp}").format(fp=me.fingerprint))
    if not others:
        print(_("No other office is trusted yet (emudesk office trust FILE)."))
    for other in others:
        print(
            _("Trusted: {name} ({uuid}), fingerprint {fp}").format(
                name=other.name, uuid=other.uuid, fp=other.fingerprint
            )
        )
    return 0


def cmd_export_key(args: argparse.Namespace) -> int:
    from emudesk.services.core.outputs import atomic_output
    from emudesk.services.exchange import office

    target = checked_output(args, args.output)
    store = open_store(args)
    try:
        with store.read() as session:
            data = office.export_key(session)
            me = office.this_office(session)
    finally:
        store.close()
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)
    print(
        _("Public key of “{name}” written to {path}; fingerprint {fp}.").format(
            name=me.name, path=target, fp=me.fingerprint
        )
    )
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    from emudesk.services.exchange import office

    path = Path(args.file)
    with path.open("rb") as fh:
        data = fh.read(office.MAX_KEY_FILE + 1)
    store = open_store(args)
    try:
        with store.write() as session:
            info = office.trust(session, data)
    finally:
        store.close()
    print(
        _("“{name}” ({uuid}) is trusted; fingerprint {fp} — check it with that office by phone.").format(
            name=info.name, uuid=info.uuid, fp=info.fingerprint
        )
    )
    return 0
