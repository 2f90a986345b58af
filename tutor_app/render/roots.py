"""Numeric sampling, roots and poles of SymPy expressions from the safe parser (numpy only)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["SAMPLES", "find_roots", "numeric_function", "sample_with_breaks"]

SAMPLES = 2001
_BISECTIONS = 80
_GOLDEN = 0.6180339887498949

Numeric = Callable[[Any], Any]


def numeric_function(expr: Any, variable: Any) -> Numeric:
    """A vectorised real-valued version of expr: NaN where undefined, complex or infinite."""
    import numpy as np
    import sympy as sp

    # lambdify generates code with exec: acceptable only because expr is a SymPy object built
    # by tutor_app.verify.parse.parsing, never a string from the student or the model.
    compiled = sp.lambdify(variable, expr, modules="numpy")

    def evaluate(xs: Any) -> Any:
        xs = np.asarray(xs, dtype=float)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                values = np.asarray(compiled(xs), dtype=complex)
            except (ArithmeticError, TypeError, ValueError, NameError, AttributeError):
                return np.full(xs.shape, np.nan)
        values = np.broadcast_to(values, xs.shape)
        real = np.where(
            np.abs(values.imag) <= 1e-9 * (1 + np.abs(values.real)), values.real, np.nan
        )
        return np.where(np.isfinite(real), real, np.nan)

    return evaluate


def sample_with_breaks(f: Numeric, x_min: float, x_max: float) -> tuple[Any, Any]:
    """Sample f on a grid, with NaN inserted at poles and jumps so no vertical line is drawn."""
    import numpy as np

    xs = np.linspace(x_min, x_max, SAMPLES)
    ys = f(xs)
    breaks = []
    for i in _sign_changes(ys):
        _, value = _bisect(f, xs[i], xs[i + 1], ys[i])
        if not abs(value) < max(abs(ys[i]), abs(ys[i + 1])):  # also true for NaN
            breaks.append(i + 1)
    return np.insert(xs, breaks, np.nan), np.insert(ys, breaks, np.nan)


def find_roots(f: Numeric, x_min: float, x_max: float) -> list[float]:
    """Real roots of f in [x_min, x_max]: sign changes and touching zeros, refined, deduplicated."""
    import numpy as np

    xs = np.linspace(x_min, x_max, SAMPLES)
    ys = f(xs)
    finite = ys[np.isfinite(ys)]
    if finite.size == 0:
        return []
    tolerance = 1e-9 * (1 + float(np.median(np.abs(finite))))
    roots = [float(x) for x in xs[ys == 0]]
    # A root exactly at an end (sin x on [-pi, pi]) shows no sign change inside the range.
    roots += [float(xs[i]) for i in (0, -1) if abs(ys[i]) <= tolerance]
    for i in _sign_changes(ys):
        x, value = _bisect(f, xs[i], xs[i + 1], ys[i])
        if abs(value) <= tolerance * 1e3:  # a pole also changes sign, with a huge value
            roots.append(x)
    for i in _touching(ys, tolerance * 1e6):
        x, value = _minimise_abs(f, xs[i - 1], xs[i + 1])
        if abs(value) <= tolerance:
            roots.append(x)
    return _deduplicate(sorted(roots), (x_max - x_min) * 1e-6)


def _sign_changes(ys: Any) -> list[int]:
    """Indices i where ys[i] and ys[i+1] are finite, non-zero and of opposite sign."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        product = ys[:-1] * ys[1:]
    return [int(i) for i in np.nonzero(product < 0)[0]]


def _touching(ys: Any, near: float) -> list[int]:
    """Interior local minima of |y| close to zero without a sign change (double roots)."""
    import numpy as np

    size = np.abs(ys)
    inner = size[1:-1]
    with np.errstate(invalid="ignore"):
        low = (inner <= size[:-2]) & (inner <= size[2:]) & (inner < near) & (inner > 0)
        same = ys[:-2] * ys[2:] > 0
    return [int(i) + 1 for i in np.nonzero(low & same)[0]]


def _bisect(f: Numeric, lo: float, hi: float, y_lo: float) -> tuple[float, float]:
    """Narrow a sign change down to a point; returns it and the value of f there."""
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        y_mid = float(f(mid))
        if y_mid == 0 or mid in (lo, hi):
            return mid, y_mid
        if (y_mid < 0) == (y_lo < 0):
            lo, y_lo = mid, y_mid
        else:
            hi = mid
    mid = (lo + hi) / 2
    return mid, float(f(mid))


def _minimise_abs(f: Numeric, lo: float, hi: float) -> tuple[float, float]:
    """Golden-section search for the smallest |f| between lo and hi."""
    a, b = lo, hi
    for _ in range(_BISECTIONS):
        c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
        if abs(float(f(c))) < abs(float(f(d))):
            b = d
        else:
            a = c
    x = (a + b) / 2
    return x, float(f(x))


def _deduplicate(values: list[float], gap: float) -> list[float]:
    """Merge values closer than gap (the same root found twice)."""
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > gap:
            out.append(value)
    return out
