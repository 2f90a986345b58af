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


NO_SOLUTION = "\\text{no real solution}"
_INEQUALITIES = {"<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge}


def _solve(math: str) -> dict[str, Any] | None:
    parsed = parse_math(math)
    if isinstance(parsed, Rel) and parsed.op in _INEQUALITIES:
        return _solve_inequality(parsed, math)
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
        # School maths works in the real numbers: x^2 = -4 has no solution there.
        real = sorted((r for r in roots if r.is_real), key=sp.default_sort_key)
        answer = " \\text{ or } ".join(f"{var} = {sp.latex(r)}" for r in real) or NO_SOLUTION
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


def _solve_inequality(rel: Rel, math: str) -> dict[str, Any] | None:
    """One inequality in one variable, solved over the reals: `x > 3`, `-1 < x < 3`, ..."""
    form_of(rel)
    difference = sp.Add(rel.lhs, -rel.rhs)
    if len(difference.free_symbols) != 1:
        return None
    if difference.has(sp.functions.elementary.trigonometric.TrigonometricFunction):
        return None  # SymPy answers for one period only; the true set repeats without end
    var = _variable(difference)
    real = sp.Symbol(var.name, real=True)
    inequality = _INEQUALITIES[rel.op](rel.lhs.subs(var, real), rel.rhs.subs(var, real))
    solution = sp.solve_univariate_inequality(inequality, real, relational=False)
    answer = _describe(solution, real)
    if answer is None:
        return None
    return {"task": "solve", "answer": answer, "statement": math, "skill": "inequalities"}


def _describe(solution: Any, var: sp.Symbol) -> str | None:
    """A set of real numbers written the way a student would: x > 3, x \\le -1 or x > 2."""
    if solution == sp.S.Reals:
        return "\\text{all real numbers}"
    if solution is sp.S.EmptySet:
        return NO_SOLUTION
    pieces = solution.args if isinstance(solution, sp.Union) else (solution,)
    written = []
    for piece in pieces:
        if isinstance(piece, sp.FiniteSet):
            written += [f"{var.name} = {sp.latex(v)}" for v in piece]
        elif isinstance(piece, sp.Interval):
            written.append(_interval(piece, var.name))
        else:
            return None
    return " \\text{ or } ".join(written)


def _interval(piece: sp.Interval, name: str) -> str:
    low = None if piece.start == -sp.oo else sp.latex(piece.start)
    high = None if piece.end == sp.oo else sp.latex(piece.end)
    above = "<" if piece.left_open else "\\le"
    below = "<" if piece.right_open else "\\le"
    if low is not None and high is not None:
        return f"{low} {above} {name} {below} {high}"
    if low is not None:
        beyond = ">" if piece.left_open else "\\ge"
        return f"{name} {beyond} {low}"
    return f"{name} {below} {high}"


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
