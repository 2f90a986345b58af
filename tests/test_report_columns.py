"""The figures kept with each row for reports: written by triggers as work is saved, filled in
when an older database is upgraded, recomputed after rows arrive out of time order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, pool, text

from tutor_app.store.bulk import insert_rows
from tutor_app.store.database import migrations_config, open_store
from tutor_app.store.records import AttemptRecord, EvidenceRecord, StepRecord
from tutor_app.store.report_columns import ACTIVE_GAP_SECONDS
from tutor_app.store.reports import ReportScope, class_figures
from tutor_app.store.repository import Store
from tutor_app.store.schema import new_id
from tutor_app.tutor.progress import ACTIVE_GAP

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(store_location: str | Path) -> Iterator[Store]:
    """A new progress database: each test using it runs on SQLite and on PostgreSQL."""
    with open_store(store_location) as opened:
        yield opened


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def columns(store: Store, table: str, *names: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as db:
        query = f"SELECT {', '.join(names)} FROM {table} ORDER BY created_at"
        return [tuple(row) for row in db.execute(text(query))]


def answer(store: Store, student: str, seconds: float, problem: str, **more: Any) -> None:
    kind = more.pop("kind", "practice")
    store.record_evidence(
        EvidenceRecord(student, "linear_equations", kind, problem, created_at=at(seconds), **more)
    )


def asked(store: Store, student: str, lines: int) -> None:
    steps = tuple(StepRecord(n, "x = 1", "x = 1", "valid", "") for n in range(lines))
    store.record_attempt(
        AttemptRecord(
            student,
            None,
            "Solve x + 1 = 2",
            "linear_equations",
            "x = 1",
            "x = 1",
            "verified",
            1,
            2.0,
            "m",
            steps,
        )  # fmt: skip
    )


def test_the_active_gap_is_the_progress_rule() -> None:
    assert ACTIVE_GAP_SECONDS == ACTIVE_GAP.total_seconds()


def test_work_saved_as_it_happens_keeps_its_gaps_first_tries_and_step_counts(
    store: Store,
) -> None:
    ann, ben = store.student("Ann").id, store.student("Ben").id
    answer(store, ann, 0, "P1", correct=False)
    answer(store, ben, 10, "P1", correct=True)  # another student's work is not Ann's gap
    answer(store, ann, 45, "P1", kind="hint", hint_level=1)
    answer(store, ann, 90, "P1", correct=True)
    answer(store, ann, 400, "P2", correct=True)  # after a pause of 310 s: no gap counted
    answer(store, ann, 400, "P3", kind="own_work", correct=False, mistake="sign_error")
    assert columns(store, "evidence", "round(active_gap)", "first_try") == [
        (0, 1), (0, 1), (45, 0), (45, 0), (0, 1), (0, 1),
    ]  # fmt: skip
    asked(store, ann, 4)  # now, long after: its gap is 0; its lines are counted
    asked(store, ann, 0)
    assert [(steps, round(gap)) for steps, gap in columns(
        store, "attempts", "steps_checked", "active_gap")][0] == (4, 0)  # fmt: skip
    figures = class_figures(store.engine, ReportScope(student_id=ann))
    (line,) = figures.skills
    assert (line.first_tries, line.first_try_right, line.steps_checked) == (3, 1, 4)
    assert line.active_seconds == pytest.approx(90, abs=0.5)  # and the instant between the two


def test_rows_loaded_out_of_time_order_get_their_figures_recomputed(store: Store) -> None:
    ann = store.student("Ann").id
    evidence = [
        dict(id=new_id(), student_id=ann, skill="fractions", kind="practice", problem="F",
             correct=n == 2, created_at=at(60 * n))
        for n in (2, 1, 0)  # newest first
    ]  # fmt: skip
    attempt = dict(id=new_id(), student_id=ann, problem="Q", skill="fractions", status="verified",
                   attempts_used=1, duration_s=1.0, model_name="m", created_at=at(30))  # fmt: skip
    steps = [dict(id=new_id(), attempt_id=attempt["id"], position=n, text="", math="",
                  status="valid", reason="") for n in range(3)]  # fmt: skip
    insert_rows(store.engine, {"evidence": evidence, "attempts": [attempt], "step_checks": steps})
    assert columns(store, "evidence", "round(active_gap)", "first_try") == [
        (0, 1), (30, 0), (60, 0),
    ]  # fmt: skip
    assert columns(store, "attempts", "round(active_gap)", "steps_checked") == [(30, 3)]


def test_an_older_database_is_filled_in_when_upgraded(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}", poolclass=pool.NullPool)
    config = migrations_config()
    stamp = "2026-03-10 09:00:{:02d}.000000"
    with engine.begin() as db:
        config.attributes["connection"] = db
        command.upgrade(config, "0007_report_indexes")
        db.execute(text("INSERT INTO students (id, name, created_at, last_active_at, updated_at)"
                        f" VALUES ('s', 'Ann', '{stamp.format(0)}', '{stamp.format(0)}',"
                        f" '{stamp.format(0)}')"))  # fmt: skip
        for n, second in enumerate((0, 20, 50)):
            db.execute(text(
                "INSERT INTO evidence (id, student_id, skill, kind, correct, problem, created_at)"
                f" VALUES ('e{n}', 's', 'fractions', 'practice', 1, 'F', '{stamp.format(second)}')"
            ))  # fmt: skip
        db.execute(text(
            "INSERT INTO attempts (id, student_id, problem, skill, status, attempts_used,"
            " duration_s, model_name, created_at) VALUES ('a', 's', 'Q', 'fractions', 'verified',"
            f" 1, 1.0, 'm', '{stamp.format(30)}')"
        ))  # fmt: skip
        for n in range(2):
            db.execute(
                text(
                    "INSERT INTO step_checks (id, attempt_id, position, text, math,"
                    f" status, reason) VALUES ('c{n}', 'a', {n}, '', '', 'valid', '')"
                )
            )
    engine.dispose()
    with open_store(path) as upgraded:
        assert columns(upgraded, "evidence", "round(active_gap)", "first_try") == [
            (0, 1), (20, 0), (20, 0),
        ]  # fmt: skip
        assert columns(upgraded, "attempts", "round(active_gap)", "steps_checked") == [(10, 2)]


def test_a_streak_longer_than_the_recent_window_is_read_whole(store: Store) -> None:
    ann = store.student("Ann").id
    last = T0.date() + timedelta(days=59)
    for day in range(60):
        answer(store, ann, day * 86400, f"P{day}", correct=True)
    figures = class_figures(store.engine, ReportScope(student_id=ann), today=last)
    (activity,) = figures.activity
    assert len(activity.days) == 60
