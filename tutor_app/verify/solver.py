"""Turn a question into a CAS task when SymPy can answer it directly: the ground truth."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from tutor_app.verify.forms import form_of
from tutor_app.verify.parsing import Logic, Rel, Seq, parse_math
from tutor_app.verify.tokens import ParseError

_TASKS = [
    ("derivative", r"(?:differentiate|find the derivative of|derivative of|d/dx)\s*(?P<m>.+)"),
    ("integral", r"(?:integrate|find the integral of|integral of|antiderivative of)\s*(?P<m>.+)"),
    ("limit", r"(?:limit of|find the limit of|lim)\s*(?P<m>.+)"),
    ("factor", r"(?:factor|factorise|factorize|fully factor)\s*(?P<m>.+)"),
    ("expand", r"(?:expand|multiply out)\s*(?P<m>.+)"),
    ("simplify", r"(?:simplify|reduce)\s*(?P<m>.+)"),
    ("solve", r"(?:solve|find \w+ (?:if|when|such that|given)|find the roots of)\s*(?P<m>.+)"),
    ("evaluate", r"(?:what is|what's|calculate|compute|evaluate|work out|find)\s*(?P<m>.+)"),
]
_TAIL = re.compile(
    r"\s*(?:,?\s*(?:for|with respect to|wrt)\s+[a-z]\b|\s+d[a-z]\b|\s+(?:exactly|please))"
    r"\s*[.?!]*\s*$",
    re.IGNORECASE,
)


def solve_problem(problem: str) -> dict[str, Any] | None:
    """The CAS answer to a question as {task, answer, statement}, or None when it has none."""
    text = problem.strip()
    for kind, pattern in _TASKS:
        match = re.match(pattern, text, re.IGNORECASE | re.DOTALL)
        if match:
            return _attempt(kind, match.group("m"))
    if "=" in text:
        return _attempt("solve", text)
    return None


def _attempt(kind: str, math: str) -> dict[str, Any] | None:
    math = _TAIL.sub("", math.strip()).strip().rstrip("?.!:").strip()
    try:
        if kind == "derivative":
            return _calculus(kind, math)
        if kind == "integral":
            return _integral(math)
        if kind == "limit":
            return _limit(math)
        if kind == "solve":
            return _solve(math)
        expr = parse_math(math)
        if not isinstance(expr, sp.Expr):
            return _solve(math) if kind == "evaluate" else None
        answer = {"factor": sp.factor, "expand": sp.expand, "simplify": sp.simplify}.get(
            kind, _evaluate
        )(expr)
        return _result(kind, answer, math)
    except (ParseError, NotImplementedError, ValueError, TypeError, sp.PolynomialError):
        return None


def _evaluate(expr: sp.Expr) -> sp.Expr:
    return sp.nsimplify(expr) if expr.atoms(sp.Float) else sp.simplify(expr)


def _result(kind: str, answer: Any, statement: str) -> dict[str, Any]:
    return {"task": kind, "answer": sp.latex(answer), "statement": statement}


def _variable(expr: sp.Expr) -> sp.Symbol:
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols:
        raise ValueError("no variable")
    preferred = [s for s in symbols if s.name == "x"]
    return preferred[0] if preferred else symbols[0]


def _calculus(kind: str, math: str) -> dict[str, Any] | None:
    expr = parse_math(math)
    if not isinstance(expr, sp.Expr):
        return None
    return _result(kind, sp.diff(expr, _variable(expr)), math)


def _integral(math: str) -> dict[str, Any] | None:
    bounds = re.search(r"\s+from\s+(.+?)\s+to\s+(.+)$", math)
    body = math[: bounds.start()] if bounds else math
    body = re.sub(r"\s*d[a-z]\s*$", "", body)
    expr = parse_math(body)
    if not isinstance(expr, sp.Expr):
        return None
    var = _variable(expr)
    if bounds:
        lo, hi = parse_math(bounds.group(1)), parse_math(bounds.group(2))
        return _result("integral", sp.integrate(expr, (var, lo, hi)), math)
    return _result("integral", sp.integrate(expr, var), math)


def _limit(math: str) -> dict[str, Any] | None:
    match = re.search(r"\s+as\s+([a-z])\s*(?:->|\\to|to|approaches|tends to)\s*(.+)$", math)
    if not match:
        return None
    expr = parse_math(math[: match.start()])
    point = parse_math(match.group(2))
    if not isinstance(expr, sp.Expr):
        return None
    return _result("limit", sp.limit(expr, sp.Symbol(match.group(1)), point), math)


def _solve(math: str) -> dict[str, Any] | None:
    parsed = parse_math(math)
    equations = _equations(parsed)
    if not equations:
        return None
    symbols = sorted(set().union(*(e.free_symbols for e in equations)), key=lambda s: s.name)
    if not symbols or len(symbols) > len(equations):
        return None
    if len(equations) == 1:
        var = _variable(equations[0].lhs - equations[0].rhs)
        roots = sp.solveset(equations[0], var, sp.S.Complexes)
        if not isinstance(roots, sp.FiniteSet):
            return None
        real = [r for r in roots if r.is_real]
        chosen = real if real else list(roots)
        answer = " \\text{ or } ".join(f"{var} = {sp.latex(r)}" for r in chosen) or "none"
        return {
            "task": "solve",
            "answer": answer,
            "statement": math,
            "skill": _kind(equations[0], var),
        }
    solutions = sp.solve(equations, symbols, dict=True)
    if len(solutions) != 1:
        return None
    answer = ", ".join(f"{k} = {sp.latex(v)}" for k, v in sorted(solutions[0].items(), key=str))
    return {"task": "solve", "answer": answer, "statement": math, "skill": "systems of equations"}


def _kind(equation: sp.Eq, var: sp.Symbol) -> str:
    try:
        degree = sp.Poly(equation.lhs - equation.rhs, var).degree()
    except sp.PolynomialError:
        return "equations"
    return {1: "linear equations", 2: "quadratic equations"}.get(degree, "polynomial equations")


def _equations(parsed: Any) -> list[sp.Eq]:
    items = parsed.items if isinstance(parsed, Seq | Logic) else (parsed,)
    if isinstance(parsed, Logic) and parsed.kind == "or":
        return []
    equations = []
    for item in items:
        if not isinstance(item, Rel) or item.op != "=":
            return []
        form_of(item)
        equations.append(sp.Eq(item.lhs, item.rhs))
    return equations
