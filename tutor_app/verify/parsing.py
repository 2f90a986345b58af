"""A recursive-descent reader that builds SymPy objects from whitelisted tokens, never via eval."""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

from tutor_app.verify.calls import build_call
from tutor_app.verify.nodes import Chain, Logic, Member, Rel, Seq
from tutor_app.verify.tokens import ParseError, Token, normalize, tokenize
from tutor_app.verify.vocabulary import (
    CALLS,
    CONSTANTS,
    DECORATIONS,
    FUNCTIONS,
    GREEK,
    INF,
    LOGIC_WORDS,
    MATRIX_ENVS,
    NON_FACTOR_CMDS,
    PERCENT,
    PM,
    TRUTH,
    WORD_CONSTANTS,
)

__all__ = ["PERCENT", "PM", "Chain", "Logic", "Member", "Rel", "Seq", "parse_math"]

MAX_DIGITS = 2000
RELATION_OPS = {"=": "=", "==": "=", "<": "<", ">": ">", "<=": "<=", "=<": "<=", ">=": ">="}
RELATION_OPS["!="] = "!="


def parse_math(text: str) -> Any:
    """Read one answer or line of maths; raise ParseError when it is not readable maths."""
    tokens = tokenize(normalize(text))
    if not tokens:
        raise ParseError("empty")
    parser = _Parser(tokens)
    try:
        result = parser.top()
    except RecursionError as exc:
        raise ParseError("nested too deeply to check") from exc
    if parser.peek() is not None:
        raise ParseError(f"unexpected {parser.peek().text!r}")  # type: ignore[union-attr]
    return result


def checked_pow(base: Any, exp: Any) -> Any:
    """Raise to a power, refusing numbers too large to compute (such as 9**9**9**9)."""
    if base.is_number and exp.is_number and exp.is_real and base != 0:
        magnitude = abs(sp.N(exp, 15)) if exp.is_finite else 0
        size = abs(sp.N(base, 15)) if base.is_finite else 10
        if size != 1 and magnitude * abs(math.log10(float(size) or 10.0)) > MAX_DIGITS:
            raise ParseError("number too large to check")
    return sp.Pow(base, exp)


