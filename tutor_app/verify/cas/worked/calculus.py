"""Worked solutions in calculus: derivatives one rule per line, integrals, limits.

Lines are written in the notation the checker reads (`\\frac{d}{dx}`, `\\int ... \\, dx`,
`\\lim_{x \\to a}`), so each `=` is checked by comparing values.
"""

from __future__ import annotations

import sympy as sp

from tutor_app.verify.cas.worked.lines import NoWorking, line, tex

MAX_TERMS = 6


def _d(x: sp.Symbol) -> str:
    return f"\\frac{{d}}{{d{x.name}}}"


def _of(expr: sp.Expr) -> str:
    return f"\\left({tex(expr)}\\right)"


def derivative_lines(text: str, target: sp.Expr, x: sp.Symbol, answer: str) -> list[str]:
    """Sum rule first, then the rule for each term (power, product, chain), then the result."""
    lines: list[str] = []
    terms = (
        sp.Add.make_args(sp.expand(target)) if target.is_polynomial(x) else sp.Add.make_args(target)
    )
    start = f"{_d(x)}\\left({text}\\right)"
    if 1 < len(terms) <= MAX_TERMS:
        split = " + ".join(f"{_d(x)}{_of(t)}" for t in terms)
        lines.append(line("Differentiate term by term:", f"{start} = {split}"))
        each = " + ".join(_of(sp.diff(t, x)) for t in terms)
        lines.append(line(_rule_words(terms, x), f"= {each}"))
    elif len(terms) == 1:
        rewritten = _one_rule(target, x)
        if rewritten is not None:
            words, middle = rewritten
            lines.append(line(words, f"{start} = {middle}"))
    if not lines:
        lines.append(line("Differentiate:", f"{start} = \\boxed{{{answer}}}"))
        return lines
    lines.append(line("Simplify:", f"= \\boxed{{{answer}}}"))
    return lines


def _rule_words(terms: tuple[sp.Expr, ...], x: sp.Symbol) -> str:
    if all(t.is_polynomial(x) for t in terms):
        return "The power rule on each term (the derivative of a number is 0):"
    return "Differentiate each term:"


def _one_rule(target: sp.Expr, x: sp.Symbol) -> tuple[str, str] | None:
    """The product rule or the chain rule written out for one term."""
    factors = [f for f in sp.Mul.make_args(target) if f.has(x)]
    constant = sp.Mul(*(f for f in sp.Mul.make_args(target) if not f.has(x)))
    if len(factors) == 2:
        u, v = factors
        product = f"{_of(sp.diff(u, x))} {_of(v)} + {_of(u)} {_of(sp.diff(v, x))}"
        shown = product if constant == 1 else f"{tex(constant)} \\left({product}\\right)"
        return "The product rule, (uv)' = u'v + uv':", shown
    if len(factors) == 1 and isinstance(factors[0], sp.Function) and factors[0].args[0] != x:
        outer, inner = factors[0], factors[0].args[0]
        u = sp.Dummy("u")
        outer_derivative = sp.diff(outer.func(u), u).subs(u, inner)
        chain = f"{_of(outer_derivative)} \\cdot {_of(sp.diff(inner, x))}"
        shown = chain if constant == 1 else f"{tex(constant)} \\cdot {chain}"
        return "The chain rule: the outer derivative times the inner derivative:", shown
    return None


_RULES = {
    "PowerRule": "the power rule",
    "ConstantRule": "a constant's integral",
    "ConstantTimesRule": "a constant times the integral",
    "ExpRule": "the exponential rule",
    "ReciprocalRule": "1/x integrates to ln|x|",
    "PartsRule": "integration by parts",
    "URule": "a substitution",
    "SinRule": "the integral of sine",
    "CosRule": "the integral of cosine",
}


