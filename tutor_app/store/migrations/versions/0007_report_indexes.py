"""An index for the teacher's per-session report: evidence by tutoring session.

Revision ID: 0007_report_indexes
Revises: 0006_classes
Create Date: 2026-12-02

The per-session report counts each session's practice answers and hints; without this index
that reads the whole evidence table once per report. Reports by student and time already have
their indexes (evidence and attempts by student and time, step checks by attempt).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_report_indexes"
down_revision: str | Sequence[str] | None = "0006_classes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Index evidence by session."""
    op.create_index("ix_evidence_session_id", "evidence", ["session_id"])


def downgrade() -> None:
    """Drop the index of evidence by session."""
    op.drop_index("ix_evidence_session_id", table_name="evidence")
