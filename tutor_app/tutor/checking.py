"""Check every line of a worked solution: transitions between statements and arithmetic claims."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tutor_app import verify
from tutor_app.tutor.lines import StepLine
from tutor_app.tutor.solution import CheckedStep
from tutor_app.verify import Verdict

# Tasks whose lines rewrite one expression (identity chains) rather than transform an equation.
IDENTITY_TASKS = {"simplify", "expand", "factor", "evaluate", "derivative", "integral", "limit"}
_RELATION = re.compile(r"(?<![<>!=])=(?!=)|<|>|\\le|\\ge|\\neq|\\lt|\\gt")
_COMMAND_OR_FUNCTION = re.compile(
    r"\\[A-Za-z]+|\b(?:sqrt|sin|cos|tan|log|ln|exp|pi|abs|or|and)\b|\\text\{[^}]*\}"
)


@dataclass
class CheckState:
    """What the checker carries from line to line."""

    statement: str | None = None  # the last equation or inequality with variables
    question: str | None = None  # the question's own statement, which a line may restate
    expression: str | None = None  # the last expression, for identity chains and "= ..." lines


def has_variable(math: str) -> bool:
    """Whether the maths mentions a letter that is not a command or function name."""
    return bool(re.search(r"[A-Za-z]", _COMMAND_OR_FUNCTION.sub(" ", math)))


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
            if before not in "<>!=" and after != "=":
                parts.append(math[start:index])
                start = index + 1
    parts.append(math[start:])
    return [p.strip() for p in parts]


def check_lines(
    steps: list[StepLine],
    task: str | None,
    statement: str | None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[CheckedStep]:
    """Give each line a verdict; the first statement is compared with the problem's own."""
    identity = task in IDENTITY_TASKS
    state = CheckState()
    if statement:
        if identity:
            state.expression = statement
        elif _RELATION.search(statement):
            state.statement = state.question = statement
    checked = []
    for step in steps:
        if cancelled():
            break
        verdicts = [v for other in step.others for v in _arithmetic_claims(other)]
        if step.math:
            verdicts += _check_one(step.math, identity, state)
        checked.append(_combine(step, verdicts))
    return checked


def _arithmetic_claims(math: str) -> list[Verdict]:
    """Check `a = b` pairs in which neither side has a variable."""
    parts = [p for p in split_equals(math) if p]
    return [
        verify.check_step(left, right)
        for left, right in zip(parts, parts[1:])
        if not has_variable(left) and not has_variable(right)
    ]


def _check_one(math: str, identity: bool, state: CheckState) -> list[Verdict]:
    verdicts: list[Verdict] = []
    if math.lstrip().startswith("=") and state.expression:
        verdicts.append(verify.check_step(state.expression, math))
        state.expression = split_equals(math)[-1]
        return verdicts
    parts = [p for p in split_equals(math) if p]
    for left, right in zip(parts, parts[1:]):
        if not has_variable(left) and not has_variable(right):
            verdicts.append(verify.check_step(left, right))
        elif identity:
            verdicts.append(verify.check_step(left, right))
    if identity:
        if state.expression and len(parts) == 1:
            verdicts.append(verify.check_step(state.expression, parts[0]))
        state.expression = parts[-1]
        return verdicts
    if not _RELATION.search(math):
        state.expression = parts[-1]
        return verdicts
    if len(parts) > 2:
        math = f"{parts[0]} = {parts[-1]}"
    if not has_variable(math):
        return verdicts
    if state.statement:
        verdict = verify.check_step(state.statement, math)
        if verdict.status == "invalid" and state.question and state.question != state.statement:
            # Going back to the question (after a slip, or to restate it) is not a wrong step.
            again = verify.check_step(state.question, math)
            if again.status == "valid":
                verdict = Verdict("valid", "restates the question")
        verdicts.append(verdict)
    state.statement = math
    return verdicts


def _combine(step: StepLine, verdicts: list[Verdict]) -> CheckedStep:
    if not step.math:
        return CheckedStep(step.number, step.text, None, "unknown", "no maths on this line")
    invalid = [v for v in verdicts if v.status == "invalid"]
    valid = [v for v in verdicts if v.status == "valid"]
    if invalid:
        first = invalid[0]
        return CheckedStep(
            step.number, step.text, step.math, "invalid", first.reason, first.counterexample
        )
    if valid:
        notes = "; ".join(v.note for v in valid if v.note) or None
        return CheckedStep(step.number, step.text, step.math, "valid", valid[0].reason, note=notes)
    reason = verdicts[0].reason if verdicts else "nothing on this line to check against"
    return CheckedStep(step.number, step.text, step.math, "unknown", reason)


_ASSIGNMENT = re.compile(r"^\s*([A-Za-z](?:_\w+)?)\s*=\s*(.+)$", re.DOTALL)
_ANSWER_PARTS = re.compile(r",|;|\\text\{\s*(?:or|and)\s*\}|\bor\b|\band\b")


def is_explicit_answer(answer: str) -> bool:
    """Whether an answer to an equation names values (`x = 2`, `2`), not the equation again."""
    for part in (p.strip() for p in _ANSWER_PARTS.split(answer)):
        if not part:
            continue
        match = _ASSIGNMENT.match(part)
        if match is None:
            if "=" in part or _RELATION.search(part):
                return False
            continue
        name, value = match.groups()
        if "=" in value or re.search(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z])", value):
            return False
    return True
