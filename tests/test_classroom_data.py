"""Classroom data: backups while the app writes, restore, one class exported and merged."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tutor_app.cli import main
from tutor_app.errors import StoreError
from tutor_app.paths import AppPaths
from tutor_app.store.backup import (
    automatic_backup,
    backup_database,
    restore_and_reopen,
    restore_database,
)
from tutor_app.store.database import open_store
from tutor_app.store.records import AttemptRecord, EvidenceRecord, StepRecord
from tutor_app.store.repository import Store
from tutor_app.tutor import progress
from tutor_app.tutor.classroom import export_class, merge_class_file
from tutor_app.ui.jobs import open_store_job

ROW_TABLES = (
    "classes", "students", "tutoring_sessions", "messages", "attempts", "step_checks", "evidence",
)  # fmt: skip


@pytest.fixture
def paths(data_home: Path) -> AppPaths:
    return AppPaths(data_home).ensure()


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    with open_store(paths.database) as opened:
        yield opened


def attempt(student_id: str, n: int) -> AttemptRecord:
    steps = tuple(
        StepRecord(i, f"line {i} of {n}", f"x = {i}", "valid", "same value") for i in range(3)
    )
    return AttemptRecord(
        student_id, None, f"Solve x + {n} = 9", "linear_equations", str(9 - n), str(9 - n),
        "verified", 1, 0.5, "test-model", steps,
    )  # fmt: skip


def work(store: Store, student_id: str, word: str, answers: tuple[bool, ...]) -> None:
    """A session with a question and reply, its attempt, and practice answers as evidence."""
    session_id, _ = store.record_exchange(
        attempt(student_id, len(word)), f"Solve {word} x + 2 = 5", "x = 3"
    )
    for n, correct in enumerate(answers):
        progress.record(
            store,
            EvidenceRecord(student_id, "fractions", "practice", f"1/{n + 2} + 1/2",
                           correct=correct, session_id=session_id),
        )  # fmt: skip


def fill(store: Store, class_name: str = "7A", names: tuple[str, ...] = ("Ann", "Ben")) -> str:
    """A class whose students each have a session, an attempt and evidence; its id."""
    school_class = store.add_class(class_name)
    for n, name in enumerate(names):
        student = store.add_student(name, school_class.id, f"N{n}")
        work(store, student.id, f"{name.lower()}word", (True, n % 2 == 0, True))
    return school_class.id


def rows(store: Store, tables: tuple[str, ...] = ROW_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the merged tables, in a stable order."""
    with store.engine.connect() as conn:
        return {
            table: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {table}")))
            for table in tables
        }


def mastery(store: Store) -> dict[tuple[str, str], tuple[float, int]]:
    """(student name, skill) -> (level, evidence count), independent of ids."""
    out = {}
    for student in store.students(archived=True):
        for m in store.mastery(student.id):
            out[(student.name, m.skill)] = (round(m.level, 9), m.evidence)
    return out


def other_machine(tmp_path: Path, name: str = "other") -> Store:
    return open_store(tmp_path / name / "tutor.sqlite3")


def export(store: Store, class_name: str, path: Path) -> Path:
    class_id = next(c.id for c in store.classes(archived=True) if c.name == class_name)
    export_class(store, class_id, path)
    return path


# --- backup ---------------------------------------------------------------------------------


