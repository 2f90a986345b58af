"""A unit written in `\\text{}` after a number, with its power, is not part of the number; where
the expected answer carries a physical unit, a bare number has its unit missing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

UNITS = st.sampled_from(["cm", "m", "km", "mm", "units", "m/s"])
POWERS = st.sampled_from(["", "^2", "^{2}", "^3", "^{3}", "^{-1}", "^ {2}"])
SPACES = st.sampled_from(["", " ", "\\,", "\\;", "~", "\\ "])


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 999), UNITS, POWERS, SPACES, st.booleans())
def test_a_number_with_a_unit_and_its_power_is_the_number(
    n: int, unit: str, power: str, space: str, dollars: bool
) -> None:
    with_unit = f"{n}{space}\\text{{ {unit}}}{power}"
    if dollars:
        with_unit = f"${with_unit}$"
    assert compare_answers(str(n), with_unit).status == "equivalent"
    missing = compare_answers(with_unit, str(n))
    if unit == "units":  # a count word, not a physical unit: left off as before
        assert missing.status == "equivalent"
    else:
        assert (missing.status, missing.reason.split(":")[0]) == ("not_equivalent", "unit missing")
    # The power belongs to the unit: 10 cm^2 is not 100.
    assert compare_answers(with_unit, str(n * n)).status == "not_equivalent"
