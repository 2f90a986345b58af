"""The ground truth for a question: what the reader understood and what the CAS answered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tutor_app import verify
from tutor_app.tutor.reader import read_question
from tutor_app.verify import Task, Verdict

NOT_READ = (
    "the question reader could not tell exactly what this question asks, so there is no "
    "computer-algebra answer to check against"
)
NOT_ANSWERED = "the computer algebra system could not answer this question exactly"
_RELATION = re.compile(r"(?<![<>!=])=(?!=)|<|>|\\le|\\ge|≤|≥")


@dataclass(frozen=True)
class GroundTruth:
    """What is known before the model writes a word: the task read and the CAS answer."""

    task: Task | None = None
    answer: str | None = None  # LaTeX, in the form the question asks
    value: str | None = None  # bare values for one unknown: `2, 3` beside `x = 2 or x = 3`
    statement: str | None = None  # what the line checks start from
    check: str | None = None  # "identity" or "equation"
    skill: str = "general"
    reason: str = NOT_READ  # why there is no answer, in words for the student

    @property
    def kind(self) -> str | None:
        """The task kind ("solve", "evaluate", ...), or None when the question was not read."""
        return self.task.kind if self.task else None

    @classmethod
    def from_cas(cls, task: Task, answer: dict[str, Any]) -> GroundTruth:
        """Wrap the CAS worker's answer."""
        return cls(
            task=task,
            answer=answer["answer"],
            value=answer.get("value"),
            statement=answer.get("statement"),
            check=answer.get("check"),
            skill=answer.get("skill") or "general",
            reason="",
        )


def find_truth(question: str) -> GroundTruth:
    """Read the question and ask the CAS; an empty truth (with the reason) when either cannot."""
    task = read_question(question)
    if task is None:
        return GroundTruth()
    answer = verify.answer_task(task)
    if answer is None:
        return GroundTruth(task=task, reason=NOT_ANSWERED)
    return GroundTruth.from_cas(task, answer)


def judge_final(truth: GroundTruth, final: str) -> Verdict:
    """Compare a final answer with the CAS answer; a bare `2` answers "find x" as `x = 2` does."""
    assert truth.answer is not None
    if truth.value and not _RELATION.search(final):
        return verify.compare_answers(truth.value, final)
    return verify.compare_answers(truth.answer, final)
