"""SymPy as the ground truth: safe parsing, answer equivalence, step checks and CAS solving.

The public functions here never evaluate untrusted text with `eval`: text is tokenised against
a whitelist and read by our own parser, and all SymPy work runs in a worker process with a time
and memory limit (see `sandbox`). This module itself imports no SymPy, so it is cheap to import.
"""

from __future__ import annotations

from typing import Any

from tutor_app.verify.sandbox import CasFailure, CasTimeout, default_pool
from tutor_app.verify.verdict import Verdict, unknown

MAX_TEXT = 2000
# A model's whole worked solution may hold the final answer: it is cut down before parsing.
MAX_ANSWER_TEXT = 40000

__all__ = ["Verdict", "check_step", "compare_answers", "solve_problem", "warm_up"]


def compare_answers(gold: str, candidate: str) -> Verdict:
    """Whether `candidate` means the same final answer as `gold` (equivalent/not/unknown)."""
    return _run("compare_answers", gold, candidate, limit=MAX_ANSWER_TEXT)


def check_step(before: str, after: str, context: dict[str, Any] | None = None) -> Verdict:
    """Whether line `after` follows from `before` with the same meaning (valid/invalid/unknown)."""
    return _run("check_step", before, after, dict(context or {}))


def solve_problem(problem: str) -> dict[str, Any] | None:
    """The CAS ground truth for a question, or None when SymPy cannot answer it directly."""
    if not isinstance(problem, str) or not problem.strip() or len(problem) > MAX_TEXT:
        return None
    try:
        result: dict[str, Any] | None = default_pool().run("solve_problem", problem)
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
