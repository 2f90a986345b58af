"""Whether two equations have the same solutions, and a root that shows it when they do not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import close, has_float, numeric, values_equal

MAX_DEGREE = 12


@dataclass(frozen=True)
class SolutionComparison:
    """How the solution set of `after` relates to that of `before`."""

    relation: str  # same, gains, loses, differs, unknown
    witness: str | None = None


def equations_equivalent(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool | None:
    """True when two equations (lhs, rhs) have the same solution set over the complex numbers."""
    result = compare_solutions(a, b, sp.S.Complexes)
    if result.relation == "unknown":
        return None
    return result.relation == "same"


def compare_solutions(
    before: tuple[Any, Any], after: tuple[Any, Any], domain: sp.Set
) -> SolutionComparison:
    """Compare the solution sets of two equations over a domain (Reals or Complexes)."""
    f = sp.together(before[0] - before[1])
    g = sp.together(after[0] - after[1])
    if f == 0 and g == 0:
        return SolutionComparison("same")
    symbols = (f.free_symbols | g.free_symbols) - _constants()
    if not symbols:
        truth_f, truth_g = values_equal(f, sp.S.Zero), values_equal(g, sp.S.Zero)
        if truth_f is None or truth_g is None:
            return SolutionComparison("unknown")
        return SolutionComparison("same" if truth_f == truth_g else "differs")
    if _proportional(f, g):
        return SolutionComparison("same")
    if len(symbols) == 1:
        return _compare_univariate(f, g, next(iter(symbols)), domain)
    result = _compare_multivariate(f, g, symbols)
    if result.relation != "same" and domain != sp.S.Complexes:
        return SolutionComparison("unknown")  # the polynomial argument is over the complex numbers
    return result


def _constants() -> set[Any]:
    return set()


def _proportional(f: sp.Expr, g: sp.Expr) -> bool:
    if g == 0 or f == 0:
        return False
    try:
        ratio = sp.cancel(f / g)
    except (TypeError, ValueError, sp.PolynomialError):
        return False
    if ratio.free_symbols or ratio == 0:
        return False
    nf, df = sp.fraction(sp.cancel(f))
    ng, dg = sp.fraction(sp.cancel(g))
    # Same numerator roots up to a constant, and no denominator that rules out different points.
    return bool(sp.cancel(df / dg).free_symbols == set()) and ratio.is_finite is not False


def _roots(expr: sp.Expr, var: Any, domain: sp.Set) -> sp.Set | None:
    num, den = sp.fraction(sp.together(expr))
    try:
        poly = sp.Poly(num, var)
    except sp.PolynomialError:
        poly = None
    if poly is not None and poly.degree() <= MAX_DEGREE and not poly.free_symbols - {var}:
        roots = sp.FiniteSet(*sp.roots(poly, multiple=False).keys())
        if sum(sp.roots(poly).values()) != poly.degree():
            return None
        if poly.degree() <= 0:
            roots = sp.EmptySet if num != 0 else domain
    else:
        try:
            roots = sp.solveset(sp.Eq(num, 0), var, domain)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if not isinstance(roots, sp.FiniteSet | type(sp.EmptySet)) and roots != domain:
            return None
    if isinstance(roots, sp.FiniteSet):
        keep = []
        for root in roots:
            if domain.contains(root) is sp.false:
                continue
            den_value = den.subs(var, root)
            if values_equal(sp.simplify(den_value), sp.S.Zero):
                continue
            keep.append(root)
        return sp.FiniteSet(*keep)
    return roots


def _compare_univariate(f: sp.Expr, g: sp.Expr, var: Any, domain: sp.Set) -> SolutionComparison:
    roots_f = _roots(f, var, domain)
    roots_g = _roots(g, var, domain)
    if roots_f is None or roots_g is None:
        return SolutionComparison("unknown")
    if roots_f == domain or roots_g == domain:
        same = roots_f == roots_g
        return SolutionComparison("same" if same else "differs")
    only_f = [r for r in roots_f if not any(_same_root(r, s) for s in roots_g)]
    only_g = [r for r in roots_g if not any(_same_root(r, s) for s in roots_f)]
    if not only_f and not only_g:
        return SolutionComparison("same")
    if only_g and not only_f:
        return SolutionComparison("gains", f"{var} = {sp.sstr(only_g[0])}")
    if only_f and not only_g:
        return SolutionComparison("loses", f"{var} = {sp.sstr(only_f[0])}")
    return SolutionComparison("differs", f"{var} = {sp.sstr(only_f[0])}")


def _same_root(r: Any, s: Any) -> bool:
    """Roots written as decimals are compared exactly: x = 0.33333 is not x = 1/3."""
    if has_float(r) or has_float(s):
        a, b = numeric(r), numeric(s)
        return a is not None and b is not None and close(a, b, 1e-12)
    return bool(values_equal(r, s))


def _compare_multivariate(f: sp.Expr, g: sp.Expr, symbols: set[Any]) -> SolutionComparison:
    nf, df = sp.fraction(sp.together(f))
    ng, dg = sp.fraction(sp.together(g))
    try:
        sf = sp.sqf_part(sp.Poly(nf, *sorted(symbols, key=str)))
        sg = sp.sqf_part(sp.Poly(ng, *sorted(symbols, key=str)))
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError):
        return SolutionComparison("unknown")
    if df.free_symbols or dg.free_symbols:
        return SolutionComparison("unknown")
    if sf.is_zero or sg.is_zero:
        # An equation that always holds (`0 = 0`, `|x - y| = |y - x|`) against one that
        # does not: every point solves the first, so the second loses or gains solutions.
        return SolutionComparison("loses" if sf.is_zero else "gains")
    quotient, remainder = sp.div(sf, sg)
    if remainder.is_zero and quotient.is_ground:
        return SolutionComparison("same")
    _, rem_gf = sp.div(sg, sf)
    if remainder.is_zero:
        return SolutionComparison("loses")
    if rem_gf.is_zero:
        return SolutionComparison("gains")
    return SolutionComparison("differs")
