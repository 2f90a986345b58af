"""Worked solutions with whole-number answers: the integer next to a value, a residue in range.

Every line is a claim about numbers (`\\lfloor v \\rfloor = 13535`, `a = m \\cdot q + r`) that the
checker confirms by working the numbers out; the reasoning that picks the claim is in the words.
"""

from __future__ import annotations

import sympy as sp

from tutor_app.verify.cas import solving
from tutor_app.verify.cas.reading import Congruence, Givens, congruence_of, statement
from tutor_app.verify.cas.worked.lines import NoWorking, line, tex
from tutor_app.verify.task import Task


def bound_lines(text: str, value: sp.Expr, below: bool, answer: str) -> list[str]:
    """The greatest integer below (or least above) a value: its exact form, then its floor."""
    if not value.is_real or value.free_symbols:
        raise NoWorking("not a real number")
    lines: list[str] = []
    exact = sp.expand(value)
    if exact != value and sp.count_ops(exact) < 2 * sp.count_ops(value) + 4:
        lines.append(line("Multiply out:", f"{text} = {tex(exact)}"))
        lines += _partner_lines(text, value)
    if value.is_Integer:
        words = (
            f"It is the whole number {value}, so the answer is one {'below' if below else 'above'}:"
        )
        sign = "-" if below else "+"
        return lines + [line(words, f"{tex(value)} {sign} 1 = \\boxed{{{answer}}}")]
    low = sp.floor(value)
    words = f"It lies between {low} and {low + 1}, so the answer is"
    bracket = ("\\lfloor", "\\rfloor") if below else ("\\lceil", "\\rceil")
    return lines + [line(words, f"{bracket[0]} {text} {bracket[1]} = \\boxed{{{answer}}}")]


def _partner_lines(text: str, value: sp.Expr) -> list[str]:
    """`(a + b)^n` beside `(a - b)^n`, which is between 0 and 1: their sum is a whole number."""
    if not (isinstance(value, sp.Pow) and value.exp.is_Integer and value.exp > 1):
        return []
    terms = sp.Add.make_args(value.base)
    if len(terms) != 2 or not all(t.is_positive for t in terms):
        return []
    big, small = sorted(terms, key=lambda t: sp.N(t, 30), reverse=True)
    partner = (big - small) ** value.exp
    total = sp.expand(value + partner)
    if not (total.is_Integer and 0 < sp.N(partner, 30) < 1):
        return []
    written = f"\\left({tex(big)} - {tex(small)}\\right)^{{{value.exp}}}"
    return [
        line("With the sign between the roots changed:", f"{written} = {tex(sp.expand(partner))}"),
        line("Added, the square roots cancel:", f"{text} + {written} = {total}"),
        line(
            "That power is between 0 and 1, as the difference of the roots is, so",
            f"{text} = {total} - {written}",
        ),
    ]


def residue_lines(congruence: Congruence, low: int, value: int) -> list[str]:
    """`n ≡ a (mod m)` with low ≤ n < low + m: divide a by m, the value left over is n."""
    a, m = congruence.right, congruence.modulus
    if not (isinstance(congruence.left, sp.Symbol) and a.is_Integer):
        raise NoWorking("a congruence that does not give one unknown's residue")
    a = int(a)
    n = low + (a - low) % m
    if n != value:
        raise NoWorking("not the value the CAS found")
    lines: list[str] = []
    q, r = divmod(-a, m)
    if a < 0 and r:
        lines.append(line(f"First divide {-a} by {m}:", f"{-a} = {m} \\cdot {q} + {r}"))
        words = f"So {a} is {r} below a multiple of {m}, and {m - r} above the one before it:"
        lines.append(line(words, f"{a} = {m} \\cdot \\left({-q - 1}\\right) + {m - r}"))
    k = (a - n) // m
    shown = f"\\left({k}\\right)" if k < 0 else str(k)
    words = (
        f"The one number from {low} to {low + m - 1} that differs from {a} by a multiple of {m}:"
    )
    return lines + [line(words, f"{a} - {m} \\cdot {shown} = \\boxed{{{n}}}")]


def residue_in_range(task: Task, givens: Givens, value: int) -> list[str]:
    """One congruence and a range as long as its modulus: the one residue in the range."""
    found = [congruence_of(text, givens) for text in task.maths]
    congruences = [c for c in found if c is not None]
    others = [statement(t, givens) for t, c in zip(task.maths, found) if c is None]
    region = solving.solve(solving.relations_of(others), []) if others else None
    if len(congruences) != 1 or region is None or region.finite or region.region is None:
        raise NoWorking("not one congruence and a range")
    span, modulus = region.region, congruences[0].modulus
    if not isinstance(span, sp.Interval) or not (span.start.is_Integer and span.end.is_Integer):
        raise NoWorking("not a range between whole numbers")
    low = int(span.start) + (1 if span.left_open else 0)
    high = int(span.end) - (1 if span.right_open else 0)
    if high - low + 1 != modulus:
        raise NoWorking("a range holding more or fewer than one residue")
    return residue_lines(congruences[0], low, value)
