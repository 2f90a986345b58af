"""Find the maths in a question: LaTeX spans, and plain-text formulas recognised by their shape.

Each formula is replaced by a numbered mark (⟨0⟩, ⟨1⟩, ...) so that the wording around it can
be read on its own. Only what is inside a LaTeX span or has the shape of a formula becomes maths:
an English word is never read as a product of letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MARK = re.compile(r"⟨(\d+)⟩")
_MARKS = re.compile(r"(⟨\d+⟩)")
# An inline `$...$` that starts with a number and holds words is money in a word problem.
_MONEY_PROSE = re.compile(r"^\s*[\d.,]+\s.*(?<![\\A-Za-z])[A-Za-z]{2,}")

_DISPLAY_ENVS = "align|align\\*|aligned|equation|equation\\*|gather|gather\\*|eqnarray|eqnarray\\*"
_SPAN = re.compile(
    r"\$\$(?P<dd>.+?)\$\$"
    r"|\\\[(?P<db>.+?)\\\]"
    r"|\\begin\{(?P<env>" + _DISPLAY_ENVS + r")\}(?P<de>.+?)\\end\{(?P=env)\}"
    r"|\\\((?P<ip>.+?)\\\)"
    r"|(?<!\\)\$(?P<id>(?:\\\$|[^$])+?)(?<!\\)\$",
    re.DOTALL,
)
# Words joining two formulas inside one span: `p = ... \quad \text{and} \quad q = ...`.
_SPAN_JOINER = re.compile(r"\\(?:q?quad|,|;)?\s*\\text\s*\{\s*(and|or)\s*\}\s*(?:\\q?quad)?")
_TRAILING = re.compile(r"(?:\s|\\[,;:! ]|\\q?quad|~)*[.,;:?!]?(?:\s|\\[,;:! ]|\\q?quad|~)*$")
_ALIGN_ROW = re.compile(r"\\\\")
_ALIGNED = re.compile(r"\\begin\{(?:aligned|align\*?|split|gathered|eqnarray\*?)\}")
_DISPLAY_END = "\x01"
_ARROW = re.compile(r"\\to\b|\\rightarrow\b|->|→")
_CURRENCY_SPAN = re.compile(r"^\s*\\\$\s*$")

# Plain-text tokens: numbers (with thousands commas), ordinals, words, operators, brackets.
_PLAIN = re.compile(
    r"(?P<ordinal>\d+(?:st|nd|rd|th)\b)"
    r"|(?P<cmd>\\[A-Za-z]+|\\[{}|])"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?![\d,]*\d)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[A-Za-z]+(?:'[A-Za-z]+)?)"
    r"|(?P<op>\*\*|<=|>=|!=|[-+*/^=<>×÷·−≤≥≠√π²³%!|])"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])"
    r"|(?P<comma>,)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
PLAIN_FUNCTIONS = {"sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "exp", "sqrt", "abs"}
_BINARY = set("+-*/^=<>×÷·−≤≥≠") | {"**", "<=", ">=", "!="}
_RELATIONS = {"=", "<", ">", "<=", ">=", "!=", "≤", "≥", "≠"}
# `3 x 4` in plain text: the letter x standing for "times" between two numbers.
_TIMES_X = re.compile(r"(?<=\d)\s+[x×]\s+(?=\d)")


@dataclass(frozen=True)
class Formula:
    """One piece of maths found in a question: its text and where it came from."""

    text: str
    latex: bool  # inside $...$ or another LaTeX delimiter
    display: bool = False  # a displayed block (\[...\], $$...$$, an align environment)


@dataclass(frozen=True)
class MarkedQuestion:
    """The question's words with each formula replaced by ⟨n⟩, and the formulas in order."""

    words: str
    formulas: tuple[Formula, ...]

    def formula(self, mark: str) -> Formula:
        """The formula a mark such as ⟨2⟩ stands for."""
        match = MARK.fullmatch(mark.strip())
        if match is None:
            raise KeyError(mark)
        return self.formulas[int(match.group(1))]


