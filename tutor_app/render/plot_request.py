"""Recognise 'plot sin(x) from -pi to pi' and similar requests; expressions via the safe parser."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_RANGE",
    "INEQUALITY_LABEL",
    "PlotError",
    "PlotSpec",
    "build_spec",
    "equation_request",
    "inequality_request",
    "plot_request",
]

DEFAULT_RANGE = (-10.0, 10.0)
MAX_SPAN = 1e6
MAX_END = 1e9
MAX_FUNCTIONS = 4
MAX_REQUEST_CHARS = 400

_VERB = re.compile(
    r"^\s*(?:(?:please|can\s+you|could\s+you|would\s+you|now)\s+)*(?P<verb>plot|graph|draw|sketch)"
    r"\b(?:\s+(?:me\s+)?(?:the\s+|a\s+)?(?:graphs?|functions?|curves?|lines?)\b)?(?:\s+of\b)?"
    r"\s*(?P<rest>.*?)[\s.?!]*$",
    re.IGNORECASE | re.DOTALL,
)
_END = r"(?:[a-z]\s*=\s*)?(?P<{}>[^\[\]<>]+?)"
_KEYWORDS = "for|over|on|with|where"
_KEYWORD = f"(?:{_KEYWORDS})"
_RANGES = (
    re.compile(
        r"[\s,]+(?:"
        + _KEYWORD
        + r"\s+(?:(?P<var>[a-z])\s+)?)?(?:from|between)\s+"
        + _END.format("lo")
        + r"\s+(?:to|and|until|through)\s+"
        + _END.format("hi")
        + "$",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:\s*,\s*(?:" + _KEYWORD + r"\s+)?|\s+" + _KEYWORD + r"\s+)"
        r"(?P<var>[a-z])\s*(?:in|\\in|∈)\s*\[(?P<lo>[^\[\],]+),(?P<hi>[^\[\],]+)\]$",
        re.IGNORECASE,
    ),
    re.compile(
        r"[\s,]+(?:(?:" + _KEYWORDS + r"|in)\s+)?\[(?P<lo>[^\[\],]+),(?P<hi>[^\[\],]+)\]$",
        re.IGNORECASE,
    ),
    re.compile(
        r"[\s,]+" + _KEYWORD + r"\s+(?P<lo>[^<>=]+?)\s*(?:<=?|\\leq?)\s*(?P<var>[a-z])"
        r"\s*(?:<=?|\\leq?)\s*(?P<hi>[^<>=]+)$",
        re.IGNORECASE,
    ),
)
_SEPARATOR = re.compile(r"\s+and\s+|\s*[;,]\s*|\s+vs\.?\s+|\s+versus\s+", re.IGNORECASE)
_NAMED = re.compile(r"^\s*(?:[a-zA-Z]\w*\s*\(\s*[a-zA-Z]\s*\)|y(?:_?\w)?)\s*=\s*(?=\S)")
_DELIMITERS = re.compile(r"\$+|\\[()\[\]]")


# "Solve 2x + 3 = 7", "Find x if 3(x - 1) = 9.", "Solve for x: x^2 = 4": the words before and after.
_SOLVE_LEAD = re.compile(
    r"^\s*(?:please\s+)?(?:solve|find|work\s+out)\b"
    r"(?:\s+for\s+[a-z]\b|\s+[a-z]\s+(?:if|when|where|such\s+that)\b)?"
    r"(?:\s+the\s+equation)?\s*:?\s*",
    re.IGNORECASE,
)
_SOLVE_TAIL = re.compile(r"(?:\s*,?\s+for\s+[a-z])?[\s.?!]*$", re.IGNORECASE)


def equation_request(text: str) -> tuple[Any, Any, Any] | None:
    """(lhs, rhs, variable) of a question's one equation in one variable (Solve 2x + 3 = 7)."""
    body = _question_maths(text)
    if body.count("=") != 1 or len(body) > MAX_REQUEST_CHARS:
        return None
    try:
        spec = build_spec([body])
    except PlotError:
        return None
    if not spec.equation or len(spec.functions) != 2:  # "f(x) = ..." defines, not an equation
        return None
    lhs, rhs = spec.functions
    if len((lhs - rhs).free_symbols) != 1:
        return None
    return lhs, rhs, spec.variable


