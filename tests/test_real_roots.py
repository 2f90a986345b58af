"""Odd roots of negative numbers as school maths reads them: real, not SymPy's complex root."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import check_step, compare_answers

negatives = st.integers(2, 99).map(lambda n: -n)
odd = st.sampled_from([3, 5, 7])


@settings(max_examples=40, deadline=None)
@given(negatives, odd, st.integers(1, 5), st.integers(1, 3))
def test_a_negative_number_to_an_odd_root_power_is_real(
    base: int, q: int, p: int, scale: int
) -> None:
    """b^(p/q) = (-1)^p |b|^(p/q) for odd q, however the exponent is written."""
    real = f"{(-1) ** p}*({-base})^({p}/{q})"
    for written in (f"({base})^({p}/{q})", f"({base})^({p * scale}/{q * scale})"):
        assert compare_answers(written, real).status == "equivalent", written
        assert compare_answers(written, f"-({real})").status == "not_equivalent", written
    if p == 1:
        assert compare_answers(f"$\\sqrt[{q}]{{{base}}}$", real).status == "equivalent"


@settings(max_examples=20, deadline=None)
@given(negatives, st.sampled_from([(0.2, 5), (0.6, 5)]))
def test_a_decimal_exponent_with_an_odd_root_is_real_too(base: int, power: tuple) -> None:
    decimal, q = power
    p = round(decimal * q)
    real = f"{(-1) ** p}*({-base})^({p}/{q})"
    assert compare_answers(f"({base})^({decimal})", real).status == "equivalent"


def test_even_roots_of_negative_numbers_stay_complex_and_steps_use_real_roots() -> None:
    assert compare_answers("(-4)^(1/2)", "2*i").status == "equivalent"
    assert check_step("(-8)^(1/3)", "-2").status == "valid"
    assert check_step("(-8)^(2/3)", "4").status == "valid"