def rule_name(integrand: sp.Expr, x: sp.Symbol) -> str:
    """The rule SymPy's step-by-step integrator uses first (`integral_steps`), in words."""
    from sympy.integrals.manualintegrate import integral_steps

    try:
        rule = integral_steps(integrand, x)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return "integration"
    for _ in range(5):  # "3x^2": the constant waits while x^2 follows the power rule
        if type(rule).__name__ in ("ConstantTimesRule", "RewriteRule") and hasattr(rule, "substep"):
            rule = rule.substep
        elif type(rule).__name__ == "AlternativeRule" and rule.alternatives:
            rule = rule.alternatives[0]
    name = type(rule).__name__
    if name == "URule":
        return f"the substitution u = {sp.sstr(rule.u_func).replace('**', '^')}"
    return _RULES.get(name, "integration")


def integral_lines(text: str, target: sp.Expr, x: sp.Symbol, answer: str) -> list[str]:
    """Integrate term by term, naming each term's rule; the constant goes on the last line."""
    terms = sp.Add.make_args(sp.expand(target)) if target.is_polynomial(x) else (target,)
    integral = f"\\int \\left({text}\\right) \\, d{x.name}"
    antiderivative = sp.integrate(target, x)
    if antiderivative.has(sp.Integral):
        raise NoWorking("SymPy cannot integrate this")
    lines: list[str] = []
    if 1 < len(terms) <= MAX_TERMS:
        split = " + ".join(f"\\int {_of(t)} \\, d{x.name}" for t in terms)
        lines.append(line("Integrate term by term:", f"{integral} = {split}"))
        each = " + ".join(_of(sp.integrate(t, x)) for t in terms)
        rules = " and ".join(sorted({rule_name(t, x) for t in terms}))
        lines.append(line(f"Integrate each term by {rules}:", f"= {each}"))
        lines.append(line("Add the constant of integration:", f"= \\boxed{{{answer}}}"))
        return lines
    lines.append(line(f"By {rule_name(target, x)}:", f"{integral} = {tex(antiderivative)}"))
    lines.append(line("Add the constant of integration:", f"= \\boxed{{{answer}}}"))
    return lines


def definite_integral_lines(
    text: str, target: sp.Expr, x: sp.Symbol, bounds: tuple[sp.Expr, sp.Expr], answer: str
) -> list[str]:
    """Find an antiderivative, then subtract its values at the two ends."""
    low, high = bounds
    antiderivative = sp.integrate(target, x)
    if antiderivative.has(sp.Integral):
        raise NoWorking("SymPy cannot integrate this")
    integral = f"\\int_{{{tex(low)}}}^{{{tex(high)}}} \\left({text}\\right) \\, d{x.name}"
    upper, lower = antiderivative.subs(x, high), antiderivative.subs(x, low)
    difference = f"{_of(upper)} - {_of(lower)}"
    return [
        line(
            f"An antiderivative is {sp.sstr(antiderivative)}; put in the ends:",
            f"{integral} = {difference}",
        ),  # fmt: skip
        line("Subtract:", f"= \\boxed{{{answer}}}"),
    ]


def limit_lines(text: str, target: sp.Expr, x: sp.Symbol, point: sp.Expr, answer: str) -> list[str]:
    """Cancel a common factor when putting the point in gives 0/0, then put the point in."""
    limit = f"\\lim_{{{x.name} \\to {tex(point)}}}"
    start = f"{limit} \\left({text}\\right)"
    cancelled = sp.cancel(target) if target.is_rational_function(x) else target
    lines: list[str] = []
    if cancelled != target and point.is_finite:
        words = "Putting the point in gives 0/0, so cancel the common factor first:"
        lines.append(line(words, f"{start} = {limit} {_of(cancelled)}"))
        lines.append(line(f"Now put {x} = {sp.sstr(point)} in:", f"= \\boxed{{{answer}}}"))
        return lines
    words = f"Put {x} = {sp.sstr(point)} in:" if point.is_finite else "Find the limit:"
    lines.append(line(words, f"{start} = \\boxed{{{answer}}}"))
    return lines
