"""Backups carry the database with its evidence inside; restoring one gives every row and file back,
keeps the replaced file, upgrades an older schema (moving an older backup's evidence files into the
database), and refuses anything doubtful without changing a thing."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update

from emudesk.db.engine import to_url
from emudesk.db.migrate import downgrade, head_revision, upgrade
from emudesk.db.models import Achievement, EvidenceFile, Individual
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import StorageError
from emudesk.services.backups import archive, schedule
from emudesk.services.backups.restore import restore
from emudesk.services.campaigns import achievements
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from tests.damage import damage
from tests.factories import unit
from tests.snapshot import snapshot

pytestmark = pytest.mark.sqlite_only("backup zip of an SQLite file")


NOTHING_CHANGED = "Không có gì bị thay đổi"


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-computer backup settings (the last good backup) of this test's own."""
    home = tmp_path / "home"
    monkeypatch.setenv("EMUDESK_HOME", str(home))
    return home


def attach(store: Store, tmp_path: Path, name: str, content: bytes) -> int:
    source = tmp_path / name
    source.write_bytes(content)
    with store.write() as s:
        achievement = s.scalars(select(Achievement.id).order_by(Achievement.id)).first()
        assert achievement is not None
        return achievements.add_evidence(s, achievement, source)


def evidence(database: Path, tmp_path: Path) -> dict[str, bytes]:
    """Every evidence file of ``database`` as the window opens it: original name -> bytes."""
    store = Store.open(database)
    out: dict[str, bytes] = {}
    try:
        with store.read() as s:
            for eid, name in s.execute(select(EvidenceFile.id, EvidenceFile.original_name)):
                folder = tmp_path / f"opened-{len(list(tmp_path.glob('opened-*')))}"
                folder.mkdir()
                out[name] = achievements.extract_evidence(s, eid, folder).read_bytes()
    finally:
        store.close()
    return out


def rows(database: Path) -> dict[str, dict[tuple[object, ...], tuple[object, ...]]]:
    store = Store.open(database)
    try:
        with store.read() as s:
            return snapshot(s)
    finally:
        store.close()


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_round_trip_gives_every_row_and_evidence_file_back_and_keeps_the_replaced_file(
    sqlite_demo_db: Path, tmp_path: Path
) -> None:
    store = Store.open(sqlite_demo_db)
    attach(store, tmp_path, "Biên bản họp.pdf", b"%PDF-1.4 bien ban")
    attach(store, tmp_path, "anh-chup.jpg", b"\xff\xd8\xff jpeg")
    info = schedule.make_backup(store, tmp_path / "backups" / "demo.zip")
    assert info.files == 2 and info.counts["individuals"] > 0 and info.schema == head_revision()
    store.close()
    with zipfile.ZipFile(info.path) as zf:
        assert sorted(zf.namelist()) == ["database.sqlite3", "manifest.json"]  # evidence is inside
    before, files_before = rows(sqlite_demo_db), evidence(sqlite_demo_db, tmp_path)
    assert files_before == {"Biên bản họp.pdf": b"%PDF-1.4 bien ban", "anh-chup.jpg": b"\xff\xd8\xff jpeg"}

    # A day of work after the backup: an edit, a new file.
    store = Store.open(sqlite_demo_db)
    with store.write() as s:
        s.execute(update(Individual).where(Individual.id == 1).values(full_name="Người Đã Sửa"))
    attach(store, tmp_path, "moi.txt", b"added after the backup")
    store.close()
    changed, files_changed = rows(sqlite_demo_db), evidence(sqlite_demo_db, tmp_path)
    assert len(files_changed) == 3

    result = restore(info.path, sqlite_demo_db)

    assert rows(sqlite_demo_db) == before
    assert evidence(sqlite_demo_db, tmp_path) == files_before
    assert result.kept is not None and result.kept.name.startswith("demo.before-restore-")
    assert result.kept.parent == sqlite_demo_db.parent
    assert rows(result.kept) == changed and evidence(result.kept, tmp_path) == files_changed
    assert result.upgraded_from is None and result.notices == ()
    assert list(sqlite_demo_db.parent.glob(".*")) == []  # no scratch left behind
    assert not any(p.name.endswith("-files") for p in sqlite_demo_db.parent.iterdir())


def test_a_bare_sqlite_copy_restores_with_its_evidence(sqlite_demo_db: Path, tmp_path: Path) -> None:
    store = Store.open(sqlite_demo_db)
    attach(store, tmp_path, "scan.pdf", b"%PDF scan")
    bare = store.backup(tmp_path / "old-style.sqlite3")
    with store.write() as s:
        s.execute(update(Individual).where(Individual.id == 2).values(full_name="Khác"))
        s.execute(EvidenceFile.__table__.delete())
    store.close()
    before = rows(bare)
    restore(bare, sqlite_demo_db)
    assert rows(sqlite_demo_db) == before
    assert evidence(sqlite_demo_db, tmp_path) == {"scan.pdf": b"%PDF scan"}


