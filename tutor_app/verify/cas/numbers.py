"""Whole-number work: remainders of huge powers, digits, bases, divisors and factorisations."""

from __future__ import annotations

import sympy as sp

from tutor_app.verify.cas.reading import Unreadable

MAX_EXPONENT = 10**12


def whole(value: sp.Expr) -> int:
    """The value as a Python int; Unreadable when it is not a whole number."""
    if not (isinstance(value, sp.Expr) and value.is_Integer):
        raise Unreadable("not a whole number")
    return int(value)


def residue(expr: sp.Expr, modulus: int) -> int:
    """`expr` modulo `modulus` without computing huge powers in full: 129^34 + 96^38 mod 11."""
    if expr.is_Integer:
        return int(expr) % modulus
    if isinstance(expr, sp.Add):
        return sum(residue(term, modulus) for term in expr.args) % modulus
    if isinstance(expr, sp.Mul):
        result = 1
        for factor in expr.args:
            result = result * residue(factor, modulus) % modulus
        return result
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and 0 <= expr.exp <= MAX_EXPONENT:
        return pow(residue(expr.base, modulus), int(expr.exp), modulus)
    raise Unreadable("a remainder of something that is not a whole-number expression")


def digits_in_base(number: int, base: int) -> str:
    """`555` in base 5 is `4210`; digits past 9 are capital letters."""
    if number < 0 or not 2 <= base <= 36:
        raise Unreadable("only whole numbers from 0 are written in a base")
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, digit = divmod(number, base)
        out = alphabet[digit] + out
        if number == 0:
            return out


def in_base(number: int, base: int) -> str:
    """A number written in a base the way books do: `4210_5`, `52_{8}` for base 8, `1A_{16}`."""
    digits = digits_in_base(number, base)
    return digits if base == 10 else f"{digits}_{{{base}}}"


def prime_factorisation(number: int) -> str:
    """`196` is `2^{2} \\cdot 7^{2}`."""
    if number < 2:
        raise Unreadable("only whole numbers from 2 have a prime factorisation")
    parts = []
    for prime, power in sorted(sp.factorint(number).items()):
        parts.append(str(prime) if power == 1 else f"{prime}^{{{power}}}")
    return " \\cdot ".join(parts)


def positive_whole(value: sp.Expr) -> int:
    """A whole number from 1, for divisor questions."""
    number = whole(value)
    if number < 1:
        raise Unreadable("divisors are counted for whole numbers from 1")
    return number
