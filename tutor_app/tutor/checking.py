"""Check every line of a worked solution: transitions between statements and arithmetic claims."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from tutor_app import verify
from tutor_app.tutor.lines import FORMULA, StepLine
from tutor_app.tutor.solution import CheckedStep
from tutor_app.verify import Verdict

IDENTITY = "identity"  # lines rewrite one expression (a chain of equal values)
_RELATION = re.compile(r"(?<![<>!=])=(?!=)|<|>|\\le|\\ge|\\neq|\\lt|\\gt")
_COMMAND_OR_FUNCTION = re.compile(
    r"\\frac\s*\{\s*d(?:\^\{?\d+\}?)?\s*\}\s*\{\s*d\s*[A-Za-z](?:\^\{?\d+\}?)?\s*\}"  # d/dx
    r"|(?<=\s)d[A-Za-z]\s*$|\\,\s*d[A-Za-z]\b"  # the differential closing an integral
    r"|\\[A-Za-z]+|\b(?:sqrt|sin|cos|tan|log|ln|exp|pi|abs|or|and)\b|\\text\{[^}]*\}"
)
# `+ C`: the constant of integration after an antiderivative; the value before it is checked.
_INTEGRATION_CONSTANT = re.compile(r"\s*\+\s*[CK]\s*$")


@dataclass
class CheckState:
    """What the checker carries from line to line."""

    statement: str | None = None  # the last equation or inequality with variables
    question: str | None = None  # the question's own statement, which a line may restate
    expression: str | None = None  # the last expression, for identity chains and "= ..." lines
    real: bool = True  # school maths: solutions are real numbers unless the question says not

    def check(self, before: str, after: str) -> Verdict:
        """The checker's verdict on one step, in the number system of the question."""
        return verify.check_step(before, after, {"assume_real": True} if self.real else None)


def has_variable(math: str) -> bool:
    """Whether the maths mentions a letter that is not a command or function name."""
    return bool(letters(math))


def split_equals(math: str) -> list[str]:
    """Split `a = b = c` at top-level equals signs (not <=, >=, !=, ==)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(math):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char == "=" and depth == 0:
            before = math[index - 1] if index else ""
            after = math[index + 1] if index + 1 < len(math) else ""
            if (not before or before not in "<>!=") and after != "=":
                parts.append(math[start:index])
                start = index + 1
    parts.append(math[start:])
    return [p.strip() for p in parts]


def check_lines(
    steps: list[StepLine],
    mode: str | None,
    statement: str | None,
    cancelled: Callable[[], bool] = lambda: False,
    real: bool = True,
) -> list[CheckedStep]:
    """Give each line a verdict; the first statement is compared with the problem's own.

    `mode` is "identity" when the lines rewrite one expression, else lines transform equations.
    """
    identity = mode == IDENTITY
    state = CheckState(real=real)
    if statement:
        if identity:
            state.expression = statement
        elif _RELATION.search(statement):
            state.statement = state.question = statement
    checked = []
    for step in steps:
        if cancelled():
            break
        prose = is_prose(step.text)
        findings = [
            f for formula in step.formulas for f in _check_one(formula, identity, state, prose)
        ]
        checked.append(_combine(step, findings))
    return checked


def is_prose(line: str) -> bool:
    """Whether a line has words besides its formulas (`We factor $x^2 - 1$ as ...`)."""
    return bool(re.search(r"[A-Za-z]{3,}", FORMULA.sub(" ", _COMMAND_OR_FUNCTION.sub(" ", line))))


def letters(math: str) -> set[str]:
    """The variable letters a formula uses (command and function names left out)."""
    return set(re.findall(r"[A-Za-z]", _COMMAND_OR_FUNCTION.sub(" ", math)))


def _introduces_letters(math: str, state: CheckState) -> bool:
    """Whether a formula brings letters the work so far has not used: a side remark such as
    the general form `ax^2 + bx + c = 0`, or a name `f'(x) =`, not a step from the line before."""
    known = _known_letters(state)
    return bool(known) and not letters(math) <= known


def _known_letters(state: CheckState) -> set[str]:
    """The letters the work so far has used."""
    return set().union(*(letters(m) for m in (state.statement, state.question, state.expression)
                         if m))  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One check made on a line: the verdict, what was compared, and what kind of check."""

    verdict: Verdict
    checked: str  # the claim or the step, in maths: `2 + 2 = 4`
    kind: str  # "claim" (a calculation), "step" (from the line before), "restates"


