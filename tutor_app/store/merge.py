"""One class's data exported to a file, and such a file merged into another machine's database.

The export is a SQLite database with the tutor's own schema at this version (made by the same
migrations), holding the class, its students and their sessions, messages, attempts, step checks,
evidence and mastery, marked by an `app_settings` row (`class_export`). SQLite rather than JSON
lines: the columns keep their types and constraints, the file says its schema version
(`alembic_version`), an older export is upgraded by the same migrations, SQLite checks that it
is whole (`integrity_check`), and a year of a class (hundreds of thousands of step checks) is
copied by SQL without being held in memory. It is written to a temporary file and renamed.

A merge, in one transaction (any failure leaves the database as it was):
- classes and students, whose rows change, keep the newest change (`updated_at`; a tie goes to
  the greater id, so two machines merging each other's files agree); the newer side's own
  `updated_at` is kept, so merging the same file again changes nothing;
- a class or student with the same name but another UUID is the same one (the same child given
  a profile on both machines): the incoming rows are attached to the local student or class,
  whose id is kept;
- sessions, messages, attempts, step checks and evidence never change once written, so they are
  added by UUID when missing and never duplicated;
- mastery is not copied: it is replayed from the merged evidence (a student who practised on
  both machines has evidence from both, which neither machine's mastery reflects), by the
  function the caller gives (`tutor.classroom.merge_class_file` gives the tutor's Knowledge
  Tracing), inside the same transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from tutor_app import __version__
from tutor_app.errors import StoreError
from tutor_app.store.backup import CLASS_EXPORT_KEY
from tutor_app.store.failures import explain_database_error
from tutor_app.store.records import MasteryRecord, StoredEvidence
from tutor_app.store.report_columns import refresh_report_columns
from tutor_app.store.repository import WRITE_OPTION, Store
from tutor_app.store.schema import Base, new_id, utc_now

EXPORT_FORMAT = 1  # raised when the meaning of an export changes beyond its schema
# Given a student's id and all their evidence (oldest first), the mastery rows to keep.
MasteryFunction = Callable[[str, list[StoredEvidence]], Iterable[MasteryRecord]]

_BULK_CACHE_KIB = -131072  # 128 MiB of page cache while a class is exported or merged
_IMMUTABLE = ("tutoring_sessions", "messages", "attempts", "step_checks", "evidence")
_LABELS = {
    "tutoring_sessions": "sessions", "messages": "messages", "attempts": "attempts",
    "step_checks": "step checks", "evidence": "evidence",
}  # fmt: skip
_STUDENTS_OF_CLASS = "SELECT id FROM main.students WHERE class_id = :class_id"
_SESSIONS_OF_CLASS = (
    f"SELECT id FROM main.tutoring_sessions WHERE student_id IN ({_STUDENTS_OF_CLASS})"
)
_ATTEMPTS_OF_CLASS = f"SELECT id FROM main.attempts WHERE student_id IN ({_STUDENTS_OF_CLASS})"
_EXPORT_WHERE = {
    "classes": "id = :class_id",
    "students": "class_id = :class_id",
    "tutoring_sessions": f"student_id IN ({_STUDENTS_OF_CLASS})",
    "messages": f"session_id IN ({_SESSIONS_OF_CLASS})",
    "attempts": f"student_id IN ({_STUDENTS_OF_CLASS})",
    "step_checks": f"attempt_id IN ({_ATTEMPTS_OF_CLASS})",
    "evidence": f"student_id IN ({_STUDENTS_OF_CLASS})",
    "mastery": f"student_id IN ({_STUDENTS_OF_CLASS})",
}

# An attempt or evidence may name a session of another student (recorded so): not exported.
_EXPORT_COLUMN = {
    "session_id": f"CASE WHEN session_id IN ({_SESSIONS_OF_CLASS}) THEN session_id END"
}


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: the class's name and the rows of each table."""

    path: Path
    class_name: str
    rows: dict[str, int]


