"""Exchange packages of 1,000 dossiers with evidence: export at a commune, import at the province.

    python benchmarks/exchange_bench.py [DOSSIERS]

Two fresh SQLite offices (built once per run of this script or of the ``exchange`` group of
benchmarks/run.py): the province's campaign went down to the commune, whose staff each have an
achievement with a scanned file (4 KB, all different) and a file voted by its council. Timed:
``export`` (collect, JSON, zip, sign) and ``import`` (check, preview, one transaction through the
services: register, achievements, evidence, nominations with quotas and terms, then the receipt)
on a fresh copy of the province each time. The floor does the same zip+JSON work with the bare
libraries: the same rows read with sqlite3, written as JSON into a zip with the blobs, read back,
hashed, parsed and inserted with executemany.
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
from datetime import date
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


def build(folder: Path, dossiers: int) -> tuple[Path, Path]:
    """The province and the commune with ``dossiers`` voted files ready to send; their paths."""
    upper_path, lower_path = folder / "tinh.sqlite3", folder / "xa.sqlite3"
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


def export_and_import(upper: Path, lower: Path, package: Path) -> tuple[float, float, int]:
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


def floor(lower: Path, upper: Path, package: Path) -> float:
    """The same zip+JSON work with the bare libraries: read, write, read back, hash, parse, insert."""
    start = time.perf_counter()
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


def main(argv: list[str]) -> int:
    dossiers = int(argv[0]) if argv else 1000
    with tempfile.TemporaryDirectory(prefix="emudesk-exchange-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        upper, lower = build(folder, dossiers)
        print(f"built two offices with {dossiers} dossiers in {time.perf_counter() - start:.1f} s")
        copy = folder / "copy.sqlite3"
        shutil.copy(upper, copy)
        exported, imported, refused = export_and_import(copy, lower, folder / "de-nghi.emx")
        shutil.copy(upper, copy)
        bare = floor(lower, copy, folder / "floor.zip")
        size = (folder / "de-nghi.emx").stat().st_size
        print(
            f"export {exported:.2f} s, import {imported:.2f} s ({refused} refused), "
            f"package {size / 1e6:.1f} MB; "
            f"floor (zip+JSON out and in) {bare:.2f} s; ratio {(exported + imported) / bare:.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
