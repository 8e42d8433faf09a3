"""Evidence files are data stored in the database (issue 13 item 3): once per checksum, within the
size limit in Settings, taken only from regular files, opened from a private copy and never run
(issue 19, item 7)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from emudesk.db.models import EvidenceBlob, EvidenceFile
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import StorageError, ValidationError
from emudesk.services.campaigns import achievements
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store, set_setting
from emudesk.services.workspace.check import run_checks
from tests.factories import unit
from tests.snapshot import snapshot


@pytest.fixture
def achievement(store: Store) -> int:
    with store.write() as s:
        uid = unit(s, "Phòng Nội vụ")
        return achievements.create_achievement(
            s, achievements.AchievementInput(subject=SubjectRef(SubjectKind.UNIT, uid), title="Đạt chuẩn")
        )


def rows(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(EvidenceFile)) or 0)


def blobs(store: Store) -> dict[str, int]:
    with store.read() as s:
        return {sha: size for sha, size in s.execute(select(EvidenceBlob.sha256, EvidenceBlob.size))}


def open_copy(store: Store, evidence_id: int, tmp_path: Path) -> Path:
    folder = tmp_path / f"open-{evidence_id}-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    with store.read() as s:
        return achievements.extract_evidence(s, evidence_id, folder)


def test_a_scan_is_stored_once_in_the_database_and_opened(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    content = b"%PDF-1.4 bien ban " + bytes(range(256)) * 20_000  # 5 MB, more than one read chunk
    scan = tmp_path / "Biên bản.PDF"
    scan.write_bytes(content)
    copy = tmp_path / "bản sao.pdf"
    copy.write_bytes(content)
    with store.write() as s:
        first = achievements.add_evidence(s, achievement, scan)
    with store.write() as s:
        second = achievements.add_evidence(s, achievement, copy)
        third = achievements.add_evidence(s, achievement, scan)
    sha = hashlib.sha256(content).hexdigest()
    assert rows(store) == 3 and blobs(store) == {sha: len(content)}
    names = []
    for eid in (first, second, third):
        path = open_copy(store, eid, tmp_path)
        assert path.read_bytes() == content and achievements.opens_as_data(path)
        names.append(path.name)
    assert names == ["Biên bản.pdf", "bản sao.pdf", "Biên bản.pdf"]
    # The copy handed to the viewer is private to this user.
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0 or sys.platform == "win32"
    # Nothing is written beside the database any more.
    if store.path is not None:
        assert not store.path.with_name(store.path.stem + "-files").exists()


def test_a_file_over_the_limit_is_refused_with_the_limit_and_its_size(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    with store.write() as s:
        set_setting(s, achievements.EVIDENCE_LIMIT_KEY, 2)
    scan = tmp_path / "Ảnh chụp.jpg"
    scan.write_bytes(b"\xff" * (3 * 1024 * 1024 + 300_000))
    with store.read() as s:
        before = snapshot(s)
    with store.write() as s, pytest.raises(ValidationError) as caught:
        achievements.add_evidence(s, achievement, scan)
    message = str(caught.value)
    assert "Ảnh chụp.jpg" in message and "3,3 MB" in message and "2 MB" in message, message
    with store.read() as s:
        assert snapshot(s) == before
    # At the limit it is taken.
    scan.write_bytes(b"\xff" * (2 * 1024 * 1024))
    with store.write() as s:
        achievements.add_evidence(s, achievement, scan)
    assert rows(store) == 1


def test_the_default_limit_is_20_mb(store: Store) -> None:
    with store.read() as s:
        assert achievements.evidence_limit(s) == 20 * 1024 * 1024


def test_removing_leaves_the_blob_until_it_is_pruned(store: Store, achievement: int, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF a")
    b.write_bytes(b"%PDF b")
    with store.write() as s:
        ea = achievements.add_evidence(s, achievement, a)
        achievements.add_evidence(s, achievement, b)
    with store.write() as s:
        achievements.remove_evidence(s, ea)
    assert len(blobs(store)) == 2  # undo may bring the row back: its content waits
    with store.read() as s:
        report = run_checks(s, is_sqlite=store.is_sqlite)
    assert report.ok and any("--prune-evidence" in w for w in report.warnings), report.warnings
    with store.write() as s:
        assert achievements.prune_unused_blobs(s) == 1
    assert list(blobs(store)) == [hashlib.sha256(b"%PDF b").hexdigest()]


def test_check_finds_a_tampered_blob_and_a_missing_one(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    a, b = tmp_path / "Quyết định.pdf", tmp_path / "Bằng khen.png"
    a.write_bytes(b"%PDF quyet dinh")
    b.write_bytes(b"\x89PNG bang khen")
    with store.write() as s:
        achievements.add_evidence(s, achievement, a)
        eb = achievements.add_evidence(s, achievement, b)
    with store.read() as s:
        assert run_checks(s, is_sqlite=store.is_sqlite).ok
    with store.write() as s:
        sha_a = hashlib.sha256(b"%PDF quyet dinh").hexdigest()
        s.execute(update(EvidenceBlob).where(EvidenceBlob.sha256 == sha_a).values(data=b"%PDF quyet dinh!"))
        s.execute(
            EvidenceBlob.__table__.delete().where(
                EvidenceBlob.sha256 == hashlib.sha256(b"\x89PNG bang khen").hexdigest()
            )
        )
    with store.read() as s:
        report = run_checks(s, is_sqlite=store.is_sqlite)
    text = " ".join(report.errors)
    assert "Quyết định.pdf" in text and "tổng kiểm" in text, report.errors
    assert "Bằng khen.png" in text and "không có nội dung" in text, report.errors
    with store.read() as s, pytest.raises(StorageError, match=r"Bằng khen\.png"):
        achievements.extract_evidence(s, eb, tmp_path)


def test_a_tampered_blob_is_not_opened(store: Store, achievement: int, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF real")
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, scan)
        s.execute(update(EvidenceBlob).values(data=b"%PDF fake"))
    folder = tmp_path / "open"
    folder.mkdir()
    with store.read() as s, pytest.raises(StorageError, match=r"scan\.pdf"):
        achievements.extract_evidence(s, eid, folder)
    assert list(folder.iterdir()) == []


def test_a_folder_is_refused_with_a_message(store: Store, achievement: int, tmp_path: Path) -> None:
    folder = tmp_path / "Hồ sơ"
    folder.mkdir()
    with store.write() as s, pytest.raises(ValidationError, match="không phải một tệp"):
        achievements.add_evidence(s, achievement, folder)
    assert rows(store) == 0 and blobs(store) == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_is_refused_without_waiting(store: Store, achievement: int, tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the check must come first. The worker thread
    gives the test its own answer instead of hanging the suite if it does not."""
    fifo = tmp_path / "scan.pdf"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def attach() -> None:
        try:
            with store.write() as s:
                achievements.add_evidence(s, achievement, fifo)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attach, daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():
        # Let each blocked open of the pipe through (an opened writer ends it), then fail.
        while worker.is_alive():
            with contextlib.suppress(OSError):  # no reader waiting at this instant
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            worker.join(timeout=0.05)
        pytest.fail("attaching a FIFO blocked")
    assert isinstance(outcome[0], ValidationError) and "không phải một tệp" in str(outcome[0])
    assert rows(store) == 0 and blobs(store) == {}


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_refused(store: Store, achievement: int, tmp_path: Path) -> None:
    """/dev/null, not /dev/zero: the same refusal, and a copy that never ends cannot hang the suite
    where the refusal is missing."""
    with store.write() as s, pytest.raises(ValidationError, match="không phải một tệp"):
        achievements.add_evidence(s, achievement, Path("/dev/null"))
    assert rows(store) == 0 and blobs(store) == {}


