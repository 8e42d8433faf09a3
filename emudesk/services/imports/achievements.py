"""Importing achievements: each matches the subject's same campaign, year and title."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select

from emudesk.db.models import Achievement
from emudesk.domain.enums import SubjectKind
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.services.campaigns.achievements import (
    AchievementInput,
    achievement_input,
    create_achievement,
    update_achievement,
)
from emudesk.services.core.common import SubjectRef
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Ref, int_of, text_of, write_update
from emudesk.services.imports.subjects import SubjectPlanner, subject_kind


class AchievementsPlanner(SubjectPlanner):
    """Plans a list of achievements."""

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        self.load_people(name_key="recipient")
        rows: list[PlanRow] = []
        for pr in self.parsed.rows:
            values = pr.values
            name = text_of(values, "recipient") or "?"
            title = text_of(values, "title") or text_of(values, "summary") or "?"
            row = self.row(pr, f"{name} – {title[:60]}")
            rows.append(row)
            kind = subject_kind(pr)
            if pr.errors or kind is None:
                continue
            cid, phase = self.campaign_and_phase(row, values, required=False)
            ref = self.subject(row, pr, kind, name_field="recipient")
            if ref is None or row.errors:
                continue
            year = int_of(values, "year")
            data = AchievementInput(
                subject=SubjectRef(kind, 0),
                campaign_id=cid,
                phase_id=phase,
                year=year,
                title=text_of(values, "title") or "",
                summary=text_of(values, "summary") or "",
                note=text_of(values, "note"),
            )
            if isinstance(ref, int):
                match = self._same_achievement(kind, ref, data)
                if match is not None:
                    self.set_match(
                        row,
                        match,
                        _("achievement #{id}").format(id=match),
                        _("same subject, campaign, year and title"),
                    )
            row.job = AchievementJob(kind, ref, data)
        return rows, []

    def _same_achievement(self, kind: SubjectKind, ref: int, data: AchievementInput) -> int | None:
        column = {
            SubjectKind.UNIT: Achievement.unit_id,
            SubjectKind.INDIVIDUAL: Achievement.individual_id,
            SubjectKind.HOUSEHOLD: Achievement.household_id,
        }[kind]
        stmt = select(Achievement.id, Achievement.title, Achievement.summary).where(
            column == ref,
            Achievement.deleted_at.is_(None),
            Achievement.campaign_id.is_(None)
            if data.campaign_id is None
            else Achievement.campaign_id == data.campaign_id,
            Achievement.year.is_(None) if data.year is None else Achievement.year == data.year,
        )
        wanted = (fold(data.title), fold(data.summary) if not data.title else None)
        for aid, title, summary in self.session.execute(stmt):
            if (fold(title), fold(summary) if not data.title else None) == wanted:
                return int(aid)
        return None


# --- the job ---------------------------------------------------------------------------------------


@dataclass
class AchievementJob:
    kind: SubjectKind
    ref: Ref
    data: AchievementInput
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        subject = ctx.resolve(self.ref)
        assert subject is not None
        data = replace(self.data, subject=SubjectRef(self.kind, subject))
        if action is Action.CREATE:
            create_achievement(ctx.session, data)
            ctx.created += 1
        elif action is Action.UPDATE:
            match_id = self.row.match_id
            assert match_id is not None
            base = achievement_input(ctx.session, match_id)
            merged = replace(
                base,
                summary=data.summary or base.summary,
                note=data.note or base.note,
                title=data.title or base.title,
            )
            write_update(
                ctx,
                base,
                merged,
                lambda data: update_achievement(ctx.session, match_id, data),
            )
