"""Read a task's formulas into SymPy: function definitions, congruences and sums with dots.

The texts come from the question reader and are still untrusted: everything goes through the
safe parser (`tutor_app.verify.parse.parsing`). What cannot be read exactly raises `Unreadable`, and
the task then gets no CAS answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from tutor_app.verify.parse.nodes import Chain, Logic, Rel, Seq, leaves
from tutor_app.verify.parse.parsing import PERCENT, PM, parse_math
from tutor_app.verify.parse.tokens import ParseError

MAX_TERMS = 10_000


class Unreadable(ValueError):
    """A formula the CAS cannot read exactly; the task gets no answer."""


@dataclass(frozen=True)
class Congruence:
    """`n ≡ a (mod m)`: an integer unknown's residue."""

    left: sp.Expr
    right: sp.Expr
    modulus: int


@dataclass
class Givens:
    """What a question states before it asks: definitions, relations and congruences."""

    functions: dict[str, tuple[sp.Symbol, str]] = field(default_factory=dict)
    relations: list[Any] = field(default_factory=list)  # Rel and Chain nodes
    congruences: list[Congruence] = field(default_factory=list)


_DEFINITION = re.compile(r"^\s*([A-Za-z])\s*\(\s*([A-Za-z])\s*\)\s*=\s*([^=]+)$", re.DOTALL)
_CONGRUENCE = re.compile(
    r"^(?P<a>.+?)\\equiv(?P<b>.+?)(?:\\pmod\s*\{(?P<m>[^{}]+)\}|\\pmod\s*(?P<n>\d+)"
    r"|\(\s*(?:\\bmod|\\mod|mod)\s*(?P<p>[^()]+)\))\s*$",
    re.DOTALL,
)
_DOTS = re.compile(r"\\(?:l|c)?dots(?:[bc])?|\.\.\.|…")


def read_givens(texts: tuple[str, ...]) -> Givens:
    """Sort the question's stated facts into definitions, relations and congruences."""
    givens = Givens()
    for text in texts:
        definition = _DEFINITION.match(text)
        if definition and not _CONGRUENCE.match(text):
            name, param, body = definition.groups()
            if name in givens.functions or name == param:
                raise Unreadable(f"{name} is defined twice")
            givens.functions[name] = (sp.Symbol(param), body)
            continue
        congruence = congruence_of(text, givens)
        if congruence is not None:
            givens.congruences.append(congruence)
            continue
        parsed = statement(text, givens)
        if not isinstance(parsed, Rel | Chain):
            raise Unreadable("a stated fact that is not an equation or inequality")
        givens.relations.append(parsed)
    return givens


def is_definition(text: str) -> bool:
    """Whether a stated fact defines a function: `f(x) = x^2 + 1`."""
    return bool(_DEFINITION.match(text)) and not _CONGRUENCE.match(text)


def congruence_of(text: str, givens: Givens) -> Congruence | None:
    """`a \\equiv b \\pmod{m}` read as a congruence, or None when the text is not one."""
    match = _CONGRUENCE.match(text)
    if match is None:
        return None
    modulus = expression(match["m"] or match["n"] or match["p"], givens)
    if not (modulus.is_Integer and modulus > 1):
        raise Unreadable("a modulus must be a whole number above 1")
    return Congruence(expression(match["a"], givens), expression(match["b"], givens), int(modulus))


def expression(text: str, givens: Givens | None = None) -> sp.Expr:
    """One expression, with defined functions applied and decimals made exact."""
    value = statement(text, givens or Givens())
    if not isinstance(value, sp.Expr):
        raise Unreadable("not a single expression")
    return value


# `log 100` is 2 to a school book and 4.6 to SymPy: a logarithm without a base is not read.
_LOG_WITHOUT_BASE = re.compile(r"(?<![A-Za-z])\\?log(?!\s*_)")
_TRIG = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)


def statement(text: str, givens: Givens) -> Any:
    """A formula as the safe parser reads it, after definitions and `1 + 2 + ... + n` sums."""
    if "\\equiv" in text or "\\pmod" in text:
        raise Unreadable("a congruence where a value was expected")
    if _LOG_WITHOUT_BASE.search(text):
        raise Unreadable("a logarithm without a base: base 10 or base e?")
    expanded, values = _apply_functions(text, givens, depth=0)
    expanded = _sum_with_dots(expanded)
    try:
        parsed = parse_math(expanded)
    except (ParseError, ValueError, TypeError, ZeroDivisionError) as exc:
        raise Unreadable(str(exc)) from exc
    value = exact(_replace_values(parsed, values))
    for leaf in leaves(value):
        if isinstance(leaf, sp.Basic) and any(
            isinstance(node, _TRIG) and node.args[0].is_Rational and node.args[0] != 0
            for node in sp.preorder_traversal(leaf)
        ):
            # `sin 30` with no degree sign and no pi: degrees to a student, radians to SymPy
            raise Unreadable("an angle that may be in degrees or in radians")
    return value


