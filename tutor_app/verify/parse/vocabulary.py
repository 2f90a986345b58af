"""The names the maths reader knows: functions, constants, Greek letters and logic words."""

from __future__ import annotations

from typing import Any

import sympy as sp

# Markers that the comparison layer resolves: a +/- sign and a percent sign.
PM = sp.Symbol("pm_sign")
PERCENT = sp.Symbol("percent_sign")

FUNCTIONS: dict[str, Any] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sec": sp.sec,
    "csc": sp.csc,
    "cosec": sp.csc,
    "cot": sp.cot,
    "arcsin": sp.asin,
    "arccos": sp.acos,
    "arctan": sp.atan,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
    "asec": sp.asec,
    "arcsec": sp.asec,
    "arccsc": sp.acsc,
    "arccot": sp.acot,
    "acsc": sp.acsc,
    "acot": sp.acot,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "sech": sp.sech,
    "csch": sp.csch,
    "cosech": sp.csch,
    "coth": sp.coth,
    "asinh": sp.asinh,
    "acosh": sp.acosh,
    "atanh": sp.atanh,
    "arcsinh": sp.asinh,
    "arccosh": sp.acosh,
    "arctanh": sp.atanh,
    "arsinh": sp.asinh,
    "arcosh": sp.acosh,
    "artanh": sp.atanh,
    "exp": sp.exp,
    "ln": sp.log,
    "log": sp.log,
    "lg": lambda x: sp.log(x, 10),
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "floor": sp.floor,
    "ceil": sp.ceiling,
    "ceiling": sp.ceiling,
    "signum": sp.sign,
    "sgn": sp.sign,
    "sign": sp.sign,
    "arg": sp.arg,
    "conjugate": sp.conjugate,
}
# Functions of several arguments, written f(a, b, ...) in plain syntax.
CALLS = {
    "root", "logbase", "binomial", "sum", "product", "diff", "int", "integrate", "limit",
    "round", "max", "min", "gcd", "lcm", "mod", "factorial", "matrix", "stackeq", "re", "im",
}  # fmt: skip
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
    "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
    "Phi", "Psi", "Omega",
}  # fmt: skip
CONSTANTS = {
    "pi": sp.pi, "infty": sp.oo, "infinity": sp.oo, "oo": sp.oo,
}  # fmt: skip
# Maxima's inf and minf are kept as a symbol: `2*inf` is not simplified to `inf` there.
INF = sp.Symbol("inf", positive=True)
# Likewise minf is an atom of its own: Maxima does not rewrite -inf as minf.
MINF = sp.Symbol("minf", negative=True)
WORD_CONSTANTS = {"inf": INF, "minf": MINF}
INFINITIES = {INF: sp.oo, MINF: -sp.oo}
TRUTH = {"true": sp.true, "all": sp.true, "false": sp.false, "none": sp.false}
LOGIC_WORDS = {"and", "or", "not", "implies", "iff", "xor", "xnor", "nand", "nor"}
DECORATIONS = {"overline", "bar", "vec", "hat", "tilde", "widehat", "mathbb", "underline", "boxed"}
MATRIX_ENVS = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "vmatrix", "array", "smallmatrix"}
NON_FACTOR_CMDS = {
    "pm", "mp", "cup", "cap", "in", "to", "circ", "ldots", "setminus", "approx", "implies", "iff",
    "rfloor", "rceil",
}  # fmt: skip
