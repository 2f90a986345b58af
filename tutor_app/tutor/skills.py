"""Name the skill a question practises, for attempts and mastery."""

from __future__ import annotations

from typing import Any

_TASK_SKILLS = {
    "derivative": "differentiation",
    "integral": "integration",
    "limit": "limits",
    "factor": "factorising",
    "expand": "expanding brackets",
    "simplify": "simplifying expressions",
    "evaluate": "arithmetic",
}


def skill_for(task: str | None, truth: dict[str, Any] | None) -> str:
    """The skill name for a CAS task (solve tasks are split by the kind of equation)."""
    if task == "solve" and truth:
        return str(truth.get("skill") or "equations")
    if task in _TASK_SKILLS:
        return _TASK_SKILLS[task]
    return "general"
