"""The maths checker through its public, sandboxed API: answers and steps (the whole dev bench
is run by test_bench_gate.py)."""

from __future__ import annotations

import pytest
import sympy as sp

from tutor_app.verify import check_step, compare_answers


@pytest.mark.parametrize(
    ("gold", "candidate"),
    [
        ("x=2", "2=x"),
        ("x=2", "2x=4"),
        (r"x=\pm 2", "x=2, x=-2"),
        ("x=2 or x=-2", "x^2=4"),
        ("x=1, y=2", "y=2, x=1"),
        ("x>3", r"(3,\infty)"),
        (r"-2 \le x \le 7", "[-2, 7]"),
        (r"\{1, 2\}", r"\{2, 1\}"),
        (r"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}", r"\begin{bmatrix}1&0\\0&1\end{bmatrix}"),
        (r"28\%", "28 percent"),
        (r"30^\circ", r"\frac{\pi}{6}"),
        ("5", r"5\text{ cm}"),  # a unit the expected answer leaves off (the other way: missing)
        (r"2\frac{1}{2}", "2.5"),
        (r"\dfrac{3}{4}", r"\tfrac{3}{4}"),
        ("7425000", "7,425,000"),
        ("1.22", "1,22"),
        ("9", r"so the total is \boxed{9}."),
        ("12", "We add them up. The final answer is 12. I hope it is correct."),
        ("2x+2", "2(x+1)"),
        ("%pi/2", r"\frac{\pi}{2}"),
        ("x^2*y", "x*x*y"),
        (r"\frac{1}{3}", "0.3333"),
        ("A and (B or C)", "(A and B) or (A and C)"),
        ("x>2 or -2>x", "not (x<=2 and -2<=x)"),
        ("2x+4y-3=0", r"y=-\frac{1}{2}x+\frac{3}{4}"),
        (r"\text{Evelyn}", "Evelyn"),
    ],
)
def test_equivalent_answers(gold: str, candidate: str) -> None:
    assert compare_answers(gold, candidate).status == "equivalent"


@pytest.mark.parametrize(
    ("gold", "candidate"),
    [
        ("x=2", "x=3"),
        ("(1, 2)", "(2, 1)"),
        ("x>3", "[3, oo)"),
        ("1", "0.99999999"),
        ("1/3", "0.333333333333333"),
        (
            r"\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}",
            r"\begin{pmatrix}1 & 2 \\ 3 & 5\end{pmatrix}",
        ),
        ("4, 10, -2", "10, 4, -2"),
        ("x", "X"),
        ("a*b=0", "a^3*b^3=0"),
        ("x^2+2x+1", "(x+1)^3"),
    ],
)
def test_different_answers(gold: str, candidate: str) -> None:
    assert compare_answers(gold, candidate).status == "not_equivalent"


def test_hostile_text_is_not_executed() -> None:
    for text in ("__import__('os').system('echo hi')", "x" * 50000, "9**9**9**9"):
        assert compare_answers("1", text).status == "unknown"
    assert compare_answers("1", "lambda: 1").status == "not_equivalent"  # λ:1, a ratio


def test_step_same_value_and_same_solutions() -> None:
    assert check_step("(x+1)^2", "x^2+2x+1").status == "valid"
    assert check_step("2x+3=7", "2x=4").status == "valid"
    assert check_step("x^2=4", r"x=\pm 2").status == "valid"


def test_squaring_only_implies() -> None:
    verdict = check_step("x=2", "x^2=4")
    assert verdict.status == "invalid"
    assert verdict.counterexample is not None and "-2" in verdict.counterexample


def test_dividing_by_x_loses_a_root() -> None:
    verdict = check_step("x^2=3x", "x=3")
    assert verdict.status == "invalid"
    assert verdict.counterexample == "x = 0 solves the old line but not the new one"


def test_wrong_expansion_has_a_counterexample() -> None:
    verdict = check_step("(x+1)^2", "x^2+1")
    assert verdict.status == "invalid" and verdict.counterexample


def test_context_assumptions_are_honoured() -> None:
    assert check_step("x^2=9", "x=3").status == "invalid"
    assert check_step("x^2=9", "x=3", {"assume_positive": True}).status == "valid"
    assert check_step("x^4=16", r"x=\pm 2").status == "invalid"
    assert check_step("x^4=16", r"x=\pm 2", {"assume_real": True}).status == "valid"


