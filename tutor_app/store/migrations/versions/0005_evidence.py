"""Keep the student's own evidence, row by row, and mastery as Knowledge Tracing reads it.

Revision ID: 0005_evidence
Revises: 0004_worked_by
Create Date: 2026-12-01

Progress needs evidence: each practice answer, each piece of the student's own checked work
and each hint taken is one row of `evidence`, so reports can be computed from the record and
mastery recomputed when the model's parameters change. `mastery.level` becomes the Bayesian
Knowledge Tracing probability that the student knows the skill, replacing the exponential
average; levels stored before this revision came from questions answered by the tutor, which
are no evidence of the student's knowledge, so they start again from the evidence (none yet).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_evidence"
down_revision: str | Sequence[str] | None = "0004_worked_by"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the evidence table; give mastery its review dates; clear the old averages."""
    op.create_table(
        "evidence",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column(
            "student_id",
            sa.String(36),
            sa.ForeignKey(
                "students.id", name="fk_evidence_student_id_students", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column(
            "session_id",
            sa.String(36),
            sa.ForeignKey(
                "tutoring_sessions.id",
                name="fk_evidence_session_id_tutoring_sessions",
                ondelete="SET NULL",
            ),
            nullable=True,
        ),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("hint_level", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("seconds", sa.Float(), nullable=False, server_default="0"),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False, server_default=""),
        sa.Column("mistake", sa.String(40), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.CheckConstraint("kind IN ('practice', 'own_work', 'hint')", name="ck_evidence_kind"),
        sa.CheckConstraint("hint_level >= 0 AND hint_level <= 4", name="ck_evidence_hint_level"),
    )
    op.create_index(
        "ix_evidence_student_id_skill_created_at", "evidence", ["student_id", "skill", "created_at"]
    )
    op.execute("DELETE FROM mastery")
    with op.batch_alter_table("mastery") as batch:
        batch.add_column(sa.Column("last_practised", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("mastered_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("reviews_passed", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    """Drop the evidence and the review dates (the levels are recomputed on the next answer)."""
    with op.batch_alter_table("mastery") as batch:
        batch.drop_column("reviews_passed")
        batch.drop_column("mastered_at")
        batch.drop_column("last_practised")
    op.drop_index("ix_evidence_student_id_skill_created_at", table_name="evidence")
    op.drop_table("evidence")
