"""The Check my work page: the student types their own working, one step per line, and each
line gets its badge in the editor's gutter as soon as typing pauses.

The check runs as a Task (never on the GUI thread); a result for text that has changed since is
not shown. The first wrong line is highlighted and its mistake named below the editor, with the
value that shows it; the model may then explain it in words, grounded in that verdict. Checked
work can be saved as evidence of the student's skill.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tutor_app.render.math_scan import readable_latex
from tutor_app.tutor.my_work import (
    LineMark,
    WorkCheck,
    check_work,
    explain_mistake,
    remembered,
    summary,
    work_evidence,
)
from tutor_app.ui.tasks import StreamTask, Task
from tutor_app.ui.theme import MUTED
from tutor_app.ui.work_editor import SPOKEN, WorkEditor, is_dark

PAUSE_MS = 600  # typing has paused: check the working
SAVED_MS = 4000  # how long "Saved to your progress" shows in the status bar
KNOWN_LIMIT = 500  # steps remembered across checks (undo brings old lines back)
INSTRUCTION = (
    "Type your working, one step per line (plain, like 2x + 3 = 7, or LaTeX). Line 1 is where "
    "you start; each line is checked against the one before as soon as you pause."
)
EXPLANATION_TITLE = "The tutor's explanation (the checker's verdict above is what counts)"
STARTER_NOTE = (
    "The starter model is very small and its explanations are often wrong; a bigger model "
    "(File > Models) explains better."
)
# (wrong, right) text colours on the window's background, light and dark themes
VERDICT_COLOURS = {False: ("#c62828", "#1b7f3b"), True: ("#ff8a80", "#7ed491")}


def save_work_job(store: Any, student_id: str, result: WorkCheck) -> None:
    """Record the checked working as the student's evidence (the skill read by the CAS)."""
    from tutor_app.tutor.progress import record

    record(store, work_evidence(student_id, result))


