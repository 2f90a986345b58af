"""A practice session for one student: the next problem, answers graded and hints taken, each
recorded as evidence. Used by `tutor-app practice` and the window's Practice mode."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tutor_app.store.records import EvidenceRecord
from tutor_app.tutor import hints
from tutor_app.tutor.hints import Hint, Ladder
from tutor_app.tutor.mastery import SkillState
from tutor_app.tutor.pipeline import ChatModel
from tutor_app.tutor.practice import TEMPLATES, Problem, generate, grade
from tutor_app.tutor.progress import next_skills, progress, record
from tutor_app.tutor.truth import GroundTruth
from tutor_app.verify import Verdict

MAX_SECONDS = 600.0  # time on one problem beyond this is not counted (the student left)


@dataclass
class Round:
    """One problem being worked on: its hints taken, tries made and when it was shown."""

    problem: Problem
    started: float = field(default_factory=time.monotonic)
    hint_level: int = 0
    tries: int = 0
    solved: bool = False
    ladder: Ladder | None = None


@dataclass(frozen=True)
class Marked:
    """The outcome of one answer: the checker's verdict and the skill's state after it."""

    right: bool
    verdict: Verdict
    state: SkillState | None
    read: bool = True  # False: the checker could not read the answer; nothing was recorded


class Coach:
    """Hands out practice problems for a student and records what they do with them."""

    def __init__(self, store: Any, student_id: str, *, skill: str | None = None,
                 seed: int = 0) -> None:  # fmt: skip
        if skill is not None and skill not in TEMPLATES:
            raise ValueError(f"no such skill: {skill} (one of {', '.join(TEMPLATES)})")
        self.store, self.student_id, self.skill, self.seed = store, student_id, skill, seed
        self.count = 0
        self.current: Round | None = None

    def next_problem(self, now: datetime | None = None) -> Problem:
        """The next problem: the chosen skill, else a due review or the weakest open skill."""
        skill = self.skill
        if skill is None:
            states = progress(self.store, self.student_id, now).states
            queue = next_skills(states, now or datetime.now(timezone.utc))
            skill = queue[self.count % len(queue)] if queue else next(iter(TEMPLATES))
        problem = generate(skill, self.seed + self.count)
        self.count += 1
        self.current = Round(problem)
        return problem

    def answer(self, typed: str) -> Marked:
        """Grade an answer to the current problem by the checker and record it (an answer the
        checker cannot read is not recorded: the student is asked to write it again)."""
        current = self._current()
        verdict = grade(current.problem, typed)
        if verdict.status == "unknown":  # "2x+": not an answer, so neither right nor wrong
            return Marked(False, verdict, None, read=False)
        right = verdict.status == "equivalent"
        current.tries += 1
        current.solved = right
        seconds = min(MAX_SECONDS, time.monotonic() - current.started)
        current.started = time.monotonic()
        state = record(
            self.store,
            EvidenceRecord(
                self.student_id, current.problem.skill, "practice", current.problem.question,
                right, hint_level=current.hint_level, seconds=seconds, answer=typed[:500],
            ),
        )  # fmt: skip
        return Marked(right, verdict, state)

    def take_hint(self, model: ChatModel | None = None, *, cas_first: bool = False) -> Hint | None:
        """The next rung of the hint ladder for the current problem, recorded; None at the top."""
        current = self._current()
        if current.hint_level >= hints.WORKED:
            return None
        if current.ladder is None:
            current.ladder = _ladder(current.problem)
        level = current.hint_level + 1
        found = hints.hint(current.ladder, level, model, seed=self.seed + self.count,
                           cas_first=cas_first)  # fmt: skip
        if found is None and level < hints.WORKED:
            found = hints.Hint(level, _answer_line(current.problem, level), "cas")
        if found is None:
            found = hints.Hint(level, f"The answer is ${current.problem.answer}$.", "cas")
        current.hint_level = level
        record(self.store, EvidenceRecord(self.student_id, current.problem.skill, "hint",
                                          current.problem.question, hint_level=level))  # fmt: skip
        return found

    def _current(self) -> Round:
        if self.current is None:
            raise RuntimeError("no problem yet: call next_problem() first")
        return self.current


def _ladder(problem: Problem) -> Ladder:
    """The hint ladder for a practice problem: from the CAS, or from the template's own lines."""
    ladder = hints.prepare(problem.question)
    if ladder.cas_lines or not problem.steps:
        return ladder
    truth = GroundTruth(answer=problem.answer, skill=problem.skill)
    return Ladder(problem.question, truth, problem.steps)


def _answer_line(problem: Problem, level: int) -> str:
    """A hint when the CAS could not read a practice problem: the kind of answer expected."""
    if level == hints.NUDGE:
        return "Read the question again: what exactly does it ask for?"
    return "Work one small step at a time and check each against the one before."
