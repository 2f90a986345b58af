"""Taking the same root of both sides: `x = (1 + y/n)^n` to `x^(1/n) = 1 + y/n`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import check_step

REAL = {"assume_real": True}
ROOTS = st.sampled_from(["n", "k", "m", "3", "5", "7"])
INSIDE = st.sampled_from(["1 + y/n", "2*y - 3", "y^2 + 1", "(a + b)/2", "1 + r"])


@settings(max_examples=30, deadline=None)
@given(ROOTS, INSIDE, st.booleans())
def test_the_same_root_of_both_sides_is_valid(root: str, inside: str, swapped: bool) -> None:
    before = f"x = ({inside})^({root})"
    after = f"x^(1/{root}) = {inside}"
    if swapped:
        before, after = f"({inside})^({root}) = x", f"{inside} = x^(1/{root})"
    assert check_step(before, after, REAL).status == "valid"


@settings(max_examples=20, deadline=None)
@given(ROOTS, INSIDE)
def test_a_root_with_another_side_is_not_valid(root: str, inside: str) -> None:
    assert check_step(f"x = ({inside})^({root})", f"x^(1/{root}) = {inside} + 1", REAL).status != (
        "valid"
    )


def test_an_even_root_is_not_taken_as_a_root_of_both_sides() -> None:
    # x = (y + 1)^2 holds for y = -2, x = 1; x^(1/2) = y + 1 does not: a solution is lost.
    assert check_step("x = (y + 1)^2", "x^(1/2) = y + 1", REAL).status != "valid"
