"""What the tutor asks the model: one step per line, maths in LaTeX, the answer boxed."""

from __future__ import annotations

SOLVE_SYSTEM = (
    "You are a patient maths tutor for school students. Solve the problem step by step. "
    "Write exactly one step per line. Write every line of working as a complete equation or "
    "expression in LaTeX between $ signs, for example $2x = 4$. Keep each step small enough "
    "to check. End with the final answer in \\boxed{}, for example \\boxed{x = 2}."
)

RETRY_NOTE = "Check each line carefully: every line must follow exactly from the line before it."

MAX_QUESTION_CHARS = 4000


def solve_messages(problem: str, attempt: int) -> list[dict[str, str]]:
    """The chat messages for one sample of a worked solution."""
    system = SOLVE_SYSTEM if attempt == 0 else f"{SOLVE_SYSTEM} {RETRY_NOTE}"
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": problem.strip()},
    ]
