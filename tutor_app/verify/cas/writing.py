"""Write a CAS value in the form a question asks: a common fraction, a decimal, interval notation.

When a value cannot be written exactly in the form asked (an irrational number as a common
fraction, 1/3 as a terminating decimal), the task gets no answer rather than a wrong one.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import sympy as sp

from tutor_app.verify.cas.numbers import in_base, whole
from tutor_app.verify.cas.reading import Unreadable

MAX_TERMINATING_DIGITS = 40


def latex(value: sp.Expr) -> str:
    """SymPy's LaTeX with the brackets of one-argument functions kept simple."""
    return sp.latex(value)


def write_value(value: sp.Expr, form: str, places: int | None, base: int | None) -> str:
    """One value in the requested form."""
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.free_symbols and form != "exact":
        if form not in ("exact", "radical"):
            raise Unreadable("no value to write in that form")
    if form == "fraction":
        return fraction(value)
    if form == "mixed":
        return mixed_number(value)
    if form == "decimal":
        return decimal(value, places)
    if form == "percent":
        return decimal(value * 100, places) + "\\%"
    if form == "base":
        if base is None:
            raise Unreadable("no base given")
        return in_base(whole(value), base)
    if form == "integer":
        return str(whole(value))
    if form == "degrees":
        return degrees(value)
    if form in ("radical", "exact", "radians", "list", "pair"):
        return latex(sp.radsimp(value) if value.has(sp.Pow) and value.is_number else value)
    raise Unreadable(f"cannot write a single value as {form}")


def fraction(value: sp.Expr) -> str:
    """`\\frac{14}{3}`, `-\\frac{1}{2}` or a whole number: the value must be rational."""
    if not value.is_Rational:
        raise Unreadable("not a rational number, so not a common fraction")
    if value.is_Integer:
        return str(value)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.p)}}}{{{value.q}}}"


def mixed_number(value: sp.Expr) -> str:
    """`2\\frac{1}{3}`: the whole part and a proper fraction."""
    if not value.is_Rational:
        raise Unreadable("not a rational number, so not a mixed number")
    if value.is_Integer or abs(value) < 1:
        return fraction(value)
    sign = "-" if value < 0 else ""
    whole_part, rest = divmod(abs(value.p), value.q)
    return f"{sign}{whole_part}\\frac{{{rest}}}{{{value.q}}}"


def decimal(value: sp.Expr, places: int | None) -> str:
    """A decimal: exact when it terminates, else rounded half up to the places asked for."""
    if not (value.is_real and value.is_number):
        raise Unreadable("not a real number, so not a decimal")
    if places is None:
        if not value.is_Rational or not _terminates(value.q):
            raise Unreadable("this decimal does not terminate; the question gives no rounding")
        with localcontext() as context:
            context.prec = MAX_TERMINATING_DIGITS + 20
            exact = Decimal(int(value.p)) / Decimal(int(value.q))
        return _plain(exact)
    with localcontext() as context:
        context.prec = 60
        approximate = Decimal(str(sp.N(value, 50)))
        rounded = approximate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return _plain(rounded)


def _terminates(denominator: int) -> bool:
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def degrees(value: sp.Expr) -> str:
    """An angle found in radians, written in degrees: `30^\\circ`."""
    if not value.is_real:
        raise Unreadable("not an angle")
    in_degrees = sp.nsimplify(sp.simplify(value * 180 / sp.pi))
    if in_degrees.has(sp.pi) or not in_degrees.is_Rational:
        raise Unreadable("not a whole or fractional number of degrees")
    return f"{latex(in_degrees)}^\\circ"


def interval_notation(region: sp.Set) -> str:
    """A set of reals in interval notation: `(-\\infty, 2) \\cup (3, \\infty)`, `[-2, 7]`."""
    pieces = region.args if isinstance(region, sp.Union) else (region,)
    written = []
    for piece in pieces:
        if isinstance(piece, sp.Interval):
            left = "(" if piece.left_open else "["
            right = ")" if piece.right_open else "]"
            written.append(f"{left}{latex(piece.start)}, {latex(piece.end)}{right}")
        elif isinstance(piece, sp.FiniteSet):
            written.append("\\{" + ", ".join(latex(v) for v in piece) + "\\}")
        elif piece == sp.S.Reals:
            written.append("(-\\infty, \\infty)")
        else:
            raise Unreadable("a set that interval notation cannot write")
    return " \\cup ".join(written) if written else "\\emptyset"


def inequality_words(region: sp.Set, name: str) -> str:
    """A set of real numbers written with inequalities: `x \\le -1 \\text{ or } x > 2`."""
    if region == sp.S.Reals:
        return "\\text{all real numbers}"
    if region is sp.S.EmptySet:
        return NO_SOLUTION
    pieces = region.args if isinstance(region, sp.Union) else (region,)
    written = []
    for piece in pieces:
        if isinstance(piece, sp.FiniteSet):
            written += [f"{name} = {latex(v)}" for v in piece]
        elif isinstance(piece, sp.Interval):
            written.append(_interval_words(piece, name))
        else:
            raise Unreadable("a set the CAS cannot describe")
    return " \\text{ or } ".join(written)


NO_SOLUTION = "\\text{no real solution}"


def _interval_words(piece: sp.Interval, name: str) -> str:
    low = None if piece.start == -sp.oo else latex(piece.start)
    high = None if piece.end == sp.oo else latex(piece.end)
    above = "<" if piece.left_open else "\\le"
    below = "<" if piece.right_open else "\\le"
    if low is not None and high is not None:
        return f"{low} {above} {name} {below} {high}"
    if low is not None:
        beyond = ">" if piece.left_open else "\\ge"
        return f"{name} {beyond} {low}"
    return f"{name} {below} {high}"
