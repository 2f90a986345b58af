"""Calculus in LaTeX, worked out: `\\frac{d}{dx} f`, `\\int_a^b f \\, dx`, `\\lim_{x \\to a} f`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import PoleError

from tutor_app.verify.parse.calls import build_call
from tutor_app.verify.parse.cursor import TokenCursor
from tutor_app.verify.parse.nodes import Seq
from tutor_app.verify.parse.numbers import letter, number
from tutor_app.verify.parse.tokens import ParseError, Token
from tutor_app.verify.parse.values import as_expr
from tutor_app.verify.parse.vocabulary import GREEK, INFINITIES

_OPENERS = {"(", "[", "{", "set{"}
_CLOSERS = {")", "]", "}", "set}"}
# Where an integrand ends at the latest: its differential comes before these.
_STOPS = {"=", "==", "<", ">", "<=", ">=", "=<", "!=", ":=", ",", ";"}
# `f(x)` or `g'(x)` inside calculus notation names a function, which the reader would take for
# a product f*x and so misjudge: such lines are left unread.
_FUNCTION_NAMES = {"f", "g", "F", "G"}
# Letters that usually stand for quantities varying with the variable of a total derivative
# (`\\frac{d}{dx} y^2` in implicit differentiation, `\\frac{d}{dt} r^2` in related rates):
# taking them as constants would judge correct working wrong. `\\partial` says they are not.
_DEPENDENT = {"r", "s", "t", "u", "v", "w", "x", "y", "z", "theta", "phi", "varphi"}
_CAUGHT = (NotImplementedError, ValueError, TypeError, PoleError)


class CalculusReader(TokenCursor):
    """Reads derivative operators, integrals and limits written in LaTeX."""

    def group(self) -> Any:
        """A LaTeX argument (defined by the atom reader)."""
        raise NotImplementedError

    def derivative_operator(self) -> Any:
        """After `\\frac`: the derivative `\\frac{d}{dx} f` (`d^2`/`dx^2`, `\\partial`), or None."""
        shape = _derivative_shape(self.tokens, self.pos)
        if shape is None:
            return None
        partial, name, order, self.pos = shape
        start = self.pos
        body = as_expr(self.term())
        self.reject_function_notation(start)
        var = letter(name)
        if not partial and any(s.name in _DEPENDENT for s in body.free_symbols - {var}):
            raise ParseError("a total derivative of an expression in other variables")
        return _worked(lambda: build_call("diff", [body, var, sp.Integer(order)], as_expr, Seq))

    def integral(self) -> Any:
        """After `\\int`: `\\int_a^b f \\, dx` worked out, or None for a call `\\int(f, x)`."""
        bounds: dict[str, Any] = {}
        while self.at("_", "^") and self.peek().text not in bounds:  # type: ignore[union-attr]
            mark = self.take().text
            tok = self.peek()
            if tok is not None and tok.kind == "NUM" and len(tok.text) == 1:
                bounds[mark] = number(self.take().text)  # `^3_0`: not 3 in base 0
            else:
                bounds[mark] = as_expr(self.group())
        end = _find_differential(self.tokens, self.pos)
        if end is None:
            if not bounds and self.at("("):
                return None
            raise ParseError("an integral without its differential, such as dx")
        if len(bounds) == 1:
            raise ParseError("an integral needs both bounds or neither")
        start = self.pos
        integrand = as_expr(self.read_span(end, self.sum)) if end > start else sp.Integer(1)
        self.reject_function_notation(start)
        differential = _differential(self.tokens, self.pos)
        if differential is None:
            raise ParseError("an integral without its differential, such as dx")
        name, width = differential
        self.pos += width
        limits = [bounds["_"], bounds["^"]] if bounds else []
        args = [integrand, letter(name), *limits]
        return _worked(lambda: build_call("integrate", args, as_expr, Seq))

    def limit(self) -> Any:
        """After `\\lim`: `\\lim_{x \\to a} f`, from one side with `a^+` or `a^-`."""
        self.expect("_")
        self.expect("{")
        close = _closing_brace(self.tokens, self.pos)
        var_tok = self.take()
        if not _is_variable(var_tok):
            raise ParseError("a limit needs a variable, as in x \\to a")
        if self.at("-") and self.peek(1) == Token("OP", ">"):
            self.take()  # `x -> 0` in plain text
        elif not self.at("to"):
            raise ParseError("a limit needs x \\to a")
        self.take()
        end, side = _side(self.tokens, self.pos, close)
        point = as_expr(self.read_span(end, self.sum)).subs(INFINITIES)
        self.pos += close - end
        self.expect("}")
        start = self.pos
        body = as_expr(self.term())
        self.reject_function_notation(start)
        return _limit(body, letter(var_tok.text), point, side)

    def read_span(self, end: int, read: Callable[[], Any]) -> Any:
        """Read the tokens up to index `end` with `read`, which must use all of them."""
        rest = self.tokens[end:]
        self.tokens = self.tokens[:end]
        try:
            value = read()
            if self.pos != len(self.tokens):
                raise ParseError(f"unexpected {self.tokens[self.pos].text!r}")
        finally:
            self.tokens = self.tokens + rest
        return value

    def reject_function_notation(self, start: int) -> None:
        """Refuse `f(x)` in the tokens read since `start`: it would be taken for a product."""
        for i in range(start, min(self.pos, len(self.tokens) - 1)):
            tok, nxt = self.tokens[i], self.tokens[i + 1]
            if tok.kind == "WORD" and tok.text in _FUNCTION_NAMES and nxt.text in ("(", "{", "'"):
                raise ParseError(f"function notation {tok.text}(...) in calculus notation")


def _worked(compute: Callable[[], Any]) -> Any:
    """Run a SymPy computation; its failures become a ParseError."""
    try:
        return compute()
    except ParseError:
        raise
    except _CAUGHT as exc:
        raise ParseError(f"cannot work this out ({exc})") from exc


def _limit(body: Any, var: Any, point: Any, side: str | None) -> Any:
    if not isinstance(var, sp.Symbol):
        raise ParseError("expected a variable")
    if side is None and point.is_finite is False:
        result = _worked(lambda: sp.limit(body, var, point))
    else:
        result = _worked(lambda: sp.limit(body, var, point, dir=side or "+-"))
    if result.has(sp.Limit, sp.AccumBounds, sp.zoo, sp.nan):
        raise ParseError("cannot find this limit, or it does not exist")
    return result


def _token(tokens: list[Token], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _is_op(tokens: list[Token], i: int, text: str) -> bool:
    tok = _token(tokens, i)
    return tok is not None and tok.kind == "OP" and tok.text == text


def _is_variable(tok: Token | None) -> bool:
    if tok is None:
        return False
    return (tok.kind == "WORD" and len(tok.text) == 1) or (tok.kind == "CMD" and tok.text in GREEK)


def _order(tokens: list[Token], i: int) -> tuple[int | None, int]:
    """The order `^2` or `^{2}` at index i (1 when there is none), and the index after it."""
    if not _is_op(tokens, i, "^"):
        return 1, i
    braced = _is_op(tokens, i + 1, "{")
    tok = _token(tokens, i + 2 if braced else i + 1)
    if tok is None or tok.kind != "NUM" or not tok.text.isdigit():
        return None, i
    if braced and not _is_op(tokens, i + 3, "}"):
        return None, i
    return int(tok.text), i + (4 if braced else 2)


def _derivative_shape(tokens: list[Token], i: int) -> tuple[bool, str, int, int] | None:
    """For `{d^n}{dx^n}` at index i: (partial, variable, n, index after), else None."""
    head = _token(tokens, i + 1)
    if not _is_op(tokens, i, "{") or head is None:
        return None
    partial = head == Token("CMD", "partial")
    if not (partial or head == Token("WORD", "d")):
        return None
    order, j = _order(tokens, i + 2)
    if order is None or not (_is_op(tokens, j, "}") and _is_op(tokens, j + 1, "{")):
        return None
    tok = _token(tokens, j + 2)
    if not partial and tok is not None and tok.kind == "WORD" and _glued(tok.text):
        name, j = tok.text[1], j + 3
    elif tok == head and _is_variable(_token(tokens, j + 3)):
        name, j = tokens[j + 3].text, j + 4
    else:
        return None
    den_order, j = _order(tokens, j)
    if den_order is None or not _is_op(tokens, j, "}"):
        return None
    if den_order != order:
        raise ParseError("a derivative with different orders above and below")
    return partial, name, order, j + 1


def _glued(word: str) -> bool:
    """`dx`: a differential written as one word."""
    return len(word) == 2 and word[0] == "d" and word[1].isalpha()


def _differential(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The variable of a differential `dx` or `d x` at index i, and how many tokens it takes."""
    tok = _token(tokens, i)
    if tok is None or tok.kind != "WORD":
        return None
    if _glued(tok.text):
        return tok.text[1], 1
    nxt = _token(tokens, i + 1)
    if tok.text == "d" and nxt is not None and _is_variable(nxt):
        return nxt.text, 2
    return None


