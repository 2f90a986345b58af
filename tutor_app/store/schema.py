"""SQLAlchemy models of the progress database; the tables themselves come from migrations."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints let later batch migrations on SQLite find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_clock_lock = threading.Lock()
_last_now = datetime.min.replace(tzinfo=timezone.utc)


def utc_now() -> datetime:
    """The current UTC time, strictly increasing within this process so rows keep their order."""
    global _last_now
    with _clock_lock:
        # Coarse clocks (Windows) can return the same instant twice; order must not depend on luck.
        now = max(datetime.now(timezone.utc), _last_now + timedelta(microseconds=1))
        _last_now = now
        return now


def new_id() -> str:
    """A random UUID4 string, so rows from two machines can be merged without clashes."""
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored naive on SQLite (which has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes and store every value in UTC."""
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"timestamps must be timezone-aware datetimes: {value!r}")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return every stored value as an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base with the naming convention and UTC timestamps."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def _uuid_pk() -> Mapped[str]:
    return mapped_column(String(36), primary_key=True, default=new_id)


def _parent(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Mapped[Any]:
    return mapped_column(String(36), ForeignKey(target, ondelete=ondelete), nullable=nullable)


class SchoolClass(Base):
    """A class of students, as the teacher groups them."""

    __tablename__ = "classes"

    id: Mapped[str] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(80), unique=True)
    archived: Mapped[bool] = mapped_column(server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)  # the newest change wins a merge


class Student(Base):
    """A learner whose work and progress are kept."""

    __tablename__ = "students"

    id: Mapped[str] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_active_at: Mapped[datetime] = mapped_column(default=utc_now)
    class_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("classes.id", ondelete="SET NULL"), index=True
    )
    student_number: Mapped[str] = mapped_column(String(40), server_default="")
    archived: Mapped[bool] = mapped_column(server_default=false())  # hidden from the picker
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)  # the newest change wins a merge

    school_class: Mapped[SchoolClass | None] = relationship(lazy="joined")


class AppSetting(Base):
    """One setting kept with the data (the teacher PIN's hash), so a copy of the folder has it."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class TutoringSession(Base):
    """One sitting of a student with the tutor, holding a conversation."""

    __tablename__ = "tutoring_sessions"
    __table_args__ = (Index(None, "student_id", "started_at"),)

    id: Mapped[str] = _uuid_pk()
    student_id: Mapped[str] = _parent("students.id")
    title: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(default=utc_now)


class Message(Base):
    """One turn of a tutoring conversation."""

    __tablename__ = "messages"
    __table_args__ = (
        Index(None, "session_id", "created_at"),
        CheckConstraint("role IN ('user', 'assistant', 'system')", name="role"),
    )

    id: Mapped[str] = _uuid_pk()
    session_id: Mapped[str] = _parent("tutoring_sessions.id")
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Attempt(Base):
    """One worked solution of one problem, with the CAS outcome."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index(None, "student_id", "created_at"),
        Index(None, "session_id"),
        CheckConstraint(
            "status IN ('verified', 'contradicted', 'unverifiable', 'cancelled')", name="status"
        ),
        CheckConstraint("worked_by IN ('model', 'cas')", name="worked_by"),
    )

    id: Mapped[str] = _uuid_pk()
    student_id: Mapped[str] = _parent("students.id")
    # Deleting a conversation must not erase the student's progress evidence.
    session_id: Mapped[str | None] = _parent(
        "tutoring_sessions.id", nullable=True, ondelete="SET NULL"
    )
    problem: Mapped[str] = mapped_column(Text)
    skill: Mapped[str] = mapped_column(String(100))
    final_answer: Mapped[str | None] = mapped_column(Text)
    cas_answer: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    # How the final answer compared with the CAS answer: equivalent, not_equivalent or unknown.
    answer_status: Mapped[str] = mapped_column(String(16), server_default="unknown")
    answer_reason: Mapped[str] = mapped_column(Text, server_default="")
    attempts_used: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float] = mapped_column(Float)
    model_name: Mapped[str] = mapped_column(String(200))
    # Who wrote the worked solution: 'model', or 'cas' when the computer algebra system did.
    worked_by: Mapped[str] = mapped_column(String(8), server_default="model")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Kept by triggers (migration 0008) for reports: lines judged, and seconds since the
    # student's previous work when at most the active gap.
    steps_checked: Mapped[int] = mapped_column(Integer, server_default="0")
    active_gap: Mapped[float] = mapped_column(Float, server_default="0")

    steps: Mapped[list[StepCheck]] = relationship(
        order_by="StepCheck.position", cascade="all, delete-orphan", passive_deletes=True
    )


class StepCheck(Base):
    """The verdict on one step of an attempt."""

    __tablename__ = "step_checks"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        CheckConstraint("status IN ('valid', 'invalid', 'unknown', 'restates')", name="status"),
    )

    id: Mapped[str] = _uuid_pk()
    attempt_id: Mapped[str] = _parent("attempts.id")
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    math: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    counterexample: Mapped[str | None] = mapped_column(Text)


class Mastery(Base):
    """A student's mastery of one skill, as Bayesian Knowledge Tracing reads their evidence.

    Always recomputable from the evidence table (tutor.mastery.replay); kept for fast reports.
    """

    __tablename__ = "mastery"
    __table_args__ = (
        UniqueConstraint("student_id", "skill"),
        CheckConstraint("level >= 0 AND level <= 1", name="level"),
    )

    id: Mapped[str] = _uuid_pk()
    student_id: Mapped[str] = _parent("students.id")
    skill: Mapped[str] = mapped_column(String(100))
    level: Mapped[float] = mapped_column(Float)  # the probability the student knows the skill
    evidence: Mapped[int] = mapped_column(Integer)  # how many answers it rests on
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_practised: Mapped[datetime | None] = mapped_column()
    mastered_at: Mapped[datetime | None] = mapped_column()
    reviews_passed: Mapped[int] = mapped_column(Integer, server_default="0")


class Evidence(Base):
    """One thing a student did that shows what they know: an answer, their own line, a hint."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index(None, "student_id", "skill", "created_at"),
        Index(None, "student_id", "created_at"),
        Index(None, "session_id"),  # the per-session report
        Index(None, "student_id", "problem"),  # first answers (migration 0008)
        CheckConstraint("kind IN ('practice', 'own_work', 'hint')", name="kind"),
        CheckConstraint("hint_level >= 0 AND hint_level <= 4", name="hint_level"),
    )

    id: Mapped[str] = _uuid_pk()
    student_id: Mapped[str] = _parent("students.id")
    session_id: Mapped[str | None] = _parent(
        "tutoring_sessions.id", nullable=True, ondelete="SET NULL"
    )
    skill: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    correct: Mapped[bool | None] = mapped_column()  # None for a hint: it is help, not an answer
    hint_level: Mapped[int] = mapped_column(Integer, server_default="0")  # 4: the full solution
    seconds: Mapped[float] = mapped_column(Float, server_default="0")  # time on the task
    problem: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, server_default="")  # what the student wrote
    mistake: Mapped[str] = mapped_column(String(40), server_default="")  # as the checker names it
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Kept by triggers (migration 0008) for reports: seconds since the student's previous work
    # when at most the active gap, and whether this is their first answer to the problem.
    active_gap: Mapped[float] = mapped_column(Float, server_default="0")
    first_try: Mapped[bool] = mapped_column(server_default=false())
