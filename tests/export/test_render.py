"""render(): atomic replacement, no leftovers on failure or cancel, user-facing storage errors."""

from __future__ import annotations

import errno
import io
import os
import threading
from pathlib import Path

import openpyxl
import pytest

from emudesk.domain.errors import StorageError, ValidationError
from emudesk.export import ExportCancelledError, ExportFormat, render, write
from emudesk.export import pdf as pdf_module
from emudesk.i18n import _
from tests.export.conftest import nomination_list


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".PDF"])
def test_format_from_suffix(tmp_path: Path, suffix: str) -> None:
    path = render(nomination_list(3), tmp_path / f"danh sách{suffix}")
    magic = path.read_bytes()[:4]
    assert magic == (b"%PDF" if suffix.lower() == ".pdf" else b"PK\x03\x04")
    assert os.listdir(tmp_path) == [path.name]


def test_explicit_format_and_unknown_suffix(tmp_path: Path) -> None:
    assert render(nomination_list(3), tmp_path / "out.bin", ExportFormat.PDF).read_bytes()[:4] == b"%PDF"
    with pytest.raises(ValidationError):
        render(nomination_list(3), tmp_path / "out.docx")
    with pytest.raises(ValueError):
        render(nomination_list(3), tmp_path / "out.bin", "docx")


def test_write_to_a_file_object() -> None:
    buffer = io.BytesIO()
    write(nomination_list(3), buffer, "xlsx")
    assert openpyxl.load_workbook(buffer).worksheets[0].max_row > 10


def test_a_failing_write_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "danh_sach.pdf"
    target.write_bytes(b"old version")

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(pdf_module, "_render", explode)
    with pytest.raises(RuntimeError):
        render(nomination_list(3), target)
    assert target.read_bytes() == b"old version"
    assert os.listdir(tmp_path) == ["danh_sach.pdf"]

    target.unlink()
    with pytest.raises(RuntimeError):
        render(nomination_list(3), target)
    assert os.listdir(tmp_path) == []


def test_failing_half_way_through_a_stream(tmp_path: Path) -> None:
    def fail_late(done: int, total: int) -> None:
        if done >= 256:
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(StorageError) as caught:
        render(nomination_list(600), tmp_path / "x.xlsx", progress=fail_late)
    assert str(caught.value) == _("There is not enough free disk space to save “{path}”.").format(
        path=tmp_path / "x.xlsx"
    )
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_cancel_leaves_nothing(tmp_path: Path, fmt: str) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ExportCancelledError):
        render(nomination_list(10), tmp_path / f"x.{fmt}", cancel=cancel)
    assert os.listdir(tmp_path) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        render(nomination_list(3), tmp_path / "no such folder" / "x.pdf")
    assert "no such folder" in str(caught.value)


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").mkdir()
    with pytest.raises(StorageError):
        render(nomination_list(3), tmp_path / "x.pdf")


def test_file_open_elsewhere_or_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PermissionError on the final rename (Windows: the file is open in Excel)."""

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError) as caught:
        render(nomination_list(3), tmp_path / "x.xlsx")
    assert str(tmp_path) in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating the temporary file is refused (tests run as root, which ignores folder modes)."""
    import emudesk.export as export

    def refuse(path: object, mode: str = "r") -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(export, "open", refuse, raising=False)
    with pytest.raises(StorageError) as caught:
        render(nomination_list(3), tmp_path / "x.pdf")
    assert str(caught.value) == _(
        "Cannot write “{path}”: permission denied. Check that the folder “{folder}” is writable "
        "and that the file is not open in another program."
    ).format(path=tmp_path / "x.pdf", folder=tmp_path)
    assert os.listdir(tmp_path) == []


def test_messages_are_translated() -> None:
    from emudesk import i18n

    assert i18n.current_language() == "vi"
    assert _("The export was cancelled.") != "The export was cancelled."