@pytest.mark.parametrize("name", ["cai-dat.exe", "chay.BAT", "loi-tat.lnk", "bao-cao.docm", "script.sh"])
def test_programs_are_stored_as_data_and_not_opened(
    store: Store, achievement: int, tmp_path: Path, name: str
) -> None:
    program = tmp_path / name
    program.write_bytes(b"MZ\x90\x00 not really")
    program.chmod(0o755)
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, program)
    path = open_copy(store, eid, tmp_path)
    with store.read() as s:
        original = s.get(EvidenceFile, eid).original_name  # type: ignore[union-attr]
    assert original == name and path.suffix == ".bin" and path.read_bytes() == b"MZ\x90\x00 not really"
    assert not achievements.opens_as_data(path)
    assert not os.access(path, os.X_OK) or sys.platform == "win32"


@pytest.mark.parametrize(
    "original", ["../../../../etc/passwd.pdf", "/etc/x.pdf", "a\\..\\..\\b.pdf", "..", ""]
)
def test_a_hostile_original_name_stays_inside_the_private_folder(
    store: Store, achievement: int, tmp_path: Path, original: str
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF")
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, scan)
        s.execute(update(EvidenceFile).where(EvidenceFile.id == eid).values(original_name=original))
    folder = tmp_path / "private"
    folder.mkdir()
    with store.read() as s:
        path = achievements.extract_evidence(s, eid, folder)
    assert path.parent == folder and path.read_bytes() == b"%PDF"


