"""`|A| = |B|` means `A = B or A = -B` for real A and B, whichever way the step goes."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tutor_app.verify import check_step

REAL = {"assume_real": True}
coefficient = st.integers(-5, 5).filter(bool)
linear = st.tuples(coefficient, coefficient, st.integers(-5, 5))  # a x + b y + c


def written(terms: tuple[int, int, int]) -> str:
    a, b, c = terms
    return f"({a}*x + {b}*y + {c})"


@settings(max_examples=30, deadline=None)
@given(linear, linear)
def test_equal_moduli_are_the_two_cases_both_ways(
    first: tuple[int, int, int], second: tuple[int, int, int]
) -> None:
    # Neither case may be empty or everything: A - B and A + B both depend on x or y.
    assume(first[:2] != second[:2] and first[:2] != (-second[0], -second[1]))
    a, b = written(first), written(second)
    moduli, cases = f"|{a}| = |{b}|", f"{a} = {b} or {a} = -{b}"
    assert check_step(moduli, cases, REAL).status == "valid"
    assert check_step(cases, moduli, REAL).status == "valid"
    # One case alone is not the same statement: it is never called valid.
    assert check_step(moduli, f"{a} = {b}", REAL).status != "valid"


def test_an_equation_that_always_holds_is_not_the_same_as_one_that_does_not() -> None:
    for always in ("0 = 0", "|x - y| = |y - x|", "x + y = y + x"):
        assert check_step(always, "x = y", REAL).status != "valid", always
        assert check_step("x = y", always, REAL).status != "valid", always


def test_over_the_complex_numbers_moduli_are_not_squared() -> None:
    # |i| = |1| though i^2 != 1^2: without real letters the step is not called valid.
    assert check_step("|a| = |b|", "a = b or a = -b").status != "valid"
