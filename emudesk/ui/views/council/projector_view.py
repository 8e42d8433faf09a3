"""Màn hình trình chiếu: one agenda item of a council session at a time, in large type.

A standalone widget (a Store and a session id) the council's secretary puts on
the projector: who is proposed for what, by whom, the achievements, the award
history and the engine's verdict with every reason and its article, and the
tally once entered. Arrow keys, Page Up/Down and Space move between candidates;
F11 toggles full screen.
"""

from __future__ import annotations

import re
from html import escape, unescape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from emudesk.i18n import _
from emudesk.services.core.store import Store
from emudesk.services.council import screens

_OUTCOME_COLORS = {"eligible": "#1b5e20", "not_eligible": "#b71c1c", "needs_judgement": "#a35c00"}
_MARK_COLORS = {True: "#1b5e20", False: "#b71c1c", None: "#a35c00"}
_TAGS = re.compile(r"<[^>]+>")


def _label(parent: QWidget, size: int, *, bold: bool = False, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class ProjectorView(QWidget):
    """The candidates of one council session, one per screen, in large type.

    Attributes:
        slides: what each screen shows, read from the services (plain data, no ORM objects).
        index: the screen shown.
    """

    def __init__(
        self, store: Store, session_id: int, parent: QWidget | None = None, *, base_size: int = 18
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.base_size = base_size
        self.slides: list[screens.Slide] = []
        self.index = 0
        self.setWindowTitle(_("Council session — projector"))
        self.setStyleSheet("background: #ffffff; color: #111111;")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.header = _label(self, base_size)
        self.header.setStyleSheet("color: #555555;")
        self.position = _label(self, base_size, bold=True)
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.position)

        self.name = _label(self, base_size * 2 + 8, bold=True)
        self.award = _label(self, base_size + 8, bold=True)
        self.award.setStyleSheet("color: #0d47a1;")
        self.where = _label(self, base_size)

        self.achievements = _label(self, base_size, rich=True)
        self.history = _label(self, base_size - 2, rich=True)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.achievements)
        left_layout.addWidget(self.history)
        left_layout.addStretch(1)

        self.outcome = _label(self, base_size + 8, bold=True, rich=True)
        self.reasons = _label(self, base_size - 2, rich=True)
        self.tally = _label(self, base_size, bold=True, rich=True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.outcome)
        right_layout.addWidget(self.reasons)
        right_layout.addWidget(self.tally)
        right_layout.addStretch(1)

        body = QHBoxLayout()
        body.addWidget(_scrolled(left, self), 1)
        body.addWidget(_scrolled(right, self), 1)

        self.previous_button = QPushButton(_("◀ Previous"), self)
        self.next_button = QPushButton(_("Next ▶"), self)
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(top)
        layout.addWidget(self.name)
        layout.addWidget(self.award)
        layout.addWidget(self.where)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.refresh()

    # --- navigation -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the session again (tallies entered meanwhile), keeping the candidate shown."""
        with self.store.read() as session:
            self.slides = screens.slides(session, self.session_id)
            view = screens.view(session, self.session_id)
        self.header.setText(f"{view.council_name} — {view.title}")
        self.show_slide(min(self.index, max(len(self.slides) - 1, 0)))

    def next(self) -> None:
        self.show_slide(self.index + 1)

    def previous(self) -> None:
        self.show_slide(self.index - 1)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down):
            self.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up):
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.show_slide(0)
        elif key == Qt.Key.Key_End:
            self.show_slide(len(self.slides) - 1)
        elif key == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    # --- drawing ----------------------------------------------------------------------------------
    def show_slide(self, index: int) -> None:
        if not self.slides:
            self.index = 0
            self.position.setText("")
            self.name.setText(_("No candidates on the agenda."))
            for label in (
                self.award,
                self.where,
                self.achievements,
                self.history,
                self.outcome,
                self.reasons,
            ):
                label.setText("")
            self.tally.setText("")
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        self.index = max(0, min(index, len(self.slides) - 1))
        slide = self.slides[self.index]
        item = slide.item
        self.position.setText(_("{n} / {total}").format(n=self.index + 1, total=slide.total))
        self.name.setText(item.subject_name)
        self.award.setText(item.award_name)
        where = [slide.unit_name] if slide.unit_name else []
        if item.proposing_unit:
            where.append(_("Proposed by: {unit}").format(unit=item.proposing_unit))
        self.where.setText(" · ".join(where))
        achievements = "".join(f"<p>{escape(text)}</p>" for text in slide.achievements) or "<p>—</p>"
        self.achievements.setText(f"<h3>{escape(_('Achievements'))}</h3>{achievements}")
        history = "".join(f"<li>{escape(line)}</li>" for line in slide.history)
        history = f"<ul>{history}</ul>" if history else f"<p>{escape(_('No award recorded.'))}</p>"
        self.history.setText(f"<h3>{escape(_('Award history'))}</h3>{history}")
        verdict = slide.verdict
        color = _OUTCOME_COLORS.get(verdict.outcome.value, "#111111")
        self.outcome.setText(f"<span style='color:{color}'>{escape(verdict.outcome.label)}</span>")
        lines = []
        for reason in verdict.reasons:
            mark_color = "#777777" if reason.informational else _MARK_COLORS[reason.passed]
            cite = (
                f"<br><span style='color:#666666'>{escape(reason.citation)}</span>" if reason.citation else ""
            )
            lines.append(
                f"<p><b style='color:{mark_color}'>{reason.mark}</b> {escape(reason.text)}{cite}</p>"
            )
        applied = _("Rules applied: {rules}").format(rules=verdict.rule_set)
        rules = f"<p style='color:#666666'>{escape(applied)}</p>"
        self.reasons.setText(rules + "".join(lines))
        tally = escape(_("Ballots: {tally}").format(tally=item.tally_text))
        if item.recused:
            flagged = _("Members flagged for recusal: {names}").format(names=", ".join(item.recused))
            tally += f"<br><span style='color:#a35c00'>{escape(flagged)}</span>"
        self.tally.setText(tally)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.slides) - 1)

    def current_text(self) -> str:
        """Everything the screen shows as plain text (for tests and screen readers)."""
        parts = [self.position.text(), self.name.text(), self.award.text(), self.where.text()]
        for label in (self.achievements, self.history, self.outcome, self.reasons, self.tally):
            parts.append(unescape(_TAGS.sub(" ", label.text())))
        return "\n".join(parts)
