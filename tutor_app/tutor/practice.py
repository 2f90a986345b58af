"""Practice problems from templates, one family per skill, with their answers known in advance.

Each template makes a problem from a seeded random generator with exact whole-number or
fraction arithmetic (no SymPy: a thousand problems take a fraction of a second), and says the
answers students typically give by mistake. The answer is graded by the checker
(`compare_answers`), so "2", "x = 2" and "x=2" are all right for "Solve 3x + 1 = 7".
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from tutor_app import verify
from tutor_app.tutor.skills import SKILLS
from tutor_app.verify import Verdict


@dataclass(frozen=True)
class Problem:
    """A practice problem: the question, its answer, and answers that show a known mistake."""

    skill: str
    question: str
    answer: str  # LaTeX, in the form the question asks
    value: str | None = None  # the bare value when the answer names one unknown (`2` for x = 2)
    wrong: tuple[str, ...] = ()  # typical wrong answers, each a different mistake
    template: str = ""
    steps: tuple[str, ...] = ()  # worked lines, for problems the question reader cannot read

    def __post_init__(self) -> None:
        # A mistake can land on the right answer by chance (log_2 4: 4/2 is 2): not a mistake.
        right = {self.answer.replace(" ", ""), (self.value or "").replace(" ", "")}
        kept = tuple(w for w in self.wrong if w.replace(" ", "") not in right)
        object.__setattr__(self, "wrong", kept)


Template = Callable[[random.Random], Problem]
TEMPLATES: dict[str, list[Template]] = {skill.key: [] for skill in SKILLS}


def template(skill: str) -> Callable[[Template], Template]:
    """Register a template for a skill."""

    def register(make: Template) -> Template:
        TEMPLATES[skill].append(make)
        return make

    return register


def generate(skill: str, seed: int) -> Problem:
    """One problem for a skill, the same for the same seed."""
    rng = random.Random(f"{skill}:{seed}")
    return rng.choice(TEMPLATES[skill])(rng)


_RELATION = ("=", "<", ">", "\\le", "\\ge", "≤", "≥")


def grade(problem: Problem, typed: str) -> Verdict:
    """Whether a typed answer is right, by the checker: `2` answers "Solve" as `x = 2` does."""
    if not typed.strip():
        return Verdict("not_equivalent", "no answer given")
    if problem.value is not None and not any(op in typed for op in _RELATION):
        if "," in problem.value:  # several roots: "3, 1" is the set {1, 3}, in any order
            return verify.compare_answers(problem.answer, typed)
        return verify.compare_answers(problem.value, typed)
    return verify.compare_answers(problem.answer, typed)


def _frac(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def _signed(value: int) -> str:
    return f"+ {value}" if value >= 0 else f"- {-value}"


def _term(coefficient: int, letter: str = "x") -> str:
    return {1: letter, -1: f"-{letter}"}.get(coefficient, f"{coefficient}{letter}")


def _nonzero(rng: random.Random, low: int, high: int) -> int:
    return rng.choice([n for n in range(low, high + 1) if n != 0])


# -- number ------------------------------------------------------------------------------------
@template("whole_numbers")
def _remainder(rng: random.Random) -> Problem:
    divisor = rng.randint(3, 12)
    number = rng.randint(20, 400)
    right, quotient = number % divisor, number // divisor
    wrong = tuple(str(w) for w in {quotient, divisor - right} if w != right)
    return Problem("whole_numbers", f"What is the remainder when {number} is divided by "
                   f"{divisor}?", str(right), wrong=wrong, template="remainder")  # fmt: skip


@template("whole_numbers")
def _gcd(rng: random.Random) -> Problem:
    common = rng.randint(2, 12)
    a, b = common * rng.randint(2, 9), common * rng.randint(2, 9)
    right = gcd(a, b)
    wrong = tuple(str(w) for w in {a * b // right, min(a, b)} if w != right)
    return Problem("whole_numbers", f"What is the greatest common factor of {a} and {b}?",
                   str(right), wrong=wrong, template="gcd")  # fmt: skip


@template("fractions")
def _add_fractions(rng: random.Random) -> Problem:
    b, d = rng.randint(2, 9), rng.randint(2, 9)
    a, c = rng.randint(1, b - 1), rng.randint(1, d - 1)
    right = Fraction(a, b) + Fraction(c, d)
    added_tops = Fraction(a + c, b + d)  # adding the tops and the bottoms
    wrong = tuple(_frac(w) for w in {added_tops} if w != right)
    return Problem("fractions", f"Calculate $\\frac{{{a}}}{{{b}}} + \\frac{{{c}}}{{{d}}}$. Express "
                   "your answer as a common fraction.", _frac(right), wrong=wrong,
                   template="add fractions")  # fmt: skip


@template("fractions")
def _percent_of(rng: random.Random) -> Problem:
    percent = rng.choice([5, 10, 15, 20, 25, 30, 40, 50, 60, 75])
    whole = rng.choice([20, 40, 60, 80, 120, 200, 240, 360])
    right = Fraction(percent * whole, 100)
    wrong = tuple(_frac(w) for w in {Fraction(whole - percent), Fraction(percent * whole)}
                  if w != right)  # fmt: skip
    return Problem("fractions", f"What is {percent}% of {whole}?", _frac(right), wrong=wrong,
                   template="percent of")  # fmt: skip


@template("exponents")
def _power_product(rng: random.Random) -> Problem:
    base, m, n = rng.choice([2, 3, 5]), rng.randint(1, 4), rng.randint(1, 4)
    right = base ** (m + n)
    wrong = tuple(str(w) for w in {base ** (m * n), (base * base) ** (m + n)} if w != right)
    return Problem("exponents", f"Evaluate ${base}^{{{m}}} \\cdot {base}^{{{n}}}$.", str(right),
                   wrong=wrong, template="product of powers")  # fmt: skip


@template("exponents")
def _simplify_powers(rng: random.Random) -> Problem:
    m, n = rng.randint(2, 7), rng.randint(2, 7)
    return Problem("exponents", f"Simplify $x^{{{m}}} \\cdot x^{{{n}}}$.", f"x^{{{m + n}}}",
                   wrong=(f"x^{{{m * n}}}",), template="simplify powers")  # fmt: skip


# -- equations and inequalities ----------------------------------------------------------------
@template("linear_equations")
def _linear(rng: random.Random) -> Problem:
    a, x, b = _nonzero(rng, -9, 9), rng.randint(-12, 12), rng.randint(-20, 20)
    c = a * x + b
    sign_slip = Fraction(c + b, a)  # moved b across without changing its sign
    wrong = tuple(f"x = {_frac(w)}" for w in {sign_slip, Fraction(c - b) * a} if w != x)
    return Problem("linear_equations", f"Solve {_term(a)} {_signed(b)} = {c}", f"x = {x}",
                   value=str(x), wrong=wrong, template="ax + b = c")  # fmt: skip


@template("inequalities")
def _inequality(rng: random.Random) -> Problem:
    a, k, b = _nonzero(rng, -6, 6), rng.randint(-9, 9), rng.randint(-9, 9)
    op = rng.choice(["<", ">"])
    flipped = {"<": ">", ">": "<"}[op]
    answer_op = op if a > 0 else flipped
    kept_sign = op if a < 0 else flipped  # forgot to flip (or flipped needlessly)
    return Problem("inequalities", f"Solve {_term(a)} {_signed(b)} {op} {a * k + b}",
                   f"x {answer_op} {k}", wrong=(f"x {kept_sign} {k}",),
                   template="ax + b < c")  # fmt: skip


@template("systems")
def _system(rng: random.Random) -> Problem:
    x, y = rng.randint(-6, 6), rng.randint(-6, 6)
    a, b = rng.randint(1, 4), _nonzero(rng, -4, 4)
    c, d = rng.randint(1, 4), _nonzero(rng, -4, 4)
    while a * d - b * c == 0:
        d = _nonzero(rng, -4, 4)
    question = (
        f"Solve {_term(a)} {_signed(b)}y = {a * x + b * y}, "
        f"{_term(c)} {_signed(d)}y = {c * x + d * y}"
    ).replace("+ 1y", "+ y")
    question = question.replace("- 1y", "- y")
    return Problem("systems", question, f"x = {x}, y = {y}",
                   wrong=(f"x = {y}, y = {x}",) if x != y else (), template="2x2")  # fmt: skip


@template("quadratics")
def _quadratic(rng: random.Random) -> Problem:
    r, s = rng.sample(range(-9, 10), 2)
    b, c = -(r + s), r * s
    right = f"x = {min(r, s)} \\text{{ or }} x = {max(r, s)}"
    wrong = f"x = {-min(r, s)} \\text{{ or }} x = {-max(r, s)}"  # the signs of the factors
    return Problem("quadratics", f"Solve x^2 {_signed(b)}x {_signed(c)} = 0", right,
                   value=f"{min(r, s)}, {max(r, s)}", wrong=(wrong,) if r + s else (),
                   template="factorable quadratic")  # fmt: skip


# -- expressions -------------------------------------------------------------------------------
@template("polynomials")
def _expand(rng: random.Random) -> Problem:
    a, b = _nonzero(rng, -9, 9), _nonzero(rng, -9, 9)
    right = f"x^2 {_signed(a + b)}x {_signed(a * b)}"
    return Problem("polynomials", f"Expand (x {_signed(a)})(x {_signed(b)})", right,
                   wrong=(f"x^2 {_signed(a * b)}",), template="expand two brackets")  # fmt: skip


@template("polynomials")
def _factor(rng: random.Random) -> Problem:
    a, b = rng.sample([n for n in range(-9, 10) if n != 0], 2)
    right = f"(x {_signed(a)})(x {_signed(b)})"
    return Problem("polynomials", f"Factor x^2 {_signed(a + b)}x {_signed(a * b)}", right,
                   wrong=(f"(x {_signed(-a)})(x {_signed(-b)})",), template="factor")  # fmt: skip


@template("functions")
def _evaluate_function(rng: random.Random) -> Problem:
    a, b, k = _nonzero(rng, -6, 6), rng.randint(-9, 9), rng.randint(-5, 5)
    right = a * k + b
    wrong = tuple(str(w) for w in {a + k + b, a * k - b} if w != right)
    return Problem("functions", f"If $f(x) = {_term(a)} {_signed(b)}$, what is $f({k})$?",
                   str(right), wrong=wrong, template="f(k)")  # fmt: skip


@template("functions")
def _slope(rng: random.Random) -> Problem:
    x1, y1 = rng.randint(-5, 5), rng.randint(-5, 5)
    x2 = x1 + _nonzero(rng, -5, 5)
    y2 = rng.randint(-5, 5)
    right = Fraction(y2 - y1, x2 - x1)
    upside_down = Fraction(x2 - x1, y2 - y1) if y2 != y1 else None
    wrong = tuple(_frac(w) for w in {upside_down} if w is not None and w != right)
    return Problem("functions", f"What is the slope of the line through ({x1}, {y1}) and "
                   f"({x2}, {y2})?", _frac(right), wrong=wrong, template="slope")  # fmt: skip


@template("exponentials")
def _equal_powers(rng: random.Random) -> Problem:
    base, k = rng.choice([2, 3, 5]), rng.randint(2, 5)
    return Problem("exponentials", f"Solve {base}^x = {base ** k}", f"x = {k}", value=str(k),
                   wrong=(f"x = {base ** k // base}",), template="b^x = n")  # fmt: skip


@template("exponentials")
def _logarithm(rng: random.Random) -> Problem:
    base, k = rng.choice([2, 3, 10]), rng.randint(2, 4)
    return Problem("exponentials", f"Evaluate $\\log_{{{base}}} {base ** k}$.", str(k),
                   wrong=(str(base ** k // base),), template="log_b(b^k)")  # fmt: skip


@template("trigonometry")
def _exact_value(rng: random.Random) -> Problem:
    table = {
        ("sin", 30): ("\\frac{1}{2}", "\\frac{\\sqrt{3}}{2}"),
        ("cos", 60): ("\\frac{1}{2}", "\\frac{\\sqrt{3}}{2}"),
        ("sin", 60): ("\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}"),
        ("cos", 30): ("\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}"),
        ("tan", 45): ("1", "0"),
        ("sin", 90): ("1", "0"),
        ("cos", 0): ("1", "0"),
    }
    (function, degrees), (right, wrong) = rng.choice(sorted(table.items()))
    return Problem("trigonometry", f"Compute $\\{function} {degrees}^\\circ$.", right,
                   wrong=(wrong,), template="exact value")  # fmt: skip


# -- calculus and chance -----------------------------------------------------------------------
@template("derivatives")
def _derivative(rng: random.Random) -> Problem:
    a, n, b = _nonzero(rng, -6, 6), rng.randint(2, 6), rng.randint(-9, 9)
    right = f"{a * n}x^{{{n - 1}}} {_signed(b)}" if n > 2 else f"{a * n}x {_signed(b)}"
    kept_power = f"{a * n}x^{{{n}}} {_signed(b)}"
    return Problem("derivatives", f"Differentiate {_term(a)}^{n} {_signed(b)}x", right,
                   wrong=(kept_power,), template="power rule")  # fmt: skip


@template("integrals")
def _integral(rng: random.Random) -> Problem:
    n = rng.randint(1, 4)
    a = (n + 1) * _nonzero(rng, -4, 4)
    right = f"{_term(a // (n + 1))}^{{{n + 1}}} + C"
    not_divided = f"{_term(a)}^{{{n + 1}}} + C"
    power = f"{_term(a)}^{n}" if n > 1 else _term(a)
    return Problem("integrals", f"Integrate {power} with respect to x", right, wrong=(not_divided,),
                   template="power rule")  # fmt: skip


@template("limits")
def _limit(rng: random.Random) -> Problem:
    a = _nonzero(rng, -6, 6)
    question = f"Find the limit of (x^2 - {a * a})/(x {_signed(-a)}) as x approaches {a}"
    return Problem("limits", question, str(2 * a), wrong=(str(a),), template="0/0 cancels")


@template("probability")
def _probability(rng: random.Random) -> Problem:
    red, blue = rng.randint(1, 9), rng.randint(1, 9)
    right = Fraction(red, red + blue)
    odds = Fraction(red, blue)  # red against blue, not red out of all
    wrong = tuple(_frac(w) for w in {odds} if w != right)
    steps = (
        f"Count all the marbles: ${red} + {blue} = {red + blue}$",
        f"Each marble is equally likely, so the probability is red over all: "
        f"$\\frac{{{red}}}{{{red + blue}}} = \\boxed{{{_frac(right)}}}$",
    )
    return Problem("probability", f"A bag holds {red} red and {blue} blue marbles. One is drawn "
                   "at random. What is the probability that it is red? Express your answer as a "
                   "common fraction.", _frac(right), wrong=wrong, template="one draw",
                   steps=steps)  # fmt: skip
