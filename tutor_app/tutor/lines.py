"""Split a model's worked solution into numbered steps and find the maths on each line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor_app.tutor.claims import calculus_claim, prose_claims, without_money

# A LaTeX formula on a line: $$...$$, \[...\], \(...\) or $...$.
FORMULA = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$([^$]+?)\$", re.DOTALL)
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#+\s*|[-*+]\s+|\d+[.)]\s+|\*\*[^*]*\*\*:?\s*)*")
_STEP_LABEL = re.compile(r"^\s*(?:\*\*)?\s*step\s*\d+\s*[:.)-]?\s*(?:\*\*)?\s*", re.IGNORECASE)
_MATH_WORDS = {
    "sqrt", "sin", "cos", "tan", "log", "ln", "exp", "pi", "or", "and", "abs", "sec", "csc", "cot",
}  # fmt: skip
_MATH_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]+|\d+(?:\.\d+)?|[-+*/^=()<>\[\]{}|!%.,_\\]|\s+")
_BOXED = re.compile(r"\\boxed\s*\{")
_ANSWER_SENTENCE = re.compile(
    r"\banswer\s*(?:is|=|:)\s*:?\s*(?P<said>.+?)\s*[.!]?\s*$", re.IGNORECASE
)
_RELATION_END = re.compile(r"(?:=|<|>|\\le|\\ge|\\leq|\\geq|\\neq|\\approx)\s*$")
_RELATION_START = re.compile(r"^\s*(?:=|\\approx)\s*")
_ONE_LETTER = re.compile(r"^\s*[A-Za-z]\s*$")


@dataclass(frozen=True)
class StepLine:
    """One line of a worked solution and the maths found on it (None for prose only)."""

    number: int
    text: str
    math: str | None  # the line's main formula, shown beside its verdict
    formulas: tuple[str, ...] = ()  # every formula on the line, in order; each one is checked


def split_steps(solution: str) -> list[StepLine]:
    """Number the non-empty lines of a solution and extract each one's maths."""
    merged = _join_display_blocks(solution)
    steps: list[StepLine] = []
    for raw in merged.splitlines():
        text = raw.strip()
        if not text or text in ("$$", "\\[", "\\]"):
            continue
        maths_text = without_money(text)  # `$20` is money, not the start of a formula
        formulas = tuple(line_formulas(maths_text))
        math = line_math(maths_text)
        # Shown beside the verdict: the whole `x = 3 or x = -3` when the line's formula is in it.
        math = next((f for f in reversed(formulas) if math and math in f), math)
        steps.append(StepLine(len(steps) + 1, text, math, formulas or ((math,) if math else ())))
    return steps


def _join_display_blocks(text: str) -> str:
    """Put each display block on its own line, and each row of an aligned block on its own."""

    def flatten(match: re.Match[str]) -> str:
        block = match.group(0)
        inner = block[2:-2]
        inner = re.sub(
            r"\\(?:begin|end)\{(?:aligned|align\*?|eqnarray\*?|gathered|split)\}", " ", inner
        )
        rows = [r.replace("&", " ").replace("\n", " ").strip() for r in re.split(r"\\\\", inner)]
        return "\n" + "\n".join(f"$${row}$$" for row in rows if row) + "\n"

    return re.sub(r"\$\$.+?\$\$|\\\[.+?\\\]", flatten, text, flags=re.DOTALL)


def line_math(line: str) -> str | None:
    """The maths on a line: its last LaTeX segment with a relation, else a bare formula."""
    line = _STEP_LABEL.sub("", _MARKDOWN_PREFIX.sub("", line)).replace("**", "")
    boxed = last_boxed(line)
    segments = inline_segments(line)
    if segments:
        with_relation = [s for s in segments if re.search(r"=|<|>|\\le|\\ge", s)]
        chosen = (with_relation or segments)[-1]
        return last_boxed(chosen) or chosen
    if boxed:
        return boxed
    claim = calculus_claim(line)
    return claim if claim is not None else _bare_formula(prose_claims(line))


def line_formulas(line: str) -> list[str]:
    """Every formula on a line in order: a calculus claim in words, its LaTeX segments, else its
    bare maths runs (calculations in words included: `25% of 20 is 5`)."""
    line = _STEP_LABEL.sub("", _MARKDOWN_PREFIX.sub("", line)).replace("**", "")
    claim = calculus_claim(line)
    if claim is not None:
        return [claim]
    formulas: list[str] = []
    between = ""  # the text since the last formula
    end = 0
    for match in FORMULA.finditer(line):
        between, end = line[end : match.start()], match.end()
        formula = _unboxed(next(g for g in match.groups() if g is not None).strip())
        if not formula:
            continue
        if formulas and _JOINER.match(between) and _same_unknown(formulas[-1], formula):
            formulas[-1] = f"{formulas[-1]} or {formula}"  # `$x = 3$ or $x = -3$`: one answer
        else:
            formulas.append(formula)
    if formulas:
        return formulas
    boxed = last_boxed(line)
    return [boxed] if boxed else _bare_formulas(prose_claims(line))


