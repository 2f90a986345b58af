"""Numerals: decimals, whole numbers, numbers in another base, and powers kept to a safe size."""

from __future__ import annotations

import math
import re
from typing import Any

import sympy as sp

from tutor_app.verify.parse.tokens import ParseError

MAX_DIGITS = 2000


MAX_ODD_ROOT = 99  # a 101st root of a decimal is noise, not school maths


def checked_pow(base: Any, exp: Any) -> Any:
    """Raise to a power, refusing numbers too large to compute (such as 9**9**9**9)."""
    if base.is_number and exp.is_number and exp.is_real and base != 0:
        magnitude = abs(sp.N(exp, 15)) if exp.is_finite else 0
        size = abs(sp.N(base, 15)) if base.is_finite else 10
        if size != 1 and magnitude * abs(math.log10(float(size) or 10.0)) > MAX_DIGITS:
            raise ParseError("number too large to check")
    real = real_odd_root(base, exp)
    return real if real is not None else sp.Pow(base, exp)


def real_odd_root(base: Any, exp: Any) -> Any:
    """`(-5)^(1/3)` as school maths reads it: the real cube root, not SymPy's complex one.

    A negative number to a power p/q in lowest terms with q odd (1/3, 2/6, 4/3, 0.2) is
    (-1)^p |base|^(p/q). Anything else: None."""
    if not (base.is_number and base.is_extended_real and base.is_negative):
        return None
    if isinstance(exp, sp.Float):
        exp = sp.Rational(str(exp))  # 0.2 is exactly 1/5
    if not isinstance(exp, sp.Rational) or exp.q == 1 or exp.q % 2 == 0 or exp.q > MAX_ODD_ROOT:
        return None
    return (-1) ** exp.p * sp.Pow(-base, exp)


def number(text: str) -> sp.Expr:
    """A numeral: a decimal kept to its written precision, or a whole number."""
    if "." in text or "e" in text.lower():
        # a decimal, or scientific notation such as 1500E-1 (a decimal written shifted)
        digits = len(re.split("[eE]", text)[0].replace(".", ""))
        return sp.Float(text, max(15, digits + 2))
    if len(text) > MAX_DIGITS:
        raise ParseError("number too long")
    return sp.Integer(text)


def letter(name: str) -> sp.Expr:
    """A one-letter name: e and i are the constants, any other letter a variable."""
    if name == "e":
        return sp.E
    if name == "i":
        return sp.I
    return sp.Symbol(name)


def from_base(digits: str, base: str) -> sp.Integer:
    """`1011` read in base `2`: a whole number written in base 2 to 36."""
    if not base.isdigit() or not 2 <= int(base) <= 36:
        raise ParseError("a number base must be a whole number from 2 to 36")
    try:
        return sp.Integer(int(digits, int(base)))
    except ValueError as exc:
        raise ParseError(f"{digits} is not a number in base {base}") from exc