def test_systems_and_logic_steps() -> None:
    assert check_step("x-6=0 or x+5=0", "x=6 or x=-5").status == "valid"
    assert check_step("x=1 and y=2", "x=1 or y=2").status == "invalid"


def test_arithmetic_claims() -> None:
    assert check_step("48/2", "24").status == "valid"
    assert check_step("48/2", "25").status == "invalid"
    rounded = check_step("10/3", "3.33")
    assert rounded.status == "valid" and rounded.note


# -- conventions where graders differ: the notation decides ------------------------------
@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # Plain CAS syntax reads a decimal as a double: only the value itself to ~16 digits.
        ("1/4", "0.25", "equivalent"),
        ("2/3", "0.67", "not_equivalent"),
        ("2/9", "0.2222222222222222", "equivalent"),
        # LaTeX is read as a marker reads it: a decimal rounded to its written places.
        (r"\frac{2}{3}", "$0.67$", "equivalent"),
        (r"$\frac{1}{7}$", "$0.142857142857143$", "equivalent"),
        # `y = 4` against `4`: a bare value answers an equation in one unknown, as a marker
        # reads it, in plain CAS syntax too (a strict CAS grader would not say so).
        ("$y=4$", "$4$", "equivalent"),
        ("y=4", "4", "equivalent"),
        # Maxima's minf is an atom, but `x > minf` holds for every real x.
        ("minf", "-inf", "not_equivalent"),
        ("x > minf", "x > -inf", "equivalent"),
        ("t < inf", "t < 3*inf", "not_equivalent"),  # Maxima leaves 3*inf as written
    ],
)
def test_notation_conventions(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("sqrt(1/y)", "1/sqrt(y)", "equivalent"),
        ("log(p^3*q)", "3*log(p)+log(q)", "equivalent"),
        ("sqrt(u/v)*sqrt(v/u)", "1", "equivalent"),
        ("sqrt(y^2)", "y", "not_equivalent"),
        ("abs(y)", "y", "not_equivalent"),
        ("(p^q)^r", "p^(q*r)", "not_equivalent"),
    ],
)
def test_identities_for_positive_variables(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("abs(a+1)=abs(b)", "(a+1)^2=b^2", "equivalent"),
        ("$2p + q = 3$", "$3$", "not_equivalent"),
        (r"$\frac{1}{4} = \frac{3}{12}$", "$0.25$", "equivalent"),
        ("$P:Q = 3$", "$3$", "equivalent"),
        ("$m=1,n=4;m=2,n=3$", "$(1,4),(2,3)$", "equivalent"),
        (r"$(m, n) = (1, 4) \text{ and } (2, 3)$", "$(2,3),(1,4)$", "equivalent"),
        ("$t_1 = 2, t_2 = 5$", r"$\{5, 2\}$", "equivalent"),
        (r"$r = 3 \text{ and } r = 7$", "$r=3, r=7$", "equivalent"),
        ("$a = 4, b = -1$", "$4, -1$", "equivalent"),
        ("$(1,2),(2,1),(1,2)$", r"$\{(2,1),(1,2)\}$", "equivalent"),
        (r"$\{4, 9\}$", "$4,9$", "equivalent"),
        ("4.9", "4,9", "equivalent"),
        (r"[\frac{1}{3}, 2)", "[0.333, 2)", "equivalent"),
        (r"$2 \le |w| \le 3$", r"$w \in [-3,-2] \cup [2,3]$", "equivalent"),
        ("$(2,5)$", "${2,5}$", "equivalent"),
        (r"\\left(\\frac{1}{2}, 3\\right)", r"(\frac12, 3)", "equivalent"),
        (r"$v_{1}=2,\quadv_{2}=-2$", r"v = \pm 2", "equivalent"),
        # Sets named in words: no solution at all, or every real number.
        (r"\emptyset", "There are no real solutions.", "equivalent"),
        (r"\text{no real solution}", r"\{\}", "equivalent"),
        (r"\text{no real solution}", "x = 2", "not_equivalent"),
        (r"\text{all real numbers}", r"(-\infty, \infty)", "equivalent"),
        (r"\mathbb{R}", "any real number", "equivalent"),
        (r"\text{all real numbers}", "x > 0", "not_equivalent"),
        (r"\text{all real numbers}", r"\emptyset", "not_equivalent"),
    ],
)
def test_answer_shapes(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("3, 4", r"so \boxed{3} or \boxed{4}", "equivalent"),
        (r"\{3, 4\}", r"\boxed{3} then we wait a long while \boxed{4}", "not_equivalent"),
        ("1250.5", "The total cost is 1,250.50 dollars", "equivalent"),
        ("9", r"First \boxed{7} is a step. The final answer is $9$.", "equivalent"),
        ("5", "Answer $ \n 5 \n $", "not_equivalent"),
        ("7", "the code is ABC7D", "not_equivalent"),
        ("25%", r"We get $\frac{a}{b} = 2$ here. So it grows by 25%.", "equivalent"),
        ("14", r"Therefore, there are 14 ways. I hope it is correct.", "equivalent"),
        ("(2, 9)", r"$\boxed{(2, 9)}$ is the pair", "equivalent"),
        ("2 and 9", r"between $2$ and $9$", "equivalent"),
    ],
)
def test_final_answer_extraction(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


def test_improper_integrals_are_not_checked() -> None:
    assert compare_answers("int(exp(-t^2), t, minf, inf)", "sqrt(pi)").status == "unknown"


def test_sign_chart_matches_solveset() -> None:
    import sympy as sp

    from tutor_app.verify.equality.inequalities import solve_by_signs

    x = sp.Symbol("x", real=True)
    for relation in (
        x**2 - 3 > 0,
        sp.Abs(x - 1) <= 2,
        (x - 2) / (x + 1) >= 0,
        x**3 - x < 0,
        sp.Ne(x**2, 4),
        sp.Abs(x) + sp.Abs(x - 2) > 4,
    ):
        assert solve_by_signs(relation, x) == sp.solveset(relation, x, sp.S.Reals), relation
    assert solve_by_signs(sp.sin(x) > 0, x) is None


def test_statements_with_equations_and_letters() -> None:
    assert compare_answers("Q=P and R", "R and P=Q").status == "equivalent"
    assert compare_answers("$s = 2$ and $s = 5$", "s = 2, s = 5").status == "equivalent"
    assert compare_answers("3=4", "[]").status == "not_equivalent"


# -- CAS syntax: Maxima's logic words, `#`, strings, and commands the checker does not know ----
@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # nounor/nounand are logic words, not prose that hides the answer
        ("x < 0 or (x >= 1 and x <= 3)", "(x < 0 nounor x >= 1) nounand x <= 3", "equivalent"),
        # `true`/`false` against a condition on x: all reals, or no real x
        ("false", "x>1 and x<-1", "equivalent"),
        ("true", "x>1 or x<3", "equivalent"),
        ("true", "x>1 and x<3", "not_equivalent"),
        ("none", "{}", "not_equivalent"),  # a written set is not a condition
        # `minf < x` inside and/or holds for every real x
        ("x<1", "minf < x and x < 1", "equivalent"),
        ("x<2", "minf < x and x < 1", "not_equivalent"),
        # `#` is Maxima's "not equal"
        ("x#2", "x#(1+1)", "equivalent"),
        ("b#a", "a#b", "equivalent"),
        ("x<2 or x>2", "x#2", "equivalent"),
        ("x#0", "x#1", "not_equivalent"),
        # text in quotes is matched exactly, and is never a number or an expression
        ('"Hello"', '"hello"', "not_equivalent"),
        ("x^2", '"Hello"', "not_equivalent"),
        ('"yes"', "yes", "unknown"),
    ],
)
def test_cas_syntax(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # the same unknown command of equal arguments: equal by congruence
        ("simplify_all(x^2-1)", "simplify_all((x-1)*(x+1))", "equivalent"),
        ("ev(radcan({-2/sqrt(6)}),simp)", "ev(radcan({-sqrt(2)/sqrt(3)}),simp)", "equivalent"),
        ("%union({1,2})", "%union({2,1})", "equivalent"),
        # anything else about an unknown command is left open
        ("natural_domain(1/x)", "natural_domain(1/x^2)", "unknown"),
        ("mystery(x)", "mystery(y)", "unknown"),
        ("rectform(z)", "z", "unknown"),
        ("true", "isprime(7)", "unknown"),
        ("ntuple(1,2)", "[1,2]", "unknown"),
        # a two-letter name before one bracket is still a product
        ("ab(c+d)", "a*b*c+a*b*d", "equivalent"),
        # settings before the answer are dropped; a stated condition holds for both answers
        ("sqrt(5*a^2)", "(assume(a>0), a*sqrt(5))", "equivalent"),
        ("6*(x-2)^(2*k)", "(assume(x>2), 6*((x-2)^2)^k)", "equivalent"),
        ("x^2", "(some_flag:false, x*x)", "equivalent"),
        # lists act item by item, as in a CAS: sin([a, b]) = [sin a, sin b]
        ("[1/2, 1]", "sin([1/6, 1/2]*%pi)", "equivalent"),
        ("[1/2, 1]", "sin([1/6, 1/3]*%pi)", "not_equivalent"),
    ],
)
def test_unknown_commands(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("f(x):=x^2", "f(y):=y^2", "equivalent"),
        ("f(x,y):=x^2+y^2", "f(a,b):=a^2+b^2", "equivalent"),
        ("f(x):=x^2", "g(x):=x^2", "not_equivalent"),
        ("f(x):=sin(x)", "f(x):=x^2", "not_equivalent"),
        ("f(x):=x^2", "f(x)=x^2", "not_equivalent"),  # a definition is not an equation
        ("f(x):=x^2", "1", "not_equivalent"),
        ("$f(x) = x^2+1$", "$f(t) = t^2+1$", "equivalent"),
        ("$f(x) = x^2+1$", "$f(t) = t^2+2$", "not_equivalent"),
        ("$f(x)$", "$f(y)$", "unknown"),  # graders differ: the function f, or two values
    ],
)
def test_function_answers(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("6*(x-2)^(3*k)", "6*((x-2)^3)^k", "equivalent"),
        ("(-cos(x))^n", "(-1)^n*cos(x)^n", "equivalent"),
        ("(2*x)^n", "2^n*x^n", "equivalent"),
        ("(x^2)^k", "x^(3*k)", "not_equivalent"),
        ("1/(n+2)*((n+1)^(1/(n+1)))^(n+2)", "(n+1)^((n+2)/(n+1))/(n+2)", "not_equivalent"),
    ],
)
def test_letter_exponents_are_whole_numbers(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        (r"\sum_{k=1}^{n} k^2", r"\frac{n(n+1)(2n+1)}{6}", "equivalent"),
        (r"\sum_{k=0}^{n} 2^k", "2^{n+1}-1", "equivalent"),
        (r"\sum_{k=0}^{n} 2^k", "2^{n+1}", "not_equivalent"),
        (r"\prod_{i=1}^{n} i", "n!", "equivalent"),
        (r"\sum_{k=1}^{10} k", "55", "equivalent"),
        (r"\sum_{i=1}^{n} a_i", r"\sum_{j=1}^{n} a_j", "equivalent"),
        (r"\sum_{i=1}^{n} (a_i+1)", r"n+\sum_{j=1}^{n} a_j", "equivalent"),
        (r"\sum_{i=1}^{n} a_i", r"\sum_{j=1}^{n+1} a_j", "unknown"),
        (
            r"$F_n = \sum_{k=0}^{n-1} F_k F_{n-k-1}$",
            r"$F_n = \sum_{k=0}^{n-1} F_{n-k-1} F_k$",
            "equivalent",
        ),
        (r"\sum_{k=1}^{\infty} \frac{1}{k^2}", r"\frac{\pi^2}{6}", "unknown"),
    ],
)
def test_sums_and_products_with_bounds(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("1011_2", "11", "equivalent"),
        ("$1011_{2}$", "$12$", "not_equivalent"),
        ("2012_3", "59", "equivalent"),
        ("2012_3 * 201_3", "1112112_3", "equivalent"),
        ("1021_2", "5", "unknown"),  # 2 is not a digit in base 2
    ],
)
def test_numbers_in_another_base(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


def test_values_that_never_evaluate_are_undecided() -> None:
    import sympy as sp

    from tutor_app.verify.equality.algebra import values_equal

    term = sp.MatrixSymbol("M", 2, 2)[0, 0] * sp.Symbol("x")  # no value at any sample point
    assert values_equal(term, 2 * term) is None


@pytest.mark.parametrize(
    ("before", "after", "context", "status"),
    [
        # claims without variables against true / false / none / {}
        ("1=1", "true", None, "valid"),
        ("0=3", "{}", None, "valid"),
        ("1=2", "true", None, "invalid"),
        ("true and false", "false", None, "valid"),
        # letters joined by and/or/not: truth tables
        ("(A or B) and (not A or B)", "B", None, "valid"),
        ("A and B", "A", None, "invalid"),
        # an inequality in several letters, rearranged
        ("-x^2+a*x+a-3<0", "a-3<x^2-a*x", None, "valid"),
        ("a^2+4*a-12<4*(x-a/2)^2", "(a-2)*(a+6)<4*(x-a/2)^2", None, "valid"),
        # systems of polynomial equations
        ("2*x+3*y=6 and 4*x+9*y=15", "2*x+3*y=6 and -2*x=-3", None, "valid"),
        ("x^2=4 and y=x", "(x=2 and y=2) or (x=-2 and y=-2)", None, "valid"),
        ("x^2=4 and y=x", "x=2 and y=2", None, "invalid"),
        ("x=1 and y=2", "x=1", None, "invalid"),
        ("a=b or a=0", "a^2=a*b", None, "valid"),
        ("4*x=1 and 3*y=2", "x=0.25 and y=2/3", None, "valid"),
        # one letter given by equal formulas; positive letters solved for one of them
        ("x=sin(y)/cos(y)", "x=tan(y)", None, "valid"),
        ("T=2*pi*sqrt(L/g)", "T^2=4*pi^2*L/g", {"assume_positive": True}, "valid"),
    ],
)
def test_step_rules(before: str, after: str, context: dict[str, bool] | None, status: str) -> None:
    assert check_step(before, after, context).status == status


def test_system_step_names_a_lost_solution() -> None:
    verdict = check_step("x^2=4 and y=x", "x=2 and y=2")
    assert verdict.counterexample is not None and "-2" in verdict.counterexample


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ('"Hello"', "W", "not_equivalent"),
        ("5", '"5"', "unknown"),  # a quoted number may be meant as the number
        ("x = 5", "x := 5", "equivalent"),
        ("(mystery(1), 3)", "3", "unknown"),  # only a call stating a condition is a setting
        ("ev(x, simp)", "ev(x, simp:true)", "unknown"),  # `simp:true` is a setting, not prose
    ],
)
def test_cas_syntax_edges(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # infinite sums and integrals are kept as written: equal up to the bound variable's name
        (
            "int(f(x)*%e^(-i*x*xi), x, -inf, inf)",
            "int(f(t)*%e^(-i*t*xi), t, -inf, inf)",
            "equivalent",
        ),
        (r"\sum_{k=1}^{\infty} \frac{1}{k^2}", r"\sum_{n=1}^{\infty} \frac{1}{n^2}", "equivalent"),
        ("sum(1/k^2, k, 1, inf)", "sum(1/k^3, k, 1, inf)", "unknown"),
        ("int(f(x)*%e^(-i*x*xi), x, -inf, inf)", "F(xi)", "unknown"),
    ],
)
def test_infinite_sums_and_integrals_by_shape(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        ("$P(A) = 0.3$", "$P(B) = 0.3$", "not_equivalent"),  # values of two events, not functions
        ("(x^2)^(1/n)", "x^(2/n)", "not_equivalent"),  # 1/n is no whole number
    ],
)
def test_function_and_exponent_rules_stay_narrow(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # `\lfloor .. \rfloor` and `\lceil .. \rceil` are floor and ceiling, not letters.
        (r"\lfloor 7/2 \rfloor", "3", "equivalent"),
        (r"\lfloor 7/2 \rfloor", "7/2", "not_equivalent"),
        (r"\left\lceil \frac{n}{3} \right\rceil", "ceiling(n/3)", "equivalent"),
        # `f^{-1}` on any function with a named inverse is that inverse, not 1/f.
        (r"\cosh^{-1}(b)", r"\operatorname{arcosh}(b)", "equivalent"),
        (r"\sinh^{-1}(b)", r"\frac{1}{\sinh(b)}", "not_equivalent"),
        (r"\sec^{-1}(2)", r"\frac{\pi}{3}", "equivalent"),
        # `n!!` is the double factorial n(n-2)(n-4)..., not (n!)!.
        ("7!!", "105", "equivalent"),
        ("3!!", "720", "not_equivalent"),
        ("(3!)!", "720", "equivalent"),
    ],
)
def test_bracket_functions_inverses_and_double_factorial(
    gold: str, candidate: str, status: str
) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # Equal wherever either is real; they differ only where both are imaginary (t < -1/2).
        ("1/((t+1)*sqrt(2*t+1))", "1/((t+1)^2*sqrt(1-(t/(t+1))^2))", "equivalent"),
        ("sqrt(t-5)", "-sqrt(t-5)", "not_equivalent"),  # never real at the sample points
        ("sqrt(t)", "-sqrt(t)", "not_equivalent"),
        ("sqrt(t^2)", "t", "not_equivalent"),
        ("log(-t)", "log(t)", "not_equivalent"),
    ],
)
def test_answers_compared_where_they_are_real(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # A capital letter run into a lower-case function name is a factor: Csin(x) = C*sin(x).
        ("C*sin(x)", "Csin(x)", "equivalent"),
        ("C*cos(x)", "Csin(x)", "not_equivalent"),
        ("k*C*tanh(x)^2", "kCtanh(x)^2", "equivalent"),
        ("2*A", "Aarccos(0)*4/pi", "equivalent"),
        # so is a letter before a capitalised function name: yAbs(-3) = 3y.
        ("3y", "yAbs(-3)", "equivalent"),
        ("P*5", "PMax(2, 5)", "equivalent"),
        # the plain-text spellings arcsec, arccsc, arccot and sign, arg are functions too
        ("arcsec(2)", "pi/3", "equivalent"),
        ("arccot(1)", "pi/4", "equivalent"),
        ("sign(-4)", "-1", "equivalent"),
        ("arg(-1)", "pi", "equivalent"),
        # a lower-case run stays a name of its own, so nothing is decided about it
        ("t*cos(t)", "tcos(t)", "unknown"),
    ],
)
def test_factor_run_into_a_function_name(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # LaTeX braces \{ \} around one value used in arithmetic are brackets, not a set.
        ("y^6", r"y^{\left\{2 \cdot 3\right\}}", "equivalent"),
        ("3t-3", r"3\{t-1\}", "equivalent"),
        ("3t+3", r"3\{t-1\}", "not_equivalent"),
        (r"\{5\}", r"\left\{5\right\}", "equivalent"),
        # scientific notation with a whole-number mantissa: 25E-2 and 25E2
        ("0.25", "25E-2", "equivalent"),
        ("0.25", "2,500E-4", "equivalent"),
        ("2500", "25E2", "equivalent"),
        ("250", "25E2", "not_equivalent"),
        # a bar followed by a value inside |...| opens a nested absolute value
        ("Abs(p - Abs(q))", "|p-|q||", "equivalent"),
        ("c*Abs(p + d*Abs(q))", "c|p+d|q||", "equivalent"),
        ("c*Abs(p + d*Abs(q))", "c|p+d|q||+1", "not_equivalent"),
        ("Abs(p)*q*Abs(r)", "|p|q|r|", "equivalent"),
    ],
)
def test_braces_scientific_notation_and_nested_bars(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # A number is not a condition on letters: 12 against p != q.
        ("12", "p != q", "not_equivalent"),
        ("binomial(4, 2)", "p > q and q > 0", "not_equivalent"),
        ("t", "p != q", "unknown"),
        # A long function name without its bracketed arguments is not a product of letters.
        ("binomial2(6)", "12", "unknown"),
    ],
)
def test_numbers_conditions_and_bare_function_names(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


@pytest.mark.parametrize(
    ("gold", "candidate", "status"),
    [
        # An answer may round the expected exact value, but an expected decimal may itself be
        # exact: 0.67 is not 2/3 when 0.67 is the answer expected.
        (r"\frac{2}{3}", "0.67", "equivalent"),
        ("0.67", r"\frac{2}{3}", "not_equivalent"),
        ("2.72", "e", "not_equivalent"),
    ],
)
def test_an_expected_decimal_is_not_rounded(gold: str, candidate: str, status: str) -> None:
    assert compare_answers(gold, candidate).status == status


# -- a counterexample is a point where the new line is false, never one it cannot judge ----------
def test_a_point_the_new_line_cannot_be_judged_at_is_no_counterexample() -> None:
    from tutor_app.verify.parse.parsing import parse_math
    from tutor_app.verify.steps.witness import holds, separating_point

    before = parse_math("x + y = 2")
    undecided = parse_math("x + y = 2 and x < y + 100")  # the inequality: "cannot tell"
    point = {sp.Symbol("x"): sp.Integer(1), sp.Symbol("y"): sp.Integer(1)}
    assert holds(undecided, point) is None
    assert separating_point(before, undecided) is None  # not "loses x = 1, y = 1"
    wrong = separating_point(before, parse_math("x + y = 3"))
    assert wrong is not None and holds(before, wrong) is True
    assert holds(parse_math("x + y = 3"), wrong) is False
