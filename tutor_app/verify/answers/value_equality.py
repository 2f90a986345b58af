"""Equality of answer values: numbers with their rounding, tuples, systems, sets and intervals."""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import (
    compare_by_shape,
    has_float,
    percent_readings,
    sets_equal,
    values_equal,
)
from tutor_app.verify.equality.branches import equal_for_positive_variables
from tutor_app.verify.equality.exponents import equal_for_whole_exponents
from tutor_app.verify.equality.forms import Form


def value_equal(gold: Any, cand: Any) -> bool | None:
    """Two answer values, each read with a percent sign as /100 and as the bare number."""
    for g in percent_readings(gold):
        for c in percent_readings(cand):
            result = rounded_equal(g, c)
            if result:
                return True
            if result is None:
                return None
    return False


def rounded_equal(gold: Any, cand: Any) -> bool | None:
    """Two values or tuples: exactly, as rounded decimals, or by the conventions for letters."""
    if isinstance(gold, tuple) or isinstance(cand, tuple):
        if not (isinstance(gold, tuple) and isinstance(cand, tuple)):
            return False
        return sequence_equal(list(gold), list(cand))
    if not isinstance(gold, sp.Expr) or not isinstance(cand, sp.Expr):
        return None
    handled, shaped = compare_by_shape(gold, cand, rounded_equal)
    if handled:
        return shaped
    result = values_equal(gold, cand, real_domain=True)
    if result is False and equal_for_positive_variables(gold, cand):
        return True
    if result is False and equal_for_whole_exponents(gold, cand, values_equal):
        return True
    return result


def sequence_equal(xs: list[Any], ys: list[Any]) -> bool | None:
    """Two lists, item by item in order."""
    if len(xs) != len(ys):
        return False
    undecided = False
    for x, y in zip(xs, ys):
        result = rounded_equal(x, y)
        if result is False:
            return False
        undecided |= result is None
    return None if undecided else True


def tuples_as_sets(xs: list[Any], ys: list[Any]) -> bool | None:
    """Unordered lists of tuples are sets: each tuple of one is a tuple of the other."""
    undecided = False
    for one, other in ((xs, ys), (ys, xs)):
        for x in one:
            results = [rounded_equal(x, y) for y in other]
            if not any(results):
                if all(r is False for r in results):
                    return False
                undecided = True
    return None if undecided else True


def systems_equal(a: dict[Any, Any], b: dict[Any, Any]) -> bool | None:
    """Two systems `x = 1, y = 2`: the same variables with equal values."""
    if set(a) != set(b):
        return False
    return sequence_equal([a[k] for k in sorted(a, key=str)], [b[k] for k in sorted(a, key=str)])


def set_forms_equal(a: Form, b: Form) -> bool | None:
    """Two answers read as sets (intervals, finite sets, solution sets)."""
    sa, sb = _as_set(a), _as_set(b)
    if sa is None or sb is None:
        return False
    if has_float(sa) or has_float(sb):
        return _rounded_intervals_equal(sa, sb)
    return sets_equal(sa, sb)


def _rounded_intervals_equal(a: sp.Set, b: sp.Set) -> bool | None:
    """Intervals with decimal ends: `(0.6, 2.6667]` is `(3/5, 8/3]` with its ends rounded."""
    xs, ys = _intervals(a), _intervals(b)
    if xs is None or ys is None:
        return sets_equal(a, b)
    if len(xs) != len(ys):
        return False
    for x, y in zip(xs, ys):
        if (x.left_open, x.right_open) != (y.left_open, y.right_open):
            return False
        ends = sequence_equal([x.start, x.end], [y.start, y.end])
        if not ends:
            return ends
    return True


def _intervals(value: sp.Set) -> list[sp.Interval] | None:
    parts = list(value.args) if isinstance(value, sp.Union) else [value]
    if not all(isinstance(p, sp.Interval) for p in parts):
        return None
    return sorted(parts, key=lambda p: float(p.start) if p.start.is_finite else -1e300)


def _as_set(form: Form) -> sp.Set | None:
    if form.kind == "set":
        return form.value
    bare = form.kind == "values" and form.brackets == ""
    if form.kind in ("roots",) or (form.kind == "values" and not form.ordered) or bare:
        return sp.FiniteSet(*form.items)
    if form.kind == "values" and form.brackets in ("()", "[]") and len(form.items) == 2:
        lo, hi = form.items
        open_ = form.brackets == "()"
        return sp.Interval(lo, hi, left_open=open_, right_open=open_)
    if form.kind == "value" and isinstance(form.value, sp.Expr):
        return sp.FiniteSet(form.value)
    if form.kind == "assign" and isinstance(form.value, sp.Expr):
        return sp.FiniteSet(form.value)
    return None
