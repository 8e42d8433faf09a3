"""Exchange packages of 1,000 dossiers with evidence: export at a commune, import at the province.

    python benchmarks/exchange_bench.py [DOSSIERS] [--server postgresql://…/db]

Two fresh offices (built once per run of this script or of the ``exchange`` group of
benchmarks/run.py), the commune in an SQLite file and the province in another, or with
``--server`` (run.py's ``--db URL``) in a database made on that server: the province's campaign
went down to the commune, whose staff each have an
achievement with a scanned file (4 KB, all different) and a file voted by its council. Timed:
``export`` (collect, JSON, zip, sign) and ``import`` (check, preview, one transaction through the
services: register, achievements, evidence, nominations with quotas and terms, then the receipt)
on a fresh copy of the province each time. The floor does the same zip+JSON work with the bare
libraries: the same rows read with sqlite3, written as JSON into a zip with the blobs, read back,
hashed, parsed and inserted with executemany (on a server, through psycopg: the blobs into
``evidence_blobs``, each record as one JSON document into a scratch table).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emudesk.domain.enums import CampaignKind, Gender, NominationStatus, SubjectKind
from emudesk.services.campaigns import achievements, plans
from emudesk.services.campaigns.definition import CampaignDef, OfferedFormDef
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from emudesk.services.exchange import exporting, importing, office
from emudesk.services.exchange.package import open_package
from emudesk.services.nominations import workflow
from emudesk.services.register import individuals, units

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang")
WOMEN = ("Dung", "Hà", "Lan", "Mai", "Phương", "Trang")
GIVEN = ("An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Sơn", "Trang")


Office = Path | str  # an SQLite file, or a server database's URL


def build(folder: Path, dossiers: int, upper_at: str | None = None) -> tuple[Office, Path]:
    """The province (in ``upper_at``, an empty server database, if given) and the commune with
    ``dossiers`` voted files ready to send; where they are."""
    upper_path: Office = upper_at or folder / "tinh.sqlite3"
    lower_path = folder / "xa.sqlite3"
    upper, lower = Store.open(upper_path, create=True), Store.open(lower_path, create=True)
    try:
        with upper.write() as s:
            office.init_office(s, "Sở Nội vụ tỉnh Hưng Yên")
            up_key = office.export_key(s)
            cid = plans.create_campaign(
                s,
                CampaignDef(
                    title="Thi đua chuyển đổi số năm 2026",
                    kind=CampaignKind.THEMATIC,
                    offered_forms=[OfferedFormDef("GK", True, True, False)],
                ),
            )
            assert cid
        with lower.write() as s:
            office.init_office(s, "UBND xã Vũ Thư")
            office.trust(s, up_key)
            low_key = office.export_key(s)
        with upper.write() as s:
            office.trust(s, low_key)
            exporting.export_package(s, folder / "ke-hoach.emx")
        with lower.write() as s:
            package = open_package(s, folder / "ke-hoach.emx")
            importing.apply(s, package, importing.preview(s, package))
        scan = folder / "scan.pdf"
        with lower.write() as s:
            from sqlalchemy import select

            from emudesk.db.models import AwardForm, Campaign

            campaign = s.scalar(select(Campaign.id))
            form = s.scalar(select(AwardForm.id).where(AwardForm.code == "GK"))
            commune = units.create_unit(s, units.UnitInput(name="UBND xã Vũ Thư", kind_code="ubnd_xa"))
            ids: list[int] = []
            for i in range(dossiers):
                given = GIVEN[i % len(GIVEN)]
                pid = individuals.create_individual(
                    s,
                    individuals.IndividualInput(
                        family_name=FAMILY[i % len(FAMILY)],
                        middle_name=MIDDLE[(i // 8) % len(MIDDLE)],
                        given_name=given,
                        gender=Gender.FEMALE if given in WOMEN else Gender.MALE,
                        birth_date=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                        unit_id=commune,
                        position="Công chức",
                        allow_duplicate=True,
                    ),
                )
                ref = SubjectRef(SubjectKind.INDIVIDUAL, pid)
                ach = achievements.create_achievement(
                    s,
                    achievements.AchievementInput(
                        subject=ref, campaign_id=campaign, year=2026, title=f"Sáng kiến {i}"
                    ),
                )
                scan.write_bytes(hashlib.sha256(str(i).encode()).digest() * 128)  # 4 KB, each different
                achievements.add_evidence(s, ach, scan)
                ids.append(
                    workflow.create_nomination(
                        s,
                        workflow.NominationInput(
                            subject=ref,
                            campaign_id=campaign,
                            award_form_id=form,
                            proposing_unit_id=commune,
                            year=2026,
                            achievement_id=ach,
                        ),
                    )
                )
        with lower.write() as s:
            workflow.transition(s, ids, NominationStatus.SUBMITTED)
    finally:
        upper.close()
        lower.close()
    return upper_path, lower_path


def export_and_import(upper: Office, lower: Path, package: Path) -> tuple[float, float, int]:
    """Seconds to export at ``lower`` and to import at ``upper``, and the records refused."""
    low = Store.open(lower)
    try:
        start = time.perf_counter()
        with low.write() as s:
            exporting.export_package(s, package)
        exported = time.perf_counter() - start
    finally:
        low.close()
    up = Store.open(upper)
    try:
        start = time.perf_counter()
        with up.write() as s:
            pkg = open_package(s, package)
            result = importing.apply(s, pkg, importing.preview(s, pkg))
            importing.write_receipt(s, result, package.with_suffix(".receipt.emx"))
        imported = time.perf_counter() - start
    finally:
        up.close()
    return exported, imported, len(result.refused)


_TABLES = ("units", "individuals", "achievements", "evidence_files", "nominations")


def floor(lower: Path, upper: Office, package: Path) -> float:
    """The same zip+JSON work with the bare libraries: read, write, read back, hash, parse, insert."""
    if not isinstance(upper, Path):
        return _server_floor(lower, upper, package)
    start = time.perf_counter()
    _write_zip(lower, package)
    dst = sqlite3.connect(upper)
    with zipfile.ZipFile(package) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            hashlib.sha256(data).hexdigest()
            if info.filename.startswith("blobs/"):
                dst.execute(
                    "INSERT OR IGNORE INTO evidence_blobs (sha256, size, data, added_at) VALUES (?, ?, ?, ?)",
                    (info.filename[6:], len(data), data, "2026-12-06 00:00:00"),
                )
                continue
            table = info.filename[len("records/") : -len(".json")]
            rows = list(json.loads(data).values())
            if not rows:
                continue
            names = [n for n in rows[0] if n != "id"]
            marks = ", ".join("?" for _ in names)
            dst.executemany(
                f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES ({marks})",
                [tuple(bytes.fromhex(r[n]) if n == "sort_key" else r[n] for n in names) for r in rows],
            )
    dst.commit()
    dst.close()
    return time.perf_counter() - start


def _write_zip(lower: Path, package: Path) -> None:
    src = sqlite3.connect(lower)
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for table in _TABLES:
            cur = src.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cur.description]
            rows = {str(r[names.index("uuid")]): dict(zip(names, r, strict=True)) for r in cur}
            for row in rows.values():
                for k, v in row.items():
                    if isinstance(v, bytes):
                        row[k] = v.hex()
            zf.writestr(f"records/{table}.json", json.dumps(rows, ensure_ascii=False))
        for sha, data in src.execute("SELECT sha256, data FROM evidence_blobs"):
            zf.writestr(zipfile.ZipInfo(f"blobs/{sha}"), data)
    src.close()


def _server_floor(lower: Path, upper: str, package: Path) -> float:
    """The floor into a server: the same zip written and read back; the blobs inserted into
    ``evidence_blobs`` and each record, as one JSON document, into a scratch table (the records'
    column types differ between SQLite and PostgreSQL, their bytes do not)."""
    import psycopg
    from psycopg.types.json import Jsonb

    from benchmarks.harness import libpq_url

    start = time.perf_counter()
    _write_zip(lower, package)
    with psycopg.connect(libpq_url(upper)) as dst, zipfile.ZipFile(package) as zf:
        dst.execute("CREATE TEMP TABLE floor_records (tbl text, uuid text, doc jsonb)")
        at = datetime(2026, 12, 6)
        with dst.cursor() as cur:
            for info in zf.infolist():
                data = zf.read(info)
                hashlib.sha256(data).hexdigest()
                if info.filename.startswith("blobs/"):
                    cur.execute(
                        "INSERT INTO evidence_blobs (sha256, size, data, added_at) VALUES (%s, %s, %s, %s) "
                        "ON CONFLICT DO NOTHING",
                        (info.filename[6:], len(data), data, at),
                    )
                    continue
                table = info.filename[len("records/") : -len(".json")]
                cur.executemany(
                    "INSERT INTO floor_records VALUES (%s, %s, %s)",
                    [(table, key, Jsonb(row)) for key, row in json.loads(data).items()],
                )
        dst.commit()
    return time.perf_counter() - start


def server_database(url: str, name: str) -> str:
    """An empty database ``name`` on ``url``'s server (dropped first if left by a failed run)."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    with psycopg.connect(_maintenance(url), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def main(argv: list[str]) -> int:
    server = None
    if "--server" in argv:
        at = argv.index("--server")
        server, argv = argv[at + 1], argv[:at] + argv[at + 2 :]
    dossiers = int(argv[0]) if argv else 1000
    with tempfile.TemporaryDirectory(prefix="emudesk-exchange-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        upper_at = server_database(server, "emudesk_bench_exchange") if server else None
        upper, lower = build(folder, dossiers, upper_at)
        print(f"built two offices with {dossiers} dossiers in {time.perf_counter() - start:.1f} s")
        copy = fresh_copy(upper, folder)
        exported, imported, refused = export_and_import(copy, lower, folder / "de-nghi.emx")
        copy = fresh_copy(upper, folder)
        bare = floor(lower, copy, folder / "floor.zip")
        size = (folder / "de-nghi.emx").stat().st_size
        print(
            f"export {exported:.2f} s, import {imported:.2f} s ({refused} refused), "
            f"package {size / 1e6:.1f} MB; "
            f"floor (zip+JSON out and in) {bare:.2f} s; ratio {(exported + imported) / bare:.1f}x"
        )
    return 0


def fresh_copy(upper: Office, folder: Path) -> Office:
    """A copy of the province to import into: a file copied, or a server database made from it."""
    if isinstance(upper, Path):
        copy = folder / "copy.sqlite3"
        shutil.copy(upper, copy)
        return copy
    from benchmarks.harness import server_copy

    drop_copy(upper)
    return server_copy(upper, "copy")


def _maintenance(url: str) -> str:
    """The server's ``postgres`` database, where databases are made and dropped."""
    from sqlalchemy.engine import make_url

    from benchmarks.harness import libpq_url

    return libpq_url(make_url(url).set(database="postgres").render_as_string(hide_password=False))


def drop_copy(upper: str) -> None:
    """Drop the copy ``fresh_copy`` made of the server's province."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(upper)
    with psycopg.connect(_maintenance(upper), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{url.database}_copy" WITH (FORCE)')


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
