"""Hostile packages are refused whole, with the reason, before anything is written."""

from __future__ import annotations

import json
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from emudesk.db.models import Campaign
from emudesk.services.exchange import office
from emudesk.services.exchange.package import (
    KIND_RECORDS,
    MANIFEST,
    SIGNATURE,
    Outgoing,
    PackageRefusedError,
    write_package,
)
from tests.services.exchange.offices import Offices, make_offices, province_campaign, receive, send
from tests.snapshot import snapshot

pytestmark = pytest.mark.sqlite_only("two offices: two database files")


@pytest.fixture
def offices(tmp_path: Path) -> Offices:
    pair = make_offices(tmp_path)
    province_campaign(pair)
    send(pair.upper, pair.package("ke-hoach.emx"))
    receive(pair.lower, pair.package("ke-hoach.emx"))
    yield pair  # type: ignore[misc]
    pair.close()


def _refused(offices: Offices, path: Path, match: str) -> None:
    with offices.lower.read() as s:
        before = snapshot(s)
    with pytest.raises(PackageRefusedError, match=match):
        receive(offices.lower, path)
    with offices.lower.read() as s:
        assert snapshot(s) == before


def _signed(offices: Offices, path: Path, sections: dict[str, dict[str, dict[str, object]]]) -> Path:
    """A package the province really signed, holding ``sections``."""
    with offices.upper.read() as s:
        receiver = office.offices(s)[1]
        write_package(
            s,
            path,
            Outgoing(KIND_RECORDS, sections),
            receiver=receiver,
            package_uuid=str(uuid.uuid4()),
            created=datetime(2026, 12, 1),
        )
    return path


def _rewrite(source: Path, target: Path, extra: dict[str, bytes], *, manifest: dict | None = None) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == MANIFEST and manifest is not None:
                doc = json.loads(data)
                doc.update(manifest)
                data = json.dumps(doc).encode()
            zout.writestr(info.filename, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return target


def test_a_zip_bomb_is_refused_from_its_directory(offices: Offices, tmp_path: Path) -> None:
    bomb = _rewrite(
        offices.package("ke-hoach.emx"), tmp_path / "bom.emx", {"blobs/" + "0" * 64: bytes(64 << 20)}
    )
    _refused(offices, bomb, "bom zip")


@pytest.mark.parametrize("name", ["../../evil.txt", "/etc/passwd", "records/../../x.json", "lạ.txt"])
def test_an_entry_outside_the_package_is_refused(offices: Offices, tmp_path: Path, name: str) -> None:
    hostile = _rewrite(offices.package("ke-hoach.emx"), tmp_path / "ngoai.emx", {name: b"x"})
    _refused(offices, hostile, "ngoài cấu trúc gói")


def test_a_newer_format_is_refused(offices: Offices, tmp_path: Path) -> None:
    newer = _rewrite(offices.package("ke-hoach.emx"), tmp_path / "moi.emx", {}, manifest={"version": 2})
    _refused(offices, newer, "phiên bản emudesk mới hơn")


def test_an_added_entry_breaks_the_manifest(offices: Offices, tmp_path: Path) -> None:
    added = _rewrite(offices.package("ke-hoach.emx"), tmp_path / "them.emx", {"blobs/" + "a" * 64: b"x"})
    _refused(offices, added, "không khớp với bản kê")


def test_a_record_claiming_another_records_uuid_is_refused(offices: Offices, tmp_path: Path) -> None:
    with offices.lower.read() as s:
        campaign_uuid = s.scalar(select(Campaign.uuid))
    person = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "Giả",
        "gender": "male",
        "birth_year": 1980,
    }
    # In the package: a person under the campaign's UUID (a record of another kind here).
    claim = _signed(offices, tmp_path / "gia.emx", {"individuals": {campaign_uuid: person}})
    _refused(offices, claim, "mang UUID của một bản ghi campaigns")
    # Within the package: one UUID for two records of different kinds.
    key = str(uuid.uuid4())
    twice = _signed(
        offices,
        tmp_path / "trung.emx",
        {"individuals": {key: person}, "units": {key: {"name": "Xã", "kind": "ubnd_xa"}}},
    )
    _refused(offices, twice, "mang UUID của một bản ghi thuộc")


def test_records_not_keyed_by_uuid_are_refused(offices: Offices, tmp_path: Path) -> None:
    bad = _signed(offices, tmp_path / "khoa.emx", {"individuals": {"12": {"given_name": "A"}}})
    _refused(offices, bad, "không chứa các bản ghi theo UUID")


def test_a_package_without_its_signature_is_refused(offices: Offices, tmp_path: Path) -> None:
    source = offices.package("ke-hoach.emx")
    target = tmp_path / "khong-ky.emx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            if info.filename != SIGNATURE:
                zout.writestr(info.filename, zin.read(info))
    _refused(offices, target, "không có signature.sig")


def test_a_file_that_is_not_a_package_is_refused(offices: Offices, tmp_path: Path) -> None:
    text = tmp_path / "ghi-chu.emx"
    text.write_text("không phải gói", encoding="utf-8")
    _refused(offices, text, "không phải gói trao đổi")
