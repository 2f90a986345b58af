"""Physical quantities in answers: converted with Pint, compared, and named when they differ."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

PREFIXES = {"": 1, "k": 1e3, "c": 1e-2, "m": 1e-3, "u": 1e-6, "M": 1e6, "n": 1e-9}
BASES = ["m", "g", "s", "A", "J", "W", "Pa", "L", "Hz", "V", "N", "mol"]
# Spellings of one unit: symbol, name, capitalised name, LaTeX.
SPELLINGS = {
    "J": [
        "J",
        "joule",
        "joules",
        "Joule",
        "N*m",
        "N m",
        "N \\cdot m",
        "kg*m^2/s^2",
        "kg m^2 s^-2",
        "\\text{kg}\\cdot\\text{m}^2/\\text{s}^2",
        "\\mathrm{J}",
    ],
    "A": ["A", "amp", "amps", "ampere", "Ampere", "\\text{ A}"],
    "h": ["h", "hr", "hour", "hours", "\\text{hours}"],
    "m/s": ["m/s", "m s^-1", "m\\,s^{-1}", "\\text{m/s}", "meter/second", "metres per second"],
}
SAME = [  # (amount, unit) pairs that are one quantity, across kinds of units
    [(1, "hour"), (60, "min"), (3600, "s")],
    [(1, "day"), (24, "hours")],
    [(1, "yr"), (365.25, "day")],
    [(1, "angstrom"), (0.1, "nm")],
    [(1, "gal"), (4, "quart"), (8, "pint"), (16, "cup")],
    [(1, "G"), (1e-4, "T")],
    [(1, "kWh"), (3.6e6, "J")],
    [(1, "atm"), (101325, "Pa")],
    [(100, "km/h"), (100000, "m/h")],
    [(1, "L"), (1000, "cm^3"), (1000, "mL")],
]
KINDS = {  # a unit of each kind, and the name the reason uses
    "m": "a length",
    "cm^2": "an area",
    "L": "a volume",
    "s": "a time",
    "kg": "a mass",
    "m/s": "a speed",
    "m/s^2": "an acceleration",
    "N": "a force",
    "J": "an energy",
    "W": "a power",
    "Pa": "a pressure",
    "A": "a current",
    "V": "a voltage",
    "ohm": "a resistance",
    "Hz": "a frequency",
    "mol": "an amount of substance",
}


def number(value: float) -> str:
    return f"{value:.12g}"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(BASES), st.sampled_from(list(PREFIXES)), st.sampled_from(list(PREFIXES)),
       st.integers(1, 9999), st.booleans())  # fmt: skip
def test_a_quantity_in_other_prefixes_is_the_same_and_the_conversion_is_named(
    base: str, first: str, second: str, amount: int, latex: bool
) -> None:
    gold = f"{amount} {first}{base}"
    value = amount * PREFIXES[first] / PREFIXES[second]
    written = (
        f"{number(value)}\\,\\text{{{second}{base}}}"
        if latex
        else f"{number(value)} {second}{base}"
    )
    verdict = compare_answers(gold, written)
    assert verdict.status == "equivalent", (gold, written, verdict)
    if first != second:
        assert verdict.note and verdict.note.startswith("converted "), verdict
    wrong = compare_answers(gold, written.replace(number(value), number(value * 3), 1))
    assert wrong.status == "not_equivalent" and wrong.reason.startswith("a different amount")


@pytest.mark.parametrize("unit", sorted(SPELLINGS))
def test_every_spelling_of_a_unit_is_that_unit(unit: str) -> None:
    for spelling in SPELLINGS[unit]:
        for other in SPELLINGS[unit]:
            verdict = compare_answers(f"7 {spelling}", f"$7\\ {other}$")
            assert verdict.status == "equivalent", (spelling, other, verdict)


@pytest.mark.parametrize("group", SAME, ids=lambda g: g[0][1])
def test_common_units_outside_si_convert(group: list[tuple[float, str]]) -> None:
    for amount, unit in group:
        for other_amount, other in group:
            for factor in (1, 2.5):
                gold, given_ = (
                    f"{number(amount * factor)} {unit}",
                    f"{number(other_amount * factor)} {other}",
                )
                assert compare_answers(gold, given_).status == "equivalent", (gold, given_)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(list(KINDS)), st.sampled_from(list(KINDS)), st.integers(1, 500))
def test_a_quantity_of_another_kind_is_named_as_such(
    expected: str, other: str, amount: int
) -> None:
    if KINDS[expected] == KINDS[other]:
        return
    verdict = compare_answers(f"{amount} {expected}", f"{amount} {other}")
    assert (verdict.status, verdict.reason) == (
        "not_equivalent", f"{KINDS[other]}, not {KINDS[expected]}",
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(KINDS)), st.integers(1, 10**6), st.booleans())
def test_a_bare_number_has_its_unit_missing_only_where_one_is_expected(
    unit: str, amount: int, dollars: bool
) -> None:
    bare = f"${amount}$" if dollars else str(amount)
    missing = compare_answers(f"{amount}\\text{{ {unit}}}", bare)
    assert missing.status == "not_equivalent"
    assert re.fullmatch(r"unit missing: the answer is in .+", missing.reason), missing
    assert compare_answers(bare, f"{amount} {unit}").status == "equivalent"  # as before


def test_a_converted_amount_may_be_rounded_to_the_places_it_is_written_with() -> None:
    assert compare_answers("100 km/h", "27.78 m/s").status == "equivalent"
    note = compare_answers("100 km/h", "27.8 m/s").note
    assert note == "100 km/h is 27.77777778 m/s, rounded to 1 decimal place"
    for wrong in ("27.7 m/s", "28 m/s", "27.79 m/s"):
        assert compare_answers("100 km/h", wrong).status == "not_equivalent", wrong
    assert compare_answers("1 amu", "1.6605e-27 kg").status == "equivalent"
    assert compare_answers("1 amu", "1.7e-27 kg").status == "not_equivalent"  # two figures


@pytest.mark.parametrize("algebra", ["5a", "2m", "3s", "4h", "7g"])
def test_a_letter_right_after_a_number_is_algebra_not_a_unit(algebra: str) -> None:
    # Five times a is not five years: a one-letter unit needs a space or \text{}.
    verdict = compare_answers(algebra, algebra[0])
    assert not verdict.reason.startswith("unit missing"), verdict
    assert compare_answers(f"{algebra[0]}\\text{{ m}}", f"{algebra[0]} m").status == "equivalent"


UNIT_CHARACTERS = "abcdeghklmnpstuxyzABCGJKLMNPTVW*/^()-. 0123456789\u00b5\u00b0\\{}_,"


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"-?\d{1,4}(\.\d{1,3})?(e-?\d{1,6})?", fullmatch=True),
       st.text(UNIT_CHARACTERS, max_size=40), st.text(UNIT_CHARACTERS, max_size=40))  # fmt: skip
def test_any_text_after_a_number_gets_a_verdict_or_is_left_to_the_rest(
    amount: str, first: str, second: str
) -> None:
    from tutor_app.verify.answers.quantities import compare_quantities

    pairs = [(f"{amount} {first}", f"{amount} {second}"), (f"{amount}{first}", amount),
             (amount, f"{amount} {second}")]  # fmt: skip
    for gold, candidate in pairs:
        verdict = compare_quantities(gold, candidate)  # in this process: an error would show
        assert verdict is None or verdict.status in ("equivalent", "not_equivalent")
