"""Asking questions in the window: streaming, verdict badges, Stop, bad input, history, plots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tutor_app.store.records import AttemptRecord, StepRecord
from tutor_app.ui.solution_panel import BADGES
from tutor_app.ui.transcript import LIVE_ID


def _streamed(window: Any) -> bool:
    """Whether some of the answer has arrived while it is still being written."""
    turn = window.transcript.streaming()
    return turn is not None and bool(turn.text)


def _live_text(window: Any, seen: list[str]) -> bool:
    """Ask the page for the reply in progress; True once it has shown some (or it finished)."""
    if window.transcript.streaming() is None:
        return True
    script = f"(document.getElementById('{LIVE_ID}') || {{}}).textContent || ''"
    window.chat._web.page().runJavaScript(script, 0, seen.append)
    return any(text.strip() for text in seen)


def _ask(qtbot: Any, window: Any, question: str) -> None:
    window.question.setPlainText(question)
    qtbot.keyClick(window.question, Qt.Key.Key_Return)


def test_a_question_streams_into_the_chat_and_every_step_gets_a_badge(
    qtbot: Any, make_window: Any, choose_student: Any
) -> None:
    window = make_window(typeset=True)
    choose_student(window, "Ada")
    qtbot.waitUntil(lambda: window.chat._web is not None, timeout=1000)
    renders = window.chat.render_count
    page_loads: list[bool] = []
    window.chat._web.loadFinished.connect(page_loads.append)
    live_texts: list[str] = []
    question = "Solve 2x + 3 = 7 and explain each step in words"  # no CAS task: the model writes
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        _ask(qtbot, window, question)
        assert window.question.toPlainText() == ""  # sent: the box is free for the next one
        qtbot.waitUntil(lambda: _streamed(window), timeout=SOLVE_TIMEOUT_MS)
        # While it is written, the growing reply is shown in the page, not held back.
        qtbot.waitUntil(lambda: _live_text(window, live_texts), timeout=SOLVE_TIMEOUT_MS)
    outcome = done.args[0]
    assert outcome.store_error is None and outcome.session_id is not None
    live_updates = window.chat.render_count - renders - len(page_loads)
    # The page is rebuilt when a turn begins or ends; streamed pieces only update the reply.
    assert len(page_loads) <= 3 and live_updates >= 1
    assert any(text.strip() for text in live_texts)
    answer = window.conversation.last_answer()
    assert answer.strip() and answer == outcome.solution.shown_text
    assert question in window.chat.plain_text()
    panel = window.solution_panel
    assert len(panel.cards) == len(outcome.solution.steps) >= 1
    assert set(panel.badges()) <= {badge for badge, *_ in BADGES.values()}
    for card, step in zip(panel.cards, outcome.solution.steps):
        assert card.status == step.status
    label = panel.findChild(type(panel.cards[0].badge), "cas_answer").text()
    assert label.endswith("(the computer could not work this one out)")
    # the typeset page shows the same conversation
    qtbot.waitUntil(lambda: window.chat._web is not None, timeout=1000)
    texts: list[str] = []
    window.chat._web.page().toPlainText(texts.append)
    qtbot.waitUntil(lambda: bool(texts), timeout=30_000)
    assert "Solve 2" in texts[0]


def test_the_starter_model_shows_the_cas_solution_labelled_as_such(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        _ask(qtbot, window, "Solve 2x + 3 = 7")
    solution = done.args[0].solution
    assert solution.worked_by == "cas" and solution.status == "verified"
    assert "Worked by the computer algebra system (SymPy)" in window.chat.plain_text()
    panel = window.solution_panel
    assert panel.badges() == [BADGES["valid"][0]] * len(solution.steps)
    texts = [label.text() for label in panel.findChildren(type(panel.cards[0].badge))]
    assert "Worked by the computer algebra system (SymPy)." in texts
    assert any(t.startswith("Computer algebra answer: ") and t.endswith("2") for t in texts)


def test_stop_cancels_the_answer(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        _ask(qtbot, window, "Explain step by step how to solve 3x - 5 = 10 and check the answer")
        qtbot.waitUntil(lambda: _streamed(window), timeout=SOLVE_TIMEOUT_MS)
        assert window.stop_button.isEnabled() and not window.send_button.isEnabled()
        qtbot.keyClick(window.question, Qt.Key.Key_Escape)
    assert done.args[0].solution.cancelled
    assert "Stopped" in window.chat.plain_text()
    assert window.send_button.isEnabled() and not window.stop_button.isEnabled()
    assert window.regenerate_button.isEnabled()


def test_a_bad_question_shows_a_message_and_keeps_the_input(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    _ask(qtbot, window, "hello there, how are you")
    assert "does not look like a maths question" in window.notice.text()
    assert window.question.toPlainText() == "hello there, how are you"
    assert window.conversation.task is None
    window.question.moveCursor(window.question.textCursor().MoveOperation.End)
    qtbot.keyClick(window.question, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.question.toPlainText().endswith("\n")  # Shift+Enter: a new line, not sent


def test_history_search_finds_a_past_session(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    for problem in ("Solve 2x + 3 = 7", "Factorise x^2 - 9", "Simplify (x^2 - 1)/(x - 1)"):
        record = AttemptRecord(
            window.student.id, None, problem, "algebra", "x", "x", "verified", 1, 0.5, "test",
            (StepRecord(1, "x = 2", "x = 2", "valid", "same solutions"),),
        )  # fmt: skip
        window.store.record_exchange(record, problem, f"Worked answer to {problem}")
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    assert len(window.history.shown_titles()) == 3
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.history.search.hasFocus()
    # One search once typing pauses, in the database (full-text), not one per key.
    with qtbot.waitSignal(window.history.search_requested, timeout=30_000) as asked:
        qtbot.keyClicks(window.history.search, "factoris")
    assert asked.args == ["factoris"]
    qtbot.waitUntil(lambda: window.history.shown_titles() == ["Factorise x^2 - 9"],
                    timeout=60_000)  # fmt: skip
    window.history.search.setText("worked answer simplify")  # words from the reply count too
    qtbot.waitUntil(lambda: window.history.shown_titles() == ["Simplify (x^2 - 1)/(x - 1)"],
                    timeout=60_000)  # fmt: skip
    window.history.search.setText("no such words")
    qtbot.waitUntil(lambda: window.history.shown_titles() == [], timeout=60_000)
    assert "No session mentions" in window.history.empty.text()
    window.history.search.setText("simplify")
    qtbot.waitUntil(lambda: window.history.shown_titles() == ["Simplify (x^2 - 1)/(x - 1)"],
                    timeout=60_000)  # fmt: skip
    window.history.list.itemClicked.emit(window.history.list.item(0))
    qtbot.waitUntil(lambda: "Worked answer to Simplify" in window.chat.plain_text(),
                    timeout=30_000)  # fmt: skip
    assert window.conversation.last_question == "Simplify (x^2 - 1)/(x - 1)"


def test_opening_a_past_session_shows_its_checked_solutions(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    right = AttemptRecord(
        window.student.id, None, "Solve 2x = 4", "linear-equations", "x = 2", "2", "verified",
        1, 0.5, "test", (StepRecord(1, "x = 4/2 = 2", "x = 2", "valid", "same solutions"),),
        answer_status="equivalent",
    )  # fmt: skip
    wrong = AttemptRecord(
        window.student.id, None, "Solve x^2 = 9", "quadratic-equations", "x = 3", "x = -3, 3",
        "contradicted", 3, 4.0, "test",
        (
            StepRecord(1, "x^2 = 9", "x^2 = 9", "valid", "the question"),
            StepRecord(2, "x = 3", "x = 3", "invalid", "loses a solution", "x = -3"),
        ),
        answer_status="not_equivalent", answer_reason="x = -3 is missing",
    )  # fmt: skip
    session_id, _ = window.store.record_exchange(right, right.problem, "x = 2")
    window.store.record_exchange(wrong, wrong.problem, "So x = 3", session_id)
    window.new_session()
    with qtbot.waitSignal(window.history_loaded, timeout=60_000):
        window.refresh_history()
    with qtbot.waitSignal(window.session_opened, timeout=30_000):
        window.history.list.itemClicked.emit(window.history.list.item(0))
    panel = window.solution_panel
    # The newest question's solution, with its wrong line, as it was shown when it was asked.
    assert panel.badges() == [BADGES["valid"][0], BADGES["invalid"][0]]
    texts = [label.text() for label in panel.findChildren(QLabel)]
    assert "Try it: x = -3" in texts and "Why it is wrong: loses a solution" in texts
    assert "✘ Tutor's answer: x = 3" in texts and "x = -3 is missing" in texts
    assert "Solutions written: 3" in texts
    assert panel.cards[1].accessibleName() == (
        "Line 2, wrong: x = 3. Why: loses a solution. Try it: x = -3."
    )  # what a screen reader says
    picker = panel.findChild(QComboBox, "saved_question")
    assert [picker.itemText(i) for i in range(picker.count())] == [
        "Question 1: Solve 2x = 4",
        "Question 2: Solve x^2 = 9",
    ]
    picker.activated.emit(0)  # the student picks the first question
    assert panel.badges() == [BADGES["valid"][0]]
    texts = [label.text() for label in panel.findChildren(QLabel)]
    assert "✔ Tutor's answer: x = 2" in texts
    assert window.conversation.session_id == session_id  # a new question continues it


def test_a_plot_command_draws_a_figure_that_can_be_saved(
    qtbot: Any, ready_window: Any, tmp_path: Path
) -> None:
    window = ready_window
    with qtbot.waitSignal(window.conversation.plot_drawn, timeout=120_000):
        _ask(qtbot, window, "plot sin(x) from -pi to pi")
    assert window.tabs.currentWidget() is window.plots
    assert window.plots.canvas is not None and window.plots.figure.axes
    saved = window.plots.save_png(tmp_path / "sine.png")
    assert saved is not None and saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Plots tab" in window.chat.plain_text()


def test_ctrl_n_starts_a_new_session(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    window.conversation.show_stored("old", [("user", "Solve x = 1"), ("assistant", "x = 1")])
    assert window.conversation.session_id == "old"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.conversation.session_id is None and window.chat.plain_text() == ""


def test_try_again_edit_and_copy_use_the_last_answer(qtbot: Any, ready_window: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    from tutor_app.ui.transcript import TUTOR, USER

    window = ready_window
    assert not window.regenerate_button.isEnabled() and not window.edit_button.isEnabled()
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        _ask(qtbot, window, "Solve 2x + 3 = 7")
    first = done.args[0]
    assert first.store_error is None
    assert window.regenerate_button.isEnabled() and window.edit_button.isEnabled()
    seed = window.conversation.seed
    # Try again: the same question, asked again with a new seed, gives a new answer.
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as again:
        window.regenerate_button.click()
        assert window.conversation.busy and not window.regenerate_button.isEnabled()
    second = again.args[0]
    assert second is not first and second.store_error is None
    assert window.conversation.seed == seed + 1
    assert second.solution.problem == first.solution.problem == "Solve 2x + 3 = 7"
    assert second.session_id == first.session_id  # the same session continues
    turns = window.transcript.turns
    assert [t.text for t in turns if t.role == USER] == ["Solve 2x + 3 = 7"] * 2
    assert len([t for t in turns if t.role == TUTOR]) == 2
    answer = window.conversation.last_answer()
    assert answer.strip() and answer == second.solution.shown_text
    assert window.question.toPlainText() == ""
    # Edit question: the last question goes back in the box.
    window.edit_button.click()
    assert window.question.toPlainText() == "Solve 2x + 3 = 7"
    # Copy answer: the newest answer's text is on the clipboard.
    QGuiApplication.clipboard().clear()
    window.copy_button.click()
    assert QGuiApplication.clipboard().text() == answer
