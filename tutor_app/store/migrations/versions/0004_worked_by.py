"""Keep who wrote each attempt's worked solution, and mark lines that only restate.

Revision ID: 0004_worked_by
Revises: 0003_answer_check
Create Date: 2026-12-01

When no model sample verifies (or with the starter model) the tutor shows a solution the CAS
wrote itself. Reports and the reopened session must say so. Attempts stored before this
revision were all written by a model.

A line that only restates the line before or the question is not a step: its verdict is
'restates', a neutral mark, not 'valid'. Lines stored before keep their verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_worked_by"
down_revision: str | Sequence[str] | None = "0003_answer_check"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OLD_STEP_STATUSES = "status IN ('valid', 'invalid', 'unknown')"
NEW_STEP_STATUSES = "status IN ('valid', 'invalid', 'unknown', 'restates')"


def upgrade() -> None:
    """Add who wrote the solution ('model' or 'cas') to every attempt; allow 'restates'."""
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(
            sa.Column("worked_by", sa.String(8), nullable=False, server_default="model")
        )
        batch.create_check_constraint("worked_by", "worked_by IN ('model', 'cas')")
    with op.batch_alter_table("step_checks") as batch:
        batch.drop_constraint("status", type_="check")
        batch.create_check_constraint("status", NEW_STEP_STATUSES)


def downgrade() -> None:
    """Drop the column (and its check) again; 'restates' lines become 'unknown'."""
    op.execute("UPDATE step_checks SET status = 'unknown' WHERE status = 'restates'")
    with op.batch_alter_table("step_checks") as batch:
        batch.drop_constraint("status", type_="check")
        batch.create_check_constraint("status", OLD_STEP_STATUSES)
    with op.batch_alter_table("attempts") as batch:
        batch.drop_constraint("worked_by", type_="check")
        batch.drop_column("worked_by")
