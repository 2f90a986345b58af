"""Find a point that solves one line but not the other, by solving for one variable at a time."""

from __future__ import annotations

import random
import time
from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import numeric, undefined_on_reals
from tutor_app.verify.equality.statements import solution_set, symbols_of
from tutor_app.verify.parse.nodes import leaves, map_leaves
from tutor_app.verify.parse.parsing import Chain, Logic, Rel, Seq
from tutor_app.verify.parse.tokens import ParseError

ZERO_TOLERANCE = 1e-10
MAX_POINTS = 6
MAX_SOLVED_DEGREE = 4
TIME_BUDGET = 0.3  # seconds: the whole check must stay well inside the worker's limit


def holds(obj: Any, point: dict[Any, Any]) -> bool | None:
    """Whether a statement is true at a point (None when it cannot tell)."""
    if isinstance(obj, sp.logic.boolalg.BooleanAtom):
        return bool(obj)
    if isinstance(obj, Rel):
        if obj.op != "=":
            return None
        return _zero(obj.lhs - obj.rhs, point)
    if isinstance(obj, Chain) and all(op == "=" for op in obj.ops):
        results = [_zero(a - b, point) for a, b in zip(obj.parts, obj.parts[1:])]
        return _all(results)
    if isinstance(obj, Logic) and obj.kind in ("and", "or"):
        results = [holds(i, point) for i in obj.items]
        if obj.kind == "and":
            return _all(results)
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if isinstance(obj, Seq) and not obj.brackets:
        return _all([holds(i, point) for i in obj.items])
    return None


def _all(results: list[bool | None]) -> bool | None:
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


def _zero(expr: Any, point: dict[Any, Any]) -> bool | None:
    if not isinstance(expr, sp.Expr):
        return None
    if _outside_real_domain(expr, point):
        return False
    value = numeric(expr, point)
    if value is None:
        return None
    return bool(abs(value) <= ZERO_TOLERANCE)


def _outside_real_domain(expr: sp.Expr, point: dict[Any, Any]) -> bool:
    """At a real point, a square root or logarithm of a negative number is undefined."""
    return all(v.is_real for v in point.values()) and undefined_on_reals(expr, point)


def algebraic(obj: Any) -> bool:
    """Whether a statement uses only arithmetic, roots and absolute values (quick to sample)."""
    return not any(
        isinstance(node, sp.Function) and not isinstance(node, sp.Abs)
        for leaf in leaves(obj)
        if isinstance(leaf, sp.Basic)
        for node in sp.preorder_traversal(leaf)
    )


def _radical(obj: Any) -> bool:
    return any(
        isinstance(node, sp.Pow) and not node.exp.is_Integer and node.base.free_symbols
        for leaf in leaves(obj)
        if isinstance(leaf, sp.Basic)
        for node in sp.preorder_traversal(leaf)
    )


def points_on(obj: Any, seed: int = 5, deadline: float | None = None) -> list[dict[Any, Any]]:
    """Sample points that satisfy an equation, a system or an `or` of equations."""
    symbols = sorted(symbols_of(obj), key=lambda s: (_degree(obj, s), s.name))
    rng = random.Random(seed)
    points: list[dict[Any, Any]] = []
    deadline = deadline or time.monotonic() + TIME_BUDGET
    for var in symbols:
        if _degree(obj, var) > MAX_SOLVED_DEGREE and len(symbols) > 1:
            continue
        others = [s for s in symbols if s != var]
        for _ in range(3):
            if time.monotonic() > deadline:
                return points
            fixed = {s: sp.Rational(rng.randint(-30, 30), rng.randint(2, 7)) for s in others}
            reduced = _substitute(obj, fixed)
            found = _solve_for(reduced, var)
            if found is None:
                continue
            if isinstance(found, sp.FiniteSet):
                for root in list(found)[:3]:
                    points.append({**fixed, var: root})
            if len(points) >= MAX_POINTS:
                return points
    return points


def _solve_for(statement: Any, var: Any) -> Any:
    for domain in (sp.S.Complexes, sp.S.Reals):
        try:
            return solution_set(statement, var, domain)
        except (ParseError, TypeError, ValueError, NotImplementedError, AttributeError):
            continue
    return None


def _degree(obj: Any, var: Any) -> int:
    """The highest degree of `var` among the equations (99 when not polynomial)."""
    if isinstance(obj, Rel):
        try:
            return int(sp.degree(sp.together(obj.lhs - obj.rhs).as_numer_denom()[0], var))
        except (sp.PolynomialError, TypeError, ValueError):
            return 99
    if isinstance(obj, Logic | Seq):
        return max((_degree(i, var) for i in obj.items), default=0)
    return 99


def _substitute(obj: Any, mapping: dict[Any, Any]) -> Any:
    return map_leaves(obj, lambda expr: expr.subs(mapping))


def separating_point(
    source: Any, target: Any, deadline: float | None = None
) -> dict[Any, Any] | None:
    """A point that solves `source` but not `target`, if sampling finds one."""
    if not (algebraic(source) and algebraic(target)):
        return None
    if len(symbols_of(source) | symbols_of(target)) > 2 and (_radical(source) or _radical(target)):
        return None  # solving radicals in several variables can take SymPy many seconds
    for point in points_on(source, deadline=deadline):
        if holds(source, point) is True and holds(target, point) is False:
            return point
    return None


def describe_point(point: dict[Any, Any]) -> str:
    """Write a point as `a = 1, b = -2` for a student to read."""
    parts = sorted(point.items(), key=lambda kv: kv[0].name)
    return ", ".join(f"{k} = {sp.sstr(sp.nsimplify(v) if v.is_Float else v)}" for k, v in parts)
