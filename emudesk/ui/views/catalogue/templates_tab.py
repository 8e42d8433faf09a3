"""Danh mục › Mẫu văn bản: the Word templates of the papers (decision, submission, achievement
report, minutes). An office opens one in Word, edits and saves it, then takes the edit into the
database, where the next export uses it and a backup or transfer carries it; a template that
cannot be filled is refused with the placeholder it trips on. "Khôi phục mẫu gốc" goes back to
the bundled one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from emudesk import paths
from emudesk.export import storage_error
from emudesk.export.word import TemplateKind, placeholders
from emudesk.i18n import _
from emudesk.services.core.changes import Changes
from emudesk.services.exports import templates
from emudesk.ui import dialogs
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.models.list_model import ListTableModel
from emudesk.ui.operations import run_op
from emudesk.ui.views.common import action_button
from emudesk.ui.widgets.record_table import RecordTable

_CHANGED = Changes(catalogue=True)


def working_folder() -> Path:
    """Where a template is put for Word to open: the user's data folder, not a temporary one,
    so an edit saved there survives until it is taken into the database."""
    return paths.data_dir() / "templates"


class TemplatesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kinds = list(TemplateKind)
        self.model = ListTableModel([_("Document"), _("Template in use"), _("Saved")], self)
        self.table = RecordTable(
            self.model,
            self,
            settings=ctx.settings,
            layout_key="catalogue_templates",
            widths=(380, 320, 150),
            sortable=False,
            multi=False,
        )
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        buttons = QHBoxLayout()
        self.open_button = action_button(self, _("Open in Word"), self.open_in_word)
        self.take_button = action_button(self, _("Use the edited file"), self.take_edit)
        self.choose_button = action_button(self, _("Choose a file…"), self.choose_file)
        self.reset_button = action_button(self, _("Restore the original template"), self.reset)
        for button in (self.open_button, self.take_button, self.choose_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        self.table.current_changed.connect(lambda _id: self._show())
        self.table.open_requested.connect(lambda _id: self.open_in_word())

    def refresh(self) -> None:
        keep = self.table.current_id()
        with self.ctx.store.read() as session:
            rows = templates.list_templates(session)
        self.model.set_rows(
            [
                (
                    r.label,
                    _("The office's own: {name}").format(name=r.file_name or r.kind.filename)
                    if r.custom
                    else _("Original (shipped with emudesk)"),
                    r.saved_at,
                )
                for r in rows
            ],
            list(range(1, len(rows) + 1)),
        )
        if keep is not None:
            self.table.select_ids([keep])
        else:
            self.table.select_first()
        self._show()

    def current_kind(self) -> TemplateKind | None:
        row = self.table.current_id()
        return self.kinds[int(row) - 1] if row is not None else None

    def working_file(self, kind: TemplateKind) -> Path:
        return working_folder() / kind.filename

    def _show(self) -> None:
        kind = self.current_kind()
        if kind is None:
            self.info.setText("")
            return
        # A list's rows are "r" inside its {%tr for r in … %} loop: {{ r.name }}, {{ r.amount }}…
        found = [p if "[]" not in p else "r." + p.rpartition("[].")[2] for p in placeholders(kind)]
        names = ", ".join("{{ " + p + " }}" for p in dict.fromkeys(found))
        self.info.setText(
            _("Placeholders this template may use: {names}. Working copy for Word: {path}").format(
                names=names, path=self.working_file(kind)
            )
        )

    # --- actions ------------------------------------------------------------------------------------

    def open_in_word(self) -> None:
        """Put the template in use where Word can edit it, and open it with the system's program."""
        kind = self.current_kind()
        if kind is None:
            return
        target = self.working_file(kind)
        with self.ctx.store.read() as session:
            current, _custom = templates.template_bytes(session, kind)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and target.read_bytes() != current:
                # An edit saved there but not yet taken in: open it rather than overwrite it.
                self.ctx.status(
                    _("Opened your earlier edit of {name}; it is not in use yet.").format(name=target)
                )
            else:
                target.write_bytes(current)
        except OSError as exc:
            show_error(self, storage_error(exc, target))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            dialogs.warn(
                self,
                _("No program opens .docx files on this computer. The template is at {path}.").format(
                    path=target
                ),
            )
            return
        self.ctx.status(_("Edit and save the template in Word, then press “Use the edited file”."))

    def take_edit(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        self._take(kind, self.working_file(kind))

    def choose_file(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a Word template"), str(working_folder()), _("Word documents (*.docx)")
        )
        if name:
            self._take(kind, Path(name))

    def _take(self, kind: TemplateKind, source: Path) -> None:
        try:
            data = source.read_bytes()
        except OSError as exc:
            show_error(self, storage_error(exc, source))
            return
        run_op(
            self.ctx,
            self,
            lambda session: templates.save_template(session, kind, data, name=source.name),
            changes=_CHANGED,
            success=_("The next {document} uses {name}.").format(document=kind.label, name=source.name),
        )

    def reset(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        if not dialogs.ask(
            self, _("Go back to the original template of “{document}”?").format(document=kind.label)
        ):
            return
        run_op(
            self.ctx,
            self,
            lambda session: templates.reset_template(session, kind),
            changes=_CHANGED,
            success=_("“{document}” uses the original template again.").format(document=kind.label),
        )
