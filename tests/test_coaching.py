"""A practice session: problems chosen by the queue, answers graded and recorded, hints counted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor_app.store.database import open_store
from tutor_app.store.repository import Store
from tutor_app.tutor.coaching import Coach
from tutor_app.tutor.hints import WORKED, cas_hint
from tutor_app.tutor.skills import BY_KEY
from tutor_app.verify import compare_answers


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def test_answers_are_graded_by_the_checker_and_recorded_with_time_and_hints(store: Store) -> None:
    ann = store.student("Ann").id
    coach = Coach(store, ann, skill="linear_equations", seed=1)
    problem = coach.next_problem()
    assert problem.skill == "linear_equations" and problem.value is not None
    wrong = coach.answer("x = 1000")
    assert not wrong.right and wrong.state is not None
    coach.take_hint()
    right = coach.answer(problem.value)  # the bare value answers "Solve ..."
    assert right.right and right.state.p_known > wrong.state.p_known  # type: ignore[union-attr]
    rows = store.evidence(ann)
    assert [(r.kind, r.correct, r.hint_level) for r in rows] == [
        ("practice", False, 0), ("hint", None, 1), ("practice", True, 1),
    ]  # fmt: skip
    assert rows[0].answer == "x = 1000" and rows[0].seconds >= 0
    assert store.mastery(ann)[0].evidence == 2


def test_an_answer_after_the_worked_solution_does_not_raise_mastery_as_much(store: Store) -> None:
    ann, ben = store.student("Ann").id, store.student("Ben").id
    helped = Coach(store, ann, skill="fractions", seed=2)
    alone = Coach(store, ben, skill="fractions", seed=2)
    for coach in (helped, alone):
        coach.next_problem()
    while helped.take_hint() is not None:
        pass
    assert helped.current is not None and helped.current.hint_level == 4
    helped.answer(helped.current.problem.answer)
    alone.answer(alone.current.problem.answer)  # type: ignore[union-attr]
    assert store.mastery(ann)[0].level < store.mastery(ben)[0].level


def test_without_a_skill_the_queue_starts_with_skills_that_need_nothing_first(
    store: Store,
) -> None:
    coach = Coach(store, store.student("Ann").id, seed=0)
    skills = {coach.next_problem().skill for _ in range(3)}
    assert all(not BY_KEY[s].prerequisites for s in skills)


def test_every_skill_has_a_full_hint_ladder_without_a_model(store: Store) -> None:
    ann = store.student("Ann").id
    for skill in BY_KEY:
        coach = Coach(store, ann, skill=skill, seed=5)
        problem = coach.next_problem()
        levels = []
        while (given := coach.take_hint()) is not None:
            levels.append(given.level)
        assert levels == [1, 2, 3, 4], skill
        assert given is None and coach.current.hint_level == 4  # type: ignore[union-attr]
        worked = cas_hint(coach.current.ladder, WORKED)  # type: ignore[union-attr, arg-type]
        # The worked solution ends in the practice problem's own answer.
        assert compare_answers(problem.answer, worked or "").status == "equivalent", skill


def test_an_unknown_skill_and_an_answer_before_a_problem_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="no such skill"):
        Coach(store, store.student("Ann").id, skill="alchemy")
    with pytest.raises(RuntimeError):
        Coach(store, store.student("Ann").id).answer("2")


def test_roots_in_any_order_are_right_and_an_unreadable_answer_is_not_recorded(
    store: Store,
) -> None:
    ann = store.student("Ann").id
    coach = Coach(store, ann, skill="quadratics", seed=3)
    problem = coach.next_problem()
    assert problem.value is not None and "," in problem.value
    unread = coach.answer("2x+")
    assert not unread.read and not unread.right and store.evidence(ann) == []
    first, second = (v.strip() for v in problem.value.split(","))
    assert coach.answer(f"{second}, {first}").right
    assert coach.answer(f"{first}, {second}").right
    assert [r.correct for r in store.evidence(ann)] == [True, True]
