"""Answer a task the question reader built: one function per kind, each exact or silent.

`answer_task` returns the CAS answer as LaTeX in the form the question asks, the statement the
checker starts from, how the lines of a solution are checked ("identity" for rewriting one
expression, "equation" for transforming equations) and the skill the question practises.
Anything uncertain (a value that does not settle, several values where one is asked for, a form
the value cannot take) gives None.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

import sympy as sp

from tutor_app.verify.cas import numbers, solving
from tutor_app.verify.cas.reading import (
    Givens,
    Unreadable,
    congruence_of,
    expression,
    is_definition,
    read_givens,
    statement,
)
from tutor_app.verify.cas.writing import (
    NO_SOLUTION,
    inequality_words,
    interval_notation,
    latex,
    write_value,
)
from tutor_app.verify.parse.nodes import Seq
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.task import Task

IDENTITY, EQUATION = "identity", "equation"
_INVERSE_TRIG = (sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc)
_INVERSE_WRITTEN = re.compile(r"arc(?:sin|cos|tan|sec|csc|cot)|\\?a(?:sin|cos|tan)\b|\^\{?-1\}?")


Answer = dict[str, Any]


def answer_task(task: Task) -> dict[str, Any] | None:
    """The CAS answer to a task, or None when it cannot be given with certainty."""
    try:
        return _KINDS[task.kind](task)
    except (Unreadable, ParseError, NotImplementedError, ValueError, TypeError, ZeroDivisionError,
            AttributeError, sp.PolynomialError, sp.CoercionFailed):  # fmt: skip
        return None


# Closed forms a school student cannot read or check: a root of a polynomial by its index,
# Lambert's W, SymPy's own function names.
_NOT_SCHOOL_MATHS = re.compile(r"RootOf|LambertW|\\operatorname|\\mathrm\{Ei\}|polylog")


def _answer(task: Task, answer: str, statement_text: str | None, check: str, skill: str) -> Answer:
    if _NOT_SCHOOL_MATHS.search(answer):
        raise Unreadable("an answer only SymPy can write")
    return {
        "task": task.kind,
        "answer": answer,
        "statement": statement_text,
        "check": check,
        "skill": skill,
    }


# -- values ------------------------------------------------------------------------------------
def _evaluate(task: Task) -> Answer:
    givens = read_givens(task.givens)
    target = expression(task.maths[0], givens)
    if task.form == "degrees" and not _INVERSE_WRITTEN.search(task.maths[0]):
        raise Unreadable("degrees asked for a value that is not an angle from an inverse function")
    own = task.maths[0] if not task.givens else None
    check = IDENTITY
    if givens.relations:  # the facts given are solved first: the lines are equations
        facts = [t for t in task.givens if not is_definition(t)]
        own, check = ", ".join(facts), EQUATION
    skill = skill_of(target, "arithmetic")
    if task.select == "all" and target.free_symbols:
        values = all_values(target, givens, task.complex)
        written = ", ".join(write_value(v, task.form, task.places, task.base) for v in values)
        return _answer(task, written, own, check, skill)
    value = single_value(target, givens, task.complex)
    written = write_value(value, task.form, task.places, task.base)
    return _answer(task, written, own, check, skill)


def all_values(target: sp.Expr, givens: Givens, over_complex: bool = False) -> list[sp.Expr]:
    """Every value `target` takes where the givens hold ("find all possible values of ...")."""
    values = solving.givens_solutions(givens, target, over_complex)
    if not values:
        raise Unreadable("the facts given do not fix the values")
    settled = _distinct_values(values)
    if any(v.free_symbols or not v.is_number for v in settled):
        raise Unreadable("not numbers")
    return settled


def single_value(target: sp.Expr, givens: Givens, over_complex: bool = False) -> sp.Expr:
    """The one number `target` stands for where the givens hold, checked numerically."""
    values = solving.givens_solutions(givens, target, over_complex)
    if not values:
        raise Unreadable("the facts given do not fix one value")
    settled = _distinct_values(values)
    if len(settled) != 1:
        raise Unreadable("the facts given leave several values")
    value = settled[0]
    if value.free_symbols or not value.is_number:
        raise Unreadable("not a number")
    if not target.free_symbols:
        agree(target, value)
    return value


def settle(value: sp.Expr) -> sp.Expr:
    """A value in its simplest exact form, with a rational denominator."""
    value = sp.simplify(value)
    if value.is_number:
        if value.has(sp.zoo, sp.nan) or value.is_finite is False:
            raise Unreadable("no finite value")
        value = sp.nsimplify(sp.radsimp(value)) if value.has(sp.Pow) else value
        value = sp.simplify(value)
    return value


def agree(original: sp.Expr, result: sp.Expr, points: int = 3) -> None:
    """Guard against a simplifier slip: the result and the original agree numerically."""
    symbols = sorted(original.free_symbols | result.free_symbols, key=lambda s: s.name)
    rng = random.Random(7)
    tries = [{s: sp.Rational(rng.randint(11, 97), rng.randint(7, 23)) for s in symbols}
             for _ in range(points if symbols else 1)]  # fmt: skip
    compared = 0
    for point in tries:
        a = sp.N(original.xreplace(point), 40)
        b = sp.N(result.xreplace(point), 40)
        if not (a.is_number and b.is_number) or a.has(sp.zoo, sp.nan):
            continue
        compared += 1
        if abs(a - b) > sp.Float("1e-25") * (1 + abs(a)):
            raise Unreadable("the simplified value does not match the original")
    if not compared:
        raise Unreadable("could not confirm the value")


def _rewrite(change: Callable[[sp.Expr], sp.Expr]) -> Callable[[Task], Answer]:
    def rewrite(task: Task) -> Answer:
        if task.givens:
            raise Unreadable("a rewriting task with facts given")
        target = expression(task.maths[0])
        result = change(target)
        agree(target, result)
        if result.is_number and result.atoms(sp.Function):
            raise Unreadable("the CAS could not simplify this number")
        if result.is_number and task.form != "exact":
            written = write_value(settle(result), task.form, task.places, task.base)
        else:
            written = latex(result)
        skill = {"simplify": "simplifying expressions", "expand": "expanding brackets",
                 "factor": "factorising"}[task.kind]  # fmt: skip
        return _answer(task, written, task.maths[0], IDENTITY, skill_of(target, skill))

    return rewrite


def _simplified(target: sp.Expr) -> sp.Expr:
    if target.is_number:
        return settle(target)
    if target.is_polynomial():
        return sp.expand(target)
    if target.is_rational_function():
        return sp.factor(sp.cancel(target)) if _fewer_terms(target) else sp.cancel(target)
    result = sp.simplify(target)
    return result if sp.count_ops(result) <= sp.count_ops(target) else target


def _fewer_terms(target: sp.Expr) -> bool:
    numerator, denominator = sp.fraction(sp.cancel(target))
    return denominator != 1 and len(sp.Add.make_args(sp.expand(numerator))) > 1


def _factorised(target: sp.Expr) -> sp.Expr:
    if target.is_number:
        raise Unreadable("factorising a number is a prime factorisation question")
    result = sp.factor(target)
    if result == sp.expand(target) and not isinstance(result, sp.Mul | sp.Pow):
        raise Unreadable("does not factorise over the integers")
    return result


# -- equations ---------------------------------------------------------------------------------
def _solve(task: Task) -> Answer:
    givens = read_givens(task.givens)
    found_statements = []
    for text in task.maths:
        congruence = congruence_of(text, givens)
        if congruence is not None:
            givens.congruences.append(congruence)
        else:
            found_statements.append(statement(text, givens))
    relations = solving.relations_of(found_statements + givens.relations)
    unknown = _symbol(task.unknown) if task.unknown else None
    found = solving.solve(
        relations, givens.congruences, integers=task.integers, over_complex=task.complex
    )
    if found is None:
        raise Unreadable("the CAS cannot list these solutions")
    if unknown is not None and unknown not in found.symbols:
        raise Unreadable("the letter asked for is not in the equations")
    own = ", ".join(task.maths) if not task.givens else None
    if givens.functions and not givens.relations and not givens.congruences:
        own = ", ".join(f"{latex(r.lhs)} = {latex(r.rhs)}" for r in relations)  # definitions put in
    skill = _equation_skill(relations, found.symbols)
    if not found.finite:
        assert found.region is not None
        name = (unknown or found.symbols[0]).name
        if task.select not in ("all", "one"):
            raise Unreadable("a selection from infinitely many values")
        written = (
            interval_notation(found.region)
            if task.form == "interval"
            else inequality_words(found.region, name)
        )
        return _answer(task, written, own, EQUATION, skill)
    if task.select in ("sum", "product"):
        _all_roots_listed(relations, found)
    written, bare = _selected(task, found, unknown)
    answer = _answer(task, written, own, EQUATION, skill)
    if bare:
        answer["value"] = bare  # `2` beside `x = 2`: what a one-unknown answer may be given as
    return answer


def _selected(task: Task, found: solving.Solutions, unknown: sp.Symbol | None) -> tuple[str, str]:
    """The solutions the question asks for, written as it asks, and as bare values."""
    if unknown is None and len(found.symbols) > 1:
        if len(found.points) != 1 or task.select not in ("all", "one"):
            raise Unreadable("a system with several solutions")
        point = found.points[0]
        written = ", ".join(f"{s.name} = {latex(point[s])}" for s in found.symbols)
        return written, ""
    symbol = unknown or found.symbols[0]
    values = _distinct_values([p[symbol] for p in found.points])
    if task.select == "count":
        return str(len(values)), str(len(values))
    if task.select in ("positive", "negative"):
        values = [
            v for v in values if (v.is_positive if task.select == "positive" else v.is_negative)
        ]
        if len(values) != 1:
            raise Unreadable(f"not exactly one {task.select} solution")
    if task.select in ("largest", "smallest"):
        if not values or not all(v.is_real for v in values):
            raise Unreadable("no real solutions to compare")
        values = [max(values) if task.select == "largest" else min(values)]
    if task.select in ("sum", "product"):
        if not values:
            raise Unreadable("no solutions to add or multiply")
        combined = sp.Add(*values) if task.select == "sum" else sp.Mul(*values)
        written = write_value(settle(combined), task.form, task.places, task.base)
        return written, written
    if task.select == "one" and len(values) != 1:
        raise Unreadable("the question asks for one value but there are several")
    if not values:
        return NO_SOLUTION, NO_SOLUTION
    bare = [write_value(v, task.form, task.places, task.base) for v in values]
    if task.form == "list":
        return ", ".join(bare), ", ".join(bare)
    named = " \\text{ or } ".join(f"{symbol.name} = {w}" for w in bare)
    return named, ", ".join(bare)


def _all_roots_listed(relations: list[sp.Basic], found: solving.Solutions) -> None:
    """ "The sum of the roots" of a polynomial counts every root, complex or repeated (Vieta);
    answer only when the roots listed are all of them, so both readings agree."""
    if len(relations) != 1 or not isinstance(relations[0], sp.Eq) or len(found.symbols) != 1:
        return
    symbol = found.symbols[0]
    difference = sp.together(relations[0].lhs - relations[0].rhs)
    numerator, denominator = sp.fraction(difference)
    if denominator.has(symbol) or not numerator.is_polynomial(symbol):
        return
    degree = sp.degree(numerator, symbol)
    if len(found.points) != degree:
        raise Unreadable("complex or repeated roots: the sum of the roots is read two ways")


def _distinct_values(values: list[sp.Expr]) -> list[sp.Expr]:
    out: list[sp.Expr] = []
    for value in values:
        value = settle(value)
        if not any(sp.simplify(value - seen) == 0 for seen in out):
            out.append(value)
    return sorted(out, key=lambda v: (float(sp.re(sp.N(v))), float(sp.im(sp.N(v)))))


def _symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name.lstrip("\\"))


def _equation_skill(relations: list[sp.Basic], symbols: tuple[sp.Symbol, ...]) -> str:
    if len(symbols) > 1:
        return "systems of equations"
    if any(not isinstance(r, sp.Eq) for r in relations):
        return "inequalities"
    symbol = symbols[0]
    difference = relations[0].lhs - relations[0].rhs
    if difference.has(sp.log, sp.exp) or any(p.exp.has(symbol) for p in difference.atoms(sp.Pow)):
        return "exponentials and logarithms"
    try:
        degree = sp.Poly(difference, symbol).degree()
    except sp.PolynomialError:
        return "equations"
    return {1: "linear equations", 2: "quadratic equations"}.get(degree, "polynomial equations")


# -- whole numbers and polynomials -------------------------------------------------------------
def _division(task: Task) -> Answer:
    givens = read_givens(task.givens)
    dividend, divisor = (expression(m, Givens(functions=givens.functions)) for m in task.maths)
    symbols = dividend.free_symbols | divisor.free_symbols
    if not symbols or givens.congruences:
        modulus = numbers.positive_whole(divisor)
        dividend = _by_congruence(dividend, givens, modulus)
        remainder = numbers.residue(dividend, modulus)
        if task.kind == "quotient":
            whole = numbers.whole(dividend)
            if whole < 0:
                raise Unreadable("a quotient of a negative number")
            return _answer(task, str(whole // modulus), None, IDENTITY, "whole numbers")
        return _answer(task, str(remainder), None, IDENTITY, "whole numbers")
    if len(symbols) != 1 or givens.relations:
        raise Unreadable("polynomial division in one variable only")
    variable = symbols.pop()
    if sp.degree(divisor, variable) < 1:
        raise Unreadable("dividing by a constant")
    quotient, remainder = sp.div(sp.expand(dividend), sp.expand(divisor), variable)
    result = quotient if task.kind == "quotient" else remainder
    return _answer(task, latex(sp.expand(result)), None, IDENTITY, "polynomials")


def _by_congruence(dividend: sp.Expr, givens: Givens, modulus: int) -> sp.Expr:
    """Put a congruence's residue in for its unknown: (n + 2)(n + 4) mod 7 when n ≡ 2 (mod 7)."""
    for congruence in givens.congruences:
        symbol = congruence.left
        if not (isinstance(symbol, sp.Symbol) and congruence.right.is_Integer):
            raise Unreadable("a congruence that does not give one unknown's residue")
        if congruence.modulus % modulus:
            raise Unreadable("a congruence to another modulus")
        polynomial = sp.Poly(dividend, symbol)
        if not all(c.is_Integer for c in polynomial.coeffs()):
            raise Unreadable("not a whole-number polynomial")
        dividend = dividend.xreplace({symbol: congruence.right})
    if dividend.free_symbols:
        raise Unreadable("letters left in a whole-number remainder")
    return dividend


