"""The CAS ground truth: questions read by the question reader and answered by SymPy."""

from __future__ import annotations

import pytest

from tutor_app.tutor.truth import NOT_ANSWERED, NOT_READ, find_truth, judge_final
from tutor_app.verify import compare_answers


@pytest.mark.parametrize(
    ("question", "task", "expected"),
    [
        ("Solve 2x + 3 = 7", "solve", "x = 2"),
        ("Solve x^2 - 5x + 6 = 0", "solve", "x = 2 or x = 3"),
        ("solve x + y = 10, x - y = 2", "solve", "x = 6, y = 4"),
        ("Simplify (x^2 - 1)/(x - 1)", "simplify", "x + 1"),
        ("Factor x^2 - 9", "factor", "(x - 3)(x + 3)"),
        ("Expand (x + 2)^2", "expand", "x^2 + 4x + 4"),
        ("Differentiate x^3 + 2x", "derivative", "3x^2 + 2"),
        ("Find the derivative of \\sin(x) \\cos(x)", "derivative", "\\cos(2x)"),
        ("Integrate 2x", "integral", "x^2 + C"),
        ("Integrate x^2 from 0 to 3", "integral", "9"),
        ("Find the limit of \\frac{\\sin x}{x} as x \\to 0", "limit", "1"),
        ("What is 12*7 + 5?", "evaluate", "89"),
        ("Calculate 3/4 + 1/8", "evaluate", "7/8"),
        ("Solve 2x + 5 > 11", "solve", "(3, \\infty)"),
        ("Solve 3 - x <= 7", "solve", "x \\ge -4"),
        ("Solve x^2 - 4 < 0", "solve", "-2 < x < 2"),
        ("Solve x^2 >= 9", "solve", "x \\le -3 or x \\ge 3"),
        ("Solve 1/x > 2", "solve", "(0, 1/2)"),
        ("Solve x^2 + 1 > 0", "solve", "all real numbers"),
        ("Solve x^2 < 0", "solve", "no solution"),
        ("Solve x^2 = -4", "solve", "There are no real solutions."),
    ],
)
def test_the_cas_answers_what_sympy_can_do_directly(
    question: str, task: str, expected: str
) -> None:
    truth = find_truth(question)
    assert truth.answer is not None, question
    assert truth.kind == task
    assert compare_answers(expected, truth.answer).status == "equivalent", truth.answer


def test_a_periodic_inequality_gets_no_ground_truth_rather_than_one_period() -> None:
    # sin(x) > 1/2 holds on infinitely many intervals, not only pi/6 < x < 5pi/6.
    truth = find_truth("Solve sin(x) > 1/2")
    assert truth.answer is None and truth.reason == NOT_ANSWERED


def test_an_inequality_answer_is_written_as_a_student_would() -> None:
    truth = find_truth("Solve x^2 >= 9")
    assert truth.skill == "inequalities"
    assert truth.answer == "x \\le -3 \\text{ or } x \\ge 3"
    wrong = compare_answers(truth.answer, "x \\ge 3")  # half the answer is not the answer
    assert wrong.status == "not_equivalent"


def test_the_kind_of_equation_names_the_skill() -> None:
    assert find_truth("Solve 4x - 1 = 11").skill == "linear equations"
    assert find_truth("Solve x^2 = 16").skill == "quadratic equations"


def test_a_bare_value_answers_a_question_about_one_unknown() -> None:
    truth = find_truth("Find the value of $r$ such that $$\\frac{6r^2 -19r - 7}{2r-7} = 4r-3.$$")
    assert truth.answer == "r = 4" and truth.value == "4"
    assert judge_final(truth, "4").status == "equivalent"
    assert judge_final(truth, "r = 4").status == "equivalent"
    assert judge_final(truth, "7/2").status == "not_equivalent"  # excluded: a zero denominator


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about triangles",
        "",
        "Solve __import__('os').system('x') = 1",
        "What is 9**9**9**9?",
    ],
)
def test_questions_without_a_direct_cas_answer_give_none(question: str) -> None:
    truth = find_truth(question)
    assert truth.answer is None
    assert truth.reason in (NOT_READ, NOT_ANSWERED)
