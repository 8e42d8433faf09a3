"""Trao đổi dữ liệu: this office and its key's fingerprint, the offices it trusts, the packages
sent and received; sending up or down, trusting a key file, and receiving a package (a wizard)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from emudesk.domain.errors import EmudeskError
from emudesk.domain.rights import Role
from emudesk.domain.text import fold
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.exchange import exporting, importing, office
from emudesk.services.exchange.exporting import DOWN, UP, ExportResult
from emudesk.services.exchange.office import OfficeInfo
from emudesk.services.exchange.package import Package, open_package
from emudesk.ui import dialogs, permissions
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.views.base import View
from emudesk.ui.views.workspace.exchange_import import ExchangeImportDialog
from emudesk.ui.widgets.detail import SmallTable, title_label

Progress = Callable[[int, int, str], None]
# Everything an import may write; the screen's own lists are read again after each action.
IMPORTED = Changes(
    units=True, individuals=True, households=True, campaigns=True, achievements=True,
    nominations=True, awards=True, catalogue=True,
)  # fmt: skip


def _direction_label(direction: str) -> str:
    return {"sent": _("Outgoing"), "received": _("Incoming")}.get(direction, direction)


def _kind_label(kind: str) -> str:
    return {"records": _("Records and dossiers"), "receipt": _("Receipt")}.get(kind, kind)


def _state_label(row: dict[str, object]) -> str:
    if row.get("receipt_received"):
        return _("Receipt received")
    state = str(row["state"])
    return {"sent": _("Sent, no receipt yet"), "imported": _("Imported here")}.get(state, state)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "goi"


class ExchangeView(View):
    watched = ("nominations", "campaigns", "awards", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.office_title = title_label(self)
        self.office_title.setObjectName("exchange_office")
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("exchange_fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_up = QPushButton(_("Send up to the office above"), self)
        self.send_up.setObjectName("exchange_send_up")
        self.send_up.clicked.connect(lambda: self.send(UP))
        self.send_down = QPushButton(_("Send down"), self)
        self.send_down.setObjectName("exchange_send_down")
        self.send_down.clicked.connect(lambda: self.send(DOWN))
        self.trust_button = QPushButton(_("Trust an office…"), self)
        self.trust_button.setObjectName("exchange_trust")
        self.trust_button.clicked.connect(self.trust_key)
        self.receive_button = QPushButton(_("Receive a package…"), self)
        self.receive_button.setObjectName("exchange_receive")
        self.receive_button.clicked.connect(self.receive)
        # Packages are signed with the office's key, which only the administrators may use.
        permissions.needs(self.send_up, "exchange.send")
        permissions.needs(self.send_down, "exchange.send")
        permissions.needs(self.receive_button, "exchange.receive")
        permissions.needs(self.trust_button, "settings.edit")
        # Said on the screen, not only in a tooltip: who sends, and what the others do instead.
        self.signing_hint = QLabel(_(exporting.SIGNING_SPLIT).format(admin=Role.ADMIN.label), self)
        self.signing_hint.setObjectName("exchange_signing_hint")
        self.signing_hint.setWordWrap(True)
        self.signing_hint.setVisible(not ctx.permissions.may("exchange.send"))
        self.offices = SmallTable(
            [_("Other office"), _("Key fingerprint"), _("Trusted since"), _("Level")],
            self,
            widths=(240, 380, 130),
            caption=_("Trusted offices"),
        )
        self.packages = SmallTable(
            [_("Date"), _("Direction"), _("Contents"), _("Other office"), _("Records"), _("Package state")],
            self,
            widths=(140, 80, 120, 240, 90),
            numeric=(4,),
            caption=_("Packages sent and received"),
        )
        self.import_dialog: ExchangeImportDialog | None = None
        buttons = QHBoxLayout()
        for b in (self.send_up, self.send_down, self.trust_button, self.receive_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.offices)
        split.addWidget(self.packages)
        split.setSizes([200, 400])
        self.remember_splitter("exchange", split)
        layout = QVBoxLayout(self)
        layout.addWidget(self.office_title)
        layout.addWidget(self.fingerprint)
        layout.addLayout(buttons)
        layout.addWidget(self.signing_hint)
        layout.addWidget(split, 1)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.store.read() as s:
            me = office.this_office(s) if office.has_office(s) else None
            others = [o for o in office.offices(s) if not o.is_self]
            directions = {o.uuid: exporting.direction_to(s, o.uuid) for o in others}
            packages = exporting.package_rows(s)
        self.directions = directions
        self.others = others
        if me is None:
            self.office_title.setText(_("This database is not an office yet."))
            self.fingerprint.setText(_("Create its identity first: emudesk office init --name “…”."))
        else:
            self.office_title.setText(me.name)
            # Ten groups of four, to read out over the phone.
            self.fingerprint.setText(_("Key fingerprint: {fp}").format(fp=me.fingerprint))
        self.offices.set_rows(
            [
                (
                    o.name,
                    o.fingerprint,
                    o.trusted_at.strftime("%d/%m/%Y") if o.trusted_at else "",
                    _("Above") if directions[o.uuid] == UP else _("Below"),
                )
                for o in others
            ],
            [o.uuid for o in others],
        )
        self.packages.set_rows(
            [
                (
                    p["at"].replace("T", " "),
                    _direction_label(p["direction"]),
                    _kind_label(p["kind"]),
                    p["office"],
                    p["records"],
                    _state_label(p),
                )
                for p in packages
            ],
            [p["package"] for p in packages],
        )

    # --- sending ------------------------------------------------------------------------------
    def _choose_office(self, direction: str) -> OfficeInfo | None:
        found = [o for o in self.others if self.directions.get(o.uuid) == direction]
        if not found:
            dialogs.warn(
                self,
                _(
                    "No office above is known: it is the office whose campaign plans this office "
                    "received. Receive its plan first."
                )
                if direction == UP
                else _("No office below is trusted yet: trust its key file first (Trust an office…)."),
            )
            return None
        if len(found) == 1:
            return found[0]
        names = [o.name for o in found]
        name, ok = QInputDialog.getItem(self, _("Send to"), _("Office:"), names, 0, False)
        return found[names.index(name)] if ok and name in names else None

    def send(self, direction: str) -> None:
        receiver = self._choose_office(direction)
        if receiver is None:
            return
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home()
        )
        suggested = folder / f"{_slug(receiver.name)}.emx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the package"), str(suggested), _("emudesk package (*.emx)")
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".emx":
            target = target.with_name(f"{target.name}.emx")
        if not dialogs.may_replace(self, chosen, target):
            return
        store = self.ctx.store

        def work(_progress: Progress, _cancel: threading.Event) -> ExportResult:
            with store.write() as s:
                return exporting.export_package(s, target, to=receiver.uuid)

        def done(result: ExportResult) -> None:
            self.ctx.bus.announce(Changes(nominations=True), self)
            self.refresh()
            dialogs.info(self, result.summary())

        self.ctx.tasks.run(
            work,
            parent=self,
            title=_("Send a package"),
            label=_("Writing {name}…").format(name=target.name),
            on_success=done,
            on_failure=lambda exc: show_error(self, exc),
        )

    # --- trusting -----------------------------------------------------------------------------
    def trust_key(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Trust an office"), "", _("Office key (*.json);;All files (*)")
        )
        if not chosen:
            return
        try:
            with open(chosen, "rb") as fh:
                data = fh.read(office.MAX_KEY_FILE + 1)
            info = office.read_key(data)
        except OSError as exc:
            dialogs.warn(self, _("The file {path} cannot be read: {reason}").format(path=chosen, reason=exc))
            return
        except EmudeskError as exc:
            show_error(self, exc)
            return
        if not dialogs.ask(
            self,
            _(
                "Trust the office “{name}”? Its packages will be accepted.\n\n"
                "Key fingerprint:\n{fp}\n\nRead it out with the office by phone: it must be the same."
            ).format(name=info.name, fp=info.fingerprint),
        ):
            return
        store = self.ctx.store

        def work(_progress: Progress, _cancel: threading.Event) -> OfficeInfo:
            with store.write() as s:
                return office.trust(s, data)

        def done(trusted: OfficeInfo) -> None:
            self.refresh()
            self.ctx.status(_("The office “{name}” is trusted.").format(name=trusted.name))

        self.ctx.tasks.run(
            work,
            parent=self,
            title=_("Trust an office"),
            on_success=done,
            on_failure=lambda exc: show_error(self, exc),
        )

    # --- receiving ----------------------------------------------------------------------------
    def receive(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Receive a package"), "", _("emudesk package (*.emx);;All files (*)")
        )
        if not chosen:
            return
        path = Path(chosen)
        store = self.ctx.store

        def work(_progress: Progress, _cancel: threading.Event) -> tuple[Package, importing.Preview]:
            with store.read() as s:
                package = open_package(s, path)
                return package, importing.preview(s, package)

        def opened(found: tuple[Package, importing.Preview]) -> None:
            package, preview = found
            dialog = ExchangeImportDialog(self.ctx, path, package, preview, self)
            dialog.imported.connect(self._imported)
            self.import_dialog = dialog
            dialog.open()

        self.ctx.tasks.run(
            work,
            parent=self,
            title=_("Receive a package"),
            label=_("Checking {name}…").format(name=path.name),
            on_success=opened,
            on_failure=lambda exc: show_error(self, exc),
        )

    def _imported(self) -> None:
        self.ctx.bus.announce(IMPORTED, self)
        self.refresh()
