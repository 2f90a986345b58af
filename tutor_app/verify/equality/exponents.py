"""Powers whose exponent is a letter, read as school algebra reads them: a whole number.

`((x-2)^3)^k = (x-2)^(3k)` and `(-cos x)^n = (-1)^n cos(x)^n` hold for every whole k and n, and
that is what such a letter stands for in a textbook (and what Maxima's simplifier assumes).
Over the complex numbers with principal branches they can fail for fractional exponents, so
SymPy keeps them apart. Only a power of a power with a whole inner exponent, or of a product,
is opened up: `(a^b)^c` with a letter b stays as written (it is not a^(bc) for negative a).
"""

from __future__ import annotations

from typing import Any

import sympy as sp


def _letter_exponent(expr: Any) -> bool:
    """A power whose exponent is a whole-number combination of letters: k, 3k, n + 2."""
    if not (isinstance(expr, sp.Pow) and expr.exp.free_symbols):
        return False
    try:
        poly = sp.Poly(expr.exp, *sorted(expr.exp.free_symbols, key=lambda s: s.name))
    except sp.PolynomialError:
        return False
    return all(c.is_Integer for c in poly.coeffs())  # not 1/n or n/2


def _opened(power: sp.Pow) -> Any:
    base, exp = power.base, power.exp
    if isinstance(base, sp.Pow) and base.exp.is_Integer:
        return base.base ** (base.exp * exp)
    if isinstance(base, sp.Mul):
        return sp.Mul(*(factor**exp for factor in base.args))
    return power


def with_whole_exponents(expr: sp.Expr) -> sp.Expr:
    """Open `(u^m)^k` to u^(mk) (m a whole number) and `(uv)^k` to u^k v^k, k a letter."""
    for _ in range(4):  # nested powers open one level at a time
        opened = expr.replace(_letter_exponent, _opened)
        if opened == expr:
            break
        expr = opened
    return expr


def equal_for_whole_exponents(a: sp.Expr, b: sp.Expr, equal: Any) -> bool:
    """True when a and b agree once letter exponents are read as whole numbers."""
    if not (a.atoms(sp.Pow) or b.atoms(sp.Pow)):
        return False
    opened_a, opened_b = with_whole_exponents(a), with_whole_exponents(b)
    if opened_a == a and opened_b == b:
        return False
    return equal(opened_a, opened_b) is True
