"""Steps that reorganise a line without solving it, decided without solving.

- a closed claim (`1=1`, `0=3`, `true and false`) against true, false, none or `{}`;
- statements in letters A, B joined by and/or/not, compared by truth tables;
- an inequality in several letters rearranged or multiplied by a positive number;
- an equation in positive letters solved for one of them (`T = 2 pi sqrt(L/g)` to L = ...).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import values_equal
from tutor_app.verify.equality.statements import has_relations, proportional, propositional_equal
from tutor_app.verify.parse.nodes import Chain, Logic, Rel, Seq

_ORIENT = {"<": "<", "<=": "<=", ">": "<", ">=": "<="}


def closed_truth(obj: Any) -> bool | None:
    """The truth of a statement without variables (`1=2`, `true and false`, `{}`), if known."""
    if isinstance(obj, sp.logic.boolalg.BooleanAtom):
        return bool(obj)
    if obj == sp.S.EmptySet:
        return False  # `{}`: no solutions, as a line of working
    if isinstance(obj, Rel) and obj.op == "=":
        if not all(isinstance(s, sp.Expr) and not s.free_symbols for s in (obj.lhs, obj.rhs)):
            return None
        return values_equal(obj.lhs, obj.rhs)
    if isinstance(obj, Logic) and obj.kind in ("and", "or", "not"):
        values = [closed_truth(i) for i in obj.items]
        if obj.kind == "not":
            return None if values[0] is None else not values[0]
        decisive = obj.kind == "or"
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    return None


def propositional_step(before: Any, after: Any) -> bool | None:
    """Two statements built only from letters and and/or/not: equal truth tables, or not."""
    if not all(_letters_only(s) for s in (before, after)):
        return None
    if not any(isinstance(s, Logic) for s in (before, after)):
        return None
    return propositional_equal(before, after)


def _letters_only(obj: Any) -> bool:
    if isinstance(obj, sp.Symbol | sp.logic.boolalg.BooleanAtom):
        return True
    return (
        isinstance(obj, Logic)
        and not has_relations(obj)
        and all(_letters_only(i) for i in obj.items)
    )


def same_inequality(before: Any, after: Any) -> bool:
    """`a - 3 < x^2 - a x` from `-x^2 + a x + a - 3 < 0`: the same f < 0 up to a positive factor."""
    if not (isinstance(before, Rel) and isinstance(after, Rel)):
        return False
    oriented = [_oriented(r) for r in (before, after)]
    if oriented[0] is None or oriented[1] is None or oriented[0][1] != oriented[1][1]:
        return False
    return proportional(oriented[0][0], oriented[1][0], positive_factor=True) is True


def _oriented(rel: Rel) -> tuple[Any, str] | None:
    if rel.op not in _ORIENT or not all(isinstance(s, sp.Expr) for s in (rel.lhs, rel.rhs)):
        return None
    difference = rel.rhs - rel.lhs if rel.op in ("<", "<=") else rel.lhs - rel.rhs
    return difference, _ORIENT[rel.op]


def solved_for_one_letter(before: Any, after: Any) -> bool:
    """Equations in positive letters that give the same formula for some letter."""
    if not all(isinstance(s, Rel) and s.op == "=" for s in (before, after)):
        return False
    if isinstance(before, Chain | Seq) or isinstance(after, Chain | Seq):
        return False
    letters = (before.lhs.free_symbols | before.rhs.free_symbols) & (
        after.lhs.free_symbols | after.rhs.free_symbols
    )
    if not letters or not all(s.is_positive for s in letters):
        return False
    for letter in sorted(letters, key=lambda s: s.name):
        try:
            one = sp.solve(sp.Eq(before.lhs, before.rhs), letter)
            other = sp.solve(sp.Eq(after.lhs, after.rhs), letter)
        except (NotImplementedError, ValueError, TypeError):
            continue
        if len(one) == 1 and len(other) == 1:
            return values_equal(one[0], other[0]) is True
    return False


def same_formula(before: Any, after: Any) -> bool:
    """`x = sin(y)/cos(y)` to `x = tan(y)`: one letter given by formulas with equal values."""
    sides = [_formula(r) for r in (before, after)]
    if sides[0] is None or sides[1] is None or sides[0][0] != sides[1][0]:
        return False
    return values_equal(sides[0][1], sides[1][1]) is True


def _formula(rel: Any) -> tuple[Any, Any] | None:
    if not (isinstance(rel, Rel) and rel.op == "="):
        return None
    for letter, formula in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
        if isinstance(letter, sp.Symbol) and isinstance(formula, sp.Expr):
            if letter not in formula.free_symbols:
                return letter, formula
    return None