@dataclass
class MergeSummary:
    """What a merge changed: classes and students added or updated, rows added, notes."""

    class_name: str
    classes_added: list[str] = field(default_factory=list)
    classes_updated: list[str] = field(default_factory=list)
    students_added: list[str] = field(default_factory=list)
    students_updated: list[str] = field(default_factory=list)
    students_matched: list[str] = field(default_factory=list)  # same name, another id: attached
    rows_added: dict[str, int] = field(default_factory=dict)
    mastery_recomputed: list[str] = field(default_factory=list)  # the students' local ids
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the merge added or updated anything."""
        return bool(
            self.classes_added or self.classes_updated or self.students_added
            or self.students_updated or any(self.rows_added.values())
        )  # fmt: skip

    def lines(self) -> list[str]:
        """The summary in plain sentences, one per line."""
        out = [f"Merged class {self.class_name!r}."]
        for label, names in (
            ("Classes added", self.classes_added), ("Classes updated", self.classes_updated),
            ("Students added", self.students_added), ("Students updated", self.students_updated),
            ("Students already here under the same name (their work attached to them)",
             self.students_matched),
        ):  # fmt: skip
            if names:
                out.append(f"{label}: {', '.join(names)}")
        added = [f"{n} {_LABELS[t]}" for t, n in self.rows_added.items() if n]
        out.append(f"Added: {', '.join(added)}." if added else "No new work to add.")
        if not self.changed:
            out.append("Nothing was new: this file had already been merged.")
        out.extend(self.notes)
        return out


def export_class(store: Store, class_id: str, path: str | Path) -> ExportSummary:
    """Write one class with all its students' work to a new file (whole, or not at all)."""
    from tutor_app.store.database import open_store

    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise StoreError(f"{target} is a folder; name the file to write.")
    _make_folder(target.parent)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        open_store(temporary).close()  # an empty database of this very schema version
        with _attached(store, temporary, "export") as conn, conn.begin():
            name = conn.exec_driver_sql(
                "SELECT name FROM main.classes WHERE id = ?", (class_id,)
            ).scalar()
            if name is None:
                raise StoreError("That class is not in the progress database.")
            rows = {}
            for table in ("classes", "students", *_IMMUTABLE, "mastery"):
                columns = ", ".join(_columns(table))
                chosen = ", ".join(_EXPORT_COLUMN.get(c, c) for c in _columns(table))
                sql = (
                    f"INSERT INTO export.{table} ({columns}) SELECT {chosen} "
                    f"FROM main.{table} WHERE {_EXPORT_WHERE[table]}"
                )
                rows[table] = conn.exec_driver_sql(sql, {"class_id": class_id}).rowcount
            marker = {
                "format": EXPORT_FORMAT, "class_id": class_id, "class_name": name,
                "exported_at": datetime.now(timezone.utc).isoformat(), "app_version": __version__,
            }  # fmt: skip
            conn.execute(
                insert(_attached_table("app_settings", "export")).values(
                    key=CLASS_EXPORT_KEY, value=json.dumps(marker), updated_at=utc_now()
                )
            )
        with closing(sqlite3.connect(temporary)) as db:
            db.execute("PRAGMA journal_mode=DELETE").close()  # one self-contained file
        with open(temporary, "rb+") as file:
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except SQLAlchemyError as error:
        raise StoreError(f"The class could not be exported: {_explain(error)}") from error
    except sqlite3.Error as error:
        raise StoreError(f"The class could not be exported: {_explain(error)}") from error
    except OSError as error:
        raise StoreError(
            f"The export could not be written to {target}: {_os_reason(error)}"
        ) from error
    finally:
        for side in ("", "-journal", "-wal", "-shm"):
            Path(f"{temporary}{side}").unlink(missing_ok=True)
    return ExportSummary(target, str(name), rows)


