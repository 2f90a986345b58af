"""Read a parsed answer as what it means: a value, a list, a set, an equation, a system."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from tutor_app.verify.algebra import signs
from tutor_app.verify.parsing import Chain, Logic, Member, Rel, Seq
from tutor_app.verify.statements import is_statement, solution_set, symbols_of
from tutor_app.verify.tokens import ParseError

INEQUALITY_OPS = {"<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}


@dataclass
class Form:
    """The meaning of an answer: kind plus the objects needed to compare it."""

    # value, values, items, assign, roots, system, set, equation, statement, truth, matrix
    kind: str
    value: Any = None
    items: list[Any] = field(default_factory=list)
    ordered: bool = False
    var: Any = None
    brackets: str = ""
    mapping: dict[Any, Any] = field(default_factory=dict)
    raw: Any = None


def form_of(obj: Any) -> Form:
    """Classify a parsed object; raise ParseError for shapes the checker does not read."""
    form = _form_of(obj)
    if form.raw is None:
        form.raw = obj
    return form


def _form_of(obj: Any) -> Form:
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


def is_label(expr: Any) -> bool:
    """Whether the left side of `lhs = value` names the answer (x, |AB|, f(x), NO/BO, (p, q))."""
    if isinstance(expr, Seq):
        return all(is_label(i) for i in expr.items)
    if not isinstance(expr, sp.Expr) or not expr.free_symbols:
        return False
    if isinstance(expr, sp.Symbol):
        return True
    if expr.has(sp.Add) or any(a.is_Number and a != 1 for a in expr.atoms(sp.Number)):
        return False
    return isinstance(expr, sp.Mul | sp.Pow | sp.Abs | sp.Function)


def _relation_form(rel: Rel) -> Form:
    lhs, rhs = rel.lhs, rel.rhs
    if rel.op == "~":
        return form_of(rhs if is_label(lhs) else lhs)
    if rel.op == "=" and not isinstance(rhs, sp.Expr) and is_label(lhs):
        inner = form_of(rhs)
        inner.var = lhs
        return inner
    if not isinstance(lhs, sp.Expr) or not isinstance(rhs, sp.Expr):
        raise ParseError("relation between non-expressions")
    if rel.op == "=":
        if is_label(rhs) and not is_label(lhs) and not lhs.free_symbols:
            lhs, rhs = rhs, lhs
        if is_label(lhs) and not (lhs.free_symbols & rhs.free_symbols):
            readings = signs(rhs)
            if len(readings) == 2:
                return Form("roots", items=readings, var=lhs)
            return Form("assign", value=rhs, var=lhs)
        return Form("equation", value=(lhs, rhs))
    return _inequality_form(rel, [lhs, rhs])


def _chain_form(chain: Chain) -> Form:
    if "~" in chain.ops:
        cut = chain.ops.index("~")
        parts, ops = chain.parts[: cut + 1], chain.ops[:cut]
        if not ops:
            return form_of(parts[0])
        return form_of(Rel(ops[0], parts[0], parts[1]) if len(ops) == 1 else Chain(parts, ops))
    if all(op in INEQUALITY_OPS for op in chain.ops):
        middle = chain.parts[1] if len(chain.parts) == 3 else None
        if middle is not None and not isinstance(middle, sp.Symbol) and is_label(middle):
            if not symbols_of(chain.parts[0]) and not symbols_of(chain.parts[2]):
                stand_in = sp.Symbol("value_of_label")
                parts = (chain.parts[0], stand_in, chain.parts[2])
                return _inequality_form(Chain(parts, chain.ops), list(parts))
        return _inequality_form(chain, list(chain.parts))
    if all(op == "=" for op in chain.ops):
        if is_label(chain.parts[0]):
            return form_of(Rel("=", chain.parts[0], chain.parts[-1]))
        return form_of(chain.parts[-1])
    raise ParseError("mixed chain")


def _inequality_form(statement: Any, parts: list[Any]) -> Form:
    for part in parts:
        if not isinstance(part, sp.Expr):
            raise ParseError("inequality between non-expressions")
    symbols = symbols_of(statement)
    if len(symbols) != 1:
        return Form("statement", value=statement)
    var = next(iter(symbols))
    return Form("set", value=solution_set(statement, var, sp.S.Reals), var=var)


def _logic_form(logic: Logic) -> Form:
    if not any(is_statement(i) for i in logic.items) and logic.kind in ("and", "or"):
        return _seq_form(Seq(_flatten(logic.items), "{}"))
    forms = [form_of(item) for item in logic.items] if logic.kind in ("and", "or") else []
    if logic.kind == "or" and all(f.kind in ("assign", "roots") for f in forms):
        if len({str(f.var) for f in forms}) == 1:
            values = [v for f in forms for v in ([f.value] if f.kind == "assign" else f.items)]
            return Form("roots", items=values, var=forms[0].var)
    if logic.kind == "and" and forms and all(f.kind == "assign" for f in forms):
        if len({f.var for f in forms}) == len(forms):
            return Form("system", mapping={f.var: f.value for f in forms})
    symbols = symbols_of(logic)
    if len(symbols) == 1 and (not forms or not all(f.kind in ("assign", "roots") for f in forms)):
        var = next(iter(symbols))
        try:
            return Form("set", value=solution_set(logic, var, sp.S.Reals), var=var)
        except ParseError:
            pass
    return Form("statement", value=logic)


def _flatten(items: tuple[Any, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    for item in items:
        if (
            isinstance(item, Logic)
            and item.kind in ("and", "or")
            and not is_statement(item.items[0])
        ):
            out.extend(_flatten(item.items))
        else:
            out.append(item)
    return tuple(out)


def _seq_form(seq: Seq) -> Form:
    if not seq.brackets and any(isinstance(i, Logic) for i in seq.items):
        flat = _flatten(seq.items)
        if flat != seq.items:
            return _seq_form(Seq(flat, "{}"))
    if seq.brackets == ":":
        return Form("values", items=[_expr_item(i) for i in seq.items], ordered=True, brackets=":")
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
    if forms and all(f.kind == "value" for f in forms):
        ordered = seq.brackets != "{}"
        return Form(
            "values", items=[f.value for f in forms], ordered=ordered, brackets=seq.brackets
        )
    if forms and all(f.kind in ("value", "values") for f in forms):
        nested = [f.value if f.kind == "value" else tuple(f.items) for f in forms]
        ordered = seq.brackets not in ("{}", "") or not any(isinstance(n, tuple) for n in nested)
        return Form("values", items=nested, ordered=ordered, brackets=seq.brackets)
    return Form("items", items=forms, ordered=seq.brackets not in ("{}", ""), brackets=seq.brackets)


def _expr_item(item: Any) -> Any:
    if not isinstance(item, sp.Expr):
        raise ParseError("a ratio of non-numbers")
    return item
