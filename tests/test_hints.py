"""The hint ladder: smallest help first, grounded in the CAS, and never a line that is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor_app.engine.runtime import ModelWorker
from tutor_app.store.database import open_store
from tutor_app.store.repository import Store
from tutor_app.tutor.checking import check_lines
from tutor_app.tutor.coaching import Coach
from tutor_app.tutor.hints import (
    NEXT_STEP,
    NUDGE,
    STRATEGY,
    WORKED,
    cas_hint,
    hint,
    prepare,
    problem_with,
)
from tutor_app.tutor.lines import split_steps
from tutor_app.tutor.my_work import check_work


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def test_without_a_model_the_ladder_climbs_from_a_nudge_to_the_worked_solution() -> None:
    ladder = prepare("Solve 3x + 1 = 7")
    rungs = [hint(ladder, level) for level in (NUDGE, STRATEGY, NEXT_STEP, WORKED)]
    assert all(r is not None and r.source == "cas" for r in rungs)
    nudge, strategy, step, worked = (r.text for r in rungs)  # type: ignore[union-attr]
    assert "x = 2" not in nudge + strategy + step  # the answer waits for the last rung
    assert "divide both sides by 3" in strategy and "$" not in strategy
    assert step.startswith("Collect the x terms") and "3 x = 6" in step
    assert worked.endswith("\\boxed{x = 2}$")


def test_a_quadratic_gets_a_quadratic_nudge() -> None:
    nudge = cas_hint(prepare("Solve x^2 - 5x + 6 = 0"), NUDGE)
    assert nudge is not None and "factor" in nudge and "quadratic formula" in nudge


def test_a_next_step_that_is_the_answer_keeps_the_answer_hidden() -> None:
    step = cas_hint(prepare("What is 15% of 80?"), NEXT_STEP)
    assert step is not None and "12" not in step and "Finish the line yourself" in step


def test_a_question_the_cas_cannot_read_still_gets_a_nudge_but_no_made_up_steps() -> None:
    ladder = prepare("Why do we study maths?")
    assert cas_hint(ladder, NUDGE) and cas_hint(ladder, STRATEGY) is None
    assert hint(ladder, WORKED) is None
    with pytest.raises(ValueError):
        hint(ladder, 5)


def test_a_model_hint_with_a_wrong_line_or_the_answer_is_set_aside() -> None:
    ladder = prepare("Solve 3x + 1 = 7")
    assert problem_with(ladder, NEXT_STEP, "Subtract 1: $3x = 8$").startswith("line 1 is wrong")
    assert problem_with(ladder, STRATEGY, "So $x = 2$.") == "it gives the answer away"
    assert problem_with(ladder, NEXT_STEP, "Subtract 1 from both sides: $3x = 6$") is None
    assert problem_with(ladder, NEXT_STEP, "Think about it.") is not None  # no step shown
    assert problem_with(ladder, STRATEGY, "  ") == "the model wrote nothing"
    assert problem_with(ladder, WORKED, "$3x = 6$\n$x = 2$") is None  # the last rung may


def test_a_hint_ladder_through_the_real_model_records_levels_and_shows_no_wrong_line(
    store: Store, model_worker: ModelWorker
) -> None:
    ann = store.student("Ann").id
    coach = Coach(store, ann, skill="linear_equations", seed=3)
    coach.next_problem()
    shown = []
    for _ in range(5):
        given = coach.take_hint(model_worker)
        if given is None:
            break
        shown.append(given)
    assert [h.level for h in shown] == [1, 2, 3, 4]
    assert [(r.kind, r.hint_level) for r in store.evidence(ann)] == [
        ("hint", n) for n in (1, 2, 3, 4)
    ]
    ladder = coach.current.ladder  # type: ignore[union-attr]
    for given in shown:
        checked = check_lines(split_steps(given.text), ladder.truth.check, ladder.truth.statement)
        assert all(step.status != "invalid" for step in checked), given
        if given.source == "model":
            assert problem_with(ladder, given.level, given.text) is None
        elif given.level < WORKED:
            assert given.text == cas_hint(ladder, given.level)
    # An answer after the worked solution is recorded with the bottom-out level.
    coach.answer(coach.current.problem.answer)  # type: ignore[union-attr]
    assert store.evidence(ann)[-1].hint_level == 4
    assert check_work(ladder.cas_lines[0].split("$")[1]).lines  # the CAS lines are maths
