"""Identities that hold for positive variables: roots and logarithms read as real functions.

`sqrt(1/x) = 1/sqrt(x)` and `2 log a + log b = log(a^2 b)` fail for some negative or complex
values (the principal branch of a root or logarithm jumps there), yet every school text and CAS
grader (Maxima's `radcan`) treats them as identities: the letters in such answers stand for
positive quantities (a length, a mass, a spring constant). So when two answers differ only
through such branches, they are compared where every variable is positive and both sides are
real. Absolute values and signs opt out: there the writer has said that sign matters.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import close, numeric

# Positive sample values spread below 1, between 1 and 3, and above 3.
POSITIVE_POINTS = (
    sp.Rational(3, 7),
    sp.Rational(7, 5),
    sp.Rational(23, 9),
    sp.Rational(11, 3),
    sp.Rational(5, 8),
    sp.Rational(29, 3),
    sp.Rational(1, 5),
    sp.Rational(17, 4),
)
MIN_AGREEING = 3
SIGN_AWARE = (sp.Abs, sp.sign, sp.floor, sp.ceiling, sp.Max, sp.Min)


def branch_sensitive(expr: Any) -> bool:
    """Whether an expression holds a root (a fractional power) or a logarithm of a variable."""
    if not isinstance(expr, sp.Expr) or not expr.free_symbols:
        return False
    if any(_is_root(p) for p in expr.atoms(sp.Pow)):
        return True
    return any(log.args[0].free_symbols for log in expr.atoms(sp.log))


def sign_aware(expr: sp.Expr) -> bool:
    """Whether the writer made sign matter: |x|, sign, or an even power under a root (sqrt(x^2))."""
    if expr.has(*SIGN_AWARE):
        return True
    for power in expr.atoms(sp.Pow):
        if _is_root(power) and any(
            inner.exp.is_even and inner.base.free_symbols for inner in power.base.atoms(sp.Pow)
        ):
            return True
    return False


def _is_root(power: sp.Pow) -> bool:
    """A variable under a fixed fractional power; symbolic exponents (a^b)^c are not roots."""
    exp = power.exp
    return bool(power.base.free_symbols) and exp.is_Rational and not exp.is_Integer


def equal_for_positive_variables(a: sp.Expr, b: sp.Expr) -> bool:
    """True when a and b agree wherever all variables are positive and both values are real."""
    if not (branch_sensitive(a) or branch_sensitive(b)):
        return False
    if sign_aware(a) or sign_aware(b):
        return False
    symbols = sorted((a.free_symbols | b.free_symbols), key=lambda s: s.name)
    agreed = 0
    for shift in range(len(POSITIVE_POINTS)):
        point = {
            s: POSITIVE_POINTS[(shift + 3 * i) % len(POSITIVE_POINTS)]
            for i, s in enumerate(symbols)
        }
        va, vb = numeric(a, point), numeric(b, point)
        if va is None or vb is None or not (_real(va) and _real(vb)):
            continue
        if not close(va, vb, 1e-15):
            return False
        agreed += 1
    return agreed >= MIN_AGREEING


def _real(value: Any) -> bool:
    return bool(abs(value.imag) <= 1e-20 * max(1, abs(value.real)))
