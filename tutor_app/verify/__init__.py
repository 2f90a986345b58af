"""SymPy as the ground truth: safe parsing, answer equivalence, step checks and CAS solving.

The public functions here never evaluate untrusted text with `eval`: text is tokenised against
a whitelist and read by our own parser, and all SymPy work runs in a worker process with a time
and memory limit (see `sandbox`). This module itself imports no SymPy, so it is cheap to import.
"""

from __future__ import annotations

import importlib
from typing import Any

from tutor_app.verify.sandbox import CasFailure, CasTimeout, default_pool
from tutor_app.verify.task import Task
from tutor_app.verify.verdict import Verdict, unknown

# The maths reader's names that the plot reader uses in its own process, imported on first use
# (they bring SymPy), so that this surface stays cheap: `from tutor_app.verify import parse_math`.
_READER = {
    "parse_math": "parse.parsing", "Rel": "parse.parsing", "PM": "parse.parsing",
    "PERCENT": "parse.parsing", "ParseError": "parse.tokens", "INF": "parse.vocabulary",
}  # fmt: skip

MAX_TEXT = 2000
# A model's whole worked solution may hold the final answer: it is cut down before parsing.
MAX_ANSWER_TEXT = 40000
# Answering a task may solve a system or simplify a trigonometric product: more than a check.
TASK_TIME_LIMIT = 4.0

__all__ = [
    "Task",
    "Verdict",
    "answer_task",
    "check_step",
    "compare_answers",
    "name_mistake",
    "warm_up",
    "work_task",
]


def compare_answers(gold: str, candidate: str) -> Verdict:
    """Whether `candidate` means the same final answer as `gold` (equivalent/not/unknown)."""
    return _run("compare_answers", gold, candidate, limit=MAX_ANSWER_TEXT)


def check_step(before: str, after: str, context: dict[str, Any] | None = None) -> Verdict:
    """Whether line `after` follows from `before` with the same meaning (valid/invalid/unknown)."""
    return _run("check_step", before, after, dict(context or {}))


def name_mistake(before: str, after: str) -> dict[str, str] | None:
    """The mistake in a wrong step, named as a teacher would: {"kind", "words"} (kinds in
    `mistakes.KINDS`: sign_error, not_distributed, ...), or None when no one repair explains it."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return None
    if len(before) > MAX_TEXT or len(after) > MAX_TEXT:
        return None
    try:
        named: dict[str, str] | None = default_pool().run("name_mistake", before, after)
        return named
    except (CasTimeout, CasFailure):
        return None


def answer_task(task: Task) -> dict[str, Any] | None:
    """The CAS answer to a task the question reader built, or None when it has no sure answer.

    The answer holds `task` (the kind), `answer` (LaTeX, in the form asked), `statement` (what
    the checker starts from, or None), `check` ("identity" or "equation"), `skill`, and for
    questions about one unknown `value` (the bare values, such as `2, 3` beside `x = 2 or x = 3`).
    """
    if not isinstance(task, Task):
        return None
    if sum(len(t) for t in (*task.maths, *task.givens)) > MAX_TEXT:
        return None
    try:
        result: dict[str, Any] | None = default_pool().run(
            "answer_task", task, time_limit=TASK_TIME_LIMIT
        )
        return result
    except (CasTimeout, CasFailure):
        return None


def work_task(task: Task) -> list[str] | None:
    """A worked solution written by the CAS for a task it can answer: its lines, one step each
    (words, then the maths in $...$, the answer boxed on the last line), or None."""
    if not isinstance(task, Task):
        return None
    if sum(len(t) for t in (*task.maths, *task.givens)) > MAX_TEXT:
        return None
    try:
        result: list[str] | None = default_pool().run("work_task", task, time_limit=TASK_TIME_LIMIT)
        return result
    except (CasTimeout, CasFailure):
        return None


def warm_up() -> None:
    """Start the CAS worker now, so the first check does not wait for SymPy to import."""
    default_pool().warm_up()


def _run(name: str, *texts: Any, limit: int = MAX_TEXT) -> Verdict:
    for text in texts:
        if isinstance(text, str) and len(text) > limit:
            return unknown(f"too long to check ({len(text)} characters)")
    if not all(isinstance(t, str) for t in texts if not isinstance(t, dict)):
        return unknown("not text")
    try:
        verdict: Verdict = default_pool().run(name, *texts)
        return verdict
    except CasTimeout as exc:
        return unknown(f"not checkable: {exc}")
    except CasFailure as exc:
        return unknown(f"not checkable: the checker failed ({exc})")


def __getattr__(name: str) -> Any:
    """The maths reader's names (see _READER), imported when first asked for."""
    if name in _READER:
        return getattr(importlib.import_module(f"tutor_app.verify.{_READER[name]}"), name)
    raise AttributeError(f"module 'tutor_app.verify' has no attribute {name!r}")
