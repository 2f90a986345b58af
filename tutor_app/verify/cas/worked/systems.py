"""Worked solutions of inequalities (the sign flip named) and of two linear equations."""

from __future__ import annotations

import sympy as sp

from tutor_app.verify.cas.worked.equations import Step
from tutor_app.verify.cas.worked.lines import NoWorking, equation, tex

_FLIP = {sp.Lt: sp.Gt, sp.Gt: sp.Lt, sp.Le: sp.Ge, sp.Ge: sp.Le}
_SIGN = {sp.Lt: "<", sp.Gt: ">", sp.Le: "\\le", sp.Ge: "\\ge"}


def inequality_steps(relation: sp.Basic, x: sp.Symbol) -> list[Step]:
    """Linear: collect and divide (flipping for a negative number); quadratic: factorise."""
    op = type(relation)
    if op not in _SIGN:
        raise NoWorking("not a strict or non-strict inequality")
    difference = sp.expand(relation.lhs - relation.rhs)
    if not difference.is_polynomial(x) or difference.free_symbols - {x}:
        raise NoWorking("not a polynomial inequality")
    degree = sp.degree(difference, x)
    if degree == 1:
        return _linear(relation, op, difference, x)
    if degree == 2:
        return _quadratic(relation, op, difference, x)
    raise NoWorking("degree other than 1 or 2")


def _written(lhs: sp.Expr, op: type, rhs: sp.Expr) -> str:
    return f"{tex(lhs)} {_SIGN[op]} {tex(rhs)}"


def _linear(relation: sp.Basic, op: type, difference: sp.Expr, x: sp.Symbol) -> list[Step]:
    a, b = difference.coeff(x, 1), difference.coeff(x, 0)
    steps: list[Step] = []
    if (relation.lhs, relation.rhs) != (a * x, -b):
        words = f"Collect the {x} terms on the left and the numbers on the right:"
        steps.append((words, _written(a * x, op, -b)))
    if a > 0 and a != 1:
        steps.append((f"Divide both sides by {tex(a)}:", _written(x, op, -b / a)))
    elif a < 0:
        words = f"Divide both sides by {tex(a)}; dividing by a negative number flips the sign:"
        steps.append((words, _written(x, _FLIP[op], -b / a)))
    return steps


def _quadratic(relation: sp.Basic, op: type, difference: sp.Expr, x: sp.Symbol) -> list[Step]:
    steps: list[Step] = []
    if (relation.lhs, relation.rhs) != (difference, 0):
        steps.append(("Bring every term to one side:", _written(difference, op, 0)))
    factored = sp.factor(difference)
    if factored != difference:
        steps.append(("Factorise:", _written(factored, op, 0)))
    return steps


def elimination_steps(equations: list[sp.Eq], x: sp.Symbol, y: sp.Symbol) -> list[Step]:
    """Two linear equations: scale, add or subtract to remove y, find x, then y."""
    rows = []
    for eq in equations:
        difference = sp.expand(eq.lhs - eq.rhs)
        if not difference.is_polynomial(x, y) or sp.Poly(difference, x, y).total_degree() != 1:
            raise NoWorking("not two linear equations")
        rows.append(
            (difference.coeff(x, 1), difference.coeff(y, 1), -difference.subs({x: 0, y: 0}))
        )
    (a1, b1, c1), (a2, b2, c2) = rows
    if a1 * b2 - a2 * b1 == 0 or b1 == 0 or b2 == 0:
        raise NoWorking("no single solution, or nothing to eliminate")

    def system(first: tuple[sp.Expr, ...], second: str) -> str:
        return f"{equation(first[0] * x + first[1] * y, first[2])}, {second}"

    second = equation(a2 * x + b2 * y, c2)
    steps: list[Step] = [("Write both equations as ax + by = c:", system((a1, b1, c1), second))]
    lcm = sp.ilcm(int(abs(b1)), int(abs(b2))) if b1.is_Integer and b2.is_Integer else abs(b1 * b2)
    m1, m2 = lcm / abs(b1), lcm / abs(b2)
    scaled = (a1 * m1, b1 * m1, c1 * m1)
    if m1 != 1:
        steps.append((f"Multiply the first equation by {tex(m1)}:", system(scaled, second)))
    other = (a2 * m2, b2 * m2, c2 * m2)
    if m2 != 1:
        words = f"Multiply the second equation by {tex(m2)}:"
        steps.append((words, f"{equation(scaled[0] * x + scaled[1] * y, scaled[2])}, "
                             f"{equation(other[0] * x + other[1] * y, other[2])}"))  # fmt: skip
    sign = 1 if scaled[1] * other[1] < 0 else -1  # add when the y terms have opposite signs
    combined_a = scaled[0] + sign * other[0]
    combined_c = scaled[2] + sign * other[2]
    if combined_a == 0:
        raise NoWorking("eliminating y removes x too")
    words = "Add the equations to remove y:" if sign == 1 else "Subtract the equations to remove y:"
    steps.append((words, f"{equation(combined_a * x, combined_c)}, {second}"))
    x_value = combined_c / combined_a
    if combined_a != 1:
        steps.append((f"Divide by {tex(combined_a)}:", f"{equation(x, x_value)}, {second}"))
    plus = "-" if b2 < 0 else "+"
    substituted = (
        f"{equation(x, x_value)}, {tex(a2 * x_value)} {plus} {tex(abs(b2) * y)} = {tex(c2)}"
    )
    steps.append((f"Put {x} = {sp.sstr(x_value)} into the second equation:", substituted))
    y_value = (c2 - a2 * x_value) / b2
    steps.append(("So", f"{equation(x, x_value)}, {equation(y, y_value)}"))
    return steps
