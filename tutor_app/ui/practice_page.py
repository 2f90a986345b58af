"""The Practice mode's page: a problem for a skill (or the queue's next), the student's answer
graded by the checker, the hint ladder on request, and every answer and hint recorded.

All the work (choosing and generating a problem, grading, hints, the database) is done by
`tutor_app.tutor.coaching.Coach` in background tasks, one at a time; the page only shows it.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutor_app.render.math_scan import readable_maths
from tutor_app.tutor.skills import SKILLS, name_of
from tutor_app.ui.modes import PRACTICE
from tutor_app.ui.tasks import Task
from tutor_app.ui.theme import MUTED

if TYPE_CHECKING:
    from tutor_app.tutor.coaching import Coach, Marked
    from tutor_app.tutor.hints import Hint
    from tutor_app.tutor.practice import Problem

QUEUE = "What's next for me"
LAST_HINT = 4  # the fourth rung is the worked solution
NO_STUDENT = "Choose a student first (File › Switch student…): practice counts towards a " \
    "student's progress."  # fmt: skip
NO_STORE = "The progress database is not open, so practice cannot be recorded yet."
BOTTOM_OUT_NOTE = "You have seen the worked solution. You can still answer, but it won't count " \
    "as much towards your progress."  # fmt: skip
# (right, wrong) feedback colours on the light and the dark theme
TONES = {False: ("#1b7f3b", "#c62828"), True: ("#6fd08c", "#ff8a80")}
# The checker's reasons, said to a student about their answer
REASONS = {"different value": "that is a different value from the answer"}
_BOLD = re.compile(r"\*\*|__")
_PLAIN_POWER = re.compile(r"(?<=[A-Za-z0-9)])\^(\d+)(?![\d.])")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BREAKS = re.compile(r"(?<=[=+,<>])(?=\S)")  # where a long formula may wrap (zero-width space)


def readable(text: str) -> str:
    """Maths as a student reads it without typesetting: `$\\frac{1}{2}$` as 1/2, x^2 as x²."""
    text = _BOLD.sub("", readable_maths(text))
    text = _PLAIN_POWER.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    return _BREAKS.sub("\u200b", text.strip())


@dataclass(frozen=True)
class Shown:
    """A new problem and the band of its skill before it."""

    problem: Problem
    band: str


def problem_job(coach: Coach, skill: str | None) -> Shown:
    """The coach's next problem for a skill (None: the queue's next) and that skill's band."""
    from tutor_app.tutor.mastery import replay
    from tutor_app.tutor.progress import as_evidence

    coach.skill = skill
    problem = coach.next_problem()
    rows = coach.store.evidence(coach.student_id, problem.skill)
    state = replay(as_evidence(rows)).get(problem.skill)
    return Shown(problem, state.band if state is not None else "Not started")


def answer_job(coach: Coach, typed: str) -> Marked:
    """Grade and record an answer to the coach's current problem."""
    return coach.answer(typed)


def hint_job(coach: Coach, model: Any) -> Hint | None:
    """The next rung of the current problem's hint ladder, recorded (None past the top)."""
    from tutor_app.engine.discovery import is_starter_model

    # The starter model's hints are weaker than the CAS's own: the CAS goes first for it.
    cas_first = is_starter_model(getattr(model, "model_path", None))
    return coach.take_hint(model, cas_first=cas_first)


def page_style(size: int, dark: bool) -> str:
    """The page's style sheet: a large problem, answers at the chat's size, coloured feedback."""
    right, wrong = TONES[dark]
    return (
        f"QLabel#practice_question {{ font-size: {round(size * 1.6)}px; }}\n"
        f"QLineEdit#practice_answer {{ font-size: {size}px; padding: 3px; }}\n"
        f"QLabel#practice_feedback {{ font-size: {size}px; }}\n"
        f'QLabel#practice_feedback[tone="right"] {{ color: {right}; }}\n'
        f'QLabel#practice_feedback[tone="wrong"] {{ color: {wrong}; }}\n'
        f"QLabel#practice_skill_band, QLabel#practice_note, QLabel#practice_status,"
        f" QLabel#practice_counter, QLabel#practice_hint_wait {{ color: {MUTED}; }}\n"
        "QLabel#practice_hint_title { font-weight: bold; }\n"
        "QFrame#practice_card { border: 1px solid palette(mid); border-radius: 6px; }\n"
        "QFrame#practice_hint { border: none; border-left: 3px solid palette(highlight);"
        " padding-left: 6px; }\n"
        "QScrollArea#practice_hint_area, QWidget#practice_hints { background: transparent; }\n"
    )


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


