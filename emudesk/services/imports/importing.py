"""Importing spreadsheets: plan every row against the database, then write them all or none.

    parsed = parse_file(path, "individuals")              # emudesk.importer, no database
    with store.read() as session:
        plan = plan_import(session, parsed, on_match=OnMatch.UPDATE)
    plan.ok, plan.summary(), plan.all_errors()            # create / update / skip / error per row
    result = commit_import(store, plan, progress=..., cancel=...)

``plan_import`` resolves references (units, award forms, campaigns), finds the
records rows match, and rehearses the writes inside a savepoint that is rolled
back, so every refusal of the services (validation, duplicates, quotas) is
known before anything is written. ``commit_import`` writes every row through
the same services in one transaction: any refusal, a cancel or a failure
leaves the database as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from emudesk.db.models import Unit
from emudesk.domain.enums import NominationStatus
from emudesk.domain.errors import EmudeskError, QuotaExceededError, StorageError, ValidationError
from emudesk.i18n import _
from emudesk.importer import (
    CAMPAIGN,
    KINDS,
    CampaignParse,
    CellError,
    ParsedRow,
    ParsedSheet,
    parse_campaign,
    parse_file,
)
from emudesk.importer.reader import open_workbook
from emudesk.importer.report import write_error_report
from emudesk.importer.template import write_template
from emudesk.services.core.history import group_digits
from emudesk.services.core.outputs import atomic_output, check_output
from emudesk.services.core.store import Store
from emudesk.services.imports.achievements import AchievementsPlanner
from emudesk.services.imports.awards import AwardsPlanner
from emudesk.services.imports.campaign import plan_campaign
from emudesk.services.imports.households import HouseholdsPlanner
from emudesk.services.imports.individuals import IndividualJob, IndividualsPlanner
from emudesk.services.imports.model import (
    Action,
    ImportCancelledError,
    ImportPlan,
    ImportResult,
    OnMatch,
    PlanRow,
    Progress,
    RunContext,
)
from emudesk.services.imports.names import proper_case_names
from emudesk.services.imports.nominations import NominationsPlanner
from emudesk.services.imports.planner import Options, Planner, bind_rows
from emudesk.services.imports.ratings import RatingsPlanner
from emudesk.services.imports.refs import Pending
from emudesk.services.imports.units import UnitsPlanner
from emudesk.services.register.choices import template_choices
from emudesk.services.register.households import HouseholdInput
from emudesk.services.register.individuals import IndividualInput, create_individual, create_individuals

__all__ = [
    "IMPORT_KINDS",
    "Action",
    "ImportCancelledError",
    "ImportPlan",
    "ImportResult",
    "OnMatch",
    "PlanRow",
    "commit_import",
    "plan_import",
    "prepare_import",
    "read_file",
    "rehearse",
    "save_template",
    "sheet_names",
    "write_report",
    "write_template_for",
]

# Where a service's field name shows in a sheet (the first column the sheet has wins).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "given_name": ("full_name", "recipient", "head_name"),
    "family_name": ("full_name", "recipient"),
    "full_name": ("full_name", "recipient"),
    "birth_year": ("birth_date",),
    "birth_date": ("birth_date",),
    "id_number": ("id_number",),
    "ethnicity": ("ethnicity",),
    "unit_id": ("unit",),
    "name": ("name",),
    "kind": ("kind",),
    "parent_id": ("parent",),
    "valid_to": ("valid_to",),
    "member_count": ("member_count",),
    "head_name": ("head_name",),
    "members": ("members",),
    "award_name": ("award_name",),
    "award_form": ("award_name",),
    "award_form_id": ("award_name",),
    "year": ("year",),
    "decision_date": ("decision_date",),
    "phase_id": ("phase",),
    "summary": ("summary", "title"),
    "proposing_unit_id": ("proposing_unit",),
    "filed_on": ("filed_on",),
    "subject": ("recipient", "subject_kind"),
    "campaign_id": ("campaign",),
}
_PROGRESS_EVERY = 25

# The planner of each kind of sheet (a campaign workbook is planned by ``plan_campaign``).
_PLANNERS: dict[str, type[Planner]] = {
    "units": UnitsPlanner,
    "individuals": IndividualsPlanner,
    "households": HouseholdsPlanner,
    "ratings": RatingsPlanner,
    "awards": AwardsPlanner,
    "achievements": AchievementsPlanner,
    "nominations": NominationsPlanner,
}

IMPORT_KINDS: tuple[str, ...] = (*KINDS, CAMPAIGN)
"""What can be imported: units, individuals, households, ratings, awards, achievements,
nominations, and "campaign" (a campaign workbook)."""


def kind_title(kind: str) -> str:
    """The kind as the GUI names it ("Cá nhân")."""
    return _("Campaign workbook") if kind == CAMPAIGN else _(KINDS[kind].title)


def read_file(
    path: str | Path, kind: str, *, sheet: str | None = None, mapping: Mapping[str, object] | None = None
) -> ParsedSheet | CampaignParse:
    """Read ``path`` as ``kind`` (see IMPORT_KINDS); ImportFileError when it cannot be read."""
    if kind == CAMPAIGN:
        return parse_campaign(path)
    return parse_file(path, kind, sheet=sheet, mapping=mapping)  # type: ignore[arg-type]


def plan_import(
    session: Session,
    parsed: ParsedSheet | CampaignParse,
    *,
    on_match: OnMatch = OnMatch.SKIP,
    campaign_id: int | None = None,
    nomination_status: NominationStatus = NominationStatus.SUBMITTED,
    rehearse_writes: bool = True,
    leave_out: Collection[int] = (),
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportPlan:
    """Classify every row of ``parsed`` as create, update, skip or error.

    Names of people typed all in lower or upper case are put in proper case first, each change
    noted on its row (``names.proper_case_names``).

    Args:
        on_match: what to do with rows matching a record already in the database (each row's
            choice may be changed afterwards, then ``rehearse`` run again).
        campaign_id: the campaign of nominations and achievements whose file has no campaign column.
        nomination_status: nominations are filed in this status; SUBMITTED takes quota places
            and is checked against the quotas exactly as submitting in the GUI is.
        rehearse_writes: run the writes in a rolled-back savepoint to collect every refusal of the
            services now (the commit does it anyway; the CLI skips it to write in one pass).
        leave_out: row numbers of a sheet the user left out (the wizard's "Bỏ qua dòng này"):
            skipped and not checked, shown in their place in the plan.
    """
    options = Options(on_match, campaign_id, nomination_status)
    if isinstance(parsed, CampaignParse):
        plan = plan_campaign(session, parsed, options)
    else:
        sheet = proper_case_names(parsed)
        left = [pr for pr in sheet.rows if pr.row_number in leave_out]
        if left:
            sheet = replace(sheet, rows=[pr for pr in sheet.rows if pr.row_number not in leave_out])
        plan = _PLANNERS[parsed.kind](session, sheet, options).plan()
        if left:
            _put_back(plan, left)
    bind_rows(plan.rows)
    if rehearse_writes:
        rehearse(session, plan, progress=progress, cancel=cancel)
    return plan


def _put_back(plan: ImportPlan, left: list[ParsedRow]) -> None:
    """The rows the user left out, in their place among the planned rows, skipped."""
    rows = [
        PlanRow(pr.sheet, pr.row_number, _row_label(pr), source=pr, file=plan.file, left_out=True)
        for pr in left
    ]
    planned = plan.rows
    merged = sorted([*planned, *rows], key=lambda r: r.row_number)
    where = {id(r): i for i, r in enumerate(merged)}
    plan.order = [where[id(planned[i])] for i in plan.order] + [where[id(r)] for r in rows]
    plan.rows = merged


def _row_label(pr: ParsedRow) -> str:
    for key in ("full_name", "recipient", "name", "head_name"):
        text = pr.values.get(key) or pr.raw.get(key)
        if isinstance(text, str) and text:
            return text
    return _("Row {row}").format(row=pr.row_number)


def rehearse(
    session: Session,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RunContext:
    """Write every row inside a savepoint and roll it back: each row learns what the services
    refuse (``commit_errors``) and whether an update would change anything.

    Rows run one after the other; only when one is refused does a second pass give each row a
    savepoint of its own, to learn every refusal (as ``commit_import`` does).
    """
    for savepoints in (False, True):
        nested = session.begin_nested()
        try:
            ctx = _run(session, plan, progress=progress, cancel=cancel, savepoints=savepoints)
            break
        except _RowRefusedError:
            continue
        finally:
            nested.rollback()
    plan.rehearsed = True
    return ctx


def commit_import(
    store: Store,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Write the plan in one transaction through the services; all or nothing.

    Returns a result with ``committed`` False (and the refusals on the plan's rows) when anything
    is in error: nothing is then written. Raises ImportCancelledError when ``cancel`` is set, after
    rolling back.
    """
    if not plan.ok:
        return ImportResult(plan, committed=False, dry_run=dry_run)
    try:
        # First in one go, each row straight after the other: the rehearsal (or the checks of the
        # plan) make a refusal rare, and savepoints cost a third of the time of a large import.
        with store.write(label=undo_label(plan)) as session:
            ctx = _run(session, plan, progress=progress, cancel=cancel, savepoints=False)
            if dry_run:
                raise _RollBackError
        return _result(plan, ctx, committed=True)
    except _RollBackError:
        return _result(plan, ctx, committed=False, dry_run=True)
    except _RowRefusedError:
        pass
    # A row was refused: nothing is written. Run again with a savepoint per row, only to learn
    # every refusal, and roll that back too.
    try:
        with store.write() as session:
            ctx = _run(session, plan, progress=progress, cancel=cancel, savepoints=True)
            raise _RollBackError
    except _RollBackError:
        pass
    return _result(plan, ctx, committed=False, dry_run=dry_run)


def undo_label(plan: ImportPlan) -> str:
    """How the Edit menu names the import: "Nhập cá nhân từ ds.xlsx (1.240 dòng)"."""
    return _("Import {what} from {file} ({n} rows)").format(
        what=kind_title(plan.kind).lower(), file=Path(plan.file).name, n=group_digits(len(plan.rows))
    )


def _result(plan: ImportPlan, ctx: RunContext, *, committed: bool, dry_run: bool = False) -> ImportResult:
    return ImportResult(
        plan,
        committed=committed,
        created=ctx.created,
        updated=ctx.updated,
        skipped=ctx.skipped,
        unchanged=ctx.unchanged,
        dry_run=dry_run,
        subjects_added=ctx.subjects_added,
    )


class _RowRefusedError(Exception):
    """A row was refused on the fast path; the caller rolls back."""


class _RollBackError(Exception):
    """Leave ``store.write()`` by its rollback path without it being an error."""


def _run(
    session: Session,
    plan: ImportPlan,
    *,
    progress: Progress | None,
    cancel: threading.Event | None,
    savepoints: bool = True,
) -> RunContext:
    """Run the jobs in the plan's order.

    With ``savepoints`` each row runs in its own, so a refusal is recorded on its row and the
    other rows are still tried; without, the first refusal is recorded and _RowRefusedError raised.
    """
    ctx = RunContext(session, cancel=cancel, make_person=_maker(plan))
    # Rows name the same few units again and again: keep them loaded, so the services' lookups
    # find them in the session instead of asking the database each time.
    ctx.keep = list(session.scalars(select(Unit).where(Unit.deleted_at.is_(None))))
    for row in plan.rows:
        row.commit_errors = []
    total = len(plan.order)
    label = _("Importing {file}…").format(file=plan.file)
    n = reported = 0
    while n < total:
        if cancel is not None and cancel.is_set():
            raise ImportCancelledError()
        if progress is not None and (n == 0 or n - reported >= _PROGRESS_EVERY):
            progress(n, total, label)
            reported = n
        # New people, the bulk of a staff list, go in batches: one flush per batch instead of one
        # per person. A batch the services would refuse in part writes nothing and its rows go
        # one by one below, so every refusal still lands on its own row.
        batch = _people_batch(plan, n)
        if len(batch) > 1 and _create_people(session, batch, ctx):
            n += len(batch)
            continue
        for index in [plan.order[i] for i in range(n, n + max(len(batch), 1))]:
            _run_row(session, plan, plan.rows[index], ctx, savepoints)
        n += max(len(batch), 1)
    if progress is not None:
        progress(total, total, label)
    return ctx


def _run_row(session: Session, plan: ImportPlan, row: PlanRow, ctx: RunContext, savepoints: bool) -> None:
    """One row through its job, in its own savepoint when ``savepoints``."""
    action = row.action
    if row.left_out:
        ctx.skipped += 1
        return
    if action is Action.ERROR or row.job is None:
        return
    if action is Action.SKIP:
        if row.unchanged:
            ctx.unchanged += 1
        else:
            ctx.skipped += 1
        return
    counters = (ctx.created, ctx.updated, ctx.subjects_added)
    known = len(ctx.ids)
    ctx.row_unchanged = False
    savepoint = session.begin_nested() if savepoints else None
    try:
        row.job.run(ctx, action)
        if savepoint is not None:
            savepoint.commit()
    except (StorageError, ImportCancelledError):
        raise
    except (EmudeskError, IntegrityError) as exc:
        if savepoint is None:
            row.commit_errors = errors_from(exc, row, plan)
            raise _RowRefusedError from exc
        savepoint.rollback()
        ctx.created, ctx.updated, ctx.subjects_added = counters
        for k in list(ctx.ids)[known:]:
            del ctx.ids[k]
        row.commit_errors = errors_from(exc, row, plan)
        return
    if action is Action.UPDATE:
        row.unchanged = ctx.row_unchanged
        if ctx.row_unchanged:
            ctx.unchanged += 1


_BATCH = 500


def _people_batch(plan: ImportPlan, start: int) -> list[PlanRow]:
    """The run of new people starting at ``start`` in the plan's order (at most _BATCH)."""
    out: list[PlanRow] = []
    for index in plan.order[start : start + _BATCH]:
        row = plan.rows[index]
        if row.action is not Action.CREATE or not isinstance(row.job, IndividualJob):
            break
        out.append(row)
    return out


def _create_people(session: Session, rows: list[PlanRow], ctx: RunContext) -> bool:
    """Create a batch of new people in one go; False (nothing written) if any would be refused."""
    items = []
    for row in rows:
        job = row.job
        assert isinstance(job, IndividualJob)
        items.append((job.prepared(ctx), job.start_date))
    savepoint = session.begin_nested()
    try:
        created = create_individuals(session, items)
    except (EmudeskError, IntegrityError):
        created = None
    if created is None:
        savepoint.rollback()
        return False
    savepoint.commit()
    ctx.created += len(created)
    return True


def _maker(plan: ImportPlan) -> Callable[[RunContext, Pending], int]:
    def make(ctx: RunContext, ref: Pending) -> int:
        data = plan.pending[ref]
        if isinstance(data, IndividualInput):
            data = replace(data, unit_id=ctx.resolve(data.unit_id))
            new_id = create_individual(ctx.session, data)
        else:
            from emudesk.services.register.households import create_household

            assert isinstance(data, HouseholdInput)
            new_id = create_household(ctx.session, data)
        ctx.subjects_added += 1
        return new_id

    return make


def errors_from(exc: BaseException, row: PlanRow, plan: ImportPlan) -> list[CellError]:
    """A service's refusal as cell errors, placed in the column of the field it names."""
    sheet = next((s for s in plan.sheets if s.sheet == row.sheet), None)
    mapping = sheet.mapping if sheet else None

    def letter(field_name: str | None) -> tuple[str | None, str | None]:
        if not field_name or mapping is None:
            return None, None
        for candidate in _COLUMNS.get(field_name, (field_name,)):
            found = mapping.letter_of(candidate)
            if found:
                return candidate, found
        return None, None

    def cell(field_name: str | None, reason: str) -> CellError:
        key, col = letter(field_name)
        return CellError(plan.file, row.sheet, row.row_number, col, key, reason)

    if isinstance(exc, IntegrityError):
        return [cell(None, _("The database refused this row: {reason}").format(reason=str(exc.orig)[:200]))]
    assert isinstance(exc, EmudeskError)
    if isinstance(exc, QuotaExceededError):
        return [cell("award_form_id", exc.one_line())]
    if isinstance(exc, ValidationError) and exc.fields:
        out = []
        for i, (name, problem) in enumerate(exc.fields.items()):
            if i == 0:
                out.append(cell(name, exc.message))
            elif problem.endswith(".") and problem != exc.message:
                out.append(cell(name, problem))  # individuals.validate words every problem fully
        return out
    return [cell(None, exc.message)]


# --- reports and templates ---------------------------------------------------------------------


def write_report(plan: ImportPlan, path: str | Path, *, source: str | Path | None = None) -> Path:
    """The error report: the file's sheets with a "Lỗi" column and wrong cells in red.

    Never over ``source`` (the file imported); complete or not at all.
    """
    target = check_output(path, inputs=[source] if source else (), force=True)
    with atomic_output(target) as temporary:
        write_error_report(plan.report_sheets(), temporary)
    return target


def prepare_import(
    store: Store,
    parsed: ParsedSheet | CampaignParse,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    **options: object,
) -> ImportPlan:
    """``plan_import`` in a read session of its own (for the GUI's worker thread)."""
    with store.read() as session:
        return plan_import(session, parsed, progress=progress, cancel=cancel, **options)  # type: ignore[arg-type]


def rehearse_plan(
    store: Store, plan: ImportPlan, *, progress: Progress | None = None, cancel: threading.Event | None = None
) -> ImportPlan:
    """Rehearse again after the user changed what to do with matches."""
    with store.read() as session:
        rehearse(session, plan, progress=progress, cancel=cancel)
    return plan


def sheet_names(path: str | Path) -> list[str]:
    """The visible sheets of a file, in order; ImportFileError when it cannot be read."""
    with open_workbook(path) as book:
        return book.visible_sheet_names


def save_template(store: Store, kind: str, path: str | Path) -> Path:
    """A blank template beside the database's lists, complete or not at all, never over the database."""
    target = check_output(path, database=store.path, force=True)
    with store.read() as session, atomic_output(target) as temporary:
        write_template_for(session, kind, temporary)
    return target


def write_template_for(session: Session, kind: str, path: str | Path) -> Path:
    """A blank template of ``kind`` with the database's lists in its drop-downs."""
    return write_template(kind, path, choices=template_choices(session))


def error_lines(plan: ImportPlan, limit: int | None = None) -> Sequence[str]:
    """Every problem as one line: "Tệp …, trang …, dòng 7, cột D: …"."""
    errors = plan.all_errors()
    lines = [str(e) for e in (errors if limit is None else errors[:limit])]
    if limit is not None and len(errors) > limit:
        lines.append(_("… and {n} more.").format(n=len(errors) - limit))
    return lines
