"""The atoms of the maths reader: numbers, names, commands, brackets, matrices and calls."""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

from tutor_app.verify.calls import build_call
from tutor_app.verify.nodes import Logic, Seq
from tutor_app.verify.tokens import ParseError, Token
from tutor_app.verify.vocabulary import (
    CALLS,
    CONSTANTS,
    DECORATIONS,
    FUNCTIONS,
    GREEK,
    INFINITIES,
    MATRIX_ENVS,
    TRUTH,
    WORD_CONSTANTS,
)

MAX_DIGITS = 2000


def checked_pow(base: Any, exp: Any) -> Any:
    """Raise to a power, refusing numbers too large to compute (such as 9**9**9**9)."""
    if base.is_number and exp.is_number and exp.is_real and base != 0:
        magnitude = abs(sp.N(exp, 15)) if exp.is_finite else 0
        size = abs(sp.N(base, 15)) if base.is_finite else 10
        if size != 1 and magnitude * abs(math.log10(float(size) or 10.0)) > MAX_DIGITS:
            raise ParseError("number too large to check")
    return sp.Pow(base, exp)


class AtomReader:
    """A cursor over tokens that reads atoms; the statement grammar builds on it (see parsing)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.abs_depth = 0

    # -- token helpers -------------------------------------------------
    def peek(self, offset: int = 0) -> Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind in ("OP", "CMD", "WORD") and tok.text in texts

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise ParseError("ends too early")
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text:
            raise ParseError(f"expected {text!r} but found {tok.text!r}")

    # -- statements ------------------------------------------------------
    # -- grammar rules the full reader defines ----------------------------
    def top(self) -> Any:
        """A whole answer or statement."""
        raise NotImplementedError

    def sum(self) -> Any:
        """A sum of terms."""
        raise NotImplementedError

    def power(self) -> Any:
        """A factor with an optional exponent."""
        raise NotImplementedError

    def starts_factor(self, in_function: bool = False) -> bool:
        """Whether the next token begins an implicitly multiplied factor."""
        raise NotImplementedError

    # -- atoms ----------------------------------------------------------
    def primary(self) -> Any:
        tok = self.take()
        if tok.kind == "NUM":
            return _number(tok.text)
        if tok.kind == "WORD":
            return self.word(tok.text)
        if tok.kind == "CMD":
            return self.command(tok.text)
        if tok.kind == "BEGIN":
            return self.matrix(tok.text)
        if tok.text in ("(", "["):
            return self.bracketed(tok.text)
        if tok.text == "{":
            if self.at("}"):
                self.take()
                return sp.EmptySet
            inner = self.top()
            self.expect("}")
            if not isinstance(inner, Seq) or inner.brackets:
                return inner
            if all(isinstance(i, sp.Basic) for i in inner.items):
                return sp.FiniteSet(*inner.items)
            return Seq(inner.items, "{}")
        if tok.text == "set{":
            return self.set_literal()
        if tok.text == "|":
            self.abs_depth += 1
            inner = self.sum()
            self.abs_depth -= 1
            self.expect("|")
            return sp.Abs(as_expr(inner))
        raise ParseError(f"unexpected {tok.text!r}")

    def bracketed(self, opener: str) -> Any:
        if self.at(")", "]"):
            self.take()
            return Seq((), opener + (")" if opener == "(" else "]"))
        inner = self.top()
        closer = self.take().text
        if closer not in (")", "]"):
            raise ParseError(f"expected a closing bracket, found {closer!r}")
        items = inner.items if isinstance(inner, Seq) and inner.brackets == "" else (inner,)
        if opener + closer in ("(]", "[)"):
            if len(items) != 2:
                raise ParseError("an interval needs two ends")
            lo, hi = (as_expr(i).subs(INFINITIES) for i in items)
            return sp.Interval(lo, hi, left_open=opener == "(", right_open=closer == ")")
        if len(items) == 1 and (opener == "(" or isinstance(items[0], sp.MatrixBase)):
            return items[0]
        return Seq(tuple(items), opener + closer)

    def set_literal(self) -> Any:
        if self.at("set}"):
            self.take()
            return sp.EmptySet
        inner = self.top()
        self.expect("set}")
        items = inner.items if isinstance(inner, Seq) and inner.brackets == "" else (inner,)
        if all(isinstance(i, sp.Basic) for i in items):
            return sp.FiniteSet(*items)
        return Seq(tuple(items), "{}")

    def group(self) -> Any:
        """A LaTeX argument: `{...}` or a single token (digits one at a time)."""
        tok = self.peek()
        if tok is None:
            raise ParseError("missing argument")
        if tok.text == "{":
            self.take()
            inner = self.top()
            self.expect("}")
            return inner
        if tok.kind == "NUM" and len(tok.text) > 1:
            self.tokens[self.pos] = Token("NUM", tok.text[1:])
            return _number(tok.text[0])
        return self.primary()

    def word(self, text: str) -> Any:
        low = text.lower()
        if low in TRUTH and len(text) > 1:
            return TRUTH[low]
        if low in CALLS and self.at("("):
            return self.call(low)
        if low in FUNCTIONS:
            return self.function(low)
        if low in CONSTANTS:
            return CONSTANTS[low]
        if low in WORD_CONSTANTS:
            return WORD_CONSTANTS[low]
        if text in GREEK:
            return self.subscripted(text)
        if len(text) == 1:
            return self.subscripted(text)
        # An unknown word is read as a product of one-letter variables (xy = x*y).
        letters = [_letter(c) for c in text[:-1]] + [self.subscripted(text[-1])]
        return sp.Mul(*letters)

    def call(self, name: str) -> Any:
        self.expect("(")
        inner = self.top()
        self.expect(")")
        args = list(inner.items) if isinstance(inner, Seq) and not inner.brackets else [inner]
        return build_call(name, args, as_expr, Seq)

    def subscripted(self, name: str) -> Any:
        if self.at("'"):
            self.take()
            return sp.Symbol(name + "'")
        nxt, close = self.peek(1), self.peek(2)
        if (
            self.at("[")
            and nxt is not None
            and nxt.kind in ("NUM", "WORD")
            and close is not None
            and close.text == "]"
        ):
            self.pos += 3
            return sp.Symbol(f"{name}[{nxt.text}]")
        if self.at("_"):
            self.take()
            tok = self.take()
            if tok.text == "{":
                parts = []
                while not self.at("}"):
                    parts.append(self.take().text)
                self.take()
                sub = "".join(parts)
            else:
                sub = tok.text
            if not sub.replace(",", "").isalnum():
                raise ParseError("unsupported subscript")
            return sp.Symbol(f"{name}_{sub}")
        return _letter(name)

    def command(self, name: str) -> Any:
        if name == "frac":
            num = as_expr(self.group())
            den = as_expr(self.group())
            return num / den
        if name == "sqrt":
            if self.at("["):
                self.take()
                index = as_expr(self.sum())
                self.expect("]")
                return sp.root(as_expr(self.group()), index)
            return sp.sqrt(as_expr(self.group()))
        if name == "binom":
            n, k = as_expr(self.group()), as_expr(self.group())
            return sp.binomial(n, k)
        if name in FUNCTIONS:
            return self.function(name)
        if name in CALLS and self.at("("):
            return self.call(name)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in GREEK:
            return self.subscripted(name)
        if name == "emptyset":
            return sp.EmptySet
        if name in DECORATIONS:
            inner = self.group()
            if name == "mathbb" and inner == sp.Symbol("R"):
                return sp.Reals
            return inner
        if not self.at("{"):
            return sp.Symbol(name)
        raise ParseError(f"unsupported command \\{name}")

    def function(self, name: str) -> Any:
        power = None
        base = None
        if name == "log" and self.at("_"):
            self.take()
            base = as_expr(self.group())
        if self.at("^"):
            self.take()
            power = as_expr(self.group())
        if self.at("("):
            self.take()
            arg = self.top()
            self.expect(")")
            if isinstance(arg, Seq) and arg.brackets == "" and len(arg.items) == 1:
                arg = arg.items[0]
        elif self.at("{"):
            arg = self.group()
        else:
            arg = self.power()
            while self.starts_factor(in_function=True):
                arg = arith(arg, self.power(), lambda a, b: a * b)
        value = sp.log(as_expr(arg), base) if base is not None else _call(name, arg)
        if power is not None:
            if power == -1 and name in ("sin", "cos", "tan"):
                return FUNCTIONS["a" + name](as_expr(arg))
            value = checked_pow(value, power)
        return value

    def matrix(self, env: str) -> Any:
        if env not in MATRIX_ENVS:
            raise ParseError(f"unsupported environment {env}")
        rows: list[list[Any]] = [[]]
        while not (self.peek() is not None and self.peek().kind == "END"):  # type: ignore[union-attr]
            if self.at("&"):
                self.take()
            elif self.at("rowsep"):
                self.take()
                rows.append([])
            else:
                rows[-1].append(as_expr(self.sum()))
        self.take()
        rows = [r for r in rows if r]
        if not rows or len({len(r) for r in rows}) != 1:
            raise ParseError("matrix rows of different lengths")
        matrix = sp.ImmutableMatrix(rows)
        return matrix.det() if env == "vmatrix" else matrix


def _number(text: str) -> sp.Expr:
    if "." in text:
        digits = len(text.replace(".", ""))
        return sp.Float(text, max(15, digits + 2))
    if len(text) > MAX_DIGITS:
        raise ParseError("number too long")
    return sp.Integer(text)


def _letter(name: str) -> sp.Expr:
    if name == "e":
        return sp.E
    if name == "i":
        return sp.I
    return sp.Symbol(name)


def as_expr(value: Any) -> Any:
    """The SymPy expression a parsed item stands for; ParseError for lists and statements."""
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, Seq) and len(value.items) == 1:
        return as_expr(value.items[0])
    raise ParseError("expected an expression")


def arith(a: Any, b: Any, op: Any) -> Any:
    """Apply an arithmetic operation to two expressions (or matrices)."""
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return op(a, b)
    return op(as_expr(a), as_expr(b))


def single(items: list[Any], kind: str) -> Any:
    """One item as itself, several joined by a logic connective."""
    return items[0] if len(items) == 1 else Logic(kind, tuple(items))


def _call(name: str, arg: Any) -> Any:
    if isinstance(arg, Seq) and name in ("log", "lg") and len(arg.items) == 2:
        return sp.log(as_expr(arg.items[0]), as_expr(arg.items[1]))
    return FUNCTIONS[name](as_expr(arg))


def as_set(value: Any) -> Any:
    """A set, or an interval written as a bracketed pair."""
    if isinstance(value, sp.Set):
        return value
    if isinstance(value, Seq) and value.brackets in ("()", "[]") and len(value.items) == 2:
        lo, hi = (as_expr(i).subs(INFINITIES) for i in value.items)
        return sp.Interval(
            lo, hi, left_open=value.brackets == "()", right_open=value.brackets == "()"
        )
    raise ParseError("expected a set or an interval")
