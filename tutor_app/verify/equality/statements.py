"""Statements (equations, inequalities, and/or/not) read as truth conditions and compared."""

from __future__ import annotations

import random
from typing import Any

import sympy as sp

from tutor_app.verify.equality.algebra import numeric
from tutor_app.verify.equality.inequalities import solve_by_signs
from tutor_app.verify.parse.parsing import Chain, Logic, Member, Rel, Seq
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.parse.vocabulary import PM

RELATIONS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
TRIALS = 24


def is_statement(obj: Any) -> bool:
    """Whether a parsed object is a claim (true or false) rather than a value."""
    if isinstance(obj, Seq):
        return bool(obj.items) and all(is_statement(i) for i in obj.items) and not obj.brackets
    return isinstance(obj, Rel | Chain | Logic | Member | sp.logic.boolalg.BooleanAtom)


def symbols_of(obj: Any) -> set[Any]:
    """The variables a statement or value mentions."""
    if isinstance(obj, sp.Basic):
        return set(obj.free_symbols) - {PM}
    if isinstance(obj, Rel):
        return symbols_of(obj.lhs) | symbols_of(obj.rhs)
    if isinstance(obj, Chain | Seq | Logic):
        parts = obj.parts if isinstance(obj, Chain) else obj.items
        return set().union(*(symbols_of(p) for p in parts)) if parts else set()
    if isinstance(obj, Member):
        return symbols_of(obj.var)
    return set()


def has_relations(obj: Any) -> bool:
    """Whether a statement contains an equation or inequality (not only propositional letters)."""
    if isinstance(obj, Rel | Chain | Member):
        return True
    if isinstance(obj, Logic | Seq):
        return any(has_relations(i) for i in obj.items)
    return False


def only_equations(obj: Any) -> bool:
    """Whether a statement is equations joined by `or` (a list of alternatives)."""
    if isinstance(obj, Rel):
        return obj.op == "=" and isinstance(obj.lhs, sp.Expr) and isinstance(obj.rhs, sp.Expr)
    if isinstance(obj, Logic) and obj.kind == "or":
        return all(only_equations(i) for i in obj.items)
    if isinstance(obj, Chain):
        return all(op == "=" for op in obj.ops)
    return False


def equation_polynomial(obj: Any) -> sp.Expr:
    """One expression that is zero exactly where an `or` of equations holds (with multiplicity)."""
    if isinstance(obj, Rel):
        lhs, rhs = _squared_moduli(obj.lhs, obj.rhs)
        return sp.fraction(sp.together(_expanded_pm(lhs - rhs)))[0]
    if isinstance(obj, Chain):
        result = sp.Integer(1)
        for a, b in zip(obj.parts, obj.parts[1:]):
            result *= sp.fraction(sp.together(a - b))[0]
        return result
    assert isinstance(obj, Logic)
    result = sp.Integer(1)
    for item in obj.items:
        result *= equation_polynomial(item)
    return result


