"""The progress store on real SQLite files: schema, safety settings, records, failures, crashes."""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timezone
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tutor_app.errors import StoreError
from tutor_app.store.database import migrations_config, open_store, upgrade_schema
from tutor_app.store.failures import explain_database_error
from tutor_app.store.records import AttemptRecord, EvidenceRecord, MasteryRecord, StepRecord
from tutor_app.store.repository import Store
from tutor_app.store.schema import Base, utc_now
from tutor_app.store.search import SEARCH_TABLE

ROOT = Path(__file__).resolve().parents[1]
TABLES = {
    "students",
    "classes",
    "app_settings",
    "tutoring_sessions",
    "messages",
    "attempts",
    "step_checks",
    "mastery",
    "evidence",
    "alembic_version",
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "tutor.sqlite3"


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[Store]:
    """A new progress database in a SQLite file, for the tests that read the file itself."""
    with open_store(db_path) as opened:
        yield opened


def make_attempt(student_id: str, n: int = 0, *, lines: int = 3, **changes: Any) -> AttemptRecord:
    record = AttemptRecord(
        student_id=student_id,
        session_id=None,
        problem=f"Solve 2x + {n} = 10",
        skill="linear-equations",
        final_answer=f"x = {(10 - n) / 2}",
        cas_answer=f"{(10 - n) / 2}",
        status="verified",
        attempts_used=1,
        duration_s=2.5,
        model_name="SmolLM2-135M-Instruct",
        answer_status="equivalent",
        answer_reason="the same number",
        steps=tuple(
            StepRecord(
                position=i,
                text=f"step {i} of problem {n}",
                math=f"2*x = {10 - n - i}",
                status="invalid" if i % 4 == 3 else "valid",
                reason="both sides differ" if i % 4 == 3 else "same solution set",
                counterexample="x = 1" if i % 4 == 3 else None,
            )
            for i in range(lines)
        ),
    )
    return dataclasses.replace(record, **changes)


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in sorted(TABLES - {"alembic_version"})
        }


# --- schema and connection settings ---------------------------------------------------------


def test_migrations_create_exactly_the_model_schema(sqlite_store: Store, db_path: Path) -> None:
    store = sqlite_store
    head = ScriptDirectory.from_config(migrations_config()).get_current_head()
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_heads() == (head,)
        tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        # The full-text index (FTS5 and its shadow tables) is SQL only, not a model.
        names = set(tables.scalars())
        search = {name for name in names if name.startswith(SEARCH_TABLE)}
        assert names - search == TABLES and SEARCH_TABLE in search

        def not_search(name: str | None, *_: object) -> bool:
            return not str(name).startswith(SEARCH_TABLE)

        context = MigrationContext.configure(connection, opts={"include_name": not_search})
        # The hand-written migration and the models describe the same tables, columns, indexes.
        assert compare_metadata(context, Base.metadata) == []
    store.close()
    with open_store(db_path) as again:  # opening an up-to-date database changes nothing
        assert again.integrity_check() == "ok"


def test_a_database_url_works_as_a_location(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'by-url' / 'tutor.sqlite3'}") as store:
        assert store.student("Ann").name == "Ann"
    assert (tmp_path / "by-url" / "tutor.sqlite3").is_file()