def test_backup_while_another_connection_holds_an_open_write_transaction(
    store: Store, paths: AppPaths, tmp_path: Path
) -> None:
    fill(store)
    committed = rows(store)
    writer = sqlite3.connect(paths.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO classes (id, name, archived, created_at, updated_at) "
        "VALUES ('uncommitted', 'Half', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    try:
        target = backup_database(store, tmp_path / "copy.sqlite3")
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert not Path(f"{target}-wal").exists()  # one self-contained file
    with closing(sqlite3.connect(target)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_store(target) as copy:
        assert rows(copy) == committed  # every committed row, nothing of the open transaction
        assert mastery(copy) == mastery(store)
    assert "Half" in {c.name for c in store.classes()}  # the writer was not blocked


WRITER = """
import sys
from tutor_app.store.database import open_store
from tutor_app.store.records import AttemptRecord, StepRecord

store = open_store(sys.argv[1])
student = store.student("Writer")
n = 0
while True:
    steps = tuple(StepRecord(i, f"line {i}", f"x = {i}", "valid", "same") for i in range(8))
    record = AttemptRecord(
        student.id, None, f"problem {n}", "algebra", "1", "1", "verified", 1, 0.1, "m", steps
    )
    print(store.record_attempt(record), flush=True)
    n += 1
"""


def test_backups_taken_while_a_writer_is_active_are_consistent(
    paths: AppPaths, tmp_path: Path
) -> None:
    open_store(paths.database).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(paths.database)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        for n in range(3):
            done = [writer.stdout.readline().strip() for _ in range(20)]  # committed before
            target = backup_database(paths.database, tmp_path / f"live-{n}.sqlite3")
            with closing(sqlite3.connect(target)) as db:
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                kept = {row[0] for row in db.execute("SELECT id FROM attempts")}
                sizes = db.execute(
                    "SELECT count(*) FROM attempts a LEFT JOIN step_checks s "
                    "ON s.attempt_id = a.id GROUP BY a.id"
                ).fetchall()
            assert set(done) <= kept
            assert {size for (size,) in sizes} == {8}  # no attempt without all its steps
    finally:
        writer.kill()
        writer.wait()


def test_automatic_backups_keep_the_newest_and_skip_a_missing_database(paths: AppPaths) -> None:
    assert automatic_backup(paths) is None  # no database yet: nothing to back up
    assert not paths.backups_dir.exists()
    with open_store(paths.database) as store:
        fill(store)
    paths.backups_dir.mkdir()
    kept_by_hand = paths.backups_dir / "before-restore-20250101-000000-000000.sqlite3"
    kept_by_hand.write_bytes(b"a copy the teacher keeps")
    made = [automatic_backup(paths, keep=3, every=timedelta(0)) for _ in range(5)]
    assert all(path is not None for path in made)
    assert automatic_backup(paths, keep=3) is None  # one a day: the next start copies nothing
    remaining = sorted(p for p in paths.backups_dir.iterdir() if p.name.startswith("auto-"))
    assert remaining == made[-3:]
    assert kept_by_hand.exists()  # only automatic backups are rotated
    with open_store(remaining[-1]) as copy:
        assert [s.name for s in copy.students()] == ["Ben", "Ann"]


def test_a_failing_automatic_backup_is_logged_and_the_app_still_opens(
    paths: AppPaths, caplog: pytest.LogCaptureFixture
) -> None:
    open_store(paths.database).close()
    paths.backups_dir.write_text("a file where the backups folder should be")  # a real OSError
    with caplog.at_level(logging.WARNING):
        opened = open_store_job(paths)  # what the window runs at start, off the GUI thread
    opened.close()
    assert "automatic backup" in caplog.text
    assert paths.backups_dir.is_file()


def test_the_window_backs_up_at_start_once_there_is_a_database(paths: AppPaths) -> None:
    open_store_job(paths).close()  # first start: no database before, so no backup
    assert not paths.backups_dir.exists()
    open_store_job(paths).close()
    assert len(list(paths.backups_dir.glob("auto-*.sqlite3"))) == 1


# --- restore --------------------------------------------------------------------------------


def test_restore_replaces_the_content_and_keeps_the_previous_database(
    store: Store, paths: AppPaths, tmp_path: Path
) -> None:
    fill(store, "7A", ("Ann",))
    backup = backup_database(store, tmp_path / "monday.sqlite3")
    fill(store, "7B", ("Ben",))
    before = rows(store)
    reopened, previous = restore_and_reopen(paths, backup, store)
    with reopened:
        assert [s.name for s in reopened.students()] == ["Ann"]
        assert [c.name for c in reopened.classes()] == ["7A"]
        assert reopened.integrity_check() == "ok"
    assert previous is not None and previous.parent == paths.backups_dir
    restore_database(previous, paths.database)  # undo
    with open_store(paths.database) as undone:
        assert rows(undone) == before


@pytest.mark.parametrize("kind", ["text", "other_program", "newer_schema", "class_export"])
def test_restore_refuses_a_file_that_is_not_a_tutor_backup(
    store: Store, paths: AppPaths, tmp_path: Path, kind: str
) -> None:
    fill(store)
    before = rows(store)
    bad = tmp_path / "bad.sqlite3"
    if kind == "text":
        bad.write_text("name,class\nAnn,7A\n")
    elif kind == "class_export":
        export(store, "7A", bad)
    else:
        with closing(sqlite3.connect(bad)) as db:
            if kind == "newer_schema":
                db.execute("CREATE TABLE alembic_version (version_num TEXT)")
                db.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
                db.execute("CREATE TABLE students (id TEXT)")
            else:
                db.execute("CREATE TABLE recipes (name TEXT)")
            db.commit()
    expected = {
        "text": "not a database|cannot be restored",
        "other_program": "not a backup of the tutor",
        "newer_schema": "newer version of the tutor",
        "class_export": "merge it instead",
    }[kind]
    with pytest.raises(StoreError, match=expected):
        restore_database(bad, paths.database)
    assert rows(store) == before
    assert not paths.backups_dir.exists()  # nothing replaced, so no copy needed


# --- export and merge -----------------------------------------------------------------------


def test_export_and_merge_into_a_fresh_database_gives_the_same_rows(
    store: Store, tmp_path: Path
) -> None:
    fill(store, "7A", ("Ann", "Ben"))
    fill(store, "7B", ("Cid",))  # another class: not in the export
    path = export(store, "7A", tmp_path / "7A.tutor-class")
    assert not list(tmp_path.glob(".*.tmp*"))  # no temporary file left
    with other_machine(tmp_path) as other:
        summary = merge_class_file(other, path)
        ours = rows(store)
        class_7a = next(c.id for c in store.classes() if c.name == "7A")
        in_7a = {s.id for s in store.students(class_id=class_7a)}
        sessions = {r[0] for r in ours["tutoring_sessions"] if r[1] in in_7a}
        attempts = {r[0] for r in ours["attempts"] if r[1] in in_7a}
        expected = {
            "classes": [r for r in ours["classes"] if r[0] == class_7a],
            "students": [r for r in ours["students"] if r[0] in in_7a],
            "tutoring_sessions": [r for r in ours["tutoring_sessions"] if r[0] in sessions],
            "messages": [r for r in ours["messages"] if r[1] in sessions],
            "attempts": [r for r in ours["attempts"] if r[0] in attempts],
            "step_checks": [r for r in ours["step_checks"] if r[1] in attempts],
            "evidence": [r for r in ours["evidence"] if r[1] in in_7a],
        }
        assert rows(other) == expected
        theirs = {k: v for k, v in mastery(store).items() if k[0] != "Cid"}
        assert mastery(other) == theirs and theirs  # replayed from the same evidence
        ann = next(s for s in other.students() if s.name == "Ann")
        assert len(other.search_sessions(ann.id, "annword")) == 1  # the search index has it
        assert summary.students_added == ["Ann", "Ben"] and summary.classes_added == ["7A"]
        assert summary.rows_added == {
            "tutoring_sessions": 2, "messages": 4, "attempts": 2, "step_checks": 6, "evidence": 6,
        }  # fmt: skip
        assert "Students added: Ann, Ben" in summary.lines()


def test_merging_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    fill(store)
    path = export(store, "7A", tmp_path / "7A.tutor-class")
    with other_machine(tmp_path) as other:
        merge_class_file(other, path)
        once = rows(other)
        again = merge_class_file(other, path)
        assert rows(other) == once
        assert not again.changed and not any(again.rows_added.values())
        assert "already been merged" in "\n".join(again.lines())
    back_home = merge_class_file(store, path)  # into the machine it came from
    assert not back_home.changed


def test_a_conflicting_rename_goes_to_the_newest_change_both_ways(
    store: Store, tmp_path: Path
) -> None:
    fill(store, "7A", ("Ann",))
    with other_machine(tmp_path) as other:
        merge_class_file(other, export(store, "7A", tmp_path / "first"))
        old_export = export(store, "7A", tmp_path / "old")
        ann_there = next(s for s in other.students() if s.name == "Ann")
        other.rename_student(ann_there.id, "Anna")  # the newer change, on the other machine
        other.rename_class(ann_there.class_id or "", "7A-blue")
        summary = merge_class_file(store, export(other, "7A-blue", tmp_path / "from-other"))
        assert [s.name for s in store.students()] == ["Anna"]
        assert [c.name for c in store.classes()] == ["7A-blue"]
        assert summary.students_updated == ["Anna"] and summary.classes_updated == ["7A-blue"]
        merge_class_file(other, old_export)  # older than the rename: it loses
        assert [s.name for s in other.students()] == ["Anna"]
        assert [c.name for c in other.classes()] == ["7A-blue"]
        ann_here = store.students()[0]
        store.rename_student(ann_here.id, "Annie")  # now this machine's change is newer
        merge_class_file(other, export(store, "7A-blue", tmp_path / "from-here"))
        assert [s.name for s in other.students()] == ["Annie"]


def test_a_rename_to_a_name_taken_here_keeps_both_students_and_says_so(
    store: Store, tmp_path: Path
) -> None:
    fill(store, "7A", ("Ann",))
    with other_machine(tmp_path) as other:
        merge_class_file(other, export(store, "7A", tmp_path / "first"))
        other.add_student("Anna")  # someone else here is already called Anna
        store.rename_student(store.students()[0].id, "Anna")
        summary = merge_class_file(other, export(store, "7A", tmp_path / "renamed"))
        assert sorted(s.name for s in other.students()) == ["Ann", "Anna"]
        assert len(other.sessions(next(s for s in other.students() if s.name == "Ann").id)) == 1
        assert any("keeps its name here" in note for note in summary.notes)
        assert summary.notes[0] in summary.lines()


def test_the_same_child_made_on_both_machines_is_one_student(store: Store, tmp_path: Path) -> None:
    fill(store, "7A", ("Ann",))
    with other_machine(tmp_path) as other:
        class_there = other.add_class("7A")  # the same class, made again: another id
        ann_there = other.add_student("Ann", class_there.id)
        work(other, ann_there.id, "otherword", (False, False))
        summary = merge_class_file(other, export(store, "7A", tmp_path / "7A"))
        assert [(s.id, s.name) for s in other.students()] == [(ann_there.id, "Ann")]
        assert [c.id for c in other.classes()] == [class_there.id]
        assert summary.students_matched == ["Ann"] and not summary.students_added
        assert len(other.sessions(ann_there.id)) == 2  # hers from both machines
        evidence = other.evidence(ann_there.id)
        assert len(evidence) == 5
        expected = progress.replay(progress.as_evidence(evidence))["fractions"]
        (fractions,) = other.mastery(ann_there.id)
        assert fractions.evidence == 5 == expected.opportunities
        assert fractions.level == pytest.approx(min(1.0, expected.p_known))


def test_a_merge_that_fails_part_way_leaves_the_database_unchanged(
    store: Store, tmp_path: Path
) -> None:
    fill(store, "7A", ("Ann",))
    with other_machine(tmp_path) as other:
        merge_class_file(other, export(store, "7A", tmp_path / "first"))
        store.add_student("Dee", store.classes()[0].id)
        work(store, store.students()[0].id, "deeword", (True,))
        path = export(store, "7A", tmp_path / "second")
        # A file whose rows were edited by another program: one of Ann's step checks under a
        # new id collides with the one already merged, after Dee's rows are already inserted.
        with closing(sqlite3.connect(path)) as db:
            db.execute(
                "UPDATE step_checks SET id = ? WHERE position = 0 AND attempt_id IN (SELECT a.id "
                "FROM attempts a JOIN students s ON s.id = a.student_id WHERE s.name = 'Ann')",
                (str(uuid.uuid4()),),
            )
            db.commit()
        before, before_mastery = rows(other), mastery(other)
        with pytest.raises(StoreError, match="nothing was changed"):
            merge_class_file(other, path)
        assert rows(other) == before and mastery(other) == before_mastery
        assert "Dee" not in {s.name for s in other.students()}


def test_merge_refuses_a_file_that_is_not_a_class_export(store: Store, tmp_path: Path) -> None:
    fill(store)
    before = rows(store)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database at all")
    with pytest.raises(StoreError, match="not a class export of the tutor"):
        merge_class_file(store, notes)
    whole = backup_database(store, tmp_path / "whole.sqlite3")
    with pytest.raises(StoreError, match="restore it instead"):
        merge_class_file(store, whole)
    newer = export(store, "7A", tmp_path / "newer")
    with closing(sqlite3.connect(newer)) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        db.commit()
    with pytest.raises(StoreError, match="newer version of the tutor"):
        merge_class_file(store, newer)
    with pytest.raises(StoreError, match="no class export file"):
        merge_class_file(store, tmp_path / "missing")
    assert rows(store) == before


def test_a_newer_change_time_decides_even_when_the_clock_order_differs(
    store: Store, tmp_path: Path
) -> None:
    fill(store, "7A", ("Ann",))
    path = export(store, "7A", tmp_path / "7A")
    with other_machine(tmp_path) as other:
        merge_class_file(other, path)
        ann = other.students()[0]
        other.move_student(ann.id, None)  # a change made later than the export
        with closing(sqlite3.connect(path)) as db:  # ...but the export says it changed later
            later = datetime.now(timezone.utc) + timedelta(days=1)
            stamp = later.replace(tzinfo=None).isoformat(sep=" ")
            db.execute("UPDATE students SET student_number = 'X9', updated_at = ?", (stamp,))
            db.commit()
        summary = merge_class_file(other, path)
        (ann,) = other.students()
        assert ann.student_number == "X9" and ann.class_name == "7A"
        assert summary.students_updated == ["Ann"]


# --- command line ---------------------------------------------------------------------------


def cli(home: Path, *args: str) -> int:
    return main(["--data-dir", str(home), *args])


def test_command_line_backup_export_merge_and_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school, home = tmp_path / "school", tmp_path / "home"
    with open_store(school / "tutor.sqlite3") as store:
        fill(store)
    assert cli(school, "backup", "-o", str(tmp_path / "b.sqlite3")) == 0
    assert cli(school, "backup") == 0
    assert len(list((school / "backups").glob("tutor-backup-*.sqlite3"))) == 1
    assert cli(school, "export-class", "7A", "-o", str(tmp_path / "7A.class")) == 0
    out = capsys.readouterr().out
    assert "Backed up" in out and "Exported class '7A'" in out and "2 students" in out
    assert cli(home, "merge", str(tmp_path / "7A.class")) == 0
    out = capsys.readouterr().out
    assert "Students added: Ann, Ben" in out and "2 sessions" in out
    assert cli(home, "merge", str(tmp_path / "7A.class")) == 0
    assert "already been merged" in capsys.readouterr().out
    with open_store(school / "tutor.sqlite3") as store:
        store.add_student("Late")
    assert cli(school, "restore", str(tmp_path / "b.sqlite3")) == 0
    assert "kept in" in capsys.readouterr().out
    with open_store(school / "tutor.sqlite3") as store:
        assert sorted(s.name for s in store.students()) == ["Ann", "Ben"]


def test_command_line_errors_are_one_line_with_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = tmp_path / "school"
    assert cli(school, "backup") == 2
    assert "no progress database" in capsys.readouterr().err
    with open_store(school / "tutor.sqlite3") as store:
        fill(store)
    (tmp_path / "bad").write_text("hello")
    for args, message in (
        (("export-class", "9Z", "-o", str(tmp_path / "x")), "There is no class called '9Z'"),
        (("merge", str(tmp_path / "bad")), "not a class export"),
        (("restore", str(tmp_path / "bad")), "cannot be restored"),
    ):
        assert cli(school, *args) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and err.startswith("error: ")
    assert not (tmp_path / "x").exists()


FULL_DISK = """
import resource, signal, sys
from tutor_app.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(["--data-dir", sys.argv[1], "backup", "-o", sys.argv[3]]))
"""


@pytest.mark.skipif(os.name != "posix", reason="file size limits are a POSIX feature")
def test_a_full_disk_during_a_backup_is_one_line_and_leaves_no_file(tmp_path: Path) -> None:
    # A real short write: the process may not write files larger than the database's half.
    school = tmp_path / "school"
    with open_store(school / "tutor.sqlite3") as store:
        store.add_student("Ann")
        for n in range(300):
            store.record_attempt(attempt(store.students()[0].id, n))
    size = (school / "tutor.sqlite3").stat().st_size
    target = tmp_path / "out" / "b.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(school), str(size // 2), str(target)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    # EFBIG reaches SQLite as a write error; a truly full disk (ENOSPC) as "disk is full".
    assert "(is it full?)" in done.stderr and done.stderr.count("\n") == 1
    assert list(target.parent.iterdir()) == []  # no half file, no temporary file