def _label(name: str, style: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class WorkPage(QWidget):
    """The Check my work page: the editor with its badges, the verdict, Save and Explain."""

    checked = Signal(object)  # the WorkCheck now shown (None for an empty editor)
    saved = Signal()
    explained = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.main = window
        self.result: WorkCheck | None = None  # the check of the text shown (when current)
        self.checked_text = ""
        self._known: dict[tuple[str, str], LineMark] = {}
        self._check_task: Task | None = None
        self._save_task: Task | None = None
        self._saved_text: str | None = None
        self._explain_task: Task | None = None
        self._explained_step: tuple[str, str] | None = None
        self._explanation = ""
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self.check_now)
        self._build()
        self.editor.textChanged.connect(self._typed)
        window.model_ready.connect(lambda _name: self._update_buttons())
        window.model_failed.connect(lambda _why: self._update_buttons())
        window.student_changed.connect(lambda _name: self._update_buttons())
        self._follow_font_size()
        self._stop_explaining()
        self._show("", None)

    def _build(self) -> None:
        self.instruction = _label("work_instruction", f"color: {MUTED};")
        self.instruction.setText(INSTRUCTION)
        self.editor = WorkEditor()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(2, 4, 2, 4)
        self.verdict = _label("work_summary")
        self.mistake = _label("work_mistake")
        self.reason = _label("work_reason", f"color: {MUTED};")
        self.explanation_title = _label("explanation_title", "font-weight: bold;")
        self.explanation_title.setText(EXPLANATION_TITLE)
        self.starter_note = _label("starter_note", f"color: {MUTED};")
        self.starter_note.setText(STARTER_NOTE)
        self.explanation = _label("explanation")
        for label in (self.verdict, self.mistake, self.reason, self.explanation_title,
                      self.starter_note, self.explanation):  # fmt: skip
            column.addWidget(label)
        column.addStretch(1)
        self.results = QScrollArea()
        self.results.setObjectName("work_results")
        self.results.setWidgetResizable(True)
        self.results.setFrameShape(QScrollArea.Shape.NoFrame)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setWidget(body)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.save_button = QPushButton("Save my work")
        self.save_button.setObjectName("save_work")
        self.save_button.setToolTip("Keep this checked working in your progress")
        self.save_button.clicked.connect(self.save)
        self.explain_button = QPushButton("Explain my mistake")
        self.explain_button.setObjectName("explain_mistake")
        self.explain_button.setToolTip("The model explains the first wrong line in words")
        self.explain_button.clicked.connect(self.explain)
        self.status = _label("work_status", f"color: {MUTED};")
        self.status.setWordWrap(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.explain_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.instruction)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

    # -- the mode ---------------------------------------------------------
    def activate(self) -> None:
        """The student switched to this mode: the cursor is in the working."""
        self._update_buttons()
        self.editor.setFocus()

    def reset(self) -> None:
        """A new session or another student: an empty editor, no badges, no verdict."""
        self._stop_explaining()
        self.editor.clear()
        self._pause.stop()
        self._saved_text = None
        self._show("", None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """A new font size: the working follows it, as large as a question. A new theme: the
        verdict in its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._follow_font_size()
        elif event.type() == QEvent.Type.PaletteChange:
            self._show_verdict(self.result)

    def _follow_font_size(self) -> None:
        rule = f"font-size: {self.main.settings.font_size}px;"
        if self.editor.styleSheet() != rule:  # setting it again would change the font again
            self.editor.setStyleSheet(rule)

    # -- checking ---------------------------------------------------------
    def _typed(self) -> None:
        self._pause.start()  # restarted by every edit: the check waits for a pause
        self._update_buttons()

    def check_now(self) -> None:
        """Check the working typed now, in the background (one check at a time)."""
        self._pause.stop()
        if self._check_task is not None:  # when it ends, the newer text is checked
            return
        text = self.editor.working_text()
        if not text.strip():
            self._show(text, None)
            return
        self.status.setText("Checking…")
        task = Task(check_work, text, known=dict(self._known), name="check-work")
        self._check_task = task
        self.main.run_task(task, lambda result: self._checked(text, result), self._check_failed)

    def _checked(self, text: str, result: WorkCheck) -> None:
        self._check_task = None
        if len(self._known) > KNOWN_LIMIT:
            self._known = {}
        self._known.update(remembered(result))
        if text != self.editor.working_text():  # typed meanwhile: check the new text
            if not self._pause.isActive():
                self.check_now()
            return
        self.status.setText("")
        self._show(text, result)

    def _check_failed(self, error: BaseException) -> None:
        self._check_task = None
        self.status.setText("")
        self.main.notice.show_message(
            f"Your working could not be checked. {self.main.describe_error(error)}"
        )

    def _show(self, text: str, result: WorkCheck | None) -> None:
        """Show a check of the text in the editor now: badges, highlight and the verdict."""
        self.result, self.checked_text = result, text
        self.editor.set_marks(result.lines if result is not None else [])
        self._show_verdict(result)
        if _wrong_step(result) != self._explained_step:
            self._stop_explaining()
        self._update_buttons()
        self.editor.setAccessibleDescription(_spoken(result))
        self.checked.emit(result)

    def _show_verdict(self, result: WorkCheck | None) -> None:
        wrong_colour, right_colour = VERDICT_COLOURS[is_dark(self)]
        if result is None:
            said, colour = "Type your working, one step per line.", MUTED
        elif result.first_wrong is not None:
            said, colour = f"✘ {summary(result)}", wrong_colour
        elif result.correct:
            said, colour = f"✔ {summary(result)} Each line is confirmed.", right_colour
        else:
            said, colour = summary(result), MUTED
        self.verdict.setText(said)
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        mark = _first_wrong(result)
        if mark is None:
            self.mistake.clear()
            self.reason.clear()
        else:
            words = mark.mistake_words or readable_latex(mark.reason)
            shown_by = (
                f" Try it: {readable_latex(mark.counterexample)}." if mark.counterexample else ""
            )
            self.mistake.setText(f"Line {mark.line}: {words}.{shown_by}")
            self.mistake.setStyleSheet(f"color: {wrong_colour};")
            self.reason.setText(f"The checker: {readable_latex(mark.reason)}.")
        self.mistake.setVisible(mark is not None)
        self.reason.setVisible(mark is not None)

    def _current(self) -> WorkCheck | None:
        """The check shown, when it is for the text in the editor now."""
        if self.result is None or self.checked_text != self.editor.working_text():
            return None
        return self.result

    def _update_buttons(self) -> None:
        result = self._current()
        w = self.main
        can_save = (result is not None and bool(result.lines) and w.store is not None
                    and w.student is not None and self._save_task is None
                    and self._saved_text != self.checked_text)  # fmt: skip
        self.save_button.setEnabled(can_save)
        can_explain = (_first_wrong(result) is not None and w.model is not None
                       and self._explain_task is None)  # fmt: skip
        self.explain_button.setEnabled(can_explain)

    # -- saving -----------------------------------------------------------
    def save(self) -> None:
        """Record the checked working as the student's evidence (once for each text)."""
        result = self._current()
        if not self.save_button.isEnabled() or result is None:
            return
        text = self.checked_text
        task = Task(save_work_job, self.main.store, self.main.student.id, result, name="save-work")
        self._save_task = task
        self._update_buttons()
        self.main.run_task(task, lambda _none: self._saved(text), self._save_failed)

    def _saved(self, text: str) -> None:
        self._save_task, self._saved_text = None, text
        self._update_buttons()
        self.main.statusBar().showMessage("Saved to your progress", SAVED_MS)
        self.saved.emit()

    def _save_failed(self, error: BaseException) -> None:
        self._save_task = None
        self._update_buttons()
        self.main.notice.show_message(
            f"Your working was not saved. {self.main.describe_error(error)}"
        )

    # -- the model's explanation --------------------------------------------
    def explain(self) -> None:
        """Ask the model to explain the first wrong line in words (streamed in below)."""
        result = self._current()
        if not self.explain_button.isEnabled() or result is None:
            return
        self._explained_step, self._explanation = _wrong_step(result), ""
        from tutor_app.engine.discovery import is_starter_model

        self.explanation_title.show()
        self.starter_note.setVisible(is_starter_model(getattr(self.main.model, "model_path", None)))
        self.explanation.setText("Writing…")
        self.explanation.show()
        task = StreamTask(explain_mistake, self.main.model, result, name="explain-mistake")
        task.on_piece(lambda piece: self._explain_piece(task, piece))
        self._explain_task = task
        self._update_buttons()
        self.main.run_task(task, lambda text: self._explained(task, text),
                           lambda error: self._explain_failed(task, error))  # fmt: skip

    def _explain_piece(self, task: Task, piece: str) -> None:
        if task is self._explain_task and not self.main.closing:
            self._explanation += piece
            self.explanation.setText(self._explanation.strip() or "Writing…")

    def _explained(self, task: Task, text: str) -> None:
        if task is not self._explain_task:  # the working changed meanwhile
            return
        self._explain_task = None
        self.explanation.setText(text or "The model wrote nothing; the checker's verdict stands.")
        self._update_buttons()
        self.explained.emit(text)

    def _explain_failed(self, task: Task, error: BaseException) -> None:
        if task is not self._explain_task:
            return
        self._explain_task = None
        self.explanation.setText(f"No explanation: {self.main.describe_error(error)}")
        self._update_buttons()

    def _stop_explaining(self) -> None:
        """The verdict explained is no longer on show: stop and hide the explanation."""
        if self._explain_task is not None:
            self._explain_task.cancel()
        self._explain_task, self._explained_step, self._explanation = None, None, ""
        self.explanation_title.hide()
        self.starter_note.hide()
        self.explanation.clear()
        self.explanation.hide()

    def badges(self) -> dict[int, str]:
        """Row -> the badge on show in the gutter (for tests and screenshots)."""
        return self.editor.badges()


def _first_wrong(result: WorkCheck | None) -> LineMark | None:
    if result is None or result.first_wrong is None:
        return None
    return result.lines[result.first_wrong - 1]


def _wrong_step(result: WorkCheck | None) -> tuple[str, str] | None:
    """The first wrong step's two lines: an explanation is about this step."""
    mark = _first_wrong(result)
    if result is None or mark is None:
        return None
    return result.lines[mark.line - 2].text, mark.text


def _spoken(result: WorkCheck | None) -> str:
    """Every line's verdict, for a screen reader (the gutter is painted)."""
    if result is None or not result.lines:
        return summary(result) if result is not None else "No working yet."
    said = [f"Line {m.line} {SPOKEN[m.status]}" for m in result.lines[1:]]
    return "; ".join([summary(result), *said])
