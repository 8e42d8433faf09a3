"""The rule set file (``emudesk rules import``, the window's Import): read with limits, then
checked field by field before anything is written.

A rule set file comes from another office or a download, so it is read as hostile: at most
:data:`MAX_FILE_BYTES` from a regular file (never a device or a pipe), UTF-8 with or without
the BOM Notepad writes, nesting at most :data:`MAX_DEPTH` deep, and every field of the expected
type and length. A refusal names the place in the file (``rules[3].code``) and the reason.

Hand-written rather than jsonschema or pydantic: neither is a dependency, and the format is
one object with a list of flat rules, a few dozen lines to check with messages in Vietnamese.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import ValidationError
from emudesk.domain.rules import Jurisdiction, RuleKind
from emudesk.domain.text import LINE_MAX, LONG_MAX, NAME_MAX, text_problem
from emudesk.i18n import _

MAX_FILE_BYTES = 5_000_000
"""The national decree's whole rule set exports to about 20 KB."""
MAX_DEPTH = 32
MAX_RULES = 2_000
MAX_LIST = 500
CODE_MAX = 64


@dataclass(frozen=True)
class _Field:
    kind: str  # "text", "date", "bool", "object", "texts"
    required: bool = False
    max_length: int = LINE_MAX
    choices: tuple[str, ...] = ()
    nullable: bool = True


_SET_FIELDS: Mapping[str, _Field] = {
    "code": _Field("text", required=True, max_length=CODE_MAX, nullable=False),
    "name": _Field("text", required=True, nullable=False),
    "short_name": _Field("text", required=True, max_length=NAME_MAX, nullable=False),
    "jurisdiction": _Field("text", choices=tuple(j.value for j in Jurisdiction), nullable=False),
    "jurisdiction_name": _Field("text", max_length=NAME_MAX),
    "issued_on": _Field("date"),
    "effective_from": _Field("date"),
    "effective_to": _Field("date"),
    "active": _Field("bool"),
    "source": _Field("text"),
    "note": _Field("text", max_length=LONG_MAX),
    "rules": _Field("rules"),
}

_RULE_FIELDS: Mapping[str, _Field] = {
    "code": _Field("text", required=True, max_length=CODE_MAX, nullable=False),
    "kind": _Field("text", required=True, choices=tuple(k.value for k in RuleKind), nullable=False),
    "params": _Field("object"),
    "award_codes": _Field("texts", max_length=CODE_MAX),
    "subject_kinds": _Field("texts", choices=tuple(k.value for k in SubjectKind)),
    "article": _Field("text", max_length=NAME_MAX),
    "text": _Field("text", max_length=LONG_MAX),
    "any_of": _Field("text", max_length=CODE_MAX),
    "confirmed": _Field("bool"),
    "active": _Field("bool"),
    "effective_from": _Field("date"),
    "effective_to": _Field("date"),
    "note": _Field("text", max_length=LONG_MAX),
}


def _refuse(where: str, reason: str) -> ValidationError:
    return ValidationError(
        _("The rule set file is not valid at {where}: {reason}").format(where=where, reason=reason)
    )


def read_file(path: Path) -> dict[str, Any]:
    """The rule set in ``path``, read within the limits and checked by :func:`check`."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ValidationError(
                _("{path} is not a file (a folder, a device or a pipe cannot be imported).").format(path=path)
            )
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
                raise ValidationError(_("{path} is not a file.").format(path=path))
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValidationError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(
            _("{path} is larger than {size} MB; a rule set file is a few kilobytes.").format(
                path=path, size=MAX_FILE_BYTES // 1_000_000
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{path} is not UTF-8 text (byte {byte} at position {pos}); save it again as UTF-8.").format(
                path=path, byte=f"0x{raw[exc.start]:02X}", pos=exc.start
            )
        ) from exc
    return parse(text)


def _no_constant(name: str) -> object:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def parse(text: str) -> dict[str, Any]:
    """The rule set in ``text`` (JSON), checked by :func:`check`."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise ValidationError(
            _("The rule set file is nested too deeply (at most {n} levels).").format(n=MAX_DEPTH)
        ) from exc
    except ValueError as exc:  # JSONDecodeError, NaN, integers of thousands of digits
        raise ValidationError(_("The rule set file is not valid JSON: {reason}").format(reason=exc)) from exc
    return check(data)


