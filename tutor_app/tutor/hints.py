"""The hint ladder: the smallest useful help first, the full worked solution only at the end.

Levels: 1 a nudge, 2 a strategy, 3 the next step, 4 the worked solution (the "bottom-out"
hint). Hints are grounded in what the CAS knows: the model is told the answer and the next
correct line, and whatever it writes is checked like a solution. A model hint with a line the
checker contradicts, or one that gives the answer away before level 4, is not shown: the CAS's
own hint for that level is shown instead. Without a model, every hint comes from the CAS's
worked solution.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tutor_app import verify
from tutor_app.engine.runtime import SamplingSettings
from tutor_app.tutor.checking import check_lines, is_explicit_answer, split_equals
from tutor_app.tutor.lines import split_steps
from tutor_app.tutor.pipeline import ChatModel, stop_with
from tutor_app.tutor.truth import GroundTruth, find_truth

NUDGE, STRATEGY, NEXT_STEP, WORKED = 1, 2, 3, 4
LEVEL_NAMES = {
    NUDGE: "Nudge",
    STRATEGY: "Strategy",
    NEXT_STEP: "Next step",
    WORKED: "Worked solution",
}
HINT_TOKENS = 120

# A first question to ask oneself, by what the question asks for.
_NUDGES = {
    "solve": "What is being done to the unknown? Undo those operations, one at a time, on both "
    "sides.",
    "simplify": "Look for terms or factors that can be combined or cancelled.",
    "evaluate": "Work it out in order: brackets, powers, then multiplication and division, then "
    "addition and subtraction.",
    "derivative": "Which rule fits the outermost form: a sum, a product, a quotient, or a "
    "function of a function?",
    "integral": "Which function has this as its derivative? Split sums into terms first.",
    "limit": "Try putting the value in. If that gives 0/0, factor and cancel first.",
    "factor": "Look for a common factor first, then for two numbers that multiply to the "
    "constant and add to the middle coefficient.",
    "expand": "Multiply every term in one bracket by every term in the other.",
}
# Sharper nudges where the skill says more than the kind of task ("solve").
_SKILL_NUDGES = {
    "quadratic equations": "Get everything on one side, = 0. Can it be factored? If not, the "
    "quadratic formula always works.",
    "inequalities": "Treat it like an equation, but remember: multiplying or dividing by a "
    "negative number flips the inequality sign.",
    "systems of equations": "Can you get one letter on its own from one equation and put it "
    "into the other? Or add the equations so that one letter cancels?",
}
_GENERAL_NUDGE = "What does the question ask you to find? Write down what you know first."
_BOXED = re.compile(r"\\boxed\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")

_LEVEL_ASK = {
    NUDGE: "Give ONE short sentence that nudges the student in the right direction: a question "
    "to ask themselves. No working, no numbers from the answer.",
    STRATEGY: "Give the plan in one or two sentences: which method to use and in what order. "
    "Do not do the working and do not give the answer.",
    NEXT_STEP: "Show only the next line of working, as LaTeX between $ signs, with a few words "
    "saying what it does. Do not go further and do not give the final answer.",
}


@dataclass(frozen=True)
class Hint:
    """One rung of the ladder, who wrote it, and why a model hint was set aside (if it was)."""

    level: int
    text: str
    source: str  # "cas" or "model"
    set_aside: str = ""  # why the model's hint was not shown

    @property
    def name(self) -> str:
        """Nudge, Strategy, Next step or Worked solution."""
        return LEVEL_NAMES[self.level]


@dataclass(frozen=True)
class Ladder:
    """What the hints for one question are built from: the ground truth and the CAS lines."""

    question: str
    truth: GroundTruth
    cas_lines: tuple[str, ...]


def prepare(question: str) -> Ladder:
    """Read the question and have the CAS write its worked solution, for every hint after."""
    truth = find_truth(question)
    lines = verify.work_task(truth.task) if truth.task is not None else None
    return Ladder(question, truth, tuple(lines or ()))


def cas_hint(ladder: Ladder, level: int) -> str | None:
    """The CAS's hint at a level, or None when it has none (it could not read the question)."""
    if level == NUDGE:
        return _SKILL_NUDGES.get(ladder.truth.skill) or _NUDGES.get(
            ladder.truth.kind or "", _GENERAL_NUDGE
        )
    if not ladder.cas_lines:
        return None
    if level == STRATEGY:
        words = [_words(line) for line in ladder.cas_lines]
        plan = "; then ".join(w[0].lower() + w[1:] for w in words if w)
        return f"Plan: {plan[0].upper()}{plan[1:]}." if plan else None
    if level == NEXT_STEP:
        first = ladder.cas_lines[0]
        hidden = _BOXED.sub(r"\\boxed{\\;?\\;}", first)
        note = " Finish the line yourself." if hidden != first else ""
        return f"{hidden}{note}"
    return "\n\n".join(ladder.cas_lines)


