"""“Kiểm tra kết nối” of the transfer dialog: what a copy would find at a server database."""

from __future__ import annotations

import uuid

import pytest

from emudesk.domain.errors import StorageError
from emudesk.services.core.store import Store
from emudesk.services.transfer.copying import check_destination
from tests import factories

pytestmark = pytest.mark.pg


def _url(store: Store, database: str | None = None) -> str:
    url = store.db.url if database is None else store.db.url.set(database=database)
    return url.render_as_string(hide_password=False)


def test_a_missing_database_is_created_by_the_transfer(pg_store: Store) -> None:
    name = f"chua_co_{uuid.uuid4().hex[:6]}"
    assert check_destination(_url(pg_store, name)) == (
        f"Kết nối được tới máy chủ 127.0.0.1. Máy chủ chưa có cơ sở dữ liệu {name}: việc chuyển sẽ tạo nó."
    )


def test_an_empty_database_takes_the_copy(pg_store: Store) -> None:
    database = pg_store.db.url.database
    assert check_destination(_url(pg_store)) == (
        f"Kết nối được: cơ sở dữ liệu {database} trên máy chủ 127.0.0.1 đang trống; "
        "dữ liệu sẽ được chuyển vào đó."
    )


def test_a_database_holding_data_is_refused_unless_replaced(pg_store: Store) -> None:
    with pg_store.write() as s:
        factories.unit(s, "Sở Nội vụ")
    with pytest.raises(StorageError) as refused:
        check_destination(_url(pg_store))
    assert "đã có dữ liệu" in refused.value.message
    assert check_destination(_url(pg_store), replace=True).endswith("việc chuyển sẽ thay thế toàn bộ.")
