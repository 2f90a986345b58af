"""`tutor-app demo-data`: a synthetic class that is the same for a seed and looks like a class."""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import text

from tutor_app.cli import main
from tutor_app.store.database import open_store
from tutor_app.store.reports import ReportScope
from tutor_app.tutor.class_report import build_report
from tutor_app.tutor.demo_data import DemoClass, fill_demo_class
from tutor_app.verify.steps.mistakes import KINDS

TODAY = date(2026, 5, 29)


def make(folder: Path, seed: int = 3) -> tuple[DemoClass, list[tuple[object, ...]]]:
    with open_store(folder / "tutor.sqlite3") as store:
        made = fill_demo_class(store, class_name="7B", students=8, days=40, seed=seed, today=TODAY)
        with store.engine.connect() as db:
            rows = db.execute(text(
                "SELECT s.name, m.skill, m.level, m.evidence FROM mastery m "
                "JOIN students s ON s.id = m.student_id ORDER BY 1, 2")).all()  # fmt: skip
    return made, [tuple(r) for r in rows]


def test_the_same_seed_gives_the_same_class(tmp_path: Path) -> None:
    first, mastery = make(tmp_path / "a")
    again, same = make(tmp_path / "b")
    other, different = make(tmp_path / "c", seed=4)
    assert replace(first, class_id="") == replace(again, class_id="") and mastery == same
    assert mastery != different


def test_a_class_that_looks_like_a_class(store_location: str | Path) -> None:
    with open_store(store_location) as store:
        made = fill_demo_class(store, class_name="7B", students=8, days=40, seed=1, today=TODAY)
        assert 4 <= made.step_checks / made.attempts <= 9
        assert made.messages == 2 * made.attempts
        report = build_report(store, ReportScope(class_id=made.class_id), "7B", today=TODAY)
    assert len(report.students) == 8
    lines = [line for s in report.students for line in s.skills if line.figures.answers]
    # Over the whole map (a skill not reached counts 0): students differ in pace and ability.
    levels = [statistics.mean(x.figures.mastery or 0 for x in s.skills) for s in report.students]
    assert max(levels) - min(levels) > 0.1
    assert len({line.band for line in lines}) >= 3
    assert sum(line.figures.bottom_out_hints for line in lines) > 0
    assert sum(line.figures.hints[0] for line in lines) > 0
    named = {name for line in lines for name, _ in line.figures.mistakes}
    assert named and named <= set(KINDS)
    accuracy = [x.first_try_accuracy for x in lines if x.first_try_accuracy is not None]
    assert 0 <= min(accuracy) < max(accuracy) <= 1
    assert all(s.active_minutes > 0 for s in report.students)
    assert len(report.sessions) == made.sessions
    assert report.students[0].streak_days >= 0


def test_demo_data_command(tmp_path: Path, capsys: object) -> None:
    argv = ["--data-dir", str(tmp_path), "demo-data", "--students", "3", "--days", "10",
            "--class", "Demo 9C"]  # fmt: skip
    assert main(argv) == 0
    with open_store(tmp_path / "tutor.sqlite3") as store:
        (found,) = [c for c in store.classes() if c.name == "Demo 9C"]
        assert found.students == 3
    assert main(argv) == 2  # the class is there already
