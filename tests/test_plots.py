"""Plots of functions and equations: requests recognised, roots and intersections marked."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_app.render.plots import (
    PlotError,
    PlotSpec,
    equation_plot,
    function_plot,
    marked_points,
    plot_request,
    save_png,
)
from tutor_app.render.roots import find_roots

matplotlib.use("Agg")


def _spec(text: str) -> PlotSpec:
    spec = plot_request(text)
    assert spec is not None
    return spec


@pytest.mark.parametrize(
    ("text", "functions", "bounds"),
    [
        ("plot sin(x) from -pi to pi", ["sin(x)"], (-math.pi, math.pi)),
        ("graph y = x^2 - 4", ["x**2 - 4"], (-10, 10)),
        ("plot x^2-4 and 2x+1 from -5 to 5", ["x**2 - 4", "2*x + 1"], (-5, 5)),
        ("Please plot f(x) = 1/x between -1 and 1.", ["1/x"], (-1, 1)),
        ("Plot sin x in [0, 2pi]", ["sin(x)"], (0, 2 * math.pi)),
        ("plot x^2, x in [-3, 3]", ["x**2"], (-3, 3)),
        ("plot t^2 for t from 0 to 5", ["t**2"], (0, 5)),
        ("plot x^3 for -2 <= x <= 2", ["x**3"], (-2, 2)),
        ("sketch the graph of y = tan x", ["tan(x)"], (-10, 10)),
        ("plot $x^2$ from $-2$ to $2$", ["x**2"], (-2, 2)),
        ("plot log(x) from 1e-3 to 1e3", ["log(x)"], (1e-3, 1e3)),
    ],
)
def test_plot_requests_recognised(text: str, functions: list[str], bounds: tuple) -> None:
    spec = _spec(text)
    assert [str(f) for f in spec.functions] == functions
    assert (spec.x_min, spec.x_max) == pytest.approx(bounds)


def test_equation_request_plots_both_sides() -> None:
    spec = _spec("plot x^2 = 2x + 3")
    assert spec.equation and [str(f) for f in spec.functions] == ["x**2", "2*x + 3"]


@pytest.mark.parametrize(
    "text", ["what is 2 + 2?", "solve x^2 = 4", "draw a triangle with sides 3, 4 and 5", ""]
)
def test_other_questions_are_not_plot_requests(text: str) -> None:
    assert plot_request(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("plot x*y", "one variable"),
        ("plot sin(x) from 5 to 1", "empty"),
        ("plot x from 3 to 3", "empty"),
        ("plot x from -1e9 to 1e9", "too large"),
        ("plot x^2 > 3", "inequalities"),
        ("plot", "which function"),
        ("plot 1/x from -oo to 5", "range"),
        ("plot x +- 1", "real values"),
        ("plot x^2 + from 0 to 1", "can't read"),
        ("plot t^2 for x from 0 to 1", "range is for x"),
        ("plot a, b, c, d, e", "at most"),
    ],
)
def test_bad_plot_requests_give_clear_errors(text: str, message: str) -> None:
    with pytest.raises(PlotError, match=message):
        plot_request(text)


def test_roots_of_quadratic_marked() -> None:
    points = marked_points(_spec("plot x^2 - 4"))
    assert [p.kind for p in points] == ["root", "root"]
    assert [p.x for p in points] == pytest.approx([-2, 2], abs=1e-9)
    assert [p.label for p in points] == ["(-2, 0)", "(2, 0)"]


def test_double_root_and_root_at_range_end() -> None:
    assert [p.x for p in marked_points(_spec("plot (x-1)^2"))] == pytest.approx([1], abs=1e-6)
    roots = [p.x for p in marked_points(_spec("plot sin(x) from -pi to pi"))]
    assert roots == pytest.approx([-math.pi, 0, math.pi], abs=1e-9)


def test_poles_are_not_roots() -> None:
    assert marked_points(_spec("plot 1/x")) == []
    roots = [p.x for p in marked_points(_spec("plot tan(x) from -3 to 3"))]
    assert roots == pytest.approx([0], abs=1e-9)


def test_intersection_of_parabola_and_line() -> None:
    points = marked_points(_spec("plot x^2 and 2x+3 from -5 to 5"))
    crossings = [p for p in points if p.kind == "intersection"]
    assert [p.x for p in crossings] == pytest.approx([-1, 3], abs=1e-9)
    assert [p.y for p in crossings] == pytest.approx([1, 9], abs=1e-8)
    assert [p.label for p in crossings] == ["(-1, 1)", "(3, 9)"]


def test_equation_plot_marks_solutions_and_frames_them() -> None:
    figure = equation_plot("x^2", "2x + 3")
    axes = figure.axes[0]
    assert "x = -1 or x = 3" in axes.get_title()
    low, high = axes.get_xlim()
    assert low < -1 and high > 3 and high - low < 30
    assert len(axes.get_legend().get_texts()) == 2


def _crossings_of_whole_view(figure: object, name: str) -> int:
    """Segments that jump from above the view to below it (or back): vertical-line artefacts."""
    axes = figure.axes[0]  # type: ignore[attr-defined]
    low, high = axes.get_ylim()
    curve = next(line for line in axes.get_lines() if name in line.get_label())
    ys = np.asarray(curve.get_ydata(), dtype=float)
    above, below = ys[:-1] > high, ys[:-1] < low
    return int(np.sum((above & (ys[1:] < low)) | (below & (ys[1:] > high))))


def test_tan_has_no_vertical_line_artefacts() -> None:
    figure = function_plot(_spec("plot tan(x) from -2pi to 2pi"))
    assert _crossings_of_whole_view(figure, "tan") == 0
    low, high = figure.axes[0].get_ylim()
    assert high - low < 1000  # the view is not blown up by the poles
    curve = next(line for line in figure.axes[0].get_lines() if "tan" in line.get_label())
    assert np.isnan(np.asarray(curve.get_ydata(), dtype=float)).sum() >= 4  # one per pole


def test_reciprocal_is_broken_at_zero() -> None:
    assert _crossings_of_whole_view(function_plot(_spec("plot 1/x from -1.3 to 1")), "frac") == 0


def test_function_without_real_values_is_refused() -> None:
    with pytest.raises(PlotError, match="no real values"):
        function_plot(_spec("plot sqrt(x) from -5 to -1"))


def test_png_written(tmp_path: Path) -> None:
    target = save_png(
        function_plot(_spec("plot x^2 - 4 and 2x + 1 from -5 to 5")), tmp_path / "p.png"
    )
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000


def test_rendering_package_never_imports_qt_or_pyplot() -> None:
    import ast

    package = Path(__file__).resolve().parents[1] / "tutor_app" / "render"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.startswith(("PySide6", "matplotlib.pyplot"))]


def test_importing_the_render_package_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    heavy = ("matplotlib", "numpy", "sympy", "markdown", "latex2mathml", "PySide6")
    code = (
        "import sys, tutor_app.render, tutor_app.render.plots;"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-9, 9, allow_nan=False), min_size=1, max_size=5),
    st.floats(0.012, 0.5),
)
def test_every_root_of_a_polynomial_is_marked_even_when_roots_are_close(
    starts: list[float], gap: float
) -> None:
    # Roots at least `gap` apart, more than one grid step (0.01 on [-10, 10]): none is merged.
    roots: list[float] = []
    for start in sorted(round(x, 6) for x in starts):  # no root a denormal away from another
        root = start if not roots else max(start, roots[-1] + gap)
        if root <= 9.5:
            roots.append(root)

    def polynomial(xs: Any) -> Any:
        return np.prod([np.asarray(xs, dtype=float) - r for r in roots], axis=0)

    found = find_roots(polynomial, -10, 10)
    assert found == pytest.approx(roots, abs=1e-6)