def test_every_connection_has_wal_foreign_keys_and_full_sync(
    sqlite_store: Store, db_path: Path
) -> None:
    store = sqlite_store
    with store.engine.connect() as first, store.engine.connect() as second:
        for connection in (first, second):
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
            assert pragma == {
                "journal_mode": "wal",
                "foreign_keys": 1,
                "synchronous": 2,  # FULL
                "busy_timeout": 5000,
            }
    with pytest.raises(IntegrityError):
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO messages (id, session_id, role, content, created_at) "
                    "VALUES ('m', 'no-such-session', 'user', 'hi', '2025-01-01 00:00:00')"
                )
            )
    with sqlite3.connect(db_path) as raw:  # WAL is a property of the file, not just our handles
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_cascade_delete_at_the_sql_level(store: Store) -> None:
    ann = store.student("Ann")
    session_id = store.start_session(ann.id, "Fractions")
    store.add_message(session_id, "user", "What is 1/2 + 1/3?")
    store.add_message(session_id, "assistant", "5/6")
    store.record_attempt(make_attempt(ann.id, session_id=session_id, lines=4))
    store.record_evidence(
        EvidenceRecord(ann.id, "fractions", "practice", "1/2 + 1/3", True, session_id=session_id),
        MasteryRecord(ann.id, "fractions", 0.7, 1, utc_now()),
    )
    assert table_counts(store) == {
        "app_settings": 0,
        "attempts": 1,
        "classes": 0,
        "evidence": 1,
        "mastery": 1,
        "messages": 2,
        "step_checks": 4,
        "students": 1,
        "tutoring_sessions": 1,
    }
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM tutoring_sessions WHERE id = :id"), {"id": session_id})
    # The conversation goes; the progress evidence stays, detached from it.
    assert table_counts(store)["messages"] == 0
    assert [a.session_id for a in store.attempts(ann.id)] == [None]
    assert [e.session_id for e in store.evidence(ann.id)] == [None]
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM students WHERE id = :id"), {"id": ann.id})
    assert set(table_counts(store).values()) == {0}


# --- records ---------------------------------------------------------------------------------


def test_student_get_or_create_and_rename(store: Store) -> None:
    ann = store.student("  Ann Smith \n")
    assert ann.name == "Ann Smith"
    assert ann.created_at.tzinfo == timezone.utc
    assert store.student("Ann Smith").id == ann.id
    for bad in ("", "   ", "x" * 81):
        with pytest.raises(StoreError):
            store.student(bad)
    assert store.student("x" * 80).name == "x" * 80

    bea = store.student("Bea")
    renamed = store.rename_student(ann.id, " Anna ")
    assert (renamed.id, renamed.name) == (ann.id, "Anna")
    assert store.student("Anna").id == ann.id
    with pytest.raises(StoreError, match="already called"):
        store.rename_student(bea.id, "Anna")
    with pytest.raises(StoreError):
        store.rename_student("no-such-student", "Cy")
    assert sorted(s.name for s in store.students()) == ["Anna", "Bea", "x" * 80]


def test_students_most_recently_active_first(store: Store) -> None:
    ann, bea = store.student("Ann"), store.student("Bea")
    store.start_session(ann.id, "Algebra")
    assert [s.name for s in store.students()] == ["Ann", "Bea"]
    store.record_attempt(make_attempt(bea.id))
    assert [s.name for s in store.students()] == ["Bea", "Ann"]


def test_messages_come_back_in_order(store: Store) -> None:
    session_id = store.start_session(store.student("Ann").id, "Derivatives")
    turns = [("system", "You are a tutor."), ("user", "d/dx x^2?"), ("assistant", "2x")] * 5
    for role, content in turns:
        store.add_message(session_id, role, content)
    assert store.messages(session_id) == turns
    with pytest.raises(ValueError):
        store.add_message(session_id, "teacher", "hello")
    with pytest.raises(StoreError):
        store.add_message("no-such-session", "user", "hello")


def test_record_attempt_round_trips_with_steps_in_order(store: Store) -> None:
    ann, bea = store.student("Ann"), store.student("Bea")
    session_id = store.start_session(ann.id, "Linear equations")
    # 12 steps: positions 10 and 11 would sort before 2 if positions were compared as text.
    records = [make_attempt(ann.id, n, lines=12, session_id=session_id) for n in range(3)]
    ids = [store.record_attempt(record) for record in records]
    store.record_attempt(make_attempt(bea.id, 99))

    stored = store.attempts(ann.id)
    assert [a.id for a in stored] == ids[::-1]  # newest first
    assert [a.as_record() for a in stored] == records[::-1]
    assert [s.position for s in stored[0].steps] == list(range(12))
    assert stored[0].steps[3].counterexample == "x = 1"
    assert stored[0].created_at.tzinfo == timezone.utc
    assert stored[0].created_at > stored[1].created_at
    assert [a.id for a in store.attempts(ann.id, limit=2)] == ids[:0:-1]
    with pytest.raises(StoreError):
        store.record_attempt(make_attempt("no-such-student"))


