"""Function and equation plots as matplotlib Figures (object API, no pyplot, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor_app.render.plot_request import (
    INEQUALITY_LABEL,
    PlotError,
    PlotSpec,
    build_spec,
    equation_request,
    inequality_request,
    plot_request,
)
from tutor_app.render.roots import Numeric, find_roots, numeric_function, sample_with_breaks

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "MarkedPoint",
    "PlotError",
    "PlotSpec",
    "equation_plot",
    "equation_request",
    "function_plot",
    "inequality_plot",
    "inequality_request",
    "marked_points",
    "plot_request",
    "save_png",
]

MAX_LABELLED_POINTS = 8
_AUTO_SEARCH = (-100.0, 100.0)


@dataclass(frozen=True)
class MarkedPoint:
    """A point drawn on a plot: a root (x-intercept) or an intersection of two curves."""

    x: float
    y: float
    kind: str

    @property
    def label(self) -> str:
        """The point as a student reads it, e.g. (2, 0)."""
        return f"({_number(self.x)}, {_number(self.y)})"


def marked_points(spec: PlotSpec) -> list[MarkedPoint]:
    """Roots of each function and intersections of each pair (for an equation: its solutions)."""
    numeric = [numeric_function(f, spec.variable) for f in spec.functions]
    points: list[MarkedPoint] = []
    if not spec.equation:
        for f in numeric:
            points += [MarkedPoint(x, 0.0, "root") for x in find_roots(f, spec.x_min, spec.x_max)]
    for f, g in combinations(numeric, 2):
        for x in find_roots(_difference(f, g), spec.x_min, spec.x_max):
            points.append(MarkedPoint(x, float(f(x)), "intersection"))
    return points


def function_plot(spec: PlotSpec) -> Figure:
    """Draw the function(s) of a PlotSpec with roots and intersections marked and labelled."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 4.4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    visible: list[Any] = []
    for expr, label in zip(spec.functions, spec.labels):
        f = numeric_function(expr, spec.variable)
        xs, ys = sample_with_breaks(f, spec.x_min, spec.x_max)
        axes.plot(xs, ys, linewidth=2, label=_legend(expr, label))
        visible.append(ys)
    if not any(_has_values(ys) for ys in visible):
        raise PlotError("The function has no real values in that range.")
    points = marked_points(spec)
    if spec.equation:
        axes.set_title(_solutions_title(spec, points), fontsize=10)
    _mark(axes, points)
    _frame(axes, spec, visible, points)
    return figure


def equation_plot(
    lhs: Any, rhs: Any, var: Any = None, x_range: tuple[float, float] | None = None
) -> Figure:
    """Plot both sides of lhs = rhs as curves; their intersections (the solutions) are marked."""
    name = str(var) if var is not None else None
    spec = build_spec([lhs, rhs], name, x_range or _AUTO_SEARCH)
    spec = PlotSpec(spec.functions, spec.variable, spec.x_min, spec.x_max, spec.labels, True)
    if x_range is None:
        spec = _around_solutions(spec)
    return function_plot(spec)


_SHOWN_OPS = {"<": "<", ">": ">", "<=": "≤", ">=": "≥"}


def inequality_plot(lhs: Any, rhs: Any, op: str, var: Any = None) -> Figure:
    """Plot both sides of an inequality and shade the values of the variable where it holds."""
    import operator

    import numpy as np

    holds_for = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}[op]
    name = str(var) if var is not None else None
    spec = build_spec([lhs, rhs], name, _AUTO_SEARCH)
    spec = _around_solutions(PlotSpec(spec.functions, spec.variable, spec.x_min, spec.x_max,
                                      spec.labels, True))  # fmt: skip
    figure = function_plot(spec)
    axes = figure.axes[0]
    f, g = (numeric_function(side, spec.variable) for side in spec.functions)
    xs = np.linspace(spec.x_min, spec.x_max, 4001)
    with np.errstate(all="ignore"):
        left, right = np.broadcast_to(f(xs), xs.shape), np.broadcast_to(g(xs), xs.shape)
        holds = np.isfinite(left) & np.isfinite(right) & holds_for(left, right)
    shown = f"{spec.labels[0]} {_SHOWN_OPS[op]} {spec.labels[1]}"
    axes.fill_between(xs, 0, 1, where=holds, transform=axes.get_xaxis_transform(),
                      color="#2ca02c", alpha=0.15, label=f"where {shown}")  # fmt: skip
    where = "shaded where it is true" if holds.any() else "true nowhere in this range"
    axes.set_title(f"{shown}: {where}", fontsize=10)
    axes.legend(loc="best", fontsize=9)
    figure.set_label(INEQUALITY_LABEL)
    return figure


