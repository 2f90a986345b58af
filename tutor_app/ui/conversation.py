"""Asking a question: validate, stream the reply into the chat, show the checked solution."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from tutor_app.errors import TutorError
from tutor_app.render.plot_request import INEQUALITY_LABEL
from tutor_app.tutor.solution import CAS_LABEL, CAS_SAMPLE
from tutor_app.ui.jobs import SolveOutcome, note_job, solve_job
from tutor_app.ui.tasks import StreamTask, Task
from tutor_app.ui.transcript import EARLIER, NOTICE, TUTOR, USER, VERDICT, VERDICT_KINDS

if TYPE_CHECKING:
    from tutor_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

_PLOT_WORDS = re.compile(
    r"^\s*(?:(?:please|can you|could you|now)\s+)*(?:plot|graph|draw|sketch)\b", re.IGNORECASE
)


def earlier_attempts(solution: Any) -> list[tuple[str, str]]:
    """(title, text) of each solution tried before the one shown, in the order written."""
    shown = []
    for number, sample in enumerate(solution.samples, 1):
        if sample is not solution.chosen and sample.author == "model":
            shown.append((f"Attempt {number} {sample.summary()}.", sample.text))
    return shown


def plot_job(text: str) -> Any:
    """A matplotlib Figure for a plot request, or None when the text is not one."""
    from tutor_app.render.plots import function_plot, plot_request

    spec = plot_request(text)
    if spec is None:
        return None
    import matplotlib.backends.backend_qtagg  # noqa: F401  (imported here, not on the GUI thread)

    return function_plot(spec)


def equation_plot_job(question: str) -> Any:
    """The graph of both sides of a question's equation (solutions marked) or inequality
    (where it holds shaded), or None."""
    from tutor_app.render import plots

    equation = plots.equation_request(question)
    inequality = plots.inequality_request(question) if equation is None else None
    if equation is None and inequality is None:
        return None
    import matplotlib.backends.backend_qtagg  # noqa: F401  (imported here, not on the GUI thread)

    if equation is not None:
        return plots.equation_plot(*equation)
    assert inequality is not None
    return plots.inequality_plot(*inequality)


class Conversation(QObject):
    """The current session's questions and answers, and the one solve running at a time."""

    answer_finished = Signal(object)  # SolveOutcome
    answer_failed = Signal(str)
    busy_changed = Signal(bool)
    plot_drawn = Signal(object)  # Figure
    equation_plotted = Signal(object)  # Figure drawn after a solve, or None when there was none

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.transcript = window.transcript
        self.task: Task | None = None
        self.session_id: str | None = None
        self.last_question: str | None = None
        self.seed = 0
        self._sample = 0
        self._sample_count = 0
        self._asked: Any = None  # the question turn of the solve running now

    @property
    def busy(self) -> bool:
        """Whether a question is being answered now."""
        return self.task is not None

    def ask(self, text: str) -> bool:
        """Start answering a question; False (input kept, notice shown) when it cannot start."""
        from tutor_app.tutor.pipeline import validate_question

        w = self.window
        if self.busy:
            w.notice.show_message("Wait for this answer, or press Stop (Esc).", error=False)
            return False
        try:
            question = validate_question(text)
        except TutorError as exc:
            w.notice.show_message(str(exc))
            return False
        if _PLOT_WORDS.match(question):
            self._start_plot(question)
            return True
        # Without a model the computer algebra system may still write the solution itself.
        self._start_solve(question)
        return True

    def _start_plot(self, question: str) -> None:
        self.transcript.add(USER, question)
        self.window.chat.render_now()
        self._set_task(Task(plot_job, question, name="plot"))
        assert self.task is not None
        self.task.on_done(lambda figure: self._plotted(question, figure))
        self.task.on_error(self._plot_failed)
        self.task.start()

    def _plotted(self, question: str, figure: Any) -> None:
        self._set_task(None)
        if self.window.closing:
            return
        if figure is None:  # "draw a triangle…": not a plot after all, so solve it
            self.transcript.remove(self.transcript.turns[-1])
            if self.window.model is None:
                self.window.explain_missing_model()
                self.window.restore_question(question)
                return
            self._start_solve(question)
            return
        self.transcript.add(NOTICE, "The plot is in the Plots tab.")
        self.window.chat.render_now()
        self.plot_drawn.emit(figure)
        self._keep(question, ["The plot is in the Plots tab."])

    def _plot_failed(self, error: BaseException) -> None:
        self._set_task(None)
        if self.window.closing:
            return
        message = str(error) if isinstance(error, ValueError) else "That plot could not be drawn."
        self.transcript.add(NOTICE, message)
        self.window.chat.render_now()
        self.window.notice.show_message(message)

    def _start_solve(self, question: str) -> None:
        w = self.window
        self.last_question = question
        self._sample = 0
        self._sample_count = 0
        self._asked = self.transcript.add(USER, question)
        self.transcript.start_reply()
        w.chat.render_next()
        w.solution_panel.show_message("Writing a solution… each line is checked when it is done.")
        student_id = w.student.id if w.student is not None else None
        task = StreamTask(
            solve_job, question, w.model, w.store, student_id, self.session_id, w.settings,
            self.seed, name="solve",
        )  # fmt: skip
        task.on_piece(self._piece).on_done(self._solved).on_error(self._failed)
        self._set_task(task)
        task.start()

    def _set_task(self, task: Task | None) -> None:
        self.task = task
        self.busy_changed.emit(task is not None)

    def _piece(self, item: tuple[int, str]) -> None:
        if self.window.closing:
            return
        sample, piece = item
        if sample == CAS_SAMPLE:
            self._sample = sample
            note = (
                "The model's solutions had mistakes, so here is one the computer algebra "
                "system worked out; every line is checked."
                if self._sample_count
                else ""
            )
            if note:
                self.transcript.restart_reply(note)
            self.transcript.append(f"{CAS_LABEL}\n\n{piece}")
            self.window.chat.schedule()
            return
        self._sample_count = max(self._sample_count, sample + 1)
        if sample != self._sample:
            self._sample = sample
            if sample > 0:
                self.transcript.restart_reply(
                    f"The checker found a mistake, so the tutor is trying again (try {sample + 1})."
                )
            self.window.solution_panel.show_message(f"Checking… writing solution {sample + 1}.")
        self.transcript.append(piece)
        self.window.chat.schedule()

    def _solved(self, outcome: SolveOutcome) -> None:
        self._set_task(None)
        if self.window.closing:
            return
        solution = outcome.solution
        self._fold_earlier_attempts(solution)
        self.transcript.finish_reply(solution.shown_text, outcome.answer_html)
        self.transcript.add(VERDICT, solution.verdict()[1])  # the panel's headline, in the chat
        self.window.chat.render_now()
        self.window.solution_panel.show_solution(solution)
        self.session_id = outcome.session_id
        if outcome.store_error:
            self.window.notice.show_message(outcome.store_error)
        if solution.task == "solve" and not solution.cancelled:
            self._plot_equation(solution.problem)
        self.answer_finished.emit(outcome)

    def _keep(self, question: str | None, notes: list[str]) -> None:
        """Save what the chat said outside a worked solution (a plot), so a reopened session
        shows it too; a plot asked first starts the session."""
        w = self.window
        if w.store is None or w.student is None or (question is None and self.session_id is None):
            return
        task = Task(
            note_job, w.store, w.student.id, self.session_id, question, notes, name="note"
        )  # fmt: skip
        w.run_task(task, self._kept, lambda error: log.warning("not saved: %s", error))

    def _kept(self, session_id: str) -> None:
        if self.session_id is None:
            self.session_id = session_id

    def _fold_earlier_attempts(self, solution: Any) -> None:
        """The solutions tried before the one shown stay in the chat, folded, each saying how
        it went ("Attempt 1 had a mistake in line 3"), instead of vanishing."""
        asked = (
            self.transcript.turns.index(self._asked) if self._asked in self.transcript.turns else -1
        )
        for turn in [t for t in self.transcript.turns[asked + 1 :] if t.role == NOTICE]:
            self.transcript.remove(turn)  # the "trying again" notes while it was written
        for title, text in earlier_attempts(solution):
            self.transcript.add_before_reply(EARLIER, text, title)

    def _plot_equation(self, question: str) -> None:
        """Draw the equation's two sides in the Plots tab, without leaving the chat."""
        task = Task(equation_plot_job, question, name="equation-plot")
        asked_in = len(self.transcript.turns), self.session_id
        self.window.run_task(
            task,
            lambda figure: self._equation_plotted(figure, asked_in),
            self._equation_plot_failed,
        )

    def _equation_plotted(self, figure: Any, asked_in: tuple[int, str | None]) -> None:
        # A graph arriving after a new session or another question began belongs to nothing shown.
        if (len(self.transcript.turns), self.session_id) != asked_in or self.busy:
            figure = None
        if figure is not None:
            self.window.plots.show_figure(figure)
            kind = "inequality" if figure.get_label() == INEQUALITY_LABEL else "equation"
            self.transcript.add(NOTICE, f"The graph of this {kind} is in the Plots tab.")
            self.window.chat.render_now()
            self._keep(None, [f"The graph of this {kind} is in the Plots tab."])
        self.equation_plotted.emit(figure)

    def _equation_plot_failed(self, error: BaseException) -> None:
        # Not every equation can be drawn (no real values in range); the answer stands without it.
        log.info("no equation plot: %s", error)
        self.equation_plotted.emit(None)

    def _failed(self, error: BaseException) -> None:
        self._set_task(None)
        if self.window.closing:
            return
        self.transcript.drop_reply()
        question = self.transcript.last(USER)
        if question is not None:
            self.transcript.remove(question)
            self.window.restore_question(question.text)
        self.window.chat.render_now()
        self.window.solution_panel.show_message("No solution this time.")
        message = self.window.describe_error(error)
        if self.window.model is None:  # the CAS could not answer it alone: a model is needed
            self.window.explain_missing_model()
        else:
            self.window.notice.show_message(message)
        self.answer_failed.emit(message)

    def stop(self) -> None:
        """Stop the answer being written (Esc); the lines so far are still checked."""
        if self.task is not None:
            self.task.cancel()

    def regenerate(self) -> bool:
        """Ask the last question again with a new seed (a different solution)."""
        if self.last_question is None or self.busy:
            return False
        self.seed += 1
        return self.ask(self.last_question)

    def new_session(self) -> None:
        """Start a fresh session (Ctrl+N): an empty chat; the next question starts a new record."""
        self.stop()
        self.transcript.clear()
        self.session_id = None
        self.last_question = None
        self.window.chat.render_now()
        self.window.solution_panel.show_message("New session. Ask a question.")

    def show_stored(self, session_id: str, messages: list[tuple[str, str]]) -> None:
        """Show a past session; new questions continue it."""
        self.transcript.clear()
        for role, content in messages:
            if role == "system":  # a verdict line, an earlier attempt, a plot or a stop
                kind = VERDICT if content[:1] in VERDICT_KINDS else NOTICE
                self.transcript.add(kind, content)
            else:
                self.transcript.add(USER if role == "user" else TUTOR, content)
        self.session_id = session_id
        users = [content for role, content in messages if role == "user"]
        self.last_question = users[-1] if users else None
        self.window.chat.render_now()

    def last_answer(self) -> str:
        """The newest finished answer's text, for Copy."""
        turn = self.transcript.last(TUTOR)
        return turn.text if turn is not None else ""
