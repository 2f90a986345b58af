"""Compare two lines of working by listing their solutions: the step checker's last resort.

When the algebraic comparisons cannot decide (an absolute value split into two cases, equal
powers of the same base, a system with a condition such as r ≠ 7/2), each line's real
solutions are listed by the CAS solver, which confirms every point by substitution, and the
two lists are compared.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.cas import solving
from tutor_app.verify.cas.reading import Unreadable
from tutor_app.verify.parse.nodes import Chain, Logic, Rel, Seq

Point = dict[sp.Symbol, sp.Expr]


def listed_points(statement: Any, symbols: tuple[sp.Symbol, ...]) -> list[Point] | None:
    """Every real solution of a line (equations joined by `and`, `or` or commas), or None."""
    if isinstance(statement, Logic) and statement.kind == "or":
        points: list[Point] = []
        for item in statement.items:
            found = listed_points(item, symbols)
            if found is None:
                return None
            points += [p for p in found if not any(_same_point(p, q) for q in points)]
        return points
    try:
        relations = solving.relations_of(_conjuncts(statement))
        solutions = solving.solve(relations, [], symbols=symbols)
    except (Unreadable, NotImplementedError, ValueError, TypeError, sp.PolynomialError):
        return None
    if solutions is None or not solutions.finite:
        return None
    return list(solutions.points)


def _conjuncts(statement: Any) -> list[Any]:
    if isinstance(statement, Rel | Chain):
        return [statement]
    if (
        isinstance(statement, Seq)
        and not statement.brackets
        or (isinstance(statement, Logic) and statement.kind == "and")
    ):
        return [c for item in statement.items for c in _conjuncts(item)]
    raise Unreadable("not equations joined by and")


def compare_listed(before: Any, after: Any, symbols: set[sp.Symbol]) -> tuple[str, str | None]:
    """("same" | "gains" | "loses" | "differs" | "unknown", a point that shows the difference)."""
    names = tuple(sorted(symbols, key=lambda s: s.name))
    if not names or len(names) > 3:
        return "unknown", None
    first, second = listed_points(before, names), listed_points(after, names)
    if first is None or second is None:
        return "unknown", None
    only_first = [p for p in first if not any(_same_point(p, q) for q in second)]
    only_second = [p for p in second if not any(_same_point(p, q) for q in first)]
    differing = only_second or only_first
    shown = (
        ", ".join(f"{k} = {sp.sstr(v)}" for k, v in sorted(differing[0].items(), key=str))
        if differing
        else None
    )
    if not only_first and not only_second:
        return "same", None
    if only_second and not only_first:
        return "gains", shown
    if only_first and not only_second:
        return "loses", shown
    return "differs", shown


def _same_point(a: Point, b: Point) -> bool:
    return a.keys() == b.keys() and all(sp.simplify(a[k] - b[k]) == 0 for k in a)