def save_png(figure: Figure, path: str | Path) -> Path:
    """Write the figure as a PNG file and return its path (OSError when it cannot be written)."""
    target = Path(path)
    figure.savefig(target, format="png", dpi=150)
    return target


def _around_solutions(spec: PlotSpec) -> PlotSpec:
    """Narrow an automatic range to frame the solutions, or use -10..10 when there are none."""
    xs = [p.x for p in marked_points(spec)]
    lo, hi = (min(xs), max(xs)) if xs else (-10.0, 10.0)
    pad = max(3.0, 0.3 * (hi - lo))
    lo, hi = max(lo - pad, _AUTO_SEARCH[0]), min(hi + pad, _AUTO_SEARCH[1])
    return PlotSpec(spec.functions, spec.variable, lo, hi, spec.labels, spec.equation)


def _solutions_title(spec: PlotSpec, points: list[MarkedPoint]) -> str:
    """'x^2 = 2*x + 3: x = -1 or x = 3' (or that no solution lies in the range)."""
    equation = " = ".join(spec.labels)
    if not points:
        return f"{equation}: no solution between {_number(spec.x_min)} and {_number(spec.x_max)}"
    return f"{equation}: " + " or ".join(f"{spec.variable} = {_number(p.x)}" for p in points)


def _mark(axes: Any, points: list[MarkedPoint]) -> None:
    """Dots at the points, labelled with their coordinates when there are not too many."""
    styles = {"root": ("o", "#d62728"), "intersection": ("D", "#2ca02c")}
    for point in points:
        marker, colour = styles[point.kind]
        axes.plot([point.x], [point.y], marker, color=colour, markersize=7, zorder=5)
        if len(points) <= MAX_LABELLED_POINTS:
            axes.annotate(
                point.label,
                (point.x, point.y),
                textcoords="offset points",
                xytext=(6, 8),
                fontsize=9,
                color=colour,
            )


def _frame(axes: Any, spec: PlotSpec, visible: list[Any], points: list[MarkedPoint]) -> None:
    """Axes through the origin, grid, legend and y-limits that are not blown up by poles."""
    axes.axhline(0, color="0.4", linewidth=0.8)
    axes.axvline(0, color="0.4", linewidth=0.8)
    axes.grid(True, alpha=0.3)
    axes.set_xlim(spec.x_min, spec.x_max)
    axes.set_ylim(*_y_limits(visible, [p.y for p in points]))
    axes.set_xlabel(str(spec.variable))
    axes.legend(loc="best", fontsize=9)


def _y_limits(visible: list[Any], marked: list[float]) -> tuple[float, float]:
    """The full range of values, or a robust central range when poles make it huge."""
    import numpy as np

    values = np.concatenate([ys[np.isfinite(ys)] for ys in visible] + [np.asarray(marked)])
    low, high = float(values.min()), float(values.max())
    p_low, p_high = (float(v) for v in np.percentile(values, [3, 97]))
    if high - low > 20 * max(p_high - p_low, 1e-9):
        low, high = p_low - 0.5 * (p_high - p_low), p_high + 0.5 * (p_high - p_low)
        low, high = min([low, *marked]), max([high, *marked])
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    margin = 0.06 * (high - low)
    return low - margin, high + margin


def _legend(expr: Any, fallback: str) -> str:
    """The expression in mathtext when matplotlib can typeset it, else as plain text."""
    import sympy as sp
    from matplotlib.mathtext import MathTextParser

    text = f"${sp.latex(expr)}$"
    try:
        MathTextParser("path").parse(text)
    except ValueError:
        return fallback
    return text


def _difference(f: Numeric, g: Numeric) -> Numeric:
    """f - g, whose roots are where the two curves meet."""
    return lambda xs: f(xs) - g(xs)


def _has_values(ys: Any) -> bool:
    import numpy as np

    return bool(np.isfinite(ys).any())


def _number(value: float) -> str:
    """A short readable number: 2 rather than 2.0000000001, -0 shown as 0."""
    rounded = round(value)
    if abs(value - rounded) < 1e-7 * max(1.0, abs(value)):
        return str(int(rounded))
    text = f"{value:.4g}"
    return "0" if text in ("-0", "0") else text