def _squared_moduli(lhs: sp.Expr, rhs: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """`|x| = |y|` has the real solutions of `x^2 = y^2` (both sides are never negative)."""

    def modulus(side: sp.Expr) -> bool:
        return isinstance(side, sp.Abs) or bool(side.is_number and side.is_nonnegative)

    if (isinstance(lhs, sp.Abs) or isinstance(rhs, sp.Abs)) and modulus(lhs) and modulus(rhs):
        unwrap = [s.args[0] if isinstance(s, sp.Abs) else s for s in (lhs, rhs)]
        return unwrap[0] ** 2, unwrap[1] ** 2
    return lhs, rhs


def _expanded_pm(expr: sp.Expr) -> sp.Expr:
    if PM in expr.free_symbols:
        return (expr.subs(PM, 1)) * (expr.subs(PM, -1))
    return expr


def to_boolean(obj: Any) -> Any:
    """A SymPy boolean for a statement (relations kept unevaluated where possible)."""
    if isinstance(obj, sp.logic.boolalg.BooleanAtom):
        return obj
    if isinstance(obj, sp.Symbol):
        return obj
    if isinstance(obj, Rel):
        if obj.op not in RELATIONS:
            raise ParseError("unsupported relation")
        return RELATIONS[obj.op](_value(obj.lhs), _value(obj.rhs))
    if isinstance(obj, Chain):
        if "~" in obj.ops:
            raise ParseError("approximation inside a statement")
        pairs = zip(obj.parts, obj.parts[1:])
        return sp.And(*[RELATIONS[op](_value(a), _value(b)) for (a, b), op in zip(pairs, obj.ops)])
    if isinstance(obj, Member):
        return sp.Contains(_value(obj.var), obj.set)
    if isinstance(obj, Logic):
        items = [to_boolean(i) for i in obj.items]
        return _LOGIC[obj.kind](*items)
    if isinstance(obj, Seq) and not obj.brackets:
        return sp.And(*[to_boolean(i) for i in obj.items])
    raise ParseError("not a statement")


_LOGIC: dict[str, Any] = {
    "and": sp.And,
    "or": sp.Or,
    "not": sp.Not,
    "implies": sp.Implies,
    "iff": sp.Equivalent,
    "xor": sp.Xor,
    "xnor": lambda a, b: sp.Not(sp.Xor(a, b)),
    "nand": sp.Nand,
    "nor": sp.Nor,
}


def _value(obj: Any) -> sp.Expr:
    if isinstance(obj, sp.Expr):
        return obj
    raise ParseError("a relation between non-expressions")


def solution_set(obj: Any, var: Any, domain: sp.Set) -> sp.Set:
    """The values of `var` in `domain` for which the statement holds."""
    if isinstance(obj, sp.logic.boolalg.BooleanAtom):
        return domain if obj else sp.EmptySet
    if isinstance(obj, Rel | Chain):
        relation = to_boolean(obj)
        return _solve(relation, var, domain)
    if isinstance(obj, Member):
        if obj.var != var:
            raise ParseError("membership of an expression")
        return sp.Intersection(obj.set, domain)
    if isinstance(obj, Seq) and not obj.brackets:
        return sp.Intersection(*[solution_set(i, var, domain) for i in obj.items])
    if isinstance(obj, Logic):
        parts = [solution_set(i, var, domain) for i in obj.items]
        if obj.kind == "and":
            return sp.Intersection(*parts)
        if obj.kind == "or":
            return sp.Union(*parts)
        if obj.kind == "not":
            return sp.Complement(domain, parts[0])
        if obj.kind == "implies":
            return sp.Union(sp.Complement(domain, parts[0]), parts[1])
    raise ParseError("cannot solve this statement")


def _solve(relation: Any, var: Any, domain: sp.Set) -> sp.Set:
    if isinstance(relation, sp.logic.boolalg.BooleanAtom):
        return domain if relation else sp.EmptySet
    if isinstance(relation, sp.And):
        return sp.Intersection(*[_solve(r, var, domain) for r in relation.args])
    real = sp.Symbol(var.name, real=True) if domain.is_subset(sp.S.Reals) else var
    if domain == sp.S.Reals:
        quick = solve_by_signs(relation.subs(var, real), real)
        if quick is not None:
            return quick
    try:
        result = sp.solveset(relation.subs(var, real), real, domain)
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise ParseError("cannot solve the statement") from exc
    if isinstance(result, sp.ConditionSet):
        raise ParseError("cannot solve the statement")
    return result.subs(real, var)


def propositional_equal(a: Any, b: Any) -> bool | None:
    """Compare two statements built from letters with and/or/not by their truth tables."""
    try:
        left, right = to_boolean(a), to_boolean(b)
        return not sp.satisfiable(sp.Xor(left, right))
    except (TypeError, ValueError, ParseError):
        return None


def equations_as_letters_equal(a: Any, b: Any) -> bool:
    """`C=B and A` is `A and B=C`: each equation read as one letter (the same up to sides)."""
    try:
        left, right = to_boolean(a), to_boolean(b)
    except (TypeError, ValueError, ParseError):
        return False
    letters: dict[Any, sp.Symbol] = {}
    replace: dict[Any, Any] = {}
    for equation in (left | right).atoms(sp.Eq) if hasattr(left, "atoms") else ():
        difference = sp.expand(equation.lhs - equation.rhs)
        key = min(difference, -difference, key=sp.default_sort_key)
        replace[equation] = letters.setdefault(key, sp.Dummy())
    left, right = left.xreplace(replace), right.xreplace(replace)
    if left.atoms(sp.core.relational.Relational) or right.atoms(sp.core.relational.Relational):
        return False
    try:
        return not sp.satisfiable(sp.Xor(left, right))
    except (TypeError, ValueError):
        return False


def proportional(f: sp.Expr, g: sp.Expr, positive_factor: bool = False) -> bool | None:
    """Whether f = c*g for a nonzero constant c (positive when asked), tested at sample points."""
    if f == 0 or g == 0:
        return f == g
    symbols = sorted((f.free_symbols | g.free_symbols) - {PM}, key=lambda s: s.name)
    ratios: list[complex] = []
    rng = random.Random(7)
    for _ in range(TRIALS):
        point = {s: sp.Rational(rng.randint(-40, 40), rng.randint(3, 13)) for s in symbols}
        vf, vg = numeric(f, point), numeric(g, point)
        if vf is None or vg is None or abs(vg) < 1e-12 or abs(vf) < 1e-12:
            continue
        ratios.append(vf / vg)
        if len(ratios) >= 6:
            break
    if len(ratios) < 3:
        return None
    first = ratios[0]
    same = all(abs(r - first) <= 1e-8 * max(1.0, abs(first)) for r in ratios)
    if same and positive_factor:
        return first.real > 0 and abs(first.imag) < 1e-12
    return same


def truth_differs(a: Any, b: Any) -> bool | None:
    """Look for a point where one statement holds and the other does not (real sample points)."""
    try:
        left, right = to_boolean(a), to_boolean(b)
    except ParseError:
        return None
    symbols = sorted(
        (left.free_symbols | right.free_symbols) - {PM}, key=lambda s: getattr(s, "name", "")
    )
    rng = random.Random(11)
    decided = 0
    for _ in range(60):
        point = {s: sp.Rational(rng.randint(-60, 60), rng.randint(1, 9)) for s in symbols}
        try:
            ta, tb = left.subs(point), right.subs(point)
        except (TypeError, ValueError):
            continue
        if not isinstance(ta, sp.logic.boolalg.BooleanAtom):
            continue
        if not isinstance(tb, sp.logic.boolalg.BooleanAtom):
            continue
        decided += 1
        if bool(ta) != bool(tb):
            return True
    return False if decided >= 30 else None
