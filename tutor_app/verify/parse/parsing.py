"""A recursive-descent reader that builds SymPy objects from whitelisted tokens, never via eval."""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.parse.atoms import (
    AtomReader,
    arith,
    as_set,
    checked_pow,
    single,
)
from tutor_app.verify.parse.nodes import Chain, Logic, Member, Rel, Seq
from tutor_app.verify.parse.tokens import ParseError, normalize, tokenize
from tutor_app.verify.parse.values import grouped
from tutor_app.verify.parse.vocabulary import FUNCTIONS, LOGIC_WORDS, NON_FACTOR_CMDS, PERCENT, PM

__all__ = ["PERCENT", "PM", "Chain", "Logic", "Member", "Rel", "Seq", "checked_pow", "parse_math"]

RELATION_OPS = {"=": "=", "==": "=", "<": "<", ">": ">", "<=": "<=", "=<": "<=", ">=": ">="}
RELATION_OPS["!="] = "!="
RELATION_OPS[":="] = "="  # `x := 5` assigns: read as x = 5


def parse_math(text: str) -> Any:
    """Read one answer or line of maths; raise ParseError when it is not readable maths."""
    tokens = tokenize(normalize(text))
    if not tokens:
        raise ParseError("empty")
    try:
        return _read(tokens, nested_bars=False)
    except ParseError:
        if sum(t.text == "|" for t in tokens) < 4:
            raise
    # `a|x+b|y||` reads only one way: a bar inside |...| that is followed by a value opens a
    # second absolute value. Tried only when the usual reading (a bar closes) fails.
    return _read(tokens, nested_bars=True)


def _read(tokens: list[Any], nested_bars: bool) -> Any:
    parser = _Parser(list(tokens))
    parser.nested_bars = nested_bars
    try:
        result = parser.top()
    except RecursionError as exc:
        raise ParseError("nested too deeply to check") from exc
    if parser.peek() is not None:
        raise ParseError(f"unexpected {parser.peek().text!r}")  # type: ignore[union-attr]
    return result


class _Parser(AtomReader):
    """The statement and arithmetic grammar over the atoms."""

    nested_bars = False

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
                items = [sp.Union(as_set(items.pop()), as_set(right))]
            elif op in ("xor", "xnor", "nor"):
                items = [Logic(op, (single(items, kind), right))]
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
                items = [sp.Intersection(as_set(items.pop()), as_set(right))]
            elif op == "setminus":
                items = [sp.Complement(as_set(items.pop()), as_set(right))]
            elif op == "nand":
                items = [Logic("nand", (single(items, "and"), right))]
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
        result = as_set(self.sum())
        while self.at("cup", "cap", "setminus", "U"):
            op = self.take().text
            right = as_set(self.sum())
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
                left = arith(left, self.term(), lambda a, b: a + b)
            elif self.at("-"):
                self.take()
                left = arith(left, self.term(), lambda a, b: a - b)
            elif self.at("pm", "+-"):
                self.take()
                left = arith(left, self.term(), lambda a, b: a + PM * b)
            elif self.at("mp"):
                self.take()
                left = arith(left, self.term(), lambda a, b: a - PM * b)
            else:
                return left

    def term(self) -> Any:
        left = self.unary()
        while True:
            if self.at("*"):
                self.take()
                left = arith(left, self.unary(), lambda a, b: a * b)
            elif self.at("/"):
                self.take()
                left = arith(left, self.unary(), lambda a, b: a / b)
            elif self.starts_factor():
                left = arith(left, self.power(), lambda a, b: a * b)
            else:
                return left

    def unary(self) -> Any:
        if self.at("-"):
            self.take()
            return arith(sp.Integer(-1), self.unary(), lambda a, b: a * b)
        if self.at("+"):
            self.take()
            return self.unary()
        if self.at("pm", "+-"):
            self.take()
            return arith(PM, self.unary(), lambda a, b: a * b)
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
        if tok.text != "|":
            return False
        return self.abs_depth == 0 or (self.nested_bars and self._bar_opens())

    def _bar_opens(self) -> bool:
        """Whether the bar ahead is followed by a value, so opens rather than closes."""
        nxt = self.peek(1)
        if nxt is None:
            return False
        if nxt.kind in ("NUM", "WORD"):
            return nxt.text.lower() not in LOGIC_WORDS
        if nxt.kind == "CMD":
            return nxt.text not in NON_FACTOR_CMDS
        return nxt.text in ("(", "[", "{", "set{")

    def power(self) -> Any:
        base = self.postfix()
        if self.at("^", "**"):
            self.take()
            if self.at("circ"):
                self.take()
                return arith(base, sp.pi / 180, lambda a, b: a * b)
            if self.at("{") and self.peek(1) is not None and self.peek(1).text == "circ":  # type: ignore[union-attr]
                self.pos += 2
                self.expect("}")
                return arith(base, sp.pi / 180, lambda a, b: a * b)
            self.exponent_depth += 1  # `x^2\\frac12` is x^2 times a half, not x^(5/2)
            try:
                exponent = self.unary()
            finally:
                self.exponent_depth -= 1
            base, exponent = grouped(base), grouped(exponent)
            if not isinstance(base, sp.Basic) or not isinstance(exponent, sp.Basic):
                raise ParseError("a power needs numbers or expressions")
            if isinstance(base, sp.Set) or isinstance(exponent, sp.Set):
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
                double = self.at("!")  # `n!!` is the double factorial n(n-2)(n-4)..., not (n!)!
                if double:
                    self.take()
                if not isinstance(value, sp.Expr):
                    raise ParseError("factorial of a non-number")
                if value.is_number and (not value.is_integer or value > 1000):
                    raise ParseError("factorial too large or not of a whole number")
                value = sp.factorial2(value) if double else sp.factorial(value)
            elif self.at("%"):
                self.take()
                value = arith(value, PERCENT, lambda a, b: a * b)
            else:
                return value
