"""Alembic environment, run programmatically by tutor_app.store.database (no alembic.ini)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from tutor_app.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs: Any) -> None:
    # Batch mode lets later migrations alter SQLite tables by copying them.
    context.configure(target_metadata=target_metadata, render_as_batch=True, **kwargs)


def run_migrations_offline() -> None:
    """Write the migration SQL for the configured URL instead of running it."""
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the connection that open_store passed in config.attributes."""
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        # open_store owns the transaction; begin_transaction() joins it.
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("pass a connection in config.attributes or set sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as own_connection:
        _configure(connection=own_connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
