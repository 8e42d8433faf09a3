"""An office's identity: made once, its public key exported and trusted elsewhere, never its private key."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from emudesk.domain.errors import ConflictError, NotFoundError, ValidationError
from emudesk.services.core.store import Store
from emudesk.services.exchange import office
from tests.cli.running import run, sql


def _init(store: Store, name: str) -> office.OfficeInfo:
    with store.write() as session:
        return office.init_office(session, name)


@pytest.mark.pg
def test_an_office_is_made_once_and_its_key_stays(store: Store) -> None:
    with store.read() as session, pytest.raises(NotFoundError, match="emudesk office init"):
        office.this_office(session)
    made = _init(store, "UBND xã Vũ Thư")
    renamed = _init(store, "UBND xã Vũ Thư (mới)")
    assert (renamed.uuid, renamed.public_key) == (made.uuid, made.public_key)
    assert renamed.name == "UBND xã Vũ Thư (mới)"
    with store.read() as session:
        assert office.this_office(session) == renamed
    assert len(made.fingerprint.split()) == 10


@pytest.mark.sqlite_only("two offices: two database files")
def test_a_key_file_is_trusted_and_checks_the_other_office_signature(tmp_path: Path) -> None:
    lower = Store.open(tmp_path / "lower.sqlite3", create=True)
    upper = Store.open(tmp_path / "upper.sqlite3", create=True)
    try:
        _init(lower, "UBND xã Vũ Thư")
        _init(upper, "Sở Nội vụ tỉnh Hưng Yên")
        with lower.read() as session:
            key_file = office.export_key(session)
            signature = office.sign(session, b"package")
        with upper.write() as session:
            info = office.trust(session, key_file)
            # The same file again changes nothing; our own key is refused.
            assert office.trust(session, key_file) == info
            with pytest.raises(ConflictError, match="chính cơ quan này"):
                office.trust(session, office.export_key(session))
        assert office.verify(info, b"package", signature)
        assert not office.verify(info, b"packagf", signature)
        with upper.read() as session:
            assert [o.name for o in office.offices(session)] == ["Sở Nội vụ tỉnh Hưng Yên", "UBND xã Vũ Thư"]
    finally:
        lower.close()
        upper.close()


@pytest.mark.sqlite_only("two offices: two database files")
def test_another_key_for_a_trusted_office_is_refused(tmp_path: Path) -> None:
    upper = Store.open(tmp_path / "upper.sqlite3", create=True)
    lower = Store.open(tmp_path / "lower.sqlite3", create=True)
    try:
        _init(upper, "Sở")
        _init(lower, "Xã")
        with lower.read() as session:
            doc = json.loads(office.export_key(session))
        with upper.write() as session:
            office.trust(session, json.dumps(doc).encode())
        forged = dict(doc, public_key="A" * 43 + "=")
        with upper.write() as session, pytest.raises(ConflictError, match="một khóa khác"):
            office.trust(session, json.dumps(forged).encode())
        newer = json.dumps(dict(doc, version=9)).encode()
        for bad in (b"not json", json.dumps({"format": "x"}).encode(), newer):
            with (
                upper.write() as session,
                pytest.raises(ValidationError, match="không phải tệp khóa cơ quan"),
            ):
                office.trust(session, bad)
    finally:
        upper.close()
        lower.close()


@pytest.mark.sqlite_only("two offices: two database files")
def test_the_cli_makes_shows_exports_and_trusts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    upper, lower = str(tmp_path / "upper.sqlite3"), str(tmp_path / "lower.sqlite3")
    outputs: list[str] = []
    assert run(capsys, "--db", upper, "init")[0] == 0
    code, out, err = run(capsys, "--db", lower, "office", "init", "--name", "UBND xã Vũ Thư")
    assert code == 0, err
    outputs.append(out)
    code, out, err = run(capsys, "--db", upper, "office", "show", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["office"]["name"] == office.DEFAULT_NAME  # made by init
    assert shown["trusted"] == []
    key = tmp_path / "lower.key.json"
    code, out, err = run(capsys, "--db", lower, "office", "export-key", "-o", str(key))
    assert code == 0, err
    outputs.append(out)
    assert run(capsys, "--db", lower, "office", "export-key", "-o", str(key))[0] == 1  # no --force
    code, out, err = run(capsys, "--db", upper, "office", "trust", str(key))
    assert code == 0, err
    assert "UBND xã Vũ Thư" in out
    code, out, err = run(capsys, "--db", upper, "office", "show")
    assert "Tin cậy: UBND xã Vũ Thư" in out
    code, out, err = run(capsys, "--db", lower, "office", "show", "--json")
    outputs += [out, key.read_text(encoding="utf-8")]
    ((private,),) = sql(lower, "SELECT private_key FROM offices WHERE is_self")
    assert len(private) == 32
    for text in outputs:
        for form in (private.hex(), base64.b64encode(private).decode()):
            assert form not in text
