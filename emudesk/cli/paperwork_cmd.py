"""``emudesk export certificates`` and ``emudesk export statistics``: the kinds that are not lists.

emudesk export certificates --decision 3 [--blank A3-landscape] [--offset-x 1.5 --offset-y -2
    [--save-offset]] [--box name=45,85,207,19[,26,14] … [--save-box]] [--reset-boxes] -o bang-khen.pdf
emudesk export certificates --calibration [--blank A4-portrait] -o can-chinh.pdf
emudesk export statistics --form 0603 --year 2025 [--half 1] -o bieu-0603.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path

from emudesk.cli.common import UsageError, open_store
from emudesk.cli.outputs import checked_output
from emudesk.i18n import _

CERTIFICATES = "certificates"
STATISTICS = "statistics"
KINDS = (CERTIFICATES, STATISTICS)

_BLANKS = ("A4-landscape", "A4-portrait", "A3-landscape", "A3-portrait")
_FORMS = ("0601", "0602", "0603", "0604", "0605")
# Options of the list kinds these two do not take, and their own that the list kinds do not take.
_LIST_OPTIONS = {
    "campaign": "--campaign",
    "unit": "--unit",
    "status": "--status",
    "session": "--session",
    "nomination": "--nomination",
    "recipient": "--recipient",
}
_OWN_OPTIONS = {
    "blank": "--blank",
    "calibration": "--calibration",
    "offset_x": "--offset-x",
    "offset_y": "--offset-y",
    "save_offset": "--save-offset",
    "box": "--box",
    "save_box": "--save-box",
    "reset_boxes": "--reset-boxes",
    "form": "--form",
    "half": "--half",
}
_CERTIFICATE_OPTIONS = {
    "blank",
    "calibration",
    "offset_x",
    "offset_y",
    "save_offset",
    "box",
    "save_box",
    "reset_boxes",
    "decision",
}
_STATISTICS_OPTIONS = {"form", "half", "year", "date", "format"}


def _millimetres(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a distance in millimetres.").format(text=text)
        ) from None


def _box(text: str) -> tuple[str, tuple[float, ...]]:
    """ "name=45,85,207,19" or with the type sizes "name=45,85,207,19,26,14": a box in millimetres."""
    field, _sep, numbers = text.partition("=")
    try:
        values = tuple(float(v.replace(",", ".")) for v in numbers.replace(";", ",").split(",") if v.strip())
    except ValueError:
        values = ()
    if not field.strip() or len(values) not in (4, 6):
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a box: write FIELD=X,Y,WIDTH,HEIGHT[,MAX,MIN] (mm, pt).").format(text=text)
        )
    return field.strip(), values


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--blank",
        choices=_BLANKS,
        help=_("certificates: the size of the pre-printed blank (default: A4-landscape)"),
    )
    p.add_argument(
        "--calibration",
        action="store_true",
        default=None,
        help=_("certificates: print the calibration page (the boxes, a millimetre scale) instead"),
    )
    p.add_argument(
        "--offset-x",
        type=_millimetres,
        metavar="MM",
        help=_("certificates: shift to the right by MM millimetres (negative: left), for this blank size"),
    )
    p.add_argument(
        "--offset-y",
        type=_millimetres,
        metavar="MM",
        help=_("certificates: shift down by MM millimetres (negative: up), for this blank size"),
    )
    p.add_argument(
        "--save-offset",
        action="store_true",
        default=None,
        help=_("certificates: keep --offset-x/--offset-y as the office's offset for this blank size"),
    )
    p.add_argument(
        "--box",
        type=_box,
        action="append",
        metavar="FIELD=X,Y,W,H[,MAX,MIN]",
        help=_(
            "certificates: where a text goes on this blank size, in mm from the top left (and its largest "
            "and smallest type size, pt); FIELD is name, unit, achievement, decision or golden_book; repeat"
        ),
    )
    p.add_argument(
        "--save-box",
        action="store_true",
        default=None,
        help=_("certificates: keep the --box values as the office's boxes for this blank size"),
    )
    p.add_argument(
        "--reset-boxes",
        action="store_true",
        default=None,
        help=_("certificates: this blank size's boxes back to the usual ones"),
    )
    p.add_argument("--form", choices=_FORMS, help=_("statistics: the TT 02/2023/TT-BNV form"))
    p.add_argument(
        "--half",
        type=int,
        choices=(1, 2),
        help=_("statistics: only the first or the second half of the year"),
    )


def epilog() -> str:
    return "\n".join(
        (
            f"  {CERTIFICATES:<12} " + _("Certificates printed onto pre-printed blanks") + " [pdf]",
            f"  {STATISTICS:<12} " + _("Statistics per TT 02/2023/TT-BNV (forms 0601–0605)") + " [pdf, xlsx]",
        )
    )


def refuse_options(args: argparse.Namespace) -> None:
    """A list kind given an option only certificates or statistics take: bad usage."""
    for name, option in _OWN_OPTIONS.items():
        if getattr(args, name, None) is not None:
            raise UsageError(_("{option} does not apply to “{kind}”.").format(option=option, kind=args.kind))


def _refuse_others(args: argparse.Namespace, allowed: set[str]) -> None:
    for name, option in {**_LIST_OPTIONS, **_OWN_OPTIONS, "decision": "--decision", "year": "--year"}.items():
        if name not in allowed and getattr(args, name, None) is not None:
            raise UsageError(_("{option} does not apply to “{kind}”.").format(option=option, kind=args.kind))


def cmd_paperwork(args: argparse.Namespace) -> int:
    if args.kind == CERTIFICATES:
        return _certificates(args)
    return _statistics(args)


def _certificates(args: argparse.Namespace) -> int:
    from emudesk.services.exports import certificates

    _refuse_others(args, _CERTIFICATE_OPTIONS | {"date", "format"})
    if args.date is not None:
        raise UsageError(_("{option} does not apply to “{kind}”.").format(option="--date", kind=args.kind))
    if args.format not in (None, "pdf"):
        raise UsageError(_("Certificates come only as PDF."))
    target = Path(args.output)
    if target.suffix.lower() not in ("", ".pdf"):
        raise UsageError(_("Certificates come only as PDF."))
    if not target.suffix:
        target = target.with_name(f"{target.name}.pdf")
    if args.calibration and args.decision is not None:
        raise UsageError(_("Give either --decision or --calibration."))
    if not args.calibration and args.decision is None:
        raise UsageError(_("Certificates need --decision ID (or --calibration)."))
    if (args.offset_x is None) != (args.offset_y is None):
        raise UsageError(_("Give both --offset-x and --offset-y."))
    if args.save_offset and args.offset_x is None:
        raise UsageError(_("--save-offset needs --offset-x and --offset-y."))
    blank = certificates.parse_blank(args.blank or "A4-landscape")
    offset = certificates.Offset(args.offset_x, args.offset_y) if args.offset_x is not None else None
    if offset is not None:
        certificates.check_offset(offset)
    if args.save_box and not args.box:
        raise UsageError(_("--save-box needs --box."))
    if args.reset_boxes and args.box:
        raise UsageError(_("Give either --box or --reset-boxes."))
    target = checked_output(args, target, kind="pdf")
    store = open_store(args)
    try:
        places: dict[certificates.Field, certificates.Place] = {}
        if args.box:
            with store.read() as session:
                current = certificates.places_for(session, blank)
            for name, values in args.box:
                field = certificates.parse_field(name)
                sizes = values[4:] or (current[field].max_size, current[field].min_size)
                places[field] = certificates.Place(*values[:4], *sizes)
                certificates.check_place(blank, field, places[field])
        if args.reset_boxes:
            with store.write() as session:
                certificates.reset_places(session, blank)
            print(_("The boxes of {blank} blanks are the usual ones again.").format(blank=blank.value))
        if args.save_box:
            with store.write() as session:
                for field, place in places.items():
                    certificates.save_place(session, blank, field, place)
            print(_("Boxes for {blank} blanks saved: {boxes}.").format(
                blank=blank.value, boxes=", ".join(f.value for f in places)
            ))  # fmt: skip
        if args.save_offset and offset is not None:
            with store.write() as session:
                certificates.save_offset(session, blank, offset)
            print(
                _("Offset for {blank} blanks saved: {x} mm, {y} mm.").format(
                    blank=blank.value, x=f"{offset.x:+g}", y=f"{offset.y:+g}"
                )
            )
        if args.calibration:
            result = certificates.export_calibration(
                store, target, blank=blank, offset=offset, places=places or None
            )
        else:
            result = certificates.export_certificates(
                store, args.decision, target, blank=blank, offset=offset, places=places or None
            )
    finally:
        store.close()
    print(
        _("Written: {path} ({pages} pages, {blank}, offset {x} mm, {y} mm)").format(
            path=result.path,
            pages=result.pages,
            blank=result.blank.value,
            x=f"{result.offset.x:+g}",
            y=f"{result.offset.y:+g}",
        )
    )
    return 0


def _statistics(args: argparse.Namespace) -> int:
    from emudesk.services.exports import statistics

    _refuse_others(args, _STATISTICS_OPTIONS)
    if args.form is None or args.year is None:
        raise UsageError(_("Statistics need --form and --year."))
    if args.format not in (None, "xlsx", "pdf"):
        raise UsageError(_("Give --format xlsx|pdf or a file name ending in .xlsx or .pdf."))
    target = Path(args.output)
    suffix = target.suffix.lower().lstrip(".")
    if args.format is None and suffix not in ("xlsx", "pdf"):
        raise UsageError(_("Give --format xlsx|pdf or a file name ending in .xlsx or .pdf."))
    fmt = args.format or suffix
    if suffix in ("xlsx", "pdf") and suffix != fmt:
        raise UsageError(
            _("The file name ends in .{suffix} but the format is {format}.").format(suffix=suffix, format=fmt)
        )
    if not suffix:
        target = target.with_name(f"{target.name}.{fmt}")
    target = checked_output(args, target, kind=fmt)
    store = open_store(args)
    try:
        result = statistics.export_statistics(
            store, args.form, args.year, target, half=args.half, issued_on=args.date
        )
    finally:
        store.close()
    print(_("Written: {path}").format(path=result.path))
    for line in result.notes:
        print(line)
    return 0
