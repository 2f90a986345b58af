"""After a solve question in one variable, the Plots tab shows both sides meeting at the answer."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import SOLVE_TIMEOUT_MS
from tutor_app.render.plot_request import INEQUALITY_LABEL
from tutor_app.render.plots import equation_request, marked_points
from tutor_app.ui.conversation import equation_plot_job


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        ("Solve 2x + 3 = 7", ("2*x + 3", "7")),
        ("Find x if 3(x - 1) = 9.", ("3*x - 3", "9")),
        ("Solve for x: x^2 = 4", ("x**2", "4")),
        ("Solve $x^2 - 5x + 6 = 0$ for x", ("x**2 - 5*x + 6", "0")),
        ("Solve 2sin(t) = 1", ("2*sin(t)", "1")),
    ],
)
def test_the_equation_of_a_solve_question_is_found(question: str, sides: tuple[str, str]) -> None:
    found = equation_request(question)
    assert found is not None
    lhs, rhs, variable = found
    assert (str(lhs), str(rhs)) == sides
    assert {str(s) for s in (lhs - rhs).free_symbols} == {str(variable)}


@pytest.mark.parametrize(
    "question",
    ["Solve 2 + 3 = 5", "Solve x + y = 3", "Solve x + y > 3", "Factorise x^2 - 9",
     "Solve x = x + 1", "Solve 2x = 4 and 3x = 6", "What is 7 = 7?", "Solve 1 < 2"],
)  # fmt: skip
def test_questions_without_one_equation_in_one_variable_get_no_plot(question: str) -> None:
    assert equation_request(question) is None
    assert equation_plot_job(question) is None


def test_the_plot_marks_the_solutions_where_the_sides_meet() -> None:
    figure = equation_plot_job("Solve x^2 = 2x + 3")
    [axes] = figure.axes
    assert "x = -1 or x = 3" in axes.get_title()
    assert len(axes.get_lines()) >= 2  # the two sides (then the axes and the marked points)
    lhs, rhs, variable = equation_request("Solve x^2 = 2x + 3")  # type: ignore[misc]
    from tutor_app.render.plots import PlotSpec

    spec = PlotSpec((lhs, rhs), variable, -5.0, 5.0, ("x^2", "2x + 3"), True)
    assert [(round(p.x, 6), round(p.y, 6)) for p in marked_points(spec)] == [(-1, 1), (3, 9)]


@pytest.mark.parametrize(
    ("question", "inside", "outside"),
    [
        ("Solve 2x + 5 > 11", [3.5, 6.0], [2.5, 0.0]),
        ("Solve x^2 - 4 <= 0", [-1.9, 0.0, 1.9], [-2.5, 2.5]),
        ("Solve x^2 >= 9", [-4.0, 3.5], [0.0, 2.9]),
    ],
)
def test_an_inequality_is_drawn_with_where_it_holds_shaded(
    question: str, inside: list[float], outside: list[float]
) -> None:
    figure = equation_plot_job(question)
    assert figure is not None and figure.get_label() == INEQUALITY_LABEL
    [axes] = figure.axes
    assert axes.get_title().endswith("shaded where it is true")
    [shading] = axes.collections  # fill_between: one polygon collection
    shaded = [path.get_extents() for path in shading.get_paths()]

    def is_shaded(x: float) -> bool:
        return any(box.x0 <= x <= box.x1 for box in shaded)

    assert all(is_shaded(x) for x in inside) and not any(is_shaded(x) for x in outside)


def test_an_inequality_true_nowhere_says_so() -> None:
    figure = equation_plot_job("Solve x^2 + 1 < 0")
    assert figure.axes[0].get_title() == "x^2 + 1 < 0: true nowhere in this range"


def test_a_solved_equation_is_drawn_in_the_plots_tab(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    with qtbot.waitSignal(window.conversation.equation_plotted, timeout=SOLVE_TIMEOUT_MS) as drawn:
        window.question.setPlainText("Solve 2x + 3 = 7")
        qtbot.keyClick(window.question, Qt.Key.Key_Return)
    figure = drawn.args[0]
    assert figure is not None and window.plots.figure is figure
    assert "x = 2" in figure.axes[0].get_title()
    assert window.tabs.currentIndex() == 0  # the chat stays in front; the graph waits
    assert "graph of this equation is in the Plots tab" in window.chat.plain_text()


def test_a_graph_for_a_question_no_longer_shown_is_dropped(qtbot: Any, ready_window: Any) -> None:
    window = ready_window
    conversation = window.conversation
    asked_in = len(window.transcript.turns), conversation.session_id
    figure = equation_plot_job("Solve 2x + 3 = 7")
    window.conversation.show_stored("old", [("user", "Solve x = 1"), ("assistant", "x = 1")])
    with qtbot.waitSignal(conversation.equation_plotted, timeout=10_000) as drawn:
        conversation._equation_plotted(figure, asked_in)  # arrives after the student moved on
    assert drawn.args == [None] and window.plots.figure is None
    assert "Plots tab" not in window.chat.plain_text()


def test_an_inequality_graph_is_announced_as_one(qtbot: Any, ready_window: Any) -> None:
    conversation = ready_window.conversation
    asked_in = len(ready_window.transcript.turns), conversation.session_id
    figure = equation_plot_job("Solve 2x + 5 > 11")
    with qtbot.waitSignal(conversation.equation_plotted, timeout=10_000):
        conversation._equation_plotted(figure, asked_in)
    assert ready_window.plots.figure is figure
    assert "graph of this inequality is in the Plots tab" in ready_window.chat.plain_text()