def _words(line: str) -> str:
    """The words of a CAS line before its maths: "Divide both sides by 3"."""
    words = line.split(":", 1)[0].split("$", 1)[0].strip().rstrip(",.")
    return re.sub(r",?\s+(?:so|then)$", "", words)


def hint(
    ladder: Ladder,
    level: int,
    model: ChatModel | None = None,
    *,
    seed: int = 0,
    cancelled: Callable[[], bool] = lambda: False,
    cas_first: bool = False,
) -> Hint | None:
    """The hint at one level: the model's, when it passes the checks, else the CAS's own.

    With `cas_first` (the starter model) the CAS's hint is used whenever it has one.
    """
    if level not in LEVEL_NAMES:
        raise ValueError(f"hint level must be 1 to 4: {level}")
    fallback = cas_hint(ladder, level)
    if model is None or fallback is not None and (level == WORKED or cas_first):
        return Hint(level, fallback, "cas") if fallback is not None else None
    text = _ask_model(ladder, level, model, seed, cancelled)
    problem = problem_with(ladder, level, text)
    if problem is None:
        return Hint(level, text, "model")
    if fallback is None:
        return None
    return Hint(level, fallback, "cas", set_aside=problem)


def problem_with(ladder: Ladder, level: int, text: str) -> str | None:
    """Why a model's hint must not be shown (a line the checker contradicts, the answer given
    away before the worked solution, nothing said), or None when it may be shown."""
    if not text.strip():
        return "the model wrote nothing"
    steps = split_steps(text)
    truth = ladder.truth
    checked = check_lines(steps, truth.check, truth.statement)
    wrong = [step for step in checked if step.status == "invalid"]
    if wrong:
        return f"line {wrong[0].number} is wrong: {wrong[0].reason}"
    if level == NEXT_STEP and ladder.cas_lines and not any(s.status == "valid" for s in checked):
        return "it shows no next step the checker could confirm"
    if level < WORKED and truth.answer is not None:
        if any(_gives_away(truth, f) for step in steps for f in step.formulas):
            return "it gives the answer away"
    return None


def _gives_away(truth: GroundTruth, formula: str) -> bool:
    """Whether a formula states the answer: `x = 2` for a solve, or ends in the value asked for."""
    answer = truth.answer or ""
    if truth.kind == "solve":
        return is_explicit_answer(formula) and _same(answer, formula)
    last = split_equals(formula)[-1]
    # `0.15 \cdot 80` is a step towards 12; `12` (or as short a form) is the answer itself.
    return len(_compact(last)) <= len(_compact(answer)) + 3 and _same(answer, last)


def _compact(maths: str) -> str:
    return re.sub(r"\\left|\\right|\s", "", maths)


def _same(answer: str, candidate: str) -> bool:
    return verify.compare_answers(answer, candidate).status == "equivalent"


def _ask_model(
    ladder: Ladder, level: int, model: ChatModel, seed: int, cancelled: Callable[[], bool]
) -> str:
    known = []
    if ladder.truth.answer is not None:
        known.append(f"The correct final answer (do NOT reveal it) is ${ladder.truth.answer}$.")
    if ladder.cas_lines:
        known.append(f"The correct first step is: {_BOXED.sub('...', ladder.cas_lines[0])}")
    system = (
        "You are a patient maths tutor giving a hint, not a solution. "
        f"{_LEVEL_ASK.get(level, '')} {' '.join(known)}"
    )
    messages = [
        {"role": "system", "content": system.strip()},
        {"role": "user", "content": f"I am stuck on this question: {ladder.question.strip()}"},
    ]
    sampling = SamplingSettings(seed=seed, max_tokens=HINT_TOKENS)
    stream = stop_with(model.stream_chat(messages, sampling), cancelled)
    pieces = []
    for piece in stream:
        pieces.append(piece)
        if cancelled():
            stream.cancel()
    return "".join(pieces).strip()