def merge_export(
    store: Store, path: str | Path, mastery: MasteryFunction | None = None
) -> MergeSummary:
    """Merge a class export into the database in one transaction; what it changed.

    `mastery` replays a student's evidence into mastery rows; without it mastery is left as it
    was (use `tutor.classroom.merge_class_file`, which gives it).
    """
    source = Path(path).expanduser().absolute()
    with tempfile.TemporaryDirectory(prefix="tutor-merge-") as folder:
        copy = Path(folder) / "incoming.sqlite3"
        marker = _private_copy(source, copy)
        try:
            with _attached(store, copy, "incoming") as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    return _merge(conn, marker, mastery)
        except SQLAlchemyError as error:
            raise StoreError(
                f"{source.name} could not be merged; nothing was changed: {_explain(error)}"
            ) from error


def _private_copy(source: Path, copy: Path) -> dict[str, Any]:
    """Copy the file through SQLite (the user's file is never changed), check it is a class
    export this version can read, and upgrade an older export to this schema."""
    from tutor_app.store.database import known_revisions, migrations_config, open_store

    if not source.is_file() or source.stat().st_size == 0:
        raise StoreError(f"There is no class export file {source}.")
    not_export = f"{source} is not a class export of the tutor."
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(copy)) as dst:
            src.backup(dst)
        with closing(sqlite3.connect(copy)) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "app_settings", "students"} <= tables:
                raise StoreError(not_export)
            revisions = [rev for (rev,) in db.execute("SELECT version_num FROM alembic_version")]
            newer = [rev for rev in revisions if rev not in known_revisions()]
            if newer:
                raise StoreError(
                    f"{source} was exported by a newer version of the tutor (schema "
                    f"{', '.join(newer)}); update the tutor on this computer to merge it."
                )
            found = db.execute(
                "SELECT value FROM app_settings WHERE key = ?", (CLASS_EXPORT_KEY,)
            ).fetchone()
            if found is None:
                raise StoreError(f"{not_export} (It is a whole database: restore it instead.)")
            # quick_check: whole pages and rows; the merge's own constraints check the rest.
            check = [str(row) for (row,) in db.execute("PRAGMA quick_check")]
    except sqlite3.Error as error:
        raise StoreError(f"{not_export} ({_explain(error)})") from error
    if check != ["ok"]:
        raise StoreError(f"{source} is damaged (SQLite's check failed); not merged.")
    try:
        marker = json.loads(found[0])
        assert isinstance(marker, dict) and isinstance(marker.get("format"), int)
    except (ValueError, AssertionError):
        raise StoreError(not_export) from None
    if marker["format"] > EXPORT_FORMAT:
        raise StoreError(f"{source} was exported by a newer version of the tutor; update it.")
    from alembic.script import ScriptDirectory

    if revisions != [ScriptDirectory.from_config(migrations_config()).get_current_head()]:
        open_store(copy).close()  # an older export: upgraded by the same migrations
    return marker


def _merge(
    conn: Connection, marker: Mapping[str, Any], mastery: MasteryFunction | None
) -> MergeSummary:
    summary = MergeSummary(str(marker.get("class_name", "")))
    class_map = _merge_classes(conn, summary)
    student_map = _merge_students(conn, class_map, summary)
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS merge_students "
        "(incoming_id TEXT PRIMARY KEY, local_id TEXT NOT NULL)"
    )
    conn.exec_driver_sql("DELETE FROM temp.merge_students")
    for incoming_id, local_id in student_map.items():
        conn.exec_driver_sql(
            "INSERT INTO temp.merge_students VALUES (?, ?)", (incoming_id, local_id)
        )
    affected = [
        local_id for (local_id,) in conn.exec_driver_sql(
            "SELECT DISTINCT m.local_id FROM incoming.evidence e "
            "JOIN temp.merge_students m ON m.incoming_id = e.student_id "
            "WHERE e.id NOT IN (SELECT id FROM main.evidence)"
        )
    ]  # fmt: skip
    for table in _IMMUTABLE:
        summary.rows_added[table] = conn.exec_driver_sql(_insert_missing(table)).rowcount
    conn.exec_driver_sql("DROP TABLE temp.merge_students")
    if summary.rows_added.get("evidence") or summary.rows_added.get("attempts"):
        refresh_report_columns(conn, set(student_map.values()))  # merged rows: out of order
    if mastery is not None:
        for student_id in sorted(affected):
            _save_mastery(conn, mastery(student_id, _evidence_of(conn, student_id)))
            summary.mastery_recomputed.append(student_id)
    return summary


