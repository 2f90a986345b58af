"""Decide whether a candidate final answer means the same as the gold one."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from tutor_app.verify.answers.definitions import compare_functions
from tutor_app.verify.answers.quantities import compare_quantities
from tutor_app.verify.answers.times import compare_times
from tutor_app.verify.answers.value_equality import (
    sequence_equal,
    set_forms_equal,
    systems_equal,
    tuples_as_sets,
    value_equal,
)
from tutor_app.verify.equality.algebra import (
    DECIMAL_READING,
    WRITTEN_DECIMALS,
    finite_sets_equal,
    written_decimals,
)
from tutor_app.verify.equality.forms import Form, form_of
from tutor_app.verify.equality.statements import (
    equation_polynomial,
    equations_as_letters_equal,
    only_equations,
    proportional,
    propositional_equal,
    symbols_of,
    truth_differs,
)
from tutor_app.verify.parse.commands import has_opaque, settled_block
from tutor_app.verify.parse.extract import clean_answer, extract_final, word_answer
from tutor_app.verify.parse.nodes import map_leaves
from tutor_app.verify.parse.parsing import Rel, parse_math
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.verdict import Verdict, unknown

__all__ = ["clean_answer", "extract_final", "forms_equal", "judge_answers"]

_HUMAN_MARK = re.compile(r"[\\$]|[A-Za-z]{4,}\s+[A-Za-z]{3,}|\d\s*[A-Za-z(]")
_DEFINITION = re.compile(
    r"\s*(?P<dollar>\$?)\s*[A-Za-z]\s*(?:\\left)?\(\s*(?P<args>[A-Za-z](?:\s*,\s*[A-Za-z])*)\s*"
    r"(?:\\right)?\)\s*=\s*(?P<body>[^=<>$]+?)\s*\$?\s*"
)
_QUOTED = re.compile(r'\s*"[^"]*"\s*')
STATEMENT_KINDS = ("equation", "statement", "roots", "system", "assign", "truth")


def judge_answers(gold: str, candidate: str) -> Verdict:
    """Compare two final answers in this process (the public entry point sandboxes this)."""
    token = DECIMAL_READING.set(notation(gold, candidate))
    written = WRITTEN_DECIMALS.set(written_decimals(candidate))
    try:
        return _judge(gold, candidate)
    finally:
        WRITTEN_DECIMALS.reset(written)
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
    quantity = compare_quantities(gold_raw, cand_raw)
    if quantity is not None:  # physical units: converted, or a dimension or unit missing
        return quantity
    gold_body, cand_body = function_body(gold_raw), function_body(cand_raw)
    if (gold_body != gold_raw) != (cand_body != cand_raw):
        # One side defines a function, the other gives an expression (or `y = ...`); two
        # definitions are compared as functions below, whatever their letters.
        gold_raw, cand_raw = gold_body, cand_body
    # `2,74` is a decimal comma beside `2.74`, but a list of two numbers beside `{6, 8}`.
    gold_text = clean_answer(gold_raw, decimal_comma=_lone_number(cand_raw))
    cand_text = clean_answer(cand_raw, decimal_comma=_lone_number(gold_raw))
    if not cand_text:
        return Verdict("not_equivalent" if gold_text else "unknown", "no answer given")
    if _squash(gold_text) == _squash(cand_text):
        return Verdict("equivalent", "written the same way")
    quoted = _quoted_verdict(gold_text, cand_text)
    if quoted is not None:
        return quoted
    clock = compare_times(gold_raw, cand_raw)
    if clock is not None:
        return clock
    functions = compare_functions(gold_text, cand_text, value_equal)
    if functions != "":
        return _function_verdict(functions)
    gold_word, cand_word = word_answer(gold_text), word_answer(cand_text)
    if gold_word is not None and cand_word is not None and not _is_maths_word(gold_word):
        same = gold_word == cand_word
        return Verdict(
            "equivalent" if same else "not_equivalent", "same word" if same else "different word"
        )
    try:
        gold_obj, gold_assumed = settled_block(parse_math(gold_text))
        gold_form = form_of(gold_obj)
    except ParseError as exc:
        return unknown(f"cannot read the expected answer: {exc}")
    try:
        cand_obj, cand_assumed = settled_block(parse_math(cand_text))
        cand_form = form_of(cand_obj)
    except ParseError as exc:
        return unknown(f"cannot read the answer: {exc}")
    assumed = {**gold_assumed, **cand_assumed}
    if assumed:  # a condition stated in either answer holds for both
        change = lambda expr: expr.xreplace(assumed)  # noqa: E731
        try:
            gold_form = form_of(map_leaves(gold_obj, change))
            cand_form = form_of(map_leaves(cand_obj, change))
        except ParseError as exc:
            return unknown(f"cannot read the answer under its assumptions: {exc}")
    try:
        result = forms_equal(gold_form, cand_form)
    except ParseError as exc:
        return unknown(f"could not compare: {exc}")
    if result is None:
        return unknown("the checker could not decide")
    if result:
        return Verdict("equivalent", "same value", note=_rounded_note(gold_form, cand_form))
    return Verdict("not_equivalent", "different value")


def _rounded_note(gold: Form, candidate: Form) -> str | None:
    """ "rounded" when an exact expected value was accepted from a decimal that is not exact:
    `40\\pi` from `125.66`, `\\frac{2}{3}` from `0.667`; None otherwise (`1/4` from `0.25`)."""
    if gold.kind != "value" or candidate.kind != "value":
        return None
    exact, given = gold.value, candidate.value
    if not isinstance(exact, sp.Expr) or not isinstance(given, sp.Expr):
        return None
    if exact.atoms(sp.Float) or not given.atoms(sp.Float):
        return None
    written = given.xreplace({f: sp.Rational(str(f)) for f in given.atoms(sp.Float)})
    try:
        same = sp.simplify(exact - written) == 0
    except (TypeError, ValueError, RecursionError):
        return None
    return None if same else "rounded"


def function_body(text: str) -> str:
    """`f(x) = 2x + 3` answers with its expression, `2x + 3`, as `y = 2x + 3` does: the left
    side is a letter applied to letters, each of which the right side uses."""
    found = _DEFINITION.fullmatch(text)
    if found is None:
        return text
    body = found["body"]
    letters = re.split(r"\s*,\s*", found["args"])
    if all(re.search(rf"(?<![A-Za-z\\]){a}(?![A-Za-z])", body) for a in letters):
        return f"${body}$" if found["dollar"] else body
    return text


def _quoted_verdict(gold: str, cand: str) -> Verdict | None:
    """A string in quotes is text, matched exactly: `"Hello"` is neither `"hello"` nor `W`."""
    quoted = [_QUOTED.fullmatch(t) for t in (gold, cand)]
    if not any(quoted):
        return None
    if all(quoted):
        same = gold.strip() == cand.strip()
        return Verdict(
            "equivalent" if same else "not_equivalent", "same text" if same else "different text"
        )
    text, other = (gold, cand) if quoted[0] else (cand, gold)
    if text.strip().strip('"') == other.strip() or re.search(r"\d", text):
        # `"5"` beside `5`: a quoted number or the same word may be meant as the value itself.
        return unknown("text in quotes beside the same word or a number")
    try:
        parse_math(other)
    except ParseError:
        return unknown("cannot compare text with this answer")
    return Verdict("not_equivalent", "text against a mathematical answer")


def _function_verdict(result: bool | None | str) -> Verdict:
    if result is None:
        return unknown("could not compare the two functions")
    if result:
        return Verdict("equivalent", "the same function")
    return Verdict("not_equivalent", "a different function")


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
            # `x = 2` against `2`: a bare value answers an equation in one unknown, as a marker
            # reads it, in either direction.
            value = Form("value", value=named.value)
            return forms_equal(value, b) if named is a else forms_equal(a, value)
    if a.var is not None and b.var is None and a.kind in ("values", "items", "matrix"):
        b.var = a.var
    kinds = {a.kind, b.kind}
    if only_equations(a.raw) and only_equations(b.raw) and not kinds <= {"roots", "assign"}:
        return proportional(equation_polynomial(a.raw), equation_polynomial(b.raw))
    if kinds == {"value"}:
        return value_equal(a.value, b.value)
    if kinds == {"equation", "value"}:
        return _equation_and_value(a, b)
    listed = kinds in ({"equation", "values"}, {"equation", "items"})
    if listed and not symbols_of(a.raw) | symbols_of(b.raw):
        return False  # `1 = 2` is a claim (true or false), `[]` or `(1, 2)` a list of numbers
    if kinds == {"assign"}:
        if a.var != b.var:
            return _statements_equal(a, b)
        return value_equal(a.value, b.value)
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
        return systems_equal(a.mapping, b.mapping)
    if kinds == {"system", "values"}:
        system, values = (a, b) if a.kind == "system" else (b, a)
        if values.var is not None and isinstance(values.var, tuple | list):
            return None
        # `x = -5, p = 14/3` against `-5, 14/3`: the order written, else alphabetical order.
        written = list(system.mapping.values())
        alphabetical = [system.mapping[k] for k in sorted(system.mapping, key=str)]
        first = sequence_equal(written, values.items)
        return (
            first
            if first or written == alphabetical
            else sequence_equal(alphabetical, values.items)
        )
    if kinds <= {"items", "values"}:
        return _items_equal(a, b)
    if kinds == {"value", "statement"}:
        number, statement = (a, b) if a.kind == "value" else (b, a)
        if _number_against_condition(number, statement):
            return False  # `6` against `a != b`: a number is not a condition on letters
    if kinds & {"equation", "statement"} or kinds <= set(STATEMENT_KINDS):
        return _statements_equal(a, b)
    if kinds == {"truth", "set"} and (a.var is not None or b.var is not None):
        return _truth_equal(a, b)  # `true` is a condition on x that always holds: all reals
    if "set" in kinds:
        return set_forms_equal(a, b)
    if kinds == {"matrix"}:
        if a.value.shape != b.value.shape:
            return False
        return sequence_equal(list(a.value), list(b.value))
    if kinds == {"matrix", "values"}:
        matrix, values = (a, b) if a.kind == "matrix" else (b, a)
        flat = [v for item in values.items for v in (item if isinstance(item, tuple) else (item,))]
        return len(flat) == len(matrix.value) and sequence_equal(list(matrix.value), flat)
    # Different shapes; but a command the checker does not know may return any shape.
    return None if has_opaque(a.raw) or has_opaque(b.raw) else False


def _number_against_condition(number: Form, statement: Form) -> bool:
    value = number.value
    return (
        isinstance(value, sp.Expr)
        and value.is_number
        and not has_opaque(value)
        and not has_opaque(statement.raw)
        and _has_relation(statement.raw)
        and bool(symbols_of(statement.raw))
    )


def _equation_and_value(a: Form, b: Form) -> bool | None:
    """`a + 3z = 0` is a condition, not the value 0; but `1/2 = 10/9` worked out ends in 10/9."""
    equation, value = (a, b) if a.kind == "equation" else (b, a)
    lhs, rhs = equation.value
    if isinstance(value.value, sp.Expr) and not (lhs.free_symbols | rhs.free_symbols):
        return value_equal(rhs, value.value)
    return False


def _statements_equal(a: Form, b: Form) -> bool | None:
    """Equations, inequalities and logic: same meaning as statements."""
    x, y = a.raw, b.raw
    if a.kind == "truth" or b.kind == "truth":
        return _truth_equal(a, b)
    if only_equations(x) and only_equations(y):
        return proportional(equation_polynomial(x), equation_polynomial(y))
    if a.kind == "set" or b.kind == "set":
        return set_forms_equal(a, b)
    symbols = symbols_of(x) | symbols_of(y)
    if not _has_relation(x) and not _has_relation(y):
        return propositional_equal(x, y)
    if _both_unequal(x, y):
        # `a # b` against `b # a`: the negations of two equations agree when the equations do.
        return proportional(*(equation_polynomial(Rel("=", r.lhs, r.rhs)) for r in (x, y)))
    if a.kind == b.kind == "statement" and len(symbols) > 1:
        lin = _linear_inequalities_equal(x, y)
        if lin is not None:
            return lin
        differs = truth_differs(x, y)
        if differs:
            return False
        return True if equations_as_letters_equal(x, y) else None
    return None


def _both_unequal(x: Any, y: Any) -> bool:
    return all(isinstance(r, Rel) and r.op == "!=" for r in (x, y))


def _has_relation(obj: Any) -> bool:
    from tutor_app.verify.equality.statements import has_relations

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
    # `integerp(3)` may well be true: a command the checker does not know can return anything.
    return None if has_opaque(other.raw) or has_opaque(other.value) else False


def _linear_inequalities_equal(x: Any, y: Any) -> bool | None:
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


def _collections_equal(a: Form, b: Form) -> bool | None:
    if a.kind == "values" and b.kind == "values" and a.ordered and b.ordered:
        if {a.brackets, b.brackets} == {"()", "[]"} and len(a.items) == 2:
            return False
        return sequence_equal(a.items, b.items)
    if any(isinstance(i, tuple) for i in a.items + b.items):
        return tuples_as_sets(a.items, b.items)
    return finite_sets_equal(a.items, b.items)


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
