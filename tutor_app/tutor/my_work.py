"""Check a student's own working, line by line: the first wrong line, its mistake in words.

Line 1 is where the student starts; the verdict on line n is the checker's verdict on the step
from line n-1 to line n. The first wrong step gets its mistake named (sign error, term not
distributed, ...) and a value that shows it. Blank lines are skipped; `$...$` is unwrapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from tutor_app import verify

MAX_LINES = 60
MAX_LINE = 400
START = "your starting line"

_DOLLARS = re.compile(r"^\$+(.*?)\$+$", re.DOTALL)
_LEADING_WORDS = re.compile(r"^\s*(?:so|then|therefore|thus|hence|=>|⇒|→)\s*[:,]?\s*", re.I)


@dataclass(frozen=True)
class LineMark:
    """One line of the student's working and the verdict on the step that reached it."""

    line: int  # 1 is the starting line
    text: str
    status: str  # valid, invalid or unknown
    reason: str
    counterexample: str | None = None
    mistake: str | None = None  # the kind (mistakes.KINDS) for the first wrong line
    mistake_words: str | None = None
    row: int = 0  # where the line is in the text the student typed (0 is the first row)

    def to_json(self) -> dict[str, Any]:
        """The line as `tutor-app check --json` prints it."""
        out: dict[str, Any] = {
            "line": self.line, "text": self.text, "status": self.status, "reason": self.reason,
            "counterexample": self.counterexample,
        }  # fmt: skip
        if self.mistake is not None:
            out["mistake"] = {"kind": self.mistake, "words": self.mistake_words}
        return out


@dataclass(frozen=True)
class WorkCheck:
    """The verdicts on a student's working."""

    lines: list[LineMark] = field(default_factory=list)
    problem: str = ""  # why nothing could be checked (empty, too long), in words

    @property
    def first_wrong(self) -> int | None:
        """The number of the first line whose step is wrong, or None."""
        return next((mark.line for mark in self.lines if mark.status == "invalid"), None)

    @property
    def correct(self) -> bool:
        """Every step checked and right: nothing wrong, nothing left unchecked, and a step made."""
        steps = self.lines[1:]
        return bool(steps) and all(mark.status == "valid" for mark in steps)

    def to_json(self) -> dict[str, Any]:
        """`{"lines": [...], "first_wrong": n | null}`, as `tutor-app check --json` prints it."""
        out: dict[str, Any] = {
            "lines": [mark.to_json() for mark in self.lines],
            "first_wrong": self.first_wrong,
        }
        if self.problem:
            out["problem"] = self.problem
        return out


def working_lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of what the student typed, each with its row, cleaned for the checker."""
    found = []
    for row, raw in enumerate(text.splitlines()):
        line = _LEADING_WORDS.sub("", raw.strip()).strip().rstrip(".,;")
        dollars = _DOLLARS.match(line)
        if dollars:
            line = dollars.group(1).strip().rstrip(".,;")
        if line:
            found.append((row, line))
    return found


def check_work(
    text: str,
    *,
    known: dict[tuple[str, str], LineMark] | None = None,
) -> WorkCheck:
    """Check every step of the student's working; name the mistake in the first wrong one.

    `known` maps (previous line, line) pairs already checked, by row, to their marks, so the
    editor re-checks only the lines that changed as the student types.
    """
    if not isinstance(text, str) or not text.strip():
        return WorkCheck(problem="Type your working, one step per line.")
    rows = working_lines(text)
    if len(rows) > MAX_LINES:
        return WorkCheck(problem=f"That is {len(rows)} lines: check at most {MAX_LINES} at once.")
    marks = []
    for number, (row, line) in enumerate(rows, start=1):
        if number == 1:
            marks.append(LineMark(1, line, "unknown", START, row=row))
            continue
        if len(line) > MAX_LINE:
            marks.append(LineMark(number, line, "unknown", "too long to check", row=row))
            continue
        before = rows[number - 2][1]
        cached = (known or {}).get((before, line))
        if cached is not None:
            marks.append(replace(cached, line=number, row=row))
            continue
        verdict = verify.check_step(before, line)
        marks.append(LineMark(number, line, verdict.status, verdict.reason,
                              verdict.counterexample, row=row))  # fmt: skip
    return WorkCheck(_name_first_mistake(marks, rows))


def _name_first_mistake(marks: list[LineMark], rows: list[tuple[int, str]]) -> list[LineMark]:
    """Name the mistake in the first wrong step only: later steps build on a wrong line."""
    first = next((i for i, mark in enumerate(marks) if mark.status == "invalid"), None)
    for index, mark in enumerate(marks):
        if index != first and mark.mistake is not None:
            marks[index] = replace(mark, mistake=None, mistake_words=None)
    if first is not None and marks[first].mistake is None:
        named = verify.name_mistake(rows[first - 1][1], marks[first].text)
        if named is not None:
            marks[first] = replace(
                marks[first], mistake=named["kind"], mistake_words=named["words"]
            )
    return marks


def remembered(result: WorkCheck) -> dict[tuple[str, str], LineMark]:
    """The marks of a check, keyed for `check_work(known=...)`: unchanged steps are not re-run."""
    return {(before.text, mark.text): mark for before, mark in zip(result.lines, result.lines[1:])}


def summary(result: WorkCheck) -> str:
    """One sentence on the whole working, for the student."""
    if result.problem:
        return result.problem
    if len(result.lines) < 2:
        return "Add the next line of your working: each line is checked against the one before."
    wrong = result.first_wrong
    if wrong is not None:
        mark = result.lines[wrong - 1]
        what = f": {mark.mistake_words}" if mark.mistake_words else ""
        return f"Line {wrong} does not follow from line {wrong - 1}{what}."
    unchecked = [m.line for m in result.lines[1:] if m.status != "valid"]
    if unchecked:
        shown = ", ".join(str(n) for n in unchecked)
        return f"No wrong step found, but line(s) {shown} could not be checked."
    return "Every step follows from the one before."
