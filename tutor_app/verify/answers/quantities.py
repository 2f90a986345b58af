"""Physical quantities as answers: a number with a unit, compared after converting (Pint).

`100 m` and `0.1 km` are one answer, with a note naming the conversion; `3 m/s` against `3 m` is
"a speed, not a length"; a bare number where the expected answer carries a unit is "unit
missing". The unit registry and the conversions are Pint's, chosen over `sympy.physics.units`
(benchmarks/units_choice.py): Pint knows every unit a school uses (`mA`, `amp`, `min`, `yr`,
`cup`, `pint`, `gal`, `G`), and sympy.physics.units lacks those. Pint reads unit text with its
own parser, never `eval`, and is loaded only when an answer carries a unit.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from tutor_app.verify.verdict import Verdict

_MAX_UNIT_TEXT = 60
# A number: digits with a decimal point, or scientific notation (2.5e-3, 2.5 \times 10^{-3}).
_NUMBER = (
    r"(?P<sign>[-+\u2212]?)\s*(?P<digits>\d+(?:\.\d*)?|\.\d+)"
    r"(?:\s*(?:[eE](?P<e1>[-+]?\d+)|(?:\\times|\\cdot|\*|\u00d7)\s*10\s*\^\s*\{?\s*"
    r"(?P<e2>[-+\u2212]?\d+)\s*\}?))?"
)
_QUANTITY = re.compile(rf"\s*{_NUMBER}\s*(?P<unit>\S.*?)\s*")
_QUANTITY_NUMBER = re.compile(rf"\s*{_NUMBER}\s*")
_WRAPPER = re.compile(r"\\(?:text|textrm|textnormal|mathrm|mbox|operatorname|rm)\s*")
_LATEX_SPACE = re.compile(r"\\[,;:! ]|~|\\quad|\\qquad")
_UNIT_TEXT = re.compile(
    r"[A-Za-z\u00b5\u03bc\u03a9\u00b0][A-Za-z0-9\u00b5\u03bc\u03a9\u00b0*/^().\- ]*"
)
# Count words a text puts after a number that are not physical units, though Pint knows some
# (a typographic point, a "count").
_NOT_UNITS = {"point", "points", "count", "counts", "turn", "turns"}
# What a student calls each kind of quantity, by a unit of that kind.
_KINDS = (
    ("m", "a length"),
    ("m^2", "an area"),
    ("m^3", "a volume"),
    ("s", "a time"),
    ("kg", "a mass"),
    ("m/s", "a speed"),
    ("m/s^2", "an acceleration"),
    ("N", "a force"),
    ("J", "an energy"),
    ("W", "a power"),
    ("Pa", "a pressure"),
    ("A", "a current"),
    ("C", "a charge"),
    ("V", "a voltage"),
    ("ohm", "a resistance"),
    ("Hz", "a frequency"),
    ("kg/m^3", "a density"),
    ("mol", "an amount of substance"),
    ("K", "a temperature"),
    ("kg*m/s", "a momentum"),
    ("T", "a magnetic field"),
    ("mol/L", "a concentration"),
    ("g/mol", "a molar mass"),
)


@dataclass(frozen=True)
class Quantity:
    """A number with a physical unit, as written: its value, its unit, its decimal places."""

    value: float
    unit: Any  # a pint.Unit
    places: int  # decimal places written (for "rounded"); -1 in scientific notation
    figures: int  # significant figures written
    text: str
    unit_text: str  # the unit as written (for the notes)


@functools.cache
def registry() -> Any:
    """Pint's unit registry, loaded once per CAS worker."""
    import pint

    ureg: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("gauss_si = 1e-4 * tesla")
    return ureg


def read_quantity(text: str) -> Quantity | None:
    """A number followed by a physical unit (`100 m`, `9.8\\,\\text{m/s}^2`, `1 N*m`), or None
    for anything else, a bare number included."""
    plain = _plain(text)
    found = _QUANTITY.fullmatch(plain)
    if found is None:
        return None
    written = found["unit"].strip().rstrip(".").strip()
    # `5m` is five metres in physics but five times m in algebra: a one-letter unit needs a
    # space or a \text{} between it and the number.
    spaced = found.start("unit") > found.end("digits") or _WRAPPER.search(text) is not None
    if len(written) == 1 and not spaced:
        return None
    unit = _unit(written)
    if unit is None:
        return None
    exponent = found["e1"] or found["e2"]
    digits = found["digits"]
    try:
        value = _number_value(found)
    except OverflowError:  # 1 \times 10^{99999}: no quantity a school meets
        return None
    places = -1 if exponent else len(digits.partition(".")[2])
    figures = len(digits.replace(".", "").lstrip("0")) or 1
    return Quantity(value, unit, places, figures, plain.strip(), written)