def _question_maths(text: str) -> str:
    """The maths of a solve question: "Solve $2x + 3 = 7$ for x." -> "2x + 3 = 7"."""
    lead = _SOLVE_LEAD.match(text)
    body = _DELIMITERS.sub("", text[lead.end() :] if lead else text)
    return _SOLVE_TAIL.sub("", body).strip()


INEQUALITIES = ("<", ">", "<=", ">=")
INEQUALITY_LABEL = "inequality"  # the matplotlib Figure label of an inequality's graph


def inequality_request(text: str) -> tuple[Any, Any, str, Any] | None:
    """(lhs, rhs, op, variable) of a question's one inequality in one variable (Solve 2x > 4)."""
    from tutor_app.verify import ParseError, Rel, parse_math

    body = _question_maths(text)
    if len(body) > MAX_REQUEST_CHARS:
        return None
    try:
        value = parse_math(body)
    except ParseError:
        return None
    if not isinstance(value, Rel) or value.op not in INEQUALITIES:
        return None
    try:
        spec = build_spec([value.lhs, value.rhs])
    except PlotError:
        return None
    lhs, rhs = spec.functions
    if len((lhs - rhs).free_symbols) != 1:
        return None
    return lhs, rhs, value.op, spec.variable


class PlotError(ValueError):
    """A plot request that cannot be drawn; the message is fit to show the student."""


@dataclass(frozen=True)
class PlotSpec:
    """What to draw: functions (SymPy expressions) of one variable over [x_min, x_max]."""

    functions: tuple[Any, ...]
    variable: Any
    x_min: float
    x_max: float
    labels: tuple[str, ...]
    equation: bool = False


def plot_request(text: str) -> PlotSpec | None:
    """A PlotSpec for a plot request, None for anything else; PlotError when it cannot be drawn."""
    match = _VERB.match(_DELIMITERS.sub(" ", text)) if len(text) <= MAX_REQUEST_CHARS else None
    if match is None:
        return None
    # 'draw' and 'sketch' also start geometry questions: only take them when maths follows.
    strict = match.group("verb").lower() in ("plot", "graph")
    try:
        return _spec_from_words(match.group("rest"))
    except PlotError:
        if strict:
            raise
        return None


def _spec_from_words(rest: str) -> PlotSpec:
    """Split the words after the verb into functions and an optional range."""
    bounds: tuple[str, str] | None = None
    range_var = None
    for pattern in _RANGES:
        found = pattern.search(rest)
        if found is not None:
            rest, bounds = rest[: found.start()], (found.group("lo"), found.group("hi"))
            range_var = found.groupdict().get("var")
            break
    pieces = [p for p in _split_top_level(rest) if p.strip()]
    if not pieces:
        raise PlotError("Tell me which function to plot, for example: plot x^2 - 4.")
    if len(pieces) > MAX_FUNCTIONS:
        raise PlotError(f"I can plot at most {MAX_FUNCTIONS} functions at once.")
    return build_spec(pieces, range_var, bounds)


def build_spec(
    pieces: list[Any], var_name: str | None = None, bounds: tuple[Any, Any] | None = None
) -> PlotSpec:
    """Parse functions (text or SymPy) and a range into a checked PlotSpec."""
    import sympy as sp

    functions: list[Any] = []
    labels: list[str] = []
    equation = False
    for piece in pieces:
        parsed = _parse_function(piece)
        equation = equation or isinstance(parsed, tuple)
        for expr in parsed if isinstance(parsed, tuple) else (parsed,):
            functions.append(expr)
            labels.append(str(expr).replace("**", "^").replace("*", "·"))
    symbols = set().union(*(f.free_symbols for f in functions))
    if len(symbols) > 1:
        names = ", ".join(sorted(str(s) for s in symbols))
        raise PlotError(f"I can only plot functions of one variable, but this has {names}.")
    variable = symbols.pop() if symbols else sp.Symbol(var_name or "x")
    if var_name and str(variable) != var_name:
        raise PlotError(f"The range is for {var_name}, but the function uses {variable}.")
    x_min, x_max = (_end_value(b) for b in bounds) if bounds else DEFAULT_RANGE
    _check_range(x_min, x_max)
    return PlotSpec(tuple(functions), variable, x_min, x_max, tuple(labels), equation)


