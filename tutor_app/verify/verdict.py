"""Three-valued verdicts: a checker that cannot decide says so instead of guessing."""

from __future__ import annotations

from dataclasses import dataclass

ANSWER_STATUSES = ("equivalent", "not_equivalent", "unknown")
STEP_STATUSES = ("valid", "invalid", "unknown")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check, with a reason a student can read."""

    status: str
    reason: str
    counterexample: str | None = None
    note: str | None = None

    @property
    def decided(self) -> bool:
        """True when the checker reached a yes or no."""
        return self.status not in ("unknown",)


def unknown(reason: str) -> Verdict:
    """A verdict for text the checker cannot decide."""
    return Verdict("unknown", reason)
