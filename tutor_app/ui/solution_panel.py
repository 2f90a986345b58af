"""The worked-solution panel: numbered steps with a badge each, the answers, samples used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutor_app.render.math_scan import readable_latex, readable_maths
from tutor_app.tutor.solution import verdict_for
from tutor_app.ui.theme import MUTED

# status -> (badge text, badge colour, card background, card border)
BADGES = {
    "valid": ("✔ verified", "#1b7f3b", "#eef8f0", "#b7dfc1"),
    "invalid": ("✘ WRONG", "#c62828", "#fdecea", "#c62828"),
    "unknown": ("? not checkable", "#6b6b6b", "#f4f4f4", "#d0d0d0"),
    "restates": ("= restates", "#5a6b8c", "#f3f5fa", "#cfd6e6"),
}
# The same cards in the dark theme: (card background, card border); the badges keep their colours.
DARK_CARDS = {
    "valid": ("#15291b", "#2e7d47"),
    "invalid": ("#3b1717", "#e57373"),
    "unknown": ("#29292c", "#55555a"),
    "restates": ("#20242f", "#4a5878"),
}
# (line, reason, why a wrong line is wrong) text colours: light theme, dark theme
TEXT_COLOURS = {False: ("#1d1d1f", "#555", "#8e1c1c"), True: ("#e8e8ea", "#b4b4ba", "#ff9e97")}
# verdict kind (tutor.solution.verdict_for) -> headline colour, light and dark
GOOD, BAD = {False: "#1b7f3b", True: "#6fd08c"}, {False: "#c62828", True: "#ff8a80"}  # by dark
HEADLINE_COLOURS = {
    "verified": GOOD,
    "mistakes": BAD,
    "unchecked": {False: MUTED, True: MUTED},
    "stopped": {False: MUTED, True: MUTED},
}
_MARKDOWN = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*)|\*\*|__")
# Where a long formula may wrap: after its operators (a zero-width space, invisible).
_BREAKS = re.compile(r"(?<=[=+,<>])(?=\S)")


def shown_line(text: str) -> str:
    """A line as the panel shows it: maths as readable text, Markdown marks gone, and room to
    wrap a long formula after its operators instead of cutting it off."""
    return _breakable(_MARKDOWN.sub("", readable_maths(text)).strip())


def _breakable(text: str) -> str:
    """Room to wrap a long formula after its operators (a zero-width space, invisible)."""
    return _BREAKS.sub("\u200b", text)


def _label(text: str, name: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if style:
        label.setStyleSheet(style)
    return label


@dataclass(frozen=True)
class _Answer:
    """The final answer and how it compared with the computer algebra answer."""

    final: str | None
    cas: str | None
    status: str  # equivalent, not_equivalent or unknown
    reason: str


@dataclass(frozen=True)
class _SavedStep:
    """A stored step in the shape a StepCard shows (the note is already part of the reason)."""

    number: int
    text: str
    status: str
    reason: str
    counterexample: str | None
    note: str | None = None

    @classmethod
    def of(cls, step: Any) -> _SavedStep:
        """From the store's StepRecord."""
        return cls(step.position, step.text, step.status, step.reason, step.counterexample)


def _dark() -> bool:
    """Whether the window is in the dark theme now (the panel's parts are built for it)."""
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _headline(verdict: tuple[str, str]) -> tuple[str, str]:
    kind, words = verdict
    return words, HEADLINE_COLOURS[kind][_dark()] if kind in HEADLINE_COLOURS else MUTED