def _parse_function(piece: Any) -> Any:
    """One SymPy expression, or the two sides of an equation as a tuple."""
    import sympy as sp

    from tutor_app.verify import PERCENT, ParseError, Rel, parse_math

    if isinstance(piece, sp.Expr):
        value: Any = piece
    else:
        text = _NAMED.sub("", str(piece)).strip()
        try:
            value = parse_math(text)
        except ParseError as exc:
            raise PlotError(f"I can't read {text!r} as a function: {exc}.") from exc
    if isinstance(value, Rel) and value.op == "=":
        return tuple(_checked_expr(side) for side in (value.lhs, value.rhs))
    if not isinstance(value, sp.Expr):
        raise PlotError("I can plot functions and equations, not inequalities, lists or sets.")
    return _checked_expr(value.subs(PERCENT, sp.Rational(1, 100)))


def _checked_expr(expr: Any) -> Any:
    """Refuse values that are not plain real expressions (±, infinity, matrices)."""
    import sympy as sp

    from tutor_app.verify import INF, PM

    if not isinstance(expr, sp.Expr) or expr.has(PM, INF, sp.oo, sp.zoo, sp.nan):
        raise PlotError("I can only plot expressions with real values (no ±, infinity or lists).")
    return expr


def _end_value(text: Any) -> float:
    """One end of the range as a finite real number."""
    import sympy as sp

    from tutor_app.verify import ParseError, parse_math

    try:
        return _finite(float(str(text).strip()), text)  # plain numbers, including 1e3
    except ValueError:
        pass  # not a plain number: read it as maths (pi/2, -2\pi, sqrt(2))
    try:
        value = text if isinstance(text, sp.Basic) else parse_math(str(text).strip())
        number = complex(sp.N(value)) if isinstance(value, sp.Expr) else complex("nan")
    except (ParseError, TypeError, ValueError) as exc:
        raise PlotError(f"I can't read {str(text).strip()!r} as a number.") from exc
    if number.imag != 0:
        raise PlotError(f"The end of the range {str(text).strip()!r} must be a real number.")
    return _finite(number.real, text)


def _finite(value: float, text: Any) -> float:
    """The value when it is a finite number, else a PlotError naming the text."""
    if not math.isfinite(value):
        raise PlotError(f"The end of the range {str(text).strip()!r} must be a finite number.")
    return value


def _check_range(x_min: float, x_max: float) -> None:
    """Reject empty, reversed or absurdly large ranges."""
    if not x_min < x_max:
        raise PlotError("The range is empty: the start must be smaller than the end.")
    if x_max - x_min > MAX_SPAN or max(abs(x_min), abs(x_max)) > MAX_END:
        raise PlotError("That range is too large to plot; try something like -10 to 10.")


def _split_top_level(text: str) -> list[str]:
    """Split on 'and', commas and semicolons that are not inside brackets."""
    pieces, start, depth_at = [], 0, _depths(text)
    for sep in _SEPARATOR.finditer(text):
        if depth_at[sep.start()] == 0:
            pieces.append(text[start : sep.start()])
            start = sep.end()
    pieces.append(text[start:])
    return pieces


def _depths(text: str) -> list[int]:
    """Bracket depth at each position."""
    depth, out = 0, []
    for char in text:
        depth += char in "([{"
        out.append(depth)
        depth -= char in ")]}"
    return out + [depth]
