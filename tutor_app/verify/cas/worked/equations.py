"""Worked solutions of equations: linear, rational, quadratic, absolute value, equal powers.

Each generator returns the lines as (words, maths) pairs, every maths an equation (or a list
of alternatives) with the same real solutions as the line before, so that the step checker
can confirm each one.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.cas.worked.lines import NoWorking, alternatives, equation, tex

Step = tuple[str, str]


def equation_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """The steps from `lhs = rhs` to its real solutions, by the method that fits."""
    if (lhs - rhs).has(sp.Abs):
        if len((lhs - rhs).atoms(sp.Abs)) == 2:
            return two_absolute_values_steps(lhs, rhs, x)
        return absolute_value_steps(lhs, rhs, x)
    if _root_of(lhs, x) is not None or _root_of(rhs, x) is not None:
        return root_steps(lhs, rhs, x)
    if _has_power_of(lhs - rhs, x):
        return common_base_steps(lhs, rhs, x)
    if _denominator_with(lhs, x) or _denominator_with(rhs, x):
        return rational_steps(lhs, rhs, x)
    return polynomial_steps(lhs, rhs, x)


def polynomial_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """Linear or quadratic equations in x."""
    difference = sp.expand(lhs - rhs)
    if not difference.is_polynomial(x) or difference.free_symbols - {x}:
        raise NoWorking("not a polynomial equation in one unknown")
    degree = sp.degree(difference, x)
    if degree == 1:
        return linear_steps(lhs, rhs, x)
    if degree == 2:
        return quadratic_steps(lhs, rhs, x)
    return factorised_steps(lhs, rhs, x)


def factorised_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """Degree 3 or more, when it factorises into linear factors: each factor zero."""
    poly = sp.expand(_fraction_scale(lhs, rhs) * (lhs - rhs))
    if sp.Poly(poly, x).LC() < 0:
        poly = -poly
    roots = sp.roots(sp.Poly(poly, x))
    if sum(roots.values()) != sp.degree(poly, x) or not all(r.is_Rational for r in roots):
        raise NoWorking("does not factorise into linear factors")
    steps: list[Step] = []
    if (lhs, rhs) != (poly, 0):
        steps.append(("Bring every term to one side:", equation(poly, 0)))
    steps.append(("Factorise:", equation(sp.factor(poly), 0)))
    words = "One of the factors must be zero, so" if len(roots) > 1 else "So"
    steps.append((words, alternatives(x, sorted(roots))))
    return steps


def linear_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """Clear fractions, expand brackets, collect the unknown on one side, divide."""
    steps: list[Step] = []
    scale = _fraction_scale(lhs, rhs)
    if scale != 1:
        lhs, rhs = sp.expand(scale * lhs), sp.expand(scale * rhs)
        steps.append(
            (f"Multiply both sides by {scale} to clear the fractions:", equation(lhs, rhs))
        )
    expanded = sp.expand(lhs), sp.expand(rhs)
    if expanded != (lhs, rhs):
        lhs, rhs = expanded
        steps.append(("Expand the brackets:", equation(lhs, rhs)))
    difference = sp.expand(lhs - rhs)
    a, b = difference.coeff(x, 1), difference.coeff(x, 0)
    if a == 0:
        raise NoWorking("no unknown left")
    if (lhs, rhs) != (a * x, -b):
        words = f"Collect the {x} terms on the left and the numbers on the right:"
        steps.append((words, equation(a * x, -b)))
    if a != 1:
        steps.append((f"Divide both sides by {tex(a)}:", equation(x, -b / a)))
    return steps


def quadratic_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """Bring to `ax^2 + bx + c = 0`; factorise when the roots are rational, else the formula."""
    steps: list[Step] = []
    scale = _fraction_scale(lhs, rhs)
    poly = sp.expand(scale * (lhs - rhs))
    if sp.Poly(poly, x).LC() < 0:
        poly = -poly
    if (lhs, rhs) != (poly, 0):
        steps.append(("Bring every term to one side:", equation(poly, 0)))
    a, b, c = sp.Poly(poly, x).all_coeffs()
    roots = sp.roots(sp.Poly(poly, x))
    real = sorted((r for r in roots if r.is_real), key=sp.default_sort_key)
    if roots and all(r.is_Rational for r in roots):
        factored = sp.factor(poly)
        if factored != poly:
            steps.append(("Factorise:", equation(factored, 0)))
        words = "One of the factors must be zero, so" if len(real) > 1 else "So"
        steps.append((words, alternatives(x, sorted(real))))
        return steps
    discriminant = b**2 - 4 * a * c
    claim = f"{_paren(b)}^2 - 4 \\cdot {_paren(a)} \\cdot {_paren(c)} = {tex(discriminant)}"
    steps.append(("The discriminant b² − 4ac is", claim))
    if discriminant < 0:
        raise NoWorking("no real roots: the answer line says so")
    formula = f"{x} = \\frac{{{tex(-b)} \\pm \\sqrt{{{tex(discriminant)}}}}}{{{tex(2 * a)}}}"
    steps.append(("By the quadratic formula,", formula))
    values = sorted((sp.radsimp(sp.simplify(r)) for r in real), key=sp.default_sort_key)
    steps.append(("So", alternatives(x, values)))
    return steps


def rational_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """Multiply by the common denominator, keeping the values it rules out beside each line."""
    denominator = sp.lcm(sp.fraction(sp.together(lhs))[1], sp.fraction(sp.together(rhs))[1])
    excluded = sorted(sp.solveset(denominator, x, sp.S.Reals), key=sp.default_sort_key)
    if not excluded:
        raise NoWorking("a denominator that is never zero")
    condition = ", ".join(f"{x} \\neq {tex(v)}" for v in excluded)
    new_lhs, new_rhs = sp.cancel(lhs * denominator), sp.cancel(rhs * denominator)
    steps: list[Step] = [
        (
            f"Multiply both sides by {tex(sp.factor(denominator))}, which is not zero when",
            f"{equation(new_lhs, new_rhs)}, {condition}",
        )
    ]
    inner = polynomial_steps(new_lhs, new_rhs, x)
    last_words, _ = inner[-1]
    for words, maths in inner[:-1]:
        steps.append((words, f"{maths}, {condition}"))
    kept = sorted(
        (v for v in sp.solveset(sp.Eq(new_lhs, new_rhs), x, sp.S.Reals) if v not in excluded),
        key=sp.default_sort_key,
    )
    if not kept:
        raise NoWorking("every root is ruled out: no solution")
    ruled_out = [v for v in sp.solveset(sp.Eq(new_lhs, new_rhs), x, sp.S.Reals) if v in excluded]
    if ruled_out:
        shown = " and ".join(f"{x} = {sp.sstr(v)}" for v in ruled_out)
        last_words = f"{shown} would make a denominator zero, so"
    steps.append((last_words, alternatives(x, kept)))
    return steps


def absolute_value_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """`k|A| + m = n`: isolate the absolute value, then A = c or A = -c."""
    difference = sp.expand(lhs - rhs)
    bars = list(difference.atoms(sp.Abs))
    if len(bars) != 1:
        raise NoWorking("one absolute value only")
    bar = bars[0]
    k = difference.coeff(bar)
    rest = sp.expand(difference - k * bar)
    if k == 0 or rest.has(x) or not bar.args[0].is_polynomial(x):
        raise NoWorking("not k|A| + m = n")
    value = sp.simplify(-rest / k)
    steps: list[Step] = []
    if (lhs, rhs) != (bar, value):
        steps.append(("Get the absolute value on its own:", equation(bar, value)))
    if value < 0:
        raise NoWorking("an absolute value is never negative: no solution")
    inside = bar.args[0]
    if value == 0:
        steps.append(("Only zero has absolute value zero:", equation(inside, 0)))
    else:
        split = f"{equation(inside, value)} \\text{{ or }} {equation(inside, -value)}"
        steps.append(("The inside is that number or its negative:", split))
    roots = sorted(sp.solveset(sp.Eq(bar, value), x, sp.S.Reals), key=sp.default_sort_key)
    steps.append(("So", alternatives(x, roots)))
    return steps


def two_absolute_values_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """`|A| = c|B|` with A, B linear: equal sizes, so A = cB or A = -cB."""
    difference = sp.expand(lhs - rhs)
    first, second = sorted(difference.atoms(sp.Abs), key=sp.default_sort_key)
    k1, k2 = difference.coeff(first), difference.coeff(second)
    scale = sp.simplify(-k2 / k1) if k1 != 0 else sp.S.Zero
    if sp.expand(difference - k1 * first - k2 * second) != 0 or not scale.is_positive:
        raise NoWorking("not |A| = c|B|")
    inside, other = first.args[0], sp.expand(scale * second.args[0])
    if not all(e.is_polynomial(x) and sp.degree(e, x) <= 1 for e in (inside, other)):
        raise NoWorking("insides that are not linear")
    steps: list[Step] = []
    written = f"\\left|{tex(inside)}\\right| = \\left|{tex(other)}\\right|"
    if (lhs, rhs) != (first, second) and (lhs, rhs) != (second, first):
        steps.append(("Put one absolute value on each side:", written))
    split = f"{equation(inside, other)} \\text{{ or }} {equation(inside, -other)}"
    steps.append(("Equal sizes: the insides are equal or opposite:", split))
    roots = set()
    for side in (other, -other):
        found = sp.solve(sp.Eq(inside, side), x)
        if len(found) != 1:
            raise NoWorking("a case with no single solution")
        roots.add(found[0])
    steps.append(("Solve each:", alternatives(x, sorted(roots))))
    return steps


def root_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """`\\sqrt[n]{A} = c`: raise both sides to the power n, then solve A = c^n."""
    if _root_of(rhs, x) is not None:
        lhs, rhs = rhs, lhs
    found = _root_of(lhs, x)
    if found is None or rhs.free_symbols or not rhs.is_real:
        raise NoWorking("not a root of x on one side and a number on the other")
    inside, n = found
    if n % 2 == 0 and rhs < 0:
        raise NoWorking("an even root is never negative: no solution")
    power = {2: "Square", 3: "Cube"}.get(n, f"Raise to the power {n}")
    steps: list[Step] = [(f"{power} both sides:", equation(inside, rhs**n))]
    return steps + polynomial_steps(inside, rhs**n, x)


def _root_of(side: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, int] | None:
    """(A, n) for a side that is the n-th root of a polynomial A in x, else None."""
    if isinstance(side, sp.Pow) and side.exp.is_Rational and side.exp.p == 1 and side.exp.q > 1:
        if side.base.has(x) and side.base.is_polynomial(x):
            return side.base, int(side.exp.q)
    return None


def common_base_steps(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> list[Step]:
    """`2^{x+1} = 8`: write both sides as powers of one base, then the exponents are equal."""
    base = _common_base(lhs, rhs, x)
    left, right = _exponent_of(lhs, base), _exponent_of(rhs, base)
    if left is None or right is None:
        raise NoWorking("not powers of one base")
    steps: list[Step] = []
    written = f"{base}^{{{tex(left)}}} = {base}^{{{tex(right)}}}"
    steps.append((f"Write both sides as powers of {base}:", written))
    steps.append(("Equal powers of the same base have equal exponents:", equation(left, right)))
    steps += polynomial_steps(left, right, x)
    return steps


def _common_base(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> int:
    bases = [p.base for p in (lhs, rhs) if isinstance(p, sp.Pow) and p.exp.has(x)]
    if not bases or not all(b.is_Integer and b > 1 for b in bases):
        raise NoWorking("a power with a whole-number base")
    smallest = min(int(b) for b in bases)
    for candidate in range(2, smallest + 1):
        if all(_exponent_of(side, candidate) is not None for side in (lhs, rhs)):
            return candidate
    raise NoWorking("no common base")


def _exponent_of(side: sp.Expr, base: int) -> Any:
    """k with side = base^k, for a power of a power of `base` or a whole number; else None."""
    if isinstance(side, sp.Pow) and side.base.is_Integer:
        inner = _integer_log(int(side.base), base)
        return None if inner is None else sp.expand(inner * side.exp)
    if side.is_Rational and side > 0:
        top, bottom = _integer_log(int(side.p), base), _integer_log(int(side.q), base)
        return None if top is None or bottom is None else sp.Integer(top - bottom)
    return None


def _integer_log(value: int, base: int) -> int | None:
    power = 0
    while value > 1 and value % base == 0:
        value //= base
        power += 1
    return power if value == 1 else None


def _has_power_of(expr: sp.Expr, x: sp.Symbol) -> bool:
    return any(p.exp.has(x) for p in expr.atoms(sp.Pow))


def _denominator_with(side: sp.Expr, x: sp.Symbol) -> bool:
    return sp.fraction(sp.together(side))[1].has(x)


def _fraction_scale(lhs: sp.Expr, rhs: sp.Expr) -> int:
    denominators = [
        sp.fraction(term)[1] for side in (lhs, rhs) for term in sp.Add.make_args(sp.expand(side))
    ]
    whole = [int(d) for d in denominators if d.is_Integer]
    return int(sp.ilcm(*whole)) if whole else 1


def _paren(value: sp.Expr) -> str:
    return f"({tex(value)})" if value < 0 else tex(value)