def old_version(database: Path) -> Path:
    """``database`` brought back to the schema before evidence moved into the database; its
    files are written to the folder beside it, as that version kept them. The folder."""
    downgrade(to_url(database), "0010_pg_search")
    return database.with_name(database.stem + "-files")


def old_backup(database: Path, folder: Path, destination: Path) -> Path:
    """A backup as the older version wrote it: the database plus files/<stored name>."""
    entries: dict[str, str] = {}
    with zipfile.ZipFile(destination, "w") as zf:
        data = database.read_bytes()
        zf.writestr("database.sqlite3", data)
        entries["database.sqlite3"] = hashlib.sha256(data).hexdigest()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = "files/" + path.relative_to(folder).as_posix()
            zf.writestr(name, path.read_bytes())
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest = {"kind": "emudesk-backup", "format": 1, "schema": "0010_pg_search", "entries": entries}
        zf.writestr("manifest.json", json.dumps(manifest))
    return destination


def test_an_older_backup_carrying_a_files_folder_has_them_moved_into_the_database(
    sqlite_template: Path, tmp_path: Path
) -> None:
    source = tmp_path / "then" / "office.sqlite3"
    source.parent.mkdir()
    shutil.copy(sqlite_template, source)
    store = Store.open(source)
    with store.write() as s:
        uid = unit(s, "Phòng Nội vụ")
        achievements.create_achievement(
            s, achievements.AchievementInput(subject=SubjectRef(SubjectKind.UNIT, uid), title="Đạt chuẩn")
        )
    attach(store, tmp_path, "Quyết định.pdf", b"%PDF quyet dinh")
    attach(store, tmp_path, "Ảnh.jpg", b"\xff\xd8 anh")
    store.close()
    folder = old_version(source)
    backup = old_backup(source, folder, tmp_path / "old.zip")
    shutil.rmtree(folder)  # the office's PC is gone: only the backup is left
    target = tmp_path / "now" / "office.sqlite3"
    target.parent.mkdir()
    shutil.copy(sqlite_template, target)

    result = restore(backup, target)

    assert result.upgraded_from == "0010_pg_search" and result.notices == ()
    assert evidence(target, tmp_path) == {"Quyết định.pdf": b"%PDF quyet dinh", "Ảnh.jpg": b"\xff\xd8 anh"}
    assert sorted(p.name for p in target.parent.iterdir() if not p.name.startswith("office.before")) == [
        "office.sqlite3"
    ]


def test_an_older_bare_copy_takes_its_files_from_the_folder_beside_the_database(
    sqlite_demo_db: Path, tmp_path: Path
) -> None:
    store = Store.open(sqlite_demo_db)
    attach(store, tmp_path, "scan.pdf", b"%PDF scan")
    store.close()
    folder = old_version(sqlite_demo_db)
    bare = tmp_path / "bare.sqlite3"
    shutil.copy(sqlite_demo_db, bare)
    result = restore(bare, sqlite_demo_db)
    assert result.upgraded_from == "0010_pg_search" and result.notices == ()
    assert evidence(sqlite_demo_db, tmp_path) == {"scan.pdf": b"%PDF scan"}
    assert folder.is_dir()  # left as it was


