"""Importing nominations: filed in the status chosen, with the rules engine's verdict as a warning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from emudesk.db.models import Nomination
from emudesk.domain.enums import NominationStatus, RecordSource, SubjectKind
from emudesk.domain.errors import EmudeskError
from emudesk.domain.rules import Outcome
from emudesk.domain.workflow import EDITABLE
from emudesk.i18n import _
from emudesk.services.core.common import SubjectRef
from emudesk.services.eligibility import judge as eligibility
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Ref, int_of, text_of, write_update
from emudesk.services.imports.refs import ambiguous
from emudesk.services.imports.subjects import SubjectPlanner, subject_kind
from emudesk.services.nominations.workflow import (
    NominationInput,
    create_nomination,
    nomination_input,
    update_nomination,
)

# Statuses in which a nomination is "the same proposal" (``workflow._ACTIVE``, as values).
_ACTIVE_NOMINATION = [
    s.value
    for s in (
        NominationStatus.DRAFT,
        NominationStatus.SUBMITTED,
        NominationStatus.APPRAISED,
        NominationStatus.VOTED,
        NominationStatus.APPROVED,
        NominationStatus.RETURNED,
    )
]


class NominationsPlanner(SubjectPlanner):
    """Plans a list of nominations."""

    about_today = True

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        self.load_people(name_key="recipient")
        rows: list[PlanRow] = []
        seen: dict[tuple[object, ...], int] = {}
        today = dt.date.today()
        undated = 0
        for pr in self.parsed.rows:
            values = pr.values
            name = text_of(values, "recipient") or "?"
            award = text_of(values, "award_name") or "?"
            row = self.row(pr, f"{name} – {award}")
            rows.append(row)
            kind = subject_kind(pr)
            if pr.errors or kind is None:
                continue
            forms = self.forms.lookup(award)
            form_id: int | None = None
            if len(forms) == 1:
                form_id = forms[0].id
            elif not forms:
                self.error(
                    row,
                    "award_name",
                    _("“{name}” is not in the catalogue of award forms.").format(name=award),
                )
            else:
                self.error(row, "award_name", ambiguous(_("award forms"), award, [f.name for f in forms]))
            cid, phase = self.campaign_and_phase(row, values, required=True)
            proposer: int | None = None
            proposer_text = text_of(values, "proposing_unit")
            if proposer_text:
                proposer = self.unit_ref(row, "proposing_unit", proposer_text)
            ref = self.subject(row, pr, kind, name_field="recipient")
            if ref is None or form_id is None or cid is None or row.errors:
                continue
            year = int_of(values, "year")
            filed = values.get("filed_on")
            filed_on = filed if isinstance(filed, dt.date) else None
            data = NominationInput(
                subject=SubjectRef(kind, 0),
                campaign_id=cid,
                award_form_id=form_id,
                proposing_unit_id=proposer,
                phase_id=phase,
                year=year,
                filed_on=filed_on,
                summary=text_of(values, "summary") or "",
                note=text_of(values, "note"),
            )
            k = (kind, ref, cid, form_id, year, phase)
            if k in seen:
                self.error(
                    row, "award_name", _("Row {row} of this file is the same nomination.").format(row=seen[k])
                )
                continue
            seen[k] = pr.row_number
            if isinstance(ref, int):
                self._same_nomination(row, kind, ref, data)
                self._eligibility(row, kind, ref, forms[0].code, year, filed_on or today)
            if filed_on is None and not row.matched:
                undated += 1
            row.job = NominationJob(kind, ref, data, self.options.nomination_status, today)
        if undated:
            # Rules and the plan's deadline judge a file by the day it was received: say which day.
            self.notes.append(
                _(
                    "{n} nomination(s) give no day the file was received (“Ngày nhận hồ sơ”): the day of "
                    "the import, {day}, is recorded for them."
                ).format(n=undated, day=today.strftime("%d/%m/%Y"))
            )
        return rows, []

    def _same_nomination(self, row: PlanRow, kind: SubjectKind, ref: int, data: NominationInput) -> None:
        column = {
            SubjectKind.UNIT: Nomination.unit_id,
            SubjectKind.INDIVIDUAL: Nomination.individual_id,
            SubjectKind.HOUSEHOLD: Nomination.household_id,
        }[kind]
        found = self.session.execute(
            select(Nomination.id, Nomination.status)
            .where(
                column == ref,
                Nomination.campaign_id == data.campaign_id,
                Nomination.award_form_id == data.award_form_id,
                Nomination.status.in_(_ACTIVE_NOMINATION),
                Nomination.deleted_at.is_(None),
                Nomination.year.is_(None) if data.year is None else Nomination.year == data.year,
                Nomination.phase_id.is_(None)
                if data.phase_id is None
                else Nomination.phase_id == data.phase_id,
            )
            .limit(1)
        ).first()
        if found is not None:
            nid, status = found
            self.set_match(
                row,
                nid,
                _("nomination #{id} ({status})").format(id=nid, status=status.label),
                _("same subject, campaign and award"),
                create_ok=False,
            )
            if status not in EDITABLE:
                row.unchanged = True  # a filed nomination is not edited by an import

    def _eligibility(
        self, row: PlanRow, kind: SubjectKind, ref: int, code: str, year: int | None, on: dt.date
    ) -> None:
        """The rules engine's verdict on the day the file was received, as a warning; a verdict never
        blocks an import."""
        try:
            verdict = eligibility.evaluate(self.session, SubjectRef(kind, ref), code, on, year=year)
        except EmudeskError as exc:
            self.warn(row, "award_name", str(exc))
            return
        if verdict.outcome is Outcome.ELIGIBLE:
            return
        # Every reason not met or not yet known, sub-conditions included (they are informational).
        reasons = [r.text for r in verdict.reasons if r.passed is not True]
        self.warn(
            row,
            "award_name",
            _("Eligibility: {outcome}. {reasons}")
            .format(outcome=verdict.outcome.label, reasons=" ".join(reasons))
            .strip(),
        )


# --- the job ---------------------------------------------------------------------------------------


@dataclass
class NominationJob:
    kind: SubjectKind
    ref: Ref
    data: NominationInput
    status: NominationStatus
    import_day: dt.date  # the day received of a row that gives none
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        subject = ctx.resolve(self.ref)
        assert subject is not None
        data = replace(self.data, subject=SubjectRef(self.kind, subject))
        if action is Action.CREATE:
            data = replace(data, filed_on=data.filed_on or self.import_day)
            # SUBMITTED runs the quota check inside this transaction, exactly as the GUI's "submit".
            create_nomination(
                ctx.session,
                data,
                status=self.status,
                source=RecordSource.IMPORTED,
                origin=_("row {row} of this file").format(row=self.row.row_number),
            )
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            if self.row.unchanged:
                ctx.row_unchanged = True
                return
            base = nomination_input(ctx.session, match_id)
            merged = replace(
                base,
                summary=data.summary or base.summary,
                note=data.note or base.note,
                proposing_unit_id=data.proposing_unit_id or base.proposing_unit_id,
                filed_on=data.filed_on or base.filed_on,
            )
            write_update(
                ctx,
                base,
                merged,
                lambda data: update_nomination(ctx.session, match_id, data),
            )
