"""Name the mistake in a wrong step, as a teacher would: a sign error, a term not distributed,
a dropped term, a division by something that can be zero, a lost or gained root, a slip.

Each name is tried as a repair: the step is wrong, and the name is given only if undoing that
one mistake makes the step right (flip one sign, distribute to every term, put the term back).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import sympy as sp

from tutor_app.verify.parse.nodes import Rel
from tutor_app.verify.parse.parsing import parse_math
from tutor_app.verify.parse.tokens import ParseError

KINDS = {
    "sign_error": "a sign error",
    "not_distributed": "a term not distributed",
    "dropped_term": "a dropped term",
    "divided_by_zero": "a division by something that can be zero",
    "lost_root": "a lost root",
    "gained_root": "a gained root",
    "arithmetic": "an arithmetic slip",
}


def name_mistake(before: str, after: str) -> dict[str, str] | None:
    """{"kind", "words"} for the mistake in the wrong step `before` -> `after`, or None."""
    try:
        first, second = _side(parse_math(before)), _side(parse_math(after))
    except (ParseError, ValueError, TypeError):
        return None
    if first is None or second is None or first[1] != second[1]:
        return None
    (old, relation), (new, _) = first, second
    equation = relation == "="
    for check in (_division, _roots):
        named = check(old, new, equation)
        if named is not None:
            return {"kind": named[0], "words": named[1]}
    for written in (not_distributed, sign_error, dropped_term):
        found = written(before, after, (old, new), equation)
        if found is not None:
            return found
    slip = _arithmetic(old, new, equation)
    return {"kind": slip[0], "words": slip[1]} if slip is not None else None


def _side(parsed: Any) -> tuple[sp.Expr, str] | None:
    """An equation as lhs - rhs (relation "="); an expression as itself (relation "")."""
    if isinstance(parsed, Rel) and parsed.op == "=":
        return sp.expand(parsed.lhs - parsed.rhs), "="
    if isinstance(parsed, sp.Expr):
        return sp.expand(parsed), ""
    return None


def _same(old: sp.Expr, new: sp.Expr, equation: bool) -> bool:
    """Equal expressions; or, for equations, proportional sides (the same solutions)."""
    if not equation:
        return sp.simplify(old - new) == 0
    if new == 0 or old == 0:
        return old == new
    ratio = sp.cancel(old / new)
    return not ratio.free_symbols and ratio != 0


def _terms(expr: sp.Expr) -> tuple[sp.Expr, ...]:
    return sp.Add.make_args(sp.expand(expr))


def _division(old: sp.Expr, new: sp.Expr, equation: bool) -> tuple[str, str] | None:
    """Both sides divided by a power of the unknown (x, 2x^2): the root x = 0 is lost."""
    if not equation or new == 0:
        return None
    ratio = sp.factor(sp.cancel(old / new))
    if not ratio.free_symbols or sp.fraction(ratio)[1].free_symbols:
        return None
    if len(sp.Add.make_args(sp.expand(ratio))) != 1:
        return None  # (x + 3): the other square root was left out, not a division
    zeros = [z for z in sp.solveset(ratio, *ratio.free_symbols, sp.S.Reals) if z.is_real] if len(
        ratio.free_symbols) == 1 else []  # fmt: skip
    if not zeros:
        return None
    shown = sp.sstr(ratio).replace("**", "^")
    return "divided_by_zero", (
        f"both sides were divided by {shown}, which is 0 when "
        f"{next(iter(ratio.free_symbols))} = {sp.sstr(zeros[0])}: that solution is lost"
    )


def _roots(old: sp.Expr, new: sp.Expr, equation: bool) -> tuple[str, str] | None:
    """Some solutions lost (a square root taken as only the positive one) or gained."""
    symbols = old.free_symbols | new.free_symbols
    if not equation or len(symbols) != 1:
        return None
    x = next(iter(symbols))
    try:
        before = sp.solveset(old, x, sp.S.Reals)
        after = sp.solveset(new, x, sp.S.Reals)
    except (NotImplementedError, ValueError):
        return None
    if not (isinstance(before, sp.FiniteSet) and isinstance(after, sp.FiniteSet)):
        return None
    if after.is_subset(before) and after != before:
        missing = sp.Complement(before, after)
        return "lost_root", f"the solution {x} = {sp.sstr(next(iter(missing)))} is lost"
    if before.is_subset(after) and after != before:
        extra = sp.Complement(after, before)
        return "gained_root", (
            f"{x} = {sp.sstr(next(iter(extra)))} solves the new line but not the one before "
            "(squaring both sides, or multiplying by something that can be 0, can do this)"
        )
    return None


def _arithmetic(old: sp.Expr, new: sp.Expr, equation: bool) -> tuple[str, str] | None:
    """Only a number is off: the letters' parts agree and the difference is a constant."""
    difference = sp.expand(old - new) if not equation else None
    if difference is not None:
        if not difference.free_symbols and difference != 0:
            return "arithmetic", "a number was worked out wrong"
        return None
    for scale in _scales(old, new):
        gap = sp.expand(old - scale * new)
        if gap != 0 and not gap.free_symbols:
            return "arithmetic", "a number was worked out wrong"
    return None


