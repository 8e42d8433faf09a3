"""Importing award history: each award matches the register's same award, year and decision."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import cast

from emudesk.db.models import AwardRecord
from emudesk.domain.enums import AwardType, RecordSource, SubjectKind
from emudesk.domain.statistics import RecipientCategory
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Ref, date_of, overlay, text_of
from emudesk.services.imports.refs import key
from emudesk.services.imports.subjects import SubjectPlanner, subject_kind
from emudesk.services.register.awards import AwardInput, award_input, create_award, update_award
from emudesk.services.register.awards import find_same as find_same_award


class AwardsPlanner(SubjectPlanner):
    """Plans a list of awards received."""

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        self.load_people(name_key="recipient")
        rows: list[PlanRow] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            name = text_of(values, "recipient") or "?"
            award = text_of(values, "award_name") or "?"
            year = values.get("year")
            row = self.row(pr, f"{name} – {award} ({year or '?'})")
            rows.append(row)
            kind = subject_kind(pr)
            if pr.errors or kind is None or not isinstance(year, int):
                continue
            ref = self.subject(row, pr, kind, name_field="recipient")
            form_code: str | None = None
            forms = self.forms.lookup(award)
            if len(forms) == 1:
                form_code = forms[0].code
            elif not forms:
                self.warn(
                    row,
                    "award_name",
                    _("“{name}” is not in the catalogue of award forms; it is kept as written.").format(
                        name=award
                    ),
                )
            else:
                self.warn(
                    row,
                    "award_name",
                    _("“{name}” could be any of: {forms}; it is kept as written.").format(
                        name=award, forms="; ".join(f.name for f in forms)
                    ),
                )
            if ref is None:
                continue
            data = AwardInput(
                subject=SubjectRef(kind, 0),
                year=year,
                award_form_code=form_code,
                award_name=award,
                recipient_name=name,
                decision_number=text_of(values, "decision_number") or "",
                decision_date=date_of(values, "decision_date"),
                issuer=text_of(values, "issuer") or "",
                award_type=cast(AwardType | None, values.get("award_type")),
                golden_book_no=text_of(values, "golden_book_no"),
                note=text_of(values, "note"),
                recipient_category=cast(RecipientCategory | None, values.get("recipient_category")),
            )
            k = (kind, ref, year, data.decision_number, form_code or key(award))
            if k in seen:
                self.error(
                    row, "award_name", _("Row {row} of this file is the same award.").format(row=seen[k])
                )
                continue
            seen[k] = pr.row_number
            cash = values.get("cash_amount")
            if isinstance(ref, int):
                same = find_same_award(self.session, replace(data, subject=SubjectRef(kind, ref)))
                if same is not None:
                    self.set_match(
                        row,
                        same.id,
                        f"{same.award_name} {same.year} – {same.decision_number or '?'} (#{same.id})",
                        _("same award, year and decision"),
                    )
            given = {f.name for f in fields(AwardInput)} - {"subject", "campaign_id"}
            given = {g for g in given if getattr(data, g) not in (None, "")} | {
                "award_name",
                "recipient_name",
                "year",
            }
            row.job = AwardJob(kind, ref, data, given, cash if isinstance(cash, Decimal) else None)
        return rows, []


# --- the job ---------------------------------------------------------------------------------------


@dataclass
class AwardJob:
    kind: SubjectKind
    ref: Ref
    data: AwardInput
    given: set[str]
    cash: Decimal | None
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        subject = ctx.resolve(self.ref)
        assert subject is not None
        data = replace(self.data, subject=SubjectRef(self.kind, subject))
        if action is Action.CREATE:
            award_id = create_award(ctx.session, data, source=RecordSource.IMPORTED)
            if self.cash is not None:
                # AwardInput carries no cash amount; the column exists on the record.
                record = ctx.session.get(AwardRecord, award_id)
                assert record is not None
                record.cash_amount = self.cash
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            record = ctx.session.get(AwardRecord, match_id)
            assert record is not None
            if record.source is RecordSource.APPROVAL:
                ctx.row_unchanged = True  # an award from an issued decision is corrected by the decision
                return
            base = award_input(ctx.session, match_id)
            merged = overlay(base, {g: getattr(data, g) for g in self.given})
            cash_same = self.cash is None or record.cash_amount == self.cash
            if merged == base and cash_same:
                ctx.row_unchanged = True
                return
            update_award(ctx.session, match_id, merged)
            if self.cash is not None:
                record.cash_amount = self.cash
            ctx.updated += 1
