"""The output rules hold in the services too, whatever calls them (the window's save dialogs)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from emudesk.domain.errors import StorageError
from emudesk.services.core.outputs import check_output, is_own_output
from emudesk.services.core.store import Store
from emudesk.services.exports.documents import ExportParams, export_document
from emudesk.services.imports import importing
from tests.services.imports.builders import make_office, staff_list


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo(sqlite_demo_db: Path) -> Iterator[Store]:
    store = Store.open(sqlite_demo_db)
    yield store
    store.close()


@pytest.mark.sqlite_only("outputs over the open SQLite file, its hard link and its WAL")
def test_no_service_writes_over_the_open_database(demo: Store, sqlite_demo_db: Path, tmp_path: Path) -> None:
    before = digest(sqlite_demo_db)
    hard_link = tmp_path / "cung-tep.xlsx"
    os.link(sqlite_demo_db, hard_link)
    with pytest.raises(StorageError, match="cơ sở dữ liệu đang dùng"):
        demo.backup(sqlite_demo_db)
    with pytest.raises(StorageError, match="cơ sở dữ liệu đang dùng"):
        export_document(demo, "nominations", ExportParams(campaign_id=4), hard_link, "xlsx")
    with pytest.raises(StorageError, match="cơ sở dữ liệu đang dùng"):
        importing.save_template(demo, "individuals", sqlite_demo_db.with_name(sqlite_demo_db.name + "-wal"))
    assert (
        digest(sqlite_demo_db) == before
        and not sqlite_demo_db.with_name(sqlite_demo_db.name + "-wal").exists()
    )
    with demo.read():  # still opens and reads
        pass


def test_the_report_never_replaces_the_file_imported(store: Store, tmp_path: Path) -> None:
    make_office(store)
    source = staff_list(tmp_path / "ds.xlsx")
    before = digest(source)
    parsed = importing.read_file(source, "individuals")
    with store.read() as session:
        plan = importing.plan_import(session, parsed)
    with pytest.raises(StorageError, match="tệp đang được đọc"):
        importing.write_report(plan, tmp_path / "." / "ds.xlsx", source=source)
    assert digest(source) == before
    written = importing.write_report(plan, tmp_path / "loi.xlsx", source=source)
    assert openpyxl.load_workbook(written).worksheets[0].title and is_own_output(written, "xlsx")


def test_what_counts_as_emudesks_own_file(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.save(book)
    assert not is_own_output(book, "xlsx")  # openpyxl's default, as any other program
    wb.properties.lastModifiedBy = "emudesk"
    wb.save(book)
    assert is_own_output(book, "xlsx") and not is_own_output(book, "pdf") and not is_own_output(book, "png")
    with pytest.raises(StorageError, match="--force"):
        check_output(book)  # a backup or a picture never replaces a workbook unasked
    assert check_output(book, kind="xlsx") == book
    fake = tmp_path / "b.pdf"
    fake.write_bytes(b"%PDF-1.4\n/Creator (Word)\n")
    assert not is_own_output(fake, "pdf")
    fake.write_bytes(b"not a pdf /Creator (emudesk)")
    assert not is_own_output(fake, "pdf")
    assert not is_own_output(tmp_path / "missing.xlsx", "xlsx")
    assert check_output(tmp_path / "new.xlsx") == tmp_path / "new.xlsx"
