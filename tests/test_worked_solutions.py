"""The CAS writes its own worked solutions: on many seeded problems every line checks.

Each generator below makes random problems of one kind from a seed, asks them as a student
would, and runs the CAS's solution through the same line checker as a model's solution.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from tutor_app import verify
from tutor_app.tutor.pipeline import cas_worked_solution, judge_sample
from tutor_app.tutor.solution import CAS, VERIFIED
from tutor_app.tutor.truth import find_truth

SEEDS = range(8)


def _nonzero(rng: random.Random, low: int = -9, high: int = 9) -> int:
    return rng.choice([n for n in range(low, high + 1) if n != 0])


def _signed(value: int, first: bool = False) -> str:
    if first:
        return str(value)
    return f"+ {value}" if value >= 0 else f"- {-value}"


def linear(rng: random.Random) -> str:
    a, c = rng.sample([n for n in range(-9, 10) if n != 0], 2)
    return f"Solve {a}x {_signed(rng.randint(-20, 20))} = {c}x {_signed(rng.randint(-20, 20))}"


def linear_brackets(rng: random.Random) -> str:
    a, b, c = _nonzero(rng), rng.randint(-9, 9), rng.randint(-30, 30)
    return f"Solve {a}(x {_signed(b)}) = {c}"


def linear_fractions(rng: random.Random) -> str:
    a, b, c, d = (rng.randint(2, 9) for _ in range(4))
    return f"Solve x/{a} + {b}/{c} = {rng.randint(1, 9)}/{d}"


def quadratic_factorable(rng: random.Random) -> str:
    r, s, k = rng.randint(-9, 9), rng.randint(-9, 9), rng.choice([1, 1, 2, 3])
    b, c = -k * (r + s), k * r * s
    return f"Solve {k}x^2 {_signed(b)}x {_signed(c)} = 0"


def quadratic_formula(rng: random.Random) -> str:
    while True:
        b, c = rng.randint(-9, 9), rng.randint(-9, 9)
        discriminant = b * b - 4 * c
        if discriminant > 0 and int(discriminant**0.5) ** 2 != discriminant:
            return f"Solve x^2 {_signed(b)}x {_signed(c)} = 0"


def rational(rng: random.Random) -> str:
    p, a, b = rng.randint(-9, 9), _nonzero(rng), _nonzero(rng)
    return f"Solve \\frac{{{a}}}{{x {_signed(-p)}}} = {b}"


def absolute_value(rng: random.Random) -> str:
    p, q = rng.randint(-9, 9), rng.randint(-9, 9)
    return f"Solve |x {_signed(-p)}| {_signed(q)} = {q + rng.randint(1, 12)}"


def common_base(rng: random.Random) -> str:
    base, k, p = rng.choice([2, 3, 5]), rng.randint(1, 4), rng.randint(-3, 3)
    return f"Solve {base}^{{x {_signed(p)}}} = {base**k}"


def linear_inequality(rng: random.Random) -> str:
    a, b, c = _nonzero(rng), rng.randint(-9, 9), rng.randint(-20, 20)
    return f"Solve {a}x {_signed(b)} {rng.choice(['<', '>', '<=', '>='])} {c}"


def quadratic_inequality(rng: random.Random) -> str:
    r, s = sorted(rng.sample(range(-9, 10), 2))
    return f"Solve x^2 {_signed(-(r + s))}x {_signed(r * s)} {rng.choice(['<', '>', '<=', '>='])} 0"


def system(rng: random.Random) -> str:
    x, y = rng.randint(-9, 9), rng.randint(-9, 9)
    while True:
        a, b, c, d = (_nonzero(rng, -6, 6) for _ in range(4))
        if a * d - b * c:
            break
    return f"Solve {a}x {_signed(b)}y = {a * x + b * y}, {c}x {_signed(d)}y = {c * x + d * y}"


def fractions(rng: random.Random) -> str:
    a, b, c, d, e, f = (rng.randint(1, 12) for _ in range(6))
    return (
        f"Calculate $\\frac{{{a}}}{{{b}}} \\cdot \\frac{{{c}}}{{{d}}} \\div \\frac{{{e}}}{{{f}}}$"
    )


def powers(rng: random.Random) -> str:
    a, b, c, d, e = (rng.randint(1, 9) for _ in range(5))
    return f"What is {a}^2 + {b}*{c} - ({d} - {e})^2?"


def expand(rng: random.Random) -> str:
    a, b, c = rng.randint(-9, 9), rng.randint(-9, 9), rng.randint(-9, 9)
    return f"Expand (x {_signed(a)})(x {_signed(b)}) - (x {_signed(c)})^2"


def factor(rng: random.Random) -> str:
    r, s, k = rng.randint(-9, 9), rng.randint(-9, 9), rng.choice([1, 2, 3])
    return f"Factor {k}x^2 {_signed(-k * (r + s))}x {_signed(k * r * s)}"


def simplify(rng: random.Random) -> str:
    a, b = _nonzero(rng), rng.randint(-9, 9)
    return f"Simplify (x^2 {_signed(b - a)}x {_signed(-a * b)})/(x {_signed(-a)})"


def division(rng: random.Random) -> str:
    a, b, c, d = (rng.randint(-6, 6) for _ in range(4))
    which = rng.choice(["quotient", "remainder"])
    cubic = f"x^3 {_signed(b)}x^2 {_signed(c)}x {_signed(d)}"
    return f"Find the {which} when ${cubic}$ is divided by $x {_signed(-a)}$."


def derivative(rng: random.Random) -> str:
    a, b, n = _nonzero(rng), rng.randint(-9, 9), rng.randint(2, 5)
    return rng.choice(
        [
            f"Differentiate {a}x^{n} {_signed(b)}x",
            f"Differentiate x^{n} \\sin(x)",
            f"Differentiate \\sin({a}x^2)",
        ]  # fmt: skip
    )


def integral(rng: random.Random) -> str:
    a, b, c = _nonzero(rng), rng.randint(-9, 9), rng.randint(1, 4)
    return rng.choice([f"Integrate {a}x^2 {_signed(b)}x", f"Integrate {a}x^2 from 0 to {c}"])


def limit(rng: random.Random) -> str:
    a = _nonzero(rng)
    return f"Find the limit of (x^2 - {a * a})/(x {_signed(-a)}) as x approaches {a}"


def two_absolute_values(rng: random.Random) -> str:
    p, a, b = rng.randint(-9, 9), rng.choice([2, 3, 4, -2, -3]), rng.randint(-9, 9)
    pick = rng.choice(["largest", "smallest"])
    return (
        f"If $|x {_signed(p)}| - |{a}x {_signed(b)}| = 0$, find the {pick} possible value of $x$."
    )


def root_equation(rng: random.Random) -> str:
    r, s, c, n = rng.randint(1, 9), rng.randint(-9, -1), rng.randint(2, 4), rng.choice([2, 3])
    root = "\\sqrt" if n == 2 else "\\sqrt[3]"
    inside = f"x^2 {_signed(-(r + s))}x {_signed(r * s + c**n)}"
    return f"Solve for the positive value of $x$ such that ${root}{{{inside}}} = {c}$."


def cubic_sum(rng: random.Random) -> str:
    r, s, t = rng.sample(range(-6, 7), 3)
    b, c, d = -(r + s + t), r * s + r * t + s * t, -r * s * t
    return f"Find the sum of the solutions of $x^3 {_signed(b)}x^2 {_signed(c)}x {_signed(d)} = 0$."


def integer_bound(rng: random.Random) -> str:
    b, n = rng.randint(2, 9), rng.randint(2, 6)
    a = b + rng.randint(1, 3)
    which = rng.choice(["greatest integer less than", "least integer greater than"])
    return f"Find the {which} $(\\sqrt{{{a}}} + \\sqrt{{{b}}})^{n}$."


def residue(rng: random.Random) -> str:
    m, a = rng.randint(5, 30), rng.randint(-(10**8), 10**8)
    return f"What integer $n$ satisfies $0\\le n<{m}$ and $$n\\equiv {a}\\pmod{{{m}}}~?$$"


def value_at_both_roots(rng: random.Random) -> str:
    while True:
        p, q = rng.randint(-5, 5), rng.randint(1, 9)
        if int((p * p + 4 * q) ** 0.5) ** 2 != p * p + 4 * q:
            break
    k, m = rng.randint(-5, 5), rng.randint(-9, 9)
    # (x^2 - px - q)(x + k) + m, multiplied out: the same value m at both roots
    a2, a1, a0 = k - p, -q - p * k, -q * k + m
    given = f"x^2 {_signed(-p)}x {_signed(-q)} = 0"
    return (
        f"If ${given}$, what is the value of $x^3 {_signed(a2)}x^2 {_signed(a1)}x {_signed(a0)}$?"
    )


GENERATORS: list[Callable[[random.Random], str]] = [
    linear, linear_brackets, linear_fractions, quadratic_factorable, quadratic_formula, rational,
    absolute_value, common_base, linear_inequality, quadratic_inequality, system, fractions,
    powers, expand, factor, simplify, division, derivative, integral, limit, two_absolute_values,
    root_equation, cubic_sum, integer_bound, residue, value_at_both_roots,
]  # fmt: skip


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda g: g.__name__)
def test_every_line_of_the_cas_solution_checks(generator: Callable[[random.Random], str]) -> None:
    for seed in SEEDS:
        question = generator(random.Random(seed))
        truth = find_truth(question)
        assert truth.answer is not None, question
        lines = verify.work_task(truth.task)  # type: ignore[arg-type]
        assert lines, question
        sample = judge_sample("\n".join(lines), truth, seed=-1, author=CAS)
        wrong = [(s.text, s.status, s.reason) for s in sample.steps if s.status != "valid"]
        assert not wrong, (question, wrong)  # every line checked and right
        assert sample.answer_status == "equivalent", (question, sample.final_answer)
        assert sample.status == VERIFIED
        assert sample.steps, question


def test_a_cas_solution_that_would_not_check_is_never_shown() -> None:
    # No generator fits a degree-5 equation: the CAS gives only its answer, which checks.
    truth = find_truth("Solve x^5 - x = 0")
    written = cas_worked_solution(truth)
    assert written is not None and written.author == CAS
    assert written.final_answer is not None
    assert written.status == VERIFIED


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        ("Find the greatest integer less than $(\\sqrt{7} + \\sqrt{5})^6$.", "13535", "13536"),
        ("If $|x+5|-|3x-6|=0$, find the largest possible value of $x$.", "\\frac{11}{2}", "6"),
        (
            "What integer $n$ satisfies $0\\le n<18$ and $$n\\equiv -11213141\\pmod{18}~?$$",
            "13",
            "5",
        ),
    ],
)
def test_a_wrong_generator_line_is_never_shown(
    question: str, right: str, wrong: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = find_truth(question)
    lines = verify.work_task(truth.task)  # type: ignore[arg-type]
    assert lines and f"\\boxed{{{right}}}" in lines[-1], lines
    slipped = [*lines[:-1], lines[-1].replace(f"\\boxed{{{right}}}", f"\\boxed{{{wrong}}}")]
    sample = judge_sample("\n".join(slipped), truth, seed=-1, author=CAS)
    assert sample.steps[-1].status == "invalid"  # the checker catches the generator's slip
    assert sample.status != VERIFIED
    monkeypatch.setattr(verify, "work_task", lambda task: slipped)
    assert cas_worked_solution(truth) is None  # so the tutor does not show it
