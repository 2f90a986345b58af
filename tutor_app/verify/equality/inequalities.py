"""A sign-chart solver for one-variable inequalities, much faster than SymPy's solveset.

`x^2 - 4 > 0`, `|x| < 2`, `(x-1)/(x+3) >= 0`: every point where the truth of the inequality can
change is a root of a numerator or denominator, or a point where an absolute value turns
around. Between consecutive such points the truth is constant, so testing one rational point
in each gap (and each point itself) gives the exact solution set.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

MAX_DEGREE = 6
MAX_ABS = 3
ZERO = sp.Float("1e-40", 60)
RELATIONS = (sp.StrictLessThan, sp.StrictGreaterThan, sp.LessThan, sp.GreaterThan, sp.Unequality)


def solve_by_signs(relation: Any, var: sp.Symbol) -> sp.Set | None:
    """The real solutions of a one-variable inequality; None for shapes not handled here."""
    if not isinstance(relation, RELATIONS):
        return None
    f = relation.lhs - relation.rhs
    if f.free_symbols != {var} or f.has(sp.Float):
        return None
    points = _critical_points(f, var)
    if points is None:
        return None
    ordered = sorted(set(points), key=lambda p: float(p))
    pieces: list[sp.Set] = []
    edges = [sp.S.NegativeInfinity, *ordered, sp.S.Infinity]
    for left, right in zip(edges, edges[1:]):
        if _holds(relation, f, var, _between(left, right)):
            pieces.append(sp.Interval.open(left, right))
    for point in ordered:
        if _holds(relation, f, var, point):
            pieces.append(sp.FiniteSet(point))
    return sp.Union(*pieces) if pieces else sp.S.EmptySet


def _critical_points(f: sp.Expr, var: sp.Symbol) -> list[Any] | None:
    moduli = list(f.atoms(sp.Abs))
    if len(moduli) > MAX_ABS:
        return None
    points: list[Any] = []
    inner = [m.args[0] for m in moduli]
    for signs in itertools.product((1, -1), repeat=len(moduli)):
        piece = f.xreplace({m: s * u for m, s, u in zip(moduli, signs, inner)})
        found = _rational_function_roots(piece, var)
        if found is None:
            return None
        points += found
    for u in inner:
        found = _rational_function_roots(u, var)
        if found is None:
            return None
        points += found
    return points


def _rational_function_roots(expr: sp.Expr, var: sp.Symbol) -> list[Any] | None:
    num, den = sp.fraction(sp.together(expr))
    roots: list[Any] = []
    for part in (num, den):
        try:
            poly = sp.Poly(part, var)
        except sp.PolynomialError:
            return None
        if poly.degree() > MAX_DEGREE or not all(c.is_Rational for c in poly.all_coeffs()):
            return None
        if poly.degree() > 0:
            roots += poly.real_roots()
    return roots


def _between(left: Any, right: Any) -> sp.Rational:
    if left is sp.S.NegativeInfinity and right is sp.S.Infinity:
        return sp.Integer(0)
    if left is sp.S.NegativeInfinity:
        return sp.floor(float(right)) - 1
    if right is sp.S.Infinity:
        return sp.ceiling(float(left)) + 1
    lo, hi = sp.Rational(float(left)), sp.Rational(float(right))
    middle = (lo + hi) / 2
    if not (float(left) < float(middle) < float(right)):
        middle = sp.nsimplify((sp.N(left, 50) + sp.N(right, 50)) / 2, rational=True)
    return middle


def _holds(relation: Any, f: sp.Expr, var: sp.Symbol, point: Any) -> bool:
    value = f.subs(var, point)
    if value.is_Rational:
        return bool(relation.func(value, 0))
    value = sp.N(value, 50)
    if not value.is_real or value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    if abs(value) < ZERO:
        value = sp.Integer(0)
    return bool(relation.func(value, 0))
