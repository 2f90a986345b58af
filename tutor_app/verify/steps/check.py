"""Check one step of working: does the next line follow from, and mean the same as, the last?"""

from __future__ import annotations

import re
import time
from typing import Any

import sympy as sp

from tutor_app.verify.cas.listing import compare_listed
from tutor_app.verify.equality.algebra import (
    WRITTEN_DECIMALS,
    close,
    counterexample,
    decimals_of,
    describe,
    has_float,
    numeric,
    percent_readings,
    rounds_to,
    values_equal,
    written_decimals,
)
from tutor_app.verify.equality.forms import Form, form_of
from tutor_app.verify.equality.statements import (
    equation_polynomial,
    is_statement,
    only_equations,
    proportional,
    solution_set,
)
from tutor_app.verify.parse.extract import without_thousands_separators
from tutor_app.verify.parse.nodes import leaves, map_leaves
from tutor_app.verify.parse.parsing import PM, Chain, Logic, Rel, Seq, parse_math
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.steps.equations import compare_solutions
from tutor_app.verify.steps.rearrangements import (
    closed_truth,
    propositional_step,
    same_formula,
    same_inequality,
    solved_for_one_letter,
)
from tutor_app.verify.steps.systems import compare_systems
from tutor_app.verify.steps.witness import describe_point, separating_point
from tutor_app.verify.verdict import Verdict, unknown

ROOT_NAMES = {3: "cube"}
_LEADING_ARROW = re.compile(r"^\s*(?:\\Rightarrow|\\implies|\\iff|\\Leftrightarrow|=>|⇒|⇔)\s*")


def judge_step(before: str, after: str, context: dict[str, Any] | None = None) -> Verdict:
    """Check the step from `before` to `after` in this process (the public API sandboxes it)."""
    before, after = without_thousands_separators(before), without_thousands_separators(after)
    token = WRITTEN_DECIMALS.set(written_decimals(after))
    try:
        return _judge_step(before, after, context or {})
    finally:
        WRITTEN_DECIMALS.reset(token)


def _judge_step(before: str, after: str, context: dict[str, Any]) -> Verdict:
    continues = after.lstrip().startswith("=") and not after.lstrip().startswith("==")
    after_text = after.lstrip()[1:] if continues else after
    try:
        first = parse_math(_LEADING_ARROW.sub("", before))
        second = parse_math(_LEADING_ARROW.sub("", after_text))
    except ParseError as exc:
        return unknown(f"not checkable: {exc}")
    first, second = _with_assumptions(first, second, context)
    if isinstance(first, sp.Expr) and isinstance(second, sp.Expr):
        return _same_value(first, second, written=before.strip())
    if continues and isinstance(first, Rel) and isinstance(second, sp.Expr):
        return _same_value(first.rhs, second)
    return _same_solutions(first, second, context)


def _with_assumptions(a: Any, b: Any, context: dict[str, Any]) -> tuple[Any, Any]:
    if not context.get("assume_positive"):
        return a, b
    symbols = _symbols(a) | _symbols(b)
    mapping = {s: sp.Symbol(s.name, positive=True) for s in symbols if s not in (PM,)}
    return _substitute(a, mapping), _substitute(b, mapping)


def _symbols(obj: Any) -> set[Any]:
    if isinstance(obj, sp.Basic):
        return set(obj.free_symbols)
    if isinstance(obj, Rel):
        return _symbols(obj.lhs) | _symbols(obj.rhs)
    if isinstance(obj, Chain | Logic | Seq):
        parts = obj.parts if isinstance(obj, Chain) else obj.items
        return set().union(*(_symbols(p) for p in parts))
    return set()


def _substitute(obj: Any, mapping: dict[Any, Any]) -> Any:
    return map_leaves(obj, lambda expr: expr.xreplace(mapping))


def _same_value(before: sp.Expr, after: sp.Expr, written: str | None = None) -> Verdict:
    if not ((before.free_symbols | after.free_symbols) - {PM}) and has_float(after):
        return _arithmetic_claim(percent_readings(before)[0], percent_readings(after)[0], written)
    for b in percent_readings(before):
        for a in percent_readings(after):
            if values_equal(b, a):
                return Verdict("valid", "same value")
    before, after = percent_readings(before)[0], percent_readings(after)[0]
    symbols = (before.free_symbols | after.free_symbols) - {PM}
    if not symbols:
        return _arithmetic_claim(before, after, written)
    point = counterexample(before, after, symbols)
    if point is None:
        return unknown("could not decide whether the two expressions are equal")
    point = _small_point(before, after, symbols) or point
    left, right = _shown(before.subs(point)), _shown(after.subs(point))
    return Verdict(
        "invalid",
        "the two expressions have different values",
        counterexample=f"{describe(point)} gives {left} before but {right} after",
    )


