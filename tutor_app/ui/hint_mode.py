"""Hints mode in the chat: a question gets a nudge first; "Next hint" climbs the ladder, and its
last rung is the verified worked solution (the Explain answer). Every hint taken is recorded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from tutor_app.errors import TutorError
from tutor_app.ui.tasks import Task
from tutor_app.ui.transcript import TUTOR, USER

if TYPE_CHECKING:
    from tutor_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LAST_HINT = 3  # after the next step, the next rung is the worked solution


@dataclass
class Given:
    """A hint as the chat shows it, and where it was saved."""

    level: int
    text: str  # Markdown, with the rung's name in bold
    session_id: str | None
    store_error: str = ""


def hint_job(
    question: str, level: int, ladder: Any, model: Any, store: Any, student_id: str | None,
    session_id: str | None, seed: int,
) -> tuple[Any, Given]:  # fmt: skip
    """Read the question (once), write the hint at this level, and save it with its evidence."""
    from tutor_app.engine.discovery import is_starter_model
    from tutor_app.tutor import hints

    if ladder is None:
        ladder = hints.prepare(question)
    found = hints.hint(ladder, level, model, seed=seed,
                       cas_first=is_starter_model(getattr(model, "model_path", None)))  # fmt: skip
    if found is None:
        raise TutorError(
            "The computer algebra system cannot read this question, and no model is loaded to "
            "give a hint. Try Explain, or load a model."
        )
    text = f"**Hint {level} of 4 · {found.name}**\n\n{found.text}"
    given = Given(level, text, session_id)
    if store is not None and student_id is not None:
        try:
            given.session_id = save_hint(store, student_id, session_id, question, ladder, given)
        except TutorError as exc:
            given.store_error = f"This hint was not saved: {exc}"
    return ladder, given


def save_hint(store: Any, student_id: str, session_id: str | None, question: str, ladder: Any,
              given: Given) -> str:  # fmt: skip
    """Keep the hint in the session (the question too, on the first rung) and as evidence."""
    from tutor_app.store.records import EvidenceRecord
    from tutor_app.tutor.progress import record
    from tutor_app.tutor.skills import skill_of

    if session_id is None:
        session_id = store.start_session(student_id, question[:200])
    if given.level == 1:
        store.add_message(session_id, "user", question)
    store.add_message(session_id, "assistant", given.text)
    skill = skill_of(ladder.truth.skill)
    record(store, EvidenceRecord(student_id, skill, "hint", question, hint_level=given.level,
                                 session_id=session_id))  # fmt: skip
    return str(session_id)


def bottom_out_job(store: Any, student_id: str, session_id: str | None, question: str,
                   ladder: Any) -> None:  # fmt: skip
    """Record that the full worked solution was asked for (the fourth rung)."""
    from tutor_app.store.records import EvidenceRecord
    from tutor_app.tutor.progress import record
    from tutor_app.tutor.skills import skill_of

    skill = skill_of(ladder.truth.skill) if ladder is not None else "general"
    record(store, EvidenceRecord(student_id, skill, "hint", question, hint_level=4,
                                 session_id=session_id))  # fmt: skip


class HintMode(QObject):
    """The hint ladder for the question asked last in Hints mode."""

    hint_shown = Signal(int)  # the level just shown
    busy_changed = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.question: str | None = None
        self.level = 0
        self.ladder: Any = None
        self.task: Task | None = None

    @property
    def busy(self) -> bool:
        """Whether a hint is being written now."""
        return self.task is not None

    def ask(self, text: str) -> bool:
        """Start a new ladder for a question: its first hint; False when it cannot start."""
        from tutor_app.tutor.pipeline import validate_question

        w = self.window
        if self.busy or w.conversation.busy:
            w.notice.show_message("Wait for this answer, or press Stop (Esc).", error=False)
            return False
        try:
            question = validate_question(text)
        except TutorError as exc:
            w.notice.show_message(str(exc))
            return False
        self.question, self.level, self.ladder = question, 0, None
        w.transcript.add(USER, question)
        w.chat.render_now()
        self.next_hint()
        return True

    def next_hint(self) -> None:
        """The next rung: a hint, or after the next step the verified worked solution."""
        w = self.window
        if self.question is None or self.busy or w.conversation.busy:
            return
        if self.level >= LAST_HINT:
            self._bottom_out()
            return
        student_id = w.student.id if w.student is not None else None
        task = Task(
            hint_job, self.question, self.level + 1, self.ladder, w.model, w.store, student_id,
            w.conversation.session_id, w.conversation.seed + self.level, name="hint",
        )  # fmt: skip
        self.task = task
        self.busy_changed.emit(True)
        w.run_task(task, self._shown, self._failed)

    def _shown(self, result: tuple[Any, Given]) -> None:
        self.task = None
        self.busy_changed.emit(False)
        self.ladder, given = result
        self.level = given.level
        w = self.window
        w.conversation.session_id = given.session_id
        w.transcript.add(TUTOR, given.text)
        w.chat.render_now()
        w.solution_panel.show_message(
            f"Hint {given.level} of 4. Try the next step yourself; ask for the next hint when "
            "you need it. The worked solution, every line checked, comes last."
        )
        if given.store_error:
            w.notice.show_message(given.store_error)
        self.hint_shown.emit(given.level)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.busy_changed.emit(False)
        self.window.notice.show_message(self.window.describe_error(error))

    def _bottom_out(self) -> None:
        """The last rung: the Explain answer, checked line by line, and the rung recorded."""
        w = self.window
        question, self.question, self.level = self.question, None, 0
        if question is None:
            return
        if w.store is not None and w.student is not None:
            task = Task(bottom_out_job, w.store, w.student.id, w.conversation.session_id,
                        question, self.ladder, name="bottom-out")  # fmt: skip
            w.run_task(task, None, lambda error: log.warning("not recorded: %s", error))
        w.conversation.ask(question)
        self.hint_shown.emit(4)

    def reset(self) -> None:
        """Forget the ladder (a new session, another student)."""
        self.question, self.level, self.ladder = None, 0, None

    @property
    def next_label(self) -> str:
        """What the Next hint button does now."""
        return "Show the worked solution" if self.level >= LAST_HINT else "Next hint"
