"""Functions of several arguments in plain (Maxima-like) syntax: root(x, n), sum(k, k, 1, n), ..."""

from __future__ import annotations

import functools
from typing import Any

import sympy as sp

from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.parse.vocabulary import INFINITIES

MAX_ORDER = 20


def build_call(name: str, args: list[Any], as_expr: Any, seq_type: Any) -> Any:
    """Build the SymPy object for `name(args...)`; raise ParseError on a shape it does not know."""
    if name == "matrix":
        return _matrix(args, as_expr, seq_type)
    if name == "binomial" and len(args) == 2 and isinstance(args[1], seq_type):
        return _multinomial(as_expr(args[0]), [as_expr(a) for a in args[1].items])
    values = [as_expr(a) for a in args]
    builder = _BUILDERS.get(name)
    if builder is None:
        raise ParseError(f"unsupported function {name}")
    try:
        return builder(*values)
    except TypeError as exc:
        raise ParseError(f"wrong number of arguments for {name}") from exc


def _root(x: Any, n: Any = 2) -> Any:
    return sp.root(x, n)


def _symbol(value: Any) -> sp.Symbol:
    if not isinstance(value, sp.Symbol):
        raise ParseError("expected a variable")
    return value


def _infinite(lo: Any, hi: Any) -> bool:
    return any(
        b.has(sp.oo, -sp.oo) or any(s.name in ("inf", "minf") for s in b.free_symbols)
        for b in (lo, hi)
    )


def _unworked(kind: Any, expr: Any, var: Any, lo: Any, hi: Any) -> Any:
    """An infinite sum, product or integral, kept as written: only its shape is compared."""
    return kind(expr, (_symbol(var), lo.subs(INFINITIES), hi.subs(INFINITIES)))


def _sum(expr: Any, var: Any, lo: Any, hi: Any) -> Any:
    if _infinite(lo, hi):
        return _unworked(sp.Sum, expr, var, lo, hi)
    return sp.Sum(expr, (_symbol(var), lo, hi)).doit()


def _product(expr: Any, var: Any, lo: Any, hi: Any) -> Any:
    if _infinite(lo, hi):
        return _unworked(sp.Product, expr, var, lo, hi)
    return sp.Product(expr, (_symbol(var), lo, hi)).doit()


def _diff(expr: Any, var: Any, order: Any = 1) -> Any:
    order = sp.Integer(order) if isinstance(order, int) else order
    if not (order.is_Integer and 0 <= order <= MAX_ORDER):
        raise ParseError("unsupported order of derivative")
    return sp.diff(expr, _symbol(var), int(order))


def _integrate(expr: Any, var: Any, *bounds: Any) -> Any:
    if len(bounds) not in (0, 2):
        raise ParseError("an integral needs a variable and optionally two bounds")
    if bounds and _infinite(*bounds):
        # improper integrals take SymPy seconds, when it can do them at all
        return _unworked(sp.Integral, expr, var, *bounds)
    result = sp.integrate(expr, (_symbol(var), *bounds))
    if result.has(sp.Integral):
        raise ParseError("cannot integrate this")
    return result


def _limit(expr: Any, var: Any, point: Any) -> Any:
    return sp.limit(expr, _symbol(var), point)


def _round(x: Any) -> Any:
    if not x.is_number:
        raise ParseError("round of a non-number")
    return sp.Integer(round(float(x))) if x.is_real else x


def _factorial(x: Any) -> Any:
    if x.is_number and (not x.is_integer or x > 1000):
        raise ParseError("factorial too large or not of a whole number")
    return sp.factorial(x)


def _multinomial(n: Any, parts: list[Any]) -> Any:
    result = sp.factorial(n)
    for part in parts:
        result /= sp.factorial(part)
    return result


def _matrix(args: list[Any], as_expr: Any, seq_type: Any) -> Any:
    rows = [a.items if isinstance(a, seq_type) else (a,) for a in args]
    if not rows or len({len(r) for r in rows}) != 1:
        raise ParseError("matrix rows of different lengths")
    try:
        return sp.ImmutableMatrix([[as_expr(x) for x in row] for row in rows])
    except ParseError:
        return seq_type(tuple(seq_type(tuple(r), "[]") for r in rows), "[]")


_BUILDERS: dict[str, Any] = {
    "root": _root,
    "logbase": lambda x, b: sp.log(x, b),
    "binomial": sp.binomial,
    "sum": _sum,
    "product": _product,
    "diff": _diff,
    "int": _integrate,
    "integrate": _integrate,
    "limit": _limit,
    "round": _round,
    "max": sp.Max,
    "min": sp.Min,
    "gcd": lambda *values: functools.reduce(sp.gcd, values),  # sp.gcd reads a third as an option
    "lcm": lambda *values: functools.reduce(sp.lcm, values),
    "mod": sp.Mod,
    "factorial": _factorial,
    "stackeq": lambda x: x,
    "re": sp.re,
    "im": sp.im,
}