def _shorten(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _answers(answer: _Answer, samples: str) -> QWidget:
    box = QFrame()
    box.setObjectName("answers")
    layout = QVBoxLayout(box)
    mark = {"equivalent": "✔", "not_equivalent": "✘"}.get(answer.status, "?")
    colours = {"equivalent": GOOD[_dark()], "not_equivalent": BAD[_dark()]}
    colour = colours.get(answer.status, "palette(text)")
    final = readable_latex(answer.final) if answer.final else "(no final answer found)"
    layout.addWidget(
        _label(
            f"{mark} Tutor's answer: {final}",
            "final_answer",
            f"color: {colour}; font-weight: bold;",
        )
    )
    cas = readable_latex(answer.cas) if answer.cas else "(the computer could not work this one out)"
    layout.addWidget(_label(f"Computer algebra answer: {cas}", "cas_answer"))
    if answer.reason and answer.reason != "written the same way":
        layout.addWidget(_label(answer.reason, "answer_reason", f"color: {MUTED};"))
    layout.addWidget(_label(samples, "samples"))
    return box


def authorship(worked_by: str, model_samples: int) -> str:
    """Who wrote a saved solution, and how many the model wrote (all the store keeps)."""
    if worked_by == "cas":
        if not model_samples:
            return "Worked by the computer algebra system (SymPy)."
        plural = "s" if model_samples != 1 else ""
        return (
            f"Worked by the computer algebra system (SymPy): the model's {model_samples} "
            f"solution{plural} had mistakes or could not be checked."
        )
    return f"Solutions written: {model_samples}"


class StepCard(QFrame):
    """One numbered line with its verdict badge; a wrong line is red and says why."""

    def __init__(self, step: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step")
        self.status = step.status if step.status in BADGES else "unknown"
        badge_text, colour, background, border = BADGES[self.status]
        dark = _dark()
        if dark:  # built for the theme in use; the panel builds its cards again on a switch
            background, border = DARK_CARDS[self.status]
        line_colour, reason_colour, wrong_colour = TEXT_COLOURS[dark]
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
        layout.addWidget(self.badge, alignment=Qt.AlignmentFlag.AlignLeft)  # as wide as its text
        layout.addWidget(
            _label(f"{step.number}. {shown_line(step.text)}", "step_text", f"color: {line_colour};")
        )
        reason = readable_latex(step.reason)
        if self.status == "invalid":
            layout.addWidget(
                _label(f"Why it is wrong: {reason}", "reason", f"color: {wrong_colour};")
            )
            if step.counterexample:
                layout.addWidget(
                    _label(
                        f"Try it: {step.counterexample}",
                        "counterexample",
                        f"color: {wrong_colour};",
                    )  # fmt: skip
                )
        elif step.reason:  # what a tick promises: the claim or step checked, never the words
            said = f"Checked: {reason}" if self.status == "valid" else reason
            said += f" ({step.note})" if step.note else ""
            layout.addWidget(_label(_breakable(said), "reason", f"color: {reason_colour};"))
        # What a screen reader says for the card: the line, its verdict and why.
        spoken = {"valid": "verified", "invalid": "wrong", "unknown": "not checkable",
                  "restates": "restates an earlier line"}[self.status]  # fmt: skip
        why = f" Why: {step.reason}." if self.status == "invalid" else ""
        try_it = (
            f" Try it: {step.counterexample}."
            if self.status == "invalid" and step.counterexample
            else ""
        )
        self.setAccessibleName(
            f"Line {step.number}, {spoken}: {shown_line(step.text).replace(chr(0x200B), '')}."
            f"{why}{try_it}"
        )


class SolutionPanel(QScrollArea):
    """Shows a WorkedSolution: a headline, every step with its badge, answer against CAS."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("solution_panel")
        self.setWidgetResizable(True)
        # Lines wrap to the panel's width: a sideways scroll bar would hide their ends.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)
        self.cards: list[StepCard] = []
        self._shown: tuple[Any, tuple[Any, ...]] | None = None  # what refresh() shows again
        self.show_message("Ask a question: each line of the tutor's answer is checked here.")

    def _reset(self) -> QVBoxLayout:
        self.cards = []
        body = QWidget()
        body.setObjectName("solution_body")
        # Every label follows the font-size setting (a style sheet, so cards with their own
        # style sheets get it too: fonts do not pass into a widget that has a style sheet).
        body.setStyleSheet(f"QLabel {{ font-size: {self._pixels(1.0)}px; }}")
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        previous = self.takeWidget()
        if previous is not None:  # later: the question picker may be in the middle of a signal
            previous.deleteLater()
        self.setWidget(body)
        return layout

    def refresh(self) -> None:
        """Show again what is shown now, with the current font size and theme."""
        if self._shown is not None:
            show, args = self._shown
            show(*args)

    def show_message(self, text: str) -> None:
        """Replace the panel with a short message (waiting, checking, cancelled)."""
        self._shown = (self.show_message, (text,))
        layout = self._reset()
        style = f"color: {MUTED}; font-size: {self._pixels(1.1)}px;"
        layout.addWidget(_label(text, "panel_message", style))

    def show_solution(self, solution: Any) -> None:
        """Show a worked solution just written, with every line's verdict."""
        self._shown = (self.show_solution, (solution,))
        self._show(
            _headline(solution.verdict()),
            solution.steps,
            _Answer(
                solution.final_answer,
                solution.cas_answer,
                solution.chosen.answer_status,
                solution.chosen.answer_reason,
            ),
            solution.tries(),
        )

    def show_saved(self, attempts: list[Any], index: int = -1) -> None:
        """Show the checked solutions saved in a past session, one at a time (the newest first)."""
        if not attempts:
            self.show_message("No checked solution was saved in this session.")
            return
        index %= len(attempts)
        self._shown = (self.show_saved, (attempts, index))
        attempt = attempts[index]
        self._show(
            _headline(
                verdict_for(
                    attempt.status,
                    [step.position for step in attempt.steps if step.status == "invalid"],
                    attempt.answer_status,
                    attempt.answer_reason,
                    attempt.worked_by,
                )
            ),
            [_SavedStep.of(step) for step in attempt.steps],
            _Answer(
                attempt.final_answer,
                attempt.cas_answer,
                attempt.answer_status,
                attempt.answer_reason,
            ),
            authorship(
                attempt.worked_by,
                attempt.attempts_used - (attempt.worked_by == "cas"),
            ),
            (attempts, index),
        )

    def _show(
        self,
        headline: tuple[str, str],
        steps: list[Any],
        answer: _Answer,
        samples: str,
        saved: tuple[list[Any], int] | None = None,
    ) -> None:
        layout = self._reset()
        if saved is not None and len(saved[0]) > 1:
            layout.addWidget(self._picker(*saved))
        text, colour = headline
        layout.addWidget(
            _label(
                text,
                "headline",
                f"color: {colour}; font-weight: bold; font-size: {self._pixels(1.25)}px;",
            )
        )
        if not steps:
            layout.addWidget(_label("No steps to check.", "panel_message", f"color: {MUTED};"))
        for step in steps:
            card = StepCard(step)
            self.cards.append(card)
            layout.addWidget(card)
        layout.addWidget(_answers(answer, samples))

    def _picker(self, attempts: list[Any], index: int) -> QComboBox:
        """A list of the session's questions; choosing one shows its solution."""
        picker = QComboBox()
        picker.setObjectName("saved_question")
        # As wide as the panel, not as its longest question: the panel never scrolls sideways.
        picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        picker.setMinimumContentsLength(12)
        for number, attempt in enumerate(attempts, 1):
            picker.addItem(f"Question {number}: {_shorten(readable_maths(attempt.problem))}")
        picker.setCurrentIndex(index)
        picker.activated.connect(lambda chosen: self.show_saved(attempts, chosen))
        return picker

    def _pixels(self, scale: float) -> int:
        """A text size relative to the panel's font (which follows the font-size setting)."""
        return round(QFontInfo(self.font()).pixelSize() * scale)

    def badges(self) -> list[str]:
        """The badge text of every step shown (for tests and accessibility)."""
        return [card.badge.text() for card in self.cards]
