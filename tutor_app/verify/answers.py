"""Decide whether a candidate final answer means the same as the gold one."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from tutor_app.verify.algebra import (
    decimals_of,
    finite_sets_equal,
    percent_readings,
    sets_equal,
    values_equal,
)
from tutor_app.verify.equations import equations_equivalent
from tutor_app.verify.forms import Form, form_of
from tutor_app.verify.parsing import parse_math
from tutor_app.verify.tokens import ParseError
from tutor_app.verify.verdict import Verdict, unknown

UNIT_WORDS = (
    "cm|mm|km|m|kg|g|mg|lb|lbs|s|sec|secs|seconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?"
    "|months?|years?|dollars?|cents?|euros?|pounds?|degrees?|inches|inch|in|feet|foot|ft|yards?"
    "|miles?|meters?|metres?|liters?|litres?|l|ml|mph|units?|square|sq|cubic|people|students?"
    "|apples?|cookies|marbles|pages|times|ways|points?|percent|per|each|km/h|m/s"
)
_ANSWER_PHRASE = re.compile(
    r"(?:final answer|the answer|answer)\s*(?:is|:|=)?\s*:?\s*(.+)$", re.IGNORECASE | re.DOTALL
)
_TRAILING_UNITS = re.compile(r"(?:\s*\b(?:" + UNIT_WORDS + r")\b(?:\^?[23])?\.?)+\s*$")
_TEXT_UNIT = re.compile(r"\\(?:text|mbox|mathrm|textrm)\s*\{\s*(?!or\b|and\b)([A-Za-z /.]+)\}(?:\^[23])?")
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,])")


def extract_final(text: str) -> str:
    """Take the final answer out of free text: the last \\boxed{...}, or 'the answer is ...'."""
    boxed = _last_boxed(text)
    if boxed is not None:
        return boxed
    match = _ANSWER_PHRASE.search(text)
    if match and len(text) > 20:
        text = match.group(1)
    return text.strip().rstrip(".").strip()


def _last_boxed(text: str) -> str | None:
    start = max(text.rfind("\\boxed"), text.rfind("\\fbox"))
    if start < 0:
        return None
    brace = text.find("{", start)
    if brace < 0:
        return None
    depth = 0
    for index in range(brace, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[brace + 1 : index]
    return None


def clean_answer(text: str) -> str:
    """Drop units written as words, thousands separators and trailing punctuation."""
    text = text.replace("{,}", "")
    text = _TEXT_UNIT.sub(" ", text)
    text = re.sub(r"\\(?:text|mbox)\s*\{\s*(or|and)\s*\}", r" \1 ", text)
    text = _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    if re.fullmatch(r"\s*\d{1,3}(?: \d{3})+\s*", text):
        text = text.replace(" ", "")
    stripped = _TRAILING_UNITS.sub("", text)
    if stripped.strip() and re.search(r"[\d)}]\s*$", stripped):
        text = stripped
    return text.strip().rstrip(".").strip()


def judge_answers(gold: str, candidate: str) -> Verdict:
    """Compare two final answers in this process (the public entry point sandboxes this)."""
    gold_text = clean_answer(extract_final(gold))
    cand_text = clean_answer(extract_final(candidate))
    if not cand_text:
        return Verdict("not_equivalent" if gold_text else "unknown", "no answer given")
    if _squash(gold_text) == _squash(cand_text):
        return Verdict("equivalent", "written the same way")
    try:
        gold_form = form_of(parse_math(gold_text))
    except ParseError as exc:
        return unknown(f"cannot read the expected answer: {exc}")
    try:
        cand_form = form_of(parse_math(cand_text))
    except ParseError as exc:
        return unknown(f"cannot read the answer: {exc}")
    result = forms_equal(gold_form, cand_form)
    if result is None:
        return unknown("the checker could not decide")
    if result:
        return Verdict("equivalent", "same value")
    return Verdict("not_equivalent", "different value")


def _squash(text: str) -> str:
    return re.sub(r"\s+|\\[,;!: ]|\\left|\\right|\$", "", text)


def forms_equal(a: Form, b: Form) -> bool | None:
    """Compare two answer meanings; None when the checker cannot decide."""
    if a.kind in ("assign",) and b.kind in ("value", "values", "set", "matrix"):
        return forms_equal(Form("value", value=a.value), b)
    if b.kind == "assign" and a.kind in ("value", "values", "set", "matrix"):
        return forms_equal(a, Form("value", value=b.value))
    kinds = {a.kind, b.kind}
    if kinds == {"value"}:
        return _value_equal(a.value, b.value)
    if kinds == {"assign"}:
        if a.var != b.var:
            return False
        return _value_equal(a.value, b.value)
    if kinds <= {"roots", "values", "value"} and "value" not in kinds or kinds == {"roots"}:
        return _collections_equal(a, b)
    if kinds == {"roots", "value"}:
        roots = a if a.kind == "roots" else b
        other = b if roots is a else a
        return finite_sets_equal(roots.items, [other.value])
    if kinds == {"system"}:
        return _systems_equal(a.mapping, b.mapping)
    if kinds == {"system", "values"}:
        system, values = (a, b) if a.kind == "system" else (b, a)
        ordered = [system.mapping[k] for k in sorted(system.mapping, key=str)]
        return _sequence_equal(ordered, values.items)
    if "set" in kinds:
        return _set_forms_equal(a, b)
    if kinds == {"equation"}:
        return equations_equivalent(a.value, b.value)
    if kinds == {"truth"}:
        return a.value == b.value
    if kinds == {"matrix"}:
        if a.value.shape != b.value.shape:
            return False
        return _sequence_equal(list(a.value), list(b.value))
    if kinds == {"matrix", "values"}:
        matrix, values = (a, b) if a.kind == "matrix" else (b, a)
        flat = [v for item in values.items for v in (item if isinstance(item, tuple) else (item,))]
        return len(flat) == len(matrix.value) and _sequence_equal(list(matrix.value), flat)
    return False


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
    result = values_equal(gold, cand)
    if result is False and not cand.free_symbols and not gold.free_symbols:
        places = decimals_of(cand)
        if places is not None and places >= 1:
            rounded = sp.N(gold, 30).round(places)
            return bool(abs(rounded - sp.N(cand, 30)) < sp.Float(10) ** (-places - 3))
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
    if a.kind == b.kind == "roots" and a.var != b.var:
        return False
    if len(set(map(str, a.items))) != len(a.items) or len(set(map(str, b.items))) != len(b.items):
        return _sequence_equal(sorted(a.items, key=str), sorted(b.items, key=str))
    return finite_sets_equal(a.items, b.items)


def _systems_equal(a: dict[Any, Any], b: dict[Any, Any]) -> bool | None:
    if set(a) != set(b):
        return False
    return _sequence_equal([a[k] for k in sorted(a, key=str)], [b[k] for k in sorted(a, key=str)])


def _set_forms_equal(a: Form, b: Form) -> bool | None:
    sa, sb = _as_set(a), _as_set(b)
    if sa is None or sb is None:
        return False
    return sets_equal(sa, sb)


def _as_set(form: Form) -> sp.Set | None:
    if form.kind == "set":
        return form.value
    if form.kind in ("roots",) or (form.kind == "values" and not form.ordered):
        return sp.FiniteSet(*form.items)
    if form.kind == "values" and form.brackets in ("()", "[]") and len(form.items) == 2:
        lo, hi = form.items
        open_ = form.brackets == "()"
        return sp.Interval(lo, hi, left_open=open_, right_open=open_)
    if form.kind == "value" and isinstance(form.value, sp.Expr):
        return sp.FiniteSet(form.value)
    return None
