"""A question read into a task the computer algebra system can answer (no SymPy here).

The question reader (`tutor_app.tutor.reader`) builds a `Task` from a question's wording and
its maths; the CAS (`tutor_app.verify.cas`) answers it in the sandbox. Every field is plain text
so that a task crosses the process boundary as it is and can be shown or stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# What a task asks for. Each kind names the maths it needs in `Task.maths`:
KINDS = {
    "evaluate": "the value of maths[0]",
    "simplify": "maths[0] in its simplest form",
    "expand": "maths[0] multiplied out",
    "factor": "maths[0] factorised",
    "solve": "the solutions of the equations or inequalities in maths",
    "quotient": "the quotient of maths[0] divided by maths[1]",
    "remainder": "the remainder of maths[0] divided by maths[1]",
    "units_digit": "the last digit of the whole number maths[0]",
    "base": "maths[0] written in base `base`",
    "gcd": "the greatest common divisor of the numbers in maths",
    "lcm": "the least common multiple of the numbers in maths",
    "prime_factors": "the prime factorisation of maths[0]",
    "divisor_count": "how many positive divisors maths[0] has",
    "divisor_sum": "the sum of the positive divisors of maths[0]",
    "derivative": "the derivative of maths[0] with respect to `variable`",
    "integral": "the integral of maths[0] in `variable`, between maths[1] and maths[2] if given",
    "limit": "the limit of maths[0] as `variable` tends to maths[1]",
    "distance": "the distance between the points maths[0] and maths[1]",
    "midpoint": "the midpoint of the points maths[0] and maths[1]",
    "slope": "the slope of the line through the points maths[0] and maths[1]",
    "floor_below": "the greatest integer less than maths[0]",
    "ceiling_above": "the least integer greater than maths[0]",
    "dot_product": "the dot product of the vectors maths[0] and maths[1]",
    "arrangements": "the number of orders of the letters of the word maths[0]",
    "choose": "the number of ways to choose maths[1] things from maths[0]",
    "extremum": "the largest or smallest value (select) of maths[0] where maths[1:] hold",
}
# Which of several solutions a question wants.
SELECTIONS = {
    "all", "one", "largest", "smallest", "positive", "negative", "sum", "product", "count",
}  # fmt: skip
# The form an answer is asked in.
FORMS = {
    "exact", "fraction", "mixed", "decimal", "percent", "radical", "interval", "pair", "list",
    "base", "degrees", "radians", "integer",
}  # fmt: skip


@dataclass(frozen=True)
class Task:
    """What a question asks of the CAS: the kind, its maths, what is given and the form wanted."""

    kind: str
    maths: tuple[str, ...]
    givens: tuple[str, ...] = ()  # equations, congruences and definitions stated first
    unknown: str | None = None  # the letter whose value is asked for
    select: str = "all"  # which solutions: see SELECTIONS
    integers: bool = False  # only whole-number solutions count
    complex: bool = False  # the question works in the complex numbers ("a complex number z")
    form: str = "exact"  # see FORMS
    places: int | None = None  # decimal places asked for ("to the nearest tenth": 1)
    base: int | None = None  # for form "base" and kind "base"
    variable: str | None = None  # with respect to (calculus)
    extras: tuple[str, ...] = field(default=())  # words the reader noted, for the record

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown task kind {self.kind!r}")
        if self.select not in SELECTIONS:
            raise ValueError(f"unknown selection {self.select!r}")
        if self.form not in FORMS:
            raise ValueError(f"unknown answer form {self.form!r}")

    def to_json(self) -> dict[str, Any]:
        """A plain dictionary for `--json` output and the store."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