def _shown(value: sp.Expr) -> str:
    """An exact value when it is a simple number (4, 1/2), else six significant digits."""
    return sp.sstr(value) if value.is_Rational else sp.sstr(sp.N(value, 6))


def _small_point(before: sp.Expr, after: sp.Expr, symbols: set[Any]) -> dict[Any, Any] | None:
    """A counterexample with small whole numbers, which a student can check by hand."""
    ordered = sorted(symbols, key=lambda s: s.name)
    for base in (1, 2, 3, -1, -2, 0, 4, 5):
        point = {s: sp.Integer(base + i) for i, s in enumerate(ordered)}
        left, right = numeric(before, point), numeric(after, point)
        if left is not None and right is not None and not close(left, right, 1e-9):
            return point
    return None


def _arithmetic_claim(before: sp.Expr, after: sp.Expr, written: str | None = None) -> Verdict:
    exact = numeric(before)
    claimed = numeric(after)
    if exact is None or claimed is None:
        return unknown("could not evaluate the arithmetic")
    if close(exact, claimed, 1e-12):
        return Verdict("valid", "same value")
    places = decimals_of(after)
    if places is not None and rounds_to(before, after):
        return Verdict("valid", "same value", note=f"rounded to {places} decimal places")
    shown = sp.nsimplify(sp.N(before, 12)) if has_float(before) else before
    if shown.is_Rational and not shown.is_Integer:
        shown_text = f"{sp.sstr(shown)} = {sp.N(shown, 6)}"
    else:
        shown_text = sp.sstr(sp.N(shown, 12) if not shown.is_Rational else shown)
    return Verdict(
        "invalid",
        f"this works out to {shown_text}, not {sp.sstr(after)}",
        counterexample=f"{written or sp.sstr(before)} = {shown_text}",
    )


def _expand_pm(obj: Any) -> Any:
    """`x = ±2` is the statement `x = 2 or x = -2`."""
    if isinstance(obj, Rel) and PM in _symbols(obj):
        readings = [_substitute(obj, {PM: sp.Integer(sign)}) for sign in (1, -1)]
        return Logic("or", tuple(readings))
    if isinstance(obj, Logic):
        return Logic(obj.kind, tuple(_expand_pm(i) for i in obj.items))
    return obj


def _sampled_verdict(first: Any, second: Any, domain: sp.Set) -> Verdict:
    """Equations in several variables: look for a point that solves one line but not the other."""
    try:
        system = compare_systems(first, second, domain)
    except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
        system = None
    if system is not None:
        return _solution_verdict(system.relation, system.witness)
    if same_formula(first, second) or solved_for_one_letter(first, second):
        return Verdict("valid", "the same formula for one letter")
    if domain != sp.S.Complexes:
        return unknown("could not compare the solutions under these assumptions")
    if _bare_value_in_logic(first) or _bare_value_in_logic(second):
        return Verdict(
            "invalid", "a bare value is not a statement: write it as an equation, x = ..."
        )
    deadline = time.monotonic() + 0.5
    lost = separating_point(first, second, deadline)
    if lost is not None:
        return _solution_verdict("loses", describe_point(lost))
    gained = separating_point(second, first, deadline + 0.3)
    if gained is not None:
        return _solution_verdict("gains", describe_point(gained))
    return unknown("could not compare the solutions")


def _bare_value_in_logic(obj: Any) -> bool:
    """`x = 1 or 2`: a number standing where an equation should be."""
    if isinstance(obj, Logic) and any(isinstance(i, Rel) for i in obj.items):
        return any(isinstance(i, sp.Expr) and i.is_number for i in obj.items)
    return False


def _domain(first: Any, second: Any, context: dict[str, Any]) -> sp.Set:
    if context.get("assume_positive"):
        return sp.Interval.open(0, sp.oo)
    if context.get("assume_real") or _has_inequality(first) or _has_inequality(second):
        return sp.S.Reals
    return sp.S.Complexes


def _has_inequality(obj: Any) -> bool:
    if isinstance(obj, Rel):
        return obj.op not in ("=", "~")
    if isinstance(obj, Chain):
        return any(op not in ("=", "~") for op in obj.ops)
    if isinstance(obj, Logic):
        return any(_has_inequality(i) for i in obj.items)
    return False