def test_record_attempt_is_one_transaction(store: Store) -> None:
    ann = store.student("Ann")
    record = make_attempt(ann.id, lines=5)
    # Smuggle a status past the record's own validation so the database refuses step 3 of 5.
    object.__setattr__(record.steps[3], "status", "maybe")
    with pytest.raises(StoreError):
        store.record_attempt(record)
    assert store.attempts(ann.id) == []
    assert table_counts(store)["step_checks"] == 0


def test_records_refuse_impossible_values() -> None:
    with pytest.raises(ValueError):
        StepRecord(0, "x", "x", "probably", "")
    with pytest.raises(ValueError):
        make_attempt("s", status="done")
    with pytest.raises(ValueError):
        make_attempt("s", answer_status="close enough")
    with pytest.raises(ValueError):
        make_attempt("s", lines=0, attempts_used=-1)
    step = StepRecord(0, "a", "a", "valid", "")
    with pytest.raises(ValueError):
        make_attempt("s", steps=(step, step))


def test_evidence_is_kept_row_by_row_with_the_mastery_it_gives(store: Store) -> None:
    ann = store.student("Ann")
    for n, right in enumerate((True, False, True)):
        store.record_evidence(
            EvidenceRecord(ann.id, "fractions", "practice", f"problem {n}", right, hint_level=n,
                           seconds=30.0, answer="3/4", mistake="" if right else "arithmetic"),
            MasteryRecord(ann.id, "fractions", 0.2 + 0.1 * n, n + 1, utc_now()),
        )  # fmt: skip
    store.record_evidence(EvidenceRecord(ann.id, "algebra", "hint", "solve", hint_level=2))
    rows = store.evidence(ann.id, "fractions")
    assert [(r.problem, r.correct, r.hint_level, r.mistake) for r in rows] == [
        ("problem 0", True, 0, ""),
        ("problem 1", False, 1, "arithmetic"),
        ("problem 2", True, 2, ""),
    ]
    assert [r.kind for r in store.evidence(ann.id)] == ["practice"] * 3 + ["hint"]
    [fractions] = store.mastery(ann.id)  # the hint carried no mastery of its own
    assert (fractions.skill, fractions.evidence) == ("fractions", 3)
    assert fractions.level == pytest.approx(0.4)
    with pytest.raises(ValueError):
        EvidenceRecord(ann.id, "fractions", "guess", "p")
    with pytest.raises(ValueError):
        MasteryRecord(ann.id, "fractions", 1.5, 1, utc_now())
    with pytest.raises(StoreError):
        store.record_evidence(EvidenceRecord("no-such-student", "fractions", "hint", "p"))


def test_clock_is_strictly_increasing() -> None:
    times = [utc_now() for _ in range(2000)]
    assert all(a < b for a, b in zip(times, times[1:], strict=False))


# --- databases this version must not open ---------------------------------------------------


def test_newer_schema_is_refused_and_file_left_unchanged(
    sqlite_store: Store, db_path: Path
) -> None:
    store = sqlite_store
    store.student("Ann")
    store.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_tutor'")
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(db_path)
    assert db_path.read_bytes() == before
    # The same refusal guards server databases, checked inside the migration transaction.
    engine = create_engine(f"sqlite:///{db_path}")
    with pytest.raises(StoreError, match="newer version"):
        upgrade_schema(engine, "the server database")
    engine.dispose()
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    homework = tmp_path / "homework.txt"
    homework.write_bytes(b"Question 1: solve 2x + 3 = 7.\n" * 200)
    with pytest.raises(StoreError, match="not a tutor database") as raised:
        open_store(homework)
    assert "\n" not in str(raised.value)
    assert homework.read_bytes() == b"Question 1: solve 2x + 3 = 7.\n" * 200
    assert sorted(p.name for p in tmp_path.iterdir()) == ["homework.txt"]


def test_another_programs_database_is_refused_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "gradebook.db"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE grades (pupil TEXT, mark INTEGER)")
    raw.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        open_store(other)
    assert other.read_bytes() == before  # not even switched to WAL