def test_an_older_backup_is_upgraded_on_restore(sqlite_template: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    upgrade(to_url(old), "0007_gate")
    target = tmp_path / "office.sqlite3"
    shutil.copy(sqlite_template, target)
    result = restore(old, target)
    assert result.upgraded_from == "0007_gate"
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    conn.close()
    Store.open(target).close()


# --- refusals ------------------------------------------------------------------------------------


@pytest.fixture
def office(sqlite_template: Path, tmp_path: Path) -> Path:
    """A small database with an evidence folder, in a folder of its own."""
    folder = tmp_path / "office"
    folder.mkdir()
    target = folder / "office.sqlite3"
    shutil.copy(sqlite_template, target)
    (folder / "office-files" / "ab").mkdir(parents=True)
    (folder / "office-files" / "ab" / "ab12.pdf").write_bytes(b"kept as it is")
    return target


def everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def good_backup(sqlite_template: Path, folder: Path) -> Path:
    source = folder / "source.sqlite3"
    shutil.copy(sqlite_template, source)
    return archive.write_backup(source, folder / "good.zip").path


def rezip(good: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """A copy of ``good`` with its entries changed by ``change`` (manifest included, as JSON bytes)."""
    with zipfile.ZipFile(good) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    change(entries)
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return target


def with_entry(name: str, data: bytes, *, listed: bool = True) -> Callable[[dict[str, bytes]], None]:
    def change(entries: dict[str, bytes]) -> None:
        entries[name] = data
        if listed:
            manifest = json.loads(entries[archive.MANIFEST])
            manifest["entries"][name] = hashlib.sha256(data).hexdigest()
            entries[archive.MANIFEST] = json.dumps(manifest).encode()

    return change


def with_manifest(**fields: object) -> Callable[[dict[str, bytes]], None]:
    def change(entries: dict[str, bytes]) -> None:
        manifest = json.loads(entries[archive.MANIFEST])
        manifest.update(fields)
        entries[archive.MANIFEST] = json.dumps(manifest).encode()

    return change


def damaged_database(entries: dict[str, bytes], tmp: Path) -> None:
    copy = tmp / "inner.sqlite3"
    copy.write_bytes(entries[archive.DATABASE])
    damage(copy, "index_page")
    with_entry(archive.DATABASE, copy.read_bytes())(entries)


def foreign_database(entries: dict[str, bytes], tmp: Path) -> None:
    copy = tmp / "foreign.sqlite3"
    with sqlite3.connect(copy) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
        conn.execute("INSERT INTO songs VALUES ('x')")
    conn.close()
    with_entry(archive.DATABASE, copy.read_bytes())(entries)


def newer_database(entries: dict[str, bytes], tmp: Path) -> None:
    copy = tmp / "newer.sqlite3"
    copy.write_bytes(entries[archive.DATABASE])
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.close()
    with_entry(archive.DATABASE, copy.read_bytes())(entries)


HOSTILE: dict[str, tuple[Callable[[dict[str, bytes], Path], None], str]] = {
    "climbs out with ../": (lambda e, _t: with_entry("files/../../escaped.txt", b"x")(e), "escaped.txt"),
    "absolute path": (lambda e, _t: with_entry("/tmp/absolute.txt", b"x")(e), "absolute.txt"),
    "windows drive": (lambda e, _t: with_entry("C:/evil.txt", b"x")(e), "evil.txt"),
    "unlisted entry": (lambda e, _t: with_entry("files/ab/extra.pdf", b"x", listed=False)(e), "extra.pdf"),
    "entry outside files/": (lambda e, _t: with_entry("autorun.inf", b"x")(e), "autorun.inf"),
    "altered file": (
        lambda e, _t: e.__setitem__(archive.DATABASE, e[archive.DATABASE][:-1] + b"\x01"),
        "mã kiểm tra",
    ),
    "no manifest": (lambda e, _t: e.pop(archive.MANIFEST), "không có bản kê"),
    "someone else's manifest": (
        lambda e, _t: with_manifest(kind="photos")(e),
        "bản kê không phải của emudesk",
    ),
    "newer backup format": (lambda e, _t: with_manifest(format=99)(e), "phiên bản emudesk mới hơn"),
    "listed entry missing": (
        lambda e, _t: with_entry("files/cd/gone.pdf", b"x")(e) or e.pop("files/cd/gone.pdf"),
        "gone.pdf",
    ),
    "damaged database inside": (damaged_database, "bị hỏng"),
    "another program's SQLite": (foreign_database, "không phải cơ sở dữ liệu emudesk"),
    "newer schema": (newer_database, "0099_from_the_future"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_doubtful_backup_is_refused_with_the_reason_and_nothing_changes(
    case: str, office: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    change, reason = HOSTILE[case]
    (tmp_path / "in").mkdir()
    good = good_backup(sqlite_template, tmp_path / "in")
    bad = rezip(good, tmp_path / "in" / "bad.zip", lambda e: change(e, tmp_path / "in"))
    before = everything(tmp_path / "office")
    with pytest.raises(StorageError) as caught:
        restore(bad, office)
    assert reason in str(caught.value) and NOTHING_CHANGED in str(caught.value)
    assert everything(tmp_path / "office") == before
    assert sorted(p.name for p in (tmp_path / "office").iterdir()) == ["office-files", "office.sqlite3"]
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/absolute.txt").exists()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_text("Danh sách khen thưởng\n", encoding="utf-8"), "không phải bản sao lưu"),
        (lambda p: p.write_bytes(b"PK\x03\x04 cut short"), "không phải bản sao lưu"),
        (lambda p: p.write_bytes(b""), "không phải bản sao lưu"),
    ],
    ids=["a text file", "a broken zip", "an empty file"],
)
def test_files_that_are_no_backup_are_refused(
    make: Callable[[Path], object], reason: str, office: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.zip"
    make(bad)
    before = everything(tmp_path / "office")
    with pytest.raises(StorageError, match=reason):
        restore(bad, office)
    assert everything(tmp_path / "office") == before


def test_a_huge_entry_is_refused_whatever_its_header_claims(
    office: Path, sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    good = good_backup(sqlite_template, tmp_path / "in")
    # The limit stands in for "larger than the disk": the database entry is over it.
    monkeypatch.setattr(archive, "MAX_DATABASE_BYTES", 4096)
    before = everything(tmp_path / "office")
    with pytest.raises(StorageError, match="lớn hơn mức cho phép"):
        restore(good, office)
    assert everything(tmp_path / "office") == before


def test_a_database_open_in_another_program_is_not_replaced(
    office: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    good = good_backup(sqlite_template, tmp_path / "in")
    holder = Store.open(office)
    try:
        with holder.write() as s:
            s.execute(update(Individual).values(full_name="x"))  # a connection stays in the pool
        with pytest.raises(StorageError, match="đang mở"):
            restore(good, office)
    finally:
        holder.close()


def test_the_backup_is_verified_and_listed(sqlite_demo_db: Path, tmp_path: Path) -> None:
    store = Store.open(sqlite_demo_db)
    attach(store, tmp_path, "scan.pdf", b"%PDF scan")
    first = schedule.make_backup(store, tmp_path / "b" / "first.zip")
    second = store.backup(tmp_path / "b" / "second.sqlite3")
    store.close()
    (tmp_path / "b" / "notes.txt").write_text("not a backup")
    (tmp_path / "b" / "broken.zip").write_bytes(b"PK")
    assert archive.verify(first.path).files == 1
    found = schedule.list_backups([tmp_path / "b"])
    assert [i.path.name for i in found] == ["second.sqlite3", "first.zip"]  # newest first
    assert found[1].counts["individuals"] == found[0].counts["individuals"] > 0
    assert found[1].files == found[0].files == 1  # a bare copy carries the evidence too
    assert schedule.last_good_backup(sqlite_demo_db) == first.created_at
    assert second.exists()


def test_a_backup_is_never_written_over_the_database_or_its_log(sqlite_store: Store) -> None:
    database = sqlite_store.path
    assert database is not None
    before = database.read_bytes()
    for target in (database, database.with_name(database.name + "-wal"), database.parent):
        with pytest.raises(StorageError):
            schedule.make_backup(sqlite_store, target)
    assert database.read_bytes() == before


def test_work_files_left_by_a_killed_restore_are_swept_later(
    office: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    import os

    (tmp_path / "in").mkdir()
    good = good_backup(sqlite_template, tmp_path / "in")
    old = office.parent / ".office.0badf00d.part.sqlite3.d"
    old.mkdir()
    (old / "database.sqlite3").write_bytes(b"half")
    recent = office.parent / ".office.12345678.part.sqlite3.d"
    recent.mkdir()
    os.utime(old, (0, 0))
    restore(good, office)
    assert not old.exists() and recent.exists()


def test_a_restore_that_fails_at_the_switch_leaves_the_database_with_all_its_files(
    sqlite_demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure at the switch (disk full, a file locked on Windows) leaves the old database with
    every evidence file in it."""
    import errno
    import os

    from emudesk.services.backups import restore as restoring

    store = Store.open(sqlite_demo_db)
    attach(store, tmp_path, "in-backup.pdf", b"%PDF in the backup")
    backup = schedule.make_backup(store, tmp_path / "b.zip").path
    attach(store, tmp_path, "after.pdf", b"%PDF added after")
    store.close()
    before, files_before = rows(sqlite_demo_db), evidence(sqlite_demo_db, tmp_path)
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == sqlite_demo_db:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(restoring.os, "replace", replace)
    with pytest.raises(StorageError, match="dung lượng"):
        restore(backup, sqlite_demo_db)
    assert rows(sqlite_demo_db) == before
    assert evidence(sqlite_demo_db, tmp_path) == files_before and len(files_before) == 2
    assert list(sqlite_demo_db.parent.glob(".*")) == []


def test_a_database_held_by_a_window_on_another_computer_is_not_replaced(
    office: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    from datetime import datetime, timedelta, timezone

    from emudesk.services.core import holder
    from emudesk.services.core.holder import Hold, Holder

    (tmp_path / "in").mkdir()
    good = good_backup(sqlite_template, tmp_path / "in")
    when = datetime(2026, 12, 1, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    held = holder.take(office, Holder("lan", "PC-KETOAN", 4242, when))
    assert isinstance(held, Hold)
    try:
        before = everything(tmp_path / "office")
        with pytest.raises(StorageError, match="lan trên máy PC-KETOAN"):
            restore(good, office)
        assert everything(tmp_path / "office") == before
    finally:
        held.release()
