"""What the student sees must be true: a verdict in the chat, honest badges, readable maths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tutor_app.engine.runtime import SamplingSettings
from tutor_app.store.records import AttemptRecord, StepRecord
from tutor_app.ui.solution_panel import BADGES, shown_line
from tutor_app.ui.transcript import EARLIER, NOTICE, TUTOR, VERDICT


def _ask(qtbot: Any, window: Any, question: str) -> Any:
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        window.question.setPlainText(question)
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    return done.args[0]


def _texts(window: Any) -> list[str]:
    return [label.text() for label in window.solution_panel.findChildren(QLabel)]


def _writing(window: Any) -> bool:
    """Whether some of the answer has arrived while it is still being written."""
    turn = window.transcript.streaming()
    return turn is not None and bool(turn.text)


def _headline(window: Any) -> str:
    return str(window.solution_panel.findChild(QLabel, "headline").text())


@dataclass
class WrongThenStop:
    """A model that writes a wrong solution every time.

    The bundled model cannot be made to write a wrong line on demand, so this stands in for it
    to show how earlier attempts are kept in the chat."""

    text: str = "Subtract 3: $2x = 10$\nSo $\\boxed{x = 5}$"
    name: str = "scripted"
    seeds: list[int] = field(default_factory=list)

    def stream_chat(self, messages: object, sampling: SamplingSettings | None = None) -> Any:
        self.seeds.append(sampling.seed if sampling else -1)
        return _Reply(re.findall(r"\S+\s*", self.text))


@dataclass
class _Reply:
    words: list[str]

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def cancel(self) -> None:
        self.words = []


def test_each_reply_ends_with_the_verdict_the_panel_gives(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    outcome = _ask(qtbot, window, "Differentiate x^2 sin(x)")
    turns = window.transcript.turns
    assert turns[-1].role == VERDICT and turns[-2].role == TUTOR
    assert turns[-1].text == outcome.solution.verdict()[1] == _headline(window)
    assert turns[-1].text.startswith("✔ Worked and verified by computer algebra")
    # the computer-algebra answer reads as maths, not as LaTeX source
    assert "Computer algebra answer: x (x cos(x) + 2 sin(x))" in _texts(window)
    assert not any("\\left" in text or "\\cos" in text for text in _texts(window))


def test_a_line_that_restates_gets_its_own_neutral_badge(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    window.model = WrongThenStop("We have $2x + 3 = 7$.\n$2x = 4$\n$x = 2$\nSo $\\boxed{x = 2}$")
    window.settings = replace(window.settings, retries=0)
    outcome = _ask(qtbot, window, "Solve 2x + 3 = 7")
    assert outcome.solution.worked_by == "model"
    panel = window.solution_panel
    assert panel.badges() == [BADGES[s][0] for s in ("restates", "valid", "valid", "restates")]
    assert BADGES["restates"][0] == "= restates"
    assert any(t.startswith("Checked: 2x = 4 follows from the line before") for t in _texts(window))


def test_earlier_attempts_stay_in_the_chat_folded_and_say_how_they_went(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    window.model = WrongThenStop()
    window.settings = replace(window.settings, retries=1)
    outcome = _ask(qtbot, window, "Solve 2x + 3 = 7")
    assert outcome.solution.worked_by == "cas"
    earlier = [t for t in window.transcript.turns if t.role == EARLIER]
    assert [t.title for t in earlier] == [
        "Attempt 1 had mistakes in lines 1 and 2.",
        "Attempt 2 had mistakes in lines 1 and 2.",
    ]
    assert all(t.text == WrongThenStop().text for t in earlier)
    assert not [t for t in window.transcript.turns if t.role == NOTICE]  # no "trying again"
    assert "the model's 2 solutions had mistakes or could not be checked" in " ".join(
        _texts(window)
    )


def test_a_reopened_session_shows_its_verdicts_plots_and_stops(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    _ask(qtbot, window, "Solve 2x + 3 = 7")
    with qtbot.waitSignal(window.conversation.plot_drawn, timeout=60_000):
        window.question.setPlainText("plot sin(x) from -pi to pi")
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: not window.tasks or all(t.finished for t in window.tasks), timeout=30_000
    )
    shown = [(t.role, t.text) for t in window.transcript.turns]
    window.new_session()
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    with qtbot.waitSignal(window.session_opened, timeout=30_000):
        window.history.list.itemClicked.emit(window.history.list.item(0))
    reopened = [(t.role, t.text) for t in window.transcript.turns]
    assert ("user", "plot sin(x) from -pi to pi") in reopened
    assert (NOTICE, "The plot is in the Plots tab.") in reopened
    verdicts = [text for role, text in shown if role == VERDICT]
    assert verdicts and all((VERDICT, text) in reopened for text in verdicts)


def test_the_question_picker_and_the_lines_read_as_maths_not_source(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    for problem in ("Simplify $\\frac{x^2-1}{x-1}$", "Solve $x^2 = 9$"):
        step = StepRecord(1, "#### 4", "4", "unknown", "r")
        record = AttemptRecord(window.student.id, None, problem, "algebra", "4", "4",
                               "unverifiable", 1, 0.5, "test", (step,))  # fmt: skip
        session = window.conversation.session_id
        window.conversation.session_id, _ = window.store.record_exchange(
            record, problem, "answer", session
        )
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    with qtbot.waitSignal(window.session_opened, timeout=30_000):
        window.history.list.itemClicked.emit(window.history.list.item(0))
    picker = window.solution_panel.findChild(QComboBox, "saved_question")
    items = [picker.itemText(i) for i in range(picker.count())]
    assert items[0] == "Question 1: Simplify (x²-1)/(x-1)", items
    assert all("$" not in item and "\\" not in item for item in items)
    assert shown_line("#### 4") == "4"
    assert "1. 4" in _texts(window)  # the Markdown heading mark is gone


def test_a_stopped_answer_says_it_was_stopped_and_judges_no_cut_off_line(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    question = "Explain how to solve 2x + 3 = 7 and why each step works, in detail"
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        window.question.setPlainText(question)
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: _writing(window), timeout=SOLVE_TIMEOUT_MS)
        window.conversation.stop()
    solution = done.args[0].solution
    assert solution.cancelled
    assert _headline(window).startswith("■ Stopped")
    assert window.transcript.turns[-1].text == _headline(window)
    assert "Stopped" not in [t.text for t in window.transcript.turns if t.role == NOTICE]
    assert all(s.status != "invalid" for s in solution.steps[-1:])


def test_the_panel_wraps_long_lines_instead_of_scrolling_sideways(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    window.resize(1024, 640)
    _ask(qtbot, window, "Expand (x + 1)(x + 2)(x + 3)(x + 4) - (x + 5)^2")
    panel = window.solution_panel
    assert panel.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    width = panel.viewport().width
    # once laid out, every card fits the panel's width: its long line wraps
    qtbot.waitUntil(lambda: all(0 < card.width() <= width() for card in panel.cards), timeout=5000)
    text = panel.cards[0].findChild(QLabel, "step_text")
    assert text.height() > text.fontMetrics().height() * 1.5  # it wrapped onto more lines


def test_without_a_model_the_computer_algebra_still_answers(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    window.model = None
    outcome = _ask(qtbot, window, "Solve 3x - 5 = 10")
    assert outcome.solution.worked_by == "cas" and outcome.solution.final_answer == "x = 5"
    with qtbot.waitSignal(window.conversation.answer_failed, timeout=SOLVE_TIMEOUT_MS):
        window.question.setPlainText("Explain what a prime number is, with 7 as an example")
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    assert "needs the model" in window.notice.text()
    assert window.question.toPlainText().startswith("Explain")  # nothing typed is lost


def test_a_long_question_in_the_picker_does_not_widen_the_panel(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    window.resize(1024, 640)
    long = "Solve " + " + ".join(f"{n}x" for n in range(1, 30)) + " = 7"
    session = None
    for problem in (long, "Solve 2x = 4"):
        step = StepRecord(1, "x = 2", "x = 2", "valid", "r")
        record = AttemptRecord(window.student.id, None, problem, "algebra", "x = 2", "x = 2",
                               "verified", 1, 0.5, "test", (step,))  # fmt: skip
        session, _ = window.store.record_exchange(record, problem, "answer", session)
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    with qtbot.waitSignal(window.session_opened, timeout=30_000):
        window.history.list.itemClicked.emit(window.history.list.item(0))
    panel = window.solution_panel
    assert panel.findChild(QComboBox, "saved_question") is not None
    qtbot.waitUntil(lambda: 0 < panel.widget().width() <= panel.viewport().width(), timeout=5000)
