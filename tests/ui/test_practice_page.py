"""Practice mode: problems for a skill or the queue, answers graded by the checker and recorded,
the hint ladder up to the worked solution, and nothing to do without a student."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt

from tutor_app.ui.practice_page import readable

TIMEOUT_MS = 60_000  # the checker's first SymPy call on a loaded 2-core machine


def _practice(qtbot: Any, window: Any) -> Any:
    """Switch to Practice and wait for its first problem (the queue's)."""
    page = window.practice_page
    with qtbot.waitSignal(page.problem_shown, timeout=TIMEOUT_MS):
        window.set_mode("practice")
    assert window.mode_pages.currentWidget() is page
    return page


def _choose(qtbot: Any, page: Any, skill: str) -> None:
    with qtbot.waitSignal(page.problem_shown, timeout=TIMEOUT_MS):
        page.skill_box.setCurrentIndex(page.skill_box.findData(skill))
    assert page.problem.skill == skill


def _answer(qtbot: Any, page: Any, typed: str) -> bool:
    page.answer_edit.clear()
    qtbot.keyClicks(page.answer_edit, typed)
    with qtbot.waitSignal(page.marked, timeout=TIMEOUT_MS) as blocker:
        qtbot.keyClick(page.answer_edit, Qt.Key.Key_Return)
    return bool(blocker.args[0])


def _rows(window: Any) -> list[tuple[str, bool | None, int]]:
    return [(r.kind, r.correct, r.hint_level) for r in window.store.evidence(window.student.id)]


def test_a_wrong_answer_hints_to_the_worked_solution_then_the_right_one(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    page = _practice(qtbot, window)
    # A new student's queue starts with the skills that need nothing first.
    assert page.problem.skill == "whole_numbers"  # the first in the map's order
    assert page.answer_edit.hasFocus()
    _choose(qtbot, page, "linear_equations")
    assert page.skill_label.text() == "Linear equations · Not started"
    assert page.question_label.text().startswith("Solve")

    assert not _answer(qtbot, page, "x = 1000")
    assert page.feedback.text().startswith(
        "<b>Not right:</b> that is a different value from the answer."
    )
    assert "take a hint" in page.feedback.text()
    assert _rows(window) == [("practice", False, 0)]
    assert window.store.evidence(window.student.id)[-1].answer == "x = 1000"
    assert page.counter.text() == "0 right of 1 this session"

    for level in range(1, 5):
        with qtbot.waitSignal(page.hint_shown, timeout=TIMEOUT_MS) as blocker:
            page.hint_button.click()
        assert blocker.args == [level]
    assert [t.text() for t in page.hint_titles] == [
        "Hint 1 of 4 · Nudge", "Hint 2 of 4 · Strategy", "Hint 3 of 4 · Next step",
        "Hint 4 of 4 · Worked solution",
    ]  # fmt: skip
    assert all("$" not in t.text() and "\\" not in t.text() for t in page.hint_texts)
    assert _rows(window)[1:] == [("hint", None, level) for level in range(1, 5)]
    assert not page.hint_button.isEnabled()
    assert page.note.isVisible() and "won't count as much" in page.note.text()

    problem = page.coach.current.problem
    assert problem.value is not None  # one unknown: the bare value answers "Solve ..."
    assert _answer(qtbot, page, problem.value)
    assert page.feedback.text().startswith("<b>Right!</b> (after the worked solution")
    assert "Linear equations: " in page.feedback.text()
    assert _rows(window)[-1] == ("practice", True, 4)  # recorded as a bottom-out answer
    assert page.counter.text() == "1 right of 2 this session"
    assert not page.check_button.isEnabled() and page.next_button.isEnabled()

    with qtbot.waitSignal(page.problem_shown, timeout=TIMEOUT_MS):
        qtbot.keyClick(page.answer_edit, Qt.Key.Key_Return)  # Enter after Right: the next one
    assert page.coach.current.problem is not problem and page.problem.skill == "linear_equations"
    assert page.hint_titles == [] and page.feedback.text() == "" and page.answer_edit.text() == ""
    assert page.check_button.isEnabled() and page.hint_button.isEnabled()
    assert _rows(window)[-1] == ("practice", True, 4)  # moving on records nothing


def test_a_right_answer_moves_the_band_and_an_empty_one_records_nothing(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    page = _practice(qtbot, window)
    _choose(qtbot, page, "fractions")
    shown = page.question_label.text()
    assert "$" not in shown and "\\" not in shown  # readable text, never LaTeX source

    page.check_button.click()  # nothing typed
    assert page.feedback.text() == "Type your answer first, for example x = 2."
    assert page.task is None and _rows(window) == []

    assert _answer(qtbot, page, page.coach.current.problem.answer)
    assert page.feedback.text().startswith(
        "<b>Right!</b> Fractions, decimals and percentages: Not started → Familiar"
    )
    assert page.skill_label.text().endswith("· Familiar")
    assert _rows(window) == [("practice", True, 0)]
    assert page.counter.text() == "1 right of 1 this session"
    with qtbot.waitSignal(page.problem_shown, timeout=TIMEOUT_MS):
        page.next_button.click()
    assert page.skill_label.text().endswith("· Familiar")  # the band read back from the record
    big = page.question_label.font().pixelSize()
    assert big > page.skill_label.font().pixelSize()
    window.apply_settings(replace(window.settings, font_size=window.settings.font_size + 6))
    assert page.question_label.font().pixelSize() > big  # the problem follows the font setting


def test_a_new_session_forgets_the_problem_and_serves_a_new_one(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    page = _practice(qtbot, window)
    coach = page.coach
    assert _answer(qtbot, page, "-98765") is False
    with qtbot.waitSignal(page.problem_shown, timeout=TIMEOUT_MS):
        window.new_session()
    assert page.coach is not coach and page.counter.text() == ""
    assert page.feedback.text() == ""


def test_problems_and_hints_are_shown_as_readable_maths() -> None:
    shown = readable("Calculate $\\frac{2}{4} + \\frac{1}{7}$. Then solve x^2 - 4 = 0.")
    assert shown.replace("\u200b", "") == "Calculate 2/4 + 1/7. Then solve x² - 4 = 0."
    hint = readable("Factorise: $\\left(x - 3\\right) \\left(x - 1\\right) = 0$, so **$x = 1$**")
    assert hint.replace("\u200b", "") == "Factorise: (x - 3) (x - 1) = 0, so x = 1"


def test_without_a_student_practice_is_disabled_and_says_why(qtbot: Any, make_window: Any) -> None:
    window = make_window()  # the picker is open: no student chosen yet
    window.set_mode("practice")
    page = window.practice_page
    assert window.student is None
    assert page.status.isVisible() and "Choose a student first" in page.status.text()
    for widget in (page.check_button, page.hint_button, page.next_button, page.skill_box,
                   page.answer_edit):  # fmt: skip
        assert not widget.isEnabled(), widget.objectName()
    assert page.coach is None and not page.card.isVisible()


def test_without_the_database_practice_is_disabled_and_says_why(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window(start=False)
    window.set_mode("practice")
    page = window.practice_page
    assert "database is not open" in page.status.text()
    assert not page.next_button.isEnabled() and not page.check_button.isEnabled()
