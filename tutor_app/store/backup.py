"""Backups of the whole progress database with SQLite's online backup, and restoring one.

A backup is taken through SQLite's backup API (`sqlite3.Connection.backup`) from a connection of
its own: in WAL mode readers and writers do not block each other, so the window can keep
writing; the copy is one consistent snapshot holding every transaction committed before it
started and nothing of one still open. It is written to a temporary file next to the target,
switched to a single-file journal (no -wal beside it), flushed to disk and then renamed over the
target, so a backup file is either whole or absent.

A restore writes the backup into the live database file through SQLite (the backup API again),
never by copying files, so the database's -wal and -shm files stay consistent with it. Any Store
still open on that file sees the restored content at its next transaction, but what the app
holds in memory (the chosen student, an open session) may no longer exist, and a backup from an
older version of the tutor must be migrated: so after a restore the store is reopened, which
`restore_and_reopen` does (close, restore, open again) and which is what the window and the
command line use.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import uuid
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine

from tutor_app.errors import StoreError
from tutor_app.paths import AppPaths
from tutor_app.store.failures import explain_database_error
from tutor_app.store.repository import Store

log = logging.getLogger(__name__)

AUTOMATIC_PREFIX = "auto-"  # only these are rotated; manual and before-restore copies are kept
BEFORE_RESTORE_PREFIX = "before-restore-"
MANUAL_PREFIX = "tutor-backup-"
SUFFIX = ".sqlite3"
CLASS_EXPORT_KEY = "class_export"  # the app_settings row that marks a class export file
_BUSY_MS = 10_000
_SIDE_FILES = ("-journal", "-wal", "-shm")


def backup_database(source: Store | Engine | str | Path, target: str | Path) -> Path:
    """Copy the database (a Store, its engine or a file path) to `target`, whole or not at all."""
    database = database_file(source)
    if not database.is_file() or database.stat().st_size == 0:
        raise StoreError(f"There is no progress database at {database} to back up yet.")
    target = Path(target).expanduser().absolute()
    if target.resolve() == database.resolve():
        raise StoreError("A backup cannot be written over the database it copies.")
    if target.is_dir():
        raise StoreError(f"{target} is a folder; name the backup file to write.")
    _make_folder(target.parent)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with closing(_connect(database)) as src, closing(_connect(temporary)) as dst:
            src.backup(dst)  # one step: a single consistent snapshot of the source
        # The copy keeps the source's WAL flag; a backup is better as one self-contained file.
        with closing(_connect(temporary)) as dst:
            dst.execute("PRAGMA journal_mode=DELETE").close()
        _flush(temporary)
        os.replace(temporary, target)
        _flush_folder(target.parent)
    except sqlite3.Error as error:
        raise StoreError(f"The backup to {target} failed: {_explain(error)}") from error
    except OSError as error:
        raise StoreError(
            f"The backup could not be written to {target}: {_reason(error)}"
        ) from error
    finally:
        _remove_with_side_files(temporary)
    return target


def database_file(source: Store | Engine | str | Path) -> Path:
    """The SQLite file behind a Store, an engine or a path."""
    if isinstance(source, Store):
        source = source.engine
    if isinstance(source, Engine):
        name = source.url.database
        if source.dialect.name != "sqlite" or not name or name == ":memory:":
            raise StoreError("Only a progress database kept in a SQLite file can be backed up.")
        return Path(name)
    return Path(source).expanduser().absolute()


def validate_backup(path: str | Path) -> list[str]:
    """Check that a file is a whole tutor database this version can open; its schema revisions."""
    from tutor_app.store.database import known_revisions

    path = Path(path).expanduser()
    if not path.is_file() or path.stat().st_size == 0:
        raise StoreError(f"There is no backup file {path}.")
    try:
        with closing(_connect(path)) as db:
            tables = {name for (name,) in db.execute(_TABLES_SQL)}
            if "alembic_version" not in tables or "students" not in tables:
                raise StoreError(f"{path} is not a backup of the tutor's database.")
            revisions = [rev for (rev,) in db.execute("SELECT version_num FROM alembic_version")]
            newer = [rev for rev in revisions if rev not in known_revisions()]
            if newer or not revisions:
                raise StoreError(
                    f"{path} was written by a newer version of the tutor (schema "
                    f"{', '.join(newer) or 'unknown'}); update the tutor to restore it."
                )
            if "app_settings" in tables and db.execute(_EXPORT_SQL, (CLASS_EXPORT_KEY,)).fetchone():
                raise StoreError(
                    f"{path} is one class's export, not a whole backup; merge it instead."
                )
            check = [str(row) for (row,) in db.execute("PRAGMA integrity_check")]
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be restored: {explain_database_error(error)}") from error
    if check != ["ok"]:
        raise StoreError(f"{path} is damaged (SQLite's integrity check failed); not restored.")
    return revisions


def restore_database(
    backup_path: str | Path, database_path: str | Path, keep_dir: str | Path | None = None
) -> Path | None:
    """Validate a backup, keep a copy of the current database, then write the backup into it.

    Returns the copy kept of the database as it was (in `keep_dir`, by default the backups
    folder beside the database), or None when there was no database yet. The store must be
    reopened afterwards: use `restore_and_reopen` from the app.
    """
    backup_path = Path(backup_path).expanduser().absolute()
    database = Path(database_path).expanduser().absolute()
    if backup_path.resolve() == database.resolve():
        raise StoreError("That file is the database itself, not a backup of it.")
    validate_backup(backup_path)
    previous = None
    if database.is_file() and database.stat().st_size > 0:
        folder = Path(keep_dir) if keep_dir is not None else database.parent / "backups"
        previous = backup_database(database, folder / _stamped(BEFORE_RESTORE_PREFIX))
    _write_into(backup_path, database)
    return previous


SERVER_BACKUP_ADVICE = (
    "Back it up with the database's own tools on the server (for PostgreSQL: pg_dump and "
    "pg_restore)."
)


def local_file_only(paths: AppPaths, what: str, advice: str = SERVER_BACKUP_ADVICE) -> None:
    """Refuse what only a SQLite file allows (backup, restore, merge) when the progress is
    kept in a server database, saying what to do instead."""
    if paths.on_server_database:
        raise StoreError(
            f"{what} works on this computer's own database file, but progress here is kept in "
            f"a server database. {advice}"
        )


def restore_and_reopen(
    paths: AppPaths, backup_path: str | Path, store: Store | None = None
) -> tuple[Store, Path | None]:
    """Close the open store, restore the backup into the data folder's database and open it again.

    Returns the reopened store (migrated when the backup came from an older version) and the copy
    kept of the database as it was. If the restored database cannot be opened, that copy is put
    back and the error raised.
    """
    from tutor_app.store.database import open_store

    local_file_only(paths, "Restoring a backup")
    if store is not None:
        store.close()
    previous = restore_database(backup_path, paths.database, paths.backups_dir)
    try:
        return open_store(paths.store_location), previous
    except StoreError as error:
        if previous is None:
            raise
        _write_into(previous, paths.database)
        raise StoreError(f"{error} The database as it was before has been put back.") from error


def automatic_backup(
    paths: AppPaths, keep: int = 5, every: timedelta = timedelta(hours=20)
) -> Path | None:
    """Back up the database into the backups folder at start, keeping the newest `keep`.

    Skipped (None) when there is no database yet, or when the newest automatic backup is
    younger than `every` (a class-year is hundreds of megabytes: not copied at each start). A
    failure (a full disk, a locked file) is logged and returns None: a backup must never stop
    the app.
    """
    try:
        if paths.on_server_database:  # the server's own backups cover it
            return None
        if not paths.database.is_file() or paths.database.stat().st_size == 0:
            return None
        newest = max(paths.backups_dir.glob(f"{AUTOMATIC_PREFIX}*{SUFFIX}"), default=None)
        if newest is not None and time.time() - newest.stat().st_mtime < every.total_seconds():
            return None
        target = backup_database(paths.database, paths.backups_dir / _stamped(AUTOMATIC_PREFIX))
        rotate_backups(paths.backups_dir, keep)
        log.info("automatic backup written to %s", target)
        return target
    except Exception as error:  # never stop the app for a backup
        log.warning("automatic backup of %s failed: %s", paths.database, error)
        return None


def rotate_backups(folder: str | Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups in a folder; the ones deleted."""
    backups = sorted(Path(folder).glob(f"{AUTOMATIC_PREFIX}*{SUFFIX}"), key=lambda p: p.name)
    old = backups[: max(0, len(backups) - max(1, keep))]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def manual_backup_path(paths: AppPaths) -> Path:
    """Where `tutor-app backup` writes when no file is named: the backups folder, stamped."""
    return paths.backups_dir / _stamped(MANUAL_PREFIX)


_TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table'"
_EXPORT_SQL = "SELECT 1 FROM app_settings WHERE key = ?"


def _write_into(backup_path: Path, database: Path) -> None:
    _make_folder(database.parent)
    try:
        with closing(_connect(backup_path)) as src, closing(_connect(database)) as dst:
            # Through SQLite, as one write transaction: other connections stay consistent.
            src.backup(dst)
    except sqlite3.Error as error:
        raise StoreError(f"The restore failed: {_explain(error)}") from error


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=_BUSY_MS / 1000)
    db.execute(f"PRAGMA busy_timeout={_BUSY_MS}").close()
    return db


def _stamped(prefix: str) -> str:
    # UTC with microseconds: names sort in time order and two backups never share one.
    return f"{prefix}{datetime.now(timezone.utc):%Y%m%d-%H%M%S-%f}{SUFFIX}"


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {folder}: {_reason(error)}") from error


def _flush(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _flush_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_with_side_files(path: Path) -> None:
    for name in (path.name, *(path.name + side for side in _SIDE_FILES)):
        try:
            path.with_name(name).unlink(missing_ok=True)
        except OSError:
            pass


def _explain(error: sqlite3.Error) -> str:
    if "full" in str(error).lower():
        return "the disk is full; free some space and try again."
    if "disk i/o" in str(error).lower():
        return "the disk could not be written (is it full?); free some space and try again."
    return explain_database_error(error)


def _reason(error: OSError) -> str:
    import errno

    if error.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full; free some space and try again"
    return error.strerror or str(error)
