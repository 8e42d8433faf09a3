"""``statistics``: the figures an office enters for the TT 02/2023 forms, and the forms' layout.

emudesk statistics show --form 0605 --year 2025 [--half 1] [--json]
emudesk statistics set --form 0605 --year 2025 02=3 03=5 04=2 [05=] …
emudesk statistics layout [--json]
emudesk statistics layout-export -o bieu-mau.json
emudesk statistics layout-load bieu-mau.json
emudesk statistics layout-reset
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from emudesk.cli.common import SubParsers, UsageError, db_option, open_store, print_rows, year
from emudesk.cli.outputs import checked_output, force_option
from emudesk.domain.statistics_layout import FORM_CODES
from emudesk.i18n import _

# The shipped layout is about 30 kB.
_LAYOUT_MAX_BYTES = 1_000_000


def register(sub: SubParsers) -> None:
    db = db_option()
    p = sub.add_parser(
        "statistics",
        parents=[db],
        help=_("figures the office enters for the TT 02/2023 forms, and the forms' layout"),
        description=_(
            "Forms 0604 and 0605 count the bodies and the people doing emulation work, which no record "
            "holds: enter their figures here once a period. The forms' layout (rows, codes, form numbers, "
            "position keywords) is cited data an office may correct with its copy of the circular."
        ),
    )
    actions = p.add_subparsers(dest="statistics_command", metavar="ACTION", required=True)
    period = argparse.ArgumentParser(add_help=False)
    period.add_argument("--form", required=True, choices=FORM_CODES, help=_("the TT 02/2023/TT-BNV form"))
    period.add_argument("--year", required=True, type=year, metavar="YYYY", help=_("the report's year"))
    period.add_argument(
        "--half", type=int, choices=(1, 2), help=_("the first or the second half of the year")
    )
    q = actions.add_parser("show", parents=[db, period], help=_("the lines to fill in and their figures"))
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_show)
    q = actions.add_parser(
        "set", parents=[db, period], help=_("enter figures, as CODE=NUMBER (CODE= clears)")
    )
    q.add_argument("values", nargs="+", metavar="CODE=NUMBER", help=_("a line's code and its figure"))
    q.set_defaults(handler=cmd_set)
    q = actions.add_parser("layout", parents=[db], help=_("the layout in force and where it comes from"))
    q.add_argument("--json", action="store_true", help=_("JSON output"))
    q.set_defaults(handler=cmd_layout)
    q = actions.add_parser(
        "layout-export", parents=[db, force_option()], help=_("write the layout in force to a JSON file")
    )
    q.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the JSON file to write"))
    q.set_defaults(handler=cmd_layout_export)
    q = actions.add_parser("layout-load", parents=[db], help=_("use a corrected layout from a JSON file"))
    q.add_argument("file", metavar="FILE", help=_("the JSON file (as layout-export writes it)"))
    q.set_defaults(handler=cmd_layout_load)
    q = actions.add_parser("layout-reset", parents=[db], help=_("go back to the layout emudesk ships"))
    q.set_defaults(handler=cmd_layout_reset)


def _values(items: list[str]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for item in items:
        code, sep, number = item.partition("=")
        code, number = code.strip(), number.strip().replace(".", "")
        if not sep or not code or (number and not number.isdigit()):
            raise UsageError(_("“{item}” is not CODE=NUMBER (for example 02=3).").format(item=item))
        out[code] = int(number) if number else None
    return out


def _print_lines(lines: list[Any], as_json: bool) -> None:
    rows = [{"code": ln.code, "line": ln.label, "unit": ln.unit, "figure": ln.value} for ln in lines]
    print_rows(rows, as_json=as_json)


def cmd_show(args: argparse.Namespace) -> int:
    from emudesk.services.exports import statistics_setup

    store = open_store(args)
    try:
        with store.read() as session:
            lines = statistics_setup.entered_lines(session, args.form, args.year, args.half)
    finally:
        store.close()
    if not lines and not args.json:
        print(
            _("Form {form} has no line the office fills in: the register counts it.").format(form=args.form)
        )
        return 0
    _print_lines(lines, args.json)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from emudesk.services.exports import statistics_setup

    values = _values(args.values)
    store = open_store(args)
    try:
        with store.write() as session:
            lines = statistics_setup.set_figures(session, args.form, args.year, args.half, values)
    finally:
        store.close()
    print(_("Figures of form {form} saved.").format(form=args.form))
    _print_lines(lines, False)
    return 0


def cmd_layout(args: argparse.Namespace) -> int:
    from emudesk.services.exports import statistics_setup

    store = open_store(args)
    try:
        with store.read() as session:
            data, own = statistics_setup.layout_data(session)
            layout = statistics_setup.current_layout(session)
    finally:
        store.close()
    parts: list[dict[str, Any]] = [
        {"part": f"Biểu {code}", "confirmed": form.confirmed, "source": form.source}
        for code, form in layout.forms.items()
    ]
    parts.append(
        {
            "part": _("Form numbers") + f" ({layout.year_number}, {layout.half_number})",
            "confirmed": layout.number_confirmed,
            "source": layout.number_source,
        }
    )
    parts.append(
        {
            "part": _("Position keywords"),
            "confirmed": layout.positions.confirmed,
            "source": layout.positions.source,
        }
    )
    if args.json:
        info = {"code": layout.code, "office_copy": own, "issued_on": layout.issued_on, "parts": parts}
        print(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return 0
    print(
        (_("The office's own layout") if own else _("The layout emudesk ships"))
        + f": {layout.short_name} — {data.get('name', '')}"
    )
    print_rows(parts, as_json=False)
    return 0


def cmd_layout_export(args: argparse.Namespace) -> int:
    from emudesk.services.exports import statistics_setup

    target = checked_output(args, Path(args.output))
    store = open_store(args)
    try:
        with store.read() as session:
            data, _own = statistics_setup.layout_data(session)
    finally:
        store.close()
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(_("Written: {path}").format(path=target))
    return 0


def cmd_layout_load(args: argparse.Namespace) -> int:
    from emudesk.domain.errors import ValidationError
    from emudesk.services.exports import statistics_setup

    path = Path(args.file)
    try:
        if path.stat().st_size > _LAYOUT_MAX_BYTES:
            raise ValidationError(
                _("{path} is not a JSON file: {reason}").format(path=path, reason=_("it is too large"))
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    except RecursionError as exc:
        raise ValidationError(
            _("{path} is not a JSON file: {reason}").format(path=path, reason=_("it is nested too deeply"))
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("{path} is not a JSON file: {reason}").format(path=path, reason=exc)) from exc
    store = open_store(args)
    try:
        with store.write() as session:
            layout = statistics_setup.save_layout(session, data)
    finally:
        store.close()
    print(_("The statistics forms now follow {path} ({name}).").format(path=path, name=layout.short_name))
    return 0


def cmd_layout_reset(args: argparse.Namespace) -> int:
    from emudesk.services.exports import statistics_setup

    store = open_store(args)
    try:
        with store.write() as session:
            statistics_setup.reset_layout(session)
    finally:
        store.close()
    print(_("The statistics forms follow the layout emudesk ships again."))
    return 0