class _Parser:
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
    def top(self) -> Any:
        items = [self.statement()]
        while self.at(",", ";"):
            self.take()
            if self.peek() is None:
                break
            if self.at("and", "or"):
                self.take()
            items.append(self.statement())
        return items[0] if len(items) == 1 else Seq(tuple(items), "")

    def statement(self) -> Any:
        left = self.disjunction()
        while self.at("implies", "iff", "=>"):
            op = self.take().text
            right = self.disjunction()
            left = Logic("iff" if op == "iff" else "implies", (left, right))
        return left

    def disjunction(self) -> Any:
        items = [self.conjunction()]
        kind = "or"
        while self.at("or", "cup", "xor", "xnor", "nor") or (
            self.at("U") and self.peek(1) is not None
        ):
            op = self.take().text
            right = self.conjunction()
            if op in ("cup", "U"):
                items = [sp.Union(_as_set(items.pop()), _as_set(right))]
            elif op in ("xor", "xnor", "nor"):
                items = [Logic(op, (_single(items, kind), right))]
                kind = "or"
            else:
                items.append(right)
        return items[0] if len(items) == 1 else Logic(kind, tuple(items))

    def conjunction(self) -> Any:
        items = [self.negation()]
        while self.at("and", "cap", "nand", "setminus"):
            op = self.take().text
            right = self.negation()
            if op == "cap":
                items = [sp.Intersection(_as_set(items.pop()), _as_set(right))]
            elif op == "setminus":
                items = [sp.Complement(_as_set(items.pop()), _as_set(right))]
            elif op == "nand":
                items = [Logic("nand", (_single(items, "and"), right))]
            else:
                items.append(right)
        return items[0] if len(items) == 1 else Logic("and", tuple(items))

    def negation(self) -> Any:
        if self.at("not"):
            self.take()
            return Logic("not", (self.negation(),))
        return self.relation()

    def relation(self) -> Any:
        parts = [self.ratio()]
        ops: list[str] = []
        while True:
            tok = self.peek()
            if tok is None:
                break
            if tok.kind == "OP" and tok.text in RELATION_OPS:
                self.take()
                ops.append(RELATION_OPS[tok.text])
                parts.append(self.ratio())
            elif tok.kind == "CMD" and tok.text == "in":
                self.take()
                return Member(parts[-1], self.set_expression())
            elif tok.kind == "CMD" and tok.text == "approx":
                self.take()
                ops.append("~")
                parts.append(self.sum())
            else:
                break
        if not ops:
            return parts[0]
        if len(ops) == 1:
            return Rel(ops[0], parts[0], parts[1])
        return Chain(tuple(parts), tuple(ops))

    def ratio(self) -> Any:
        parts = [self.sum()]
        while self.at(":") and self.peek(1) is not None:
            self.take()
            parts.append(self.sum())
        return parts[0] if len(parts) == 1 else Seq(tuple(parts), ":")

    def set_expression(self) -> Any:
        result = _as_set(self.sum())
        while self.at("cup", "cap", "setminus", "U"):
            op = self.take().text
            right = _as_set(self.sum())
            if op == "cap":
                result = sp.Intersection(result, right)
            elif op == "setminus":
                result = sp.Complement(result, right)
            else:
                result = sp.Union(result, right)
        return result

    # -- arithmetic -------------------------------------------------------
    def sum(self) -> Any:
        left = self.term()
        while True:
            if self.at("+"):
                self.take()
                left = _arith(left, self.term(), lambda a, b: a + b)
            elif self.at("-"):
                self.take()
                left = _arith(left, self.term(), lambda a, b: a - b)
            elif self.at("pm", "+-"):
                self.take()
                left = _arith(left, self.term(), lambda a, b: a + PM * b)
            elif self.at("mp"):
                self.take()
                left = _arith(left, self.term(), lambda a, b: a - PM * b)
            else:
                return left

    def term(self) -> Any:
        left = self.unary()
        while True:
            if self.at("*"):
                self.take()
                left = _arith(left, self.unary(), lambda a, b: a * b)
            elif self.at("/"):
                self.take()
                left = _arith(left, self.unary(), lambda a, b: a / b)
            elif self.starts_factor():
                left = _arith(left, self.power(), lambda a, b: a * b)
            else:
                return left

    def unary(self) -> Any:
        if self.at("-"):
            self.take()
            return _arith(sp.Integer(-1), self.unary(), lambda a, b: a * b)
        if self.at("+"):
            self.take()
            return self.unary()
        if self.at("pm", "+-"):
            self.take()
            return _arith(PM, self.unary(), lambda a, b: a * b)
        return self.power()

    def starts_factor(self, in_function: bool = False) -> bool:
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind in ("NUM", "BEGIN"):
            return True
        if tok.kind == "WORD":
            low = tok.text.lower()
            if low in LOGIC_WORDS or tok.text == "U":
                return False
            return not (in_function and low in FUNCTIONS)
        if tok.kind == "CMD":
            if tok.text in NON_FACTOR_CMDS:
                return False
            return not (in_function and tok.text in FUNCTIONS)
        if tok.text in ("(", "{", "set{", "["):
            return tok.text != "[" or not in_function
        return tok.text == "|" and self.abs_depth == 0

    def power(self) -> Any:
        base = self.postfix()
        if self.at("^", "**"):
            self.take()
            if self.at("circ"):
                self.take()
                return _arith(base, sp.pi / 180, lambda a, b: a * b)
            if self.at("{") and self.peek(1) is not None and self.peek(1).text == "circ":  # type: ignore[union-attr]
                self.pos += 2
                self.expect("}")
                return _arith(base, sp.pi / 180, lambda a, b: a * b)
            exponent = self.unary()
            if not isinstance(base, sp.Basic) or not isinstance(exponent, sp.Basic):
                raise ParseError("a power needs numbers or expressions")
            if base == sp.E:
                return sp.exp(exponent)
            return checked_pow(base, exponent)
        return base

    def postfix(self) -> Any:
        value = self.primary()
        while True:
            if self.at("!"):
                self.take()
                if not isinstance(value, sp.Expr):
                    raise ParseError("factorial of a non-number")
                if value.is_number and (not value.is_integer or value > 1000):
                    raise ParseError("factorial too large or not of a whole number")
                value = sp.factorial(value)
            elif self.at("%"):
                self.take()
                value = _arith(value, PERCENT, lambda a, b: a * b)
            else:
                return value

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
            return sp.Abs(_expr(inner))
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
            lo, hi = (_expr(i).subs(INF, sp.oo) for i in items)
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
        return build_call(name, args, _expr, Seq)

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
            num = _expr(self.group())
            den = _expr(self.group())
            return num / den
        if name == "sqrt":
            if self.at("["):
                self.take()
                index = _expr(self.sum())
                self.expect("]")
                return sp.root(_expr(self.group()), index)
            return sp.sqrt(_expr(self.group()))
        if name == "binom":
            n, k = _expr(self.group()), _expr(self.group())
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
            base = _expr(self.group())
        if self.at("^"):
            self.take()
            power = _expr(self.group())
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
                arg = _arith(arg, self.power(), lambda a, b: a * b)
        value = sp.log(_expr(arg), base) if base is not None else _call(name, arg)
        if power is not None:
            if power == -1 and name in ("sin", "cos", "tan"):
                return FUNCTIONS["a" + name](_expr(arg))
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
                rows[-1].append(_expr(self.sum()))
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


def _expr(value: Any) -> Any:
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, Seq) and len(value.items) == 1:
        return _expr(value.items[0])
    raise ParseError("expected an expression")


def _arith(a: Any, b: Any, op: Any) -> Any:
    if isinstance(a, sp.MatrixBase) or isinstance(b, sp.MatrixBase):
        return op(a, b)
    return op(_expr(a), _expr(b))


def _single(items: list[Any], kind: str) -> Any:
    return items[0] if len(items) == 1 else Logic(kind, tuple(items))


def _call(name: str, arg: Any) -> Any:
    if isinstance(arg, Seq) and name in ("log", "lg") and len(arg.items) == 2:
        return sp.log(_expr(arg.items[0]), _expr(arg.items[1]))
    return FUNCTIONS[name](_expr(arg))


def _as_set(value: Any) -> Any:
    if isinstance(value, sp.Set):
        return value
    if isinstance(value, Seq) and value.brackets in ("()", "[]") and len(value.items) == 2:
        lo, hi = (_expr(i).subs(INF, sp.oo) for i in value.items)
        return sp.Interval(
            lo, hi, left_open=value.brackets == "()", right_open=value.brackets == "()"
        )
    raise ParseError("expected a set or an interval")