class PracticePage(QWidget):
    """Practice: problems one after another, each answer graded and recorded as evidence."""

    problem_shown = Signal()
    marked = Signal(bool)  # right or not
    hint_shown = Signal(int)  # the level just shown
    failed = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.setObjectName("practice_page")
        self.main = window
        self.coach: Coach | None = None
        self.task: Task | None = None
        self.problem: Problem | None = None
        self.band = "Not started"
        self.hint_level = 0
        self.solved = False
        self.pending = False  # another skill was chosen while a task ran: a new problem after it
        self.right = self.answered = 0
        self._style = ""
        self._build()
        self.reset()
        window.store_ready.connect(self._update)  # "the database is not open" no longer

    # -- widgets ------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self._chooser_row())
        self.status = _label("practice_status")
        layout.addWidget(self.status)
        layout.addWidget(self._problem_card())
        layout.addLayout(self._answer_row())
        self.feedback = QLabel("")
        self.feedback.setObjectName("practice_feedback")
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.feedback.linkActivated.connect(lambda _link: self.take_hint())  # "take a hint"
        layout.addWidget(self.feedback)
        layout.addWidget(self._hint_area(), 1)

    def _chooser_row(self) -> QHBoxLayout:
        self.skill_box = QComboBox()
        self.skill_box.setObjectName("practice_skill")
        self.skill_box.setToolTip("What's next mixes reviews that are due with your weakest "
                                  "skills whose prerequisites you know")  # fmt: skip
        self.skill_box.addItem(QUEUE, None)
        for skill in SKILLS:
            self.skill_box.addItem(skill.name, skill.key)
        self.skill_box.currentIndexChanged.connect(lambda _i: self.next_problem())
        self.counter = _label("practice_counter")
        self.counter.setWordWrap(False)
        row = QHBoxLayout()
        row.addWidget(QLabel("Practise:"))
        row.addWidget(self.skill_box, 1)
        row.addWidget(self.counter)
        return row

    def _problem_card(self) -> QFrame:
        self.skill_label = _label("practice_skill_band")
        self.question_label = _label("practice_question")
        self.card = QFrame()
        self.card.setObjectName("practice_card")
        inside = QVBoxLayout(self.card)
        inside.addWidget(self.skill_label)
        inside.addWidget(self.question_label)
        return self.card

    def _answer_row(self) -> QHBoxLayout:
        self.answer_edit = QLineEdit()
        self.answer_edit.setObjectName("practice_answer")
        self.answer_edit.setPlaceholderText("Your answer, e.g. x = 2 (then Enter)")
        self.answer_edit.returnPressed.connect(self._enter)
        self.check_button = _button("Check", "practice_check", "Check the answer (Enter)")
        self.hint_button = _button("Hint", "practice_hint", "A hint, smallest first")
        self.next_button = _button("Next problem", "practice_next", "Another problem")
        self.check_button.clicked.connect(self.check)
        self.hint_button.clicked.connect(self.take_hint)
        self.next_button.clicked.connect(self.next_problem)
        row = QHBoxLayout()
        row.addWidget(self.answer_edit, 1)
        for button in (self.check_button, self.hint_button, self.next_button):
            row.addWidget(button)
        return row

    def _hint_area(self) -> QScrollArea:
        self.hint_body = QWidget()
        self.hint_body.setObjectName("practice_hints")
        self.hint_layout = QVBoxLayout(self.hint_body)
        self.hint_layout.setContentsMargins(0, 0, 0, 0)
        self.hint_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.hint_cards: list[QFrame] = []
        self.hint_titles: list[QLabel] = []
        self.hint_texts: list[QLabel] = []
        self.hint_wait = _label("practice_hint_wait", "Finding a hint…")
        self.note = _label("practice_note", BOTTOM_OUT_NOTE)
        self.hint_layout.addWidget(self.hint_wait)
        self.hint_layout.addWidget(self.note)
        area = QScrollArea()
        area.setObjectName("practice_hint_area")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(self.hint_body)
        self.hint_area = area
        return area

    def _restyle(self) -> None:
        """Sizes follow the font-size setting; colours follow the theme."""
        style = page_style(self.main.settings.font_size, self.main.settings.theme == "dark")
        if style != self._style:  # setting it sends another StyleChange: stop there
            self._style = style
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """The window's style sheet changed (font size or theme): follow it."""
        if event.type() == QEvent.Type.StyleChange:
            self._restyle()
        super().changeEvent(event)

    # -- the window's calls ---------------------------------------------------------------
    def activate(self) -> None:
        """The student switched to this mode: a problem if none is shown, the answer focused."""
        if self._ready() and self.problem is None and self.task is None:
            self.next_problem()
        self._update()  # what it says reflects the student and database now
        self.answer_edit.setFocus()  # shown by the window just after this call

    def reset(self) -> None:
        """A new session or another student: start afresh (a new Coach for the next problem)."""
        self.coach, self.task, self.problem, self.pending = None, None, None, False
        self.right = self.answered = 0
        self.counter.setText("")
        self._clear_problem()
        self._restyle()
        self._update()
        if self.main.mode_bar.mode() == PRACTICE:
            self.activate()

    # -- actions ----------------------------------------------------------------------
    def next_problem(self) -> None:
        """A new problem for the chosen skill (or the queue's next), in the background."""
        if not self._ready():
            self._update()
            return
        if self.task is not None:
            self.pending = True
            return
        if self.coach is None:
            from tutor_app.tutor.coaching import Coach

            self.coach = Coach(self.main.store, self.main.student.id,
                               seed=random.randrange(1 << 30))  # fmt: skip
        self.status.setText("Finding a problem…")
        self._run(Task(problem_job, self.coach, self.skill_box.currentData(), name="practice"),
                  self._show_problem)  # fmt: skip

    def check(self) -> None:
        """Grade the typed answer (nothing is recorded for an empty one)."""
        if self.problem is None or self.task is not None or self.solved:
            return
        typed = self.answer_edit.text().strip()
        if not typed:
            self._say("Type your answer first, for example x = 2.", "")
            self._focus_answer()
            return
        self._say("Checking…", "")
        self._run(Task(answer_job, self.coach, typed, name="practice-answer"), self._marked)

    def take_hint(self) -> None:
        """The next rung of the hint ladder; the fourth is the worked solution."""
        if self.problem is None or self.task is not None or self.hint_level >= LAST_HINT:
            return
        self.hint_wait.show()
        task = Task(hint_job, self.coach, self.main.model, name="practice-hint")
        self._run(task, self._hinted)

    def _enter(self) -> None:
        """Enter checks the answer; once it is right, Enter brings the next problem."""
        if self.solved:
            self.next_problem()
        else:
            self.check()

    def _run(self, task: Task, shown: Any) -> None:
        coach = self.coach
        self.task = task

        def done(value: Any) -> None:
            if coach is self.coach and task is self.task:  # else: reset meanwhile, dropped
                self.task = None
                shown(value)
                self._after_task()

        def failed(error: BaseException) -> None:
            if coach is self.coach and task is self.task:
                self.task = None
                message = self.main.describe_error(error)
                self.status.setText("")
                self._say(message, "wrong")
                self.failed.emit(message)
                self._after_task()

        self._update()
        self.main.run_task(task, done, failed)

    def _after_task(self) -> None:
        self.hint_wait.hide()
        self._update()
        if self.pending:
            self.pending = False
            self.next_problem()

    # -- results ------------------------------------------------------------------------
    def _show_problem(self, shown: Shown) -> None:
        self._clear_problem()
        self.problem, self.band = shown.problem, shown.band
        self.status.setText("")
        self.question_label.setText(readable(shown.problem.question))
        self._show_band()
        self.card.show()
        self._update()
        self._focus_answer()
        self.problem_shown.emit()

    def _marked(self, marked: Marked) -> None:
        if not marked.read:  # not an answer the checker can read: nothing counted or recorded
            reason = html.escape(readable(marked.verdict.reason))
            self._say(f"<b>That could not be read</b> ({reason}). Write it again.", "wrong")
            self.answer_edit.selectAll()
            self._focus_answer()
            return
        self.answered += 1
        self.right += marked.right
        self.counter.setText(f"{self.right} right of {self.answered} this session")
        before = self.band
        if marked.state is not None:
            self.band = marked.state.band
        skill = name_of(self.problem.skill) if self.problem is not None else ""
        moved = f"{before} → {self.band}" if before != self.band else self.band
        standing = html.escape(f"{skill}: {moved}")
        if marked.right:
            self.solved = True
            self.answer_edit.setReadOnly(True)
            less = " (after the worked solution, so it counts less)"
            counts = less if self.hint_level >= LAST_HINT else ""
            self._say(f"<b>Right!</b>{counts} {standing}. Press Enter for the next problem.",
                      "right")  # fmt: skip
        else:
            said = marked.verdict.reason or "not the answer"
            reason = html.escape(readable(REASONS.get(said, said)))
            offer = "Try again, or <a href='hint'>take a hint</a>."
            if self.hint_level >= LAST_HINT:
                offer = "Try again: the worked solution is below."
            self._say(f"<b>Not right:</b> {reason}. {offer}", "wrong")
            self.answer_edit.selectAll()
        self._show_band()
        self._focus_answer()
        self.marked.emit(marked.right)

    def _hinted(self, hint: Hint | None) -> None:
        if hint is None:  # past the top (the coach's count and the page's agree otherwise)
            self.hint_level = LAST_HINT
            self._say("No more hints: the worked solution is the last.", "")
            return
        self.hint_level = hint.level
        card = QFrame()
        card.setObjectName("practice_hint")
        title = _label("practice_hint_title", f"Hint {hint.level} of {LAST_HINT} · {hint.name}")
        text = _label("practice_hint_text", readable(hint.text))
        inside = QVBoxLayout(card)
        inside.setContentsMargins(0, 2, 0, 2)
        inside.addWidget(title)
        inside.addWidget(text)
        self.hint_layout.insertWidget(self.hint_layout.indexOf(self.hint_wait), card)
        self.hint_cards.append(card)
        self.hint_titles.append(title)
        self.hint_texts.append(text)
        self.note.setVisible(hint.level >= LAST_HINT)
        self._focus_answer()
        self.hint_shown.emit(hint.level)

    # -- what is shown ------------------------------------------------------------------
    def _focus_answer(self) -> None:
        if self.isVisible():  # a result that arrives after the student left keeps their focus
            self.answer_edit.setFocus()

    def _ready(self) -> bool:
        return self.main.store is not None and self.main.student is not None

    def _clear_problem(self) -> None:
        self.problem, self.hint_level, self.solved = None, 0, False
        for card in self.hint_cards:
            card.deleteLater()
        self.hint_cards, self.hint_titles, self.hint_texts = [], [], []
        self.hint_wait.hide()
        self.note.hide()
        self.card.hide()
        self.answer_edit.clear()
        self.answer_edit.setReadOnly(False)
        self._say("", "")

    def _show_band(self) -> None:
        if self.problem is not None:
            self.skill_label.setText(f"{name_of(self.problem.skill)} · {self.band}")

    def _say(self, text: str, tone: str) -> None:
        """Feedback under the answer: rich text (escaped by the caller), coloured by tone."""
        self.feedback.setText(text)
        if self.feedback.property("tone") != tone:
            self.feedback.setProperty("tone", tone)
            self.feedback.style().unpolish(self.feedback)
            self.feedback.style().polish(self.feedback)

    def _update(self) -> None:
        """Enable what can act now; say why nothing can when no student or database."""
        ready, idle = self._ready(), self.task is None
        if not ready:
            self.status.setText(NO_STORE if self.main.store is None else NO_STUDENT)
        elif self.status.text() in (NO_STORE, NO_STUDENT):
            self.status.setText("")
        self.status.setVisible(bool(self.status.text()))
        has_problem = ready and self.problem is not None
        self.skill_box.setEnabled(ready)
        self.answer_edit.setEnabled(has_problem)
        self.check_button.setEnabled(has_problem and idle and not self.solved)
        self.hint_button.setEnabled(has_problem and idle and not self.solved
                                    and self.hint_level < LAST_HINT)  # fmt: skip
        self.next_button.setEnabled(ready and idle)