def _same_solutions(first: Any, second: Any, context: dict[str, Any]) -> Verdict:
    verdict = _compared_solutions(first, second, context)
    if verdict.status == "invalid" and _has_decimal(first, second):
        # `|x - 2| \le 5.6` has -3.6 in it exactly; in floating point |-3.6 - 2| is 5.6000...01
        exact = _compared_solutions(_exact(first), _exact(second), context)
        if exact.status == "valid":
            return exact
    if verdict.status != "unknown" or context.get("assume_positive"):
        return verdict
    symbols = (_symbols(first) | _symbols(second)) - {PM}
    relation, witness = compare_listed(_expand_pm(first), _expand_pm(second), symbols)
    if relation == "unknown" and _same_equations(first, second, context):
        return Verdict("valid", "same solutions")
    if relation == "unknown":
        root = _root_of_both_sides(first, second)
        if root is not None:
            return Verdict("valid", f"the {root} root of both sides")
    return verdict if relation == "unknown" else _solution_verdict(relation, witness)


def _root_of_both_sides(first: Any, second: Any) -> str | None:
    """`x = (1 + y/n)^n` to `x^(1/n) = 1 + y/n`: the same root of both sides, named (`n-th`).

    The root is a letter (as a marker reads it, a whole number) or an odd whole number; an
    even root is left to the other checks (`x = (y+1)^2` to `x^(1/2) = y + 1` loses y < -1)."""
    if not (isinstance(first, Rel) and isinstance(second, Rel) and first.op == second.op == "="):
        return None
    for lhs, rhs in ((second.lhs, second.rhs), (second.rhs, second.lhs)):
        if not isinstance(lhs, sp.Pow):
            continue
        power = 1 / lhs.exp
        if not (isinstance(power, sp.Symbol) or power.is_Integer and power > 1 and power % 2):
            continue
        for side, other in ((first.lhs, first.rhs), (first.rhs, first.lhs)):
            if lhs.base != side:
                continue
            try:
                same = sp.simplify(sp.powdenest(rhs**power, force=True) - other) == 0
            except (TypeError, ValueError, RecursionError):
                return None
            if same:
                return ROOT_NAMES.get(power, f"{power}-th" if power.is_Symbol else f"{power}th")
    return None


def _same_equations(first: Any, second: Any, context: dict[str, Any]) -> bool:
    """Equations (joined by `or`) in several letters with the same zeros: `|a| = |b|` and
    `a = b or a = -b` are both (a - b)(a + b) = 0. `|u| = |v|` is u^2 = v^2 only for real
    u and v, so moduli are compared so only where the letters are real."""
    if not (only_equations(first) and only_equations(second)):
        return False
    moduli = any(isinstance(s, Rel) and (s.lhs.has(sp.Abs) or s.rhs.has(sp.Abs))
                 for s in _equations(first) + _equations(second))  # fmt: skip
    if moduli and not _domain(first, second, context).is_subset(sp.S.Reals):
        return False
    try:
        return proportional(equation_polynomial(first), equation_polynomial(second)) is True
    except (TypeError, ValueError, ZeroDivisionError, sp.PolynomialError):
        return False


def _equations(statement: Any) -> list[Any]:
    """The equations of an `or` of equations (one when it is a single equation)."""
    return list(getattr(statement, "items", [statement]))


def _has_decimal(*statements: Any) -> bool:
    return any(
        isinstance(leaf, sp.Basic) and bool(leaf.atoms(sp.Float))
        for statement in statements
        for leaf in leaves(statement)
    )


def _exact(statement: Any) -> Any:
    """Written decimals as the fractions they are (5.6 is 28/5)."""
    return map_leaves(
        statement, lambda e: sp.nsimplify(e, rational=True) if e.atoms(sp.Float) else e
    )


