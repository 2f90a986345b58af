"""LaTeX calculus notation: derivatives, integrals and limits are read and worked out."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor_app.verify import check_step
from tutor_app.verify.parse.parsing import Rel, parse_math
from tutor_app.verify.parse.tokens import ParseError

x, y, a, h, theta = sp.symbols("x y a h theta")


def _same(text: str, expected: sp.Expr) -> None:
    value = parse_math(text)
    assert isinstance(value, sp.Expr), value
    if expected.is_infinite:
        assert value == expected, (text, value)
    else:
        assert sp.simplify(value - expected) == 0, (text, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\frac{d}{dx} x^{3}", 3 * x**2),
        (r"\frac{d}{dx}\left(x^3 + 2x\right)", 3 * x**2 + 2),
        (r"\frac{d}{d x} \sin{\left(x \right)}", sp.cos(x)),
        (r"\frac{d}{dx}(3x^2)", 6 * x),
        (r"\frac{\mathrm{d}}{\mathrm{d}x} x^3", 3 * x**2),
        (r"\dfrac{d}{dx} \cos x", -sp.sin(x)),
        (r"\frac{d}{dx} x^3 + \frac{d}{dx} 2x", 3 * x**2 + 2),
        (r"2\frac{d}{dx} x^2", 4 * x),
        (r"\frac{d}{dx} x \sin x", sp.sin(x) + x * sp.cos(x)),
        (r"\frac{d}{dx}\left[x^2\right]", 2 * x),
        (r"\frac{d}{dx} a x^2", 2 * a * x),
        (r"\frac{d}{d\theta} \sin\theta", sp.cos(theta)),
        (r"\frac{d^2}{dx^2} x^3", 6 * x),
        (r"\frac{d^{2}}{d x^{2}} \sin x", -sp.sin(x)),
        (r"\frac{\partial}{\partial x} x^2 y", 2 * x * y),
        (r"\frac{\partial^2}{\partial x^2} x^3 y", 6 * x * y),
    ],
)
def test_derivative_operator(text: str, expected: sp.Expr) -> None:
    _same(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\int x^2 \, dx", x**3 / 3),
        (r"\int (x^2 + 2x)\,dx", x**3 / 3 + x**2),
        (r"\int x^2 + 2x \, dx", x**3 / 3 + x**2),
        (r"\int 2x dx", x**2),
        (r"\int 2x d x", x**2),
        (r"\int 2x \, \mathrm{d}x", x**2),
        (r"\int_0^3 x^2\,dx", sp.Integer(9)),
        (r"\int_{0}^{3} x^{2} dx", sp.Integer(9)),
        (r"\int^3_0 x^2\,dx", sp.Integer(9)),
        (r"\int_{-1}^{2} x \, dx", sp.Rational(3, 2)),
        (r"\int_0^{\pi} \sin x \, dx", sp.Integer(2)),
        (r"\int_0^{x} t \, dt", x**2 / 2),
        (r"\int \sin{\left(x \right)}\, dx", -sp.cos(x)),
        (r"\int \frac{1}{x} dx", sp.log(x)),
        (r"\int dx", x),
        (r"\int \cos\theta \, d\theta", sp.sin(theta)),
        (r"\int_0^1 x\,dx + \int_0^1 x^2\,dx", sp.Rational(5, 6)),
        (r"\int_0^1 \int_0^2 x y \, dx \, dy", sp.Integer(1)),
    ],
)
def test_integral(text: str, expected: sp.Expr) -> None:
    _same(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\lim_{x \to 0} \frac{\sin x}{x}", sp.Integer(1)),
        (r"\lim_{x\to 2} (x^2 + 1)", sp.Integer(5)),
        (r"\lim_{x \rightarrow \infty} \frac{1}{x}", sp.Integer(0)),
        (r"\lim_{x \to -\infty} e^{x}", sp.Integer(0)),
        (r"\lim_{x \to \infty} x \sin(1/x)", sp.Integer(1)),
        (r"\lim_{x \to 0^+} \frac{1}{x}", sp.oo),
        (r"\lim_{x \to 0^{-}} \frac{1}{x}", -sp.oo),
        (r"\lim_{x \to 0+} \ln x", -sp.oo),
        (r"\lim_{h \to 0} \frac{(x+h)^2 - x^2}{h}", 2 * x),
        (r"\lim_{x \to a} x^2", a**2),
        (r"\lim_{x -> 1} (x + 1)", sp.Integer(2)),
        (r"\lim\limits_{x \to 3} \frac{x^2 - 9}{x - 3}", sp.Integer(6)),
    ],
)
def test_limit(text: str, expected: sp.Expr) -> None:
    _same(text, expected)


@pytest.mark.parametrize(
    "printed",
    [
        sp.Derivative(x**3 + 2 * x, x, evaluate=False),
        sp.Derivative(x**3, x, evaluate=False),
        sp.Derivative(sp.sin(x), x, evaluate=False),
        sp.Derivative(x * sp.sin(x), x, evaluate=False),
        sp.Derivative((x + 1) * sp.exp(x), x, evaluate=False),
        sp.Derivative(-(x**2), x, evaluate=False),
        sp.Derivative(x**4, (x, 2), evaluate=False),
        sp.Derivative(x**2 * y, x, evaluate=False),
        sp.Integral(x**2, x),
        sp.Integral(x**2 + 2 * x, x),
        sp.Integral(x * sp.sin(x), x),
        sp.Integral(-x, x),
        sp.Integral(x**2, (x, 0, 3)),
        sp.Integral(sp.cos(x), (x, 0, sp.pi / 2)),
        sp.Limit(sp.sin(x) / x, x, 0),
        sp.Limit(sp.sin(x) / x, x, 0, "+-"),
        sp.Limit(1 / x, x, 0, "-"),
        sp.Limit(x**2 + 1, x, 2, "+-"),
        sp.Limit(1 / x, x, sp.oo),
        sp.Limit(x * sp.sin(1 / x), x, sp.oo),
    ],
)
def test_sympy_latex_round_trips(printed: sp.Basic) -> None:
    _same(sp.latex(printed), printed.doit())


def test_equation_line_is_read_on_both_sides() -> None:
    value = parse_math(r"\int_0^1 x \, dx = \frac{1}{2}")
    assert isinstance(value, Rel) and value.lhs == value.rhs == sp.Rational(1, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\frac{d}{2}", sp.Symbol("d") / 2),
        (r"\frac{1}{dx}", 1 / (sp.Symbol("d") * x)),
        (r"\frac{dy}{dx}", y / x),
        (r"\frac{d}{d}", sp.Integer(1)),
        (r"\int(x^2, x)", x**3 / 3),
    ],
)
def test_other_fractions_and_calls_unchanged(text: str, expected: sp.Expr) -> None:
    assert parse_math(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        r"\frac{d}{dx}",  # nothing to differentiate
        r"\frac{d^2}{dx} x^3",  # orders differ
        r"\frac{d}{dx} y^2",  # implicit differentiation: y may depend on x
        r"\frac{d}{dt}\left(x^2 + y^2\right)",  # related rates
        r"\frac{d}{dx} f(x)",  # function notation would read as a product
        r"\lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
        r"\int x^2",  # no differential
        r"\int_0 x \, dx",  # one bound
        r"\int x^x \, dx",  # SymPy leaves the integral unevaluated
        r"\lim_{x \to 0} \frac{1}{x}",  # the two sides differ
        r"\lim_{x \to 0} \frac{|x|}{x}",
        r"\lim_{x \to 0} \sin(1/x)",
        r"\lim_{x} x",  # no point
    ],
)
def test_unreadable_or_undefined(text: str) -> None:
    with pytest.raises(ParseError):
        parse_math(text)


def test_improper_integral_is_kept_unevaluated() -> None:
    value = parse_math(r"\int_0^{\infty} e^{-x} \, dx")
    assert value == sp.Integral(sp.exp(-x), (x, 0, sp.oo))


@pytest.mark.parametrize(
    ("before", "after", "status"),
    [
        (r"\frac{d}{dx} x^3", "3x^2", "valid"),
        (r"\frac{d}{dx} x^3", "3x", "invalid"),
        (r"\frac{d}{dx}\left(x^3 + 2x\right)", "3x^2 + 2", "valid"),
        (r"\frac{d}{dx}\left(x^3 + 2x\right)", "3x^2 + 2x", "invalid"),
        (r"\int 2x\,dx", "x^2", "valid"),
        (r"\int 2x\,dx", "2x^2", "invalid"),
        (r"\int_0^3 x^2\,dx", "9", "valid"),
        (r"\int_0^3 x^2\,dx", "27", "invalid"),
        (r"\lim_{x \to 2} (x^2 + 1)", "5", "valid"),
        (r"\lim_{x \to 2} (x^2 + 1)", "4", "invalid"),
        (r"\lim_{x \to 0} \frac{\sin x}{x}", "1", "valid"),
        (r"\lim_{x \to 0} \frac{\sin x}{x}", "0", "invalid"),
        # a line `= ...` continues the right-hand side of the line before
        (r"\frac{d}{dx}(x^3)", "= 3x^2", "valid"),
        (r"\frac{d}{dx}(x^3)", "= 3x", "invalid"),
        (r"\int_0^2 (x^3 + x) \, dx = 6", "= 6", "valid"),
        (r"\int_0^2 (x^3 + x) \, dx", "= 8", "invalid"),
        (r"y = \frac{d}{dx}\left(x^3\right)", "y = 3x^2", "valid"),
        (r"y = \frac{d}{dx}\left(x^3\right)", "y = 3x", "invalid"),
        (r"\frac{d}{dx}\left(x^2 + y^2\right) = 0", r"2x + 2y\frac{dy}{dx} = 0", "unknown"),
        (r"\lim_{x \to 0} \frac{1}{x}", r"\infty", "unknown"),
    ],
)
def test_checker_judges_calculus_steps(before: str, after: str, status: str) -> None:
    assert check_step(before, after).status == status
