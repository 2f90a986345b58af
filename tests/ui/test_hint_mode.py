"""Hints mode: a nudge first, bigger hints on request, the checked worked solution last; every
rung recorded as evidence and kept in the session."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tutor_app.ui.modes import EXPLAIN, HINTS
from tutor_app.ui.transcript import TUTOR, USER


def _hint(qtbot: Any, window: Any, level: int) -> None:
    with qtbot.waitSignal(window.hint_mode.hint_shown, timeout=SOLVE_TIMEOUT_MS) as shown:
        if level == 1:
            window.question.setPlainText("Solve 3x + 1 = 7")
            qtbot.keyClick(window.question, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(window.next_hint_button, Qt.MouseButton.LeftButton)
    assert shown.args == [level]


def test_the_ladder_climbs_one_rung_at_a_time_and_ends_with_the_checked_solution(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    assert not window.next_hint_button.isVisible()
    window.mode_bar.buttons[HINTS].click()
    assert window.mode_bar.mode() == HINTS and window.next_hint_button.isVisible()
    assert window.send_button.text() == "Get a hint"
    assert not window.next_hint_button.isEnabled()  # no question yet
    _hint(qtbot, window, 1)
    turns = [(t.role, t.text) for t in window.transcript]
    assert turns[0] == (USER, "Solve 3x + 1 = 7")
    assert turns[1][0] == TUTOR and turns[1][1].startswith("**Hint 1 of 4 · Nudge**")
    assert "x = 2" not in turns[1][1]
    _hint(qtbot, window, 2)
    _hint(qtbot, window, 3)
    hints = [t.text for t in window.transcript if t.role == TUTOR]
    assert [h.split("**")[1] for h in hints] == [
        "Hint 1 of 4 · Nudge", "Hint 2 of 4 · Strategy", "Hint 3 of 4 · Next step",
    ]  # fmt: skip
    assert not any("x = 2" in h for h in hints)  # the answer waits for the last rung
    assert window.next_hint_button.text() == "Show the worked solution"
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS) as done:
        qtbot.mouseClick(window.next_hint_button, Qt.MouseButton.LeftButton)
    assert done.args[0].solution.status == "verified"
    assert window.next_hint_button.text() == "Next hint" and not window.next_hint_button.isEnabled()
    store, student = window.store, window.student
    qtbot.waitUntil(lambda: len(store.evidence(student.id)) == 4, timeout=30_000)
    rows = store.evidence(student.id)
    assert [(r.kind, r.hint_level, r.skill) for r in rows] == [
        ("hint", n, "linear_equations") for n in (1, 2, 3, 4)
    ]
    session = window.conversation.session_id
    assert session is not None and all(r.session_id == session for r in rows[:3])
    saved = [content for role, content in store.messages(session) if role == "assistant"]
    assert saved[0].startswith("**Hint 1 of 4") and len(saved) == 4  # three hints, the solution


def test_explain_mode_answers_at_once_and_a_new_session_forgets_the_ladder(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    window.set_mode(HINTS)
    _hint(qtbot, window, 1)
    window.new_session()
    assert window.hint_mode.question is None and not window.next_hint_button.isEnabled()
    window.set_mode(EXPLAIN)
    assert not window.next_hint_button.isVisible() and window.send_button.text() == "Send"
    with qtbot.waitSignal(window.conversation.answer_finished, timeout=SOLVE_TIMEOUT_MS):
        window.question.setPlainText("Solve 3x + 1 = 7")
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    assert not any(t.text.startswith("**Hint") for t in window.transcript)


def test_a_question_that_is_not_maths_gets_a_message_and_no_hint(ready_window: Any) -> None:
    window = ready_window
    window.set_mode(HINTS)
    window.question.setPlainText("hello there")
    window.send()
    assert window.notice.isVisible() and "maths question" in window.notice.text()
    assert window.question.toPlainText() == "hello there" and window.hint_mode.question is None
