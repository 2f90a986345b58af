"""Check a student's own working, line by line: the first wrong line, its mistake in words.

Line 1 is where the student starts; the verdict on line n is the checker's verdict on the step
from line n-1 to line n. The first wrong step gets its mistake named (sign error, term not
distributed, ...) and a value that shows it. Blank lines are skipped; `$...$` is unwrapped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from tutor_app import verify
from tutor_app.errors import TutorError
from tutor_app.store.records import EvidenceRecord

MAX_LINES = 60
MAX_LINE = 400
START = "your starting line"
EXPLAIN_TOKENS = 200  # a few sentences about one step, not a solution

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


def work_evidence(student_id: str, result: WorkCheck, skill: str | None = None) -> EvidenceRecord:
    """The checked working as evidence of the student's skill (kind "own_work").

    The skill is the one given, else what the CAS says line 1 practises. Wrong when a line does
    not follow, right when every step was checked, else kept but not counted (correct None).
    Calls the CAS: run it off the GUI thread.
    """
    from tutor_app.tutor.skills import BY_KEY, skill_of
    from tutor_app.tutor.truth import find_truth

    if not result.lines:
        raise TutorError("there is no working to record")
    if skill is not None and skill not in BY_KEY:
        raise TutorError(f"no such skill: {skill} (one of {', '.join(BY_KEY)})")
    start = result.lines[0].text
    if skill is None:
        asked = f"Solve {start}" if "=" in start else f"Simplify {start}"
        skill = skill_of(find_truth(asked).skill)
    first = result.first_wrong
    correct = False if first is not None else (True if result.correct else None)
    mistake = (result.lines[first - 1].mistake or "") if first is not None else ""
    working = "\n".join(mark.text for mark in result.lines)[:2000]
    return EvidenceRecord(student_id, skill, "own_work", start, correct, answer=working,
                          mistake=mistake)  # fmt: skip


def verdict_lines(result: WorkCheck) -> list[str]:
    """The checker's verdict on the first wrong step, in words: its two lines, the mistake named,
    the value that shows it and the checker's reason (empty when no line is wrong)."""
    first = result.first_wrong
    if first is None:
        return []
    before, wrong = result.lines[first - 2], result.lines[first - 1]
    said = [
        f"Line {first - 1}: {before.text}",
        f"Line {first}: {wrong.text}",
        f"Line {first} does not follow from line {first - 1}: {wrong.reason}.",
    ]
    if wrong.mistake_words:
        said.append(f"The mistake: {wrong.mistake_words}.")
    if wrong.counterexample:
        said.append(f"A value that shows it: {wrong.counterexample}.")
    return said


def mistake_messages(result: WorkCheck) -> list[dict[str, str]]:
    """The chat that asks the model to explain the first wrong step in words, grounded in the
    checker's verdict (the model explains it; it does not judge the step again)."""
    said = verdict_lines(result)
    if not said:
        raise ValueError("no wrong line to explain")
    first = result.first_wrong
    system = (
        "You are a patient maths tutor. A computer algebra checker has found the first wrong "
        "step in a student's working; its verdict below is certain. Explain that mistake to the "
        "student in two or three short sentences of plain words: what went wrong and how to "
        "do that step correctly. Agree with the checker; do not name a different mistake and "
        "do not solve the rest of the problem.\n\nThe checker's verdict:\n" + "\n".join(said)
    )
    user = f"Why is line {first} of my working wrong?\n{said[0]}\n{said[1]}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def explain_mistake(
    model: Any, result: WorkCheck, *, emit: Callable[[str], None], cancelled: Callable[[], bool]
) -> str:
    """Stream the model's explanation of the first wrong step (each piece to `emit`); the text."""
    from tutor_app.engine.runtime import SamplingSettings
    from tutor_app.tutor.pipeline import stop_with

    sampling = SamplingSettings(max_tokens=EXPLAIN_TOKENS)
    stream = stop_with(model.stream_chat(mistake_messages(result), sampling), cancelled)
    pieces = []
    for piece in stream:
        if cancelled():
            stream.cancel()
            continue
        pieces.append(piece)
        emit(piece)
    return "".join(pieces).strip()
