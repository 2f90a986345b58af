"""Function answers: `f(x) := x^2`, `f(x) = x^2`, or just `f(x)`, read up to the variable's name.

The variable of a function definition is a placeholder: `f(y) := y^2` defines the same function
as `f(x) := x^2`. A `:=` definition is a function, never a number or an equation. A lone `f(x)`
beside `f(y)` is left undecided: graders differ on whether it names the function or a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy as sp

from tutor_app.verify.parse.parsing import parse_math
from tutor_app.verify.parse.tokens import ParseError

_HEAD = re.compile(
    r"^\s*(?P<name>[A-Za-z]\w*)\s*\(\s*(?P<params>[A-Za-z](?:\s*,\s*[A-Za-z])*)\s*\)\s*"
    r"(?:(?P<op>:=|=)(?P<body>.*))?$",
    re.DOTALL,
)


@dataclass(frozen=True)
class FunctionAnswer:
    """A function written by its name, its variables and (unless bare) the body."""

    name: str
    params: tuple[str, ...]
    op: str  # ":=" for a definition, "=" for function notation, "" for a bare f(x)
    body: str


def function_answer(text: str) -> FunctionAnswer | None:
    """The function an answer defines or names, if it has one of the three shapes."""
    match = _HEAD.match(text)
    if match is None:
        return None
    params = tuple(p.strip() for p in match.group("params").split(","))
    op = match.group("op") or ""
    if len(set(params)) != len(params) or match.group("name") in params:
        return None
    if op != ":=" and len(match.group("name")) != 1:
        return None  # `sin(x)` and `gcd(a, b)` are values, not named functions
    if op == "=" and "=" in match.group("body"):
        return None
    if op == "=" and not all(
        re.search(rf"(?<![A-Za-z]){p}(?![A-Za-z])", match.group("body")) for p in params
    ):
        return None  # `P(A) = 0.3` gives a value, not a formula in A
    return FunctionAnswer(match.group("name"), params, op, (match.group("body") or "").strip())


def compare_functions(
    gold: str, cand: str, equal: Callable[[Any, Any], bool | None]
) -> bool | None | str:
    """Compare function answers: True/False/None, or "" when the rule does not apply."""
    one, other = function_answer(gold), function_answer(cand)
    if one is None and other is None:
        return ""
    if one is None or other is None:
        defined = one if one is not None else other
        return False if defined is not None and defined.op == ":=" else ""
    if ":=" in (one.op, other.op) and one.op != other.op:
        return False
    if one.op != other.op or len(one.params) != len(other.params):
        return "" if ":=" not in (one.op, other.op) else False
    if one.name != other.name:
        return False if one.op == ":=" else ""
    if not one.op:
        # `f(x)` beside `f(y)`: the function f to a lenient grader, two values to a strict one.
        return True if one.params == other.params else None
    try:
        body_one, body_other = parse_math(one.body), parse_math(other.body)
    except ParseError:
        return None
    if not (isinstance(body_one, sp.Expr) and isinstance(body_other, sp.Expr)):
        return None
    rename = {sp.Symbol(q): sp.Symbol(p) for p, q in zip(one.params, other.params)}
    return equal(body_one, body_other.xreplace(rename))
