"""Numbers as people write them in arithmetic claims: `10,440,000` is ten million and more."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import check_step
from tutor_app.verify.parse.extract import without_thousands_separators

big = st.integers(1_000, 99_999_999)


@settings(max_examples=40, deadline=None)
@given(big, big, st.integers(1, 999))
def test_a_sum_written_with_thousands_separators_is_checked(a: int, b: int, off: int) -> None:
    claim = f"{a:,} + {b:,}"
    assert check_step(claim, f"{a + b:,}").status == "valid"
    assert check_step(claim, f"{a + b + off:,}").status == "invalid"
    assert check_step(claim, str(a + b)).status == "valid"  # with or without the separators


@settings(max_examples=25, deadline=None)
@given(big, st.integers(2, 99))
def test_a_product_and_a_quotient_with_separators_are_checked(a: int, k: int) -> None:
    assert check_step(f"{a:,} * {k}", f"{a * k:,}").status == "valid"
    assert check_step(f"{a * k:,} / {k}", f"{a:,}").status == "valid"
    assert check_step(f"{a:,} * {k}", f"{a * k + 1:,}").status == "invalid"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("10,440,000 / 2", "10440000 / 2"),
        ("250+150+1,050+180", "250+150+1050+180"),
        ("(1,2) + (3,4)", "(1,2) + (3,4)"),  # points keep their commas
        ("x = 1, 050", "x = 1, 050"),  # a comma and a space: a list
        ("1,0500 + 1", "1,0500 + 1"),  # four digits after the comma: not thousands
        ("0.123,456", "0.123,456"),  # after a decimal point: not thousands
    ],
)
def test_only_commas_that_group_thousands_are_dropped(text: str, read: str) -> None:
    assert without_thousands_separators(text) == read
