"""compare_answers is reflexive, and symmetric on exact equivalent pairs: an answer equals itself,
and `(x+2)(x-3)` against `x^2 - x - 6` gets the same verdict both ways round."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

small = st.integers(-9, 9)


def signed(n: int) -> str:
    """`+ 3` or `- 3`, as a term is written after another."""
    return f"+ {n}" if n >= 0 else f"- {-n}"


@st.composite
def equivalent_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two ways of writing the same answer: factored and expanded, a fraction and its lowest
    terms, an equation and its sides swapped, a sum in another order."""
    p, q, k = draw(small), draw(small), draw(st.integers(1, 9))
    kind = draw(st.sampled_from(["product", "fraction", "equation", "sum"]))
    if kind == "product":
        return f"(x {signed(p)})(x {signed(q)})", f"x^2 {signed(p + q)}x {signed(p * q)}"
    if kind == "fraction":
        return f"\\frac{{{k * p}}}{{{k * 7}}}", f"\\frac{{{p}}}{{7}}"
    if kind == "equation":
        return f"x = {p}", f"{p} = x"
    return f"{p}x^2 {signed(q)}x {signed(k)}", f"{k} {signed(q)}x {signed(p)}x^2"


@settings(max_examples=60, deadline=None)
@given(equivalent_pairs())
def test_every_answer_equals_itself_and_equal_answers_agree_both_ways(
    pair: tuple[str, str],
) -> None:
    first, second = pair
    for answer in pair:
        assert compare_answers(f"${answer}$", f"${answer}$").status == "equivalent", answer
    assert compare_answers(f"${first}$", f"${second}$").status == "equivalent", pair
    assert compare_answers(f"${second}$", f"${first}$").status == "equivalent", pair


@settings(max_examples=60, deadline=None)
@given(small, small, st.integers(1, 5))
def test_unequal_answers_are_unequal_both_ways(p: int, q: int, shift: int) -> None:
    first = f"(x {signed(p)})(x {signed(q)})"
    second = f"x^2 {signed(p + q)}x {signed(p * q + shift)}"  # the constant is off
    assert compare_answers(f"${first}$", f"${second}$").status == "not_equivalent"
    assert compare_answers(f"${second}$", f"${first}$").status == "not_equivalent"


UNKNOWNS = st.sampled_from(["x", "y", "z", "t", "a", "b", "n", "k", "m", "p"])


@st.composite
def values(draw: st.DrawFn) -> tuple[str, str]:
    """A value written two ways: an integer, a fraction in LaTeX and as `p/q`, a decimal."""
    p, q = draw(st.integers(-99, 99)), draw(st.integers(2, 9))
    kind = draw(st.sampled_from(["integer", "fraction", "decimal"]))
    if kind == "integer":
        return str(p), str(p)
    if kind == "fraction":
        return f"{p}/{q}", f"\\frac{{{p}}}{{{q}}}"
    return f"{p}.5", f"{p}.50"


@settings(max_examples=40, deadline=None)
@given(UNKNOWNS, values(), st.booleans())
def test_a_bare_value_answers_an_equation_in_one_unknown_both_ways(
    unknown: str, value: tuple[str, str], latex: bool
) -> None:
    """`x = 2` and `2` are the same answer to a marker, whichever is expected."""
    written, bare = value
    equation = f"${unknown} = {bare}$" if latex else f"{unknown} = {written}"
    assert compare_answers(equation, bare).status == "equivalent"
    assert compare_answers(bare, equation).status == "equivalent"


@settings(max_examples=30, deadline=None)
@given(UNKNOWNS, st.integers(-99, 99), st.integers(1, 9))
def test_a_bare_value_that_is_not_the_solution_is_wrong_both_ways(
    unknown: str, value: int, off: int
) -> None:
    equation, other = f"{unknown} = {value}", str(value + off)
    assert compare_answers(equation, other).status == "not_equivalent"
    assert compare_answers(other, equation).status == "not_equivalent"


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 9), st.sampled_from([3, 7, 9, 11]), st.integers(2, 5))
def test_an_exact_answer_from_a_rounded_decimal_says_rounded(p: int, q: int, places: int) -> None:
    """`\\frac{p}{q}` from its decimal to a few places is accepted, with the note "rounded";
    an exact decimal (`1/4` from `0.25`) has no note, and the other way round is refused."""
    assume(p % q != 0)  # 3/3 is a whole number, and its decimal is exact
    decimal = f"{p / q:.{places}f}"
    given_rounded = compare_answers(f"$\\frac{{{p}}}{{{q}}}$", f"${decimal}$")
    assert (given_rounded.status, given_rounded.note) == ("equivalent", "rounded")
    assert compare_answers(f"${decimal}$", f"$\\frac{{{p}}}{{{q}}}$").status == "not_equivalent"
    exact = compare_answers(f"$\\frac{{{p}}}{{4}}$", f"${p / 4}$")
    assert (exact.status, exact.note) == ("equivalent", None)
