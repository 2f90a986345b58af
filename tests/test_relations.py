"""An inequality read from either side: `x > 3` is `3 < x`, never `3 \\le x`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.verify import compare_answers

WRITTEN = {"<": "<", ">": ">", "<=": "\\le", ">=": "\\ge"}
MIRROR = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(WRITTEN)),
    st.sampled_from(sorted(WRITTEN)),
    st.integers(-20, 20),
    st.sampled_from(["x", "y"]),
)
def test_an_inequality_turned_round_keeps_its_sign_and_its_strictness(
    op: str, other: str, bound: int, side: str
) -> None:
    gold = f"x {WRITTEN[op]} {bound}" if side == "x" else f"x {WRITTEN[op]} y"
    turned = f"{bound} {WRITTEN[other]} x" if side == "x" else f"y {WRITTEN[other]} x"
    status = compare_answers(gold, turned).status
    if other == MIRROR[op]:
        assert status == "equivalent", (gold, turned)
    else:  # another sign, or the same strictness the wrong way round: never accepted
        assert status != "equivalent", (gold, turned)
