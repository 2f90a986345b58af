"""The CAS answers each kind of task exactly, in the form asked, or gives no answer at all."""

from __future__ import annotations

import pytest

from tutor_app.verify import Task, answer_task, compare_answers


def answer(task: Task) -> str:
    result = answer_task(task)
    assert result is not None, task
    return str(result["answer"])


def same(expected: str, given: str) -> bool:
    return compare_answers(expected, given).status == "equivalent"


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (Task("evaluate", ("(1+2i)6-3i",)), "6 + 9i"),
        (Task("evaluate", ("\\left(4\\dfrac{5}{8}\\right)^{2}",)), "\\frac{1369}{64}"),  # mixed
        (Task("evaluate", ("0.\\overline{7}-0.\\overline{4}",), form="fraction"), "\\frac{1}{3}"),
        (Task("evaluate", ("1 + 2 + 3 + \\dots + 100",)), "5050"),
        (Task("evaluate", ("1+3+5+\\dots+99",)), "2500"),
        (Task("evaluate", ("\\frac{21}{2^2 \\cdot 5^7}",), form="decimal"), "0.0000672"),
        (Task("evaluate", ("\\frac{2}{3}",), form="decimal", places=2), "0.67"),
        (Task("evaluate", ("\\frac{7}{3}",), form="mixed"), "2\\frac{1}{3}"),
        (Task("evaluate", ("\\frac{3}{8}",), form="percent"), "37.5\\%"),
        (Task("evaluate", ("555",), form="base", base=5), "4210_5"),
        (Task("evaluate", ("58_9 - 18_9",), form="base", base=9), "40_9"),
        (Task("evaluate", ("\\arcsin \\frac{1}{2}",), form="degrees"), "30^\\circ"),
        (Task("evaluate", ("x",), givens=("x^2 = 4",)), "-2, 2"),  # all the values it can take
        (Task("evaluate", ("f(2) + f(-1)",), givens=("f(x) = x^2 + 1",)), "7"),
        (Task("evaluate", ("t(g(16))",), givens=("t(x) = 3 - g(x)", "g(x) = \\sqrt{x}")), "1"),
        (Task("evaluate", ("abc",), givens=("a+b=8", "b+c=-3", "a+c=-5")), "-120"),
        (Task("evaluate", ("(3x-2)(4x+1)",), givens=("x = 4",)), "170"),
        # x^2 - x - 1 = 0 has two roots, and x^3 - 2x + 1 is 2 at both of them
        (Task("evaluate", ("x^3 - 2x + 1",), givens=("x^2 - x - 1 = 0",)), "2"),
        # f(-3) = 2 does not fix a and b, but it does fix f(3)
        (Task("evaluate", ("f(3)",), givens=("f(x)=ax^4-bx^2+x+5", "f(-3)=2")), "8"),
        (Task("remainder", ("2004", "12")), "0"),
        (Task("remainder", ("129^{34}+96^{38}", "11")), "9"),
        (Task("remainder", ("(n+2)(n+4)(n+6)", "7"), givens=("n \\equiv 2 \\pmod{7}",)), "3"),
        (Task("remainder", ("x^3 + 2x + 1", "x - 1")), "4"),
        (Task("quotient", ("x^2 - 1", "x - 1")), "x + 1"),
        (Task("units_digit", ("7^{2024}",)), "1"),
        (Task("gcd", ("84", "126")), "42"),
        (Task("lcm", ("4", "6", "10")), "60"),
        (Task("prime_factors", ("360",)), "2^3 \\cdot 3^2 \\cdot 5"),
        (Task("divisor_count", ("196",)), "9"),
        (Task("divisor_sum", ("12",)), "28"),
        (Task("floor_below", ("(\\sqrt{7} + \\sqrt{5})^6",)), "13535"),
        (Task("floor_below", ("7",)), "6"),  # strictly less than a whole number
        (Task("ceiling_above", ("\\sqrt{10}",)), "4"),
        (Task("distance", ("(2, -6)", "(-4, 3)"), form="radical"), "3\\sqrt{13}"),
        (Task("midpoint", ("(1, 2)", "(3, 8)")), "(2, 5)"),
        (Task("slope", ("(1, 2)", "(3, 8)")), "3"),
        (
            Task(
                "dot_product",
                (
                    "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}",
                    "\\begin{pmatrix} 3 \\\\ 4 \\end{pmatrix}",
                ),
            ),
            "11",
        ),  # fmt: skip
        (Task("arrangements", ("BANANA",)), "60"),
        (Task("choose", ("10", "3")), "120"),
        (Task("extremum", ("x + \\frac{4}{x}", "x > 0"), select="smallest"), "4"),
        (Task("derivative", ("x^3 \\sin x",)), "3x^2 \\sin x + x^3 \\cos x"),
        (Task("integral", ("3x^2",)), "x^3 + C"),
        (Task("integral", ("x", "0", "2")), "2"),
        (Task("limit", ("\\frac{x^2 - 4}{x - 2}", "2")), "4"),
        (Task("simplify", ("\\frac{x^2-1}{x-1}",)), "x + 1"),
        (Task("simplify", ("\\sqrt{\\sqrt[3]{\\sqrt{\\frac{1}{729}}}}",)), "\\frac{\\sqrt{3}}{3}"),
        (Task("expand", ("(u+4)(u-1) - (u-3)(u+6)",)), "14"),
        (Task("factor", ("x^2 - 5x + 6",)), "(x - 2)(x - 3)"),
    ],
)
def test_each_kind_gets_its_exact_answer(task: Task, expected: str) -> None:
    given = answer(task)
    assert same(expected, given), given


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (Task("solve", ("2x + 3 = 7",)), "x = 2"),
        (Task("solve", ("x = \\sqrt{11-2x} + 4",)), "x = 5"),  # x = 1 is extraneous
        (Task("solve", ("\\frac{6r^2 -19r - 7}{2r-7} = 4r-3",), unknown="r"), "r = 4"),
        (Task("solve", ("|x-4| -10 = 2",), unknown="x", select="product"), "-128"),
        (Task("solve", ("x^2 = 9",), unknown="x", select="positive"), "x = 3"),
        (Task("solve", ("x^2 - 5x + 6 = 0",), select="largest"), "x = 3"),
        (Task("solve", ("x^2 - 5x + 6 = 0",), select="count"), "2"),
        (Task("solve", ("\\frac{1}{4}<\\frac{x}{7}<\\frac{1}{3}",), integers=True), "x = 2"),
        (Task("solve", ("|x-2|\\leq5.6",), select="count", integers=True), "11"),
        (Task("solve", ("0\\le n<18", "n\\equiv -11213141\\pmod{18}"), integers=True), "n = 13"),
        (Task("solve", ("x^2 - 5x - 4 \\le 10",), form="interval"), "[-2, 7]"),
        (Task("solve", ("x + y = 10", "x - y = 2")), "x = 6, y = 4"),
        (Task("solve", ("z^2 = -4",), complex=True), "z = 2i \\text{ or } z = -2i"),
        (Task("solve", ("x^2 = -4",)), "no real solution"),
    ],
)
def test_equations_and_inequalities(task: Task, expected: str) -> None:
    given = answer(task)
    assert same(expected, given), given


