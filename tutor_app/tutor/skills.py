"""The skill map: what a student practises, in what order, and how each skill's mastery moves.

Every question, practice problem and piece of checked work is tagged with one of these skills
(from the question reader's task and the CAS's own reading of the maths). Each skill carries
its Bayesian Knowledge Tracing parameters (see `tutor_app.tutor.mastery`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    """One skill, what it builds on, and how the evidence about it is read.

    prior: how likely a student knows it before any evidence. learn: how likely a practice
    opportunity teaches it to a student who did not know it. slip: how likely a student who
    knows it still answers wrong. guess: how likely one who does not know it answers right
    (low here: answers are typed, not chosen from a list).
    """

    key: str
    name: str
    prerequisites: tuple[str, ...] = ()
    prior: float = 0.2
    learn: float = 0.15
    slip: float = 0.1
    guess: float = 0.1


SKILLS: tuple[Skill, ...] = (
    Skill("whole_numbers", "Whole numbers: factors, remainders, bases"),
    Skill("fractions", "Fractions, decimals and percentages"),
    Skill("exponents", "Exponents and roots", ("fractions",)),
    Skill("linear_equations", "Linear equations", ("fractions",)),
    Skill("inequalities", "Inequalities", ("linear_equations",)),
    Skill("systems", "Systems of two equations", ("linear_equations",)),
    Skill("polynomials", "Polynomials: expand and factor", ("exponents",)),
    Skill("quadratics", "Quadratic equations", ("polynomials", "linear_equations")),
    Skill("functions", "Functions and graphs", ("linear_equations",)),
    Skill("exponentials", "Exponentials and logarithms", ("exponents", "functions")),
    Skill("trigonometry", "Trigonometry basics", ("fractions",), guess=0.05),
    Skill("derivatives", "Derivatives", ("functions", "polynomials")),
    Skill("integrals", "Integrals", ("derivatives",), learn=0.1),
    Skill("limits", "Limits", ("functions",)),
    Skill("probability", "Basic probability", ("fractions",), guess=0.05),
)
BY_KEY = {skill.key: skill for skill in SKILLS}
GENERAL = "general"  # questions no skill fits: recorded, never counted as mastery evidence

# The CAS names the skill a question practises in words; these are the skills they belong to.
_FROM_CAS = {
    "whole numbers": "whole_numbers",
    "counting": "probability",
    "arithmetic": "fractions",
    "linear equations": "linear_equations",
    "equations": "linear_equations",
    "inequalities": "inequalities",
    "systems of equations": "systems",
    "quadratic equations": "quadratics",
    "polynomial equations": "polynomials",
    "polynomials": "polynomials",
    "simplifying expressions": "polynomials",
    "expanding brackets": "polynomials",
    "factorising": "polynomials",
    "exponentials and logarithms": "exponentials",
    "trigonometry": "trigonometry",
    "differentiation": "derivatives",
    "derivatives": "derivatives",
    "integration": "integrals",
    "limits": "limits",
    "coordinate geometry": "functions",
    "functions": "functions",
}


def skill_of(cas_skill: str | None) -> str:
    """The skill key for what the CAS says a question practises; GENERAL when none fits."""
    if not cas_skill:
        return GENERAL
    if cas_skill in BY_KEY:
        return cas_skill
    return _FROM_CAS.get(cas_skill.lower(), GENERAL)


def name_of(key: str) -> str:
    """A skill's name for people ("Linear equations"); the key itself when it is not a skill."""
    skill = BY_KEY.get(key)
    return skill.name if skill is not None else key.replace("_", " ")


def unlocked(key: str, mastered: set[str]) -> bool:
    """Whether every prerequisite of a skill is mastered (or it has none)."""
    skill = BY_KEY.get(key)
    return skill is not None and all(p in mastered for p in skill.prerequisites)
