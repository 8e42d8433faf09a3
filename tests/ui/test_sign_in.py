"""The sign-in to a server: login remembered, password only in a keyring, never in a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from emudesk.services.core.server_login import needs_sign_in
from emudesk.ui import sign_in
from emudesk.ui.app_settings import AppSettings
from emudesk.ui.sign_in import SignInDialog
from tests.keyrings import MemoryKeyring, memory_keyring

URL = "postgresql://lan@office-server:5432/emudesk"


@pytest.fixture(name="memory_keyring")
def memory_keyring_fixture() -> Iterator[MemoryKeyring]:
    with memory_keyring() as ring:
        yield ring


def test_which_locations_need_a_sign_in() -> None:
    assert needs_sign_in(URL)
    assert needs_sign_in("postgresql+psycopg://lan:***@server/emudesk")  # as the recent list shows it
    assert not needs_sign_in("postgresql://lan:secret@server/emudesk")
    assert not needs_sign_in("/home/lan/office.sqlite3")


def _sign_in(qtbot, settings: AppSettings, password: str, remember: bool) -> str | None:  # type: ignore[no-untyped-def]
    result: list[str | None] = []

    def by_hand(self: SignInDialog) -> int:
        self.show()
        form = self.form
        assert form.login.text() == "lan"
        if password:
            QTest.mouseClick(form.password, Qt.MouseButton.LeftButton)
            form.password.selectAll()
            QTest.keyClicks(form.password, password)
        if form.remember.isEnabled() and form.remember.isChecked() != remember:
            QTest.mouseClick(form.remember, Qt.MouseButton.LeftButton)
        box = self.findChild(QDialogButtonBox)
        QTest.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return int(self.result())

    old = SignInDialog.exec
    SignInDialog.exec = by_hand  # type: ignore[method-assign]
    try:
        result.append(sign_in.ask(URL.replace("lan@", ""), settings))
    finally:
        SignInDialog.exec = old  # type: ignore[method-assign]
    return result[0]


def test_the_password_goes_to_the_keyring_and_never_to_the_settings_file(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    settings = AppSettings(tmp_path / "ui.ini")
    settings.set_value("servers/office-server:5432/emudesk/login", "lan")
    signed = _sign_in(qtbot, settings, "mat-khau-bi-mat", remember=True)
    assert signed == "postgresql://lan:mat-khau-bi-mat@office-server:5432/emudesk"
    settings.sync()
    assert "mat-khau-bi-mat" not in (tmp_path / "ui.ini").read_text(encoding="utf-8")
    assert memory_keyring.kept == {("emudesk", "lan@office-server:5432/emudesk"): "mat-khau-bi-mat"}
    # The next start fills the password in from the keyring.
    assert _sign_in(qtbot, settings, "", remember=True) == signed
    # Unticked, it is forgotten.
    _sign_in(qtbot, settings, "", remember=False)
    assert memory_keyring.kept == {}


def test_without_a_keyring_nothing_is_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        settings = AppSettings(tmp_path / "ui.ini")
        settings.set_value("servers/office-server:5432/emudesk/login", "lan")
        dialog = SignInDialog(URL, settings)
        qtbot.addWidget(dialog)
        assert not dialog.form.remember.isEnabled()
        assert _sign_in(qtbot, settings, "mat-khau", remember=True) == URL.replace("lan@", "lan:mat-khau@")
        settings.sync()
        assert "mat-khau" not in (tmp_path / "ui.ini").read_text(encoding="utf-8")
    finally:
        keyring.set_keyring(before)
