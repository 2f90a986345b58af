"""A system written in a `cases` environment is the same answer as the system written inline."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

halves = st.integers(-40, 40).map(lambda n: Fraction(n, 2))


def latex(value: Fraction) -> str:
    """A value as LaTeX: whole, or `\\frac{p}{q}` with its sign in front."""
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


@settings(max_examples=40, deadline=None)
@given(halves, halves, st.booleans(), st.booleans())
def test_a_system_in_cases_matches_the_inline_system(
    x: Fraction, y: Fraction, aligned: bool, decimals: bool
) -> None:
    eq = "&=" if aligned else "="
    shown = (lambda v: str(float(v))) if decimals else latex  # 0.5 against \frac{1}{2} too
    cases = f"$\\begin{{cases}} x {eq} {shown(x)} \\\\ y {eq} {shown(y)} \\end{{cases}}$"
    inline = f"$x = {latex(x)}, y = {latex(y)}$"
    assert compare_answers(inline, cases).status == "equivalent"
    assert compare_answers(cases, inline).status == "equivalent"
    other = f"$x = {latex(x)}, y = {latex(y + 1)}$"
    assert compare_answers(other, cases).status == "not_equivalent"


def test_a_piecewise_definition_is_not_read_as_a_system() -> None:
    piecewise = r"$f(x) = \begin{cases} x & x > 0 \\ -x & x \le 0 \end{cases}$"
    assert compare_answers(piecewise, "x > 0, -x <= 0").status == "unknown"
