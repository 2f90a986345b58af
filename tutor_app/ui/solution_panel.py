"""The worked-solution panel: numbered steps with a badge each, the answers, samples used."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from tutor_app.render.math_scan import readable_maths

# status -> (badge text, badge colour, card background, card border)
BADGES = {
    "valid": ("✔ verified", "#1b7f3b", "#eef8f0", "#b7dfc1"),
    "invalid": ("✘ WRONG", "#c62828", "#fdecea", "#c62828"),
    "unknown": ("? not checkable", "#6b6b6b", "#f4f4f4", "#d0d0d0"),
}
HEADLINES = {
    "verified": ("✔ Every checked line is right, and so is the answer.", "#1b7f3b"),
    "contradicted": ("✘ The tutor made a mistake. Look at the red lines.", "#c62828"),
    "unverifiable": ("? The computer could not check everything. Check it yourself.", "#6b6b6b"),
}


def _label(text: str, name: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if style:
        label.setStyleSheet(style)
    return label


class StepCard(QFrame):
    """One numbered line with its verdict badge; a wrong line is red and says why."""

    def __init__(self, step: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step")
        self.status = step.status if step.status in BADGES else "unknown"
        badge_text, colour, background, border = BADGES[self.status]
        width = 3 if self.status == "invalid" else 1
        self.setStyleSheet(
            f"QFrame#step {{ background: {background}; border: {width}px solid {border};"
            " border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.badge = _label(
            badge_text,
            "badge",
            f"color: white; background: {colour}; border-radius: 6px; padding: 2px 8px;"
            " font-weight: bold;",
        )
        self.badge.setMaximumWidth(self.badge.sizeHint().width() + 24)
        layout.addWidget(self.badge)
        layout.addWidget(
            _label(f"{step.number}. {readable_maths(step.text)}", "step_text", "color: #1d1d1f;")
        )
        if self.status == "invalid":
            layout.addWidget(_label(f"Why it is wrong: {step.reason}", "reason", "color: #8e1c1c;"))
            if step.counterexample:
                layout.addWidget(
                    _label(f"Try it: {step.counterexample}", "counterexample", "color: #8e1c1c;")
                )
        elif self.status == "unknown" and (step.note or step.reason):
            layout.addWidget(_label(step.note or step.reason, "reason", "color: #555;"))


class SolutionPanel(QScrollArea):
    """Shows a WorkedSolution: a headline, every step with its badge, answer against CAS."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solution_panel")
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        self.cards: list[StepCard] = []
        self.show_message("Ask a question: each line of the tutor's answer is checked here.")

    def _reset(self) -> QVBoxLayout:
        self.cards = []
        body = QWidget()
        body.setObjectName("solution_body")
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(body)  # the old body is deleted by the scroll area
        return layout

    def show_message(self, text: str) -> None:
        """Replace the panel with a short message (waiting, checking, cancelled)."""
        layout = self._reset()
        layout.addWidget(_label(text, "panel_message", "color: #555; font-size: 14px;"))

    def show_solution(self, solution: Any) -> None:
        """Show a worked solution with every line's verdict."""
        layout = self._reset()
        headline, colour = HEADLINES.get(solution.status, HEADLINES["unverifiable"])
        if solution.cancelled:
            headline, colour = "■ Stopped. These are the lines written so far.", "#6b6b6b"
        layout.addWidget(
            _label(headline, "headline", f"color: {colour}; font-size: 16px; font-weight: bold;")
        )
        if not solution.steps:
            layout.addWidget(_label("No steps to check.", "panel_message", "color: #555;"))
        for step in solution.steps:
            card = StepCard(step)
            self.cards.append(card)
            layout.addWidget(card)
        layout.addWidget(self._answers(solution))

    def _answers(self, solution: Any) -> QWidget:
        box = QFrame()
        box.setObjectName("answers")
        layout = QVBoxLayout(box)
        ok = solution.chosen.answer_status
        mark = {"equivalent": "✔", "not_equivalent": "✘"}.get(ok, "?")
        answer = solution.final_answer or "(no final answer found)"
        colour = {"equivalent": "#1b7f3b", "not_equivalent": "#c62828"}.get(ok, "#333")
        layout.addWidget(
            _label(
                f"{mark} Tutor's answer: {answer}",
                "final_answer",
                f"color: {colour}; font-weight: bold;",
            )
        )
        cas = solution.cas_answer or "(the computer could not work this one out)"
        layout.addWidget(_label(f"Computer algebra answer: {cas}", "cas_answer"))
        if solution.chosen.answer_reason:
            layout.addWidget(_label(solution.chosen.answer_reason, "answer_reason", "color: #555;"))
        used = len(solution.samples)
        extra = " (the first had a mistake, so it tried again)" if used > 1 else ""
        layout.addWidget(_label(f"Solutions written: {used}{extra}", "samples"))
        return box

    def badges(self) -> list[str]:
        """The badge text of every step shown (for tests and accessibility)."""
        return [card.badge.text() for card in self.cards]
