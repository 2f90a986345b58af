"""Worked solutions written by the computer algebra system, one checkable step per line.

`work_task` returns the lines of a solution for a task the CAS can answer: words, then the
line's maths in $...$, the last line with the answer in \\boxed{}. The tutor checks every line
with the same checker as a model's lines; these generators are written so that each line is a
transformation the checker can confirm (an equation with the same solutions, an equal value).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy as sp

from tutor_app.verify.cas import numbers, solving
from tutor_app.verify.cas.reading import (
    Unreadable,
    congruence_of,
    expression,
    read_givens,
    statement,
)
from tutor_app.verify.cas.tasks import answer_task
from tutor_app.verify.cas.worked.calculus import (
    definite_integral_lines,
    derivative_lines,
    integral_lines,
    limit_lines,
)
from tutor_app.verify.cas.worked.equations import equation_steps
from tutor_app.verify.cas.worked.expressions import (
    expand_lines,
    factor_lines,
    function_calls,
    simplify_lines,
    substituted,
    value_chain,
)
from tutor_app.verify.cas.worked.lines import NoWorking, boxed, line, tex
from tutor_app.verify.cas.worked.picks import each_value_lines, pick_line
from tutor_app.verify.cas.worked.systems import elimination_steps, inequality_steps
from tutor_app.verify.cas.worked.whole import bound_lines, residue_in_range
from tutor_app.verify.cas.writing import inequality_words
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.task import Task

Worker = Callable[[Task, dict[str, Any]], list[str]]


def work_task(task: Task) -> list[str] | None:
    """The lines of a worked solution for the task, or None when the CAS has no answer."""
    result = answer_task(task)
    if result is None:
        return None
    try:
        lines = _WORKERS.get(task.kind, _answer_only)(task, result)
    except (NoWorking, Unreadable, ParseError, NotImplementedError, ValueError, TypeError,
            ZeroDivisionError, AttributeError, sp.PolynomialError):  # fmt: skip
        lines = _answer_only(task, result)
    return _box_the_last_step(_without_restatements(lines, result.get("statement")))


def _without_restatements(lines: list[str], statement: str | None) -> list[str]:
    """Drop a line that only writes the question's own maths again (not a step)."""
    if not statement:
        return lines
    said = re.sub(r"\s+|\\left|\\right|[{}]", "", statement)
    kept = [
        text
        for text in lines
        if (found := _MATHS.search(text)) is None
        or re.sub(r"\s+|\\left|\\right|[{}]", "", found.group(1)) != said
    ]
    return kept or lines


_MATHS = re.compile(r"\$([^$]+)\$\s*$")
_BOXED_LINE = re.compile(r"^[^$]*\$\s*=?\s*\\boxed\{(.*)\}\$\s*$")


def _box_the_last_step(lines: list[str]) -> list[str]:
    """ "So x = 2" after a line that ends in x = 2 says it again: box that line's maths instead."""
    if len(lines) < 2:
        return lines
    boxed, previous = _BOXED_LINE.match(lines[-1]), _MATHS.search(lines[-2])
    if boxed is None or previous is None:
        return lines
    maths, wanted = previous.group(1), re.sub(r"\s+", "", boxed.group(1))
    if re.sub(r"\s+", "", maths) == wanted:  # `x = 2`, then `So \boxed{x = 2}`
        start = previous.start(1)
    else:  # `... = 84 + 5 = 89`, then `= \boxed{89}`
        tail = maths.rsplit("=", 1)[-1]
        if "=" not in maths or re.sub(r"\s+", "", tail) != wanted:
            return lines
        start = previous.start(1) + len(maths) - len(tail.lstrip())
    end = previous.end(1)
    return [*lines[:-2], f"{lines[-2][:start]}\\boxed{{{lines[-2][start:end]}}}{lines[-2][end:]}"]


def _answer_only(task: Task, result: dict[str, Any]) -> list[str]:
    """When no generator fits: the computation the CAS did, in one line, then the answer."""
    answer = result["answer"]
    if task.kind in ("evaluate", "simplify") and not task.givens:
        return [line("Work it out:", f"{task.maths[0]} = \\boxed{{{answer}}}")]
    if task.kind == "solve" and (task.select not in ("all", "one") or task.integers):
        answer = result.get("value") or answer  # a pick from the solutions is not an equation
    return [boxed("The computer algebra system finds", answer)]


