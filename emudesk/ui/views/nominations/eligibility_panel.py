"""The eligibility engine's verdict on one nomination, shown in the nominations and council views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from emudesk.domain.errors import EmudeskError
from emudesk.i18n import _
from emudesk.services.eligibility.judge import evaluate_nomination
from emudesk.ui.context import AppContext

_OUTCOME_COLORS = {"eligible": "#2e7d32", "not_eligible": "#b3261e", "needs_judgement": "#b26a00"}


class EligibilityPanel(QWidget):
    """The engine's verdict on one nomination, reason by reason with their legal basis."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.outcome)
        body_layout.addWidget(self.reasons)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def show_nomination(self, nomination_id: int | None) -> None:
        if nomination_id is None:
            self.outcome.setText(_("Choose a nomination to see whether it meets the conditions."))
            self.reasons.setText("")
            return
        try:
            with self.ctx.store.read() as session:
                verdict = evaluate_nomination(session, nomination_id)
        except EmudeskError as exc:  # e.g. the subject was deleted: say so here, not in a dialog
            self.outcome.setText(exc.message)
            self.reasons.setText("")
            return
        color = _OUTCOME_COLORS.get(str(verdict.outcome.value), "black")
        self.outcome.setText(f"<b style='color:{color}'>{verdict.outcome.label}</b>")
        lines = []
        for reason in verdict.reasons:
            mark = getattr(reason, "mark", None) or {True: "✓", False: "✗", None: "?"}[reason.passed]
            mark_color = {True: "#2e7d32", False: "#b3261e", None: "#b26a00"}[reason.passed]
            citation = f"<br><small style='color:gray'>{reason.citation}</small>" if reason.citation else ""
            lines.append(f"<p><b style='color:{mark_color}'>{mark}</b> {reason.text}{citation}</p>")
        self.reasons.setText("".join(lines))

    def outcome_text(self) -> str:
        return self.outcome.text()
