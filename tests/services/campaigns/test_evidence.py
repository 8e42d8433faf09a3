"""Evidence files are data: kept inside the files folder, taken only from regular files, never run
(issue 19, item 7)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from emudesk.db.models import EvidenceFile
from emudesk.domain.enums import SubjectKind
from emudesk.domain.errors import StorageError, ValidationError
from emudesk.services.campaigns import achievements
from emudesk.services.core.common import SubjectRef
from emudesk.services.core.store import Store
from tests.factories import unit


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


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_a_scan_is_stored_under_its_checksum_and_opened(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    scan = tmp_path / "Biên bản.PDF"
    scan.write_bytes(b"%PDF-1.4 bien ban")
    files = tmp_path / "files"
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, scan, files)
    sha = hashlib.sha256(b"%PDF-1.4 bien ban").hexdigest()
    assert tree(files) == [sha[:2], f"{sha[:2]}/{sha}.pdf"]
    with store.read() as s:
        path = achievements.evidence_path(s, eid, files)
    assert path.read_bytes() == b"%PDF-1.4 bien ban" and achievements.opens_as_data(path)


@pytest.mark.parametrize(
    "stored",
    ["../../../../etc/passwd", "/etc/passwd", "ab/../../outside.pdf", "..", "", "ab/../.."],
)
def test_a_stored_name_leading_out_of_the_folder_is_refused(
    store: Store, achievement: int, tmp_path: Path, stored: str
) -> None:
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG")
    files = tmp_path / "data" / "files"
    (tmp_path / "outside.pdf").write_bytes(b"secret")
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, scan, files)
        s.execute(update(EvidenceFile).where(EvidenceFile.id == eid).values(stored_name=stored))
    with store.read() as s, pytest.raises(StorageError) as caught:
        achievements.evidence_path(s, eid, files)
    message = str(caught.value)
    assert "ra ngoài thư mục tệp" in message or "không phải là một tệp" in message, message


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_link_inside_the_folder_to_a_file_outside_is_refused(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG")
    files = tmp_path / "files"
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, scan, files)
        stored = s.get(EvidenceFile, eid).stored_name  # type: ignore[union-attr]
    target = files / stored
    target.unlink()
    target.symlink_to("/etc/passwd")
    with store.read() as s, pytest.raises(StorageError, match="ra ngoài thư mục tệp"):
        achievements.evidence_path(s, eid, files)


def test_a_folder_is_refused_with_a_message(store: Store, achievement: int, tmp_path: Path) -> None:
    folder = tmp_path / "Hồ sơ"
    folder.mkdir()
    files = tmp_path / "files"
    with store.write() as s, pytest.raises(ValidationError, match="không phải một tệp"):
        achievements.add_evidence(s, achievement, folder, files)
    assert rows(store) == 0 and tree(files) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_is_refused_without_waiting(store: Store, achievement: int, tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the check must come first. The worker thread
    gives the test its own answer instead of hanging the suite if it does not."""
    fifo = tmp_path / "scan.pdf"
    os.mkfifo(fifo)
    files = tmp_path / "files"
    outcome: list[BaseException | None] = []

    def attach() -> None:
        try:
            with store.write() as s:
                achievements.add_evidence(s, achievement, fifo, files)
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
    assert rows(store) == 0 and tree(files) == []


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_refused(store: Store, achievement: int, tmp_path: Path) -> None:
    """/dev/null, not /dev/zero: the same refusal, and a copy that never ends cannot hang the suite
    where the refusal is missing."""
    files = tmp_path / "files"
    with store.write() as s, pytest.raises(ValidationError, match="không phải một tệp"):
        achievements.add_evidence(s, achievement, Path("/dev/null"), files)
    assert rows(store) == 0 and tree(files) == []


@pytest.mark.parametrize("name", ["cai-dat.exe", "chay.BAT", "loi-tat.lnk", "bao-cao.docm", "script.sh"])
def test_programs_are_stored_as_data_and_not_opened(
    store: Store, achievement: int, tmp_path: Path, name: str
) -> None:
    program = tmp_path / name
    program.write_bytes(b"MZ\x90\x00 not really")
    program.chmod(0o755)
    files = tmp_path / "files"
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, program, files)
    with store.read() as s:
        path = achievements.evidence_path(s, eid, files)
        original = s.get(EvidenceFile, eid).original_name  # type: ignore[union-attr]
    assert original == name and path.suffix == ".bin" and path.read_bytes() == b"MZ\x90\x00 not really"
    assert not achievements.opens_as_data(path)
    assert not os.access(path, os.X_OK) or sys.platform == "win32"
    assert [p.name for p in files.rglob("*.part")] == []


def test_an_old_row_with_a_program_suffix_is_not_opened(
    store: Store, achievement: int, tmp_path: Path
) -> None:
    """Rows written before programs were stored as .bin keep their suffix: still not opened."""
    scan = tmp_path / "a.pdf"
    scan.write_bytes(b"%PDF")
    files = tmp_path / "files"
    with store.write() as s:
        eid = achievements.add_evidence(s, achievement, scan, files)
        row = s.get(EvidenceFile, eid)
        assert row is not None
        old = files / row.stored_name
        row.stored_name = row.stored_name.replace(".pdf", ".exe")
        old.rename(files / row.stored_name)
    with store.read() as s:
        assert not achievements.opens_as_data(achievements.evidence_path(s, eid, files))
