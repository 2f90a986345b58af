"""Worked steps after the solutions are found: the pick among them, or a value at each.

A pick is written as a claim the checker works out (`\\max(-62, 66) = 66`); a value asked for
where the facts allow several values of a letter is worked out at each of them in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from tutor_app.verify.cas.reading import expression
from tutor_app.verify.cas.worked.equations import equation_steps
from tutor_app.verify.cas.worked.expressions import substituted, value_chain
from tutor_app.verify.cas.worked.lines import NoWorking, alternatives, line, tex

_PICKS = {  # the pick, and the words saying why that is the largest or smallest solution
    "largest": ("\\max", "The largest solution:"),
    "smallest": ("\\min", "The smallest solution:"),
    "positive": ("\\max", "Only one solution is positive, so it is the largest:"),
    "negative": ("\\min", "Only one solution is negative, so it is the smallest:"),
}


def pick_line(select: str, roots: list[sp.Expr], value: str | None) -> str | None:
    """The largest (or positive) solution as `\\max(a, b) = a`, a claim the checker works out."""
    if select not in _PICKS or not value:
        return None
    if len(roots) < 2 or not all(r.is_real for r in roots):
        return None
    name, words = _PICKS[select]
    chosen = max(roots) if name == "\\max" else min(roots)
    signed = [r for r in roots if (r > 0 if select == "positive" else r < 0)]
    if select in ("positive", "negative") and signed != [chosen]:
        return None
    if sp.simplify(chosen - expression(value)) != 0:
        return None
    listed = ", ".join(tex(r) for r in roots)
    return line(words, f"{name}\\left({listed}\\right) = \\boxed{{{value}}}")


_ORDINALS = ("first", "second", "third", "next")


def each_value_lines(
    text: str, relations: list[Any], points: Sequence[Any], answer: str
) -> list[str]:
    """The facts allow several values of one letter, all giving the same number: each in turn."""
    symbols = set().union(*(p.keys() for p in points))
    if len(relations) != 1 or not isinstance(relations[0], sp.Eq) or len(symbols) != 1:
        raise NoWorking("several letters, or several facts")
    x = symbols.pop()
    try:
        steps = equation_steps(relations[0].lhs, relations[0].rhs, x)
    except NoWorking:
        steps = [("Solve the equation given:", alternatives(x, [p[x] for p in points]))]
    lines = [line(words, maths) for words, maths in steps]
    values = sorted((p[x] for p in points), key=sp.default_sort_key)
    for index, value in enumerate(values):
        put = substituted(text, {x.name: value})
        words = f"Put the {_ORDINALS[min(index, 3)]} value of {x} in:"
        lines += value_chain(put, answer, words, box=index == len(values) - 1)
    return lines
