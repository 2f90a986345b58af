"""The operations a CAS worker process runs, by name (all take and return picklable values)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tutor_app.verify.answers.judge import judge_answers
from tutor_app.verify.cas.tasks import answer_task
from tutor_app.verify.cas.worked import work_task
from tutor_app.verify.steps.check import judge_step
from tutor_app.verify.steps.mistakes import name_mistake
from tutor_app.verify.task import Task


def _ping() -> str:
    return "pong"


def _burn_memory(megabytes: int, hold_seconds: float = 0.0, per_10_mb: float = 0.0) -> int:
    """Allocate memory on purpose (at once, or 10 MB every `per_10_mb` seconds, as a growing
    computation does) and hold it a while: used only by the tests of the memory limit."""
    import time

    if per_10_mb <= 0:
        blocks = [bytearray(megabytes * 1024 * 1024)]  # zero-filled: resident, not reserved
    else:
        blocks = []
        for _ in range(0, megabytes, 10):
            blocks.append(bytearray(10 * 1024 * 1024))
            time.sleep(per_10_mb)
    time.sleep(hold_seconds)
    return sum(len(block) for block in blocks)


def _sleep(seconds: float) -> float:
    """Take a while on purpose: used only by the tests of the time limit."""
    import time

    time.sleep(seconds)
    return seconds


def warm_up() -> None:
    """Run one small check of each kind, so the first real one is not slowed by lazy imports."""
    judge_answers("x = 2", "2 = x")
    judge_step("2x + 3 = 7", "2x = 4")
    answer_task(Task("solve", ("2x + 3 = 7",)))
    answer_task(Task("evaluate", ("f(2)",), givens=("f(x) = x^2",)))
    work_task(Task("solve", ("x^2 - 5x + 6 = 0",)))


OPERATIONS: dict[str, Callable[..., Any]] = {
    "compare_answers": judge_answers,
    "check_step": judge_step,
    "answer_task": answer_task,
    "work_task": work_task,
    "name_mistake": name_mistake,
    "ping": _ping,
    "burn_memory": _burn_memory,
    "sleep": _sleep,
}
