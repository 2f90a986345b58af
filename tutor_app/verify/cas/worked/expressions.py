"""Worked solutions that rewrite one expression: arithmetic, substitution, expand, factorise.

Each line continues a chain of equal values (`a = b`, then `= c`), so the checker confirms it
by comparing values. Arithmetic goes one level at a time: the numbers in the innermost brackets,
then each term, then the total; a product of fractions multiplies the tops and the bottoms.
"""

from __future__ import annotations

import re

import sympy as sp

from tutor_app.verify.cas.reading import Givens, Unreadable, expression
from tutor_app.verify.cas.worked.lines import NoWorking, line, tex

MAX_ROUNDS = 4
_INNER_BRACKETS = re.compile(r"(?<![A-Za-z\\_^])\(([^()]*)\)")
_FACTOR_SPLIT = re.compile(r"\\cdot|\\times|\\div|\*|/")
_FUNCTION_NAMES = {"sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "exp", "sqrt", "abs"}


def value_chain(
    text: str, answer: str, words: str = "Work it out step by step:", box: bool = True
) -> list[str]:
    """`text = ... = answer`: arithmetic one level at a time, ending in the answer (boxed)."""
    value = _value(text)
    chain = [text]
    for _ in range(MAX_ROUNDS):
        step = _fraction_product(chain[-1]) or _inner_brackets(chain[-1]) or _terms(chain[-1])
        if step is None or _squash(step) == _squash(chain[-1]):
            break
        try:
            if sp.simplify(_value(step) - value) != 0:
                break  # a rewrite that changed the value: stop before it, never show it
        except (Unreadable, TypeError):
            break
        chain.append(step)
    lines = [line(words, f"{chain[0]} = {chain[1]}")] if len(chain) > 1 else []
    lines += [line("", f"= {step}") for step in chain[2:]]
    if not box:
        final = tex(_tidy(value))
        if _squash(chain[-1]) == _squash(final) and lines:
            return lines
        return lines + [line("", f"= {final}") if lines else line(words, f"{text} = {final}")]
    if not lines:
        lines.append(line(words, f"{text} = {tex(value)}"))
    lines.append(line("", f"= \\boxed{{{answer}}}"))
    return lines


def _value(text: str) -> sp.Expr:
    value = expression(text)
    if value.free_symbols:
        raise Unreadable("letters in arithmetic")
    return value


def _squash(text: str) -> str:
    """The text without spaces, sizing commands and grouping braces, to see if a step changes."""
    return re.sub(r"\s+|\\left|\\right|[{}]", "", text)


def _number(value: sp.Expr) -> str:
    written = tex(value)
    return f"\\left({written}\\right)" if written.startswith("-") else written


def _inner_brackets(text: str) -> str | None:
    """Replace each innermost bracket that holds an operation by its value."""
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        inner = match.group(1)
        if not re.search(r"[-+*/^]|\\cdot|\\times|\\div|\\frac", inner.lstrip("-")):
            return match.group(0)
        try:
            value = sp.simplify(_value(inner))
        except (Unreadable, TypeError):
            return match.group(0)
        if _squash(tex(value)) == _squash(inner):
            return match.group(0)  # already as simple as it gets: not a step
        changed = True
        return f"({tex(value)})"

    result = _INNER_BRACKETS.sub(replace, text.replace("\\left(", "(").replace("\\right)", ")"))
    return result if changed else None


def top_level_terms(text: str) -> list[tuple[str, str]]:
    """Split at the + and - signs outside brackets: [(sign, term), ...]."""
    terms: list[tuple[str, str]] = []
    depth, start, sign = 0, 0, "+"
    for index, char in enumerate(text):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char in "+-" and depth == 0:
            before = text[:index].rstrip()
            if not before or before[-1] in "^*/=(" or before.endswith(("\\cdot", "\\times")):
                continue  # a sign that belongs to the number after it
            terms.append((sign, text[start:index].strip()))
            sign, start = char, index + 1
    terms.append((sign, text[start:].strip()))
    return [(s, t) for s, t in terms if t]


def _terms(text: str) -> str | None:
    """Each term worked out on its own: `2^3 + 4 \\cdot 5 - 16` becomes `8 + 20 - 16`."""
    terms = top_level_terms(text)
    if len(terms) < 2:
        return None
    pieces = []
    for index, (sign, term) in enumerate(terms):
        value = _tidy(_value(term))
        shown = _number(value)
        if index > 0 and isinstance(value, sp.Add):
            shown = f"\\left({tex(value)}\\right)"  # `- (1 + \\sqrt{5})`, not `- 1 + \\sqrt{5}`
        pieces.append(shown if index == 0 and sign == "+" else f"{sign} {shown}")
    if all(_squash(t) == _squash(_number(sp.simplify(_value(t)))) for _, t in terms):
        return tex(sp.simplify(_value(text)))  # every term is already a number: add them up
    return " ".join(pieces)


def _tidy(value: sp.Expr) -> sp.Expr:
    """The shorter of the simplified value and its expansion: `(1 + \\sqrt{5})^2` is 6 + 2√5."""
    simple = sp.simplify(value)
    return min(simple, sp.expand(simple), key=sp.count_ops)


def _fraction_product(text: str) -> str | None:
    """`\\frac{1}{5} \\cdot \\frac{8}{7} \\div \\frac{12}{20}` as one fraction of products."""
    if top_level_terms(text) != [("+", text.strip())] or "(" in text:
        return None
    pieces = [p.strip() for p in _FACTOR_SPLIT.split(text)]
    operators = ["*"] + [m.group() for m in _FACTOR_SPLIT.finditer(text)]
    if len(pieces) < 2:
        return None
    tops, bottoms = [], []
    for operator, piece in zip(operators, pieces):
        try:
            value = _value(piece)
        except Unreadable:
            return None
        if not value.is_Rational or value <= 0:
            return None
        top, bottom = int(value.p), int(value.q)
        if operator in ("\\div", "/"):
            top, bottom = bottom, top
        tops.append(str(top))
        bottoms.append(str(bottom))
    times = " \\cdot "
    return f"\\frac{{{times.join(tops)}}}{{{times.join(bottoms)}}}"


def substituted(text: str, values: dict[str, sp.Expr]) -> str:
    """The text with each letter replaced by its value in brackets: `3x` with x = 4 is `3(4)`,
    `abc` is `(a)(b)(c)`; LaTeX commands and function names are left as they are."""

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        if word.startswith("\\") or word.lower() in _FUNCTION_NAMES:
            return word
        return "".join(f"({tex(values[c])})" if c in values else c for c in word)

    return re.sub(r"\\[A-Za-z]+|[A-Za-z]+", replace, text)


def function_calls(text: str, givens: Givens) -> tuple[list[str], str]:
    """Work out each call of a defined function, innermost first: the lines and the text left."""
    lines: list[str] = []
    names = "".join(givens.functions)
    call = re.compile(
        rf"(?<![A-Za-z\\])([{names}])\s*(?:\\left\s*)?\(((?:[^()]|\([^()]*\))*?)(?:\\right\s*)?\)"
    )
    for _ in range(12):
        match = call.search(text)
        if match is None:
            return lines, text
        name, argument = match.group(1), match.group(2).strip()
        param, body = givens.functions[name]
        put = substituted(body, {param.name: expression(argument, givens)})
        inner, put = function_calls(put, givens)  # `t(x) = 3 - g(x)`: g's value first
        lines += inner
        value = sp.simplify(_value(put))
        lines.append(line(f"For {name}({argument}):", f"{put} = {tex(value)}"))
        # braces group the value without brackets, so an outer call is still found next time
        text = f"{text[: match.start()]}{{{tex(value)}}}{text[match.end() :]}"
    raise NoWorking("too many calls")


def expand_lines(text: str, answer: str) -> list[str]:
    """Multiply out each bracketed term, then collect like terms."""
    target = expression(text)
    terms = top_level_terms(text)
    pieces = []
    for index, (sign, term) in enumerate(terms):
        expanded = sp.expand(expression(term))
        shown = tex(expanded)
        if len(sp.Add.make_args(expanded)) > 1 and (sign == "-" or index > 0):
            shown = f"\\left({shown}\\right)"
        pieces.append(shown if index == 0 and sign == "+" else f"{sign} {shown}")
    middle = " ".join(pieces)
    lines = []
    if _squash(middle) != _squash(tex(sp.expand(target))) and len(terms) > 1:
        lines.append(line("Multiply out each bracket:", f"{text} = {middle}"))
        lines.append(line("Collect like terms:", f"= \\boxed{{{answer}}}"))
    else:
        lines.append(line("Multiply out the brackets:", f"{text} = \\boxed{{{answer}}}"))
    return lines


def factor_lines(text: str, answer: str) -> list[str]:
    """Take out the common factor, then factorise what is left."""
    target = expression(text)
    common = sp.factor_terms(sp.expand(target))
    lines = []
    if common != sp.expand(target) and sp.factor(target) != common:
        lines.append(line("Take out the common factor:", f"{text} = {tex(common)}"))
        lines.append(line("Factorise what is left:", f"= \\boxed{{{answer}}}"))
    else:
        lines.append(line("Factorise:", f"{text} = \\boxed{{{answer}}}"))
    return lines


def simplify_lines(text: str, answer: str) -> list[str]:
    """A fraction: factorise the top and the bottom, then cancel; else work the value out."""
    target = expression(text)
    if target.free_symbols and target.is_rational_function():
        top, bottom = sp.fraction(sp.together(target))
        factored = f"\\frac{{{tex(sp.factor(top))}}}{{{tex(sp.factor(bottom))}}}"
        return [
            line("Factorise the top and the bottom:", f"{text} = {factored}"),
            line("Cancel the common factors:", f"= \\boxed{{{answer}}}"),
        ]
    if not target.free_symbols:
        return value_chain(text, answer, "Simplify step by step:")
    return [line("Simplify:", f"{text} = \\boxed{{{answer}}}")]