def exact(value: Any) -> Any:
    """Decimals as the fractions they are written as (0.4 is 2/5), inside any parsed node."""
    if isinstance(value, sp.Basic):
        if any(s.name in ("ldots", "cdots", "dots") for s in value.free_symbols):
            raise Unreadable("a pattern with dots that is not a sum of equally spaced numbers")
        if value.has(PM):
            raise Unreadable("a plus-or-minus sign stands for two values")
        value = value.xreplace({PERCENT: sp.Rational(1, 100)})
        return sp.nsimplify(value, rational=True) if value.atoms(sp.Float) else value
    if isinstance(value, Rel):
        return Rel(value.op, exact(value.lhs), exact(value.rhs))
    if isinstance(value, Chain):
        return Chain(tuple(exact(p) for p in value.parts), value.ops)
    if isinstance(value, Seq):
        return Seq(tuple(exact(i) for i in value.items), value.brackets)
    if isinstance(value, Logic):
        return Logic(value.kind, tuple(exact(i) for i in value.items))
    raise Unreadable("not a formula the CAS can use")


def _replace_values(value: Any, values: dict[sp.Symbol, sp.Expr]) -> Any:
    if not values:
        return value
    if isinstance(value, sp.Basic):
        return value.xreplace(values)
    if isinstance(value, Rel):
        return Rel(value.op, value.lhs.xreplace(values), value.rhs.xreplace(values))
    if isinstance(value, Chain):
        return Chain(tuple(p.xreplace(values) for p in value.parts), value.ops)
    if isinstance(value, Seq):
        return Seq(tuple(_replace_values(i, values) for i in value.items), value.brackets)
    raise Unreadable("not a formula the CAS can use")


def _apply_functions(text: str, givens: Givens, depth: int) -> tuple[str, dict[sp.Symbol, sp.Expr]]:
    """Replace each call `f(...)` of a defined function by a placeholder for its value."""
    values: dict[sp.Symbol, sp.Expr] = {}
    if not givens.functions:
        return text, values
    if depth > 8:
        raise Unreadable("functions defined in terms of each other too deeply")
    names = "".join(givens.functions)
    if re.search(rf"(?<![A-Za-z\\])[{names}]\s*(?:\^|')", text):
        raise Unreadable("an inverse, power or derivative of a defined function")
    call = re.compile(rf"(?<![A-Za-z\\])([{names}])\s*(?:\\left\s*)?\(")
    while True:
        match = call.search(text)
        if match is None:
            return text, values
        end = _closing_bracket(text, match.end())
        argument_text = re.sub(r"\\right\s*$", "", text[match.end() : end])
        argument = expression(argument_text, givens)
        param, body = givens.functions[match.group(1)]
        body_value = statement(body, _without(givens, match.group(1)))
        if not isinstance(body_value, sp.Expr):
            raise Unreadable("a function whose value is not an expression")
        # The parser reads `Q_{90}` as the symbol Q_90: a name no question uses.
        values[sp.Symbol(f"Q_9{len(values)}")] = body_value.xreplace({param: argument})
        text = f"{text[: match.start()]} Q_{{9{len(values) - 1}}} {text[end + 1 :]}"


def _without(givens: Givens, name: str) -> Givens:
    """The givens without one function: a body may use other functions, never itself."""
    others = {k: v for k, v in givens.functions.items() if k != name}
    return Givens(others, givens.relations, givens.congruences)


def _closing_bracket(text: str, start: int) -> int:
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    raise Unreadable("a bracket that is not closed")


def _sum_with_dots(text: str) -> str:
    """`1 + 2 + 3 + \\dots + 10`: a sum of equally spaced whole numbers, written out as a value."""
    if not _DOTS.search(text):
        return text
    pieces = [p.strip() for p in re.split(r"\+", _DOTS.sub(" DOTS ", text))]
    if pieces.count("DOTS") != 1 or not all(re.fullmatch(r"\d+|DOTS", p) for p in pieces):
        raise Unreadable("dots that are not a sum of equally spaced whole numbers")
    index = pieces.index("DOTS")
    before = [int(p) for p in pieces[:index]]
    after = [int(p) for p in pieces[index + 1 :]]
    if len(before) < 2 or not after:
        raise Unreadable("too few terms before the dots to see the pattern")
    step = before[1] - before[0]
    terms = before + after
    if step <= 0 or any(b - a != step for a, b in zip(before, before[1:])):
        raise Unreadable("the terms before the dots are not equally spaced")
    gap = after[0] - before[-1]
    if any(b - a != step for a, b in zip(after, after[1:])) or gap <= 0 or gap % step:
        raise Unreadable("the terms after the dots do not continue the pattern")
    count = (terms[-1] - terms[0]) // step + 1
    if count > MAX_TERMS:
        raise Unreadable("too many terms")
    return str(count * (terms[0] + terms[-1]) // 2)
