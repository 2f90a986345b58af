"""What parsed items stand for: expressions, lists acted on item by item, sets and intervals."""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.parse.nodes import Logic, Seq
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.parse.vocabulary import FUNCTIONS, INFINITIES


def as_expr(value: Any) -> Any:
    """The SymPy expression a parsed item stands for; ParseError for lists and statements."""
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, Seq) and len(value.items) == 1:
        return as_expr(value.items[0])
    raise ParseError("expected an expression")


def arith(a: Any, b: Any, op: Any) -> Any:
    """Apply an arithmetic operation to two expressions (or matrices, or lists item by item)."""
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return op(a, b)
    if _is_list(a) or _is_list(b):
        return _itemwise(a, b, op)
    return op(as_expr(grouped(a)), as_expr(grouped(b)))


def grouped(value: Any) -> Any:
    """`2\\{x+1\\}`: braces around one item used in arithmetic are brackets, not a set."""
    if isinstance(value, sp.FiniteSet) and len(value.args) == 1:
        return value.args[0]
    return value


def _is_list(value: Any) -> bool:
    return (
        isinstance(value, Seq)
        and value.brackets == "[]"
        and len(value.items) > 1
        and all(isinstance(i, sp.Expr) for i in value.items)
    )


def _itemwise(a: Any, b: Any, op: Any) -> Seq:
    """`[1, 2]*pi` is `[pi, 2*pi]`: arithmetic on a list acts on each item (as in a CAS)."""
    if _is_list(a) and _is_list(b):
        if len(a.items) != len(b.items):
            raise ParseError("lists of different lengths")
        return Seq(tuple(op(x, y) for x, y in zip(a.items, b.items)), "[]")
    if _is_list(a):
        return Seq(tuple(op(x, as_expr(b)) for x in a.items), "[]")
    return Seq(tuple(op(as_expr(a), y) for y in b.items), "[]")


def single(items: list[Any], kind: str) -> Any:
    """One item as itself, several joined by a logic connective."""
    return items[0] if len(items) == 1 else Logic(kind, tuple(items))


def call_function(name: str, arg: Any) -> Any:
    """A one-argument function applied to an item (a list is mapped item by item)."""
    if isinstance(arg, Seq) and name in ("log", "lg") and len(arg.items) == 2:
        return sp.log(as_expr(arg.items[0]), as_expr(arg.items[1]))
    if _is_list(arg):
        return Seq(tuple(FUNCTIONS[name](i) for i in arg.items), "[]")  # sin([a, b]) maps
    return FUNCTIONS[name](as_expr(arg))


def as_set(value: Any) -> Any:
    """A set, or an interval written as a bracketed pair."""
    if isinstance(value, sp.Set):
        return value
    if isinstance(value, Seq) and value.brackets in ("()", "[]") and len(value.items) == 2:
        lo, hi = (as_expr(i).subs(INFINITIES) for i in value.items)
        return sp.Interval(
            lo, hi, left_open=value.brackets == "()", right_open=value.brackets == "()"
        )
    raise ParseError("expected a set or an interval")
