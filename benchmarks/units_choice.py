"""Pint against sympy.physics.units for the checker's units: which knows the units a school
uses, and how fast each converts. The reason tutor_app.verify.answers.quantities uses Pint.

Usage: python benchmarks/units_choice.py
"""

from __future__ import annotations

import statistics
import time

# The units issue #13 names, and conversions a physics answer needs.
UNITS = [
    "m", "km", "mA", "A", "J", "N*m", "kg*m^2/s^2", "joule", "amp", "min", "hour", "day",
    "yr", "angstrom", "amu", "cup", "pint", "quart", "gal", "G", "km/h", "m/s^2", "uF",
]  # fmt: skip
PAIRS = [("100 m", "km"), ("1 J", "N*m"), ("1000 mA", "A"), ("100 km/h", "m/s"), ("1 gal", "cup")]


def pint_side() -> tuple[list[str], float, float]:
    start = time.perf_counter()
    import pint

    ureg = pint.UnitRegistry()
    load = time.perf_counter() - start
    missing = []
    for unit in UNITS:
        try:
            ureg.parse_units(unit)
        except Exception:
            missing.append(unit)
    times = []
    for _ in range(200):
        for quantity, target in PAIRS:
            t0 = time.perf_counter()
            ureg.Quantity(quantity).to(target)
            times.append(time.perf_counter() - t0)
    return missing, load, statistics.median(times)


def sympy_side() -> tuple[list[str], float, float]:
    start = time.perf_counter()
    import sympy.physics.units as su
    from sympy.physics.units import convert_to

    load = time.perf_counter() - start

    def unit_of(text: str):  # names from the module joined by * and /, each with a power
        import re

        result = 1
        for sign, name, power in re.findall(r"([*/]?)([A-Za-z_]+)(?:\^(\d+))?", text):
            factor = getattr(su, name) ** int(power or 1)
            result = result / factor if sign == "/" else result * factor
        return result

    missing = []
    for unit in UNITS:
        try:
            unit_of(unit)
        except Exception:
            missing.append(unit)
    times = []
    for _ in range(50):
        for quantity, target in PAIRS:
            amount, unit = quantity.split(" ")
            try:
                t0 = time.perf_counter()
                convert_to(float(amount) * unit_of(unit), unit_of(target))
                times.append(time.perf_counter() - t0)
            except Exception:
                pass
    return missing, load, statistics.median(times) if times else float("nan")


# Note: sympy.physics.units "knows" G, but as the gravitational constant, not the gauss.


def main() -> None:
    """Print each library's missing units, load time and median conversion time."""
    for name, side in (("pint", pint_side), ("sympy.physics.units", sympy_side)):
        missing, load, median = side()
        absent = f" (missing: {', '.join(missing)})" if missing else ""
        print(f"{name}: knows {len(UNITS) - len(missing)}/{len(UNITS)} units{absent}; loads "
              f"in {load * 1000:.0f} ms; converts in {median * 1e6:.0f} µs (median)")  # fmt: skip


if __name__ == "__main__":
    main()
