"""Read a parsed answer as what it means: a value, a list, a set, an equation, a system."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import signs
from tutor_app.verify.equality.statements import is_statement, solution_set, symbols_of
from tutor_app.verify.parse.parsing import Chain, Logic, Member, Rel, Seq
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.parse.vocabulary import INFINITIES

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
    coefficient, _ = expr.as_coeff_Mul()
    if expr.has(sp.Add) or coefficient != 1:
        return False
    if any(p.exp.is_Number and not p.exp.is_Integer for p in expr.atoms(sp.Pow)):
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
    if rel.op == "=" and isinstance(lhs, Seq) and lhs.brackets == ":" and is_label(lhs):
        if isinstance(rhs, sp.Expr):
            return Form("assign", value=rhs, var=lhs)  # `A:B = 1` names the ratio
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
        named = middle is not None and len(symbols_of(middle)) > 1 and is_label(middle)
        if named:  # `0 < AB < 5` bounds the length AB, not the letters A and B
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
    statement = strict_infinities(statement)
    symbols = symbols_of(statement)
    if len(symbols) != 1:
        return Form("statement", value=statement)
    var = next(iter(symbols))
    return Form("set", value=solution_set(statement, var, sp.S.Reals), var=var)


def strict_infinities(statement: Any) -> Any:
    """`minf < x` and `x > -inf` hold for every real x; `minf <= x` is left undecided."""
    if isinstance(statement, Logic):
        return Logic(statement.kind, tuple(strict_infinities(i) for i in statement.items))
    if not isinstance(statement, Rel | Chain):
        return statement
    parts = (
        list(statement.parts) if isinstance(statement, Chain) else [statement.lhs, statement.rhs]
    )
    ops = statement.ops if isinstance(statement, Chain) else (statement.op,)
    bare_ends = {*INFINITIES, *(-v for v in INFINITIES)}
    infinite = [p for p in parts if isinstance(p, sp.Expr) and p.has(*INFINITIES)]
    if not (all(op in ("<", ">") for op in ops) and infinite and set(infinite) <= bare_ends):
        return statement
    parts = [p.subs(INFINITIES) for p in parts]
    if isinstance(statement, Chain):
        return Chain(tuple(parts), statement.ops)
    return Rel(statement.op, parts[0], parts[1])


def _logic_form(logic: Logic) -> Form:
    logic = strict_infinities(logic)
    if not any(is_statement(i) for i in logic.items) and logic.kind in ("and", "or"):
        return _seq_form(Seq(_flatten(logic.items), "{}"))
    forms = [form_of(item) for item in logic.items] if logic.kind in ("and", "or") else []
    if forms:
        listed = assignment_list(forms)
        # `x = 1 and y = 2` is a system; `x = 1 or x = 2` and `x = 1 and x = 2` list two roots.
        if listed is not None and (logic.kind == "and" or listed.kind == "roots"):
            return listed
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
    listed = assignment_list(forms)
    if listed is not None:
        return listed
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


def assignment_list(forms: list[Form]) -> Form | None:
    """Read a list of `var = value` answers: a system, the roots of one variable, or solutions.

    `p=5, q=2; p=7, q=2` (variables repeating in turn) lists two solutions of a system;
    `x_1 = a, x_2 = b` (numbered copies of one variable) lists two roots of x;
    `(x, y) = (5, 8) and (8, 5)` names the variables once for every solution that follows.
    """
    if not forms:
        return None
    rest = forms[1:]
    if forms[0].var is not None and rest and all(f.var is None and _constant(f) for f in rest):
        return _labelled_values(forms)
    if not all(f.kind in ("assign", "roots") and f.var is not None for f in forms):
        return None
    variables = [f.var for f in forms]
    if len(set(variables)) == 1:
        items = [v for f in forms for v in ([f.value] if f.kind == "assign" else f.items)]
        return Form("roots", items=items, var=variables[0])
    if any(f.kind == "roots" for f in forms):
        return None
    if len(set(variables)) == len(variables):
        base = _numbered_base(variables)
        if base is not None:
            return Form("roots", items=[f.value for f in forms], var=base)
        return Form("system", mapping={f.var: f.value for f in forms})
    return _solution_rows(forms)


def _constant(form: Form) -> bool:
    values = [form.value] if form.kind == "value" else form.items
    return all(isinstance(v, sp.Expr) and not v.free_symbols for v in values)


def _labelled_values(forms: list[Form]) -> Form | None:
    first = forms[0]
    if first.kind == "assign":
        if not all(f.kind == "value" for f in forms[1:]):
            return None
        return Form("roots", items=[first.value] + [f.value for f in forms[1:]], var=first.var)
    if first.kind == "values" and first.ordered:
        rows = [tuple(f.items) for f in forms if f.kind == "values" and f.ordered]
        if len(rows) != len(forms) or len({len(r) for r in rows}) != 1:
            return None
        return Form("values", items=rows, ordered=False, brackets="", var=first.var)
    return None


def _numbered_base(variables: list[Any]) -> sp.Symbol | None:
    """`x_1, x_2, ...`: the shared base name when every variable is one numbered copy of it."""
    names = [getattr(v, "name", "") for v in variables]
    parts = [n.split("_", 1) for n in names]
    if len(parts) < 2 or any(len(p) != 2 or not p[1].isdigit() for p in parts):
        return None
    bases = {p[0] for p in parts}
    return sp.Symbol(bases.pop()) if len(bases) == 1 else None


def _solution_rows(forms: list[Form]) -> Form | None:
    rows: list[dict[Any, Any]] = [{}]
    for form in forms:
        if form.var in rows[-1]:
            rows.append({})
        rows[-1][form.var] = form.value
    order = list(rows[0])
    if any(list(row) != order for row in rows):
        return None
    items = [tuple(row[v] for v in order) for row in rows]
    return Form("values", items=items, ordered=False, brackets="", var=tuple(order))


def _expr_item(item: Any) -> Any:
    if not isinstance(item, sp.Expr):
        raise ParseError("a ratio of non-numbers")
    return item
