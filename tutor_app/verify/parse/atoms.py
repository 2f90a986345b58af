"""The atoms of the maths reader: numbers, names, brackets, sets and calls.

LaTeX commands live in `latex`, numerals in `numbers`, and what items stand for in `values`;
the names below are re-exported for the statement grammar in `parsing`.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.parse.calls import build_call
from tutor_app.verify.parse.commands import MIN_NAME, opaque_call
from tutor_app.verify.parse.latex import CommandReader
from tutor_app.verify.parse.nodes import Seq
from tutor_app.verify.parse.numbers import checked_pow, from_base, letter, number
from tutor_app.verify.parse.tokens import ParseError, Token
from tutor_app.verify.parse.values import arith, as_expr, as_set, single
from tutor_app.verify.parse.vocabulary import (
    CALLS,
    CONSTANTS,
    FUNCTIONS,
    GREEK,
    INFINITIES,
    TRUTH,
    WORD_CONSTANTS,
)

# At most this many letters run into a function name are read as factors (`ABsin(x)`).
_MAX_FACTOR_LETTERS = 2
# A name of several arguments at least this long is never read as a product of letters.
_MIN_CALL_NAME = 5

__all__ = ["AtomReader", "arith", "as_expr", "as_set", "checked_pow", "single"]


class AtomReader(CommandReader):
    """Reads atoms; the statement grammar builds on it (see parsing)."""

    exponent_depth = 0  # inside an exponent, where `2\\frac12` is not a mixed number

    def primary(self) -> Any:
        """One atom: a number, name, command, bracket, set, matrix or |absolute value|."""
        tok = self.take()
        if tok.kind == "NUM":
            if self.at("_") and "." not in tok.text:
                return self.in_base(tok.text)
            if "." in tok.text and self.at("overline"):
                return self.repeating_decimal(tok.text)
            whole = number(tok.text)
            if self.at("frac") and tok.text.isdigit() and not self.exponent_depth:
                return self.mixed_number(whole)
            return whole
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

    def repeating_decimal(self, written: str) -> Any:
        """`0.\\overline{7}` is 7/9 and `0.1\\overline{6}` is 1/6: the barred digits repeat."""
        self.take()
        braced = self.at("{")
        if braced:
            self.take()
        tok = self.take()
        if braced:
            self.expect("}")
        if tok.kind != "NUM" or not tok.text.isdigit():
            raise ParseError("only digits repeat under a bar")
        whole, _, fixed = written.partition(".")
        repeat = tok.text
        shifted = int(fixed + repeat) - int(fixed or "0")
        scale = 10 ** len(fixed) * (10 ** len(repeat) - 1)
        return sp.Integer(int(whole or "0")) + sp.Rational(shifted, scale)

    def mixed_number(self, whole: sp.Integer) -> Any:
        """`4\\frac{5}{8}`, `1\\frac12`: a whole number before a proper fraction of whole numbers
        is a mixed number, as school books write it, not a product."""
        start = self.pos
        self.take()
        parts = []
        for _ in range(2):
            braced = self.at("{")
            if braced:
                self.take()
            tok = self.peek()
            if tok is None or tok.kind != "NUM" or not tok.text.isdigit():
                break
            parts.append(self.group() if not braced else number(self.take().text))
            if braced and not self.at("}"):
                break
            if braced:
                self.take()
        if len(parts) == 2 and 0 < parts[0] < parts[1]:
            return whole + sp.Rational(parts[0], parts[1])
        self.pos = start
        return whole

    def in_base(self, digits: str) -> Any:
        """`1011_2` or `1011_{2}`: a whole number written in base 2 to 36."""
        self.take()
        braced = self.at("{")
        if braced:
            self.take()
        tok = self.take()
        if braced:
            self.expect("}")
        if tok.kind != "NUM":
            raise ParseError("a number base must be a whole number from 2 to 36")
        return from_base(digits, tok.text)

    def bracketed(self, opener: str) -> Any:
        """What follows `(` or `[`: a grouped value, a list, a tuple or an interval."""
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
        """A set written with \\{ ... \\}."""
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
            return number(tok.text[0])
        return self.primary()

    def word(self, text: str) -> Any:
        """A plain word: a truth value, function, constant, letter, call or product of letters."""
        low = text.lower()
        if low in TRUTH and len(text) > 1:
            return TRUTH[low]
        if low in CALLS and self.at("("):
            return self.call(low)
        if low in CALLS and len(low) >= _MIN_CALL_NAME and low not in FUNCTIONS:
            # `factorial2(3)`: a long function name is not a product of its letters
            raise ParseError(f"{text} without its arguments in brackets")
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
        if "_" in text and not self.at("("):
            return sp.Symbol(text)  # a named setting or quantity: algebraic_equivalence
        if self.at("("):
            split = _function_suffix(text)
            if split:
                # `Bsin(x)`, `xMax(a, b)`: a factor run into a function name at a change of case
                self.tokens.insert(self.pos, Token("WORD", text[len(split) :]))
                return sp.Mul(*(letter(c) for c in split))
            call = self.unknown_call(text)
            if call is not None:
                return call
        # An unknown word is read as a product of one-letter variables (xy = x*y).
        letters = [letter(c) for c in text[:-1]] + [self.subscripted(text[-1])]
        return sp.Mul(*letters)

    def call(self, name: str) -> Any:
        """A known function of several arguments, such as root(x, 3)."""
        self.expect("(")
        inner = self.top()
        self.expect(")")
        args = list(inner.items) if isinstance(inner, Seq) and not inner.brackets else [inner]
        return build_call(name, args, as_expr, Seq)

    def unknown_call(self, name: str) -> Any:
        """`ratsimp(x)`, `ev(e, simp)`: a call of a function the checker does not know.

        A short name before one argument stays a product, as `ab(c+d)` is in algebra.
        """
        start = self.pos
        self.expect("(")
        if self.at(")"):
            self.take()
            return opaque_call(name, [])
        try:
            inner = self.top()
            self.expect(")")
        except ParseError:
            if len(name) >= MIN_NAME:
                raise
            self.pos = start
            return None
        args = list(inner.items) if isinstance(inner, Seq) and not inner.brackets else [inner]
        if len(name) < MIN_NAME and len(args) < 2 and "_" not in name:
            self.pos = start
            return None
        return opaque_call(name, args)

    def subscripted(self, name: str) -> Any:
        """A letter with what follows it: x', x[1], x_1, or a sequence term F_{n-1}."""
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
                start = self.pos
                parts = []
                while not self.at("}"):
                    parts.append(self.take().text)
                self.take()
                sub = "".join(parts)
                if not sub.replace(",", "").isalnum():
                    # `F_{n-k-1}`: a term of the sequence F, read as F applied to n - k - 1.
                    self.pos = start
                    index = as_expr(self.sum())
                    self.expect("}")
                    return opaque_call(name, [index])
            else:
                sub = tok.text
            if not sub.replace(",", "").isalnum():
                raise ParseError("unsupported subscript")
            return sp.Symbol(f"{name}_{sub}")
        return letter(name)


def _function_suffix(word: str) -> str:
    """The letters before a known function name that ends `word`, where the case changes.

    `Bsin` is B times sin and `xAbs` is x times Abs; `xsin` may be a name of its own, so a
    lower-case run is left alone, and so is a longer prefix (`RisingFactorial`). The longest
    name wins: `Basin` is B times asin.
    """
    for start in range(1, min(len(word) - 2, _MAX_FACTOR_LETTERS + 1)):
        prefix, name = word[:start], word[start:]
        if name.lower() not in FUNCTIONS and name.lower() not in CALLS:
            continue
        lower_name = name.islower() and prefix[-1].isupper()
        capital_name = name[0].isupper() and name[1:].islower()
        return prefix if prefix.isalpha() and (lower_name or capital_name) else ""
    return ""