# -- equations ---------------------------------------------------------------------------------
def _solve(task: Task, result: dict[str, Any]) -> list[str]:
    givens = read_givens(task.givens)
    if any(congruence_of(text, givens) for text in task.maths):
        return residue_in_range(task, givens, numbers.whole(expression(result["value"])))
    if givens.relations or givens.congruences or task.complex:
        raise NoWorking("facts given beside the equation")
    parsed = [statement(text, givens) for text in task.maths]
    relations = solving.relations_of(parsed)
    symbols = sorted(set().union(*(r.free_symbols for r in relations)), key=lambda s: s.name)
    if task.integers or (len(symbols) == 1 and not any(isinstance(r, sp.Eq) for r in relations)):
        return _region_lines(task, result, relations, symbols)
    lines: list[str] = []  # with functions defined, the checker starts from the equation they make
    if len(relations) == 1 and len(symbols) == 1:
        relation, x = relations[0], symbols[0]
        if isinstance(relation, sp.Eq):
            steps = equation_steps(relation.lhs, relation.rhs, x)
        else:
            steps = inequality_steps(relation, x)
    elif len(relations) == 2 and len(symbols) == 2:
        steps = elimination_steps(list(relations), symbols[0], symbols[1])
    else:
        raise NoWorking("no generator for this system")
    lines += [line(words, maths) for words, maths in steps]
    return lines + _selection_lines(task, result, symbols)


def _selection_lines(task: Task, result: dict[str, Any], symbols: list[sp.Symbol]) -> list[str]:
    """The answer line; for a selection (the sum, the positive one) the sum or the pick first."""
    answer, value = result["answer"], result.get("value")
    if task.form == "interval" and len(symbols) == 1:
        region = _region(task)
        if region is not None:
            words = inequality_words(region, symbols[0].name)
            return [line("So", words), boxed("In interval notation:", answer)]
    if task.select in ("all", "one"):
        return [boxed("So", answer)]
    if task.select in ("sum", "product") and value:
        roots = _listed_roots(task, symbols)
        if roots and len(roots) > 1:
            joiner = " + " if task.select == "sum" else " \\cdot "
            written = joiner.join(f"\\left({tex(r)}\\right)" if r < 0 else tex(r) for r in roots)
            words = f"The {task.select} of the solutions:"
            return [line(words, f"{written} = \\boxed{{{answer}}}")]
    pick = pick_line(task.select, _listed_roots(task, symbols), value)
    if pick is not None:
        return [pick]
    words = {
        "count": "Count the solutions:",
        "positive": "The positive solution is",
        "negative": "The negative solution is",
        "largest": "The largest solution is",
        "smallest": "The smallest solution is",
    }.get(task.select, "So the answer is")
    return [boxed(words, value or answer)]


def _region_lines(
    task: Task, result: dict[str, Any], relations: list[Any], symbols: list[sp.Symbol]
) -> list[str]:
    """Inequalities: the set they hold on; for whole numbers, the ones inside it."""
    if len(symbols) != 1 or any(isinstance(r, sp.Eq) for r in relations):
        raise NoWorking("whole-number solutions of equations")
    x = symbols[0]
    lines: list[str] = []
    if len(relations) == 1:
        try:
            lines += [line(words, maths) for words, maths in inequality_steps(relations[0], x)]
        except NoWorking:
            pass
    found = solving.solve(relations, [])
    if found is None or found.finite or found.region is None:
        raise NoWorking("not a set of real numbers")
    region = found.region
    if not task.integers:
        if task.form == "interval":
            lines.append(line("So", inequality_words(region, x.name)))
        return lines + _selection_lines(task, result, symbols)[-1:]
    if not isinstance(region, sp.Interval):
        raise NoWorking("whole numbers in more than one interval")
    lines.append(line("So", inequality_words(region, x.name)))
    low = sp.ceiling(region.start) + (1 if region.left_open and region.start.is_Integer else 0)
    high = sp.floor(region.end) - (1 if region.right_open and region.end.is_Integer else 0)
    if task.select == "count":
        words = f"The whole numbers from {low} to {high}:"
        shown = f"{high} - \\left({low}\\right) + 1" if low < 0 else f"{high} - {low} + 1"
        return lines + [line(words, f"{shown} = \\boxed{{{result['answer']}}}")]
    return lines + [boxed("The whole number in this range is", result.get("value") or "")]


def _region(task: Task) -> sp.Set | None:
    relations = solving.relations_of([statement(t, read_givens(task.givens)) for t in task.maths])
    found = solving.solve(relations, [])
    return found.region if found is not None and not found.finite else None