def _restates(math: str, *earlier: str | None) -> bool:
    """Whether a formula says again what an earlier line (or the question) said."""
    return any(e is not None and _normal(e) == _normal(math) for e in earlier)


def _normal(math: str) -> str:
    math = re.sub(r"\\(?:left|right|,|!|;|:|\s)|[{}\s]", "", math)
    return math.replace("\\cdot", "*").replace("\\times", "*").replace("\\dfrac", "\\frac")


def _check_one(math: str, identity: bool, state: CheckState, prose: bool) -> list[Finding]:
    named = False
    if identity and _INTEGRATION_CONSTANT.search(math) and "C" not in _known_letters(state):
        math = _INTEGRATION_CONSTANT.sub("", math)
    if identity:  # `f'(x) = 3x^2`, `y = x + 1`: the name on the left is not part of the chain
        parts = split_equals(math)
        while len(parts) > 1 and _introduces_letters(parts[0], state):
            parts, named = parts[1:], True
        math = " = ".join(parts)
    if has_variable(math) and _introduces_letters(math, state):
        return [Finding(Verdict("unknown", "new letters: not a step from the line before"), math,
                        "step")]  # fmt: skip
    findings: list[Finding] = []
    if math.lstrip().startswith("=") and state.expression:
        value = math.lstrip()[1:].strip()
        if _restates(value, state.expression):
            return [Finding(Verdict("valid", "the same as the line before"), value, "restates")]
        findings.append(
            Finding(state.check(state.expression, math), f"{state.expression} = {value}", "step")
        )
        state.expression = split_equals(math)[-1]
        return findings
    # `x = 3 or x = -3` and a system `x = 6, y = 4`: one statement each, not a chain
    alternatives = " or " in math or _has_top_level_comma(math)
    parts = [math] if alternatives else [p for p in split_equals(math) if p]
    for left, right in zip(parts, parts[1:]):
        if not has_variable(left) and not has_variable(right):
            findings.append(Finding(state.check(left, right), f"{left} = {right}", "claim"))
        elif identity:
            findings.append(Finding(state.check(left, right), f"{left} = {right}", "claim"))
    if identity:
        if len(parts) == 1 and (prose or named):
            if named:  # `f'(x) = 3x^2`: the result the next `= ...` line goes on from
                state.expression = parts[0]
            return findings  # an expression mentioned in a sentence is not a step
        if state.expression and len(parts) == 1:
            if _restates(parts[0], state.expression):
                return [Finding(Verdict("valid", "the same"), parts[0], "restates")]
            findings.append(
                Finding(
                    state.check(state.expression, parts[0]),
                    f"{state.expression} = {parts[0]}",
                    "step",
                )  # fmt: skip
            )
        state.expression = parts[-1]
        return findings
    if not _RELATION.search(math):
        state.expression = parts[-1]
        return findings
    if len(parts) > 2 and not alternatives:
        math = f"{parts[0]} = {parts[-1]}"
    if not has_variable(math):
        if not alternatives:  # `2 + 3 = 5`: a later `= 5 \\cdot 2` goes on from 5
            state.expression = parts[-1]
        return findings
    if _restates(math, state.statement, state.question) and not findings:
        state.statement = math  # going back to the question: the next line goes on from it
        return [Finding(Verdict("valid", "the same"), math, "restates")]
    if state.statement:
        verdict = state.check(state.statement, math)
        kind = "step"
        if verdict.status == "invalid" and state.question and state.question != state.statement:
            # Going back to the question (after a slip, or to restate it) is not a wrong step.
            again = state.check(state.question, math)
            if again.status == "valid":
                verdict, kind = Verdict("valid", "restates the question"), "restates"
        findings.append(Finding(verdict, math, kind))
    state.statement = math
    return findings


def _has_top_level_comma(math: str) -> bool:
    """Whether a formula lists statements with commas outside brackets (a system)."""
    depth = 0
    for index, char in enumerate(math):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char == "," and depth == 0 and not math[:index].endswith("\\"):  # `\,` is a space
            return bool(_RELATION.search(math))
    return False


