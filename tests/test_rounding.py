"""A decimal stands for an exact value only when it is that value rounded to its written places:
`2/3` is 0.67 (not 0.66 or 0.68), `3/2` is 1.50 (not 1.51), in a step and in an answer."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tutor_app.verify import check_step, compare_answers


def written(value: Fraction, places: int, nudge: int = 0) -> str:
    """`value` rounded to `places` decimals (half away from zero), moved `nudge` in the last."""
    scaled = abs(value) * 10**places
    units = int(scaled + Fraction(1, 2)) + nudge * (1 if value >= 0 else -1)
    sign = "-" if value < 0 and units != 0 else ""
    digits = str(abs(units)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


fractions = st.builds(Fraction, st.integers(-999, 999), st.integers(2, 99)).filter(
    lambda f: f.denominator > 1
)


@settings(max_examples=60, deadline=None)
@given(fractions, st.integers(1, 4), st.sampled_from([-1, 1]))
def test_a_step_to_a_decimal_holds_only_when_rounded_to_its_written_places(
    value: Fraction, places: int, nudge: int
) -> None:
    assume((abs(value) * 10**places) % 1 != Fraction(1, 2))  # no tie: one right rounding
    before = f"{value.numerator}/{value.denominator}"
    right, off = written(value, places), written(value, places, nudge)
    assume(off.lstrip("-") != "0." + "0" * places)  # ±0.00 is no claim about the sign
    assert check_step(before, right).status == "valid", (before, right)
    assert check_step(before, off).status == "invalid", (before, off)


@settings(max_examples=60, deadline=None)
@given(fractions, st.integers(1, 4), st.sampled_from([-1, 1]))
def test_an_answer_in_decimals_is_the_exact_one_only_when_rounded_to_its_places(
    value: Fraction, places: int, nudge: int
) -> None:
    assume((abs(value) * 10**places) % 1 != Fraction(1, 2))
    sign = "-" if value < 0 else ""
    gold = rf"${sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}$"
    right, off = written(value, places), written(value, places, nudge)
    assume(off.lstrip("-") != "0." + "0" * places)
    assert compare_answers(gold, f"${right}$").status == "equivalent", (gold, right)
    assert compare_answers(gold, f"${off}$").status == "not_equivalent", (gold, off)


def test_trailing_zeros_are_written_places() -> None:
    assert check_step("7/2", "3.0").status == "invalid"  # one place: 3.5, not 3.0
    assert check_step("35/2", "17.0").status == "invalid"
    assert check_step("1/9", "0.11").status == "valid"
    assert check_step("1/9", "0.10").status == "invalid"
    assert check_step("7/2", "3.50").status == "valid"
    assert compare_answers(r"$\frac{1}{9}$", "$0.10$").status == "not_equivalent"
    assert compare_answers(r"$\frac{7}{2}$", "$3.50$").status == "equivalent"
    assert check_step("6", "6.0").status == "valid"  # exact, whatever the places


def test_the_issues_examples() -> None:
    assert check_step("2/3", "0.67").status == "valid"
    assert check_step("2/3", "0.66").status == "invalid"
    assert check_step("3/2", "1.50").status == "valid"
    assert check_step("3/2", "1.51").status == "invalid"
