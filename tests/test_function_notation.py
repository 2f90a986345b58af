"""`f(x) = 2x + 3` answers with its expression, as `y = 2x + 3` and `2x + 3` do."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

NAMES = st.sampled_from(["f", "g", "h", "p", "q"])
VARIABLES = st.sampled_from(["x", "u", "v", "z"])  # not s or t: seconds and tonnes
small = st.integers(-9, 9).filter(bool)


@settings(max_examples=40, deadline=None)
@given(NAMES, VARIABLES, small, small, st.booleans())
def test_a_function_answers_with_its_expression(
    name: str, var: str, a: int, b: int, latex: bool
) -> None:
    body = f"{a}{var} + {b}" if b > 0 else f"{a}{var} - {-b}"
    defined = f"${name}({var}) = {body}$" if latex else f"{name}({var}) = {body}"
    swapped = f"{b} + {a}{var}"  # the same expression written in another order
    for other in (body, swapped, f"y = {body}"):
        assert compare_answers(defined, other).status == "equivalent", other
        assert compare_answers(other, defined).status == "equivalent", other
    assert compare_answers(defined, f"{a}{var} + {b + 1}").status == "not_equivalent"


def test_only_a_definition_in_its_own_letters_is_read_so() -> None:
    # P(A) = 0.3 names a probability, not a function of A: it is not read as 0.3 alone.
    assert compare_answers("P(A) = 0.3", "P(B) = 0.3").status != "equivalent"
