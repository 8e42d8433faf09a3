"""The operations of benchmarks/run.py, each with its floor (imported by run.py)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from harness import Context, Row, benchmark, copy_database, row, timings

SEARCH = "nguyen van duc"


def _raw(ctx: Context) -> sqlite3.Connection:
    return sqlite3.connect(ctx.db)


@benchmark("search")
def search(ctx: Context) -> list[Row]:
    """Diacritic-insensitive search per keystroke: the id query the list runs for each prefix typed."""
    from emudesk.domain.text import like_pattern
    from emudesk.services import tables
    from emudesk.services.store import Store

    store = Store.open(ctx.db)
    prefixes = [SEARCH[: i + 1] for i in range(len(SEARCH)) if SEARCH[i] != " "]
    ours: list[float] = []
    floor: list[float] = []
    raw = _raw(ctx)
    sql = (
        "SELECT id FROM individuals WHERE deleted_at IS NULL AND name_fold LIKE ? ESCAPE '\\' "
        "ORDER BY sort_key, id"
    )
    with store.read() as session:
        for prefix in prefixes:
            flt = tables.IndividualFilter(search=prefix)
            ours += timings(lambda flt=flt: tables.individual_ids(session, flt), max(3, ctx.repeat // 3))
            floor += timings(
                lambda p=prefix: raw.execute(sql, (like_pattern(p),)).fetchall(), max(3, ctx.repeat // 3)
            )
    store.close()
    return [
        row(
            "search per keystroke (id query)",
            ours,
            floor,
            "<=30ms",
            f"p95 over every prefix of “{SEARCH}”; floor: the same SQL through sqlite3",
        )
    ]


@benchmark("sort")
def sort(ctx: Context) -> list[Row]:
    from emudesk.services import tables
    from emudesk.services.store import Store

    store = Store.open(ctx.db)
    raw = _raw(ctx)
    with store.read() as session:
        ours = timings(
            lambda: tables.individual_ids(session, tables.IndividualFilter(), sort="name"), ctx.repeat
        )
    floor = timings(
        lambda: raw.execute(
            "SELECT id FROM individuals WHERE deleted_at IS NULL ORDER BY sort_key, id"
        ).fetchall(),
        ctx.repeat,
    )
    store.close()
    return [
        row(
            "sort 100,000 individuals by name (Vietnamese)",
            ours,
            floor,
            "<=150ms",
            "floor: the same ORDER BY through sqlite3",
        )
    ]


@benchmark("nomination")
def nomination(ctx: Context) -> list[Row]:
    """Create and submit one nomination with its quota check, in one transaction."""
    from sqlalchemy import select

    from emudesk.db.models import AwardForm, Campaign, Individual
    from emudesk.domain.enums import NominationStatus, SubjectKind
    from emudesk.domain.errors import QuotaExceededError
    from emudesk.services import nominations
    from emudesk.services.common import SubjectRef
    from emudesk.services.store import Store

    path = copy_database(ctx, "nomination")
    store = Store.open(path)
    with store.read() as s:
        campaign = s.scalar(select(Campaign.id).where(Campaign.title.like("%thường xuyên năm 2026%")))
        form = s.scalar(select(AwardForm.id).where(AwardForm.code == "BK_TINH"))
        people = list(s.scalars(select(Individual.id).where(Individual.unit_id.is_not(None)).limit(400)))
    it = iter(people)

    def submit() -> None:
        pid = next(it)
        with store.write() as s:
            nominations.create_nomination(
                s,
                nominations.NominationInput(
                    subject=SubjectRef(SubjectKind.INDIVIDUAL, pid),
                    campaign_id=campaign,
                    award_form_id=form,
                    year=2026,
                    filed_on=date(2026, 11, 20),
                ),
                status=NominationStatus.DRAFT,
            )

    ours = timings(submit, ctx.repeat)

    def submit_only() -> None:
        pid = next(it)
        with store.write() as s:
            nid = nominations.create_nomination(
                s,
                nominations.NominationInput(
                    subject=SubjectRef(SubjectKind.INDIVIDUAL, pid),
                    campaign_id=campaign,
                    award_form_id=form,
                    year=2026,
                    filed_on=date(2026, 11, 20),
                ),
            )
            start = time.perf_counter()
            with contextlib.suppress(QuotaExceededError):  # a full quota is a valid outcome of the check
                nominations.transition(s, [nid], NominationStatus.SUBMITTED)
            samples.append((time.perf_counter() - start) * 1000)

    samples: list[float] = []
    for _ in range(ctx.repeat):
        submit_only()
    store.close()
    return [
        row("create a draft nomination (one transaction)", ours, None, "<=10ms"),
        row(
            "submit a nomination with its quota check",
            samples,
            None,
            "<=10ms",
            "inside the write transaction: lock, count the holders in SQL, write",
        ),
    ]


@benchmark("export")
def export(ctx: Context) -> list[Row]:
    """Renderers against the bare libraries with the same cells (benchmarks/export_floor.py's data)."""
    import export_floor as ef

    from emudesk.export.pdf import write_pdf
    from emudesk.export.xlsx import write_xlsx

    rows10k = ef.make_rows(10_000)
    rows1k = rows10k[:1000]
    rows5k = rows10k[:5000]
    n = max(3, ctx.repeat // 3)
    out: list[Row] = []
    out.append(
        row(
            "export 10,000 rows to xlsx",
            timings(lambda: write_xlsx(ef.make_document(rows10k), _sink()), n),
            timings(lambda: ef.raw_xlsx(rows10k), n),
            "<=1.2x",
            "floor: raw openpyxl write-only, same cells",
        )
    )
    pdf_floor = timings(lambda: ef.raw_pdf(rows1k), n)
    out.append(
        row(
            "export 1,000 rows to PDF",
            timings(lambda: write_pdf(ef.make_document(rows1k), _sink()), n),
            pdf_floor,
            "<=1.5x",
            "floor: raw reportlab canvas, simpleSplit + drawString per cell",
        )
    )
    ours5k = timings(lambda: write_pdf(ef.make_document(rows5k), _sink()), n)
    lo = _libreoffice_pdf(ef, rows5k, n)
    if lo:
        out.append(
            row(
                "export 5,000 rows to PDF",
                ours5k,
                lo,
                "<=1.0x",
                "floor: LibreOffice headless converting the same list from xlsx to PDF",
            )
        )
        out.append(
            row("LibreOffice xlsx → PDF, 5,000 rows (reference)", lo, None, "", "what offices use today")
        )
    else:
        out.append(row("export 5,000 rows to PDF", ours5k, None, "", "LibreOffice not installed: no floor"))
    return out


def _sink() -> object:
    import io

    return io.BytesIO()


def _libreoffice_pdf(ef: object, rows: list[tuple[object, ...]], n: int) -> list[float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    from emudesk.export.xlsx import write_xlsx

    tmp = Path(tempfile.mkdtemp(prefix="emudesk-lo-"))
    src = tmp / "list.xlsx"
    with src.open("wb") as fh:
        write_xlsx(ef.make_document(rows), fh)  # type: ignore[attr-defined]
    profile = f"-env:UserInstallation=file://{tmp}/profile"
    cmd = [
        soffice,
        profile,
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp),
        str(src),
    ]
    samples = timings(lambda: subprocess.run(cmd, check=True, capture_output=True, timeout=300), n)
    shutil.rmtree(tmp, ignore_errors=True)
    return samples
