"""A worked solution with a verdict on every line, as the student and the store see it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

VERIFIED, CONTRADICTED, UNVERIFIABLE = "verified", "contradicted", "unverifiable"
MODEL, CAS = "model", "cas"  # who wrote a solution
CAS_SAMPLE = -1  # the sample number the CAS's own solution streams under
CAS_NAME = "computer algebra (SymPy)"
CAS_LABEL = "*Worked by the computer algebra system (SymPy); every line below is checked.*"


@dataclass(frozen=True)
class CheckedStep:
    """One numbered line with its verdict: valid, invalid, unknown (not checkable) or restates
    (says again what the line before or the question said: not a step)."""

    number: int
    text: str
    math: str | None
    status: str
    reason: str
    counterexample: str | None = None
    note: str | None = None


@dataclass
class SampleAttempt:
    """One sampled solution and what the checker found in it."""

    seed: int
    text: str
    steps: list[CheckedStep]
    final_answer: str | None
    answer_status: str  # equivalent, not_equivalent, unknown
    answer_reason: str
    generation_seconds: float = 0.0
    checking_seconds: float = 0.0
    tokens: int = 0
    author: str = MODEL  # "model", or "cas" for a solution the computer algebra system wrote

    @property
    def invalid_steps(self) -> int:
        """How many lines were shown to be wrong."""
        return sum(step.status == "invalid" for step in self.steps)

    @property
    def status(self) -> str:
        """verified, contradicted or unverifiable, for this sample alone.

        Verified means the answer checks and the lines make progress to it: at least one line
        was checked and found right (lines that only say the question again do not count).
        """
        if self.invalid_steps or self.answer_status == "not_equivalent":
            return CONTRADICTED
        if self.answer_status == "equivalent" and any(s.status == "valid" for s in self.steps):
            return VERIFIED
        return UNVERIFIABLE

    def summary(self) -> str:
        """How this solution went, in a few words: "had a mistake in line 3"."""
        wrong = [step.number for step in self.steps if step.status == "invalid"]
        if wrong:
            return f"had {'a mistake' if len(wrong) == 1 else 'mistakes'} in {lines_named(wrong)}"
        if self.answer_status == "not_equivalent":
            return "gave a final answer that does not match the computer algebra answer"
        if self.status == VERIFIED:
            return "was verified"
        return "could not be checked fully"

    def rank(self) -> tuple[int, int, int, int]:
        """Higher is better: verified first, then a right answer, then fewer wrong lines."""
        valid = sum(step.status == "valid" for step in self.steps)
        return (
            self.status == VERIFIED,
            self.answer_status == "equivalent",
            -self.invalid_steps,
            valid,
        )


@dataclass
class WorkedSolution:
    """The tutor's answer to a question: the chosen sample, the CAS answer and the status."""

    problem: str
    task: str | None
    skill: str
    cas_answer: str | None
    chosen: SampleAttempt
    samples: list[SampleAttempt] = field(default_factory=list)
    model_name: str = ""
    duration_s: float = 0.0
    cancelled: bool = False
    cas_reason: str = ""  # why there is no computer-algebra answer, when there is none

    @property
    def status(self) -> str:
        """verified, contradicted or unverifiable."""
        return self.chosen.status

    @property
    def steps(self) -> list[CheckedStep]:
        """The chosen sample's checked lines."""
        return self.chosen.steps

    @property
    def final_answer(self) -> str | None:
        """The chosen sample's final answer."""
        return self.chosen.final_answer

    @property
    def worked_by(self) -> str:
        """Who wrote the solution shown: "model", or "cas" (the computer algebra system)."""
        return self.chosen.author

    @property
    def shown_text(self) -> str:
        """The solution as the student reads it: a CAS solution says that the CAS wrote it."""
        if self.worked_by == CAS:
            return f"{CAS_LABEL}\n\n{self.chosen.text}"
        return self.chosen.text

    @property
    def model_samples(self) -> int:
        """How many solutions the model wrote."""
        return sum(sample.author == MODEL for sample in self.samples)

    def tries(self) -> str:
        """Who wrote the solution shown and what happened to the others, counted."""
        models = [sample for sample in self.samples if sample.author == MODEL]
        if self.worked_by == CAS:
            if not models:
                return "Worked by the computer algebra system (SymPy)."
            plural = "s" if len(models) != 1 else ""
            return (
                f"Worked by the computer algebra system (SymPy): the model's {len(models)} "
                f"solution{plural} had mistakes or could not be checked."
            )
        counts: dict[str, int] = {}
        for sample in models:
            counts[sample.status] = counts.get(sample.status, 0) + 1
        words = {VERIFIED: "verified", CONTRADICTED: "had mistakes", UNVERIFIABLE: "not checkable"}
        parts = [f"{n} {words[status]}" for status, n in counts.items() if status in words]
        plural = "s" if len(models) != 1 else ""
        return f"{len(models)} solution{plural} written: " + ", ".join(parts) + "."

    @property
    def author_name(self) -> str:
        """The name to show for who wrote the solution."""
        return CAS_NAME if self.worked_by == CAS else self.model_name

    def verdict(self) -> tuple[str, str]:
        """(kind, words): the verdict the chat and the panel both give, in the same words."""
        chosen = self.chosen
        return verdict_for(
            "cancelled" if self.cancelled else chosen.status,
            [step.number for step in chosen.steps if step.status == "invalid"],
            chosen.answer_status,
            chosen.answer_reason,
            self.worked_by,
        )

    def to_json(self) -> dict[str, Any]:
        """A plain dictionary for `--json` output."""
        return {
            "problem": self.problem,
            "status": self.status,
            "task": self.task,
            "skill": self.skill,
            "final_answer": self.final_answer,
            "cas_answer": self.cas_answer,
            "cas_reason": self.cas_reason or None,
            "answer_check": {
                "status": self.chosen.answer_status,
                "reason": self.chosen.answer_reason,
            },
            "samples_used": len(self.samples),
            "worked_by": self.worked_by,
            "model_samples": self.model_samples,
            "samples": [
                {"author": s.author, "status": s.status, "final_answer": s.final_answer}
                for s in self.samples
            ],
            "steps": [asdict(step) for step in self.steps],
            "solution_text": self.shown_text,
            "model": self.model_name,
            "duration_s": round(self.duration_s, 3),
            "cancelled": self.cancelled,
        }