def _merge_classes(conn: Connection, summary: MergeSummary) -> dict[str, str]:
    classes, incoming = _table("classes"), _incoming("classes")
    mapping: dict[str, str] = {}
    for new in map(dict, conn.execute(select(incoming)).mappings()):
        local = _local_row(conn, classes, new)
        if local is None:
            conn.execute(insert(classes).values(**new))
            summary.classes_added.append(new["name"])
            mapping[new["id"]] = new["id"]
            continue
        mapping[new["id"]] = local["id"]
        if not _newer(new, local):
            continue
        values = {"archived": new["archived"], "updated_at": new["updated_at"]}
        values["name"] = _free_name(conn, classes, new["name"], local, "class", summary)
        if _differs(values, local):
            summary.classes_updated.append(values["name"])
        conn.execute(update(classes).where(classes.c.id == local["id"]).values(**values))
    return mapping


def _merge_students(
    conn: Connection, class_map: dict[str, str], summary: MergeSummary
) -> dict[str, str]:
    students, incoming = _table("students"), _incoming("students")
    mapping: dict[str, str] = {}
    for new in map(dict, conn.execute(select(incoming).order_by(incoming.c.name)).mappings()):
        local = _local_row(conn, students, new)
        class_id = class_map.get(new["class_id"]) if new["class_id"] is not None else None
        if local is None:
            conn.execute(insert(students).values(**{**new, "class_id": class_id}))
            summary.students_added.append(new["name"])
            mapping[new["id"]] = new["id"]
            continue
        mapping[new["id"]] = local["id"]
        if local["id"] != new["id"]:
            summary.students_matched.append(new["name"])
        values: dict[str, Any] = {
            "last_active_at": max(local["last_active_at"], new["last_active_at"])
        }
        if _newer(new, local):
            values.update(
                student_number=new["student_number"], archived=new["archived"],
                updated_at=new["updated_at"],
                class_id=class_id if class_id is not None or new["class_id"] is None
                else local["class_id"],
                name=_free_name(conn, students, new["name"], local, "student", summary),
            )  # fmt: skip
            if _differs({k: v for k, v in values.items() if k != "updated_at"}, local):
                summary.students_updated.append(values["name"])
        conn.execute(update(students).where(students.c.id == local["id"]).values(**values))
    return mapping


