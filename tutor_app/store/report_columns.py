"""The figures kept with each row for reports (migration 0008), recomputed for rows that arrived
out of time order.

Triggers fill `active_gap` and `first_try` as each row is written, from the rows already there.
That is right when work is saved as it happens; a bulk load (demo data) or a merge from another
machine writes rows out of time order, so afterwards their students' figures are recomputed
here from the whole record, in one pass per table.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, text

ACTIVE_GAP_SECONDS = 120  # tutor.progress.ACTIVE_GAP: a longer pause is not time on the task

_GAPS = """
    WITH work AS (
        SELECT 'e' AS kind, id, student_id, created_at FROM evidence WHERE student_id IN :ids
        UNION ALL
        SELECT 'a', id, student_id, created_at FROM attempts WHERE student_id IN :ids),
    gaps AS (
        SELECT kind, id, {gap} AS gap FROM work)
    UPDATE {table} SET active_gap = CASE WHEN g.gap <= :limit THEN g.gap ELSE 0 END
    FROM gaps g WHERE g.kind = '{kind}' AND g.id = {table}.id
"""
_FIRST_TRIES = """
    UPDATE evidence SET first_try = (f.n = 1) FROM (
        SELECT id, row_number() OVER (
            PARTITION BY student_id, skill, problem ORDER BY created_at, id) AS n
        FROM evidence WHERE student_id IN :ids AND kind != 'hint' AND correct IS NOT NULL) f
    WHERE f.id = evidence.id
"""


def seconds_between(later: str, earlier: str, dialect: str) -> str:
    """SQL for the seconds from one timestamp to another, on SQLite or PostgreSQL."""
    if dialect == "postgresql":
        return f"extract(epoch from ({later}) - ({earlier}))"
    return f"(julianday({later}) - julianday({earlier})) * 86400.0"


def refresh_report_columns(connection: Connection, student_ids: Iterable[str]) -> None:
    """Recompute the students' gaps and first tries from their whole record (in the caller's
    transaction)."""
    ids = sorted(set(student_ids))
    if not ids:
        return
    values = {"ids": ids, "limit": ACTIVE_GAP_SECONDS}
    previous = "lag(created_at) OVER (PARTITION BY student_id ORDER BY created_at, kind, id)"
    gap = seconds_between("created_at", previous, connection.dialect.name)
    for table, kind in (("evidence", "e"), ("attempts", "a")):
        sql = text(_GAPS.format(table=table, kind=kind, gap=gap)).bindparams(
            bindparam("ids", expanding=True)
        )
        connection.execute(sql, values)
    first = text(_FIRST_TRIES).bindparams(bindparam("ids", expanding=True))
    connection.execute(first, {"ids": ids})
