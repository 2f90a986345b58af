"""Mastery by Bayesian Knowledge Tracing, its bands, and when a mastered skill comes back.

Standard BKT (Corbett and Anderson, 1995): the probability p that a student knows a skill is
updated by each answer, then by the chance of learning from the opportunity:

    after a right answer: p' = p(1 - slip) / (p(1 - slip) + (1 - p) guess)
    after a wrong answer: p' = p slip / (p slip + (1 - p)(1 - guess))
    then:                 p'' = p' + (1 - p') learn

A right answer given after a bottom-out hint (the full worked solution was shown) is not
evidence that the student knows the skill: it counts as an opportunity to learn only.
Mastery is computed from the stored evidence, so it can be recomputed when the parameters
change (`replay`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tutor_app.tutor.skills import BY_KEY, Skill

MASTERED, PROFICIENT, FAMILIAR = 0.95, 0.8, 0.5
BANDS = ("Not started", "Attempted", "Familiar", "Proficient", "Mastered")
# A mastered skill comes back for a short check after these gaps, growing while it is kept.
REVIEW_DAYS = (1, 3, 7, 14, 30, 60)


@dataclass(frozen=True)
class Evidence:
    """One piece of what a student did with a skill: right or wrong, and how much help."""

    skill: str
    correct: bool
    at: datetime
    bottom_out: bool = False  # the answer came after the full worked solution was shown


@dataclass(frozen=True)
class SkillState:
    """Where a student stands with one skill."""

    skill: str
    p_known: float
    opportunities: int
    last_practised: datetime | None
    reviews_passed: int = 0  # right answers since the skill was first mastered
    mastered_at: datetime | None = None

    @property
    def band(self) -> str:
        """Not started, Attempted, Familiar, Proficient or Mastered."""
        return band(self.p_known, self.opportunities)

    def due(self, now: datetime) -> bool:
        """Whether a mastered skill is due for its review."""
        when = self.next_review()
        return when is not None and when <= now

    def next_review(self) -> datetime | None:
        """When a mastered skill should next be checked, growing with each review kept."""
        if self.mastered_at is None or self.last_practised is None:
            return None
        gap = REVIEW_DAYS[min(self.reviews_passed, len(REVIEW_DAYS) - 1)]
        return self.last_practised + timedelta(days=gap)


def band(p_known: float, opportunities: int) -> str:
    """The band a probability of knowing a skill falls in."""
    if opportunities == 0:
        return "Not started"
    if p_known >= MASTERED:
        return "Mastered"
    if p_known >= PROFICIENT:
        return "Proficient"
    if p_known >= FAMILIAR:
        return "Familiar"
    return "Attempted"


def update(p_known: float, correct: bool, skill: Skill, bottom_out: bool = False) -> float:
    """One BKT step: the answer's evidence (none after a bottom-out hint), then learning."""
    if not bottom_out:
        if correct:
            seen = p_known * (1 - skill.slip)
            p_known = seen / (seen + (1 - p_known) * skill.guess)
        else:
            seen = p_known * skill.slip
            p_known = seen / (seen + (1 - p_known) * (1 - skill.guess))
    return p_known + (1 - p_known) * skill.learn


def replay(evidence: Iterable[Evidence]) -> dict[str, SkillState]:
    """Every skill's state from a student's evidence, oldest first."""
    states: dict[str, SkillState] = {}
    for item in sorted(evidence, key=lambda e: e.at):
        skill = BY_KEY.get(item.skill)
        if skill is None:
            continue
        state = states.get(item.skill) or SkillState(item.skill, skill.prior, 0, None)
        p_known = update(state.p_known, item.correct, skill, item.bottom_out)
        mastered_at, reviews = state.mastered_at, state.reviews_passed
        due = state.next_review()
        if due is not None and item.at >= due and item.correct and not item.bottom_out:
            reviews += 1  # a review passed when it was due: the next gap grows
        if mastered_at is None and p_known >= MASTERED:
            mastered_at = item.at
        elif mastered_at is not None and p_known < PROFICIENT:
            mastered_at, reviews = None, 0  # forgotten: it has to be mastered again
        states[item.skill] = SkillState(
            item.skill, p_known, state.opportunities + 1, item.at, reviews, mastered_at
        )
    return states
