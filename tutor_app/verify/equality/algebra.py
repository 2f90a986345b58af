"""Equality of values, expressions, equations and sets, decided by SymPy with numeric witnesses."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import mpmath
import sympy as sp

from tutor_app.verify.parse.commands import has_opaque, opaque_equal
from tutor_app.verify.parse.parsing import PERCENT, PM
from tutor_app.verify.parse.series import improper, improper_equal, open_series, series_equal

RELATIVE_TOLERANCE = 1e-9
# A decimal written with this many significant digits is compared exactly, not rounded.
EXACT_DIGITS = 12
# How a decimal is read against an exact value. "human" (LaTeX and prose, as a marker reads
# them): a decimal rounded to its written places is the value. "machine" (plain CAS syntax, as a
# CAS grader reads it): the decimal must be the exact value as a double, so 0.33 is not 1/3.
DOUBLE_TOLERANCE = 5e-16
DECIMAL_READING: ContextVar[str] = ContextVar("decimal_reading", default="human")
# The decimals of the answer or step being judged, as written: "3.0" and "0.10" keep places
# that a parsed number has lost (3.0 is written to one place, so 7/2 = 3.0 is wrong).
WRITTEN_DECIMALS: ContextVar[tuple[str, ...]] = ContextVar("written_decimals", default=())
_DECIMAL_NUMERAL = re.compile(r"(?<![\d.])\d*\.\d+(?![\d.eE])")
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


def numeric(expr: sp.Expr, subs: dict[Any, Any] | None = None) -> Any:
    """Evaluate to an mpmath complex number (huge values allowed), or None when not finite."""
    try:
        value = sp.N(expr, 30, subs=subs) if subs else sp.N(expr, 30)
        if not value.is_number or value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            return None
        re_part, im_part = value.as_real_imag()
        result = mpmath.mpc(
            mpmath.mpmathify(sp.N(re_part, 30)), mpmath.mpmathify(sp.N(im_part, 30))
        )
        if not (mpmath.isfinite(result.real) and mpmath.isfinite(result.imag)):
            return None
        return result
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None


def close(a: Any, b: Any, tolerance: float = RELATIVE_TOLERANCE) -> bool:
    """Equal up to a relative tolerance (absolute near zero)."""
    return bool(abs(a - b) <= tolerance * max(1.0, abs(a), abs(b)))


def significant_digits(expr: Any) -> int:
    """The most significant digits among the decimal literals of an expression (0 if none)."""
    if not isinstance(expr, sp.Basic):
        return 0
    best = 0
    for number in expr.atoms(sp.Float):
        digits = sp.sstr(abs(number), full_prec=False).lower().split("e")[0].replace(".", "")
        best = max(best, len(digits.lstrip("0")))
    return best


def float_tolerance(a: Any, b: Any) -> float:
    """How closely values with decimals must agree: long decimals are taken at their word."""
    digits = max(significant_digits(a), significant_digits(b))
    return 1e-20 if digits >= EXACT_DIGITS else min(1e-6, 10.0 ** -(digits + 1))


def written_decimals(text: str) -> tuple[str, ...]:
    """The decimal numerals in a text as written, trailing zeros kept: "3.0", "0.10"."""
    return tuple(_DECIMAL_NUMERAL.findall(text))


def decimals_of(expr: Any) -> int | None:
    """The number of decimal places of a lone decimal literal, e.g. 3.33 -> 2; as written
    (3.0 -> 1) when the text being judged holds that decimal (see WRITTEN_DECIMALS)."""
    if isinstance(expr, sp.Float) or (isinstance(expr, sp.Mul) and expr.atoms(sp.Float)):
        floats = list(expr.atoms(sp.Float))
        if len(floats) == 1:
            written = WRITTEN_DECIMALS.get()
            if written:  # only a text being judged has them; the value is read only then
                value = sp.Rational(sp.sstr(abs(floats[0]), full_prec=False))
                matching = {
                    len(numeral.split(".")[1]) for numeral in written
                    if sp.Rational(numeral) == value
                }  # fmt: skip
                if len(matching) == 1:  # "0.1" and "0.10" both written: the value decides
                    return matching.pop()
            text = sp.sstr(floats[0], full_prec=False)
            return len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return None


def values_equal(
    a: Any, b: Any, sample: dict[Any, Any] | None = None, real_domain: bool = False
) -> bool | None:
    """Decide a == b for two expressions: True, False, or None when undecided.

    With `real_domain`, sample points where both sides take an even root or a logarithm of a
    negative number are passed over when enough other points remain: answers are real
    functions, compared where they are defined.
    """
    if a == b:
        return True
    handled, result = compare_by_shape(a, b, values_equal)
    if handled:
        return result
    if a.has(sp.oo, -sp.oo, sp.zoo) or b.has(sp.oo, -sp.oo, sp.zoo):
        return bool(sp.simplify(a - b) == 0) if a.free_symbols or b.free_symbols else a == b
    symbols = (a.free_symbols | b.free_symbols) - {PM}
    if not symbols:
        va, vb = numeric(a), numeric(b)
        if va is None or vb is None:
            return None
        if has_float(a) or has_float(b):
            if DECIMAL_READING.get() == "machine":
                return _same_double(va, vb)
            exact = close(va, vb, min(1e-12, float_tolerance(a, b)))
            # `1/3` against `0.33`: the later value may round the first. Not the other way:
            # an expected 0.33 may be exact, and then the answer 1/3 is not it.
            return exact or rounds_to(a, b)
        if not close(va, vb, 1e-12):
            return False
        if _agree_closely(a, b):
            return True
        return _proved_zero(a - b)
    floats = has_float(a) or has_float(b)
    tolerance = float_tolerance(a, b) if floats else 1e-15
    witness = counterexample(a, b, symbols, tolerance, real_domain=real_domain)
    if witness is not None:
        return False
    if not _evaluates_somewhere(a, b, symbols):
        return None  # no sample point gave both a value: nothing was compared
    # Agreement at several random points is overwhelming evidence for elementary functions.
    return True


def _evaluates_somewhere(a: sp.Expr, b: sp.Expr, symbols: set[Any]) -> bool:
    ordered = sorted(symbols, key=lambda s: s.name)
    return any(
        numeric(a, point) is not None and numeric(b, point) is not None
        for point in _points(ordered)
    )


def _same_double(va: Any, vb: Any) -> bool:
    """Equal to double precision: within a few units in the last place (relative 5e-16)."""
    return bool(abs(va - vb) <= DOUBLE_TOLERANCE * max(abs(va), abs(vb)))


def _agree_closely(a: sp.Expr, b: sp.Expr) -> bool:
    """Constants that agree to 60 digits are taken as equal (SymPy cannot prove every identity)."""
    try:
        va, vb = sp.N(a, 70), sp.N(b, 70)
        return bool(abs(va - vb) <= sp.Float("1e-60", 70) * max(1, abs(va), abs(vb)))
    except (TypeError, ValueError):
        return False


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


def rounds_to(exact: Any, decimal: Any) -> bool:
    """Whether `decimal` is `exact` rounded to the decimal places it is written with."""
    places = decimals_of(decimal)
    if places is None or has_float(exact):
        return False
    if not (isinstance(exact, sp.Expr) and exact.is_number and decimal.is_number):
        return False
    try:
        scale = sp.Integer(10) ** places
        nearest = sp.floor(sp.N(exact * scale, 40) + sp.Rational(1, 2))
        written = sp.Rational(sp.sstr(decimal, full_prec=False)) * scale
        if not (nearest.is_Integer and written.is_Integer):
            return False
        return bool(abs(nearest - written) <= (1 if _on_half(exact, scale) else 0))
    except (TypeError, ValueError, AttributeError):
        return False


def _on_half(exact: Any, scale: Any) -> bool:
    fraction = sp.N(exact * scale, 40) % 1
    return bool(abs(fraction - sp.Rational(1, 2)) < sp.Float("1e-30"))


def counterexample(
    a: sp.Expr, b: sp.Expr, symbols: set[Any], tolerance: float = 1e-8, real_domain: bool = False
) -> dict[Any, Any] | None:
    """A point where a and b both have finite values that differ, if one is found."""
    ordered = sorted(symbols, key=lambda s: s.name)
    points = _points(ordered)
    if real_domain and not (a.has(sp.I) or b.has(sp.I)):
        real = _real_counterexample(a, b, points, tolerance)
        if real is not None:
            return real or None
    agreed = 0
    for point in points:
        va, vb = numeric(a, point), numeric(b, point)
        if va is None or vb is None:
            continue
        if not close(va, vb, tolerance):
            return point
        agreed += 1
        if agreed >= 3:
            return None
    return None


def compare_by_shape(
    a: Any, b: Any, compare: Callable[[Any, Any], bool | None]
) -> tuple[bool, bool | None]:
    """(handled, result) for values compared by shape, not by sampling: improper integrals and
    sums, unevaluated series and unknown functions, whose parts are compared with `compare`."""
    if improper(a) or improper(b):
        return True, improper_equal(a, b)
    if open_series(a) or open_series(b):
        return True, series_equal(a, b, compare)
    if has_opaque(a) or has_opaque(b):
        return True, opaque_equal(a, b, compare)
    return False, None


def _real_counterexample(
    a: sp.Expr, b: sp.Expr, points: list[dict[Any, Any]], tolerance: float
) -> dict[Any, Any] | None:
    """Compare except where both sides take an even root or a logarithm of a negative number:
    a differing point, {} when two or more points agree, None when too few points were left to
    tell (then compare everywhere, as before).

    `1/((x+1)sqrt(2x+1))` and `1/((x+1)^2 sqrt(1-(x/(x+1))^2))` agree wherever they are real, and
    differ in sign only where both roots are of negative numbers, outside either answer's domain.
    A symbolic exponent (`(a^b)^c` against `a^(bc)`) is not skipped: it has no such domain.
    """
    agreed = 0
    for point in points:
        va, vb = numeric(a, point), numeric(b, point)
        if va is None or vb is None:
            continue
        if undefined_on_reals(a, point) and undefined_on_reals(b, point):
            continue
        if not close(va, vb, tolerance):
            return point
        agreed += 1
        if agreed >= 3:
            return {}
    return {} if agreed >= 2 else None


def undefined_on_reals(expr: sp.Expr, point: dict[Any, Any]) -> bool:
    """Whether an even root or a logarithm in `expr` has a negative argument at the point."""
    for node in sp.preorder_traversal(expr):
        arg = None
        if isinstance(node, sp.Pow) and node.exp.is_Rational and node.exp.q % 2 == 0:
            arg = node.base
        elif isinstance(node, sp.log):
            arg = node.args[0]
        if arg is not None and arg.free_symbols:
            value = numeric(arg, point)
            if value is not None and abs(value.imag) < 1e-12 and value.real < 0:
                return True
    return False


def _points(symbols: list[Any]) -> list[dict[Any, Any]]:
    rng = random.Random(len(symbols))
    points = []
    for shift in range(len(SAMPLE_POINTS)):
        point = {}
        for index, sym in enumerate(symbols):
            base = SAMPLE_POINTS[(shift + index) % len(SAMPLE_POINTS)]
            value = base + sp.Rational(rng.randint(0, 50), 97)
            point[sym] = abs(value) if sym.is_nonnegative else value  # honour `positive=True`
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