def _combine(step: StepLine, findings: list[Finding]) -> CheckedStep:
    if not step.math:
        return CheckedStep(step.number, step.text, None, "unknown", "no maths on this line")
    invalid = [f.verdict for f in findings if f.verdict.status == "invalid"]
    if invalid:
        first = invalid[0]
        return CheckedStep(
            step.number, step.text, step.math, "invalid", first.reason, first.counterexample
        )
    valid = [f for f in findings if f.verdict.status == "valid" and f.kind != "restates"]
    if valid:
        notes = "; ".join(f.verdict.note for f in valid if f.verdict.note) or None
        reason = "; ".join(_what_was_checked(f) for f in valid[:2])
        return CheckedStep(step.number, step.text, step.math, "valid", reason, note=notes)
    if findings and all(f.kind == "restates" for f in findings):
        reason = "says again what was said before: not a new step, so nothing new to check"
        return CheckedStep(step.number, step.text, step.math, "restates", reason)
    reason = findings[0].verdict.reason if findings else "nothing on this line to check against"
    return CheckedStep(step.number, step.text, step.math, "unknown", reason)


def _plain(math: str) -> str:
    """A formula for a sentence: without LaTeX's sizing commands, times as a dot."""
    math = re.sub(r"\\(?:left|right)\b|\\[,;!:]", "", math)
    math = re.sub(r"\\(?:cdot|times)\b", "·", math)
    return re.sub(r"\s+", " ", math).strip()


def _what_was_checked(finding: Finding) -> str:
    """What a valid verdict promises, in words: the claim or the step, never the prose."""
    shown = _plain(finding.checked)
    if finding.kind == "claim":
        return f"{shown} is right"
    if _RELATION.search(finding.checked) and "=" not in finding.checked.split(" = ")[0]:
        return f"{shown} follows from the line before ({finding.verdict.reason})"
    return f"{shown}: {finding.verdict.reason}"


WRONG_ANSWER = "this final answer does not match the computer algebra answer"


def mark_wrong_answer(checked: list[CheckedStep], answer: str) -> list[CheckedStep]:
    """The line giving a final answer known to be wrong is wrong, whatever led up to it.

    A line that follows from a wrong line is otherwise 'valid' (it follows), but a student reads
    a tick beside "the answer is x = 2" as "x = 2 is right".
    """
    for index in range(len(checked) - 1, -1, -1):
        step = checked[index]
        if step.math and answer in step.math:
            if step.status != "invalid":
                checked = list(checked)
                checked[index] = replace(step, status="invalid", reason=WRONG_ANSWER, note=None)
            break
    return checked


_ASSIGNMENT = re.compile(r"^\s*([A-Za-z](?:_\w+)?)\s*=\s*(.+)$", re.DOTALL)
_ANSWER_PARTS = re.compile(r",|;|\\text\{\s*(?:or|and)\s*\}|\bor\b|\band\b")
_BOUND = re.compile(r"(?<![<>!=])=(?!=)|<=?|>=?|\\(?:le|ge|leq|geq|lt|gt)(?![A-Za-z])|≤|≥")


def is_explicit_answer(answer: str) -> bool:
    """Whether an answer names values (`x = 2`, `2`, `x > 3`, `-1 < x < 2`), not the question."""
    for part in (p.strip() for p in _ANSWER_PARTS.split(answer)):
        if part and not _names_values(part):
            return False
    return True


def _names_values(part: str) -> bool:
    """One part of an answer: a value, or one letter given or bounded by values that do not
    mention it (`x = 2`, `x = e^2`, `3 < x`, `1 < x \\le 4`; not `x = 7 - 2x`)."""
    sides = [side.strip() for side in _BOUND.split(part)]
    if len(sides) == 1:
        return True
    if len(sides) == 2:
        name = next((side for side in sides if _NAME.fullmatch(side)), None)
    else:
        name = sides[1] if len(sides) == 3 and _NAME.fullmatch(sides[1]) else None
    if name is None:
        return False
    mention = re.compile(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z])")
    return not any(mention.search(side) for side in sides if side is not name)


_NAME = re.compile(r"[A-Za-z](?:_\w+)?")