@pytest.mark.sqlite_only("SQLite's incremental blob I/O: a file goes in and out in chunks")
def test_a_large_file_goes_in_and_out_of_sqlite_in_chunks(sqlite_store: Store, tmp_path: Path) -> None:
    """SQLite takes and gives the content chunk by chunk: never the whole file in memory."""
    import tracemalloc

    store = sqlite_store
    with store.write() as s:
        uid = unit(s, "Phòng Nội vụ")
        aid = achievements.create_achievement(
            s, achievements.AchievementInput(subject=SubjectRef(SubjectKind.UNIT, uid), title="Đạt chuẩn")
        )
        set_setting(s, achievements.EVIDENCE_LIMIT_KEY, 40)
    scan = tmp_path / "scan.pdf"
    with open(scan, "wb") as fh:
        for i in range(30):
            fh.write(bytes([i]) * (1024 * 1024))
    tracemalloc.start()
    try:
        with store.write() as s:
            eid = achievements.add_evidence(s, aid, scan)
        _current, attach_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        path = open_copy(store, eid, tmp_path)
        _current, open_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert attach_peak < 12 * 1024 * 1024 and open_peak < 12 * 1024 * 1024, (attach_peak, open_peak)
    with open(scan, "rb") as a, open(path, "rb") as b:
        assert hashlib.sha256(a.read()).digest() == hashlib.sha256(b.read()).digest()


def test_missing_contents_are_filled_from_another_computers_folder(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    """On a server each computer kept its own folder: the files the upgrade could not reach are
    stored later from any of them, each checked against its row's checksum."""
    contents = {"a.pdf": b"%PDF a", "b.jpg": b"\xff\xd8 b", "c.pdf": b"%PDF c"}
    ids = {}
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
        with store.write() as s:
            ids[name] = achievements.add_evidence(s, achievement, tmp_path / name)
    with store.write() as s:
        s.execute(EvidenceBlob.__table__.delete())
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
    other_pc = tmp_path / "files" / "server"
    for name in ("a.pdf", "b.jpg"):
        (other_pc / sha[name][:2]).mkdir(parents=True, exist_ok=True)
    (other_pc / sha["a.pdf"][:2] / f"{sha['a.pdf']}.pdf").write_bytes(contents["a.pdf"])
    (other_pc / sha["b.jpg"][:2] / f"{sha['b.jpg']}.jpg").write_bytes(b"changed since")
    with store.write() as s:
        assert achievements.fill_missing_from(s, other_pc) == (1, 2)
    assert open_copy(store, ids["a.pdf"], tmp_path).read_bytes() == contents["a.pdf"]
    with store.read() as s:
        errors = " ".join(run_checks(s, is_sqlite=store.is_sqlite).errors)
    assert "2 tệp minh chứng không có nội dung" in errors and "b.jpg" in errors and "c.pdf" in errors