def _numbers(kind: str) -> Callable[[Task], Answer]:
    def answer(task: Task) -> Answer:
        values = [expression(m) for m in task.maths]
        if kind == "units_digit":
            number = numbers.whole(values[0])
            result = str(abs(number) % 10)
        elif kind == "gcd":
            result = str(sp.igcd(*(numbers.whole(v) for v in values)))
        elif kind == "lcm":
            result = str(sp.ilcm(*(numbers.positive_whole(v) for v in values)))
        elif kind == "prime_factors":
            result = numbers.prime_factorisation(numbers.whole(values[0]))
        elif kind == "divisor_count":
            result = str(sp.divisor_count(numbers.positive_whole(values[0])))
        else:
            result = str(sp.divisor_sigma(numbers.positive_whole(values[0])))
        return _answer(task, result, None, IDENTITY, "whole numbers")

    return answer


def _integer_bound(task: Task) -> Answer:
    value = settle(expression(task.maths[0]))
    if not value.is_real:
        raise Unreadable("not a real number")
    below = task.kind == "floor_below"
    if value.is_Integer:
        result = value - 1 if below else value + 1
    else:
        approximate = sp.N(value, 80)
        nearest = sp.Integer(round(approximate))
        if abs(approximate - nearest) < sp.Float("1e-60"):
            raise Unreadable("too close to a whole number to be sure")
        result = sp.floor(approximate) if below else sp.ceiling(approximate)
    return _answer(task, str(result), None, IDENTITY, "arithmetic")