def bare_number(text: str) -> bool:
    """Whether an answer is a number alone, with no unit or anything else."""
    return _QUANTITY_NUMBER.fullmatch(_plain(text)) is not None


def _number_value(found: re.Match[str]) -> float:
    """The value of a number matched by _NUMBER."""
    exponent = found["e1"] or found["e2"]
    value = float(found["digits"])
    if exponent:
        value *= 10.0 ** int(exponent.replace("\u2212", "-"))
    return -value if found["sign"] in ("-", "\u2212") else value


def compare_quantities(gold: str, candidate: str) -> Verdict | None:
    """Two answers compared as physical quantities, when the expected one carries a unit; None
    when it does not (a bare expected number lets a unit be left off, as before)."""
    expected = read_quantity(gold)
    if expected is None:
        return _unit_not_asked_for(gold, candidate)
    given = read_quantity(candidate)
    if given is None:
        if bare_number(candidate):
            return Verdict(
                "not_equivalent", f"unit missing: the answer is in {_unit_words(expected)}"
            )
        return None
    ureg = registry()
    if (
        ureg.Quantity(1, given.unit).dimensionality
        != ureg.Quantity(1, expected.unit).dimensionality
    ):
        return Verdict(
            "not_equivalent", f"{dimension_name(given.unit)}, not {dimension_name(expected.unit)}"
        )
    converted = ureg.Quantity(given.value, given.unit).to(expected.unit).magnitude
    note = None
    if given.unit != expected.unit:
        note = f"converted {given.text} to {_amount(converted)} {_unit_words(expected)}"
    if math.isclose(converted, expected.value, rel_tol=1e-9, abs_tol=1e-12):
        return Verdict("equivalent", "the same quantity", note=note)
    exact = float(ureg.Quantity(expected.value, expected.unit).to(given.unit).magnitude)
    rounded = _rounded(given, exact)
    if rounded is not None:
        if given.unit != expected.unit:
            rounded = f"{expected.text} is {_amount(exact)} {given.unit_text}, {rounded}"
        return Verdict("equivalent", "the same quantity", note=rounded)
    return Verdict("not_equivalent", f"a different amount: {given.text} is {_amount(converted)} "
                   f"{_unit_words(expected)}")  # fmt: skip


def _unit_not_asked_for(gold: str, candidate: str) -> Verdict | None:
    """A bare expected number against a quantity: the unit is extra, the number is compared."""
    given = read_quantity(candidate)
    found = _QUANTITY_NUMBER.fullmatch(_plain(gold))
    if given is None or found is None:
        return None
    try:
        expected = _number_value(found)
    except OverflowError:
        return None
    if math.isclose(given.value, expected, rel_tol=1e-9, abs_tol=1e-12):
        return Verdict("equivalent", "same value")
    return Verdict("not_equivalent", "different value")


def dimension_name(unit: Any) -> str:
    """What a unit measures, in words: "a speed", "an energy"; else Pint's dimensions."""
    dimensions = registry().Quantity(1, unit).dimensionality
    return _kind_names().get(_dimension_key(dimensions), f"a quantity of dimension {dimensions}")


@functools.cache
def _kind_names() -> dict[frozenset[tuple[str, float]], str]:
    ureg = registry()
    return {_dimension_key(ureg.parse_units(u).dimensionality): name for u, name in _KINDS}


def _dimension_key(dimensions: Any) -> frozenset[tuple[str, float]]:
    return frozenset((name, float(power)) for name, power in dict(dimensions).items())


def _rounded(given: Quantity, exact: float) -> str | None:
    """How the given value rounds the exact one ("rounded to 2 decimal places", "to 4
    significant figures"), or None when it does not. At least three significant figures, and
    never a whole number standing for a fraction."""
    if given.places == 0 or given.value == 0 or given.figures < 3:
        return None
    if given.places > 0:
        if round(exact, given.places) != round(given.value, given.places):
            return None
        return f"rounded to {given.places} decimal place{'s' if given.places != 1 else ''}"
    if float(f"{exact:.{given.figures - 1}e}") != float(f"{given.value:.{given.figures - 1}e}"):
        return None
    return f"rounded to {given.figures} significant figures"


