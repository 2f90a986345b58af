"""Equality of values, expressions, equations and sets, decided by SymPy with numeric witnesses."""

from __future__ import annotations

import random
from typing import Any

import sympy as sp

from tutor_app.verify.parsing import PERCENT, PM

RELATIVE_TOLERANCE = 1e-9
SAMPLE_POINTS = (
    sp.Rational(7, 5),
    sp.Rational(-13, 7),
    sp.Rational(23, 9),
    sp.Rational(-5, 11),
    sp.Rational(11, 3),
)


def signs(expr: Any) -> list[Any]:
    """Expand the ± marker into its two readings (one when there is none)."""
    if isinstance(expr, sp.Basic) and PM in expr.free_symbols:
        return [expr.subs(PM, 1), expr.subs(PM, -1)]
    return [expr]


def has_float(expr: Any) -> bool:
    """Whether a decimal literal appears in the expression."""
    return isinstance(expr, sp.Basic) and bool(expr.atoms(sp.Float))


def numeric(expr: sp.Expr, subs: dict[Any, Any] | None = None) -> complex | None:
    """Evaluate to a complex number, or None when it is not a finite number."""
    try:
        value = sp.N(expr, 30, subs=subs) if subs else sp.N(expr, 30)
        if not value.is_number or value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            return None
        return complex(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None


def close(a: complex, b: complex, tolerance: float = RELATIVE_TOLERANCE) -> bool:
    """Equal up to a relative tolerance (absolute near zero)."""
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def decimals_of(expr: Any) -> int | None:
    """The number of decimal places of a lone decimal literal, e.g. 3.33 -> 2."""
    if isinstance(expr, sp.Float) or (isinstance(expr, sp.Mul) and expr.atoms(sp.Float)):
        floats = list(expr.atoms(sp.Float))
        if len(floats) == 1:
            text = sp.sstr(floats[0], full_prec=False)
            return len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return None


def values_equal(a: Any, b: Any, sample: dict[Any, Any] | None = None) -> bool | None:
    """Decide a == b for two expressions: True, False, or None when undecided."""
    if a == b:
        return True
    if a.has(sp.oo, -sp.oo, sp.zoo) or b.has(sp.oo, -sp.oo, sp.zoo):
        return bool(sp.simplify(a - b) == 0) if a.free_symbols or b.free_symbols else a == b
    symbols = (a.free_symbols | b.free_symbols) - {PM}
    if not symbols:
        va, vb = numeric(a), numeric(b)
        if va is None or vb is None:
            return None
        if has_float(a) or has_float(b):
            return close(va, vb, 1e-6)
        if not close(va, vb, 1e-12):
            return False
        return _proved_zero(a - b)
    witness = counterexample(a, b, symbols)
    if witness is not None:
        return False
    if has_float(a) or has_float(b):
        return True
    proved = _proved_zero(a - b)
    # Agreement at several random points is overwhelming evidence for elementary functions.
    return True if proved is None else proved


def _proved_zero(diff: sp.Expr) -> bool | None:
    if diff == 0:
        return True
    try:
        expanded = sp.expand(diff)
        if expanded == 0:
            return True
        simplified = sp.simplify(expanded)
        if simplified == 0:
            return True
        if simplified.is_number and simplified.is_zero is False:
            return False
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    return None


def counterexample(a: sp.Expr, b: sp.Expr, symbols: set[Any]) -> dict[Any, Any] | None:
    """A point where a and b both have finite values that differ, if one is found."""
    ordered = sorted(symbols, key=lambda s: s.name)
    points = _points(ordered)
    agreed = 0
    for point in points:
        va, vb = numeric(a, point), numeric(b, point)
        if va is None or vb is None:
            continue
        if not close(va, vb, 1e-8):
            return point
        agreed += 1
        if agreed >= 3:
            return None
    return None


def _points(symbols: list[Any]) -> list[dict[Any, Any]]:
    rng = random.Random(len(symbols))
    points = []
    for shift in range(len(SAMPLE_POINTS)):
        point = {}
        for index, sym in enumerate(symbols):
            base = SAMPLE_POINTS[(shift + index) % len(SAMPLE_POINTS)]
            point[sym] = base + sp.Rational(rng.randint(0, 50), 97)
        points.append(point)
    return points


def describe(point: dict[Any, Any]) -> str:
    """Write a sample point as `x = 7/5, y = 2`."""
    return ", ".join(f"{k} = {v}" for k, v in sorted(point.items(), key=lambda kv: str(kv[0])))


def percent_readings(expr: Any) -> list[Any]:
    """Read a percent sign as /100 first, then as the bare number."""
    if isinstance(expr, sp.Basic) and PERCENT in expr.free_symbols:
        return [expr.subs(PERCENT, sp.Rational(1, 100)), expr.subs(PERCENT, 1)]
    return [expr]


def sets_equal(a: sp.Set, b: sp.Set) -> bool | None:
    """Decide whether two SymPy sets hold the same elements."""
    if isinstance(a, sp.FiniteSet) and isinstance(b, sp.FiniteSet):
        return finite_sets_equal(list(a), list(b))
    try:
        left = sp.Complement(a, b)
        right = sp.Complement(b, a)
        empty_left, empty_right = left.is_empty, right.is_empty
    except (TypeError, ValueError, NotImplementedError):
        return None
    if empty_left and empty_right:
        return True
    if empty_left is False or empty_right is False:
        return False
    return None


def finite_sets_equal(a: list[Any], b: list[Any]) -> bool | None:
    """Match two collections as sets: every element of each equals one of the other."""
    undecided = False
    for xs, ys in ((a, b), (b, a)):
        for x in xs:
            found = False
            for y in ys:
                eq = values_equal(x, y)
                if eq:
                    found = True
                    break
                if eq is None:
                    undecided = True
            if not found:
                return None if undecided else False
    return True
