"""Decide whether a candidate final answer means the same as the gold one."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from tutor_app.verify.algebra import (
    DECIMAL_READING,
    finite_sets_equal,
    has_float,
    percent_readings,
    sets_equal,
    values_equal,
)
from tutor_app.verify.branches import equal_for_positive_variables
from tutor_app.verify.extract import clean_answer, extract_final, word_answer
from tutor_app.verify.forms import Form, form_of
from tutor_app.verify.parsing import parse_math
from tutor_app.verify.statements import (
    equation_polynomial,
    equations_as_letters_equal,
    only_equations,
    proportional,
    propositional_equal,
    symbols_of,
    truth_differs,
)
from tutor_app.verify.tokens import ParseError
from tutor_app.verify.verdict import Verdict, unknown

__all__ = ["clean_answer", "extract_final", "forms_equal", "judge_answers"]

_HUMAN_MARK = re.compile(r"[\\$]|[A-Za-z]{4,}\s+[A-Za-z]{3,}|\d\s*[A-Za-z(]")
STATEMENT_KINDS = ("equation", "statement", "roots", "system", "assign", "truth")


def judge_answers(gold: str, candidate: str) -> Verdict:
    """Compare two final answers in this process (the public entry point sandboxes this)."""
    token = DECIMAL_READING.set(notation(gold, candidate))
    try:
        return _judge(gold, candidate)
    finally:
        DECIMAL_READING.reset(token)


def notation(gold: str, candidate: str) -> str:
    """ "machine" when both answers are plain CAS syntax (no LaTeX, no prose), else "human"."""
    texts = (gold, candidate)
    # LaTeX, prose, or implicit products (`2x`, which CAS input syntax rejects) mark a person.
    if any(_HUMAN_MARK.search(t) for t in texts):
        return "human"
    return "machine"


def _judge(gold: str, candidate: str) -> Verdict:
    gold_raw, cand_raw = extract_final(gold), extract_final(candidate)
    # `2,74` is a decimal comma beside `2.74`, but a list of two numbers beside `{6, 8}`.
    gold_text = clean_answer(gold_raw, decimal_comma=_lone_number(cand_raw))
    cand_text = clean_answer(cand_raw, decimal_comma=_lone_number(gold_raw))
    if not cand_text:
        return Verdict("not_equivalent" if gold_text else "unknown", "no answer given")
    if _squash(gold_text) == _squash(cand_text):
        return Verdict("equivalent", "written the same way")
    gold_word, cand_word = word_answer(gold_text), word_answer(cand_text)
    if gold_word is not None and cand_word is not None and not _is_maths_word(gold_word):
        same = gold_word == cand_word
        return Verdict(
            "equivalent" if same else "not_equivalent", "same word" if same else "different word"
        )
    try:
        gold_form = form_of(parse_math(gold_text))
    except ParseError as exc:
        return unknown(f"cannot read the expected answer: {exc}")
    try:
        cand_form = form_of(parse_math(cand_text))
    except ParseError as exc:
        return unknown(f"cannot read the answer: {exc}")
    try:
        result = forms_equal(gold_form, cand_form)
    except ParseError as exc:
        return unknown(f"could not compare: {exc}")
    if result is None:
        return unknown("the checker could not decide")
    if result:
        return Verdict("equivalent", "same value")
    return Verdict("not_equivalent", "different value")


def _lone_number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*-?[\d,]*\.?\d+\s*", clean_answer(text)))


def _is_maths_word(word: str) -> bool:
    return word in ("true", "false", "all", "none", "pi", "e", "i", "inf", "infinity")


def _squash(text: str) -> str:
    return re.sub(r"\s+|\\[,;!: ]|\\left|\\right|\$", "", text)


def forms_equal(a: Form, b: Form) -> bool | None:
    """Compare two answer meanings; None when the checker cannot decide."""
    for named, other in ((a, b), (b, a)):
        if named.kind == "assign" and other.kind in ("value", "values", "set", "matrix", "items"):
            if other.kind == "value" and DECIMAL_READING.get() == "machine":
                # `x = 1` against `1`: a person means the same, a CAS grader sees an equation
                # against a number. Graders disagree, so say nothing rather than guess.
                return None
            value = Form("value", value=named.value)
            return forms_equal(value, b) if named is a else forms_equal(a, value)
    if a.var is not None and b.var is None and a.kind in ("values", "items", "matrix"):
        b.var = a.var
    kinds = {a.kind, b.kind}
    if only_equations(a.raw) and only_equations(b.raw) and not kinds <= {"roots", "assign"}:
        return proportional(equation_polynomial(a.raw), equation_polynomial(b.raw))
    if kinds == {"value"}:
        return _value_equal(a.value, b.value)
    if kinds == {"equation", "value"}:
        return _equation_and_value(a, b)
    listed = kinds in ({"equation", "values"}, {"equation", "items"})
    if listed and not symbols_of(a.raw) | symbols_of(b.raw):
        return False  # `1 = 2` is a claim (true or false), `[]` or `(1, 2)` a list of numbers
    if kinds == {"assign"}:
        if a.var != b.var:
            return _statements_equal(a, b)
        return _value_equal(a.value, b.value)
    if kinds == {"roots"} or kinds == {"roots", "values"}:
        if a.var is not None and b.var is not None and a.var != b.var:
            return False
        return _collections_equal(a, b)
    if kinds == {"values"}:
        return _collections_equal(a, b)
    if kinds == {"roots", "value"}:
        roots = a if a.kind == "roots" else b
        other = b if roots is a else a
        return finite_sets_equal(roots.items, [other.value])
    if kinds == {"system"}:
        return _systems_equal(a.mapping, b.mapping)
    if kinds == {"system", "values"}:
        system, values = (a, b) if a.kind == "system" else (b, a)
        if values.var is not None and isinstance(values.var, tuple | list):
            return None
        # `x = -5, p = 14/3` against `-5, 14/3`: the order written, else alphabetical order.
        written = list(system.mapping.values())
        alphabetical = [system.mapping[k] for k in sorted(system.mapping, key=str)]
        first = _sequence_equal(written, values.items)
        return (
            first
            if first or written == alphabetical
            else _sequence_equal(alphabetical, values.items)
        )
    if kinds <= {"items", "values"}:
        return _items_equal(a, b)
    if kinds & {"equation", "statement"} or kinds <= set(STATEMENT_KINDS):
        return _statements_equal(a, b)
    if "set" in kinds:
        return _set_forms_equal(a, b)
    if kinds == {"matrix"}:
        if a.value.shape != b.value.shape:
            return False
        return _sequence_equal(list(a.value), list(b.value))
    if kinds == {"matrix", "values"}:
        matrix, values = (a, b) if a.kind == "matrix" else (b, a)
        flat = [v for item in values.items for v in (item if isinstance(item, tuple) else (item,))]
        return len(flat) == len(matrix.value) and _sequence_equal(list(matrix.value), flat)
    return False


def _equation_and_value(a: Form, b: Form) -> bool | None:
    """`a + 3z = 0` is a condition, not the value 0; but `1/2 = 10/9` worked out ends in 10/9."""
    equation, value = (a, b) if a.kind == "equation" else (b, a)
    lhs, rhs = equation.value
    if isinstance(value.value, sp.Expr) and not (lhs.free_symbols | rhs.free_symbols):
        return _value_equal(rhs, value.value)
    return False


def _statements_equal(a: Form, b: Form) -> bool | None:
    """Equations, inequalities and logic: same meaning as statements."""
    x, y = a.raw, b.raw
    if a.kind == "truth" or b.kind == "truth":
        return _truth_equal(a, b)
    if only_equations(x) and only_equations(y):
        return proportional(equation_polynomial(x), equation_polynomial(y))
    if a.kind == "set" or b.kind == "set":
        return _set_forms_equal(a, b)
    symbols = symbols_of(x) | symbols_of(y)
    if not _has_relation(x) and not _has_relation(y):
        return propositional_equal(x, y)
    if a.kind == b.kind == "statement" and len(symbols) > 1:
        lin = _linear_inequalities_equal(x, y)
        if lin is not None:
            return lin
        differs = truth_differs(x, y)
        if differs:
            return False
        return True if equations_as_letters_equal(x, y) else None
    return None


def _has_relation(obj: Any) -> bool:
    from tutor_app.verify.statements import has_relations

    return has_relations(obj)


def _truth_equal(a: Form, b: Form) -> bool | None:
    truth, other = (a, b) if a.kind == "truth" else (b, a)
    if other.kind == "truth":
        return bool(a.value == b.value)
    if other.kind == "statement":
        return propositional_equal(a.raw, b.raw)
    if other.kind == "equation":
        lhs, rhs = other.value
        diff = sp.simplify(lhs - rhs)
        if diff.is_number:
            return bool((diff == 0) == truth.value)
        return bool(diff == 0) == truth.value if diff == 0 else (False if truth.value else None)
    if other.kind == "set" and other.value is not None:
        if isinstance(other.value, sp.Set):
            full = other.value == sp.S.Reals
            empty = other.value == sp.S.EmptySet
            return (truth.value and full) or (not truth.value and empty)
    return False


def _linear_inequalities_equal(x: Any, y: Any) -> bool | None:
    from tutor_app.verify.parsing import Rel

    if not (isinstance(x, Rel) and isinstance(y, Rel)):
        return None
    fx, fy = _oriented(x), _oriented(y)
    if fx is None or fy is None or fx[1] != fy[1]:
        return None
    return True if proportional(fx[0], fy[0], positive_factor=True) else None


def _oriented(rel: Any) -> tuple[Any, str] | None:
    if rel.op in ("<", "<="):
        return rel.rhs - rel.lhs, rel.op
    if rel.op in (">", ">="):
        return rel.lhs - rel.rhs, {">": "<", ">=": "<="}[rel.op]
    return None


def _value_equal(gold: Any, cand: Any) -> bool | None:
    for g in percent_readings(gold):
        for c in percent_readings(cand):
            result = _rounded_equal(g, c)
            if result:
                return True
            if result is None:
                return None
    return False


def _rounded_equal(gold: Any, cand: Any) -> bool | None:
    if isinstance(gold, tuple) or isinstance(cand, tuple):
        if not (isinstance(gold, tuple) and isinstance(cand, tuple)):
            return False
        return _sequence_equal(list(gold), list(cand))
    if not isinstance(gold, sp.Expr) or not isinstance(cand, sp.Expr):
        return None
    result = values_equal(gold, cand)
    if result is False and equal_for_positive_variables(gold, cand):
        return True
    return result


def _sequence_equal(xs: list[Any], ys: list[Any]) -> bool | None:
    if len(xs) != len(ys):
        return False
    undecided = False
    for x, y in zip(xs, ys):
        result = _rounded_equal(x, y)
        if result is False:
            return False
        undecided |= result is None
    return None if undecided else True


def _collections_equal(a: Form, b: Form) -> bool | None:
    if a.kind == "values" and b.kind == "values" and a.ordered and b.ordered:
        if {a.brackets, b.brackets} == {"()", "[]"} and len(a.items) == 2:
            return False
        return _sequence_equal(a.items, b.items)
    if any(isinstance(i, tuple) for i in a.items + b.items):
        return _tuples_as_sets(a.items, b.items)
    return finite_sets_equal(a.items, b.items)


def _tuples_as_sets(xs: list[Any], ys: list[Any]) -> bool | None:
    """Unordered lists of tuples are sets: each tuple of one is a tuple of the other."""
    undecided = False
    for one, other in ((xs, ys), (ys, xs)):
        for x in one:
            results = [_rounded_equal(x, y) for y in other]
            if not any(results):
                if all(r is False for r in results):
                    return False
                undecided = True
    return None if undecided else True


def _items_equal(a: Form, b: Form) -> bool | None:
    xs = a.items if a.kind == "items" else [Form("value", value=v) for v in a.items]
    ys = b.items if b.kind == "items" else [Form("value", value=v) for v in b.items]
    if len(xs) != len(ys):
        return False
    if a.ordered and b.ordered:
        results = [forms_equal(x, y) for x, y in zip(xs, ys)]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    remaining = list(ys)
    for x in xs:
        match = next((y for y in remaining if forms_equal(x, y)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


def _systems_equal(a: dict[Any, Any], b: dict[Any, Any]) -> bool | None:
    if set(a) != set(b):
        return False
    return _sequence_equal([a[k] for k in sorted(a, key=str)], [b[k] for k in sorted(a, key=str)])


def _set_forms_equal(a: Form, b: Form) -> bool | None:
    sa, sb = _as_set(a), _as_set(b)
    if sa is None or sb is None:
        return False
    if has_float(sa) or has_float(sb):
        return _rounded_intervals_equal(sa, sb)
    return sets_equal(sa, sb)


def _rounded_intervals_equal(a: sp.Set, b: sp.Set) -> bool | None:
    """Intervals with decimal ends: `(0.6, 2.6667]` is `(3/5, 8/3]` with its ends rounded."""
    xs, ys = _intervals(a), _intervals(b)
    if xs is None or ys is None:
        return sets_equal(a, b)
    if len(xs) != len(ys):
        return False
    for x, y in zip(xs, ys):
        if (x.left_open, x.right_open) != (y.left_open, y.right_open):
            return False
        ends = _sequence_equal([x.start, x.end], [y.start, y.end])
        if not ends:
            return ends
    return True


def _intervals(value: sp.Set) -> list[sp.Interval] | None:
    parts = list(value.args) if isinstance(value, sp.Union) else [value]
    if not all(isinstance(p, sp.Interval) for p in parts):
        return None
    return sorted(parts, key=lambda p: float(p.start) if p.start.is_finite else -1e300)


def _as_set(form: Form) -> sp.Set | None:
    if form.kind == "set":
        return form.value
    bare = form.kind == "values" and form.brackets == ""
    if form.kind in ("roots",) or (form.kind == "values" and not form.ordered) or bare:
        return sp.FiniteSet(*form.items)
    if form.kind == "values" and form.brackets in ("()", "[]") and len(form.items) == 2:
        lo, hi = form.items
        open_ = form.brackets == "()"
        return sp.Interval(lo, hi, left_open=open_, right_open=open_)
    if form.kind == "value" and isinstance(form.value, sp.Expr):
        return sp.FiniteSet(form.value)
    if form.kind == "assign" and isinstance(form.value, sp.Expr):
        return sp.FiniteSet(form.value)
    return None