def lines_named(numbers: list[int]) -> str:
    """`line 3`, `lines 2 and 5`, `lines 1, 4 and 6`; many as `13 lines, from line 2 on`."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    if len(numbers) > 4:
        return f"{len(numbers)} lines, from line {numbers[0]} on"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"lines {listed} and {numbers[-1]}"


def verdict_for(
    status: str, wrong_lines: list[int], answer_status: str, answer_reason: str, worked_by: str
) -> tuple[str, str]:
    """(kind, words) for a solution's outcome; kind is verified, mistakes, unchecked or stopped.

    The chat's verdict line and the panel's headline use these words, for a solution just
    written and for one reopened from the store alike.
    """
    if status == "cancelled":
        return "stopped", "■ Stopped: only the lines written before you stopped were checked."
    if wrong_lines:
        also = " The final answer is wrong too." if answer_status == "not_equivalent" else ""
        return "mistakes", f"✘ This has mistakes: {lines_named(wrong_lines)}.{also}"
    if answer_status == "not_equivalent":
        return "mistakes", "✘ The final answer does not match the computer algebra answer."
    if status == VERIFIED:
        if worked_by == CAS:
            return "verified", "✔ Worked and verified by computer algebra: every line checks."
        return (
            "verified",
            "✔ Verified by computer algebra: every checked line is right, and so is the answer.",
        )
    why = answer_reason or "no line could be checked"
    return "unchecked", f"? Could not be fully checked, so check it yourself: {why}."
