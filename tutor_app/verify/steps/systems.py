"""Steps between systems of polynomial equations: `x^2+y^2=8 and x=y` to `2x^2=8 and y=x`.

Each line is read as a set of polynomials whose common zeros are its solutions: `and` joins the
lists, `or` multiplies them pairwise (the product has the zeros of either). Two lines with the
same reduced Groebner basis have the same solutions. Otherwise, when both have finitely many
solutions, the solutions are worked out and compared, which also gives a witness.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import values_equal
from tutor_app.verify.parse.nodes import Chain, Logic, Rel, Seq
from tutor_app.verify.parse.vocabulary import PERCENT, PM

MAX_GENERATORS = 8
MAX_DEGREE = 6
MAX_VARIABLES = 5


@dataclass(frozen=True)
class SystemComparison:
    """How the solutions of the new line relate to the old: same, gains, loses, differs."""

    relation: str
    witness: str | None = None


class _NotPolynomial(Exception):
    """The line is not a system of polynomial equations this module reads."""


def compare_systems(before: Any, after: Any, domain: sp.Set) -> SystemComparison | None:
    """Compare two lines of polynomial equations; None when they are not such lines."""
    try:
        first, second = _generators(before), _generators(after)
    except _NotPolynomial:
        return None
    variables = sorted(set().union(*(p.free_symbols for p in first + second)), key=lambda s: s.name)
    if not variables or len(variables) > MAX_VARIABLES:
        return None
    if len(first) > MAX_GENERATORS or len(second) > MAX_GENERATORS:
        return None
    if any(sp.Poly(p, *variables).total_degree() > MAX_DEGREE for p in first + second if p != 0):
        return None
    try:
        basis_a = sp.groebner(first, *variables, order="grevlex")
        basis_b = sp.groebner(second, *variables, order="grevlex")
    except (sp.PolynomialError, ValueError, NotImplementedError):
        return None
    if list(basis_a.exprs) == list(basis_b.exprs):
        return SystemComparison("same")
    return _compare_finite(basis_a, basis_b, variables, domain)


def _generators(obj: Any) -> list[sp.Expr]:
    """Polynomials whose common zeros are the solutions of a line (or _NotPolynomial)."""
    if isinstance(obj, sp.logic.boolalg.BooleanAtom):
        return [sp.Integer(0 if obj else 1)]
    if isinstance(obj, Rel) and obj.op == "=":
        return [_numerator(obj.lhs, obj.rhs)]
    if isinstance(obj, Chain) and all(op == "=" for op in obj.ops):
        return [_numerator(a, b) for a, b in zip(obj.parts, obj.parts[1:])]
    if isinstance(obj, Logic) and obj.kind == "and" or isinstance(obj, Seq) and not obj.brackets:
        return [p for item in obj.items for p in _generators(item)]
    if isinstance(obj, Logic) and obj.kind == "or":
        product = [sp.Integer(1)]
        for item in obj.items:
            product = [sp.expand(p * q) for p, q in itertools.product(product, _generators(item))]
        return product
    raise _NotPolynomial


def _numerator(lhs: Any, rhs: Any) -> sp.Expr:
    if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
        raise _NotPolynomial
    difference = sp.nsimplify(lhs - rhs, rational=True) if (lhs - rhs).has(sp.Float) else lhs - rhs
    num, den = sp.fraction(sp.together(difference))
    if {PM, PERCENT} & difference.free_symbols:
        raise _NotPolynomial  # a ± or % marker is not a variable
    if den.free_symbols:
        raise _NotPolynomial  # clearing a denominator in a letter could add solutions
    variables = num.free_symbols
    if not variables:
        return sp.Integer(0) if num == 0 else sp.Integer(1)
    try:
        poly = sp.Poly(num, *sorted(variables, key=lambda s: s.name))
    except sp.PolynomialError as exc:
        raise _NotPolynomial from exc
    if not all(c.is_number and not c.has(sp.Float) for c in poly.coeffs()):
        raise _NotPolynomial
    return sp.expand(num)


def _compare_finite(
    basis_a: Any, basis_b: Any, variables: list[Any], domain: sp.Set
) -> SystemComparison | None:
    solutions_a = _solutions(basis_a, variables, domain)
    solutions_b = _solutions(basis_b, variables, domain)
    if solutions_a is None or solutions_b is None:
        if domain == sp.S.Complexes and (solutions_a is None) != (solutions_b is None):
            # Finitely many solutions against infinitely many: the lines differ.
            relation = "gains" if solutions_b is None else "loses"
            if _is_proper(basis_a) and _is_proper(basis_b):
                return SystemComparison(relation)
        return None
    # A found solution of one line that fails the other is a witness whatever else is missed.
    checks_a = [_satisfies(p, basis_b) for p in solutions_a]
    checks_b = [_satisfies(p, basis_a) for p in solutions_b]
    if None in checks_a or None in checks_b:
        return None
    only_a = [p for p, ok in zip(solutions_a, checks_a) if not ok]
    only_b = [p for p, ok in zip(solutions_b, checks_b) if not ok]
    if not only_a and not only_b:
        return SystemComparison("same")
    if only_b and not only_a:
        return SystemComparison("gains", _describe(only_b[0]))
    if only_a and not only_b:
        return SystemComparison("loses", _describe(only_a[0]))
    return SystemComparison("differs", _describe(only_a[0]))


def _is_proper(basis: Any) -> bool:
    return list(basis.exprs) != [1]


def _solutions(basis: Any, variables: list[Any], domain: sp.Set) -> list[dict[Any, Any]] | None:
    """The finitely many solutions in the domain, or None when there are infinitely many."""
    if not _is_proper(basis):
        return []
    if not basis.is_zero_dimensional:
        return None
    try:
        found = sp.solve(list(basis.exprs), variables, dict=True)
    except (NotImplementedError, ValueError, sp.PolynomialError):
        return None
    kept = []
    for solution in found:
        if set(solution) != set(variables) or any(v.free_symbols for v in solution.values()):
            return None
        inside = [domain.contains(v) for v in solution.values()]
        if any(i not in (sp.true, sp.false) for i in inside):
            return None
        if all(i is sp.true for i in inside):
            kept.append(solution)
    return kept


def _satisfies(point: dict[Any, Any], basis: Any) -> bool | None:
    results = [values_equal(sp.expand(g.subs(point)), sp.S.Zero) for g in basis.exprs]
    if False in results:
        return False
    return None if None in results else True


def _describe(point: dict[Any, Any]) -> str:
    ordered = sorted(point.items(), key=lambda kv: kv[0].name)
    return ", ".join(f"{k} = {sp.sstr(v)}" for k, v in ordered)