def _listed_roots(task: Task, symbols: list[sp.Symbol]) -> list[sp.Expr]:
    relations = solving.relations_of([statement(t, read_givens(task.givens)) for t in task.maths])
    found = solving.solve(relations, [])
    if found is None or not found.finite or len(symbols) != 1:
        return []
    return [p[symbols[0]] for p in found.points]


# -- values ------------------------------------------------------------------------------------
def _evaluate(task: Task, result: dict[str, Any]) -> list[str]:
    answer = result["answer"]
    givens = read_givens(task.givens)
    text = task.maths[0]
    if task.select == "all" or givens.congruences:
        raise NoWorking("several values")
    lines: list[str] = []
    if givens.functions:
        lines, text = function_calls(text, givens)
    if givens.relations:
        return lines + _from_relations(task, text, givens, result)
    return lines + value_chain(text, answer)


def _from_relations(task: Task, text: str, givens: Any, result: dict[str, Any]) -> list[str]:
    """Solve the facts given for their letters, put the values in, work out the number."""
    relations = solving.relations_of(givens.relations)
    if task.complex or solving.complex_wanted(relations):
        raise NoWorking("complex values: the checker reads i as a letter in a line")
    found = solving.solve(relations, [])
    if found is None or not found.finite or not found.points:
        raise NoWorking("the facts given do not fix each letter")
    if len(found.points) > 1:
        return each_value_lines(text, relations, found.points, result["answer"])
    point = found.points[0]
    lines: list[str] = []
    if not all(isinstance(r, sp.Eq) and r.lhs.is_Symbol and not r.rhs.free_symbols
               for r in relations):  # fmt: skip
        pairs = ", ".join(f"{s.name} = {tex(v)}" for s, v in sorted(point.items(), key=str))
        lines.append(line("Solve the equations given:", pairs))
    put = substituted(text, {s.name: v for s, v in point.items()})
    return lines + value_chain(put, result["answer"], "Put the values in:")


def _rewrite(writer: Callable[[str, str], list[str]]) -> Worker:
    def work(task: Task, result: dict[str, Any]) -> list[str]:
        if task.givens:
            raise NoWorking("facts given")
        return writer(task.maths[0], result["answer"])

    return work


# -- whole numbers and other one-line computations ---------------------------------------------
def _division(task: Task, result: dict[str, Any]) -> list[str]:
    answer = result["answer"]
    givens = read_givens(task.givens)
    dividend, divisor = (expression(m) for m in task.maths)
    lines: list[str] = []
    if givens.congruences:
        dividend, lines = _put_residues(task, givens, dividend)
    symbols = dividend.free_symbols | divisor.free_symbols
    if symbols:
        x = symbols.pop()
        if task.kind == "remainder" and sp.degree(divisor, x) == 1:
            root = sp.solve(divisor, x)[0]
            put = substituted(task.maths[0], {x.name: root})
            words = (
                f"By the remainder theorem, the remainder is the value at {x} = {sp.sstr(root)}:"
            )
            return lines + value_chain(put, answer, words)
        quotient, remainder = sp.div(sp.expand(dividend), sp.expand(divisor), x)
        product = f"\\left({tex(divisor)}\\right)\\left({tex(quotient)}\\right)"
        claim = f"{task.maths[0]} = {product}" + (f" + {tex(remainder)}" if remainder else "")
        lines.append(line("Divide:", claim))
        if task.kind == "quotient":
            shown = f"\\frac{{{task.maths[0]} - \\left({tex(remainder)}\\right)}}{{{tex(divisor)}}}"
            return lines + [line("So the quotient is", f"{shown} = \\boxed{{{answer}}}")]
        left = f"{task.maths[0]} - {product}"
        return lines + [line("So the remainder is", f"{left} = \\boxed{{{answer}}}")]
    number, modulus = numbers.whole(dividend), numbers.positive_whole(divisor)
    quotient, remainder = divmod(number, modulus)
    lines.append(line("Divide:", f"{number} = {modulus} \\cdot {quotient} + {remainder}"))
    if task.kind == "quotient":
        return lines + [
            line(
                "So the quotient is",
                f"\\frac{{{number} - {remainder}}}{{{modulus}}} = \\boxed{{{answer}}}",
            )
        ]
    return lines + [
        line("What is left over:", f"{number} - {modulus} \\cdot {quotient} = \\boxed{{{answer}}}")
    ]