def test_an_unwritable_location_is_refused(tmp_path: Path) -> None:
    # Root may write anywhere, but nobody can create a folder inside a regular file.
    blocker = tmp_path / "usb-stick"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreError, match="Cannot create the folder") as raised:
        open_store(blocker / "tutor-data" / "tutor.sqlite3")
    assert "\n" not in str(raised.value)
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_full_disk_message_from_the_mapping_function() -> None:
    # A genuinely full disk cannot be produced safely in a test, so the mapping is tested alone.
    full = sqlite3.OperationalError("database or disk is full")
    message = explain_database_error(full)
    assert "disk" in message and "full" in message and "Free some space" in message
    wrapped = OperationalError("INSERT INTO attempts ...", {}, full)
    assert explain_database_error(wrapped) == message


def test_a_database_that_cannot_grow_reports_a_full_disk(sqlite_store: Store) -> None:
    store = sqlite_store
    # SQLite's max_page_count raises the same SQLITE_FULL error a full disk does.
    ann = store.student("Ann")
    kept = store.record_attempt(make_attempt(ann.id))

    @event.listens_for(store.engine, "connect")
    def _cap_size(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}").close()

    store.engine.dispose()
    with pytest.raises(StoreError, match="disk holding the progress database is full"):
        for n in range(500):
            store.record_attempt(make_attempt(ann.id, n, lines=20, problem="x" * 4000))
    assert kept in {a.id for a in store.attempts(ann.id, limit=1000)}
    assert store.integrity_check() == "ok"


# --- crash safety ---------------------------------------------------------------------------

WRITER = """
import sys
from tutor_app.store.database import open_store
from tutor_app.store.records import AttemptRecord, StepRecord

store = open_store(sys.argv[1])
student = store.student("Writer")
n = 0
while True:
    steps = tuple(
        StepRecord(i, f"line {i} of {n}", f"x = {i}", "valid", "same value") for i in range(8)
    )
    record = AttemptRecord(
        student.id, None, f"problem {n}", "algebra", str(n), str(n), "verified", 1, 0.1,
        "test-model", steps,
    )
    attempt_id = store.record_attempt(record)
    print(attempt_id, n, flush=True)
    n += 1
"""