def _scales(old: sp.Expr, new: sp.Expr) -> Iterator[sp.Expr]:
    """Factors the new equation may have been multiplied by: from a matching letter term."""
    yield sp.Integer(1)
    for term in _terms(new):
        if term.free_symbols:
            for other in _terms(old):
                ratio = sp.cancel(other / term)
                if not ratio.free_symbols and ratio != 0:
                    yield ratio


def _shown(term: sp.Expr) -> str:
    return sp.sstr(term).replace("**", "^").replace("*", "")


_BRACKET = re.compile(r"(?P<k>-?\d+(?:\.\d+)?|[a-z])\s*(?:\\cdot\s*|\*\s*)?\((?P<inner>[^()]+)\)")


Lines = tuple[sp.Expr, sp.Expr]  # the line before and the new line, read


def not_distributed(before: str, after: str, lines: Lines, equation: bool) -> dict[str, str] | None:
    """A factor multiplied into only the first term of its bracket: 3(x + 2) written 3x + 2."""
    new = lines[1]
    for match in _BRACKET.finditer(before):
        terms = _split_terms(match.group("inner"))
        if len(terms) < 2:
            continue
        factor, first, rest = match.group("k"), terms[0], "".join(terms[1:])
        candidate = f"{before[: match.start()]}({factor})({first}){rest}{before[match.end() :]}"
        try:
            side = _side(parse_math(candidate))
        except (ParseError, ValueError, TypeError):
            continue
        if side is not None and _same(side[0], new, equation):
            return {
                "kind": "not_distributed",
                "words": f"{factor} multiplies every term in the bracket, not only {first.strip()}",
            }
    return None


def _split_terms(inner: str) -> list[str]:
    """`x + 2 - y` as ["x ", "+ 2 ", "- y"]: each term with its sign."""
    pieces = re.split(r"(?<=\S)\s*(?=[+-])", inner.strip())
    return [p for p in pieces if p.strip()]


def sign_error(before: str, after: str, lines: Lines, equation: bool) -> dict[str, str] | None:
    """The step is right once one written term changes sign: in the new line (7 + 3 for 7 - 3)
    or, moved across, in the line before (4x - 2 = 10 to 4x = 8)."""
    old, new = lines
    for text, target in ((after, old), (before, new)):
        for changed, term in _variants(text, flip=True):
            if _reads_as(changed, target, equation):
                return {"kind": "sign_error", "words": f"the sign of {term.strip(' +')} is wrong"}
    return None


def dropped_term(before: str, after: str, lines: Lines, equation: bool) -> dict[str, str] | None:
    """The step is right once a term of the line before is left out: it was dropped."""
    for changed, term in _variants(before, flip=False):
        if _reads_as(changed, lines[1], equation):
            return {"kind": "dropped_term", "words": f"the term {term.strip(' +')} was dropped"}
    return None


def _reads_as(text: str, target: sp.Expr, equation: bool) -> bool:
    try:
        side = _side(parse_math(text))
    except (ParseError, ValueError, TypeError, ZeroDivisionError):
        return False
    return side is not None and _same(side[0], target, equation)


def _variants(text: str, flip: bool) -> Iterator[tuple[str, str]]:
    """The line with one of its written terms' sign changed (flip) or left out; and the term."""
    sides = text.split("=") if text.count("=") == 1 else [text]
    for index, side in enumerate(sides):
        terms = _split_terms(side)
        if len(terms) < 2 and not flip:
            continue
        for position, term in enumerate(terms):
            if flip:
                body = term.strip()
                changed = body[1:] if body.startswith("-") else f"-{body.lstrip('+').strip()}"
                replaced = [*terms[:position], f" + {changed}" if position else changed,
                            *terms[position + 1 :]]  # fmt: skip
            else:
                replaced = [*terms[:position], *terms[position + 1 :]]
            new_side = " ".join(t.strip() for t in replaced).strip().lstrip("+").strip()
            yield "=".join([*sides[:index], f" {new_side or '0'} ", *sides[index + 1 :]]), term
