"""Plain frozen records passed in and out of the store; ORM objects never leave the package."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

MESSAGE_ROLES = frozenset({"user", "assistant", "system"})
STEP_STATUSES = frozenset({"valid", "invalid", "unknown", "restates"})
ATTEMPT_STATUSES = frozenset({"verified", "contradicted", "unverifiable", "cancelled"})
ANSWER_STATUSES = frozenset({"equivalent", "not_equivalent", "unknown"})
AUTHORS = frozenset({"model", "cas"})


@dataclass(frozen=True)
class StudentRecord:
    """A student as the rest of the app sees them."""

    id: str
    name: str
    created_at: datetime
    last_active_at: datetime
    class_id: str | None = None
    class_name: str = ""
    student_number: str = ""
    archived: bool = False


@dataclass(frozen=True)
class ClassRecord:
    """A class of students."""

    id: str
    name: str
    archived: bool
    students: int  # how many students it has, archived ones included


@dataclass(frozen=True)
class StepRecord:
    """One checked line of a worked solution and the CAS verdict on it."""

    position: int
    text: str
    math: str
    status: str  # 'valid' | 'invalid' | 'unknown' | 'restates' (says again what was said)
    reason: str
    counterexample: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STEP_STATUSES:
            raise ValueError(f"step status must be one of {sorted(STEP_STATUSES)}: {self.status!r}")
        if self.position < 0:
            raise ValueError(f"step position must not be negative: {self.position}")


@dataclass(frozen=True)
class AttemptRecord:
    """One solve of one problem for one student, with every step's verdict."""

    student_id: str
    session_id: str | None
    problem: str
    skill: str
    final_answer: str | None
    cas_answer: str | None
    status: str  # 'verified' | 'contradicted' | 'unverifiable' | 'cancelled'
    attempts_used: int
    duration_s: float
    model_name: str
    steps: tuple[StepRecord, ...]
    answer_status: str = "unknown"  # the final answer against the CAS answer
    answer_reason: str = ""
    worked_by: str = "model"  # 'model', or 'cas' for a solution the computer algebra wrote

    def __post_init__(self) -> None:
        if self.status not in ATTEMPT_STATUSES:
            raise ValueError(
                f"attempt status must be one of {sorted(ATTEMPT_STATUSES)}: {self.status!r}"
            )
        if self.answer_status not in ANSWER_STATUSES:
            raise ValueError(
                f"answer status must be one of {sorted(ANSWER_STATUSES)}: {self.answer_status!r}"
            )
        if self.worked_by not in AUTHORS:
            raise ValueError(f"worked_by must be one of {sorted(AUTHORS)}: {self.worked_by!r}")
        if self.attempts_used < 0 or self.duration_s < 0:
            raise ValueError("attempts_used and duration_s must not be negative")
        positions = [step.position for step in self.steps]
        if len(set(positions)) != len(positions):
            raise ValueError(f"step positions must be distinct: {positions}")


@dataclass(frozen=True)
class StoredAttempt(AttemptRecord):
    """An attempt read back from the store: the recorded fields plus its id and time."""

    id: str = field(kw_only=True)
    created_at: datetime = field(kw_only=True)

    def as_record(self) -> AttemptRecord:
        """The attempt without its storage identity, as it was recorded."""
        return AttemptRecord(**{name: getattr(self, name) for name in ATTEMPT_FIELDS})


# The fields an attempt is recorded with, in order; the store maps them to columns by name.
ATTEMPT_FIELDS = tuple(f.name for f in fields(AttemptRecord))


@dataclass(frozen=True)
class MasteryRecord:
    """How well a student knows one skill: `level` is the Knowledge Tracing probability that
    they know it, from `evidence` answers; the dates drive the spaced review."""

    student_id: str
    skill: str
    level: float
    evidence: int
    updated_at: datetime
    last_practised: datetime | None = None
    mastered_at: datetime | None = None
    reviews_passed: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.level <= 1:
            raise ValueError(f"mastery level must be between 0 and 1: {self.level}")


EVIDENCE_KINDS = frozenset({"practice", "own_work", "hint"})


@dataclass(frozen=True)
class EvidenceRecord:
    """One thing a student did that shows what they know (see schema.Evidence)."""

    student_id: str
    skill: str
    kind: str  # 'practice' (an answer), 'own_work' (their checked working), 'hint' (help taken)
    problem: str
    correct: bool | None = None
    hint_level: int = 0  # the highest hint taken for the problem; 4 is the full solution
    seconds: float = 0.0
    answer: str = ""
    mistake: str = ""
    session_id: str | None = None
    created_at: datetime | None = None  # now, unless given (importing a record)

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(
                f"evidence kind must be one of {sorted(EVIDENCE_KINDS)}: {self.kind!r}"
            )
        if not 0 <= self.hint_level <= 4 or self.seconds < 0:
            raise ValueError("hint_level must be 0 to 4 and seconds not negative")


@dataclass(frozen=True)
class StoredEvidence(EvidenceRecord):
    """Evidence read back from the store, with its id."""

    id: str = field(kw_only=True)


@dataclass(frozen=True)
class SessionSummary:
    """A past tutoring session as the history list shows it."""

    id: str
    title: str
    started_at: datetime
    status: str  # the newest attempt's status, '' when the session has none
    attempts: int
    status_counts: dict[str, int] = field(default_factory=dict)  # every attempt's status, counted