def _unit_words(quantity: Quantity) -> str:
    return quantity.unit_text


def _amount(value: float) -> str:
    return f"{value:.10g}"


def _plain(text: str) -> str:
    """An answer without $…$, \\boxed{}, LaTeX spacing and unit wrappers (`\\text{ m/s}`)."""
    text = text.strip().strip("$").strip()
    boxed = re.fullmatch(r"\\boxed\s*\{(.*)\}", text)
    if boxed:
        text = boxed.group(1)
    text = _LATEX_SPACE.sub(" ", text)
    text = _WRAPPER.sub("", text)
    text = re.sub(r"\^\s*\{\s*([-+]?\d+)\s*\}", r"^\1", text)
    text = re.sub(r"\^\s*\\circ\s*", "\u00b0", text).replace("\\circ", "\u00b0")
    text = text.replace("\\mu", "\u00b5").replace("\\Omega", "ohm").replace("\u03a9", "ohm")
    text = text.replace("\\cdot", "*").replace("\u00b7", "*").replace("\\%", "%")
    text = text.replace("\u00b2", "^2").replace("\u00b3", "^3")
    return text.replace("{", "").replace("}", "")


def _unit(text: str) -> Any:
    """The Pint unit a text names, or None (not a unit, a count word, or dimensionless)."""
    text = text.strip().rstrip(".").strip()
    if not text or len(text) > _MAX_UNIT_TEXT or not _UNIT_TEXT.fullmatch(text):
        return None
    if text.lower() in _NOT_UNITS:
        return None
    text = text.replace("\u00b0C", "degC").replace("\u00b0F", "degF").replace("\u00b0", "degree")
    spelled = re.sub(r"\s+per\s+", "/", text)
    spelled = re.sub(r"\s*([*/^])\s*", r"\1", spelled)
    spelled = re.sub(r"(?<=[A-Za-z0-9)])\s+(?=[A-Za-z(])", "*", spelled)
    # The gauss a school means is 10^-4 tesla (Pint's own gauss is the Gaussian system's).
    spelled = re.sub(r"\b(?:G|Gs|gauss)\b", "gauss_si", spelled)
    ureg = registry()
    spelled = re.sub(r"[A-Za-z_]{4,}", lambda m: _singular(m.group(0)), spelled)
    for attempt in (spelled, _lower_names(spelled)):
        if not all(_known_word(word) for word in re.findall(r"[A-Za-z_\u00b5]+", attempt)):
            continue
        try:
            unit = ureg.parse_units(attempt)
        except Exception:  # Pint's own errors for an unknown or malformed unit
            continue
        if unit.dimensionless:
            return None
        return unit
    return None


def _known_word(word: str) -> bool:
    """Whether a word is a unit as people write one: a unit's name, symbol or alias, or a
    prefix on one, a symbol on a symbol (`mA`, `kWh`) or a name on a name (`kilometres`). Pint
    alone also reads `units` as micro-nits."""
    ureg = registry()
    try:
        readings = ureg.parse_unit_name(word)
    except Exception:  # Pint's own errors for a word it cannot cut
        return False
    for prefix, name, _suffix in readings:
        if not prefix:
            return True
        unit_symbol = ureg.get_symbol(name)
        prefix_symbol = ureg.get_symbol(prefix + name)[: -len(unit_symbol) or None]
        for start, symbolic in ((prefix_symbol, True), ("u", True), (prefix, False)):
            if start and word.startswith(start) and (start != "u" or prefix == "micro"):
                rest = word[len(start) :]
                named = rest != unit_symbol and len(rest) > 2  # `metres`, not `m` or `Wh`
                itself = any(not p and n == name for p, n, _ in ureg.parse_unit_name(rest))
                # A symbol prefix needs a unit that has a symbol of its own (not `nit`).
                if itself and named != symbolic and (named or unit_symbol != name):
                    return True
    return False


def _singular(word: str) -> str:
    """A plural unit name in the singular (`amps` is amperes, not Pint's atto-`mps`)."""
    if not word.endswith("s"):
        return word
    for name in (word[:-1], word[:-1].lower()):
        if _known_word(name):
            return name
    return word


def _lower_names(text: str) -> str:
    """Unit names written with a capital (`Joule`, `Newton`), in the lower case Pint knows;
    symbols (`G`, `Pa`) are left alone, since `g` and `G` differ."""
    return re.sub(r"\b[A-Z][a-z]{3,}\b", lambda m: m.group(0).lower(), text)