@pytest.mark.parametrize(
    "task",
    [
        Task("evaluate", ("x",), givens=("x^2 = 4",), select="one"),  # two values, one asked
        Task("evaluate", ("x + y",)),  # letters and nothing given
        Task("evaluate", ("\\sqrt{2}",), form="fraction"),  # not a common fraction
        Task("evaluate", ("\\frac{1}{3}",), form="decimal"),  # does not terminate, no rounding
        Task("evaluate", ("x_{531}",), givens=("x_{n} = x_{n-1} + 1",)),
        Task("evaluate", ("1 + 2 + 4 + \\dots + 64",)),  # not equally spaced
        Task("evaluate", ("\\frac{1}{0}",)),
        Task("solve", ("x^2 - 4 = 0",), select="one"),  # "the value" but there are two
        # a cubic with two complex roots: "the sum of the roots" is read two ways
        Task("solve", ("x^3 - 1 = 0",), select="sum"),
        Task("solve", ("\\sin(x) > \\frac{1}{2}",)),  # repeats without end
        Task("solve", ("x + y = 1",)),  # a family of solutions
        Task("extremum", ("\\frac{1}{x}", "x > 0"), select="smallest"),  # approached, not reached
        Task("simplify", ("\\tan 100^\\circ + 4 \\sin 100^\\circ",)),  # SymPy cannot simplify it
        Task("units_digit", ("\\frac{1}{2}",)),
        Task("factor", ("x^2 + 1",)),
        Task("evaluate", ("\\log 100",)),  # base 10 to a school book, base e to SymPy
        Task("solve", ("\\log(x) = 2",)),
        Task("evaluate", ("\\sin 30",)),  # degrees to a student, radians to SymPy
        Task("solve", ("x^7 + x = 5",)),  # its root is only a CRootOf: nothing a student reads
    ],
)
def test_no_answer_rather_than_a_doubtful_one(task: Task) -> None:
    assert answer_task(task) is None


def test_an_untrusted_task_never_reaches_eval() -> None:
    task = Task("evaluate", ("__import__('os').system('echo hacked')",))
    assert answer_task(task) is None