# -- calculus ----------------------------------------------------------------------------------
def _variable(task: Task, target: sp.Expr) -> sp.Symbol:
    if task.variable:
        return _symbol(task.variable)
    symbols = sorted(target.free_symbols, key=lambda s: s.name)
    if not symbols:
        raise Unreadable("no variable")
    preferred = [s for s in symbols if s.name == "x"]
    if preferred or len(symbols) == 1:
        return (preferred or symbols)[0]
    raise Unreadable("which variable is meant")


def _derivative(task: Task) -> Answer:
    target = expression(task.maths[0])
    variable = _variable(task, target)
    result = sp.diff(target, variable)
    tidy = sp.expand(result) if result.is_polynomial(variable) else sp.simplify(result)
    result = tidy if sp.count_ops(tidy) <= sp.count_ops(result) else result
    return _answer(task, latex(result), task.maths[0], IDENTITY, "differentiation")


def _integral(task: Task) -> Answer:
    target = expression(task.maths[0])
    variable = _variable(task, target)
    if len(task.maths) == 3:
        low, high = expression(task.maths[1]), expression(task.maths[2])
        result = sp.integrate(target, (variable, low, high))
        if result.has(sp.Integral) or not result.is_number:
            raise Unreadable("SymPy cannot work out this integral")
        value = settle(result)
        written = write_value(value, task.form, task.places, task.base)
        return _answer(task, written, None, IDENTITY, "integration")
    result = sp.integrate(target, variable)
    if result.has(sp.Integral):
        raise Unreadable("SymPy cannot work out this integral")
    if sp.simplify(sp.diff(result, variable) - target) != 0:
        agree(sp.diff(result, variable), target)
    return _answer(task, f"{latex(result)} + C", task.maths[0], IDENTITY, "integration")


