"""Read a parsed answer as what it means: a value, a list, a set, an equation, a system."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from tutor_app.verify.algebra import signs
from tutor_app.verify.parsing import Chain, Logic, Member, Rel, Seq
from tutor_app.verify.tokens import ParseError

INEQUALITY_OPS = {"<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}


@dataclass
class Form:
    """The meaning of an answer: kind plus the objects needed to compare it."""

    kind: str  # value, values, assign, roots, system, set, equation, truth, matrix
    value: Any = None
    items: list[Any] = field(default_factory=list)
    ordered: bool = False
    var: Any = None
    brackets: str = ""
    mapping: dict[Any, Any] = field(default_factory=dict)


def form_of(obj: Any) -> Form:
    """Classify a parsed object; raise ParseError for shapes the checker does not read."""
    if isinstance(obj, sp.logic.boolalg.BooleanAtom):
        return Form("truth", value=bool(obj))
    if isinstance(obj, sp.MatrixBase):
        return Form("matrix", value=sp.ImmutableMatrix(obj))
    if isinstance(obj, sp.Set):
        return Form("set", value=obj)
    if isinstance(obj, sp.Expr):
        readings = signs(obj)
        if len(readings) == 2:
            return Form("values", items=readings, ordered=False, brackets="{}")
        return Form("value", value=obj)
    if isinstance(obj, Rel):
        return _relation_form(obj)
    if isinstance(obj, Chain):
        return _chain_form(obj)
    if isinstance(obj, Member):
        return Form("set", value=obj.set, var=obj.var)
    if isinstance(obj, Logic):
        return _logic_form(obj)
    if isinstance(obj, Seq):
        return _seq_form(obj)
    raise ParseError("unrecognised answer shape")


def _relation_form(rel: Rel) -> Form:
    lhs, rhs = rel.lhs, rel.rhs
    if not isinstance(lhs, sp.Expr) or not isinstance(rhs, sp.Expr):
        if rel.op == "=" and isinstance(lhs, sp.Symbol):
            inner = form_of(rhs)
            inner.var = lhs
            return inner
        raise ParseError("relation between non-expressions")
    if rel.op == "=":
        if isinstance(rhs, sp.Symbol) and not isinstance(lhs, sp.Symbol) and not lhs.free_symbols:
            lhs, rhs = rhs, lhs
        if isinstance(lhs, sp.Symbol) and lhs not in rhs.free_symbols:
            readings = signs(rhs)
            if len(readings) == 2:
                return Form("roots", items=readings, var=lhs)
            return Form("assign", value=rhs, var=lhs)
        return Form("equation", value=(lhs, rhs))
    if rel.op == "~":
        return Form("value", value=rhs)
    return _inequality_form([lhs, rhs], [rel.op])


def _chain_form(chain: Chain) -> Form:
    if all(op in INEQUALITY_OPS for op in chain.ops):
        return _inequality_form(list(chain.parts), list(chain.ops))
    if all(op == "=" for op in chain.ops) and isinstance(chain.parts[0], sp.Symbol):
        return Form("assign", value=chain.parts[-1], var=chain.parts[0])
    raise ParseError("mixed chain")


def _inequality_form(parts: list[Any], ops: list[str]) -> Form:
    symbols: set[Any] = set()
    for part in parts:
        if not isinstance(part, sp.Expr):
            raise ParseError("inequality between non-expressions")
        symbols |= part.free_symbols
    if len(symbols) != 1:
        raise ParseError("inequality in more than one variable")
    var = next(iter(symbols))
    result: sp.Set = sp.Reals
    for (a, b), op in zip(zip(parts, parts[1:]), ops):
        relation = INEQUALITY_OPS[op](a, b)
        result = sp.Intersection(result, _solve_relation(relation, var))
    return Form("set", value=result, var=var)


def _solve_relation(relation: Any, var: Any) -> sp.Set:
    if isinstance(relation, sp.logic.boolalg.BooleanAtom):
        return sp.Reals if relation else sp.EmptySet
    real_var = sp.Symbol(var.name, real=True)
    try:
        return sp.solveset(relation.subs(var, real_var), real_var, sp.Reals)
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise ParseError("cannot solve the inequality") from exc


def _logic_form(logic: Logic) -> Form:
    forms = [form_of(item) for item in logic.items]
    if logic.kind == "or":
        var = forms[0].var
        values: list[Any] = []
        for f in forms:
            if f.kind not in ("assign", "roots") or f.var != var:
                if f.kind == "set" and all(g.kind == "set" for g in forms):
                    return Form("set", value=sp.Union(*[g.value for g in forms]), var=var)
                raise ParseError("'or' of unlike statements")
            values.extend([f.value] if f.kind == "assign" else f.items)
        return Form("roots", items=values, var=var)
    mapping: dict[Any, Any] = {}
    for f in forms:
        if f.kind != "assign" or f.var in mapping:
            if all(g.kind == "set" for g in forms):
                return Form("set", value=sp.Intersection(*[g.value for g in forms]), var=f.var)
            raise ParseError("'and' of unlike statements")
        mapping[f.var] = f.value
    return Form("system", mapping=mapping)


def _seq_form(seq: Seq) -> Form:
    forms = [form_of(item) for item in seq.items]
    if forms and all(f.kind == "assign" for f in forms):
        variables = [f.var for f in forms]
        if len(set(variables)) == len(variables):
            return Form("system", mapping={f.var: f.value for f in forms})
        if len(set(variables)) == 1:
            return Form("roots", items=[f.value for f in forms], var=variables[0])
    if forms and all(f.kind in ("assign", "roots") for f in forms):
        if len({f.var for f in forms}) == 1:
            items = [v for f in forms for v in ([f.value] if f.kind == "assign" else f.items)]
            return Form("roots", items=items, var=forms[0].var)
    if all(f.kind == "value" for f in forms):
        ordered = seq.brackets not in ("{}", "")
        return Form("values", items=[f.value for f in forms], ordered=ordered, brackets=seq.brackets)
    if all(f.kind in ("value", "values") for f in forms):
        nested = [f.value if f.kind == "value" else tuple(f.items) for f in forms]
        return Form("values", items=nested, ordered=seq.brackets != "{}", brackets=seq.brackets)
    raise ParseError("list of unlike items")