def _local_row(conn: Connection, table: Table, new: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The local row that is the incoming one: the same id, else the same name."""
    for column in ("id", "name"):
        found = conn.execute(select(table).where(table.c[column] == new[column])).mappings().first()
        if found is not None:
            return dict(found)
    return None


def _newer(new: Mapping[str, Any], local: Mapping[str, Any]) -> bool:
    """Whether the incoming row is the newer change (a tie goes to the greater id, then name)."""
    return (new["updated_at"], new["id"], new["name"]) > (
        local["updated_at"],
        local["id"],
        local["name"],
    )


def _free_name(
    conn: Connection, table: Table, name: str, local: Mapping[str, Any], what: str,
    summary: MergeSummary,
) -> str:  # fmt: skip
    """The incoming name, unless another local row has it (then the local name is kept)."""
    taken = conn.execute(
        select(table.c.id).where(table.c.name == name, table.c.id != local["id"])
    ).first()
    if taken is None:
        return name
    summary.notes.append(
        f"The {what} {local['name']!r} was renamed {name!r} on the other computer, but another "
        f"{what} here has that name; it keeps its name here."
    )
    return str(local["name"])


def _differs(values: Mapping[str, Any], local: Mapping[str, Any]) -> bool:
    return any(local[key] != value for key, value in values.items() if key != "last_active_at")


def _insert_missing(table: str) -> str:
    """SQL adding the incoming rows of an immutable table whose ids are not here yet."""
    columns = _columns(table)
    chosen = ["m.local_id" if c == "student_id" else f"r.{c}" for c in columns]
    join = (
        " JOIN temp.merge_students m ON m.incoming_id = r.student_id" if "student_id" in columns
        else ""
    )  # fmt: skip
    return (
        f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {', '.join(chosen)} "
        f"FROM incoming.{table} r{join} WHERE r.id NOT IN (SELECT id FROM main.{table}) "
        "ORDER BY r.rowid"
    )


def _evidence_of(conn: Connection, student_id: str) -> list[StoredEvidence]:
    evidence = _table("evidence")
    query = (
        select(evidence)
        .where(evidence.c.student_id == student_id)
        .order_by(evidence.c.created_at, evidence.c.id)
    )
    names = [f.name for f in fields(StoredEvidence)]
    return [StoredEvidence(**{n: row[n] for n in names}) for row in conn.execute(query).mappings()]


def _save_mastery(conn: Connection, records: Iterable[MasteryRecord]) -> None:
    mastery = _table("mastery")
    for record in records:
        values = {
            "level": record.level, "evidence": record.evidence, "updated_at": utc_now(),
            "last_practised": record.last_practised, "mastered_at": record.mastered_at,
            "reviews_passed": record.reviews_passed,
        }  # fmt: skip
        mine = (mastery.c.student_id == record.student_id) & (mastery.c.skill == record.skill)
        if conn.execute(select(mastery.c.id).where(mine)).first() is None:
            conn.execute(
                insert(mastery).values(
                    id=new_id(), student_id=record.student_id, skill=record.skill, **values
                )
            )
        else:
            conn.execute(update(mastery).where(mine).values(**values))


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


_ATTACHED = MetaData()


def _attached_table(name: str, alias: str) -> Table:
    """A table of an attached file, with the same columns and types as this database's."""
    key = f"{alias}.{name}"
    if key not in _ATTACHED.tables:
        _table(name).to_metadata(_ATTACHED, schema=alias)
    return _ATTACHED.tables[key]


def _incoming(name: str) -> Table:
    """A table of the incoming class export."""
    return _attached_table(name, "incoming")


def _columns(table: str) -> list[str]:
    return [column.name for column in _table(table).columns]


@contextmanager
def _attached(store: Store, path: Path, alias: str) -> Iterator[Connection]:
    """A connection of the store with another database file attached under `alias`."""
    if store.engine.dialect.name != "sqlite":
        raise StoreError(
            "Class files are exported and merged between computers that each keep their own "
            "database file; with a server database every computer of the class already writes "
            "to that one database, so there is nothing to export or merge."
        )
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            raw.execute(f"ATTACH DATABASE ? AS {alias}", (str(path),)).close()
        except sqlite3.Error as error:
            raise StoreError(f"{path} cannot be opened: {_explain(error)}") from error
        (cache,) = raw.execute("PRAGMA main.cache_size").fetchone()
        try:
            # A class's year is hundreds of thousands of rows keyed by random UUIDs: with
            # SQLite's small default cache their index pages would be written again and again.
            for schema in ("main", alias):
                raw.execute(f"PRAGMA {schema}.cache_size = {_BULK_CACHE_KIB}").close()
            yield conn
        finally:
            try:
                raw.execute(f"PRAGMA main.cache_size = {int(cache)}").close()
                raw.execute(f"DETACH DATABASE {alias}").close()
            except sqlite3.Error:
                conn.invalidate()  # never hand a connection with the file attached back to the pool


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {folder}: {_os_reason(error)}") from error


def _explain(error: BaseException) -> str:
    if "full" in str(error).lower():
        return "the disk is full; free some space and try again."
    if "disk i/o" in str(error).lower():
        return "the disk could not be written (is it full?); free some space and try again."
    return explain_database_error(error)


def _os_reason(error: OSError) -> str:
    import errno

    if error.errno in (errno.ENOSPC, errno.EFBIG):
        return "the disk is full; free some space and try again"
    return error.strerror or str(error)
