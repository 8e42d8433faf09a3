"""Phong trào ▸ Tạo từ văn bản kế hoạch…: a plan read off the UI thread, then reviewed by the clerk.

The review shows the plan's text beside the values read from it; choosing a value selects the
words it came from. Nothing is written until "Create the campaign": the definition with the
clerk's values (as typed) is saved by ``workflow.save_campaign`` like the editor's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.campaigns.draft_review import (
    Kind,
    ReviewItem,
    apply_review,
    problem,
    review_items,
    unheld_notes,
)
from emudesk.services.campaigns.drafts import PlanDraft, draft_from_file
from emudesk.services.register.choices import award_forms
from emudesk.ui.context import AppContext
from emudesk.ui.errors import show_error
from emudesk.ui.operations import workflow
from emudesk.ui.tasks import Progress, Task

PLAN_FILES = "*.docx *.pdf *.txt *.md"
_UNSURE = "?"
_HIGHLIGHT = QColor("#fff2a8")


def _utf16(text: str, index: int) -> int:
    """A Python index as a Qt text position (Qt counts UTF-16 units; a character beyond the BMP is two)."""
    return len(text[:index].encode("utf-16-le")) // 2


class _ValueDelegate(QStyledItemDelegate):
    """A value's editor: a list to pick from for a choice (the campaign's kind, an award form's
    legal kind, the form offered), a line for the rest."""

    def __init__(self, dialog: PlanReviewDialog) -> None:
        super().__init__(dialog.table)
        self.dialog = dialog

    def _item(self, index: QModelIndex | QPersistentModelIndex) -> ReviewItem | None:
        row = index.row()
        items = self.dialog.items
        return items[row] if 0 <= row < len(items) and index.column() == self.dialog.COL_VALUE else None

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        it = self._item(index)
        if it is None or it.kind is not Kind.CHOICE:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for stored, shown in it.choices:
            combo.addItem(shown, stored)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            at = editor.findText(str(index.data() or ""))
            editor.setCurrentIndex(max(at, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
            return
        super().setModelData(editor, model, index)


class PlanReviewDialog(QDialog):
    """The draft beside the plan's text.

    Signals:
        created(int): the clerk accepted and the campaign was saved with this id.
    """

    created = Signal(int)

    COL_FIELD, COL_VALUE, COL_SURE = 0, 1, 2

    def __init__(
        self,
        ctx: AppContext,
        draft: PlanDraft,
        parent: QWidget | None = None,
        catalogue: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft = draft
        self.catalogue = tuple(catalogue)  # the legal forms (code, name) a form may be chosen from
        self.items: list[ReviewItem] = review_items(draft, self.catalogue)
        self.edits: dict[str, str] = {}
        self.problems: dict[str, str] = {}
        self._saving = False
        self.setWindowTitle(_("Review the campaign read from the plan"))
        self.resize(1200, 760)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b26a00;")
        notes = list(draft.warnings)
        unsure = sum(1 for it in self.items if not it.sure)
        summary = _(
            "{n} values read; {unsure} marked “?” need checking. "
            "Nothing is saved until you create the campaign."
        )
        notes.insert(0, summary.format(n=len(self.items), unsure=unsure))
        self.banner.setText("\n".join(notes))

        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(draft.text)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        self.table = QTableWidget(len(self.items), 3, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Value"), _("Unsure")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_SURE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(self.COL_FIELD, 260)
        self.table.verticalHeader().setVisible(False)
        self.table.setItemDelegateForColumn(self.COL_VALUE, _ValueDelegate(self))
        self._fill()
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self.show_source(row))
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.installEventFilter(self)

        self.repairs = QListWidget(self)
        shift = 0
        for r in draft.repairs:
            # Repairs are placed in the text as read; the text shown is the repaired one.
            at = r.start + shift
            shift += len(r.meant) - (r.end - r.start)
            item = QListWidgetItem(
                _("“{read}” read as “{meant}” (character {at})").format(read=r.read, meant=r.meant, at=at)
            )
            item.setData(Qt.ItemDataRole.UserRole, (at, at + len(r.meant)))
            self.repairs.addItem(item)
        self.repairs.currentItemChanged.connect(self._on_repair)
        self.notes = QListWidget(self)
        self.notes.setWordWrap(True)
        for line in unheld_notes(draft):
            self.notes.addItem(line)

        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel("<b>" + _("Values read from the plan") + "</b>"))
        sl.addWidget(self.table, 3)
        repairs_title = QLabel("<b>" + _("OCR repairs") + "</b>")
        sl.addWidget(repairs_title)
        sl.addWidget(self.repairs, 1)
        repairs_title.setVisible(bool(draft.repairs))
        notes_title = QLabel("<b>" + _("Found but not kept by the campaign") + "</b>")
        sl.addWidget(notes_title)
        sl.addWidget(self.notes, 1)
        # Nearly everything a plan says has a field now: the list shows only when something is left.
        notes_title.setVisible(self.notes.count() > 0)
        self.notes.setVisible(self.notes.count() > 0)
        self.repairs.setVisible(bool(draft.repairs))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.text)
        split.addWidget(side)
        split.setSizes([520, 680])

        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton(
            _("Create the campaign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.create_campaign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Return on a value edits it; it must never reach the dialog and press "Create the campaign".
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            cell = self.table.item(self.table.currentRow(), self.COL_VALUE)
            if cell is not None and cell.flags() & Qt.ItemFlag.ItemIsEditable:
                self.table.setCurrentItem(cell)
                self.table.editItem(cell)
            return True
        return super().eventFilter(watched, event)

    def _fill(self) -> None:
        blocked = self.table.blockSignals(True)
        for row, it in enumerate(self.items):
            name = QTableWidgetItem(it.label)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setToolTip(it.label)
            value = QTableWidgetItem(it.value)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if it.kind is not Kind.READ_ONLY and it.kept:
                flags |= Qt.ItemFlag.ItemIsEditable
            else:
                value.setForeground(QColor("#777777"))
                value.setToolTip(
                    _("Not saved with the campaign: it has no place for this yet.")
                    if not it.kept
                    else _("Shown to check against the plan; change it in the campaign editor.")
                )
            value.setFlags(flags)
            sure = QTableWidgetItem("" if it.sure else _UNSURE)
            sure.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            sure.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if not it.sure:
                sure.setToolTip(_("The reader is not sure of this value: check it against the plan."))
                sure.setBackground(QColor("#ffe0b2"))
            self.table.setItem(row, self.COL_FIELD, name)
            self.table.setItem(row, self.COL_VALUE, value)
            self.table.setItem(row, self.COL_SURE, sure)
        self.table.blockSignals(blocked)

    # --- the words behind a value -----------------------------------------------------------------
    def show_source(self, row: int) -> None:
        if 0 <= row < len(self.items):
            it = self.items[row]
            self.highlight(it.start, it.end)

    def _on_repair(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            start, end = item.data(Qt.ItemDataRole.UserRole)
            self.highlight(start, end)

    def highlight(self, start: int, end: int) -> None:
        """Select the plan's words ``start``..``end`` (Python indices) and scroll them into view."""
        text = self.draft.text
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(_utf16(text, start))
        cursor.setPosition(_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(_HIGHLIGHT)
        mark.format = fmt
        mark.cursor = cursor
        # The selection for the keyboard and screen readers, a colour that stays when the table has focus.
        self.text.setExtraSelections([mark])
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def highlighted_text(self) -> str:
        return self.text.textCursor().selectedText().replace("\u2029", "\n")

    # --- the clerk's values -----------------------------------------------------------------------
    def _on_item_changed(self, cell: QTableWidgetItem) -> None:
        if cell.column() != self.COL_VALUE:
            return
        it = self.items[cell.row()]
        typed = cell.text()
        self.edits[it.path] = typed
        wrong = problem(it, typed)
        blocked = self.table.blockSignals(True)
        if wrong:
            self.problems[it.path] = wrong
            cell.setBackground(QColor("#ffcdd2"))
            cell.setToolTip(wrong)
        else:
            self.problems.pop(it.path, None)
            cell.setBackground(QColor(0, 0, 0, 0))
            cell.setToolTip("")
        self.table.blockSignals(blocked)
        self.create_button.setEnabled(not self.problems)

    def create_campaign(self) -> None:
        """Save the draft with the clerk's values as a new campaign; the dialog closes when it is saved."""
        if self._saving or self.problems:
            return
        try:
            definition = apply_review(self.draft, self.edits, self.catalogue)
        except Exception as exc:
            show_error(self, exc)
            return
        self._saving = True
        self.create_button.setEnabled(False)

        def saved(campaign_id: int) -> None:
            self._saving = False
            self.created.emit(campaign_id)
            self.accept()

        def failed(_exc: BaseException) -> None:
            self._saving = False
            self.create_button.setEnabled(True)

        workflow.save_campaign(self.ctx, self, None, definition, on_saved=saved, on_failure=failed)


Catalogue = tuple[tuple[str, str], ...]


def legal_forms(ctx: AppContext) -> Catalogue:
    """The catalogue's forms of the law (not a named authority's), as (code, name)."""
    with ctx.store.read() as session:
        return tuple((f.code, f.name) for f in award_forms(session, active_only=True) if f.kind_of_id is None)


def read_plan(
    ctx: AppContext,
    parent: QWidget | None,
    path: Path,
    on_read: Callable[[tuple[PlanDraft, Catalogue]], None],
) -> Task[tuple[PlanDraft, Catalogue]]:
    """Read ``path`` into a draft on the worker (a PDF or a long plan takes a while; OCR takes
    seconds a page), with its progress and a Cancel that stops between pages: nothing opens then."""

    def work(progress: Progress, cancel: threading.Event) -> tuple[PlanDraft, Catalogue]:
        progress(0, 0, _("Reading {name}…").format(name=path.name))
        draft = draft_from_file(path, progress=progress, cancel=cancel)
        return draft, legal_forms(ctx)

    return ctx.tasks.run(
        work,
        parent=parent,
        title=_("Create a campaign from a plan"),
        label=_("Reading the plan…"),
        cancellable=True,
        on_success=on_read,
        on_cancelled=lambda: ctx.status(_("Reading the plan was cancelled; nothing was created.")),
    )


def create_from_plan(
    ctx: AppContext, parent: QWidget, on_created: Callable[[int], None] | None = None
) -> None:
    """Choose a plan's file, read it, and open the review (non-modal, so the window stays usable)."""
    target, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Choose the plan (Kế hoạch)"),
        "",
        _("Plans ({patterns});;All files (*)").format(patterns=PLAN_FILES),
    )
    if not target:
        return

    def opened(read: tuple[PlanDraft, Catalogue]) -> None:
        draft, catalogue = read
        dialog = PlanReviewDialog(ctx, draft, parent, catalogue)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_created is not None:
            dialog.created.connect(on_created)
        dialog.show()
        dialog.activateWindow()

    read_plan(ctx, parent, Path(target), opened)