def test_a_killed_writer_loses_no_committed_attempt(db_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    watchdog = threading.Timer(120, child.kill)  # a hung child must not hang the test run
    watchdog.start()
    committed: dict[str, int] = {}
    try:
        assert child.stdout is not None
        while len(committed) < 30:
            line = child.stdout.readline()
            if not line:
                break
            attempt_id, number = line.split()
            committed[attempt_id] = int(number)
        child.kill()  # SIGKILL, most likely in the middle of a transaction
        rest, errors = child.communicate(timeout=30)
    finally:
        watchdog.cancel()
    assert len(committed) == 30, errors
    # Lines printed after a commit but before the kill must be kept too (a cut-off last line
    # has no newline and is skipped).
    for line in rest.split("\n")[:-1]:
        attempt_id, number = line.split()
        committed[attempt_id] = int(number)

    with open_store(db_path) as store:
        assert store.integrity_check() == "ok"
        writer = store.student("Writer")
        stored = {a.id: a for a in store.attempts(writer.id, limit=100_000)}
        for attempt_id, n in committed.items():
            attempt = stored[attempt_id]
            assert attempt.problem == f"problem {n}"
            assert [(s.position, s.text) for s in attempt.steps] == [
                (i, f"line {i} of {n}") for i in range(8)
            ]
        assert all(len(a.steps) == 8 for a in stored.values())  # no half-written attempt


def test_record_exchange_stores_session_messages_and_attempt_together(store: Store) -> None:
    student = store.student("Noor")
    record = AttemptRecord(
        student_id=student.id,
        session_id=None,
        problem="Solve x + 1 = 2",
        skill="linear equations",
        final_answer="x = 1",
        cas_answer="x = 1",
        status="verified",
        attempts_used=1,
        duration_s=0.5,
        model_name="test",
        steps=(StepRecord(1, "$x = 1$", "x = 1", "valid", "same solutions"),),
    )
    session_id, attempt_id = store.record_exchange(record, "Solve x + 1 = 2", "$x = 1$")
    assert store.messages(session_id) == [("user", "Solve x + 1 = 2"), ("assistant", "$x = 1$")]
    [stored] = store.attempts(student.id)
    assert (stored.id, stored.session_id) == (attempt_id, session_id)
    assert [s.status for s in stored.steps] == ["valid"]


# --- sessions, search and appending to a session --------------------------------------------


def exchange(store: Store, student_id: str, question: str, reply: str, **changes: Any) -> str:
    record = make_attempt(student_id, problem=question, **changes)
    session_id, _ = store.record_exchange(record, question, reply)
    return session_id


def test_record_exchange_appends_to_a_session_in_one_transaction(store: Store) -> None:
    ann = store.student("Ann")
    session_id = exchange(store, ann.id, "Solve x + 1 = 2", "x = 1")
    record = make_attempt(ann.id, problem="Solve x + 2 = 5", status="contradicted")
    same, attempt_id = store.record_exchange(record, "Solve x + 2 = 5", "x = 4", session_id)
    assert same == session_id
    assert store.messages(session_id) == [
        ("user", "Solve x + 1 = 2"),
        ("assistant", "x = 1"),
        ("user", "Solve x + 2 = 5"),
        ("assistant", "x = 4"),
    ]
    assert [a.session_id for a in store.attempts(ann.id)] == [session_id, session_id]
    assert store.attempts(ann.id)[0].id == attempt_id
    # A step the database refuses undoes the whole exchange: no half-stored messages.
    broken = make_attempt(ann.id, lines=2)
    object.__setattr__(broken.steps[1], "status", "maybe")
    before = table_counts(store)
    with pytest.raises(StoreError):
        store.record_exchange(broken, "Solve x = 3", "x = 3", session_id)
    assert table_counts(store) == before


def test_a_sessions_attempts_come_back_oldest_first_with_their_answer_check(
    store: Store,
) -> None:
    ann = store.student("Ann")
    session_id = exchange(store, ann.id, "Solve x + 1 = 2", "x = 1")
    wrong = make_attempt(ann.id, 3, status="contradicted", answer_status="not_equivalent")
    store.record_exchange(wrong, wrong.problem, "x = 4", session_id)
    exchange(store, ann.id, "Another session", "x = 0")  # not part of the first session

    stored = store.session_attempts(session_id)
    assert [a.problem for a in stored] == ["Solve x + 1 = 2", wrong.problem]
    assert [a.answer_status for a in stored] == ["equivalent", "not_equivalent"]
    assert stored[1].as_record() == dataclasses.replace(wrong, session_id=session_id)
    assert stored[1].steps[0].text == "step 0 of problem 3"
    assert store.session_attempts("no-such-session") == []


def test_record_exchange_refuses_a_missing_or_foreign_session(store: Store) -> None:
    ann, bob = store.student("Ann"), store.student("Bob")
    anns = exchange(store, ann.id, "Solve x + 1 = 2", "x = 1")
    before = table_counts(store)
    with pytest.raises(StoreError, match="another student"):
        store.record_exchange(make_attempt(bob.id), "Solve x = 2", "x = 2", anns)
    with pytest.raises(StoreError, match="no longer"):
        store.record_exchange(make_attempt(bob.id), "Solve x = 2", "x = 2", "no-such-session")
    assert table_counts(store) == before


def test_sessions_newest_first_with_their_newest_status(store: Store) -> None:
    ann, bob = store.student("Ann"), store.student("Bob")
    first = exchange(store, ann.id, "Factorise x^2 - 9", "(x - 3)(x + 3)")
    second = exchange(store, ann.id, "Solve 2x = 4", "x = 3", status="contradicted")
    store.record_exchange(make_attempt(ann.id), "Solve 2x = 6", "x = 3", second)
    exchange(store, bob.id, "Solve x = 1", "x = 1")
    empty = store.start_session(ann.id, "Nothing asked yet")
    summaries = store.sessions(ann.id)
    assert [s.id for s in summaries] == [empty, second, first]
    assert [(s.title, s.status, s.attempts) for s in summaries] == [
        ("Nothing asked yet", "", 0),
        ("Solve 2x = 4", "verified", 2),  # the newest attempt's status
        ("Factorise x^2 - 9", "verified", 1),
    ]
    assert summaries[0].started_at.tzinfo == timezone.utc
    assert store.sessions(ann.id, limit=1)[0].id == empty
    assert store.sessions("no-such-student") == []


def test_search_finds_sessions_by_words_from_any_message(store: Store) -> None:
    ann, bob = store.student("Ann"), store.student("Bob")
    factorise = exchange(store, ann.id, "Factorise x^2 - 9", "It is a difference of squares.")
    simplify = exchange(store, ann.id, "Simplify (x^2 - 1)/(x - 1)", "Cancel the factor: x + 1.")
    store.record_exchange(make_attempt(ann.id), "Now the Résumé problem", "ok", simplify)
    exchange(store, bob.id, "Factorise y^2 - 4", "difference of squares")

    def found(query: str) -> list[str]:
        return [s.id for s in store.search_sessions(ann.id, query)]

    assert found("factorise") == [factorise]  # one student's sessions only
    assert found("FACTOR") == [simplify, factorise]  # prefixes, any case, newest first
    assert found("squares difference") == [factorise]  # every word, in any order
    assert found("simplify resume") == [simplify]  # words from different messages; accents
    assert found("squares simplify") == []
    assert found("") == found("  ") == [simplify, factorise]
    # Search syntax typed by a student is text, never an FTS5 query or a LIKE pattern.
    for odd in ('"', "x AND", "NEAR(x", "*", "x OR squares", "%", "_", "-x", "(x^2"):
        assert set(found(odd)) <= {factorise, simplify}
    assert found("%") == found("_") == []


def test_search_index_follows_deleted_and_edited_messages(store: Store) -> None:
    ann = store.student("Ann")
    kept = exchange(store, ann.id, "Solve 3x = 12", "x = 4")
    gone = exchange(store, ann.id, "Expand (a + b)^2", "a^2 + 2ab + b^2")
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM tutoring_sessions WHERE id = :id"), {"id": gone})
        connection.execute(
            text("UPDATE messages SET content = 'Solve 3y = 12' WHERE content = 'Solve 3x = 12'")
        )
    assert store.search_sessions(ann.id, "expand") == []
    assert [s.id for s in store.search_sessions(ann.id, "3y")] == [kept]
    assert store.search_sessions(ann.id, "3x") == []
    if store.engine.dialect.name == "sqlite":  # the FTS5 table holds only the messages left
        with store.engine.connect() as connection:
            rows = connection.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}")).scalar_one()
        assert rows == 2


