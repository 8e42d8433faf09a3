"""Importing annual ratings: one rating a subject a year, matched against the ratings recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from emudesk.db.models import AnnualRating
from emudesk.domain.enums import Rating, SubjectKind
from emudesk.i18n import _
from emudesk.services.imports.model import Action, PlanRow, RunContext
from emudesk.services.imports.planner import Ref, text_of
from emudesk.services.imports.refs import chunks
from emudesk.services.imports.subjects import SubjectPlanner, subject_kind
from emudesk.services.register.individuals import set_rating


class RatingsPlanner(SubjectPlanner):
    """Plans a list of annual ratings of people or units."""

    def plan_rows(self) -> tuple[list[PlanRow], list[int]]:
        self.load_people()
        rows: list[PlanRow] = []
        planned: list[tuple[PlanRow, SubjectKind, Ref, int, Rating]] = []
        seen: dict[tuple[object, ...], int] = {}
        for pr in self.parsed.rows:
            values = pr.values
            kind = subject_kind(pr) or SubjectKind.INDIVIDUAL
            name_field = "full_name" if kind is SubjectKind.INDIVIDUAL else "unit"
            name = text_of(values, name_field) or "?"
            year, rating = values.get("year"), values.get("rating")
            row = self.row(pr, f"{name} – {year}")
            rows.append(row)
            if pr.errors or not isinstance(year, int) or not isinstance(rating, Rating):
                continue
            if kind is SubjectKind.UNIT:
                ref: Ref | None = self.unit_ref(row, "unit", name)
            else:
                ref = self.subject(row, pr, kind, name_field="full_name")
            if ref is None:
                continue
            k = (kind, ref, year)
            if k in seen:
                self.error(
                    row,
                    "year",
                    _("Row {row} of this file rates the same subject for this year.").format(row=seen[k]),
                )
                continue
            seen[k] = pr.row_number
            planned.append((row, kind, ref, year, rating))
        existing: dict[tuple[SubjectKind, int, int], Rating] = {}
        for kind, column in (
            (SubjectKind.INDIVIDUAL, AnnualRating.individual_id),
            (SubjectKind.UNIT, AnnualRating.unit_id),
        ):
            ids = sorted({ref for _r, k, ref, _y, _v in planned if k is kind and isinstance(ref, int)})
            for part in chunks(ids):
                for subject_id, year, value in self.session.execute(
                    select(column, AnnualRating.year, AnnualRating.rating).where(column.in_(part))
                ):
                    if subject_id is not None:
                        existing[(kind, subject_id, year)] = value
        for row, kind, ref, year, rating in planned:
            current = existing.get((kind, ref, year)) if isinstance(ref, int) else None
            if current is not None and isinstance(ref, int):
                self.set_match(
                    row,
                    ref,
                    _("{rating} in {year}").format(rating=current.label, year=year),
                    _("rating of the same year"),
                    create_ok=False,
                )
                row.unchanged = current is rating
            row.job = RatingJob(kind, ref, year, rating)
        return rows, []


# --- the job ---------------------------------------------------------------------------------------


@dataclass
class RatingJob:
    kind: SubjectKind
    ref: Ref
    year: int
    rating: Rating
    row: PlanRow = field(init=False, repr=False)

    def run(self, ctx: RunContext, action: Action) -> None:
        if action is Action.UPDATE and self.row.unchanged:
            ctx.row_unchanged = True
            return
        subject = ctx.resolve(self.ref)
        if self.kind is SubjectKind.UNIT:
            set_rating(ctx.session, year=self.year, rating=self.rating, unit_id=subject)
        else:
            set_rating(ctx.session, year=self.year, rating=self.rating, individual_id=subject)
        if action is Action.CREATE:
            ctx.created += 1
        else:
            ctx.updated += 1
