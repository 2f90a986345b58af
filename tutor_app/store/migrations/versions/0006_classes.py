"""Classes, a student's class, number and archive flag, change times for merging, app settings.

Revision ID: 0006_classes
Revises: 0005_evidence
Create Date: 2026-12-02

Teacher mode groups students into classes, hides archived students from the picker without
losing their record, and merges one machine's class into another's. Rows that can change
(classes, students) carry `updated_at`, so a merge keeps the newest change; rows that never
change (sessions, messages, attempts, evidence) are merged by their UUIDs. `app_settings`
holds the teacher PIN's salted hash and its wrong-try counter.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_classes"
down_revision: str | Sequence[str] | None = "0005_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create classes and app_settings; give students a class, a number, an archive flag."""
    op.create_table(
        "classes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_classes"),
        sa.UniqueConstraint("name", name="uq_classes_name"),
    )
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_app_settings"),
    )
    with op.batch_alter_table("students") as batch:
        batch.add_column(
            sa.Column(
                "class_id",
                sa.String(36),
                sa.ForeignKey(
                    "classes.id", name="fk_students_class_id_classes", ondelete="SET NULL"
                ),
                nullable=True,
            )
        )
        batch.add_column(
            sa.Column("student_number", sa.String(40), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE students SET updated_at = created_at")
    with op.batch_alter_table("students") as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index("ix_students_class_id", "students", ["class_id"])
    # Reports read a student's evidence by time, whatever the skill.
    op.create_index("ix_evidence_student_id_created_at", "evidence", ["student_id", "created_at"])


def downgrade() -> None:
    """Drop classes and settings, and the students' class, number and archive flag."""
    op.drop_index("ix_evidence_student_id_created_at", table_name="evidence")
    op.drop_index("ix_students_class_id", table_name="students")
    with op.batch_alter_table("students") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("archived")
        batch.drop_column("student_number")
        batch.drop_column("class_id")
    op.drop_table("app_settings")
    op.drop_table("classes")
