"""The model's final answer: from the box, the answer sentence or the last line's result."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.tutor.lines import final_answer, split_steps
from tutor_app.verify.parse.extract import extract_final


@pytest.mark.parametrize(
    ("solution", "answer"),
    [
        ("$2x = 4$\n$x = 2$\nSo $\\boxed{x = 2}$", "x = 2"),
        ("$\\boxed{3}$ was a guess; in the end $\\boxed{4}$", "4"),  # the last box is the answer
        ("The answer is: 2", "2"),  # not the fragment `: 2`
        ("Total = 24", "24"),  # not `= 24`
        ("The price is $15 - 5 = 10$\nand then $10 - 15 =", "10"),  # the cut line is skipped
        ("$x = 4/2 = 2$", "x = 2"),
        ("First $12 \\times 7 + 5 = 89$", "89"),
        ("The final answer is $x = 3$.", "x = 3"),
        ("**Answer:** 42", "42"),
        ("$2x = 4$", "2x = 4"),  # an equation left unsolved stays as it is, for the check to see
    ],
)
def test_the_final_answer_is_a_whole_result(solution: str, answer: str) -> None:
    assert final_answer(solution, split_steps(solution)) == answer


@pytest.mark.parametrize("solution", ["So $10 - 15 =$", "We think about it.", ""])
def test_no_final_answer_rather_than_a_fragment(solution: str) -> None:
    assert final_answer(solution, split_steps(solution)) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-999, 999), min_size=2, max_size=5, unique=True))
def test_the_last_of_several_boxes_is_the_answer(values: list[int]) -> None:
    # Earlier tries boxed too, each in its own paragraph: the answer is the last box, both where
    # the tutor reads a solution's final answer and where the checker reads a free-text answer.
    text = "\n\n".join(f"One try gives $\\boxed{{{value}}}$ here." for value in values)
    assert final_answer(text, split_steps(text)) == str(values[-1])
    assert extract_final(text) == str(values[-1])