OLD_NOW = "2025-01-01 10:00:00.000000"


def old_database(db_path: Path, revision: str, *rows: str) -> None:
    """A database as an older tutor left it: migrated to `revision` only, holding Ann's
    session 't1' ("Solve 5x = 10") and the given INSERT statements."""
    from alembic import command
    from sqlalchemy import pool

    db_path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{db_path}", poolclass=pool.NullPool)
    config = migrations_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.execute(
            text(f"INSERT INTO students VALUES ('s1', 'Ann', '{OLD_NOW}', '{OLD_NOW}')")
        )
        connection.execute(
            text(f"INSERT INTO tutoring_sessions VALUES ('t1', 's1', 'Solve 5x = 10', '{OLD_NOW}')")
        )
        for row in rows:
            connection.execute(text(row))
    engine.dispose()


def test_upgrading_an_old_database_indexes_its_messages(db_path: Path) -> None:
    old_database(
        db_path,
        "0001_initial",
        f"INSERT INTO messages VALUES ('m1', 't1', 'user', 'Solve 5x = 10', '{OLD_NOW}')",
    )
    with open_store(db_path) as upgraded:
        assert [s.id for s in upgraded.search_sessions("s1", "5x")] == ["t1"]


def test_upgrading_keeps_old_attempts_with_an_unknown_answer_check(db_path: Path) -> None:
    old_database(
        db_path,
        "0002_message_search",
        "INSERT INTO attempts VALUES ('a1', 's1', 't1', 'Solve 5x = 10', 'linear',"
        f" 'x = 2', '2', 'verified', 1, 2.0, 'phi-4', '{OLD_NOW}')",
    )
    with open_store(db_path) as upgraded:
        (old,) = upgraded.session_attempts("t1")
        assert (old.problem, old.status, old.answer_status, old.answer_reason) == (
            "Solve 5x = 10",
            "verified",
            "unknown",
            "",
        )