def _compared_solutions(first: Any, second: Any, context: dict[str, Any]) -> Verdict:
    first, second = _expand_pm(first), _expand_pm(second)
    domain = _domain(first, second, context)
    truths = closed_truth(first), closed_truth(second)
    if None not in truths:
        same = truths[0] == truths[1]
        return Verdict(
            "valid" if same else "invalid", "same truth value" if same else "changes truth"
        )
    letters = propositional_step(first, second)
    if letters is not None:
        return Verdict(
            "valid" if letters else "invalid",
            "same truth table" if letters else "a different statement: the truth tables differ",
        )
    if same_inequality(first, second):
        return Verdict("valid", "the same inequality, rearranged")
    if isinstance(first, Rel) and isinstance(second, Rel) and first.op == second.op == "=":
        try:
            comparison = compare_solutions((first.lhs, first.rhs), (second.lhs, second.rhs), domain)
        except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
            return unknown("could not solve the equations")
        if comparison.relation == "unknown":
            return _sampled_verdict(first, second, domain)
        return _solution_verdict(comparison.relation, comparison.witness)
    symbols = (_symbols(first) | _symbols(second)) - {PM}
    if len(symbols) == 1 and is_statement(first) and is_statement(second):
        var = next(iter(symbols))
        try:
            set_a = solution_set(first, var, domain)
            set_b = solution_set(second, var, domain)
        except (ParseError, TypeError, ValueError, NotImplementedError):
            return _sampled_verdict(first, second, domain)
        return _compare_sets((var, set_a), (var, set_b))
    if len(symbols) > 1:
        return _sampled_verdict(first, second, domain)
    try:
        form_a, form_b = form_of(first), form_of(second)
    except ParseError as exc:
        return unknown(f"not checkable: {exc}")
    set_a, set_b = _solution_set(form_a, context), _solution_set(form_b, context)
    if set_a is None or set_b is None:
        return unknown("could not compare the solution sets")
    return _compare_sets(set_a, set_b)


def _solution_verdict(relation: str, witness: str | None) -> Verdict:
    if relation == "same":
        return Verdict("valid", "same solutions")
    if relation == "gains":
        return Verdict(
            "invalid",
            "this step only follows one way: it adds a solution the line before does not have",
            counterexample=witness and f"{witness} solves the new line but not the old one",
        )
    if relation == "loses":
        return Verdict(
            "invalid",
            "this step loses a solution (for example by dividing by something that can be 0)",
            counterexample=witness and f"{witness} solves the old line but not the new one",
        )
    if relation == "differs":
        return Verdict(
            "invalid",
            "the new line has different solutions",
            counterexample=witness and f"{witness} solves one line but not the other",
        )
    return unknown("could not compare the solutions")


def _solution_set(form: Form, context: dict[str, Any]) -> Any:
    domain = sp.S.Reals
    if form.kind == "truth":
        return ("all" if form.value else "none", None)
    if form.kind in ("assign", "roots"):
        items = [form.value] if form.kind == "assign" else form.items
        return (form.var, sp.FiniteSet(*items))
    if form.kind == "set" and form.var is not None:
        return (form.var, form.value)
    if form.kind == "equation":
        lhs, rhs = form.value
        symbols = (lhs.free_symbols | rhs.free_symbols) - {PM}
        if len(symbols) != 1:
            return None
        var = next(iter(symbols))
        try:
            return (var, sp.solveset(sp.Eq(lhs, rhs), var, domain))
        except (NotImplementedError, ValueError, TypeError):
            return None
    return None


def _compare_sets(a: tuple[Any, Any], b: tuple[Any, Any]) -> Verdict:
    (var_a, set_a), (var_b, set_b) = a, b
    if var_a in ("all", "none") or var_b in ("all", "none"):
        if var_a in ("all", "none") and var_b in ("all", "none"):
            same = var_a == var_b
            return Verdict(
                "valid" if same else "invalid", "same truth value" if same else "changes truth"
            )
        statement, truth = (b, var_a) if var_a in ("all", "none") else (a, var_b)
        full = statement[1] == sp.S.Reals or statement[1] == sp.S.Complexes
        empty = statement[1] == sp.S.EmptySet
        same = (truth == "all" and full) or (truth == "none" and empty)
        return Verdict(
            "valid" if same else "invalid", "same truth value" if same else "changes truth"
        )
    if var_a != var_b:
        return unknown("the lines are about different variables")
    try:
        extra = sp.Complement(set_b, set_a)
        missing = sp.Complement(set_a, set_b)
    except (TypeError, ValueError):
        return unknown("could not compare the solution sets")
    if extra.is_empty and missing.is_empty:
        return Verdict("valid", "same solutions")
    if extra.is_empty is None or missing.is_empty is None:
        return unknown("could not compare the solution sets")
    witness = _pick(extra if not extra.is_empty else missing)
    relation = "gains" if missing.is_empty else "loses" if extra.is_empty else "differs"
    return _solution_verdict(relation, witness and f"{var_a} = {witness}")


def _pick(values: sp.Set) -> str | None:
    if isinstance(values, sp.FiniteSet):
        return sp.sstr(next(iter(values)))
    if isinstance(values, sp.Interval):
        lo, hi = values.inf, values.sup
        if lo.is_finite and hi.is_finite:
            return sp.sstr((lo + hi) / 2)
        if lo.is_finite:
            return sp.sstr(lo + 1)
        if hi.is_finite:
            return sp.sstr(hi - 1)
    return None
