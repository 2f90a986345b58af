"""How a worked solution's lines are written: a few words, then the line's maths in $...$."""

from __future__ import annotations

from typing import Any

import sympy as sp


class NoWorking(ValueError):
    """This generator does not apply to the task; another one (or none) may."""


def tex(value: Any) -> str:
    """SymPy's LaTeX for a value (what the safe parser reads back)."""
    return sp.latex(value)


def line(words: str, maths: str) -> str:
    """One line: the words say what is done, the maths is what the checker checks."""
    return f"{words} ${maths}$" if words else f"${maths}$"


def equation(lhs: Any, rhs: Any) -> str:
    """`lhs = rhs` in LaTeX, without SymPy deciding the equation is True or False."""
    return f"{tex(lhs)} = {tex(rhs)}"


def alternatives(symbol: sp.Symbol, values: list[Any]) -> str:
    """`x = 2 \\text{ or } x = 3`."""
    return " \\text{ or } ".join(f"{symbol.name} = {tex(v)}" for v in values)


def boxed(words: str, answer: str) -> str:
    """The last line: the answer in a box, as the model is asked to give it."""
    return line(words, f"\\boxed{{{answer}}}")
