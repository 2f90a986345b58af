"""LaTeX commands and functions: \\frac, \\sqrt, \\sum, sin x, matrices."""

from __future__ import annotations

from typing import Any

import sympy as sp

from tutor_app.verify.parse.calculus_notation import CalculusReader
from tutor_app.verify.parse.nodes import Rel, Seq
from tutor_app.verify.parse.numbers import checked_pow, real_odd_root
from tutor_app.verify.parse.series import build_series
from tutor_app.verify.parse.tokens import ParseError
from tutor_app.verify.parse.values import arith, as_expr, call_function
from tutor_app.verify.parse.vocabulary import (
    CALLS,
    CONSTANTS,
    DECORATIONS,
    FUNCTIONS,
    GREEK,
    MATRIX_ENVS,
)

# Functions written as a pair of brackets: opening command -> (closing command, function).
BRACKET_FUNCTIONS = {"lfloor": ("rfloor", sp.floor), "lceil": ("rceil", sp.ceiling)}


class CommandReader(CalculusReader):
    """Reads commands, function applications and matrix environments."""

    # -- defined by the atom reader ------------------------------------
    def group(self) -> Any:
        """A LaTeX argument."""
        raise NotImplementedError

    def primary(self) -> Any:
        """One atom."""
        raise NotImplementedError

    def call(self, name: str) -> Any:
        """A plain call such as root(x, 3)."""
        raise NotImplementedError

    def subscripted(self, name: str) -> Any:
        """A name with an optional subscript."""
        raise NotImplementedError

    def series(self, name: str) -> Any:
        """`\\sum_{k=1}^{n} k^2`, `\\prod_{i=1}^{n} i`: a sum or product over whole numbers."""
        if not self.at("_"):
            raise ParseError(f"\\{name} without bounds")
        self.take()
        lower = self.group()
        index = lower.lhs if isinstance(lower, Rel) else None
        if index in (sp.I, sp.E):  # `i` and `e` name the index here, not i or e
            index = sp.Symbol(str(index).lower()[0])
        if not (isinstance(lower, Rel) and lower.op == "=" and isinstance(index, sp.Symbol)):
            raise ParseError(f"\\{name} needs a lower bound such as k=1")
        self.expect("^")
        upper = as_expr(self.group())
        body = as_expr(self.term())
        if index.name in ("i", "e"):
            body = body.xreplace({sp.I if index.name == "i" else sp.E: index})
        return build_series(name, body, index, as_expr(lower.rhs), upper)

    def command(self, name: str) -> Any:
        """A LaTeX command: \\frac, \\sqrt, \\binom, \\sum, a function, constant or Greek letter."""
        if name == "frac":
            derivative = self.derivative_operator()
            if derivative is not None:
                return derivative
            num = as_expr(self.group())
            den = as_expr(self.group())
            return num / den
        if name == "sqrt":
            if self.at("["):
                self.take()
                index = as_expr(self.sum())
                self.expect("]")
                radicand = as_expr(self.group())
                if index.is_Integer and index > 1:  # `\sqrt[3]{-5}`: the real cube root
                    real = real_odd_root(radicand, sp.Rational(1, index))
                    if real is not None:
                        return real
                return sp.root(radicand, index)
            return sp.sqrt(as_expr(self.group()))
        if name in ("sum", "prod"):
            return self.series(name)
        if name in BRACKET_FUNCTIONS:
            return self.bracket_function(name)
        if name == "binom":
            n, k = as_expr(self.group()), as_expr(self.group())
            return sp.binomial(n, k)
        if name in FUNCTIONS:
            return self.function(name)
        if name == "lim":
            return self.limit()
        if name == "int":
            integral = self.integral()
            if integral is not None:
                return integral
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

    def bracket_function(self, name: str) -> Any:
        """`\\lfloor x \\rfloor`, `\\lceil x \\rceil`: floor and ceiling written as brackets."""
        closing, func = BRACKET_FUNCTIONS[name]
        inner = as_expr(self.sum())
        self.expect(closing)
        return func(inner)

    def function(self, name: str) -> Any:
        """A named function with its argument: sin x, sin^2(x), log_2 8, ln(x)."""
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
        value = sp.log(as_expr(arg), base) if base is not None else call_function(name, arg)
        if power is not None:
            if power == -1 and "a" + name in FUNCTIONS:
                # `\\sinh^{-1} x`, `\\sec^{-1} x`: the inverse function, not a reciprocal
                return FUNCTIONS["a" + name](as_expr(arg))
            value = checked_pow(value, power)
        return value

    def matrix(self, env: str) -> Any:
        """A matrix environment; a vmatrix stands for its determinant."""
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