def _put_residues(task: Task, givens: Any, dividend: sp.Expr) -> tuple[sp.Expr, list[str]]:
    """`n ≡ 2 (mod 7)`: put the remainder in for n (a whole-number polynomial keeps it)."""
    values = {}
    for congruence in givens.congruences:
        if not isinstance(congruence.left, sp.Symbol):
            raise NoWorking("a congruence that does not give one unknown's remainder")
        values[congruence.left.name] = congruence.right
    put = substituted(task.maths[0], values)
    number = sp.simplify(expression(put))
    names = ", ".join(f"{k} = {sp.sstr(v)}" for k, v in values.items())
    words = f"Only the remainder matters, so put {names} in:"
    return number, [line(words, f"{put} = {tex(number)}")]


def _units_digit(task: Task, result: dict[str, Any]) -> list[str]:
    number = numbers.whole(expression(task.maths[0]))
    if len(str(abs(number))) > 60:
        raise NoWorking("too long to write out")
    tens = abs(number) // 10
    return [
        line("Work out the number:", f"{task.maths[0]} = {number}"),
        line(
            "Take away the tens; the units digit is left:",
            f"{abs(number)} - 10 \\cdot {tens} = \\boxed{{{result['answer']}}}",
        ),  # fmt: skip
    ]


def _bounds(task: Task, result: dict[str, Any]) -> list[str]:
    """The greatest integer below, or the least above, a value."""
    value = expression(task.maths[0])
    return bound_lines(task.maths[0], value, task.kind == "floor_below", result["answer"])


def _computed(task: Task, result: dict[str, Any]) -> list[str]:
    """gcd, lcm, factorisations, divisors, counts, points: the CAS's computation, boxed."""
    answer = result["answer"]
    if task.kind in ("distance", "slope", "midpoint"):
        return _point_lines(task, answer)
    values = [expression(m) for m in task.maths] if task.kind != "arrangements" else []
    if task.kind in ("gcd", "lcm"):
        name = "\\gcd" if task.kind == "gcd" else "\\operatorname{lcm}"
        listed = ", ".join(tex(v) for v in values)
        lines = [
            line("Write each number as a product of primes:",
                 f"{tex(v)} = {numbers.prime_factorisation(numbers.whole(v))}")
            for v in values
        ]  # fmt: skip
        words = ("Take the lowest power of each prime they share:" if task.kind == "gcd"
                 else "Take the highest power of each prime:")  # fmt: skip
        return lines + [line(words, f"{name}({listed}) = \\boxed{{{answer}}}")]
    if task.kind == "prime_factors":
        return [
            line("Divide by primes until 1 is left:", f"{tex(values[0])} = \\boxed{{{answer}}}")
        ]
    if task.kind in ("divisor_count", "divisor_sum"):
        return _divisor_lines(task.kind, numbers.positive_whole(values[0]), answer)
    if task.kind == "choose":
        n, k = values
        claim = (
            f"\\binom{{{n}}}{{{k}}} = \\frac{{{n}!}}{{{k}! \\cdot {n - k}!}} = \\boxed{{{answer}}}"
        )
        return [line("Choose without order:", claim)]
    if task.kind == "arrangements":
        word = task.maths[0]
        repeats = [f"{word.count(c)}!" for c in sorted(set(word)) if word.count(c) > 1]
        bottom = " \\cdot ".join(repeats) or "1"
        words = "Divide the orders of all the letters by the orders of the repeated ones:"
        return [line(words, f"\\frac{{{len(word)}!}}{{{bottom}}} = \\boxed{{{answer}}}")]
    if task.kind == "dot_product":
        first, second = values
        products = " + ".join(f"{_paren(a)} \\cdot {_paren(b)}" for a, b in zip(first, second))
        return [line("Multiply matching entries and add:", f"{products} = \\boxed{{{answer}}}")]
    return _answer_only(task, result)


def _paren(value: sp.Expr) -> str:
    return f"\\left({tex(value)}\\right)" if value.could_extract_minus_sign() else tex(value)


def _divisor_lines(kind: str, number: int, answer: str) -> list[str]:
    powers = sorted(sp.factorint(number).items())
    lines = [
        line(
            "Write it as a product of primes:", f"{number} = {numbers.prime_factorisation(number)}"
        )
    ]
    if kind == "divisor_count":
        counted = "".join(f"({power} + 1)" for _, power in powers)
        words = "A divisor takes each prime 0 up to its power times:"
        return lines + [line(words, f"{counted} = \\boxed{{{answer}}}")]
    sums = "".join("(" + " + ".join(str(p**i) for i in range(k + 1)) + ")" for p, k in powers)
    words = "Multiply the sums of each prime's powers:"
    return lines + [line(words, f"{sums} = \\boxed{{{answer}}}")]