def _find_differential(tokens: list[Token], start: int) -> int | None:
    """Where the differential of an integral starting at `start` is; inner integrals skip theirs."""
    depth = inner = 0
    i = start
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "OP" and tok.text in _OPENERS:
            depth += 1
        elif tok.kind == "OP" and tok.text in _CLOSERS:
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and tok.kind == "OP" and tok.text in _STOPS:
            return None
        elif depth == 0 and tok == Token("CMD", "int"):
            inner += 1
        elif depth == 0 and (found := _differential(tokens, i)) is not None:
            if not inner:
                return i
            inner -= 1
            i += found[1] - 1
        i += 1
    return None


def _closing_brace(tokens: list[Token], start: int) -> int:
    """The index of the `}` closing a group whose contents start at `start`."""
    depth = 0
    for i in range(start, len(tokens)):
        if _is_op(tokens, i, "{"):
            depth += 1
        elif _is_op(tokens, i, "}"):
            if depth == 0:
                return i
            depth -= 1
    raise ParseError("an unclosed brace")


def _side(tokens: list[Token], start: int, close: int) -> tuple[int, str | None]:
    """Where the point of `x \\to a^+` ends, and the side (`+`, `-` or None for both)."""
    tail = [t.text if t.kind == "OP" else "" for t in tokens[start:close]]
    for shape in (["^", "{", "+", "}"], ["^", "+"], ["+"]):
        for sign in "+-":
            pattern = [sign if s == "+" else s for s in shape]
            if len(tail) > len(pattern) and tail[-len(pattern) :] == pattern:
                return close - len(pattern), sign
    return close, None
