"""Practice problems: every template's answer is what the CAS works out, and mistakes are caught."""

from __future__ import annotations

import re

import pytest

from tutor_app.tutor.practice import TEMPLATES, generate, grade
from tutor_app.tutor.skills import SKILLS
from tutor_app.tutor.truth import find_truth
from tutor_app.verify import compare_answers

SEEDS = range(12)


def test_every_skill_has_practice() -> None:
    assert all(TEMPLATES[skill.key] for skill in SKILLS)


@pytest.mark.parametrize("skill", [s.key for s in SKILLS])
def test_each_problem_has_the_answer_the_cas_works_out(skill: str) -> None:
    for seed in SEEDS:
        problem = generate(skill, seed)
        truth = find_truth(problem.question)
        if truth.answer is None:  # a word problem the reader does not take: worked out here
            assert problem.template == "one draw", problem.question
            red, blue = (int(n) for n in re.findall(r"\d+", problem.question)[:2])
            expected = f"\\frac{{{red}}}{{{red + blue}}}"
        else:
            expected = truth.answer
        verdict = compare_answers(expected, problem.answer)
        assert verdict.status == "equivalent", (problem.question, expected, problem.answer)


@pytest.mark.parametrize("skill", [s.key for s in SKILLS])
def test_the_answer_is_accepted_and_typical_mistakes_are_not(skill: str) -> None:
    for seed in SEEDS:
        problem = generate(skill, seed)
        assert grade(problem, problem.answer).status == "equivalent", problem
        if problem.value is not None:  # "2" answers "Solve ...", as "x = 2" does
            assert grade(problem, problem.value).status == "equivalent", problem
        for wrong in problem.wrong:
            assert grade(problem, wrong).status == "not_equivalent", (problem, wrong)


def test_the_same_seed_gives_the_same_problem() -> None:
    assert generate("linear_equations", 7) == generate("linear_equations", 7)
    assert len({generate("linear_equations", seed).question for seed in range(30)}) > 20
