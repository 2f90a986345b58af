"""Sums and products with bounds (`\\sum_{k=0}^{n-1} F_k F_{n-k-1}`), and how to compare them.

A sum whose bounds hold a letter n is worked out by SymPy when it has a closed form. When it
has none (a term of an unknown sequence, F_k), two such sums are compared by writing them out
for several whole numbers n: equal sums agree for each, and one n where they differ shows
they are not the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from tutor_app.verify.parse.commands import opaque_call
from tutor_app.verify.parse.tokens import ParseError

MAX_TERMS = 1000
# Whole numbers tried for the letters in the bounds: enough to tell sums apart, few enough to
# write out quickly.
TRIAL_VALUES = (3, 4, 6, 7)
_SERIES = {"sum": sp.Sum, "prod": sp.Product}


def build_series(name: str, body: Any, var: sp.Symbol, lower: Any, upper: Any) -> Any:
    """The SymPy sum or product, worked out when it has a closed form."""
    # `F_k` in a sum over k is the k-th term of a sequence F, not one fixed letter.
    terms = {
        s: opaque_call(s.name.rsplit("_", 1)[0], [var])
        for s in body.free_symbols
        if s.name.endswith("_" + var.name) and len(s.name) > len(var.name) + 1
    }
    series = _SERIES[name](body.xreplace(terms), (var, lower, upper))
    if improper(series):
        return series  # infinite: kept as written, compared only by its shape
    count = upper - lower
    if count.is_Integer and count > MAX_TERMS:
        raise ParseError("too many terms to check")
    worked = series.doit()
    return series if worked.has(sp.Sum, sp.Product) and not count.is_Integer else worked


def improper(expr: Any) -> bool:
    """Whether an expression holds an integral left unworked or an infinite sum or product."""
    if not isinstance(expr, sp.Basic):
        return False
    if expr.has(sp.Integral):
        return True
    return any(
        limit.has(sp.oo, -sp.oo)
        for series in expr.atoms(sp.Sum, sp.Product)
        for limit in series.limits
    )


def improper_equal(a: sp.Expr, b: sp.Expr) -> bool | None:
    """Equal when written alike up to the names of bound variables; else undecided."""
    return True if a.as_dummy() == b.as_dummy() else None


def open_series(expr: Any) -> bool:
    """Whether an expression holds a sum or product whose bounds contain a letter."""
    return isinstance(expr, sp.Basic) and any(
        (lower - upper).free_symbols
        for series in expr.atoms(sp.Sum, sp.Product)
        for _, lower, upper in series.limits
    )


def series_equal(a: sp.Expr, b: sp.Expr, equal: Callable[[Any, Any], bool | None]) -> bool | None:
    """Compare expressions with open sums by writing them out for several whole numbers."""
    if a.as_dummy() == b.as_dummy():
        return True
    letters = sorted(
        {
            s
            for expr in (a, b)
            for series in expr.atoms(sp.Sum, sp.Product)
            for _, lower, upper in series.limits
            for s in (lower.free_symbols | upper.free_symbols)
        },
        key=lambda s: s.name,
    )
    undecided = False
    for shift, value in enumerate(TRIAL_VALUES):
        point = {s: sp.Integer(value + (shift + i) % 3) for i, s in enumerate(letters)}
        written_a, written_b = a.xreplace(point).doit(), b.xreplace(point).doit()
        if open_series(written_a) or open_series(written_b):
            return None
        result = equal(written_a, written_b)
        if result is False:
            return False
        undecided |= result is None
    return None if undecided else True
