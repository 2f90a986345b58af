"""Check my work: each step checked against the line before, the first wrong one explained."""

from __future__ import annotations

import pytest
from seeded_mistakes import GENERATORS, seeded

from tutor_app.tutor.my_work import MAX_LINES, check_work, remembered, summary, working_lines


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_seeded_mistakes_are_found_named_and_their_corrections_confirmed(kind: str) -> None:
    cases = seeded(kind, 20)
    assert len(cases) == 20  # twenty different pieces of working, written by the generator
    for case in cases:
        result = check_work("\n".join(case.wrong))
        assert result.first_wrong == case.first_wrong, case.wrong
        wrong = result.lines[case.first_wrong - 1]
        assert wrong.status == "invalid" and wrong.counterexample, case.wrong
        assert wrong.mistake == kind, (case.wrong, wrong.mistake_words)
        assert not result.correct
        fixed = check_work("\n".join(case.corrected))
        assert fixed.first_wrong is None and fixed.correct, (case.corrected, fixed.to_json())


def test_the_json_shape_line_one_is_the_start_and_later_lines_follow_on() -> None:
    result = check_work("3(x + 2) = 12\n3x + 2 = 12\n3x = 10\n")
    out = result.to_json()
    assert out["first_wrong"] == 2
    assert [line["line"] for line in out["lines"]] == [1, 2, 3]
    assert [line["status"] for line in out["lines"]] == ["unknown", "invalid", "valid"]
    assert out["lines"][1]["mistake"]["kind"] == "not_distributed"
    assert "not only x" in out["lines"][1]["mistake"]["words"]
    assert set(out["lines"][0]) == {"line", "text", "status", "reason", "counterexample"}
    assert summary(result).startswith("Line 2 does not follow from line 1")


def test_latex_dollars_blank_lines_and_linking_words_are_read() -> None:
    text = "$2x + 3 = 7$\n\n  so $2x = 4$.\n\\frac{2x}{2} = \\frac{4}{2}\nthen x = 2"
    assert [row for row, _ in working_lines(text)] == [0, 2, 3, 4]
    result = check_work(text)
    assert [m.text for m in result.lines] == ["2x + 3 = 7", "2x = 4",
                                              "\\frac{2x}{2} = \\frac{4}{2}", "x = 2"]  # fmt: skip
    assert result.correct and summary(result) == "Every step follows from the one before."


def test_a_line_the_checker_cannot_read_is_not_called_right() -> None:
    result = check_work("2x + 3 = 7\nthe answer is obvious\nx = 2")
    assert result.lines[1].status == "unknown" and not result.correct
    assert result.first_wrong is None
    assert "could not be checked" in summary(result)


def test_empty_huge_and_single_line_working_get_a_message() -> None:
    assert check_work("").problem and check_work("   \n").lines == []
    huge = check_work("x = 1\n" * (MAX_LINES + 1))
    assert huge.lines == [] and str(MAX_LINES) in huge.problem
    assert "next line" in summary(check_work("2x = 4"))
    long_line = check_work("x = 1\nx = " + "1 + " * 200 + "1")
    assert (
        long_line.lines[1].status == "unknown" and long_line.lines[1].reason == "too long to check"
    )


def test_unchanged_steps_are_reused_while_typing_and_mistakes_stay_on_the_first_wrong_line() -> (
    None
):
    first = check_work("2x - 3 = 7\n2x = 4\nx = 2")
    assert first.first_wrong == 2 and first.lines[1].mistake == "sign_error"
    known = remembered(first)
    assert set(known) == {("2x - 3 = 7", "2x = 4"), ("2x = 4", "x = 2")}
    # The student fixes line 2: line 3 is now wrong, and named; nothing stale is carried over.
    again = check_work("2x - 3 = 7\n2x = 10\nx = 2", known=known)
    assert again.first_wrong == 3 and again.lines[2].mistake == "arithmetic"
    assert again.lines[1].status == "valid"
    # An unchanged wrong step keeps its verdict from memory, at its new place.
    moved = check_work("\n2x - 3 = 7\n2x = 4", known=known)
    assert moved.lines[1].row == 2 and moved.lines[1].mistake == "sign_error"
