"""Solve what a question states: equations, inequalities, systems and congruences, over the reals.

School maths works in the real numbers unless the question brings in `i`. Every solution found
is substituted back into the original statements and kept only if they hold exactly, so a
solver slip or a root outside the domain (a square root of a negative, a zero denominator)
never reaches the student.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from tutor_app.verify.cas.reading import Congruence, Givens, Unreadable
from tutor_app.verify.parse.nodes import Chain, Rel

_OPS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
MAX_INTEGER_SEARCH = 200_000
MAX_SOLUTIONS = 64


@dataclass(frozen=True)
class Solutions:
    """The solutions of the stated facts: finitely many points, or a set of one unknown."""

    symbols: tuple[sp.Symbol, ...]
    points: tuple[dict[sp.Symbol, sp.Expr], ...] = ()
    region: sp.Set | None = None  # an inequality's solution set over the reals

    @property
    def finite(self) -> bool:
        """Whether the solutions were listed one by one."""
        return self.region is None


def relations_of(statements: list[Any]) -> list[sp.Basic]:
    """Each Rel or Chain as SymPy relations (`1 < x <= 3` gives two)."""
    out: list[sp.Basic] = []
    for item in statements:
        if isinstance(item, Rel) and item.op in _OPS:
            out.append(_OPS[item.op](item.lhs, item.rhs, evaluate=False))
        elif isinstance(item, Chain) and all(op in _OPS for op in item.ops):
            for left, op, right in zip(item.parts, item.ops, item.parts[1:]):
                out.append(_OPS[op](left, right, evaluate=False))
        else:
            raise Unreadable("a statement that is not an equation or inequality")
        if not all(isinstance(s, sp.Expr) for r in out[-1:] for s in r.args):
            raise Unreadable("a relation between things that are not numbers")
    return out


def complex_wanted(relations: list[sp.Basic], extra: tuple[sp.Expr, ...] = ()) -> bool:
    """Whether the question works with complex numbers: it writes i itself."""
    return any(r.has(sp.I) for r in (*relations, *extra))


def solve(
    relations: list[sp.Basic],
    congruences: list[Congruence],
    integers: bool = False,
    symbols: tuple[sp.Symbol, ...] | None = None,
    over_complex: bool = False,
) -> Solutions | None:
    """All solutions of the relations (and congruences), or None when they cannot be listed."""
    found = set().union(*(r.free_symbols for r in relations), *(_free(c) for c in congruences))
    names = tuple(sorted(found, key=lambda s: s.name)) if symbols is None else symbols
    if not names or found - set(names):
        return None
    over_complex = over_complex or complex_wanted(relations)
    if integers or congruences:
        return _integer_solutions(relations, congruences, names)
    equations = [r for r in relations if isinstance(r, sp.Eq)]
    conditions = [r for r in relations if not isinstance(r, sp.Eq)]
    if not equations:
        return _inequality(conditions, names) if len(names) == 1 else None
    if len(names) == 1:
        points = _one_unknown(equations, names[0], over_complex)
    else:
        points = _system(equations, names, over_complex)
    if points is None:
        return None
    verdicts = [_holds(relations, p, over_complex) for p in points]
    if any(v is None for v in verdicts):
        return None  # a point that cannot be confirmed: do not trust the list
    kept = [p for p, holds in zip(points, verdicts) if holds]
    return Solutions(names, tuple(kept))


def _free(congruence: Congruence) -> set[sp.Symbol]:
    return congruence.left.free_symbols | congruence.right.free_symbols


def _one_unknown(
    equations: list[sp.Eq], symbol: sp.Symbol, over_complex: bool
) -> list[dict[sp.Symbol, sp.Expr]] | None:
    domain = sp.S.Complexes if over_complex else sp.S.Reals
    roots: set[sp.Expr] | None = None
    for equation in equations:
        found = sp.solveset(equation, symbol, domain)
        if found is sp.S.EmptySet:
            return []
        if not isinstance(found, sp.FiniteSet) or len(found) > MAX_SOLUTIONS:
            return None
        values = {sp.nsimplify(v) if v.atoms(sp.Float) else v for v in found}
        roots = values if roots is None else {r for r in roots if _same_in(r, values)}
    return [{symbol: r} for r in sorted(roots or (), key=sp.default_sort_key)]


def _same_in(value: sp.Expr, values: set[sp.Expr]) -> bool:
    return any(sp.simplify(value - other) == 0 for other in values)


def _system(
    equations: list[sp.Eq], names: tuple[sp.Symbol, ...], over_complex: bool
) -> list[dict[sp.Symbol, sp.Expr]] | None:
    if len(equations) < len(names):
        return None
    found = sp.solve(equations, list(names), dict=True)
    if not found or len(found) > MAX_SOLUTIONS:
        return None if not found else None
    points = []
    for solution in found:
        if set(solution) != set(names) or any(v.free_symbols for v in solution.values()):
            return None  # a family of solutions, not a list
        if not over_complex and not all(v.is_real for v in solution.values()):
            continue
        points.append(dict(solution))
    return points


def _holds(
    relations: list[sp.Basic], point: dict[sp.Symbol, sp.Expr], over_complex: bool
) -> bool | None:
    """Whether every relation is true at the point with every part defined (and real there);
    None when that cannot be decided."""
    for relation in relations:
        if not over_complex and not _real_throughout(relation.args, point):
            return False
        left, right = (sp.simplify(side.xreplace(point)) for side in relation.args)
        if any(side.has(sp.zoo, sp.nan, sp.oo, -sp.oo) for side in (left, right)):
            return False
        truth = _truth(relation.func, left, right)
        if truth is not True:
            return truth
    return True


def _real_throughout(sides: tuple[sp.Expr, ...], point: dict[sp.Symbol, sp.Expr]) -> bool:
    """Every square root and logarithm on the way is of a number it is defined for."""
    for side in sides:
        for node in sp.preorder_traversal(side):
            if isinstance(node, sp.Pow) and node.exp.is_Rational and node.exp.q % 2 == 0:
                base = sp.simplify(node.base.xreplace(point))
                if base.is_negative or base.is_real is False:
                    return False
            if isinstance(node, sp.log):
                argument = sp.simplify(node.args[0].xreplace(point))
                if not argument.is_positive:
                    return False
            if isinstance(node, sp.Pow) and node.exp.is_negative:
                if sp.simplify(node.base.xreplace(point)) == 0:
                    return False
    return True


def _truth(func: Any, left: sp.Expr, right: sp.Expr) -> bool | None:
    """Whether `left func right` holds for these numbers; None when it cannot be told."""
    difference = sp.simplify(left - right)
    value = sp.N(difference, 40)
    if not value.is_number:
        return None
    if func in (sp.Eq, sp.Ne):
        if difference == 0:
            zero = True
        elif abs(value) > sp.Float("1e-30"):
            zero = False
        else:
            return None  # too close to zero to tell without an exact answer
        return zero if func is sp.Eq else not zero
    if not value.is_real or (abs(value) < sp.Float("1e-30") and difference != 0):
        return None
    checks = {sp.Lt: value < 0, sp.Gt: value > 0, sp.Le: value <= 0, sp.Ge: value >= 0}
    result = checks.get(func)
    return bool(result) if result is not None else None


def _inequality(conditions: list[sp.Basic], names: tuple[sp.Symbol, ...]) -> Solutions | None:
    """The set of real numbers where every inequality holds (one unknown)."""
    symbol = names[0]
    if any(c.has(sp.functions.elementary.trigonometric.TrigonometricFunction) for c in conditions):
        return None  # SymPy answers for one period; the true set repeats without end
    real = sp.Symbol(symbol.name, real=True)
    region: sp.Set = sp.S.Reals
    for condition in conditions:
        if isinstance(condition, sp.Ne):
            part = sp.S.Reals - sp.FiniteSet(*sp.solveset(sp.Eq(*condition.args), symbol))
        else:
            part = sp.solve_univariate_inequality(
                condition.xreplace({symbol: real}), real, relational=False
            )
        region = sp.Intersection(region, part)
    region = sp.simplify(region) if not isinstance(region, sp.Interval) else region
    if isinstance(region, sp.ConditionSet | sp.ImageSet):
        return None
    if isinstance(region, sp.FiniteSet):
        return Solutions(names, tuple({symbol: v} for v in region))
    return Solutions(names, region=region)


def _integer_solutions(
    relations: list[sp.Basic], congruences: list[Congruence], names: tuple[sp.Symbol, ...]
) -> Solutions | None:
    """Whole-number solutions of one unknown, found by trying every integer in a bounded range."""
    if len(names) != 1:
        return None
    symbol = names[0]
    equations = [r for r in relations if isinstance(r, sp.Eq)]
    bounds = [r for r in relations if not isinstance(r, sp.Eq | sp.Ne)]
    if equations:
        listed = solve(equations, [], symbols=names)
        if listed is None or not listed.finite:
            return None
        candidates = [p[symbol] for p in listed.points if p[symbol].is_integer]
    else:
        region = _inequality(bounds, names) if bounds else None
        if region is None:
            return None
        if region.finite:
            candidates = [p[symbol] for p in region.points if p[symbol].is_integer]
        else:
            low, high = region.region.inf, region.region.sup  # type: ignore[union-attr]
            if not (low.is_finite and high.is_finite) or high - low > MAX_INTEGER_SEARCH:
                return None
            candidates = [
                sp.Integer(n)
                for n in range(int(sp.floor(low)), int(sp.ceiling(high)) + 1)
                if region.region.contains(sp.Integer(n)) is sp.true  # type: ignore[union-attr]
            ]
    kept = []
    for value in candidates:
        point = {symbol: value}
        holds = _holds(relations, point, False)
        if holds is None:
            return None
        if not holds:
            continue
        if all(_congruent(c, point) for c in congruences):
            kept.append(point)
    return Solutions(names, tuple(kept))


def _congruent(congruence: Congruence, point: dict[sp.Symbol, sp.Expr]) -> bool:
    difference = sp.simplify((congruence.left - congruence.right).xreplace(point))
    if not difference.is_Integer:
        raise Unreadable("a congruence between numbers that are not whole")
    return int(difference) % congruence.modulus == 0


def givens_solutions(
    givens: Givens, target: sp.Expr, over_complex: bool = False
) -> list[sp.Expr] | None:
    """The values `target` takes where the stated facts hold; None when they cannot be found."""
    if not target.free_symbols:
        return [target]
    relations = relations_of(givens.relations)
    if givens.congruences:
        return None
    unknowns = set().union(*(r.free_symbols for r in relations), target.free_symbols)
    names = tuple(sorted(unknowns, key=lambda s: s.name))
    found = solve(relations, [], symbols=names, over_complex=over_complex)
    if found is not None and found.finite and found.points:
        values = [sp.simplify(target.xreplace(p)) for p in found.points]
        if all(not v.free_symbols for v in values):
            return _distinct(values)
    return _reduced(relations, target)


def _reduced(relations: list[sp.Basic], target: sp.Expr) -> list[sp.Expr] | None:
    """The target's value when the equations fix it though not every unknown (f(-3) = 2 gives f(3)):
    the remainder of the target on division by a Groebner basis of the equations, when constant."""
    equations = [r for r in relations if isinstance(r, sp.Eq)]
    if not equations or len(equations) != len(relations):
        return None
    polynomials = [sp.expand(e.lhs - e.rhs) for e in equations]
    symbols = sorted(set().union(*(p.free_symbols for p in polynomials)) | target.free_symbols,
                     key=lambda s: s.name)  # fmt: skip
    try:
        if not all(p.is_polynomial(*symbols) for p in [*polynomials, target]):
            return None
        basis = sp.groebner(polynomials, *symbols, order="grevlex")
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
        return None
    if list(basis.exprs) == [1]:
        return None  # the facts contradict each other
    remainder = basis.reduce(sp.expand(target))[1]
    return [remainder] if not remainder.free_symbols else None


def _distinct(values: list[sp.Expr]) -> list[sp.Expr]:
    out: list[sp.Expr] = []
    for value in values:
        if not any(sp.simplify(value - seen) == 0 for seen in out):
            out.append(value)
    return out