def mark_maths(question: str) -> MarkedQuestion:
    """Replace every formula in the question by a numbered mark."""
    formulas: list[Formula] = []

    def add(text: str, latex: bool, display: bool = False) -> str:
        formulas.append(Formula(text, latex, display))
        return f"⟨{len(formulas) - 1}⟩"

    def from_span(match: re.Match[str]) -> str:
        body = next(
            match.group(g) for g in ("dd", "db", "de", "ip", "id") if match.group(g) is not None
        )
        display = match.group("id") is None and match.group("ip") is None
        if _CURRENCY_SPAN.match(body):
            return " ¤"
        if match.group("id") is not None and _MONEY_PROSE.search(body):
            return f" ¤{body}¤"  # `$20 and $`: two amounts of money, not a formula
        ended = bool(re.search(r"[.?!]\s*$", _strip_spacing(body)))
        aligned = match.group("env") is not None or bool(_ALIGNED.search(body))
        rows = _span_rows(body, aligned=aligned)
        marks = [add(row, True, display) for row in rows if row]
        if not marks:
            return " "
        joined = " and ".join(marks)
        # A displayed formula that ends its sentence inside the delimiters (`\[x^2 = 4.\]Find`),
        # or is followed at once by a capital letter, ends the sentence.
        return f" {joined}{'. ' if ended else _DISPLAY_END if display else ' '}"

    text = _SPAN.sub(from_span, question.replace("$\\$$", " ¤ ")).replace("\\$", " ¤")
    text = re.sub(_DISPLAY_END + r"(?=[A-Z])", ". ", text).replace(_DISPLAY_END, " ")
    text = _ARROW.sub(" approaches ", text)  # `as x \to 0` in plain text: words around a letter
    text = _TIMES_X.sub(" * ", text) if not _uses_letter_x(text) else text
    words = "".join(
        part if MARK.fullmatch(part) else _mark_plain(part, add) for part in _MARKS.split(text)
    )
    words = re.sub(r"\s+", " ", words).strip()
    words = re.sub(r" (?=[,;:?!]|\.(?:\s|$))", "", words)
    return MarkedQuestion(words, tuple(formulas))


def _strip_spacing(body: str) -> str:
    return re.sub(r"(?:\\[,;:! ]|\\q?quad|~|\s)+$", "", body)


def _span_rows(body: str, aligned: bool) -> list[str]:
    """A span's formulas: one, or one per row of an aligned block, or each side of `\\text{and}`."""
    parts = _ALIGN_ROW.split(body) if aligned else [body]
    rows: list[str] = []
    for part in parts:
        part = re.sub(r"\\(?:begin|end)\{(?:aligned|split|gathered)\}", " ", part)
        part = part.replace("&", " ")
        rows.extend(p for i, p in enumerate(_SPAN_JOINER.split(part)) if i % 2 == 0)
    return [re.sub(r"\s+", " ", _TRAILING.sub("", row)).strip() for row in rows]


def _uses_letter_x(text: str) -> bool:
    """Whether x appears as a variable anywhere (then `3 x 4` is not read as a product)."""
    without = _TIMES_X.sub(" ", text)
    return bool(re.search(r"(?<![A-Za-z])x(?![A-Za-z])", without))


def _mark_plain(text: str, add: Callable[[str, bool], str]) -> str:
    """Mark plain-text formulas (`2x + 3 = 7`, `2004`, `sqrt(2)`) outside the LaTeX spans."""
    out: list[str] = []
    run: list[tuple[str, str]] = []
    depth = 0

    def flush() -> None:
        nonlocal depth
        depth = 0
        if run:
            out.append(_formula_or_words(run, add))
            run.clear()

    for match in _PLAIN.finditer(text):
        kind, value = match.lastgroup or "other", match.group()
        if kind == "word" and not _mathy_word(value, run):
            flush()
            out.append(value)
        elif kind in ("num", "op", "word", "space", "open", "close", "cmd") or (
            kind == "comma" and depth > 0
        ):
            if kind == "open":
                depth += 1
            elif kind == "close":
                depth -= 1
            if depth < 0:
                flush()
                out.append(value)
                continue
            run.append((kind, value))
        else:
            flush()
            out.append(value)
    flush()
    return "".join(out)


