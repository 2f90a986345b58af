"""Initial schema: students, sessions, messages, attempts, step checks, mastery.

Revision ID: 0001_initial
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(36), nullable=False)


def _parent(table: str, name: str, target: str, *, nullable: bool = False) -> sa.Column[str]:
    parent = target.split(".")[0]
    # Attempts outlive a deleted conversation; everything else goes with its parent.
    ondelete = "SET NULL" if nullable else "CASCADE"
    return sa.Column(
        name,
        sa.String(36),
        sa.ForeignKey(target, name=f"fk_{table}_{name}_{parent}", ondelete=ondelete),
        nullable=nullable,
    )


def _time(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "students",
        _id(),
        sa.Column("name", sa.String(80), nullable=False),
        _time("created_at"),
        _time("last_active_at"),
        sa.PrimaryKeyConstraint("id", name="pk_students"),
        sa.UniqueConstraint("name", name="uq_students_name"),
    )
    op.create_table(
        "tutoring_sessions",
        _id(),
        _parent("tutoring_sessions", "student_id", "students.id"),
        sa.Column("title", sa.String(200), nullable=False),
        _time("started_at"),
        sa.PrimaryKeyConstraint("id", name="pk_tutoring_sessions"),
    )
    op.create_index(
        "ix_tutoring_sessions_student_id_started_at",
        "tutoring_sessions",
        ["student_id", "started_at"],
    )
    op.create_table(
        "messages",
        _id(),
        _parent("messages", "session_id", "tutoring_sessions.id"),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
        sa.CheckConstraint(
            "role IN ('user', 'assistant', 'system')", name=op.f("ck_messages_role")
        ),
    )
    op.create_index("ix_messages_session_id_created_at", "messages", ["session_id", "created_at"])
    op.create_table(
        "attempts",
        _id(),
        _parent("attempts", "student_id", "students.id"),
        _parent("attempts", "session_id", "tutoring_sessions.id", nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("final_answer", sa.Text(), nullable=True),
        sa.Column("cas_answer", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts_used", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("model_name", sa.String(200), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
        sa.CheckConstraint(
            "status IN ('verified', 'contradicted', 'unverifiable', 'cancelled')",
            name=op.f("ck_attempts_status"),
        ),
    )
    op.create_index("ix_attempts_student_id_created_at", "attempts", ["student_id", "created_at"])
    op.create_index("ix_attempts_session_id", "attempts", ["session_id"])
    op.create_table(
        "step_checks",
        _id(),
        _parent("step_checks", "attempt_id", "attempts.id"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("math", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("counterexample", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_step_checks"),
        sa.UniqueConstraint("attempt_id", "position", name="uq_step_checks_attempt_id_position"),
        sa.CheckConstraint(
            "status IN ('valid', 'invalid', 'unknown')", name=op.f("ck_step_checks_status")
        ),
    )
    op.create_table(
        "mastery",
        _id(),
        _parent("mastery", "student_id", "students.id"),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("level", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Integer(), nullable=False),
        _time("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_mastery"),
        sa.UniqueConstraint("student_id", "skill", name="uq_mastery_student_id_skill"),
        sa.CheckConstraint("level >= 0 AND level <= 1", name=op.f("ck_mastery_level")),
    )


def downgrade() -> None:
    """Drop every table, children first."""
    for table in (
        "mastery",
        "step_checks",
        "attempts",
        "messages",
        "tutoring_sessions",
        "students",
    ):
        op.drop_table(table)