def _depth_problem(data: object) -> str | None:
    """Where ``data`` nests deeper than :data:`MAX_DEPTH`, walked without recursion."""
    stack: list[tuple[object, int, str]] = [(data, 1, "")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            return where
        if isinstance(value, dict):
            stack.extend(
                (v, depth + 1, f"{where}.{str(k)[:40]}" if where else str(k)[:40]) for k, v in value.items()
            )
        elif isinstance(value, list):
            stack.extend((v, depth + 1, f"{where}[{i}]") for i, v in enumerate(value))
    return None


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _check_text(where: str, value: str, spec: _Field) -> None:
    problem = text_problem(value, max_length=spec.max_length)
    if problem:
        raise _refuse(where, problem)
    if spec.choices and value not in spec.choices:
        raise _refuse(
            where,
            _("“{value}” is not one of: {choices}.").format(
                value=value[:40], choices=", ".join(spec.choices)
            ),
        )


def _check_value(where: str, value: object, spec: _Field) -> None:
    if value is None:
        if spec.nullable and not spec.required:
            return
        raise _refuse(where, _("a value is required, not null."))
    expected = {"text": str, "date": str, "bool": bool, "object": dict, "texts": list, "rules": list}
    if not isinstance(value, expected[spec.kind]):
        wanted = {
            "text": _("text"),
            "date": _("a date as text (YYYY-MM-DD)"),
            "bool": _("true or false"),
            "object": _("an object"),
            "texts": _("a list of text"),
            "rules": _("a list of rules"),
        }[spec.kind]
        raise _refuse(
            where, _("expected {wanted}, found {found}.").format(wanted=wanted, found=_type_name(value))
        )
    if isinstance(value, str):
        if spec.kind == "date":
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise _refuse(
                        where, _("“{value}” is not a date (YYYY-MM-DD).").format(value=value[:40])
                    ) from None
        else:
            _check_text(where, value, spec)
    elif isinstance(value, list) and spec.kind == "texts":
        if len(value) > MAX_LIST:
            raise _refuse(where, _("at most {n} items.").format(n=MAX_LIST))
        item_spec = _Field("text", max_length=spec.max_length, choices=spec.choices, nullable=False)
        for i, item in enumerate(value):
            _check_value(f"{where}[{i}]", item, item_spec)


def _check_object(where: str, data: object, fields: Mapping[str, _Field]) -> None:
    if not isinstance(data, dict):
        raise _refuse(where, _("expected an object, found {found}.").format(found=_type_name(data)))
    unknown = sorted(str(k) for k in data if k not in fields)
    if unknown:
        raise _refuse(
            f"{where}.{unknown[0][:40]}" if where != "$" else unknown[0][:40],
            _("unknown field (expected: {fields}).").format(fields=", ".join(fields)),
        )
    for key, spec in fields.items():
        path = key if where == "$" else f"{where}.{key}"
        if key not in data:
            if spec.required:
                raise _refuse(path, _("this field is required."))
            continue
        _check_value(path, data[key], spec)


def check(data: object) -> dict[str, Any]:
    """``data`` unchanged when it is a rule set as ``emudesk rules export`` writes it; otherwise a
    refusal naming the first wrong place (``rules[3].code``) and why."""
    deep = _depth_problem(data)
    if deep is not None:
        raise _refuse(deep, _("nested more than {n} levels deep.").format(n=MAX_DEPTH))
    if not isinstance(data, dict):
        raise ValidationError(_("The rule set file must hold one JSON object."))
    _check_object("$", data, _SET_FIELDS)
    rules = data.get("rules") or []
    if len(rules) > MAX_RULES:
        raise _refuse("rules", _("at most {n} rules.").format(n=MAX_RULES))
    for i, rule in enumerate(rules):
        _check_object(f"rules[{i}]", rule, _RULE_FIELDS)
    return data
