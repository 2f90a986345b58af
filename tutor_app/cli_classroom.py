"""The classroom-data sub-commands: `backup`, `restore`, `export-class` and `merge`."""

from __future__ import annotations

import argparse
from typing import Any

from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths


def add_commands(commands: Any) -> None:
    """Add `backup`, `restore`, `export-class` and `merge` to the command-line grammar."""
    backup = commands.add_parser(
        "backup", help="copy the whole database (safe while the app is open)"
    )
    backup.add_argument("-o", "--output", help="the file to write (else the backups folder)")
    restore = commands.add_parser(
        "restore", help="replace the database with a backup (the current one is kept)"
    )
    restore.add_argument("file", help="a backup written by `tutor-app backup` or at start")
    export = commands.add_parser(
        "export-class", help="write one class's students and work to a file for another computer"
    )
    export.add_argument("name", help="the class's name")
    export.add_argument("-o", "--output", required=True, help="the file to write")
    merge = commands.add_parser(
        "merge", help="merge a class exported on another computer into this database"
    )
    merge.add_argument("file", help="a file written by `tutor-app export-class`")


def run_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app backup`: a consistent copy of the database, written whole or not at all."""
    from tutor_app.store.backup import backup_database, local_file_only, manual_backup_path

    local_file_only(paths, "`tutor-app backup`")
    target = backup_database(paths.database, args.output or manual_backup_path(paths))
    print(f"Backed up the progress database to {target}")
    return 0


def run_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app restore`: check the backup, keep the current database, restore, reopen."""
    from tutor_app.store.backup import restore_and_reopen

    store, previous = restore_and_reopen(paths, args.file)
    store.close()
    print(f"Restored the progress database from {args.file}")
    if previous is not None:
        print(f"The database as it was is kept in {previous} (restore it to undo)")
    return 0


def run_export_class(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app export-class`: one class with its students' work, to a file."""
    from tutor_app.store.database import open_store
    from tutor_app.tutor.classroom import export_class

    if not paths.on_server_database and not paths.database.is_file():
        raise TutorError(f"There is no progress database in {paths.data_dir} yet.")
    with open_store(paths.store_location) as store:
        wanted = args.name.strip()
        found = [c for c in store.classes(archived=True) if c.name == wanted]
        if not found:
            raise TutorError(f"There is no class called {wanted!r}.")
        summary = export_class(store, found[0].id, args.output)
    rows = summary.rows
    print(
        f"Exported class {summary.class_name!r} to {summary.path}: {rows['students']} students, "
        f"{rows['tutoring_sessions']} sessions, {rows['attempts']} attempts, "
        f"{rows['evidence']} pieces of evidence"
    )
    return 0


def run_merge(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app merge`: merge a class export, printing what was added and updated."""
    from tutor_app.store.backup import local_file_only
    from tutor_app.store.database import open_store
    from tutor_app.tutor.classroom import merge_class_file

    local_file_only(
        paths, "Merging a class export",
        "Every computer of the class already writes to that one database: there is nothing "
        "to merge.",
    )  # fmt: skip
    paths.ensure()
    with open_store(paths.store_location) as store:
        summary = merge_class_file(store, args.file)
    print("\n".join(summary.lines()))
    return 0


CLASSROOM = {
    "backup": run_backup,
    "restore": run_restore,
    "export-class": run_export_class,
    "merge": run_merge,
}
