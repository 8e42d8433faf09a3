"""Importing units: parents named anywhere in the file are planned (and written) first.

A unit matches the register's by its code, or by its name under the same parent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from emudesk.i18n import _
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Planner, Ref, given_fields, overlay, text_of, write_update
from emudesk.services.imports.refs import Pending, ambiguous, key
from emudesk.services.register.units import UnitInput, create_unit, unit_input, update_unit


class UnitsPlanner(Planner):
    """Plans a list of units."""

    def _kind_code(self, row: PlanRow, text: str) -> str | None:
        codes = self.kinds.lookup(text)
        if len(codes) == 1:
            return codes[0]
        if not codes:
            self.error(
                row,
                "kind",
                _("Unknown kind of unit “{value}”. Kinds: {kinds}.").format(
                    value=text, kinds="; ".join(self.kinds.names())
                ),
            )
        else:
            self.error(
                row, "kind", ambiguous(_("kinds of unit"), text, [self.kinds.name_of[c] for c in codes])
            )
        return None

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        prs = self.parsed.rows
        rows = [self.row(pr, text_of(pr.values, "name") or "?") for pr in prs]
        in_file: dict[str, list[int]] = defaultdict(list)
        for i, pr in enumerate(prs):
            for k in {
                key(v)
                for v in (
                    text_of(pr.values, "name"),
                    text_of(pr.values, "short_name"),
                    text_of(pr.values, "code"),
                )
                if v
            }:
                in_file[k].append(i)
        kind_codes: list[str | None] = []
        for row, pr in zip(rows, prs, strict=True):
            text = text_of(pr.values, "kind")
            kind_codes.append(self._kind_code(row, text) if text else None)
        # A parent named in the file is planned first, whatever the order of the rows.
        parent_rows: dict[int, list[int]] = {}
        parent_db: dict[int, list[int]] = {}
        for i, pr in enumerate(prs):
            text = text_of(pr.values, "parent")
            if text:
                parent_rows[i] = [j for j in in_file.get(key(text), []) if j != i]
                parent_db[i] = self.units.lookup(text)
        order = self._topological(len(prs), parent_rows, rows)
        entity: dict[int, Ref] = {}  # what each row stands for once planned: a unit id or Pending
        parent_of: dict[int, Ref | None] = {}
        seen_keys: dict[tuple[object, ...], int] = {}
        for i in order:
            pr, row = prs[i], rows[i]
            values = pr.values
            parent: Ref | None = None
            text = text_of(values, "parent")
            if text:
                options: list[Ref] = []
                for j in parent_rows.get(i, []):
                    ref = entity.get(j, Pending("unit", prs[j].row_number))
                    if ref not in options:
                        options.append(ref)
                for uid in parent_db.get(i, []):
                    if uid not in options:
                        options.append(uid)
                if len(options) == 1:
                    parent = options[0]
                elif not options:
                    self.error(
                        row,
                        "parent",
                        _("No unit “{name}” in emudesk or in this file.").format(name=text),
                    )
                else:
                    self.error(
                        row,
                        "parent",
                        ambiguous(
                            _("units"),
                            text,
                            [
                                self.units.describe(o)
                                if isinstance(o, int)
                                else _("row {row} of this file").format(row=o.key)
                                for o in options
                            ],
                        ),
                    )
            parent_of[i] = parent
            name = text_of(values, "name")
            match = self._unit_match(row, values, parent, parent_given=bool(text)) if name else None
            entity[i] = match if match is not None else Pending("unit", pr.row_number)
            code = text_of(values, "code")
            keys: list[tuple[object, ...]] = [("code", key(code))] if code else []
            keys.append(("name", key(name or ""), parent))
            for dup in keys:
                if dup in seen_keys:
                    self.error(
                        row,
                        "code" if dup[0] == "code" else "name",
                        _("Row {row} of this file already has this unit.").format(row=seen_keys[dup]),
                    )
                else:
                    seen_keys[dup] = pr.row_number
            row.job = UnitJob(pr.row_number, values, kind_codes[i], parent, text is not None)
        return rows, order

    def _unit_match(
        self, row: PlanRow, values: dict[str, object], parent: Ref | None, parent_given: bool
    ) -> int | None:
        name = text_of(values, "name") or ""
        code = text_of(values, "code")
        if code:
            by_code = self.units.with_code(code)
            if len(by_code) == 1:
                self.set_match(row, by_code[0], self.units.describe(by_code[0]), _("same code"))
                return by_code[0]
        candidates = self.units.named(name)
        if parent_given:
            candidates = [
                u for u in candidates if isinstance(parent, int) and self.units.by_id[u].parent_id == parent
            ]
        if len(candidates) == 1:
            self.set_match(row, candidates[0], self.units.describe(candidates[0]), _("same name and parent"))
            return candidates[0]
        if len(candidates) > 1:
            self.error(
                row,
                "parent",
                _("Several units are called “{name}”: {candidates}. Give the parent unit.").format(
                    name=name, candidates="; ".join(self.units.describe(u) for u in candidates[:6])
                ),
            )
        return None

    def _topological(self, n: int, deps: dict[int, list[int]], rows: list[PlanRow]) -> list[int]:
        order: list[int] = []
        state = [0] * n  # 0 new, 1 in progress, 2 done
        for start in range(n):
            if state[start]:
                continue
            stack: list[tuple[int, int]] = [(start, 0)]
            state[start] = 1
            while stack:
                node, idx = stack[-1]
                children = deps.get(node, [])
                if idx < len(children):
                    stack[-1] = (node, idx + 1)
                    child = children[idx]
                    if state[child] == 0:
                        state[child] = 1
                        stack.append((child, 0))
                    elif state[child] == 1 and len(children) == 1:
                        self.error(
                            rows[node],
                            "parent",
                            _("The units of this file are placed under each other in a loop."),
                        )
                    continue
                stack.pop()
                state[node] = 2
                order.append(node)
        return order


# --- the job ---------------------------------------------------------------------------------------


_UNIT_FIELDS = {
    "name": "name",
    "short_name": "short_name",
    "code": "code",
    "admin_code": "admin_code",
    "address": "address",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "member_count": "member_count",
    "note": "note",
}


@dataclass
class UnitJob:
    row_number: int
    values: dict[str, object]
    kind_code: str | None
    parent: Ref | None
    parent_given: bool
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        own = Pending("unit", self.row_number)
        given = given_fields(self.values, _UNIT_FIELDS)
        if self.kind_code:
            given["kind_code"] = self.kind_code
        if self.parent_given:
            given["parent_id"] = ctx.resolve(self.parent)
        if action is Action.CREATE:
            data = overlay(UnitInput(name="", kind_code=""), given)
            ctx.ids[own] = create_unit(ctx.session, data)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            ctx.ids[own] = match_id
            base = unit_input(ctx.session, match_id)
            merged = overlay(base, given)
            write_update(ctx, base, merged, lambda data: update_unit(ctx.session, match_id, data))