def _limit(task: Task) -> Answer:
    target = expression(task.maths[0])
    point = expression(task.maths[1])
    variable = _variable(task, target)
    direction = "+-" if point.is_finite else "+"
    result = sp.limit(target, variable, point, dir=direction)
    if result.has(sp.Limit, sp.AccumBounds) or not (result.is_number or result in (sp.oo, -sp.oo)):
        raise Unreadable("SymPy cannot find this limit")
    written = (
        latex(result)
        if not result.is_finite
        else write_value(settle(result), task.form, task.places, task.base)
    )
    return _answer(task, written, task.maths[0], IDENTITY, "limits")


# -- coordinates -------------------------------------------------------------------------------
def _points(task: Task) -> tuple[tuple[sp.Expr, ...], tuple[sp.Expr, ...]]:
    parsed = [statement(m, Givens()) for m in task.maths[:2]]
    points = []
    for item in parsed:
        if not (isinstance(item, Seq) and item.brackets == "()" and len(item.items) in (2, 3)):
            raise Unreadable("a point is written (x, y)")
        if not all(isinstance(c, sp.Expr) and c.is_number for c in item.items):
            raise Unreadable("a point with letters")
        points.append(tuple(item.items))
    if len(points[0]) != len(points[1]):
        raise Unreadable("points of different dimensions")
    return points[0], points[1]