def test_search_falls_back_to_like_without_fts5(sqlite_store: Store, db_path: Path) -> None:
    store = sqlite_store
    ann = store.student("Ann")
    factorise = exchange(store, ann.id, "Factorise x^2 - 9", "A difference of squares")
    store.close()
    with sqlite3.connect(db_path) as raw:  # as the migration leaves a SQLite without FTS5
        for trigger in ("insert", "delete", "update"):
            raw.execute(f"DROP TRIGGER messages_search_{trigger}")
        raw.execute(f"DROP TABLE {SEARCH_TABLE}")
    raw.close()
    with open_store(db_path) as plain:
        simplify = exchange(plain, ann.id, "Simplify 50% of x_1", "x_1 / 2")
        assert [s.id for s in plain.search_sessions(ann.id, "ctorise SQUARES")] == [factorise]
        assert [s.id for s in plain.search_sessions(ann.id, "x_1")] == [simplify]
        assert [s.id for s in plain.search_sessions(ann.id, "50%")] == [simplify]
        assert plain.search_sessions(ann.id, "%") == plain.search_sessions(ann.id, "_") == []
        assert [s.id for s in plain.search_sessions(ann.id, "")] == [simplify, factorise]


TWO_WRITERS = """
import sys
from tutor_app.store.database import open_store
from tutor_app.store.records import EvidenceRecord
store = open_store(sys.argv[1])
student = store.student(sys.argv[2])
for n in range(int(sys.argv[3])):
    # A read and then a write in one transaction: the pattern that fails with a plain BEGIN.
    store.record_evidence(EvidenceRecord(student.id, "fractions", "practice", f"P{n}", True))
print("done", flush=True)
"""


def test_two_programs_writing_at_once_lose_nothing_and_never_see_a_locked_database(
    db_path: Path,
) -> None:
    open_store(db_path).close()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_WRITERS, str(db_path), name, "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        for name in ("Ann", "Ben")
    ]
    outcomes = [writer.communicate(timeout=180) for writer in writers]  # an upper bound for a hang
    for writer, (out, errors) in zip(writers, outcomes):
        assert writer.returncode == 0 and out.strip() == "done", errors[-2000:]
        assert "locked" not in errors
    with open_store(db_path) as store:
        for student in store.students():
            assert len(store.evidence(student.id)) == 150


def test_migrations_create_the_models_check_constraints_and_server_defaults(
    store: Store,
) -> None:
    # Alembic's comparison leaves out CHECK constraints and server defaults; these rules are
    # what keeps a bad level, status or kind out of the database, so they are compared here.
    # (Names are left out: migration 0005 named the evidence checks twice over, harmlessly.)
    from sqlalchemy import inspect
    from sqlalchemy.schema import CheckConstraint

    def text_of(value: Any) -> str:
        # PostgreSQL writes the types in: ''::character varying, level >= 0::double precision.
        plain = re.sub(r"::(character varying|double precision|text|\w+)(\[\])?", "",
                       " ".join(str(value).split()))  # fmt: skip
        plain = re.sub(r"\(?(\w+)\)? = ANY \(\(?ARRAY\[(.*?)\]\)?\)", r"\1 IN (\2)", plain)
        return plain.strip("'")

    found = inspect(store.engine)
    for table in Base.metadata.sorted_tables:
        made = {text_of(c["sqltext"]) for c in found.get_check_constraints(table.name)}
        modelled = {text_of(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)}
        assert made == modelled, table.name
        defaults = {c["name"]: text_of(c["default"]) for c in found.get_columns(table.name)
                    if c["default"] is not None}  # fmt: skip
        wanted = {c.name: text_of(server_default(c, store)) for c in table.columns
                  if c.server_default is not None}  # fmt: skip
        assert defaults == wanted, table.name


def server_default(column: Any, store: Store) -> str:
    """A model column's server default as SQL text (a string, or an expression like false())."""
    arg = column.server_default.arg
    return str(arg if isinstance(arg, str) else arg.compile(store.engine))
