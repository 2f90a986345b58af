"""Keep how each attempt's final answer compared with the computer algebra answer.

Revision ID: 0003_answer_check
Revises: 0002_message_search
Create Date: 2026-11-26

Reopening a past session shows its worked solution again, and the final answer's mark needs
the comparison that was made at the time. Attempts stored before this revision get 'unknown'
(the comparison was not kept), which is what the panel then says.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_answer_check"
down_revision: str | Sequence[str] | None = "0002_message_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the answer comparison's outcome and reason to every attempt."""
    op.add_column(
        "attempts",
        sa.Column("answer_status", sa.String(16), nullable=False, server_default="unknown"),
    )
    op.add_column(
        "attempts", sa.Column("answer_reason", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    """Drop the two columns (SQLite 3.35 or later)."""
    op.drop_column("attempts", "answer_reason")
    op.drop_column("attempts", "answer_status")