def _coordinates(task: Task) -> Answer:
    first, second = _points(task)
    if task.kind == "distance":
        value = settle(sp.sqrt(sum((b - a) ** 2 for a, b in zip(first, second))))
        written = write_value(value, task.form, task.places, task.base)
    elif task.kind == "midpoint":
        middle = [settle((a + b) / 2) for a, b in zip(first, second)]
        written = "\\left(" + ", ".join(latex(c) for c in middle) + "\\right)"
    else:
        if len(first) != 2 or first[0] == second[0]:
            raise Unreadable("a vertical line has no slope")
        value = settle((second[1] - first[1]) / (second[0] - first[0]))
        written = write_value(value, task.form, task.places, task.base)
    return _answer(task, written, None, IDENTITY, "coordinate geometry")


def _dot_product(task: Task) -> Answer:
    first, second = (expression(m) for m in task.maths[:2])
    if not (isinstance(first, sp.MatrixBase) and isinstance(second, sp.MatrixBase)):
        raise Unreadable("a dot product of two vectors")
    if first.shape != second.shape or 1 not in first.shape:
        raise Unreadable("vectors of different sizes")
    value = settle(sum((a * b for a, b in zip(first, second)), sp.Integer(0)))
    written = write_value(value, task.form, task.places, task.base)
    return _answer(task, written, None, IDENTITY, "vectors")


