"""Which of several written solutions the tutor shows: rank falls as wrong lines rise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.tutor.solution import CheckedStep, SampleAttempt

STATUSES = ("valid", "invalid", "unknown", "restates")


def sample(statuses: list[str], answer_status: str) -> SampleAttempt:
    steps = [CheckedStep(n + 1, f"line {n}", "x = 1", status, "") for n, status in
             enumerate(statuses)]  # fmt: skip
    return SampleAttempt(0, "", steps, "x = 1", answer_status, "")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(STATUSES), min_size=1, max_size=8),
    st.sampled_from(("equivalent", "not_equivalent", "unknown")),
    st.data(),
)
def test_one_more_wrong_line_never_ranks_a_solution_higher(
    statuses: list[str], answer_status: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(statuses) - 1))
    worse = [*statuses]
    if worse[at] == "invalid":
        return
    worse[at] = "invalid"  # the same solution with one more line shown wrong
    better, worse_one = sample(statuses, answer_status), sample(worse, answer_status)
    assert worse_one.rank() < better.rank()


def test_verified_beats_a_right_answer_with_a_wrong_line_and_a_right_answer_beats_a_wrong_one() -> (
    None
):
    verified = sample(["valid", "valid"], "equivalent")
    slipped = sample(["valid", "invalid"], "equivalent")
    wrong_answer = sample(["valid", "valid"], "not_equivalent")
    unchecked = sample(["unknown"], "unknown")
    assert verified.rank() > slipped.rank() > wrong_answer.rank()
    assert verified.rank() > unchecked.rank()
