"""Many rows in one transaction, for generated or imported classes (SQLAlchemy core inserts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from tutor_app.errors import StoreError
from tutor_app.store.failures import explain_database_error
from tutor_app.store.report_columns import refresh_report_columns
from tutor_app.store.repository import WRITE_OPTION
from tutor_app.store.schema import Base

BATCH = 20_000  # rows per executemany call: bounded memory in the driver, few round trips


def insert_rows(engine: Engine, rows: Mapping[str, Sequence[dict[str, Any]]]) -> int:
    """Insert rows into several tables in one transaction, parents first; how many in all.

    `rows` maps a table name to its rows as column dictionaries; nothing is written when any
    row is refused.
    """
    unknown = set(rows) - set(Base.metadata.tables)
    if unknown:
        raise ValueError(f"no such tables: {sorted(unknown)}")
    total = 0
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                for table in Base.metadata.sorted_tables:  # parents before children
                    chosen = rows.get(table.name, ())
                    for start in range(0, len(chosen), BATCH):
                        connection.execute(table.insert(), list(chosen[start : start + BATCH]))
                    total += len(chosen)
                # Rows of two tables came in one table at a time, not in time order.
                workers = {row["student_id"] for table in ("evidence", "attempts")
                           for row in rows.get(table, ())}  # fmt: skip
                refresh_report_columns(connection, workers)
    except SQLAlchemyError as error:
        raise StoreError(explain_database_error(error)) from error
    return total