def _arrangements(task: Task) -> Answer:
    word = task.maths[0]
    if not word.isalpha() or len(word) > 30:
        raise Unreadable("a word of letters")
    count = sp.factorial(len(word))
    for letter in set(word):
        count /= sp.factorial(word.count(letter))
    return _answer(task, str(count), None, IDENTITY, "counting")


def _choose(task: Task) -> Answer:
    total, chosen = (numbers.whole(expression(m)) for m in task.maths[:2])
    if not 0 <= chosen <= total:
        raise Unreadable("cannot choose more than there are")
    return _answer(task, str(sp.binomial(total, chosen)), None, IDENTITY, "counting")


def _extremum(task: Task) -> Answer:
    target = expression(task.maths[0])
    if len(target.free_symbols) != 1:
        raise Unreadable("an extreme value of a function of one variable only")
    variable = next(iter(target.free_symbols))
    real = sp.Symbol(variable.name, real=True)
    target = target.xreplace({variable: real})
    conditions = [statement(m, Givens()) for m in task.maths[1:]]
    region: sp.Set = sp.S.Reals
    for relation in solving.relations_of(conditions):
        if relation.free_symbols - {variable}:
            raise Unreadable("a condition on another letter")
        part = sp.solve_univariate_inequality(
            relation.xreplace({variable: real}), real, relational=False
        )
        region = sp.Intersection(region, part)
    value = attained_extremum(target, real, region, task.select == "largest")
    written = write_value(value, task.form, task.places, task.base)
    return _answer(task, written, None, IDENTITY, "derivatives")


def attained_extremum(target: sp.Expr, variable: sp.Symbol, region: sp.Set, largest: bool) -> Any:
    """The largest or smallest value the function reaches on the region (never a bound it only
    approaches): at a critical point or a closed end, checked against the infimum or supremum."""
    if not isinstance(region, sp.Interval):
        raise Unreadable("an extreme value on one interval only")
    bound = (sp.maximum if largest else sp.minimum)(target, variable, region)
    if not bound.is_finite:
        raise Unreadable("no largest or smallest value")
    critical = sp.solveset(sp.diff(target, variable), variable, region)
    if not isinstance(critical, sp.FiniteSet):
        raise Unreadable("the critical points cannot be listed")
    candidates = list(critical)
    for end, open_end in ((region.start, region.left_open), (region.end, region.right_open)):
        if end.is_finite and not open_end:
            candidates.append(end)
    reached = [settle(target.xreplace({variable: c})) for c in candidates]
    if not any(sp.simplify(value - bound) == 0 for value in reached):
        raise Unreadable("the bound is approached, never reached")
    return settle(bound)


def skill_of(target: sp.Expr, default: str) -> str:
    """The skill an expression mostly practises, by what it contains."""
    if target.has(sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot, *_INVERSE_TRIG):
        return "trigonometry"
    if target.has(sp.log, sp.exp):
        return "exponentials and logarithms"
    if target.has(sp.I):
        return "complex numbers"
    if target.has(sp.binomial, sp.factorial):
        return "counting"
    return default


_KINDS: dict[str, Callable[[Task], Answer]] = {
    "evaluate": _evaluate,
    "simplify": _rewrite(_simplified),
    "expand": _rewrite(sp.expand),
    "factor": _rewrite(_factorised),
    "solve": _solve,
    "quotient": _division,
    "remainder": _division,
    "units_digit": _numbers("units_digit"),
    "base": _evaluate,
    "gcd": _numbers("gcd"),
    "lcm": _numbers("lcm"),
    "prime_factors": _numbers("prime_factors"),
    "divisor_count": _numbers("divisor_count"),
    "divisor_sum": _numbers("divisor_sum"),
    "derivative": _derivative,
    "integral": _integral,
    "limit": _limit,
    "distance": _coordinates,
    "midpoint": _coordinates,
    "slope": _coordinates,
    "floor_below": _integer_bound,
    "ceiling_above": _integer_bound,
    "dot_product": _dot_product,
    "arrangements": _arrangements,
    "choose": _choose,
    "extremum": _extremum,
}
