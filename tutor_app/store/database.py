"""Open the progress database: connect, set safety PRAGMAs, migrate it to the newest schema."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from tutor_app.errors import StoreError
from tutor_app.store.failures import explain_database_error
from tutor_app.store.repository import WRITE_OPTION, Store

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
WRITERS_LOCK = 0x7475746F72  # PostgreSQL advisory lock key of the tutor's writers ("tutor")
MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
# busy_timeout first, so that switching to WAL waits for another program's lock.
SQLITE_PRAGMAS = ("busy_timeout=5000", "journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL")
# Read by the "begin" hook: migrations run with foreign keys off, because batch migrations copy
# and drop tables, and dropping a parent table with foreign keys on would cascade-delete children.
_MIGRATING = "tutor_migrating"
_REVISIONS_SQL = "SELECT version_num FROM alembic_version"
_TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def open_store(location: str | Path) -> Store:
    """Open (creating or upgrading if needed) the database at a SQLite path or SQLAlchemy URL."""
    url = database_url(location)
    sqlite = url.get_backend_name() == "sqlite"
    where = _describe(url)
    if sqlite:
        _prepare_sqlite_file(url, where)
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as error:
        raise StoreError(f"Cannot use the database address {where}: {error}") from error
    if sqlite:
        _install_sqlite_hooks(engine)
    elif url.get_backend_name() == "postgresql":
        _install_postgres_hooks(engine)
    try:
        upgrade_schema(engine, where)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(f"{explain_database_error(error)} ({where})") from error
    return Store(engine)


def database_url(location: str | Path) -> URL:
    """The SQLAlchemy URL for a SQLite file path or an explicit database URL; PostgreSQL
    without a named driver goes through pg8000 (pure Python, shipped with the tutor)."""
    if isinstance(location, str) and "://" in location:
        try:
            url = make_url(location)
        except ArgumentError as error:
            raise StoreError(f"Not a database address: {_hidden(location)}") from error
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+pg8000")
        if url.get_backend_name() not in SUPPORTED_BACKENDS:
            raise StoreError(
                f"The tutor keeps progress in SQLite or PostgreSQL, not in "
                f"{url.get_backend_name()} ({_describe(url)})."
            )
        return url
    path = Path(location).expanduser().absolute()
    return URL.create("sqlite+pysqlite", database=str(path))


def _hidden(location: str) -> str:
    """An address as shown to the user: a password in it is replaced by ***."""
    return re.sub(r"(://[^/:@]*:)[^@/]*@", r"\1***@", location)


def migrations_config() -> Config:
    """An Alembic config pointing at the package's migrations, with no alembic.ini."""
    config = Config()
    # Config values go through configparser interpolation, so '%' in a path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def known_revisions() -> set[str]:
    """Every schema revision this version of the tutor knows."""
    scripts = ScriptDirectory.from_config(migrations_config()).walk_revisions()
    return {script.revision for script in scripts}


def upgrade_schema(engine: Engine, where: str) -> None:
    """Run every pending migration in one transaction, refusing a schema newer than this code."""
    config = migrations_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        connection.execution_options(**{_MIGRATING: True})
        with connection.begin():
            current = MigrationContext.configure(connection).get_current_heads()
            _refuse_unknown_revisions(current, where)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise StoreError(f"Upgrading the progress database {where} would break it.")
        if sqlite:
            _set_foreign_keys(connection.connection.driver_connection, on=True)


def _refuse_unknown_revisions(revisions: Sequence[str], where: str) -> None:
    known = known_revisions()
    newer = [revision for revision in revisions if revision not in known]
    if newer:
        raise StoreError(
            f"The progress database {where} was written by a newer version of the tutor or by "
            f"another program (schema {', '.join(newer)}). Update the tutor or choose another "
            "data folder; the database was left unchanged."
        )


def _describe(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _prepare_sqlite_file(url: URL, where: str) -> None:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        return
    path = Path(url.database)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a progress database file.")
    if path.is_file() and path.stat().st_size > 0:
        _refuse_foreign_sqlite(path, where)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise StoreError(
            f"Cannot create the folder {path.parent} for the progress database ({reason})."
        ) from error


def _refuse_foreign_sqlite(path: Path, where: str) -> None:
    # Runs before the engine connects: its PRAGMAs (WAL) would already change a foreign file.
    try:
        with closing(sqlite3.connect(path)) as db:
            tables = [name for (name,) in db.execute(_TABLES_SQL)]
            revisions: list[str] = []
            if "alembic_version" in tables:
                revisions = [rev for (rev,) in db.execute(_REVISIONS_SQL)]
    except sqlite3.Error as error:
        raise StoreError(f"{explain_database_error(error)} ({where})") from error
    _refuse_unknown_revisions(revisions, where)
    if not revisions and tables:
        raise StoreError(
            f"{where} is a database of another program, not the tutor's. "
            "Choose another data folder; the file was left unchanged."
        )


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # sqlite3's own implicit BEGIN skips DDL and SELECT; _on_begin emits BEGIN instead.
        dbapi_connection.isolation_level = None
        for pragma in SQLITE_PRAGMAS:
            dbapi_connection.execute(f"PRAGMA {pragma}").close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get(_MIGRATING):
            # A no-op inside a transaction, so it must come before BEGIN.
            _set_foreign_keys(connection.connection.driver_connection, on=False)
        writing = options.get(WRITE_OPTION) or options.get(_MIGRATING)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _install_postgres_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: a student's mastery is
        # read, updated and written back, and two computers doing that at once must not lose
        # one update. Several tutors starting on a new database migrate it once, in turn.
        options = connection.get_execution_options()
        if options.get(WRITE_OPTION) or options.get(_MIGRATING):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITERS_LOCK})")


def _set_foreign_keys(dbapi_connection: Any, *, on: bool) -> None:
    dbapi_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}").close()