_JOINER = re.compile(r"^\s*(?:,|;|or|and|,\s*or|,\s*and)\s*$", re.IGNORECASE)
_VALUE_OF = re.compile(r"^\s*([A-Za-z])\s*=(?!=)\s*[^=<>]+$")


def _same_unknown(first: str, second: str) -> bool:
    """Whether two formulas each give a value of the same letter (`x = 3 or x = -3` so far)."""
    names = {m.group(1) for part in (*first.split(" or "), second) if (m := _VALUE_OF.match(part))}
    return len(names) == 1 and all(_VALUE_OF.match(part) for part in (*first.split(" or "), second))


def _unboxed(formula: str) -> str:
    """A formula with its \\boxed{...} taken off: `x = \\boxed{2}` is checked as `x = 2`."""
    while True:
        match = _BOXED.search(formula)
        if match is None:
            return formula.strip()
        depth, index = 1, match.end()
        while index < len(formula) and depth:
            depth += {"{": 1, "}": -1}.get(formula[index], 0)
            index += 1
        if depth:
            return formula.strip()  # an unclosed box: leave it for the parser to refuse
        formula = formula[: match.start()] + formula[match.end() : index - 1] + formula[index:]


def inline_segments(line: str) -> list[str]:
    """Every LaTeX formula on a line, in order."""
    found = [next(g for g in m.groups() if g is not None) for m in FORMULA.finditer(line)]
    return [f.strip() for f in found if f.strip()]


def _bare_formula(line: str) -> str | None:
    """The longest run of maths-looking tokens that contains a relation and a digit or letter."""
    return max(_bare_formulas(line), key=len, default=None)


def _bare_formulas(line: str) -> list[str]:
    """Every run of maths-looking tokens, between words, that reads as a claim (`2(9) = 18`)."""
    runs: list[str] = []
    run: list[str] = []
    for token in [*_MATH_TOKEN.findall(line.rstrip(".:;")), "STOP"]:
        word = token.lstrip("\\")
        if token.isalpha() and len(token) > 1 and word.lower() not in _MATH_WORDS:
            runs.append("".join(run).strip(" ,."))
            run = []
            continue
        run.append(token)
    return [r for r in runs if re.search(r"[=<>]", r) and re.search(r"\d|[a-z]", r) and len(r) >= 3]


def last_boxed(text: str) -> str | None:
    """The contents of the last \\boxed{...} in the text, braces balanced."""
    matches = list(_BOXED.finditer(text))
    if not matches:
        return None
    start = matches[-1].end()
    depth = 1
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start:index].strip()
    return None


def final_answer(solution: str, steps: list[StepLine]) -> str | None:
    """The final answer: the last \\boxed{}, else an 'the answer is' sentence, else the result of
    the last line with maths; never a fragment such as `: 2` or a line cut off at `10 - 15 =`."""
    boxed = last_boxed(solution)
    if boxed:
        return boxed
    for step in reversed(steps):
        match = _ANSWER_SENTENCE.search(step.text.replace("**", "").replace("__", ""))
        if match:
            said = _said_answer(match.group("said"))
            if said:
                return said
    for step in reversed(steps):
        for formula in reversed(step.formulas):
            result = line_result(formula)
            if result:
                return result
    return None


def _said_answer(said: str) -> str | None:
    """What follows "the answer is": its formula's result, or the words if they hold a number."""
    segments = inline_segments(said)
    if segments:
        return line_result(segments[-1])
    said = said.strip().rstrip(".").strip()
    if re.search(r"\d", said) and not _RELATION_END.search(said):
        return _RELATION_START.sub("", said)
    return None


def line_result(formula: str) -> str | None:
    """The result a formula ends in: `x = 2` stays, `12 \\times 7 + 5 = 89` gives 89, `= 24`
    gives 24; None for a formula cut off after its relation (`10 - 15 =`)."""
    formula = formula.strip().rstrip(".,;:").strip()
    if not formula or _RELATION_END.search(formula):
        return None
    formula = _RELATION_START.sub("", formula)
    parts = [p.strip() for p in re.split(r"(?<![<>!=\\])=(?!=)", formula) if p.strip()]
    if len(parts) < 2:
        return formula or None
    if _ONE_LETTER.match(parts[0]):
        return f"{parts[0]} = {parts[-1]}"  # `x = 4/2 = 2`: the letter and its value
    if not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", parts[0])):
        return parts[-1]  # arithmetic worked out: the value it comes to
    return formula
