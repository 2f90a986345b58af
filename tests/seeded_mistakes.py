"""Seeded student working with one mistake of a known kind, and the same working corrected.

Each generator writes a right solution from random numbers, then the wrong one a student writes
by making one mistake at a known line; later lines follow on correctly from the wrong line, as a
student's would. Used by tests/test_my_work.py and benchmarks/check_my_work.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Seeded:
    """A wrong piece of working, where its mistake is, and the working corrected."""

    kind: str
    wrong: list[str]
    first_wrong: int  # line number, 1 is the starting line
    corrected: list[str]


def _num(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def _x_term(a: int) -> str:
    return "x" if a == 1 else f"{a}x"


def sign_error(rng: random.Random) -> Seeded:
    """Moving a term across the equals sign without changing its sign: ax + b = c to ax = c + b."""
    a, b, c = rng.randint(2, 9), rng.randint(1, 12), rng.randint(-10, 30)
    if rng.random() < 0.5:
        start = f"{_x_term(a)} + {b} = {c}"
        right, wrong = c - b, c + b
    else:
        start = f"{_x_term(a)} - {b} = {c}"
        right, wrong = c + b, c - b
    return Seeded(
        "sign_error",
        [start, f"{_x_term(a)} = {wrong}", f"x = {_num(Fraction(wrong, a))}"],
        2,
        [start, f"{_x_term(a)} = {right}", f"x = {_num(Fraction(right, a))}"],
    )


def not_distributed(rng: random.Random) -> Seeded:
    """Multiplying only the first term of a bracket: a(x + b) = c to ax + b = c."""
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    c = a * rng.randint(-5, 12) + rng.choice((0, 1, 2))
    right, wrong = c - a * b, c - b
    return Seeded(
        "not_distributed",
        [f"{a}(x + {b}) = {c}", f"{a}x + {b} = {c}", f"{a}x = {wrong}",
         f"x = {_num(Fraction(wrong, a))}"],
        2,
        [f"{a}(x + {b}) = {c}", f"{a}x + {a * b} = {c}", f"{a}x = {right}",
         f"x = {_num(Fraction(right, a))}"],
    )  # fmt: skip


def dropped_term(rng: random.Random) -> Seeded:
    """Losing a term while collecting: ax + b = cx + d to ax = cx + d."""
    a = rng.randint(2, 9)
    c = rng.choice([k for k in range(1, 12) if k != a])
    b, d = rng.randint(1, 15), rng.randint(1, 15)
    return Seeded(
        "dropped_term",
        [f"{a}x + {b} = {c}x + {d}", f"{a}x = {c}x + {d}", f"{_x_term(a - c)} = {d}"
         if a > c else f"{d} = {_x_term(c - a)}"],
        2,
        [f"{a}x + {b} = {c}x + {d}", f"{a}x = {c}x + {d - b}", f"{a - c}x = {d - b}",
         f"x = {_num(Fraction(d - b, a - c))}"],
    )  # fmt: skip


def divided_by_zero(rng: random.Random) -> Seeded:
    """Dividing both sides by x, which can be 0: ax^2 = bx to ax = b."""
    a, b = rng.randint(1, 9), rng.randint(1, 30)
    start = f"{a}x^2 = {b}x" if a > 1 else f"x^2 = {b}x"
    return Seeded(
        "divided_by_zero",
        [start, f"{_x_term(a)} = {b}", f"x = {_num(Fraction(b, a))}"],
        2,
        [start, f"{a}x^2 - {b}x = 0", f"x({a}x - {b}) = 0",
         f"x = 0 or x = {_num(Fraction(b, a))}"],
    )  # fmt: skip


def lost_root(rng: random.Random) -> Seeded:
    """Keeping one root: (x - p)(x - q) = 0 to x = p, or x^2 = k^2 to x = k."""
    if rng.random() < 0.5:
        k = rng.randint(2, 15)
        return Seeded("lost_root", [f"x^2 = {k * k}", f"x = {k}"], 2,
                      [f"x^2 = {k * k}", f"x = {k} or x = -{k}"])  # fmt: skip
    p, q = rng.sample([n for n in range(-9, 10) if n != 0], 2)
    start = f"x^2 {_signed(-(p + q))}x {_signed(p * q)} = 0"
    factored = f"(x {_signed(-p)})(x {_signed(-q)}) = 0"
    return Seeded("lost_root", [start, factored, f"x = {p}"], 3,
                  [start, factored, f"x = {p} or x = {q}"])  # fmt: skip


def _signed(value: int) -> str:
    return f"+ {value}" if value >= 0 else f"- {-value}"


def gained_root(rng: random.Random) -> Seeded:
    """Clearing a denominator that can be 0: (x^2 + mx)/(x - a) = k/(x - a) to x^2 + mx = k,
    where x = a solves the new line but is not allowed in the line before."""
    a, m = rng.randint(2, 12), rng.randint(0, 6)
    k = a * a + m * a
    top = f"x^2 + {m}x" if m else "x^2"
    start = f"\\frac{{{top}}}{{x - {a}}} = \\frac{{{k}}}{{x - {a}}}"
    other = -(a + m)
    return Seeded(
        "gained_root",
        [start, f"{top} = {k}", f"x = {a} or x = {other}"],
        2,
        [start, f"\\frac{{{top} - {k}}}{{x - {a}}} = 0", f"x + {a + m} = 0", f"x = {other}"],
    )


def arithmetic(rng: random.Random) -> Seeded:
    """A number worked out wrong: ax + b = c to ax = c - b + slip."""
    a, b, c = rng.randint(2, 9), rng.randint(1, 20), rng.randint(21, 60)
    right = c - b
    wrong = right + rng.choice([k for k in (-10, -2, -1, 1, 2, 10) if right + k != c + b])
    return Seeded(
        "arithmetic",
        [f"{a}x + {b} = {c}", f"{a}x = {wrong}", f"x = {_num(Fraction(wrong, a))}"],
        2,
        [f"{a}x + {b} = {c}", f"{a}x = {right}", f"x = {_num(Fraction(right, a))}"],
    )


GENERATORS: dict[str, Callable[[random.Random], Seeded]] = {
    make.__name__: make
    for make in (
        sign_error,
        not_distributed,
        dropped_term,
        divided_by_zero,
        lost_root,
        gained_root,
        arithmetic,
    )  # fmt: skip
}


def seeded(kind: str, count: int, seed: int = 0) -> list[Seeded]:
    """`count` different pieces of working with a mistake of this kind."""
    rng = random.Random(f"{kind}:{seed}")
    found: dict[str, Seeded] = {}
    for _ in range(count * 50):  # a generator with too few different cases must not hang
        if len(found) == count:
            break
        case = GENERATORS[kind](rng)
        found.setdefault("\n".join(case.wrong), case)
    return list(found.values())
