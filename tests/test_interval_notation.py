"""Intervals written the ISO way, brackets turned outwards: `]a, b[` is (a, b)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

ends = st.integers(-20, 20)


def english(low: int, high: int, open_low: bool, open_high: bool) -> str:
    return f"{'(' if open_low else '['}{low}, {high}{')' if open_high else ']'}"


def iso(low: int, high: int, open_low: bool, open_high: bool, sep: str) -> str:
    return f"{']' if open_low else '['}{low}{sep} {high}{'[' if open_high else ']'}"


@settings(max_examples=40, deadline=None)
@given(ends, ends, st.booleans(), st.booleans(), st.sampled_from([",", ";"]), st.booleans())
def test_an_iso_interval_is_the_same_set_as_the_english_one(
    low: int, high: int, open_low: bool, open_high: bool, sep: str, latex: bool
) -> None:
    assume(low < high)
    written = iso(low, high, open_low, open_high, sep)
    if latex:
        written = f"$x \\in {written}$"
    assert compare_answers(english(low, high, open_low, open_high), written).status == "equivalent"
    # Another end, or the other bracket at one end, is another set.
    other = english(low, high, not open_low, open_high)
    assert compare_answers(other, written).status == "not_equivalent"


@settings(max_examples=20, deadline=None)
@given(ends, st.integers(1, 5), st.integers(1, 5))
def test_a_union_of_iso_intervals_is_compared_as_a_set(low: int, gap: int, width: int) -> None:
    a, b, c, d = low, low + width, low + width + gap, low + 2 * width + gap
    written = f"[{a}, {b}[ \\cup ]{c}, {d}]"
    assert compare_answers(f"[{a}, {b}) U ({c}, {d}]", f"${written}$").status == "equivalent"
    assert compare_answers(f"[{a}, {d}]", f"${written}$").status == "not_equivalent"


def test_brackets_the_usual_way_round_and_matrices_are_left_alone() -> None:
    from tutor_app.verify.parse.extract import reversed_brackets

    for text in ("[1, 2]", "[[1, 2], [3, 4]]", "[1,2],[3,4]", "(0, 1]"):
        assert reversed_brackets(text) == text
