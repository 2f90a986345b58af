"""Check my work: the student's own working, a badge per line as typing pauses, the first wrong
line highlighted and named, saved as evidence, and explained by the real model."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QTextCursor

from tutor_app.tutor.my_work import check_work, mistake_messages, verdict_lines, work_evidence
from tutor_app.ui.modes import CHECK, EXPLAIN
from tutor_app.ui.work_page import EXPLANATION_TITLE, VERDICT_COLOURS

WRONG = "3(x + 2) = 12\n3x + 2 = 12\n3x = 10"
CHECK_TIMEOUT_MS = 60_000  # the CAS's first check starts its worker process
EXPLAIN_TIMEOUT_MS = 300_000  # the real model on a shared 2-core machine


def _check_mode(window: Any) -> Any:
    window.set_mode(CHECK)
    assert window.mode_pages.currentWidget() is window.work_page
    return window.work_page


def _wait_for_check(qtbot: Any, page: Any) -> None:
    """Until the check of the text in the editor now is shown."""
    qtbot.waitUntil(
        lambda: page.result is not None and page.checked_text == page.editor.working_text(),
        timeout=CHECK_TIMEOUT_MS,
    )


def _replace_row(editor: Any, row: int, text: str) -> None:
    cursor = QTextCursor(editor.document().findBlockByNumber(row))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)


def _highlight_colour(page: Any) -> str:
    selections = page.editor.extraSelections()  # held: PySide frees the list's parts with it
    if not selections:
        return ""
    selection = selections[0]
    return str(selection.format.background().color().name())


def test_typed_working_gets_badges_when_typing_pauses_and_the_first_wrong_line_is_named(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    page = _check_mode(window)
    assert page.editor.hasFocus() or window.focusWidget() is page.editor
    first, *rest = WRONG.split("\n")
    qtbot.keyClicks(page.editor, first)
    for line in rest:
        qtbot.keyClick(page.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(page.editor, line)
    assert page.editor.working_text() == WRONG
    assert page._pause.isActive()  # the check waits for typing to pause
    qtbot.waitUntil(lambda: page.badges() == {0: "start", 1: "invalid", 2: "valid"},
                    timeout=CHECK_TIMEOUT_MS)  # fmt: skip
    assert page.editor.highlighted_rows() == [1]
    assert page.verdict.text().startswith("✘ Line 2 does not follow from line 1")
    mistake = page.mistake.text()
    assert mistake.startswith("Line 2: ") and "not only x" in mistake
    assert "x = 2 solves one line but not the other" in mistake  # the value that shows it
    assert page.reason.text() == "The checker: the new line has different solutions."
    assert "Line 2 wrong" in page.editor.accessibleDescription()
    block = page.editor.document().findBlockByNumber(1)
    top = page.editor.blockBoundingGeometry(block).translated(page.editor.contentOffset()).top()
    tip = page.editor.tip_at(int(top) + 2)  # the badge's tooltip says why
    assert tip == "Line 2: wrong. the new line has different solutions"

    # The student fixes line 2, then line 3 (now wrong too): every line is confirmed.
    _replace_row(page.editor, 1, "3x + 6 = 12")
    qtbot.waitUntil(lambda: page.badges() == {0: "start", 1: "valid", 2: "invalid"},
                    timeout=CHECK_TIMEOUT_MS)  # fmt: skip
    assert page.editor.highlighted_rows() == [2]
    _replace_row(page.editor, 2, "3x = 6")
    qtbot.waitUntil(lambda: page.badges() == {0: "start", 1: "valid", 2: "valid"},
                    timeout=CHECK_TIMEOUT_MS)  # fmt: skip
    assert page.editor.highlighted_rows() == []
    assert page.verdict.text().startswith("✔ Every step follows from the one before.")
    assert not page.mistake.isVisible() and not page.explain_button.isEnabled()


def test_the_check_runs_in_the_background_and_stale_results_are_not_shown(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    page = _check_mode(window)
    page.editor.setPlainText(WRONG)
    page.check_now()
    # check_now has returned and the GUI thread is free; the result comes later, by signal.
    assert page.status.text() == "Checking…" and page.result is None
    assert page._check_task is not None and page._check_task.name.startswith("tutor-task-check")
    # Typed while the check runs: its result is for older text and is not shown.
    page.editor.setPlainText("2x - 3 = 7\n2x = 4")
    with qtbot.waitSignal(page.checked, timeout=CHECK_TIMEOUT_MS) as shown:
        pass
    result = shown.args[0]
    assert [m.text for m in result.lines] == ["2x - 3 = 7", "2x = 4"]
    assert page.badges() == {0: "start", 1: "invalid"} and page.status.text() == ""
    assert "sign" in page.mistake.text()


def test_badges_of_unchanged_lines_stay_while_a_check_runs(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    page = _check_mode(window)
    page.editor.setPlainText(WRONG)
    _wait_for_check(qtbot, page)
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    page.editor.insertPlainText("\nx = 10/3")
    assert page.badges() == {0: "start", 1: "invalid", 2: "valid"}  # the new line: not yet
    assert page.editor.highlighted_rows() == [1]
    qtbot.waitUntil(lambda: page.badges().get(3) == "valid", timeout=CHECK_TIMEOUT_MS)
    # A changed line loses its badge until it is checked again.
    _replace_row(page.editor, 2, "3x = 9")
    assert 2 not in page.badges()
    qtbot.waitUntil(lambda: page.badges().get(2) == "invalid", timeout=CHECK_TIMEOUT_MS)


def test_empty_working_has_no_badges_and_too_many_lines_get_the_checkers_message(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    page = _check_mode(window)
    assert page.badges() == {} and page.verdict.text() == "Type your working, one step per line."
    page.editor.setPlainText(WRONG)
    _wait_for_check(qtbot, page)
    page.editor.setPlainText("   \n")
    qtbot.waitUntil(lambda: page.badges() == {}, timeout=CHECK_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not page._pause.isActive(), timeout=5000)
    assert page.editor.highlighted_rows() == [] and page.result is None
    assert page.verdict.text() == "Type your working, one step per line."
    page.editor.setPlainText("x = 1\n" * 61)
    _wait_for_check(qtbot, page)
    assert page.badges() == {} and page.verdict.text().startswith("That is 61 lines")
    assert not page.save_button.isEnabled()


def test_the_working_stays_across_modes_and_a_new_session_clears_it(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    page = _check_mode(window)
    page.editor.setPlainText(WRONG)
    _wait_for_check(qtbot, page)
    window.set_mode(EXPLAIN)
    window.set_mode(CHECK)
    assert page.editor.toPlainText() == WRONG and page.badges()[1] == "invalid"
    window.new_session()
    assert page.editor.toPlainText() == "" and page.badges() == {}
    assert page.editor.highlighted_rows() == [] and page.mistake.text() == ""
    assert not page._pause.isActive()


def test_save_records_the_checked_working_once_as_own_work_evidence(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    page = _check_mode(window)
    page.editor.setPlainText(WRONG)
    _wait_for_check(qtbot, page)
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.saved, timeout=CHECK_TIMEOUT_MS):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Saved to your progress"
    assert not page.save_button.isEnabled()  # once for each text
    [row] = window.store.evidence(window.student.id)
    assert (row.kind, row.skill, row.correct, row.mistake) == (
        "own_work", "linear_equations", False, "not_distributed"
    )  # fmt: skip
    assert row.problem == "3(x + 2) = 12" and row.answer == WRONG
    # Changed and checked again: it can be saved again, as right this time.
    page.editor.setPlainText("3(x + 2) = 12\n3x + 6 = 12\n3x = 6\nx = 2")
    assert not page.save_button.isEnabled()  # not until the new text is checked
    _wait_for_check(qtbot, page)
    with qtbot.waitSignal(page.saved, timeout=CHECK_TIMEOUT_MS):
        page.save_button.click()
    rows = window.store.evidence(window.student.id)
    assert [r.correct for r in rows] == [False, True]


def test_explain_my_mistake_streams_the_models_words_under_the_verdict(
    qtbot: Any, ready_window: Any
) -> None:
    window = ready_window
    page = _check_mode(window)
    page.editor.setPlainText("2x - 3 = 7\n2x = 4\nx = 2")
    _wait_for_check(qtbot, page)
    assert page.explain_button.isEnabled()
    assert not page.explanation_title.isVisible()
    with qtbot.waitSignal(page.explained, timeout=EXPLAIN_TIMEOUT_MS) as done:
        page.explain_button.click()
        assert not page.explain_button.isEnabled()  # one explanation at a time
    assert page.explanation_title.isVisible()
    assert page.explanation_title.text() == EXPLANATION_TITLE
    assert page.starter_note.isVisible()  # the bundled model is the starter model
    text = done.args[0]
    assert text.strip() and page.explanation.text() == text
    assert page.verdict.text().startswith("✘ Line 2")  # the verdict stays above it
    # New working: the explanation was about other lines, so it goes.
    page.editor.setPlainText("2x - 3 = 7\n2x = 10")
    _wait_for_check(qtbot, page)
    assert not page.explanation.isVisible() and not page.starter_note.isVisible()
    assert not page.explain_button.isEnabled()


def test_the_explanation_prompt_holds_the_checkers_verdict() -> None:
    result = check_work(WRONG)
    said = verdict_lines(result)
    assert said[:2] == ["Line 1: 3(x + 2) = 12", "Line 2: 3x + 2 = 12"]
    system, user = mistake_messages(result)
    assert system["role"] == "system" and user["role"] == "user"
    for part in (
        *said,
        "3 multiplies every term in the bracket, not only x",
        "x = 2 solves one line but not the other",
        "the new line has different solutions",
    ):
        assert part in system["content"], part  # fmt: skip
    assert "3x + 2 = 12" in user["content"] and "line 2" in user["content"]
    assert verdict_lines(check_work("2x = 4\nx = 2")) == []


def test_work_evidence_reads_the_skill_and_marks_right_wrong_or_unchecked() -> None:
    wrong = work_evidence("s1", check_work(WRONG))
    assert (wrong.kind, wrong.skill, wrong.correct, wrong.mistake) == (
        "own_work", "linear_equations", False, "not_distributed"
    )  # fmt: skip
    right = work_evidence("s1", check_work("2x = 4\nx = 2"), skill="linear_equations")
    assert right.correct is True and right.mistake == ""
    unchecked = work_evidence("s1", check_work("2x + 3 = 7\nthe answer is obvious"))
    assert unchecked.correct is None


def test_the_working_follows_the_font_size_and_the_theme(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    page = _check_mode(window)
    page.editor.setPlainText(WRONG)
    _wait_for_check(qtbot, page)
    width = page.editor.gutter.width()
    window.apply_settings(replace(window.settings, font_size=26))
    assert QFontInfo(page.editor.font()).pixelSize() == 26
    assert page.editor.gutter.width() > width  # the badges grow with the text
    light = _highlight_colour(page)
    window.apply_settings(replace(window.settings, theme="dark"))
    assert _highlight_colour(page) not in (light, "")
    assert VERDICT_COLOURS[True][0] in page.verdict.styleSheet()
    window.apply_settings(replace(window.settings, theme="light", font_size=15))
    assert VERDICT_COLOURS[False][0] in page.verdict.styleSheet()
