"""Figures kept with each row as it is written, so that a class's report reads them in one pass.

Revision ID: 0008_report_columns
Revises: 0007_report_indexes
Create Date: 2026-12-02

A year of one class is about 60 000 attempts, 400 000 step checks and 40 000 pieces of evidence.
Counting each attempt's step checks, finding each row's gap to the student's previous work and
each problem's first answer at report time made the dashboard take about a second. SQLite
triggers now keep these with the row when it is written, by whatever writes it (the app, a
merge, bulk demo data), and the upgrade fills them in for rows already stored (on PostgreSQL
the triggers are PL/pgSQL functions doing the same):

- `attempts.steps_checked`: how many lines of the attempt the checker judged;
- `attempts.active_gap`, `evidence.active_gap`: seconds since the student's previous piece of
  work (evidence or attempt), when that is at most 2 minutes (the active-time rule), else 0;
- `evidence.first_try`: 1 on the student's first answer to a problem in a skill.

A row merged from another machine gets its gap from the rows already here before it; rows after
it keep theirs, so active time can be off by at most one gap per merged sitting.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_report_columns"
down_revision: str | Sequence[str] | None = "0007_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_GAP_S = 120  # tutor.progress.ACTIVE_GAP when this was written


def _seconds(later: str, earlier: str, dialect: str) -> str:
    """SQL for the seconds from `earlier` to `later` (two timestamps)."""
    if dialect == "postgresql":
        return f"extract(epoch from ({later}) - ({earlier}))"
    return f"(julianday({later}) - julianday({earlier})) * 86400.0"


def _gap(dialect: str) -> str:
    """Seconds from the student's latest earlier work (evidence or attempt) to NEW, 0 when
    longer than the active gap or when there is none."""
    earlier = [
        f"(SELECT max(created_at) FROM {table} "
        "WHERE student_id = NEW.student_id AND created_at < NEW.created_at)"
        for table in ("evidence", "attempts")
    ]
    if dialect == "postgresql":  # greatest() skips NULLs; no earlier work gives NULL, then 0
        latest = f"greatest({earlier[0]}, {earlier[1]})"
    else:
        latest = f"max(coalesce({earlier[0]}, ''), coalesce({earlier[1]}, ''))"
    return f"""
    coalesce((SELECT CASE WHEN gap <= {ACTIVE_GAP_S} THEN gap ELSE 0 END FROM (
        SELECT {_seconds("NEW.created_at", latest, dialect)} AS gap) AS latest), 0)"""


_FIRST = """
    (NEW.kind != 'hint' AND NEW.correct IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM evidence e WHERE e.student_id = NEW.student_id AND e.problem = NEW.problem
            AND e.skill = NEW.skill AND e.kind != 'hint' AND e.correct IS NOT NULL
            AND (e.created_at < NEW.created_at
                 OR (e.created_at = NEW.created_at AND e.id < NEW.id))))
"""


def _trigger_bodies(dialect: str) -> dict[str, tuple[str, str]]:
    """Each trigger's table and the statement it runs after an insert."""
    gap = _gap(dialect)
    return {
        "tr_evidence_report_columns": (
            "evidence",
            f"UPDATE evidence SET active_gap = {gap}, first_try = {_FIRST} WHERE id = NEW.id;",
        ),
        "tr_attempts_report_columns": (
            "attempts",
            f"""UPDATE attempts SET active_gap = {gap}, steps_checked = (
                SELECT count(*) FROM step_checks WHERE attempt_id = NEW.id) WHERE id = NEW.id;""",
        ),
        "tr_step_checks_count": (
            "step_checks",
            """UPDATE attempts SET steps_checked = (
                SELECT count(*) FROM step_checks WHERE attempt_id = NEW.attempt_id)
            WHERE id = NEW.attempt_id;""",
        ),
    }


def trigger_sql(dialect: str) -> list[str]:
    """The statements that create the triggers: SQLite's own form, or a PL/pgSQL function and
    a row trigger on PostgreSQL."""
    statements = []
    for name, (table, body) in _trigger_bodies(dialect).items():
        if dialect == "postgresql":
            statements.append(
                f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {body} RETURN NULL; END $$"
            )
            statements.append(
                f"CREATE TRIGGER {name} AFTER INSERT ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION {name}_fn()"
            )
        else:
            statements.append(f"CREATE TRIGGER {name} AFTER INSERT ON {table} BEGIN {body} END")
    return statements


def _fill_gaps(dialect: str) -> str:
    previous = "lag(created_at) OVER (PARTITION BY student_id ORDER BY created_at, kind, id)"
    return f"""
    WITH work AS (
        SELECT 'e' AS kind, id, student_id, created_at FROM evidence
        UNION ALL SELECT 'a', id, student_id, created_at FROM attempts),
    gaps AS (
        SELECT kind, id, {_seconds("created_at", previous, dialect)} AS gap FROM work)
    SELECT kind, id, CASE WHEN gap <= {ACTIVE_GAP_S} THEN gap ELSE 0 END FROM gaps
"""


def upgrade() -> None:
    """Add the columns, fill them for the rows already stored, and keep them with triggers."""
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(
            sa.Column("steps_checked", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("active_gap", sa.Float(), nullable=False, server_default="0"))
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("active_gap", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("first_try", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_evidence_student_id_problem", "evidence", ["student_id", "problem"])
    op.execute(
        "UPDATE attempts SET steps_checked = "
        "(SELECT count(*) FROM step_checks WHERE attempt_id = attempts.id)"
    )
    connection = op.get_bind()
    dialect = connection.dialect.name
    rows = connection.exec_driver_sql(_fill_gaps(dialect)).all()
    for kind, table in (("e", "evidence"), ("a", "attempts")):
        values = [{"gap": gap or 0.0, "id": row_id} for k, row_id, gap in rows if k == kind]
        if values:
            connection.execute(
                sa.text(f"UPDATE {table} SET active_gap = :gap WHERE id = :id"), values
            )
    op.execute(
        """UPDATE evidence SET first_try = TRUE WHERE id IN (
            SELECT id FROM (SELECT id, row_number() OVER (
                PARTITION BY student_id, skill, problem ORDER BY created_at, id) AS n
                FROM evidence WHERE kind != 'hint' AND correct IS NOT NULL) AS ranked
            WHERE n = 1)"""
    )
    for sql in trigger_sql(dialect):
        op.execute(sql)


def downgrade() -> None:
    """Drop the triggers and the columns they kept."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, (table, _body) in _trigger_bodies("sqlite").items():
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_evidence_student_id_problem", table_name="evidence")
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("first_try")
        batch.drop_column("active_gap")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("active_gap")
        batch.drop_column("steps_checked")