def _mathy_word(word: str, run: list[tuple[str, str]]) -> bool:
    """A word that can be part of a plain formula: one letter, or a function name."""
    if len(word) == 1:
        return True
    if word.lower() in PLAIN_FUNCTIONS:
        return True
    # `2xy`: letters run into a number they follow directly, as in algebra
    return (
        bool(run) and run[-1][0] == "num" and len(word) <= 3 and word.isalpha() and word.islower()
    )


def _formula_or_words(run: list[tuple[str, str]], add: Callable[[str, bool], str]) -> str:
    """The run as a marked formula when it has the shape of one, else as the words it was."""
    raw = "".join(v for _, v in run)
    start, end = 0, len(run)
    while start < end and run[start][0] == "space":
        start += 1
    while end > start and run[end - 1][0] == "space":
        end -= 1
    lead = "".join(v for _, v in run[:start])
    tail = "".join(v for _, v in run[end:])
    core = run[start:end]
    pieces = _split_formulas(core)
    if not pieces:
        return raw
    out = lead
    for piece, is_formula in pieces:
        text = "".join(v for _, v in piece)
        out += add(text.strip(), False) if is_formula else text
    return out + tail


def _split_formulas(tokens: list[tuple[str, str]]) -> list[tuple[list[tuple[str, str]], bool]]:
    """Cut a run where two values stand side by side with only a space between (`a 20`), and
    say which pieces have the shape of a formula."""
    pieces: list[list[tuple[str, str]]] = [[]]
    previous = None
    for index, (kind, value) in enumerate(tokens):
        if kind == "space":
            pieces[-1].append((kind, value))
            continue
        if previous is not None and _ends_value(previous) and _starts_value((kind, value)):
            spaced = index > 0 and tokens[index - 1][0] == "space"
            function = previous[0] == "cmd" or (
                previous[0] == "word" and previous[1].lower() in PLAIN_FUNCTIONS
            )
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            next_function = (
                kind == "cmd"
                or (kind == "word" and value.lower() in PLAIN_FUNCTIONS)
                or (kind == "word" and len(value) == 1 and following == "^")  # `x^2 e^x`
            )
            if spaced and not function and not next_function:  # `x sin(x)` is one formula
                pieces.append([])
        pieces[-1].append((kind, value))
        previous = (kind, value)
    result = []
    for piece in pieces:
        core = [t for t in piece]
        while core and core[-1][0] == "space":
            core.pop()
        trailing = piece[len(core) :]
        shaped = _has_formula_shape([t for t in core if t[0] != "space"])
        result.append((core, shaped))
        if trailing:
            result.append((trailing, False))
    return result


def _ends_value(token: tuple[str, str]) -> bool:
    kind, value = token
    return kind in ("num", "word", "close", "cmd") or value in ("!", "%", "²", "³", "π")


def _starts_value(token: tuple[str, str]) -> bool:
    kind, value = token
    return kind in ("num", "word", "open", "cmd") or value in ("√", "π")


def _has_formula_shape(tokens: list[tuple[str, str]]) -> bool:
    """A lone number, or operands joined by operators with balanced brackets (`x^2 - 1`)."""
    if not tokens:
        return False
    if len(tokens) == 1:
        return tokens[0][0] == "num"
    values = [v for _, v in tokens]
    if values[0] in _BINARY - {"-", "−", "+"} or values[-1] in _BINARY:
        return False
    if not any(v in _BINARY or v in ("!", "%", "²", "³", "√") for v in values) and not any(
        k in ("open", "cmd") for k, _ in tokens
    ):
        # no operator: `2x`, `3xy` (a number and letters) or `sin(x)`
        return tokens[0][0] == "num" and all(k == "word" for k, _ in tokens[1:])
    depth = 0
    for previous, (kind, value) in zip([("", "")] + tokens, tokens):
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0 or previous[1] in _BINARY:
                return False
        if value in _BINARY and previous[1] in _BINARY - {"^"}:
            if value not in ("-", "−"):
                return False
    if depth != 0:
        return False
    if sum(v in _RELATIONS for v in values) > 2:
        return False
    return any(k in ("num", "word", "cmd") for k, _ in tokens)
