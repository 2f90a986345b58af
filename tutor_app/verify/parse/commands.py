"""Calls of functions the checker does not know (`ratsimp(...)`, `natural_domain(...)`).

Such a call is kept as an opaque value: SymPy's undefined function of the same name applied to
the arguments. Nothing is assumed about what it computes, so two answers that use it are equal
only by congruence: the same command applied to equal arguments gives the same result. Any
other comparison that involves an opaque call is left undecided rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from tutor_app.verify.parse.nodes import Rel, Seq
from tutor_app.verify.parse.tokens import ParseError

_RELATIONS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
# Names shorter than this before `(` are read as products (`ab(c+d)` is a*b*(c+d)).
MIN_NAME = 3


def opaque_call(name: str, args: list[Any]) -> sp.Expr:
    """The undefined function `name` applied to the arguments (lists, sets and relations too)."""
    return sp.Function(name)(*(_argument(a) for a in args))


def _argument(value: Any) -> sp.Basic:
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, Seq):
        items = [_argument(i) for i in value.items]
        return sp.FiniteSet(*items) if value.brackets == "{}" else sp.Tuple(*items)
    if isinstance(value, Rel) and value.op in _RELATIONS:
        return _RELATIONS[value.op](_argument(value.lhs), _argument(value.rhs), evaluate=False)
    raise ParseError("an argument this checker cannot read")


def has_opaque(obj: Any) -> bool:
    """Whether an expression (or any object holding SymPy leaves) contains an opaque call."""
    if isinstance(obj, sp.Basic):
        return bool(obj.atoms(AppliedUndef))
    if isinstance(obj, list | tuple):
        return any(has_opaque(i) for i in obj)
    for name in ("lhs", "rhs", "items", "parts", "var", "set"):
        if hasattr(obj, name) and has_opaque(getattr(obj, name)):
            return True
    return False


def opaque_equal(a: sp.Expr, b: sp.Expr, equal: Callable[[Any, Any], bool | None]) -> bool | None:
    """True when a and b agree once calls with equal arguments are read as one unknown value.

    `equal` compares two plain expressions. None (undecided) in every other case: an opaque
    call may be any function, even one that returns its argument unchanged.
    """
    calls = list(a.atoms(AppliedUndef) | b.atoms(AppliedUndef))
    names: list[sp.Symbol] = []
    replace: dict[Any, sp.Symbol] = {}
    for call in calls:
        twin = next((c for c in replace if same_call(c, call, equal)), None)
        if twin is not None:
            replace[call] = replace[twin]
        else:
            replace[call] = sp.Dummy(f"value_of_{type(call).__name__}")
            names.append(replace[call])
    plain_a, plain_b = a.xreplace(replace), b.xreplace(replace)
    if plain_a.atoms(AppliedUndef) or plain_b.atoms(AppliedUndef):
        return None  # a call nested inside an argument of another call
    return True if equal(plain_a, plain_b) is True else None


def same_call(x: Any, y: Any, equal: Callable[[Any, Any], bool | None]) -> bool:
    """The same function applied to arguments that are equal one by one."""
    if type(x) is not type(y) or len(x.args) != len(y.args):
        return False
    return all(same_argument(p, q, equal) for p, q in zip(x.args, y.args))


def same_argument(x: Any, y: Any, equal: Callable[[Any, Any], bool | None]) -> bool:
    """Equal arguments: expressions by value, lists in order, sets in any order."""
    if x == y:
        return True
    if isinstance(x, AppliedUndef) and isinstance(y, AppliedUndef):
        return same_call(x, y, equal)
    if isinstance(x, sp.Expr) and isinstance(y, sp.Expr):
        if x.atoms(AppliedUndef) or y.atoms(AppliedUndef):
            return opaque_equal(x, y, equal) is True
        return equal(x, y) is True
    if isinstance(x, sp.Tuple) and isinstance(y, sp.Tuple):
        return len(x) == len(y) and all(same_argument(p, q, equal) for p, q in zip(x, y))
    if isinstance(x, sp.FiniteSet) and isinstance(y, sp.FiniteSet):
        return all(any(same_argument(p, q, equal) for q in y) for p in x) and all(
            any(same_argument(q, p, equal) for p in x) for q in y
        )
    if isinstance(x, sp.core.relational.Relational) and isinstance(
        y, sp.core.relational.Relational
    ):
        return type(x) is type(y) and all(
            same_argument(p, q, equal) for p, q in ((x.lhs, y.lhs), (x.rhs, y.rhs))
        )
    return False


def settled_block(obj: Any) -> tuple[Any, dict[Any, Any]]:
    """`(assume(a > 0), ev(x, simp))`: a CAS block of settings then the answer it stands for.

    The items before the last are settings (calls that state a condition, or `flag: value`),
    which are dropped; a condition `var > c` or `var >= c` (c a number) stated inside one of them is
    returned as a substitution that makes `var` satisfy it: var = c + (a positive variable).
    """
    if not (isinstance(obj, Seq) and obj.brackets == "()" and len(obj.items) >= 2):
        return obj, {}
    settings = obj.items[:-1]
    if not all(_is_setting(s) for s in settings):
        return obj, {}
    mapping: dict[Any, Any] = {}
    for setting in settings:
        if isinstance(setting, AppliedUndef):
            for condition in setting.atoms(sp.core.relational.Relational):
                mapping.update(_satisfying(condition))
    return obj.items[-1], mapping


def _is_setting(item: Any) -> bool:
    if isinstance(item, AppliedUndef):
        # `assume(a > 0)`: a command that states a condition; other calls may be values
        return bool(item.atoms(sp.core.relational.Relational))
    return (
        isinstance(item, Seq)
        and item.brackets == ":"
        and len(item.items) == 2
        and isinstance(item.items[0], sp.Symbol)
    )


def _satisfying(condition: Any) -> dict[Any, Any]:
    if isinstance(condition, sp.StrictLessThan | sp.LessThan):
        condition = condition.reversed
    if not isinstance(condition, sp.StrictGreaterThan | sp.GreaterThan):
        return {}
    var, bound = condition.lhs, condition.rhs
    if not (isinstance(var, sp.Symbol) and bound.is_Rational):
        return {}
    strict = isinstance(condition, sp.StrictGreaterThan)
    above = sp.Symbol(f"{var.name}_above", positive=strict, nonnegative=True)
    return {var: above if bound == 0 else bound + above}