def _point_lines(task: Task, answer: str) -> list[str]:
    first, second = _points(task)
    if task.kind == "distance":
        squares = " + ".join(f"({tex(b)} - {_paren(a)})^2" for a, b in zip(first, second))
        return [line("Use the distance formula:", f"\\sqrt{{{squares}}} = \\boxed{{{answer}}}")]
    if task.kind == "slope":
        (x1, y1), (x2, y2) = first[:2], second[:2]
        rise = f"\\frac{{{tex(y2)} - {_paren(y1)}}}{{{tex(x2)} - {_paren(x1)}}}"
        return [line("Rise over run:", f"{rise} = \\boxed{{{answer}}}")]
    middle = ", ".join(f"\\frac{{{tex(a)} + {_paren(b)}}}{{2}}" for a, b in zip(first, second))
    return [line("Average each coordinate:", f"\\left({middle}\\right) = \\boxed{{{answer}}}")]


def _calculus(task: Task, result: dict[str, Any]) -> list[str]:
    answer = result["answer"]
    target = expression(task.maths[0])
    x = _the_variable(task, target)
    if task.kind == "derivative":
        return derivative_lines(task.maths[0], target, x, answer)
    if task.kind == "integral":
        if len(task.maths) == 3:
            bounds = (expression(task.maths[1]), expression(task.maths[2]))
            return definite_integral_lines(task.maths[0], target, x, bounds, answer)
        return integral_lines(task.maths[0], target, x, answer)
    return limit_lines(task.maths[0], target, x, expression(task.maths[1]), answer)


def _extremum(task: Task, result: dict[str, Any]) -> list[str]:
    """Where the derivative is zero inside the region, and the value there."""
    target = expression(task.maths[0])
    x = _the_variable(task, target)
    conditions = [statement(m, read_givens(())) for m in task.maths[1:]]
    region = sp.S.Reals
    for relation in solving.relations_of(conditions):
        real = sp.Symbol(x.name, real=True)
        part = sp.solve_univariate_inequality(relation.xreplace({x: real}), real, relational=False)
        region = sp.Intersection(region, part.xreplace({real: x}))
    slope = sp.simplify(sp.diff(target, x))
    critical = [c for c in sp.solveset(slope, x, region) if c.is_real]
    values = {c: sp.simplify(target.subs(x, c)) for c in critical}
    answer = result["answer"]
    chosen = [c for c, v in values.items() if sp.simplify(v - expression(answer)) == 0]
    if len(chosen) != 1:
        raise NoWorking("the extreme value is not at one critical point")
    point = chosen[0]
    derivative = f"\\frac{{d}}{{d{x.name}}}\\left({task.maths[0]}\\right) = {tex(slope)}"
    put = substituted(task.maths[0], {x.name: point})
    words = f"The derivative is zero at {x} = {sp.sstr(point)}; the value there is"
    return [
        line("Find where the slope is zero:", derivative),
        line(words, f"{put} = \\boxed{{{answer}}}"),
    ]


def _the_variable(task: Task, target: sp.Expr) -> sp.Symbol:
    from tutor_app.verify.cas.tasks import _variable

    return _variable(task, target)


def _points(task: Task) -> tuple[tuple[sp.Expr, ...], tuple[sp.Expr, ...]]:
    from tutor_app.verify.cas.tasks import _points as points

    return points(task)


_WORKERS: dict[str, Worker] = {
    "solve": _solve,
    "evaluate": _evaluate,
    "simplify": _rewrite(simplify_lines),
    "expand": _rewrite(expand_lines),
    "factor": _rewrite(factor_lines),
    "quotient": _division,
    "remainder": _division,
    "units_digit": _units_digit,
    "gcd": _computed,
    "lcm": _computed,
    "prime_factors": _computed,
    "choose": _computed,
    "arrangements": _computed,
    "distance": _computed,
    "slope": _computed,
    "midpoint": _computed,
    "dot_product": _computed,
    "divisor_count": _computed,
    "divisor_sum": _computed,
    "derivative": _calculus,
    "integral": _calculus,
    "limit": _calculus,
    "extremum": _extremum,
    "floor_below": _bounds,
    "ceiling_above": _bounds,
}

__all__ = ["work_task"]
